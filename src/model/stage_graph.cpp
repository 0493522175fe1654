// StageGraph: construction with full validation, the queries, The Model
// preset and the enum names. JSON lives in stage_graph_json.cpp, DOT in
// stage_graph_dot.cpp; the shared state in model/stage_graph_impl.hpp.
#include "modelfunnel/stage_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <tuple>
#include <utility>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/stage_graph_impl.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::TransitionGraph;
using Vertex = TransitionGraph::vertex_descriptor;
using Edge = TransitionGraph::edge_descriptor;

/// Keeps advance edges only. Advance self-loops are reported on their own,
/// so they are left out here rather than reported again as a cycle.
struct AdvanceEdges {
  const TransitionGraph* graph = nullptr;
  bool operator()(const Edge& e) const {
    return (*graph)[e].kind == TransitionKind::kAdvance &&
           boost::source(e, *graph) != boost::target(e, *graph);
  }
};
using AdvanceGraph = boost::filtered_graph<TransitionGraph, AdvanceEdges>;

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// `transitions[3] (mql -> sql, advance)`: the index matches the JSON path,
/// the ends and kind let a reader find it in a hand-built list.
std::string describe(const std::vector<Transition>& transitions, std::size_t i) {
  const Transition& t = transitions[i];
  return absl::StrCat("transitions[", i, "] (", t.from, " -> ", t.to, ", ",
                      std::string(to_string(t.kind)), ")");
}

/// Vertices reachable from @p sources in @p g (which may be an adaptor over
/// TransitionGraph: vertex descriptors are stage indexes throughout).
template <class Graph>
std::vector<bool> reachable_from(const Graph& g, const std::vector<Vertex>& sources) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<boost::default_color_type> color(n, boost::white_color);
  boost::queue<Vertex> buffer;
  boost::breadth_first_search(
      g, sources.begin(), sources.end(), buffer, boost::default_bfs_visitor(),
      boost::make_iterator_property_map(color.begin(), boost::identity_property_map()));
  std::vector<bool> reached(n);
  for (std::size_t v = 0; v < n; ++v) reached[v] = color[v] != boost::white_color;
  return reached;
}

/// Records one cycle per back edge met by a depth-first search: the back
/// edge u -> v closes the tree path v ... u.
class CycleRecorder : public boost::default_dfs_visitor {
 public:
  CycleRecorder(std::vector<Vertex>* parent, std::vector<std::vector<Vertex>>* cycles)
      : parent_(parent), cycles_(cycles) {}
  template <class G>
  void tree_edge(Edge e, const G& g) const {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }
  template <class G>
  void back_edge(Edge e, const G& g) const {
    const Vertex v = boost::target(e, g);
    std::vector<Vertex> cycle;
    for (Vertex w = boost::source(e, g); w != v; w = (*parent_)[w]) cycle.push_back(w);
    cycle.push_back(v);
    std::reverse(cycle.begin(), cycle.end());
    cycles_->push_back(std::move(cycle));
  }

 private:
  std::vector<Vertex>* parent_;
  std::vector<std::vector<Vertex>>* cycles_;
};

std::vector<std::vector<Vertex>> advance_cycles(const AdvanceGraph& g) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<Vertex> parent(n);
  std::vector<std::vector<Vertex>> cycles;
  std::vector<boost::default_color_type> color(n);
  boost::depth_first_search(g, boost::visitor(CycleRecorder(&parent, &cycles))
                                   .color_map(boost::make_iterator_property_map(
                                       color.begin(), boost::identity_property_map())));
  return cycles;
}

/// Topological order of the advance edges among the stages reachable from
/// @p entry. Kahn's algorithm with a min-queue of stage indexes rather than
/// boost::topological_sort: the DFS order of the latter would put a later
/// declared branch first, and the documented tie-break is declaration order.
/// Requires an acyclic advance graph.
std::vector<std::size_t> main_path_order(const AdvanceGraph& g, Vertex entry) {
  const std::vector<bool> reached = reachable_from(g, {entry});
  std::vector<std::size_t> in_degree(reached.size(), 0);
  for (std::size_t u = 0; u < reached.size(); ++u) {
    if (!reached[u]) continue;
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) ++in_degree[boost::target(*e, g)];
  }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  ready.push(entry);
  std::vector<std::size_t> order;
  while (!ready.empty()) {
    const std::size_t u = ready.top();
    ready.pop();
    order.push_back(u);
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      if (--in_degree[boost::target(*e, g)] == 0) ready.push(boost::target(*e, g));
    }
  }
  return order;
}

