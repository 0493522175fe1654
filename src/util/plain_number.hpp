// plain_number.hpp — a number as a fit model and a columnar CSV read it:
// `-1234.5`, `1e3`, one leading `+`; nothing else (no blanks, no
// thousands separators, no `nan` or `inf`). One function, so that a
// column parsed while a file is read (csv_columns.hpp) and a cell parsed
// while it is scored (the tiering engine) agree on every text.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace modelfunnel::internal {

/// Plain decimals (`-1234.5`: at most 15 digits, so the digits are an exact
/// double, and the power of ten is one too) are one exact division, which
/// IEEE rounds correctly: the same double as from_chars, several times
/// faster on the millions of numbers of a large accounts file.
inline std::optional<double> plain_decimal(std::string_view text) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::size_t i = 0;
  const bool negative = !text.empty() && (text[0] == '-' || text[0] == '+');
  if (negative) {
    if (text[0] == '+') return std::nullopt;  // the caller strips one '+'
    i = 1;
  }
  std::uint64_t digits = 0;
  int count = 0, fraction = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (++count > 15) return std::nullopt;
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      fraction += point;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (count == 0 || (point && fraction == 0) || text[negative ? 1 : 0] == '.') return std::nullopt;
  const double v = static_cast<double>(digits) / kPow10[fraction];
  return negative ? -v : v;
}

/// @p text (trimmed already) as a finite number, or nullopt.
inline std::optional<double> plain_number(std::string_view text) {
  double v = 0;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (const auto fast = plain_decimal(text)) return fast;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace modelfunnel::internal
