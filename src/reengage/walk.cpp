// One pass over every record's events up to as_of: its losses (each with
// the first re-entry and the first win after it), whether it is lost now,
// its latest amount, the learned-window counters, the recycled funnel and
// the touch costs. The sparse reason and amount columns are read with
// cursors that only move forward, since records and their events are
// stored in order.
#include <algorithm>

#include "reengage/engine.hpp"

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

}  // namespace

WalkResult walk_records(const DataSet& data, const ReengagePolicy& policy, const Columns& columns,
                        const std::vector<Role>& roles, const std::vector<std::int32_t>& reason_of_raw,
                        std::int64_t as_of) {
  const EventColumns ev = data.event_columns();
  WalkResult out;
  if (columns.segment) out.segments = columns.segment->dictionary().size();
  const AttributeColumnData seg = columns.segment ? columns.segment->data() : AttributeColumnData{};
  const std::size_t reasons = policy.taxonomy.size();
  out.windows.resize((reasons + 1) * (out.segments + 1));
  out.first_won_by_segment.resize(out.segments);
  out.unmapped_counts.assign(ev.reasons.size() + 1, 0);
  out.recycled_stage.assign(data.stage_names().size(), 0);
  std::int32_t fallback = -1;
  for (std::size_t k = 0; k < reasons; ++k)
    if (policy.taxonomy[k] == policy.unmapped_reason) fallback = static_cast<std::int32_t>(k);

  std::size_t reason_cursor = 0, amount_cursor = 0;
  std::vector<Loss> losses;
  std::vector<std::uint8_t> stage_seen(data.stage_names().size(), 0);
  std::vector<StageCode> seen_list;
  const bool has_touches = data.touch_count() > 0;
  std::int64_t cost_new = 0, cost_re = 0;

  for (RecordIndex r = 0; r < data.record_count(); ++r) {
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
    out.lost.push_back(lost);
  }
  out.costs.cost_new = Amount::from_scaled(cost_new);
  out.costs.cost_reengaged = Amount::from_scaled(cost_re);
  return out;
}

}  // namespace modelfunnel::internal::reengage
