#include "funnel/accumulate.hpp"

#include "model/record_scan.hpp"
#include "util/huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <thread>

namespace modelfunnel::internal::funnel {

void GroupAcc::use(int n_main, std::size_t n_teams) {
  if (used) return;
  used = true;
  stages.resize(static_cast<std::size_t>(n_main));
  teams.resize(n_teams);
}

void Samples::grow() {
  // A new buffer, faulted in with one system call before anything is
  // written to it, so neither the copy nor the pushes fault: on the
  // benchmark VM a page fault costs ~18 us (see huge_pages.hpp).
  std::vector<std::int64_t> bigger;
  bigger.reserve(std::max<std::size_t>(2048, values.capacity() * 2));
  populate_range(bigger.data(), bigger.capacity() * sizeof(std::int64_t));
  bigger.insert(bigger.end(), values.begin(), values.end());
  values.swap(bigger);
}

void Samples::merge(Samples&& other) {
  bounds.add(other.bounds);
  if (!other.values.empty()) merged.push_back(std::move(other.values));
  for (auto& m : other.merged) merged.push_back(std::move(m));
  other.merged.clear();
}

void Samples::collect(std::vector<const std::vector<std::int64_t>*>& parts) const {
  parts.push_back(&values);
  for (const auto& m : merged) parts.push_back(&m);
}

namespace {

void add_paths(PathFacts& a, const PathFacts& b) {
  a.skipped += b.skipped;
  a.moved_backwards += b.moved_backwards;
  a.reentered += b.reentered;
  a.reopened += b.reopened;
  a.nurtured += b.nurtured;
}

}  // namespace

void GroupAcc::add_counts(const GroupAcc& o) {
  if (!o.used) return;
  use(static_cast<int>(o.stages.size()), o.teams.size());
  records += o.records;
  won += o.won;
  lost += o.lost;
  open += o.open;
  nurture += o.nurture;
  revenue += o.revenue;
  add_paths(paths, o.paths);
  for (std::size_t i = 0; i < stages.size(); ++i) {
    StageAcc& a = stages[i];
    const StageAcc& b = o.stages[i];
    a.reached += b.reached;
    a.observed += b.observed;
    a.without_prev += b.without_prev;
    a.without_entry += b.without_entry;
    a.advanced += b.advanced;
    a.lost += b.lost;
    a.nurture += b.nurture;
    a.open += b.open;
    a.expired += b.expired;
    a.entry_zero_durations += b.entry_zero_durations;
    for (const auto& [reason, n] : b.reasons) a.reasons[reason] += n;
  }
  for (std::size_t i = 0; i < teams.size(); ++i) {
    teams[i].input += o.teams[i].input;
    teams[i].output += o.teams[i].output;
    teams[i].output_won += o.teams[i].output_won;
  }
}

void GroupAcc::merge(GroupAcc&& o) {
  if (!o.used) return;
  if (!used) {
    *this = std::move(o);
    return;
  }
  add_counts(o);
  cycle.merge(std::move(o.cycle));
  for (std::size_t i = 0; i < stages.size(); ++i) {
    stages[i].from_entry.merge(std::move(o.stages[i].from_entry));
    stages[i].in_stage.merge(std::move(o.stages[i].in_stage));
    stages[i].aging.merge(std::move(o.stages[i].aging));
  }
  for (std::size_t i = 0; i < teams.size(); ++i)
    teams[i].velocity.merge(std::move(o.teams[i].velocity));
}

namespace {

constexpr std::uint64_t bit(int ord) { return std::uint64_t{1} << ord; }

/// Calls f(k) for each set bit k of @p bits, lowest first. Most records
/// reach two or three stages, so this beats looping over the whole path.
template <class F>
inline void for_each_bit(std::uint64_t bits, F f) {
  while (bits) {
    f(std::countr_zero(bits));
    bits &= bits - 1;
  }
}

/// The record scan's visitor: walks its records into `out`. Aligned to a
/// cache line: the visitors sit side by side in one vector, and each writes
/// its counters per event while its neighbour on the other thread reads its
/// own first fields per record.
class alignas(64) RecordPass {
 public:
  RecordPass(const Setup& setup, PassResult& out)
      : setup_(setup), want_(setup.options.durations), ev_(setup.data->events), out_(out),
        seen_(setup.data->stages.size(), 0), amounts_(ev_.amount), reasons_(ev_.reason) {}

