#include "reference_coverage.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <tuple>

namespace mf_tier_test {
namespace {

namespace mf = modelfunnel;
namespace chr = std::chrono;

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// Lower case, trimmed, inner runs of spaces as one (the docs' matching).
std::string norm(const std::string& s) {
  std::string out;
  bool gap = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t') {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const std::string& cell(const mf::CsvTable& t, std::size_t r, const char* column) {
  static const std::string blank;
  const auto c = t.column(column);
  return c ? t.rows[r][*c] : blank;
}

chr::sys_days day(const std::string& text) {
  const auto t = mf::parse_timestamp(trim(text), mf::TimeFormat::iso8601());
  return chr::floor<chr::days>(chr::sys_time<chr::microseconds>(chr::microseconds(t->micros())));
}

std::string date(chr::sys_days d) {
  const chr::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

chr::sys_days plus_months(chr::sys_days d, std::uint64_t months) {
  chr::year_month_day ymd(d);
  ymd += chr::months(static_cast<long>(months));
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / chr::last;
  return chr::sys_days(ymd);
}

}  // namespace

ReferenceCoverageResult reference_coverage(const std::vector<mf::TierPlay>& plays,
                                           const std::map<std::string, std::string>& tier_of,
                                           const std::map<std::string, std::string>& rep_of,
                                           const mf::CsvTable& contacts, const mf::CsvTable& activities,
                                           const std::optional<std::string>& as_of) {
  ReferenceCoverageResult out;
  auto play_of = [&](const std::string& tier) -> const mf::TierPlay& {
    for (const auto& p : plays)
      if (p.tier == tier) return p;
    return plays.front();
  };
  // Contacts: the first row of a contact under a known account counts.
  std::map<std::string, std::pair<std::string, std::string>> contact;  // id -> account, role
  for (std::size_t r = 0; r < contacts.rows.size(); ++r) {
    const std::string account = trim(cell(contacts, r, "account_id"));
    const std::string id = trim(cell(contacts, r, "contact_id"));
    if (!tier_of.count(account)) {
      ++out.contacts_unknown_account;
      continue;
    }
    if (contact.count(id)) {
      ++out.contacts_duplicate;
      continue;
    }
    contact[id] = {account, norm(cell(contacts, r, "role"))};
    if (contact[id].second.empty()) ++out.contacts_blank_role;
  }
  // Activities: of known contacts, each distinct row once.
  struct Touch {
    std::string contact, channel;
    chr::sys_days day;
    bool campaign;
    long long micros;
  };
  std::vector<Touch> touches;
  std::set<std::tuple<std::string, long long, std::string, std::string>> seen;
  for (std::size_t r = 0; r < activities.rows.size(); ++r) {
    const std::string id = trim(cell(activities, r, "contact_id"));
    if (!contact.count(id)) {
      ++out.activities_unknown_contact;
      continue;
    }
    const auto t = mf::parse_timestamp(trim(cell(activities, r, "time")), mf::TimeFormat::iso8601());
    const std::string channel = norm(cell(activities, r, "channel"));
    const std::string campaign = trim(cell(activities, r, "campaign"));
    if (!seen.insert({id, t->micros(), channel, campaign}).second) {
      ++out.activities_duplicate;
      continue;
    }
    touches.push_back({id, channel, day(cell(activities, r, "time")), !campaign.empty(), t->micros()});
  }
  std::optional<chr::sys_days> today;
  if (as_of) {
    today = day(*as_of);
  } else if (!touches.empty()) {
    long long latest = touches[0].micros;
    for (const auto& t : touches) latest = std::max(latest, t.micros);
    today = chr::floor<chr::days>(chr::sys_time<chr::microseconds>(chr::microseconds(latest)));
  }
  for (const auto& t : touches)
    if (today && t.day > *today) ++out.activities_after_as_of;

  for (const auto& [account, tier] : tier_of) {
    const mf::TierPlay& play = play_of(tier);
    ReferenceCoverage c;
    c.tier = tier;
    c.rep = rep_of.count(account) ? rep_of.at(account) : "";
    std::set<std::string> channels;
    std::optional<chr::sys_days> first, last;
    for (const auto& [id, who] : contact) {
      if (who.first != account) continue;
      ++c.contacts;
      const bool key = play.key_roles.empty() ||
                       std::find(play.key_roles.begin(), play.key_roles.end(), who.second) != play.key_roles.end();
      if (key) ++c.key_contacts;
      bool reached = false;
      for (const auto& t : touches) {
        if (t.contact != id || (today && t.day > *today)) continue;
        reached = true;
        ++c.touches;
        if (!t.channel.empty()) channels.insert(t.channel);
        if (t.campaign && std::find(play.campaign_channels.begin(), play.campaign_channels.end(), t.channel) !=
                              play.campaign_channels.end())
          ++c.campaign_touches;
        if (!first || t.day < *first) first = t.day;
        if (!last || t.day > *last) last = t.day;
      }
      if (key && reached) ++c.reached;
    }
    if (first) {
      c.first = date(*first);
      c.last = date(*last);
      c.cadence_days = (*last - *first).count();
      c.running = today && (*today - *last).count() <= static_cast<long long>(play.max_silence_days);
    }
    for (const auto& ch : play.required_channels)
      if (!channels.count(ch)) c.missing_channels.push_back(ch);
    if (c.reached < play.min_contacts) c.gaps.push_back("contacts");
    if (play.min_cadence_months > 0 && !c.running && !(first && *last >= plus_months(*first, play.min_cadence_months)))
      c.gaps.push_back("cadence");
    if (!c.missing_channels.empty()) c.gaps.push_back("channel");
    if (!play.campaign_channels.empty() && c.campaign_touches == 0) c.gaps.push_back("campaign");
    auto& r = out.reps[c.rep];
    r.resize(7, 0);
    ++r[0];
    if (!c.gaps.empty()) ++r[1];
    for (const auto& g : c.gaps)
      ++r[g == "contacts" ? 2 : g == "cadence" ? 3 : g == "channel" ? 4 : 5];
    if (c.reached < play.min_contacts) r[6] += play.min_contacts - c.reached;
    out.accounts[account] = std::move(c);
  }
  return out;
}

}  // namespace mf_tier_test
