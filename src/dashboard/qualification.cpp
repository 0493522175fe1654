// Qualification: how the rules decide (qualified, nurture, disqualified per
// rule set, as stacked bars and a table) and how each criterion relates to
// winning over history (its lift).
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

std::string mix(const QualifyResult& result) {
  // rule set -> decision -> records, in the order the summary gives.
  std::vector<std::string> sets;
  std::map<std::string, std::map<int, std::uint64_t>> counts;
  for (const DecisionCount& c : result.summary()) {
    if (!counts.count(c.rule_set)) sets.push_back(c.rule_set);
    counts[c.rule_set][static_cast<int>(c.decision)] += c.records;
  }
  constexpr Decision kOrder[] = {Decision::kQualified, Decision::kNurture, Decision::kDisqualified,
                                 Decision::kNoRuleSet};
  std::string bars = "<ul class=\"stacks\">";
  std::string rows;
  for (const std::string& set : sets) {
    std::uint64_t total = 0;
    for (const auto& [d, n] : counts[set]) total += n;
    if (total == 0) continue;
    const std::string name = set.empty() ? std::string("(no rule set)") : set;
    absl::StrAppend(&bars, "<li><span class=\"hl\">", escape(name), " \u00B7 ", format_count(total),
                    "</span><span class=\"stack\">");
    for (Decision d : kOrder) {
      const std::uint64_t n = counts[set][static_cast<int>(d)];
      if (n == 0) continue;
      const double share = static_cast<double>(n) / static_cast<double>(total);
      absl::StrAppend(&bars, "<span class=\"seg d", static_cast<int>(d), "\" style=\"width:",
                      raw_number(std::round(share * 1000) / 10), "%\" title=\"", std::string(to_string(d)), " ",
                      format_percent(share), "\"></span>");
      absl::StrAppend(&rows, "<tr><th scope=\"row\">", escape(name), "</th><td>", std::string(to_string(d)),
                      "</td><td data-value=\"", raw_count(n), "\">", format_count(n), "</td><td>",
                      format_percent(share), "</td></tr>");
    }
    absl::StrAppend(&bars, "</span></li>");
  }
  absl::StrAppend(&bars, "</ul><p class=\"legend\"><span class=\"key d0\"></span>qualified "
                         "<span class=\"key d1\"></span>nurture <span class=\"key d2\"></span>disqualified "
                         "<span class=\"key d3\"></span>no rule set</p>");
  return absl::StrCat(bars, "<div class=\"tw\"><table id=\"qualify-table\"><caption>Decisions</caption>"
                            "<thead><tr><th scope=\"col\">Rule set</th><th scope=\"col\">Decision</th>"
                            "<th scope=\"col\">Records</th><th scope=\"col\">Share</th></tr></thead><tbody>",
                      rows, "</tbody></table></div>");
}

std::string lift_table(const QualifyLift& lift) {
  std::string out = "<div class=\"tw\"><table id=\"lift-table\" class=\"sortable\"><caption>Criterion lift: win "
                    "rate of closed leads where the criterion passed, against where it failed</caption>"
                    "<thead><tr><th scope=\"col\"><button type=\"button\">Criterion</button></th>"
                    "<th scope=\"col\"><button type=\"button\">Closed (pass)</button></th>"
                    "<th scope=\"col\"><button type=\"button\">Win rate (pass)</button></th>"
                    "<th scope=\"col\"><button type=\"button\">Lift</button></th></tr></thead><tbody>";
  bool any = false;
  for (const CriterionLift& c : lift.criteria) {
    if (c.value != Truth::kPass) continue;
    any = true;
    absl::StrAppend(&out, "<tr><th scope=\"row\">", escape(c.rule_set), " / ", escape(c.criterion),
                    "</th><td data-value=\"", raw_count(c.closed), "\">", format_count(c.closed),
                    "</td><td data-value=\"", raw_number(c.win_rate.value), "\">", format_percent(c.win_rate.value),
                    c.win_rate.small_sample ? " (small sample)" : "", "</td><td data-value=\"",
                    raw_number(c.lift), "\">", std::isnan(c.lift) ? "\u2013" : absl::StrCat(raw_number(std::round(c.lift * 100) / 100), "\u00D7"),
                    "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return any ? out : std::string();
}

}  // namespace

std::optional<Section> qualification_section(const DashboardInputs& in) {
  if (!in.qualification) return std::nullopt;
  std::string body = absl::StrCat("<p class=\"note\">How the qualification rules decide each of the ",
                                  format_count(in.qualification->record_count()),
                                  " records (all of them, not only the period's); the lift reads their "
                                  "outcomes so far.</p>",
                                  mix(*in.qualification));
  if (in.lift) absl::StrAppend(&body, lift_table(*in.lift));
  return Section{"qualification", "Qualification", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
