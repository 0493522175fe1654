// The CSV reader behind every loader (see ingest/csv_reader.hpp).
//
// Bytes flow from a file descriptor (or a string, block by block) into one
// buffer that holds whole rows: a row cut by the end of the buffer is moved to the front
// and the rest read after it, and a row longer than the buffer doubles it.
// Rows without a quote take the fast path: one pass, 16 bytes at a time (SSE2),
// finds the line end and the delimiters and notices quotes and non-ASCII bytes;
// only rows with a non-ASCII byte are then checked for valid UTF-8. Rows with a
// quote go through a state machine that can span lines and refills.
#include "ingest/csv_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/utf8.hpp"

namespace modelfunnel::internal {
namespace {

/// Bytes readable past the end of the buffer, so that the scanner can load
/// 16 bytes at a time without checking how many are left.
constexpr std::size_t kPadding = 16;

std::unique_ptr<char[]> allocate_buffer(std::size_t capacity) {
  return std::make_unique<char[]>(capacity + kPadding);  // zeroed: no uninitialized reads
}

enum class Scan {
  kRow,         // a line end was found; fields hold the split line
  kIncomplete,  // no line end before the end of the buffer; fields hold what is there
  kQuoted,      // the line holds a quote: the state machine must parse it
};

/// Splits the line at @p p (@p avail bytes buffered, readable up to kPadding
/// beyond) on @p delim into @p fields, stopping at the first quote. @p len
/// receives the line length without its '\n', @p non_ascii whether it holds a
/// byte >= 0x80. The views include a '\r' before the '\n'.
Scan scan_unquoted(const char* p, std::size_t avail, char delim, std::vector<std::string_view>& fields,
                   std::size_t& len, bool& non_ascii) {
  const char* start = p;  // of the current field
  auto cut = [&](const char* at) {
    fields.emplace_back(start, static_cast<std::size_t>(at - start));
    start = at + 1;
  };
#if defined(__SSE2__)
  const __m128i delims = _mm_set1_epi8(delim);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i quotes = _mm_set1_epi8('"');
  unsigned high = 0;
  for (std::size_t i = 0; i < avail; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned valid = avail - i >= 16 ? 0xFFFFu : (1u << (avail - i)) - 1;
    const unsigned nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newlines))) & valid;
    const unsigned before_nl = nl != 0 ? (nl & (0u - nl)) - 1 : valid;
    if ((static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quotes))) & before_nl) != 0) return Scan::kQuoted;
    high |= static_cast<unsigned>(_mm_movemask_epi8(v)) & before_nl;
    for (unsigned d = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delims))) & before_nl; d != 0;
         d &= d - 1) {
      cut(p + i + static_cast<std::size_t>(std::countr_zero(d)));
    }
    if (nl != 0) {
      len = i + static_cast<std::size_t>(std::countr_zero(nl));
      cut(p + len);
      non_ascii = high != 0;
      return Scan::kRow;
    }
  }
  non_ascii = high != 0;
#else
  unsigned char high = 0;
  for (std::size_t i = 0; i < avail; ++i) {
    const char c = p[i];
    if (c == '\n') {
      len = i;
      cut(p + len);
      non_ascii = (high & 0x80) != 0;
      return Scan::kRow;
    }
    if (c == '"') return Scan::kQuoted;
    if (c == delim) cut(p + i);
    high |= static_cast<unsigned char>(c);
  }
  non_ascii = (high & 0x80) != 0;
#endif
  len = avail;
  cut(p + len);
  return Scan::kIncomplete;
}

std::int64_t count_newlines(const char* p, std::size_t n) {
  return static_cast<std::int64_t>(std::count(p, p + n, '\n'));
}

std::string byte_hex(char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  const auto u = static_cast<unsigned char>(c);
  return {'0', 'x', kDigits[u >> 4], kDigits[u & 15]};
}

}  // namespace

struct CsvReader::Impl {
  // --- input -------------------------------------------------------------
  std::string name;
  CsvOptions options;
  int fd = -1;           // file input, or
  std::string memory;    // in-memory input, handed out block by block
  std::size_t memory_pos = 0;
  std::uint64_t total = 0;

