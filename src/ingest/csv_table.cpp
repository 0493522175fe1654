// read_csv_table(): a whole small CSV file as strings, through the loaders'
// reader so that its dialect and error locations are theirs.
#include "modelfunnel/csv_table.hpp"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ingest/csv_reader.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

absl::StatusOr<CsvTable> read_all(absl::StatusOr<std::unique_ptr<internal::CsvReader>> reader) {
  if (!reader.ok()) return reader.status();
  CsvTable table;
  table.name = (*reader)->name();
  table.header = (*reader)->header();
  const absl::Status read = (*reader)->read_every_row([&](const internal::CsvRow& r) {
    table.rows.emplace_back(r.fields.begin(), r.fields.end());
    table.lines.push_back(r.line);
  });
  if (!read.ok()) return read;
  return table;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view column_name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == column_name) return i;
  return std::nullopt;
}

std::string CsvTable::where(std::size_t row, std::size_t field) const {
  const std::int64_t line = row < lines.size() ? lines[row] : 0;
  return absl::StrCat(name, ":", line, ":", field + 1);
}

absl::StatusOr<CsvTable> read_csv_table(const std::filesystem::path& path) {
  return internal::no_throw("read_csv_table",
                            [&]() { return read_all(internal::CsvReader::open(path)); });
}

absl::StatusOr<CsvTable> parse_csv_table(std::string text, std::string name) {
  return internal::no_throw("parse_csv_table", [&]() {
    return read_all(internal::CsvReader::from_string(std::move(text), std::move(name)));
  });
}

}  // namespace modelfunnel
