// The lead score model's derived numbers: effects from counts, the
// calibration curve from its blocks or Platt fit (docs/lead-score.md).
#include "score/model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include "util/number_format.hpp"

namespace modelfunnel::internal::score {
namespace {

double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }

std::string number_text(double v) { return format_shortest(v); }

/// The 95% Jeffreys interval of @p c's rate: the 2.5% and 97.5% quantiles of
/// Beta(positives + 1/2, negatives + 1/2), with 0 (1) when there are no
/// positives (negatives), as Brown, Cai and DasGupta (2001) recommend.
std::pair<double, double> jeffreys(const Counts& c) {
  const double a = static_cast<double>(c.positives) + 0.5;
  const double b = static_cast<double>(c.closed - c.positives) + 0.5;
  const double low = c.positives == 0 ? 0.0 : boost::math::ibeta_inv(a, b, 0.025);
  const double high = c.positives == c.closed ? 1.0 : boost::math::ibeta_inv(a, b, 0.975);
  return {low, high};
}

}  // namespace

double log_ratio(double num, double den) { return std::log(num) - std::log(den); }

std::uint32_t Feature::level_count() const {
  switch (kind) {
    case ScoreFeatureKind::kCategory: return static_cast<std::uint32_t>(values.size()) + 1;
    case ScoreFeatureKind::kBool: return 3;
    case ScoreFeatureKind::kNumber: return static_cast<std::uint32_t>(edges.size()) + 2;
  }
  return 1;
}

std::uint32_t Feature::bin_of(double x) const {
  return static_cast<std::uint32_t>(std::lower_bound(edges.begin(), edges.end(), x) - edges.begin());
}

std::string Feature::label(std::uint32_t level) const {
  if (level >= level_count()) return {};
  if (level == unknown_level()) return "(unknown)";
  switch (kind) {
    case ScoreFeatureKind::kCategory: return values[level];
    case ScoreFeatureKind::kBool: return level == 0 ? "false" : "true";
    case ScoreFeatureKind::kNumber:
      if (edges.empty()) return "all";
      if (level == 0) return "<= " + number_text(edges.front());
      if (level == edges.size()) return "> " + number_text(edges.back());
      return "(" + number_text(edges[level - 1]) + ", " + number_text(edges[level]) + "]";
  }
  return {};
}

CountTables CountTables::shaped(std::span<const Feature> features, std::size_t groups) {
  CountTables t;
  t.offsets.push_back(0);
  for (const Feature& f : features) t.offsets.push_back(t.offsets.back() + f.level_count());
  t.groups = groups;
  t.pooled.resize(t.width());
  t.group_total.resize(groups);
  t.cells.resize(groups * t.width());
  return t;
}

CountTables& CountTables::operator+=(const CountTables& o) {
  total += o.total;
  for (std::size_t i = 0; i < pooled.size(); ++i) pooled[i] += o.pooled[i];
  for (std::size_t i = 0; i < group_total.size(); ++i) group_total[i] += o.group_total[i];
  for (std::size_t i = 0; i < cells.size(); ++i) cells[i] += o.cells[i];
  return *this;
}

CountTables CountTables::minus(const CountTables& o) const {
  CountTables t = *this;
  t.total = total - o.total;
  for (std::size_t i = 0; i < pooled.size(); ++i) t.pooled[i] = pooled[i] - o.pooled[i];
  for (std::size_t i = 0; i < group_total.size(); ++i) t.group_total[i] = group_total[i] - o.group_total[i];
  for (std::size_t i = 0; i < cells.size(); ++i) t.cells[i] = cells[i] - o.cells[i];
  return t;
}

/// The variance of logit(r) for r ~ Beta(a, b): trigamma(a) + trigamma(b).
double logit_variance(double a, double b) { return boost::math::trigamma(a) + boost::math::trigamma(b); }

