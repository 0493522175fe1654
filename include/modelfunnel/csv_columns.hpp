/// @file csv_columns.hpp
/// @brief A CSV file read into columns, typed while it is read: each
/// column's texts one after the other, its numbers when every cell is one,
/// and its distinct values when it has few.
///
/// What the tiering engine reads millions of accounts from
/// (tier_accounts(const CsvColumns&, …)): a column of numbers is parsed once,
/// on reading, rather than cell by cell while scoring, a column of a dozen
/// sectors is scored once per sector and looked up per row, and whether a
/// column's values increase down the file (ids, as exports often give them)
/// is known from the read. The dialect, and the errors of a malformed
/// file, are read_csv_table()'s (the same reader): a file that reads as a
/// CsvTable reads as CsvColumns holding the same texts, and back
/// (to_csv_table()).
///
/// @code
/// auto accounts = modelfunnel::read_csv_columns("accounts.csv");
/// if (!accounts.ok()) return accounts.status();   // "accounts.csv:7:3: csv.quote: …"
/// const modelfunnel::CsvColumn* employees = accounts->column("employees");
/// if (employees && !employees->numbers.empty()) use(employees->numbers);  // NaN: blank
/// @endcode
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/csv_table.hpp"

namespace modelfunnel {

/// One column of a CsvColumns: every cell's text, and what reading found in it.
struct CsvColumn {
  std::string name;  ///< Its header name.
  /// Every cell's text as in the file (unquoted), one after the other.
  std::string text;
  /// Where row r's cell ends in text (it starts where row r − 1's ends).
  std::vector<std::uint64_t> end;
  /// When every cell is blank (empty or spaces and tabs) or a number (a
  /// plain decimal or exponent form, one leading `+`, spaces around it
  /// ignored; not `nan` or `inf`): each row's number, NaN for a blank.
  /// Empty otherwise (some cell is text, or there are no rows).
  std::vector<double> numbers;
  /// When the column has at most kMaxDistinct different cells: them, in
  /// order of first appearance (as in the file, spaces kept), and each
  /// row's index into them. Both empty otherwise.
  std::vector<std::string> values;
  std::vector<std::uint32_t> codes;  ///< Per row, an index into values (see there).
  /// Every cell, spaces and tabs at either end left out, is not blank and
  /// comes after the one above it in byte order: unique and sorted.
  bool increasing = false;
  /// No cell starts or ends with a space or a tab.
  bool trimmed = true;

  /// The most distinct cells a column keeps as values and codes.
  static constexpr std::size_t kMaxDistinct = 65536;

  /// Row @p r's text. @pre r < end.size()
  std::string_view cell(std::size_t r) const {
    const std::size_t begin = r == 0 ? 0 : end[r - 1];
    return std::string_view(text).substr(begin, end[r] - begin);
  }
};

/// A CSV file's columns (see the file's brief).
struct CsvColumns {
  std::string name;                 ///< The path (or name) read, used in messages.
  std::vector<CsvColumn> columns;   ///< In file order.
  std::vector<std::int64_t> lines;  ///< 1-based line where each row starts.

  /// Data rows.
  std::size_t rows() const { return lines.size(); }
  /// The column called @p column_name, if the header has one (nullptr otherwise).
  const CsvColumn* column(std::string_view column_name) const;
  /// The index of the column called @p column_name, if any.
  std::optional<std::size_t> column_index(std::string_view column_name) const;
  /// `name:line:column` of field @p field of row @p row (both 0-based), for
  /// error messages (as CsvTable::where()).
  std::string where(std::size_t row, std::size_t field) const;
};

/// Reads the CSV file at @p path (a header row, then data rows) into
/// columns, with @p threads for typing them (0: all the hardware has; the
/// result does not depend on it).
/// @return as read_csv_table(): NotFound / PermissionDenied for a file that
///   cannot be opened; InvalidArgument `path:line:column: rule: message`
///   for the first malformed row — nothing is returned then.
absl::StatusOr<CsvColumns> read_csv_columns(const std::filesystem::path& path, unsigned threads = 0);
/// Same, over @p text held in memory; @p name is used in messages.
absl::StatusOr<CsvColumns> parse_csv_columns(std::string text, std::string name, unsigned threads = 0);
/// The columns of @p table, typed as read_csv_columns() types a file: for
/// data already held as rows (or built row by row).
/// @return InvalidArgument for a row whose field count is not the header's.
absl::StatusOr<CsvColumns> csv_columns_from(const CsvTable& table, unsigned threads = 0);
/// The rows of @p columns: the CsvTable read_csv_table() returns for the
/// same file.
absl::StatusOr<CsvTable> to_csv_table(const CsvColumns& columns);

}  // namespace modelfunnel
