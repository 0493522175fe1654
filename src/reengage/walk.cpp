// One pass over every record's events up to as_of: its losses (each with
// the first re-entry and the first win after it), whether it is lost now,
// its latest amount, the learned-window counters, the recycled funnel and
// the touch costs. The sparse reason and amount columns are read with
// cursors that only move forward, since records and their events are
// stored in order. The records are walked in fixed ranges on as many
// threads as allowed, each range into its own counters, merged in range
// order (the lists come out as one walk would have made them).
#include <algorithm>

#include "reengage/engine.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::reengage {
namespace {

struct Loss {
  std::int64_t t = 0;
  std::int64_t raw = -1;
  std::int32_t reason = -1;  // after the unmapped fallback
  std::int64_t reentry = -1;
  std::int64_t won = -1;
};

/// The value of sparse column @p col at event @p i, moving @p cursor on.
template <class T>
const T* sparse_at(const SparseEventColumn<T>& col, std::size_t& cursor, std::size_t i) {
  while (cursor < col.events.size() && col.events[cursor] < i) ++cursor;
  return cursor < col.events.size() && col.events[cursor] == i ? &col.values[cursor] : nullptr;
}

/// The first position of sparse column @p col at or after event @p i.
template <class T>
std::size_t sparse_from(const SparseEventColumn<T>& col, std::size_t i) {
  return static_cast<std::size_t>(std::lower_bound(col.events.begin(), col.events.end(), i) - col.events.begin());
}

/// An empty result shaped for @p data: every counter sized, nothing counted.
WalkResult empty_result(const DataSet& data, const ReengagePolicy& policy, const Columns& columns,
                        const EventColumns& ev) {
  WalkResult out;
  out.lost.resize(1);
  if (columns.segment) out.segments = columns.segment->dictionary().size();
  out.windows.resize((policy.taxonomy.size() + 1) * (out.segments + 1));
  out.first_won_by_segment.resize(out.segments);
  out.unmapped_counts.assign(ev.reasons.size() + 1, 0);
  out.recycled_stage.assign(data.stage_names().size(), 0);
  return out;
}

/// Walks records [@p from, @p to) into @p out (as empty_result() made it);
/// the touch costs' scaled sums go to @p cost_new and @p cost_re.
void walk_range(const DataSet& data, const ReengagePolicy& policy, const Columns& columns,
                const std::vector<Role>& roles, const std::vector<std::int32_t>& reason_of_raw, std::int64_t as_of,
                RecordIndex from, RecordIndex to, WalkResult& out, std::int64_t& cost_new, std::int64_t& cost_re) {
  const EventColumns ev = data.event_columns();
  const AttributeColumnData seg = columns.segment ? columns.segment->data() : AttributeColumnData{};
  const std::size_t reasons = policy.taxonomy.size();
  std::int32_t fallback = -1;
  for (std::size_t k = 0; k < reasons; ++k)
    if (policy.taxonomy[k] == policy.unmapped_reason) fallback = static_cast<std::int32_t>(k);

  // The sparse columns' cursors start at the range's first event.
  const std::size_t first_event = from < to ? data.events_of(from).first : 0;
  std::size_t reason_cursor = sparse_from(ev.reason, first_event), amount_cursor = sparse_from(ev.amount, first_event);
  std::vector<Loss> losses;
  std::vector<std::uint8_t> stage_seen(data.stage_names().size(), 0);
  std::vector<StageCode> seen_list;
  const bool has_touches = data.touch_count() > 0;

  for (RecordIndex r = from; r < to; ++r) {
    const auto [first, last] = data.events_of(r);
    while (reason_cursor < ev.reason.events.size() && ev.reason.events[reason_cursor] < first) ++reason_cursor;
    const std::size_t reason_from = reason_cursor;
    losses.clear();
    std::size_t open_from = 0, unwon_from = 0;
    std::optional<std::int64_t> amount;
    std::int64_t first_won = -1;
    std::optional<std::int64_t> first_won_amount;
    bool recycled = false;
    for (std::size_t i = first; i < last; ++i) {
      const std::int64_t t = ev.time[i];
      const std::uint32_t* raw = sparse_at(ev.reason, reason_cursor, i);
      const std::int64_t* cents = sparse_at(ev.amount, amount_cursor, i);
      if (t == kNoEventTime) {
        ++out.undated;
        continue;
      }
      if (t > as_of) continue;
      if (cents) amount = *cents;
      const Role role = roles[ev.stage[i]];
      if (role == Role::kLost) {
        Loss l;
        l.t = t;
        l.raw = raw ? static_cast<std::int64_t>(*raw) : -1;
        l.reason = raw ? reason_of_raw[*raw] : -1;
        if (l.reason < 0) {
          ++out.unmapped_counts[raw ? *raw + 1 : 0];
          l.reason = fallback;
        }
        losses.push_back(l);
        continue;
      }
      if (role == Role::kIgnored) continue;
      // An open or won stage: a re-entry for every earlier loss not yet re-entered.
      for (; open_from < losses.size() && losses[open_from].t < t; ++open_from) {
        losses[open_from].reentry = t;
        recycled = true;
      }
      if (role == Role::kWon) {
        if (first_won < 0) {
          first_won = t;
          if (cents) first_won_amount = *cents;
        }
        for (; unwon_from < losses.size() && losses[unwon_from].t < t; ++unwon_from) losses[unwon_from].won = t;
      }
      if (recycled && !stage_seen[ev.stage[i]]) {
        stage_seen[ev.stage[i]] = 1;
        seen_list.push_back(ev.stage[i]);
      }
    }
    if (recycled) {
      ++out.recycled;
      for (StageCode s : seen_list) {
        ++out.recycled_stage[s];
        stage_seen[s] = 0;
      }
      seen_list.clear();
    }
    // Learned windows: every loss, by reason, and by reason and segment.
    std::int64_t segment = -1;
    if (columns.segment && seg.codes[r] != kMissingStringCode) segment = seg.codes[r];
    if (first_won_amount) {
      out.first_won_amounts.push_back(*first_won_amount);
      if (segment >= 0) out.first_won_by_segment[static_cast<std::size_t>(segment)].push_back(*first_won_amount);
    }
    for (const Loss& l : losses) {
      const std::size_t base = static_cast<std::size_t>(l.reason + 1) * (out.segments + 1);
      for (std::int64_t s : {std::int64_t{-1}, segment}) {
        WindowAcc& w = out.windows[base + static_cast<std::size_t>(s + 1)];
        ++w.lost;
        if (l.reentry >= 0) {
          ++w.reopened;
          w.reopen_days.push_back(static_cast<double>(l.reentry - l.t) / static_cast<double>(kMicrosPerDay));
        }
        if (l.won >= 0) {
          ++w.rewon;
          w.rewin_days.push_back(static_cast<double>(l.won - l.t) / static_cast<double>(kMicrosPerDay));
        }
        if (segment == -1) break;  // no segment: count once, in the all-segments slot
      }
    }
    // Costs: wins with and without a loss before them, touch costs either side of the first loss.
    if (first_won >= 0 && (losses.empty() || first_won < losses.front().t)) ++out.costs.wins_new;
    if (!losses.empty() && losses.front().won >= 0) ++out.costs.wins_reengaged;
    if (has_touches) {
      const auto [tb, te] = data.touches_of(r);
      for (std::size_t k = tb; k < te; ++k) {
        const Touch touch = data.touch(k);
        if (!touch.cost || touch.time.micros() > as_of) continue;
        out.costs.known = true;
        if (!losses.empty() && touch.time.micros() >= losses.front().t) cost_re += touch.cost->scaled();
        else cost_new += touch.cost->scaled();
      }
    }
    if (losses.empty() || losses.back().reentry >= 0) continue;
    LostRecord lost;
    lost.record = r;
    lost.first_event = first;
    lost.last_event = last;
    lost.reason_from = reason_from;
    lost.lost_at = losses.back().t;
    lost.raw_reason = losses.back().raw;
    lost.reason = losses.back().reason;
    lost.attempts = static_cast<std::uint32_t>(losses.size());
    if (losses.size() >= 2) {
      const Loss& before = losses[losses.size() - 2];
      lost.lost_twice = lost.reason >= 0 && before.reason == lost.reason;
      lost.last_reentry = before.reentry;
    }
    lost.amount = amount;
    lost.segment = segment;
    out.lost.back().push_back(lost);
  }
}

/// Appends @p b to @p a.
template <class T>
void append(std::vector<T>& a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
}

/// Adds @p b's counters (the range after @p a's) to @p a's, taking its lost
/// records: the lists come out as one walk in record order would make them.
void merge_into(WalkResult& a, WalkResult& b) {
  a.lost.push_back(std::move(b.lost.front()));
  for (std::size_t k = 0; k < a.windows.size(); ++k) {
    WindowAcc& x = a.windows[k];
    const WindowAcc& y = b.windows[k];
    x.lost += y.lost, x.reopened += y.reopened, x.rewon += y.rewon;
    append(x.reopen_days, y.reopen_days);
    append(x.rewin_days, y.rewin_days);
  }
  for (std::size_t k = 0; k < a.unmapped_counts.size(); ++k) a.unmapped_counts[k] += b.unmapped_counts[k];
  append(a.first_won_amounts, b.first_won_amounts);
  for (std::size_t k = 0; k < a.first_won_by_segment.size(); ++k)
    append(a.first_won_by_segment[k], b.first_won_by_segment[k]);
  a.recycled += b.recycled;
  for (std::size_t k = 0; k < a.recycled_stage.size(); ++k) a.recycled_stage[k] += b.recycled_stage[k];
  a.undated += b.undated;
  a.costs.known = a.costs.known || b.costs.known;
  a.costs.wins_new += b.costs.wins_new;
  a.costs.wins_reengaged += b.costs.wins_reengaged;
}

}  // namespace

