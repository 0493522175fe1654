// Renders a Report as text tables, CSV or JSON; see output.hpp.
#include "output.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "args.hpp"

namespace modelfunnel::cli {
namespace {

bool is_number(const Cell& c) {
  return std::holds_alternative<std::uint64_t>(c) || std::holds_alternative<std::int64_t>(c) ||
         std::holds_alternative<double>(c) || std::holds_alternative<Money>(c);
}

// Shortest text that reads back as the same double (CSV), or six significant
// digits (people) — and in plain decimals, never `1e+06` for a million: for
// CSV from 1e-5 to below 1e16 (the library's CSV tables spell numbers the
// same way), for people whole numbers from a million to below 1e16.
std::string format_double(double v, bool exact) {
  const double a = std::fabs(v);
  if (exact) {
    char buf[64];
    const bool plain = a == 0 || (a >= 1e-5 && a < 1e16);
    const auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                                 : std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, a >= 1e6 && a < 1e16 ? "%.0f" : "%.6g", v);
  return buf;
}

// Money for people: whole currency units, rounded half away from zero, with
// a comma every three digits and never an exponent (16441900.4 -> 16,441,900).
std::string format_money(double v) {
  if (!std::isfinite(v)) return format_double(v, false);
  char buf[400];  // the largest double has 309 digits
  std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
  std::string_view digits(buf);
  const bool negative = digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  std::string out = negative && digits != "0" ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// Text of a cell; @p csv selects the machine spelling (empty for missing,
// exact doubles, `;`-joined lists).
std::string text(const Cell& c, bool csv) {
  return std::visit(
      [csv](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return csv ? "" : "-";
        else if constexpr (std::is_same_v<T, std::string>) return v;
        else if constexpr (std::is_same_v<T, double>) return format_double(v, csv);
        else if constexpr (std::is_same_v<T, Money>)
          return csv ? format_double(v.value, true) : format_money(v.value);
        else if constexpr (std::is_same_v<T, std::vector<std::string>>) return join(v, csv ? ";" : ", ");
        else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        else return std::to_string(v);
      },
      c);
}

// Display width in code points, so UTF-8 stage names still line up.
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

void pad(std::ostream& out, std::string_view s, std::size_t w, bool right) {
  const std::size_t n = width(s);
  if (right) out << std::string(w > n ? w - n : 0, ' ') << s;
  else out << s << std::string(w > n ? w - n : 0, ' ');
}

void print_single(const Table& t, std::ostream& out) {
  std::size_t w = 0;
  for (const std::string& c : t.columns) w = std::max(w, width(c));
  out << t.title << '\n';
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out << "  ";
    pad(out, t.columns[i], w, false);
    out << "  " << text(t.rows.front()[i], false) << '\n';
  }
}

void print_rows(const Table& t, std::ostream& out) {
  out << t.title << '\n';
  if (t.rows.empty()) {
    out << "  (none)\n";
    return;
  }
  const std::size_t n = t.columns.size();
  std::vector<std::size_t> w(n);
  std::vector<bool> right(n, true);
  std::vector<std::vector<std::string>> cells;
  for (std::size_t i = 0; i < n; ++i) w[i] = width(t.columns[i]);
  for (const auto& row : t.rows) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < n; ++i) {
      line.push_back(text(row[i], false));
      w[i] = std::max(w[i], width(line.back()));
      if (!is_number(row[i]) && !std::holds_alternative<std::monostate>(row[i])) right[i] = false;
    }
  }
  auto print_line = [&](const std::vector<std::string>& line, bool header) {
    std::string buf;
    out << ' ';
    for (std::size_t i = 0; i < n; ++i) {
      out << ' ';
      // The last column is not padded on the left-aligned side: no trailing blanks.
      if (i + 1 == n && !(right[i] && !header)) out << line[i];
      else pad(out, line[i], w[i], right[i]);
      if (i + 1 < n) out << ' ';
    }
    out << '\n';
  };
  print_line(t.columns, true);
  for (const auto& line : cells) print_line(line, false);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

void print_csv(const Report& report, std::ostream& out) {
  bool first = true;
  for (const Table& t : report.tables) {
    if (!first) out << '\n';
    first = false;
    out << "section";
    for (const std::string& c : t.columns) out << ',' << csv_field(c);
    out << '\n';
    for (const auto& row : t.rows) {
      out << csv_field(t.name);
      for (const Cell& c : row) out << ',' << csv_field(text(c, true));
      out << '\n';
    }
  }
}

nlohmann::ordered_json json_value(const Cell& c) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else if constexpr (std::is_same_v<T, Money>) return v.value;
        else return v;
      },
      c);
}

void print_json(const Report& report, std::ostream& out) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const Table& t : report.tables) {
    auto row_object = [&](const std::vector<Cell>& row) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (std::size_t i = 0; i < t.columns.size(); ++i) o[t.columns[i]] = json_value(row[i]);
      return o;
    };
    if (t.single) {
      doc[t.name] = row_object(t.rows.front());
    } else {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& row : t.rows) rows.push_back(row_object(row));
      doc[t.name] = std::move(rows);
    }
  }
  // Invalid UTF-8 (from a user's data) is replaced rather than failing the output.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace

Format parse_format(std::string_view flag, std::string_view value) {
  if (value == "table") return Format::kTable;
  if (value == "csv") return Format::kCsv;
  if (value == "json") return Format::kJson;
  throw UsageError(std::string(flag) + ": expected one of table, csv, json; got '" +
                   std::string(value) + "'");
}

void Table::add_row(std::vector<Cell> row) {
  row.resize(columns.size());
  rows.push_back(std::move(row));
}

Table& Report::add(std::string name, std::string title, std::vector<std::string> columns) {
  return tables.emplace_back(Table{std::move(name), std::move(title), std::move(columns), {}, false});
}

Table& Report::add_single(std::string name, std::string title) {
  return tables.emplace_back(Table{std::move(name), std::move(title), {}, {{}}, true});
}

void set(Table& single, std::string column, Cell value) {
  auto& row = single.rows.front();
  for (std::size_t i = 0; i < single.columns.size(); ++i) {
    if (single.columns[i] == column) {
      row[i] = std::move(value);
      return;
    }
  }
  single.columns.push_back(std::move(column));
  row.push_back(std::move(value));
}

void print(const Report& report, Format format, std::ostream& out, std::ostream& err) {
  switch (format) {
    case Format::kCsv:
      print_csv(report, out);
      break;
    case Format::kJson:
      print_json(report, out);
      break;
    case Format::kTable: {
      bool first = true;
      for (const Table& t : report.tables) {
        if (!first) out << '\n';
        first = false;
        if (t.single) print_single(t, out);
        else print_rows(t, out);
      }
      if (!report.notes.empty()) out << '\n';
      for (const std::string& n : report.notes) out << n << '\n';
      out.flush();
      return;
    }
  }
  out.flush();
  for (const std::string& n : report.notes) err << n << '\n';
}

}  // namespace modelfunnel::cli
