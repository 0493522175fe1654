// The two ways accounts come into tier_accounts(): rows of text (CsvTable)
// and typed columns (CsvColumns). The engine (tier.cpp) runs one algorithm
// over either through the same few calls — a cell's text, a column by
// name, a located error, and the points of a block of rows — so that both
// give the same tiers, scores and errors; only the scoring differs: a
// CsvTable's cells are read one by one, CsvColumns' numbers were parsed on
// reading and their few distinct values are scored once each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "tiering/fit_model.hpp"

namespace modelfunnel::internal::tiering {

/// The first value of a block of rows that could not be read: by row, then
/// by attribute (the order in which one pass over the rows meets them).
struct BadValue {
  std::size_t row = SIZE_MAX, column = 0;
  ValueError error;
};

/// Accounts as rows of text.
class CsvTableInput {
 public:
  explicit CsvTableInput(const CsvTable& table) : t_(table) {}
  std::size_t rows() const { return t_.rows.size(); }
  std::string_view cell(std::size_t row, std::size_t column) const { return t_.rows[row][column]; }
  std::int64_t line(std::size_t row) const { return t_.lines[row]; }
  /// Whether column @p column's trimmed cells are known to increase (never here).
  bool increasing(std::size_t) const { return false; }
  /// Sets @p text and @p end to column @p column's cells one after the
  /// other (as TieringColumns holds the ids) when they are held so, without
  /// spaces around any; false otherwise (never here).
  bool ids_as_read(std::size_t, std::string&, std::vector<std::uint32_t>&) const { return false; }
  absl::StatusOr<std::size_t> need_column(std::string_view name, std::string_view rule, std::string_view why) const;
  absl::Status located(std::size_t row, std::size_t column, std::string_view rule, std::string_view message) const;
  /// Fills points[r * na + a] (NaN: missing) for rows [begin, end) and the
  /// attributes read from @p columns; returns the first bad value (row
  /// SIZE_MAX: none; rows after it may be left unfilled).
  BadValue score(const FitModelData& m, const std::vector<std::size_t>& columns, std::size_t begin,
                 std::size_t end, double* points) const;

 private:
  const CsvTable& t_;
};

/// Accounts as typed columns.
class CsvColumnsInput {
 public:
  /// Points per distinct value are worked out here, once, for the
  /// attributes that read a column of few values.
  CsvColumnsInput(const CsvColumns& columns, const FitModelData& m);
  std::size_t rows() const { return c_.rows(); }
  std::string_view cell(std::size_t row, std::size_t column) const { return c_.columns[column].cell(row); }
  std::int64_t line(std::size_t row) const { return c_.lines[row]; }
  bool increasing(std::size_t column) const { return c_.columns[column].increasing; }
  bool ids_as_read(std::size_t column, std::string& text, std::vector<std::uint32_t>& end) const;
  absl::StatusOr<std::size_t> need_column(std::string_view name, std::string_view rule, std::string_view why) const;
  absl::Status located(std::size_t row, std::size_t column, std::string_view rule, std::string_view message) const;
  /// As CsvTableInput::score(), column by column.
  BadValue score(const FitModelData& m, const std::vector<std::size_t>& columns, std::size_t begin,
                 std::size_t end, double* points) const;
  /// Checks that every column has a cell per row, and that the columns
  /// @p m reads are whole (cell ends in order within the text, codes among
  /// the values): CsvColumns may be built by hand.
  absl::Status check(const FitModelData& m) const;

 private:
  /// The points of each distinct value of the column an attribute reads
  /// (NaN: missing), and the error of a value that cannot be read.
  struct ValuePoints {
    bool ready = false;
    std::vector<double> points;
    std::vector<ValueError> errors;  // empty when every value reads
  };
  const CsvColumns& c_;
  std::vector<ValuePoints> by_value_;  // per attribute
};

}  // namespace modelfunnel::internal::tiering
