// The plan's Monte Carlo samples, for the plan by segment: each segment's
// samples are summed, sample by sample, to give the combined percentiles.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/revenue.hpp"

namespace modelfunnel::internal::revenue {

/// Rounds a required volume up once, forgiving the last bits of
/// floating-point division (1,000,000 / 20,000 / 0.5 is 100, not
/// 100.00000000000001 → 101).
inline std::uint64_t round_up(double x) {
  if (!(x > 0)) return 0;
  return static_cast<std::uint64_t>(std::ceil(x * (1 - 1e-12)));
}

/// revenue_plan(), also handing back in @p samples (when not null), per
/// stage, every Monte Carlo sample's required volume (not rounded), in
/// sample order; a stage's list is empty when its volume is certain (then
/// every sample needs required_exact).
absl::StatusOr<RevenuePlan> plan_with_samples(const RevenueModel& model, const PlanOptions& options,
                                              std::vector<std::vector<double>>* samples);

}  // namespace modelfunnel::internal::revenue
