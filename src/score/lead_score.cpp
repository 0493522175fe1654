// The public lead score API: each entry point runs through no_throw() and
// hands its work to the internal parts (fit, apply, report, model_json).
#include "modelfunnel/lead_score.hpp"

#include <cerrno>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/dataset_impl.hpp"
#include "score/apply.hpp"
#include "score/data.hpp"
#include "score/fit.hpp"
#include "score/model_json.hpp"
#include "score/report.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {

namespace internal::score {

LeadScoreModel ModelAccess::make(Model model) {
  return LeadScoreModel(std::make_shared<const Model>(std::move(model)));
}

}  // namespace internal::score

using internal::DataSetAccess;
using internal::no_throw;
using internal::score::Model;
using internal::score::ModelAccess;

std::string_view to_string(ScoreCalibration calibration) {
  switch (calibration) {
    case ScoreCalibration::kIsotonic: return "isotonic";
    case ScoreCalibration::kPlatt: return "platt";
  }
  return "unknown";
}

std::string_view to_string(ScoreFeatureKind kind) {
  switch (kind) {
    case ScoreFeatureKind::kCategory: return "category";
    case ScoreFeatureKind::kBool: return "bool";
    case ScoreFeatureKind::kNumber: return "number";
  }
  return "unknown";
}

LeadScoreModel::LeadScoreModel(std::shared_ptr<const internal::score::Model> impl) : impl_(std::move(impl)) {}

absl::StatusOr<LeadScoreModel> LeadScoreModel::from_json(std::string_view json) {
  return no_throw("LeadScoreModel::from_json", [&]() -> absl::StatusOr<LeadScoreModel> {
    absl::StatusOr<internal::score::ModelData> data = internal::score::model_from_json(json);
    if (!data.ok()) return data.status();
    return ModelAccess::make(internal::score::make_model(*std::move(data)));
  });
}

absl::StatusOr<LeadScoreModel> LeadScoreModel::load_json_file(const std::filesystem::path& path) {
  return no_throw("LeadScoreModel::load_json_file", [&]() -> absl::StatusOr<LeadScoreModel> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::ErrnoToStatus(errno, absl::StrCat(path.string(), ": cannot open"));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return absl::ErrnoToStatus(errno, absl::StrCat(path.string(), ": cannot read"));
    absl::StatusOr<LeadScoreModel> model = from_json(text.str());
    if (model.ok()) return model;
    return absl::Status(model.status().code(), absl::StrCat(path.string(), ": ", model.status().message()));
  });
}

absl::StatusOr<std::string> LeadScoreModel::to_json() const {
  return no_throw("LeadScoreModel::to_json",
                  [&]() -> absl::StatusOr<std::string> { return internal::score::model_to_json(impl_->data); });
}

std::vector<std::string> LeadScoreModel::features() const {
  std::vector<std::string> names;
  for (const auto& f : impl_->data.features) names.push_back(f.name);
  return names;
}

ScoreFeatureKind LeadScoreModel::feature_kind(std::size_t i) const { return impl_->data.features[i].kind; }
const std::string& LeadScoreModel::group_by() const { return impl_->data.settings.group_by; }
const std::string& LeadScoreModel::outcome() const { return impl_->data.settings.outcome; }
ScoreCalibration LeadScoreModel::calibration() const { return impl_->data.settings.calibration; }
std::uint64_t LeadScoreModel::positives() const { return impl_->data.total.positives; }
std::uint64_t LeadScoreModel::negatives() const {
  return impl_->data.total.closed - impl_->data.total.positives;
}
double LeadScoreModel::base_rate() const {
  return (static_cast<double>(positives()) + 1) / (static_cast<double>(impl_->data.total.closed) + 2);
}

std::vector<ScoreLevel> LeadScoreModel::levels() const {
  const Model& m = *impl_;
  std::vector<ScoreLevel> out;
  for (std::size_t f = 0; f < m.data.features.size(); ++f) {
    const auto& feature = m.data.features[f];
    for (std::uint32_t l = 0; l < feature.level_count(); ++l) {
      ScoreLevel level;
      level.feature = feature.name;
      level.label = feature.label(l);
      level.unknown = l == feature.unknown_level();
      level.closed = m.data.levels[f][l].closed;
      level.positives = m.data.levels[f][l].positives;
      level.effect = m.effects.pooled[m.counts.offsets[f] + l];
      level.win_rate = 1 / (1 + std::exp(-(m.effects.base + level.effect)));
      out.push_back(std::move(level));
    }
  }
  return out;
}

