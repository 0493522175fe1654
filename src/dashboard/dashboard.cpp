// dashboard_html(): runs the engines the page needs through their public
// entry points, then draws the sections that have data. A section for a new
// engine is one more input in DashboardInputs and one more line in the list
// below; an engine whose input the caller did not give is not run.
#include "modelfunnel/dashboard.hpp"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::dashboard::DashboardInputs;
using internal::dashboard::Section;

// Attributes a CRM export usually has, broken down when the caller names none.
constexpr std::string_view kDefaultBy[] = {"channel", "campaign", "segment", "owner"};

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

absl::Status with_context(const absl::Status& s, std::string_view what) {
  return absl::Status(s.code(), absl::StrCat("dashboard: ", std::string(what), ": ", s.message()));
}

std::string subtitle(const DashboardInputs& in, const DashboardOptions& o, const DataSet& data) {
  std::string range = o.from && o.to ? absl::StrCat("entering the funnel from ", day(*o.from), " to ", day(*o.to),
                                                    " (exclusive), compared with the period before")
                      : o.from     ? absl::StrCat("entering the funnel from ", day(*o.from))
                      : o.to       ? absl::StrCat("entering the funnel before ", day(*o.to))
                                   : std::string("of every period");
  return absl::StrCat(internal::dashboard::format_count(data.record_count()), " records loaded; records ",
                      range, "; as of ", day(in.current.as_of), "; trends by ", std::string(to_string(o.period)), ".");
}

/// The revenue plan for the target (on the model measured from the data,
/// as `modelfunnel plan --data` does), the records that entered each stage
/// in the period up to "now" (a period-mode report), and the open
/// pipeline's forecast for the period.
absl::Status plan_inputs(const DataSet& data, const StageGraph& graph, const DashboardOptions& o,
                         DashboardInputs& in) {
  const Period& period = *o.revenue_period;
  MeasureOptions m;
  m.as_of = o.as_of;
  m.period = period;
  m.threads = o.threads;
  absl::StatusOr<RevenueModel> model = measure_revenue_model(data, graph, m);
  if (!model.ok()) return with_context(model.status(), "revenue plan");
  PlanOptions p;
  p.target = *o.revenue_target;
  p.period = period;
  p.as_of = o.as_of;
  p.threads = o.threads;
  absl::StatusOr<RevenuePlan> plan = revenue_plan(*model, p);
  if (!plan.ok()) return with_context(plan.status(), "revenue plan");
  in.plan = *std::move(plan);

  // Entries so far: up to the period's end, or up to as_of when it is earlier.
  const Timestamp end = o.as_of && *o.as_of < period.end ? *o.as_of : period.end;
  if (period.begin < end) {
    FunnelOptions f;
    f.mode = ReportMode::kPeriod;
    f.from = period.begin;
    f.to = end;
    f.as_of = o.as_of;
    f.min_sample = o.min_sample;
    f.threads = o.threads;
    f.durations = DurationFigures::none();
    absl::StatusOr<FunnelReport> actual = funnel_report(data, graph, f);
    if (!actual.ok()) return with_context(actual.status(), "revenue plan: entries in the period");
    in.plan_actual = *std::move(actual);
  }

  ForecastOptions fo;
  fo.as_of = o.as_of;
  fo.period = period;
  fo.threads = o.threads;
  absl::StatusOr<RevenueForecast> forecast = revenue_forecast(data, graph, fo);
  if (!forecast.ok()) return with_context(forecast.status(), "revenue forecast");
  in.forecast = *std::move(forecast);
  return absl::OkStatus();
}

