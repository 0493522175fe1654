// `modelfunnel report` as a user runs it: the peer-contract CSV, JSON, the
// human tables, the timing line, notes on ignored rows, and usage errors.
#include <algorithm>
#include <iostream>
#include <regex>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

/// A generated canonical data set, made once for all cases.
const std::string& generated() {
  static TempDir dir;
  static const std::string data = [] {
    const std::string d = dir.file("data");
    REQUIRE(run("generate --leads 3000 --seed 5 --out '" + d + "'").code == 0);
    return d;
  }();
  return data;
}

}  // namespace

TEST_CASE("cli report: the peer contract's CSV and timing line", "[cli][report]") {
  Run r = run("report --data '" + generated() +
              "' --by channel --passage observed --format csv --timing");
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() > 8);
  CHECK(rows[0] == std::vector<std::string>{"channel", "stage", "reached", "conv_from_prev",
                                            "median_days_from_lead", "won_revenue"});
  CHECK(rows[1] == std::vector<std::string>{"*", "lead", "3000", "", "0", ""});
  CHECK((rows.size() - 1) % 7 == 0);  // 7 stages per channel group
  CHECK(std::regex_search(r.err, std::regex(R"(load_s=[0-9.]+ compute_s=[0-9.]+ rss_mb=[0-9.]+)")));
}

TEST_CASE("cli report: json, tables and every CSV table", "[cli][report]") {
  Run j = run("report --data '" + generated() + "' --format json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["groups"][0]["total"] == true);
  CHECK(doc["groups"][0]["stages"][0]["reached"] == 3000);
  CHECK(doc["passage"] == "implied");
  CHECK(doc["bottlenecks"].size() == 6);

  Run t = run("report --data '" + generated() + "' --by segment");
  REQUIRE(t.code == 0);
  CHECK(contains(t.out, "Funnel (cohort, implied passage"));
  CHECK(contains(t.out, "Bottlenecks"));
  CHECK(contains(t.out, "field_sales"));

  Run teams = run("report --data '" + generated() + "' --format csv --table teams "
                  "--team-by channel --team-map outbound=bdr --team-default sdr");
  REQUIRE(teams.code == 0);
  CHECK(teams.out.rfind("team,stages,input,output,conversion", 0) == 0);
  CHECK(contains(teams.out, "\nbdr,sql,"));
  CHECK(contains(teams.out, "\nsdr,sql,"));

  Run period = run("report --data '" + generated() +
                   "' --mode period --from 2025-01-01 --to 2025-04-01 --bucket month --format csv");
  REQUIRE(period.code == 0);
  CHECK(period.out.rfind("bucket,stage,reached", 0) == 0);
}

TEST_CASE("cli report: a CSV table computes the durations it shows, --durations overrides",
          "[cli][report]") {
  const std::string data = " --data '" + generated() + "' --format csv";
  // The funnel table needs days from lead only, and is the same either way.
  Run lean = run("report" + data);
  Run full = run("report" + data + " --durations all");
  REQUIRE(lean.code == 0);
  REQUIRE(full.code == 0);
  CHECK(lean.out == full.out);
  // The groups table shows the cycle; its first row's cycle_n is a count.
  const auto groups = csv_rows(run("report" + data + " --table groups").out);
  REQUIRE(groups.size() == 2);
  const auto col = std::find(groups[0].begin(), groups[0].end(), "cycle_n") - groups[0].begin();
  REQUIRE(col < static_cast<long>(groups[0].size()));
  CHECK_FALSE(groups[1][static_cast<std::size_t>(col)].empty());
  // Left out: every field of the figure is empty, its count included.
  const auto bare = csv_rows(run("report" + data + " --table groups --durations none").out);
  REQUIRE(bare.size() == 2);
  for (std::size_t i = 0; i < 4; ++i) CHECK(bare[1][static_cast<std::size_t>(col) + i].empty());
  CHECK(bare[1][1] == groups[1][1]);  // records: counts are unchanged
  // The human tables say which figures were left out.
  Run human = run("report --data '" + generated() + "' --durations from_entry,cycle");
  REQUIRE(human.code == 0);
  CHECK(contains(human.out + human.err,
                 "Duration figures computed: from_entry,cycle (--durations); the columns of the "
                 "others are empty."));
  Run bad = run("report" + data + " --durations speed");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "--durations: unknown figure 'speed'"));
}

TEST_CASE("cli report: events of unknown leads are ignored and counted", "[cli][report]") {
  TempDir dir;
  write_file(dir.path() / "leads.csv",
             "lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,"
             "authority_ok,need_ok,timeline_days,owner_sdr\n"
             "L1,2025-01-01T00:00:00Z,web,C001,smb,software,10,1,0,1,30,SDR01\n");
  write_file(dir.path() / "events.csv",
             "lead_id,stage,ts,amount,reason\n"
             "L1,lead,2025-01-01T00:00:00Z,,\n"
             "L9,lead,2025-01-01T00:00:00Z,,\n");
  Run r = run("report --data '" + dir.path().string() + "' --format csv");
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "lead,1,,0,\n"));
  CHECK(contains(r.err, "1 events name leads that leads.csv does not have; they were ignored."));
}

TEST_CASE("cli report: usage errors exit 2 and name the option", "[cli][report]") {
  const std::string data = " --data '" + generated() + "'";
  Run by = run("report" + data + " --by nope");
  CHECK(by.code == 2);
  CHECK(contains(by.err, "by: no attribute named 'nope'"));
  Run table = run("report" + data + " --table funnel");
  CHECK(table.code == 2);
  CHECK(contains(table.err, "--table needs --format csv"));
  Run date = run("report" + data + " --from yesterday");
  CHECK(date.code == 2);
  CHECK(contains(date.err, "--from"));
  Run window = run("report" + data + " --mode period --window 30");
  CHECK(window.code == 2);
  CHECK(contains(window.err, "window_days"));
  Run target = run("report" + data + " --target sql");
  CHECK(target.code == 2);
  CHECK(contains(target.err, "--target"));
  Run missing = run("report --data /nonexistent/dir");
  CHECK(missing.code == 1);
}

TEST_CASE("cli report: Maven CRM win rates by office through --map", "[cli][report][maven]") {
  const std::string shared = MF_SHARED_DIR;
  if (!fs::exists(fs::path(shared) / "data/maven-crm")) {
    std::cout << "MF_SKIPPED: ../shared not found\n";
    return;
  }
  const std::string maven = shared + "/data/maven-crm/";
  Run r = run("report --map '" + std::string(MF_SOURCE_DIR) + "/examples/maven-crm/mapping.json' "
              "pipeline='" + maven + "sales_pipeline.csv' accounts='" + maven + "accounts.csv' "
              "teams='" + maven + "sales_teams.csv' --by regional_office --cycle-from engaging "
              "--format csv --table groups");
  REQUIRE(r.code == 0);
  // win_rate 1629 / 2604 and median days engage -> close 48 (tests/data/maven_figures.json).
  CHECK(contains(r.out, "\nCentral,3512,1629,975,908,0,0.625576,"));
  CHECK(std::regex_search(r.out, std::regex("\nCentral,[^\n]*,2604,48,104,")));
}

#endif  // MF_CLI_PATH
