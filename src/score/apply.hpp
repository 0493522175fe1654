// Scoring records with a model: each record's level codes and group, its
// raw log-odds, the calibrated probability and interval, and its top factors.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"
#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// Scores @p records of @p data (every record when empty) with @p model,
/// keeping @p top_factors factors each (at most 16).
absl::StatusOr<LeadScores> apply_model(const Model& model, const DataSetImpl& data,
                                       std::span<const std::uint32_t> records,
                                       std::uint32_t top_factors, unsigned threads);

/// The calibrated probability of @p records of @p data (every record when empty).
absl::StatusOr<std::vector<double>> model_probabilities(const Model& model, const DataSetImpl& data,
                                                        std::span<const std::uint32_t> records,
                                                        unsigned threads);

/// Scores one record given as attribute values.
absl::StatusOr<LeadScores> apply_to_values(const Model& model, std::span<const ScoreInput> values,
                                           std::uint32_t top_factors);

}  // namespace modelfunnel::internal::score
