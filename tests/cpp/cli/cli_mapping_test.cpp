// `modelfunnel mapping draft`: the acceptance shape (generate, draft, load
// the draft as-is), --out and its folder, the guesses as CSV / JSON,
// --timing, and the errors.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

TEST_CASE("cli mapping draft: generate, draft, load the draft as-is", "[cli][draft]") {
  TempDir dir;
  const std::string d = dir.path().string();
  REQUIRE(run("generate --out '" + d + "' --leads 1500").code == 0);
  const Run draft = run("mapping draft '" + d + "/leads.csv' '" + d + "/events.csv' --out '" + d +
                        "/mapping.json' --timing");
  INFO(draft.err);
  REQUIRE(draft.code == 0);
  CHECK(draft.out.empty());
  CHECK(contains(draft.err, "wrote " + d + "/mapping.json"));
  CHECK(contains(draft.err, "load_s="));
  const std::string text = read_text(dir.path() / "mapping.json");
  CHECK(contains(text, "\"file\": \"leads.csv\""));  // relative to the mapping's folder
  const Run load = run("load --map '" + d + "/mapping.json' --format json");
  INFO(load.err);
  REQUIRE(load.code == 0);
  const auto j = nlohmann::json::parse(load.out);
  CHECK(j["data"]["records"] == 1500);
  CHECK(j["data"]["rejected_rows"] == 0);

  // An existing file is kept unless --force.
  const Run again = run("mapping draft '" + d + "/leads.csv' --out '" + d + "/mapping.json'");
  CHECK(again.code == 1);
  CHECK(contains(again.err, "exists"));
  CHECK(read_text(dir.path() / "mapping.json") == text);
  CHECK(run("mapping draft '" + d + "/leads.csv' --out '" + d + "/mapping.json' --force").code == 0);
}

TEST_CASE("cli mapping draft: the guesses as CSV and JSON", "[cli][draft]") {
  TempDir dir;
  write_file(dir.file("history.csv"), "deal_id,stage,changed\nD1,lead,03/04/2024 10:00\nD1,mql,05/06/2024 11:30\n");
  const std::string file = "'" + dir.file("history.csv") + "'";
  const Run json = run("mapping draft " + file + " --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["files"][0]["kind"] == "events");
  CHECK(j["columns"][2]["column"] == "changed");
  CHECK(j["columns"][2]["role"] == "time");
  CHECK(j["columns"][2]["format"] == "%m/%d/%Y %H:%M");
  CHECK(j["columns"][2]["also_reads"] == nlohmann::json::array({"%d/%m/%Y %H:%M"}));
  const Run csv = run("mapping draft " + file + " --format csv --rows 1");
  REQUIRE(csv.code == 0);
  CHECK(contains(csv.out, "columns,history,deal_id,record,"));
  const Run mapping = run("mapping draft " + file);
  REQUIRE(mapping.code == 0);
  CHECK(contains(mapping.out, "AMBIGUOUS"));
  CHECK(mapping.out.starts_with("// A mapping drafted"));
}

TEST_CASE("cli mapping draft: errors", "[cli][draft]") {
  TempDir dir;
  CHECK(run("mapping").code == 2);
  CHECK(run("mapping undo x.csv").code == 2);
  CHECK(run("mapping draft").code == 2);
  CHECK(run("mapping draft x.csv --format xml").code == 2);
  CHECK(run("mapping draft x.csv --rows 0").code == 2);
  const Run missing = run("mapping draft '" + dir.file("missing.csv") + "'");
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "missing.csv"));
  write_file(dir.file("empty.csv"), "");
  const Run empty = run("mapping draft '" + dir.file("empty.csv") + "'");
  CHECK(empty.code == 1);
  CHECK(contains(empty.err, "empty file"));
  CHECK(run("mapping --help").code == 0);
  CHECK(contains(run("help mapping").out, "mapping draft FILE"));
}

#endif
