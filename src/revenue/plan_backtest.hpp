// The plan's backtest, run by revenue_backtest() when BacktestOptions::plan
// is set: for each backtested period, the plan measured as of its start for
// the revenue the period actually won, against the records that actually
// entered each stage inside the plan's window.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "modelfunnel/revenue.hpp"
#include "revenue/history.hpp"

namespace modelfunnel::internal::revenue {

/// Fills @p out.plan and @p out.plan_stages for @p periods (each planned as
/// of its start). Periods with no revenue won, or nothing won before them,
/// are left out.
absl::Status backtest_plans(const DataSet& data, const StageGraph& graph, const Setup& setup,
                            const std::vector<Period>& periods, const BacktestOptions& options,
                            RevenueBacktest& out);

}  // namespace modelfunnel::internal::revenue
