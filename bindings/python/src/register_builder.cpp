// Building data sets from Python: DataSetBuilder row by row, and
// build_dataset() which takes whole numpy columns (prepared by the Python
// package from pandas frames) and fills a builder in C++ without the GIL, so
// a million events never become a million Python calls.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/stl.h>

#include "absl/strings/str_cat.h"
#include "core.hpp"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel::python {
namespace {

template <class T>
using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;

constexpr std::array kAttributeTypes = {AttributeType::kString, AttributeType::kInt64,
                                        AttributeType::kDouble, AttributeType::kBool,
                                        AttributeType::kTimestamp};

AttributeType parse_type(std::string_view text) {
  for (AttributeType t : kAttributeTypes) {
    if (to_string(t) == text) return t;
  }
  fail_data(absl::StrCat("unknown attribute type '", std::string(text),
                         "'; expected string, int64, double, bool or timestamp"));
}

bool has(const py::dict& d, const char* key) { return d.contains(key) && !d[key].is_none(); }

/// d[key] as a one-dimensional array of @p n values of type T.
template <class T>
Array<T> column(const py::dict& d, const char* key, std::size_t n, std::string_view what) {
  if (!has(d, key)) fail_data(absl::StrCat(std::string(what), ": '", key, "' is missing"));
  auto a = Array<T>::ensure(d[key]);
  if (!a) throw py::error_already_set();
  if (a.ndim() != 1 || static_cast<std::size_t>(a.size()) != n) {
    fail_data(absl::StrCat(std::string(what), ": '", key, "' must be one-dimensional with ", n,
                           " values"));
  }
  return a;
}

/// One attribute column as given to build_dataset(); see _core.pyi.
struct AttributeInput {
  std::string name;
  AttributeType type;
  std::vector<std::string> dictionary;  // string
  std::optional<Array<std::int64_t>> ints;  // string codes, int64, timestamp (µs)
  std::optional<Array<double>> doubles;     // double, NaN = missing
  std::optional<Array<bool>> flags;         // bool
  std::optional<Array<bool>> missing;       // int64, bool, timestamp

  AttributeInput(const py::dict& d, std::size_t n)
      : name(py::cast<std::string>(d["name"])), type(parse_type(py::cast<std::string>(d["type"]))) {
    const std::string what = absl::StrCat("attribute '", name, "'");
    switch (type) {
      case AttributeType::kString:
        ints = column<std::int64_t>(d, "codes", n, what);
        dictionary = py::cast<std::vector<std::string>>(d["dictionary"]);
        break;
      case AttributeType::kDouble:
        doubles = column<double>(d, "values", n, what);
        break;
      case AttributeType::kBool:
        flags = column<bool>(d, "values", n, what);
        missing = column<bool>(d, "missing", n, what);
        break;
      default:
        ints = column<std::int64_t>(d, "values", n, what);
        missing = column<bool>(d, "missing", n, what);
    }
  }

