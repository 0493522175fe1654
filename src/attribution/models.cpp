// The heuristic models' touch weights, the Shapley closed form, and the
// residue that makes a model's column sum to its total.
//
// Shapley: the game is v(S) = the conversions of the paths whose channels
// all lie in S (Zhao et al. 2018, the game the Shapley attribution
// libraries use). v is a sum of unanimity games, one per distinct channel
// set T with weight w_T = the conversions of the paths whose channel set is
// exactly T, and the Shapley value of a unanimity game gives 1/|T| to each
// member of T. So a channel's Shapley value is the sum, over converting
// paths that contain it, of conversions / (number of distinct channels on
// the path): exact, for any number of channels, in one pass. The reference
// implementation (tests/cpp/attribution/reference_attribution.cpp) checks
// this against the definition over every ordering of the channels.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "attribution/journeys.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::attribution {
namespace {

// Gives each of @p anchors @p each, and the rest of the journey's n touches
// an equal part of 1 - anchors * each (to the anchors when there is no rest).
void anchored(std::vector<double>& w, std::span<const std::size_t> anchors, double each) {
  const std::size_t n = w.size();
  const std::size_t rest = n - anchors.size();
  if (rest == 0) {
    std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(n));
    return;
  }
  std::fill(w.begin(), w.end(), (1.0 - each * static_cast<double>(anchors.size())) / static_cast<double>(rest));
  for (std::size_t a : anchors) w[a] = each;
}

}  // namespace

void touch_weights(AttributionModel model, const Journeys& jn, std::size_t j, double half_life_days,
                   std::vector<double>& w) {
  const std::size_t n = jn.length(j);
  w.assign(n, 0.0);
  if (n == 0) return;
  if (n == 1) {
    w[0] = 1;
    return;
  }
  const std::int32_t lead = jn.lead_anchor[j];
  const std::int32_t opp = jn.opportunity_anchor[j];
  switch (model) {
    case AttributionModel::kFirstTouch: w[0] = 1; return;
    case AttributionModel::kLastTouch: w[n - 1] = 1; return;
    case AttributionModel::kLinear: std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(n)); return;
    case AttributionModel::kUShaped: {
      if (n == 2) {
        w[0] = w[1] = 0.5;
        return;
      }
      const std::size_t anchors[] = {0, n - 1};
      anchored(w, anchors, 0.4);
      return;
    }
    case AttributionModel::kWShaped: {
      if (n == 2) {
        w[0] = w[1] = 0.5;
        return;
      }
      std::size_t a[] = {0, (n - 1) / 2, n - 1};
      if (lead > 0 && opp > lead) a[1] = static_cast<std::size_t>(lead), a[2] = static_cast<std::size_t>(opp);
      anchored(w, a, 0.3);
      return;
    }
    case AttributionModel::kFullPath: {
      if (n <= 3) {
        std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(n));
        return;
      }
      std::size_t a[] = {0, (n - 1) / 3, 2 * (n - 1) / 3, n - 1};
      if (lead > 0 && opp > lead && static_cast<std::size_t>(opp) < n - 1)
        a[1] = static_cast<std::size_t>(lead), a[2] = static_cast<std::size_t>(opp);
      anchored(w, a, 0.225);
      return;
    }
    case AttributionModel::kTimeDecay: {
      const double* age = jn.age_days.data() + jn.begin[j];
      const double youngest = *std::min_element(age, age + n);
      double sum = 0;
      for (std::size_t i = 0; i < n; ++i) sum += w[i] = std::exp2(-(age[i] - youngest) / half_life_days);
      for (double& x : w) x /= sum;
      return;
    }
    case AttributionModel::kMarkov:
    case AttributionModel::kShapley: break;
  }
  std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(n));
}

void settle_residue(std::vector<double>& credits, double total) {
  if (credits.empty()) return;
  // The column sum (left to right, as anyone adding it up would) is
  // fl(S + x) in the last non-zero credit x (the zeros after it add
  // nothing), and every value near the total is within reach of an x no
  // larger than the total. Move x by the residue, then bisect between
  // neighbouring values (as ordered bit patterns) for one whose sum is the
  // total. The change is a few units in the last place of the total.
  std::size_t largest = credits.size();
  while (largest > 0 && !(credits[largest - 1] > 0)) --largest;
  if (largest == 0) return;
  --largest;
  auto sum_with = [&](double x) {
    credits[largest] = x;
    double sum = 0;
    for (double c : credits) sum += c;
    return sum;
  };
  double x = credits[largest];
  double sum = sum_with(x);
  if (sum == total) return;
  x += total - sum;
  x = std::max(x, 0.0);
  sum = sum_with(x);
  if (sum == total) return;
  // Bracket: lo sums below the total, hi above it.
  double lo = x, hi = x;
  double step = std::max(std::fabs(total - sum), std::nextafter(x, HUGE_VAL) - x);
  for (int i = 0; i < 64 && sum_with(lo) > total; ++i, step *= 2) lo = std::max(0.0, x - step);
  step = std::max(std::fabs(total - sum), std::nextafter(x, HUGE_VAL) - x);
  for (int i = 0; i < 64 && sum_with(hi) < total; ++i, step *= 2) hi = x + step;
  for (int i = 0; i < 128 && std::nextafter(lo, HUGE_VAL) < hi; ++i) {
    // The midpoint of non-negative doubles' bit patterns: ulp-exact bisection.
    const auto a = std::bit_cast<std::uint64_t>(lo), b = std::bit_cast<std::uint64_t>(hi);
    const double mid = std::bit_cast<double>(a + (b - a) / 2);
    const double s = sum_with(mid);
    if (s == total) return;
    (s < total ? lo : hi) = mid;
  }
  const double s_lo = sum_with(lo);
  if (s_lo == total) return;
  const double s_hi = sum_with(hi);
  if (s_hi == total) return;
  sum_with(std::fabs(s_lo - total) <= std::fabs(s_hi - total) ? lo : hi);  // no exact value: the nearest
}

