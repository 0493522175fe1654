// lead_score.cpp — the lead score's C ABI (experimental): models, score
// sets and calibration reports over the C++ lead_score.hpp.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/lead_score.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

/// Names and level labels of a model, made once, so that accessors can
/// return views of them.
struct Labels {
  std::vector<std::string> features;             // the features, then the group attribute
  std::vector<std::vector<std::string>> levels;  // per feature (and the group)
};

std::shared_ptr<const Labels> labels_of(const mf::LeadScoreModel& model) {
  auto labels = std::make_shared<Labels>();
  labels->features = model.features();
  labels->features.push_back(model.group_by());
  const auto all = model.levels();
  labels->levels.resize(labels->features.size());
  std::size_t f = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && all[i].feature != all[i - 1].feature) ++f;
    labels->levels[f].push_back(all[i].label);
  }
  for (std::size_t g = 0; g < model.groups().size(); ++g)
    labels->levels.back().push_back(model.level_label(labels->features.size() - 1, g));
  return labels;
}

}  // namespace

struct mf_score_model {
  mf::LeadScoreModel model;
  std::shared_ptr<const Labels> labels;
};

struct mf_score_set {
  mf::LeadScoreModel model;
  std::optional<mf::DataSet> data;  // record ids for CSV; none for one record
  mf::LeadScores scores;
  std::shared_ptr<const Labels> labels;
};

struct mf_score_report {
  mf::ScoreReport report;
};

namespace {

constexpr mf_score_fit_options kFitDefaults = MF_SCORE_FIT_OPTIONS_INIT;
constexpr std::size_t kFitSizes[] = {sizeof(mf_score_fit_options)};
static_assert(std::size(kFitSizes) == MF_SCORE_FIT_OPTIONS_VERSION);
constexpr mf_score_apply_options kApplyDefaults = MF_SCORE_APPLY_OPTIONS_INIT;
constexpr std::size_t kApplySizes[] = {sizeof(mf_score_apply_options)};
static_assert(std::size(kApplySizes) == MF_SCORE_APPLY_OPTIONS_VERSION);
constexpr mf_score_report_options kReportDefaults = MF_SCORE_REPORT_OPTIONS_INIT;
constexpr std::size_t kReportSizes[] = {sizeof(mf_score_report_options)};
static_assert(std::size(kReportSizes) == MF_SCORE_REPORT_OPTIONS_VERSION);
constexpr std::size_t kScoreSizes[] = {sizeof(mf_score)};
static_assert(std::size(kScoreSizes) == MF_SCORE_VERSION);
constexpr std::size_t kMetricsSizes[] = {sizeof(mf_score_metrics)};
static_assert(std::size(kMetricsSizes) == MF_SCORE_METRICS_VERSION);
constexpr std::size_t kRateSizes[] = {sizeof(mf_rate)};
static_assert(std::size(kRateSizes) == MF_RATE_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_SCORE_CALIBRATION_PLATT == static_cast<int>(mf::ScoreCalibration::kPlatt));
static_assert(MF_SCORE_FEATURE_NUMBER == static_cast<int>(mf::ScoreFeatureKind::kNumber));

std::vector<std::string> in_list(const char* const* items, std::size_t count, const char* what) {
  if (items == nullptr && count != 0)
    throw ArgumentError(MF_EINVAL, absl::StrCat(what, " is NULL but its count is ", count));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = absl::StrCat(what, "[", i, "]");
    if (items[i] == nullptr) throw ArgumentError(MF_EINVAL, name + " is NULL");
    out.emplace_back(in_str(items[i], std::strlen(items[i]), name.c_str()));
  }
  return out;
}

mf::ScoreFitOptions fit_options_arg(const mf_score_fit_options* opts) {
  const mf_score_fit_options o = read_options(opts, kFitDefaults, kFitSizes, "mf_score_fit_options");
  mf::ScoreFitOptions options;
  options.features = in_list(o.features, o.feature_count, "features");
  options.outcome = std::string(in_str(o.outcome, o.outcome_len, "outcome"));
  options.group_by = std::string(in_str(o.group_by, o.group_by_len, "group_by"));
  options.bins = o.bins;
  options.prior_weight = o.prior_weight;
  options.group_prior_weight = o.group_prior_weight;
  if (o.calibration < 0 || o.calibration > MF_SCORE_CALIBRATION_PLATT)
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown calibration ", o.calibration));
  options.calibration = static_cast<mf::ScoreCalibration>(o.calibration);
  options.folds = o.folds;
  options.seed = o.seed;
  options.max_levels = o.max_levels;
  options.threads = o.threads;
  return options;
}

