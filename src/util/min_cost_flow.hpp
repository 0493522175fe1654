// Minimum-cost maximum flow on Boost.Graph (successive shortest paths with
// non-negative weights), shared by the engines that place work on people:
// qualification's routing and tiering's assignment to reps. Boost stays
// behind this header: callers see node and arc numbers and vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace modelfunnel::internal {

/// A directed network with capacities and non-negative costs per unit.
/// Build it with add_arc(), call solve() once, then read flow().
class FlowNetwork {
 public:
  /// A network of @p nodes nodes, numbered 0 .. nodes-1.
  explicit FlowNetwork(std::size_t nodes);
  ~FlowNetwork();
  FlowNetwork(const FlowNetwork&) = delete;
  FlowNetwork& operator=(const FlowNetwork&) = delete;

  /// Adds the arc u -> v carrying at most @p capacity units at @p cost
  /// (>= 0, at most 2^40 so that path costs stay exact; more throws
  /// std::invalid_argument) each; returns its number (0, 1, … in the order
  /// added).
  std::size_t add_arc(std::size_t u, std::size_t v, std::int64_t capacity, std::int64_t cost);
  /// Ships the most units from @p source to @p sink, and of all such flows
  /// one of least total cost.
  void solve(std::size_t source, std::size_t sink);
  /// Units on arc @p arc after solve().
  std::int64_t flow(std::size_t arc) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// An edge of a transportation problem: from a source group to a sink.
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

}  // namespace modelfunnel::internal
