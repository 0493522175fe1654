// Fitting the calibration map; see calibration.hpp.
#include "score/calibration.hpp"

#include <algorithm>
#include <cmath>

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

double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }

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

Platt fit_platt(std::vector<Scored>& scored) {
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
  auto loss = [&](double a, double b) {
    double l = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double z = a + b * points[i].raw;
      const auto n = static_cast<double>(points[i].counts.closed);
      // -[t log s(z) + (n - t) log(1 - s(z))] = n log(1 + e^z) - t z, stably.
      const double softplus = z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
      l += n * softplus - target[i] * z;
    }
    return l;
  };
  struct Step {
    double h_aa = 0, h_ab = 0, h_bb = 0, g_a = 0, g_b = 0;
  };
  auto derivatives = [&](double a, double b) {
    Step d;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double x = points[i].raw;
      const auto n = static_cast<double>(points[i].counts.closed);
      const double p = sigmoid(a + b * x);
      const double w = n * p * (1 - p);
      d.h_aa += w;
      d.h_ab += w * x;
      d.h_bb += w * x * x;
      d.g_a += n * p - target[i];
      d.g_b += (n * p - target[i]) * x;
    }
    return d;
  };
  // The raw score is a log-odds already: start from the identity map.
  double a = 0, b = slope ? 1 : 0;
  double current = loss(a, b);
  for (int iteration = 0; iteration < 100; ++iteration) {
    const Step d = derivatives(a, b);
    double da, db;
    const double det = d.h_aa * d.h_bb - d.h_ab * d.h_ab;
    if (slope && det > 1e-12 * d.h_aa * d.h_bb) {
      da = -(d.h_bb * d.g_a - d.h_ab * d.g_b) / det;
      db = -(d.h_aa * d.g_b - d.h_ab * d.g_a) / det;
    } else {
      da = d.h_aa > 0 ? -d.g_a / d.h_aa : 0;
      db = 0;
    }
    // Halve the step until the loss does not grow.
    double t = 1;
    double next = loss(a + da, b + db);
    while (next > current && t > 1e-10) {
      t /= 2;
      next = loss(a + t * da, b + t * db);
    }
    if (next > current) break;
    a += t * da;
    b += t * db;
    const bool done = std::abs(t * da) < 1e-12 && std::abs(t * db) < 1e-12;
    current = next;
    if (done) break;
  }
  Platt platt;
  platt.a = a;
  platt.b = b;
  const Step d = derivatives(a, b);
  const double det = d.h_aa * d.h_bb - d.h_ab * d.h_ab;
  if (slope && det > 1e-12 * d.h_aa * d.h_bb) {
    platt.var_a = d.h_bb / det;
    platt.cov_ab = -d.h_ab / det;
    platt.var_b = d.h_aa / det;
  } else if (d.h_aa > 0) {
    platt.var_a = 1 / d.h_aa;
  }
  return platt;
}

}  // namespace modelfunnel::internal::score
