/// @file amount.hpp
/// @brief Exact decimal money amounts.
///
/// Deal values are summed in reports, so they are kept exact: an Amount is an
/// integer count of ten-thousandths of a currency unit (four decimal places,
/// as SQL `money`). Text with up to four fractional digits converts exactly;
/// sums stay exact until the one final conversion to `double`.
///
/// @code
/// auto a = modelfunnel::parse_amount("1054.25");   // a->scaled() == 10542500
/// double v = a->value();                           // 1054.25
/// @endcode
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace modelfunnel {

/// An exact decimal amount with four fractional digits.
class Amount {
 public:
  /// Ten-thousandths per unit.
  static constexpr std::int64_t kScale = 10'000;

  /// Zero.
  constexpr Amount() = default;

  /// The amount @p scaled / #kScale, exactly.
  static constexpr Amount from_scaled(std::int64_t scaled) {
    Amount a;
    a.scaled_ = scaled;
    return a;
  }

  /// The amount in ten-thousandths of a unit.
  constexpr std::int64_t scaled() const { return scaled_; }

  /// The amount as a double: the single correctly rounded division
  /// `scaled() / kScale`.
  double value() const { return static_cast<double>(scaled_) / kScale; }

  /// Amounts order by value.
  constexpr auto operator<=>(const Amount&) const = default;

 private:
  std::int64_t scaled_ = 0;
};

/// Parses a plain decimal: optional sign, digits, optional `.` and at most
/// four fractional digits (`1054`, `-3.5`, `0.0125`). No exponent, no
/// thousands separators, no currency sign.
/// @return InvalidArgument saying why (more than four fractional digits,
///         out of range, not a number).
absl::StatusOr<Amount> parse_amount(std::string_view text);

/// Shortest exact decimal text of @p a: `1054.25`, `-3.5`, `12`.
std::string format_amount(Amount a);

}  // namespace modelfunnel
