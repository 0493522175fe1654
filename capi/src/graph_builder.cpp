// graph_builder.cpp — mf_graph_builder: describing a stage graph from C.
//
// The builder only collects; StageGraph::create() validates the whole
// description at mf_graph_builder_build(), so C callers get the same list
// of problems as C++ and JSON callers do.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

mf::StageKind stage_kind_arg(int kind) {
  if (kind < MF_STAGE_OPEN || kind > MF_STAGE_NURTURE) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown stage kind ", kind));
  }
  return static_cast<mf::StageKind>(kind);
}

std::optional<mf::ForecastCategory> category_arg(int category) {
  if (category == MF_FORECAST_NONE) return std::nullopt;
  if (category < MF_FORECAST_PIPELINE || category > MF_FORECAST_OMITTED) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown forecast category ", category));
  }
  return static_cast<mf::ForecastCategory>(category);
}

mf::TransitionKind transition_kind_arg(int kind) {
  if (kind < MF_TRANSITION_ADVANCE || kind > MF_TRANSITION_REOPEN) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown transition kind ", kind));
  }
  return static_cast<mf::TransitionKind>(kind);
}

}  // namespace

extern "C" {

int mf_graph_builder_new(mf_graph_builder** out) {
  return guard("mf_graph_builder_new", [&] {
    arg(out, "out");
    *out = new mf_graph_builder{};
  });
}

void mf_graph_builder_free(mf_graph_builder* builder) { delete builder; }

int mf_graph_builder_add_stage(mf_graph_builder* builder, const char* id, size_t id_len,
                               const char* name, size_t name_len, const char* team,
                               size_t team_len, int kind, int has_probability,
                               double probability, int category) {
  return guard("mf_graph_builder_add_stage", [&] {
    mf_graph_builder& b = arg(builder, "builder");
    mf::Stage stage;
    stage.id = in_str(id, id_len, "id");
    stage.name = in_str(name, name_len, "name");
    if (stage.name.empty()) stage.name = stage.id;
    // No team here is allowed: mf_graph_builder_add_team() may add them, and
    // build() reports a stage that still has none.
    const std::string_view first_team = in_str(team, team_len, "team");
    if (!first_team.empty()) stage.teams.emplace_back(first_team);
    stage.kind = stage_kind_arg(kind);
    if (has_probability) stage.probability = probability;
    stage.forecast_category = category_arg(category);
    b.stages.push_back(std::move(stage));
  });
}

int mf_graph_builder_add_team(mf_graph_builder* builder, const char* stage_id,
                              size_t stage_id_len, const char* team, size_t team_len) {
  return guard("mf_graph_builder_add_team", [&] {
    mf_graph_builder& b = arg(builder, "builder");
    const std::string_view id = in_str(stage_id, stage_id_len, "stage_id");
    const std::string_view name = in_str(team, team_len, "team");
    // The latest stage with that id: duplicates are build()'s to report.
    const auto it = std::find_if(b.stages.rbegin(), b.stages.rend(),
                                 [&](const mf::Stage& s) { return s.id == id; });
    if (it == b.stages.rend()) {
      throw ArgumentError(MF_ENOTFOUND, absl::StrCat("no stage '", std::string(id), "' was added"));
    }
    it->teams.emplace_back(name);
  });
}

int mf_graph_builder_add_transition(mf_graph_builder* builder, const char* from,
                                    size_t from_len, const char* to, size_t to_len, int kind) {
  return guard("mf_graph_builder_add_transition", [&] {
    mf_graph_builder& b = arg(builder, "builder");
    mf::Transition t;
    t.from = in_str(from, from_len, "from");
    t.to = in_str(to, to_len, "to");
    t.kind = transition_kind_arg(kind);
    b.transitions.push_back(std::move(t));
  });
}

int mf_graph_builder_build(mf_graph** out, const mf_graph_builder* builder) {
  return guard("mf_graph_builder_build", [&] {
    arg(out, "out");
    const mf_graph_builder& b = arg(builder, "builder");
    auto graph = unwrap(mf::StageGraph::create(b.stages, b.transitions), MF_EDATA);
    *out = std::make_unique<mf_graph>(std::move(graph)).release();
  });
}

}  // extern "C"
