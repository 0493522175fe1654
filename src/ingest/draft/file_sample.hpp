// file_sample.hpp — the bounded prefix of one file that a mapping draft reads.
//
// read_sample() looks at the first bytes to tell a text CSV from anything
// else (NUL bytes, invalid UTF-8), sniffs the delimiter, then reads the
// header and at most max_rows rows (about max_bytes bytes) with the same
// CsvReader the loader uses, so the draft sees the file as a load would.
// A file the draft cannot use is not an error: `problem` says why, and the
// draft says it to the person reading it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace modelfunnel::internal::draft {

struct FileSample {
  std::filesystem::path path;
  char delimiter = ',';
  bool bom = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row has header.size() fields
  bool truncated = false;                      // more rows follow those read
  std::uint64_t bad_rows = 0;                  // rows the CSV reader could not split
  std::string first_bad;                       // "line 7: csv.quote: ..." for the first
  std::string problem;                         // non-empty: the file cannot be drafted
};

/// The delimiter among `,` `;` tab `|` that splits the first lines of
/// @p text into the same non-zero number of fields most consistently;
/// `,` when none does (a one-column file). Quoted text is skipped.
char sniff_delimiter(std::string_view text);

/// Reads the prefix of @p path. NotFound / PermissionDenied when it cannot
/// be opened; every other problem is reported in FileSample::problem.
absl::StatusOr<FileSample> read_sample(const std::filesystem::path& path, std::size_t max_rows,
                                       std::size_t max_bytes);

}  // namespace modelfunnel::internal::draft
