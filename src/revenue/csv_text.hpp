// csv_text.hpp — the cells of the revenue engine's CSV tables (the plan,
// the forecast, the backtest, the movement): numbers that read back to the
// same double, and rows quoted as RFC 4180 wants.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <span>
#include <string>

#include "util/csv_quote.hpp"

namespace modelfunnel::internal::revenue {

/// Shortest text that reads back to the same double; empty for NaN.
inline std::string num(double v) {
  if (std::isnan(v)) return {};
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

/// Appends one CSV row of @p cells, each quoted when it must be.
inline void row(std::string& out, std::span<const std::string> cells) {
  bool first = true;
  for (const std::string& c : cells) {
    if (!first) out += ',';
    first = false;
    out += internal::csv_field(c);
  }
  out += '\n';
}
inline void row(std::string& out, std::initializer_list<std::string> cells) {
  row(out, std::span<const std::string>(cells.begin(), cells.size()));
}

}  // namespace modelfunnel::internal::revenue
