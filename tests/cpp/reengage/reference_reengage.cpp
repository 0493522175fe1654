// See reference_reengage.hpp.
#include "reengage/reference_reengage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace mf_reengage_test {
namespace {

namespace mf = modelfunnel;
constexpr std::int64_t kDay = 86'400'000'000;

struct Ev {
  std::int64_t t;
  std::string stage;
  std::optional<std::string> reason;
  std::optional<double> amount;
};

bool is_open_or_won(const std::string& s) {
  static const std::set<std::string> open = {"lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                                             "closed_won"};
  return open.count(s) > 0;
}

/// The reason after the taxonomy and the unmapped fallback; "" when none.
std::string reason_of(const mf::ReengagePolicy& p, const std::optional<std::string>& raw) {
  if (raw)
    if (auto c = p.canonical_reason(*raw)) return *c;
  return p.unmapped_reason;
}

std::int64_t next_fiscal_year(std::int64_t t, unsigned month) {
  using namespace std::chrono;
  const sys_days d = floor<days>(sys_time<microseconds>(microseconds(t)));
  const year_month_day ymd(d);
  year_month_day start(ymd.year(), std::chrono::month(month), std::chrono::day(1));
  if (sys_days(start) <= d) start = year_month_day(ymd.year() + years(1), std::chrono::month(month), std::chrono::day(1));
  return sys_days(start).time_since_epoch().count() * kDay;
}

}  // namespace

std::vector<RefEntry> reference_queue(const mf::DataSet& data, const mf::ReengagePolicy& policy, mf::Timestamp as_of_ts) {
  const std::int64_t as_of = as_of_ts.micros();
  // Every record's dated events up to as_of, in stored order.
  std::vector<std::vector<Ev>> events(data.record_count());
  for (std::size_t i = 0; i < data.event_count(); ++i) {
    const mf::Event e = data.event(i);
    if (!e.time || e.time->micros() > as_of) continue;
    Ev ev{e.time->micros(), data.stage_names()[e.stage], std::nullopt, std::nullopt};
    if (e.reason) ev.reason = std::string(*e.reason);
    if (e.amount) ev.amount = e.amount->value();
    events[e.record].push_back(ev);
  }
  // Re-win rates: of all losses with a reason, how many were followed by a win.
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> rates;  // reason -> (lost, rewon)
  std::uint64_t all_lost = 0, all_won = 0;
  const std::optional<mf::AttributeColumnView> segment_col =
      policy.segment_column.empty() ? std::nullopt : data.find_attribute(policy.segment_column);
  auto segment_of = [&](mf::RecordIndex r) -> std::optional<std::string> {
    if (!segment_col) return std::nullopt;
    const mf::AttributeValue v = segment_col->value(r);
    if (const auto* s = std::get_if<std::string_view>(&v)) return std::string(*s);
    return std::nullopt;
  };
  std::vector<double> first_wins;
  std::map<std::string, std::vector<double>> first_wins_by_segment;
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    const auto& evs = events[r];
    bool first_win_seen = false;
    for (std::size_t i = 0; i < evs.size(); ++i) {
      if (evs[i].stage == "closed_won" && !first_win_seen) {
        first_win_seen = true;
        if (evs[i].amount) {
          first_wins.push_back(*evs[i].amount);
          if (auto s = segment_of(r)) first_wins_by_segment[*s].push_back(*evs[i].amount);
        }
      }
      if (evs[i].stage != "closed_lost") continue;
      bool won = false;
      for (std::size_t j = i + 1; j < evs.size(); ++j) won = won || (evs[j].stage == "closed_won" && evs[j].t > evs[i].t);
      const std::string r = reason_of(policy, evs[i].reason);
      rates[r].first++;
      rates[r].second += won;
      all_lost++;
      all_won += won;
    }
  }
  auto median_of = [](std::vector<double> v) -> std::optional<double> {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  const std::optional<double> median_won = median_of(first_wins);
  const std::optional<mf::AttributeColumnView> timeline =
      policy.timeline_column.empty() ? std::nullopt : data.find_attribute(policy.timeline_column);
  const std::optional<mf::AttributeColumnView> fit_col =
      policy.fit_column.empty() ? std::nullopt : data.find_attribute(policy.fit_column);
  const std::optional<mf::AttributeColumnView> flag =
      policy.flag_column.empty() ? std::nullopt : data.find_attribute(policy.flag_column);
  const std::optional<mf::AttributeColumnView> contacted =
      policy.contacted_column.empty() ? std::nullopt : data.find_attribute(policy.contacted_column);
  const std::optional<mf::AttributeColumnView> tier_col =
      policy.tier_column.empty() ? std::nullopt : data.find_attribute(policy.tier_column);

  std::vector<RefEntry> out;
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    const auto& evs = events[r];
    std::vector<std::size_t> losses;
    for (std::size_t i = 0; i < evs.size(); ++i)
      if (evs[i].stage == "closed_lost") losses.push_back(i);
    if (losses.empty()) continue;
    const Ev& last = evs[losses.back()];
    bool reentered = false;
    for (const Ev& e : evs) reentered = reentered || (is_open_or_won(e.stage) && e.t > last.t);
    if (reentered) continue;
    const std::string reason = reason_of(policy, last.reason);
    const mf::ReasonPolicy* p = nullptr;
    for (const auto& rp : policy.reasons)
      if (rp.reason == reason) p = &rp;
    if (reason.empty() || !p) continue;
    bool twice = false;
    std::int64_t reopened = -1;
    if (losses.size() >= 2) {
      const Ev& before = evs[losses[losses.size() - 2]];
      twice = reason_of(policy, before.reason) == reason;
      for (const Ev& e : evs)
        if (reopened < 0 && is_open_or_won(e.stage) && e.t > before.t) reopened = e.t;
    }
    if (twice && p->lost_twice == mf::LostTwiceAction::kSkip) continue;
    std::int64_t due = last.t + p->days * kDay;
    if (p->when == mf::ReengageWhen::kTimeline && timeline) {
      const mf::AttributeValue v = timeline->value(r);
      if (const auto* d = std::get_if<std::int64_t>(&v); d && *d >= 0 && *d <= 36'500) due = last.t + *d * kDay;
    } else if (p->when == mf::ReengageWhen::kFiscalYear) {
      due = next_fiscal_year(last.t, policy.fiscal_year_start_month) - p->days_before * kDay;
    } else if (p->when == mf::ReengageWhen::kNever) {
      bool flagged = false;
      if (flag) {
        const mf::AttributeValue v = flag->value(r);
        flagged = std::holds_alternative<bool>(v) && std::get<bool>(v);
      }
      if (!flagged) continue;
    }
    if (twice && p->lost_twice == mf::LostTwiceAction::kDelay) due += p->lost_twice_extra_days * kDay;
    std::int64_t contact = reopened;
    if (contacted) {
      const mf::AttributeValue v = contacted->value(r);
      if (const auto* t = std::get_if<mf::Timestamp>(&v)) contact = std::max(contact, t->micros());
    }
    if (p->cooldown_days > 0 && contact >= 0) due = std::max(due, contact + p->cooldown_days * kDay);
    if (due > as_of) continue;
    if (p->expire_days && as_of > due + *p->expire_days * kDay) continue;
    std::optional<double> amount;
    for (const Ev& e : evs)
      if (e.amount) amount = e.amount;
    if (!amount) amount = policy.missing_amount;
    if (!amount)
      if (auto s = segment_of(r); s && first_wins_by_segment.count(*s)) amount = median_of(first_wins_by_segment[*s]);
    if (!amount) amount = median_won;
    double rate = 0;
    if (p->rewin_rate) rate = *p->rewin_rate;
    else if (rates[reason].first >= policy.min_sample && rates[reason].first > 0)
      rate = static_cast<double>(rates[reason].second) / static_cast<double>(rates[reason].first);
    else if (all_lost) rate = static_cast<double>(all_won) / static_cast<double>(all_lost);
    double fit = 1;
    if (fit_col) {
      const mf::AttributeValue v = fit_col->value(r);
      if (const auto* d = std::get_if<double>(&v)) fit = *d;
    }
    RefEntry e;
    e.id = std::string(data.record_id(r));
    e.reason = reason;
    e.lost_at = last.t;
    e.due_at = due;
    e.expected_value = amount.value_or(0) * rate * fit;
    e.who = std::string(mf::to_string(p->who));
    e.channel = p->channel;
    e.track = p->track;
    if (tier_col) {
      const mf::AttributeValue v = tier_col->value(r);
      if (const auto* s = std::get_if<std::string_view>(&v))
        for (const auto& t : policy.tiers)
          if (t.tier == *s) {
            if (t.who) e.who = std::string(mf::to_string(*t.who));
            if (t.channel) e.channel = *t.channel;
            if (t.track) e.track = *t.track;
          }
    }
    if (twice && p->lost_twice == mf::LostTwiceAction::kNurture) e.who = "marketing_nurture";
    e.attempts = static_cast<std::uint32_t>(losses.size());
    e.lost_twice = twice;
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const RefEntry& a, const RefEntry& b) {
    if (a.expected_value != b.expected_value) return a.expected_value > b.expected_value;
    return a.id < b.id;
  });
  return out;
}

}  // namespace mf_reengage_test
