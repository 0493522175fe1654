// The calibration report: how well probabilities match outcomes (AUC,
// Brier score, log loss, expected calibration error, the table by bin of
// predicted probability), for a model on a data set or cross-validated.
#pragma once

#include <cstdint>
#include <span>

#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"
#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// The metrics and calibration table of predictions @p p against outcomes
/// @p positive (same length). Predictions are ranked by (p, position), so
/// bins split ties the same way every time.
void evaluate(std::span<const double> p, std::span<const std::uint8_t> positive,
              const ScoreReportOptions& options, ScoreMetrics& metrics,
              std::vector<ScoreCalibrationBin>& bins);

/// Checks the report options.
absl::Status check_report_options(const ScoreReportOptions& options);

absl::StatusOr<ScoreReport> report_model(const Model& model, const DataSetImpl& data,
                                         const StageGraph& graph, const ScoreReportOptions& options);

absl::StatusOr<ScoreReport> cross_validate(const DataSetImpl& data, const StageGraph& graph,
                                           const ScoreFitOptions& fit, const ScoreReportOptions& options);

/// The seed of the outer folds of cross_validate() for fit seed @p seed:
/// different from the calibration's inner folds.
inline std::uint64_t outer_seed(std::uint64_t seed) { return seed ^ 0x6F75746572666F6Cull; }

}  // namespace modelfunnel::internal::score
