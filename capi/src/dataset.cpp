// dataset.cpp — reading an mf_dataset: records, stage names, events and
// attribute values.
//
// Every string the C++ DataSet hands out lives in a std::string of its
// dictionaries, so the views passed on are NUL-terminated as mf_str promises
// (the C tests check the terminator on every view they read).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

const mf::DataSet& data_arg(const mf_dataset* data) { return arg(data, "data").data; }

mf_str optional_view(const std::optional<std::string_view>& s) {
  return s ? view_of(*s) : view_of("");
}

// The mf_value of one attribute value; `type` is the column's.
mf_value to_c_value(const mf::AttributeValue& value, mf::AttributeType type) {
  mf_value out{};
  out.type = static_cast<std::int32_t>(type);
  out.str = view_of("");
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          out.present = 0;
        } else {
          out.present = 1;
          if constexpr (std::is_same_v<V, std::string_view>) {
            out.str = view_of(v);
          } else if constexpr (std::is_same_v<V, std::int64_t>) {
            out.i64 = v;
          } else if constexpr (std::is_same_v<V, double>) {
            out.f64 = v;
          } else if constexpr (std::is_same_v<V, bool>) {
            out.i64 = v ? 1 : 0;
          } else {
            static_assert(std::is_same_v<V, mf::Timestamp>);
            out.i64 = v.micros();
          }
        }
      },
      value);
  return out;
}

}  // namespace

extern "C" {

void mf_dataset_free(mf_dataset* data) { delete data; }

size_t mf_dataset_record_count(const mf_dataset* data) {
  return data == nullptr ? 0 : data->data.record_count();
}

int mf_dataset_record_id(const mf_dataset* data, size_t index, mf_str* out) {
  return guard("mf_dataset_record_id", [&] {
    const mf::DataSet& d = data_arg(data);
    in_index(index, d.record_count(), "record index");
    arg(out, "out") = view_of(d.record_id(static_cast<mf::RecordIndex>(index)));
  });
}

int mf_dataset_find_record(const mf_dataset* data, const char* id, size_t id_len,
                           size_t* out_index) {
  return guard("mf_dataset_find_record", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& out = arg(out_index, "out_index");
    const std::string_view key = in_str(id, id_len, "id");
    const auto record = d.find_record(key);
    if (!record) throw Failure(MF_ENOTFOUND, absl::StrCat("no record with id '", std::string(key), "'"));
    out = *record;
  });
}

size_t mf_dataset_stage_count(const mf_dataset* data) {
  return data == nullptr ? 0 : data->data.stage_names().size();
}

int mf_dataset_stage_name(const mf_dataset* data, size_t index, mf_str* out) {
  return guard("mf_dataset_stage_name", [&] {
    const auto& names = data_arg(data).stage_names();
    const std::string& name = names[in_index(index, names.size(), "stage index")];
    arg(out, "out") = view_of(name);
  });
}

int mf_dataset_find_stage(const mf_dataset* data, const char* name, size_t name_len,
                          size_t* out_index) {
  return guard("mf_dataset_find_stage", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& out = arg(out_index, "out_index");
    const std::string_view key = in_str(name, name_len, "name");
    const auto stage = d.find_stage(key);
    if (!stage) throw Failure(MF_ENOTFOUND, absl::StrCat("no event uses stage '", std::string(key), "'"));
    out = *stage;
  });
}

size_t mf_dataset_event_count(const mf_dataset* data) {
  return data == nullptr ? 0 : data->data.event_count();
}

int mf_dataset_event(const mf_dataset* data, size_t index, mf_event* out) {
  return guard("mf_dataset_event", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& result = arg(out, "out");
    const mf::Event e = d.event(in_index(index, d.event_count(), "event index"));
    mf_event c{};
    c.record = e.record;
    c.stage = e.stage;
    c.has_time = e.time.has_value() ? 1 : 0;
    c.time = e.time ? e.time->micros() : 0;
    c.has_amount = e.amount.has_value() ? 1 : 0;
    c.amount = e.amount ? e.amount->scaled() : 0;
    c.has_reason = e.reason.has_value() ? 1 : 0;
    c.reason = optional_view(e.reason);
    c.has_actor = e.actor.has_value() ? 1 : 0;
    c.actor = optional_view(e.actor);
    result = c;
  });
}

int mf_dataset_record_events(const mf_dataset* data, size_t record, size_t* first,
                             size_t* last) {
  return guard("mf_dataset_record_events", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& out_first = arg(first, "first");
    auto& out_last = arg(last, "last");
    in_index(record, d.record_count(), "record index");
    const auto [begin, end] = d.events_of(static_cast<mf::RecordIndex>(record));
    out_first = begin;
    out_last = end;
  });
}

size_t mf_dataset_attribute_count(const mf_dataset* data) {
  return data == nullptr ? 0 : data->data.attribute_count();
}

int mf_dataset_attribute(const mf_dataset* data, size_t index, mf_str* name, int* type) {
  return guard("mf_dataset_attribute", [&] {
    const mf::DataSet& d = data_arg(data);
    const auto column = d.attribute(in_index(index, d.attribute_count(), "attribute index"));
    maybe_set(name, view_of(column.name()));
    maybe_set(type, static_cast<int>(column.type()));
  });
}

int mf_dataset_find_attribute(const mf_dataset* data, const char* name, size_t name_len,
                              size_t* out_index) {
  return guard("mf_dataset_find_attribute", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& out = arg(out_index, "out_index");
    const std::string_view key = in_str(name, name_len, "name");
    for (std::size_t i = 0; i < d.attribute_count(); ++i) {
      if (d.attribute(i).name() == key) {
        out = i;
        return;
      }
    }
    throw Failure(MF_ENOTFOUND, absl::StrCat("no attribute named '", std::string(key), "'"));
  });
}

int mf_dataset_value(const mf_dataset* data, size_t attribute, size_t record, mf_value* out) {
  return guard("mf_dataset_value", [&] {
    const mf::DataSet& d = data_arg(data);
    auto& result = arg(out, "out");
    const auto column = d.attribute(in_index(attribute, d.attribute_count(), "attribute index"));
    in_index(record, d.record_count(), "record index");
    result = to_c_value(column.value(static_cast<mf::RecordIndex>(record)), column.type());
  });
}

}  // extern "C"
