#include "dashboard/html_text.hpp"

#include <cmath>
#include <cstdio>

namespace modelfunnel::internal::dashboard {
namespace {

constexpr std::string_view kDash = "\u2013";   // en dash: "no value"
constexpr std::string_view kMinus = "\u2212";  // minus sign, not a hyphen

std::string printf_double(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_count(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_signed_count(std::int64_t n) {
  if (n == 0) return "0";
  const std::uint64_t magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  return std::string(n < 0 ? kMinus : "+") + format_count(magnitude);
}

std::string format_compact(double x) {
  if (std::isnan(x)) return std::string(kDash);
  const double a = std::fabs(x);
  const std::string sign = x < 0 ? std::string(kMinus) : "";
  if (a < 1000) {
    if (a == std::floor(a)) return sign + printf_double("%.0f", a);
    return sign + printf_double(a < 10 ? "%.2f" : "%.1f", a);
  }
  struct Unit { double size; const char* suffix; };
  constexpr Unit kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}};
  for (const Unit& u : kUnits) {
    // 999,950 rounds to "1000.0K": spell it as the next unit instead.
    if (a >= u.size * 0.99995) {
      const double scaled = a / u.size;
      return sign + printf_double(scaled < 100 ? "%.1f" : "%.0f", scaled) + u.suffix;
    }
  }
  return sign + printf_double("%.0f", a);
}

std::string format_percent(double share) {
  if (std::isnan(share)) return std::string(kDash);
  return printf_double("%.1f", share * 100) + "%";
}

std::string format_points(double delta_share) {
  if (std::isnan(delta_share)) return std::string(kDash);
  const double pp = delta_share * 100;
  if (std::fabs(pp) < 0.05) return "0.0 pp";
  return std::string(pp < 0 ? kMinus : "+") + printf_double("%.1f", std::fabs(pp)) + " pp";
}

std::string format_days(double days) {
  if (std::isnan(days)) return std::string(kDash);
  return printf_double("%.1f", days) + " d";
}

std::string format_money(double amount) {
  if (std::isnan(amount)) return std::string(kDash);
  if (std::fabs(amount) >= 1'000) return format_compact(amount);
  return printf_double("%.0f", amount);
}

std::string raw_number(double x) {
  if (std::isnan(x)) return {};
  if (x == std::floor(x) && std::fabs(x) < 1e15) return printf_double("%.0f", x);
  return printf_double("%.6g", x);
}

std::string raw_fixed(double x, int decimals) {
  if (!std::isfinite(x)) return {};
  char buf[400];  // DBL_MAX in %f is 309 digits
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::string raw_count(std::uint64_t n) { return std::to_string(n); }

}  // namespace modelfunnel::internal::dashboard
