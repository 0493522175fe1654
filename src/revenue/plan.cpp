// revenue_plan(): a target divided back through the funnel, with windows,
// team targets, the pipeline's share, Monte Carlo uncertainty and leverage.
// docs/revenue.md defines each figure.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"
#include "revenue/distribution.hpp"
#include "revenue/plan_samples.hpp"
#include "util/no_throw.hpp"
#include "util/random.hpp"

namespace modelfunnel {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

using internal::revenue::round_up;

/// Up to this many wins, a sample's mean deal size is the mean of that many
/// deals drawn from the distribution; above it, the normal approximation.
constexpr double kBootstrapWins = 30;

/// quantile_cont of sorted @p v (as the funnel report's medians).
double quantile_cont(const std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

/// The position in @p v of the value with a share q at or below it.
std::size_t quantile_rank(const std::vector<double>& v, double q) {
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return std::clamp<std::size_t>(k, 1, v.size()) - 1;
}

/// Puts the 10th, 50th and 90th percentiles of @p v in their sorted places
/// (three selections, no full sort).
void select_percentiles(std::vector<double>& v) {
  if (v.empty()) return;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(quantile_rank(v, 0.5));
  std::nth_element(v.begin(), mid, v.end());
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(quantile_rank(v, 0.1)), mid);
  std::nth_element(mid + 1, v.begin() + static_cast<std::ptrdiff_t>(quantile_rank(v, 0.9)), v.end());
}

/// The value with a share q of @p v at or below it, once select_percentiles()
/// has placed it (q is 0.1, 0.5 or 0.9).
double sample_quantile(const std::vector<double>& v, double q) { return v[quantile_rank(v, q)]; }

/// Gamma(shape ≥ 1, 1) by Marsaglia and Tsang.
double gamma_draw(internal::Random& rng, double shape) {
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = rng.normal();
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

/// Beta(a, b). With 50 or more on both sides the distribution is close to
/// normal (its skewness below 0.15), so one normal draw with the same mean
/// and variance stands in for two gamma draws: the plan's 10,000 samples
/// stay well inside their time budget.
double beta_draw(internal::Random& rng, double a, double b) {
  if (a >= 50 && b >= 50) {
    const double n = a + b, mean = a / n;
    return std::clamp(mean + std::sqrt(a * b / (n * n * (n + 1))) * rng.normal(), 1e-9, 1.0);
  }
  const double x = gamma_draw(rng, a);
  return x / (x + gamma_draw(rng, b));
}

/// Wins among n trials at p: exact draws for small n, else normal.
double binomial_draw(internal::Random& rng, double n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (n <= 500) {
    double k = 0;
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(n); ++i) k += rng.uniform() < p ? 1 : 0;
    return k;
  }
  return std::max(0.0, std::round(n * p + std::sqrt(n * p * (1 - p)) * rng.normal()));
}

std::string measure_name(const std::string& stage, bool won) {
  if (won) return "wins";
  if (stage == "lead") return "leads";
  if (stage == "mql") return "mqls";
  if (stage == "sql") return "sqls";
  if (stage == "opportunity") return "opportunities";
  return stage + " records";
}

absl::Status validate(const RevenueModel& m, const PlanOptions& o) {
  const auto bad = [](std::string s) { return absl::InvalidArgumentError(std::move(s)); };
  if (!(o.target > 0) || !std::isfinite(o.target)) return bad("the target must be a positive amount");
  if (!(o.period.begin < o.period.end)) return bad("the period is empty");
  const std::size_t n = m.stages.size();
  if (n < 2) return bad("a plan needs at least two stages (an entry and a won stage)");
  if (m.steps.size() != n - 1) return bad(absl::StrCat("the model has ", n, " stages but ", m.steps.size(), " steps"));
  if (!m.teams.empty() && m.teams.size() != n) return bad("the model's teams do not match its stages");
  if (!m.lag_days.empty() && m.lag_days.size() != n) return bad("the model's lags do not match its stages");
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const RevenueStep& s = m.steps[i];
    if (!(s.rate > 0 && s.rate <= 1))
      return bad(absl::StrCat("the step ", m.stages[i], " -> ", m.stages[i + 1], " converts at ", s.rate,
                              ": a plan needs every rate in (0, 1] (no record ever got through this step)"));
    if (s.trials && s.converted > s.trials) return bad(absl::StrCat("the step into ", m.stages[i + 1], " converted more than its trials"));
  }
  if (m.deal_sizes.empty()) return bad("the model has no deal size");
  for (double d : m.deal_sizes)
    if (!(d >= 0) || !std::isfinite(d)) return bad("a deal size is negative or not a number");
  for (const auto& lags : m.lag_days)
    for (double l : lags)
      if (!(l >= 0) || !std::isfinite(l)) return bad("a lag is negative or not a number");
  for (const OpenDeal& d : m.pipeline) {
    if (std::find(m.stages.begin(), m.stages.end(), d.stage) == m.stages.end())
      return bad(absl::StrCat("an open deal is at stage '", d.stage, "', which is not on the plan's path"));
    if (!(d.amount >= 0) || d.probability > 1) return bad("an open deal has a negative amount or a probability above 1");
  }
  return absl::OkStatus();
}

