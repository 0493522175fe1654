// `modelfunnel tier` as the issue's acceptance example runs it: the Maven
// accounts with examples/tiering/maven_fit.json as CSV (id, score, tier),
// the other formats and tables, pins, last run's tiers, reps, timing, the
// demo's tier summary, and located errors.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string kModel = std::string(MF_SOURCE_DIR) + "/examples/tiering/maven_fit.json";
const std::string kAccounts = std::string(MF_SHARED_DIR) + "/data/maven-crm/accounts.csv";

/// The columns of a CSV with a header, by name (fields without quotes).
std::vector<std::map<std::string, std::string>> records(const std::string& text) {
  std::vector<std::map<std::string, std::string>> out;
  const auto rows = csv_rows(text);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> m;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

TEST_CASE("cli tier: the acceptance example prints id, score and tier - A 13, B 21, C 51", "[cli][tiering]") {
  if (!fs::exists(kAccounts)) {
    std::cout << "MF_SKIPPED: " << kAccounts << " is not here\n";
    return;
  }
  const Run r = run("tier --accounts '" + kAccounts + "' --model '" + kModel + "' --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::map<std::string, int> counts;
  std::map<std::string, std::map<std::string, std::string>> by_id;
  for (const auto& row : records(r.out)) {
    REQUIRE(row.count("id"));
    REQUIRE(row.count("score"));
    ++counts[row.at("tier")];
    by_id[row.at("id")] = row;
  }
  CHECK(counts == std::map<std::string, int>{{"A", 13}, {"B", 21}, {"C", 51}});
  CHECK(by_id["Dontechi"]["score"] == "100");
  CHECK(by_id["Rangreen"]["score"] == "95.0505");
  CHECK(by_id["Mathtouch"]["tier"] == "A");
  CHECK(by_id["Inity"]["tier"] == "B");
  CHECK(by_id["Bubba Gump"]["tier"] == "C");

  const Run tiers = run("tier --accounts '" + kAccounts + "' --model '" + kModel + "' --format csv --table tiers");
  CHECK(contains(tiers.out, "A,0.15,13,13,0,"));
  const Run cut = run("tier --accounts '" + kAccounts + "' --model '" + kModel + "' --format csv --table cutoffs");
  CHECK(contains(cut.out, "A,B,78.0444,75.1556,2.8889\n"));
  const Run json = run("tier --accounts '" + kAccounts + "' --model '" + kModel + "' --format json --timing");
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["tiers"][0]["count"] == 13);
  CHECK(doc["accounts"].size() == 85);
  CHECK(contains(json.err, "load_s="));
  const Run table = run("tier --accounts '" + kAccounts + "' --model '" + kModel + "'");
  CHECK(contains(table.out, "Fit margin at each cut-off"));
  CHECK(contains(table.out, "Showing the first 20 of 85 accounts"));
}

TEST_CASE("cli tier: pins, last run's tiers and reps", "[cli][tiering]") {
  TempDir dir;
  write_file(dir.file("accounts.csv"), "id,value,region\na1,90,east\na2,80,west\nb1,50,north\nc1,10,east\n");
  write_file(dir.file("model.json"),
             R"({"version": 1, "id": "id", "territory": "region",
                 "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}],
                 "tiers": [{"name": "A", "share": 0.5}, {"name": "B", "share": 0.25}, {"name": "C", "share": 0.25}]})");
  write_file(dir.file("pins.csv"), "id,tier,reason\nc1,A,board member\n");
  write_file(dir.file("reps.csv"), "rep_id,territory,max_a,max_total\nR1,*,1,2\nR2,east,1,1\n");
  write_file(dir.file("previous.csv"), "id,tier\nb1,A\n");
  const std::string base = "tier --accounts '" + dir.file("accounts.csv") + "' --model '" +
                           dir.file("model.json") + "'";
  Run r = run(base + " --pins '" + dir.file("pins.csv") + "' --format csv");
  REQUIRE(r.code == 0);
  auto rows = records(r.out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0]["id"] == "a1");
  CHECK(rows[1]["id"] == "c1");
  CHECK(rows[1]["reason"] == "pinned");
  CHECK(rows[1]["pin_reason"] == "board member");
  CHECK(rows[2]["id"] == "a2");
  CHECK(rows[2]["tier"] == "B");
  r = run(base + " --reps '" + dir.file("reps.csv") + "' --format csv");
  REQUIRE(r.code == 0);
  rows = records(r.out);
  CHECK(rows[0]["rep"] == "R2");  // the greedy counter-example: a1 to the east specialist
  CHECK(rows[1]["rep"] == "R1");
  CHECK(rows[2]["rep"] == "R1");
  CHECK(rows[3]["assignment"] == "not_assigned");
  r = run(base + " --reps '" + dir.file("reps.csv") + "' --format csv --table reps");
  CHECK(contains(r.out, "R1,*,1,2,1,2,130\n"));
  r = run(base + " --previous '" + dir.file("previous.csv") + "' --margin 35 --format csv");
  rows = records(r.out);
  CHECK(rows[1]["id"] == "b1");
  CHECK(rows[1]["tier"] == "A");
  CHECK(rows[1]["reason"] == "kept");
  CHECK(rows[1]["previous_tier"] == "A");
}

