// The 95% Wilson score interval of a proportion, shared by every engine
// that reports rates (the funnel report's conversions, qualification's win
// rates), so that one interval means one thing everywhere.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace modelfunnel::internal {

/// z for a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

/// The 95% Wilson interval of @p k successes in @p n trials.
/// @pre 0 < n, k <= n
inline Interval wilson_interval(std::uint64_t k, std::uint64_t n) {
  const double m = static_cast<double>(n);
  const double p = static_cast<double>(k) / m;
  const double z2 = kZ95 * kZ95;
  const double denom = 1 + z2 / m;
  const double center = (p + z2 / (2 * m)) / denom;
  const double half = kZ95 * std::sqrt(p * (1 - p) / m + z2 / (4 * m * m)) / denom;
  // At p = 0 or 1 the exact bound is 0 or 1; computed, it is off by
  // rounding noise (1e-17 rather than 0).
  return {k == 0 ? 0.0 : std::max(0.0, center - half), k == n ? 1.0 : std::min(1.0, center + half)};
}

}  // namespace modelfunnel::internal