  // --- buffer: rows are parsed in place in buf[pos, end) ------------------
  std::unique_ptr<char[]> buf;
  std::size_t cap = 0, pos = 0, end = 0;
  std::uint64_t base = 0;  // input offset of buf[0]
  bool eof = false;        // nothing more to read into buf
  bool fatal = false;
  CsvError fatal_error;

  // --- position and results ----------------------------------------------
  std::int64_t line = 1;           // physical line at buf[pos]
  std::int64_t pending_blank = 0;  // blank lines found, not yet handed out
  std::int64_t pending_blank_line = 0;
  std::vector<std::string> header;

  struct Span {
    std::size_t raw_begin;   // first byte of the field as written (its quote, if any)
    std::size_t begin, end;  // content, without surrounding quotes
    bool unescape;           // content holds doubled quotes
  };
  std::vector<Span> spans;  // reused by the quoted-row parser
  std::string scratch;      // unescaped quoted fields live here

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  /// Reads up to @p n bytes into @p dst: the count, 0 at end of input, -1 on error.
  ssize_t read_some(char* dst, std::size_t n) {
    if (fd < 0) {
      const std::size_t k = std::min(n, memory.size() - memory_pos);
      std::memcpy(dst, memory.data() + memory_pos, k);
      memory_pos += k;
      return static_cast<ssize_t>(k);
    }
    for (;;) {
      const ssize_t r = ::read(fd, dst, n);
      if (r >= 0 || errno != EINTR) return r;
    }
  }

  void set_fatal(std::int64_t at_line, std::int64_t column, std::string rule, std::string message) {
    fatal = true;
    fatal_error = CsvError{at_line, column, std::move(rule), std::move(message)};
  }

  /// Keeps buf[pos, end), moves it to the front and reads more after it,
  /// growing the buffer when that row already fills it. Sets eof at end of
  /// input and fatal on a read error.
  void refill() {
    if (eof) return;
    const std::size_t keep = end - pos;
    if (pos > 0) {
      std::memmove(buf.get(), buf.get() + pos, keep);
      base += pos;
      pos = 0;
      end = keep;
    }
    if (end == cap) {
      const std::size_t new_cap = cap * 2;
      auto bigger = allocate_buffer(new_cap);
      std::memcpy(bigger.get(), buf.get(), end);
      buf = std::move(bigger);
      cap = new_cap;
    }
    while (end < cap) {
      const ssize_t r = read_some(buf.get() + end, std::min(cap - end, options.block_bytes));
      if (r < 0) {
        set_fatal(line, 0, "csv.io", absl::StrCat("read failed: ", std::strerror(errno)));
        eof = true;
        return;
      }
      if (r == 0) {
        eof = true;
        return;
      }
      end += static_cast<std::size_t>(r);
    }
  }

  Next fail(CsvError& error) {
    error = fatal_error;
    return Next::kFatal;
  }

  /// Reads one row; checks its field count against the header when @p check_count.
  Next read_row(CsvRow& row, CsvError& error, bool check_count) {
    if (fatal) return fail(error);
    if (pending_blank > 0) return blank_row(row, error, check_count);
    for (;;) {
      if (pos == end) {
        if (eof) return Next::kEnd;
        refill();
        if (fatal) return fail(error);
        continue;
      }
      const char* p = buf.get() + pos;
      std::size_t len = 0;
      bool non_ascii = false;
      row.fields.clear();
      const Scan scan = scan_unquoted(p, end - pos, options.delimiter, row.fields, len, non_ascii);
      if (scan == Scan::kQuoted) return quoted_row(row, error, check_count);
      if (scan == Scan::kIncomplete && !eof) {
        refill();
        if (fatal) return fail(error);
        continue;
      }
      std::size_t raw_len = len;
      if (raw_len > 0 && p[raw_len - 1] == '\r') {
        --raw_len;
        std::string_view& last = row.fields.back();
        last.remove_suffix(1);
      }
      if (raw_len == 0) return blank_lines(row, error, check_count);

      row.line = line;
      row.raw = std::string_view(p, raw_len);
      pos += scan == Scan::kRow ? len + 1 : len;
      ++line;
      if (non_ascii) {
        const std::size_t bad = utf8_first_invalid(p, raw_len);
        if (bad != raw_len) {
          const auto column = 1 + std::count(p, p + bad, options.delimiter);
          return invalid_utf8(row, error, bad, column);
        }
      }
      return check_fields(row, error, check_count);
    }
  }

