// revenue_forecast(): the open pipeline priced, its distribution, its
// breakdowns and roll-ups.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"
#include "revenue/pipeline.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::PricedPipeline;
using internal::revenue::Setup;

/// A stage's forecast category: the graph's, else learned from how often
/// the stage's closed records were won (≥ 50%: commit, ≥ 20%: best case,
/// else pipeline).
ForecastCategory category_of(const Setup& setup, const PricedPipeline& priced, std::size_t stage) {
  if (setup.categorised[stage]) return setup.categories[stage];
  const double share = priced.curves[stage].win_share;
  if (std::isnan(share)) return ForecastCategory::kPipeline;
  return share >= 0.5 ? ForecastCategory::kCommit
                      : share >= 0.2 ? ForecastCategory::kBestCase : ForecastCategory::kPipeline;
}

struct Acc {
  std::uint64_t deals = 0;
  double amount = 0, expected = 0, variance = 0;
  void add(const internal::revenue::Term& t, double m1, double m2) {
    ++deals;
    amount += t.amount;
    internal::revenue::Moments m;
    m.add(t, m1, m2);
    expected += m.mean;
    variance += m.variance;
  }
  ForecastGroupRow row(std::string key) const {
    return {std::move(key), deals, amount, expected, std::sqrt(std::max(0.0, variance))};
  }
};

absl::StatusOr<RevenueForecast> compute(const DataSet& data, const StageGraph& graph,
                                        const ForecastOptions& options) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, options.owner_attribute);
  if (!setup.ok()) return setup.status();
  const std::int64_t as_of = options.as_of ? options.as_of->micros() : internal::revenue::default_as_of(*setup);
  const unsigned threads = internal::resolve_threads(options.threads);
  auto priced = internal::revenue::price_pipeline(*setup, as_of, options.period, threads, false);
  if (!priced.ok()) return priced.status();
  const PricedPipeline& pp = *priced;

  RevenueForecast f;
  f.as_of = Timestamp::from_micros(as_of);
  f.period = options.period;
  f.open_deals = pp.terms.size();
  f.amounts_imputed = pp.imputed;
  f.mean_deal_size = pp.m1;
  f.won_so_far = pp.won_so_far;
  f.expected = pp.moments.mean;
  f.sd = std::sqrt(std::max(0.0, pp.moments.variance));
  const auto pct = internal::revenue::sum_percentiles(pp.terms, pp.moments, pp.deal_sizes, pp.m1,
                                                      options.samples, options.seed);
  f.p10 = pct.p10;
  f.p50 = pct.p50;
  f.p90 = pct.p90;
  f.method = pct.method;
  f.cdf_error_bound = pct.bound;

  const std::size_t n_open = setup->main_path.size() - 1;
  std::vector<Acc> by_stage(n_open);
  std::vector<Acc> by_owner(setup->owner_names.size() + 1);  // last: no owner
  std::map<std::string, Acc> by_team_map;
  std::vector<Acc> by_category(5);
  std::vector<ForecastCategory> category(n_open);
  for (std::size_t s = 0; s < n_open; ++s) category[s] = category_of(*setup, pp, s);
  const auto& open = pp.history.open;
  for (std::size_t i = 0; i < open.size(); ++i) {
    const auto& t = pp.terms[i];
    by_stage[open[i].stage].add(t, pp.m1, pp.m2);
    by_owner[open[i].owner == internal::revenue::kNoOwner ? setup->owner_names.size() : open[i].owner].add(t, pp.m1, pp.m2);
    by_category[static_cast<std::size_t>(category[open[i].stage])].add(t, pp.m1, pp.m2);
  }
  std::vector<std::string> team_order;
  for (std::size_t s = 0; s < n_open; ++s) {
    f.by_stage.push_back(by_stage[s].row(setup->main_path[s]));
    const std::string& team = setup->teams[s];
    if (!by_team_map.count(team)) team_order.push_back(team);
    Acc& a = by_team_map[team];
    a.deals += by_stage[s].deals;
    a.amount += by_stage[s].amount;
    a.expected += by_stage[s].expected;
    a.variance += by_stage[s].variance;
  }
  for (const std::string& t : team_order) f.by_team.push_back(by_team_map[t].row(t));
  for (std::size_t o = 0; o < by_owner.size(); ++o)
    if (by_owner[o].deals) f.by_owner.push_back(by_owner[o].row(o < setup->owner_names.size() ? setup->owner_names[o] : ""));
  std::stable_sort(f.by_owner.begin(), f.by_owner.end(), [](const ForecastGroupRow& a, const ForecastGroupRow& b) {
    return a.expected > b.expected || (a.expected == b.expected && a.key < b.key);
  });
  // Categories and their cumulative roll-ups: closed ⊂ commit ⊂ best case ⊂ pipeline.
  ForecastRollupRow roll{"closed", pp.won_so_far_count, pp.won_so_far, pp.won_so_far};
  f.by_category.push_back({"closed", pp.won_so_far_count, pp.won_so_far, pp.won_so_far, 0});
  f.rollups.push_back(roll);
  for (ForecastCategory c : {ForecastCategory::kCommit, ForecastCategory::kBestCase, ForecastCategory::kPipeline}) {
    const Acc& a = by_category[static_cast<std::size_t>(c)];
    f.by_category.push_back(a.row(std::string(to_string(c))));
    roll.category = std::string(to_string(c));
    roll.deals += a.deals;
    roll.amount += a.amount;
    roll.expected += a.expected;
    f.rollups.push_back(roll);
  }
  // The learned curves at multiples of each stage's usual time to a win.
  for (std::size_t s = 0; s < n_open; ++s) {
    const auto& c = pp.curves[s];
    const double usual = std::isnan(c.median_close_days) ? 30.0 : std::max(1.0, c.median_close_days);
    for (double k : {0.0, 0.5, 1.0, 2.0, 4.0}) {
      const auto age = static_cast<std::int64_t>(std::llround(k * usual));
      const std::size_t at = std::min<std::size_t>(static_cast<std::size_t>(age), c.cohort.size() - 1);
      f.curve.push_back({setup->main_path[s], static_cast<double>(age), c.at(age), c.cohort[at]});
    }
  }
  if (pp.imputed)
    f.notes.push_back(absl::StrCat(pp.imputed, " of ", f.open_deals,
                                   " open records have no amount; the mean won deal size stands in for them "
                                   "(and its spread widens the interval)."));
  if (f.method == DistributionMethod::kNormal && f.cdf_error_bound > 0.05)
    f.notes.push_back(absl::StrCat("The normal approximation may be off by up to ", f.cdf_error_bound,
                                   " in probability (Berry-Esseen); --samples N computes the percentiles by Monte Carlo."));
  return f;
}

}  // namespace

std::string_view to_string(DistributionMethod method) {
  switch (method) {
    case DistributionMethod::kExact: return "exact";
    case DistributionMethod::kNormal: return "normal";
    case DistributionMethod::kMonteCarlo: return "monte_carlo";
  }
  return "unknown";
}

absl::StatusOr<RevenueForecast> revenue_forecast(const DataSet& data, const StageGraph& graph,
                                                 const ForecastOptions& options) {
  return internal::no_throw("revenue_forecast", [&] { return compute(data, graph, options); });
}

}  // namespace modelfunnel
