// The distribution of a sum of independent "won or not" amounts: record i
// adds its amount A_i with probability p_i. Three ways, chosen by the
// caller (see docs/revenue.md, "How sure"):
// - exact: every amount equal (known or fixed), few records — the
//   Poisson-binomial distribution of the count of wins, by dynamic
//   programming;
// - normal: mean and variance exactly, percentiles from the normal
//   distribution; its error on the distribution function is at most the
//   Berry–Esseen bound 0.56 Σ E|X_i − μ_i|³ / σ³ (Shevtsova 2010), which
//   is returned with it;
// - Monte Carlo: seeded samples.
// An amount may be unknown: it is then drawn from the deal-size
// distribution (its mean and second moment enter the variance).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "modelfunnel/revenue.hpp"

namespace modelfunnel::internal::revenue {

/// One term of the sum.
struct Term {
  double p = 0;       ///< Probability it is won.
  double amount = 0;  ///< Its amount; when not known, its expected amount if won.
  bool known = true;  ///< False: the amount is a draw from the deal sizes, scaled to `amount`.
};

struct Moments {
  double mean = 0, variance = 0, third = 0;  ///< third: Σ E|X_i − μ_i|³.
  void add(const Term& t, double m1, double m2);
};

struct Percentiles {
  double p10 = 0, p50 = 0, p90 = 0;
  DistributionMethod method = DistributionMethod::kNormal;
  double bound = 0;  ///< Berry–Esseen bound (kNormal only).
};

/// P10/P50/P90 of the sum. @p deal_sizes: the draws for unknown amounts
/// (their mean m1 and second moment m2 precomputed). @p samples > 0 forces
/// Monte Carlo; else exact when every amount is the same and there are at
/// most @p exact_limit terms, normal otherwise.
Percentiles sum_percentiles(std::span<const Term> terms, const Moments& moments,
                            std::span<const double> deal_sizes, double m1, std::uint64_t samples,
                            std::uint64_t seed, std::size_t exact_limit = 2000);

/// The exact distribution of the number of successes among independent
/// trials with probabilities @p p (Poisson-binomial): element k is P(k).
std::vector<double> poisson_binomial(std::span<const double> p);

/// The smallest k with cumulative probability ≥ q.
std::size_t pmf_quantile(std::span<const double> pmf, double q);

/// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
double normal_quantile(double q);
/// Standard normal distribution function.
double normal_cdf(double x);

}  // namespace modelfunnel::internal::revenue
