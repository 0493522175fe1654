// summarize() for Python: counted without the GIL, returned as plain values
// that the Python package turns into DataFrames.
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/summary.hpp"

namespace modelfunnel::python {
namespace {

/// records, events, records_without_events, stages (stage, teams, reached,
/// current, events), teams (team, reached), unknown_stages (name, events).
py::dict summarize_data(const DataSet& data, const StageGraph& graph) {
  absl::StatusOr<DataSummary> result;
  {
    py::gil_scoped_release release;
    result = summarize(data, graph);
  }
  const DataSummary s = unwrap(std::move(result));
  using StageRow = std::tuple<std::string, std::vector<std::string>, std::uint64_t,
                              std::uint64_t, std::uint64_t>;
  std::vector<StageRow> stages;
  for (const StageSummary& st : s.stages) {
    stages.emplace_back(st.stage, st.teams, st.reached, st.current, st.events);
  }
  std::vector<std::tuple<std::string, std::uint64_t>> teams;
  for (const TeamSummary& t : s.teams) teams.emplace_back(t.team, t.reached);
  py::dict out;
  out["records"] = s.records;
  out["events"] = s.events;
  out["records_without_events"] = s.records_without_events;
  out["stages"] = stages;
  out["teams"] = teams;
  out["unknown_stages"] = s.unknown_stages;
  return out;
}

}  // namespace

void register_summary(py::module_& m) {
  m.def("summarize", &summarize_data, py::arg("data"), py::arg("graph"));
}

}  // namespace modelfunnel::python
