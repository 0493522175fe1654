// The calibration report; see report.hpp and docs/lead-score.md.
#include "score/report.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "score/apply.hpp"
#include "score/data.hpp"
#include "score/fit.hpp"
#include "score/ranges.hpp"

namespace modelfunnel::internal::score {
namespace {

constexpr double kZ95 = 1.959963984540054;

Rate wilson(std::uint64_t positives, std::uint64_t n, std::uint64_t min_sample) {
  Rate r;
  r.numerator = positives;
  r.denominator = n;
  r.small_sample = n < min_sample;
  if (n == 0) {
    r.value = r.low = r.high = std::nan("");
    return r;
  }
  const auto dn = static_cast<double>(n);
  const double p = static_cast<double>(positives) / dn;
  const double z2 = kZ95 * kZ95;
  const double centre = (p + z2 / (2 * dn)) / (1 + z2 / dn);
  const double half = kZ95 * std::sqrt(p * (1 - p) / dn + z2 / (4 * dn * dn)) / (1 + z2 / dn);
  r.value = p;
  r.low = std::max(0.0, centre - half);
  r.high = std::min(1.0, centre + half);
  return r;
}

/// The closed records of @p outcomes, ascending.
std::vector<std::uint32_t> closed_records(std::span<const std::int8_t> outcomes) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t r = 0; r < outcomes.size(); ++r)
    if (outcomes[r] != kOpen) out.push_back(r);
  return out;
}

/// Plain naive Bayes from @p model's pooled counts: Laplace (+1) smoothing
/// of each class's value frequencies, the class prior as counted, no
/// groups, no calibration; a value the counts lack is ignored.
std::vector<double> plain_naive_bayes(const Model& model, const DataSetImpl& data,
                                      std::span<const std::uint32_t> records) {
  const CountTables& t = model.counts;
  const auto n1 = static_cast<double>(t.total.positives);
  const auto n0 = static_cast<double>(t.total.closed - t.total.positives);
  std::vector<double> effect(t.width());
  for (std::size_t f = 0; f + 1 < t.offsets.size(); ++f) {
    const auto levels = static_cast<double>(t.offsets[f + 1] - t.offsets[f]);
    for (std::uint32_t i = t.offsets[f]; i < t.offsets[f + 1]; ++i) {
      const auto c1 = static_cast<double>(t.pooled[i].positives);
      const auto c0 = static_cast<double>(t.pooled[i].closed - t.pooled[i].positives);
      effect[i] = std::log((c1 + 1) / (n1 + levels)) - std::log((c0 + 1) / (n0 + levels));
    }
  }
  std::vector<Coder> coders = *feature_coders(data, model.data, t);  // the model was fitted on this data
  std::vector<double> out(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    double s = std::log(n1 / n0);
    for (const Coder& c : coders) {
      const std::uint32_t code = c.code(records[i]);
      if (code != kNoLevel) s += effect[code];
    }
    out[i] = s >= 0 ? 1 / (1 + std::exp(-s)) : std::exp(s) / (1 + std::exp(s));
  }
  return out;
}

}  // namespace

absl::Status check_report_options(const ScoreReportOptions& options) {
  if (options.bins < 2 || options.bins > 100)
    return absl::InvalidArgumentError(absl::StrCat("bins: ", options.bins, " is not in 2 to 100"));
  return absl::OkStatus();
}

void evaluate(std::span<const double> p, std::span<const std::uint8_t> positive,
              const ScoreReportOptions& options, ScoreMetrics& m, std::vector<ScoreCalibrationBin>& bins) {
  const std::size_t n = p.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return p[a] < p[b] || (p[a] == p[b] && a < b);
  });
  m = ScoreMetrics{};
  m.records = n;
  double brier = 0, log_loss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double y = positive[i] ? 1.0 : 0.0;
    m.positives += positive[i] ? 1 : 0;
    brier += (p[i] - y) * (p[i] - y);
    const double q = std::clamp(p[i], 1e-15, 1 - 1e-15);
    log_loss -= y * std::log(q) + (1 - y) * std::log(1 - q);
  }
  const auto dn = static_cast<double>(n);
  m.brier = n ? brier / dn : std::nan("");
  m.log_loss = n ? log_loss / dn : std::nan("");

  // AUC by ranks: each positive beats the negatives below it, ties half.
  const std::uint64_t negatives = n - m.positives;
  double wins = 0;
  std::uint64_t negatives_below = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    std::uint64_t pos = 0, neg = 0;
    while (j < n && p[order[j]] == p[order[i]]) {
      (positive[order[j]] ? pos : neg) += 1;
      ++j;
    }
    wins += static_cast<double>(pos) * (static_cast<double>(negatives_below) + 0.5 * static_cast<double>(neg));
    negatives_below += neg;
    i = j;
  }
  m.auc = m.positives && negatives ? wins / (static_cast<double>(m.positives) * static_cast<double>(negatives))
                                   : std::nan("");

  // Bins of equal size in rank order: position i goes to bin i * B / n.
  bins.clear();
  const std::uint32_t count = options.bins;
  double ece = 0;
  for (std::uint32_t b = 0; b < count; ++b) {
    const std::size_t begin = n * b / count, end = n * (b + 1) / count;
    if (begin == end) continue;
    ScoreCalibrationBin bin;
    bin.bin = b + 1;
    bin.records = end - begin;
    bin.min_probability = p[order[begin]];
    bin.max_probability = p[order[end - 1]];
    double sum = 0;
    std::uint64_t pos = 0;
    for (std::size_t i = begin; i < end; ++i) {
      sum += p[order[i]];
      pos += positive[order[i]] ? 1 : 0;
    }
    bin.mean_probability = sum / static_cast<double>(bin.records);
    bin.observed = wilson(pos, bin.records, options.min_sample);
    ece += static_cast<double>(bin.records) * std::abs(bin.mean_probability - bin.observed.value);
    bins.push_back(bin);
  }
  m.ece = n ? ece / dn : std::nan("");
}

