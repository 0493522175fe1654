// Graphviz export of a StageGraph through boost::write_graphviz: its graph
// writer emits the layout defaults and one cluster per team, its vertex and
// edge writers the labels and the styles by transition kind.
#include <ostream>
#include <sstream>

#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/stage_graph_impl.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel {
namespace {

using internal::TransitionGraph;
using Vertex = TransitionGraph::vertex_descriptor;
using Edge = TransitionGraph::edge_descriptor;

/// Text for inside a DOT quoted string. Backslashes are doubled so that a
/// label shows them as typed (labels treat `\x` as an escape), and line
/// breaks become `\n`.
std::string dot_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string dot_quoted(std::string_view s) { return absl::StrCat("\"", dot_escaped(s), "\""); }

/// A node id as write_graphviz sees it. Boost's escape_dot_string leaves
/// identifier-like ids unquoted, which breaks on stage ids that are DOT
/// keywords (`node`, `edge`, `graph`, ...). write_graphviz calls it
/// unqualified, so this overload, found by argument-dependent lookup and
/// preferred as a non-template, quotes every id.
struct DotId {
  std::string_view id;
};
std::string escape_dot_string(const DotId& id) { return dot_quoted(id.id); }

/// `[label="Name\n(team, team)"]`.
struct StageWriter {
  const std::vector<Stage>* stages;
  void operator()(std::ostream& out, Vertex v) const {
    const Stage& s = (*stages)[v];
    std::vector<std::string> teams;
    for (const std::string& team : s.teams) teams.push_back(dot_escaped(team));
    out << "[label=\"" << dot_escaped(s.name) << "\\n(" << absl::StrJoin(teams, ", ") << ")\"]";
  }
};

/// Line style by transition kind, as documented in docs/stage-graph.md.
struct TransitionWriter {
  const TransitionGraph* graph;
  void operator()(std::ostream& out, Edge e) const {
    switch ((*graph)[e].kind) {
      case TransitionKind::kAdvance: out << "[style=solid]"; break;
      case TransitionKind::kNurture: out << "[style=dashed]"; break;
      case TransitionKind::kRecycle: out << "[style=dotted]"; break;
      case TransitionKind::kLost: out << "[color=red]"; break;
      case TransitionKind::kReopen: out << "[color=blue]"; break;
      default: out << "[style=solid]"; break;
    }
  }
};

/// Layout defaults, then one cluster per team holding the stages that team
/// owns alone (a stage shared by several teams cannot sit in one cluster,
/// so it stays outside). Nodes named here first belong to the cluster even
/// though write_graphviz gives their attributes later.
struct ClusterWriter {
  const StageGraph* graph;
  void operator()(std::ostream& out) const {
    out << "rankdir=LR;\nnode [shape=box, style=rounded];\n";
    for (std::string_view team : graph->teams()) {
      std::vector<std::string> members;
      for (const Stage& s : graph->stages()) {
        if (s.teams.size() == 1 && s.teams.front() == team) members.push_back(dot_quoted(s.id));
      }
      if (members.empty()) continue;
      out << "subgraph " << dot_quoted("cluster_" + std::string(team))
          << " {\nlabel=" << dot_quoted(team) << ";\n"
          << absl::StrJoin(members, "; ") << ";\n}\n";
    }
  }
};

}  // namespace

std::string StageGraph::to_dot() const {
  std::ostringstream out;
  const auto ids = boost::make_function_property_map<Vertex>(
      [this](Vertex v) { return DotId{impl_->stages[v].id}; });
  boost::write_graphviz(out, impl_->graph, StageWriter{&impl_->stages},
                        TransitionWriter{&impl_->graph}, ClusterWriter{this}, ids);
  return out.str();
}

}  // namespace modelfunnel
