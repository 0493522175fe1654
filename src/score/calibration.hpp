// Fitting the calibration map on out-of-fold raw scores: isotonic
// regression by pool adjacent violators, or Platt scaling by Newton's
// method. Both first pool records with equal raw scores (naive Bayes over
// categories gives many ties), so neither depends on the order of ties.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "score/model.hpp"

namespace modelfunnel::internal::score {

/// One out-of-fold prediction: the raw score and whether it was a positive.
struct Scored {
  double raw = 0;
  bool positive = false;
};

/// Isotonic regression of the outcome on the raw score: blocks of adjacent
/// raw scores whose win rates strictly increase, each with its records'
/// mean raw score. @p scored is reordered.
std::vector<Block> fit_isotonic(std::vector<Scored>& scored);

/// Platt scaling: maximum likelihood of sigmoid(a + b * raw) against
/// Platt's smoothed targets ((N1 + 1) / (N1 + 2) for positives, 1 / (N0 + 2)
/// for negatives), with the inverse Fisher information as the covariance.
/// With a single distinct raw score, b is 0. @p scored is reordered. Its
/// sums run over fixed chunks on up to @p threads threads (0: the
/// hardware's), added in chunk order: the same fit for every thread count.
Platt fit_platt(std::vector<Scored>& scored, unsigned threads = 1);

}  // namespace modelfunnel::internal::score
