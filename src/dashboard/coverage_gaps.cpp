// Coverage gaps, under the tier split: how many tiered accounts are not
// worked as their tier's play asks (A with too few key contacts reached or a
// cadence stopped too early, B with no phone touch, C in no mass campaign —
// whatever the model's plays say), by rule, per rep (sortable), and the
// worst accounts. Every figure is check_coverage()'s; the page only counts
// its per-account gaps and orders them, in one pass over the accounts.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

// A phone's screenful each: the worst accounts, and the reps (the rest are
// in `modelfunnel tier --table coverage|rep_gaps`, and a note says so).
constexpr std::size_t kMaxWorst = 10;
constexpr std::size_t kMaxReps = 50;

constexpr std::array<CoverageGap, 4> kGaps = {CoverageGap::kContacts, CoverageGap::kCadence, CoverageGap::kChannel,
                                              CoverageGap::kCampaign};

const char* gap_label(CoverageGap g) {
  switch (g) {
    case CoverageGap::kContacts: return "Too few contacts reached";
    case CoverageGap::kCadence: return "Cadence stopped too early";
    case CoverageGap::kChannel: return "Required channel untouched";
    case CoverageGap::kCampaign: return "In no mass campaign";
  }
  return "";
}

std::string list_text(const std::vector<std::string>& items, const char* sep) {
  std::vector<std::string> escaped;
  escaped.reserve(items.size());
  for (const std::string& i : items) escaped.push_back(escape(i));
  return absl::StrJoin(escaped, sep);
}

/// What @p play asks under gap @p g, for people (escaped); empty: nothing.
std::string requirement(const TierPlay& play, CoverageGap g) {
  switch (g) {
    case CoverageGap::kContacts:
      if (play.min_contacts == 0) return {};
      return absl::StrCat("fewer than ", format_count(play.min_contacts), " key contacts reached",
                          play.key_roles.empty() ? std::string()
                                                 : absl::StrCat(" (roles: ", list_text(play.key_roles, ", "), ")"));
    case CoverageGap::kCadence:
      if (play.min_cadence_months == 0) return {};
      return absl::StrCat("cadence stopped before ", format_count(play.min_cadence_months), " months");
    case CoverageGap::kChannel:
      if (play.required_channels.empty()) return {};
      return absl::StrCat("no ", list_text(play.required_channels, " or no "), " touch");
    case CoverageGap::kCampaign:
      if (play.campaign_channels.empty()) return {};
      return absl::StrCat("in no campaign on ", list_text(play.campaign_channels, " or "));
  }
  return {};
}

std::size_t index_of(CoverageGap g) { return static_cast<std::size_t>(g); }

std::uint64_t shortfall(const Coverage& c, const AccountCoverage& a) {
  const std::uint64_t need = a.tier < c.plays.size() ? c.plays[a.tier].min_contacts : 0;
  return need > a.contacts_reached ? need - a.contacts_reached : 0;
}

std::string count_td(const char* col, std::uint64_t n) {
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_count(n), "\">", format_count(n), "</td>");
}

std::string day(const std::optional<Timestamp>& t) {
  return t ? format_timestamp(*t).substr(0, 10) : std::string("\u2013");
}

std::string gaps_text(const std::vector<CoverageGap>& gaps, const char* sep) {
  std::string out;
  for (CoverageGap g : gaps) absl::StrAppend(&out, out.empty() ? "" : sep, std::string(to_string(g)));
  return out;
}

