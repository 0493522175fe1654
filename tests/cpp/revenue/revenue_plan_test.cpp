// The plan pinned: the issue's acceptance example exactly, a small funnel
// with lags computed by hand (volumes, windows, weeks), Monte Carlo bands
// around the exact answer, leverage against the funnel report's
// bottlenecks, scenarios compared, and every bad input.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/reference_revenue.hpp"

namespace mf = modelfunnel;

namespace {

const std::string kExamples = std::string(MF_SOURCE_DIR) + "/examples/revenue/";

mf::RevenueModel scenario_model(const std::string& file) {
  auto s = mf::load_revenue_scenario_file(kExamples + file);
  REQUIRE(s.ok());
  auto m = mf::apply_scenario(std::nullopt, *s);
  REQUIRE(m.ok());
  return *m;
}

std::string day(mf::Timestamp t) { return mf::format_timestamp(t).substr(0, 10); }

}  // namespace

TEST_CASE("plan: the acceptance example, exact quotients rounded up once", "[revenue][plan]") {
  const mf::RevenueModel model = scenario_model("scenario.json");
  mf::PlanOptions o;
  o.target = 1'000'000;
  o.period = *mf::parse_period("2027-Q1");
  auto plan = mf::revenue_plan(model, o);
  REQUIRE(plan.ok());
  const std::vector<std::pair<std::string, std::uint64_t>> want = {
      {"lead", 1701}, {"mql", 681}, {"sql", 341}, {"opportunity", 205},
      {"proposal", 143}, {"negotiation", 100}, {"closed_won", 50}};
  REQUIRE(plan->stages.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const mf::PlanStageRow& r = plan->stages[i];
    CHECK(r.stage == want[i].first);
    CHECK(r.required_p10 == want[i].second);
    CHECK(r.required_p50 == want[i].second);
    CHECK(r.required_p90 == want[i].second);
    CHECK(r.new_needed == want[i].second);
    CHECK(r.from_pipeline == 0);
    // No lags: won the day they enter, so they enter inside the period.
    CHECK(day(r.enter_from) == "2027-01-01");
    CHECK(day(r.enter_by) == "2027-03-31");
  }
  CHECK(plan->stages[0].required_exact == Approx(1700.680272).epsilon(1e-9));
  CHECK(plan->wins_exact == 50);
  CHECK(plan->p_target_pipeline_only == 0);
  // 1701 leads at 0.0294 each win 50.0 on average: about an even chance.
  CHECK(plan->p_target_with_plan > 0.4);
  CHECK(plan->p_target_with_plan < 0.65);
  // Teams: marketing leads, SDR/BDR SQLs, field opportunities and wins.
  REQUIRE(plan->teams.size() == 4);
  CHECK(plan->teams[0].measure == "leads");
  CHECK(plan->teams[0].team == "marketing");
  CHECK(plan->teams[1].measure == "sqls");
  CHECK(plan->teams[1].team == "sdr|bdr");
  CHECK(plan->teams[2].measure == "opportunities");
  CHECK(plan->teams[3].measure == "wins");
  CHECK(plan->teams[3].required_p50 == 50);
  // CSV keeps the acceptance columns.
  const std::string csv = mf::plan_csv(*plan);
  CHECK(csv.rfind("stage,team,required_exact,required_p10,required_p50,required_p90,enter_from,enter_by,", 0) == 0);
  CHECK(csv.find("lead,marketing,1700.68027210884") != std::string::npos);
}

