// reengagement_queue(): the walk (walk.cpp), the learned windows, then each
// lost record's status under the policy, and the due ones ranked by
// expected value = amount × re-win rate × fit, ties by record id.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "reengage/engine.hpp"
#include "reengage/policy_text.hpp"
#include "util/civil_time.hpp"
#include "util/huge_pages.hpp"
#include "util/no_throw.hpp"
#include "util/parallel.hpp"
#include "util/thread_count.hpp"
#include "util/wilson.hpp"

namespace modelfunnel {
namespace internal::reengage {
namespace {

constexpr std::string_view kUnmapped = "(unmapped)";

ReasonWindow make_window(std::string reason, std::string segment, WindowAcc& w, std::uint64_t min_sample) {
  ReasonWindow out;
  out.reason = std::move(reason);
  out.segment = std::move(segment);
  out.lost = w.lost;
  out.reopened = w.reopened;
  out.rewon = w.rewon;
  if (w.lost > 0) {
    const double n = static_cast<double>(w.lost);
    out.reopen_rate = static_cast<double>(w.reopened) / n;
    out.rewin_rate = static_cast<double>(w.rewon) / n;
    const Interval a = wilson_interval(w.reopened, w.lost);
    const Interval b = wilson_interval(w.rewon, w.lost);
    out.reopen_low = a.low, out.reopen_high = a.high, out.rewin_low = b.low, out.rewin_high = b.high;
  }
  out.median_days_to_reopen = median(w.reopen_days);
  out.median_days_to_rewin = median(w.rewin_days);
  out.small_sample = w.lost < min_sample;
  return out;
}

/// What a history line needs, computed once per run: each CRM text's reason
/// name and whether to show the text beside it.
struct HistoryText {
  std::vector<std::string> reason;  // per raw index: taxonomy reason, or (unmapped)
  std::vector<std::uint8_t> show_raw;
};

/// `YYYY-MM-DD` of @p micros (by hand: a million rows, snprintf showed).
void append_day(std::string& out, std::int64_t micros) {
  const std::int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
  const CivilDay c = civil_from_days(days);
  if (c.year < 0 || c.year > 9999) {
    char buf[24];
    const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
    out.append(buf, static_cast<std::size_t>(n));
    return;
  }
  const auto y = static_cast<unsigned>(c.year);
  const char buf[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                        static_cast<char>('0' + c.month / 10), static_cast<char>('0' + c.month % 10), '-',
                        static_cast<char>('0' + c.day / 10), static_cast<char>('0' + c.day % 10)};
  out.append(buf, sizeof buf);
}

/// Every loss's history line for @p lost: `date reason (raw)` per loss,
/// read from the event columns (no per-event objects: the queue may hold a
/// million records); the walk left where its events and reasons start.
std::string history_of(const EventColumns& ev, const LostRecord& lost, const std::vector<Role>& roles,
                       std::int64_t as_of, const HistoryText& text) {
  std::string out;
  std::size_t cursor = lost.reason_from;
  for (std::size_t i = lost.first_event; i < lost.last_event; ++i) {
    while (cursor < ev.reason.events.size() && ev.reason.events[cursor] < i) ++cursor;
    const bool has_reason = cursor < ev.reason.events.size() && ev.reason.events[cursor] == i;
    const std::int64_t t = ev.time[i];
    if (t == kNoEventTime || t > as_of || roles[ev.stage[i]] != Role::kLost) continue;
    if (!out.empty()) out += "; ";
    append_day(out, t);
    out += ' ';
    if (!has_reason) {
      out += kUnmapped;
      continue;
    }
    const std::size_t raw = ev.reason.values[cursor];
    out += text.reason[raw];
    if (text.show_raw[raw]) absl::StrAppend(&out, " (", ev.reasons[raw], ")");
  }
  return out;
}

/// A due record before it is ranked: numbers, and pointers into the policy
/// and the data set (both outlive the run).
struct Pending {
  RecordIndex record = 0;
  const LostRecord* lost = nullptr;
  std::size_t reason = 0;  // index into the reason counts (0: unmapped)
  std::int64_t lost_at = 0, due_at = 0;
  std::string rule;
  double amount = 0, rate = 0, fit = 1, value = 0;
  const char* amount_source = "none";
  const char* rate_source = "overall";
  ReengageWho who = ReengageWho::kInsideSales;
  const std::string* channel = nullptr;
  const std::string* track = nullptr;
  std::string_view tier;
  std::uint32_t attempts = 0;
  bool lost_twice = false;
  std::int64_t raw = -1;
};

absl::StatusOr<Reengagement> run(const DataSet& data, const ReengagePolicy& policy, Timestamp as_of_ts,
                                 const ReengageOptions& options) {
  absl::StatusOr<Columns> columns = resolve_columns(data, policy);
  if (!columns.ok()) return columns.status();
  const StageGraph graph = options.graph ? *options.graph : StageGraph::the_model();
  const std::int64_t as_of = as_of_ts.micros();

  // Each stage of the data: lost, won, open, or ignored (nurture, unknown to the graph).
  std::vector<Role> roles(data.stage_names().size(), Role::kIgnored);
  for (std::size_t s = 0; s < roles.size(); ++s)
    for (const Stage& st : graph.stages())
      if (st.id == data.stage_names()[s])
        roles[s] = st.kind == StageKind::kLost ? Role::kLost
                   : st.kind == StageKind::kWon ? Role::kWon
                   : st.kind == StageKind::kOpen ? Role::kOpen
                                                 : Role::kIgnored;
  // Each distinct CRM reason text: its taxonomy index, -1 unmapped.
  const EventColumns ev = data.event_columns();
  std::vector<std::int32_t> reason_of_raw(ev.reasons.size(), -1);
  for (std::size_t k = 0; k < ev.reasons.size(); ++k)
    if (auto c = policy.canonical_reason(ev.reasons[k]))
      for (std::size_t t = 0; t < policy.taxonomy.size(); ++t)
        if (policy.taxonomy[t] == *c) reason_of_raw[k] = static_cast<std::int32_t>(t);

  const unsigned threads = resolve_threads(options.threads);
  WalkResult walk = walk_records(data, policy, *columns, roles, reason_of_raw, as_of, threads);
  Reengagement out;
  out.as_of = as_of_ts;
  out.undated_events = walk.undated;
  out.lost_records = walk.lost_count();

  // Learned windows: per reason (unmapped first in the slots, listed last), then per segment.
  const std::size_t nseg = walk.segments;
  const std::size_t nreason = policy.taxonomy.size();
  auto slot = [&](std::int64_t reason, std::int64_t seg) {
    return static_cast<std::size_t>(reason + 1) * (nseg + 1) + static_cast<std::size_t>(seg + 1);
  };
  auto reason_name = [&](std::int64_t k) { return k < 0 ? std::string(kUnmapped) : policy.taxonomy[static_cast<std::size_t>(k)]; };
  std::vector<ReasonWindow> by_reason(nreason + 1);
  WindowAcc all;
  for (std::int64_t k = 0; k <= static_cast<std::int64_t>(nreason); ++k) {
    const std::int64_t reason = k < static_cast<std::int64_t>(nreason) ? k : -1;
    WindowAcc& w = walk.windows[slot(reason, -1)];
    all.lost += w.lost, all.rewon += w.rewon;
    by_reason[static_cast<std::size_t>(reason + 1)] = make_window(reason_name(reason), "", w, policy.min_sample);
    if (w.lost > 0 || reason >= 0) out.windows.push_back(by_reason[static_cast<std::size_t>(reason + 1)]);
  }
  if (columns->segment) {
    const std::vector<std::string>& dict = columns->segment->dictionary();
    for (std::int64_t k = 0; k <= static_cast<std::int64_t>(nreason); ++k) {
      const std::int64_t reason = k < static_cast<std::int64_t>(nreason) ? k : -1;
      for (std::size_t s = 0; s < nseg; ++s) {
        WindowAcc& w = walk.windows[slot(reason, static_cast<std::int64_t>(s))];
        if (w.lost > 0) out.windows.push_back(make_window(reason_name(reason), dict[s], w, policy.min_sample));
      }
    }
  }
  const double overall_rate = all.lost ? static_cast<double>(all.rewon) / static_cast<double>(all.lost) : 0.0;

  // The fallback amount: the median first won amount.
  // The fallback amounts: the median first won amount, overall and per segment.
  auto median_amount = [](const std::vector<std::int64_t>& scaled) {
    std::vector<double> v;
    v.reserve(scaled.size());
    for (std::int64_t a : scaled) v.push_back(Amount::from_scaled(a).value());
    return median(v);
  };
  const std::optional<double> median_won = median_amount(walk.first_won_amounts);
  std::vector<std::optional<double>> median_won_segment;
  for (const auto& amounts : walk.first_won_by_segment) median_won_segment.push_back(median_amount(amounts));

  // Reason counts and policies, indexed by reason + 1.
  std::vector<LossReasonCount> counts(nreason + 1);
  std::vector<const ReasonPolicy*> policy_of(nreason + 1, nullptr);
  for (std::size_t k = 0; k < nreason; ++k) {
    counts[k + 1].reason = policy.taxonomy[k];
    for (const ReasonPolicy& p : policy.reasons)
      if (p.reason == policy.taxonomy[k]) policy_of[k + 1] = &p;
    counts[k + 1].has_policy = policy_of[k + 1] != nullptr;
  }
  counts[0].reason = std::string(kUnmapped);

  const AttributeColumnData tier = columns->tier ? columns->tier->data() : AttributeColumnData{};
  std::vector<Pending> pending;
  reserve_huge(pending, walk.lost_count());
  for (const std::vector<LostRecord>& range : walk.lost)
  for (const LostRecord& lost : range) {
    LossReasonCount& count = counts[static_cast<std::size_t>(lost.reason + 1)];
    ++count.lost_records;
    const ReasonPolicy* p = policy_of[static_cast<std::size_t>(lost.reason + 1)];
    if (!p) {
      ++count.no_policy;
      continue;
    }
    if (lost.lost_twice && p->lost_twice == LostTwiceAction::kSkip) {
      ++count.skipped_lost_twice;
      continue;
    }
    const ReasonWindow& learned = by_reason[static_cast<std::size_t>(lost.reason + 1)];
    // A learned window needs min_sample re-opens: a median of two is not a window.
    const std::optional<double> learned_days =
        learned.reopened >= std::max<std::uint64_t>(policy.min_sample, 1) ? learned.median_days_to_reopen
                                                                          : std::nullopt;
    Due due = due_date(lost, *p, policy, *columns, learned_days);
    if (!due.at) {
      ++count.never;
      continue;
    }
    std::int64_t at = *due.at;
    if (lost.lost_twice && p->lost_twice == LostTwiceAction::kDelay) {
      at += p->lost_twice_extra_days * kMicrosPerDay;
      due.rule += " +lost_twice";
    }
    // Cooldown: from the last contact (column) or the last re-open.
    std::int64_t contact = lost.last_reentry;
    if (columns->contacted)
      if (auto c = time_value(*columns->contacted, lost.record)) contact = std::max(contact, c->micros());
    bool cooling = false;
    if (p->cooldown_days > 0 && contact >= 0) {
      const std::int64_t until = contact + p->cooldown_days * kMicrosPerDay;
      if (until > at) {
        cooling = at <= as_of && until > as_of;
        at = until;
        due.rule += " +cooldown";
      }
    }
    if (at > as_of) {
      ++(cooling ? count.cooling_down : count.not_yet_due);
      continue;
    }
    if (p->expire_days && as_of > at + *p->expire_days * kMicrosPerDay) {
      ++count.expired;
      continue;
    }
    ++count.due;
    // A due record as plain numbers and pointers into the policy and the
    // data: the queue's rows (strings) are made once, in rank order, below.
    Pending e;
    e.record = lost.record;
    e.lost = &lost;
    e.reason = static_cast<std::size_t>(lost.reason + 1);
    e.lost_at = lost.lost_at;
    e.due_at = at;
    e.rule = std::move(due.rule);
    // Amount: the amount column, else the latest recorded, else the fallback.
    std::optional<double> amount;
    if (columns->amount) {
      amount = number_value(*columns->amount, lost.record);
      if (amount) e.amount_source = "column";
    }
    if (!amount && lost.amount) {
      amount = Amount::from_scaled(*lost.amount).value();
      e.amount_source = "recorded";
    }
    if (!amount && policy.missing_amount) {
      amount = *policy.missing_amount;
      e.amount_source = "policy";
    }
    if (!amount && lost.segment >= 0 && median_won_segment[static_cast<std::size_t>(lost.segment)]) {
      amount = *median_won_segment[static_cast<std::size_t>(lost.segment)];
      e.amount_source = "median_won_segment";
      out.median_won_amount = median_won;
    }
    if (!amount && median_won) {
      amount = *median_won;
      e.amount_source = "median_won";
      out.median_won_amount = median_won;
    }
    e.amount = amount.value_or(0.0);
    if (p->rewin_rate) {
      e.rate = *p->rewin_rate;
      e.rate_source = "policy";
    } else if (learned.lost >= policy.min_sample && learned.lost > 0) {
      e.rate = learned.rewin_rate;
      e.rate_source = "learned";
    } else {
      e.rate = overall_rate;
      e.rate_source = "overall";
    }
    if (columns->fit)
      if (auto f = number_value(*columns->fit, lost.record)) e.fit = *f;
    e.value = e.amount * e.rate * e.fit;
    e.who = p->who;
    e.channel = &p->channel;
    e.track = &p->track;
    if (columns->tier && tier.codes[lost.record] != kMissingStringCode) {
      e.tier = columns->tier->dictionary()[tier.codes[lost.record]];
      for (const TierPolicy& t : policy.tiers) {
        if (t.tier != e.tier) continue;
        if (t.who) e.who = *t.who;
        if (t.channel) e.channel = &*t.channel;
        if (t.track) e.track = &*t.track;
      }
    }
    if (lost.lost_twice && p->lost_twice == LostTwiceAction::kNurture) {
      e.who = ReengageWho::kMarketingNurture;
      e.rule += " +lost_twice";
    }
    e.attempts = lost.attempts;
    e.lost_twice = lost.lost_twice;
    e.raw = lost.raw_reason;
    pending.push_back(std::move(e));
  }
  // Rank: expected value, highest first, then id (records are unique by
  // id). Sorted as light keys; each row is then made once, in that order.
  struct Key {
    double value;
    std::string_view id;
    std::size_t entry;
  };
  std::vector<Key> keys;
  keys.reserve(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) keys.push_back({pending[i].value, data.record_id(pending[i].record), i});
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.value != b.value) return a.value > b.value;
    return a.id < b.id;
  });
  HistoryText text;
  for (std::size_t k = 0; k < ev.reasons.size(); ++k) {
    const std::int32_t reason = reason_of_raw[k];
    text.reason.push_back(reason < 0 ? std::string(kUnmapped) : policy.taxonomy[static_cast<std::size_t>(reason)]);
    text.show_raw.push_back(!ev.reasons[k].empty() &&
                            (reason < 0 || normalize_reason(ev.reasons[k]) != normalize_reason(text.reason.back())));
  }
  // The rows: independent of one another, so made in consecutive blocks
  // on as many threads as the caller allows. Made in record order (the
  // order of `pending`, the walk's and the event columns') and each put at
  // its rank: reading the records' events in rank order was a cache miss
  // per read (profiled: two thirds of the rows' time); a row written out
  // of order is one contiguous block.
  // On huge pages: 4 KiB faults over the rows (~430 bytes each, 224 MB for
  // 521,379 rows) were a sixth of the run (profiled).
  reserve_huge(out.queue, keys.size());
  out.queue.resize(keys.size());
  std::vector<std::uint32_t> rank_of(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) rank_of[keys[i].entry] = static_cast<std::uint32_t>(i);
  constexpr std::size_t kRowsPerPiece = 16384;
  const std::size_t pieces = (keys.size() + kRowsPerPiece - 1) / kRowsPerPiece;
  parallel_for(threads, pieces, [&](std::size_t piece) {
    const std::size_t end = std::min(keys.size(), (piece + 1) * kRowsPerPiece);
    for (std::size_t j = piece * kRowsPerPiece; j < end; ++j) {
      Pending& d = pending[j];
      const std::size_t i = rank_of[j];
      QueueEntry& e = out.queue[i];
      e.rank = i + 1;
      e.id = data.record_id(d.record);
      e.record = d.record;
      e.reason = counts[d.reason].reason;
      if (d.raw >= 0) e.raw_reason = ev.reasons[static_cast<std::size_t>(d.raw)];
      e.lost_at = Timestamp::from_micros(d.lost_at);
      e.due_at = Timestamp::from_micros(d.due_at);
      e.due_rule = std::move(d.rule);
      e.expected_value = d.value;
      e.amount = d.amount;
      e.amount_source = d.amount_source;
      e.rewin_rate = d.rate;
      e.rate_source = d.rate_source;
      e.fit = d.fit;
      e.who = d.who;
      e.channel = *d.channel;
      e.track = *d.track;
      e.tier = d.tier;
      e.attempts = d.attempts;
      e.lost_twice = d.lost_twice;
      e.history = history_of(ev, *d.lost, roles, as_of, text);
    }
  });
  for (std::size_t k = 1; k <= nreason; ++k) out.reasons.push_back(counts[k]);
  if (counts[0].lost_records > 0) out.reasons.push_back(counts[0]);

