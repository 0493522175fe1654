// check_coverage(): each account's contacts and touches against its tier's
// play (docs/tiering.md, "Plays and coverage"), and the gaps per rep.
// Rows that cannot be used (a contact of an unknown account, a touch of an
// unknown contact, an exact repeat, a touch after the as-of day) are
// counted in CoverageCounts, never dropped silently.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/csv_input.hpp"
#include "tiering/calendar.hpp"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// What the activities add up to for one account while they are read.
struct Tally {
  std::uint64_t touches = 0, campaign_touches = 0;
  std::int64_t first_day = 0, last_day = 0;
  std::optional<Timestamp> first, last;
  std::vector<std::string> channels;  // sorted, each once (an account has a handful)
  std::uint64_t reached = 0;          // key contacts touched
};

struct Contact {
  std::size_t account = 0;  // index into Tiering::accounts
  bool key = false;
  std::size_t row = 0;
  bool touched = false;  // by a touch up to the as-of day
};

/// A touch as far as repeats go: its contact, time, and channel and
/// campaign by number.
struct TouchKey {
  std::size_t contact;
  std::int64_t micros;
  std::uint32_t channel, campaign;
  friend bool operator==(const TouchKey&, const TouchKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const TouchKey& k) {
    return H::combine(std::move(h), k.contact, k.micros, k.channel, k.campaign);
  }
};