TEST_CASE("plan: a small funnel with lags, by hand", "[revenue][plan]") {
  // sql -> opportunity 50/100, opportunity -> won 20/50, deals 10k and 30k
  // (mean 20k); lags to a win: sql 14/28/42/56 days, opportunity 7/14/21/28.
  const mf::RevenueModel model = scenario_model("lags.json");
  mf::PlanOptions o;
  o.target = 200'000;
  o.period = *mf::parse_period("2027-Q1");
  o.samples = 0;  // point figures: the exact quotients
  auto plan = mf::revenue_plan(model, o);
  REQUIRE(plan.ok());
  REQUIRE(plan->stages.size() == 3);
  // 200,000 / 20,000 = 10 wins; / 0.4 = 25 opportunities; / 0.5 = 50 SQLs.
  CHECK(plan->stages[2].required_p50 == 10);
  CHECK(plan->stages[1].required_p50 == 25);
  CHECK(plan->stages[0].required_p50 == 50);
  // Windows: sql lags p90 = 42 + 0.7 * 14 = 51.8 -> 52 days before Jan 1 =
  // Nov 10; p10 = 14 + 0.3 * 14 = 18.2 -> 18 days before Mar 31 = Mar 13.
  CHECK(day(plan->stages[0].enter_from) == "2026-11-10");
  CHECK(day(plan->stages[0].enter_by) == "2027-03-13");
  // opportunity: p90 = 21 + 0.7 * 7 = 25.9 -> 26 -> Dec 6; p10 = 9.1 -> 9 -> Mar 22.
  CHECK(day(plan->stages[1].enter_from) == "2026-12-06");
  CHECK(day(plan->stages[1].enter_by) == "2027-03-22");
  CHECK(plan->stages[1].lag_p50_days == 17.5);
  // Weekly spread of the 25 opportunities: every week's records add up, and
  // the first week (Monday Nov 30, 2026) holds entries from Dec 4 (28 days
  // before Jan 1) to Dec 6, each of whose lags lands in the period with
  // chance 1/4, 2/4 ... : Dec 4: L >= 28 -> 1/4; Dec 5: L >= 27 -> 1/4;
  // Dec 6: L >= 26 -> 1/4. Total weight of all days = 90 days x 1 (every
  // lag lands when the whole window fits) = 90, so the share is 0.75 / 90.
  std::uint64_t total = 0;
  std::vector<mf::PlanWeekRow> opp;
  for (const auto& w : plan->weeks)
    if (w.stage == "opportunity") {
      opp.push_back(w);
      total += w.records;
    }
  CHECK(total == 25);
  REQUIRE(!opp.empty());
  CHECK(day(opp.front().week_start) == "2026-11-30");
  CHECK(opp.front().share == Approx(0.75 / 90));
  double shares = 0;
  for (const auto& w : opp) shares += w.share;
  CHECK(shares == Approx(1.0));
}

TEST_CASE("plan: Monte Carlo bands hold the exact answer", "[revenue][plan]") {
  const mf::RevenueModel model = scenario_model("lags.json");
  mf::PlanOptions o;
  o.target = 200'000;
  o.period = *mf::parse_period("2027-Q1");
  o.samples = 4000;
  o.seed = 7;
  auto plan = mf::revenue_plan(model, o);
  REQUIRE(plan.ok());
  for (std::size_t i = 0; i < plan->stages.size(); ++i) {
    const auto& r = plan->stages[i];
    INFO(r.stage);
    const double exact = mf_revenue_reference::required(model, o.target, i);
    CHECK(r.required_exact == Approx(exact));
    CHECK(static_cast<double>(r.required_p10) <= std::ceil(exact) + 1);
    CHECK(static_cast<double>(r.required_p90) >= std::floor(exact));
    CHECK(r.required_p10 <= r.required_p50);
    CHECK(r.required_p50 <= r.required_p90);
  }
  CHECK(plan->stages[0].required_p90 > plan->stages[0].required_p10);  // uncertain rates widen it
  // Same seed, same figures.
  auto again = mf::revenue_plan(model, o);
  REQUIRE(again.ok());
  CHECK(mf::plan_json(*again) == mf::plan_json(*plan));
}

