// Calendar arithmetic and the fast ISO-8601 path for the loaders.
//
// The CSV loader converts millions of dates; absl::CivilTime and the general
// parse_timestamp() are correct but too slow for that, so the exact shapes CRM
// exports use are parsed here inline. Anything else (offsets, fractions,
// errors) falls back to parse_timestamp(), which also explains failures.
//
//   if (auto us = internal::parse_iso8601_fast(field)) t = *us;
//   else t = parse_timestamp(field, TimeFormat::iso8601());  // slow path
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace modelfunnel::internal {

inline constexpr std::int64_t kMicrosPerSecond = 1'000'000;
inline constexpr std::int64_t kSecondsPerDay = 86'400;

/// Days from 1970-01-01 to @p y-@p m-@p d in the proleptic Gregorian calendar
/// (Howard Hinnant's days_from_civil). @pre 1 <= m <= 12, 1 <= d <= 31.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);          // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDay {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

/// Inverse of days_from_civil (Hinnant's civil_from_days).
constexpr CivilDay civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                  // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap_year(std::int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/// Days in month @p m (1..12) of year @p y.
constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned char kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29u : kDays[m - 1];
}

namespace detail {
// The value of two ASCII digits at p, or a value >= 100 when either is not a
// digit (unsigned wrap-around turns characters below '0' into huge values).
constexpr unsigned two_digits(const char* p) {
  const unsigned a = static_cast<unsigned char>(p[0]) - '0';
  const unsigned b = static_cast<unsigned char>(p[1]) - '0';
  return (a > 9 || b > 9) ? 100u : a * 10 + b;
}
}  // namespace detail

/// Microseconds since the epoch for exactly `YYYY-MM-DD`,
/// `YYYY-MM-DDTHH:MM:SS` / `YYYY-MM-DD HH:MM:SS` (UTC) or
/// `YYYY-MM-DDTHH:MM:SSZ`, with a valid calendar date and time; nullopt for
/// any other text — then call parse_timestamp(), which accepts the rest of
/// ISO-8601 and says what is wrong.
constexpr std::optional<std::int64_t> parse_iso8601_fast(std::string_view s) {
  const std::size_t n = s.size();
  if (n != 10 && n != 19 && n != 20) return std::nullopt;
  const char* p = s.data();
  const unsigned y_hi = detail::two_digits(p);
  const unsigned y_lo = detail::two_digits(p + 2);
  const unsigned m = detail::two_digits(p + 5);
  const unsigned d = detail::two_digits(p + 8);
  if (y_hi > 99 || y_lo > 99 || p[4] != '-' || p[7] != '-' || m - 1 > 11 || d == 0) {
    return std::nullopt;
  }
  const std::int64_t y = y_hi * 100 + y_lo;
  if (d > days_in_month(y, m)) return std::nullopt;
  std::int64_t seconds = days_from_civil(y, m, d) * kSecondsPerDay;
  if (n > 10) {
    if ((p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':') return std::nullopt;
    if (n == 20 && p[19] != 'Z') return std::nullopt;
    const unsigned hh = detail::two_digits(p + 11);
    const unsigned mm = detail::two_digits(p + 14);
    const unsigned ss = detail::two_digits(p + 17);
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    seconds += hh * 3600 + mm * 60 + ss;
  }
  return seconds * kMicrosPerSecond;
}

}  // namespace modelfunnel::internal
