// Tests for the internal CSV reader: RFC 4180 quoting, line ends, blank lines,
// per-row errors and recovery, UTF-8 validation, block boundaries, headers.
#include "ingest/csv_reader.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "util/utf8.hpp"

namespace {

using modelfunnel::internal::CsvError;
using modelfunnel::internal::CsvOptions;
using modelfunnel::internal::CsvReader;
using modelfunnel::internal::CsvRow;
using Next = CsvReader::Next;

/// One result of next(), with views copied out.
struct Got {
  Next kind = Next::kEnd;
  std::vector<std::string> fields;
  std::int64_t line = 0;
  std::string raw;
  CsvError error;
};

/// Reads every row until kEnd or kFatal (included as the last element).
std::vector<Got> read_all(CsvReader& reader) {
  std::vector<Got> out;
  CsvRow row;
  for (;;) {
    Got g;
    g.kind = reader.next(row, g.error);
    if (g.kind == Next::kEnd) break;
    g.fields.assign(row.fields.begin(), row.fields.end());
    g.line = row.line;
    g.raw = std::string(row.raw);
    out.push_back(std::move(g));
    if (g.kind == Next::kFatal) break;
  }
  return out;
}

std::unique_ptr<CsvReader> reader_over(std::string data, CsvOptions options = {}) {
  auto r = CsvReader::from_string(std::move(data), "t.csv", options);
  INFO((r.ok() ? std::string("ok") : std::string(r.status().message())));
  REQUIRE(r.ok());
  return std::move(*r);
}

std::vector<Got> rows_of(std::string data, CsvOptions options = {}) {
  return read_all(*reader_over(std::move(data), options));
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("csv: plain rows, header and column_index") {
  auto r = reader_over("a,b,c\n1,2,3\n4,,6\n");
  CHECK(r->header() == Fields{"a", "b", "c"});
  CHECK(r->column_index("b") == 1u);
  CHECK_FALSE(r->column_index("d").has_value());
  CHECK(r->name() == "t.csv");
  const auto rows = read_all(*r);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].kind == Next::kRow);
  CHECK(rows[0].fields == Fields{"1", "2", "3"});
  CHECK(rows[0].line == 2);
  CHECK(rows[0].raw == "1,2,3");
  CHECK(rows[1].fields == Fields{"4", "", "6"});
  CHECK(rows[1].line == 3);
  CHECK(r->bytes_consumed() == r->total_bytes());
}

TEST_CASE("csv: quoted fields") {
  SECTION("delimiters and doubled quotes inside quotes") {
    const auto rows = rows_of("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"\"\"\",\"a\"\"\"\"b\"\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == Next::kRow);
    CHECK(rows[0].fields == Fields{"x,y", "say \"hi\""});
    CHECK(rows[0].raw == "\"x,y\",\"say \"\"hi\"\"\"");
    CHECK(rows[1].fields == Fields{"\"", "a\"\"b"});
  }
  SECTION("empty quoted field and empty unquoted field are both empty") {
    const auto rows = rows_of("a,b,c\n\"\",,\"\"\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].kind == Next::kRow);
    CHECK(rows[0].fields == Fields{"", "", ""});
  }
  SECTION("embedded LF and CRLF are kept as-is and advance the line count") {
    const auto rows = rows_of("a,b\r\n\"l1\nl2\",\"m1\r\nm2\"\r\nx,y\r\n\"p\n\nq\",z\nlast,row");
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].fields == Fields{"l1\nl2", "m1\r\nm2"});
    CHECK(rows[0].line == 2);
    CHECK(rows[0].raw == "\"l1\nl2\",\"m1\r\nm2\"");
    CHECK(rows[1].fields == Fields{"x", "y"});
    CHECK(rows[1].line == 5);
    CHECK(rows[2].fields == Fields{"p\n\nq", "z"});
    CHECK(rows[2].line == 6);
    CHECK(rows[3].fields == Fields{"last", "row"});
    CHECK(rows[3].line == 9);
  }
  SECTION("a quoted last field before CRLF and at end of input") {
    const auto rows = rows_of("a,b\r\n1,\"2\"\r\n3,\"4\"");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"1", "2"});
    CHECK(rows[0].raw == "1,\"2\"");
    CHECK(rows[1].fields == Fields{"3", "4"});
    CHECK(rows[1].raw == "3,\"4\"");
  }
  SECTION("quoted header names") {
    auto r = reader_over("\"id\",\"the, name\"\n1,2\n");
    CHECK(r->header() == Fields{"id", "the, name"});
  }
}

