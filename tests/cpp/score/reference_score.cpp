// The reference lead score; see reference_score.hpp. Every step follows the
// text of docs/lead-score.md with the plainest data structures: no shared
// code with src/score/ beyond the public API and Boost's special functions.
#include "score/reference_score.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/trigamma.hpp>

namespace mf_score_test {
namespace {

namespace mf = modelfunnel;

struct C {
  double closed = 0, pos = 0;
};

double sig(double z) { return 1 / (1 + std::exp(-z)); }
double V(double a, double b) { return boost::math::trigamma(a) + boost::math::trigamma(b); }

struct Spec {
  int column = 0;
  int kind = 0;  // 0 category, 1 bool, 2 number
  std::vector<std::string> values;
  std::vector<double> edges;
  int levels() const { return kind == 0 ? static_cast<int>(values.size()) + 1 : kind == 1 ? 3 : static_cast<int>(edges.size()) + 2; }
  int unknown() const { return levels() - 1; }
};

std::optional<double> number(const mf::AttributeValue& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

/// The level of value @p v, or -1 for a category value the fit never saw.
int level_of(const Spec& s, const mf::AttributeValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return s.unknown();
  if (s.kind == 0) {
    const std::string text(std::get<std::string_view>(v));
    for (std::size_t i = 0; i < s.values.size(); ++i)
      if (s.values[i] == text) return static_cast<int>(i);
    return -1;
  }
  if (s.kind == 1) return std::get<bool>(v) ? 1 : 0;
  const double x = *number(v);
  if (!std::isfinite(x)) return s.unknown();
  int below = 0;
  for (double e : s.edges) below += e < x;
  return below;
}

std::uint32_t fold(std::string_view id, std::uint64_t seed, std::uint32_t folds) {
  auto mix = [](std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return static_cast<std::uint32_t>(mix(h ^ mix(seed)) % folds);
}

struct Counts {
  C total;
  std::map<std::pair<int, int>, C> level;           // (feature, level)
  std::map<int, C> group;                           // group
  std::map<std::tuple<int, int, int>, C> cell;      // (group, feature, level)
};

/// What the model knows about a record: its levels and group (-1: none).
struct Coded {
  std::vector<int> levels;
  int group = -1;
};

struct Model {
  double m = 0, k = 0;
  Counts n;

  double rate() const { return (n.total.pos + 1) / (n.total.closed + 2); }
  double base() const { return std::log(n.total.pos + 1) - std::log(n.total.closed - n.total.pos + 1); }
  C at(const std::map<std::pair<int, int>, C>& map, int f, int l) const {
    auto it = map.find({f, l});
    return it == map.end() ? C{} : it->second;
  }
  double pooled(int f, int l) const {
    const C c = at(n.level, f, l);
    if (c.closed == 0) return 0;
    return std::log(c.pos + m * rate()) - std::log(c.closed - c.pos + m * (1 - rate())) - base();
  }
  C group_counts(int g) const {
    auto it = n.group.find(g);
    return it == n.group.end() ? C{} : it->second;
  }
  double group_logit(int g) const {
    const C t = group_counts(g);
    if (t.closed == 0) return base();
    return std::log(t.pos + k * rate()) - std::log(t.closed - t.pos + k * (1 - rate()));
  }
  C cell(int g, int f, int l) const {
    auto it = n.cell.find({g, f, l});
    return it == n.cell.end() ? C{} : it->second;
  }
  double grouped(int g, int f, int l) const {
    const C c = cell(g, f, l);
    if (c.closed == 0) return pooled(f, l);
    const double center = sig(group_logit(g) + pooled(f, l));
    return std::log(c.pos + m * center) - std::log(c.closed - c.pos + m * (1 - center)) - group_logit(g);
  }
  double raw(const Coded& x) const {
    double s = x.group < 0 ? base() : group_logit(x.group);
    for (std::size_t f = 0; f < x.levels.size(); ++f) {
      if (x.levels[f] < 0) continue;
      s += x.group < 0 ? pooled(static_cast<int>(f), x.levels[f]) : grouped(x.group, static_cast<int>(f), x.levels[f]);
    }
    return s;
  }
  double variance(const Coded& x) const {
    const double r = rate();
    const double base_var = V(n.total.pos + 1, n.total.closed - n.total.pos + 1);
    auto effect_var = [&](C c, double center, double whole) {
      return std::max(0.0, V(c.pos + m * center, c.closed - c.pos + m * (1 - center)) - whole);
    };
    auto pooled_var = [&](int f, int l) { return effect_var(at(n.level, f, l), r, base_var); };
    if (x.group < 0) {
      double v = base_var;
      for (std::size_t f = 0; f < x.levels.size(); ++f)
        v += x.levels[f] < 0 ? effect_var(C{}, r, base_var) : pooled_var(static_cast<int>(f), x.levels[f]);
      return v;
    }
    const C t = group_counts(x.group);
    const double whole = V(t.pos + k * r, t.closed - t.pos + k * (1 - r));
    double v = whole;
    for (std::size_t f = 0; f < x.levels.size(); ++f) {
      const int l = x.levels[f];
      const int fi = static_cast<int>(f);
      if (l < 0) {
        v += effect_var(C{}, sig(group_logit(x.group)), whole);
      } else if (cell(x.group, fi, l).closed == 0) {
        v += pooled_var(fi, l);
      } else {
        v += effect_var(cell(x.group, fi, l), sig(group_logit(x.group) + pooled(fi, l)), whole);
      }
    }
    return v;
  }
};

Counts count(const std::vector<Coded>& coded, const std::vector<bool>& won, const std::vector<std::size_t>& which) {
  Counts n;
  for (std::size_t i : which) {
    const double y = won[i] ? 1 : 0;
    auto add = [&](C& c) {
      c.closed += 1;
      c.pos += y;
    };
    add(n.total);
    if (coded[i].group >= 0) add(n.group[coded[i].group]);
    for (std::size_t f = 0; f < coded[i].levels.size(); ++f) {
      add(n.level[{static_cast<int>(f), coded[i].levels[f]}]);
      if (coded[i].group >= 0) add(n.cell[{coded[i].group, static_cast<int>(f), coded[i].levels[f]}]);
    }
  }
  return n;
}

struct Calibration {
  bool platt = false;
  // isotonic
  std::vector<double> x, p, lo, hi;
  // Platt
  double a = 0, b = 0, va = 0, cab = 0, vb = 0;

  double iso(double s, const std::vector<double>& y) const {
    if (s <= x.front()) return y.front();
    if (s >= x.back()) return y.back();
    std::size_t j = 0;
    while (x[j] <= s) ++j;
    const double t = (s - x[j - 1]) / (x[j] - x[j - 1]);
    return y[j - 1] + t * (y[j] - y[j - 1]);
  }
  ReferenceRow apply(double s, double var) const {
    const double z = 1.959963984540054;
    if (platt) {
      const double eta = a + b * s;
      const double se = std::sqrt(std::max(0.0, va + 2 * s * cab + s * s * vb) + b * b * var);
      return {s, sig(eta), sig(eta - z * se), sig(eta + z * se)};
    }
    ReferenceRow r{s, iso(s, p), iso(s, lo), iso(s, hi)};
    if (var > 0) {
      r.low = std::min(r.low, iso(s - z * std::sqrt(var), p));
      r.high = std::max(r.high, iso(s + z * std::sqrt(var), p));
    }
    return r;
  }
};

Calibration isotonic(const std::vector<std::pair<double, bool>>& oof) {
  std::map<double, C> points;
  for (auto [s, y] : oof) {
    points[s].closed += 1;
    points[s].pos += y;
  }
  struct B {
    double sum;
    C c;
  };
  std::vector<B> blocks;
  for (auto [s, c] : points) blocks.push_back({s * c.closed, c});
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
      if (blocks[i].c.pos * blocks[i + 1].c.closed >= blocks[i + 1].c.pos * blocks[i].c.closed) {
        blocks[i].sum += blocks[i + 1].sum;
        blocks[i].c.closed += blocks[i + 1].c.closed;
        blocks[i].c.pos += blocks[i + 1].c.pos;
        blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        merged = true;
        break;
      }
    }
  }
  Calibration cal;
  for (const B& b : blocks) {
    double centre = b.sum / b.c.closed;
    if (!cal.x.empty() && !(centre > cal.x.back())) centre = std::nextafter(cal.x.back(), INFINITY);
    const double mean = (b.c.pos + 0.5) / (b.c.closed + 1);
    const double p = cal.p.empty() ? mean : std::max(cal.p.back(), mean);
    const double a = b.c.pos + 0.5, bb = b.c.closed - b.c.pos + 0.5;
    const double lo = b.c.pos == 0 ? 0 : boost::math::ibeta_inv(a, bb, 0.025);
    const double hi = b.c.pos == b.c.closed ? 1 : boost::math::ibeta_inv(a, bb, 0.975);
    cal.x.push_back(centre);
    cal.p.push_back(p);
    cal.lo.push_back(std::min(lo, p));
    cal.hi.push_back(std::max(hi, p));
  }
  return cal;
}

Calibration platt(const std::vector<std::pair<double, bool>>& oof) {
  double n1 = 0, n0 = 0;
  for (auto [s, y] : oof) (y ? n1 : n0) += 1;
  const double hi = (n1 + 1) / (n1 + 2), lo = 1 / (n0 + 2);
  std::set<double> distinct;
  for (auto [s, y] : oof) distinct.insert(s);
  const bool slope = distinct.size() >= 2;
  auto loss = [&](double a, double b) {
    double l = 0;
    for (auto [s, y] : oof) {
      const double t = y ? hi : lo, p = sig(a + b * s);
      l -= t * std::log(p) + (1 - t) * std::log(1 - p);
    }
    return l;
  };
  double a = 0, b = slope ? 1 : 0;
  for (int it = 0; it < 1000; ++it) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (auto [s, y] : oof) {
      const double p = sig(a + b * s), t = y ? hi : lo;
      ga += p - t;
      gb += (p - t) * s;
      haa += p * (1 - p);
      hab += p * (1 - p) * s;
      hbb += p * (1 - p) * s * s;
    }
    double da = -ga / haa, db = 0;
    if (slope) {
      const double det = haa * hbb - hab * hab;
      da = -(hbb * ga - hab * gb) / det;
      db = -(haa * gb - hab * ga) / det;
    }
    double step = 1;
    const double before = loss(a, b);
    while (loss(a + step * da, b + step * db) > before && step > 1e-12) step /= 2;
    a += step * da;
    b += step * db;
    if (std::abs(step * da) < 1e-13 && std::abs(step * db) < 1e-13) break;
  }
  Calibration cal;
  cal.platt = true;
  cal.a = a;
  cal.b = b;
  double haa = 0, hab = 0, hbb = 0;
  for (auto [s, y] : oof) {
    const double p = sig(a + b * s);
    haa += p * (1 - p);
    hab += p * (1 - p) * s;
    hbb += p * (1 - p) * s * s;
  }
  const double det = haa * hbb - hab * hab;
  if (slope) {
    cal.va = hbb / det;
    cal.cab = -hab / det;
    cal.vb = haa / det;
  } else {
    cal.va = 1 / haa;
  }
  return cal;
}

}  // namespace

