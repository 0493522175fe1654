// DataSet for Python: whole columns as numpy arrays, copied straight from the
// columnar storage (DataSet::event_columns(), AttributeColumnView::data()) in
// one pass each, already in the shape pandas wants: dictionary codes with -1
// for missing, times in nanoseconds with NaT, dense amounts with NaN.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "absl/strings/str_cat.h"
#include "core.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel::python {
namespace {

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxMicros = std::numeric_limits<std::int64_t>::max() / 1000;

/// Microseconds to datetime64[ns]. pandas cannot hold instants outside
/// 1677-09-22 .. 2262-04-11, so those fail rather than wrap around;
/// @p where names the value (called only then, so it may be costly).
template <class Where>
std::int64_t to_nanos(std::int64_t micros, const Where& where) {
  if (micros > kMaxMicros || micros < -kMaxMicros) {
    throw StatusError(absl::OutOfRangeError(absl::StrCat(
        where(), ": time ", format_timestamp(Timestamp::from_micros(micros)),
        " is outside the range of datetime64[ns] (1677-09-22 to 2262-04-11)")));
  }
  return micros * 1000;
}

/// Dictionary codes as int32 with -1 for missing.
py::array_t<std::int32_t> codes_array(std::span<const std::uint32_t> codes,
                                      std::size_t dictionary_size) {
  if (dictionary_size > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw StatusError(absl::OutOfRangeError("a dictionary has more than 2^31 - 1 values"));
  }
  py::array_t<std::int32_t> out(static_cast<py::ssize_t>(codes.size()));
  std::int32_t* o = out.mutable_data();
  for (std::size_t i = 0; i < codes.size(); ++i) {
    o[i] = codes[i] == kMissingStringCode ? -1 : static_cast<std::int32_t>(codes[i]);
  }
  return out;
}

/// A sparse code column spread over @p n rows, -1 where absent.
py::array_t<std::int32_t> dense_codes(const SparseEventColumn<std::uint32_t>& sparse,
                                      std::size_t n, std::span<const std::string> dictionary) {
  std::vector<std::uint32_t> dense(n, kMissingStringCode);
  for (std::size_t i = 0; i < sparse.events.size(); ++i) dense[sparse.events[i]] = sparse.values[i];
  return codes_array(dense, dictionary.size());
}

/// A dictionary as a Python list of str.
std::vector<std::string> values_of(std::span<const std::string> dictionary) {
  return {dictionary.begin(), dictionary.end()};
}

py::array_t<bool> missing_mask(std::span<const std::uint8_t> present) {
  py::array_t<bool> out(static_cast<py::ssize_t>(present.size()));
  bool* o = out.mutable_data();
  for (std::size_t i = 0; i < present.size(); ++i) o[i] = present[i] == 0;
  return out;
}

py::list record_ids(const DataSet& ds) {
  const std::size_t n = ds.record_count();
  py::list out(n);
  for (RecordIndex r = 0; r < n; ++r) {
    const std::string_view id = ds.record_id(r);
    out[r] = py::str(id.data(), id.size());
  }
  return out;
}

/// The event columns: record (uint32), stage (uint16), time (int64 ns, NaT),
/// amount (float64, NaN), reason / actor (int32 codes, -1) and their
/// dictionaries; amount_scaled + amount_missing when @p scaled_amounts.
py::dict event_columns(const DataSet& ds, bool scaled_amounts) {
  const EventColumns ev = ds.event_columns();
  const std::size_t n = ev.record.size();
  py::array_t<std::int64_t> time(static_cast<py::ssize_t>(n));
  std::int64_t* t = time.mutable_data();
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = ev.time[i] == kNoEventTime ? kNaT : to_nanos(ev.time[i], [&] {
      return absl::StrCat("event ", i, " of record '", std::string(ds.record_id(ev.record[i])), "'");
    });
  }
  py::array_t<double> amount(static_cast<py::ssize_t>(n));
  double* a = amount.mutable_data();
  std::fill_n(a, n, std::nan(""));
  for (std::size_t i = 0; i < ev.amount.events.size(); ++i) {
    a[ev.amount.events[i]] = Amount::from_scaled(ev.amount.values[i]).value();
  }
  py::dict out;
  out["record"] = to_numpy(ev.record);
  out["stage"] = to_numpy(ev.stage);
  out["time"] = time;
  out["amount"] = amount;
  out["reason"] = dense_codes(ev.reason, n, ev.reasons);
  out["reasons"] = values_of(ev.reasons);
  out["actor"] = dense_codes(ev.actor, n, ev.actors);
  out["actors"] = values_of(ev.actors);
  py::array_t<std::int64_t> close(static_cast<py::ssize_t>(n));
  std::int64_t* c = close.mutable_data();
  std::fill_n(c, n, kNaT);
  for (std::size_t i = 0; i < ev.close_date.events.size(); ++i) {
    c[ev.close_date.events[i]] = to_nanos(ev.close_date.values[i], [&] {
      return absl::StrCat("the close date of event ", ev.close_date.events[i]);
    });
  }
  out["close_date"] = close;
  if (scaled_amounts) {
    std::vector<std::int64_t> scaled(n, 0);
    std::vector<std::uint8_t> present(n, 0);
    for (std::size_t i = 0; i < ev.amount.events.size(); ++i) {
      scaled[ev.amount.events[i]] = ev.amount.values[i];
      present[ev.amount.events[i]] = 1;
    }
    out["amount_scaled"] = to_numpy(std::span<const std::int64_t>(scaled));
    out["amount_missing"] = missing_mask(present);
  }
  return out;
}

