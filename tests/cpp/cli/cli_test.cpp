// The `modelfunnel` command-line tool, run as a separate process: exit
// codes, what goes to stdout and stderr, and the machine formats.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/version.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

TEST_CASE("cli: --version, help and --help", "[cli]") {
  Run v = run("--version");
  CHECK(v.code == 0);
  CHECK(v.out == std::string("modelfunnel ") + MODELFUNNEL_VERSION_STRING + "\n");

  Run h = run("help");
  CHECK(h.code == 0);
  for (const char* c : {"demo", "generate", "load", "graph"}) CHECK(contains(h.out, c));

  for (const char* c : {"demo", "generate", "load", "graph"}) {
    Run a = run(std::string("help ") + c);
    Run b = run(std::string(c) + " --help");
    CHECK(a.code == 0);
    CHECK(b.code == 0);
    CHECK(a.out == b.out);
    CHECK(contains(a.out, std::string("usage: modelfunnel ") + c));
  }
  Run none = run("");
  CHECK(none.code == 2);
  CHECK(contains(none.err, "usage:"));
}

TEST_CASE("cli: usage errors exit 2 and name the flag", "[cli]") {
  Run unknown = run("demo --bogus");
  CHECK(unknown.code == 2);
  CHECK(contains(unknown.err, "modelfunnel: error: "));
  CHECK(contains(unknown.err, "--bogus"));
  CHECK(unknown.out.empty());

  Run bad_number = run("demo --leads 12x");
  CHECK(bad_number.code == 2);
  CHECK(contains(bad_number.err, "--leads"));
  CHECK(contains(bad_number.err, "12x"));

  Run missing = run("generate --out");
  CHECK(missing.code == 2);
  CHECK(contains(missing.err, "--out needs a value"));

  CHECK(run("frobnicate").code == 2);
  CHECK(run("demo --format xml").code == 2);
  CHECK(run("load --data a --map b").code == 2);
  CHECK(run("load --data a --rejects r.csv").code == 2);
  CHECK(run("generate --leads 10").code == 2);  // --out is required
}

TEST_CASE("cli: demo prints every main-path stage", "[cli]") {
  Run r = run("demo --leads 2000");
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  for (std::string_view stage : modelfunnel::StageGraph::the_model().main_path()) {
    CHECK(contains(r.out, std::string(stage)));
  }
  CHECK(contains(r.out, "Main path"));
  CHECK(contains(r.out, "Hand-offs"));
}

