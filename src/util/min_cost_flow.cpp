// FlowNetwork and min_cost_flow() on Boost.Graph; see min_cost_flow.hpp.
#include "util/min_cost_flow.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

namespace modelfunnel::internal {
namespace {

// Costs are held as doubles, though every cost is a whole number: Boost's
// successive_shortest_path_nonnegative_weights adds each round's distances
// to the vertex potentials, and a vertex the source cannot reach has the
// distance "infinity" = numeric_limits<weight>::max(). With int64 weights
// that sum overflows (undefined behaviour, reported by UBSan); with doubles
// it is +inf, harmless because such a vertex never becomes reachable again
// (augmenting only adds reverse arcs between vertices on the path). Sums of
// whole numbers stay exact in a double below 2^53; add_arc() keeps every
// cost below 2^40 in magnitude, so paths of up to 2^12 arcs are exact.
using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, std::int64_t,
                    boost::property<boost::edge_residual_capacity_t, std::int64_t,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, double>>>>>;
using Edge = Traits::edge_descriptor;

}  // namespace

struct FlowNetwork::Impl {
  Graph g;
  std::vector<Edge> arcs;
  explicit Impl(std::size_t nodes) : g(nodes) {}
};

FlowNetwork::FlowNetwork(std::size_t nodes) : impl_(std::make_unique<Impl>(nodes)) {}
FlowNetwork::~FlowNetwork() = default;

std::size_t FlowNetwork::add_arc(std::size_t u, std::size_t v, std::int64_t capacity, std::int64_t cost) {
  // The arc and its reverse (no capacity, negated cost), as the algorithm's
  // residual graph needs.
  constexpr std::int64_t kMaxCost = std::int64_t{1} << 40;
  if (cost > kMaxCost || cost < -kMaxCost)
    throw std::invalid_argument("FlowNetwork::add_arc: a cost beyond 2^40 in magnitude would not stay exact");
  Graph& g = impl_->g;
  const Edge e = boost::add_edge(u, v, g).first;
  const Edge r = boost::add_edge(v, u, g).first;
  boost::put(boost::edge_capacity, g, e, capacity);
  boost::put(boost::edge_capacity, g, r, 0);
  boost::put(boost::edge_weight, g, e, static_cast<double>(cost));
  boost::put(boost::edge_weight, g, r, -static_cast<double>(cost));
  boost::put(boost::edge_reverse, g, e, r);
  boost::put(boost::edge_reverse, g, r, e);
  impl_->arcs.push_back(e);
  return impl_->arcs.size() - 1;
}

void FlowNetwork::solve(std::size_t source, std::size_t sink) {
  boost::successive_shortest_path_nonnegative_weights(impl_->g, source, sink);
}

std::int64_t FlowNetwork::flow(std::size_t arc) const {
  const Edge e = impl_->arcs[arc];
  return boost::get(boost::edge_capacity, impl_->g, e) - boost::get(boost::edge_residual_capacity, impl_->g, e);
}

std::vector<std::int64_t> min_cost_flow(const std::vector<std::int64_t>& supply,
                                        const std::vector<std::int64_t>& capacity,
                                        const std::vector<Lane>& lanes) {
  // Nodes: source, the groups, the sinks, the sink of sinks.
  const std::size_t source = 0;
  const std::size_t first_group = 1;
  const std::size_t first_sink = first_group + supply.size();
  const std::size_t target = first_sink + capacity.size();
  FlowNetwork net(target + 1);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < supply.size(); ++i) {
    net.add_arc(source, first_group + i, supply[i], 0);
    total += supply[i];
  }
  for (std::size_t s = 0; s < capacity.size(); ++s)
    net.add_arc(first_sink + s, target, std::min(capacity[s], total), 0);
  const std::size_t first_lane = supply.size() + capacity.size();
  for (const Lane& l : lanes) net.add_arc(first_group + l.from, first_sink + l.to, total, l.cost);
  net.solve(source, target);
  std::vector<std::int64_t> flow;
  flow.reserve(lanes.size());
  for (std::size_t i = 0; i < lanes.size(); ++i) flow.push_back(net.flow(first_lane + i));
  return flow;
}

}  // namespace modelfunnel::internal
