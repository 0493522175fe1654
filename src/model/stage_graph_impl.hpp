// State behind StageGraph, shared by stage_graph.cpp (validation, queries),
// stage_graph_json.cpp and stage_graph_dot.cpp. Not installed: Boost.Graph
// types live here so that no public header depends on Boost.
//
// Everything a query needs is computed once in StageGraph::create(): the
// graph is immutable, and reports call main_path()/find_stage() in loops.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel {
namespace internal {

/// Edge bundle: the transition an edge stands for.
struct TransitionEdge {
  TransitionKind kind = TransitionKind::kAdvance;
  std::size_t index = 0;  ///< Position in StageGraph::transitions().
};

/// Vertex i is stage i (declaration order), so vertex descriptors double as
/// stage indexes. Bidirectional because "which stages reach a won stage" is
/// a search over the reversed graph.
using TransitionGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                              boost::no_property, TransitionEdge>;

/// The data of StageGraph::Impl. A plain struct in `internal` because
/// StageGraph::Impl is private: helper functions outside the class (the
/// validation steps) can name this type but not that one.
struct StageGraphData {
  std::vector<Stage> stages;
  std::vector<Transition> transitions;
  /// Stage id -> index into stages.
  absl::flat_hash_map<std::string, std::size_t> index;
  /// One edge per transition, in declaration order.
  TransitionGraph graph;
  std::size_t entry = 0;
  std::vector<std::size_t> main_path;
  std::vector<std::size_t> reaching_won;

  /// Index of stage @p id, if there is one.
  std::optional<std::size_t> find(std::string_view id) const {
    auto it = index.find(absl::string_view(id.data(), id.size()));
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace internal

struct StageGraph::Impl : internal::StageGraphData {};

}  // namespace modelfunnel
