// How the lead score reads a data set: each record's outcome (from its
// events and the stage graph), and each record's level of each feature and
// its group (from the attribute columns).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// A record's outcome.
enum Outcome : std::int8_t {
  kOpen = -1,     ///< Neither: left out of fitting and of reports.
  kNegative = 0,  ///< Reached a lost stage, and not the outcome.
  kPositive = 1,  ///< Reached the outcome stage (or a later main-path stage).
};

/// The outcome of every record of @p data: positive when it has an event at
/// @p outcome (empty: any won stage of @p graph) or at a main-path stage
/// after it; else negative when it has an event at a lost stage; else open.
/// @return InvalidArgument for an outcome stage @p graph lacks or that is
///   a lost stage.
absl::StatusOr<std::vector<std::int8_t>> record_outcomes(const DataSetImpl& data,
                                                         const StageGraph& graph,
                                                         const std::string& outcome,
                                                         unsigned threads);

/// The kind a column of type @p type is read as; InvalidArgument naming
/// @p name for a timestamp.
absl::StatusOr<ScoreFeatureKind> kind_of(std::string_view name, AttributeType type);

/// The column named @p name; InvalidArgument "unknown feature" (or, with
/// @p what = "group attribute", "unknown group attribute") otherwise.
absl::StatusOr<const Column*> find_column(const DataSetImpl& data, std::string_view name,
                                          std::string_view what = "feature");

/// Reads one feature's level of each record, as a global level code
/// (CountTables::offsets[f] + level), or kNoLevel for a value the model
/// has no level for.
struct Coder {
  const Column* column = nullptr;
  ScoreFeatureKind kind = ScoreFeatureKind::kCategory;
  std::uint32_t offset = 0;
  std::uint32_t unknown = 0;           // global code of the unknown level
  std::vector<std::uint32_t> by_code;  // kCategory: dictionary code -> global code
  const std::vector<double>* edges = nullptr;

  std::uint32_t code(std::uint32_t r) const {
    const Column& c = *column;
    switch (kind) {
      case ScoreFeatureKind::kCategory: {
        const std::uint32_t v = c.codes[r];
        return v == kMissingCode ? unknown : by_code[v];
      }
      case ScoreFeatureKind::kBool:
        return c.present[r] ? offset + c.bools[r] : unknown;
      case ScoreFeatureKind::kNumber: {
        if (!c.present[r]) return unknown;
        const double x = c.type == AttributeType::kDouble ? c.doubles[r]
                                                          : static_cast<double>(c.ints[r]);
        return number_code(x);
      }
    }
    return unknown;
  }
  /// The global code of number @p x (non-finite: unknown): how many edges
  /// lie below it. Counted without branches for the few edges models have
  /// (a binary search mispredicts on every other value), searched for many.
  std::uint32_t number_code(double x) const {
    if (!std::isfinite(x)) return unknown;
    const std::vector<double>& e = *edges;
    if (e.size() > 16) return offset + static_cast<std::uint32_t>(std::lower_bound(e.begin(), e.end(), x) - e.begin());
    std::uint32_t below = 0;
    for (double edge : e) below += edge < x ? 1 : 0;
    return offset + below;
  }
};

/// Reads each record's group: an index into ModelData::groups, or kNoGroup.
struct GroupCoder {
  const Column* column = nullptr;  // nullptr: no groups
  std::vector<std::uint32_t> by_code;
  std::uint32_t missing = kNoGroup;

  std::uint32_t code(std::uint32_t r) const {
    if (column == nullptr) return kNoGroup;
    const std::uint32_t v = column->codes[r];
    return v == kMissingCode ? missing : by_code[v];
  }
};

/// The coders of @p model's features over @p data's columns.
/// @return InvalidArgument for a feature @p data lacks or holds with a type
///   the model cannot read.
absl::StatusOr<std::vector<Coder>> feature_coders(const DataSetImpl& data, const ModelData& model,
                                                  const CountTables& shape);

/// The coder of @p model's groups over @p data (no groups: a coder giving
/// kNoGroup). InvalidArgument when @p data lacks the attribute or it is not
/// a string.
absl::StatusOr<GroupCoder> group_coder(const DataSetImpl& data, const ModelData& model);

/// The fold of the record with id @p id among @p folds under @p seed:
/// splitmix64(fnv1a64(id) xor splitmix64(seed)) mod folds, so it depends on
/// the id alone (docs/lead-score.md).
std::uint32_t fold_of(std::string_view id, std::uint64_t seed, std::uint32_t folds);

}  // namespace modelfunnel::internal::score
