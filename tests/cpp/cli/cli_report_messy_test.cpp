// `modelfunnel report` on messy histories, run exactly as issue 11 ran it:
// a lead event logged 60 days after its mql once aborted the process.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const char* kLeadsHeader =
    "lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,authority_ok,"
    "need_ok,timeline_days,owner_sdr\n";

/// A canonical data directory with lead X and @p events (rows after the header).
std::string data_dir(TempDir& dir, const std::string& events) {
  write_file(dir.path() / "leads.csv",
             std::string(kLeadsHeader) + "X,2024-01-01T00:00:00Z,paid_search,C1,smb,retail,24,1,1,1,30,SDR1\n");
  write_file(dir.path() / "events.csv", "lead_id,stage,ts,amount,reason\n" + events);
  return dir.path().string();
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("cli report: a lead event logged after the window (issue 11)", "[cli][report][messy]") {
  TempDir dir;
  const std::string d = data_dir(dir, "X,mql,2024-01-01T00:00:00Z,,\nX,lead,2024-03-01T00:00:00Z,,\n");
  const Rows expected = {{"stage", "reached", "advanced", "lost", "nurture", "open", "expired"},
                         {"lead", "1", "1", "0", "0", "0", "0"},
                         {"mql", "1", "0", "0", "0", "0", "1"},
                         {"sql", "0", "0", "0", "0", "0", "0"},
                         {"opportunity", "0", "0", "0", "0", "0", "0"},
                         {"proposal", "0", "0", "0", "0", "0", "0"},
                         {"negotiation", "0", "0", "0", "0", "0", "0"},
                         {"closed_won", "0", "0", "0", "0", "0", "0"}};
  for (const char* per_step : {"", " --window-per-step"}) {
    INFO("options: --window 30" << per_step);
    Run r = run("report --data '" + d + "' --window 30" + per_step + " --format csv --table dropoff");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(csv_rows(r.out) == expected);
    Run j = run("report --data '" + d + "' --window 30" + per_step + " --format json");
    REQUIRE(j.code == 0);
    CHECK(nlohmann::json::parse(j.out)["groups"][0]["records"] == 1);
  }
  // Observed passage keeps the record (its mql is inside the window).
  Run o = run("report --data '" + d + "' --window 30 --window-per-step --passage observed --format json");
  REQUIRE(o.code == 0);
  const auto doc = nlohmann::json::parse(o.out);
  CHECK(doc["groups"][0]["records"] == 1);
  CHECK(doc["groups"][0]["stages"][0]["reached"] == 0);
  CHECK(doc["groups"][0]["stages"][1]["reached"] == 1);
  CHECK(doc["groups"][0]["stages"][1]["expired"] == 1);
}

TEST_CASE("cli report: a stage logged after a later one (issue 11)", "[cli][report][messy]") {
  TempDir dir;
  const std::string d = data_dir(
      dir, "X,lead,2024-01-01T00:00:00Z,,\nX,sql,2024-01-02T00:00:00Z,,\nX,mql,2024-03-01T00:00:00Z,,\n");
  Rows first;
  for (const char* per_step : {"", " --window-per-step"}) {
    INFO("options: --window 30" << per_step);
    Run r = run("report --data '" + d + "' --window 30" + per_step + " --format csv --table dropoff");
    REQUIRE(r.code == 0);
    const Rows rows = csv_rows(r.out);
    REQUIRE(rows.size() == 8);
    CHECK(rows[1] == std::vector<std::string>{"lead", "1", "1", "0", "0", "0", "0"});
    CHECK(rows[2] == std::vector<std::string>{"mql", "1", "1", "0", "0", "0", "0"});
    CHECK(rows[3] == std::vector<std::string>{"sql", "1", "0", "0", "0", "0", "1"});
    if (first.empty()) first = rows;
    CHECK(rows == first);  // the two windows agree
  }
}

#endif  // MF_CLI_PATH
