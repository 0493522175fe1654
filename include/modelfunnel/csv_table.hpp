/// @file csv_table.hpp
/// @brief A small CSV file read whole into strings, with every row's line.
///
/// For inputs that are plain tables rather than a mapped data set (the
/// accounts, pins and reps files of tiering): read by the same RFC 4180
/// reader as load(), so the dialect and the error locations are the same.
///
/// @code
/// auto table = modelfunnel::read_csv_table("accounts.csv");
/// if (!table.ok()) return table.status();   // "accounts.csv:7:3: csv.quote: …"
/// auto sector = table->column("sector");    // index, if the header has it
/// for (std::size_t r = 0; r < table->rows.size(); ++r) use(table->rows[r][*sector]);
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace modelfunnel {

/// A CSV file's header and rows, as text.
struct CsvTable {
  std::string name;                 ///< The path (or name) read, used in messages.
  std::vector<std::string> header;  ///< Column names, in file order.
  /// Data rows; every row has header.size() fields.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;  ///< 1-based line where each row starts.

  /// The index of the column called @p column_name, if the header has one.
  std::optional<std::size_t> column(std::string_view column_name) const;
  /// `name:line:column` of field @p field of row @p row (both 0-based), for
  /// error messages.
  std::string where(std::size_t row, std::size_t field) const;
};

/// Reads the CSV file at @p path (a header row, then data rows).
/// @return NotFound / PermissionDenied for a file that cannot be opened;
///   InvalidArgument `path:line:column: rule: message` for the first
///   malformed row (rules as load()'s: csv.quote, csv.invalid_utf8,
///   csv.field_count, csv.unterminated_quote, csv.header) — nothing is
///   returned then.
absl::StatusOr<CsvTable> read_csv_table(const std::filesystem::path& path);
/// Same, over @p text held in memory; @p name is used in messages.
absl::StatusOr<CsvTable> parse_csv_table(std::string text, std::string name);

}  // namespace modelfunnel
