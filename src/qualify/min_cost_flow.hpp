// The transportation problem behind optimal routing, solved as a min-cost
// flow on Boost.Graph (successive_shortest_path_nonnegative_weights). Boost
// stays behind this function: callers see vectors.
#pragma once

#include <cstdint>
#include <vector>

namespace modelfunnel::internal::qualify {

/// An edge of the transportation problem: from a source group to a sink.
struct Lane {
  std::uint32_t from = 0;  ///< Group index.
  std::uint32_t to = 0;    ///< Sink index.
  std::int64_t cost = 0;   ///< Cost per unit (>= 0).
};

/// How many units each lane carries in a flow that ships the most units —
/// at most @p supply[g] out of group g, at most @p capacity[s] into sink s —
/// at the least total cost. Lanes come out in the order given.
std::vector<std::int64_t> min_cost_flow(const std::vector<std::int64_t>& supply,
                                        const std::vector<std::int64_t>& capacity,
                                        const std::vector<Lane>& lanes);

}  // namespace modelfunnel::internal::qualify
