// Periods as people write them: 2027-Q1, 2027-03, 2027, 2027-W05, FROM..TO.
#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"
#include "util/civil_time.hpp"

namespace modelfunnel {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

Timestamp day(std::int64_t y, unsigned m, unsigned d) {
  return Timestamp::from_micros(internal::days_from_civil(y, m, d) * kMicrosPerDay);
}

bool digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::int64_t number(std::string_view s) {
  std::int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string iso_day(Timestamp t) {
  const auto c = internal::civil_from_days(t.micros() / kMicrosPerDay);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

}  // namespace

absl::StatusOr<Period> parse_period(std::string_view text) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat("period '", std::string(text),
                                                   "': expected YYYY-Qn, YYYY-MM, YYYY, YYYY-Www or FROM..TO (ISO dates)"));
  };
  if (const std::size_t dots = text.find(".."); dots != std::string_view::npos) {
    auto from = parse_timestamp(text.substr(0, dots), TimeFormat::iso8601());
    auto to = parse_timestamp(text.substr(dots + 2), TimeFormat::iso8601());
    if (!from.ok() || !to.ok()) return bad();
    if (!(*from < *to)) return absl::InvalidArgumentError(absl::StrCat("period '", std::string(text), "': FROM must be before TO"));
    return Period{*from, *to};
  }
  if (text.size() < 4 || !digits(text.substr(0, 4), 4)) return bad();
  const std::int64_t y = number(text.substr(0, 4));
  if (text.size() == 4) return Period{day(y, 1, 1), day(y + 1, 1, 1)};
  if (text[4] != '-') return bad();
  const std::string_view rest = text.substr(5);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    const unsigned q = static_cast<unsigned>(rest[1] - '1');
    const Timestamp b = day(y, 3 * q + 1, 1);
    return Period{b, q == 3 ? day(y + 1, 1, 1) : day(y, 3 * q + 4, 1)};
  }
  if (digits(rest, 2)) {
    const auto m = static_cast<unsigned>(number(rest));
    if (m < 1 || m > 12) return bad();
    return Period{day(y, m, 1), m == 12 ? day(y + 1, 1, 1) : day(y, m + 1, 1)};
  }
  if (rest.size() == 3 && (rest[0] == 'W' || rest[0] == 'w') && digits(rest.substr(1), 2)) {
    const std::int64_t w = number(rest.substr(1));
    // ISO week 1 holds January 4th; weeks start on Monday.
    const std::int64_t jan4 = internal::days_from_civil(y, 1, 4);
    const std::int64_t weekday = ((jan4 % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
    const std::int64_t week1 = jan4 - weekday;
    const std::int64_t last_week = (internal::days_from_civil(y + 1, 1, 4) - ((internal::days_from_civil(y + 1, 1, 4) % 7 + 7 + 3) % 7) - week1) / 7;
    if (w < 1 || w > last_week) return bad();
    const std::int64_t start = week1 + 7 * (w - 1);
    return Period{Timestamp::from_micros(start * kMicrosPerDay), Timestamp::from_micros((start + 7) * kMicrosPerDay)};
  }
  return bad();
}

std::string to_string(const Period& p) {
  const auto b = internal::civil_from_days(p.begin.micros() / kMicrosPerDay);
  const bool midnight = p.begin.micros() % kMicrosPerDay == 0;
  if (midnight && b.day == 1) {
    if (b.month == 1 && p.end == day(b.year + 1, 1, 1)) return std::to_string(b.year);
    if ((b.month - 1) % 3 == 0 && p.end == (b.month == 10 ? day(b.year + 1, 1, 1) : day(b.year, b.month + 3, 1)))
      return absl::StrCat(b.year, "-Q", (b.month - 1) / 3 + 1);
    if (p.end == (b.month == 12 ? day(b.year + 1, 1, 1) : day(b.year, b.month + 1, 1))) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(b.year), b.month);
      return buf;
    }
  }
  return iso_day(p.begin) + ".." + iso_day(p.end);
}

}  // namespace modelfunnel