  Next check_fields(CsvRow& row, CsvError& error, bool check_count) const {
    if (!check_count || row.fields.size() == header.size()) return Next::kRow;
    error.line = row.line;
    error.column = 0;
    error.rule = "csv.field_count";
    error.message = absl::StrCat("expected ", header.size(), " fields (as in the header), found ",
                                 row.fields.size());
    return Next::kError;
  }

  /// Reports the invalid UTF-8 at raw offset @p bad of @p row (in field @p column).
  Next invalid_utf8(CsvRow& row, CsvError& error, std::size_t bad, std::int64_t column) const {
    row.fields.clear();
    error.line = row.line + count_newlines(row.raw.data(), bad);
    error.column = column;
    error.rule = "csv.invalid_utf8";
    error.message = absl::StrCat("invalid UTF-8 in field ", column, " (bad sequence starts with byte ",
                                 byte_hex(row.raw[bad]), ")");
    return Next::kError;
  }

  /// At a blank line: blank lines that run to the end of input are not rows;
  /// others become rows of one empty field each, handed out one per call.
  Next blank_lines(CsvRow& row, CsvError& error, bool check_count) {
    const std::int64_t first = line;
    std::int64_t count = 0;
    for (;;) {
      if (end - pos < 2 && !eof) {  // "\r\n" must be seen whole
        refill();
        if (fatal) return fail(error);
        continue;
      }
      if (pos == end) return Next::kEnd;
      const char c = buf[pos];
      if (c == '\n') {
        pos += 1;
      } else if (c == '\r' && pos + 1 < end && buf[pos + 1] == '\n') {
        pos += 2;
      } else if (c == '\r' && pos + 1 == end) {  // a lone CR ends the input
        pos += 1;
        return Next::kEnd;
      } else {
        break;
      }
      ++line;
      ++count;
    }
    pending_blank = count;
    pending_blank_line = first;
    return blank_row(row, error, check_count);
  }

  Next blank_row(CsvRow& row, CsvError& error, bool check_count) {
    --pending_blank;
    row.line = pending_blank_line++;
    row.raw = {};
    row.fields.clear();
    row.fields.emplace_back();
    return check_fields(row, error, check_count);
  }

  /// Parses the row at buf[pos], which holds a quote, with a state machine.
  Next quoted_row(CsvRow& row, CsvError& error, bool check_count) {
    enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kClosedThenCR };
    const char delim = options.delimiter;
    spans.clear();
    State state = State::kFieldStart;
    Span cur{0, 0, 0, false};
    std::size_t i = 0;            // offset from buf[pos]
    std::size_t raw_len = 0;      // the row without its line end
    std::size_t consumed = 0;     // the row with its line end
    bool ended_by_newline = false;
    std::int64_t inner_newlines = 0;  // line ends inside quoted fields so far
    std::int64_t quote_line = 0;      // where the open quoted field started
    std::size_t bad_at = 0;       // the first misplaced quote or junk byte, if any
    std::int64_t bad_column = 0;
    std::string bad_message;
    auto note_bad = [&](std::size_t at, std::string message) {
      if (bad_column != 0) return;
      bad_at = at;
      bad_column = static_cast<std::int64_t>(spans.size()) + 1;
      bad_message = std::move(message);
    };