TEST_CASE("cli tier: errors name the file, line and column", "[cli][tiering]") {
  TempDir dir;
  write_file(dir.file("accounts.csv"), "id,value\na,1\nb,many\n");
  write_file(dir.file("model.json"),
             R"({"version": 1, "id": "id", "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}]})");
  write_file(dir.file("bad.json"), R"({"version": 1, "id": "id", "attributes": [{"name": "value"}]})");
  const std::string accounts = dir.file("accounts.csv");
  Run r = run("tier --accounts '" + accounts + "' --model '" + dir.file("model.json") + "' --format csv");
  CHECK(r.code == 1);
  CHECK(contains(r.err, accounts + ":3:2: field 'value': tier.number: \"many\" is not a number"));
  CHECK(r.out.empty());
  r = run("tier --accounts '" + accounts + "' --model '" + dir.file("bad.json") + "'");
  CHECK(r.code == 1);
  CHECK(contains(r.err, "$.attributes[0]: fit.kind: give exactly one of categorical, buckets, linear, boolean"));
  r = run("tier --model x.json");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--accounts FILE is required"));
  r = run("tier --accounts a.csv --model m.json --table reps --format csv");
  CHECK(r.code == 2);
  r = run("tier --accounts '" + dir.file("nowhere.csv") + "' --model m.json");
  CHECK(r.code == 1);
}

TEST_CASE("cli tier: the demo shows a tier summary", "[cli][tiering]") {
  const Run demo = run("demo --leads 2000 --seed 3 --format json");
  REQUIRE(demo.code == 0);
  const auto tiers = nlohmann::json::parse(demo.out)["tiers"];
  REQUIRE(tiers.size() == 3);
  CHECK(tiers[0]["tier"] == "A");
  CHECK(tiers[0]["accounts"] == 300);
  CHECK(tiers[1]["accounts"] == 500);
  CHECK(tiers[2]["accounts"] == 1200);
  // The play coverage of the same tiers, from the leads' touches.
  const auto coverage = nlohmann::json::parse(demo.out)["coverage"];
  REQUIRE(coverage.size() == 3);
  CHECK(coverage[0]["tier"] == "A");
  CHECK(coverage[0]["accounts"] == 300);
  CHECK(coverage[2]["accounts"] == 1200);
  for (const auto& row : coverage) {
    CHECK(row["with_gaps"].get<int>() <= row["accounts"].get<int>());
    CHECK(row["gap_contacts"] == 0);  // every lead has a touch (its own campaign) and A asks for one contact
  }
}

TEST_CASE("cli tier: the demo's dashboard has the tier split and its coverage gaps", "[cli][tiering]") {
  TempDir dir;
  const std::string page = (dir.path() / "demo.html").string();
  const Run demo = run("demo --leads 2000 --seed 3 --format json --dashboard '" + page + "'");
  REQUIRE(demo.code == 0);
  std::uint64_t with_gaps = 0;
  const nlohmann::json out = nlohmann::json::parse(demo.out);
  for (const auto& row : out["coverage"]) with_gaps += row["with_gaps"].get<std::uint64_t>();
  CHECK(with_gaps > 0);
  const std::string html = read_text(page);
  CHECK(contains(html, "<section id=\"tiering\""));
  // The same accounts with gaps as the demo's coverage table.
  CHECK(contains(html, "data-accounts=\"2000\" data-with-gaps=\"" + std::to_string(with_gaps) + "\""));
}

#endif  // MF_CLI_PATH
