// Bottleneck ranking and detection: what one more point of conversion is
// worth at each step, and which steps fell significantly below a baseline
// period or a target. Never flags on a sample too small to say so.
#pragma once

#include <optional>
#include <vector>

#include "funnel/accumulate.hpp"
#include "funnel/setup.hpp"

namespace modelfunnel::internal::funnel {

/// Ranks the steps of the main path from the counts in @p overall; when
/// @p baseline is given, its step counts are compared against.
std::vector<Bottleneck> rank_bottlenecks(const Setup& setup, const GroupAcc& overall,
                                         const GroupAcc* baseline);

}  // namespace modelfunnel::internal::funnel
