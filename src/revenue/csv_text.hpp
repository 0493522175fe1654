// csv_text.hpp — the cells of the revenue engine's CSV tables (the plan,
// the forecast, the backtest, the movement): numbers that read back to the
// same double, and rows quoted as RFC 4180 wants.
#pragma once

#include <cmath>
#include <initializer_list>
#include <span>
#include <string>

#include "util/csv_quote.hpp"
#include "util/number_format.hpp"

namespace modelfunnel::internal::revenue {

/// Shortest text that reads back to the same double, in plain decimals
/// (format_shortest()); empty for NaN.
inline std::string num(double v) { return std::isnan(v) ? std::string() : format_shortest(v); }

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