WalkResult walk_records(const DataSet& data, const ReengagePolicy& policy, const Columns& columns,
                        const std::vector<Role>& roles, const std::vector<std::int32_t>& reason_of_raw,
                        std::int64_t as_of, unsigned threads) {
  const EventColumns ev = data.event_columns();
  // Fixed ranges of records, walked on up to `threads` threads and merged
  // in range order: the same result, to the byte, for any thread count.
  constexpr std::size_t kRecordsPerRange = 1 << 14;
  const std::size_t n = data.record_count();
  const std::size_t ranges = std::max<std::size_t>(1, (n + kRecordsPerRange - 1) / kRecordsPerRange);
  std::vector<WalkResult> parts;
  parts.reserve(ranges);
  for (std::size_t k = 0; k < ranges; ++k) parts.push_back(empty_result(data, policy, columns, ev));
  std::vector<std::int64_t> cost_new(ranges, 0), cost_re(ranges, 0);
  parallel_for(threads, ranges, [&](std::size_t k) {
    const auto from = static_cast<RecordIndex>(k * kRecordsPerRange);
    const auto to = static_cast<RecordIndex>(std::min(n, (k + 1) * kRecordsPerRange));
    walk_range(data, policy, columns, roles, reason_of_raw, as_of, from, to, parts[k], cost_new[k], cost_re[k]);
  });
  WalkResult out = std::move(parts[0]);
  std::int64_t cost_new_sum = cost_new[0], cost_re_sum = cost_re[0];
  for (std::size_t k = 1; k < ranges; ++k) {
    merge_into(out, parts[k]);
    cost_new_sum += cost_new[k], cost_re_sum += cost_re[k];
  }
  out.costs.cost_new = Amount::from_scaled(cost_new_sum);
  out.costs.cost_reengaged = Amount::from_scaled(cost_re_sum);
  return out;
}

}  // namespace modelfunnel::internal::reengage