TEST_CASE("plan: leverage ranks the steps as the funnel report's bottlenecks do", "[revenue][plan]") {
  mf::GenerateOptions g;
  g.leads = 20'000;
  g.seed = 11;
  auto data = mf::generate_dataset(g);
  REQUIRE(data.ok());
  const auto graph = mf::StageGraph::the_model();
  mf::MeasureOptions mo;
  mo.period = *mf::parse_period("2028-Q1");  // after the last event
  auto model = mf::measure_revenue_model(*data, graph, mo);
  INFO(model.status().message());
  REQUIRE(model.ok());
  mf::PlanOptions o;
  o.target = 2'000'000;
  o.period = mo.period;
  o.samples = 200;
  auto plan = mf::revenue_plan(*model, o);
  REQUIRE(plan.ok());
  mf::FunnelOptions fo;
  fo.durations = mf::DurationFigures::none();
  auto funnel = mf::funnel_report(*data, graph, fo);
  REQUIRE(funnel.ok());
  std::vector<std::string> by_plan(plan->leverage.size());
  for (const auto& l : plan->leverage) by_plan[l.rank - 1] = l.to;
  std::vector<std::string> by_funnel;
  for (const auto& b : funnel->bottlenecks) by_funnel.push_back(b.stage);
  CHECK(by_plan == by_funnel);
  // Measured rates carry their counts (Beta posteriors).
  for (const auto& s : model->steps) CHECK(s.trials > 0);
  // The pipeline at each stage is in from_pipeline; new_needed is what is left.
  for (const auto& r : plan->stages) CHECK(r.new_needed <= r.required_p50 + 1);
}

TEST_CASE("plan: scenarios override a base and compare", "[revenue][plan]") {
  const mf::RevenueModel base = scenario_model("scenario.json");
  auto what_if = mf::load_revenue_scenario_file(kExamples + "better_proposals.json");
  REQUIRE(what_if.ok());
  auto m = mf::apply_scenario(base, *what_if);
  REQUIRE(m.ok());
  CHECK(m->steps[4].rate == 0.8);
  CHECK(m->deal_sizes == std::vector<double>{22000});
  mf::PlanOptions o;
  o.target = 1'000'000;
  o.period = *mf::parse_period("2027-Q1");
  auto a = mf::revenue_plan(base, o), b = mf::revenue_plan(*m, o);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(b->stages[0].required_p50 < a->stages[0].required_p50);
  // 1e6 / 22000 / 0.5 / 0.8 / 0.7 / 0.6 / 0.5 / 0.4 = 1352.8...
  CHECK(b->stages[0].required_p50 == 1353);
}

TEST_CASE("plan: a pipeline closes part of the gap", "[revenue][plan]") {
  auto s = mf::parse_revenue_scenario(R"({"version": 1,
    "steps": [{"from": "sql", "to": "opportunity", "rate": 0.5},
              {"from": "opportunity", "to": "closed_won", "rate": 0.5}],
    "deal_size": 10000, "uncertainty": false,
    "pipeline": [{"stage": "opportunity", "amount": 10000, "probability": 0.5, "count": 10}]})");
  REQUIRE(s.ok());
  auto m = mf::apply_scenario(std::nullopt, *s);
  REQUIRE(m.ok());
  mf::PlanOptions o;
  o.target = 100'000;
  o.period = *mf::parse_period("2027-Q1");
  auto plan = mf::revenue_plan(*m, o);
  REQUIRE(plan.ok());
  // 10 wins needed, 5 expected from the pipeline: 5 new wins, 10 new
  // opportunities, 20 new SQLs; the pipeline is worth 10 opportunities.
  CHECK(plan->pipeline_expected_revenue == 50'000);
  CHECK(plan->stages[1].open == 10);
  CHECK(plan->stages[1].from_pipeline == 10);
  CHECK(plan->stages[1].new_needed == 10);
  CHECK(plan->stages[0].new_needed == 20);
  CHECK(plan->stages[0].required_p50 == 40);
  // 10 deals at 1/2: P(all 10 win) = 1/1024 — the pipeline alone rarely makes it.
  CHECK(plan->p_target_pipeline_only < 0.01);
}

