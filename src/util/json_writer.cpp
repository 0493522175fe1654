#include "util/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace modelfunnel::internal {
namespace {

/// Length of the UTF-8 sequence starting at @p s[i] if it is valid (1 for
/// ASCII), 0 if it is not.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t n;
  std::uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) { n = 2; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { n = 3; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { n = 4; cp = b0 & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are invalid.
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out.append("\xEF\xBF\xBD");  // U+FFFD for a byte that is not UTF-8
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
}

void append_json_double(std::string& out, double v) {
  if (v == 0) {
    out.append(std::signbit(v) ? "-0.0" : "0.0");
    return;
  }
  // Shortest round-trip digits and their exponent, from scientific form.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  const bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits.push_back(c);
  const int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  const int n = exponent + 1;  // position of the decimal point after the first digit
  const int k = static_cast<int>(digits.size());
  if (negative) out.push_back('-');
  if (k <= n && n <= 15) {  // whole: digits, zeros, ".0"
    out.append(digits).append(static_cast<std::size_t>(n - k), '0').append(".0");
  } else if (0 < n && n <= 15) {  // point inside the digits
    out.append(digits, 0, static_cast<std::size_t>(n)).push_back('.');
    out.append(digits, static_cast<std::size_t>(n), std::string::npos);
  } else if (-4 < n && n <= 0) {  // 0.000ddd
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {  // d.ddde±XX
    out.push_back(digits[0]);
    if (k > 1) out.push_back('.'), out.append(digits, 1, std::string::npos);
    out.push_back('e');
    const int x = n - 1;
    out.push_back(x < 0 ? '-' : '+');
    const int ax = std::abs(x);
    if (ax < 10) out.push_back('0');
    out.append(std::to_string(ax));
  }
}

void JsonWriter::newline() {
  out_.push_back('\n');
  out_.append(2 * has_member_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_member_.empty()) return;  // the document itself
  if (has_member_.back()) out_.push_back(',');
  has_member_.back() = true;
  newline();
}

void JsonWriter::key(std::string_view k) {
  if (has_member_.back()) out_.push_back(',');
  has_member_.back() = true;
  newline();
  append_json_string(out_, k);
  out_.append(": ");
  after_key_ = true;
}

void JsonWriter::open(char c) {
  before_value();
  out_.push_back(c);
  has_member_.push_back(false);
}

void JsonWriter::close(char c) {
  const bool any = has_member_.back();
  has_member_.pop_back();
  if (any) newline();
  out_.push_back(c);
}

void JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
}

void JsonWriter::value(std::uint64_t v) {
  before_value();
  out_.append(std::to_string(v));
}

void JsonWriter::value(std::int64_t v) {
  before_value();
  out_.append(std::to_string(v));
}

void JsonWriter::value(double v) {
  before_value();
  if (std::isfinite(v)) append_json_double(out_, v);
  else out_.append("null");
}

void JsonWriter::value(bool v) {
  before_value();
  out_.append(v ? "true" : "false");
}

void JsonWriter::null() {
  before_value();
  out_.append("null");
}

std::string JsonWriter::finish() && {
  out_.push_back('\n');
  return std::move(out_);
}

}  // namespace modelfunnel::internal
