// dataset_builder.cpp — mf_dataset_builder: building a data set record by
// record from C.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

mf::DataSetBuilder& builder_arg(mf_dataset_builder* builder) {
  return arg(builder, "builder").builder;
}

mf::AttributeType attribute_type_arg(int type) {
  if (type < MF_ATTR_STRING || type > MF_ATTR_TIMESTAMP) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown attribute type ", type));
  }
  return static_cast<mf::AttributeType>(type);
}

// The C++ value of @p value; the builder checks it against the column type.
mf::AttributeValue value_arg(const mf_value& value) {
  const mf::AttributeType type = attribute_type_arg(value.type);
  if (!value.present) return std::monostate{};
  switch (type) {
    case mf::AttributeType::kString:
      return in_str(value.str.data, value.str.size, "value->str");
    case mf::AttributeType::kInt64:
      return value.i64;
    case mf::AttributeType::kDouble:
      return value.f64;
    case mf::AttributeType::kBool:
      if (value.i64 != 0 && value.i64 != 1) {
        throw ArgumentError(MF_EINVAL, absl::StrCat("a bool value must be 0 or 1, not ",
                                                    value.i64));
      }
      return value.i64 == 1;
    case mf::AttributeType::kTimestamp:
      return mf::Timestamp::from_micros(value.i64);
  }
  throw ArgumentError(MF_EINVAL, "unknown attribute type");
}

std::optional<std::string_view> optional_str(std::int32_t has, const mf_str& s,
                                             const char* what) {
  if (!has) return std::nullopt;
  return in_str(s.data, s.size, what);
}

}  // namespace

extern "C" {

int mf_dataset_builder_new(mf_dataset_builder** out) {
  return guard("mf_dataset_builder_new", [&] {
    arg(out, "out");
    *out = new mf_dataset_builder{};
  });
}

void mf_dataset_builder_free(mf_dataset_builder* builder) { delete builder; }

int mf_dataset_builder_add_attribute(mf_dataset_builder* builder, const char* name,
                                     size_t name_len, int type, size_t* out_index) {
  return guard("mf_dataset_builder_add_attribute", [&] {
    mf::DataSetBuilder& b = builder_arg(builder);
    const std::string_view column = in_str(name, name_len, "name");
    const std::size_t index = unwrap(b.add_attribute(column, attribute_type_arg(type)), MF_EINVAL);
    maybe_set(out_index, index);
  });
}

int mf_dataset_builder_record(mf_dataset_builder* builder, const char* id, size_t id_len,
                              uint32_t* out_record) {
  return guard("mf_dataset_builder_record", [&] {
    mf::DataSetBuilder& b = builder_arg(builder);
    auto& out = arg(out_record, "out_record");
    out = b.record(in_str(id, id_len, "id"));
  });
}

int mf_dataset_builder_set(mf_dataset_builder* builder, uint32_t record, size_t attribute,
                           const mf_value* value) {
  return guard("mf_dataset_builder_set", [&] {
    mf::DataSetBuilder& b = builder_arg(builder);
    check(b.set_attribute(record, attribute, value_arg(arg(value, "value"))), MF_EINVAL);
  });
}

int mf_dataset_builder_stage(mf_dataset_builder* builder, const char* name, size_t name_len,
                             uint32_t* out_stage) {
  return guard("mf_dataset_builder_stage", [&] {
    mf::DataSetBuilder& b = builder_arg(builder);
    auto& out = arg(out_stage, "out_stage");
    out = b.stage(in_str(name, name_len, "name"));
  });
}

int mf_dataset_builder_add_event(mf_dataset_builder* builder, const mf_event* event) {
  return guard("mf_dataset_builder_add_event", [&] {
    mf::DataSetBuilder& b = builder_arg(builder);
    const mf_event& c = arg(event, "event");
    if (c.stage > std::numeric_limits<mf::StageCode>::max()) {
      throw ArgumentError(MF_ERANGE, absl::StrCat("stage ", c.stage, " is out of range"));
    }
    mf::Event e;
    e.record = c.record;
    e.stage = static_cast<mf::StageCode>(c.stage);
    if (c.has_time) e.time = mf::Timestamp::from_micros(c.time);
    if (c.has_amount) e.amount = mf::Amount::from_scaled(c.amount);
    e.reason = optional_str(c.has_reason, c.reason, "event->reason");
    e.actor = optional_str(c.has_actor, c.actor, "event->actor");
    check(b.add_event(e), MF_EINVAL);
  });
}

int mf_dataset_builder_finish(mf_dataset** out, mf_dataset_builder* builder) {
  return guard("mf_dataset_builder_finish", [&] {
    arg(out, "out");
    mf::DataSetBuilder& b = builder_arg(builder);
    // finish() consumes the builder; a fresh one, made first so that nothing
    // can fail after finish(), keeps the handle usable either way.
    mf::DataSetBuilder fresh;
    auto result = std::move(b).finish();
    b = std::move(fresh);
    auto data = std::make_unique<mf_dataset>(mf_dataset{unwrap(std::move(result), MF_EDATA)});
    *out = data.release();
  });
}

}  // extern "C"
