// Attribution by channel: which channels the won deals' touches credit,
// under four of the nine models side by side (where they agree, the answer
// does not hang on the model), and what each campaign cost per win. Drawn
// only when the data set has touches and some conversion was credited.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr AttributionModel kShown[] = {AttributionModel::kFirstTouch, AttributionModel::kLinear,
                                       AttributionModel::kMarkov, AttributionModel::kShapley};
constexpr std::size_t kMaxCampaigns = 15;

const char* model_label(AttributionModel m) {
  switch (m) {
    case AttributionModel::kFirstTouch: return "First touch";
    case AttributionModel::kLinear: return "Linear";
    case AttributionModel::kMarkov: return "Markov";
    case AttributionModel::kShapley: return "Shapley";
    default: return "";
  }
}

std::string cell(double x) {
  return absl::StrCat("<td data-value=\"", raw_number(x), "\">", format_compact(x), "</td>");
}

std::string optional_cell(const std::optional<double>& x, bool money) {
  if (!x || !std::isfinite(*x)) return "<td data-value=\"\">\u2013</td>";
  return absl::StrCat("<td data-value=\"", raw_number(*x), "\">", money ? format_money(*x) : format_percent(*x),
                      "</td>");
}

}  // namespace

std::vector<AttributionModel> dashboard_attribution_models() {
  return std::vector<AttributionModel>(std::begin(kShown), std::end(kShown));
}

std::optional<Section> attribution_section(const DashboardInputs& in) {
  if (!in.attribution || in.attribution->totals.conversions <= 0) return std::nullopt;
  const Attribution& a = *in.attribution;
  // channel -> credited conversions per shown model; channels by linear credit.
  std::map<std::string, std::array<double, std::size(kShown)>> by_channel;
  for (const ChannelCredit& c : a.credits) {
    for (std::size_t m = 0; m < std::size(kShown); ++m) {
      if (c.model != kShown[m]) continue;
      auto [it, fresh] = by_channel.try_emplace(c.channel);
      if (fresh) it->second.fill(0);
      it->second[m] = c.conversions;
    }
  }
  if (by_channel.empty()) return std::nullopt;
  std::vector<std::pair<std::string, std::array<double, std::size(kShown)>>> rows(by_channel.begin(),
                                                                                   by_channel.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x.second[1] > y.second[1]; });
  const double total = a.totals.conversions;
  std::string body = absl::StrCat(
      "<p class=\"note\">", format_compact(total), " conversions (of every period, not only the one shown) with touches before them, credited to ",
      format_count(a.totals.channels), " channels; each model's credits add up to that total. ",
      format_count(a.totals.conversions_without_touches), " conversions had no touch and are not credited; ",
      format_count(a.totals.touches_after_conversion), " touches after a conversion were dropped.</p>",
      "<ul class=\"hbars\">");
  double top = 0;
  for (const auto& r : rows) top = std::max(top, r.second[1]);
  for (const auto& [channel, credit] : rows) {
    const double pct = top > 0 ? 100.0 * credit[1] / top : 0;
    absl::StrAppend(&body, "<li><span class=\"hl\">", channel.empty() ? "<em>(none)</em>" : escape(channel),
                    " \u00B7 ", format_compact(credit[1]), " (", format_percent(credit[1] / total),
                    ", linear)</span><span class=\"hb\" style=\"width:", raw_number(std::round(pct * 10) / 10),
                    "%\"></span></li>");
  }
  absl::StrAppend(&body, "</ul><div class=\"tw\"><table id=\"attribution-table\" class=\"sortable\"><thead><tr>"
                         "<th scope=\"col\"><button type=\"button\">Channel</button></th>");
  for (AttributionModel m : kShown)
    absl::StrAppend(&body, "<th scope=\"col\"><button type=\"button\">", model_label(m), "</button></th>");
  absl::StrAppend(&body, "</tr></thead><tbody>");
  for (const auto& [channel, credit] : rows) {
    absl::StrAppend(&body, "<tr><th scope=\"row\">", channel.empty() ? "<em>(none)</em>" : escape(channel), "</th>");
    for (double x : credit) absl::StrAppend(&body, cell(x));
    absl::StrAppend(&body, "</tr>");
  }
  absl::StrAppend(&body, "</tbody></table></div>");

  // Campaign costs under the linear model, the most credited first.
  std::vector<const CampaignCost*> costs;
  for (const CampaignCost& c : a.costs)
    if (c.model == AttributionModel::kLinear && c.cost) costs.push_back(&c);
  if (!costs.empty()) {
    std::stable_sort(costs.begin(), costs.end(), [](const CampaignCost* x, const CampaignCost* y) {
      return x->attributed_conversions > y->attributed_conversions;
    });
    absl::StrAppend(&body, "<details><summary>Campaign cost per win and ROI (linear credit; ",
                    format_count(costs.size()), " campaigns with a known cost", costs.size() > kMaxCampaigns
                        ? absl::StrCat(", the ", kMaxCampaigns, " most credited shown")
                        : std::string(),
                    ")</summary><div class=\"tw\"><table id=\"campaign-cost-table\"><thead><tr>"
                    "<th scope=\"col\">Campaign</th><th scope=\"col\">Cost</th><th scope=\"col\">Leads</th>"
                    "<th scope=\"col\">Wins credited</th><th scope=\"col\">Cost per win</th>"
                    "<th scope=\"col\">ROI</th></tr></thead><tbody>");  // 15 rows at most: not sorted
    for (std::size_t i = 0; i < costs.size() && i < kMaxCampaigns; ++i) {
      const CampaignCost& c = *costs[i];
      absl::StrAppend(&body, "<tr><th scope=\"row\">", escape(c.campaign), "</th>", optional_cell(c.cost, true),
                      "<td data-value=\"", raw_count(c.leads), "\">", format_count(c.leads), "</td>",
                      cell(c.attributed_conversions), optional_cell(c.cost_per_win, true),
                      optional_cell(c.roi, false), "</tr>");
    }
    absl::StrAppend(&body, "</tbody></table></div></details>");
  }
  return Section{"attribution", "Attribution by channel", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
