// Revenue plan vs actual: the target run back through the funnel (the
// records each main-path stage needs, P50 and the P10–P90 band of the
// plan's Monte Carlo), beside the records that entered each stage in the
// period so far and the share of the plan that is; and, when the period is
// still open, what the open pipeline is expected to win in it. Drawn only
// when a target and a period were given.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

std::string count_cell(const char* col, std::uint64_t n) {
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_count(n), "\">", format_count(n), "</td>");
}

/// Records that entered @p stage in the period (0 when the report has no row).
std::uint64_t entered(const std::optional<FunnelReport>& actual, const std::string& stage) {
  if (!actual || actual->groups.empty()) return 0;
  for (const StageRow& s : total_group(*actual).stages)
    if (s.stage == stage) return s.reached;
  return 0;
}

double share_of(std::uint64_t n, std::uint64_t of) {
  return of ? static_cast<double>(n) / static_cast<double>(of) : NAN;
}

std::string progress_bars(const DashboardInputs& in) {
  std::string out = "<ul class=\"hbars\">";
  for (const PlanStageRow& s : in.plan->stages) {
    const std::uint64_t got = entered(in.plan_actual, s.stage);
    const double share = share_of(got, s.required_p50);
    const double width = std::isnan(share) ? 100 : std::min(1.0, share) * 100;
    absl::StrAppend(&out, "<li><span class=\"hl\">", escape(stage_label(*in.graph, s.stage)), " \u00B7 ",
                    format_count(got), " of ", format_count(s.required_p50), " (", format_percent(share),
                    ")</span><span class=\"hb\" style=\"width:", raw_number(std::round(width * 10) / 10),
                    "%\"></span></li>");
  }
  absl::StrAppend(&out, "</ul>");
  return out;
}

std::string plan_table(const DashboardInputs& in) {
  std::string out =
      "<p class=\"note\">Plan: records each stage needs for the target (P50, and the P10\u2013P90 band over the "
      "plan's samples), and the window in which they should enter. Entered: records whose first entry into "
      "the stage is in the period so far.</p><div class=\"tw\"><table id=\"plan-table\"><caption>Plan and "
      "actual per stage</caption><thead><tr><th scope=\"col\">Stage</th>"
      "<th scope=\"col\">Team</th><th scope=\"col\">Plan P50</th><th scope=\"col\">P10\u2013P90</th>"
      "<th scope=\"col\">Entered</th><th scope=\"col\">% of plan</th><th scope=\"col\">Enter from</th>"
      "<th scope=\"col\">Enter by</th></tr></thead><tbody>";
  for (const PlanStageRow& s : in.plan->stages) {
    const std::uint64_t got = entered(in.plan_actual, s.stage);
    const double share = share_of(got, s.required_p50);
    absl::StrAppend(&out, "<tr data-stage=\"", escape(s.stage), "\"><th scope=\"row\">",
                    escape(stage_label(*in.graph, s.stage)), "</th><td>", escape(team_label(s.team)), "</td>",
                    count_cell("p50", s.required_p50), "<td data-col=\"band\" data-low=\"", raw_count(s.required_p10),
                    "\" data-high=\"", raw_count(s.required_p90), "\">", format_count(s.required_p10), "\u2013",
                    format_count(s.required_p90), "</td>", count_cell("entered", got),
                    "<td data-col=\"of_plan\" data-value=\"", raw_number(share), "\">", format_percent(share),
                    "</td><td>", day(s.enter_from), "</td><td>", day(s.enter_by), "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

std::string forecast_text(const DashboardInputs& in) {
  if (!in.forecast) return {};
  const RevenueForecast& f = *in.forecast;
  const double target = in.plan->target;
  const double outlook = f.won_so_far + f.expected;
  return absl::StrCat(
      "<dl class=\"forecast\" id=\"plan-forecast\" data-won=\"", raw_fixed(f.won_so_far, 2), "\" data-expected=\"",
      raw_fixed(f.expected, 2), "\" data-p10=\"", raw_fixed(f.p10, 2), "\" data-p90=\"", raw_fixed(f.p90, 2),
      "\"><div class=\"kpi\"><dt>Won in the period so far</dt><dd class=\"v\">", format_money(f.won_so_far),
      "</dd></div><div class=\"kpi\"><dt>The open pipeline's ", format_count(f.open_deals),
      " records are expected to win (P10\u2013P90)</dt><dd class=\"v\">", format_money(f.expected),
      " <span class=\"delta\">", format_money(f.p10), "\u2013", format_money(f.p90),
      "</span></dd></div><div class=\"kpi\"><dt>Won so far plus expected, against the target</dt><dd class=\"v\">",
      format_money(outlook), " <span class=\"delta\">", format_percent(outlook / target),
      " of target</span></dd></div></dl><p class=\"note\">The pipeline forecast: each open record's amount "
      "\u00D7 the chance it is won inside the period, given its stage and its age there, learned from the "
      "records before ", day(f.as_of), " (", std::string(to_string(f.method)), " distribution).</p>");
}

/// The engines' remarks for people (imputed amounts, approximations), so
/// that a caveat the CLI prints is on the page too.
std::string notes(const DashboardInputs& in) {
  std::vector<std::string> all = in.plan->notes;
  if (in.forecast) all.insert(all.end(), in.forecast->notes.begin(), in.forecast->notes.end());
  if (all.empty()) return {};
  std::string out = absl::StrCat("<details><summary>Notes from the plan and the forecast (",
                                 format_count(all.size()), ")</summary><ul class=\"note\">");
  for (const std::string& n : all) absl::StrAppend(&out, "<li>", escape(n), "</li>");
  absl::StrAppend(&out, "</ul></details>");
  return out;
}

}  // namespace

std::optional<Section> revenue_plan_section(const DashboardInputs& in) {
  if (!in.plan || in.plan->stages.empty()) return std::nullopt;
  const RevenuePlan& p = *in.plan;
  std::string body = absl::StrCat(
      "<p class=\"note\" id=\"plan-summary\" data-target=\"", raw_fixed(p.target, 2), "\">A target of ",
      format_money(p.target), " for ", escape(to_string(p.period)), " (", day(p.period.begin), " to ",
      day(p.period.end), ", exclusive) needs about ", format_compact(p.wins_exact), " wins at a mean deal size of ",
      format_money(p.mean_deal_size), ", run back through the conversion measured on the data.",
      in.plan_actual ? "" : " No record has entered yet: the period starts after \u201Cnow\u201D.", "</p>",
      progress_bars(in), plan_table(in), forecast_text(in), notes(in));
  return Section{"revenue-plan", "Revenue plan vs actual", std::move(body), true};
}

}  // namespace modelfunnel::internal::dashboard