/// Accounts with each gap, and accounts whose play asks for it, by rule.
std::string by_rule(const Tiering& t, const Coverage& c) {
  std::array<std::uint64_t, kGaps.size()> with{}, checked{};
  std::vector<std::array<bool, kGaps.size()>> asks(c.plays.size());
  std::vector<std::string> rules(kGaps.size());
  for (std::size_t p = 0; p < c.plays.size(); ++p)
    for (CoverageGap g : kGaps) {
      const std::string r = requirement(c.plays[p], g);
      asks[p][index_of(g)] = !r.empty();
      if (!r.empty()) {
        const std::string tier = p < t.tiers.size() ? t.tiers[p].name : c.plays[p].tier;
        absl::StrAppend(&rules[index_of(g)], rules[index_of(g)].empty() ? "" : "; ", escape(tier), ": ", r);
      }
    }
  for (const AccountCoverage& a : c.accounts) {
    if (a.tier < asks.size())
      for (std::size_t g = 0; g < kGaps.size(); ++g) checked[g] += asks[a.tier][g] ? 1 : 0;
    for (CoverageGap g : a.gaps) ++with[index_of(g)];
  }
  std::uint64_t top = 1;
  for (std::uint64_t n : with) top = std::max(top, n);
  std::string bars = "<ul class=\"hbars\">";
  std::string table =
      "<div class=\"tw\"><table id=\"coverage-gaps\"><caption>Accounts with each gap against their tier's play"
      "</caption><thead><tr><th scope=\"col\">Gap</th><th scope=\"col\">Rule</th><th scope=\"col\">Accounts</th>"
      "<th scope=\"col\">Checked</th><th scope=\"col\">Share</th></tr></thead><tbody>";
  for (CoverageGap g : kGaps) {
    const std::size_t i = index_of(g);
    const double share = checked[i] ? static_cast<double>(with[i]) / static_cast<double>(checked[i]) : NAN;
    const std::string rule = rules[i].empty() ? std::string("no tier's play asks for it") : rules[i];
    absl::StrAppend(&bars, "<li data-gap=\"", std::string(to_string(g)), "\"><span class=\"hl\">", gap_label(g),
                    " \u00B7 ", format_count(with[i]), " of ", format_count(checked[i]), " accounts checked",
                    checked[i] ? absl::StrCat(" (", format_percent(share), ")") : std::string(),
                    "</span><span class=\"hb\" style=\"width:",
                    raw_number(std::round(1000.0 * static_cast<double>(with[i]) / static_cast<double>(top)) / 10),
                    "%\"></span></li>");
    absl::StrAppend(&table, "<tr data-gap=\"", std::string(to_string(g)), "\"><th scope=\"row\">", gap_label(g),
                    "</th><td>", rule, "</td>", count_td("accounts", with[i]), count_td("checked", checked[i]),
                    "<td data-col=\"share\" data-value=\"", raw_number(share), "\">", format_percent(share),
                    "</td></tr>");
  }
  absl::StrAppend(&bars, "</ul>");
  absl::StrAppend(&table, "</tbody></table></div>");
  return bars + table;
}

std::string sortable_th(const char* label) {
  return absl::StrCat("<th scope=\"col\"><button type=\"button\">", label, "</button></th>");
}

/// One row per rep, the reps with the most accounts with gaps first.
std::string per_rep(const Coverage& c) {
  std::vector<const RepCoverage*> reps;
  reps.reserve(c.reps.size());
  for (const RepCoverage& r : c.reps) reps.push_back(&r);
  const std::size_t all = reps.size();
  // Stable: ties keep the engine's order (assignment or name).
  std::stable_sort(reps.begin(), reps.end(),
                   [](const RepCoverage* a, const RepCoverage* b) { return a->with_gaps > b->with_gaps; });
  if (reps.size() > kMaxReps) reps.resize(kMaxReps);
  std::string out = absl::StrCat(
      "<h3>Per rep</h3><div class=\"tw\"><table class=\"sortable\" id=\"coverage-reps\"><caption>Coverage gaps per "
      "rep (select a heading to sort)</caption><thead><tr>",
      sortable_th("Rep"), sortable_th("Accounts"), sortable_th("With gaps"), sortable_th("Contacts"),
      sortable_th("Cadence"), sortable_th("Channel"), sortable_th("Campaign"), sortable_th("Contacts to reach"),
      "</tr></thead><tbody>");
  for (const RepCoverage* r : reps)
    absl::StrAppend(&out, "<tr data-rep=\"", escape(r->rep), "\"><th scope=\"row\">",
                    r->rep.empty() ? std::string("<em>(no rep)</em>") : escape(r->rep), "</th>",
                    count_td("accounts", r->accounts), count_td("with_gaps", r->with_gaps),
                    count_td("gap_contacts", r->contacts), count_td("gap_cadence", r->cadence),
                    count_td("gap_channel", r->channel), count_td("gap_campaign", r->campaign),
                    count_td("contacts_to_reach", r->contacts_to_reach), "</tr>");
  absl::StrAppend(&out, "</tbody></table></div>");
  if (all > reps.size())
    absl::StrAppend(&out, "<p class=\"note\">The ", reps.size(), " reps with the most accounts with gaps of ",
                    format_count(all), " are shown; <code>modelfunnel tier --table rep_gaps</code> lists them all.</p>");
  return out;
}

