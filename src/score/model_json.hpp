// The model file: a model's data as versioned JSON (docs/lead-score.md has
// the schema), and back. Reading checks every rule — strict keys, no
// duplicate keys, types, ranges, and that the counts add up — and names the
// JSON path of the first problem, so a hand-edited or damaged file is
// refused with a message that says where, never half-read.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// The `format` every model file carries.
inline constexpr std::string_view kModelFormat = "modelfunnel.lead_score";
/// The model file version this library writes and reads.
inline constexpr int kModelVersion = 1;

/// @p model as the model file.
std::string model_to_json(const ModelData& model);

/// Parses a model file. Throws nothing for bad input: InvalidArgument with
/// `<JSON path>: <problem>`, or `line L, column C: <problem>` for syntax.
absl::StatusOr<ModelData> model_from_json(std::string_view json);

}  // namespace modelfunnel::internal::score