  // Unknown texts, most frequent first.
  for (std::size_t k = 0; k < walk.unmapped_counts.size(); ++k)
    if (walk.unmapped_counts[k] > 0)
      out.unmapped.push_back({k == 0 ? std::string("(blank)") : ev.reasons[k - 1], walk.unmapped_counts[k]});
  std::sort(out.unmapped.begin(), out.unmapped.end(), [](const UnmappedReason& a, const UnmappedReason& b) {
    return a.count != b.count ? a.count > b.count : a.text < b.text;
  });

  // The recycled funnel: recycled records, then the graph's open and won stages they reached after re-entry.
  out.recycled_funnel.push_back({"recycled", walk.recycled, walk.recycled ? 1.0 : 0.0, walk.recycled ? 1.0 : 0.0, 1.0});
  for (const Stage& st : graph.stages()) {
    if (st.kind != StageKind::kOpen && st.kind != StageKind::kWon) continue;
    std::uint64_t n = 0;
    if (auto code = data.find_stage(st.id)) n = walk.recycled_stage[*code];
    RecycledStage row{st.id, n, 0, 0, 0};
    if (walk.recycled) {
      row.conversion = static_cast<double>(n) / static_cast<double>(walk.recycled);
      const Interval i = wilson_interval(n, walk.recycled);
      row.low = i.low, row.high = i.high;
    }
    out.recycled_funnel.push_back(row);
  }
  out.costs = walk.costs;
  if (out.costs.known) {
    if (out.costs.wins_new) out.costs.cost_per_win_new = out.costs.cost_new.value() / static_cast<double>(out.costs.wins_new);
    if (out.costs.wins_reengaged)
      out.costs.cost_per_win_reengaged = out.costs.cost_reengaged.value() / static_cast<double>(out.costs.wins_reengaged);
  }
  return out;
}

}  // namespace
}  // namespace internal::reengage

absl::StatusOr<Reengagement> reengagement_queue(const DataSet& data, const ReengagePolicy& policy, Timestamp as_of,
                                                const ReengageOptions& options) {
  return internal::no_throw("reengagement_queue", [&]() -> absl::StatusOr<Reengagement> {
    return internal::reengage::run(data, policy, as_of, options);
  });
}

}  // namespace modelfunnel