TEST_CASE("plan: bad scenarios and options say where and why", "[revenue][plan][errors]") {
  const auto err = [](std::string_view json) {
    auto s = mf::parse_revenue_scenario(json);
    REQUIRE(!s.ok());
    return std::string(s.status().message());
  };
  CHECK(err(R"({"version": 1, "stepz": []})") == "$.stepz: unknown key (expected one of version, name, steps, deal_size, lag_days, pipeline, uncertainty, mix) [scenario.unknown_key]");
  CHECK(err(R"({"version": 1, "steps": [{"from": "a", "to": "b", "rate": 1.5}]})") == "$.steps[0].rate: a rate must be in (0, 1]; got 1.5 [scenario.rate_range]");
  CHECK(err(R"({"version": 2})") == "$.version: unsupported version (this reader reads version 1) [scenario.version]");
  CHECK(err("{\"version\": 1,\n  \"deal_size\": }").rfind("line 2, column 16:", 0) == 0);
  CHECK(err(R"({"version": 1, "version": 1})") == "$.version: duplicate key [scenario.duplicate_key]");
  CHECK(err(R"({"version": 1, "deal_size": -3})") == "$.deal_size: a deal size must be above 0; got -3 [scenario.deal_size]");
  CHECK(err(R"({"version": 1, "lag_days": {"sql": [-1]}})") == "$.lag_days.sql[0]: a lag must be at least 0; got -1 [scenario.lag]");
  // Found by the fuzz target: a lag of 4e117 days overflowed the window's day arithmetic.
  CHECK(err(R"({"version": 1, "lag_days": {"sql": [4, 4e117]}})") ==
        "$.lag_days.sql[1]: a lag must be at most 36500 days (a century); got 4e+117 [scenario.lag]");
  // Applying: a chain that breaks, no deal size.
  auto broken = mf::parse_revenue_scenario(R"({"version": 1, "deal_size": 1,
    "steps": [{"from": "a", "to": "b", "rate": 0.5}, {"from": "c", "to": "d", "rate": 0.5}]})");
  REQUIRE(broken.ok());
  auto m = mf::apply_scenario(std::nullopt, *broken);
  REQUIRE(!m.ok());
  CHECK(std::string(m.status().message()).find("steps must form a chain") != std::string::npos);
  auto missing = mf::load_revenue_scenario_file("/nonexistent/scenario.json");
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  // Options.
  const mf::RevenueModel model = scenario_model("scenario.json");
  mf::PlanOptions o;
  o.period = *mf::parse_period("2027-Q1");
  o.target = -1;
  CHECK(!mf::revenue_plan(model, o).ok());
  CHECK(!mf::parse_period("2027-Q5").ok());
  CHECK(!mf::parse_period("2027-13").ok());
  CHECK(!mf::parse_period("2027-03-01..2027-02-01").ok());
}

TEST_CASE("plan: periods as people write them", "[revenue][plan]") {
  CHECK(mf::to_string(*mf::parse_period("2027-Q1")) == "2027-Q1");
  CHECK(mf::to_string(*mf::parse_period("2027-Q4")) == "2027-Q4");
  CHECK(mf::to_string(*mf::parse_period("2027-02")) == "2027-02");
  CHECK(mf::to_string(*mf::parse_period("2027")) == "2027");
  CHECK(mf::to_string(*mf::parse_period("2027-01-15..2027-02-01")) == "2027-01-15..2027-02-01");
  const mf::Period w = *mf::parse_period("2027-W01");
  CHECK(mf::format_timestamp(w.begin).substr(0, 10) == "2027-01-04");
  CHECK(mf::format_timestamp(w.end).substr(0, 10) == "2027-01-11");
}
