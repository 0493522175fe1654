// format_shortest(): the CSV tables' spelling of a double — the shortest
// text that reads back to it, in plain decimals for the magnitudes people
// write out (never 1e+06 for a million), with an exponent beyond.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "util/number_format.hpp"

namespace mi = modelfunnel::internal;

TEST_CASE("format_shortest: plain decimals from 1e-5 to below 1e16", "[util][number_format]") {
  CHECK(mi::format_shortest(1e6) == "1000000");
  CHECK(mi::format_shortest(2e6) == "2000000");
  CHECK(mi::format_shortest(16441900.5) == "16441900.5");
  CHECK(mi::format_shortest(-1e9) == "-1000000000");
  CHECK(mi::format_shortest(0.0) == "0");
  CHECK(mi::format_shortest(-0.0) == "-0");
  CHECK(mi::format_shortest(0.1) == "0.1");
  CHECK(mi::format_shortest(1.0 / 3) == "0.3333333333333333");
  CHECK(mi::format_shortest(1e-5) == "0.00001");
  CHECK(mi::format_shortest(0.00025) == "0.00025");
  CHECK(mi::format_shortest(9999999999999998.0) == "9999999999999998");
}

TEST_CASE("format_shortest: an exponent only where plain decimals would be a row of zeros", "[util][number_format]") {
  CHECK(mi::format_shortest(2.1e-40) == "2.1e-40");
  CHECK(mi::format_shortest(9.5e-6) == "9.5e-06");
  CHECK(mi::format_shortest(1e16) == "1e+16");
  CHECK(mi::format_shortest(-1.5e300) == "-1.5e+300");
  CHECK(mi::format_shortest(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(mi::format_shortest(std::numeric_limits<double>::denorm_min()) == "5e-324");
}

TEST_CASE("format_shortest: every double reads back to itself", "[util][number_format]") {
  std::mt19937_64 rng(20261204);
  for (int i = 0; i < 200000; ++i) {
    // Random bits (every magnitude), and numbers on a cents grid (money).
    double v = std::bit_cast<double>(rng());
    if (i % 2) v = static_cast<double>(static_cast<std::int64_t>(rng() % 10'000'000'000'000ULL)) / 100;
    if (std::isnan(v)) continue;
    const std::string text = mi::format_shortest(v);
    INFO(text);
    CHECK(std::strtod(text.c_str(), nullptr) == v);
    CHECK(text.size() <= 26);
  }
}
