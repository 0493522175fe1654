// Breakdown tables: one sortable table per attribute (channel, campaign,
// segment, owner, ...): records, won, conversion from entry to won, win
// rate and won revenue per value.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

// About what a person compares at once, and a phone's screenful or two;
// a note says how many values there are.
constexpr std::size_t kMaxRows = 25;

std::string sortable_th(const std::string& label) {
  return absl::StrCat("<th scope=\"col\"><button type=\"button\">", label, "</button></th>");
}

std::string num_td(const std::string& raw, const std::string& shown) {
  return absl::StrCat("<td data-value=\"", raw, "\">", shown, "</td>");
}

std::string table(const FunnelReport& r, const StageGraph& graph) {
  const std::string attr = r.by.empty() ? std::string() : r.by.front();
  std::vector<const FunnelGroup*> rows;
  for (const FunnelGroup& g : r.groups)
    if (!g.total && !g.bucket) rows.push_back(&g);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const FunnelGroup* a, const FunnelGroup* b) { return a->records > b->records; });
  const std::size_t all = rows.size();
  if (rows.size() > kMaxRows) rows.resize(kMaxRows);
  const std::string won_stage =
      r.main_path.empty() ? std::string("won") : stage_label(graph, r.main_path.back());
  std::string out = absl::StrCat(
      "<h3>By ", escape(attr), "</h3><div class=\"tw\"><table class=\"sortable\" data-by=\"", escape(attr),
      "\"><thead><tr>", sortable_th(escape(attr)), sortable_th("Records"), sortable_th(escape(won_stage)),
      sortable_th("Entry \u2192 won"), sortable_th("Win rate"), sortable_th("Revenue"),
      "</tr></thead><tbody>");
  for (const FunnelGroup* g : rows) {
    const std::optional<std::string>& key = g->key.front();
    const StageRow* last = g->stages.empty() ? nullptr : &g->stages.back();
    absl::StrAppend(&out, "<tr><th scope=\"row\">", key ? escape(*key) : "<em>(missing)</em>", "</th>",
                    num_td(raw_count(g->records), format_count(g->records)),
                    num_td(raw_count(last ? last->reached : 0), format_count(last ? last->reached : 0)),
                    num_td(raw_number(last ? last->overall.value : 0), format_percent(last ? last->overall.value : 0)),
                    num_td(raw_number(g->win_rate.value), format_percent(g->win_rate.value)),
                    num_td(raw_number(g->won_revenue.value()), format_money(g->won_revenue.value())), "</tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  if (all > rows.size())
    absl::StrAppend(&out, "<p class=\"note\">The ", rows.size(), " largest of ", format_count(all),
                    " values are shown.</p>");
  return out;
}

}  // namespace

std::optional<Section> breakdown_section(const DashboardInputs& in) {
  if (in.breakdowns.empty()) return std::nullopt;
  std::string body = "<p class=\"note\">Select a column heading to sort.</p>";
  for (const FunnelReport& r : in.breakdowns) absl::StrAppend(&body, table(r, *in.graph));
  return Section{"breakdown", "Breakdown", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
