// What commands print, independent of how: a Report is a list of named
// tables plus remarks for people; print() renders it as aligned text tables
// for humans, or as CSV or JSON for machines. Commands build a Report and
// never format by hand, so a new section (e.g. the funnel report) is one
// more Table and appears in every format at once.
//
//   Report r;
//   Table& t = r.add("stages", "Stages", {"stage", "reached"});
//   t.add_row({std::string("lead"), std::uint64_t{20000}});
//   print(r, Format::kTable, std::cout, std::cerr);
#pragma once

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace modelfunnel::cli {

/// How a report is rendered.
enum class Format { kTable, kCsv, kJson };

/// Parses `table`, `csv` or `json`; throws UsageError naming @p flag.
Format parse_format(std::string_view flag, std::string_view text);

/// An amount of money in currency units. People read it in whole units with
/// thousands separators (16,441,900); CSV and JSON keep the exact value.
struct Money {
  double value = 0;
};

/// One value: missing, text, a count, a signed number, a real number, money,
/// a list of names (teams) — a list stays a list in JSON — or a yes/no
/// (`true` / `false` as text, a JSON boolean).
using Cell = std::variant<std::monostate, std::string, std::uint64_t, std::int64_t, double,
                          Money, std::vector<std::string>, bool>;

/// A named table. A `single` table has exactly one row and reads best as
/// `name value` lines (totals); in JSON it becomes an object, not an array.
struct Table {
  std::string name;   ///< Machine name: the JSON key and CSV section id.
  std::string title;  ///< Heading for humans.
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  bool single = false;

  /// Appends a row; it must have one cell per column.
  void add_row(std::vector<Cell> row);
};

/// Everything one command prints.
struct Report {
  /// A deque, so that references returned by add() stay valid while more
  /// tables are added (totals are often filled in last).
  std::deque<Table> tables;
  /// Remarks for people (e.g. "12 more rejected rows not shown"): printed
  /// after the tables in table format, to the error stream otherwise, so
  /// that CSV and JSON stay machine-readable.
  std::vector<std::string> notes;

  /// Adds a table with several rows.
  Table& add(std::string name, std::string title, std::vector<std::string> columns);
  /// Adds a one-row table of named values; fill it with set().
  Table& add_single(std::string name, std::string title);
};

/// Adds (or replaces) the value @p column of a single table.
void set(Table& single, std::string column, Cell value);

/// Renders @p report: tables to @p out, notes to @p out (table format) or
/// @p err (CSV, JSON).
///
/// CSV: one block per table — a header row, then the rows — with an empty
/// line between blocks. The first field of every row names its table
/// (`section` in header rows), so a reader can pick its block without
/// counting; fields are quoted per RFC 4180 when needed; lists are joined
/// with `;`. JSON: one object, one key per table, in order.
void print(const Report& report, Format format, std::ostream& out, std::ostream& err);

}  // namespace modelfunnel::cli