Credits model_credits(AttributionModel model, const Journeys& jn, std::span<const double> conversions,
                      std::span<const double> value, std::span<const double> nulls, double half_life_days,
                      double* markov_probability, unsigned threads) {
  const std::size_t k = jn.keys.size();
  Credits out{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0)};
  double total_c = 0, total_v = 0;
  for (std::size_t j = 0; j < jn.size(); ++j) total_c += conversions[j], total_v += value[j];

  if (model == AttributionModel::kMarkov) {
    double p = 0;
    const std::vector<double> effects = markov_removal_effects(jn, conversions, nulls, p);
    if (markov_probability) *markov_probability = p;
    double sum = 0;
    for (double e : effects) sum += e;
    if (sum > 0) {  // normalised: the effects' shares of the totals
      for (std::size_t c = 0; c < k; ++c) {
        out.conversions[c] = effects[c] / sum * total_c;
        out.value[c] = effects[c] / sum * total_v;
      }
    }
  } else {
    // Heuristic weights and Shapley's closed form credit each journey on
    // its own: fixed chunks of journeys on up to `threads` threads, each
    // into its own sums, added up in chunk order (the same bytes for any
    // thread count; one chunk adds in journey order, as a plain loop would).
    // Converting journeys only (Journeys::chunk_begin): the whole set's
    // chunks, each summing the converting journeys it held, which are all
    // it added up (the others are skipped below): the same bytes.
    const bool subset = !jn.chunk_begin.empty();
    const std::size_t chunks =
        subset ? jn.chunk_begin.size() - 1 : (jn.size() + kJourneysPerChunk - 1) / kJourneysPerChunk;
    std::vector<Credits> parts(chunks);
    parallel_for(threads, chunks, [&](std::size_t chunk) {
      Credits& part = parts[chunk];
      part.conversions.assign(k, 0.0);
      part.value.assign(k, 0.0);
      const std::size_t from = subset ? jn.chunk_begin[chunk] : chunk * kJourneysPerChunk;
      const std::size_t to = subset ? jn.chunk_begin[chunk + 1] : std::min(jn.size(), from + kJourneysPerChunk);
      if (model == AttributionModel::kShapley) {
        std::vector<std::uint64_t> seen(k, UINT64_MAX);
        std::vector<std::uint32_t> members;
        for (std::size_t j = from; j < to; ++j) {
          if (conversions[j] == 0 && value[j] == 0) continue;
          members.clear();
          for (std::uint64_t t = jn.begin[j]; t < jn.begin[j + 1]; ++t) {
            const std::uint32_t c = jn.key[t];
            if (seen[c] != j) seen[c] = j, members.push_back(c);
          }
          const double m = static_cast<double>(members.size());
          for (std::uint32_t c : members) {
            part.conversions[c] += conversions[j] / m;
            part.value[c] += value[j] / m;
          }
        }
        return;
      }
      std::vector<double> w;
      for (std::size_t j = from; j < to; ++j) {
        if (conversions[j] == 0 && value[j] == 0) continue;
        touch_weights(model, jn, j, half_life_days, w);
        const std::uint32_t* key = jn.key.data() + jn.begin[j];
        for (std::size_t i = 0; i < w.size(); ++i) {
          part.conversions[key[i]] += conversions[j] * w[i];
          part.value[key[i]] += value[j] * w[i];
        }
      }
    });
    for (const Credits& part : parts)
      for (std::size_t c = 0; c < k; ++c) out.conversions[c] += part.conversions[c], out.value[c] += part.value[c];
  }
  // A model that credits nothing (no conversions) leaves zeros: nothing to settle.
  if (total_c > 0) settle_residue(out.conversions, total_c);
  if (total_v > 0) settle_residue(out.value, total_v);
  return out;
}

}  // namespace modelfunnel::internal::attribution