std::vector<ScoreGroup> LeadScoreModel::groups() const {
  const Model& m = *impl_;
  std::vector<ScoreGroup> out;
  for (std::size_t g = 0; g < m.data.groups.size(); ++g) {
    const auto& group = m.data.groups[g];
    ScoreGroup row;
    row.value = group.value;
    row.closed = group.total.closed;
    row.positives = group.total.positives;
    row.win_rate = 1 / (1 + std::exp(-(m.effects.base + m.effects.group_shift[g])));
    row.own_weight = static_cast<double>(row.closed) /
                     (static_cast<double>(row.closed) + m.data.settings.group_prior_weight);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<ScoreCalibrationPoint> LeadScoreModel::calibration_points() const {
  const Model& m = *impl_;
  std::vector<ScoreCalibrationPoint> out;
  if (m.curve.method == ScoreCalibration::kPlatt) {
    // The curve is a formula: show it at whole raw scores from -5 to 5.
    for (int raw = -5; raw <= 5; ++raw) {
      const auto v = m.curve(raw);
      out.push_back({static_cast<double>(raw), v.probability, v.low, v.high, 0, 0});
    }
    return out;
  }
  for (std::size_t i = 0; i < m.data.blocks.size(); ++i) {
    const auto& b = m.data.blocks[i];
    out.push_back({m.curve.x[i], m.curve.p[i], m.curve.low[i], m.curve.high[i], b.counts.closed,
                   b.counts.positives});
  }
  return out;
}

std::string LeadScoreModel::level_label(std::size_t feature, std::size_t level) const {
  const auto& d = impl_->data;
  if (feature < d.features.size()) return d.features[feature].label(static_cast<std::uint32_t>(level));
  if (feature == d.features.size() && level < d.groups.size())
    return d.groups[level].value.value_or("(unknown)");
  return {};
}

absl::StatusOr<LeadScoreModel> score_fit(const DataSet& data, const StageGraph& graph,
                                         const ScoreFitOptions& options) {
  return no_throw("score_fit", [&]() -> absl::StatusOr<LeadScoreModel> {
    if (absl::Status s = internal::score::check_fit_options(options); !s.ok()) return s;
    const internal::DataSetImpl& impl = DataSetAccess::impl(data);
    absl::StatusOr<std::vector<std::int8_t>> outcomes =
        internal::score::record_outcomes(impl, graph, options.outcome, options.threads);
    if (!outcomes.ok()) return outcomes.status();
    std::vector<std::uint32_t> closed;
    for (std::uint32_t r = 0; r < outcomes->size(); ++r)
      if ((*outcomes)[r] != internal::score::kOpen) closed.push_back(r);
    absl::StatusOr<Model> model = internal::score::fit_model(impl, options, *outcomes, closed);
    if (!model.ok()) return model.status();
    return ModelAccess::make(*std::move(model));
  });
}

absl::StatusOr<LeadScores> score_apply(const LeadScoreModel& model, const DataSet& data,
                                       const ScoreApplyOptions& options) {
  return no_throw("score_apply", [&] {
    return internal::score::apply_model(ModelAccess::model(model), DataSetAccess::impl(data), {},
                                        options.top_factors, options.threads);
  });
}

absl::StatusOr<std::vector<double>> score_probabilities(const LeadScoreModel& model, const DataSet& data,
                                                        unsigned threads) {
  return no_throw("score_probabilities", [&] {
    return internal::score::model_probabilities(ModelAccess::model(model), DataSetAccess::impl(data), {},
                                                threads);
  });
}

absl::StatusOr<LeadScores> score_record(const LeadScoreModel& model, std::span<const ScoreInput> values,
                                        std::uint32_t top_factors) {
  return no_throw("score_record", [&] {
    return internal::score::apply_to_values(ModelAccess::model(model), values, top_factors);
  });
}

absl::StatusOr<ScoreReport> score_report(const LeadScoreModel& model, const DataSet& data,
                                         const StageGraph& graph, const ScoreReportOptions& options) {
  return no_throw("score_report", [&] {
    return internal::score::report_model(ModelAccess::model(model), DataSetAccess::impl(data), graph, options);
  });
}

absl::StatusOr<ScoreReport> score_cross_validate(const DataSet& data, const StageGraph& graph,
                                                 const ScoreFitOptions& fit, const ScoreReportOptions& options) {
  return no_throw("score_cross_validate", [&] {
    return internal::score::cross_validate(DataSetAccess::impl(data), graph, fit, options);
  });
}

}  // namespace modelfunnel