  /// The value for record @p r (needs no GIL).
  AttributeValue value(std::size_t r) const {
    if (missing && missing->data()[r]) return {};
    switch (type) {
      case AttributeType::kString: {
        const std::int64_t code = ints->data()[r];
        if (code < 0) return {};
        if (static_cast<std::size_t>(code) >= dictionary.size()) {
          fail_data(absl::StrCat("attribute '", name, "': code ", code, " of row ", r,
                                 " is outside the dictionary"));
        }
        return std::string_view(dictionary[static_cast<std::size_t>(code)]);
      }
      case AttributeType::kDouble: {
        const double v = doubles->data()[r];
        if (v != v) return {};  // NaN
        return v;
      }
      case AttributeType::kBool: return flags->data()[r];
      case AttributeType::kTimestamp: return Timestamp::from_micros(ints->data()[r]);
      default: return ints->data()[r];
    }
  }
};

/// @p v as an index into [0, size); DataError naming events row @p row otherwise.
std::size_t checked_index(std::int64_t v, std::size_t size, std::size_t row, const char* what) {
  if (v < 0 || static_cast<std::size_t>(v) >= size) {
    fail_data(absl::StrCat("events row ", row, ": ", what, " index ", v, " out of range"));
  }
  return static_cast<std::size_t>(v);
}

DataSet build_dataset(const std::vector<std::string>& record_ids, const py::list& attributes,
                      const py::dict& events) {
  const std::size_t n = record_ids.size();
  std::vector<AttributeInput> columns;
  for (const py::handle a : attributes) columns.emplace_back(py::cast<py::dict>(a), n);

  const std::size_t m = py::len(events["record"]);
  const auto record = column<std::int64_t>(events, "record", m, "events");
  const auto stage = column<std::int64_t>(events, "stage", m, "events");
  const auto stages = py::cast<std::vector<std::string>>(events["stages"]);
  const auto time = column<std::int64_t>(events, "time", m, "events");
  const auto time_missing = column<bool>(events, "time_missing", m, "events");
  std::optional<Array<std::int64_t>> amount, reason, actor;
  std::optional<Array<bool>> amount_missing;
  std::vector<std::string> reasons, actors;
  if (has(events, "amount")) {
    amount = column<std::int64_t>(events, "amount", m, "events");
    amount_missing = column<bool>(events, "amount_missing", m, "events");
  }
  if (has(events, "reason")) {
    reason = column<std::int64_t>(events, "reason", m, "events");
    reasons = py::cast<std::vector<std::string>>(events["reasons"]);
  }
  if (has(events, "actor")) {
    actor = column<std::int64_t>(events, "actor", m, "events");
    actors = py::cast<std::vector<std::string>>(events["actors"]);
  }

  py::gil_scoped_release release;
  DataSetBuilder b;
  for (std::size_t r = 0; r < n; ++r) {
    if (b.record(record_ids[r]) != r) {
      fail_data(absl::StrCat("records row ", r, ": duplicate record id '", record_ids[r], "'"));
    }
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t index = unwrap(b.add_attribute(columns[c].name, columns[c].type));
    for (std::size_t r = 0; r < n; ++r) {
      AttributeValue v = columns[c].value(r);
      if (!std::holds_alternative<std::monostate>(v)) {
        check(b.set_attribute(static_cast<RecordIndex>(r), index, v));
      }
    }
  }
  std::vector<StageCode> stage_codes;
  for (const std::string& s : stages) stage_codes.push_back(b.stage(s));
  auto optional_text = [](const std::optional<Array<std::int64_t>>& codes,
                          const std::vector<std::string>& dictionary, std::size_t i,
                          const char* what) -> std::optional<std::string_view> {
    if (!codes || codes->data()[i] < 0) return std::nullopt;
    return dictionary[checked_index(codes->data()[i], dictionary.size(), i, what)];
  };
  for (std::size_t i = 0; i < m; ++i) {
    Event e;
    e.record = static_cast<RecordIndex>(checked_index(record.data()[i], n, i, "record"));
    e.stage = stage_codes[checked_index(stage.data()[i], stages.size(), i, "stage")];
    if (!time_missing.data()[i]) e.time = Timestamp::from_micros(time.data()[i]);
    if (amount && !amount_missing->data()[i]) e.amount = Amount::from_scaled(amount->data()[i]);
    e.reason = optional_text(reason, reasons, i, "reason");
    e.actor = optional_text(actor, actors, i, "actor");
    check(b.add_event(e));
  }
  return unwrap(std::move(b).finish());
}

void set(DataSetBuilder& b, RecordIndex r, std::size_t attribute, AttributeValue value) {
  check(b.set_attribute(r, attribute, value));
}

}  // namespace

void register_builder(py::module_& m) {
  m.def("build_dataset", &build_dataset, py::arg("record_ids"), py::arg("attributes"),
        py::arg("events"));
  m.def(
      "parse_amount", [](std::string_view text) { return unwrap(parse_amount(text)).scaled(); },
      py::arg("text"));

  py::class_<DataSetBuilder>(m, "DataSetBuilder")
      .def(py::init<>())
      .def(
          "add_attribute",
          [](DataSetBuilder& b, std::string_view name, std::string_view type) {
            return unwrap(b.add_attribute(name, parse_type(type)));
          },
          py::arg("name"), py::arg("type"))
      .def(
          "record", [](DataSetBuilder& b, std::string_view id) { return b.record(id); },
          py::arg("id"))
      .def("record_count", &DataSetBuilder::record_count)
      .def("set_missing",
           [](DataSetBuilder& b, RecordIndex r, std::size_t a) { set(b, r, a, {}); })
      .def("set_string", [](DataSetBuilder& b, RecordIndex r, std::size_t a,
                            std::string_view v) { set(b, r, a, v); })
      .def("set_int64", [](DataSetBuilder& b, RecordIndex r, std::size_t a,
                           std::int64_t v) { set(b, r, a, v); })
      .def("set_double",
           [](DataSetBuilder& b, RecordIndex r, std::size_t a, double v) { set(b, r, a, v); })
      .def("set_bool",
           [](DataSetBuilder& b, RecordIndex r, std::size_t a, bool v) { set(b, r, a, v); })
      .def("set_timestamp",
           [](DataSetBuilder& b, RecordIndex r, std::size_t a, std::int64_t micros) {
             set(b, r, a, Timestamp::from_micros(micros));
           })
      .def(
          "stage", [](DataSetBuilder& b, std::string_view name) { return b.stage(name); },
          py::arg("name"))
      .def(
          "add_event",
          [](DataSetBuilder& b, RecordIndex record, StageCode stage,
             std::optional<std::int64_t> time_us, std::optional<std::int64_t> amount_scaled,
             std::optional<std::string> reason, std::optional<std::string> actor) {
            Event e;
            e.record = record;
            e.stage = stage;
            if (time_us) e.time = Timestamp::from_micros(*time_us);
            if (amount_scaled) e.amount = Amount::from_scaled(*amount_scaled);
            if (reason) e.reason = *reason;
            if (actor) e.actor = *actor;
            check(b.add_event(e));
          },
          py::arg("record"), py::arg("stage"), py::arg("time_us") = py::none(),
          py::arg("amount_scaled") = py::none(), py::arg("reason") = py::none(),
          py::arg("actor") = py::none())
      .def("finish", [](DataSetBuilder& b) { return unwrap(std::move(b).finish()); });
}

}  // namespace modelfunnel::python
