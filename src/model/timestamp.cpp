// ISO-8601 and pattern parsing, and ISO formatting, of UTC instants.
//
// Both grammars fill the same Fields, then one function checks the calendar
// and converts. Syntax errors name the 1-based character where the text
// stopped matching; range errors (day 30 in February) name the field, since
// its position says less than the calendar rule it broke.
//
// Leap seconds (second 60) are rejected: our instants are Unix time, which
// has no place for them, and CRM exports do not produce them.
#include "modelfunnel/timestamp.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "util/civil_time.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::kMicrosPerSecond;
using internal::kSecondsPerDay;

constexpr std::string_view kIsoSpec = "iso8601";
constexpr std::size_t kMaxQuoted = 48;

absl::string_view to_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The text in quotes, escaped and shortened, so that a garbage CSV field
// cannot make an unreadable or multi-kilobyte message.
std::string quoted(std::string_view text) {
  const bool cut = text.size() > kMaxQuoted;
  return absl::StrCat("\"", absl::CHexEscape(to_absl(text.substr(0, kMaxQuoted))),
                      cut ? "...\"" : "\"");
}

absl::Status expected_at(std::string_view text, std::size_t pos, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(quoted(text), " at character ", pos + 1, ": expected ", to_absl(what)));
}

absl::Status out_of_range(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(quoted(text), ": ", to_absl(why)));
}

