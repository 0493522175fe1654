// `modelfunnel plan` and `forecast` as the issue's acceptance example runs
// them: the CSV of examples/revenue/scenario.json exactly, the other
// formats, --data with from_pipeline and new_needed, --timing, the forecast
// and its backtest, and the errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string kScenario = std::string(MF_SOURCE_DIR) + "/examples/revenue/scenario.json";

const std::string& generated() {
  static TempDir dir;
  static const std::string path = [] {
    const Run r = run("generate --leads 3000 --out '" + dir.path().string() + "'");
    REQUIRE(r.code == 0);
    return dir.path().string();
  }();
  return path;
}

}  // namespace

TEST_CASE("cli plan: the acceptance example's CSV", "[cli][revenue]") {
  const Run r = run("plan --scenario '" + kScenario + "' --target 1000000 --period 2027-Q1 --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() == 8);
  const std::vector<std::string> header = rows[0];
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    FAIL("no column " << name);
    return std::size_t{0};
  };
  const std::vector<std::pair<std::string, std::string>> want = {
      {"lead", "1701"}, {"mql", "681"}, {"sql", "341"}, {"opportunity", "205"},
      {"proposal", "143"}, {"negotiation", "100"}, {"closed_won", "50"}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& row = rows[i + 1];
    CHECK(row[col("stage")] == want[i].first);
    CHECK(row[col("required_p10")] == want[i].second);
    CHECK(row[col("required_p50")] == want[i].second);
    CHECK(row[col("required_p90")] == want[i].second);
    CHECK(row[col("enter_from")] == "2027-01-01");
    CHECK(row[col("enter_by")] == "2027-03-31");
  }
}

TEST_CASE("cli plan: with data, every format, timing", "[cli][revenue]") {
  const Run csv = run("plan --data '" + generated() + "' --target 500000 --period 2028-Q1 --samples 200 --format csv --timing");
  INFO(csv.err);
  REQUIRE(csv.code == 0);
  CHECK(contains(csv.out.substr(0, csv.out.find('\n')), "from_pipeline"));
  CHECK(contains(csv.out.substr(0, csv.out.find('\n')), "new_needed"));
  CHECK(contains(csv.err, "load_s="));
  CHECK(contains(csv.err, "compute_s="));
  const Run json = run("plan --data '" + generated() + "' --target 500000 --period 2028-Q1 --samples 200 --format json");
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["stages"].size() == 7);
  CHECK(doc["leverage"].size() == 6);
  const Run table = run("plan --scenario '" + kScenario + "' --target 1000000 --period 2027-Q1 --threads 1");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "1,000,000"));
  CHECK(contains(table.out, "Team targets"));
}

TEST_CASE("cli plan --by: segments, the combined rows, a mix", "[cli][revenue][segments]") {
  const Run csv = run("plan --data '" + generated() + "' --by channel --target 500000 --period 2028-Q1 --samples 200 --format csv --timing");
  INFO(csv.err);
  REQUIRE(csv.code == 0);
  const auto rows = csv_rows(csv.out);
  REQUIRE(rows.size() > 8);
  CHECK(rows[0][0] == "segment");
  CHECK(rows[0][1] == "stage");
  std::size_t combined = 0;
  for (const auto& row : rows)
    if (row[0] == "*") ++combined;
  CHECK(combined == 7);
  CHECK(contains(csv.err, "share of the revenue won"));
  CHECK(contains(csv.err, "compute_s="));
  const Run segs = run("plan --data '" + generated() + "' --by channel --target 500000 --period 2028-Q1 --samples 0 --format csv --table segments");
  REQUIRE(segs.code == 0);
  CHECK(segs.out.rfind("segment,share,target,won_deals,won_revenue,status,", 0) == 0);
  const Run json = run("plan --data '" + generated() + "' --by channel --target 500000 --period 2028-Q1 --samples 0 --format json");
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["combined"].size() == 7);
  CHECK(doc["plans"].size() >= 2);
  const Run table = run("plan --data '" + generated() + "' --by channel --target 500000 --period 2028-Q1 --samples 0");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Segments: share of the target"));

  TempDir dir;
  const std::string web = (dir.path() / "web.json").string();
  write_file(web, R"({"web": 1})");
  const Run mixed = run("plan --data '" + generated() + "' --by channel --mix '" + web + "' --target 500000 --period 2028-Q1 --samples 0 --format csv --table segments");
  INFO(mixed.err);
  REQUIRE(mixed.code == 0);
  CHECK(contains(mixed.out, "\nweb,1,500000,"));
  CHECK(contains(mixed.out, ",no_share,"));
  const std::string bad = (dir.path() / "bad.json").string();
  write_file(bad, R"({"web": 0.5, "referral": 0.4})");
  const Run sum = run("plan --data '" + generated() + "' --by channel --mix '" + bad + "' --target 500000 --period 2028-Q1");
  CHECK(sum.code == 2);
  CHECK(contains(sum.err, "$: the shares sum to 0.9"));
  const std::string unknown = (dir.path() / "unknown.json").string();
  write_file(unknown, R"({"web": 0.5, "telepathy": 0.5})");
  const Run nope = run("plan --data '" + generated() + "' --by channel --mix '" + unknown + "' --target 500000 --period 2028-Q1");
  CHECK(nope.code == 1);
  CHECK(contains(nope.err, "'telepathy', which the data does not have"));
  const std::string scenario = (dir.path() / "mix_scenario.json").string();
  write_file(scenario, R"({"version": 1, "mix": {"web": 0.6, "referral": 0.5}})");
  const Run sc = run("plan --data '" + generated() + "' --by channel --scenario '" + scenario + "' --target 500000 --period 2028-Q1");
  CHECK(sc.code == 1);
  CHECK(contains(sc.err, "$.mix: the shares sum to 1.1"));
  const Run number = run("plan --data '" + generated() + "' --by employees --target 500000 --period 2028-Q1");
  CHECK(number.code == 2);
  CHECK(contains(number.err, "not a string attribute"));
  const Run no_data = run("plan --scenario '" + kScenario + "' --by channel --target 500000 --period 2028-Q1");
  CHECK(no_data.code == 2);
}

