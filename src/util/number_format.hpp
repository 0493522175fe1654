// How the library spells numbers in its CSV output. Private: the spelling
// is part of each table's contract, not an API of its own.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <system_error>

namespace modelfunnel::internal {

/// C `printf("%.6g", x)`, the funnel CSV's spelling (fixed by the peer
/// benchmark's report-spec.md); empty for NaN, an undefined figure.
inline std::string format_g6(double x) {
  if (std::isnan(x)) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// The shortest text that reads back as @p v, in plain decimals where
/// people write numbers that way — `1000000`, `0.00025`, for magnitudes
/// from 1e-5 to below 1e16 and zero — and in scientific notation beyond
/// (`2.1e-40`, `1e+300`), where plain decimals would be a row of zeros.
/// `nan`, `inf` and `-inf` as std::to_chars() spells them. (std::to_chars()
/// alone picks the shorter of the two: `1e+06` for a million.)
inline std::string format_shortest(double v) {
  char buf[64];  // plain: at most 16 whole digits and 22 decimals, a sign and a point
  const double a = std::fabs(v);
  const bool plain = a == 0 || (a >= 1e-5 && a < 1e16);
  const auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                               : std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace modelfunnel::internal
