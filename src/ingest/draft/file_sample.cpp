// Reading the bounded prefix of a file for a mapping draft; see file_sample.hpp.
//
// The prefix is read into memory first and cut at its last line end, and the
// CSV reader runs over that: so a file with no line ends, or an unterminated
// quote, costs max_bytes and no more, whatever its size.
#include "ingest/draft/file_sample.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/csv_reader.hpp"
#include "util/utf8.hpp"

namespace modelfunnel::internal::draft {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kSniffLines = 20;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Fields per line for delimiter @p d over the first lines of @p text
// (quotes skipped: a quoted delimiter or line end does not count).
std::vector<std::size_t> fields_per_line(std::string_view text, char d) {
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size() && counts.size() < kSniffLines; ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == d) {
      ++fields;
    } else if (!quoted && c == '\n') {
      counts.push_back(fields);
      fields = 1;
    }
  }
  if (counts.size() < kSniffLines && !text.empty() && text.back() != '\n' && !quoted) {
    counts.push_back(fields);
  }
  return counts;
}

}  // namespace

char sniff_delimiter(std::string_view text) {
  static constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  char best = ',';
  double best_score = 0;
  for (const char d : kCandidates) {
    const std::vector<std::size_t> counts = fields_per_line(text, d);
    if (counts.empty() || counts[0] < 2) continue;
    const auto same = static_cast<double>(std::count(counts.begin(), counts.end(), counts[0]));
    const double consistency = same / static_cast<double>(counts.size());
    if (consistency < 0.8) continue;
    // More fields per line wins among consistent candidates; ',' wins ties
    // by coming first.
    const double score = consistency * static_cast<double>(counts[0]);
    if (score > best_score) {
      best_score = score;
      best = d;
    }
  }
  return best;
}

absl::StatusOr<FileSample> read_sample(const std::filesystem::path& path, std::size_t max_rows,
                                       std::size_t max_bytes) {
  FileSample sample;
  sample.path = path;
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return absl::ErrnoToStatus(errno, path.string());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": is a directory"));
  }
  std::string bytes(max_bytes + 1, '\0');
  const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get())) return absl::ErrnoToStatus(errno, path.string());
  bytes.resize(got);
  const bool cut = got > max_bytes;

  if (bytes.empty()) {
    sample.problem = "empty file (no header row)";
    return sample;
  }
  if (bytes.find('\0') != std::string::npos) {
    sample.problem = "not a text file: it holds NUL bytes";
    return sample;
  }
  sample.bom = std::string_view(bytes).starts_with(kBom);
  if (cut) {
    const std::size_t last = bytes.rfind('\n');
    if (last == std::string::npos) {
      sample.problem = absl::StrCat("no line end in the first ", max_bytes,
                                    " bytes: not a CSV file, or its rows are longer than the "
                                    "draft reads");
      return sample;
    }
    bytes.resize(last + 1);
  }
  // A truncated prefix may end inside a multi-byte character only when the
  // cut fell there, which cutting at a line end rules out.
  if (const std::size_t bad = utf8_first_invalid(bytes.data(), bytes.size()); bad != bytes.size()) {
    sample.problem = absl::StrFormat(
        "not UTF-8 text (byte 0x%02X at offset %d): the loader reads UTF-8 only; convert the "
        "file first (e.g. iconv -f latin1 -t utf-8)",
        static_cast<unsigned char>(bytes[bad]), bad);
    return sample;
  }
  const std::string_view text = std::string_view(bytes).substr(sample.bom ? kBom.size() : 0);
  sample.delimiter = sniff_delimiter(text.substr(0, std::size_t{1} << 16));

  CsvOptions options;
  options.delimiter = sample.delimiter;
  options.block_bytes = std::size_t{1} << 16;
  auto reader = CsvReader::from_string(std::move(bytes), path.string(), options);
  if (!reader.ok()) {
    if (reader.status().code() == absl::StatusCode::kResourceExhausted) return reader.status();
    sample.problem = std::string(reader.status().message());
    return sample;
  }
  sample.header = (*reader)->header();
  CsvRow row;
  CsvError error;
  for (;;) {
    const CsvReader::Next next = (*reader)->next(row, error);
    if (next == CsvReader::Next::kEnd) break;
    if (sample.rows.size() >= max_rows) {
      sample.truncated = true;
      break;
    }
    if (next == CsvReader::Next::kRow) {
      sample.rows.emplace_back(row.fields.begin(), row.fields.end());
      continue;
    }
    // A quote left open where the prefix was cut is the cut, not the file.
    if (next == CsvReader::Next::kFatal && cut && error.rule == "csv.unterminated_quote") break;
    ++sample.bad_rows;
    if (sample.first_bad.empty()) {
      sample.first_bad = absl::StrCat("line ", error.line, ": ", error.rule, ": ", error.message);
    }
    if (next == CsvReader::Next::kFatal) break;
  }
  sample.truncated = sample.truncated || cut;
  if (sample.bad_rows > 0 && sample.bad_rows >= sample.rows.size()) {
    sample.problem = absl::StrCat("not a CSV file, or not one the reader can split: ",
                                  sample.bad_rows, " of the first ",
                                  sample.bad_rows + sample.rows.size(),
                                  " rows could not be split (first at ", sample.first_bad, ")");
  }
  return sample;
}

}  // namespace modelfunnel::internal::draft