absl::StatusOr<Coverage> run(const CsvTable& accounts_table, const Tiering& tiering, const FitModelData& m,
                             const CsvTable& contacts, const CsvTable* activities, const Assignment* assignment,
                             const CoverageOptions& options) {
  const std::size_t n = tiering.accounts.size();
  bool same_tiers = m.plays.size() == tiering.tiers.size();
  for (std::size_t k = 0; same_tiers && k < m.plays.size(); ++k) same_tiers = m.plays[k].tier == tiering.tiers[k].name;
  if (!same_tiers)
    return absl::InvalidArgumentError("coverage.model: the tiering is not of this model (its tiers differ)");
  if (assignment && assignment->rep.size() != n)
    return absl::InvalidArgumentError("coverage.assignment: the assignment is not of this tiering");
  Coverage out;
  out.plays = m.plays;
  out.accounts.resize(n);

  absl::flat_hash_map<std::string_view, std::size_t> account_of;
  account_of.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    account_of.emplace(tiering.accounts[i].id, i);
    out.accounts[i].id = tiering.accounts[i].id;
    out.accounts[i].tier = tiering.accounts[i].tier;
  }

  // Reps: the assignment's, or the owner column's.
  std::vector<std::string> rep_order;
  if (assignment) {
    for (std::size_t i = 0; i < n; ++i)
      if (assignment->rep[i] >= 0) out.accounts[i].rep = assignment->reps[static_cast<std::size_t>(assignment->rep[i])].rep.id;
    for (const RepAssignment& r : assignment->reps) rep_order.push_back(r.rep.id);
  } else {
    const std::string& owner = options.owner_column.empty() ? m.owner_column : options.owner_column;
    if (!owner.empty()) {
      auto c = need_column(accounts_table, owner, "coverage.column", "the owner column naming each account's rep");
      if (!c.ok()) return c.status();
      std::set<std::string> names;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = tiering.accounts[i].row;
        if (row >= accounts_table.rows.size())
          return absl::InvalidArgumentError("coverage.accounts: the tiering is not of these accounts");
        out.accounts[i].rep = std::string(trimmed(accounts_table.rows[row][*c]));
        if (!out.accounts[i].rep.empty()) names.insert(out.accounts[i].rep);
      }
      rep_order.assign(names.begin(), names.end());
    }
  }

  // Contacts: a contact belongs to one account; a row repeating it is counted once.
  auto account_col = need_column(contacts, "account_id", "coverage.column", "a contacts file has account_id, contact_id and role");
  if (!account_col.ok()) return account_col.status();
  auto contact_col = need_column(contacts, "contact_id", "coverage.column", "a contacts file has account_id, contact_id and role");
  if (!contact_col.ok()) return contact_col.status();
  const std::optional<std::size_t> role_col = contacts.column("role");
  CoverageCounts& counts = out.counts;
  std::set<std::string> unknown_accounts;
  std::vector<Contact> contact_list;
  absl::flat_hash_map<std::string, std::size_t> contact_of;
  for (std::size_t r = 0; r < contacts.rows.size(); ++r) {
    ++counts.contacts;
    const auto& row = contacts.rows[r];
    const std::string_view contact = trimmed(row[*contact_col]);
    if (contact.empty()) return located(contacts, r, *contact_col, "coverage.contact", "blank contact_id");
    const std::string_view account = trimmed(row[*account_col]);
    const auto a = account_of.find(account);
    if (a == account_of.end()) {
      ++counts.contacts_unknown_account;
      unknown_accounts.emplace(account);
      continue;
    }
    const auto [it, fresh] = contact_of.emplace(std::string(contact), contact_list.size());
    if (!fresh) {
      const Contact& first = contact_list[it->second];
      if (first.account != a->second)
        return located(contacts, r, *account_col, "coverage.contact",
                       absl::StrCat("contact \"", av(contact), "\" is under account \"",
                                    tiering.accounts[first.account].id, "\" on line ", contacts.lines[first.row]));
      ++counts.contacts_duplicate;
      continue;
    }
    const std::string role = role_col ? normalise(row[*role_col]) : std::string();
    if (role.empty()) ++counts.contacts_blank_role;
    const TierPlay& play = m.plays[tiering.accounts[a->second].tier];
    const bool key = play.key_roles.empty() || listed(play.key_roles, role);
    contact_list.push_back({a->second, key, r});
    AccountCoverage& ac = out.accounts[a->second];
    ++ac.contacts;
    if (key) ++ac.key_contacts;
  }
  counts.unknown_accounts.assign(unknown_accounts.begin(), unknown_accounts.end());

  // Activities: read and checked first, so the as-of day can default to the latest.
  struct Touch {
    std::size_t contact;
    Timestamp time;
    std::string channel;
    bool campaign;
  };
  std::vector<Touch> touches;
  if (activities) {
    auto c = need_column(*activities, "contact_id", "coverage.column", "an activities file has contact_id, time, channel and campaign");
    if (!c.ok()) return c.status();
    auto t = need_column(*activities, "time", "coverage.column", "an activities file has contact_id, time, channel and campaign");
    if (!t.ok()) return t.status();
    auto ch = need_column(*activities, "channel", "coverage.column", "an activities file has contact_id, time, channel and campaign");
    if (!ch.ok()) return ch.status();
    const std::optional<std::size_t> campaign_col = activities->column("campaign");
    const TimeFormat iso = TimeFormat::iso8601();
    // Repeats are found by a small key: the channel and campaign texts
    // (a handful of distinct ones) numbered once. A tree of tuples of
    // strings took seconds on a million touches.
    absl::flat_hash_map<std::string, std::uint32_t> channel_ids, campaign_ids;
    auto number_of = [](absl::flat_hash_map<std::string, std::uint32_t>& ids, const std::string& text) {
      return ids.emplace(text, static_cast<std::uint32_t>(ids.size())).first->second;
    };
    absl::flat_hash_set<TouchKey> seen;
    seen.reserve(activities->rows.size());
    for (std::size_t r = 0; r < activities->rows.size(); ++r) {
      ++counts.activities;
      const auto& row = activities->rows[r];
      const std::string_view text = trimmed(row[*t]);
      if (text.empty()) return located(*activities, r, *t, "coverage.time", "blank time");
      auto time = parse_timestamp(text, iso);
      if (!time.ok()) return located(*activities, r, *t, "coverage.time", std::string(time.status().message()));
      const auto contact = contact_of.find(av(trimmed(row[*c])));
      if (contact == contact_of.end()) {
        ++counts.activities_unknown_contact;
        continue;
      }
      std::string channel = normalise(row[*ch]);
      std::string campaign = campaign_col ? std::string(trimmed(row[*campaign_col])) : std::string();
      const TouchKey key{contact->second, time->micros(), number_of(channel_ids, channel),
                         number_of(campaign_ids, campaign)};
      if (!seen.insert(key).second) {
        ++counts.activities_duplicate;
        continue;
      }
      if (channel.empty()) ++counts.activities_blank_channel;
      touches.push_back({contact->second, *time, std::move(channel), !campaign.empty()});
    }
  }
  out.as_of = options.as_of;
  if (!out.as_of)
    for (const Touch& t : touches)
      if (!out.as_of || t.time > *out.as_of) out.as_of = t.time;
  // A day and a flag rather than an optional: g++ 12 warns (wrongly) that
  // an optional<int64_t> read under its own check may be uninitialized.
  const bool dated = out.as_of.has_value();
  const std::int64_t as_of_day = dated ? day_of(*out.as_of) : 0;

  std::vector<Tally> tally(n);
  for (const Touch& t : touches) {
    const std::int64_t day = day_of(t.time);
    if (dated && day > as_of_day) {
      ++counts.activities_after_as_of;
      continue;
    }
    const Contact& contact = contact_list[t.contact];
    const TierPlay& play = m.plays[tiering.accounts[contact.account].tier];
    Tally& a = tally[contact.account];
    ++a.touches;
    if (!a.first || t.time < *a.first) a.first = t.time;
    if (!a.last || t.time > *a.last) a.last = t.time;
    if (!t.channel.empty()) {
      const auto at = std::lower_bound(a.channels.begin(), a.channels.end(), t.channel);
      if (at == a.channels.end() || *at != t.channel) a.channels.insert(at, t.channel);
    }
    if (t.campaign && listed(play.campaign_channels, t.channel)) ++a.campaign_touches;
    if (contact.key && !contact.touched) {
      contact_list[t.contact].touched = true;
      ++a.reached;
    }
  }

  // Gaps per account.
  for (std::size_t i = 0; i < n; ++i) {
    AccountCoverage& ac = out.accounts[i];
    const TierPlay& play = m.plays[ac.tier];
    const Tally& a = tally[i];
    ac.contacts_reached = a.reached;
    ac.touches = a.touches;
    ac.first_touch = a.first;
    ac.last_touch = a.last;
    ac.campaign_touches = a.campaign_touches;
    ac.channels = a.channels;
    for (const auto& required : play.required_channels)
      if (!std::binary_search(a.channels.begin(), a.channels.end(), required))
        ac.missing_channels.push_back(required);
    if (a.first) {
      const std::int64_t first = day_of(*a.first), last = day_of(*a.last);
      ac.cadence_days = last - first;
      ac.cadence_running = dated && as_of_day - last <= static_cast<std::int64_t>(play.max_silence_days);
      const double days = dated ? static_cast<double>(as_of_day - first) : 0.0;
      ac.touches_per_month = static_cast<double>(a.touches) / std::max(1.0, days / kDaysPerMonth);
    }
    if (ac.contacts_reached < play.min_contacts) ac.gaps.push_back(CoverageGap::kContacts);
    if (play.min_cadence_months > 0 && !ac.cadence_running) {
      const bool long_enough =
          a.first && day_of(*a.last) >= add_months(day_of(*a.first), play.min_cadence_months);
      if (!long_enough) ac.gaps.push_back(CoverageGap::kCadence);
    }
    if (!ac.missing_channels.empty()) ac.gaps.push_back(CoverageGap::kChannel);
    if (!play.campaign_channels.empty() && a.campaign_touches == 0) ac.gaps.push_back(CoverageGap::kCampaign);
    if (!ac.gaps.empty()) ++out.accounts_with_gaps;
  }

  // Per rep, in rep order, then the accounts without a rep (every named
  // rep is in rep_order already, so that row comes last).
  std::map<std::string, std::size_t> rep_index;
  for (const auto& r : rep_order) {
    rep_index.emplace(r, out.reps.size());
    out.reps.push_back(RepCoverage{r});
  }
  std::optional<std::size_t> nobody;
  for (const AccountCoverage& ac : out.accounts) {
    std::size_t k;
    if (ac.rep.empty()) {
      if (!nobody) {
        nobody = out.reps.size();
        out.reps.push_back(RepCoverage{});
      }
      k = *nobody;
    } else {
      k = rep_index.at(ac.rep);
    }
    RepCoverage& r = out.reps[k];
    ++r.accounts;
    if (!ac.gaps.empty()) ++r.with_gaps;
    for (CoverageGap g : ac.gaps) {
      switch (g) {
        case CoverageGap::kContacts: ++r.contacts; break;
        case CoverageGap::kCadence: ++r.cadence; break;
        case CoverageGap::kChannel: ++r.channel; break;
        case CoverageGap::kCampaign: ++r.campaign; break;
      }
    }
    const std::uint64_t need = out.plays[ac.tier].min_contacts;
    if (ac.contacts_reached < need) r.contacts_to_reach += need - ac.contacts_reached;
  }
  return out;
}

}  // namespace
}  // namespace internal::tiering

std::string_view to_string(CoverageGap gap) {
  switch (gap) {
    case CoverageGap::kContacts: return "contacts";
    case CoverageGap::kCadence: return "cadence";
    case CoverageGap::kChannel: return "channel";
    case CoverageGap::kCampaign: return "campaign";
  }
  return "unknown";
}

absl::StatusOr<Coverage> check_coverage(const CsvTable& accounts, const Tiering& tiering, const FitModel& model,
                                        const CsvTable& contacts, const CsvTable* activities,
                                        const Assignment* assignment, const CoverageOptions& options) {
  return internal::no_throw("check_coverage", [&]() -> absl::StatusOr<Coverage> {
    return internal::tiering::run(accounts, tiering, FitModelAccess::data(model), contacts, activities, assignment,
                                  options);
  });
}

}  // namespace modelfunnel
