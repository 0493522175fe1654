// read_csv_columns(): a CSV file into columns through the loaders' reader
// (so its dialect and error locations are read_csv_table()'s), then each
// column typed on its own: numbers, distinct values, sorted or not.
#include "modelfunnel/csv_columns.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "ingest/csv_reader.hpp"
#include "util/no_throw.hpp"
#include "util/parallel.hpp"
#include "util/plain_number.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

bool blank_char(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank_char(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank_char(s.back())) s.remove_suffix(1);
  return s;
}

/// What reading finds in a column whose texts are in place: numbers when
/// every cell reads as one, distinct values when there are few, and
/// whether the trimmed cells increase. Each stops looking at the first
/// cell that rules it out.
void type_column(CsvColumn& c) {
  const std::size_t n = c.end.size();
  bool numeric = n > 0;
  c.numbers.clear();
  if (numeric) c.numbers.resize(n);
  for (std::size_t r = 0; r < n && numeric; ++r) {
    const std::string_view v = trim(c.cell(r));
    if (v.empty()) {
      c.numbers[r] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const std::optional<double> x = internal::plain_number(v);
    if (!x) numeric = false;
    else c.numbers[r] = *x;
  }
  if (!numeric) std::vector<double>().swap(c.numbers);

  // Distinct cells, by first appearance; a run of the same cell is one
  // comparison, not a hash.
  c.values.clear();
  c.codes.assign(n, 0);
  absl::flat_hash_map<std::string_view, std::uint32_t> seen;
  std::vector<std::string_view> views;
  bool few = true;
  for (std::size_t r = 0; r < n && few; ++r) {
    const std::string_view v = c.cell(r);
    if (r > 0 && v == views[c.codes[r - 1]]) {
      c.codes[r] = c.codes[r - 1];
      continue;
    }
    const auto [it, added] = seen.try_emplace(v, static_cast<std::uint32_t>(views.size()));
    if (added) {
      if (views.size() == CsvColumn::kMaxDistinct) {
        few = false;
        break;
      }
      views.push_back(v);
    }
    c.codes[r] = it->second;
  }
  if (few) {
    c.values.assign(views.begin(), views.end());
  } else {
    std::vector<std::uint32_t>().swap(c.codes);
  }

  // Spaces around a cell: its first and last byte. Increasing: compared
  // with the cell above only while every cell so far was.
  c.trimmed = true;
  for (std::size_t r = 0, begin = 0; r < n && c.trimmed; begin = c.end[r++])
    if (c.end[r] > begin && (blank_char(c.text[begin]) || blank_char(c.text[c.end[r] - 1]))) c.trimmed = false;
  c.increasing = n > 0;
  std::string_view previous;
  for (std::size_t r = 0; r < n && c.increasing; ++r) {
    const std::string_view v = trim(c.cell(r));
    if (v.empty() || (r > 0 && !(previous < v))) c.increasing = false;
    previous = v;
  }
}

/// Types every column, on up to @p threads threads (one column each).
void type_columns(CsvColumns& table, unsigned threads) {
  internal::parallel_for(internal::resolve_threads(threads), table.columns.size(),
                         [&](std::size_t i) { type_column(table.columns[i]); });
}

absl::StatusOr<CsvColumns> read_all(absl::StatusOr<std::unique_ptr<internal::CsvReader>> reader, unsigned threads) {
  if (!reader.ok()) return reader.status();
  CsvColumns table;
  table.name = (*reader)->name();
  for (const std::string& h : (*reader)->header()) table.columns.emplace_back().name = h;
  // The file's size over its columns: a first guess at each one's text.
  if (const std::uint64_t total = (*reader)->total_bytes(); total > 0 && !table.columns.empty())
    for (CsvColumn& c : table.columns) c.text.reserve(total / table.columns.size());
  const absl::Status read = (*reader)->read_every_row([&](const internal::CsvRow& r) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      CsvColumn& c = table.columns[i];
      c.text.append(r.fields[i]);
      c.end.push_back(c.text.size());
    }
    table.lines.push_back(r.line);
  });
  if (!read.ok()) return read;
  for (CsvColumn& c : table.columns) c.text.shrink_to_fit();
  type_columns(table, threads);
  return table;
}

}  // namespace

const CsvColumn* CsvColumns::column(std::string_view column_name) const {
  for (const CsvColumn& c : columns)
    if (c.name == column_name) return &c;
  return nullptr;
}

std::optional<std::size_t> CsvColumns::column_index(std::string_view column_name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column_name) return i;
  return std::nullopt;
}

std::string CsvColumns::where(std::size_t row, std::size_t field) const {
  const std::int64_t line = row < lines.size() ? lines[row] : 0;
  return absl::StrCat(name, ":", line, ":", field + 1);
}

absl::StatusOr<CsvColumns> read_csv_columns(const std::filesystem::path& path, unsigned threads) {
  return internal::no_throw("read_csv_columns",
                            [&]() { return read_all(internal::CsvReader::open(path), threads); });
}

absl::StatusOr<CsvColumns> parse_csv_columns(std::string text, std::string name, unsigned threads) {
  return internal::no_throw("parse_csv_columns", [&]() {
    return read_all(internal::CsvReader::from_string(std::move(text), std::move(name)), threads);
  });
}

absl::StatusOr<CsvColumns> csv_columns_from(const CsvTable& table, unsigned threads) {
  return internal::no_throw("csv_columns_from", [&]() -> absl::StatusOr<CsvColumns> {
    CsvColumns out;
    out.name = table.name;
    if (table.lines.size() != table.rows.size())
      return absl::InvalidArgumentError(absl::StrCat(table.name, ": ", table.rows.size(), " rows but ",
                                                     table.lines.size(), " line numbers"));
    for (const std::string& h : table.header) out.columns.emplace_back().name = h;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (table.rows[r].size() != table.header.size())
        return absl::InvalidArgumentError(absl::StrCat(table.name, ":", table.lines[r], ": csv.field_count: expected ",
                                                       table.header.size(), " fields (as in the header), found ",
                                                       table.rows[r].size()));
      for (std::size_t i = 0; i < out.columns.size(); ++i) {
        out.columns[i].text.append(table.rows[r][i]);
        out.columns[i].end.push_back(out.columns[i].text.size());
      }
    }
    out.lines = table.lines;
    type_columns(out, threads);
    return out;
  });
}

absl::StatusOr<CsvTable> to_csv_table(const CsvColumns& columns) {
  return internal::no_throw("to_csv_table", [&]() -> absl::StatusOr<CsvTable> {
    CsvTable out;
    out.name = columns.name;
    const std::size_t n = columns.rows();
    for (const CsvColumn& c : columns.columns) {
      if (c.end.size() != n)
        return absl::InvalidArgumentError(absl::StrCat(columns.name, ": column \"", c.name, "\" has ", c.end.size(),
                                                       " cells for ", n, " rows"));
      out.header.push_back(c.name);
    }
    out.rows.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      out.rows[r].reserve(columns.columns.size());
      for (const CsvColumn& c : columns.columns) out.rows[r].emplace_back(c.cell(r));
    }
    out.lines = columns.lines;
    return out;
  });
}

}  // namespace modelfunnel