mf::ScoreReportOptions report_options_arg(const mf_score_report_options* opts) {
  const mf_score_report_options o = read_options(opts, kReportDefaults, kReportSizes, "mf_score_report_options");
  mf::ScoreReportOptions options;
  options.bins = o.bins;
  options.min_sample = o.min_sample;
  options.threads = o.threads;
  return options;
}

const mf_score_model& model_arg(const mf_score_model* model) { return arg(model, "model"); }
const mf_score_set& set_arg(const mf_score_set* set) { return arg(set, "set"); }
const mf::ScoreReport& report_arg(const mf_score_report* report) { return arg(report, "report").report; }

void publish(mf_score_model** out, mf::LeadScoreModel model) {
  auto handle = std::make_unique<mf_score_model>(mf_score_model{model, labels_of(model)});
  *out = handle.release();
}

void publish(mf_text** out, std::string text) {
  auto owned = std::make_unique<mf_text>(mf_text{std::move(text)});
  *out = owned.release();
}

/// The C++ value of @p v, as the model reads it; MF_EINVAL for an unknown type.
mf::AttributeValue value_arg(const mf_value& v, const std::string& what) {
  if (!v.present) return std::monostate{};
  switch (v.type) {
    case MF_ATTR_STRING: return in_str(v.str.data, v.str.size, what.c_str());
    case MF_ATTR_INT64: return static_cast<std::int64_t>(v.i64);
    case MF_ATTR_DOUBLE: return v.f64;
    case MF_ATTR_BOOL: return v.i64 != 0;
    case MF_ATTR_TIMESTAMP: return mf::Timestamp::from_micros(v.i64);
    default: break;
  }
  throw ArgumentError(MF_EINVAL, absl::StrCat(what, ": unknown attribute type ", v.type));
}

mf_score_metrics to_c(const mf::ScoreMetrics& m) {
  mf_score_metrics out = MF_SCORE_METRICS_INIT;
  out.records = m.records;
  out.positives = m.positives;
  out.auc = m.auc;
  out.brier = m.brier;
  out.log_loss = m.log_loss;
  out.ece = m.ece;
  return out;
}

}  // namespace

