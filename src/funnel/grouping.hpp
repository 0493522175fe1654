// Breakdown groups: each record's combination of `by` attribute values,
// numbered in report order (byte order for strings, numeric order for
// numbers, missing last).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"

namespace modelfunnel::internal::funnel {

struct RecordGroups {
  /// Key of each group: one text per attribute, nullopt when missing.
  std::vector<std::vector<std::optional<std::string>>> keys;

  /// The group of record @p r, in [0, keys.size()).
  std::uint32_t of(std::size_t r) const {
    if (codes) {
      const std::uint32_t c = (*codes)[r];
      return by_code[c == kMissingCode ? by_code.size() - 1 : c];
    }
    return of_record.empty() ? 0 : of_record[r];
  }

  // One string attribute (the common case) needs no per-record array: the
  // group comes from the record's dictionary code.
  const std::vector<std::uint32_t>* codes = nullptr;  ///< The column's codes, or null.
  std::vector<std::uint32_t> by_code;  ///< Code -> group; the last entry is for missing.
  /// Otherwise the group of each record (empty: every record in group 0).
  std::vector<std::uint32_t> of_record;
};

/// Groups the records of @p data by the attributes named in @p by (all
/// records in one group with an empty key when @p by is empty). Every
/// combination that occurs in the data is a group, whether or not a report
/// later counts anything in it.
/// @return InvalidArgument for an unknown or repeated attribute name.
absl::StatusOr<RecordGroups> group_records(const DataSetImpl& data,
                                           const std::vector<std::string>& by);

/// The value of column @p c at @p record as text (strings as stored,
/// integers in decimal, doubles shortest round-trip, bools true/false,
/// timestamps ISO 8601), or nullopt when missing.
std::optional<std::string> value_text(const Column& c, std::size_t record);

}  // namespace modelfunnel::internal::funnel