TEST_CASE("cli: demo --format json and csv", "[cli]") {
  Run j = run("demo --leads 2000 --seed 3 --format json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["data"]["leads"] == 2000);
  CHECK(doc["data"]["records"] == 2000);
  const auto path = modelfunnel::StageGraph::the_model().main_path();
  REQUIRE(doc["stages"].size() >= path.size());
  for (std::size_t i = 0; i < path.size(); ++i) CHECK(doc["stages"][i]["stage"] == path[i]);
  CHECK(doc["stages"][0]["reached"] == 2000);
  CHECK(doc["main_path"].size() == path.size());
  // Both team tables: the summary's reach and the funnel report's KPIs.
  REQUIRE(doc["teams"].is_array());
  CHECK(doc["teams"][0]["team"] == "marketing");
  REQUIRE(doc["team_kpis"].is_array());
  CHECK(doc["team_kpis"][0]["input"] == 2000);

  Run c = run("demo --leads 2000 --seed 3 --format csv");
  REQUIRE(c.code == 0);
  const auto rows = csv_rows(c.out);
  bool header = false;
  bool lead_row = false;
  std::vector<std::string> summary_teams;  // the counts' team rows: section, team, reached
  for (const auto& row : rows) {
    if (row == std::vector<std::string>{"section", "stage", "teams", "reached", "current", "events"}) {
      header = true;
    }
    if (row.size() == 6 && row[0] == "stages" && row[1] == "lead") {
      lead_row = true;
      CHECK(row[3] == "2000");
      CHECK(row[4] == std::to_string(doc["stages"][0]["current"].get<std::uint64_t>()));
    }
    if (row.size() == 3 && row[0] == "teams") summary_teams.push_back(row[1]);
  }
  CHECK(header);
  CHECK(lead_row);
  // sql counts once, for SDR and BDR jointly, not in full for each.
  CHECK(summary_teams == std::vector<std::string>{"marketing", "sdr|bdr", "field_sales"});
}

TEST_CASE("cli: generate then load --data round trip", "[cli]") {
  TempDir dir;
  const std::string data = dir.file("data");
  Run g = run("generate --leads 3000 --seed 9 --out '" + data + "'");
  REQUIRE(g.code == 0);
  CHECK(contains(g.out, "leads.csv"));
  const std::size_t events = line_count(read_text(dir.path() / "data" / "events.csv")) - 1;
  CHECK(contains(g.out, "wrote " + std::to_string(events) + " events"));

  Run l = run("load --data '" + data + "' --format json");
  REQUIRE(l.code == 0);
  const auto doc = nlohmann::json::parse(l.out);
  CHECK(doc["data"]["records"] == 3000);
  CHECK(doc["data"]["events"] == events);
  CHECK(doc["data"]["rejected_rows"] == 0);
  CHECK(doc["data"]["graph"] == "the_model");
  CHECK(doc["stages"][0]["stage"] == "lead");
  CHECK(doc["stages"][0]["reached"] == 3000);
  REQUIRE(doc["files"].size() == 2);
  CHECK(doc["files"][0]["rows"] == 3000);
  CHECK(doc["files"][1]["rows"] == events);

  Run t = run("load --data '" + data + "'");
  CHECK(t.code == 0);
  CHECK(contains(t.out, "Rejected rows"));
}

TEST_CASE("cli: load --policy skip lists rejected rows", "[cli]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(run("generate --leads 50 --out '" + data + "'").code == 0);
  // 25 events with a bad time: 20 are shown, the rest counted.
  std::string extra;
  for (int i = 0; i < 25; ++i) extra += "L0000001,mql,not-a-time,,\n";
  std::ofstream(dir.path() / "data" / "events.csv", std::ios::app) << extra;

  Run strict = run("load --data '" + data + "'");
  CHECK(strict.code == 1);
  CHECK(contains(strict.err, "events.csv"));

  Run skip = run("load --data '" + data + "' --policy skip");
  REQUIRE(skip.code == 0);
  CHECK(contains(skip.out, "5 more rejected rows not shown; --rejects PATH writes them all"));

  const std::string rejects = dir.file("rejects.csv");
  Run all = run("load --data '" + data + "' --policy skip --rejects '" + rejects +
                "' --format json");
  REQUIRE(all.code == 0);
  const auto doc = nlohmann::json::parse(all.out);
  CHECK(doc["data"]["rejected_rows"] == 25);
  CHECK(doc["rejected"].size() == 20);
  CHECK(line_count(read_text(rejects)) >= 25);
  CHECK(contains(all.err, rejects));
}

TEST_CASE("cli: load --map binds FILE arguments to tables", "[cli]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(run("generate --leads 200 --seed 4 --out '" + data + "'").code == 0);
  // A mapping for the canonical layout, pointing at files that do not exist.
  const fs::path map = dir.path() / "map.json";
  write_file(map, modelfunnel::Mapping::canonical(dir.path() / "elsewhere").to_json());
  const auto tables = modelfunnel::Mapping::canonical(dir.path()).table_names();
  REQUIRE(tables.size() == 2);

  Run missing = run("load --map '" + map.string() + "'");
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "elsewhere"));

  // Plain paths go to the tables in order; TABLE=PATH names one.
  Run plain = run("load --map '" + map.string() + "' '" + data + "/leads.csv' '" + data +
                  "/events.csv' --format json");
  REQUIRE(plain.code == 0);
  CHECK(nlohmann::json::parse(plain.out)["data"]["records"] == 200);
  Run named = run("load --map '" + map.string() + "' '" + tables[1] + "=" + data +
                  "/events.csv' '" + data + "/leads.csv' --format json");
  REQUIRE(named.code == 0);
  CHECK(nlohmann::json::parse(named.out)["data"]["records"] == 200);

  CHECK(run("load --map '" + map.string() + "' a.csv b.csv c.csv").code == 2);
}

TEST_CASE("cli: load with a bad mapping path exits 1 naming it", "[cli]") {
  TempDir dir;
  const std::string path = dir.file("no-such-mapping.json");
  Run r = run("load --map '" + path + "'");
  CHECK(r.code == 1);
  CHECK(contains(r.err, "modelfunnel: error: "));
  CHECK(contains(r.err, path));
  CHECK(r.out.empty());
}

TEST_CASE("cli: graph as text, json and dot", "[cli]") {
  Run text = run("graph");
  REQUIRE(text.code == 0);
  CHECK(contains(text.out, "closed_lost"));
  Run json = run("graph --format json");
  REQUIRE(json.code == 0);
  auto parsed = modelfunnel::StageGraph::from_json(json.out);
  REQUIRE(parsed.ok());
  CHECK(*parsed == modelfunnel::StageGraph::the_model());
  Run dot = run("graph --format dot");
  REQUIRE(dot.code == 0);
  CHECK(contains(dot.out, "digraph"));

  TempDir dir;
  write_file(dir.path() / "bad.json", "{ not json");
  Run bad = run("graph --graph '" + dir.file("bad.json") + "'");
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "bad.json"));
}

#endif  // MF_CLI_PATH
