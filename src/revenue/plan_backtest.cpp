// The plan's backtest; see plan_backtest.hpp.
//
// What the plan claims: to win a target in a period, this many records must
// reach each stage, entering when their lag to won lands them in the
// period. Hindsight gives the target (what the period did win, by every
// record) and the records that did reach each stage, each counted as the
// plan counts a record: by the share of the stage's lags (measured then)
// that land it inside the period. A plan that has its rates, deal sizes and
// lags right asks for about the volume that came.
#include "revenue/plan_backtest.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal::revenue {
namespace {

/// Every record's implied date at each main-path stage (its first event
/// there or at a later main-path stage, as the measurement dates them), over
/// all dated events, and each first win with its amount.
struct Entries {
  std::vector<std::vector<std::int64_t>> dates;  // per main-path stage, sorted
  std::vector<std::pair<std::int64_t, std::int64_t>> wins;  // (time, scaled amount or -1)
};

Entries gather_entries(const Setup& setup) {
  const EventStore& ev = setup.data->events;
  const int n = static_cast<int>(setup.main_path.size());
  Entries out;
  out.dates.resize(static_cast<std::size_t>(n));
  std::vector<std::int64_t> date(static_cast<std::size_t>(n));
  const std::size_t records = setup.data->record_ids.size();
  for (std::size_t r = 0; r < records; ++r) {
    std::fill(date.begin(), date.end(), kNever);
    std::int64_t won_at = kNever, won_amount = -1;
    for (std::size_t i = ev.record_begin[r]; i < ev.record_begin[r + 1]; ++i) {
      const std::int64_t t = ev.time[i];
      if (t == kNoTime) break;  // untimed events sort last
      const std::uint16_t code = ev.stage[i];
      if (setup.code_kind[code] == Setup::Kind::kNone) continue;
      const int ord = setup.code_ord[code];
      if (ord >= 0 && date[static_cast<std::size_t>(ord)] == kNever) date[static_cast<std::size_t>(ord)] = t;
      if (setup.code_kind[code] == Setup::Kind::kWon && won_at == kNever) {
        won_at = t;
        won_amount = ev.amount.find(static_cast<std::uint32_t>(i)).value_or(-1);
      }
    }
    if (won_at != kNever) {
      auto& d = date[static_cast<std::size_t>(setup.won)];
      d = std::min(d, won_at);
      out.wins.emplace_back(won_at, won_amount);
    }
    for (int i = n - 2; i >= 0; --i)
      date[static_cast<std::size_t>(i)] = std::min(date[static_cast<std::size_t>(i)], date[static_cast<std::size_t>(i) + 1]);
    for (int i = 0; i < n; ++i)
      if (date[static_cast<std::size_t>(i)] != kNever) out.dates[static_cast<std::size_t>(i)].push_back(date[static_cast<std::size_t>(i)]);
  }
  for (auto& d : out.dates) std::sort(d.begin(), d.end());
  return out;
}

std::uint64_t count_between(const std::vector<std::int64_t>& sorted, std::int64_t begin, std::int64_t end) {
  return static_cast<std::uint64_t>(std::lower_bound(sorted.begin(), sorted.end(), end) -
                                    std::lower_bound(sorted.begin(), sorted.end(), begin));
}

/// Σ over the records that entered the stage (dated @p sorted_dates) of the
/// share of the stage's lags to won (@p lags, days) that land them inside
/// @p period: the records that entered, counted as the plan counts them
/// (no lags: a record is won the day it enters).
double effective_entries(const std::vector<std::int64_t>& sorted_dates, std::vector<double> lags, const Period& period) {
  if (lags.empty()) lags.push_back(0);
  std::sort(lags.begin(), lags.end());
  const double day = static_cast<double>(kMicrosPerDay);
  const std::int64_t longest = static_cast<std::int64_t>(std::ceil(std::min(lags.back(), 36'500.0))) * kMicrosPerDay;
  const std::int64_t from = period.begin.micros() - longest - kMicrosPerDay;
  double total = 0;
  for (auto it = std::lower_bound(sorted_dates.begin(), sorted_dates.end(), from);
       it != sorted_dates.end() && *it < period.end.micros(); ++it) {
    const double lo = static_cast<double>(period.begin.micros() - *it) / day;
    const double hi = static_cast<double>(period.end.micros() - *it) / day;
    const auto in = std::lower_bound(lags.begin(), lags.end(), hi) - std::lower_bound(lags.begin(), lags.end(), lo);
    total += static_cast<double>(in) / static_cast<double>(lags.size());
  }
  return total;
}

}  // namespace

absl::Status backtest_plans(const DataSet& data, const StageGraph& graph, const Setup& setup,
                            const std::vector<Period>& periods, const BacktestOptions& options,
                            RevenueBacktest& out) {
  const Entries entries = gather_entries(setup);
  const std::size_t n = setup.main_path.size();
  for (const Period& p : periods) {
    // The target: what the period won, by every record (a win without an
    // amount at the mean won amount of the period's wins with one).
    double won = 0;
    std::uint64_t with = 0, without = 0;
    for (const auto& [t, amount] : entries.wins) {
      if (t < p.begin.micros() || t >= p.end.micros()) continue;
      if (amount >= 0) {
        won += Amount::from_scaled(amount).value();
        ++with;
      } else {
        ++without;
      }
    }
    if (with == 0) continue;
    won += won / static_cast<double>(with) * static_cast<double>(without);
    MeasureOptions mo;
    mo.as_of = p.begin;
    mo.period = p;
    mo.owner_attribute = options.owner_attribute;
    mo.threads = options.threads;
    auto model = measure_revenue_model(data, graph, mo);
    if (!model.ok()) {
      if (absl::IsInvalidArgument(model.status())) continue;  // nothing won yet: no plan possible
      return model.status();
    }
    PlanOptions po;
    po.target = won;
    po.period = p;
    po.as_of = p.begin;
    po.samples = options.plan_samples;
    po.seed = options.seed;
    po.threads = options.threads;
    auto plan = revenue_plan(*model, po);
    if (!plan.ok()) {
      if (absl::IsInvalidArgument(plan.status())) continue;  // e.g. a step never converted before
      return plan.status();
    }
    for (std::size_t s = 0; s < plan->stages.size() && s < n; ++s) {
      const PlanStageRow& st = plan->stages[s];
      PlanBacktestRow row;
      row.period = p;
      row.stage = st.stage;
      row.target = won;
      row.required_p10 = st.required_p10;
      row.required_p50 = st.required_p50;
      row.required_p90 = st.required_p90;
      row.enter_from = st.enter_from;
      row.enter_by = st.enter_by;
      row.entered = count_between(entries.dates[s], st.enter_from.micros(), st.enter_by.micros() + kMicrosPerDay);
      row.entered_effective = effective_entries(entries.dates[s], model->lag_days[s], p);
      row.covered = row.entered_effective >= static_cast<double>(row.required_p10) - 1e-9 &&
                    row.entered_effective <= static_cast<double>(row.required_p90) + 1e-9;
      out.plan.push_back(std::move(row));
    }
  }
  for (std::size_t s = 0; s < n; ++s) {
    PlanBacktestStageRow r;
    r.stage = setup.main_path[s];
    double covered = 0, diff = 0, entered = 0, ape = 0;
    std::uint64_t with_entries = 0;
    for (const PlanBacktestRow& row : out.plan) {
      if (row.stage != r.stage) continue;
      ++r.periods;
      covered += row.covered ? 1 : 0;
      const double e = row.entered_effective, want = static_cast<double>(row.required_p50);
      diff += want - e;
      entered += e;
      if (e > 0) {
        ape += std::abs(want - e) / e;
        ++with_entries;
      }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.coverage = r.periods ? covered / static_cast<double>(r.periods) : nan;
    r.bias = entered > 0 ? diff / entered : nan;
    r.mape = with_entries ? ape / static_cast<double>(with_entries) : nan;
    out.plan_stages.push_back(std::move(r));
  }
  return absl::OkStatus();
}

}  // namespace modelfunnel::internal::revenue
