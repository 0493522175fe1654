// Exact decimal amounts: text <-> ten-thousandths in an int64.
//
// Parsing accumulates the magnitude in uint64 so that the most negative
// amount (-922337203685477.5808) is reachable and overflow is detected
// before it happens rather than after.
#include "modelfunnel/amount.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

constexpr int kFractionDigits = 4;
constexpr std::size_t kMaxQuoted = 48;

absl::Status invalid(std::string_view text, std::string_view why) {
  const bool cut = text.size() > kMaxQuoted;
  const std::string_view shown = text.substr(0, kMaxQuoted);
  return absl::InvalidArgumentError(
      absl::StrCat("amount \"", absl::CHexEscape(absl::string_view(shown.data(), shown.size())),
                   cut ? "...\": " : "\": ", absl::string_view(why.data(), why.size())));
}

// Why parsing stopped at character `c` (1-based position `pos`).
absl::Status unexpected(std::string_view text, std::size_t pos) {
  const char c = text[pos];
  if (c == 'e' || c == 'E') return invalid(text, "exponent notation is not supported");
  if (c == ',') {
    return invalid(text, "',' is not allowed (no thousands separators or decimal commas)");
  }
  return invalid(text, absl::StrCat("not a number: unexpected character at position ", pos + 1,
                                    "; expected [+-]digits[.digits]"));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

absl::StatusOr<Amount> parse_amount(std::string_view text) {
  return internal::no_throw("parse_amount", [&]() -> absl::StatusOr<Amount> {
    if (text.empty()) return invalid(text, "empty");
    std::size_t pos = 0;
    const bool negative = text[0] == '-';
    if (text[0] == '-' || text[0] == '+') ++pos;

    // Largest magnitude, in ten-thousandths: 2^63 - 1, or 2^63 when negative.
    const std::uint64_t limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
    std::uint64_t magnitude = 0;  // in units until the fraction is scaled in
    const std::size_t int_start = pos;
    constexpr std::uint64_t kUnitLimit = static_cast<std::uint64_t>(
        std::numeric_limits<std::int64_t>::max() / Amount::kScale + 1);
    while (pos < text.size() && is_digit(text[pos])) {
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(text[pos] - '0');
      // Past this the later multiplication by kScale could wrap.
      if (magnitude > kUnitLimit) return invalid(text, "out of range for a 64-bit amount");
      ++pos;
    }
    if (pos == int_start) {
      if (pos == text.size()) return invalid(text, "not a number: no digits");
      if (text[pos] != '.') return unexpected(text, pos);
      return invalid(text, "not a number: expected a digit before '.'");
    }

    std::uint64_t fraction = 0;
    int fraction_digits = 0;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const std::size_t frac_start = pos;
      while (pos < text.size() && is_digit(text[pos])) {
        if (++fraction_digits > kFractionDigits) {
          return invalid(text, "more than 4 fractional digits (amounts are exact to 0.0001)");
        }
        fraction = fraction * 10 + static_cast<std::uint64_t>(text[pos] - '0');
        ++pos;
      }
      if (pos == frac_start) return invalid(text, "not a number: expected a digit after '.'");
    }
    if (pos != text.size()) return unexpected(text, pos);

    for (int i = fraction_digits; i < kFractionDigits; ++i) fraction *= 10;
    const std::uint64_t scaled = magnitude * static_cast<std::uint64_t>(Amount::kScale) + fraction;
    if (scaled > limit) return invalid(text, "out of range for a 64-bit amount");
    // Two's complement: negating the uint64 then converting gives INT64_MIN
    // for 2^63 without signed overflow.
    const std::int64_t value =
        negative ? static_cast<std::int64_t>(~scaled + 1) : static_cast<std::int64_t>(scaled);
    return Amount::from_scaled(value);
  });
}

std::string format_amount(Amount a) {
  const bool negative = a.scaled() < 0;
  const std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(a.scaled()) + 1
                                           : static_cast<std::uint64_t>(a.scaled());
  const auto scale = static_cast<std::uint64_t>(Amount::kScale);
  std::string out = absl::StrCat(negative ? "-" : "", magnitude / scale);
  std::uint64_t fraction = magnitude % scale;
  if (fraction != 0) {
    char digits[kFractionDigits];
    for (int i = kFractionDigits - 1; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    int len = kFractionDigits;
    while (digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, static_cast<std::size_t>(len));
  }
  return out;
}

}  // namespace modelfunnel