struct Fields {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  std::int64_t micros = 0;          // fraction of the second
  std::int64_t offset_seconds = 0;  // local time minus UTC
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads min..max digits at pos; false (pos unchanged) when fewer than min.
bool digits(std::string_view text, std::size_t& pos, int min, int max, unsigned& value) {
  std::size_t p = pos;
  unsigned v = 0;
  while (p < text.size() && static_cast<int>(p - pos) < max && is_digit(text[p])) {
    v = v * 10 + static_cast<unsigned>(text[p] - '0');
    ++p;
  }
  if (static_cast<int>(p - pos) < min) return false;
  pos = p;
  value = v;
  return true;
}

bool literal(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// 1 to 6 digits of a second's fraction; a 7th digit is an error rather than
// silently dropped precision.
absl::Status fraction(std::string_view text, std::size_t& pos, Fields& f,
                      std::string_view expectation) {
  static constexpr std::array<std::int64_t, 7> kScale = {1, 100000, 10000, 1000, 100, 10, 1};
  const std::size_t start = pos;
  unsigned v = 0;
  if (!digits(text, pos, 1, 6, v)) return expected_at(text, pos, expectation);
  if (pos < text.size() && is_digit(text[pos])) {
    return expected_at(text, pos, "at most 6 fractional-second digits");
  }
  f.micros = static_cast<std::int64_t>(v) * kScale[pos - start];
  return absl::OkStatus();
}

// `Z`, `+hh:mm`, `+hhmm`, `-hh:mm` or `-hhmm`.
absl::Status offset(std::string_view text, std::size_t& pos, Fields& f,
                    std::string_view expectation) {
  if (literal(text, pos, 'Z')) return absl::OkStatus();
  const std::size_t start = pos;
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return expected_at(text, pos, expectation);
  }
  const bool negative = text[pos] == '-';
  ++pos;
  unsigned hh = 0;
  unsigned mm = 0;
  if (!digits(text, pos, 2, 2, hh)) return expected_at(text, pos, "2-digit offset hours");
  literal(text, pos, ':');
  if (!digits(text, pos, 2, 2, mm)) return expected_at(text, pos, "2-digit offset minutes");
  if (hh > 23 || mm > 59) {
    return out_of_range(text, absl::StrCat("offset ", to_absl(text.substr(start, pos - start)),
                                           " out of range"));
  }
  const std::int64_t s = static_cast<std::int64_t>(hh) * 3600 + mm * 60;
  f.offset_seconds = negative ? -s : s;
  return absl::OkStatus();
}

absl::Status end_of_text(std::string_view text, std::size_t pos) {
  return pos == text.size() ? absl::OkStatus() : expected_at(text, pos, "end of text");
}

// date [ ('T' | ' ') HH:MM [:SS [.f]] [offset] ]
absl::Status parse_iso(std::string_view text, Fields& f) {
  std::size_t pos = 0;
  unsigned y = 0;
  if (!digits(text, pos, 4, 4, y)) return expected_at(text, pos, "4-digit year");
  f.year = y;
  if (!literal(text, pos, '-')) return expected_at(text, pos, "'-' after the year");
  if (!digits(text, pos, 2, 2, f.month)) return expected_at(text, pos, "2-digit month");
  if (!literal(text, pos, '-')) return expected_at(text, pos, "'-' after the month");
  if (!digits(text, pos, 2, 2, f.day)) return expected_at(text, pos, "2-digit day");
  if (pos == text.size()) return absl::OkStatus();

  if (!literal(text, pos, 'T') && !literal(text, pos, ' ')) {
    return expected_at(text, pos, "'T' or ' ' before a time, or end of text");
  }
  if (!digits(text, pos, 2, 2, f.hour)) return expected_at(text, pos, "2-digit hour");
  if (!literal(text, pos, ':')) return expected_at(text, pos, "':' after the hour");
  if (!digits(text, pos, 2, 2, f.minute)) return expected_at(text, pos, "2-digit minute");
  if (pos == text.size()) return absl::OkStatus();

  std::string_view next = "':' and seconds, an offset (Z, +hh:mm, +hhmm) or end of text";
  if (literal(text, pos, ':')) {
    if (!digits(text, pos, 2, 2, f.second)) return expected_at(text, pos, "2-digit second");
    if (pos == text.size()) return absl::OkStatus();
    next = "'.' and a fraction, an offset (Z, +hh:mm, +hhmm) or end of text";
    if (literal(text, pos, '.')) {
      if (auto s = fraction(text, pos, f, "fractional-second digits"); !s.ok()) return s;
      if (pos == text.size()) return absl::OkStatus();
      next = "an offset (Z, +hh:mm, +hhmm) or end of text";
    }
  }
  if (auto s = offset(text, pos, f, next); !s.ok()) return s;
  return end_of_text(text, pos);
}

// Walks the pattern and the text together. The pattern was checked by
// TimeFormat::pattern(), so every '%' here starts a known directive.
absl::Status parse_pattern(std::string_view text, std::string_view pattern, Fields& f) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c != '%' || i + 1 == pattern.size()) {
      if (!literal(text, pos, c)) {
        return expected_at(text, pos, absl::StrCat("'", std::string(1, c), "'"));
      }
      continue;
    }
    const char directive = pattern[++i];
    bool ok = true;
    unsigned y = 0;
    switch (directive) {
      case 'Y':
        if (!digits(text, pos, 4, 4, y)) return expected_at(text, pos, "4-digit year (%Y)");
        f.year = y;
        break;
      case 'm': ok = digits(text, pos, 1, 2, f.month); break;
      case 'd': ok = digits(text, pos, 1, 2, f.day); break;
      case 'H': ok = digits(text, pos, 1, 2, f.hour); break;
      case 'M': ok = digits(text, pos, 1, 2, f.minute); break;
      case 'S': ok = digits(text, pos, 1, 2, f.second); break;
      case 'f':
        if (auto s = fraction(text, pos, f, "1 to 6 fractional-second digits (%f)"); !s.ok()) {
          return s;
        }
        break;
      case 'z':
        if (auto s = offset(text, pos, f, "offset Z, +hh:mm or +hhmm (%z)"); !s.ok()) return s;
        break;
      default:  // '%%'
        if (!literal(text, pos, '%')) return expected_at(text, pos, "'%'");
        break;
    }
    if (!ok) {
      static constexpr std::string_view kNames[] = {"month (%m)", "day (%d)", "hour (%H)",
                                                    "minute (%M)", "second (%S)"};
      const std::size_t k = std::string_view("mdHMS").find(directive);
      return expected_at(text, pos, absl::StrCat("1- or 2-digit ", to_absl(kNames[k])));
    }
  }
  return end_of_text(text, pos);
}

