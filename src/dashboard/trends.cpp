// Trends: small multiples, one small bar chart per main-path stage of the
// records that reached it per week or month of funnel entry, and the same
// counts as a table.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

// A year of weeks or two of months: enough to see a trend, few enough that
// a bar stays wider than a hairline on a phone.
constexpr std::size_t kMaxBuckets = 53;
constexpr int kW = 200, kH = 90, kAxis = 76;

std::string bucket_label(Timestamp t, DashboardPeriod period) {
  const std::string iso = format_timestamp(t);  // YYYY-MM-DDT...
  return period == DashboardPeriod::kMonth ? iso.substr(0, 7) : iso.substr(0, 10);
}

std::string small_chart(const std::string& title, const std::vector<const FunnelGroup*>& buckets,
                        std::size_t stage) {
  std::uint64_t top = 1;
  for (const FunnelGroup* g : buckets) top = std::max(top, g->stages[stage].reached);
  const double slot = static_cast<double>(kW) / static_cast<double>(buckets.size());
  std::string out = absl::StrCat("<figure class=\"mini\"><figcaption>", title, "</figcaption><svg viewBox=\"0 0 ",
                                 kW, " ", kH, "\" role=\"img\" aria-label=\"", title,
                                 " per period (see the table)\"><line x1=\"0\" x2=\"", kW, "\" y1=\"",
                                 kAxis, "\" y2=\"", kAxis, "\" class=\"axis\"/>");
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const double h = (kAxis - 4.0) * static_cast<double>(buckets[i]->stages[stage].reached) /
                     static_cast<double>(top);
    absl::StrAppend(&out, "<rect x=\"", raw_number(std::round(i * slot * 10) / 10), "\" y=\"",
                    raw_number(std::round((kAxis - h) * 10) / 10), "\" width=\"",
                    raw_number(std::max(0.5, std::round(slot * 8) / 10)), "\" height=\"",
                    raw_number(std::round(h * 10) / 10), "\" class=\"bar\"/>");
  }
  absl::StrAppend(&out, "<text x=\"0\" y=\"", kH - 2, "\" class=\"tick\">",
                  format_compact(static_cast<double>(top)), " max</text></svg></figure>");
  return out;
}

}  // namespace

std::optional<Section> trends_section(const DashboardInputs& in) {
  if (!in.trends) return std::nullopt;
  std::vector<const FunnelGroup*> buckets;
  for (const FunnelGroup& g : in.trends->groups)
    if (g.bucket && g.key.empty()) buckets.push_back(&g);
  if (buckets.size() < 2) return std::nullopt;  // one point is not a trend
  std::string note;
  if (buckets.size() > kMaxBuckets) {
    note = absl::StrCat(" The last ", kMaxBuckets, " of ", buckets.size(), " periods are shown.");
    buckets.erase(buckets.begin(), buckets.end() - kMaxBuckets);
  }
  const DashboardPeriod period = in.options->period;
  const std::vector<std::string>& path = in.trends->main_path;
  std::string body = absl::StrCat("<p class=\"note\">Records reaching each stage, by ",
                                  std::string(to_string(period)), " of funnel entry (recent cohorts are still "
                                  "converting).", note, "</p><div class=\"minis\">");
  for (std::size_t s = 0; s < path.size(); ++s)
    absl::StrAppend(&body, small_chart(escape(stage_label(*in.graph, path[s])), buckets, s));
  absl::StrAppend(&body, "</div><details><summary>Trends as a table</summary><div class=\"tw\"><table "
                         "id=\"trends-table\"><thead><tr><th scope=\"col\">",
                  period == DashboardPeriod::kMonth ? "Month" : "Week of", "</th>");
  for (const std::string& id : path)
    absl::StrAppend(&body, "<th scope=\"col\">", escape(stage_label(*in.graph, id)), "</th>");
  absl::StrAppend(&body, "</tr></thead><tbody>");
  for (const FunnelGroup* g : buckets) {
    absl::StrAppend(&body, "<tr><th scope=\"row\">", bucket_label(*g->bucket, period), "</th>");
    for (const StageRow& s : g->stages)
      absl::StrAppend(&body, "<td data-value=\"", raw_count(s.reached), "\">", format_count(s.reached), "</td>");
    absl::StrAppend(&body, "</tr>");
  }
  absl::StrAppend(&body, "</tbody></table></div></details>");
  return Section{"trends", "Trends", std::move(body), true};
}

}  // namespace modelfunnel::internal::dashboard
