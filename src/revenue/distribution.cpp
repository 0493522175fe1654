// Sums of won amounts; see distribution.hpp.
#include "revenue/distribution.hpp"

#include <algorithm>
#include <cmath>

#include "util/random.hpp"

namespace modelfunnel::internal::revenue {

void Moments::add(const Term& t, double m1, double m2) {
  const double p = t.p;
  if (t.known) {
    const double a = t.amount;
    mean += p * a;
    variance += a * a * p * (1 - p);
    third += a * a * a * p * (1 - p) * (p * p + (1 - p) * (1 - p));
  } else {
    // The amount if won is a draw with mean t.amount and the deal sizes'
    // relative spread: E[A^2] = t.amount^2 * m2 / m1^2.
    const double a2 = m1 > 0 ? t.amount * t.amount * m2 / (m1 * m1) : t.amount * t.amount;
    mean += p * t.amount;
    variance += p * a2 - p * p * t.amount * t.amount;
    const double a = std::sqrt(a2);  // approximate: the root mean square amount
    third += a * a * a * p * (1 - p) * (p * p + (1 - p) * (1 - p));
  }
}

std::vector<double> poisson_binomial(std::span<const double> p) {
  std::vector<double> pmf(p.size() + 1, 0.0);
  pmf[0] = 1;
  std::size_t top = 0;
  for (double q : p) {
    ++top;
    for (std::size_t k = top; k > 0; --k) pmf[k] = pmf[k] * (1 - q) + pmf[k - 1] * q;
    pmf[0] *= 1 - q;
  }
  return pmf;
}

std::size_t pmf_quantile(std::span<const double> pmf, double q) {
  double acc = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    acc += pmf[k];
    if (acc >= q - 1e-12) return k;
  }
  return pmf.empty() ? 0 : pmf.size() - 1;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  const double lo = 0.02425, hi = 1 - lo;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

namespace {

double sample_quantile(std::vector<double>& v, double q) {
  // The smallest value with at least a share q of the samples at or below it.
  const std::size_t n = v.size();
  std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  k = std::clamp<std::size_t>(k, 1, n) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

Percentiles sum_percentiles(std::span<const Term> terms, const Moments& moments,
                            std::span<const double> deal_sizes, double m1, std::uint64_t samples,
                            std::uint64_t seed, std::size_t exact_limit) {
  Percentiles out;
  if (samples > 0) {
    Random rng(seed);
    std::vector<double> sums(samples);
    for (std::uint64_t s = 0; s < samples; ++s) {
      double sum = 0;
      for (const Term& t : terms) {
        if (rng.uniform() >= t.p) continue;
        if (t.known) sum += t.amount;
        else sum += deal_sizes.empty() || m1 <= 0 ? t.amount
                                                  : deal_sizes[rng.below(deal_sizes.size())] * t.amount / m1;
      }
      sums[s] = sum;
    }
    out.method = DistributionMethod::kMonteCarlo;
    out.p10 = sample_quantile(sums, 0.1);
    out.p50 = sample_quantile(sums, 0.5);
    out.p90 = sample_quantile(sums, 0.9);
    return out;
  }
  bool equal = terms.size() <= exact_limit;
  double amount = 0;
  for (std::size_t i = 0; equal && i < terms.size(); ++i) {
    const double a = terms[i].known || deal_sizes.size() == 1 ? terms[i].amount : NAN;
    if (std::isnan(a) || (i > 0 && a != amount)) equal = false;
    amount = a;
  }
  if (equal) {
    std::vector<double> p;
    p.reserve(terms.size());
    for (const Term& t : terms) p.push_back(t.p);
    const std::vector<double> pmf = poisson_binomial(p);
    out.method = DistributionMethod::kExact;
    out.p10 = amount * static_cast<double>(pmf_quantile(pmf, 0.1));
    out.p50 = amount * static_cast<double>(pmf_quantile(pmf, 0.5));
    out.p90 = amount * static_cast<double>(pmf_quantile(pmf, 0.9));
    return out;
  }
  const double sd = std::sqrt(std::max(0.0, moments.variance));
  out.method = DistributionMethod::kNormal;
  const double z = normal_quantile(0.9);
  // Revenue is never negative: a band below zero is cut at zero.
  out.p10 = std::max(0.0, moments.mean - z * sd);
  out.p50 = moments.mean;
  out.p90 = moments.mean + z * sd;
  out.bound = sd > 0 ? std::min(1.0, 0.56 * moments.third / (sd * sd * sd)) : 0.0;
  return out;
}

}  // namespace modelfunnel::internal::revenue