absl::StatusOr<ScoreReport> report_model(const Model& model, const DataSetImpl& data,
                                         const StageGraph& graph, const ScoreReportOptions& options) {
  if (absl::Status s = check_report_options(options); !s.ok()) return s;
  absl::StatusOr<std::vector<std::int8_t>> outcomes =
      record_outcomes(data, graph, model.data.settings.outcome, options.threads);
  if (!outcomes.ok()) return outcomes.status();
  const std::vector<std::uint32_t> closed = closed_records(*outcomes);
  if (closed.empty())
    return absl::FailedPreconditionError("no closed records: none reached the outcome or a lost stage");
  absl::StatusOr<std::vector<double>> p = model_probabilities(model, data, closed, options.threads);
  if (!p.ok()) return p.status();
  std::vector<std::uint8_t> positive(closed.size());
  for (std::size_t i = 0; i < closed.size(); ++i) positive[i] = (*outcomes)[closed[i]] == kPositive;
  ScoreReport report;
  report.open = outcomes->size() - closed.size();
  evaluate(*p, positive, options, report.metrics, report.calibration);
  return report;
}

absl::StatusOr<ScoreReport> cross_validate(const DataSetImpl& data, const StageGraph& graph,
                                           const ScoreFitOptions& fit, const ScoreReportOptions& options) {
  if (absl::Status s = check_fit_options(fit); !s.ok()) return s;
  if (absl::Status s = check_report_options(options); !s.ok()) return s;
  absl::StatusOr<std::vector<std::int8_t>> outcomes = record_outcomes(data, graph, fit.outcome, fit.threads);
  if (!outcomes.ok()) return outcomes.status();
  const std::vector<std::uint32_t> closed = closed_records(*outcomes);
  Counts all;
  for (std::uint32_t r : closed) all.add((*outcomes)[r] == kPositive);
  if (all.positives == 0 || all.positives == all.closed) {
    // The fit says what is missing, in its words.
    absl::StatusOr<Model> refused = fit_model(data, fit, *outcomes, closed);
    return refused.ok() ? absl::InternalError("cross_validate: a fit without both outcomes succeeded")
                        : refused.status();
  }
  const std::uint32_t folds = fit.folds;
  std::vector<std::uint32_t> fold(closed.size());
  for (std::size_t i = 0; i < closed.size(); ++i)
    fold[i] = fold_of(data.record_ids[closed[i]], outer_seed(fit.seed), folds);
  std::vector<double> p(closed.size()), plain(closed.size());
  for (std::uint32_t k = 0; k < folds; ++k) {
    std::vector<std::uint32_t> train, held;
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < closed.size(); ++i) {
      if (fold[i] == k) {
        held.push_back(closed[i]);
        at.push_back(i);
      } else {
        train.push_back(closed[i]);
      }
    }
    if (held.empty()) continue;
    absl::StatusOr<Model> model = fit_model(data, fit, *outcomes, train);
    if (!model.ok()) {
      return absl::Status(model.status().code(),
                          absl::StrCat("fold ", k + 1, " of ", folds, ": ", model.status().message()));
    }
    absl::StatusOr<std::vector<double>> q = model_probabilities(*model, data, held, fit.threads);
    if (!q.ok()) return q.status();
    const std::vector<double> b = plain_naive_bayes(*model, data, held);
    for (std::size_t i = 0; i < held.size(); ++i) {
      p[at[i]] = (*q)[i];
      plain[at[i]] = b[i];
    }
  }
  std::vector<std::uint8_t> positive(closed.size());
  for (std::size_t i = 0; i < closed.size(); ++i) positive[i] = (*outcomes)[closed[i]] == kPositive;
  ScoreReport report;
  report.cross_validated = true;
  report.folds = folds;
  report.open = outcomes->size() - closed.size();
  evaluate(p, positive, options, report.metrics, report.calibration);
  ScoreMetrics baseline;
  std::vector<ScoreCalibrationBin> unused;
  evaluate(plain, positive, options, baseline, unused);
  report.plain_naive_bayes = baseline;
  return report;
}

}  // namespace modelfunnel::internal::score
