// The revenue engine's tables for people; see revenue_tables.hpp.
#include "revenue_tables.hpp"

#include <cmath>


namespace modelfunnel::cli {
namespace {

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

Cell real(double v) { return std::isnan(v) ? Cell{} : Cell{v}; }

/// A count people read: two decimals at most (no 5.2e-125 for "none").
Cell count2(double v) { return std::isnan(v) ? Cell{} : Cell{std::round(v * 100) / 100}; }

Cell share(double v) { return std::isnan(v) ? Cell{} : Cell{std::round(v * 10000) / 10000}; }

void add_groups(Report& r, const char* name, const char* title, const char* key,
                const std::vector<ForecastGroupRow>& rows) {
  Table& t = r.add(name, title, {key, "deals", "amount", "expected", "sd"});
  for (const auto& g : rows) t.add_row({g.key, g.deals, Money{g.amount}, Money{g.expected}, Money{g.sd}});
}

}  // namespace

void add_plan_tables(Report& report, const RevenuePlan& plan) {
  Table& totals = report.add_single("plan", "Plan");
  set(totals, "target", Money{plan.target});
  set(totals, "period", to_string(plan.period));
  set(totals, "source", plan.source);
  set(totals, "mean_deal_size", Money{plan.mean_deal_size});
  set(totals, "wins_exact", count2(plan.wins_exact));
  set(totals, "pipeline_expected_revenue", Money{plan.pipeline_expected_revenue});
  set(totals, "pipeline_expected_wins", count2(plan.pipeline_expected_wins));
  set(totals, "p_target_pipeline_only", share(plan.p_target_pipeline_only));
  set(totals, "p_target_with_plan", share(plan.p_target_with_plan));
  set(totals, "samples", plan.samples);
  set(totals, "seed", plan.seed);
  Table& s = report.add("stages", "Records required by stage",
                        {"stage", "team", "required_p10", "required_p50", "required_p90", "enter_from", "enter_by",
                         "step_rate", "lag_p50_days", "open", "from_pipeline", "new_needed"});
  for (const PlanStageRow& r : plan.stages)
    s.add_row({r.stage, r.team, r.required_p10, r.required_p50, r.required_p90, day(r.enter_from), day(r.enter_by),
               share(r.step_rate), real(std::round(r.lag_p50_days * 10) / 10), r.open,
               real(std::round(r.from_pipeline * 10) / 10), r.new_needed});
  Table& t = report.add("teams", "Team targets", {"team", "measure", "stage", "required_p50", "new_needed"});
  for (const PlanTeamRow& r : plan.teams) t.add_row({r.team, r.measure, r.stage, r.required_p50, r.new_needed});
  Table& l = report.add("leverage", "Leverage: one point (and 10%) more conversion at each step",
                        {"step", "rate", "rank", "plus_point_leads", "plus_point_revenue", "plus_10pct_leads",
                         "plus_10pct_revenue"});
  for (const LeverageRow& r : plan.leverage)
    l.add_row({r.from + " -> " + r.to, share(r.rate), std::uint64_t{r.rank}, real(std::ceil(r.plus_point_leads)),
               Money{r.plus_point_revenue}, real(std::ceil(r.plus_10pct_leads)), Money{r.plus_10pct_revenue}});
  Table& w = report.add("weeks", "When records must enter, by week", {"stage", "week_start", "share", "records", "past"});
  for (const PlanWeekRow& r : plan.weeks)
    w.add_row({r.stage, day(r.week_start), share(r.share), r.records, std::string(r.past ? "yes" : "")});
  for (const std::string& n : plan.notes) report.notes.push_back(n);
}

void add_segmented_plan_tables(Report& report, const SegmentedPlan& plan) {
  Table& g = report.add("segments", "Segments: share of the target",
                        {"segment", "share", "target", "won_deals", "won_revenue", "status", "mean_deal_size",
                         "p_target_with_plan", "note"});
  for (const SegmentPlanRow& r : plan.segments)
    g.add_row({r.segment.empty() ? std::string("(no value)") : r.segment, share(r.share), Money{r.target}, r.won_deals, Money{r.won_revenue}, r.status,
               Money{r.mean_deal_size}, share(r.p_target_with_plan), r.note});
  Table& s = report.add("stages", "Records required by segment and stage (* = all segments)",
                        {"segment", "stage", "team", "required_exact", "required_p10", "required_p50", "required_p90",
                         "enter_from", "enter_by", "step_rate", "lag_p50_days", "open", "from_pipeline",
                         "new_needed"});
  const auto add = [&](const std::string& segment, const PlanStageRow& r) {
    s.add_row({segment, r.stage, r.team, real(std::round(r.required_exact * 100) / 100), r.required_p10,
               r.required_p50, r.required_p90, day(r.enter_from), day(r.enter_by), share(r.step_rate),
               real(std::round(r.lag_p50_days * 10) / 10), r.open, real(std::round(r.from_pipeline * 10) / 10),
               r.new_needed});
  };
  for (const auto& p : plan.plans)
    for (const PlanStageRow& r : p.second.stages) add(p.first.empty() ? "(no value)" : p.first, r);
  for (const PlanStageRow& r : plan.combined) add("*", r);
  for (const std::string& n : plan.notes) report.notes.push_back(n);
}

void add_forecast_tables(Report& report, const RevenueForecast& f) {
  Table& totals = report.add_single("forecast", "Forecast of the open pipeline");
  set(totals, "as_of", format_timestamp(f.as_of));
  set(totals, "period", to_string(f.period));
  set(totals, "open_deals", f.open_deals);
  set(totals, "amounts_imputed", f.amounts_imputed);
  set(totals, "mean_deal_size", Money{f.mean_deal_size});
  set(totals, "won_so_far", Money{f.won_so_far});
  set(totals, "expected", Money{f.expected});
  set(totals, "p10", Money{f.p10});
  set(totals, "p50", Money{f.p50});
  set(totals, "p90", Money{f.p90});
  set(totals, "method", std::string(to_string(f.method)));
  set(totals, "cdf_error_bound", real(std::round(f.cdf_error_bound * 10000) / 10000));
  add_groups(report, "stages", "By stage", "stage", f.by_stage);
  add_groups(report, "owners", "By owner", "owner", f.by_owner);
  add_groups(report, "teams", "By team", "team", f.by_team);
  add_groups(report, "categories", "By forecast category", "category", f.by_category);
  Table& r = report.add("rollups", "Cumulative categories (closed, commit, best case, pipeline)",
                        {"category", "deals", "amount", "expected"});
  for (const auto& x : f.rollups) r.add_row({x.category, x.deals, Money{x.amount}, Money{x.expected}});
  Table& c = report.add("curve", "P(won in the period) by stage and age", {"stage", "age_days", "probability", "cohort"});
  for (const auto& x : f.curve) c.add_row({x.stage, x.age_days, share(x.probability), x.cohort});
  for (const std::string& n : f.notes) report.notes.push_back(n);
}

void add_backtest_tables(Report& report, const RevenueBacktest& b) {
  Table& totals = report.add_single("backtest", "Backtest of the forecast");
  set(totals, "periods", std::uint64_t{b.periods.size()});
  set(totals, "coverage_p10_p90", share(b.coverage));
  set(totals, "bias", share(b.bias));
  set(totals, "mape", share(b.mape));
  Table& t = report.add("periods", "Forecast at each period's start vs what happened",
                        {"period", "deals", "expected", "p10", "p90", "actual", "covered"});
  for (const auto& r : b.periods)
    t.add_row({to_string(r.period), r.deals, Money{r.expected}, Money{r.p10}, Money{r.p90}, Money{r.actual},
               std::string(r.covered ? "yes" : "no")});
  if (b.plan_stages.empty()) return;
  Table& ps = report.add("plan_backtest", "Backtest of the plan: its volumes against the records that entered",
                         {"stage", "periods", "coverage_p10_p90", "bias", "mape"});
  for (const auto& r : b.plan_stages)
    ps.add_row({r.stage, r.periods, share(r.coverage), share(r.bias), share(r.mape)});
  Table& pp = report.add("plan_periods", "The plan at each period's start, for what it won, vs what entered",
                         {"period", "stage", "target", "required_p10", "required_p50", "required_p90", "enter_from",
                          "enter_by", "entered", "entered_effective", "covered"});
  for (const auto& r : b.plan)
    pp.add_row({to_string(r.period), r.stage, Money{r.target}, r.required_p10, r.required_p50, r.required_p90,
                day(r.enter_from), day(r.enter_by), r.entered, count2(r.entered_effective),
                std::string(r.covered ? "yes" : "no")});
}

void add_movement_tables(Report& report, const PipelineMovement& m) {
  Table& totals = report.add_single("movement", "Pipeline movement");
  set(totals, "from", day(m.from));
  set(totals, "to", day(m.to));
  set(totals, "close_date_period", m.period ? to_string(*m.period) : std::string("all"));
  set(totals, "first_stage", m.first_stage);
  set(totals, "opening_deals", m.opening_deals);
  set(totals, "opening_amount", Money{m.opening_amount.value()});
  set(totals, "closing_deals", m.closing_deals);
  set(totals, "closing_amount", Money{m.closing_amount.value()});
  set(totals, "pushes", m.pushes);
  set(totals, "deals_pushed", m.deals_pushed);
  set(totals, "deals_pushed_again", m.deals_pushed_again);
  set(totals, "slip_rate", share(m.slip_rate));
  set(totals, "mean_push_days", count2(m.mean_push_days));
  Table& t = report.add("buckets", "Opening + movements = closing (one primary bucket per deal)",
                        {"bucket", "deals", "count_change", "amount_from", "amount_to", "amount_change"});
  t.add_row({std::string("opening"), m.opening_deals, Cell{}, Money{m.opening_amount.value()}, Cell{}, Cell{}});
  for (const MovementBucketRow& b : m.buckets)
    t.add_row({std::string(to_string(b.bucket)), b.deals, b.count_change, Money{b.amount_from.value()},
               Money{b.amount_to.value()}, Money{b.amount_change.value()}});
  t.add_row({std::string("closing"), m.closing_deals, Cell{}, Cell{}, Money{m.closing_amount.value()}, Cell{}});
  for (const std::string& n : m.notes) report.notes.push_back(n);
}

Period period_flag(const Args& args) {
  auto v = args.value("period");
  if (!v) throw UsageError("--period is required (e.g. 2027-Q1, 2027-03, 2027)");
  absl::StatusOr<Period> p = parse_period(*v);
  if (!p.ok()) throw UsageError("--period: " + std::string(p.status().message()));
  return *p;
}

}  // namespace modelfunnel::cli
