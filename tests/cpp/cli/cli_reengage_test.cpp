// `modelfunnel reengage` as the issue's acceptance example runs it:
// generated data, examples/reengage/policy.json, --as-of, --format csv with
// one row per record due; the other formats and tables, --timing, threads,
// the demo's section, the Maven export (no loss reasons: all unmapped), and
// located errors.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string kPolicy = std::string(MF_SOURCE_DIR) + "/examples/reengage/policy.json";

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

/// Generated data shared by the tests of this file.
const std::string& data_dir() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.file("data");
    REQUIRE(run("generate --leads 4000 --seed 11 --out '" + p + "'").code == 0);
    return p;
  }();
  return path;
}

std::string reengage(const std::string& extra) {
  return "reengage --data '" + data_dir() + "' --policy '" + kPolicy + "' --as-of 2024-06-30 " + extra;
}

}  // namespace

TEST_CASE("cli reengage: the acceptance example prints one row per record due", "[cli][reengage]") {
  const Run r = run(reengage("--format csv"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = records(r.out);
  REQUIRE(rows.size() > 10);
  const std::set<std::string> reasons = {"budget", "timing", "competitor", "no_decision", "fit"};
  std::set<std::string> ids;
  double last_value = 1e300;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    for (const char* c : {"record_id", "reason", "lost_at", "due_at", "expected_value", "who", "channel", "track",
                          "attempts"})
      REQUIRE(row.count(c));
    CHECK(row.at("rank") == std::to_string(i + 1));
    CHECK(reasons.count(row.at("reason")));
    CHECK(row.at("due_at") <= "2024-06-30");
    CHECK(row.at("lost_at") <= row.at("due_at"));
    CHECK((row.at("who") == "inside_sales" || row.at("who") == "marketing_nurture"));
    const double v = std::stod(row.at("expected_value"));
    CHECK(v <= last_value);
    last_value = v;
    CHECK(ids.insert(row.at("record_id")).second);  // one row per record
  }
  CHECK(contains(r.err, "median won amount"));  // generated lost deals carry no amount
  CHECK(contains(r.err, "No cost data"));
}

TEST_CASE("cli reengage: tables, JSON, table format, --report, --timing and threads", "[cli][reengage]") {
  const Run windows = run(reengage("--format csv --table windows"));
  REQUIRE(windows.code == 0);
  CHECK(windows.out.rfind("reason,segment,lost,reopened,reopen_rate,", 0) == 0);
  CHECK(run(reengage("--format csv --report windows")).out == windows.out);
  const Run reasons = run(reengage("--format csv --table reasons"));
  REQUIRE(reasons.code == 0);
  CHECK(reasons.out.rfind("reason,has_policy,lost_records,due,", 0) == 0);
  const Run funnel = run(reengage("--format csv --table funnel"));
  REQUIRE(funnel.code == 0);
  CHECK(funnel.out.rfind("stage,records,conversion,low,high\nrecycled,", 0) == 0);
  const Run json = run(reengage("--format json"));
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["queue"].size() + 1 == line_count(run(reengage("--format csv")).out));
  std::uint64_t lost = 0;
  for (const auto& c : doc["reasons"]) lost += c["lost_records"].get<std::uint64_t>();
  CHECK(lost == doc["lost_records"].get<std::uint64_t>());
  CHECK(doc["costs"]["known"] == false);
  const Run table = run(reengage(""));
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Due for re-engagement"));
  CHECK(contains(table.out, "Lost records by reason"));
  const Run timing = run(reengage("--format csv --timing --threads 1"));
  REQUIRE(timing.code == 0);
  CHECK(contains(timing.err, "load_s="));
  CHECK(contains(timing.err, "compute_s="));
  CHECK(contains(timing.err, "rss_mb="));
  CHECK(timing.out == run(reengage("--format csv --threads 2")).out);
}

TEST_CASE("cli reengage: errors name the flag, the file and the JSON path", "[cli][reengage]") {
  CHECK(run("reengage --data '" + data_dir() + "' --as-of 2024-06-30").code == 2);
  CHECK(run("reengage --data '" + data_dir() + "' --policy '" + kPolicy + "'").code == 2);
  const Run bad_date = run(reengage("--as-of yesterday"));
  CHECK(bad_date.code == 2);
  CHECK(run(reengage("--table windows")).code == 2);  // needs --format csv
  CHECK(run(reengage("--format csv --table nope")).code == 2);
  TempDir dir;
  write_file(dir.path() / "p.json", R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"days": "x"}}})");
  const Run bad = run("reengage --data '" + data_dir() + "' --policy '" + (dir.path() / "p.json").string() +
                      "' --as-of 2024-06-30");
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "p.json: $.reasons.a.days: reengage.type: expected a whole number of days"));
  write_file(dir.path() / "c.json", R"({"version": 1, "taxonomy": {"a": []}, "columns": {"tier": "tier"}})");
  const Run column = run("reengage --data '" + data_dir() + "' --policy '" + (dir.path() / "c.json").string() +
                         "' --as-of 2024-06-30");
  CHECK(column.code == 1);
  CHECK(contains(column.err, "$.columns.tier: reengage.column: the data has no column 'tier'"));
}

TEST_CASE("cli reengage: the demo shows re-engagement by reason", "[cli][reengage]") {
  const Run r = run("demo --leads 3000 --format json");
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc.contains("reengage"));
  CHECK(doc["reengage"].size() >= 5);
}

TEST_CASE("cli reengage: the Maven export records no loss reason - every loss is listed as (blank)",
          "[cli][reengage][maven]") {
  const std::string mapping = std::string(MF_SOURCE_DIR) + "/examples/maven-crm/mapping.json";
  if (!fs::exists(std::string(MF_SHARED_DIR) + "/data/maven-crm/sales_pipeline.csv")) {
    std::cout << "MF_SKIPPED: ../shared/data/maven-crm is not here\n";
    return;
  }
  // The example policy without its columns (Maven has no timeline or segment).
  TempDir dir;
  write_file(dir.path() / "maven.json", R"({"version": 1,
    "taxonomy": {"budget": ["Price"], "timing": [], "competitor": [], "no_decision": [], "fit": []},
    "reasons": {"budget": {"when": "fiscal_year"}, "timing": {"days": 90}, "competitor": {"days": 300},
                "no_decision": {"days": 120}, "fit": {"when": "never"}}})");
  const Run r = run("reengage --map '" + mapping + "' --policy '" + (dir.path() / "maven.json").string() +
                    "' --as-of 2017-12-31 --format json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["lost_records"] == 2473);
  REQUIRE(doc["unmapped"].size() == 1);
  CHECK(doc["unmapped"][0]["text"] == "(blank)");
  CHECK(doc["unmapped"][0]["count"] == 2473);
  CHECK(doc["queue"].empty());  // no reason, no policy: counted, not queued
}

#endif  // MF_CLI_PATH
