#include "dashboard/significance.hpp"

#include <cmath>

namespace modelfunnel::internal::dashboard {
namespace {
constexpr double kZ95 = 1.959963984540054;

Significance from_z(double z) {
  Significance s;
  s.tested = true;
  s.z = z;
  s.significant = std::fabs(z) > kZ95;
  return s;
}
}  // namespace

Significance two_proportion_test(std::uint64_t k1, std::uint64_t n1, std::uint64_t k2,
                                 std::uint64_t n2) {
  if (n1 == 0 || n2 == 0) return {};
  const double p1 = static_cast<double>(k1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(k2) / static_cast<double>(n2);
  const double pooled = static_cast<double>(k1 + k2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / static_cast<double>(n1) + 1.0 / static_cast<double>(n2)));
  if (!(se > 0)) return {};
  return from_z((p1 - p2) / se);
}

Significance count_test(std::uint64_t c1, std::uint64_t c2) {
  if (c1 + c2 == 0) return {};
  return from_z((static_cast<double>(c1) - static_cast<double>(c2)) /
                std::sqrt(static_cast<double>(c1 + c2)));
}

}  // namespace modelfunnel::internal::dashboard