/// Per-stage checks that need no transitions.
void check_stages(const internal::StageGraphData& impl, std::vector<std::string>& problems) {
  absl::flat_hash_map<std::string, std::vector<std::size_t>> positions;
  for (std::size_t i = 0; i < impl.stages.size(); ++i) {
    const Stage& s = impl.stages[i];
    const std::string who =
        s.id.empty() ? absl::StrCat("stages[", i, "]") : absl::StrCat("stage ", in_quotes(s.id));
    if (s.id.empty()) {
      problems.push_back(absl::StrCat("stages[", i, "] has an empty id"));
    } else {
      positions[s.id].push_back(i);
    }
    if (s.teams.empty()) problems.push_back(absl::StrCat(who, " has no team"));
    std::set<std::string_view> seen;
    for (const std::string& team : s.teams) {
      if (team.empty()) {
        problems.push_back(absl::StrCat(who, " has an empty team id"));
      } else if (!seen.insert(team).second) {
        problems.push_back(absl::StrCat(who, " lists team ", in_quotes(team), " twice"));
      }
    }
    if (s.probability && !(*s.probability >= 0.0 && *s.probability <= 1.0)) {
      const std::string value = std::isnan(*s.probability) ? "NaN" : absl::StrCat(*s.probability);
      problems.push_back(absl::StrCat(who, " has probability ", value, ", outside [0, 1]"));
    }
  }
  for (std::size_t i = 0; i < impl.stages.size(); ++i) {
    const auto& at = positions[impl.stages[i].id];
    if (at.size() > 1 && at.front() == i) {
      problems.push_back(absl::StrCat("stage id ", in_quotes(impl.stages[i].id),
                                      " is declared more than once, at stages[",
                                      absl::StrJoin(at, "], stages["), "]"));
    }
  }
}

/// Checks each transition on its own and adds the resolvable ones to the
/// graph. Returns false when some transition names an unknown stage.
bool check_transitions(internal::StageGraphData& impl, std::vector<std::string>& problems) {
  bool resolved = true;
  std::map<std::tuple<std::string_view, std::string_view, TransitionKind>, std::size_t> first;
  for (std::size_t i = 0; i < impl.transitions.size(); ++i) {
    const Transition& t = impl.transitions[i];
    const auto from = impl.find(t.from);
    const auto to = impl.find(t.to);
    if (!from) {
      problems.push_back(absl::StrCat(describe(impl.transitions, i), " names unknown source stage ",
                                      in_quotes(t.from)));
    }
    if (!to) {
      problems.push_back(absl::StrCat(describe(impl.transitions, i), " names unknown target stage ",
                                      in_quotes(t.to)));
    }
    auto [it, inserted] = first.try_emplace({t.from, t.to, t.kind}, i);
    if (!inserted) {
      problems.push_back(
          absl::StrCat(describe(impl.transitions, i), " duplicates transitions[", it->second, "]"));
    }
    if (t.kind == TransitionKind::kAdvance && t.from == t.to) {
      problems.push_back(absl::StrCat(describe(impl.transitions, i),
                                      " is an advance edge from a stage to itself"));
    }
    if (from && to) {
      boost::add_edge(*from, *to, internal::TransitionEdge{t.kind, i}, impl.graph);
    } else {
      resolved = false;
    }
  }
  return resolved;
}

