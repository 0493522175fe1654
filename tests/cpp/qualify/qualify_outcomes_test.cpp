// Lift per criterion and the diff of two rule files, worked by hand on
// leads whose histories end won (once, twice at one time, then churned),
// lost or open.
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "qualify/qualify_fixture.hpp"

using namespace mf_qualify_test;

namespace {

mf::DataSet history() {
  return leads(
      {
          {"A", "web", true, false, true, 30},
          {"B", "web", true, false, true, 30},
          {"C", "web", true, false, false, 30},
          {"D", "web", true, false, false, 30},
          {"E", "web", true, false, std::nullopt, 30},
          {"F", "web", false, false, true, 200},
          {"G", "outbound", true, true, true, 10},
      },
      {
          {"A", "lead", 0}, {"A", "closed_won", 9, "100"},
          {"B", "lead", 0}, {"B", "closed_lost", 5},
          {"C", "lead", 0}, {"C", "closed_won", 7, "50"},
          {"D", "lead", 0}, {"D", "closed_lost", 3},
          {"E", "closed_won", 4, "10"}, {"E", "closed_won", 4, "30"}, {"E", "closed_won", 8, "99"},
          {"F", "lead", 0}, {"F", "mystery_stage", 2},
          {"G", "closed_won", 3, "1000"}, {"G", "closed_lost", 40},
      });
}

mf::QualifyResult decided(const mf::DataSet& data, const std::string& json) {
  auto r = mf::qualify(data, rules(json, data));
  REQUIRE(r.ok());
  return *r;
}

const mf::CriterionLift& row(const mf::QualifyLift& lift, const std::string& set, const std::string& criterion,
                             mf::Truth value) {
  for (const auto& r : lift.criteria)
    if (r.rule_set == set && r.criterion == criterion && r.value == value) return r;
  FAIL("no lift row " << set << "/" << criterion);
  return lift.criteria.front();
}

}  // namespace

TEST_CASE("qualify lift: win rates by criterion value, worked by hand", "[qualify][lift]") {
  const mf::DataSet data = history();
  const mf::QualifyResult q = decided(data, bant_json());
  auto lift = mf::qualify_lift(q, mf::StageGraph::the_model());
  REQUIRE(lift.ok());
  // Every set x criterion x value, pass first.
  REQUIRE(lift->criteria.size() == 3 * 3 + 3 * 3);

  const auto& need_pass = row(*lift, "sdr", "need", mf::Truth::kPass);  // A won, B lost, F open
  CHECK(need_pass.bant == mf::Bant::kNeed);
  CHECK(need_pass.records == 3);
  CHECK(need_pass.closed == 2);
  CHECK(need_pass.won == 1);
  CHECK(need_pass.won_revenue == *mf::parse_amount("100"));
  CHECK(need_pass.win_rate.value == 0.5);
  CHECK(need_pass.win_rate.low == Approx(0.0945).epsilon(1e-3));
  CHECK(need_pass.win_rate.high == Approx(0.9055).epsilon(1e-3));
  CHECK(need_pass.win_rate.small_sample);
  CHECK(need_pass.lift == 1.0);
  const auto& need_fail = row(*lift, "sdr", "need", mf::Truth::kFail);  // C won, D lost
  CHECK(need_fail.records == 2);
  CHECK(need_fail.won == 1);
  CHECK(need_fail.lift == 1.0);
  // E: won twice at one time (10 and 30: the larger counts), later again.
  const auto& need_unknown = row(*lift, "sdr", "need", mf::Truth::kUnknown);
  CHECK(need_unknown.records == 1);
  CHECK(need_unknown.won == 1);
  CHECK(need_unknown.won_revenue == *mf::parse_amount("30"));
  CHECK(need_unknown.win_rate.value == 1.0);
  CHECK(need_unknown.lift == 2.0);

  const auto& budget_pass = row(*lift, "sdr", "budget", mf::Truth::kPass);
  CHECK(budget_pass.records == 5);
  CHECK(budget_pass.closed == 5);
  CHECK(budget_pass.won == 3);
  CHECK(budget_pass.won_revenue == *mf::parse_amount("180"));
  CHECK(std::isnan(budget_pass.lift));  // F, the only fail, is still open
  const auto& budget_fail = row(*lift, "sdr", "budget", mf::Truth::kFail);
  CHECK(budget_fail.records == 1);
  CHECK(budget_fail.closed == 0);
  CHECK(std::isnan(budget_fail.win_rate.value));
  CHECK(row(*lift, "sdr", "budget", mf::Truth::kUnknown).records == 0);
  // G won, then churned: it reached won, so it counts as won.
  const auto& authority = row(*lift, "bdr", "authority", mf::Truth::kPass);
  CHECK(authority.won == 1);
  CHECK(authority.won_revenue == *mf::parse_amount("1000"));

  REQUIRE(lift->decisions.size() == 4);
  CHECK(lift->decisions[0].rule_set == "bdr");
  CHECK(lift->decisions[0].decision == mf::Decision::kQualified);
  CHECK(lift->decisions[1].decision == mf::Decision::kQualified);
  CHECK(lift->decisions[1].records == 2);
  CHECK(lift->decisions[1].won == 1);
  CHECK(lift->decisions[2].decision == mf::Decision::kNurture);
  CHECK(lift->decisions[2].closed == 1);
  CHECK(lift->decisions[3].decision == mf::Decision::kDisqualified);
  CHECK(lift->decisions[3].won_revenue == *mf::parse_amount("50"));

  const auto csv = mf::qualify_lift_csv(*lift);
  REQUIRE(csv.ok());
  CHECK(csv->starts_with("rule_set,criterion,bant,value,records,closed,won,win_rate,win_rate_low,"
                         "win_rate_high,small_sample,lift,won_revenue\n"
                         "bdr,authority,authority,pass,1,1,1,1,"));
  CHECK(csv->find("\nsdr,budget,budget,fail,1,0,0,,,,true,,0\n") != std::string::npos);
  const auto decisions = mf::qualify_lift_csv(*lift, mf::LiftTable::kDecisions);
  REQUIRE(decisions.ok());
  CHECK(decisions->find("\nsdr,disqualified,2,2,1,0.5,") != std::string::npos);
  CHECK(mf::qualify_lift_json(*lift).ok());
}