absl::StatusOr<RevenuePlan> compute(const RevenueModel& m, const PlanOptions& o,
                                    std::vector<std::vector<double>>* samples_out) {
  if (absl::Status s = validate(m, o); !s.ok()) return s;
  const std::size_t n = m.stages.size();
  RevenuePlan plan;
  plan.target = o.target;
  plan.period = o.period;
  plan.source = m.source;
  plan.seed = o.seed;
  const double mean_deal = std::accumulate(m.deal_sizes.begin(), m.deal_sizes.end(), 0.0) /
                           static_cast<double>(m.deal_sizes.size());
  if (!(mean_deal > 0)) return absl::InvalidArgumentError("the mean deal size is 0");
  double deal_var = 0;
  for (double d : m.deal_sizes) deal_var += (d - mean_deal) * (d - mean_deal);
  const double deal_sd = m.deal_sizes.size() > 1 ? std::sqrt(deal_var / static_cast<double>(m.deal_sizes.size() - 1)) : 0.0;
  plan.mean_deal_size = mean_deal;
  plan.wins_exact = o.target / mean_deal;

  // after[i]: the share of records at stage i that go on to be won.
  std::vector<double> after(n, 1.0);
  for (std::size_t i = n - 1; i-- > 0;) after[i] = after[i + 1] * m.steps[i].rate;

  // Sorted lags per stage (empty: 0 days).
  std::vector<std::vector<double>> lags(n);
  for (std::size_t i = 0; i < n && i < m.lag_days.size(); ++i) {
    lags[i] = m.lag_days[i];
    std::sort(lags[i].begin(), lags[i].end());
  }
  const std::int64_t p0 = o.period.begin.micros() / kMicrosPerDay, p1 = (o.period.end.micros() + kMicrosPerDay - 1) / kMicrosPerDay;
  const std::int64_t as_of = o.as_of ? o.as_of->micros() : o.period.begin.micros();

  // The pipeline: expected wins and revenue, by stage.
  std::vector<double> pipe_wins(n, 0.0);
  std::vector<std::uint64_t> pipe_open(n, 0);
  double pipe_mean = 0, pipe_var = 0;
  std::vector<internal::revenue::Term> pipe_terms;
  pipe_terms.reserve(m.pipeline.size());
  for (const OpenDeal& d : m.pipeline) {
    const auto s = static_cast<std::size_t>(std::find(m.stages.begin(), m.stages.end(), d.stage) - m.stages.begin());
    double p = d.probability;
    if (p < 0) {
      // No probability given: the rest of the funnel's conversion, times the
      // share of the stage's lags that land the win in the period.
      double in_period = 1;
      if (!lags[s].empty()) {
        const double u0 = static_cast<double>(o.period.begin.micros() - as_of) / kMicrosPerDay + d.age_days;
        const double u1 = static_cast<double>(o.period.end.micros() - as_of) / kMicrosPerDay + d.age_days;
        const auto lo = std::lower_bound(lags[s].begin(), lags[s].end(), u0);
        const auto hi = std::lower_bound(lags[s].begin(), lags[s].end(), u1);
        in_period = static_cast<double>(hi - lo) / static_cast<double>(lags[s].size());
      }
      p = after[s] * in_period;
    }
    ++pipe_open[s];
    pipe_wins[s] += p;
    pipe_mean += p * d.amount;
    pipe_var += d.amount * d.amount * p * (1 - p);
    pipe_terms.push_back({p, d.amount, true});
  }
  plan.pipeline_expected_revenue = pipe_mean;
  plan.pipeline_expected_wins = std::accumulate(pipe_wins.begin(), pipe_wins.end(), 0.0);
  const double new_wins = std::max(0.0, o.target - pipe_mean) / mean_deal;

  // Monte Carlo: rates from their Beta posteriors, the mean deal size of
  // the wins needed from the deal-size distribution.
  const bool uncertain_rates = m.uncertainty && std::any_of(m.steps.begin(), m.steps.end(),
                                                            [](const RevenueStep& s) { return s.trials > 0; });
  const bool uncertain_deals = m.uncertainty && deal_sd > 0;
  const std::uint64_t samples = o.samples;
  std::vector<std::vector<double>> required(n);
  double hit_pipeline = 0, hit_plan = 0;
  std::uint64_t new_entry = 0;
  {
    const double entry_new_exact = new_wins / after[0];
    new_entry = round_up(entry_new_exact);
  }
  if (samples > 0) {
    internal::Random rng(o.seed);
    for (auto& r : required) r.reserve(uncertain_rates || uncertain_deals ? samples : 0);
    std::vector<double> rate(n - 1);
    const double wins_for_mean = std::max(1.0, plan.wins_exact);
    for (std::uint64_t s = 0; s < samples; ++s) {
      for (std::size_t j = 0; j + 1 < n; ++j) {
        const RevenueStep& st = m.steps[j];
        rate[j] = uncertain_rates && st.trials > 0
                      ? beta_draw(rng, 1.0 + static_cast<double>(st.converted),
                                  1.0 + static_cast<double>(st.trials - st.converted))
                      : st.rate;
      }
      double deal = mean_deal;
      if (uncertain_deals && wins_for_mean <= kBootstrapWins) {
        // Few wins (a small target, or a small segment's share of one): the
        // normal stand-in for their mean would go below 0 and be clamped,
        // asking for a hundred times the volume; draw the deals instead.
        const auto k = static_cast<std::uint64_t>(std::llround(wins_for_mean));
        deal = 0;
        for (std::uint64_t d = 0; d < k; ++d) deal += m.deal_sizes[rng.below(m.deal_sizes.size())];
        deal = std::max(1e-9 * mean_deal, deal / static_cast<double>(k));
      } else if (uncertain_deals) {
        deal = std::max(0.01 * mean_deal, mean_deal + deal_sd / std::sqrt(wins_for_mean) * rng.normal());
      }
      double through = 1;
      if (uncertain_rates || uncertain_deals) {
        const double wins = o.target / deal;
        double prod = 1;
        required[n - 1].push_back(wins);
        for (std::size_t i = n - 1; i-- > 0;) {
          prod *= rate[i];
          required[i].push_back(wins / prod);
        }
        through = prod;
      } else {
        through = after[0];
      }
      // The pipeline's won revenue in this sample.
      double pipe = 0;
      if (pipe_terms.size() <= 200) {
        for (const auto& t : pipe_terms)
          if (rng.uniform() < t.p) pipe += t.amount;
      } else {
        pipe = std::max(0.0, pipe_mean + std::sqrt(pipe_var) * rng.normal());
      }
      if (pipe >= o.target) hit_pipeline += 1;
      // Plus the plan's new entry volume, converting at this sample's rates.
      const double wins = binomial_draw(rng, static_cast<double>(new_entry), through);
      double revenue = wins * mean_deal;
      if (m.deal_sizes.size() > 1 && wins > 0) {
        if (wins <= 50) {
          revenue = 0;
          for (int k = 0; k < static_cast<int>(wins); ++k) revenue += m.deal_sizes[rng.below(m.deal_sizes.size())];
        } else {
          revenue = std::max(0.0, wins * mean_deal + std::sqrt(wins) * deal_sd * rng.normal());
        }
      }
      if (pipe + revenue >= o.target) hit_plan += 1;
    }
    plan.samples = samples;
    plan.p_target_pipeline_only = hit_pipeline / static_cast<double>(samples);
    plan.p_target_with_plan = hit_plan / static_cast<double>(samples);
  } else {
    plan.p_target_pipeline_only = plan.p_target_with_plan = std::numeric_limits<double>::quiet_NaN();
  }

  // Stages.
  if (samples_out) *samples_out = required;
  for (auto& r : required) select_percentiles(r);
  for (std::size_t i = 0; i < n; ++i) {
    PlanStageRow r;
    r.stage = m.stages[i];
    r.team = i < m.teams.size() ? m.teams[i] : "";
    r.required_exact = plan.wins_exact / after[i];
    r.required_p50 = round_up(r.required_exact);
    if (!required[i].empty()) {
      r.required_p10 = round_up(sample_quantile(required[i], 0.1));
      r.required_p50 = round_up(sample_quantile(required[i], 0.5));
      r.required_p90 = round_up(sample_quantile(required[i], 0.9));
    } else {
      r.required_p10 = r.required_p90 = r.required_p50;
    }
    // Clamped to a century, as a scenario's lags are: a window further out
    // is no plan, and the day arithmetic below must not overflow.
    constexpr double kMaxLagDays = 36'500;
    const double q10 = lags[i].empty() ? 0 : std::clamp(quantile_cont(lags[i], 0.1), 0.0, kMaxLagDays);
    const double q90 = lags[i].empty() ? 0 : std::clamp(quantile_cont(lags[i], 0.9), 0.0, kMaxLagDays);
    r.lag_p50_days = lags[i].empty() ? std::numeric_limits<double>::quiet_NaN() : quantile_cont(lags[i], 0.5);
    r.enter_from = Timestamp::from_micros((p0 - std::llround(q90)) * kMicrosPerDay);
    r.enter_by = Timestamp::from_micros((p1 - 1 - std::llround(q10)) * kMicrosPerDay);
    r.step_rate = i == 0 ? std::numeric_limits<double>::quiet_NaN() : m.steps[i - 1].rate;
    r.open = pipe_open[i];
    double later = 0;
    for (std::size_t k = i; k < n; ++k) later += pipe_wins[k];
    r.from_pipeline = later / after[i];
    // New records still needed: the same share of the required volume as
    // the target left after the pipeline (so that, with Monte Carlo, it is
    // the P50 of the same samples).
    const double left = std::max(0.0, o.target - pipe_mean) / o.target;
    r.new_needed = required[i].empty() ? round_up(new_wins / after[i])
                                       : round_up(sample_quantile(required[i], 0.5) * left);
    plan.stages.push_back(std::move(r));
  }

  // Weekly spread: the chance that a record entering on day d is won inside
  // the period, summed by ISO week and normalised.
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<double>& L = lags[i];
    const double max_lag = L.empty() ? 0 : L.back();
    const std::int64_t first = p0 - static_cast<std::int64_t>(std::ceil(max_lag)) - 1, last = p1 - 1;
    std::vector<std::pair<std::int64_t, double>> weeks;
    double total = 0;
    for (std::int64_t d = first; d <= last; ++d) {
      double w;
      if (L.empty()) {
        w = d >= p0 && d < p1 ? 1.0 : 0.0;
      } else {
        const auto lo = std::lower_bound(L.begin(), L.end(), static_cast<double>(p0 - d));
        const auto hi = std::lower_bound(L.begin(), L.end(), static_cast<double>(p1 - d));
        w = static_cast<double>(hi - lo) / static_cast<double>(L.size());
      }
      if (w <= 0) continue;
      const std::int64_t monday = d - (((d + 3) % 7) + 7) % 7;
      if (weeks.empty() || weeks.back().first != monday) weeks.emplace_back(monday, 0.0);
      weeks.back().second += w;
      total += w;
    }
    const std::uint64_t volume = plan.stages[i].required_p50;
    std::vector<std::uint64_t> counts(weeks.size());
    std::vector<std::pair<double, std::size_t>> remainders;
    std::uint64_t given = 0;
    for (std::size_t k = 0; k < weeks.size(); ++k) {
      const double exact = static_cast<double>(volume) * weeks[k].second / total;
      counts[k] = static_cast<std::uint64_t>(std::floor(exact));
      given += counts[k];
      remainders.emplace_back(exact - std::floor(exact), k);
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < volume && k < remainders.size(); ++k, ++given) ++counts[remainders[k].second];
    for (std::size_t k = 0; k < weeks.size(); ++k) {
      const double share = weeks[k].second / total;
      if (share < 0.001 && counts[k] == 0) continue;
      PlanWeekRow w;
      w.stage = m.stages[i];
      w.week_start = Timestamp::from_micros(weeks[k].first * kMicrosPerDay);
      w.share = share;
      w.records = counts[k];
      w.past = (weeks[k].first + 7) * kMicrosPerDay <= as_of;
      plan.weeks.push_back(std::move(w));
    }
  }

  // Teams: each delivers the entries of its first stage; the team owning
  // the won stage also the wins.
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& team = plan.stages[i].team;
    const bool won = i == n - 1;
    if (!won && std::find(seen.begin(), seen.end(), team) != seen.end()) continue;
    if (!won) seen.push_back(team);
    plan.teams.push_back({team, m.stages[i], measure_name(m.stages[i], won), plan.stages[i].required_p50,
                          plan.stages[i].new_needed});
  }

  // Leverage: one point, and ten per cent, more at each step.
  const double leads = plan.stages[0].required_exact;
  for (std::size_t j = 0; j + 1 < n; ++j) {
    const double r = m.steps[j].rate;
    LeverageRow l;
    l.from = m.stages[j];
    l.to = m.stages[j + 1];
    l.rate = r;
    const double point = std::min(1.0, r + 0.01), tenth = std::min(1.0, r * 1.1);
    const double through_point = after[0] / r * point, through_tenth = after[0] / r * tenth;
    l.plus_point_leads = plan.wins_exact / through_point;
    l.plus_point_revenue = leads * (through_point - after[0]) * mean_deal;
    l.plus_10pct_leads = plan.wins_exact / through_tenth;
    l.plus_10pct_revenue = leads * (through_tenth - after[0]) * mean_deal;
    plan.leverage.push_back(std::move(l));
  }
  std::vector<std::size_t> order(plan.leverage.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan.leverage[a].plus_point_revenue > plan.leverage[b].plus_point_revenue;
  });
  for (std::size_t k = 0; k < order.size(); ++k) plan.leverage[order[k]].rank = static_cast<std::uint32_t>(k + 1);

  if (!m.uncertainty) plan.notes.push_back("No uncertainty: every figure is a point estimate (P10 = P50 = P90).");
  if (std::all_of(m.lag_days.begin(), m.lag_days.end(), [](const auto& v) { return v.empty(); }))
    plan.notes.push_back("No lags given: a record is taken to be won the day it enters, so every stage's window is the period itself.");
  if (m.pipeline.empty()) plan.notes.push_back("No open pipeline: every record is new.");
  return plan;
}

}  // namespace

absl::StatusOr<RevenuePlan> revenue_plan(const RevenueModel& model, const PlanOptions& options) {
  return internal::no_throw("revenue_plan", [&] { return compute(model, options, nullptr); });
}

absl::StatusOr<RevenuePlan> internal::revenue::plan_with_samples(const RevenueModel& model, const PlanOptions& options,
                                                                 std::vector<std::vector<double>>* samples) {
  return internal::no_throw("revenue_plan", [&] { return compute(model, options, samples); });
}

}  // namespace modelfunnel