/// Attribute column @p i: name, type and, by type, `codes` + `dictionary`
/// (string), `values` + `missing` (int64, bool), `values` with NaN (double)
/// or `values` in ns with NaT (timestamp).
py::dict attribute_column(const DataSet& ds, std::size_t i) {
  if (i >= ds.attribute_count()) {
    throw StatusError(absl::OutOfRangeError(absl::StrCat("no attribute column ", i)));
  }
  const AttributeColumnView column = ds.attribute(i);
  const AttributeColumnData c = column.data();
  const std::size_t n = ds.record_count();
  py::dict out;
  out["name"] = column.name();
  out["type"] = std::string(to_string(column.type()));
  switch (column.type()) {
    case AttributeType::kString:
      out["codes"] = codes_array(c.codes, column.dictionary().size());
      out["dictionary"] = column.dictionary();
      break;
    case AttributeType::kInt64:
      out["values"] = to_numpy(c.ints);
      out["missing"] = missing_mask(c.present);
      break;
    case AttributeType::kBool: {
      py::array_t<bool> values(static_cast<py::ssize_t>(n));
      bool* v = values.mutable_data();
      for (std::size_t r = 0; r < n; ++r) v[r] = c.bools[r] != 0;
      out["values"] = values;
      out["missing"] = missing_mask(c.present);
      break;
    }
    case AttributeType::kDouble: {
      py::array_t<double> values(static_cast<py::ssize_t>(n));
      double* v = values.mutable_data();
      for (std::size_t r = 0; r < n; ++r) v[r] = c.present[r] ? c.doubles[r] : std::nan("");
      out["values"] = values;
      break;
    }
    case AttributeType::kTimestamp: {
      py::array_t<std::int64_t> values(static_cast<py::ssize_t>(n));
      std::int64_t* v = values.mutable_data();
      for (std::size_t r = 0; r < n; ++r) {
        v[r] = !c.present[r] ? kNaT : to_nanos(c.ints[r], [&] {
          return absl::StrCat("attribute '", column.name(), "' of record '",
                              std::string(ds.record_id(static_cast<RecordIndex>(r))), "'");
        });
      }
      out["values"] = values;
      break;
    }
    default:
      throw StatusError(absl::UnimplementedError(
          absl::StrCat("attribute '", column.name(), "' has a type this module does not know")));
  }
  return out;
}

bool same_value(const AttributeValue& a, const AttributeValue& b) {
  // Doubles compare by bits so that a stored NaN equals itself.
  if (std::holds_alternative<double>(a) && std::holds_alternative<double>(b)) {
    const double x = std::get<double>(a), y = std::get<double>(b);
    return x == y || (std::isnan(x) && std::isnan(y));
  }
  return a == b;
}

bool same_event(const Event& a, const DataSet& da, const Event& b, const DataSet& db) {
  return a.record == b.record && a.time == b.time && a.amount == b.amount &&
         a.reason == b.reason && a.actor == b.actor &&
         da.stage_names()[a.stage] == db.stage_names()[b.stage];
}

/// Same records in the same order, same attribute columns, same events.
/// Dictionary order (which stage name got which code) does not matter.
bool equal(const DataSet& a, const DataSet& b) {
  if (a.record_count() != b.record_count() || a.attribute_count() != b.attribute_count() ||
      a.event_count() != b.event_count()) {
    return false;
  }
  for (RecordIndex r = 0; r < a.record_count(); ++r) {
    if (a.record_id(r) != b.record_id(r)) return false;
  }
  for (std::size_t i = 0; i < a.attribute_count(); ++i) {
    const AttributeColumnView ca = a.attribute(i), cb = b.attribute(i);
    if (ca.name() != cb.name() || ca.type() != cb.type()) return false;
    for (RecordIndex r = 0; r < a.record_count(); ++r) {
      if (!same_value(ca.value(r), cb.value(r))) return false;
    }
  }
  for (std::size_t i = 0; i < a.event_count(); ++i) {
    if (!same_event(a.event(i), a, b.event(i), b)) return false;
  }
  return true;
}

