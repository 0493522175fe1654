// Timestamp parsing and formatting, against hand-computed epoch values.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "util/civil_time.hpp"
#include "modelfunnel/timestamp.hpp"

namespace mf = modelfunnel;

namespace {

constexpr std::int64_t kDay = 86'400;
// 2024-01-01T00:00:00Z; 2024 is a leap year, so 2024-03-01 is 31 + 29 days on.
constexpr std::int64_t k2024 = 1'704'067'200;
constexpr std::int64_t k20240229 = k2024 + 59 * kDay;
constexpr std::int64_t k20240301 = k2024 + 60 * kDay;

std::int64_t iso_seconds(const std::string& text) {
  auto t = mf::parse_timestamp(text, mf::TimeFormat::iso8601());
  INFO(text << ": " << t.status());
  REQUIRE(t.ok());
  CHECK(t->micros() % 1'000'000 == 0);
  return t->micros() / 1'000'000;
}

std::string iso_error(const std::string& text) {
  auto t = mf::parse_timestamp(text, mf::TimeFormat::iso8601());
  INFO(text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(t.status().message());
}

mf::TimeFormat pattern(const std::string& p) {
  auto f = mf::TimeFormat::pattern(p);
  INFO(p << ": " << f.status());
  REQUIRE(f.ok());
  return *f;
}

}  // namespace

TEST_CASE("days_from_civil and civil_from_days agree on known days", "[timestamp]") {
  using mf::internal::days_from_civil;
  STATIC_REQUIRE(days_from_civil(1970, 1, 1) == 0);
  STATIC_REQUIRE(days_from_civil(2000, 3, 1) == 11'017);
  STATIC_REQUIRE(days_from_civil(1969, 12, 31) == -1);
  STATIC_REQUIRE(days_from_civil(0, 1, 1) == -719'528);
  for (std::int64_t d = days_from_civil(1600, 1, 1); d < days_from_civil(2400, 1, 1); ++d) {
    const auto c = mf::internal::civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
  }
}

TEST_CASE("ISO dates and date-times give known epoch values", "[timestamp]") {
  CHECK(iso_seconds("1970-01-01") == 0);
  CHECK(iso_seconds("2024-01-01T00:00:00Z") == k2024);
  CHECK(iso_seconds("2024-01-01") == k2024);
  CHECK(iso_seconds("2000-01-01T00:00:00Z") == 946'684'800);
  CHECK(iso_seconds("1900-01-01") == -2'208'988'800);
  CHECK(iso_seconds("1969-12-31T23:59:59Z") == -1);
  CHECK(iso_seconds("0000-01-01") == -62'167'219'200);
  CHECK(iso_seconds("9999-12-31T23:59:59Z") == 253'402'300'799);
  CHECK(iso_seconds("2024-02-29") == k20240229);
  CHECK(iso_seconds("2000-02-29") == 951'782'400);  // divisible by 400: leap
}

TEST_CASE("ISO time shapes: T or space, HH:MM, no offset means UTC", "[timestamp]") {
  const std::int64_t t1015 = k2024 + 10 * 3600 + 15 * 60;
  CHECK(iso_seconds("2024-01-01T10:15") == t1015);
  CHECK(iso_seconds("2024-01-01 10:15") == t1015);
  CHECK(iso_seconds("2024-01-01T10:15Z") == t1015);
  CHECK(iso_seconds("2024-01-01T10:15:00") == t1015);
  CHECK(iso_seconds("2024-01-01 10:15:00") == t1015);
  CHECK(iso_seconds("2024-01-01 10:15:00Z") == t1015);
  CHECK(iso_seconds("2024-01-01T10:15:07Z") == t1015 + 7);
}

TEST_CASE("ISO offsets shift to UTC", "[timestamp]") {
  // One hour ahead of UTC just after midnight is the previous (leap) day.
  CHECK(iso_seconds("2024-03-01T00:30:00+01:00") == k20240229 + 23 * 3600 + 30 * 60);
  CHECK(iso_seconds("2024-01-01T00:00:00-05:00") == k2024 + 5 * 3600);
  CHECK(iso_seconds("2024-01-01T05:30:00+0530") == k2024);
  CHECK(iso_seconds("2024-01-01T00:00:00-0000") == k2024);
  CHECK(iso_seconds("2024-01-01T10:15+02:00") == k2024 + 8 * 3600 + 15 * 60);
  auto t = mf::parse_timestamp("2024-03-01T09:30:00+02:00", mf::TimeFormat::iso8601());
  REQUIRE(t.ok());
  CHECK(*t == mf::Timestamp::from_seconds(k20240301 + 7 * 3600 + 30 * 60));
}

TEST_CASE("ISO fractional seconds: 1 to 6 digits", "[timestamp]") {
  const auto iso = mf::TimeFormat::iso8601();
  const std::int64_t base = (k20240301 + 7 * 3600 + 30 * 60) * 1'000'000;
  auto t = mf::parse_timestamp("2024-03-01 09:30:00.250+02:00", iso);
  REQUIRE(t.ok());
  CHECK(t->micros() == base + 250'000);
  CHECK(mf::parse_timestamp("2024-03-01T07:30:00.5Z", iso)->micros() == base + 500'000);
  CHECK(mf::parse_timestamp("2024-03-01T07:30:00.000001Z", iso)->micros() == base + 1);
  CHECK(mf::parse_timestamp("2024-03-01T07:30:00.123456", iso)->micros() == base + 123'456);
  CHECK(iso_error("2024-03-01T07:30:00.1234567Z") ==
        "\"2024-03-01T07:30:00.1234567Z\" at character 27: expected at most 6 fractional-second "
        "digits");
  CHECK(iso_error("2024-03-01T07:30:00.Z") ==
        "\"2024-03-01T07:30:00.Z\" at character 21: expected fractional-second digits");
}

TEST_CASE("ISO calendar and clock ranges are checked", "[timestamp]") {
  CHECK(iso_error("2024-02-30") == "\"2024-02-30\": day 30 out of range for 2024-02");
  CHECK(iso_error("2023-02-29") == "\"2023-02-29\": day 29 out of range for 2023-02");
  CHECK(iso_error("1900-02-29") == "\"1900-02-29\": day 29 out of range for 1900-02");
  CHECK(iso_error("2024-04-31") == "\"2024-04-31\": day 31 out of range for 2024-04");
  CHECK(iso_error("2024-01-00") == "\"2024-01-00\": day 0 out of range for 2024-01");
  CHECK(iso_error("2024-13-01") == "\"2024-13-01\": month 13 out of range (1-12)");
  CHECK(iso_error("2024-00-01") == "\"2024-00-01\": month 0 out of range (1-12)");
  CHECK(iso_error("2024-01-01T24:00:00Z") ==
        "\"2024-01-01T24:00:00Z\": hour 24 out of range (0-23)");
  CHECK(iso_error("2024-01-01T23:60:00Z") ==
        "\"2024-01-01T23:60:00Z\": minute 60 out of range (0-59)");
  CHECK(iso_error("2016-12-31T23:59:60Z") ==
        "\"2016-12-31T23:59:60Z\": second 60 out of range (0-59; leap seconds are not "
        "supported)");
  CHECK(iso_error("2024-01-01T00:00:00+24:00") ==
        "\"2024-01-01T00:00:00+24:00\": offset +24:00 out of range");
}

TEST_CASE("ISO syntax errors say what was expected and where", "[timestamp]") {
  CHECK(iso_error("") == "\"\" at character 1: expected 4-digit year");
  CHECK(iso_error("24-01-01") == "\"24-01-01\" at character 1: expected 4-digit year");
  CHECK(iso_error("2024/01/01") ==
        "\"2024/01/01\" at character 5: expected '-' after the year");
  CHECK(iso_error("2024-1-01") == "\"2024-1-01\" at character 6: expected 2-digit month");
  CHECK(iso_error("2024-01-1") == "\"2024-01-1\" at character 9: expected 2-digit day");
  CHECK(iso_error("2024-01-01X") ==
        "\"2024-01-01X\" at character 11: expected 'T' or ' ' before a time, or end of text");
  CHECK(iso_error("2024-01-01T") == "\"2024-01-01T\" at character 12: expected 2-digit hour");
  CHECK(iso_error("2024-01-01T9:00") ==
        "\"2024-01-01T9:00\" at character 12: expected 2-digit hour");
  CHECK(iso_error("2024-01-01T09") ==
        "\"2024-01-01T09\" at character 14: expected ':' after the hour");
  CHECK(iso_error("2024-01-01T00:00:00Zjunk") ==
        "\"2024-01-01T00:00:00Zjunk\" at character 21: expected end of text");
  CHECK(iso_error("2024-01-01T00:00:00+01") ==
        "\"2024-01-01T00:00:00+01\" at character 23: expected 2-digit offset minutes");
  CHECK(iso_error("2024-01-01T00:00:00 ") ==
        "\"2024-01-01T00:00:00 \" at character 20: expected '.' and a fraction, an offset (Z, "
        "+hh:mm, +hhmm) or end of text");
  CHECK(iso_error("2024-01-01T00:00x") ==
        "\"2024-01-01T00:00x\" at character 17: expected ':' and seconds, an offset (Z, "
        "+hh:mm, +hhmm) or end of text");
  CHECK(iso_error("2024-01-01T00:00:00.5 ") ==
        "\"2024-01-01T00:00:00.5 \" at character 22: expected an offset (Z, +hh:mm, +hhmm) or "
        "end of text");
  CHECK(iso_error(" 2024-01-01") == "\" 2024-01-01\" at character 1: expected 4-digit year");
  // Control bytes are escaped so that a message stays one printable line.
  CHECK(iso_error("2024\n") == "\"2024\\n\" at character 5: expected '-' after the year");
}

TEST_CASE("patterns parse with 1- or 2-digit fields", "[timestamp]") {
  const auto dmy = pattern("%d-%m-%Y %H:%M");
  auto t = mf::parse_timestamp("05-03-2024 14:07", dmy);
  REQUIRE(t.ok());
  CHECK(t->micros() == (k20240301 + 4 * kDay + 14 * 3600 + 7 * 60) * 1'000'000);
  CHECK(*mf::parse_timestamp("5-3-2024 9:07", dmy) ==
        mf::Timestamp::from_seconds(k20240301 + 4 * kDay + 9 * 3600 + 7 * 60));

  const auto us = pattern("%m/%d/%Y");
  CHECK(*mf::parse_timestamp("03/01/2024", us) == mf::Timestamp::from_seconds(k20240301));
  CHECK(*mf::parse_timestamp("3/1/2024", us) == mf::Timestamp::from_seconds(k20240301));
  CHECK(*mf::parse_timestamp("20240301", pattern("%Y%m%d")) ==
        mf::Timestamp::from_seconds(k20240301));
  CHECK(*mf::parse_timestamp("2024", pattern("%Y")) == mf::Timestamp::from_seconds(k2024));
  CHECK(*mf::parse_timestamp("2024-03", pattern("%Y-%m")) ==
        mf::Timestamp::from_seconds(k20240301));
  CHECK(*mf::parse_timestamp("100% 2024", pattern("100%% %Y")) ==
        mf::Timestamp::from_seconds(k2024));

  const auto full = pattern("%Y-%m-%dT%H:%M:%S.%f%z");
  t = mf::parse_timestamp("2024-03-01T09:30:00.25+02:00", full);
  REQUIRE(t.ok());
  CHECK(t->micros() == (k20240301 + 7 * 3600 + 30 * 60) * 1'000'000 + 250'000);
  CHECK(*mf::parse_timestamp("2024-03-01T09:30:00.25Z", full) ==
        mf::Timestamp::from_micros((k20240301 + 9 * 3600 + 30 * 60) * 1'000'000 + 250'000));
  CHECK(*mf::parse_timestamp("2024-03-01T09:30:00.25-0100", full) ==
        mf::Timestamp::from_micros((k20240301 + 10 * 3600 + 30 * 60) * 1'000'000 + 250'000));
}

TEST_CASE("pattern parse errors say what was expected and where", "[timestamp]") {
  auto error = [](const char* text, const char* p) {
    auto t = mf::parse_timestamp(text, pattern(p));
    REQUIRE_FALSE(t.ok());
    CHECK(t.status().code() == absl::StatusCode::kInvalidArgument);
    return std::string(t.status().message());
  };
  CHECK(error("03/01/24", "%m/%d/%Y") ==
        "\"03/01/24\" at character 7: expected 4-digit year (%Y)");
  CHECK(error("x/01/2024", "%m/%d/%Y") ==
        "\"x/01/2024\" at character 1: expected 1- or 2-digit month (%m)");
  CHECK(error("03-01-2024", "%m/%d/%Y") == "\"03-01-2024\" at character 3: expected '/'");
  CHECK(error("03/01/2024 ", "%m/%d/%Y") ==
        "\"03/01/2024 \" at character 11: expected end of text");
  CHECK(error("123/01/2024", "%m/%d/%Y") == "\"123/01/2024\" at character 3: expected '/'");
  CHECK(error("32.01.2024", "%d.%m.%Y") == "\"32.01.2024\": day 32 out of range for 2024-01");
  CHECK(error("29.02.2023", "%d.%m.%Y") == "\"29.02.2023\": day 29 out of range for 2023-02");
  CHECK(error("2024 24:00", "%Y %H:%M") == "\"2024 24:00\": hour 24 out of range (0-23)");
  CHECK(error("2024 10:00:00.1234567", "%Y %H:%M:%S.%f") ==
        "\"2024 10:00:00.1234567\" at character 21: expected at most 6 fractional-second digits");
  CHECK(error("2024 +1", "%Y %z") ==
        "\"2024 +1\" at character 7: expected 2-digit offset hours");
  CHECK(error("2024 UTC", "%Y %z") ==
        "\"2024 UTC\" at character 6: expected offset Z, +hh:mm or +hhmm (%z)");
  CHECK(error("2024", "%Y%%") == "\"2024\" at character 5: expected '%'");
}

TEST_CASE("bad patterns are rejected naming the directive", "[timestamp]") {
  auto error = [](const char* p) {
    auto f = mf::TimeFormat::pattern(p);
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().code() == absl::StatusCode::kInvalidArgument);
    return std::string(f.status().message());
  };
  CHECK(error("%Y-%Q") ==
        "time pattern \"%Y-%Q\": unknown directive %Q (known: %Y %m %d %H %M %S %f %z %%)");
  CHECK(error("%Y-%m-%m") == "time pattern \"%Y-%m-%m\": directive %m repeated");
  CHECK(error("%Y%") ==
        "time pattern \"%Y%\" ends with a lone '%' (write %% for a percent sign)");
  CHECK(error("%m/%d") == "time pattern \"%m/%d\" has no year (%Y)");
  CHECK(error("iso8601") == "time pattern \"iso8601\" has no year (%Y)");

  const auto f = pattern("%d-%m-%Y");
  CHECK(f.spec() == "%d-%m-%Y");
  CHECK_FALSE(f.is_iso8601());
  CHECK(mf::TimeFormat::iso8601().spec() == "iso8601");
  CHECK(mf::TimeFormat::iso8601().is_iso8601());
}

TEST_CASE("format_timestamp writes ISO UTC, fraction only when non-zero", "[timestamp]") {
  using mf::Timestamp;
  CHECK(mf::format_timestamp(Timestamp()) == "1970-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(k2024)) == "2024-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_micros(
            (k20240301 + 7 * 3600 + 30 * 60) * 1'000'000 + 250'000)) ==
        "2024-03-01T07:30:00.250000Z");
  CHECK(mf::format_timestamp(Timestamp::from_micros(-1)) == "1969-12-31T23:59:59.999999Z");
  CHECK(mf::format_timestamp(Timestamp::from_micros(-500'000)) ==
        "1969-12-31T23:59:59.500000Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(-1)) == "1969-12-31T23:59:59Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(-kDay)) == "1969-12-31T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(-2'208'988'800)) ==
        "1900-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(-62'167'219'200)) ==
        "0000-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(-62'167'219'200 - 365 * kDay)) ==
        "-0001-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_seconds(253'402'300'800)) ==
        "+10000-01-01T00:00:00Z");
  CHECK(mf::format_timestamp(Timestamp::from_micros(std::numeric_limits<std::int64_t>::max())) ==
        "+294247-01-10T04:00:54.775807Z");
  CHECK(mf::format_timestamp(Timestamp::from_micros(std::numeric_limits<std::int64_t>::min())) ==
        "-290308-12-21T19:59:05.224192Z");
}

TEST_CASE("format and parse round-trip, including before 1970", "[timestamp]") {
  const auto iso = mf::TimeFormat::iso8601();
  for (const std::int64_t us :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1}, std::int64_t{-86'400'000'001},
        std::int64_t{1'709'278'200'250'000}, std::int64_t{-2'208'988'800'000'000},
        std::int64_t{-62'167'219'200'000'000}, std::int64_t{253'402'300'799'999'999}}) {
    const std::string text = mf::format_timestamp(mf::Timestamp::from_micros(us));
    auto back = mf::parse_timestamp(text, iso);
    INFO(text);
    REQUIRE(back.ok());
    CHECK(back->micros() == us);
  }
}

TEST_CASE("the fast ISO path agrees with the general parser", "[timestamp]") {
  using mf::internal::parse_iso8601_fast;
  CHECK(parse_iso8601_fast("2024-01-01") == k2024 * 1'000'000);
  CHECK(parse_iso8601_fast("2024-01-01T00:00:01Z") == (k2024 + 1) * 1'000'000);
  CHECK(parse_iso8601_fast("2024-01-01 00:00:01") == (k2024 + 1) * 1'000'000);
  // Everything else is left to parse_timestamp().
  for (const char* other :
       {"2024-02-30", "2023-02-29", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:60Z", "2024-01-01T00:00:00z", "2024-01-01X00:00:00Z",
        "2024-01-01T00:00:00+01:00", "2024-1-011", "2024-01-01T00:00", "", "2024/01/01",
        "20a4-01-01", "2024-01-01T00:00:00.5"}) {
    INFO(other);
    CHECK_FALSE(parse_iso8601_fast(other).has_value());
  }
  // Every day 1900..2100 at a varying time: fast path vs. the pattern path
  // (which never takes the fast path) vs. formatting back.
  const auto slow = pattern("%Y-%m-%dT%H:%M:%SZ");
  for (std::int64_t day = -25'567; day < 47'482; ++day) {
    const std::int64_t s = day * kDay + (day * 7919) % kDay;
    const std::string text = mf::format_timestamp(mf::Timestamp::from_seconds(s));
    const auto fast = parse_iso8601_fast(text);
    const auto general = mf::parse_timestamp(text, slow);
    REQUIRE(fast == s * 1'000'000);
    REQUIRE(general.ok());
    REQUIRE(general->micros() == s * 1'000'000);
  }
}