  void start(std::uint32_t first_record) {
    amounts_.seek(ev_.record_begin[first_record]);
    reasons_.seek(ev_.record_begin[first_record]);
  }
  void visit(std::uint32_t r, std::size_t begin, std::size_t end) { record(r, begin, end); }
  void finish() {
    out_.outside_funnel += outside_;
    out_.unknown_stage_events += unknown_stage_;
    out_.untimed_events += untimed_;
  }

 private:
  GroupAcc& slot(std::uint32_t s) {
    GroupAcc& g = out_.slots[s];
    g.use(setup_.n_main, setup_.team_names.size());
    return g;
  }

  void record(std::uint32_t r, std::size_t b, std::size_t e);

  /// When stage @p k was entered, by the events of @p stages: the earliest
  /// first entry among those stages at or after k (kNoTime when there is
  /// none). Asked for a few stages per record, so computed on demand: most
  /// records reach one to three stages, and filling a date per main-path
  /// stage for each of them cost more than the asking.
  std::int64_t date_of(std::uint64_t stages, int k) const {
    std::int64_t d = kNoTime;
    for_each_bit(stages & ~(bit(k) - 1), [&](int j) { d = std::min(d, first_[j]); });
    return d;
  }

  const Setup& setup_;
  const DurationFigures want_;  // a copy: read per record, kept beside the other hot fields
  const EventStore& ev_;
  PassResult& out_;
  std::vector<std::uint32_t> seen_;  // per stage code: last record (+1) with an event there
  SparseCursor<std::int64_t> amounts_;
  SparseCursor<std::uint32_t> reasons_;
  std::int64_t first_[kMaxMainPath];  // first event at each main-path stage
  // Counted here and written to out_ once: the threads' PassResults sit side
  // by side, and updating them per event made the two cores fight over one
  // cache line (the second thread gained nothing).
  std::uint64_t outside_ = 0, unknown_stage_ = 0, untimed_ = 0;
};

void RecordPass::record(std::uint32_t r, std::size_t b, std::size_t e) {
  const int n = setup_.n_main;

  // Pass 1: first entry at each main-path stage.
  std::uint64_t all = 0;
  for (int k = 0; k < n; ++k) first_[k] = kNoTime;
  for (std::size_t i = b; i < e; ++i) {
    const std::uint16_t code = ev_.stage[i];
    const std::int64_t t = ev_.time[i];
    untimed_ += t == kNoTime;
    unknown_stage_ += setup_.code_kind[code] == CodeKind::kNone;
    const int ord = setup_.code_ord[code];
    if (ord < 0) continue;
    all |= bit(ord);
    first_[ord] = std::min(first_[ord], t);
  }
  if (all == 0) {
    ++outside_;
    return;
  }
  // A stage is entered no later than any later main-path stage: a record at
  // sql on day 1 had passed mql by day 1, whenever its mql event was logged.
  // date_of(stages, k) is the earliest event at k or at a later main-path
  // stage; the funnel entry is the earliest of all.
  const std::int64_t entry = date_of(all, 0);
  if (setup_.cohort && !setup_.in_range(entry)) return;

  // Window: what happened after `cutoff` does not count. The clock runs
  // from the funnel entry, or (per step) from each stage's date for as long
  // as the next stage's date follows within the window.
  std::uint64_t mask = all;
  std::int64_t cutoff = kNoTime;
  bool window_closed = false;
  if (setup_.window && entry != kNoTime) {
    const std::int64_t w = *setup_.window;
    std::int64_t clock = entry;
    if (setup_.options.window_per_step) {
      std::int64_t prev = entry;
      for (int k = 1; k < n; ++k) {
        const std::int64_t d = date_of(all, k);
        if (d == kNoTime || d - prev > w) break;
        clock = prev = d;
      }
    }
    cutoff = clock + w;
    for_each_bit(all, [&](int k) {
      if (first_[k] > cutoff) mask &= ~bit(k);
    });
    window_closed = cutoff <= setup_.as_of;
    // From here on stages are dated by the events inside the window only
    // (the same date for every stage the record still reaches; a later
    // stage's would be past it): date_of(mask, k).
  }
  // The funnel entry is inside any window, so `mask` keeps it; the guard
  // keeps a broken invariant from becoming undefined shifts below.
  if (mask == 0) {
    ++outside_;
    return;
  }
  const int furthest = 63 - std::countl_zero(mask);
  const std::uint64_t reached = setup_.implied ? (bit(furthest) | (bit(furthest) - 1)) : mask;

  // Pass 2: how the record moved and where it ended, within the window.
  PathFacts facts;
  CodeKind outcome = CodeKind::kNone;
  std::uint32_t outcome_reason = kNoReason;
  std::int64_t close_time = kNoTime;
  std::int64_t cycle_start = kNoTime;
  std::int64_t won_amount = 0;  // the largest amount among the first won events; 0 if none has one
  bool won_amount_seen = false;
  bool lost_before = false;
  int max_ord = -1;
  const std::uint32_t stamp = r + 1;
  const std::int64_t won_first = setup_.won_ord >= 0 ? first_[setup_.won_ord] : kNoTime;
  for (std::size_t i = b; i < e; ++i) {
    const std::int64_t t = ev_.time[i];
    if (cutoff != kNoTime && t > cutoff) break;  // times ascend; kNoTime sorts last
    const std::uint16_t code = ev_.stage[i];
    const CodeKind kind = setup_.code_kind[code];
    if (kind == CodeKind::kNone) continue;
    if (seen_[code] == stamp) facts.reentered = 1;
    seen_[code] = stamp;
    const int ord = setup_.code_ord[code];
    if (ord >= 0) {
      if (ord < max_ord) facts.moved_backwards = 1;
      max_ord = std::max(max_ord, ord);
      if (ord == setup_.won_ord && t == won_first) {
        if (auto a = amounts_.find(static_cast<std::uint32_t>(i))) {
          won_amount = won_amount_seen ? std::max(won_amount, *a) : *a;
          won_amount_seen = true;
        }
      }
    }
    if (setup_.code_is_cycle_start[code] && cycle_start == kNoTime) cycle_start = t;
    const bool closing = kind == CodeKind::kWon || kind == CodeKind::kLost;
    const bool was_closed = outcome == CodeKind::kWon || outcome == CodeKind::kLost;
    if (closing && !was_closed) close_time = t;
    if (!closing) close_time = kNoTime;
    if (kind == CodeKind::kLost) {
      lost_before = true;
      auto reason = reasons_.find(static_cast<std::uint32_t>(i));
      outcome_reason = reason ? *reason : kNoReason;
    } else if (kind == CodeKind::kOpen && lost_before) {
      facts.reopened = 1;
    }
    if (kind == CodeKind::kNurture) facts.nurtured = 1;
    outcome = kind;
  }
  // Skipped: a main-path stage missing below the furthest one recorded
  // (within the window).
  facts.skipped = (mask & (bit(furthest) - 1)) != (bit(furthest) - 1);
  // The sales cycle starts when cycle_from was entered: dated like any
  // main-path stage, or its first event when it is off the main path.
  if (setup_.cycle_ord >= 0) cycle_start = (reached >> setup_.cycle_ord) & 1 ? date_of(mask, setup_.cycle_ord) : kNoTime;

  // Which slot each stage's entry counts in.
  const std::uint32_t group = setup_.groups.of(r) * setup_.bucket_slots;
  // Cohort mode counts every entry at the funnel entry; period mode counts
  // each stage's entry at its date, when that is in the period.
  std::uint64_t counted = reached;
  if (!setup_.cohort) {
    for_each_bit(reached, [&](int k) {
      if (!setup_.in_range(date_of(mask, k))) counted &= ~bit(k);
    });
  }
  auto slot_of = [&](int ord) {
    return group + setup_.bucket_slot(setup_.cohort ? entry : date_of(mask, ord));
  };
  // In cohort mode every entry counts in the record's one slot.
  GroupAcc* const home_acc = setup_.cohort ? &slot(slot_of(0)) : nullptr;
  auto acc_at = [&](int ord) -> GroupAcc& { return home_acc ? *home_acc : slot(slot_of(ord)); };

  // Stages.
  const bool entry_seen = (mask & 1) && first_[0] != kNoTime;
  for_each_bit(counted, [&](int k) {
    StageAcc& s = acc_at(k).stages[static_cast<std::size_t>(k)];
    ++s.reached;
    const bool here = mask & bit(k);
    if (here) ++s.observed;
    if (k > 0 && !(reached & bit(k - 1))) ++s.without_prev;
    if (!(reached & 1)) ++s.without_entry;
    const std::int64_t t = first_[k];
    if (here && entry_seen && t != kNoTime) {
      // At the entry stage the duration is 0 by definition: count, don't store.
      if (k == 0) ++s.entry_zero_durations;
      else if (want_.from_entry) s.from_entry.push_back(t - first_[0]);
    }
    if (k < furthest) {
      ++s.advanced;
      if (want_.in_stage && here && t != kNoTime) {
        std::int64_t next = kNoTime;
        for_each_bit(mask & ~(bit(k + 1) - 1), [&](int j) {
          if (first_[j] >= t) next = std::min(next, first_[j]);
        });
        if (next != kNoTime) s.in_stage.push_back(next - t);
      }
    } else {
      // Where the record ended. At the won stage only a later loss, nurture
      // or re-opening counts (a deal that stays won is in none of the five).
      switch (outcome) {
        case CodeKind::kLost:
          ++s.lost;
          ++s.reasons[outcome_reason];
          break;
        case CodeKind::kNurture:
          ++s.nurture;
          break;
        case CodeKind::kWon:
          if (k != setup_.won_ord) ++s.advanced;  // won at a stage off the main path
          break;
        default:
          if (setup_.window && window_closed) {
            ++s.expired;
          } else {
            ++s.open;
            if (want_.aging && t != kNoTime) s.aging.push_back(setup_.as_of - t);
          }
      }
    }
  });

  // The record as a whole: counted where its first counted entry is.
  if (counted == 0) {
    if (setup_.cohort || !setup_.in_range(close_time)) return;
  }
  const int first_counted = counted ? std::countr_zero(counted) : 0;
  const std::uint32_t home = counted ? slot_of(first_counted) : group + setup_.bucket_slot(close_time);
  GroupAcc& g = slot(home);
  if (counted) {
    ++g.records;
    g.paths.skipped += facts.skipped;
    g.paths.moved_backwards += facts.moved_backwards;
    g.paths.reentered += facts.reentered;
    g.paths.reopened += facts.reopened;
    g.paths.nurtured += facts.nurtured;
    if (outcome == CodeKind::kOpen) ++g.open;
    if (outcome == CodeKind::kNurture) ++g.nurture;
  }
  // Closes: in cohort mode every counted record's; in period mode those
  // that closed inside the period, counted in the close's bucket.
  const bool closed = outcome == CodeKind::kWon || outcome == CodeKind::kLost;
  if (closed && (setup_.cohort || setup_.in_range(close_time))) {
    GroupAcc& c = setup_.cohort ? g : slot(group + setup_.bucket_slot(close_time));
    if (outcome == CodeKind::kWon) ++c.won; else ++c.lost;
    if (want_.cycle && cycle_start != kNoTime && close_time != kNoTime)
      c.cycle.push_back(close_time - cycle_start);
  }
  if (setup_.won_ord >= 0 && (mask & bit(setup_.won_ord)) && (counted & bit(setup_.won_ord)))
    acc_at(setup_.won_ord).revenue += won_amount;

  // Teams.
  const std::size_t cls = setup_.team_class_of_record.empty() ? 0 : setup_.team_class_of_record[r];
  const TeamClass& tc = setup_.team_classes[cls];
  for (std::size_t i = 0; i < tc.team.size(); ++i) {
    const std::uint64_t own = tc.ords[i];
    if (!(counted & own)) continue;
    const int last = 63 - std::countl_zero(own);
    const int out = last + 1 < n ? last + 1 : last;
    TeamAcc& in_acc = acc_at(std::countr_zero(counted & own)).teams[tc.team[i]];
    ++in_acc.input;
    if (!(counted & bit(out))) continue;
    TeamAcc& out_acc = acc_at(out).teams[tc.team[i]];
    ++out_acc.output;
    if (setup_.won_ord >= 0 && (reached & bit(setup_.won_ord))) ++out_acc.output_won;
    if (!want_.team_velocity) continue;
    // From the date the record reached the team's first stage to the date
    // of the hand-off (0 when it skipped straight to the hand-off).
    const std::int64_t start = date_of(mask, std::countr_zero(own & reached));
    const std::int64_t end = date_of(mask, out);
    if (start != kNoTime && end != kNoTime) out_acc.velocity.push_back(end - start);
  }
}

}  // namespace

PassResult run_pass(const Setup& setup, unsigned threads) {
  const unsigned parts_count = scan_threads(setup.data->record_ids.size(), threads);
  std::vector<PassResult> parts(parts_count);
  std::vector<RecordPass> visitors;
  visitors.reserve(parts_count);
  for (PassResult& p : parts) {
    p.slots.resize(setup.slot_count());
    visitors.emplace_back(setup, p);
  }
  scan_records(*setup.data, std::span<RecordPass>(visitors));
  // Merged in part order: the same result for any number of parts.
  PassResult& out = parts[0];
  for (unsigned t = 1; t < parts_count; ++t) {
    for (std::size_t s = 0; s < out.slots.size(); ++s)
      out.slots[s].merge(std::move(parts[t].slots[s]));
    out.outside_funnel += parts[t].outside_funnel;
    out.unknown_stage_events += parts[t].unknown_stage_events;
    out.untimed_events += parts[t].untimed_events;
  }
  return std::move(out);
}

}  // namespace modelfunnel::internal::funnel