/// Whole-graph checks; they also fill entry, main_path and reaching_won.
void check_structure(internal::StageGraphData& impl, std::vector<std::string>& problems) {
  const std::size_t n = impl.stages.size();
  // Entry: recycle and reopen edges lead back into the funnel, so they do
  // not make a stage a non-entry.
  std::vector<bool> entered(n, false);
  for (const Transition& t : impl.transitions) {
    if (t.kind == TransitionKind::kAdvance || t.kind == TransitionKind::kNurture ||
        t.kind == TransitionKind::kLost) {
      entered[*impl.find(t.to)] = true;
    }
  }
  std::vector<std::string> entries;
  for (std::size_t i = 0; i < n; ++i) {
    if (!entered[i]) {
      if (entries.empty()) impl.entry = i;
      entries.push_back(in_quotes(impl.stages[i].id));
    }
  }
  if (entries.empty()) {
    problems.push_back("no entry stage: every stage has an incoming advance, nurture or lost edge");
  } else if (entries.size() > 1) {
    problems.push_back(
        absl::StrCat("several entry stages (no incoming advance, nurture or lost edge): ",
                     absl::StrJoin(entries, ", ")));
  }

  const AdvanceGraph advance(impl.graph, AdvanceEdges{&impl.graph});
  const auto cycles = advance_cycles(advance);
  for (const auto& cycle : cycles) {
    std::vector<std::string> ids;
    for (Vertex v : cycle) ids.push_back(impl.stages[v].id);
    ids.push_back(impl.stages[cycle.front()].id);
    problems.push_back(absl::StrCat("advance edges form a cycle: ", absl::StrJoin(ids, " -> ")));
  }

  std::vector<Vertex> won;
  for (std::size_t i = 0; i < n; ++i) {
    if (impl.stages[i].kind == StageKind::kWon) won.push_back(i);
  }
  if (won.empty()) problems.push_back("no stage has kind won, so no stage can reach a contract");
  const std::vector<bool> reaches = reachable_from(boost::make_reverse_graph(impl.graph), won);
  for (std::size_t i = 0; i < n; ++i) {
    if (reaches[i]) {
      impl.reaching_won.push_back(i);
    } else if (!won.empty() && impl.stages[i].kind == StageKind::kOpen) {
      problems.push_back(
          absl::StrCat("open stage ", in_quotes(impl.stages[i].id), " cannot reach any won stage"));
    }
  }

  if (entries.size() == 1 && cycles.empty()) impl.main_path = main_path_order(advance, impl.entry);
}

/// The Model as stages and transitions; see the_model() in the header.
std::pair<std::vector<Stage>, std::vector<Transition>> the_model_parts() {
  using FC = ForecastCategory;
  const std::string marketing(teams::kMarketing), field(teams::kFieldSales);
  const std::string sdr(teams::kSdr), bdr(teams::kBdr);
  // {} leaves probability or forecast category unset.
  std::vector<Stage> stages = {
      {"lead", "Lead", {marketing}, StageKind::kOpen, {}, {}},
      {"mql", "Marketing qualified lead", {marketing}, StageKind::kOpen, {}, {}},
      {"sql", "Sales qualified lead (BANT)", {sdr, bdr}, StageKind::kOpen, {}, {}},
      {"opportunity", "Opportunity", {field}, StageKind::kOpen, 0.2, FC::kPipeline},
      {"proposal", "Proposal", {field}, StageKind::kOpen, 0.5, FC::kBestCase},
      {"negotiation", "Negotiation", {field}, StageKind::kOpen, 0.8, FC::kCommit},
      {"closed_won", "Closed won", {field}, StageKind::kWon, 1.0, FC::kClosed},
      {"closed_lost", "Closed lost", {field}, StageKind::kLost, 0.0, FC::kOmitted},
      {"nurture", "Nurture", {marketing}, StageKind::kNurture, {}, FC::kOmitted},
  };
  std::vector<Transition> transitions;
  const char* chain[] = {"lead",     "mql",         "sql",       "opportunity",
                         "proposal", "negotiation", "closed_won"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    transitions.push_back({chain[i], chain[i + 1], TransitionKind::kAdvance});
  }
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    transitions.push_back({chain[i], "closed_lost", TransitionKind::kLost});
  }
  transitions.push_back({"mql", "nurture", TransitionKind::kNurture});
  transitions.push_back({"sql", "nurture", TransitionKind::kNurture});
  transitions.push_back({"nurture", "mql", TransitionKind::kRecycle});
  transitions.push_back({"closed_lost", "mql", TransitionKind::kRecycle});
  transitions.push_back({"closed_lost", "opportunity", TransitionKind::kReopen});
  return {std::move(stages), std::move(transitions)};
}

}  // namespace

