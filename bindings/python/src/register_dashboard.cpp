// dashboard_html() for Python: the page is computed without the GIL and
// returned as a str; modelfunnel/_dashboard.py wraps it in an object a
// notebook shows inline (_repr_html_).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/dashboard.hpp"

namespace modelfunnel::python {
namespace {

std::optional<Timestamp> time_of(const std::optional<std::int64_t>& micros) {
  if (!micros) return std::nullopt;
  return Timestamp::from_micros(*micros);
}

/// Keywords arrive checked for type and converted (times in µs) by
/// modelfunnel/_dashboard.py; values are the C++ dashboard's to judge.
std::string html(const DataSet& data, const StageGraph& graph, std::vector<std::string> by,
                 std::optional<std::int64_t> start_us, std::optional<std::int64_t> end_us,
                 std::string_view period, std::optional<std::int64_t> as_of_us, std::string title,
                 std::optional<std::string> team_by,
                 std::vector<std::pair<std::string, std::string>> team_map, std::string team_default,
                 const QualifyRules* rules, std::uint64_t min_sample, unsigned threads) {
  DashboardOptions options;
  options.by = std::move(by);
  options.from = time_of(start_us);
  options.to = time_of(end_us);
  if (period == "week") options.period = DashboardPeriod::kWeek;
  else if (period == "month") options.period = DashboardPeriod::kMonth;
  else fail_data("period: expected 'week' or 'month', not '" + std::string(period) + "'");
  options.as_of = time_of(as_of_us);
  options.title = std::move(title);
  if (team_by)
    options.team_assignment = TeamAssignment{*std::move(team_by), std::move(team_map), std::move(team_default)};
  if (rules) options.qualify_rules = *rules;
  options.min_sample = min_sample;
  options.threads = threads;
  absl::StatusOr<std::string> page;
  {
    py::gil_scoped_release release;
    page = dashboard_html(data, graph, options);
  }
  return unwrap(std::move(page));
}

}  // namespace

void register_dashboard(py::module_& m) {
  m.def("dashboard_html", &html, py::arg("data"), py::arg("graph"), py::arg("by"), py::arg("start_us"),
        py::arg("end_us"), py::arg("period"), py::arg("as_of_us"), py::arg("title"), py::arg("team_by"),
        py::arg("team_map"), py::arg("team_default"), py::arg("rules"), py::arg("min_sample"),
        py::arg("threads"));
}

}  // namespace modelfunnel::python