ReferenceResult reference_score(const mf::DataSet& data, const mf::StageGraph& graph,
                                const mf::ScoreFitOptions& options) {
  ReferenceResult result;
  // Outcomes.
  std::set<std::string> wins;
  if (options.outcome.empty()) {
    for (const auto& s : graph.stages())
      if (s.kind == mf::StageKind::kWon) wins.insert(s.id);
  } else {
    wins.insert(options.outcome);
    bool after = false;
    for (std::string_view id : graph.main_path()) {
      if (after) wins.insert(std::string(id));
      after = after || id == options.outcome;
    }
  }
  const std::size_t n = data.record_count();
  std::vector<int> outcome(n, -1);
  for (std::size_t r = 0; r < n; ++r) {
    const auto [first, last] = data.events_of(static_cast<mf::RecordIndex>(r));
    bool won = false, lost = false;
    for (std::size_t e = first; e < last; ++e) {
      const std::string& stage = data.stage_names()[data.event(e).stage];
      won = won || wins.count(stage) > 0;
      const mf::Stage* s = graph.find_stage(stage);
      lost = lost || (s != nullptr && s->kind == mf::StageKind::kLost);
    }
    outcome[r] = won ? 1 : lost ? 0 : -1;
  }
  std::vector<std::size_t> closed;
  for (std::size_t r = 0; r < n; ++r) {
    if (outcome[r] < 0) continue;
    closed.push_back(r);
    (outcome[r] ? result.positives : result.negatives) += 1;
  }
  if (result.positives == 0) result.refused = "no positives";
  else if (result.negatives == 0) result.refused = "no negatives";
  if (!result.refused.empty()) return result;

  // Features, from the closed records' values.
  auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < data.attribute_count(); ++i)
      if (data.attribute(i).name() == name) return static_cast<int>(i);
    return -1;
  };
  std::vector<Spec> specs;
  for (const std::string& name : options.features) {
    Spec s;
    s.column = column(name);
    const auto view = data.attribute(static_cast<std::size_t>(s.column));
    s.kind = view.type() == mf::AttributeType::kString ? 0 : view.type() == mf::AttributeType::kBool ? 1 : 2;
    if (s.kind == 0) {
      std::set<std::string> values;
      for (std::size_t r : closed)
        if (auto v = view.value(static_cast<mf::RecordIndex>(r)); !std::holds_alternative<std::monostate>(v))
          values.insert(std::string(std::get<std::string_view>(v)));
      s.values.assign(values.begin(), values.end());
    } else if (s.kind == 2) {
      std::vector<double> xs;
      for (std::size_t r : closed)
        if (auto x = number(view.value(static_cast<mf::RecordIndex>(r))); x && std::isfinite(*x)) xs.push_back(*x);
      std::sort(xs.begin(), xs.end());
      const std::size_t count = xs.size();
      for (unsigned i = 1; count > 0 && i < options.bins; ++i) {
        const std::size_t rank = (i * count + options.bins - 1) / options.bins - 1;
        const double q = xs[rank];
        if (q < xs.back() && (s.edges.empty() || q > s.edges.back())) s.edges.push_back(q);
      }
    }
    specs.push_back(s);
  }
  // Groups, from the closed records' values; missing last.
  std::vector<std::optional<std::string>> groups;
  const int team = options.group_by.empty() ? -1 : column(options.group_by);
  if (team >= 0) {
    std::set<std::string> values;
    bool missing = false;
    for (std::size_t r : closed) {
      auto v = data.attribute(static_cast<std::size_t>(team)).value(static_cast<mf::RecordIndex>(r));
      if (std::holds_alternative<std::monostate>(v)) missing = true;
      else values.insert(std::string(std::get<std::string_view>(v)));
    }
    for (const auto& v : values) groups.emplace_back(v);
    if (missing) groups.emplace_back(std::nullopt);
  }
  std::vector<Coded> coded(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (const Spec& s : specs)
      coded[r].levels.push_back(level_of(s, data.attribute(static_cast<std::size_t>(s.column)).value(static_cast<mf::RecordIndex>(r))));
    if (team >= 0) {
      auto v = data.attribute(static_cast<std::size_t>(team)).value(static_cast<mf::RecordIndex>(r));
      std::optional<std::string> key;
      if (!std::holds_alternative<std::monostate>(v)) key = std::string(std::get<std::string_view>(v));
      for (std::size_t g = 0; g < groups.size(); ++g)
        if (groups[g] == key) coded[r].group = static_cast<int>(g);
    }
  }
  std::vector<bool> won(n);
  for (std::size_t r = 0; r < n; ++r) won[r] = outcome[r] == 1;

  // Each closed record scored by the model of the other folds.
  std::vector<std::pair<double, bool>> oof;
  for (std::uint32_t k = 0; k < options.folds; ++k) {
    std::vector<std::size_t> train, held;
    for (std::size_t r : closed)
      (fold(data.record_id(static_cast<mf::RecordIndex>(r)), options.seed, options.folds) == k ? held : train).push_back(r);
    Model m{options.prior_weight, options.group_prior_weight, count(coded, won, train)};
    for (std::size_t r : held) oof.emplace_back(m.raw(coded[r]), won[r]);
  }
  const Calibration cal = options.calibration == mf::ScoreCalibration::kPlatt ? platt(oof) : isotonic(oof);
  const Model model{options.prior_weight, options.group_prior_weight, count(coded, won, closed)};
  for (std::size_t r = 0; r < n; ++r) result.rows.push_back(cal.apply(model.raw(coded[r]), model.variance(coded[r])));
  return result;
}

}  // namespace mf_score_test
