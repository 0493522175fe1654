// The comparisons of a leaf (program.hpp) on one present value, shared by
// the one-value path (leaf_truth) and the column loops (evaluate.cpp), so
// that both mean exactly the same thing.
#pragma once

#include <algorithm>
#include <vector>

#include "qualify/program.hpp"

namespace modelfunnel::internal::qualify {

/// Whether @p v satisfies @p op against @p k (a leaf's constants of v's
/// type). kMissing / kPresent are decided before this is asked.
template <class V, class K>
bool compare(Op op, const V& v, const std::vector<K>& k) {
  switch (op) {
    case Op::kEq: return v == k[0];
    case Op::kNe: return v != k[0];
    case Op::kLt: return v < k[0];
    case Op::kLe: return v <= k[0];
    case Op::kGt: return v > k[0];
    case Op::kGe: return v >= k[0];
    case Op::kBetween: return k[0] <= v && v <= k[1];
    case Op::kIn: return std::binary_search(k.begin(), k.end(), v);
    case Op::kNotIn: return !std::binary_search(k.begin(), k.end(), v);
    case Op::kMissing: return false;
    case Op::kPresent: return true;
  }
  return false;
}

}  // namespace modelfunnel::internal::qualify
