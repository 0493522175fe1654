// `modelfunnel attribution` as the acceptance example runs it:
// --paths / --data / --map with --model all --format csv (columns model,
// channel, conversions, value and more, nine model names), one model, --by
// campaign and the costs table, JSON and table formats, --timing, and
// located errors with their exit codes.
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

std::vector<std::map<std::string, std::string>> records(const std::string& text) {
  std::vector<std::map<std::string, std::string>> out;
  const auto rows = csv_rows(text);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> m;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
    out.push_back(m);
  }
  return out;
}

const std::set<std::string> kModels = {"first_touch", "last_touch", "linear",     "u_shaped", "w_shaped",
                                       "full_path",   "time_decay", "markov",     "shapley"};

// The canonical layout with touches: L1 converts after email, search and
// webinar; L2 is touched and does not convert; L3 wins with no touch.
void write_canonical(const TempDir& dir) {
  write_file(dir.path() / "leads.csv",
             "lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,authority_ok,need_ok,"
             "timeline_days,owner_sdr\n"
             "L1,2024-01-01T00:00:00Z,web,C001,smb,software,10,true,true,true,30,SDR01\n"
             "L2,2024-01-01T00:00:00Z,web,C002,smb,software,10,true,true,true,30,SDR01\n"
             "L3,2024-01-01T00:00:00Z,web,C002,smb,software,10,true,true,true,30,SDR01\n");
  write_file(dir.path() / "events.csv",
             "lead_id,stage,ts,amount,reason\n"
             "L1,lead,2024-01-01T00:00:00Z,,\n"
             "L1,closed_won,2024-02-01T00:00:00Z,9000,\n"
             "L2,lead,2024-01-01T00:00:00Z,,\n"
             "L3,closed_won,2024-02-01T00:00:00Z,100,\n");
  write_file(dir.path() / "touches.csv",
             "lead_id,ts,campaign,channel,interaction,cost\n"
             "L1,2024-01-02T00:00:00Z,C001,email,clicked,\n"
             "L1,2024-01-10T00:00:00Z,C002,search,clicked,2.5\n"
             "L1,2024-01-20T00:00:00Z,C003,webinar,attended,\n"
             "L1,2024-03-01T00:00:00Z,C003,webinar,attended,\n"
             "L2,2024-01-05T00:00:00Z,C002,search,clicked,1.5\n");
  write_file(dir.path() / "campaigns.csv",
             "campaign,name,type,cost,start\n"
             "C001,Newsletter,email,300,2024-01-01T00:00:00Z\n"
             "C002,Search ads,paid_search,900,2024-01-01T00:00:00Z\n"
             "C003,Webinar,webinar,1200,2024-01-01T00:00:00Z\n");
}

}  // namespace

TEST_CASE("cli attribution: --paths --model all --format csv", "[cli][attribution]") {
  TempDir dir;
  write_file(dir.path() / "paths.csv",
             "path,total_conversions,total_conversion_value,total_null\n"
             "C1 > C2 > C3,1,100,0\nC1,0,0,1\nC2 > C3,0,0,1\n");
  const Run r = run("attribution --paths '" + (dir.path() / "paths.csv").string() + "' --model all --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = records(r.out);
  REQUIRE(rows.size() == 27);  // 9 models x 3 channels
  std::set<std::string> models;
  std::map<std::string, double> sums;
  for (const auto& row : rows) {
    for (const char* c : {"model", "channel", "conversions", "value", "share", "ci_low", "ci_high"})
      REQUIRE(row.count(c));
    models.insert(row.at("model"));
    sums[row.at("model")] += std::stod(row.at("value"));
  }
  CHECK(models == kModels);
  for (const auto& [m, v] : sums) CHECK(v == Approx(100));
  for (const auto& row : rows)
    if (row.at("model") == "markov" && row.at("channel") == "C1") {
      CHECK(row.at("conversions") == "0.2");
      CHECK(row.at("value") == "20");
      CHECK(row.at("removal_effect") == "0.5");
    }

  const Run one = run("attribution --paths '" + (dir.path() / "paths.csv").string() +
                      "' --model shapley --format json --bootstrap 0");
  REQUIRE(one.code == 0);
  const auto j = nlohmann::json::parse(one.out);
  CHECK(j["credits"].size() == 3);
  CHECK(j["shapley"]["method"] == "exact");
  CHECK(j["totals"]["conversions"] == 1.0);

  const Run table = run("attribution --paths '" + (dir.path() / "paths.csv").string() + "' --timing --threads 1");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Credits by model and channel"));
  CHECK(contains(table.err, "load_s="));
  CHECK(contains(table.err, "rss_mb="));
}

TEST_CASE("cli attribution: --data with touches, by campaign, costs", "[cli][attribution]") {
  TempDir dir;
  write_canonical(dir);
  const Run r = run("attribution --data '" + dir.path().string() + "' --model all --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = records(r.out);
  std::set<std::string> models;
  for (const auto& row : rows) models.insert(row.at("model"));
  CHECK(models == kModels);
  for (const auto& row : rows)
    if (row.at("model") == "last_touch" && row.at("channel") == "webinar") CHECK(row.at("conversions") == "1");
  CHECK(contains(r.err, "1 touches came after their record's conversion"));
  CHECK(contains(r.err, "1 conversions had no touch before them"));

  const Run costs = run("attribution --data '" + dir.path().string() +
                        "' --model linear --by campaign --format csv --table costs");
  REQUIRE(costs.code == 0);
  const auto c = records(costs.out);
  REQUIRE(c.size() == 3);
  CHECK(c[2].at("campaign") == "C003");
  CHECK(c[2].at("cost") == "1200");
  CHECK(c[2].at("cost_per_win") == "3600");  // 1,200 / (1/3 of a win)
  CHECK(c[1].at("leads") == "2");

  const Run table = run("attribution --data '" + dir.path().string() + "' --model linear");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Campaign cost and return"));
}

TEST_CASE("cli attribution: errors", "[cli][attribution]") {
  TempDir dir;
  write_file(dir.path() / "bad.csv", "path,total_conversions\na>b,2\na>>b,1\n");
  const Run bad = run("attribution --paths '" + (dir.path() / "bad.csv").string() + "' --format csv");
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "bad.csv:3:1: field 'path': attribution.path"));
  CHECK(run("attribution --model all").code == 2);
  CHECK(run("attribution --paths x.csv --data y").code == 2);
  const Run model = run("attribution --paths '" + (dir.path() / "bad.csv").string() + "' --model linear_decay");
  CHECK(model.code == 2);
  CHECK(contains(model.err, "unknown model 'linear_decay'"));
  CHECK(run("attribution --paths '" + (dir.path() / "bad.csv").string() + "' --by campaign").code == 2);
  CHECK(run("attribution --paths '" + (dir.path() / "bad.csv").string() + "' --half-life-days 0").code == 2);
  CHECK(run("attribution --paths /nonexistent/paths.csv").code == 1);
}

#endif  // MF_CLI_PATH