    for (bool done = false; !done;) {
      if (pos + i == end) {
        if (!eof) {
          refill();  // keeps buf[pos, end): offsets stay valid
          if (fatal) return fail(error);
          continue;
        }
        switch (state) {
          case State::kQuoted:
            set_fatal(quote_line, static_cast<std::int64_t>(spans.size()) + 1, "csv.unterminated_quote",
                      "quoted field is never closed: the end of input came first");
            row.line = line;
            row.raw = std::string_view(buf.get() + pos, i);
            row.fields.clear();
            return fail(error);
          case State::kFieldStart:
            spans.push_back({i, i, i, false});
            break;
          case State::kUnquoted:
            cur.end = i;
            if (cur.end > cur.begin && buf[pos + cur.end - 1] == '\r') --cur.end;
            spans.push_back(cur);
            break;
          case State::kQuoteInQuoted:
          case State::kClosedThenCR:
            spans.push_back(cur);
            break;
        }
        raw_len = state == State::kUnquoted ? cur.end : (state == State::kClosedThenCR ? i - 1 : i);
        consumed = i;
        break;
      }
      const char* b = buf.get() + pos;
      const char c = b[i];
      switch (state) {
        case State::kFieldStart:
          cur = Span{i, i, i, false};
          if (c == '"') {
            state = State::kQuoted;
            cur.begin = i + 1;
            quote_line = line + inner_newlines;
          } else if (c == delim) {
            spans.push_back(cur);
          } else if (c == '\n') {
            spans.push_back(cur);
            raw_len = i;
            done = ended_by_newline = true;
          } else {
            state = State::kUnquoted;
          }
          ++i;
          break;
        case State::kUnquoted:
          if (c == delim) {
            cur.end = i;
            spans.push_back(cur);
            state = State::kFieldStart;
          } else if (c == '\n') {
            cur.end = i;
            if (cur.end > cur.begin && b[cur.end - 1] == '\r') --cur.end;
            spans.push_back(cur);
            raw_len = cur.end;
            done = ended_by_newline = true;
          } else if (c == '"') {
            note_bad(i, "quote inside an unquoted field (quote the whole field and double the quote)");
          }
          ++i;
          break;
        case State::kQuoted: {
          const std::size_t avail = end - pos - i;
          const auto* q = static_cast<const char*>(std::memchr(b + i, '"', avail));
          const std::size_t stop = q != nullptr ? static_cast<std::size_t>(q - b) : i + avail;
          inner_newlines += count_newlines(b + i, stop - i);
          i = stop;  // at the end of the buffer: refill or end of input
          if (q != nullptr) {
            cur.end = stop;
            ++i;
            state = State::kQuoteInQuoted;
          }
          break;
        }
        case State::kQuoteInQuoted:
          if (c == '"') {
            cur.unescape = true;
            state = State::kQuoted;
          } else if (c == delim) {
            spans.push_back(cur);
            state = State::kFieldStart;
          } else if (c == '\n') {
            spans.push_back(cur);
            raw_len = i;
            done = ended_by_newline = true;
          } else if (c == '\r') {
            state = State::kClosedThenCR;
          } else {
            note_bad(i, absl::StrCat("unexpected character after the closing quote of a field (byte ",
                                     byte_hex(c), ")"));
            state = State::kUnquoted;
          }
          ++i;
          break;
        case State::kClosedThenCR:
          if (c == '\n') {
            spans.push_back(cur);
            raw_len = i - 1;
            done = ended_by_newline = true;
            ++i;
          } else {
            note_bad(i - 1, "carriage return after the closing quote of a field, not followed by a line feed");
            state = State::kUnquoted;  // and look at c again there
          }
          break;
      }
      if (done) consumed = i;
    }

    const char* b = buf.get() + pos;
    row.line = line;
    row.raw = std::string_view(b, raw_len);
    row.fields.clear();
    line += inner_newlines + (ended_by_newline ? 1 : 0);
    pos += consumed;

