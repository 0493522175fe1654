// revenue_backtest(): the forecast made at the start of each past period,
// from the events before it only, against what the records open then
// actually won inside it.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/pipeline.hpp"
#include "revenue/plan_backtest.hpp"
#include "util/civil_time.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::kMicrosPerDay;

absl::StatusOr<RevenueBacktest> compute(const DataSet& data, const StageGraph& graph, const BacktestOptions& options) {
  if (options.every != "month" && options.every != "quarter")
    return absl::InvalidArgumentError(absl::StrCat("backtest periods: expected month or quarter; got '", options.every, "'"));
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, options.owner_attribute);
  if (!setup.ok()) return setup.status();
  const unsigned threads = internal::resolve_threads(options.threads);
  // Periods run from min_history_days after the first event to the last
  // entry into the funnel: after that no new record comes in, the pipeline
  // only drains, and a forecast of nothing is trivially "covered".
  std::int64_t first = INT64_MAX, last = INT64_MIN;
  for (std::size_t i = 0; i < impl.events.size(); ++i) {
    const std::int64_t t = impl.events.time[i];
    if (t == internal::kNoTime || setup->code_kind[impl.events.stage[i]] == internal::revenue::Setup::Kind::kNone) continue;
    first = std::min(first, t);
    if (setup->code_ord[impl.events.stage[i]] == 0) last = std::max(last, t);
  }
  if (last == INT64_MIN) last = internal::revenue::default_as_of(*setup);
  if (first == INT64_MAX) return absl::InvalidArgumentError("no dated events to backtest on");
  const int months = options.every == "month" ? 1 : 3;
  const std::int64_t earliest = first + options.min_history_days * kMicrosPerDay;
  auto c = internal::civil_from_days(earliest / kMicrosPerDay);
  std::int64_t y = c.year;
  unsigned m = c.month;
  if (months == 3) m = (m - 1) / 3 * 3 + 1;
  RevenueBacktest bt;
  std::vector<Period> planned;
  for (int guard = 0; guard < 10'000; ++guard) {
    const std::int64_t b = internal::days_from_civil(y, m, 1) * kMicrosPerDay;
    m += static_cast<unsigned>(months);
    if (m > 12) {
      m -= 12;
      ++y;
    }
    const std::int64_t e = internal::days_from_civil(y, m, 1) * kMicrosPerDay;
    if (e > last) break;
    if (b < earliest) continue;
    const Period p{Timestamp::from_micros(b), Timestamp::from_micros(e)};
    planned.push_back(p);
    auto priced = internal::revenue::price_pipeline(*setup, b, p, threads, false);
    if (!priced.ok()) {
      if (absl::IsInvalidArgument(priced.status())) continue;  // nothing won yet: no forecast possible
      return priced.status();
    }
    const auto pct = internal::revenue::sum_percentiles(priced->terms, priced->moments, priced->deal_sizes,
                                                        priced->m1, 0, 0);
    BacktestRow row;
    row.period = p;
    row.deals = priced->terms.size();
    row.expected = priced->moments.mean;
    row.p10 = pct.p10;
    row.p90 = pct.p90;
    for (const auto& o : priced->history.open)
      if (o.later_won >= b && o.later_won < e)
        row.actual += o.later_amount >= 0 ? Amount::from_scaled(o.later_amount).value() : priced->m1;
    row.covered = row.actual >= row.p10 - 1e-6 && row.actual <= row.p90 + 1e-6;
    bt.periods.push_back(row);
  }
  if (bt.periods.empty())
    return absl::InvalidArgumentError(absl::StrCat("no ", options.every, " to backtest: the data needs ",
                                                   options.min_history_days, " days of history before a whole period"));
  if (options.plan) {
    if (absl::Status s = internal::revenue::backtest_plans(data, graph, *setup, planned, options, bt); !s.ok()) return s;
  }
  double covered = 0, diff = 0, actual = 0, ape = 0;
  std::size_t with_actual = 0;
  for (const BacktestRow& r : bt.periods) {
    covered += r.covered ? 1 : 0;
    diff += r.expected - r.actual;
    actual += r.actual;
    if (r.actual > 0) {
      ape += std::abs(r.expected - r.actual) / r.actual;
      ++with_actual;
    }
  }
  bt.coverage = covered / static_cast<double>(bt.periods.size());
  bt.bias = actual > 0 ? diff / actual : std::numeric_limits<double>::quiet_NaN();
  bt.mape = with_actual ? ape / static_cast<double>(with_actual) : std::numeric_limits<double>::quiet_NaN();
  return bt;
}

}  // namespace

absl::StatusOr<RevenueBacktest> revenue_backtest(const DataSet& data, const StageGraph& graph,
                                                 const BacktestOptions& options) {
  return internal::no_throw("revenue_backtest", [&] { return compute(data, graph, options); });
}

}  // namespace modelfunnel