/// The accounts with the most gaps; then the better tier (an A account's
/// gap costs most), the most key contacts still to reach, the tier order.
std::string worst(const Tiering& t, const Coverage& c) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < c.accounts.size(); ++i)
    if (!c.accounts[i].gaps.empty()) idx.push_back(i);
  if (idx.empty()) return {};
  const auto worse = [&](std::size_t x, std::size_t y) {
    const AccountCoverage& a = c.accounts[x];
    const AccountCoverage& b = c.accounts[y];
    if (a.gaps.size() != b.gaps.size()) return a.gaps.size() > b.gaps.size();
    if (a.tier != b.tier) return a.tier < b.tier;
    const std::uint64_t sa = shortfall(c, a), sb = shortfall(c, b);
    if (sa != sb) return sa > sb;
    return x < y;
  };
  const std::size_t shown = std::min(kMaxWorst, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(shown), idx.end(), worse);
  std::string out = absl::StrCat(
      "<h3>Worst covered accounts</h3><p class=\"note\">The ", shown, " accounts with the most gaps (then the "
      "higher tier, the most key contacts still to reach).",
      idx.size() > shown ? " <code>modelfunnel tier --table coverage</code> lists every account." : "",
      "</p><div class=\"tw\"><table id=\"coverage-worst\"><thead><tr><th scope=\"col\">Account</th>"
      "<th scope=\"col\">Tier</th><th scope=\"col\">Rep</th><th scope=\"col\">Gaps</th>"
      "<th scope=\"col\">Key contacts reached</th><th scope=\"col\">Touches</th><th scope=\"col\">Last touch</th>"
      "<th scope=\"col\">Missing channels</th></tr></thead><tbody>");
  for (std::size_t k = 0; k < shown; ++k) {
    const AccountCoverage& a = c.accounts[idx[k]];
    const std::uint64_t need = a.tier < c.plays.size() ? c.plays[a.tier].min_contacts : 0;
    const std::string tier = a.tier < t.tiers.size() ? t.tiers[a.tier].name : std::string();
    absl::StrAppend(&out, "<tr data-account=\"", escape(a.id), "\" data-gaps=\"", gaps_text(a.gaps, ";"),
                    "\"><th scope=\"row\">", escape(a.id), "</th><td>", escape(tier), "</td><td>",
                    a.rep.empty() ? std::string("<em>(no rep)</em>") : escape(a.rep), "</td><td>",
                    gaps_text(a.gaps, ", "), "</td><td data-col=\"contacts_reached\" data-value=\"",
                    raw_count(a.contacts_reached), "\">", format_count(a.contacts_reached),
                    need ? absl::StrCat(" of ", format_count(need)) : std::string(), "</td>",
                    count_td("touches", a.touches), "<td>", day(a.last_touch), "</td><td>",
                    a.missing_channels.empty() ? std::string("\u2013") : list_text(a.missing_channels, ", "),
                    "</td></tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

/// Rows left out or counted once, as `modelfunnel tier` notes them.
std::string read_notes(const CoverageCounts& k) {
  std::vector<std::string> notes;
  const auto add = [&](std::uint64_t n, const char* what) {
    if (n) notes.push_back(absl::StrCat(format_count(n), " ", what));
  };
  add(k.contacts_unknown_account, "contacts name an account that is not in the accounts file; they were left out.");
  add(k.contacts_duplicate, "contact rows repeat a contact; counted once.");
  add(k.contacts_blank_role, "contacts have no role.");
  add(k.activities_unknown_contact, "activities name no known contact; they were left out.");
  add(k.activities_duplicate, "activities repeat another exactly; counted once.");
  add(k.activities_after_as_of, "activities are after the as-of day; left out.");
  add(k.activities_blank_channel, "activities have no channel (kept as touches).");
  if (notes.empty()) return {};
  std::string out = "<ul class=\"note\" id=\"coverage-notes\">";
  for (const std::string& n : notes) absl::StrAppend(&out, "<li>", n, "</li>");
  absl::StrAppend(&out, "</ul>");
  return out;
}

}  // namespace

std::string coverage_gaps_html(const Tiering& t, const Coverage& c) {
  std::string out = absl::StrCat(
      "<h3>Coverage gaps</h3><p class=\"note\" id=\"coverage-summary\" data-accounts=\"", raw_count(c.accounts.size()),
      "\" data-with-gaps=\"", raw_count(c.accounts_with_gaps), "\" data-as-of=\"",
      c.as_of ? day(c.as_of) : std::string(), "\">", format_count(c.accounts_with_gaps), " of ",
      format_count(c.accounts.size()), " accounts are not worked as their tier's play asks",
      c.as_of ? absl::StrCat(" (cadences judged on ", day(c.as_of), ")") : std::string(" (no touches)"), ", from ",
      format_count(c.counts.contacts), " contact rows and ", format_count(c.counts.activities),
      " activity rows.</p>");
  absl::StrAppend(&out, by_rule(t, c), per_rep(c), worst(t, c), read_notes(c.counts));
  return out;
}

}  // namespace modelfunnel::internal::dashboard
