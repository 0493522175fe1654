// Text for people inside HTML: escaping every string that comes from the
// data, and numbers spelled the way a reader expects (1,234; 16.4M; 41.2%;
// 12.5 d) rather than as printf's %g would (1.64419e+07).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace modelfunnel::internal::dashboard {

/// @p text with & < > " ' replaced by entities: safe in element content, in
/// quoted attributes and in SVG <text>.
std::string escape(std::string_view text);

/// 1234567 -> "1,234,567".
std::string format_count(std::uint64_t n);
/// Signed count with its sign: +12, −3 (a real minus sign), 0.
std::string format_signed_count(std::int64_t n);
/// Short magnitude for cards and chart labels: 987, 12.3K, 16.4M, 2.1B.
std::string format_compact(double x);
/// A share as a percentage with one decimal: 0.4123 -> "41.2%"; "–" for NaN.
std::string format_percent(double share);
/// A change in percentage points with its sign: "+1.3 pp", "−0.4 pp".
std::string format_points(double delta_share);
/// Days with one decimal: "12.5 d"; "–" for NaN.
std::string format_days(double days);
/// Money in whole units, compact from 1,000: "850", "7.4K", "16.4M"; "–" for NaN.
std::string format_money(double amount);
/// A plain decimal for a data-value attribute (what tests and sorting read):
/// integers exactly, other values with up to 6 significant digits, "" for NaN.
std::string raw_number(double x);
/// A plain decimal with at most @p decimals places, trailing zeros dropped,
/// never in exponent form (amounts of any size): 12345678.9 -> "12345678.9";
/// "" for NaN.
std::string raw_fixed(double x, int decimals);
/// The exact integer for a data-value attribute.
std::string raw_count(std::uint64_t n);

}  // namespace modelfunnel::internal::dashboard
