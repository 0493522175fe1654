/// @file timestamp.hpp
/// @brief UTC instants and the date/time formats CRM exports use.
///
/// Every time in modelfunnel is a UTC instant with microsecond resolution.
/// Text is parsed either as ISO-8601 (dates, and date-times with `Z` or a
/// numeric offset) or with an explicit strftime-like pattern declared per
/// column in a mapping file:
///
/// @code
/// auto iso = modelfunnel::TimeFormat::iso8601();
/// auto t = modelfunnel::parse_timestamp("2024-03-01T09:30:00+02:00", iso);
/// // *t == 2024-03-01T07:30:00Z
/// auto us = modelfunnel::TimeFormat::pattern("%m/%d/%Y");
/// auto d = modelfunnel::parse_timestamp("03/01/2024", *us);  // midnight UTC
/// @endcode
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace modelfunnel {

/// A UTC instant: microseconds since 1970-01-01T00:00:00Z.
///
/// A plain value type; missing times are expressed as
/// `std::optional<Timestamp>` in the API, never as a magic value.
class Timestamp {
 public:
  /// The Unix epoch.
  constexpr Timestamp() = default;

  /// The instant @p micros microseconds after the Unix epoch (negative: before).
  static constexpr Timestamp from_micros(std::int64_t micros) {
    Timestamp t;
    t.micros_ = micros;
    return t;
  }

  /// The instant @p seconds seconds after the Unix epoch.
  static constexpr Timestamp from_seconds(std::int64_t seconds) {
    return from_micros(seconds * 1'000'000);
  }

  /// Microseconds since the Unix epoch.
  constexpr std::int64_t micros() const { return micros_; }

  /// Instants order by time.
  constexpr auto operator<=>(const Timestamp&) const = default;

 private:
  std::int64_t micros_ = 0;
};

/// How a text column spells its times.
///
/// Either ISO-8601 (`2024-03-01`, `2024-03-01T09:30:00Z`,
/// `2024-03-01 09:30:00.250+02:00`; a date alone means midnight UTC; a
/// date-time without an offset is taken as UTC) or an explicit pattern.
///
/// Pattern directives: `%Y` (4-digit year), `%m` `%d` `%H` `%M` `%S`
/// (1 or 2 digits), `%f` (1 to 6 fractional-second digits), `%z` (`Z`,
/// `+hh:mm`, `+hhmm`), `%%` (a literal percent sign); every other character
/// must match itself. Fields a pattern leaves out default to the start of the
/// day / month; times without `%z` are UTC.
class TimeFormat {
 public:
  /// ISO-8601 dates and date-times (the default).
  static TimeFormat iso8601();

  /// An explicit pattern such as `%m/%d/%Y` or `%d-%m-%Y %H:%M`.
  /// @return InvalidArgument naming the offending directive when the pattern
  ///         uses a directive not listed above, or repeats one.
  static absl::StatusOr<TimeFormat> pattern(std::string_view pattern);

  /// `"iso8601"` or the pattern text, as written in mapping files.
  const std::string& spec() const { return spec_; }

  /// True for the ISO-8601 format.
  bool is_iso8601() const { return spec_ == "iso8601"; }

 private:
  explicit TimeFormat(std::string spec) : spec_(std::move(spec)) {}
  std::string spec_;
};

/// Parses @p text as a UTC instant according to @p format.
///
/// Checks calendar validity (no 2023-02-29, no hour 24) and rejects trailing
/// characters.
/// @return InvalidArgument whose message says what was expected and at which
///         character of @p text parsing stopped.
absl::StatusOr<Timestamp> parse_timestamp(std::string_view text,
                                          const TimeFormat& format);

/// Formats @p t as ISO-8601 UTC: `2024-03-01T07:30:00Z`, with `.ffffff`
/// fractional seconds only when they are not zero.
std::string format_timestamp(Timestamp t);

}  // namespace modelfunnel
