// attribute() and attribute_paths(): journeys in, credits per model out,
// with bootstrap intervals and, for data sets with campaigns, the costs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "attribution/journeys.hpp"
#include "modelfunnel/attribution.hpp"
#include "util/no_throw.hpp"
#include "util/parallel.hpp"
#include "util/random.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace internal::attribution {
namespace {

absl::Status check_options(const AttributionOptions& o) {
  if (!(o.half_life_days > 0) || !std::isfinite(o.half_life_days))
    return absl::InvalidArgumentError("half_life_days: must be a number of days > 0");
  if (!(o.confidence > 0 && o.confidence < 1)) return absl::InvalidArgumentError("confidence: must lie in (0, 1)");
  if (o.lookback_days && !(*o.lookback_days >= 0))
    return absl::InvalidArgumentError("lookback_days: must be a number of days >= 0");
  for (AttributionModel m : o.models)
    if (static_cast<unsigned>(m) >= kAttributionModels.size())
      return absl::InvalidArgumentError(absl::StrCat("models: unknown model ", static_cast<unsigned>(m)));
  if (static_cast<unsigned>(o.by) > 1) return absl::InvalidArgumentError("by: must be channel or campaign");
  return absl::OkStatus();
}

std::vector<AttributionModel> models_of(const AttributionOptions& o) {
  if (o.models.empty()) return {kAttributionModels.begin(), kAttributionModels.end()};
  return o.models;
}

// A Poisson draw: exact (Knuth) for small means, the rounded normal
// approximation for means of 30 and more.
double poisson(Random& rng, double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const double limit = std::exp(-mean);
    double p = 1;
    int k = 0;
    do {
      ++k;
      p *= rng.uniform();
    } while (p > limit);
    return k - 1;
  }
  return std::max(0.0, std::round(mean + std::sqrt(mean) * rng.normal()));
}