StageGraph::StageGraph(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

StageGraph StageGraph::the_model() {
  // Built once: reports call this in loops, and the preset never changes.
  static const StageGraph preset = [] {
    auto [stages, transitions] = the_model_parts();
    auto graph = create(std::move(stages), std::move(transitions));
    if (!graph.ok()) {  // A bug in the preset itself: fail loudly at once.
      std::fprintf(stderr, "modelfunnel: invalid the_model preset: %s\n",
                   graph.status().ToString().c_str());
      std::abort();
    }
    return *std::move(graph);
  }();
  return preset;
}

absl::StatusOr<StageGraph> StageGraph::create(std::vector<Stage> stages,
                                              std::vector<Transition> transitions) {
  return internal::no_throw("StageGraph::create", [&]() -> absl::StatusOr<StageGraph> {
    auto impl = std::make_shared<Impl>();
    impl->stages = std::move(stages);
    impl->transitions = std::move(transitions);
    if (impl->stages.empty()) return absl::InvalidArgumentError("the graph has no stages");
    for (std::size_t i = 0; i < impl->stages.size(); ++i) {
      impl->index.try_emplace(impl->stages[i].id, i);
    }
    impl->graph = internal::TransitionGraph(impl->stages.size());

    std::vector<std::string> problems;
    check_stages(*impl, problems);
    const bool resolved = check_transitions(*impl, problems);
    // With empty or duplicate ids or unresolved ends the graph is not the one
    // the caller meant; checking its shape would only add follow-on errors.
    const bool ids_ok = impl->index.size() == impl->stages.size() && !impl->find("");
    if (resolved && ids_ok) check_structure(*impl, problems);
    if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
    return StageGraph(std::move(impl));
  });
}

std::span<const Stage> StageGraph::stages() const { return impl_->stages; }

std::span<const Transition> StageGraph::transitions() const { return impl_->transitions; }

const Stage* StageGraph::find_stage(std::string_view id) const {
  const auto i = impl_->find(id);
  return i ? &impl_->stages[*i] : nullptr;
}

std::string_view StageGraph::entry_stage() const { return impl_->stages[impl_->entry].id; }

std::vector<std::string_view> StageGraph::main_path() const {
  std::vector<std::string_view> ids;
  for (std::size_t i : impl_->main_path) ids.push_back(impl_->stages[i].id);
  return ids;
}

std::span<const std::string> StageGraph::teams_of(std::string_view id) const {
  const Stage* stage = find_stage(id);
  return stage ? std::span<const std::string>(stage->teams) : std::span<const std::string>();
}

std::vector<std::string_view> StageGraph::teams() const {
  std::vector<std::string_view> ids;
  for (const Stage& s : impl_->stages) {
    for (const std::string& team : s.teams) {
      if (std::find(ids.begin(), ids.end(), team) == ids.end()) ids.push_back(team);
    }
  }
  return ids;
}

std::vector<Transition> StageGraph::handoffs() const {
  auto team_set = [this](const std::string& id) {
    const auto t = teams_of(id);
    return std::set<std::string_view>(t.begin(), t.end());
  };
  std::vector<Transition> result;
  for (const Transition& t : impl_->transitions) {
    if ((t.kind == TransitionKind::kAdvance || t.kind == TransitionKind::kRecycle) &&
        team_set(t.from) != team_set(t.to)) {
      result.push_back(t);
    }
  }
  return result;
}

std::vector<std::string_view> StageGraph::stages_reaching_won() const {
  std::vector<std::string_view> ids;
  for (std::size_t i : impl_->reaching_won) ids.push_back(impl_->stages[i].id);
  return ids;
}

bool StageGraph::operator==(const StageGraph& other) const {
  return impl_ == other.impl_ ||
         (impl_->stages == other.impl_->stages && impl_->transitions == other.impl_->transitions);
}

std::string_view to_string(StageKind kind) {
  switch (kind) {
    case StageKind::kOpen: return "open";
    case StageKind::kWon: return "won";
    case StageKind::kLost: return "lost";
    case StageKind::kNurture: return "nurture";
    default: return "unknown";
  }
}

std::string_view to_string(ForecastCategory category) {
  switch (category) {
    case ForecastCategory::kPipeline: return "pipeline";
    case ForecastCategory::kBestCase: return "best_case";
    case ForecastCategory::kCommit: return "commit";
    case ForecastCategory::kClosed: return "closed";
    case ForecastCategory::kOmitted: return "omitted";
    default: return "unknown";
  }
}

std::string_view to_string(TransitionKind kind) {
  switch (kind) {
    case TransitionKind::kAdvance: return "advance";
    case TransitionKind::kNurture: return "nurture";
    case TransitionKind::kRecycle: return "recycle";
    case TransitionKind::kLost: return "lost";
    case TransitionKind::kReopen: return "reopen";
    default: return "unknown";
  }
}

}  // namespace modelfunnel
