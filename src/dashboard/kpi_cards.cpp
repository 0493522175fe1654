// KPI cards: each team's input, output, conversion, velocity and quality,
// with the change against the period before and whether it is significant.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"
#include "dashboard/significance.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

const TeamRow* find_team(const FunnelReport* report, const std::string& team) {
  if (!report || report->groups.empty()) return nullptr;
  for (const TeamRow& t : total_group(*report).teams)
    if (t.team == team) return &t;
  return nullptr;
}

/// "▲ significant" / "▼ not significant": direction and verdict in words
/// and a shape, never colour alone.
std::string verdict(double delta, const Significance& s, bool small) {
  const char* arrow = delta > 0 ? "\u25B2 " : delta < 0 ? "\u25BC " : "";
  // The normal approximations behind both tests need enough records; a
  // change on a handful is shown but not judged.
  if (small) return absl::StrCat("<span class=\"chg\">", arrow, "small sample: not tested</span>");
  if (!s.tested) return absl::StrCat("<span class=\"chg\">", arrow, "not tested</span>");
  return absl::StrCat("<span class=\"chg ", s.significant ? "sig" : "ns", "\">", arrow,
                      s.significant ? "significant" : "not significant", "</span>");
}

std::string kpi(const char* name, const char* metric, const std::string& shown,
                const std::string& raw, const std::string& change) {
  return absl::StrCat("<div class=\"kpi\"><dt>", name, "</dt><dd><span class=\"v\" data-metric=\"",
                      metric, "\" data-value=\"", raw, "\">", shown, "</span>", change,
                      "</dd></div>");
}

std::string count_change(std::uint64_t now, const std::optional<std::uint64_t>& before,
                         std::uint64_t min_sample) {
  if (!before) return {};
  const auto delta = static_cast<std::int64_t>(now) - static_cast<std::int64_t>(*before);
  return absl::StrCat("<span class=\"delta\">", format_signed_count(delta), " vs ",
                      format_count(*before), "</span>",
                      verdict(static_cast<double>(delta), count_test(now, *before),
                              now + *before < min_sample));
}

std::string rate_change(const Rate& now, const Rate* before, std::uint64_t min_sample) {
  if (!before) return {};
  const double delta = now.value - before->value;
  return absl::StrCat("<span class=\"delta\">", format_points(delta), " vs ",
                      format_percent(before->value), "</span>",
                      verdict(std::isnan(delta) ? 0 : delta,
                              two_proportion_test(now.numerator, now.denominator,
                                                  before->numerator, before->denominator),
                              now.denominator < min_sample || before->denominator < min_sample));
}

std::string days_change(const Durations& now, const Durations* before) {
  if (!before || !now.computed || !before->computed) return {};
  const double delta = now.median_days - before->median_days;
  std::string d = std::isnan(delta) ? "\u2013"
                                    : absl::StrCat(delta < 0 ? "\u2212" : "+",
                                                   format_days(std::fabs(delta)));
  return absl::StrCat("<span class=\"delta\">", d, " vs ", format_days(before->median_days),
                      "</span><span class=\"chg\">median: not tested</span>");
}

std::string card(const TeamRow& t, const TeamRow* prev, std::uint64_t min_sample) {
  std::string out = absl::StrCat("<article class=\"card\" data-team=\"", escape(t.team), "\"><h3>",
                                 escape(team_label(t.team)), "</h3><dl>");
  const std::optional<std::uint64_t> prev_in = prev ? std::optional(prev->input) : std::nullopt;
  const std::optional<std::uint64_t> prev_out = prev ? std::optional(prev->output) : std::nullopt;
  absl::StrAppend(&out, kpi("Input", "input", format_count(t.input), raw_count(t.input),
                            count_change(t.input, prev_in, min_sample)));
  absl::StrAppend(&out, kpi("Output handed on", "output", format_count(t.output), raw_count(t.output),
                            count_change(t.output, prev_out, min_sample)));
  absl::StrAppend(&out, kpi("Conversion", "conversion", format_percent(t.conversion.value),
                            raw_number(t.conversion.value),
                            rate_change(t.conversion, prev ? &prev->conversion : nullptr, min_sample)));
  absl::StrAppend(&out, kpi("Velocity (median)", "velocity", format_days(t.velocity.median_days),
                            raw_number(t.velocity.median_days),
                            days_change(t.velocity, prev ? &prev->velocity : nullptr)));
  absl::StrAppend(&out, kpi("Quality (output won)", "quality", format_percent(t.quality.value),
                            raw_number(t.quality.value),
                            rate_change(t.quality, prev ? &prev->quality : nullptr, min_sample)));
  absl::StrAppend(&out, "</dl></article>");
  return out;
}

}  // namespace

std::optional<Section> kpi_section(const DashboardInputs& in) {
  if (in.current.groups.empty()) return std::nullopt;
  const FunnelGroup& total = total_group(in.current);
  std::string cards;
  for (const TeamRow& t : total.teams) {
    if (t.input == 0) continue;  // a team with no data has no card
    absl::StrAppend(&cards, card(t, find_team(in.previous ? &*in.previous : nullptr, t.team), in.options->min_sample));
  }
  if (cards.empty()) return std::nullopt;
  std::string note = in.previous
      ? absl::StrCat("Change against the period of the same length just before. Counts: Poisson test "
                     "of the two counts; conversion and quality: two-proportion z-test; both two-sided "
                     "at 95%, on samples of ", format_count(in.options->min_sample),
                     " records or more. Velocity is the median days from a team's first stage to its "
                     "hand-off (not tested).")
      : std::string("Give a period (from and to) to compare it with the one before. Velocity is the "
                    "median days from a team's first stage to its hand-off.");
  return Section{"kpis", "Team KPIs",
                 absl::StrCat("<p class=\"note\">", note, "</p><div class=\"cards\">", cards, "</div>"),
                 true};
}

}  // namespace modelfunnel::internal::dashboard