/// The touches as columns: record (uint32), time (ns), cost (float64, NaN)
/// and the texts as lists (None when missing).
py::dict touch_columns(const DataSet& ds) {
  const std::size_t n = ds.touch_count();
  std::vector<std::uint32_t> record(n);
  py::array_t<std::int64_t> time(static_cast<py::ssize_t>(n));
  py::array_t<double> cost(static_cast<py::ssize_t>(n));
  std::int64_t* t = time.mutable_data();
  double* c = cost.mutable_data();
  py::list campaign, channel, interaction, utm_source, utm_medium, utm_campaign;
  auto text = [](const std::optional<std::string_view>& s) -> py::object {
    return s ? py::object(py::str(s->data(), s->size())) : py::object(py::none());
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Touch touch = ds.touch(i);
    record[i] = touch.record;
    t[i] = to_nanos(touch.time.micros(), [&] { return absl::StrCat("touch ", i); });
    c[i] = touch.cost ? touch.cost->value() : std::nan("");
    campaign.append(text(touch.campaign));
    channel.append(text(touch.channel));
    interaction.append(text(touch.interaction));
    utm_source.append(text(touch.utm_source));
    utm_medium.append(text(touch.utm_medium));
    utm_campaign.append(text(touch.utm_campaign));
  }
  py::dict out;
  out["record"] = to_numpy(std::span<const std::uint32_t>(record));
  out["time"] = time;
  out["campaign"] = campaign;
  out["channel"] = channel;
  out["interaction"] = interaction;
  out["cost"] = cost;
  out["utm_source"] = utm_source;
  out["utm_medium"] = utm_medium;
  out["utm_campaign"] = utm_campaign;
  return out;
}

/// The campaigns as rows: (id, name, type, cost, start_us), None when missing.
std::vector<std::tuple<std::string, std::optional<std::string>, std::optional<std::string>,
                       std::optional<double>, std::optional<std::int64_t>>>
campaign_rows(const DataSet& ds) {
  std::vector<std::tuple<std::string, std::optional<std::string>, std::optional<std::string>,
                         std::optional<double>, std::optional<std::int64_t>>> out;
  for (std::size_t i = 0; i < ds.campaign_count(); ++i) {
    const Campaign c = ds.campaign(i);
    out.emplace_back(std::string(c.id), c.name ? std::optional<std::string>(std::string(*c.name)) : std::nullopt,
                     c.type ? std::optional<std::string>(std::string(*c.type)) : std::nullopt,
                     c.cost ? std::optional<double>(c.cost->value()) : std::nullopt,
                     c.start ? std::optional<std::int64_t>(c.start->micros()) : std::nullopt);
  }
  return out;
}

}  // namespace

void register_dataset(py::module_& m) {
  py::class_<DataSet>(m, "DataSet")
      .def(py::init<>())
      .def("record_count", &DataSet::record_count)
      .def("__len__", &DataSet::record_count)
      .def("event_count", &DataSet::event_count)
      .def("event_bytes", &DataSet::event_bytes)
      .def("record_ids", &record_ids)
      .def(
          "find_record", [](const DataSet& ds, std::string_view id) { return ds.find_record(id); },
          py::arg("id"))
      .def("stage_names", &DataSet::stage_names)
      .def("attributes",
           [](const DataSet& ds) {
             std::vector<std::pair<std::string, std::string>> out;
             for (std::size_t i = 0; i < ds.attribute_count(); ++i) {
               const AttributeColumnView c = ds.attribute(i);
               out.emplace_back(c.name(), std::string(to_string(c.type())));
             }
             return out;
           })
      .def("event_columns", &event_columns, py::arg("scaled_amounts") = false)
      .def("attribute_column", &attribute_column, py::arg("index"))
      .def("touch_count", &DataSet::touch_count)
      .def("touch_columns", &touch_columns)
      .def("campaign_rows", &campaign_rows)
      .def(
          "__eq__",
          [](const DataSet& a, const DataSet& b) {
            py::gil_scoped_release release;
            return equal(a, b);
          },
          py::is_operator());
}

}  // namespace modelfunnel::python
