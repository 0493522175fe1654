// StageGraph for Python. Stages and transitions cross the boundary as plain
// tuples with enum values as their stable text names; the Python package
// turns them into Stage / Transition dataclasses and str-valued enums.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "absl/strings/str_cat.h"
#include "core.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::python {
namespace {

/// (id, name, teams, kind, probability, forecast_category)
using StageTuple = std::tuple<std::string, std::string, std::vector<std::string>, std::string,
                              std::optional<double>, std::optional<std::string>>;
/// (from, to, kind)
using TransitionTuple = std::tuple<std::string, std::string, std::string>;

constexpr std::array kStageKinds = {StageKind::kOpen, StageKind::kWon, StageKind::kLost,
                                    StageKind::kNurture};
constexpr std::array kForecastCategories = {
    ForecastCategory::kPipeline, ForecastCategory::kBestCase, ForecastCategory::kCommit,
    ForecastCategory::kClosed, ForecastCategory::kOmitted};
constexpr std::array kTransitionKinds = {TransitionKind::kAdvance, TransitionKind::kNurture,
                                         TransitionKind::kRecycle, TransitionKind::kLost,
                                         TransitionKind::kReopen};

/// The enumerator of @p all whose name is @p text; DataError otherwise.
template <class E, std::size_t N>
E parse_enum(std::string_view text, const std::array<E, N>& all, std::string_view what) {
  std::string names;
  for (E e : all) {
    if (to_string(e) == text) return e;
    absl::StrAppend(&names, names.empty() ? "" : ", ", std::string(to_string(e)));
  }
  fail_data(absl::StrCat("unknown ", std::string(what), " '", std::string(text),
                         "'; expected one of ", names));
}

Stage to_stage(const StageTuple& t) {
  Stage s;
  s.id = std::get<0>(t);
  s.name = std::get<1>(t);
  s.teams = std::get<2>(t);
  s.kind = parse_enum(std::get<3>(t), kStageKinds, "stage kind");
  s.probability = std::get<4>(t);
  if (const auto& category = std::get<5>(t)) {
    s.forecast_category = parse_enum(*category, kForecastCategories, "forecast category");
  }
  return s;
}

StageTuple to_tuple(const Stage& s) {
  std::optional<std::string> category;
  if (s.forecast_category) category = std::string(to_string(*s.forecast_category));
  return {s.id, s.name, s.teams, std::string(to_string(s.kind)), s.probability, category};
}

Transition to_transition(const TransitionTuple& t) {
  return {std::get<0>(t), std::get<1>(t),
          parse_enum(std::get<2>(t), kTransitionKinds, "transition kind")};
}

TransitionTuple to_tuple(const Transition& t) {
  return {t.from, t.to, std::string(to_string(t.kind))};
}

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

}  // namespace

void register_graph(py::module_& m) {
  py::class_<StageGraph>(m, "StageGraph")
      .def_static("the_model", &StageGraph::the_model)
      .def_static(
          "create",
          [](const std::vector<StageTuple>& stages, const std::vector<TransitionTuple>& transitions) {
            std::vector<Stage> s;
            for (const auto& t : stages) s.push_back(to_stage(t));
            std::vector<Transition> e;
            for (const auto& t : transitions) e.push_back(to_transition(t));
            return unwrap(StageGraph::create(std::move(s), std::move(e)));
          },
          py::arg("stages"), py::arg("transitions"))
      .def_static(
          "from_json", [](const std::string& json) { return unwrap(StageGraph::from_json(json)); },
          py::arg("json"))
      .def_static(
          "load_json_file",
          [](const std::filesystem::path& path) { return unwrap(StageGraph::load_json_file(path)); },
          py::arg("path"))
      .def("to_json", &StageGraph::to_json)
      .def("to_dot", &StageGraph::to_dot)
      .def("stages",
           [](const StageGraph& g) {
             std::vector<StageTuple> out;
             for (const Stage& s : g.stages()) out.push_back(to_tuple(s));
             return out;
           })
      .def("transitions",
           [](const StageGraph& g) {
             std::vector<TransitionTuple> out;
             for (const Transition& t : g.transitions()) out.push_back(to_tuple(t));
             return out;
           })
      .def(
          "find_stage",
          [](const StageGraph& g, std::string_view id) -> std::optional<StageTuple> {
            const Stage* s = g.find_stage(id);
            if (s == nullptr) return std::nullopt;
            return to_tuple(*s);
          },
          py::arg("id"))
      .def("entry_stage", [](const StageGraph& g) { return std::string(g.entry_stage()); })
      .def("main_path", [](const StageGraph& g) { return strings(g.main_path()); })
      .def(
          "teams_of",
          [](const StageGraph& g, std::string_view id) {
            auto teams = g.teams_of(id);
            return std::vector<std::string>(teams.begin(), teams.end());
          },
          py::arg("id"))
      .def("teams", [](const StageGraph& g) { return strings(g.teams()); })
      .def("handoffs",
           [](const StageGraph& g) {
             std::vector<TransitionTuple> out;
             for (const Transition& t : g.handoffs()) out.push_back(to_tuple(t));
             return out;
           })
      .def("stages_reaching_won", [](const StageGraph& g) { return strings(g.stages_reaching_won()); })
      .def("__eq__", [](const StageGraph& a, const StageGraph& b) { return a == b; }, py::is_operator());
}

}  // namespace modelfunnel::python
