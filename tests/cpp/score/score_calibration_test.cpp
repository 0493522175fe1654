// Calibration: the isotonic and Platt fits on cases with a known answer, the
// report's metrics on predictions with known AUC, Brier score and ECE, and
// the whole pipeline on synthetic leads whose true win probability is set.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <tuple>
#include <string>
#include <vector>

#include "score/calibration.hpp"
#include "score/model.hpp"
#include "score/report.hpp"
#include "score/score_fixture.hpp"
#include "util/random.hpp"

namespace {

using namespace mf_score_test;
namespace sc = modelfunnel::internal::score;
using V = std::vector<std::pair<std::string, mf::AttributeValue>>;

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

/// I_x(a, b), the regularized incomplete beta function, by Simpson's rule:
/// independent of Boost's inverse that the model uses.
double incomplete_beta(double x, double a, double b) {
  const int n = 200'000;
  const double h = x / n;
  auto f = [&](double t) { return t <= 0 ? 0.0 : std::pow(t, a - 1) * std::pow(1 - t, b - 1); };
  double sum = f(0) + f(x);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * f(i * h);
  const double beta = std::exp(std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
  return sum * h / 3 / beta;
}

}  // namespace

TEST_CASE("score calibration: pool adjacent violators pools ties first, then merges violators") {
  // Raw -1: one won, one lost; 0: lost (violates: merged with -1 into 1 of
  // 3 at mean raw -2/3); 1: one won, one lost; 2: won.
  std::vector<sc::Scored> scored = {{1, true}, {-1, false}, {2, true}, {0, false}, {-1, true}, {1, false}};
  const std::vector<sc::Block> blocks = sc::fit_isotonic(scored);
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0].raw_score == Approx(-2.0 / 3).epsilon(1e-15));
  CHECK(blocks[0].counts == sc::Counts{3, 1});
  CHECK(blocks[1].raw_score == 1);
  CHECK(blocks[1].counts == sc::Counts{2, 1});
  CHECK(blocks[2].raw_score == 2);
  CHECK(blocks[2].counts == sc::Counts{1, 1});

  // Probabilities are the Jeffreys posterior means (k + 1/2) / (n + 1),
  // interpolated between block centres and flat beyond them.
  const sc::Curve curve = sc::isotonic_curve(blocks);
  CHECK(curve(-5).probability == 0.375);
  CHECK(curve(-2.0 / 3).probability == 0.375);
  CHECK(curve(0).probability == Approx(0.375 + 0.4 * 0.125).epsilon(1e-15));
  CHECK(curve(1).probability == 0.5);
  CHECK(curve(9).probability == 0.75);
  // Each block's interval: the 2.5% and 97.5% quantiles of Beta(k + 1/2,
  // n - k + 1/2); the last block has no negative, so its upper end is 1.
  CHECK(incomplete_beta(curve.low[0], 1.5, 2.5) == Approx(0.025).margin(2e-6));
  CHECK(incomplete_beta(curve.high[0], 1.5, 2.5) == Approx(0.975).margin(2e-6));
  CHECK(incomplete_beta(curve.low[1], 1.5, 1.5) == Approx(0.025).margin(2e-6));
  CHECK(curve.high[2] == 1);
}

