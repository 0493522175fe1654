// Fitting the calibration map; see calibration.hpp.
#include "score/calibration.hpp"

#include <algorithm>
#include <cmath>

#include "score/ranges.hpp"

namespace modelfunnel::internal::score {
namespace {

/// Records with one raw score.
struct Point {
  double raw;
  Counts counts;
};

/// @p scored sorted by raw score, equal scores pooled.
std::vector<Point> pool_ties(std::vector<Scored>& scored) {
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.raw < b.raw; });
  std::vector<Point> points;
  for (const Scored& s : scored) {
    if (points.empty() || points.back().raw != s.raw) points.push_back({s.raw, {}});
    points.back().counts.add(s.positive);
  }
  return points;
}

/// a/b >= c/d for counts (b, d > 0), exactly.
bool rate_at_least(const Counts& x, const Counts& y) {
  __extension__ using Wide = unsigned __int128;
  return Wide{x.positives} * y.closed >= Wide{y.positives} * x.closed;
}

}  // namespace

std::vector<Block> fit_isotonic(std::vector<Scored>& scored) {
  struct Pool {
    double raw_sum;  // sum of raw scores of its records
    Counts counts;
  };
  std::vector<Pool> stack;
  for (const Point& p : pool_ties(scored)) {
    stack.push_back({p.raw * static_cast<double>(p.counts.closed), p.counts});
    // Merge while the block before has a rate at least this one's: the
    // blocks left have strictly increasing rates.
    while (stack.size() >= 2 && rate_at_least(stack[stack.size() - 2].counts, stack.back().counts)) {
      Pool top = stack.back();
      stack.pop_back();
      stack.back().raw_sum += top.raw_sum;
      stack.back().counts += top.counts;
    }
  }
  std::vector<Block> blocks;
  blocks.reserve(stack.size());
  for (const Pool& p : stack) {
    double centre = p.raw_sum / static_cast<double>(p.counts.closed);
    // Rounding could put a centre at or before the previous one; the map
    // interpolates between centres, which must increase.
    if (!blocks.empty() && !(centre > blocks.back().raw_score))
      centre = std::nextafter(blocks.back().raw_score, INFINITY);
    blocks.push_back({centre, p.counts});
  }
  return blocks;
}

Platt fit_platt(std::vector<Scored>& scored, unsigned threads) {
  const std::vector<Point> points = pool_ties(scored);
  Counts total;
  for (const Point& p : points) total += p.counts;
  const auto n1 = static_cast<double>(total.positives);
  const auto n0 = static_cast<double>(total.closed - total.positives);
  const double hi = (n1 + 1) / (n1 + 2), lo = 1 / (n0 + 2);
  // Expected positives under Platt's targets, per point.
  std::vector<double> target(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto pos = static_cast<double>(points[i].counts.positives);
    const auto neg = static_cast<double>(points[i].counts.closed - points[i].counts.positives);
    target[i] = pos * hi + neg * lo;
  }
  const bool slope = points.size() >= 2;

  // One pass over the points: gradient, Hessian and (when asked) the loss
  // -sum[t log s(z) + (n - t) log(1 - s(z))] = sum[n softplus(z) - t z].
  // Sums are taken over fixed chunks of points and added in chunk order, so
  // the fit is the same for every thread count.
  struct Sums {
    double h_aa = 0, h_ab = 0, h_bb = 0, g_a = 0, g_b = 0, loss = 0;
    Sums& operator+=(const Sums& o) {
      h_aa += o.h_aa, h_ab += o.h_ab, h_bb += o.h_bb, g_a += o.g_a, g_b += o.g_b, loss += o.loss;
      return *this;
    }
  };
  constexpr std::size_t kChunk = 16'384;
  const std::size_t chunks = (points.size() + kChunk - 1) / kChunk;
  std::vector<Sums> partial(chunks);
  auto pass = [&](double a, double b, bool with_loss) {
    for_ranges(chunks, std::min<unsigned>(parts_for(points.size(), threads), static_cast<unsigned>(std::max<std::size_t>(1, chunks))),
               [&](unsigned, std::size_t first, std::size_t last) {
                 for (std::size_t c = first; c < last; ++c) {
                   Sums s;
                   const std::size_t end = std::min(points.size(), (c + 1) * kChunk);
                   for (std::size_t i = c * kChunk; i < end; ++i) {
                     const double x = points[i].raw;
                     const auto n = static_cast<double>(points[i].counts.closed);
                     const double z = a + b * x;
                     const double e = std::exp(-std::abs(z));
                     const double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                     const double w = n * p * (1 - p);
                     const double g = n * p - target[i];
                     s.h_aa += w;
                     s.h_ab += w * x;
                     s.h_bb += w * x * x;
                     s.g_a += g;
                     s.g_b += g * x;
                     if (with_loss) s.loss += n * (std::max(z, 0.0) + std::log1p(e)) - target[i] * z;
                   }
                   partial[c] = s;
                 }
               });
    Sums total_sums;
    for (const Sums& s : partial) total_sums += s;
    return total_sums;
  };
  auto step_of = [&](const Sums& s, double& da, double& db) {
    const double det = s.h_aa * s.h_bb - s.h_ab * s.h_ab;
    if (slope && det > 1e-12 * s.h_aa * s.h_bb) {
      da = -(s.h_bb * s.g_a - s.h_ab * s.g_b) / det;
      db = -(s.h_aa * s.g_b - s.h_ab * s.g_a) / det;
    } else {
      da = s.h_aa > 0 ? -s.g_a / s.h_aa : 0;
      db = 0;
    }
  };

  // The raw score is a log-odds already: start from the identity map. Take
  // Newton steps, each halved until the loss does not grow; the pass that
  // checks a step also gives the next step's derivatives.
  double a = 0, b = slope ? 1 : 0;
  Sums here = pass(a, b, true);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double da = 0, db = 0;
    step_of(here, da, db);
    double t = 1;
    Sums next = pass(a + da, b + db, true);
    while (!(next.loss <= here.loss) && t > 1e-10) {
      t /= 2;
      next = pass(a + t * da, b + t * db, true);
    }
    if (!(next.loss <= here.loss)) break;  // no step lowers the loss: at the optimum
    a += t * da;
    b += t * db;
    here = next;
    if (std::abs(t * da) < 1e-12 && std::abs(t * db) < 1e-12) break;
  }
  Platt platt;
  platt.a = a;
  platt.b = b;
  const double det = here.h_aa * here.h_bb - here.h_ab * here.h_ab;
  if (slope && det > 1e-12 * here.h_aa * here.h_bb) {
    platt.var_a = here.h_bb / det;
    platt.cov_ab = -here.h_ab / det;
    platt.var_b = here.h_aa / det;
  } else if (here.h_aa > 0) {
    platt.var_a = 1 / here.h_aa;
  }
  return platt;
}

}  // namespace modelfunnel::internal::score
