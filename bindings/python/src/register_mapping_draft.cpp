// The mapping draft for Python: draft_mapping() returns the draft's text and
// its guesses as plain lists and dicts (modelfunnel._mapping_draft makes the
// DataFrames), run without the GIL.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "core.hpp"
#include "modelfunnel/mapping_draft.hpp"

namespace modelfunnel::python {
namespace {

py::tuple draft_mapping_py(const std::vector<std::filesystem::path>& paths, std::int64_t max_rows,
                           std::int64_t max_bytes, const std::filesystem::path& base_dir) {
  if (max_rows < 1) fail_data("max_rows must be at least 1");
  if (max_bytes < 1) fail_data("max_bytes must be at least 1");
  DraftOptions options;
  options.max_rows = static_cast<std::size_t>(max_rows);
  options.max_bytes = static_cast<std::size_t>(max_bytes);
  options.base_dir = base_dir;
  absl::StatusOr<MappingDraft> draft;
  {
    py::gil_scoped_release release;
    draft = draft_mapping(paths, options);
  }
  MappingDraft d = unwrap(std::move(draft));
  py::list files;
  py::list columns;
  for (const DraftTable& t : d.tables) {
    py::dict f;
    f["file"] = t.file;
    f["table"] = t.name;
    f["kind"] = t.kind;
    f["delimiter"] = std::string(1, t.delimiter);
    f["bom"] = t.bom;
    f["rows_read"] = t.rows;
    f["more_rows"] = t.truncated;
    f["bad_rows"] = t.bad_rows;
    f["notes"] = t.notes;
    files.append(std::move(f));
    for (const DraftColumn& c : t.columns) {
      py::dict col;
      col["table"] = t.name;
      col["column"] = c.name;
      col["role"] = c.role;
      col["type"] = c.type;
      col["format"] = c.format;
      col["also_reads"] = c.also_reads;
      col["stage"] = c.stage;
      col["values"] = c.values;
      col["distinct"] = c.distinct;
      col["example"] = c.example;
      col["why"] = c.why;
      columns.append(std::move(col));
    }
  }
  return py::make_tuple(d.text, files, columns);
}

}  // namespace

void register_mapping_draft(py::module_& m) {
  const DraftOptions defaults;
  m.attr("DRAFT_MAX_ROWS") = defaults.max_rows;
  m.attr("DRAFT_MAX_BYTES") = defaults.max_bytes;
  m.def("draft_mapping", &draft_mapping_py, py::arg("paths"), py::arg("max_rows"), py::arg("max_bytes"),
        py::arg("base_dir"));
}

}  // namespace modelfunnel::python