absl::StatusOr<Timestamp> to_timestamp(std::string_view text, const Fields& f) {
  if (f.month < 1 || f.month > 12) {
    return out_of_range(text, absl::StrCat("month ", f.month, " out of range (1-12)"));
  }
  if (f.day < 1 || f.day > internal::days_in_month(f.year, f.month)) {
    return out_of_range(text, absl::StrFormat("day %u out of range for %04d-%02u", f.day,
                                              f.year, f.month));
  }
  if (f.hour > 23) {
    return out_of_range(text, absl::StrCat("hour ", f.hour, " out of range (0-23)"));
  }
  if (f.minute > 59) {
    return out_of_range(text, absl::StrCat("minute ", f.minute, " out of range (0-59)"));
  }
  if (f.second > 59) {
    return out_of_range(text, absl::StrCat("second ", f.second,
                                           " out of range (0-59; leap seconds are not supported)"));
  }
  const std::int64_t seconds = internal::days_from_civil(f.year, f.month, f.day) * kSecondsPerDay +
                               f.hour * 3600 + f.minute * 60 + f.second - f.offset_seconds;
  return Timestamp::from_micros(seconds * kMicrosPerSecond + f.micros);
}

}  // namespace

TimeFormat TimeFormat::iso8601() { return TimeFormat(std::string(kIsoSpec)); }

absl::StatusOr<TimeFormat> TimeFormat::pattern(std::string_view pattern) {
  std::string seen;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    if (i + 1 == pattern.size()) {
      return absl::InvalidArgumentError(absl::StrCat("time pattern \"", to_absl(pattern),
                                                     "\" ends with a lone '%' (write %% for a "
                                                     "percent sign)"));
    }
    const char d = pattern[++i];
    if (d == '%') continue;
    if (std::string_view("YmdHMSfz").find(d) == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("time pattern \"", to_absl(pattern), "\": unknown directive %",
                       std::string(1, d), " (known: %Y %m %d %H %M %S %f %z %%)"));
    }
    if (seen.find(d) != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "time pattern \"", to_absl(pattern), "\": directive %", std::string(1, d), " repeated"));
    }
    seen += d;
  }
  // Without a year there is no date to default the other fields from.
  if (seen.find('Y') == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("time pattern \"", to_absl(pattern), "\" has no year (%Y)"));
  }
  return TimeFormat(std::string(pattern));
}

absl::StatusOr<Timestamp> parse_timestamp(std::string_view text, const TimeFormat& format) {
  return internal::no_throw("parse_timestamp", [&]() -> absl::StatusOr<Timestamp> {
    if (format.is_iso8601()) {
      if (auto us = internal::parse_iso8601_fast(text)) return Timestamp::from_micros(*us);
    }
    Fields f;
    absl::Status s = format.is_iso8601() ? parse_iso(text, f) : parse_pattern(text, format.spec(), f);
    if (!s.ok()) return s;
    return to_timestamp(text, f);
  });
}

std::string format_timestamp(Timestamp t) {
  // Floor division: 1969-12-31T23:59:59.5Z is -500000 micros, whose second
  // is -1 and whose fraction is +500000.
  std::int64_t secs = t.micros() / kMicrosPerSecond;
  std::int64_t micros = t.micros() % kMicrosPerSecond;
  if (micros < 0) {
    micros += kMicrosPerSecond;
    --secs;
  }
  std::int64_t days = secs / kSecondsPerDay;
  std::int64_t sod = secs % kSecondsPerDay;
  if (sod < 0) {
    sod += kSecondsPerDay;
    --days;
  }
  const internal::CivilDay c = internal::civil_from_days(days);

  std::string out;
  out.reserve(32);
  // Years outside 0..9999 (only from extreme instants) get a sign, ISO-8601's
  // expanded form; parse_timestamp() does not read those back.
  if (c.year < 0 || c.year > 9999) out += c.year < 0 ? '-' : '+';
  const std::uint64_t year = c.year < 0 ? static_cast<std::uint64_t>(-c.year)
                                        : static_cast<std::uint64_t>(c.year);
  const std::string year_digits = std::to_string(year);
  out.append(year_digits.size() < 4 ? 4 - year_digits.size() : 0, '0');
  out += year_digits;
  auto two = [&out](std::int64_t v, char before) {
    out += before;
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  };
  two(c.month, '-');
  two(c.day, '-');
  two(sod / 3600, 'T');
  two(sod / 60 % 60, ':');
  two(sod % 60, ':');
  if (micros != 0) {
    out += '.';
    for (std::int64_t div = 100000; div > 0; div /= 10) {
      out += static_cast<char>('0' + micros / div % 10);
    }
  }
  out += 'Z';
  return out;
}

}  // namespace modelfunnel
