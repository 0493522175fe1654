// funnel_report() for Python. The report is computed without the GIL and
// stays a C++ object; the Python package reads it as JSON (every figure, full
// precision) or as the CSV tables of funnel_format.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::python {
namespace {

/// "'a', 'b', 'c'": the stable names of the values of E up to @p last.
template <class E>
std::string names_of(E last) {
  std::string names;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    if (i) names += ", ";
    names.append("'").append(to_string(static_cast<E>(i))).append("'");
  }
  return names;
}

/// The enum value named @p text (its stable to_string() name); DataError
/// naming @p keyword and the choices otherwise.
template <class E>
E parse_enum(std::string_view text, E last, const char* keyword) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    if (to_string(static_cast<E>(i)) == text) return static_cast<E>(i);
  }
  fail_data(std::string(keyword) + ": expected one of " + names_of(last) + ", not '" +
            std::string(text) + "'");
}

std::optional<Timestamp> time_of(const std::optional<std::int64_t>& micros) {
  if (!micros) return std::nullopt;
  return Timestamp::from_micros(*micros);
}

/// Keywords arrive checked for type and converted (times in µs) by
/// modelfunnel/_funnel.py; values are the C++ report's to judge.
FunnelReport compute(const DataSet& data, const StageGraph& graph, std::string_view passage,
                     std::string_view mode, std::optional<std::int64_t> start_us,
                     std::optional<std::int64_t> end_us, std::optional<std::int64_t> window_days,
                     bool window_per_step, std::vector<std::string> by, std::string_view bucket,
                     std::optional<std::int64_t> as_of_us, std::uint64_t min_sample,
                     std::string cycle_from, std::optional<std::string> team_by,
                     std::vector<std::pair<std::string, std::string>> team_map,
                     std::string team_default, std::optional<std::int64_t> baseline_start_us,
                     std::optional<std::int64_t> baseline_end_us,
                     std::vector<std::pair<std::string, double>> targets, double significance,
                     std::string_view durations, unsigned threads) {
  FunnelOptions options;
  options.passage = parse_enum(passage, Passage::kObserved, "passage");
  options.mode = parse_enum(mode, ReportMode::kPeriod, "mode");
  options.from = time_of(start_us);
  options.to = time_of(end_us);
  options.window_days = window_days;
  options.window_per_step = window_per_step;
  options.by = std::move(by);
  options.bucket = parse_enum(bucket, TimeBucket::kQuarter, "bucket");
  options.as_of = time_of(as_of_us);
  options.min_sample = min_sample;
  options.cycle_from = std::move(cycle_from);
  if (team_by) {
    options.team_assignment =
        TeamAssignment{*std::move(team_by), std::move(team_map), std::move(team_default)};
  }
  options.baseline_from = time_of(baseline_start_us);
  options.baseline_to = time_of(baseline_end_us);
  options.target_rates = std::move(targets);
  options.significance = significance;
  absl::StatusOr<DurationFigures> figures = parse_duration_figures(durations);
  if (!figures.ok()) fail_data(std::string(figures.status().message()));
  options.durations = *figures;
  options.threads = threads;

  absl::StatusOr<FunnelReport> report;
  {
    py::gil_scoped_release release;
    report = funnel_report(data, graph, options);
  }
  return unwrap(std::move(report));
}

std::string csv(const FunnelReport& report, std::string_view table) {
  const std::optional<FunnelTable> t = funnel_table_from_string(table);
  if (!t) {
    fail_data("table: expected one of " + names_of(FunnelTable::kBottlenecks) + ", not '" +
              std::string(table) + "'");
  }
  py::gil_scoped_release release;
  return unwrap(funnel_csv(report, *t));
}

std::string json(const FunnelReport& report) {
  py::gil_scoped_release release;
  return unwrap(funnel_json(report));
}

}  // namespace

void register_funnel(py::module_& m) {
  py::class_<FunnelReport>(m, "FunnelReport")
      .def("csv", &csv, py::arg("table"))
      .def("json", &json)
      .def_property_readonly("by", [](const FunnelReport& r) { return r.by; })
      .def_property_readonly("main_path", [](const FunnelReport& r) { return r.main_path; })
      .def_property_readonly("passage",
                             [](const FunnelReport& r) { return std::string(to_string(r.passage)); })
      .def_property_readonly("mode",
                             [](const FunnelReport& r) { return std::string(to_string(r.mode)); })
      .def_property_readonly("as_of_us", [](const FunnelReport& r) { return r.as_of.micros(); })
      .def_property_readonly("group_count", [](const FunnelReport& r) { return r.groups.size(); })
      .def_property_readonly("records",
                             [](const FunnelReport& r) {
                               return r.groups.empty() ? std::uint64_t{0} : r.groups[0].records;
                             })
      .def_readonly("records_outside_funnel", &FunnelReport::records_outside_funnel)
      .def_readonly("events_unknown_stage", &FunnelReport::events_unknown_stage)
      .def_readonly("events_without_time", &FunnelReport::events_without_time);
  m.def("funnel_report", &compute, py::arg("data"), py::arg("graph"), py::arg("passage"),
        py::arg("mode"), py::arg("start_us"), py::arg("end_us"), py::arg("window_days"),
        py::arg("window_per_step"), py::arg("by"), py::arg("bucket"), py::arg("as_of_us"),
        py::arg("min_sample"), py::arg("cycle_from"), py::arg("team_by"), py::arg("team_map"),
        py::arg("team_default"), py::arg("baseline_start_us"), py::arg("baseline_end_us"),
        py::arg("targets"), py::arg("significance"), py::arg("durations"), py::arg("threads"));
}

}  // namespace modelfunnel::python
