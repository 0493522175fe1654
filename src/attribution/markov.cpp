// The first-order Markov removal effect, solved from the absorbing chain.
//
// States: start, one per channel, conversion, null. Every journey of weight
// c + u (c conversions, u nulls) adds c + u to start -> first channel and to
// each step between its touches, c to last -> conversion and u to
// last -> null; a row's counts over its total are its probabilities. With Q
// the channel-to-channel block, r the channel-to-conversion column and s the
// start row, M = I - Q is invertible (every channel state leads to an
// absorbing one), x = M^-1 r is each state's probability of converting and
// P = s x the chain's.
//
// Removing channel c (sending it to null) changes only the walks that reach
// c: from their first visit on they converted with probability x_c and now
// with 0 (the strong Markov property). So P - P_without_c = h_c x_c, where
// h_c, the probability of ever reaching c, is the expected number of visits
// (s M^-1)_c over the visits of a walk started at c, (M^-1)_cc. One inverse
// gives every removal effect: no simulation, no k separate solves.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "attribution/journeys.hpp"

namespace modelfunnel::internal::attribution {
namespace {

// Inverts the k x k row-major matrix @p m in place (Gauss-Jordan, partial
// pivoting). M = I - Q of a transient chain is never singular.
void invert(std::vector<double>& m, std::size_t k) {
  std::vector<double> inv(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) inv[i * k + i] = 1;
  for (std::size_t col = 0; col < k; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < k; ++r)
      if (std::fabs(m[r * k + col]) > std::fabs(m[pivot * k + col])) pivot = r;
    if (m[pivot * k + col] == 0) throw std::runtime_error("markov: singular chain");
    if (pivot != col)
      for (std::size_t c = 0; c < k; ++c) {
        std::swap(m[pivot * k + c], m[col * k + c]);
        std::swap(inv[pivot * k + c], inv[col * k + c]);
      }
    const double d = m[col * k + col];
    for (std::size_t c = 0; c < k; ++c) m[col * k + c] /= d, inv[col * k + c] /= d;
    for (std::size_t r = 0; r < k; ++r) {
      if (r == col) continue;
      const double f = m[r * k + col];
      if (f == 0) continue;
      for (std::size_t c = 0; c < k; ++c) {
        m[r * k + c] -= f * m[col * k + c];
        inv[r * k + c] -= f * inv[col * k + c];
      }
    }
  }
  m.swap(inv);
}

}  // namespace

std::vector<double> markov_removal_effects(const Journeys& jn, std::span<const double> conversions,
                                  std::span<const double> nulls, double& probability) {
  const std::size_t k = jn.keys.size();
  std::vector<double> shares(k, 0.0);
  probability = 0;
  if (k == 0) return shares;
  ChainCounts counted;
  if (!jn.chunk_begin.empty()) {
    // Converting journeys only: the whole set's chain was counted for them.
    if (!jn.chain) throw std::logic_error("markov: over converting journeys only, without the chain's counts");
  } else {
    counted = ChainCounts(k);
    for (std::size_t j = 0; j < jn.size(); ++j) {
      if (conversions[j] + nulls[j] == 0) continue;
      counted.add(jn.key.data() + jn.begin[j], jn.length(j), conversions[j], nulls[j]);
    }
  }
  const ChainCounts& chain = jn.chunk_begin.empty() ? counted : *jn.chain;
  const std::vector<double>& step = chain.step;
  const std::vector<double>& start = chain.start;
  const std::vector<double>& conv = chain.conv;
  const std::vector<double>& out = chain.out;
  double starts = 0;
  for (double s : start) starts += s;
  if (starts == 0) return shares;
  // M = I - Q, r = conversion probabilities, row by row.
  std::vector<double> m(k * k, 0.0), r(k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    m[a * k + a] = 1;
    if (out[a] == 0) continue;  // a state no weighted journey leaves: absorbed into null
    for (std::size_t b = 0; b < k; ++b) m[a * k + b] -= step[a * k + b] / out[a];
    r[a] = conv[a] / out[a];
  }
  invert(m, k);  // m is now N = M^-1
  std::vector<double> x(k, 0.0), visits(k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    double xa = 0;
    for (std::size_t b = 0; b < k; ++b) xa += m[a * k + b] * r[b];
    x[a] = xa;
  }
  for (std::size_t a = 0; a < k; ++a) {
    if (start[a] == 0) continue;
    const double sa = start[a] / starts;
    for (std::size_t b = 0; b < k; ++b) visits[b] += sa * m[a * k + b];
  }
  for (std::size_t a = 0; a < k; ++a) probability += start[a] / starts * x[a];
  if (!(probability > 0)) return shares;
  for (std::size_t c = 0; c < k; ++c) {
    const double hit = m[c * k + c] > 0 ? visits[c] / m[c * k + c] : 0.0;
    shares[c] = std::max(0.0, hit * x[c] / probability);  // the removal effect, in [0, 1]
  }
  return shares;
}

}  // namespace modelfunnel::internal::attribution