Effects compute_effects(const CountTables& counts, double m, double k, bool variances) {
  Effects e;
  const auto n1 = static_cast<double>(counts.total.positives);
  const auto n0 = static_cast<double>(counts.total.closed - counts.total.positives);
  // The overall rate under a uniform Beta(1, 1) prior: (n1 + 1) / (n + 2).
  const double rate = (n1 + 1) / (n1 + n0 + 2);
  e.base = log_ratio(n1 + 1, n0 + 1);
  // A value's rate: its deals plus m pseudo-deals at the overall rate.
  // A value without deals moves nothing: exactly 0, not a rounding of it.
  auto value_effect = [&](const Counts& c, double center, double center_logit) {
    if (c.closed == 0) return 0.0;
    const auto c1 = static_cast<double>(c.positives);
    const auto c0 = static_cast<double>(c.closed - c.positives);
    return log_ratio(c1 + m * center, c0 + m * (1 - center)) - center_logit;
  };
  e.pooled.resize(counts.width());
  for (std::size_t i = 0; i < e.pooled.size(); ++i) e.pooled[i] = value_effect(counts.pooled[i], rate, e.base);

  e.group_shift.resize(counts.groups);
  e.grouped.resize(counts.groups * counts.width());
  for (std::size_t g = 0; g < counts.groups; ++g) {
    // The group's rate: its deals plus k pseudo-deals at the overall rate.
    const Counts& t = counts.group_total[g];
    const auto g1 = static_cast<double>(t.positives);
    const auto g0 = static_cast<double>(t.closed - t.positives);
    const double group_logit = t.closed == 0 ? e.base : log_ratio(g1 + k * rate, g0 + k * (1 - rate));
    e.group_shift[g] = group_logit - e.base;
    // Within the group, a value's rate starts where the pooled model puts
    // it for this group, and moves toward the group's own deals with it.
    for (std::size_t i = 0; i < counts.width(); ++i) {
      const Counts& c = counts.cells[g * counts.width() + i];
      if (c.closed == 0) {
        e.grouped[g * counts.width() + i] = e.pooled[i];
        continue;
      }
      const double center = sigmoid(group_logit + e.pooled[i]);
      const auto c1 = static_cast<double>(c.positives);
      const auto c0 = static_cast<double>(c.closed - c.positives);
      e.grouped[g * counts.width() + i] = log_ratio(c1 + m * center, c0 + m * (1 - center)) - group_logit;
    }
  }
  if (!variances) return e;

  // An effect compares a value's rate with the rate of all the records it
  // is one part of: its variance is the value's less the whole's (as for a
  // subset's mean against the mean of all), never below 0.
  auto effect_variance = [&](const Counts& c, double center, double whole) {
    const auto c1 = static_cast<double>(c.positives);
    const auto c0 = static_cast<double>(c.closed - c.positives);
    return std::max(0.0, logit_variance(c1 + m * center, c0 + m * (1 - center)) - whole);
  };
  e.base_var = logit_variance(n1 + 1, n0 + 1);
  e.unseen_var = effect_variance(Counts{}, rate, e.base_var);
  e.pooled_var.resize(counts.width());
  for (std::size_t i = 0; i < e.pooled_var.size(); ++i)
    e.pooled_var[i] = effect_variance(counts.pooled[i], rate, e.base_var);
  e.group_base_var.resize(counts.groups);
  e.group_unseen_var.resize(counts.groups);
  e.grouped_var.resize(counts.groups * counts.width());
  for (std::size_t g = 0; g < counts.groups; ++g) {
    const Counts& t = counts.group_total[g];
    const auto g1 = static_cast<double>(t.positives);
    const auto g0 = static_cast<double>(t.closed - t.positives);
    const double whole = logit_variance(g1 + k * rate, g0 + k * (1 - rate));
    const double group_rate = sigmoid(e.base + e.group_shift[g]);
    e.group_base_var[g] = whole;
    e.group_unseen_var[g] = effect_variance(Counts{}, group_rate, whole);
    for (std::size_t i = 0; i < counts.width(); ++i) {
      const Counts& c = counts.cells[g * counts.width() + i];
      // Without deals of its own the group uses the pooled effect, and its variance.
      e.grouped_var[g * counts.width() + i] =
          c.closed == 0 ? e.pooled_var[i]
                        : effect_variance(c, sigmoid(e.base + e.group_shift[g] + e.pooled[i]), whole);
    }
  }
  return e;
}

