#include "funnel/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/wilson.hpp"

namespace modelfunnel::internal::funnel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Rate make_rate(std::uint64_t numerator, std::uint64_t denominator, bool proportion,
               std::uint64_t min_sample) {
  Rate r;
  r.numerator = numerator;
  r.denominator = denominator;
  r.small_sample = denominator < min_sample;
  if (denominator == 0) {
    r.value = r.low = r.high = kNaN;
    return r;
  }
  const double n = static_cast<double>(denominator);
  r.value = static_cast<double>(numerator) / n;
  if (!proportion || numerator > denominator) {
    r.low = r.high = kNaN;
    return r;
  }
  const Interval interval = wilson_interval(numerator, denominator);
  r.low = interval.low;
  r.high = interval.high;
  return r;
}

Durations summarize_durations(const std::vector<std::int64_t>& micros) {
  const std::vector<std::int64_t>* parts[] = {&micros};
  return summarize_durations(parts);
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double p_value_below(std::uint64_t k1, std::uint64_t n1, std::uint64_t k2, std::uint64_t n2) {
  const double a = static_cast<double>(n1);
  const double b = static_cast<double>(n2);
  const double p1 = static_cast<double>(k1) / a;
  const double p2 = static_cast<double>(k2) / b;
  const double pooled = static_cast<double>(k1 + k2) / (a + b);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / a + 1 / b));
  if (se == 0) return p1 < p2 ? 0.0 : 1.0;
  return normal_cdf((p1 - p2) / se);
}

double p_value_below_target(std::uint64_t k, std::uint64_t n, double target) {
  const double m = static_cast<double>(n);
  const double p = static_cast<double>(k) / m;
  const double se = std::sqrt(target * (1 - target) / m);
  if (se == 0) return p < target ? 0.0 : 1.0;
  return normal_cdf((p - target) / se);
}

}  // namespace modelfunnel::internal::funnel
