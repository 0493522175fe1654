// Mapping and load() for Python. The load runs without the GIL; its report
// comes back as plain tuples that the Python package turns into DataFrames.
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "absl/strings/str_cat.h"
#include "core.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel::python {
namespace {

ErrorPolicy parse_policy(std::string_view text) {
  if (text == "strict") return ErrorPolicy::kStrict;
  if (text == "skip") return ErrorPolicy::kSkip;
  fail_data(absl::StrCat("unknown error policy '", std::string(text), "'; expected strict or skip"));
}

/// (table, file, bytes, rows, rejected, unmatched_keys, empty_keys, skipped)
using FileTuple = std::tuple<std::string, std::string, std::uint64_t, std::uint64_t,
                             std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t>;
/// (rule, count, examples, message)
using FindingTuple = std::tuple<std::string, std::uint64_t, std::vector<std::string>, std::string>;
/// (file, line, column, field, rule, message)
using RowErrorTuple = std::tuple<std::string, std::int64_t, std::int64_t, std::string,
                                 std::string, std::string>;

/// (data, files, rejected, findings)
std::tuple<DataSet, std::vector<FileTuple>, std::vector<RowErrorTuple>, std::vector<FindingTuple>> load_mapping(
    const Mapping& mapping, std::string_view policy,
    const std::optional<std::filesystem::path>& rejects_path, py::object progress,
    unsigned threads) {
  Progress watcher(std::move(progress));
  LoadOptions options;
  options.policy = parse_policy(policy);
  options.rejects_path = rejects_path;
  options.progress = watcher.function();
  options.threads = threads;
  absl::StatusOr<LoadResult> result;
  {
    py::gil_scoped_release release;
    result = load(mapping, options);
  }
  watcher.rethrow();
  LoadResult loaded = unwrap(std::move(result));
  std::vector<FileTuple> files;
  for (const FileReport& f : loaded.report.files) {
    files.emplace_back(f.table, f.file, f.bytes, f.rows, f.rejected, f.unmatched_keys,
                       f.empty_keys, f.skipped);
  }
  std::vector<RowErrorTuple> rejected;
  for (const RowError& e : loaded.report.rejected) {
    rejected.emplace_back(e.file, e.line, e.column, e.field, e.rule, e.message);
  }
  std::vector<FindingTuple> findings;
  for (const Finding& f : loaded.report.findings) findings.emplace_back(f.rule, f.count, f.examples, f.message);
  return {std::move(loaded.data), std::move(files), std::move(rejected), std::move(findings)};
}

}  // namespace

void register_load(py::module_& m) {
  py::class_<Mapping>(m, "Mapping")
      .def_static(
          "from_json",
          [](const std::string& json, const std::filesystem::path& base_dir) {
            return unwrap(Mapping::from_json(json, base_dir));
          },
          py::arg("json"), py::arg("base_dir") = std::filesystem::path())
      .def_static(
          "load_file",
          [](const std::filesystem::path& path) { return unwrap(Mapping::load_file(path)); },
          py::arg("path"))
      .def_static("canonical", &Mapping::canonical, py::arg("dir"))
      .def("table_names", &Mapping::table_names)
      .def("file_of", &Mapping::file_of, py::arg("table"))
      .def(
          "with_file",
          [](const Mapping& mapping, std::string_view table, const std::filesystem::path& file) {
            return unwrap(mapping.with_file(table, file));
          },
          py::arg("table"), py::arg("file"))
      .def("graph_file", &Mapping::graph_file)
      .def("to_json", &Mapping::to_json);

  m.def("load", &load_mapping, py::arg("mapping"), py::arg("policy") = "strict",
        py::arg("rejects_path") = py::none(), py::arg("progress") = py::none(),
        py::arg("threads") = 0u);
}

}  // namespace modelfunnel::python