TEST_CASE("csv: line ends") {
  SECTION("CRLF") {
    const auto rows = rows_of("a,b\r\n1,2\r\n3,4\r\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"1", "2"});
    CHECK(rows[1].fields == Fields{"3", "4"});
    CHECK(rows[1].raw == "3,4");
  }
  SECTION("mixed CRLF and LF in one file") {
    const auto rows = rows_of("a,b\n1,2\r\n3,4\n5,6\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == Fields{"1", "2"});
    CHECK(rows[1].fields == Fields{"3", "4"});
    CHECK(rows[2].fields == Fields{"5", "6"});
    CHECK(rows[2].line == 4);
  }
  SECTION("no line end after the last row") {
    const auto rows = rows_of("a,b\n1,2\n3,4");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields == Fields{"3", "4"});
  }
  SECTION("a lone CR inside a field is data") {
    const auto rows = rows_of("a,b\nx\ry,2\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == Fields{"x\ry", "2"});
  }
}

TEST_CASE("csv: blank lines") {
  SECTION("blank lines at the end of input are not rows") {
    CHECK(rows_of("a,b\n1,2\n\n").size() == 1);
    CHECK(rows_of("a,b\n1,2\r\n\r\n\n\r\n").size() == 1);
  }
  SECTION("a blank line in the middle is one empty field: a field-count error") {
    const auto rows = rows_of("a,b\n1,2\n\n\r\n3,4\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].kind == Next::kError);
    CHECK(rows[1].line == 3);
    CHECK(rows[1].raw.empty());
    CHECK(rows[1].error.rule == "csv.field_count");
    CHECK(rows[2].kind == Next::kError);
    CHECK(rows[2].line == 4);
    CHECK(rows[3].kind == Next::kRow);
    CHECK(rows[3].line == 5);
    CHECK(rows[3].fields == Fields{"3", "4"});
  }
  SECTION("with a one-column header a blank line is a row with an empty value") {
    const auto rows = rows_of("a\n1\n\n2\n\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].kind == Next::kRow);
    CHECK(rows[1].fields == Fields{""});
    CHECK(rows[1].line == 3);
    CHECK(rows[2].fields == Fields{"2"});
  }
}

TEST_CASE("csv: UTF-8 byte order mark is skipped") {
  auto r = reader_over("\xEF\xBB\xBFid,name\n1,x\n");
  CHECK(r->header() == Fields{"id", "name"});
  CHECK(r->column_index("id") == 0u);
  CHECK(read_all(*r).size() == 1);
}

TEST_CASE("csv: field count errors, then recovery on the next row") {
  const auto rows = rows_of("a,b,c\n1,2,3\n1,2\n1,2,3,4\n\"q\",\"\n\",3,4\n7,8,9\n");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].kind == Next::kRow);
  CHECK(rows[1].kind == Next::kError);
  CHECK(rows[1].error.rule == "csv.field_count");
  CHECK(rows[1].error.line == 3);
  CHECK(rows[1].error.column == 0);
  CHECK(rows[1].error.message == "expected 3 fields (as in the header), found 2");
  CHECK(rows[1].raw == "1,2");
  CHECK(rows[2].kind == Next::kError);
  CHECK(rows[2].error.message == "expected 3 fields (as in the header), found 4");
  CHECK(rows[2].line == 4);
  CHECK(rows[3].kind == Next::kError);
  CHECK(rows[3].line == 5);
  CHECK(rows[3].raw == "\"q\",\"\n\",3,4");
  CHECK(rows[4].kind == Next::kRow);
  CHECK(rows[4].line == 7);
  CHECK(rows[4].fields == Fields{"7", "8", "9"});
}

TEST_CASE("csv: invalid UTF-8 is reported with line and column") {
  struct Case {
    const char* name;
    std::string bad;
  };
  const Case cases[] = {
      {"overlong two-byte form of '/'", "\xC0\xAF"},
      {"overlong three-byte form", "\xE0\x80\xAF"},
      {"truncated three-byte sequence", "\xE2\x82"},
      {"lone continuation byte", "\x80"},
      {"surrogate", "\xED\xA0\x80"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"byte never used in UTF-8", "\xFF"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    SECTION(std::string("unquoted: ") + c.name) {
      const auto rows = rows_of("a,b,c\nok,caf\xC3\xA9,\xE2\x82\xAC\n1,x" + c.bad + "y,3\n4,5,6\n");
      REQUIRE(rows.size() == 3);
      CHECK(rows[0].kind == Next::kRow);
      CHECK(rows[0].fields == Fields{"ok", "caf\xC3\xA9", "\xE2\x82\xAC"});
      CHECK(rows[1].kind == Next::kError);
      CHECK(rows[1].error.rule == "csv.invalid_utf8");
      CHECK(rows[1].error.line == 3);
      CHECK(rows[1].error.column == 2);
      CHECK(rows[1].line == 3);
      CHECK(rows[1].raw == "1,x" + c.bad + "y,3");
      CHECK(rows[2].kind == Next::kRow);
    }
    SECTION(std::string("quoted, after a multi-line field: ") + c.name) {
      const auto rows = rows_of("a,b,c\n\"l1\nl2\",\"x,\"\"\",\"m\n" + c.bad + "\"\n4,5,6\n");
      REQUIRE(rows.size() == 2);
      CHECK(rows[0].kind == Next::kError);
      CHECK(rows[0].error.rule == "csv.invalid_utf8");
      CHECK(rows[0].line == 2);
      CHECK(rows[0].error.line == 4);  // the physical line holding the bad byte
      CHECK(rows[0].error.column == 3);
      CHECK(rows[1].kind == Next::kRow);
      CHECK(rows[1].line == 5);
    }
  }
  SECTION("truncated sequence at the very end of the input") {
    const auto rows = rows_of("a,b\n1,2\xE2\x82");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].error.rule == "csv.invalid_utf8");
    CHECK(rows[0].error.column == 2);
  }
}

TEST_CASE("csv: misplaced quotes") {
  SECTION("a quote inside an unquoted field") {
    const auto rows = rows_of("a,b,c\n1,ab\"c,3\n4,5,6\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == Next::kError);
    CHECK(rows[0].error.rule == "csv.quote");
    CHECK(rows[0].error.line == 2);
    CHECK(rows[0].error.column == 2);
    CHECK(rows[0].raw == "1,ab\"c,3");
    CHECK(rows[1].kind == Next::kRow);
    CHECK(rows[1].fields == Fields{"4", "5", "6"});
  }
  SECTION("garbage after a closing quote") {
    const auto rows = rows_of("a,b,c\n1,2,\"x\"y\r\n4,5,6\r\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == Next::kError);
    CHECK(rows[0].error.rule == "csv.quote");
    CHECK(rows[0].error.column == 3);
    CHECK(rows[0].raw == "1,2,\"x\"y");
    CHECK(rows[1].kind == Next::kRow);
    CHECK(rows[1].line == 3);
  }
  SECTION("garbage after a multi-line quoted field is on its own line") {
    const auto rows = rows_of("a,b\n\"x\ny\" ,2\n3,4\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].error.rule == "csv.quote");
    CHECK(rows[0].error.line == 3);
    CHECK(rows[0].error.column == 1);
    CHECK(rows[1].kind == Next::kRow);
    CHECK(rows[1].line == 4);
  }
}

TEST_CASE("csv: an unterminated quote is fatal") {
  auto r = reader_over("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
  const auto rows = read_all(*r);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].kind == Next::kRow);
  CHECK(rows[1].kind == Next::kFatal);
  CHECK(rows[1].error.rule == "csv.unterminated_quote");
  CHECK(rows[1].error.line == 3);
  CHECK(rows[1].error.column == 2);
  CHECK(rows[1].line == 3);
  CsvRow row;
  CsvError error;
  CHECK(r->next(row, error) == Next::kFatal);  // and stays so
}

TEST_CASE("csv: rows spanning block boundaries") {
  std::string data = "id,text,n\r\n";
  std::vector<Fields> expected;
  for (int i = 0; i < 60; ++i) {
    Fields f{std::to_string(i), std::string(static_cast<std::size_t>(i % 23), 'x'), "n" + std::to_string(i * 7)};
    if (i % 3 == 0) {
      f[1] += "\"q\",\r\n\xC3\xA9";
      data += f[0] + ",\"" + std::string(static_cast<std::size_t>(i % 23), 'x') + "\"\"q\"\",\r\n\xC3\xA9\"," + f[2];
    } else {
      data += f[0] + "," + f[1] + "," + f[2];
    }
    data += i % 2 == 0 ? "\r\n" : "\n";
    if (i % 10 == 5) data += "\n";  // a blank line: one field-count error
    expected.push_back(f);
  }
  for (std::size_t block : {1u, 2u, 3u, 7u, 16u, 64u, 4096u}) {
    INFO("block_bytes " << block);
    CsvOptions options;
    options.block_bytes = block;
    auto r = reader_over(data, options);
    CHECK(r->header() == Fields{"id", "text", "n"});
    const auto rows = read_all(*r);
    std::vector<Fields> got;
    std::int64_t errors = 0;
    std::int64_t line = 2;
    for (const Got& g : rows) {
      if (g.kind == Next::kError) {
        ++errors;
        CHECK(g.raw.empty());
        CHECK(g.line == line);
        ++line;
        continue;
      }
      REQUIRE(g.kind == Next::kRow);
      CHECK(g.line == line);
      line += 1 + (g.fields[0] != "" && std::stoi(g.fields[0]) % 3 == 0 ? 1 : 0);
      got.push_back(g.fields);
    }
    CHECK(errors == 6);
    CHECK(got == expected);
    CHECK(r->bytes_consumed() == data.size());
  }
}

TEST_CASE("csv: random well-formed files read back exactly, whatever the block size") {
  std::mt19937 rng(20240611);
  const std::string alphabet[] = {"a", "b", "7", " ", ",", "\"", "\n", "\r\n", "\xC3\xA9", "\xF0\x9F\x98\x80", ";"};
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int file = 0; file < 40; ++file) {
    const std::size_t columns = 1 + pick(5);
    std::vector<Fields> expected;
    std::string data;
    const std::size_t rows = 1 + pick(40);  // the header and the data rows
    for (std::size_t r = 0; r < rows; ++r) {
      Fields fields;
      for (std::size_t c = 0; c < columns; ++c) {
        std::string f;
        if (r == 0) {
          f = absl::StrCat("c", c);  // header names: non-empty and distinct
        } else {
          for (std::size_t k = pick(12); k > 0; --k) f += alphabet[pick(std::size(alphabet))];
        }
        fields.push_back(f);
      }
      // A one-column row with an empty value would be a blank line, which at the
      // end of the input is not a row: quote it.
      for (std::size_t c = 0; c < columns; ++c) {
        const std::string& f = fields[c];
        const bool quote = f.find_first_of(",\"\r\n") != std::string::npos || (columns == 1 && f.empty()) ||
                           pick(4) == 0;
        if (c > 0) data += ',';
        if (!quote) {
          data += f;
          continue;
        }
        data += '"';
        for (char ch : f) data += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        data += '"';
      }
      data += pick(2) == 0 ? "\n" : "\r\n";
      expected.push_back(std::move(fields));
    }
    if (pick(2) == 0) data.resize(data.size() - (data.ends_with("\r\n") ? 2 : 1));  // no final line end
    const Fields header = expected.front();
    expected.erase(expected.begin());
    for (std::size_t block : {1u, 5u, 16u, 17u, 100u, 1u << 20}) {
      INFO("file " << file << ", block_bytes " << block);
      CsvOptions options;
      options.block_bytes = block;
      auto reader = reader_over(data, options);
      CHECK(reader->header() == header);
      std::vector<Fields> got;
      for (const Got& g : read_all(*reader)) {
        CHECK(g.kind == Next::kRow);
        got.push_back(g.fields);
      }
      CHECK(got == expected);
      CHECK(reader->bytes_consumed() == data.size());
    }
  }
}

TEST_CASE("csv: header problems") {
  SECTION("empty input") {
    auto r = CsvReader::from_string("", "e.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(r.status().message() == "e.csv: empty file (no header row)");
  }
  SECTION("only a BOM and blank lines") {
    auto r = CsvReader::from_string("\xEF\xBB\xBF\r\n\n", "e.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "e.csv: empty file (no header row)");
  }
  SECTION("header only, with and without line end") {
    for (const char* data : {"a,b\n", "a,b"}) {
      auto r = reader_over(data);
      CHECK(r->header() == Fields{"a", "b"});
      CsvRow row;
      CsvError error;
      CHECK(r->next(row, error) == Next::kEnd);
    }
  }
  SECTION("duplicate names") {
    auto r = CsvReader::from_string("id,x,id\n1,2,3\n", "d.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(r.status().message()) ==
          "d.csv:1:3: csv.header: duplicate column name \"id\" (columns 1 and 3)");
  }
  SECTION("empty name") {
    auto r = CsvReader::from_string("id,,x\n", "d.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(std::string(r.status().message()) == "d.csv:1:2: csv.header: column 2 has an empty name");
  }
  SECTION("malformed header row") {
    auto r = CsvReader::from_string("id,n\xC0me\n", "h.csv");
    REQUIRE_FALSE(r.ok());
    CHECK(std::string(r.status().message()).rfind("h.csv:1:2: csv.invalid_utf8: ", 0) == 0);
    auto q = CsvReader::from_string("id,\"name\n", "h.csv");
    REQUIRE_FALSE(q.ok());
    CHECK(std::string(q.status().message()).rfind("h.csv:1:2: csv.unterminated_quote: ", 0) == 0);
  }
  SECTION("unusable delimiter") {
    CsvOptions options;
    options.delimiter = '"';
    CHECK(CsvReader::from_string("a\n", "x", options).status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("csv: other delimiters") {
  CsvOptions options;
  options.delimiter = ';';
  const auto rows = rows_of("a;b\n1,5;\"x;y\"\n", options);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"1,5", "x;y"});
}

TEST_CASE("csv: files") {
  const auto dir = std::filesystem::temp_directory_path() / ("mf_csv_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SECTION("missing file") {
    auto r = CsvReader::open(dir / "nope.csv");
    CHECK(r.status().code() == absl::StatusCode::kNotFound);
  }
  SECTION("a directory") {
    CHECK(CsvReader::open(dir).status().code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("empty file") {
    const auto path = dir / "empty.csv";
    std::ofstream(path).close();
    auto r = CsvReader::open(path);
    REQUIRE_FALSE(r.ok());
    CHECK(std::string(r.status().message()) == path.string() + ": empty file (no header row)");
  }
  SECTION("rows read in small blocks") {
    const auto path = dir / "small.csv";
    std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBFk,v\r\n1,\"a\nb\"\r\n2,c\n3,d";
    CsvOptions options;
    options.block_bytes = 7;
    auto r = CsvReader::open(path, options);
    REQUIRE(r.ok());
    CHECK((*r)->name() == path.string());
    CHECK((*r)->total_bytes() == std::filesystem::file_size(path));
    const auto rows = read_all(**r);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == Fields{"1", "a\nb"});
    CHECK(rows[1].fields == Fields{"2", "c"});
    CHECK(rows[1].line == 4);
    CHECK(rows[2].fields == Fields{"3", "d"});
    CHECK((*r)->bytes_consumed() == (*r)->total_bytes());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("csv: the Maven CRM sales pipeline export") {
  const std::filesystem::path shared = MF_SHARED_DIR;
  if (!std::filesystem::exists(shared)) {
    std::cout << "MF_SKIPPED: ../shared not found\n";
    return;
  }
  for (std::size_t block : {std::size_t{4} << 20, std::size_t{4096}, std::size_t{7}}) {
    INFO("block_bytes " << block);
    CsvOptions options;
    options.block_bytes = block;
    auto r = CsvReader::open(shared / "data/maven-crm/sales_pipeline.csv", options);
    REQUIRE(r.ok());
    CHECK((*r)->header() == Fields{"opportunity_id", "sales_agent", "product", "account", "deal_stage",
                                   "engage_date", "close_date", "close_value"});
    CsvRow row;
    CsvError error;
    std::int64_t rows = 0;
    Next n;
    while ((n = (*r)->next(row, error)) == Next::kRow) {
      ++rows;
      REQUIRE(row.fields.size() == 8);
      REQUIRE(row.line == rows + 1);
      REQUIRE(row.fields[7].find('\r') == std::string_view::npos);
    }
    CHECK(n == Next::kEnd);
    CHECK(rows == 8800);
    CHECK((*r)->bytes_consumed() == (*r)->total_bytes());
  }
}

TEST_CASE("utf8: validator") {
  using modelfunnel::internal::utf8_first_invalid;
  const std::string ok = "plain ascii, then caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
  CHECK(utf8_first_invalid(ok.data(), ok.size()) == ok.size());
  const std::string bad = "0123456789abcdef\xC1\xBF";
  CHECK(utf8_first_invalid(bad.data(), bad.size()) == 16);
  const std::string trunc = "abcdefgh\xF0\x9F\x98";
  CHECK(utf8_first_invalid(trunc.data(), trunc.size()) == 8);
}