extern "C" {

int mf_score_fit_options_init(mf_score_fit_options* opts, uint32_t version) {
  return guard("mf_score_fit_options_init",
               [&] { init_options(opts, version, kFitDefaults, kFitSizes, "mf_score_fit_options"); });
}

int mf_score_apply_options_init(mf_score_apply_options* opts, uint32_t version) {
  return guard("mf_score_apply_options_init",
               [&] { init_options(opts, version, kApplyDefaults, kApplySizes, "mf_score_apply_options"); });
}

int mf_score_report_options_init(mf_score_report_options* opts, uint32_t version) {
  return guard("mf_score_report_options_init",
               [&] { init_options(opts, version, kReportDefaults, kReportSizes, "mf_score_report_options"); });
}

int mf_score_fit(mf_score_model** out, const mf_dataset* data, const mf_graph* graph,
                 const mf_score_fit_options* opts) {
  return guard("mf_score_fit", [&] {
    arg(out, "out");
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    const mf::ScoreFitOptions options = fit_options_arg(opts);
    publish(out, unwrap(mf::score_fit(d.data, g.graph, options), MF_EINVAL));
  });
}

int mf_score_model_from_json(mf_score_model** out, const char* json, size_t json_len) {
  return guard("mf_score_model_from_json", [&] {
    arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    publish(out, unwrap(mf::LeadScoreModel::from_json(text), MF_EDATA));
  });
}

int mf_score_model_load_file(mf_score_model** out, const char* path, size_t path_len) {
  return guard("mf_score_model_load_file", [&] {
    arg(out, "out");
    const std::filesystem::path file(in_str(path, path_len, "path"));
    publish(out, unwrap(mf::LeadScoreModel::load_json_file(file), MF_EDATA));
  });
}

int mf_score_model_to_json(mf_text** out, const mf_score_model* model) {
  return guard("mf_score_model_to_json", [&] {
    arg(out, "out");
    publish(out, unwrap(model_arg(model).model.to_json(), MF_EINVAL));
  });
}

void mf_score_model_free(mf_score_model* model) { delete model; }

size_t mf_score_model_feature_count(const mf_score_model* model) {
  return model == nullptr ? 0 : model->labels->features.size() - 1;
}

int mf_score_model_feature(const mf_score_model* model, size_t index, mf_str* name, int32_t* kind) {
  return guard("mf_score_model_feature", [&] {
    const mf_score_model& m = model_arg(model);
    const std::size_t i = in_index(index, m.labels->features.size() - 1, "feature index");
    maybe_set(name, view_of(m.labels->features[i]));
    maybe_set(kind, static_cast<int32_t>(m.model.feature_kind(i)));
  });
}

int mf_score_model_group_by(const mf_score_model* model, mf_str* out) {
  return guard("mf_score_model_group_by", [&] {
    const mf_score_model& m = model_arg(model);
    arg(out, "out") = view_of(m.labels->features.back());
  });
}

int mf_score_apply(mf_score_set** out, const mf_score_model* model, const mf_dataset* data,
                   const mf_score_apply_options* opts) {
  return guard("mf_score_apply", [&] {
    arg(out, "out");
    const mf_score_model& m = model_arg(model);
    const mf_dataset& d = arg(data, "data");
    const mf_score_apply_options o = read_options(opts, kApplyDefaults, kApplySizes, "mf_score_apply_options");
    mf::ScoreApplyOptions options;
    options.top_factors = o.top_factors;
    options.threads = o.threads;
    auto set = std::make_unique<mf_score_set>(
        mf_score_set{m.model, d.data, unwrap(mf::score_apply(m.model, d.data, options), MF_EINVAL), m.labels});
    *out = set.release();
  });
}

int mf_score_record(mf_score_set** out, const mf_score_model* model, const mf_score_input* values, size_t count,
                    uint32_t top_factors) {
  return guard("mf_score_record", [&] {
    arg(out, "out");
    const mf_score_model& m = model_arg(model);
    if (values == nullptr && count != 0)
      throw ArgumentError(MF_EINVAL, absl::StrCat("values is NULL but its count is ", count));
    std::vector<mf::ScoreInput> in;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string what = absl::StrCat("values[", i, "]");
      const std::string_view attribute =
          in_str(values[i].attribute, values[i].attribute_len, (what + ".attribute").c_str());
      in.push_back({attribute, value_arg(values[i].value, what + ".value")});
    }
    auto set = std::make_unique<mf_score_set>(
        mf_score_set{m.model, std::nullopt, unwrap(mf::score_record(m.model, in, top_factors), MF_EINVAL), m.labels});
    *out = set.release();
  });
}

void mf_score_set_free(mf_score_set* set) { delete set; }

size_t mf_score_set_count(const mf_score_set* set) { return set == nullptr ? 0 : set->scores.rows.size(); }

int mf_score_set_row(const mf_score_set* set, size_t row, mf_score* out) {
  return guard("mf_score_set_row", [&] {
    const mf_score_set& s = set_arg(set);
    const VersionedOut<mf_score> writer(out, kScoreSizes, "mf_score");
    const mf::ScoreRow& r = s.scores.rows[in_index(row, s.scores.rows.size(), "row index")];
    mf_score c = MF_SCORE_INIT;
    c.record = r.record;
    c.probability = r.probability;
    c.low = r.low;
    c.high = r.high;
    c.raw_score = r.raw_score;
    c.factor_count = r.factor_count;
    writer.write(c);
  });
}

int mf_score_set_factor(const mf_score_set* set, size_t row, size_t factor, mf_str* feature, mf_str* value,
                        double* effect) {
  return guard("mf_score_set_factor", [&] {
    const mf_score_set& s = set_arg(set);
    const std::size_t r = in_index(row, s.scores.rows.size(), "row index");
    const auto factors = s.scores.factors_of(r);
    const mf::ScoreFactor& f = factors[in_index(factor, factors.size(), "factor index")];
    maybe_set(feature, view_of(s.labels->features.at(f.feature)));
    maybe_set(value, view_of(s.labels->levels.at(f.feature).at(f.level)));
    maybe_set(effect, f.effect);
  });
}

