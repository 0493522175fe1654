// The funnel report on the real Maven CRM export: per-agent, per-manager and
// per-regional-office win rates and days engage -> close, against figures
// computed independently from the raw CSV files by tests/tools/maven_figures.py
// (Python standard library, cross-checked with SQL) and committed in
// tests/data/maven_figures.json.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "nlohmann/json.hpp"

namespace mf = modelfunnel;

namespace {

std::optional<mf::DataSet> load_maven() {
  const std::filesystem::path data = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm";
  if (!std::filesystem::exists(data)) return std::nullopt;
  auto mapping = mf::Mapping::load_file(std::filesystem::path(MF_SOURCE_DIR) /
                                        "examples/maven-crm/mapping.json");
  REQUIRE(mapping.ok());
  for (auto [table, file] : {std::pair{"pipeline", "sales_pipeline.csv"},
                             std::pair{"accounts", "accounts.csv"},
                             std::pair{"teams", "sales_teams.csv"}}) {
    mapping = mapping->with_file(table, data / file);
    REQUIRE(mapping.ok());
  }
  auto result = mf::load(*mapping);
  REQUIRE(result.ok());
  return std::move(result->data);
}

mf::StageGraph maven_graph() {
  auto g = mf::StageGraph::load_json_file(std::filesystem::path(MF_SOURCE_DIR) /
                                          "examples/maven-crm/stages.json");
  REQUIRE(g.ok());
  return *g;
}

nlohmann::json expected() {
  std::ifstream in(std::filesystem::path(MF_SOURCE_DIR) / "tests/data/maven_figures.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

/// Checks one group against the independent figures.
void check_group(const mf::FunnelGroup& g, const nlohmann::json& want) {
  CHECK(g.records == want["deals"].get<std::uint64_t>());
  CHECK(g.won == want["won"].get<std::uint64_t>());
  CHECK(g.lost == want["lost"].get<std::uint64_t>());
  CHECK(g.open == want["open"].get<std::uint64_t>());
  CHECK(g.win_rate.value == want["win_rate"].get<double>());  // the same one division
  CHECK(g.win_rate.low == Approx(want["win_rate_wilson95_low"].get<double>()).epsilon(1e-12));
  CHECK(g.win_rate.high == Approx(want["win_rate_wilson95_high"].get<double>()).epsilon(1e-12));
  CHECK(g.won_revenue.value() == want["won_revenue"].get<double>());
  CHECK(g.cycle.count == want["n_cycle"].get<std::uint64_t>());
  CHECK(g.cycle.median_days == want["median_days_engage_to_close"].get<double>());
  // p90 interpolates: computed in microseconds here and in days there, so it
  // may differ in the last bit.
  CHECK(g.cycle.p90_days == Approx(want["p90_days_engage_to_close"].get<double>()).epsilon(1e-12));
  CHECK(g.cycle.mean_days == Approx(want["mean_days_engage_to_close"].get<double>()).epsilon(1e-12));
  // Field sales works every Maven stage, so its velocity runs from the
  // engage date to the win: days engage -> won over won deals.
  REQUIRE(g.teams.size() == 1);
  CHECK(g.teams[0].velocity.count == want["n_cycle_won"].get<std::uint64_t>());
  CHECK(g.teams[0].velocity.median_days == want["median_days_engage_to_won"].get<double>());
}

void check_breakdown(const mf::DataSet& data, const std::string& attribute,
                     const nlohmann::json& want) {
  mf::FunnelOptions o;
  o.by = {attribute};
  o.cycle_from = "engaging";
  auto r = mf::funnel_report(data, maven_graph(), o);
  REQUIRE(r.ok());
  REQUIRE(r->groups.size() == want.size() + 1);
  std::size_t checked = 0;
  for (const mf::FunnelGroup& g : r->groups) {
    if (g.total) continue;
    REQUIRE(g.key[0].has_value());
    INFO(attribute << " = " << *g.key[0]);
    REQUIRE(want.contains(*g.key[0]));
    check_group(g, want[*g.key[0]]);
    ++checked;
  }
  CHECK(checked == want.size());
}

}  // namespace

TEST_CASE("Maven CRM: win rates and days engage->close by agent, manager, office", "[funnel][maven]") {
  auto data = load_maven();
  if (!data) {
    std::cout << "MF_SKIPPED: ../shared not found\n";
    return;
  }
  const nlohmann::json want = expected();
  SECTION("total") {
    mf::FunnelOptions o;
    o.cycle_from = "engaging";
    auto r = mf::funnel_report(*data, maven_graph(), o);
    REQUIRE(r.ok());
    check_group(r->groups.at(0), want["total"]);
    // Pinned here too, so the figures read in the test itself.
    CHECK(r->groups[0].win_rate.value == 0.6315005215318135);
    CHECK(r->groups[0].cycle.median_days == 45);
  }
  SECTION("by agent") { check_breakdown(*data, "sales_agent", want["by_agent"]); }
  SECTION("by manager") { check_breakdown(*data, "manager", want["by_manager"]); }
  SECTION("by regional office") {
    check_breakdown(*data, "regional_office", want["by_office"]);
    mf::FunnelOptions o;
    o.by = {"regional_office"};
    o.cycle_from = "engaging";
    auto r = mf::funnel_report(*data, maven_graph(), o);
    REQUIRE(r.ok());
    std::map<std::string, std::pair<double, double>> got;
    for (const auto& g : r->groups)
      if (!g.total) got[*g.key[0]] = {g.win_rate.value, g.cycle.median_days};
    CHECK(got["Central"] == std::pair{0.6255760368663594, 48.0});
    CHECK(got["East"] == std::pair{0.6302475780409041, 39.0});
    CHECK(got["West"] == std::pair{0.6393952867941307, 47.0});
  }
}
