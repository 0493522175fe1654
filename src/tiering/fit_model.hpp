// The fit model's data behind FitModel, and how one value becomes points.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "modelfunnel/tiering.hpp"

namespace modelfunnel::internal::tiering {

/// One bucket of a numeric attribute: values below `below` (and at or above
/// the previous bucket's) score `points`; the last bucket has no bound.
struct Bucket {
  std::optional<double> below;
  double points = 0;
};

struct Attribute {
  std::string name;
  std::string column;
  FitAttributeKind kind = FitAttributeKind::kCategorical;
  // kCategorical: points by normalised value (aliases resolved into it).
  absl::flat_hash_map<std::string, double> table;
  double other = 0;
  // kBuckets.
  std::vector<Bucket> buckets;
  // kLinear: p0 at or below x0, p1 at or above x1, a line between.
  double x0 = 0, p0 = 0, x1 = 0, p1 = 0;
  // kBoolean.
  double if_true = 0, if_false = 0;
  std::optional<double> missing_points;
  double min_points = 0, max_points = 0;
};

struct FitModelData {
  std::string id_column;
  std::vector<Attribute> attributes;
  std::vector<TierDefinition> tiers;
  WhileUncertain while_uncertain = WhileUncertain::kLowest;
  double stability_margin = 0;
  std::string rollup_column;
  std::string territory_column;
  std::string owner_column;
  /// One per tier, in tier order: the defaults of default_play() with the
  /// model's `plays` applied key by key.
  std::vector<TierPlay> plays;
  /// The file's JSON (comments stripped), for learn_weights() to rewrite.
  std::string json;
};

/// The play for a tier named A, B or C; for another name, a play
/// that asks for nothing.
TierPlay default_play(const std::string& tier);

/// A categorical value as the table keys it: ASCII letters lowered, spaces
/// at either end and runs of inner spaces folded to one, so "  Software",
/// "software" and "SOFTWARE" are the same value.
std::string normalise(std::string_view value);
/// Whether @p value is blank (empty or only spaces and tabs): missing.
bool is_blank(std::string_view value);

/// Why a value could not be read: a rule id and a sentence.
struct ValueError {
  std::string rule;
  std::string message;
};

/// The points @p a gives @p value: nullopt when blank (missing). Sets
/// @p error and returns nullopt for a value it cannot read. @p scratch is
/// reused between calls to keep the hot loop free of allocations.
std::optional<double> points_of(const Attribute& a, std::string_view value, std::string& scratch,
                                ValueError& error);

/// The points a numeric attribute (kBuckets or kLinear) gives the number
/// @p x: what points_of() gives its text.
double number_points(const Attribute& a, double x);

}  // namespace modelfunnel::internal::tiering