// The value at quantile @p q of sorted @p v (linear between order statistics).
double quantile(const std::vector<double>& v, double q) {
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

// Bootstrap intervals of @p model's conversions per key: [key][low, high].
std::vector<std::pair<double, double>> bootstrap(AttributionModel model, const Journeys& jn,
                                                 const AttributionOptions& o, unsigned threads) {
  const std::size_t k = jn.keys.size(), b = o.bootstrap;
  std::vector<double> draws(b * k, 0.0);  // [replicate][key]
  // Blocks of consecutive replicates, one per thread, each reusing its
  // weight columns (a fresh set per replicate was three columns of page
  // faults each time); every replicate has its own seed, so the draws do
  // not depend on the blocks.
  const std::size_t blocks = std::min<std::size_t>(b, std::max(1u, threads));
  parallel_for(threads, blocks, [&](std::size_t block) {
    std::vector<double> c(jn.size()), v(jn.size()), u(jn.size());
    for (std::size_t rep = block * b / blocks; rep < (block + 1) * b / blocks; ++rep) {
      Random rng(o.seed ^ (0x9E3779B97F4A7C15ull * (rep + 1)) ^ (static_cast<std::uint64_t>(model) << 56));
      for (std::size_t j = 0; j < jn.size(); ++j) {
        if (jn.single_records) {
          const double w = poisson(rng, 1.0);
          c[j] = jn.conversions[j] * w, v[j] = jn.value[j] * w, u[j] = jn.nulls[j] * w;
        } else {
          c[j] = poisson(rng, jn.conversions[j]);
          v[j] = jn.conversions[j] > 0 ? jn.value[j] * c[j] / jn.conversions[j] : 0.0;
          u[j] = poisson(rng, jn.nulls[j]);
        }
      }
      const Credits cr = model_credits(model, jn, c, v, u, o.half_life_days);
      std::copy(cr.conversions.begin(), cr.conversions.end(), draws.begin() + static_cast<std::ptrdiff_t>(rep * k));
    }
  });
  std::vector<std::pair<double, double>> out(k);
  std::vector<double> col(b);
  const double alpha = (1 - o.confidence) / 2;
  for (std::size_t key = 0; key < k; ++key) {
    for (std::size_t rep = 0; rep < b; ++rep) col[rep] = draws[rep * k + key];
    std::sort(col.begin(), col.end());
    out[key] = {quantile(col, alpha), quantile(col, 1 - alpha)};
  }
  return out;
}

// Credits of every model over @p jn, in model order.
std::vector<ChannelCredit> credit_rows(const Journeys& jn, const std::vector<AttributionModel>& models,
                                       const AttributionOptions& o, unsigned threads, Attribution& result) {
  std::vector<ChannelCredit> rows;
  for (AttributionModel m : models) {
    double p = 0;
    const Credits cr = model_credits(m, jn, jn.conversions, jn.value, jn.nulls, o.half_life_days, &p, threads);
    std::vector<double> effects;
    if (m == AttributionModel::kMarkov) {
      result.markov_conversion_probability = p;
      effects = markov_removal_effects(jn, jn.conversions, jn.nulls, p);
    }
    std::vector<std::pair<double, double>> ci;
    if (o.bootstrap > 0) ci = bootstrap(m, jn, o, threads);
    for (std::size_t c = 0; c < jn.keys.size(); ++c) {
      ChannelCredit row;
      row.model = m;
      row.channel = jn.keys[c];
      row.conversions = cr.conversions[c];
      row.value = cr.value[c];
      row.share = result.totals.conversions > 0 ? cr.conversions[c] / result.totals.conversions : 0.0;
      if (!ci.empty()) row.ci_low = ci[c].first, row.ci_high = ci[c].second;
      if (!effects.empty()) row.removal_effect = effects[c];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// Whether attribute() needs only the converting journeys (and, for Markov,
// the whole set's chain counts): heuristic models and Shapley credit
// nothing else, but the bootstrap's draws (one per journey), buying groups
// and the campaign costs (every record's outcome) need the whole set.
bool converting_only(const DataSet& data, const AttributionOptions& o) {
  return o.bootstrap == 0 && o.account_attribute.empty() && !(o.costs && data.campaign_count() > 0);
}

void fill_totals(const Journeys& jn, AttributionTotals& t) {
  t.journeys = jn.size();
  t.touches = jn.key.size();
  t.channels = jn.keys.size();
  for (std::size_t j = 0; j < jn.size(); ++j) {
    t.conversions += jn.conversions[j];
    t.value += jn.value[j];
    t.nulls += jn.nulls[j];
  }
}

// Cost per lead, opportunity and win, and ROI, per model and campaign.
std::vector<CampaignCost> campaign_costs(const DataSet& data, const std::vector<RecordOutcome>& outcomes,
                                         const Journeys& by_campaign, const std::vector<AttributionModel>& models,
                                         const AttributionOptions& o) {
  const std::size_t n = data.campaign_count();
  std::vector<std::uint64_t> leads(n, 0), opps(n, 0), wins(n, 0);
  std::vector<double> touch_cost(n, 0.0);
  std::vector<bool> has_touch_cost(n, false);
  std::vector<std::uint32_t> last_seen(n, UINT32_MAX), last_won(n, UINT32_MAX);
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    const auto [first, last] = data.touches_of(r);
    const RecordOutcome& out = outcomes[r];
    for (std::size_t i = first; i < last; ++i) {
      const Touch t = data.touch(i);
      if (!t.campaign) continue;
      const std::optional<std::size_t> c = data.find_campaign(*t.campaign);
      if (!c) continue;
      if (t.cost) touch_cost[*c] += t.cost->value(), has_touch_cost[*c] = true;
      if (last_seen[*c] != r) {
        last_seen[*c] = r;
        ++leads[*c];
        if (out.opportunity_time != INT64_MAX) ++opps[*c];
      }
      if (out.converted && t.time.micros() <= out.conversion_time && last_won[*c] != r) {
        last_won[*c] = r;
        ++wins[*c];
      }
    }
  }
  absl::flat_hash_map<std::string_view, std::size_t> key_of;
  for (std::size_t k = 0; k < by_campaign.keys.size(); ++k) key_of[by_campaign.keys[k]] = k;
  std::vector<CampaignCost> rows;
  for (AttributionModel m : models) {
    const Credits cr = model_credits(m, by_campaign, by_campaign.conversions, by_campaign.value, by_campaign.nulls,
                                     o.half_life_days);
    for (std::size_t c = 0; c < n; ++c) {
      const Campaign campaign = data.campaign(c);
      CampaignCost row;
      row.model = m;
      row.campaign = std::string(campaign.id);
      if (campaign.cost) row.cost = campaign.cost->value();
      else if (has_touch_cost[c]) row.cost = touch_cost[c];
      row.leads = leads[c];
      row.opportunities = opps[c];
      row.wins = wins[c];
      if (auto k = key_of.find(campaign.id); k != key_of.end()) {
        row.attributed_conversions = cr.conversions[k->second];
        row.attributed_value = cr.value[k->second];
      }
      if (row.cost) {
        if (row.leads) row.cost_per_lead = *row.cost / static_cast<double>(row.leads);
        if (row.opportunities) row.cost_per_opportunity = *row.cost / static_cast<double>(row.opportunities);
        if (row.attributed_conversions > 0) row.cost_per_win = *row.cost / row.attributed_conversions;
        if (*row.cost > 0) row.roi = (row.attributed_value - *row.cost) / *row.cost;
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace
}  // namespace internal::attribution

namespace ia = internal::attribution;

absl::StatusOr<Attribution> attribute(const DataSet& data, const AttributionOptions& options) {
  return internal::no_throw("attribute", [&]() -> absl::StatusOr<Attribution> {
    if (absl::Status s = ia::check_options(options); !s.ok()) return s;
    const unsigned threads = internal::resolve_threads(options.threads);
    const std::vector<AttributionModel> models = ia::models_of(options);
    Attribution result;
    result.by = options.by;
    result.bootstrap = options.bootstrap;
    result.confidence = options.confidence;
    ia::DataSetCounts counts;
    if (ia::converting_only(data, options)) {
      // Only the converting journeys matter: no outcome, no journey of a
      // record that does not convert is made (most records), only counted
      // (and, for Markov, its steps added to the chain's counts).
      ia::JourneyTotals totals;
      const bool chain = std::find(models.begin(), models.end(), AttributionModel::kMarkov) != models.end();
      const ia::Journeys jn = ia::converting_journeys(data, options, options.by, threads, chain, counts, totals);
      result.totals.journeys = totals.journeys;
      result.totals.touches = totals.touches;
      result.totals.channels = jn.keys.size();
      result.totals.conversions = totals.conversions;
      result.totals.value = totals.value;
      result.totals.nulls = totals.nulls;
      result.totals.touches_after_conversion = counts.touches_after_conversion;
      result.totals.touches_outside_lookback = counts.touches_outside_lookback;
      result.totals.conversions_without_touches = counts.conversions_without_touches;
      result.credits = ia::credit_rows(jn, models, options, threads, result);
      return result;
    }
    const std::vector<ia::RecordOutcome> outcomes = ia::record_outcomes(data, options, threads);
    ia::Journeys jn;
    try {
      jn = ia::journeys_from_dataset(data, outcomes, options, options.by, threads, counts);
    } catch (const std::invalid_argument& e) {
      return absl::InvalidArgumentError(e.what());
    }
    ia::fill_totals(jn, result.totals);
    result.totals.touches_after_conversion = counts.touches_after_conversion;
    result.totals.touches_outside_lookback = counts.touches_outside_lookback;
    result.totals.conversions_without_touches = counts.conversions_without_touches;
    result.credits = ia::credit_rows(jn, models, options, threads, result);
    if (options.costs && data.campaign_count() > 0) {
      if (options.by == AttributionKey::kCampaign) {
        result.costs = ia::campaign_costs(data, outcomes, jn, models, options);
      } else {
        ia::DataSetCounts ignored;
        const ia::Journeys by_campaign =
            ia::journeys_from_dataset(data, outcomes, options, AttributionKey::kCampaign, threads, ignored);
        result.costs = ia::campaign_costs(data, outcomes, by_campaign, models, options);
      }
    }
    return result;
  });
}

absl::StatusOr<Attribution> attribute_paths(std::span<const AttributionPath> paths,
                                            const AttributionOptions& options) {
  return internal::no_throw("attribute_paths", [&]() -> absl::StatusOr<Attribution> {
    if (absl::Status s = ia::check_options(options); !s.ok()) return s;
    const unsigned threads = internal::resolve_threads(options.threads);
    Attribution result;
    result.by = AttributionKey::kChannel;
    result.bootstrap = options.bootstrap;
    result.confidence = options.confidence;
    ia::Journeys jn;
    try {
      jn = ia::journeys_from_paths(paths);
    } catch (const std::invalid_argument& e) {
      return absl::InvalidArgumentError(e.what());
    }
    ia::fill_totals(jn, result.totals);
    result.credits = ia::credit_rows(jn, ia::models_of(options), options, threads, result);
    return result;
  });
}

}  // namespace modelfunnel