Curve::Value Curve::operator()(double raw, double raw_var) const {
  constexpr double kZ = 1.959963984540054;
  if (method == ScoreCalibration::kPlatt) {
    // The log-odds a + b raw: uncertain through (a, b), and through raw
    // itself scaled by the slope.
    const double eta = platt.a + platt.b * raw;
    const double curve_var = platt.var_a + 2 * raw * platt.cov_ab + raw * raw * platt.var_b;
    // (Written so that no model a file can hold makes a NaN: inf * 0 would.)
    const double own = raw_var > 0 ? platt.b * platt.b * raw_var : 0.0;
    const double se = std::sqrt(std::max(0.0, curve_var) + (std::isnan(own) ? 0.0 : own));
    // sigmoid(eta -/+ d) = 1 / (1 + exp(-eta) exp(+/-d)): two exponentials
    // rather than three, the probability itself computed as sigmoid() does.
    const double e = std::exp(-std::abs(eta)), v = std::exp(kZ * se);
    if (e > 0 && std::isfinite(v)) {
      const double u = eta >= 0 ? e : 1 / e;  // exp(-eta)
      return {eta >= 0 ? 1 / (1 + e) : e / (1 + e), 1 / (1 + u * v), 1 / (1 + u / v)};
    }
    return {sigmoid(eta), sigmoid(eta - kZ * se), sigmoid(eta + kZ * se)};
  }
  auto at = [this](double r) -> Value {
    if (r <= x.front()) return {p.front(), low.front(), high.front()};
    if (r >= x.back()) return {p.back(), low.back(), high.back()};
    const std::size_t j = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), r) - x.begin());
    const std::size_t i = j - 1;  // x[i] <= r < x[j]
    const double t = (r - x[i]) / (x[j] - x[i]);
    auto lerp = [t](double a, double b) { return a + t * (b - a); };
    return {lerp(p[i], p[j]), lerp(low[i], low[j]), lerp(high[i], high[j])};
  };
  Value v = at(raw);
  if (raw_var > 0) {
    // The band's posterior, widened to where the raw score's own
    // uncertainty could put the probability.
    const double sd = std::sqrt(raw_var);
    v.low = std::min(v.low, at(raw - kZ * sd).probability);
    v.high = std::max(v.high, at(raw + kZ * sd).probability);
  }
  return v;
}

double Curve::probability(double raw) const {
  if (method == ScoreCalibration::kPlatt) return sigmoid(platt.a + platt.b * raw);
  return (*this)(raw).probability;
}

Curve isotonic_curve(std::span<const Block> blocks) {
  Curve c;
  c.method = ScoreCalibration::kIsotonic;
  for (const Block& b : blocks) {
    const auto pos = static_cast<double>(b.counts.positives);
    const auto n = static_cast<double>(b.counts.closed);
    const auto [lo, hi] = jeffreys(b.counts);
    // The posterior mean (never 0 or 1), kept non-decreasing: a small
    // block's smoothing may not undo PAV's order. The interval is the
    // block's own, widened to hold the probability if that was raised.
    const double mean = (pos + 0.5) / (n + 1);
    const double p = c.p.empty() ? mean : std::max(c.p.back(), mean);
    c.x.push_back(b.raw_score);
    c.p.push_back(p);
    c.low.push_back(std::min(lo, p));
    c.high.push_back(std::max(hi, p));
  }
  return c;
}

Curve platt_curve(const Platt& platt) {
  Curve c;
  c.method = ScoreCalibration::kPlatt;
  c.platt = platt;
  return c;
}

Model make_model(ModelData data) {
  Model m;
  m.counts = CountTables::shaped(data.features, data.groups.size());
  m.counts.total = data.total;
  for (std::size_t f = 0; f < data.features.size(); ++f) {
    for (std::size_t l = 0; l < data.levels[f].size(); ++l) m.counts.pooled[m.counts.offsets[f] + l] = data.levels[f][l];
  }
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    const Group& group = data.groups[g];
    m.counts.group_total[g] = group.total;
    for (std::size_t f = 0; f < group.cells.size(); ++f) {
      for (const GroupCell& cell : group.cells[f]) {
        m.counts.cells[g * m.counts.width() + m.counts.offsets[f] + cell.level] = cell.counts;
      }
    }
  }
  m.effects = compute_effects(m.counts, data.settings.prior_weight, data.settings.group_prior_weight, true);
  m.curve = data.settings.calibration == ScoreCalibration::kPlatt ? platt_curve(data.platt)
                                                                   : isotonic_curve(data.blocks);
  m.data = std::move(data);
  return m;
}

}  // namespace modelfunnel::internal::score