TEST_CASE("cli forecast: tables and the backtest", "[cli][revenue]") {
  const Run f = run("forecast --data '" + generated() + "' --as-of 2025-07-01 --period 2025-Q3 --owner owner_sdr --format csv --table rollups");
  INFO(f.err);
  REQUIRE(f.code == 0);
  const auto rows = csv_rows(f.out);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1][0] == "closed");
  CHECK(rows[4][0] == "pipeline");
  const Run b = run("forecast --data '" + generated() + "' --backtest --every quarter --format json");
  INFO(b.err);
  REQUIRE(b.code == 0);
  CHECK(contains(b.out, "coverage_p10_p90"));
  const Run p = run("forecast --data '" + generated() + "' --backtest --every quarter --plan --format csv --table plan_backtest");
  INFO(p.err);
  REQUIRE(p.code == 0);
  const auto plan_rows = csv_rows(p.out);
  REQUIRE(plan_rows.size() == 8);
  CHECK(plan_rows[0] == std::vector<std::string>{"section", "stage", "periods", "coverage_p10_p90", "bias", "mape"});
  CHECK(plan_rows[7][1] == "closed_won");
  const Run stray = run("forecast --data '" + generated() + "' --period 2025-Q3 --plan");
  CHECK(stray.code == 2);
}

const std::string& salesforce() {
  static TempDir dir;
  static const std::string path = [] {
    const Run r = run("generate --leads 8000 --seed 7 --layout salesforce --out '" + dir.path().string() + "'");
    REQUIRE(r.code == 0);
    return (dir.path() / "mapping.json").string();
  }();
  return path;
}

TEST_CASE("cli forecast --movement: buckets reconcile in every format", "[cli][revenue][movement]") {
  const std::string base = "forecast --map '" + salesforce() + "' --movement --from 2025-04-01 --to 2025-05-15 --period 2025-Q2";
  const Run c = run(base + " --format csv --threads 2 --timing");
  INFO(c.err);
  REQUIRE(c.code == 0);
  CHECK(contains(c.err, "compute_s="));
  const auto rows = csv_rows(c.out);
  REQUIRE(rows.size() == 11);  // header, opening, 8 buckets, closing
  CHECK(rows[0] == std::vector<std::string>{"bucket", "deals", "count_change", "amount_from", "amount_to",
                                            "amount_change"});
  CHECK(rows[1][0] == "opening");
  CHECK(rows[10][0] == "closing");
  long long deals = std::stoll(rows[1][1]);
  for (int i = 2; i < 10; ++i) deals += std::stoll(rows[i][2]);
  CHECK(deals == std::stoll(rows[10][1]));
  const Run j = run(base + " --format json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["buckets"].size() == 8);
  CHECK(doc["period"] == "2025-Q2");
  const Run t = run(base);
  REQUIRE(t.code == 0);
  CHECK(contains(t.out, "slip_rate"));
  CHECK(contains(t.out, "pushed_out"));
  const Run d = run(base + " --format csv --table deals");
  REQUIRE(d.code == 0);
  CHECK(csv_rows(d.out)[0][1] == "bucket");
  const Run no_to = run("forecast --map '" + salesforce() + "' --movement --from 2025-04-01");
  CHECK(no_to.code == 2);
  CHECK(contains(no_to.err, "--to"));
  const Run stray = run("forecast --map '" + salesforce() + "' --from 2025-04-01 --period 2025-Q2");
  CHECK(stray.code == 2);
  CHECK(contains(stray.err, "need --movement"));
  const Run both = run(base + " --backtest");
  CHECK(both.code == 2);
}

TEST_CASE("cli plan and forecast: errors exit 2 or 1 with the reason", "[cli][revenue][errors]") {
  const Run period = run("plan --scenario '" + kScenario + "' --target 1 --period 2027-Q9");
  CHECK(period.code == 2);
  CHECK(contains(period.err, "expected YYYY-Qn"));
  const Run target = run("plan --scenario '" + kScenario + "' --target -4 --period 2027-Q1");
  CHECK(target.code == 2);
  const Run nothing = run("plan --target 1 --period 2027-Q1");
  CHECK(nothing.code == 2);
  const Run missing = run("plan --scenario /nonexistent.json --target 1 --period 2027-Q1");
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "no such file"));
  const Run early = run("forecast --data '" + generated() + "' --as-of 2025-07-01 --period 2025-Q1");
  CHECK(early.code == 2);
  CHECK(contains(early.err, "ends before as_of"));
}

#endif  // MF_CLI_PATH