absl::StatusOr<std::string> build(const DataSet& data, const StageGraph& graph, const DashboardOptions& o) {
  if (o.from && o.to && !(*o.from < *o.to))
    return absl::InvalidArgumentError("dashboard: from must be before to");
  std::vector<std::string> by = o.by;
  if (by.empty()) {
    for (std::string_view a : kDefaultBy)
      if (data.find_attribute(a)) by.emplace_back(a);
  }
  for (const std::string& a : by)
    if (!data.find_attribute(a))
      return absl::InvalidArgumentError(absl::StrCat("dashboard: by: the data set has no attribute '", a, "'"));

  if (o.accounts.has_value() != o.fit_model.has_value())
    return absl::InvalidArgumentError("dashboard: accounts and fit_model go together (the tier split needs both)");
  if (o.revenue_target.has_value() != o.revenue_period.has_value())
    return absl::InvalidArgumentError(
        "dashboard: revenue_target and revenue_period go together (the revenue plan needs both)");
  if (o.contacts && !o.accounts)
    return absl::InvalidArgumentError("dashboard: contacts need accounts and fit_model (the coverage gaps are the "
                                      "tiered accounts' against their plays)");
  if (o.activities && !o.contacts)
    return absl::InvalidArgumentError("dashboard: activities need contacts (a touch is a contact's)");
  if (!o.owner_column.empty() && !o.contacts)
    return absl::InvalidArgumentError("dashboard: owner_column needs contacts (it names the reps of the coverage gaps)");
  if (o.reengage_as_of && !o.reengage_policy)
    return absl::InvalidArgumentError("dashboard: reengage_as_of needs reengage_policy");

  FunnelOptions base;
  base.from = o.from;
  base.to = o.to;
  base.as_of = o.as_of;
  base.team_assignment = o.team_assignment;
  base.min_sample = o.min_sample;
  base.threads = o.threads;
  base.durations = DurationFigures::none();  // counts only, except where a card shows velocity

  DashboardInputs in;
  in.graph = &graph;
  in.options = &o;
  // The period shown, broken down by the first attribute in the same pass
  // (the total group is the report of every record either way).
  FunnelOptions current = base;
  current.durations.team_velocity = true;
  if (!by.empty()) current.by = {by.front()};
  absl::StatusOr<FunnelReport> report = funnel_report(data, graph, current);
  if (!report.ok()) return with_context(report.status(), "funnel report");
  in.current = *std::move(report);
  if (!by.empty()) in.breakdowns.push_back(in.current);
  for (std::size_t i = 1; i < by.size(); ++i) {
    FunnelOptions b = base;
    b.by = {by[i]};
    absl::StatusOr<FunnelReport> r = funnel_report(data, graph, b);
    if (!r.ok()) return with_context(r.status(), absl::StrCat("breakdown by ", by[i]));
    in.breakdowns.push_back(*std::move(r));
  }
  if (o.from && o.to) {
    FunnelOptions before = base;
    before.durations.team_velocity = true;
    before.to = o.from;
    before.from = Timestamp::from_micros(o.from->micros() - (o.to->micros() - o.from->micros()));
    before.as_of = in.current.as_of;  // the same "now" for both periods
    absl::StatusOr<FunnelReport> r = funnel_report(data, graph, before);
    if (!r.ok()) return with_context(r.status(), "previous period");
    if (!r->groups.empty() && r->groups.front().records > 0) in.previous = *std::move(r);
  }
  FunnelOptions trend = base;
  trend.bucket = o.period == DashboardPeriod::kWeek ? TimeBucket::kWeek : TimeBucket::kMonth;
  absl::StatusOr<FunnelReport> trends = funnel_report(data, graph, trend);
  if (!trends.ok()) return with_context(trends.status(), "trends");
  in.trends = *std::move(trends);
  if (o.qualify_rules) {
    QualifyOptions q;
    q.as_of = o.as_of;
    q.threads = o.threads;
    absl::StatusOr<QualifyResult> decided = qualify(data, *o.qualify_rules, q);
    if (!decided.ok()) return with_context(decided.status(), "qualification");
    LiftOptions l;
    l.min_sample = o.min_sample;
    l.threads = o.threads;
    absl::StatusOr<QualifyLift> lift = qualify_lift(*decided, graph, l);
    if (!lift.ok()) return with_context(lift.status(), "qualification lift");
    in.qualification = *std::move(decided);
    in.lift = *std::move(lift);
  }
  if (data.touch_count() > 0) {
    AttributionOptions a;
    a.models = internal::dashboard::dashboard_attribution_models();
    a.threads = o.threads;
    absl::StatusOr<Attribution> credited = attribute(data, a);
    if (!credited.ok()) return with_context(credited.status(), "attribution");
    in.attribution = *std::move(credited);
  }

  if (o.reengage_policy) {
    ReengageOptions r;
    r.graph = graph;
    r.threads = o.threads;
    const Timestamp at = o.reengage_as_of ? *o.reengage_as_of : o.as_of ? *o.as_of : in.current.as_of;
    absl::StatusOr<Reengagement> queue = reengagement_queue(data, *o.reengage_policy, at, r);
    if (!queue.ok()) return with_context(queue.status(), "re-engagement");
    in.reengagement = *std::move(queue);
  }
  if (o.accounts) {
    TierOptions t;
    t.threads = o.threads;
    absl::StatusOr<Tiering> tiers = tier_accounts(*o.accounts, *o.fit_model, t);
    if (!tiers.ok()) return with_context(tiers.status(), "tiering");
    in.tiering = *std::move(tiers);
    if (o.contacts) {
      // As `modelfunnel tier --contacts --activities --as-of --owner-by`:
      // the reps from the owner column, cadences judged on as_of's day.
      CoverageOptions c;
      c.as_of = o.as_of;
      c.owner_column = o.owner_column;
      absl::StatusOr<Coverage> coverage = check_coverage(*o.accounts, *in.tiering, *o.fit_model, *o.contacts,
                                                         o.activities ? &*o.activities : nullptr, nullptr, c);
      if (!coverage.ok()) return with_context(coverage.status(), "coverage gaps");
      in.coverage = *std::move(coverage);
    }
  }
  if (o.revenue_target) {
    absl::Status planned = plan_inputs(data, graph, o, in);
    if (!planned.ok()) return planned;
  }
  if (o.from && o.to) {
    // The pipeline at the period's start against its end: every open deal,
    // whatever its close date (a page has no close-date window).
    MovementOptions mv;
    mv.from = *o.from;
    mv.to = *o.to;
    mv.threads = o.threads;
    absl::StatusOr<PipelineMovement> moved = revenue_movement(data, graph, mv);
    // A graph whose main path does not end at a won stage has no pipeline
    // to move: the section says why, and the rest of the page stands.
    if (moved.ok()) in.movement = *std::move(moved);
    else if (absl::IsInvalidArgument(moved.status())) in.movement_refused = std::string(moved.status().message());
    else return with_context(moved.status(), "pipeline movement");
  }

  namespace d = internal::dashboard;
  using Draw = std::optional<Section> (*)(const DashboardInputs&);
  // In reading order; on a wide screen the narrow ones pair up two a row.
  constexpr Draw kSections[] = {d::kpi_section,          d::funnel_section,        d::breakdown_section,
                                d::trends_section,       d::loss_reasons_section,  d::qualification_section,
                                d::attribution_section,  d::revenue_plan_section,  d::movement_section,
                                d::reengage_section,
                                d::tiering_section,      d::stage_graph_section};
  std::vector<Section> sections;
  for (Draw draw : kSections)
    if (std::optional<Section> s = draw(in)) sections.push_back(*std::move(s));
  return d::page(d::escape(o.title), d::escape(subtitle(in, o, data)), sections);
}

}  // namespace

absl::StatusOr<std::string> dashboard_html(const DataSet& data, const StageGraph& graph,
                                           const DashboardOptions& options) {
  return internal::no_throw("dashboard_html", [&] { return build(data, graph, options); });
}

std::string_view to_string(DashboardPeriod period) {
  switch (period) {
    case DashboardPeriod::kWeek: return "week";
    case DashboardPeriod::kMonth: return "month";
  }
  return "unknown";
}

}  // namespace modelfunnel
