// Exact decimal amounts: parsing, limits, errors and shortest formatting.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "modelfunnel/amount.hpp"

namespace mf = modelfunnel;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::int64_t scaled(const std::string& text) {
  auto a = mf::parse_amount(text);
  INFO(text << ": " << a.status());
  REQUIRE(a.ok());
  return a->scaled();
}

std::string error(const std::string& text) {
  auto a = mf::parse_amount(text);
  INFO(text);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(a.status().message());
}

}  // namespace

TEST_CASE("amounts parse exactly to ten-thousandths", "[amount]") {
  CHECK(scaled("1054.25") == 10'542'500);
  CHECK(scaled("-3.5") == -35'000);
  CHECK(scaled("0.0125") == 125);
  CHECK(scaled("12") == 120'000);
  CHECK(scaled("+7") == 70'000);
  CHECK(scaled("007.5000") == 75'000);
  CHECK(scaled("0") == 0);
  CHECK(scaled("-0") == 0);
  CHECK(scaled("0.0001") == 1);
  CHECK(scaled("-0.0001") == -1);
  CHECK(scaled("922337203685477.5807") == kMax);
  CHECK(scaled("-922337203685477.5808") == kMin);
  CHECK(mf::parse_amount("1054.25")->value() == 1054.25);
}

TEST_CASE("amount errors say why", "[amount]") {
  CHECK(error("") == "amount \"\": empty");
  CHECK(error("1.23456") ==
        "amount \"1.23456\": more than 4 fractional digits (amounts are exact to 0.0001)");
  CHECK(error("1.00000") ==
        "amount \"1.00000\": more than 4 fractional digits (amounts are exact to 0.0001)");
  CHECK(error("1e5") == "amount \"1e5\": exponent notation is not supported");
  CHECK(error("2.5E3") == "amount \"2.5E3\": exponent notation is not supported");
  CHECK(error("1,000") ==
        "amount \"1,000\": ',' is not allowed (no thousands separators or decimal commas)");
  CHECK(error("922337203685477.5808") == "amount \"922337203685477.5808\": out of range for a "
                                         "64-bit amount");
  CHECK(error("-922337203685477.5809") ==
        "amount \"-922337203685477.5809\": out of range for a 64-bit amount");
  CHECK(error("99999999999999999999999") ==
        "amount \"99999999999999999999999\": out of range for a 64-bit amount");
  CHECK(error("-") == "amount \"-\": not a number: no digits");
  CHECK(error(".5") == "amount \".5\": not a number: expected a digit before '.'");
  CHECK(error("5.") == "amount \"5.\": not a number: expected a digit after '.'");
  CHECK(error("$5") == "amount \"$5\": not a number: unexpected character at position 1; "
                       "expected [+-]digits[.digits]");
  CHECK(error(" 1") == "amount \" 1\": not a number: unexpected character at position 1; "
                       "expected [+-]digits[.digits]");
  CHECK(error("1 ") == "amount \"1 \": not a number: unexpected character at position 2; "
                       "expected [+-]digits[.digits]");
  CHECK(error("1.2.3") == "amount \"1.2.3\": not a number: unexpected character at position "
                          "4; expected [+-]digits[.digits]");
  CHECK(error("--1") == "amount \"--1\": not a number: unexpected character at position 2; "
                        "expected [+-]digits[.digits]");
  CHECK(error("nan") == "amount \"nan\": not a number: unexpected character at position 1; "
                        "expected [+-]digits[.digits]");
}

TEST_CASE("format_amount writes the shortest exact text", "[amount]") {
  using mf::Amount;
  CHECK(mf::format_amount(Amount::from_scaled(10'542'500)) == "1054.25");
  CHECK(mf::format_amount(Amount::from_scaled(-35'000)) == "-3.5");
  CHECK(mf::format_amount(Amount::from_scaled(120'000)) == "12");
  CHECK(mf::format_amount(Amount()) == "0");
  CHECK(mf::format_amount(Amount::from_scaled(1)) == "0.0001");
  CHECK(mf::format_amount(Amount::from_scaled(-1)) == "-0.0001");
  CHECK(mf::format_amount(Amount::from_scaled(125)) == "0.0125");
  CHECK(mf::format_amount(Amount::from_scaled(-10'000)) == "-1");
  CHECK(mf::format_amount(Amount::from_scaled(kMax)) == "922337203685477.5807");
  CHECK(mf::format_amount(Amount::from_scaled(kMin)) == "-922337203685477.5808");
}

TEST_CASE("format_amount and parse_amount round-trip", "[amount]") {
  for (const std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1},
                               std::int64_t{10'000}, std::int64_t{123'456'789}, kMax, kMin,
                               std::int64_t{-987'650}}) {
    const std::string text = mf::format_amount(mf::Amount::from_scaled(v));
    INFO(text);
    CHECK(scaled(text) == v);
  }
}
