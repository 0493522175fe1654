// graph.cpp — mf_graph: creating stage graphs and reading them by index.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "errors.hpp"
#include "handles.hpp"

using namespace modelfunnel::capi;
using modelfunnel::StageGraph;

mf_graph::mf_graph(StageGraph g) : graph(std::move(g)) {
  const auto stages = graph.stages();
  absl::flat_hash_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < stages.size(); ++i) index.emplace(stages[i].id, i);
  // A validated graph names only its own stages, so every lookup succeeds.
  const auto stage_index = [&](std::string_view id) { return index.at(id); };

  entry = stage_index(graph.entry_stage());
  for (std::string_view id : graph.main_path()) main_path.push_back(stage_index(id));

  const auto transitions = graph.transitions();
  const auto handoffs = graph.handoffs();  // a subsequence of transitions()
  std::size_t next_handoff = 0;
  for (const auto& t : transitions) {
    transition_from.push_back(stage_index(t.from));
    transition_to.push_back(stage_index(t.to));
    const bool is_handoff = next_handoff < handoffs.size() && handoffs[next_handoff] == t;
    if (is_handoff) ++next_handoff;
    handoff.push_back(is_handoff ? 1 : 0);
  }

  reaches_won.assign(stages.size(), 0);
  for (std::string_view id : graph.stages_reaching_won()) reaches_won[stage_index(id)] = 1;

  // Pointers into the graph's own strings, so the views handed out are
  // NUL-terminated and live as long as the handle.
  for (const auto& stage : stages) {
    for (const std::string& team : stage.teams) {
      const bool seen = std::any_of(teams.begin(), teams.end(),
                                    [&](const std::string* t) { return *t == team; });
      if (!seen) teams.push_back(&team);
    }
  }
}

namespace {

const mf_graph& graph_arg(const mf_graph* graph) { return arg(graph, "graph"); }

const modelfunnel::Stage& stage_arg(const mf_graph& g, std::size_t index) {
  return g.graph.stages()[in_index(index, g.graph.stages().size(), "stage index")];
}

void publish(mf_graph** out, absl::StatusOr<StageGraph>&& result) {
  auto graph = std::make_unique<mf_graph>(unwrap(std::move(result), MF_EDATA));
  *out = graph.release();
}

}  // namespace