TEST_CASE("score calibration: Platt scaling recovers a logistic curve, with a band that narrows with data") {
  modelfunnel::internal::Random rng(5);
  std::vector<sc::Scored> small, large;
  for (int i = 0; i < 200'000; ++i) {
    const double raw = rng.uniform() * 8 - 4;
    const bool won = rng.uniform() < sigmoid(-0.5 + 0.6 * raw);
    large.push_back({raw, won});
    if (i < 2'000) small.push_back({raw, won});
  }
  const sc::Platt p = sc::fit_platt(large);
  CHECK(p.a == Approx(-0.5).margin(0.03));
  CHECK(p.b == Approx(0.6).margin(0.02));
  CHECK(p.var_a > 0);
  CHECK(p.var_b > 0);
  CHECK(p.cov_ab * p.cov_ab <= p.var_a * p.var_b);
  const sc::Platt q = sc::fit_platt(small);
  CHECK(q.var_a > 50 * p.var_a);  // 100 times fewer records
  const sc::Curve c = sc::platt_curve(p);
  const auto v = c(1.0);
  CHECK(v.probability == Approx(sigmoid(p.a + p.b)).epsilon(1e-15));
  CHECK(v.low < v.probability);
  CHECK(v.high > v.probability);
  // The raw score's own uncertainty widens the band, scaled by the slope.
  const auto wide = c(1.0, 0.25);
  CHECK(wide.probability == v.probability);
  CHECK(wide.low < v.low);
  CHECK(wide.high > v.high);
  // One distinct raw score: no slope, the rate of the records as the intercept.
  std::vector<sc::Scored> flat = {{0.3, true}, {0.3, false}, {0.3, false}, {0.3, false}};
  const sc::Platt f = sc::fit_platt(flat);
  CHECK(f.b == 0);
  // Platt's targets: (1 + 1) / (1 + 2) for the positive, 1 / (3 + 2) for the negatives.
  CHECK(sigmoid(f.a) == Approx((2.0 / 3 + 3 * 0.2) / 4).epsilon(1e-9));
}

TEST_CASE("score report: AUC, Brier score and ECE on predictions with a known answer") {
  // 100 leads at 0.2 of which 20 won, 100 at 0.6 of which 60 won, winners
  // spread evenly so each decile holds its share: perfectly calibrated.
  std::vector<double> p;
  std::vector<std::uint8_t> won;
  for (int i = 0; i < 100; ++i) {
    p.push_back(0.2);
    won.push_back(i % 5 == 0);
  }
  for (int i = 0; i < 100; ++i) {
    p.push_back(0.6);
    won.push_back(i % 5 < 3);
  }
  mf::ScoreReportOptions options;
  mf::ScoreMetrics m;
  std::vector<mf::ScoreCalibrationBin> bins;
  sc::evaluate(p, won, options, m, bins);
  CHECK(m.records == 200);
  CHECK(m.positives == 80);
  // Positives above negatives: 60 x 80 wins, ties (20 x 80 + 60 x 40) / 2.
  CHECK(m.auc == Approx((60.0 * 80 + 0.5 * (20 * 80 + 60 * 40)) / (80 * 120)).epsilon(1e-15));
  CHECK(m.brier == Approx((20 * 0.64 + 80 * 0.04 + 60 * 0.16 + 40 * 0.36) / 200).epsilon(1e-14));
  CHECK(m.ece == Approx(0).margin(1e-15));
  REQUIRE(bins.size() == 10);
  CHECK(bins[0].bin == 1);
  CHECK(bins[0].records == 20);
  CHECK(bins[0].observed.numerator == 4);
  CHECK(bins[9].mean_probability == Approx(0.6).epsilon(1e-15));
  // Every prediction 0.1 too high: an ECE of exactly 0.1.
  for (double& x : p) x += 0.1;
  sc::evaluate(p, won, options, m, bins);
  CHECK(m.ece == Approx(0.1).epsilon(1e-12));
  // Fewer leads than bins: empty bins are left out.
  options.bins = 50;
  sc::evaluate(std::vector<double>(p.begin(), p.begin() + 7), std::vector<std::uint8_t>(won.begin(), won.begin() + 7),
               options, m, bins);
  CHECK(bins.size() == 7);
}

namespace {

/// Synthetic leads whose true win probability is known: base logit -1, an
/// industry worth -1.5 to +1.5, a demo request worth ±0.6; one lead in five
/// stays open.
struct Truth {
  mf::DataSet data;
  std::vector<double> p;  // per record
};

Truth synthetic(int n, std::uint64_t seed) {
  static const char* kIndustries[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
  static const double kEffect[] = {-1.5, -1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 1.5};
  modelfunnel::internal::Random rng(seed);
  std::vector<Lead> leads;
  Truth t;
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(rng.below(8));
    const bool demo = rng.uniform() < 0.4;
    const double p = sigmoid(-1 + kEffect[k] + (demo ? 0.6 : -0.6));
    const char outcome = rng.uniform() < 0.2 ? 'O' : rng.uniform() < p ? 'W' : 'L';
    leads.push_back({"L" + std::to_string(i), outcome, V{{"industry", std::string_view(kIndustries[k])}, {"demo", demo}}});
    t.p.push_back(p);
  }
  t.data = build({{"industry", mf::AttributeType::kString}, {"demo", mf::AttributeType::kBool}}, leads);
  return t;
}

}  // namespace

TEST_CASE("score calibration: on leads with a known win probability, held-out ECE and AUC are as predicted") {
  const Truth truth = synthetic(40'000, 11);
  for (auto method : {mf::ScoreCalibration::kPlatt, mf::ScoreCalibration::kIsotonic}) {
    INFO(mf::to_string(method));
    mf::ScoreFitOptions o;
    o.features = {"industry", "demo"};
    o.calibration = method;
    auto report = mf::score_cross_validate(truth.data, mf::StageGraph::the_model(), o);
    REQUIRE(report.ok());
    CHECK(report->open == 40'000 - report->metrics.records);
    // The true probabilities' own AUC on the same closed leads is the best
    // any model can do; the model comes within a hair of it.
    std::vector<double> p;
    std::vector<std::uint8_t> won;
    auto outcomes = mf::score_apply(fit(truth.data, o), truth.data);  // record order
    REQUIRE(outcomes.ok());
    for (std::uint32_t r = 0; r < truth.p.size(); ++r) {
      const auto [first, last] = truth.data.events_of(r);
      if (last - first < 2) continue;  // open
      p.push_back(truth.p[r]);
      won.push_back(truth.data.stage_names()[truth.data.event(last - 1).stage] == "closed_won");
    }
    mf::ScoreMetrics best;
    std::vector<mf::ScoreCalibrationBin> unused;
    sc::evaluate(p, won, {}, best, unused);
    CHECK(report->metrics.records == best.records);
    CHECK(report->metrics.auc == Approx(best.auc).margin(0.005));
    CHECK(report->metrics.auc >= report->plain_naive_bayes->auc - 0.002);
    CHECK(report->metrics.ece <= 0.03);
    CHECK(report->metrics.ece <= best.ece + 0.01);
    CHECK(report->metrics.brier <= report->plain_naive_bayes->brier + 1e-4);
  }
}

TEST_CASE("score calibration: the interval holds the true probability of 95% of leads, and narrows with data") {
  // Coverage is a property of many data sets, not of one: within one, the
  // leads share the same estimation errors. Averaged over seeds it is at
  // least the nominal 95% less sampling noise (over 20 seeds at 2,000 leads
  // it measured 0.98: the interval is a little conservative).
  for (auto [n, seeds, max_width] : {std::tuple{2'000, 10, 0.2}, std::tuple{20'000, 3, 0.07}}) {
    double coverage = 0, width = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      const Truth truth = synthetic(n, 7919 * static_cast<std::uint64_t>(seed));
      mf::ScoreFitOptions o;
      o.features = {"industry", "demo"};
      auto scores = mf::score_apply(fit(truth.data, o), truth.data);
      REQUIRE(scores.ok());
      std::size_t inside = 0;
      for (const auto& row : scores->rows) {
        inside += row.low <= truth.p[row.record] && truth.p[row.record] <= row.high;
        width += row.high - row.low;
      }
      coverage += static_cast<double>(inside) / n;
    }
    coverage /= seeds;
    width /= static_cast<double>(seeds) * n;
    INFO(n << " leads: coverage " << coverage << ", mean width " << width);
    CHECK(coverage >= 0.9);
    CHECK(width < max_width);  // and not bought by width
  }
}
