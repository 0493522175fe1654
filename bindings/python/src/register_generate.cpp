// Synthetic data for Python: generate_dataset() and generate_csv(), run
// without the GIL.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "core.hpp"
#include "modelfunnel/generate.hpp"

namespace modelfunnel::python {
namespace {

GenerateOptions options(std::int64_t leads, std::uint64_t seed, std::int64_t start_us,
                        std::uint32_t span_days) {
  if (leads < 1) fail_data("leads must be at least 1");
  GenerateOptions o;
  o.leads = static_cast<std::uint64_t>(leads);
  o.seed = seed;
  o.start = Timestamp::from_micros(start_us);
  o.span_days = span_days;
  return o;
}

DataSet generate_dataset_py(std::int64_t leads, std::uint64_t seed, std::int64_t start_us,
                            std::uint32_t span_days, py::object progress) {
  GenerateOptions o = options(leads, seed, start_us, span_days);
  Progress watcher(std::move(progress));
  o.progress = watcher.function();
  absl::StatusOr<DataSet> result;
  {
    py::gil_scoped_release release;
    result = generate_dataset(o);
  }
  watcher.rethrow();
  return unwrap(std::move(result));
}

void generate_csv_py(const std::filesystem::path& dir, std::int64_t leads, std::uint64_t seed,
                     std::int64_t start_us, std::uint32_t span_days, py::object progress,
                     std::string_view layout_name, std::int64_t accounts) {
  GenerateOptions o = options(leads, seed, start_us, span_days);
  if (accounts < 0) fail_data("accounts must be at least 0");
  o.accounts = static_cast<std::uint64_t>(accounts);
  CrmLayout layout = CrmLayout::kCanonical;
  if (layout_name == "salesforce") layout = CrmLayout::kSalesforce;
  else if (layout_name == "hubspot") layout = CrmLayout::kHubSpot;
  else if (layout_name != "canonical") {
    fail_data("unknown layout '" + std::string(layout_name) + "'; expected canonical, salesforce or hubspot");
  }
  Progress watcher(std::move(progress));
  o.progress = watcher.function();
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = generate_layout_csv(o, layout, dir);
  }
  watcher.rethrow();
  check(status);
}

}  // namespace

void register_generate(py::module_& m) {
  const GenerateOptions defaults;
  m.attr("DEFAULT_START_US") = defaults.start.micros();
  m.attr("DEFAULT_SPAN_DAYS") = defaults.span_days;
  m.def("generate_dataset", &generate_dataset_py, py::arg("leads"), py::arg("seed"),
        py::arg("start_us"), py::arg("span_days"), py::arg("progress") = py::none());
  m.def("generate_csv", &generate_csv_py, py::arg("dir"), py::arg("leads"), py::arg("seed"),
        py::arg("start_us"), py::arg("span_days"), py::arg("progress") = py::none(),
        py::arg("layout") = "canonical", py::arg("accounts") = 0);
}

}  // namespace modelfunnel::python