int mf_score_set_csv(mf_text** out, const mf_score_set* set) {
  return guard("mf_score_set_csv", [&] {
    arg(out, "out");
    const mf_score_set& s = set_arg(set);
    const mf::DataSet none;
    publish(out, unwrap(mf::score_csv(s.model, s.data ? *s.data : none, s.scores), MF_EINVAL));
  });
}

int mf_score_report_compute(mf_score_report** out, const mf_score_model* model, const mf_dataset* data,
                            const mf_graph* graph, const mf_score_report_options* opts) {
  return guard("mf_score_report_compute", [&] {
    arg(out, "out");
    const mf_score_model& m = model_arg(model);
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    const mf::ScoreReportOptions options = report_options_arg(opts);
    auto report = std::make_unique<mf_score_report>(
        mf_score_report{unwrap(mf::score_report(m.model, d.data, g.graph, options), MF_EINVAL)});
    *out = report.release();
  });
}

int mf_score_report_cross_validate(mf_score_report** out, const mf_dataset* data, const mf_graph* graph,
                                   const mf_score_fit_options* fit, const mf_score_report_options* opts) {
  return guard("mf_score_report_cross_validate", [&] {
    arg(out, "out");
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    const mf::ScoreFitOptions fit_options = fit_options_arg(fit);
    const mf::ScoreReportOptions options = report_options_arg(opts);
    auto report = std::make_unique<mf_score_report>(
        mf_score_report{unwrap(mf::score_cross_validate(d.data, g.graph, fit_options, options), MF_EINVAL)});
    *out = report.release();
  });
}

void mf_score_report_free(mf_score_report* report) { delete report; }

int mf_score_report_summary(const mf_score_report* report, int32_t* cross_validated, uint32_t* folds,
                            uint64_t* open) {
  return guard("mf_score_report_summary", [&] {
    const mf::ScoreReport& r = report_arg(report);
    maybe_set(cross_validated, r.cross_validated ? 1 : 0);
    maybe_set(folds, r.folds);
    maybe_set(open, r.open);
  });
}

int mf_score_report_metrics(const mf_score_report* report, int32_t plain_naive_bayes, mf_score_metrics* out) {
  return guard("mf_score_report_metrics", [&] {
    const mf::ScoreReport& r = report_arg(report);
    const VersionedOut<mf_score_metrics> writer(out, kMetricsSizes, "mf_score_metrics");
    if (plain_naive_bayes && !r.plain_naive_bayes)
      throw Failure(MF_ENOTFOUND, "mf_score_report_metrics: plain naive Bayes is only in a cross-validated report");
    writer.write(to_c(plain_naive_bayes ? *r.plain_naive_bayes : r.metrics));
  });
}

size_t mf_score_report_bin_count(const mf_score_report* report) {
  return report == nullptr ? 0 : report->report.calibration.size();
}

int mf_score_report_bin(const mf_score_report* report, size_t index, uint32_t* bin, double* min_probability,
                        double* max_probability, double* mean_probability, mf_rate* observed) {
  return guard("mf_score_report_bin", [&] {
    const auto& bins = report_arg(report).calibration;
    const mf::ScoreCalibrationBin& b = bins[in_index(index, bins.size(), "bin index")];
    if (observed != nullptr) {
      const VersionedOut<mf_rate> writer(observed, kRateSizes, "mf_rate");
      mf_rate r = MF_RATE_INIT;
      r.small_sample = b.observed.small_sample ? 1 : 0;
      r.numerator = b.observed.numerator;
      r.denominator = b.observed.denominator;
      r.value = b.observed.value;
      r.low = b.observed.low;
      r.high = b.observed.high;
      writer.write(r);
    }
    maybe_set(bin, b.bin);
    maybe_set(min_probability, b.min_probability);
    maybe_set(max_probability, b.max_probability);
    maybe_set(mean_probability, b.mean_probability);
  });
}

int mf_score_report_json(mf_text** out, const mf_score_report* report) {
  return guard("mf_score_report_json", [&] {
    arg(out, "out");
    publish(out, unwrap(mf::score_report_json(report_arg(report)), MF_EINVAL));
  });
}

}  // extern "C"
