// min_cost_flow() on Boost.Graph; see min_cost_flow.hpp.
#include "qualify/min_cost_flow.hpp"

#include <algorithm>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

namespace modelfunnel::internal::qualify {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, std::int64_t,
                    boost::property<boost::edge_residual_capacity_t, std::int64_t,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, std::int64_t>>>>>;
using Edge = Traits::edge_descriptor;

/// Adds the edge u -> v and its reverse (no capacity, negated cost), as the
/// algorithm's residual graph needs.
Edge add_arc(Graph& g, std::size_t u, std::size_t v, std::int64_t capacity, std::int64_t cost) {
  const Edge e = boost::add_edge(u, v, g).first;
  const Edge r = boost::add_edge(v, u, g).first;
  boost::put(boost::edge_capacity, g, e, capacity);
  boost::put(boost::edge_capacity, g, r, 0);
  boost::put(boost::edge_weight, g, e, cost);
  boost::put(boost::edge_weight, g, r, -cost);
  boost::put(boost::edge_reverse, g, e, r);
  boost::put(boost::edge_reverse, g, r, e);
  return e;
}

}  // namespace

std::vector<std::int64_t> min_cost_flow(const std::vector<std::int64_t>& supply,
                                        const std::vector<std::int64_t>& capacity,
                                        const std::vector<Lane>& lanes) {
  // Nodes: source, the groups, the sinks, the sink of sinks.
  const std::size_t source = 0;
  const std::size_t first_group = 1;
  const std::size_t first_sink = first_group + supply.size();
  const std::size_t target = first_sink + capacity.size();
  Graph g(target + 1);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < supply.size(); ++i) {
    add_arc(g, source, first_group + i, supply[i], 0);
    total += supply[i];
  }
  for (std::size_t s = 0; s < capacity.size(); ++s)
    add_arc(g, first_sink + s, target, std::min(capacity[s], total), 0);
  std::vector<Edge> edges;
  edges.reserve(lanes.size());
  for (const Lane& l : lanes) edges.push_back(add_arc(g, first_group + l.from, first_sink + l.to, total, l.cost));
  boost::successive_shortest_path_nonnegative_weights(g, source, target);
  std::vector<std::int64_t> flow;
  flow.reserve(edges.size());
  for (const Edge& e : edges)
    flow.push_back(boost::get(boost::edge_capacity, g, e) - boost::get(boost::edge_residual_capacity, g, e));
  return flow;
}

}  // namespace modelfunnel::internal::qualify
