// rank_by_score(): units in id order ranked by score, highest first, ties
// kept in id order — its radix sort against std::stable_sort on score
// distributions with wide and narrow ranges, heavy ties, neighbouring
// doubles, ±0, outliers, infinities, and values past a float's range or
// below its smallest.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "tiering/ranking.hpp"

namespace tiering = modelfunnel::internal::tiering;

namespace {

std::vector<std::uint32_t> expected(std::vector<std::uint32_t> units, const std::vector<double>& score) {
  std::stable_sort(units.begin(), units.end(), [&](std::uint32_t a, std::uint32_t b) { return score[a] > score[b]; });
  return units;
}

/// Units 0..n-1 in a shuffled "id order".
std::vector<std::uint32_t> shuffled(std::size_t n, std::mt19937_64& rng) {
  std::vector<std::uint32_t> units(n);
  std::iota(units.begin(), units.end(), 0U);
  std::shuffle(units.begin(), units.end(), rng);
  return units;
}

}  // namespace

TEST_CASE("tier ranking: the radix sort equals a stable sort by score", "[tiering][ranking]") {
  std::mt19937_64 rng(20261204);
  for (int round = 0; round < 49; ++round) {
    const std::size_t n = round < 10 ? static_cast<std::size_t>(round) : 1 + rng() % 200'000;
    std::vector<double> score(n);
    const int kind = round % 7;
    for (std::size_t i = 0; i < n; ++i) {
      switch (kind) {
        case 0: score[i] = std::uniform_real_distribution<double>(0, 100)(rng); break;
        case 1: score[i] = static_cast<double>(rng() % 7) * 5.0; break;  // heavy ties
        case 2: score[i] = std::nextafter(50.0, rng() % 2 ? 100.0 : 0.0) + (rng() % 3 ? 0.0 : 1e-13); break;
        case 3: score[i] = rng() % 2 ? 0.0 : -0.0; break;
        case 4:  // almost all in one bucket, beside two outliers
          score[i] = i == 0 ? 1e300 : i == 1 ? -1e300 : 40.0 + std::uniform_real_distribution<double>(0, 1e-9)(rng);
          break;
        case 5: {
          static constexpr double kEdges[] = {1e39, 2e39, 1e300, -1e300, -5e38, INFINITY, -INFINITY, 1e-50,
                                              -1e-50, 2e-46, 3e-46, 0.0, -0.0, 1.0 + 1e-12, 1.0, 1.0 - 1e-12};
          score[i] = kEdges[rng() % std::size(kEdges)];
          break;
        }
        default: score[i] = std::lognormal_distribution<double>(3, 1)(rng) * (rng() % 2 ? 1 : -1); break;
      }
    }
    const std::vector<std::uint32_t> units = shuffled(n, rng);
    INFO("round " << round << ", n " << n << ", kind " << kind);
    CHECK(tiering::rank_by_score(units, score) == expected(units, score));
  }
}
