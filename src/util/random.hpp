// A small deterministic random source for the synthetic data generator.
//
// The generator promises the same bytes for the same options on every
// platform, so nothing here comes from <random>: std:: distributions are
// implementation-defined and differ between libstdc++, libc++ and MSVC. The
// engine is xoshiro256** (Blackman & Vigna), seeded through splitmix64 so
// that nearby seeds (1, 2, 3, …) give unrelated streams; the distributions
// are written out here.
//
// Floating point: uniforms are exact (53 random bits scaled by 2^-53);
// normals use Box–Muller through libm log/cos/sqrt, and lognormals add the
// location with an explicit std::fma so a compiler's FMA contraction cannot
// round differently on machines that have FMA and machines that do not.
//
//   internal::Random rng(seed);
//   double u = rng.uniform();              // [0, 1)
//   double z = rng.normal();               // N(0, 1)
//   double x = rng.lognormal(mu, sigma);   // exp(mu + sigma * z)
#pragma once

#include <cmath>
#include <cstdint>

namespace modelfunnel::internal {

/// splitmix64 step: the recommended way to expand one 64-bit seed into the
/// 256-bit xoshiro state.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// xoshiro256** with hand-written distributions; see the file comment.
class Random {
 public:
  explicit constexpr Random(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  /// The next 64 random bits.
  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), a multiple of 2^-53 (exact on every platform).
  constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n) for n >= 1, as floor(uniform() * n), the way
  /// the reference generator draws them.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
  }

  /// Standard normal by Box–Muller; one value per two uniforms (the second
  /// value is not cached, which keeps the stream position easy to reason
  /// about). 1 - u lies in (0, 1], so the log is finite.
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    return r * std::cos(kTwoPi * uniform());
  }

  /// exp(mu + sigma * z) with z standard normal.
  double lognormal(double mu, double sigma) { return std::exp(std::fma(sigma, normal(), mu)); }

 private:
  static constexpr double kTwoPi = 6.283185307179586476925286766559;

  static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }

  std::uint64_t s_[4] = {};
};

}  // namespace modelfunnel::internal