extern "C" {

int mf_graph_the_model(mf_graph** out) {
  return guard("mf_graph_the_model", [&] {
    arg(out, "out");
    *out = std::make_unique<mf_graph>(StageGraph::the_model()).release();
  });
}

int mf_graph_from_json(mf_graph** out, const char* json, size_t json_len) {
  return guard("mf_graph_from_json", [&] {
    arg(out, "out");
    publish(out, StageGraph::from_json(in_str(json, json_len, "json")));
  });
}

int mf_graph_load_file(mf_graph** out, const char* path, size_t path_len) {
  return guard("mf_graph_load_file", [&] {
    arg(out, "out");
    const std::filesystem::path file(in_str(path, path_len, "path"));
    publish(out, StageGraph::load_json_file(file));
  });
}

void mf_graph_free(mf_graph* graph) { delete graph; }

int mf_graph_to_json(mf_text** out, const mf_graph* graph) {
  return guard("mf_graph_to_json", [&] {
    arg(out, "out");
    *out = new mf_text{graph_arg(graph).graph.to_json()};
  });
}

int mf_graph_to_dot(mf_text** out, const mf_graph* graph) {
  return guard("mf_graph_to_dot", [&] {
    arg(out, "out");
    *out = new mf_text{graph_arg(graph).graph.to_dot()};
  });
}

size_t mf_graph_stage_count(const mf_graph* graph) {
  return graph == nullptr ? 0 : graph->graph.stages().size();
}

int mf_graph_stage(const mf_graph* graph, size_t index, mf_str* id, mf_str* name, int* kind) {
  return guard("mf_graph_stage", [&] {
    const auto& stage = stage_arg(graph_arg(graph), index);
    maybe_set(id, view_of(stage.id));
    maybe_set(name, view_of(stage.name));
    maybe_set(kind, static_cast<int>(stage.kind));
  });
}

int mf_graph_stage_forecast(const mf_graph* graph, size_t index, int* has_probability,
                            double* probability, int* category) {
  return guard("mf_graph_stage_forecast", [&] {
    const auto& stage = stage_arg(graph_arg(graph), index);
    maybe_set(has_probability, stage.probability.has_value() ? 1 : 0);
    maybe_set(probability, stage.probability.value_or(0.0));
    maybe_set(category, stage.forecast_category
                            ? static_cast<int>(*stage.forecast_category)
                            : static_cast<int>(MF_FORECAST_NONE));
  });
}

size_t mf_graph_stage_team_count(const mf_graph* graph, size_t index) {
  if (graph == nullptr || index >= graph->graph.stages().size()) return 0;
  return graph->graph.stages()[index].teams.size();
}

int mf_graph_stage_team(const mf_graph* graph, size_t index, size_t team, mf_str* out) {
  return guard("mf_graph_stage_team", [&] {
    const auto& stage = stage_arg(graph_arg(graph), index);
    const std::string& t = stage.teams[in_index(team, stage.teams.size(), "team index")];
    arg(out, "out") = view_of(t);
  });
}

int mf_graph_find_stage(const mf_graph* graph, const char* id, size_t id_len,
                        size_t* out_index) {
  return guard("mf_graph_find_stage", [&] {
    const mf_graph& g = graph_arg(graph);
    auto& out = arg(out_index, "out_index");
    const std::string_view key = in_str(id, id_len, "id");
    const auto stages = g.graph.stages();
    const auto it = std::find_if(stages.begin(), stages.end(),
                                 [&](const modelfunnel::Stage& s) { return s.id == key; });
    if (it == stages.end()) {
      throw Failure(MF_ENOTFOUND, "no stage with id '" + std::string(key) + "'");
    }
    out = static_cast<std::size_t>(it - stages.begin());
  });
}

size_t mf_graph_transition_count(const mf_graph* graph) {
  return graph == nullptr ? 0 : graph->graph.transitions().size();
}

int mf_graph_transition(const mf_graph* graph, size_t index, size_t* from, size_t* to,
                        int* kind) {
  return guard("mf_graph_transition", [&] {
    const mf_graph& g = graph_arg(graph);
    const auto transitions = g.graph.transitions();
    in_index(index, transitions.size(), "transition index");
    maybe_set(from, g.transition_from[index]);
    maybe_set(to, g.transition_to[index]);
    maybe_set(kind, static_cast<int>(transitions[index].kind));
  });
}

int mf_graph_entry_stage(const mf_graph* graph, size_t* out_index) {
  return guard("mf_graph_entry_stage", [&] {
    const mf_graph& g = graph_arg(graph);
    arg(out_index, "out_index") = g.entry;
  });
}

size_t mf_graph_team_count(const mf_graph* graph) {
  return graph == nullptr ? 0 : graph->teams.size();
}

int mf_graph_team(const mf_graph* graph, size_t index, mf_str* out) {
  return guard("mf_graph_team", [&] {
    const mf_graph& g = graph_arg(graph);
    const std::string* team = g.teams[in_index(index, g.teams.size(), "team index")];
    arg(out, "out") = view_of(*team);
  });
}

size_t mf_graph_main_path_length(const mf_graph* graph) {
  return graph == nullptr ? 0 : graph->main_path.size();
}

int mf_graph_main_path_stage(const mf_graph* graph, size_t position, size_t* out_index) {
  return guard("mf_graph_main_path_stage", [&] {
    const mf_graph& g = graph_arg(graph);
    const std::size_t stage = g.main_path[in_index(position, g.main_path.size(), "position")];
    arg(out_index, "out_index") = stage;
  });
}

int mf_graph_transition_is_handoff(const mf_graph* graph, size_t index, int* out) {
  return guard("mf_graph_transition_is_handoff", [&] {
    const mf_graph& g = graph_arg(graph);
    const std::uint8_t flag = g.handoff[in_index(index, g.handoff.size(), "transition index")];
    arg(out, "out") = flag;
  });
}

int mf_graph_stage_reaches_won(const mf_graph* graph, size_t index, int* out) {
  return guard("mf_graph_stage_reaches_won", [&] {
    const mf_graph& g = graph_arg(graph);
    const std::uint8_t flag = g.reaches_won[in_index(index, g.reaches_won.size(), "stage index")];
    arg(out, "out") = flag;
  });
}

}  // extern "C"
