// Tiering: how many accounts each tier got against its target share (pins,
// floors, stability and roll-up move it), how close the last account of a
// tier is to the first of the next (the cut-off margin), and the accounts
// whose missing values could move them across a cut-off, with the attribute
// worth researching. Drawn only when accounts and a fit model were given;
// with contacts, the coverage gaps follow (coverage_gaps.cpp).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr std::size_t kMaxUncertain = 15;

std::string score_cell(const char* col, const std::optional<double>& x) {
  if (!x) return absl::StrCat("<td data-col=\"", col, "\" data-value=\"\">\u2013</td>");
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_fixed(*x, 4), "\">", format_compact(*x), "</td>");
}

std::string count_cell(const char* col, std::uint64_t n) {
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_count(n), "\">", format_count(n), "</td>");
}

std::string split_bars(const Tiering& t, std::uint64_t accounts) {
  std::uint64_t top = 1;
  for (const TierSummary& s : t.tiers) top = std::max({top, s.count, s.target});
  std::string out = "<ul class=\"hbars\">";
  for (const TierSummary& s : t.tiers) {
    const double pct = 100.0 * static_cast<double>(s.count) / static_cast<double>(top);
    absl::StrAppend(&out, "<li><span class=\"hl\">", escape(s.name), " \u00B7 ", format_count(s.count), " (",
                    format_percent(accounts ? static_cast<double>(s.count) / static_cast<double>(accounts) : NAN),
                    ") against a target of ", format_count(s.target), " (", format_percent(s.share), ")",
                    "</span><span class=\"hb\" style=\"width:", raw_number(std::round(pct * 10) / 10),
                    "%\"></span></li>");
  }
  absl::StrAppend(&out, "</ul>");
  return out;
}

std::string split_table(const Tiering& t) {
  std::string out =
      "<div class=\"tw\"><table id=\"tier-table\"><caption>Accounts per tier against the target share</caption>"
      "<thead><tr><th scope=\"col\">Tier</th><th scope=\"col\">Share</th><th scope=\"col\">Target</th>"
      "<th scope=\"col\">Accounts</th><th scope=\"col\">Difference</th><th scope=\"col\">Pinned</th>"
      "<th scope=\"col\">Kept</th><th scope=\"col\">Uncertain</th><th scope=\"col\">Lowest score</th>"
      "<th scope=\"col\">Highest score</th></tr></thead><tbody>";
  for (const TierSummary& s : t.tiers)
    absl::StrAppend(&out, "<tr data-tier=\"", escape(s.name), "\"><th scope=\"row\">", escape(s.name), "</th>",
                    "<td data-col=\"share\" data-value=\"", raw_number(s.share), "\">", format_percent(s.share),
                    "</td>", count_cell("target", s.target), count_cell("count", s.count),
                    "<td data-col=\"difference\" data-value=\"", s.difference, "\">",
                    format_signed_count(s.difference), "</td>", count_cell("pinned", s.pinned),
                    count_cell("kept", s.kept), count_cell("uncertain", s.uncertain),
                    score_cell("min_score", s.min_score), score_cell("max_score", s.max_score), "</tr>");
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

std::string cutoff_table(const Tiering& t) {
  if (t.cutoffs.empty()) return {};
  std::string out =
      "<div class=\"tw\"><table id=\"tier-cutoffs\"><caption>Cut-off margins: the lowest score in the upper "
      "tier less the highest in the lower (small: a point of data moves accounts across; negative: pins, "
      "stability or roll-up put a lower score above)</caption><thead><tr><th scope=\"col\">Cut-off</th>"
      "<th scope=\"col\">Last in upper</th><th scope=\"col\">First in lower</th><th scope=\"col\">Margin</th>"
      "</tr></thead><tbody>";
  for (const TierCutoff& c : t.cutoffs)
    absl::StrAppend(&out, "<tr data-cutoff=\"", escape(c.upper), "/", escape(c.lower), "\"><th scope=\"row\">",
                    escape(c.upper), " / ", escape(c.lower), "</th>", score_cell("last_upper", c.last_upper),
                    score_cell("first_lower", c.first_lower), score_cell("margin", c.margin), "</tr>");
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

std::string uncertain_table(const Tiering& t, std::uint64_t uncertain) {
  if (uncertain == 0) return "<p class=\"note\">No account is uncertain: no missing value could move one across a cut-off.</p>";
  std::string out = absl::StrCat(
      "<h3>Uncertain accounts</h3><p class=\"note\">", format_count(uncertain),
      uncertain == 1 ? " account has" : " accounts have",
      " missing values whose range straddles a cut-off: researching the attribute named could change the tier.",
      uncertain > kMaxUncertain ? absl::StrCat(" The ", kMaxUncertain, " best ranked are listed; "
                                               "<code>modelfunnel tier</code> lists them all.")
                                : std::string(),
      "</p><div class=\"tw\"><table id=\"tier-uncertain\"><thead><tr><th scope=\"col\">Account</th>"
      "<th scope=\"col\">Tier</th><th scope=\"col\">Score</th><th scope=\"col\">Possible range</th>"
      "<th scope=\"col\">Research</th></tr></thead><tbody>");
  std::size_t shown = 0;
  for (const TieredAccount& a : t.accounts) {
    if (!a.uncertain) continue;
    if (++shown > kMaxUncertain) break;
    absl::StrAppend(&out, "<tr data-account=\"", escape(a.id), "\"><th scope=\"row\">", escape(a.id), "</th><td>",
                    escape(t.tiers[a.tier].name), "</td>", score_cell("score", a.score), "<td>",
                    format_compact(a.score_low), "\u2013", format_compact(a.score_high), "</td><td>",
                    escape(a.research), "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

}  // namespace

std::optional<Section> tiering_section(const DashboardInputs& in) {
  if (!in.tiering) return std::nullopt;
  const Tiering& t = *in.tiering;
  std::uint64_t uncertain = 0;
  for (const TierSummary& s : t.tiers) uncertain += s.uncertain;
  std::string body = absl::StrCat("<p class=\"note\" id=\"tier-summary\" data-accounts=\"",
                                  raw_count(t.accounts.size()), "\">", format_count(t.accounts.size()),
                                  " accounts scored by the fit model and split into ", format_count(t.tiers.size()),
                                  " tiers", t.rolled_up ? ", subsidiaries taking their parent's tier" : "", ".</p>",
                                  split_bars(t, t.accounts.size()), split_table(t), cutoff_table(t),
                                  uncertain_table(t, uncertain));
  if (in.coverage) absl::StrAppend(&body, coverage_gaps_html(t, *in.coverage));
  return Section{"tiering", "Tier split", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
