// csv_input.hpp — reading the tiering engine's CSV inputs (accounts,
// contacts, activities, deals, pins, reps): trimming, the located error of
// a bad cell, and the error of a missing column, worded alike whichever
// input they come from.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "modelfunnel/csv_table.hpp"

namespace modelfunnel::internal::tiering {

inline absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

/// @p s without leading and trailing blanks and tabs.
inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// `file:line:column: field 'f': rule: message` for the cell at @p row, @p column.
inline absl::Status located(const CsvTable& table, std::size_t row, std::size_t column, std::string_view rule,
                            std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(table.where(row, column), ": field '", av(table.header[column]),
                                                 "': ", av(rule), ": ", av(message)));
}

/// The index of column @p name, or `file:1: rule: no column "name" (why)`.
inline absl::StatusOr<std::size_t> need_column(const CsvTable& table, std::string_view name, std::string_view rule,
                                               std::string_view why) {
  const auto c = table.column(name);
  if (!c)
    return absl::InvalidArgumentError(
        absl::StrCat(table.name, ":1: ", av(rule), ": no column \"", av(name), "\" (", av(why), ")"));
  return *c;
}

}  // namespace modelfunnel::internal::tiering
