// csv_reader.hpp — the internal RFC 4180 CSV reader every loader uses.
//
// Reads a file (or bytes in memory) in fixed-size blocks, validates the header,
// and hands out one row at a time as string views into its own buffer.
//
//   auto reader = CsvReader::open("events.csv");
//   if (!reader.ok()) return reader.status();
//   CsvRow row;
//   CsvError err;
//   switch ((*reader)->read_rows(row, err,
//                                [&](const CsvRow& r) { use(r.fields); return true; },
//                                [&](const CsvRow& r, const CsvError& e) { reject(r.raw, e); return true; })) {
//     case CsvReader::Stop::kFatal: return failure(err);
//     case CsvReader::Stop::kEnd: case CsvReader::Stop::kAsked: break;
//   }
//
// read_rows() is the row loop of every loader; next() reads one row.
//
// Dialect: RFC 4180. Quoted fields may hold delimiters, doubled quotes and line
// ends (kept as-is). Line ends may be CRLF or LF, mixed within one file. A final
// line without a line end is a row; blank lines at the end of the input are not.
// An entirely empty line in the middle of the input is a row with one empty
// field, so it fails the field-count check unless the header has one column.
// A UTF-8 byte order mark at the start is skipped. Every row must be valid UTF-8.
// A lone CR (not followed by LF) is data, not a line end.
//
// When a row breaks several rules, the first is reported in this order:
// csv.quote, csv.invalid_utf8, csv.field_count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace modelfunnel::internal {

/// How to read a CSV file.
struct CsvOptions {
  char delimiter = ',';
  std::size_t block_bytes = 1 << 20;  // read the file in blocks of this size (keeps RSS low;
                                      // bigger blocks only add page faults)
};

/// One parsed row. Views are valid until the next call to next().
struct CsvRow {
  std::vector<std::string_view> fields;  // unquoted, "" unescaped; after csv.field_count the
                                         // fields as found, after other errors empty
  std::int64_t line = 0;                 // 1-based physical line where the row starts
  std::string_view raw;  // the row's bytes as in the file (without the line end), for reject files
  // The 1-based column of field i is simply i + 1.
};

/// Why a row (or the input) could not be read.
struct CsvError {
  // 1-based. line: the physical line holding the problem (for a field spanning
  // lines, the line of the bad byte, or of the opening quote for
  // csv.unterminated_quote); CsvRow::line is where the row starts.
  // column = field number (1-based) where the problem is, 0 = whole row
  // (csv.field_count, csv.io).
  std::int64_t line = 0, column = 0;
  // "csv.field_count", "csv.invalid_utf8", "csv.quote" (a quote inside an unquoted
  // field or garbage after a closing quote), "csv.unterminated_quote" (fatal),
  // "csv.io" (fatal: read error).
  std::string rule;
  std::string message;  // human sentence, e.g. "expected 5 fields (as in the header), found 6"
};

/// Streams rows out of a CSV file with a header row. Not thread-safe; one reader
/// per thread.
class CsvReader {
 public:
  /// Opens @p path and reads the header row. Errors: NotFound / PermissionDenied /
  /// InvalidArgument("path: empty file (no header row)"), header errors as
  /// InvalidArgument "path:line:col: rule: message". A UTF-8 BOM is skipped.
  /// Duplicate or empty header names: InvalidArgument naming them, with rule
  /// csv.header ("path:1:3: csv.header: duplicate column name "id" (columns 1 and 3)").
  /// A delimiter that is a quote, CR, LF or non-ASCII byte: InvalidArgument.
  static absl::StatusOr<std::unique_ptr<CsvReader>> open(const std::filesystem::path& path,
                                                         const CsvOptions& = {});
  /// Same, over bytes held in memory (for tests and Python); `name` is used in messages.
  static absl::StatusOr<std::unique_ptr<CsvReader>> from_string(std::string data, std::string name,
                                                                const CsvOptions& = {});

  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// The header's column names, in file order.
  const std::vector<std::string>& header() const;
  /// The index of the header column called @p name, if there is one.
  std::optional<std::size_t> column_index(std::string_view name) const;

  enum class Next { kRow, kError, kEnd, kFatal };
  /// Reads the next row.
  /// kRow: row filled. kError: this row is malformed (error filled, row.raw/line
  /// filled) and was consumed; reading can go on with the next row. kFatal: reading
  /// cannot go on (I/O error, or an unterminated quote at end of input — nothing
  /// after it can be split into rows); error filled, and every later call
  /// returns kFatal again. kEnd: no more rows.
  /// Throws std::bad_alloc when a row does not fit in memory; the reader
  /// cannot be used after that (a load turns it into ResourceExhausted).
  Next next(CsvRow& row, CsvError& error);

  /// How read_rows() ended.
  enum class Stop {
    kEnd,    ///< no more rows
    kFatal,  ///< reading cannot go on (the error says why), as Next::kFatal
    kAsked,  ///< a handler returned false; the next call goes on from the next row
  };
  /// Reads rows until the input ends, reading cannot go on, or a handler
  /// returns false: @p on_row(const CsvRow&) for each row, @p on_bad_row(
  /// const CsvRow&, const CsvError&) for each malformed one (as
  /// Next::kError: the row's line and raw bytes are set). Each returns true
  /// to go on. The views of @p row stay valid until the reader is used again.
  /// Inline, with the handlers: it runs once per row of every file loaded.
  template <class OnRow, class OnBadRow>
  Stop read_rows(CsvRow& row, CsvError& error, OnRow&& on_row, OnBadRow&& on_bad_row) {
    for (;;) {
      switch (next(row, error)) {
        case Next::kRow:
          if (!on_row(static_cast<const CsvRow&>(row))) return Stop::kAsked;
          break;
        case Next::kError:
          if (!on_bad_row(static_cast<const CsvRow&>(row), static_cast<const CsvError&>(error))) {
            return Stop::kAsked;
          }
          break;
        case Next::kEnd: return Stop::kEnd;
        case Next::kFatal: return Stop::kFatal;
      }
    }
  }

  /// Reads every row into @p on_row(const CsvRow&) (which returns nothing)
  /// for a reader that takes a file whole or not at all: the first malformed
  /// row, or an input that cannot be read on, ends it with that error as
  /// `name:line:column: rule: message`.
  template <class OnRow>
  absl::Status read_every_row(OnRow&& on_row) {
    CsvRow row;
    CsvError error;
    bool bad = false;
    const Stop stop = read_rows(
        row, error,
        [&](const CsvRow& r) {
          on_row(r);
          return true;
        },
        [&](const CsvRow&, const CsvError&) {
          bad = true;
          return false;
        });
    if (bad || stop == Stop::kFatal) return every_row_error(error);
    return absl::OkStatus();
  }

  /// Bytes of input consumed so far (for progress).
  std::uint64_t bytes_consumed() const;
  /// Size of the whole input in bytes (0 if unknown).
  std::uint64_t total_bytes() const;
  /// The file path as given (or the name passed to from_string).
  const std::string& name() const;
  /// read_every_row()'s error for @p error.
  absl::Status every_row_error(const CsvError& error) const;

 private:
  struct Impl;
  explicit CsvReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelfunnel::internal
