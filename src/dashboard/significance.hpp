// Whether a change between two periods is more than noise: the tests the
// KPI cards state (docs/dashboard.md). Two-sided, at the 95% level.
#pragma once

#include <cstdint>

namespace modelfunnel::internal::dashboard {

/// A test's outcome; `tested` is false when the data cannot support one
/// (an empty period, or a rate of 0 or 1 in both).
struct Significance {
  bool tested = false;
  bool significant = false;  ///< |z| > 1.96 (p < 0.05, two-sided).
  double z = 0;
};

/// Two-proportion z-test (pooled) of k1/n1 against k2/n2.
Significance two_proportion_test(std::uint64_t k1, std::uint64_t n1, std::uint64_t k2,
                                 std::uint64_t n2);

/// Change of a count between two periods of equal length, as Poisson
/// counts: given c1 + c2, c1 is Binomial(c1 + c2, 1/2) when the rate did not
/// change; z = (c1 − c2) / √(c1 + c2).
Significance count_test(std::uint64_t c1, std::uint64_t c2);

}  // namespace modelfunnel::internal::dashboard
