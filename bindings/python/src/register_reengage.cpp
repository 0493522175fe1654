// Re-engagement for Python: the policy as a path or JSON text, the result
// as reengage_json()'s document, which modelfunnel/_reengage.py turns into
// DataFrames. Work runs without the GIL.
#include <cstdint>
#include <string>

#include "core.hpp"
#include "modelfunnel/reengage.hpp"

namespace modelfunnel::python {
namespace {

std::string reengage(const DataSet& data, const std::string& policy_text, bool is_path, const StageGraph& graph,
                     std::int64_t as_of_us, unsigned threads) {
  absl::StatusOr<std::string> out;
  {
    py::gil_scoped_release release;
    out = [&]() -> absl::StatusOr<std::string> {
      auto policy = is_path ? ReengagePolicy::load_file(policy_text) : ReengagePolicy::parse(policy_text);
      if (!policy.ok()) return policy.status();
      ReengageOptions options;
      options.graph = graph;
      options.threads = threads;
      auto result = reengagement_queue(data, *policy, Timestamp::from_micros(as_of_us), options);
      if (!result.ok()) return result.status();
      return reengage_json(*result);
    }();
  }
  return unwrap(std::move(out));
}

}  // namespace

void register_reengage(py::module_& m) {
  m.def("reengage", &reengage, py::arg("data"), py::arg("policy"), py::arg("policy_is_path"), py::arg("graph"),
        py::arg("as_of_us"), py::arg("threads"));
}

}  // namespace modelfunnel::python
