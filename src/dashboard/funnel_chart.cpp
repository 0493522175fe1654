// The funnel chart: one bar per main-path stage (records that reached it),
// the step conversion between bars with its 95% Wilson interval as a
// whisker, the bottleneck highlighted with the report's reason; and the same
// figures as a table.
#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr int kWidth = 400;      // viewBox units; the SVG scales to its box
constexpr int kBarHeight = 22;
constexpr int kStepHeight = 26;  // the conversion strip between two bars
constexpr int kLabelHeight = 18;
constexpr int kScaleLeft = 250;  // the whisker strip's 0%..100% axis
constexpr int kScaleRight = 392;

/// The step to highlight: the first flagged (significantly below baseline
/// or target), else the one where a point of conversion is worth most.
const Bottleneck* chosen_bottleneck(const FunnelReport& r) {
  for (const Bottleneck& b : r.bottlenecks)
    if (b.flagged) return &b;
  return r.bottlenecks.empty() ? nullptr : &r.bottlenecks.front();
}

/// @p text with its first letter capitalised and a full stop at the end.
std::string sentence(std::string text) {
  if (!text.empty() && text.front() >= 'a' && text.front() <= 'z') text.front() = static_cast<char>(text.front() - 'a' + 'A');
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

std::string fixed(double x) { return raw_number(std::round(x * 10) / 10); }

std::string interval_text(const Rate& r) {
  if (std::isnan(r.low) || std::isnan(r.high)) return "";
  // "39.3–45.4%": one percent sign, so the column stays narrow on a phone.
  std::string low = format_percent(r.low);
  low.pop_back();
  return absl::StrCat(low, "\u2013", format_percent(r.high));
}

std::string svg_chart(const FunnelGroup& g, const StageGraph& graph,
                      const std::string& bottleneck) {
  std::uint64_t top = 1;
  for (const StageRow& s : g.stages) top = std::max(top, s.reached);
  const int row = kLabelHeight + kBarHeight + kStepHeight;
  const int height = static_cast<int>(g.stages.size()) * row;
  std::string out = absl::StrCat(
      "<svg class=\"chart funnel\" viewBox=\"0 0 ", kWidth, " ", height,
      "\" role=\"img\" aria-labelledby=\"funnel-title\"><title id=\"funnel-title\">Records reaching "
      "each stage of the main path, with the conversion between stages (table below)</title>");
  for (std::size_t i = 0; i < g.stages.size(); ++i) {
    const StageRow& s = g.stages[i];
    const int y = static_cast<int>(i) * row;
    const bool hot = s.stage == bottleneck;
    const double w = std::max(1.0, (kWidth - 2.0) * static_cast<double>(s.reached) / static_cast<double>(top));
    absl::StrAppend(&out, "<text x=\"0\" y=\"", y + 13, "\" class=\"lbl\">",
                    escape(stage_label(graph, s.stage)), " \u00B7 ", format_count(s.reached),
                    hot ? " \u00B7 bottleneck" : "", "</text>");
    absl::StrAppend(&out, "<rect x=\"1\" y=\"", y + kLabelHeight, "\" width=\"", fixed(w),
                    "\" height=\"", kBarHeight, "\" class=\"", hot ? "bar hot" : "bar", "\"/>");
    if (i + 1 == g.stages.size()) break;
    const Rate& next = g.stages[i + 1].step;
    const int sy = y + kLabelHeight + kBarHeight;
    const int mid = sy + kStepHeight / 2;
    absl::StrAppend(&out, "<text x=\"8\" y=\"", mid + 5, "\" class=\"step\">\u2193 ",
                    format_percent(next.value), "</text>");
    // The whisker strip: axis 0..100%, interval as a line, value as a dot.
    const auto at = [](double v) { return kScaleLeft + v * (kScaleRight - kScaleLeft); };
    absl::StrAppend(&out, "<line x1=\"", kScaleLeft, "\" x2=\"", kScaleRight, "\" y1=\"", mid,
                    "\" y2=\"", mid, "\" class=\"axis\"/>");
    if (!std::isnan(next.low) && !std::isnan(next.high))
      absl::StrAppend(&out, "<line x1=\"", fixed(at(next.low)), "\" x2=\"", fixed(at(next.high)),
                      "\" y1=\"", mid, "\" y2=\"", mid, "\" class=\"whisker\"/>", "<line x1=\"",
                      fixed(at(next.low)), "\" x2=\"", fixed(at(next.low)), "\" y1=\"", mid - 5,
                      "\" y2=\"", mid + 5, "\" class=\"whisker\"/><line x1=\"", fixed(at(next.high)),
                      "\" x2=\"", fixed(at(next.high)), "\" y1=\"", mid - 5, "\" y2=\"", mid + 5,
                      "\" class=\"whisker\"/>");
    if (!std::isnan(next.value))
      absl::StrAppend(&out, "<circle cx=\"", fixed(at(next.value)), "\" cy=\"", mid,
                      "\" r=\"3.5\" class=\"dot\"/>");
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string table(const FunnelGroup& g, const StageGraph& graph, const std::string& bottleneck) {
  std::string out =
      "<div class=\"tw\"><table id=\"funnel-table\"><caption>The funnel as a table: step conversion "
      "from the stage before, its 95% Wilson interval, conversion from the entry stage</caption><thead><tr>"
      "<th scope=\"col\">Stage</th><th scope=\"col\">Reached</th><th scope=\"col\">Step</th>"
      "<th scope=\"col\">95% interval</th><th scope=\"col\">From entry</th>"
      "</tr></thead><tbody>";
  for (const StageRow& s : g.stages) {
    absl::StrAppend(&out, "<tr data-stage=\"", escape(s.stage), "\"", s.stage == bottleneck ? " class=\"hot\"" : "",
                    "><th scope=\"row\">", escape(stage_label(graph, s.stage)),
                    s.stage == bottleneck ? " (bottleneck)" : "", "</th><td data-col=\"reached\" data-value=\"",
                    raw_count(s.reached), "\">", format_count(s.reached),
                    "</td><td data-col=\"step\" data-value=\"", raw_number(s.step.value), "\">",
                    s.step.denominator ? format_percent(s.step.value) : "\u2013",
                    s.step.denominator && s.step.small_sample ? " (small sample)" : "", "</td><td>", interval_text(s.step),
                    "</td><td data-col=\"overall\" data-value=\"", raw_number(s.overall.value), "\">",
                    format_percent(s.overall.value), "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

}  // namespace

std::optional<Section> funnel_section(const DashboardInputs& in) {
  if (in.current.groups.empty() || total_group(in.current).stages.empty()) return std::nullopt;
  const FunnelGroup& g = total_group(in.current);
  const Bottleneck* b = chosen_bottleneck(in.current);
  const std::string hot = b ? b->stage : std::string();
  std::string body = absl::StrCat("<p class=\"note\">", format_count(g.records),
                                  " records entered the funnel; ", format_count(g.won), " won (",
                                  format_percent(g.win_rate.value), " of closed deals), revenue ",
                                  format_money(g.won_revenue.value()), ".</p>");
  if (b) {
    absl::StrAppend(&body, "<p class=\"bottleneck\"><strong>Bottleneck: ",
                    escape(stage_label(*in.graph, b->stage)), "</strong> \u2014 step conversion ",
                    format_percent(b->current.value), "; one more point is worth about ",
                    format_money(b->revenue_per_point), " of won revenue. ", escape(sentence(b->reason)), "</p>");
  }
  absl::StrAppend(&body, svg_chart(g, *in.graph, hot), table(g, *in.graph, hot));
  return Section{"funnel", "Funnel", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