    if (bad_column != 0) {
      error.line = row.line + count_newlines(b, bad_at);
      error.column = bad_column;
      error.rule = "csv.quote";
      error.message = std::move(bad_message);
      return Next::kError;
    }
    const std::size_t bad = utf8_first_invalid(b, raw_len);
    if (bad != raw_len) {
      const auto after = std::upper_bound(spans.begin(), spans.end(), bad,
                                          [](std::size_t at, const Span& s) { return at < s.raw_begin; });
      return invalid_utf8(row, error, bad, after - spans.begin());
    }
    if (scratch.size() < raw_len) scratch.resize(raw_len);  // never reallocated while views point in
    char* out = scratch.data();
    for (const Span& s : spans) {
      if (!s.unescape) {
        row.fields.emplace_back(b + s.begin, s.end - s.begin);
        continue;
      }
      char* const start = out;
      for (std::size_t k = s.begin; k < s.end; ++k) {
        *out++ = b[k];
        if (b[k] == '"') ++k;  // the second quote of a pair
      }
      row.fields.emplace_back(start, static_cast<std::size_t>(out - start));
    }
    return check_fields(row, error, check_count);
  }

  absl::Status read_header() {
    while (end - pos < 3 && !eof) refill();
    if (fatal) return header_error(fatal_error);
    if (end - pos >= 3 && std::memcmp(buf.get() + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;

    CsvRow row;
    CsvError error;
    switch (read_row(row, error, /*check_count=*/false)) {
      case Next::kEnd:
        return absl::InvalidArgumentError(absl::StrCat(name, ": empty file (no header row)"));
      case Next::kError:
      case Next::kFatal:
        return header_error(error);
      case Next::kRow:
        break;
    }
    header.assign(row.fields.begin(), row.fields.end());
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i].empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ":", row.line, ":", i + 1, ": csv.header: column ", i + 1, " has an empty name"));
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (header[j] == header[i]) {
          return absl::InvalidArgumentError(absl::StrCat(name, ":", row.line, ":", i + 1,
                                                         ": csv.header: duplicate column name \"", header[i],
                                                         "\" (columns ", j + 1, " and ", i + 1, ")"));
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status header_error(const CsvError& e) const {
    return absl::InvalidArgumentError(absl::StrCat(name, ":", e.line, ":", e.column, ": ", e.rule, ": ", e.message));
  }
};

namespace {

absl::Status check_options(const CsvOptions& options) {
  const char d = options.delimiter;
  if (d == '"' || d == '\n' || d == '\r' || static_cast<unsigned char>(d) >= 0x80) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV delimiter ", byte_hex(d), " is not allowed (quote, line end or non-ASCII byte)"));
  }
  return absl::OkStatus();
}

}  // namespace

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::~CsvReader() = default;

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::open(const std::filesystem::path& path,
                                                           const CsvOptions& options) try {
  if (auto s = check_options(options); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->name = path.string();
  impl->options = options;
  impl->options.block_bytes = std::max<std::size_t>(options.block_bytes, 1);
  impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl->fd < 0) return absl::ErrnoToStatus(errno, impl->name);
  struct stat st {};
  if (::fstat(impl->fd, &st) != 0) return absl::ErrnoToStatus(errno, impl->name);
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(absl::StrCat(impl->name, ": is a directory"));
  if (S_ISREG(st.st_mode)) impl->total = static_cast<std::uint64_t>(st.st_size);
  impl->cap = impl->options.block_bytes;
  impl->buf = allocate_buffer(impl->cap);
  if (auto s = impl->read_header(); !s.ok()) return s;
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
} catch (const std::bad_alloc&) {
  return absl::ResourceExhaustedError(absl::StrCat(path.string(), ": out of memory"));
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::from_string(std::string data, std::string name,
                                                                  const CsvOptions& options) try {
  if (auto s = check_options(options); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->options = options;
  impl->options.block_bytes = std::max<std::size_t>(options.block_bytes, 1);
  impl->memory = std::move(data);
  impl->total = impl->memory.size();
  impl->cap = impl->options.block_bytes;
  impl->buf = allocate_buffer(impl->cap);
  if (auto s = impl->read_header(); !s.ok()) return s;
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
} catch (const std::bad_alloc&) {
  return absl::ResourceExhaustedError("CSV input: out of memory");
}

const std::vector<std::string>& CsvReader::header() const { return impl_->header; }

std::optional<std::size_t> CsvReader::column_index(std::string_view name) const {
  const auto& h = impl_->header;
  const auto it = std::find(h.begin(), h.end(), name);
  if (it == h.end()) return std::nullopt;
  return static_cast<std::size_t>(it - h.begin());
}

CsvReader::Next CsvReader::next(CsvRow& row, CsvError& error) {
  return impl_->read_row(row, error, /*check_count=*/true);
}

std::uint64_t CsvReader::bytes_consumed() const { return impl_->base + impl_->pos; }
std::uint64_t CsvReader::total_bytes() const { return impl_->total; }
const std::string& CsvReader::name() const { return impl_->name; }

absl::Status CsvReader::every_row_error(const CsvError& error) const {
  return absl::InvalidArgumentError(absl::StrCat(impl_->name, ":", error.line, ":", error.column, ": ",
                                                 error.rule, ": ", error.message));
}

}  // namespace modelfunnel::internal
