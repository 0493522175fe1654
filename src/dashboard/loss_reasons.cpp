// Loss reasons: why records were lost, over every stage of the main path,
// most frequent first, as bars and as a table (stage by stage).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {
constexpr std::size_t kMaxReasons = 12;
}

std::optional<Section> loss_reasons_section(const DashboardInputs& in) {
  if (in.current.groups.empty()) return std::nullopt;
  const FunnelGroup& g = total_group(in.current);
  std::map<std::string, std::uint64_t> totals;
  std::uint64_t lost = 0;
  for (const StageRow& s : g.stages)
    for (const ReasonCount& rc : s.loss_reasons) {
      totals[rc.reason] += rc.count;
      lost += rc.count;
    }
  if (totals.empty()) return std::nullopt;
  std::vector<std::pair<std::string, std::uint64_t>> ranked(totals.begin(), totals.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::uint64_t top = ranked.front().second;
  std::string body = absl::StrCat("<p class=\"note\">", format_count(lost),
                                  " records were lost; the reasons recorded for them.</p><ul class=\"hbars\">");
  for (std::size_t i = 0; i < ranked.size() && i < kMaxReasons; ++i) {
    const auto& [reason, count] = ranked[i];
    const double pct = 100.0 * static_cast<double>(count) / static_cast<double>(top);
    absl::StrAppend(&body, "<li><span class=\"hl\">", reason.empty() ? "<em>(no reason recorded)</em>" : escape(reason),
                    " \u00B7 ", format_count(count), " (", format_percent(static_cast<double>(count) / static_cast<double>(lost)),
                    ")</span><span class=\"hb\" style=\"width:", raw_number(std::round(pct * 10) / 10),
                    "%\"></span></li>");
  }
  absl::StrAppend(&body, "</ul><details><summary>Loss reasons by stage</summary><div class=\"tw\"><table "
                         "id=\"loss-table\"><thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Reason</th>"
                         "<th scope=\"col\">Records</th></tr></thead><tbody>");
  for (const StageRow& s : g.stages)
    for (const ReasonCount& rc : s.loss_reasons)
      absl::StrAppend(&body, "<tr><th scope=\"row\">", escape(stage_label(*in.graph, s.stage)), "</th><td>",
                      rc.reason.empty() ? "<em>(none)</em>" : escape(rc.reason), "</td><td data-value=\"",
                      raw_count(rc.count), "\">", format_count(rc.count), "</td></tr>");
  absl::StrAppend(&body, "</tbody></table></div></details>");
  return Section{"loss-reasons", "Loss reasons", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
