// How the library spells numbers in its CSV output. Private: the spelling
// is part of each table's contract, not an API of its own.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace modelfunnel::internal {

/// C `printf("%.6g", x)`, the funnel CSV's spelling (fixed by the peer
/// benchmark's report-spec.md); empty for NaN, an undefined figure.
inline std::string format_g6(double x) {
  if (std::isnan(x)) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace modelfunnel::internal
