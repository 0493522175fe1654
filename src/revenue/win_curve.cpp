// The win curve; see win_curve.hpp.
#include "revenue/win_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace modelfunnel::internal::revenue {
namespace {

constexpr double kSmoothing = 5;

}  // namespace

WinCurve win_curve(const std::vector<StageEntry>& entries, std::int32_t u0, std::int32_t u1,
                   std::int32_t max_age, double mean_deal) {
  WinCurve c;
  max_age = std::max(0, max_age);
  const auto ages = static_cast<std::size_t>(max_age) + 1;
  // Each entry counts in the cohort of every age a it was fully observed
  // for (a <= observed − u1) and still at the stage (a <= exit), and as won
  // at the ages whose window [a + u0, a + u1) holds its win: intervals of
  // ages, added up with difference arrays in one pass.
  std::vector<std::int64_t> den(ages + 1, 0), num(ages + 1, 0), with_amount(ages + 1, 0);
  std::vector<double> amounts(ages + 1, 0.0);
  std::vector<double> won_days;
  std::uint64_t closed = 0, won = 0;
  const auto add = [&](std::vector<std::int64_t>& v, std::int64_t lo, std::int64_t hi) {
    lo = std::max<std::int64_t>(lo, 0);
    hi = std::min<std::int64_t>(hi, max_age);
    if (lo > hi) return;
    ++v[static_cast<std::size_t>(lo)];
    --v[static_cast<std::size_t>(hi) + 1];
  };
  for (const StageEntry& e : entries) {
    if (e.kind == 1) {
      won_days.push_back(e.close_days);
      ++won;
    }
    if (e.kind != 0) ++closed;
    const std::int64_t last = std::min<std::int64_t>(static_cast<std::int64_t>(e.observed_days) - u1, e.exit_days);
    add(den, 0, last);
    if (e.kind == 1) {
      const std::int64_t lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(e.close_days) - u1 + 1);
      const std::int64_t hi = std::min<std::int64_t>({static_cast<std::int64_t>(e.close_days) - u0, last, max_age});
      add(num, lo, hi);
      if (e.won_amount >= 0 && lo <= hi) {
        add(with_amount, lo, hi);
        amounts[static_cast<std::size_t>(lo)] += e.won_amount;
        amounts[static_cast<std::size_t>(hi) + 1] -= e.won_amount;
      }
    }
  }
  if (won_days.empty()) {
    c.median_close_days = std::numeric_limits<double>::quiet_NaN();
  } else {
    std::sort(won_days.begin(), won_days.end());
    const std::size_t m = won_days.size();
    c.median_close_days = m % 2 ? won_days[m / 2] : (won_days[m / 2 - 1] + won_days[m / 2]) / 2;
  }
  c.win_share = closed ? static_cast<double>(won) / static_cast<double>(closed)
                       : std::numeric_limits<double>::quiet_NaN();
  c.p.resize(ages);
  c.cohort.resize(ages);
  c.amount.resize(ages);
  std::int64_t d = 0, n = 0, na = 0;
  double prior = 0, sum = 0;
  for (std::size_t a = 0; a < ages; ++a) {
    d += den[a];
    n += num[a];
    na += with_amount[a];
    sum += amounts[a];
    c.amount[a] = (sum + kSmoothing * mean_deal) / (static_cast<double>(na) + kSmoothing);
    c.cohort[a] = static_cast<std::uint64_t>(d);
    if (a == 0) prior = d > 0 ? static_cast<double>(n) / static_cast<double>(d) : 0.0;
    const double p = (static_cast<double>(n) + kSmoothing * prior) / (static_cast<double>(d) + kSmoothing);
    c.p[a] = std::clamp(p, 0.0, 1.0);
    prior = c.p[a];
  }
  return c;
}

}  // namespace modelfunnel::internal::revenue
