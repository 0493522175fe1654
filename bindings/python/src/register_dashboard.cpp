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
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/tiering.hpp"

namespace modelfunnel::python {
namespace {

std::optional<Timestamp> time_of(const std::optional<std::int64_t>& micros) {
  if (!micros) return std::nullopt;
  return Timestamp::from_micros(*micros);
}

/// A file input as (path, true) or (text, false), as _dashboard.py passes it.
using Source = std::optional<std::pair<std::string, bool>>;

/// The inputs of the optional sections, read and parsed (without the GIL).
absl::Status read_inputs(DashboardOptions& options, const Source& policy, const Source& accounts,
                         const Source& fit_model, std::optional<double> target,
                         const std::optional<std::string>& plan_period, const Source& contacts,
                         const Source& activities) {
  if (policy) {
    auto p = policy->second ? ReengagePolicy::load_file(policy->first) : ReengagePolicy::parse(policy->first);
    if (!p.ok()) return p.status();
    options.reengage_policy = *std::move(p);
  }
  if (accounts) {
    auto t = accounts->second ? read_csv_table(accounts->first) : parse_csv_table(accounts->first, "accounts");
    if (!t.ok()) return t.status();
    options.accounts = *std::move(t);
  }
  if (fit_model) {
    auto m = fit_model->second ? FitModel::load_file(fit_model->first) : FitModel::parse(fit_model->first);
    if (!m.ok()) return m.status();
    options.fit_model = *std::move(m);
  }
  if (contacts) {
    auto t = contacts->second ? read_csv_table(contacts->first) : parse_csv_table(contacts->first, "contacts");
    if (!t.ok()) return t.status();
    options.contacts = *std::move(t);
  }
  if (activities) {
    auto t = activities->second ? read_csv_table(activities->first)
                                : parse_csv_table(activities->first, "activities");
    if (!t.ok()) return t.status();
    options.activities = *std::move(t);
  }
  options.revenue_target = target;
  if (plan_period) {
    auto p = parse_period(*plan_period);
    if (!p.ok()) return absl::InvalidArgumentError("plan_period: " + std::string(p.status().message()));
    options.revenue_period = *p;
  }
  return absl::OkStatus();
}

/// Keywords arrive checked for type and converted (times in µs) by
/// modelfunnel/_dashboard.py; values are the C++ dashboard's to judge.
std::string html(const DataSet& data, const StageGraph& graph, std::vector<std::string> by,
                 std::optional<std::int64_t> start_us, std::optional<std::int64_t> end_us,
                 std::string_view period, std::optional<std::int64_t> as_of_us, std::string title,
                 std::optional<std::string> team_by,
                 std::vector<std::pair<std::string, std::string>> team_map, std::string team_default,
                 const QualifyRules* rules, std::uint64_t min_sample, unsigned threads, const Source& policy,
                 std::optional<std::int64_t> reengage_as_of_us, const Source& accounts, const Source& fit_model,
                 std::optional<double> target, const std::optional<std::string>& plan_period,
                 const Source& contacts, const Source& activities, std::string owner_by) {
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
  options.reengage_as_of = time_of(reengage_as_of_us);
  options.owner_column = std::move(owner_by);
  absl::StatusOr<std::string> page;
  {
    py::gil_scoped_release release;
    const absl::Status read =
        read_inputs(options, policy, accounts, fit_model, target, plan_period, contacts, activities);
    page = read.ok() ? dashboard_html(data, graph, options) : absl::StatusOr<std::string>(read);
  }
  return unwrap(std::move(page));
}

}  // namespace

void register_dashboard(py::module_& m) {
  m.def("dashboard_html", &html, py::arg("data"), py::arg("graph"), py::arg("by"), py::arg("start_us"),
        py::arg("end_us"), py::arg("period"), py::arg("as_of_us"), py::arg("title"), py::arg("team_by"),
        py::arg("team_map"), py::arg("team_default"), py::arg("rules"), py::arg("min_sample"),
        py::arg("threads"), py::arg("policy"), py::arg("reengage_as_of_us"), py::arg("accounts"),
        py::arg("fit_model"), py::arg("target"), py::arg("plan_period"), py::arg("contacts"),
        py::arg("activities"), py::arg("owner_by"));
}

}  // namespace modelfunnel::python
