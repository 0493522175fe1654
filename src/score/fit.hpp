// Fitting a lead score model: options checked against the data set, levels
// and bins from the fitted records, counts per fold, out-of-fold raw
// scores, and the calibration fitted on them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"
#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// Checks what can be checked of @p options without data (ranges, repeats).
absl::Status check_fit_options(const ScoreFitOptions& options);

/// Fits a model on @p records of @p data (indexes of closed records, in
/// ascending order) whose outcomes are @p outcomes (one per record of
/// @p data). @p options must have passed check_fit_options().
/// @return InvalidArgument for features or a group attribute the data set
///   lacks or holds with the wrong type, too many category values or group
///   cells; FailedPrecondition without a positive or a negative.
absl::StatusOr<Model> fit_model(const DataSetImpl& data, const ScoreFitOptions& options,
                                std::span<const std::int8_t> outcomes,
                                std::span<const std::uint32_t> records);

}  // namespace modelfunnel::internal::score
