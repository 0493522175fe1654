// Statistics behind the funnel report: Wilson intervals, exact quantiles
// over microsecond durations, and the one-sided tests of bottleneck
// detection. Kept apart so each can be checked against hand-computed values.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::internal::funnel {

/// A rate with its Wilson interval. @p proportion false leaves the interval
/// NaN (the numerator's records are not a subset of the denominator's).
Rate make_rate(std::uint64_t numerator, std::uint64_t denominator, bool proportion,
               std::uint64_t min_sample);

/// Count, median, p90 and mean in days of @p micros. Medians and p90 are
/// DuckDB's quantile_cont: linear interpolation between the closest ranks,
/// computed exactly in microseconds and divided once, so whole-second data
/// gives the same double as computing in seconds and dividing by 86400.
Durations summarize_durations(const std::vector<std::int64_t>& micros);

/// The same over the concatenation of @p parts, without copying them and
/// without reordering: exact order statistics by radix selection (a
/// histogram of the high bits finds the bucket holding each wanted rank,
/// then only that bucket's values are selected among), so a total over
/// many groups costs a few linear passes, not a copy and a sort.
Durations summarize_durations(std::span<const std::vector<std::int64_t>* const> parts);

/// Exact 128-bit sums of microsecond durations (64 bits overflow past a few
/// million durations of 100 days).
__extension__ using Int128 = __int128;

/// Smallest, largest and sum of a set of durations, when the caller kept
/// them while gathering the values (saves a pass over them).
struct DurationBounds {
  std::int64_t lo = INT64_MAX;
  std::int64_t hi = INT64_MIN;
  Int128 sum = 0;

  void add(std::int64_t v) {
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    sum += v;
  }
  void add(const DurationBounds& o) {
    lo = o.lo < lo ? o.lo : lo;
    hi = o.hi > hi ? o.hi : hi;
    sum += o.sum;
  }
};

/// summarize_durations(parts) with the bounds of @p parts already known.
Durations summarize_durations(std::span<const std::vector<std::int64_t>* const> parts,
                              const DurationBounds& bounds);

/// Standard normal cumulative distribution.
double normal_cdf(double z);

/// One-sided p-value that rate k1/n1 is below rate k2/n2 (pooled
/// two-proportion z-test). @pre n1 > 0, n2 > 0.
double p_value_below(std::uint64_t k1, std::uint64_t n1, std::uint64_t k2, std::uint64_t n2);

/// One-sided p-value that rate k/n is below the fixed rate @p target
/// (score test). @pre n > 0.
double p_value_below_target(std::uint64_t k, std::uint64_t n, double target);

}  // namespace modelfunnel::internal::funnel
