// The open pipeline priced: every record open at as_of with its amount and
// P(won inside the period | stage, age). Shared by the forecast, the
// measured plan and the backtest.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "revenue/distribution.hpp"
#include "revenue/history.hpp"
#include "revenue/win_curve.hpp"

namespace modelfunnel::internal::revenue {

struct PricedPipeline {
  History history;
  std::vector<WinCurve> curves;    ///< Per main-path stage but won.
  std::vector<Term> terms;         ///< Per history.open record.
  std::vector<double> deal_sizes;  ///< Won amounts before as_of (currency units).
  double m1 = 0, m2 = 0;           ///< Their mean and second moment.
  std::uint64_t imputed = 0;       ///< Open records without an amount.
  double won_so_far = 0;           ///< Won in [period.begin, as_of).
  std::uint64_t won_so_far_count = 0;
  Moments moments;                 ///< Of the open records' won amount.
};

/// Prices the pipeline of @p setup's data as of @p as_of for @p period.
/// @return InvalidArgument when the period ends at or before as_of or no
///   record was won with an amount before as_of.
absl::StatusOr<PricedPipeline> price_pipeline(const Setup& setup, std::int64_t as_of,
                                              const Period& period, unsigned threads,
                                              bool want_lags);

}  // namespace modelfunnel::internal::revenue
