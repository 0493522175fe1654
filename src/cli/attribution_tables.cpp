// Attribution tables for people; see attribution_tables.hpp.
#include "attribution_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace modelfunnel::cli {
namespace {

// A count of conversions for people: two decimals, thousands separators.
std::string people(double x) {
  if (!std::isfinite(x)) return "";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  std::string s = buf;
  const std::size_t dot = s.find('.');
  std::string out;
  const std::size_t start = s[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (i > start && (dot - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out + s.substr(dot);
}

Cell opt_people(const std::optional<double>& x) { return x ? Cell(people(*x)) : Cell(); }
Cell opt_money(const std::optional<double>& x) { return x ? Cell(Money{*x}) : Cell(); }

std::string percent(double share) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

}  // namespace

void add_attribution_tables(Report& report, const Attribution& a) {
  Table& totals = report.add_single("attribution_totals", "Attribution input");
  set(totals, "journeys", std::uint64_t{a.totals.journeys});
  set(totals, "conversions", people(a.totals.conversions));
  set(totals, "value", Money{a.totals.value});
  set(totals, "non_converting", people(a.totals.nulls));
  set(totals, "touches", std::uint64_t{a.totals.touches});
  set(totals, std::string(to_string(a.by)) + "s", std::uint64_t{a.totals.channels});
  if (a.markov_conversion_probability) set(totals, "markov_conversion_probability", *a.markov_conversion_probability);

  Table& credits = report.add("credits", "Credits by model and " + std::string(to_string(a.by)),
                              {"model", std::string(to_string(a.by)), "conversions", "value", "share", "ci_low",
                               "ci_high"});
  for (const ChannelCredit& c : a.credits)
    credits.add_row({std::string(to_string(c.model)), c.channel, people(c.conversions), Money{c.value},
                     percent(c.share), opt_people(c.ci_low), opt_people(c.ci_high)});
  if (a.costs.empty()) return;
  AttributionModel shown = a.costs.front().model;
  for (const CampaignCost& c : a.costs)
    if (c.model == AttributionModel::kLinear) shown = c.model;
  Table& costs = report.add("campaign_costs", "Campaign cost and return (" + std::string(to_string(shown)) + " credit)",
                            {"campaign", "cost", "leads", "opportunities", "wins", "attributed_wins",
                             "attributed_value", "cost_per_lead", "cost_per_opportunity", "cost_per_win", "roi"});
  for (const CampaignCost& c : a.costs) {
    if (c.model != shown) continue;
    costs.add_row({c.campaign, opt_money(c.cost), std::uint64_t{c.leads}, std::uint64_t{c.opportunities},
                   std::uint64_t{c.wins}, people(c.attributed_conversions), Money{c.attributed_value},
                   opt_money(c.cost_per_lead), opt_money(c.cost_per_opportunity), opt_money(c.cost_per_win),
                   c.roi ? Cell(percent(*c.roi)) : Cell()});
  }
  report.notes.push_back("Campaign costs under the other models: --format csv --table costs.");
}

void add_attribution_demo_tables(Report& report, const Attribution& a) {
  std::vector<std::string> columns = {std::string(to_string(a.by))};
  std::vector<std::string> channels;
  std::map<std::pair<std::string, std::string>, double> cell;
  for (const ChannelCredit& c : a.credits) {
    const std::string model(to_string(c.model));
    if (std::find(columns.begin(), columns.end(), model) == columns.end()) columns.push_back(model);
    if (std::find(channels.begin(), channels.end(), c.channel) == channels.end()) channels.push_back(c.channel);
    cell[{c.channel, model}] = c.conversions;
  }
  Table& t = report.add("attribution",
                        "Won deals credited to channels, by model (see 'modelfunnel attribution')", columns);
  for (const std::string& ch : channels) {
    std::vector<Cell> row = {ch};
    for (std::size_t m = 1; m < columns.size(); ++m) row.push_back(people(cell[{ch, columns[m]}]));
    t.add_row(std::move(row));
  }
  std::vector<const CampaignCost*> linear;
  for (const CampaignCost& c : a.costs)
    if (c.model == AttributionModel::kLinear) linear.push_back(&c);
  if (linear.empty()) return;
  std::stable_sort(linear.begin(), linear.end(), [](const CampaignCost* x, const CampaignCost* y) {
    return x->attributed_value > y->attributed_value;
  });
  Table& roi = report.add("campaign_roi", "Campaigns with the most won value (linear credit)",
                          {"campaign", "cost", "leads", "wins", "attributed_wins", "attributed_value", "cost_per_win",
                           "roi"});
  for (std::size_t i = 0; i < linear.size() && i < 10; ++i) {
    const CampaignCost& c = *linear[i];
    roi.add_row({c.campaign, opt_money(c.cost), std::uint64_t{c.leads}, std::uint64_t{c.wins},
                 people(c.attributed_conversions), Money{c.attributed_value}, opt_money(c.cost_per_win),
                 c.roi ? Cell(percent(*c.roi)) : Cell()});
  }
}

void add_attribution_notes(Report& report, const Attribution& a) {
  const AttributionTotals& t = a.totals;
  if (t.touches_after_conversion)
    report.notes.push_back(std::to_string(t.touches_after_conversion) +
                           " touches came after their record's conversion; they were dropped.");
  if (t.touches_outside_lookback)
    report.notes.push_back(std::to_string(t.touches_outside_lookback) +
                           " touches were older than the lookback window; they were dropped.");
  if (t.conversions_without_touches)
    report.notes.push_back(std::to_string(t.conversions_without_touches) +
                           " conversions had no touch before them; they are not credited to any channel.");
  if (a.bootstrap)
    report.notes.push_back("ci_low / ci_high: " + std::to_string(static_cast<int>(std::lround(a.confidence * 100))) +
                           "% bootstrap interval on conversions, " + std::to_string(a.bootstrap) + " replicates.");
}

}  // namespace modelfunnel::cli