TEST_CASE("qualify diff: records moving between decisions, and the deals on each move", "[qualify][diff]") {
  const mf::DataSet data = history();
  const mf::QualifyResult before = decided(data, bant_json());
  // SDRs qualify on need alone.
  std::string looser = bant_json();
  const std::string strict = R"("if": {"all": ["need", "budget", "timeline"]})";
  looser.replace(looser.find(strict), strict.size(), R"("if": "need")");
  const std::string later = R"({"id": "buying_later", "description": "need and budget, buying later",
         "if": {"all": ["need", "budget", {"not": "timeline"}]},
         "track": "sdr_long_timeline", "recheck_days": 60},)";
  const auto at = looser.find(later);
  REQUIRE(at != std::string::npos);
  looser.erase(at, later.size());  // unreachable now: need alone qualifies
  const mf::QualifyResult after = decided(data, looser);
  auto diff = mf::qualify_diff(before, after, mf::StageGraph::the_model());
  REQUIRE(diff.ok());
  CHECK(diff->records == 7);
  CHECK(diff->moved == 1);
  REQUIRE(diff->moves.size() == 4);
  const auto& m = diff->moves;
  CHECK((m[0].before == mf::Decision::kQualified && m[0].after == mf::Decision::kQualified));
  CHECK(m[0].records == 3);  // A, B, G
  CHECK(m[0].won == 2);
  CHECK(m[0].won_revenue == *mf::parse_amount("1100"));
  CHECK((m[1].before == mf::Decision::kNurture && m[1].after == mf::Decision::kQualified));
  CHECK(m[1].records == 1);  // F, still open
  CHECK(m[1].closed == 0);
  CHECK((m[2].before == mf::Decision::kNurture && m[2].after == mf::Decision::kNurture));
  CHECK((m[3].before == mf::Decision::kDisqualified && m[3].after == mf::Decision::kDisqualified));
  CHECK(m[3].won == 1);
  CHECK(*mf::qualify_diff_csv(*diff) ==
        "before,after,records,closed,won,win_rate,win_rate_low,win_rate_high,small_sample,won_revenue\n"
        "qualified,qualified,3,3,2,0.666667,0.20766,0.938508,true,1100\n"
        "nurture,qualified,1,0,0,,,,true,0\n"
        "nurture,nurture,1,1,1,1,0.206549,1,true,30\n"
        "disqualified,disqualified,2,2,1,0.5,0.0945312,0.905469,true,50\n");
  CHECK(mf::qualify_diff_json(*diff).ok());

  const mf::DataSet other = leads({{"X", "web", true, true, true, 1}});
  auto mismatch = mf::qualify_diff(before, decided(other, bant_json()), mf::StageGraph::the_model());
  REQUIRE(!mismatch.ok());
  CHECK(mismatch.status().message() ==
        "qualify_diff: the two results are not over the same records (ids in the same order)");
}
