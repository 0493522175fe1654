// Qualification on the real Maven CRM export (8,800 opportunities, 1,425 of
// them without an account, so without firmographics): a company rule set
// over the accounts' size, sector and revenue, blanks kept unknown, and the
// lift of "large account" against counts computed independently from the
// raw CSV files with pandas (a left join of sales_pipeline.csv on
// accounts.csv; closed = Won or Lost; revenue = close_value of Won deals).
#include <filesystem>
#include <iostream>
#include <optional>

#include <catch2/catch.hpp>

#include "modelfunnel/load.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf = modelfunnel;

namespace {

std::optional<mf::DataSet> load_maven() {
  const std::filesystem::path data = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm";
  if (!std::filesystem::exists(data)) return std::nullopt;
  auto mapping = mf::Mapping::load_file(std::filesystem::path(MF_SOURCE_DIR) / "examples/maven-crm/mapping.json");
  REQUIRE(mapping.ok());
  for (auto [table, file] : {std::pair{"pipeline", "sales_pipeline.csv"}, std::pair{"accounts", "accounts.csv"},
                             std::pair{"teams", "sales_teams.csv"}}) {
    mapping = mapping->with_file(table, data / file);
    REQUIRE(mapping.ok());
  }
  auto result = mf::load(*mapping);
  REQUIRE(result.ok());
  return std::move(result->data);
}

const char* kRules = R"({"version": 1, "rule_sets": [{"id": "accounts",
  "criteria": [
    {"id": "large", "test": {"attribute": "employees", "ge": 1000}},
    {"id": "software", "test": {"attribute": "sector", "in": ["software", "technolgy"]}},
    {"id": "revenue", "bant": "budget", "test": {"attribute": "revenue", "ge": 1000}},
    {"id": "known_account", "test": {"attribute": "account", "present": true}}],
  "disqualify": [{"id": "small_and_poor", "if": {"all": [{"not": "large"}, {"not": "revenue"}]}}],
  "qualify": [{"id": "large_or_software", "if": {"all": ["known_account", {"any": ["large", "software"]}]}}],
  "nurture": [{"id": "research", "track": "account_research", "recheck_days": 30}]}]})";

}  // namespace

TEST_CASE("qualify on the Maven CRM export: blanks stay unknown, lift against pandas", "[qualify][maven]") {
  const std::optional<mf::DataSet> data = load_maven();
  if (!data) {
    std::cout << "MF_SKIPPED: ../shared/data/maven-crm not found\n";
    return;
  }
  auto graph = mf::StageGraph::load_json_file(std::filesystem::path(MF_SOURCE_DIR) / "examples/maven-crm/stages.json");
  REQUIRE(graph.ok());
  auto rules = mf::QualifyRules::parse(kRules, *data);
  REQUIRE(rules.ok());
  auto result = mf::qualify(*data, *rules);
  REQUIRE(result.ok());
  REQUIRE(result->record_count() == 8800);
  // The 1,425 opportunities without an account: nothing known, so none is
  // disqualified for being small — they are nurtured, with the questions.
  std::uint64_t no_account = 0, nurtured_asking_size = 0;
  mf::RecordDecision d;
  for (mf::RecordIndex r = 0; r < result->record_count(); ++r) {
    result->decision(r, d);
    if (d.criteria[3] != mf::Truth::kFail) continue;
    ++no_account;
    REQUIRE(d.decision == mf::Decision::kNurture);
    REQUIRE(d.criteria[0] == mf::Truth::kUnknown);
    nurtured_asking_size += !d.ask.empty() && d.ask[0] == 0;
  }
  CHECK(no_account == 1425);
  CHECK(nurtured_asking_size == 1425);

  auto lift = mf::qualify_lift(*result, *graph);
  REQUIRE(lift.ok());
  const auto& large_pass = lift->criteria[0];
  const auto& large_fail = lift->criteria[1];
  const auto& large_unknown = lift->criteria[2];
  CHECK(large_pass.criterion == "large");
  CHECK((large_pass.records == 6087 && large_pass.closed == 5585 && large_pass.won == 3515));
  CHECK(large_pass.won_revenue == *mf::parse_amount("8411453"));
  CHECK((large_fail.records == 1288 && large_fail.closed == 1126 && large_fail.won == 723));
  CHECK(large_fail.won_revenue == *mf::parse_amount("1594081"));
  CHECK((large_unknown.records == 1425 && large_unknown.closed == 0));
  CHECK(large_pass.lift == Approx((3515.0 / 5585) / (723.0 / 1126)));
}
