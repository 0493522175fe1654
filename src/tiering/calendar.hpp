// Days and calendar months for coverage: a cadence of "6 months" runs from
// the first touch's date to the same day six months on (the month's last
// day when it has no such day: 31 August + 6 months is 28 or 29 February).
#pragma once

#include <cstdint>

#include "modelfunnel/timestamp.hpp"

namespace modelfunnel::internal::tiering {

/// The mean length of a month (365.2425 / 12 days), for paces.
inline constexpr double kDaysPerMonth = 30.436875;

/// Days since 1970-01-01 of the UTC date of @p t.
inline std::int64_t day_of(Timestamp t) {
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  const std::int64_t m = t.micros();
  return m >= 0 ? m / kMicrosPerDay : -((-m + kMicrosPerDay - 1) / kMicrosPerDay);
}

/// The civil date of day @p z (H. Hinnant's days_from_civil, inverted).
inline void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

/// Day number of the civil date @p y-@p m-@p d.
inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Day @p day plus @p months calendar months, the day clamped to the month's end.
inline std::int64_t add_months(std::int64_t day, std::uint64_t months) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  const std::int64_t total = static_cast<std::int64_t>(m) - 1 + static_cast<std::int64_t>(months);
  y += total / 12;
  m = static_cast<unsigned>(total % 12) + 1;
  static constexpr unsigned kLength[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const unsigned last = m == 2 && leap ? 29 : kLength[m - 1];
  return days_from_civil(y, m, d < last ? d : last);
}

}  // namespace modelfunnel::internal::tiering
