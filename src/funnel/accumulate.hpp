// The per-record pass of the funnel report: walks each record's events once
// (twice when a window applies), decides what it reached and how it left,
// and adds it to the accumulators of its group. Runs on both cores over
// halves of the records; the halves' accumulators are then merged.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "funnel/setup.hpp"
#include "funnel/stats.hpp"

namespace modelfunnel::internal::funnel {

/// Reason code for a loss event with no reason recorded.
inline constexpr std::uint32_t kNoReason = 0xffffffffu;

/// Durations (microseconds) gathered by one thread, plus the vectors other
/// threads gathered for the same group, kept as they are: the summaries read
/// all parts in place, so merging threads copies nothing.
struct Samples {
  std::vector<std::int64_t> values;
  std::vector<std::vector<std::int64_t>> merged;
  DurationBounds bounds;  ///< Of values and merged together.

  void push_back(std::int64_t v) {
    if (values.size() == values.capacity()) grow();
    values.push_back(v);
    bounds.add(v);
  }
  /// Doubles the capacity, on huge pages once it is big (a report's first
  /// run otherwise spends a third of its time in page faults).
  void grow();
  void merge(Samples&& other);
  /// Appends pointers to every part to @p parts.
  void collect(std::vector<const std::vector<std::int64_t>*>& parts) const;
};

struct StageAcc {
  std::uint64_t reached = 0, observed = 0, without_prev = 0, without_entry = 0;
  std::uint64_t advanced = 0, lost = 0, nurture = 0, open = 0, expired = 0;
  /// The entry stage's from_entry durations, all 0 (only counted).
  std::uint64_t entry_zero_durations = 0;
  Samples from_entry, in_stage, aging;
  absl::flat_hash_map<std::uint32_t, std::uint64_t> reasons;
};

struct TeamAcc {
  std::uint64_t input = 0, output = 0, output_won = 0;
  Samples velocity;
};

struct GroupAcc {
  bool used = false;
  std::uint64_t records = 0, won = 0, lost = 0, open = 0, nurture = 0;
  std::int64_t revenue = 0;  // Amount::scaled()
  Samples cycle;
  PathFacts paths;
  std::vector<StageAcc> stages;
  std::vector<TeamAcc> teams;

  /// Sizes the stage and team vectors on first use.
  void use(int n_main, std::size_t n_teams);
  /// Adds @p other's counters (not its durations) into this one.
  void add_counts(const GroupAcc& other);
  /// Adds @p other into this one: counters added, durations taken over.
  void merge(GroupAcc&& other);
};

struct PassResult {
  std::vector<GroupAcc> slots;  ///< One per Setup slot.
  std::uint64_t outside_funnel = 0;
  std::uint64_t unknown_stage_events = 0;
  std::uint64_t untimed_events = 0;
};

/// Runs the pass over every record of @p setup's data, on up to @p threads threads.
PassResult run_pass(const Setup& setup, unsigned threads);

}  // namespace modelfunnel::internal::funnel
