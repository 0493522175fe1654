// DataSetBuilder: fills a DataSetImpl and freezes it with sort_events().
//
// Attribute values are type-checked strictly: a double column takes only
// double values, not int64 ones, so that a mapping mistake (a count column
// declared as double) shows up instead of being converted silently.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "model/dataset_impl.hpp"
#include "util/no_throw.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel {

using internal::Column;
using internal::DataSetImpl;

namespace {

// StageCode 0xFFFF is what stage() hands out once the dictionary is full,
// so only 0..0xFFFE name real stages.
constexpr std::size_t kMaxStages = std::numeric_limits<StageCode>::max();
constexpr std::size_t kMaxEvents = std::numeric_limits<std::uint32_t>::max();

absl::string_view to_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Variant alternative index of each AttributeType's values (0 is missing).
std::size_t alternative_of(AttributeType type) { return static_cast<std::size_t>(type) + 1; }

std::string_view alternative_name(std::size_t index) {
  return index == 0 ? std::string_view("missing")
                    : to_string(static_cast<AttributeType>(index - 1));
}

void set_missing(Column& c, RecordIndex r) {
  if (c.is_missing(r)) return;
  if (c.type == AttributeType::kString) {
    c.codes[r] = internal::kMissingCode;
  } else {
    c.present[r] = 0;
    if (c.type == AttributeType::kDouble) c.doubles[r] = 0;
    else if (c.type == AttributeType::kBool) c.bools[r] = 0;
    else c.ints[r] = 0;
  }
  ++c.missing;
}

// @pre the value's alternative matches c.type.
void set_present(Column& c, RecordIndex r, const AttributeValue& value) {
  if (c.is_missing(r)) --c.missing;
  switch (c.type) {
    case AttributeType::kString:
      c.codes[r] = c.dictionary.intern(std::get<std::string_view>(value));
      return;
    case AttributeType::kInt64: c.ints[r] = std::get<std::int64_t>(value); break;
    case AttributeType::kDouble: c.doubles[r] = std::get<double>(value); break;
    case AttributeType::kBool: c.bools[r] = std::get<bool>(value) ? 1 : 0; break;
    case AttributeType::kTimestamp: c.ints[r] = std::get<Timestamp>(value).micros(); break;
  }
  c.present[r] = 1;
}

}  // namespace

struct DataSetBuilder::Impl {
  DataSetImpl data;
  /// The first failure a call could not report by its return value (an
  /// exception, say running out of memory, part way through a change): the
  /// builder's state is then unknown, so every later call and finish()
  /// return it.
  absl::Status failed;

  /// f(), unless the builder failed before; an exception fails the builder.
  template <class F>
  auto guarded(const char* function, F&& f) noexcept -> decltype(f()) {
    if (!failed.ok()) return failed;
    try {
      return f();
    } catch (...) {
      failed = internal::status_from_exception(function);
      return failed;
    }
  }
};

DataSetBuilder::DataSetBuilder() : impl_(std::make_unique<Impl>()) {}
DataSetBuilder::DataSetBuilder(DataSetBuilder&&) noexcept = default;
DataSetBuilder& DataSetBuilder::operator=(DataSetBuilder&&) noexcept = default;
DataSetBuilder::~DataSetBuilder() = default;

absl::StatusOr<std::size_t> DataSetBuilder::add_attribute(std::string_view name,
                                                           AttributeType type) {
  return impl_->guarded("DataSetBuilder::add_attribute", [&]() -> absl::StatusOr<std::size_t> {
    DataSetImpl& d = impl_->data;
    if (type > AttributeType::kTimestamp) {  // e.g. an integer cast from a newer file format
      return absl::InvalidArgumentError(absl::StrCat("attribute '", to_absl(name),
                                                     "': unknown type ", static_cast<int>(type)));
    }
    if (d.column_index.contains(to_absl(name))) {
      return absl::AlreadyExistsError(
          absl::StrCat("attribute '", to_absl(name), "' is already declared"));
    }
    const std::size_t rows = d.record_ids.size();
    Column c;
    c.name = std::string(name);
    c.type = type;
    if (type == AttributeType::kString) {
      c.codes.assign(rows, internal::kMissingCode);
    } else {
      c.present.assign(rows, 0);
      if (type == AttributeType::kDouble) c.doubles.assign(rows, 0);
      else if (type == AttributeType::kBool) c.bools.assign(rows, 0);
      else c.ints.assign(rows, 0);
    }
    c.missing = rows;
    const std::size_t index = d.columns.size();
    d.columns.push_back(std::move(c));
    d.column_index.emplace(std::string(name), index);
    return index;
  });
}

RecordIndex DataSetBuilder::record(std::string_view id) noexcept {
  // On failure, an index past every record: set_attribute() and
  // add_event() refuse it, and finish() reports the failure.
  const auto none = [&] { return static_cast<RecordIndex>(impl_->data.record_ids.size()); };
  if (!impl_->failed.ok()) return none();
  try {
    return impl_->data.record(id);
  } catch (...) {
    impl_->failed = internal::status_from_exception("DataSetBuilder::record");
    return none();
  }
}

std::size_t DataSetBuilder::record_count() const { return impl_->data.record_ids.size(); }

absl::Status DataSetBuilder::set_attribute(RecordIndex r, std::size_t attribute,
                                           AttributeValue value) {
  return impl_->guarded("DataSetBuilder::set_attribute", [&]() -> absl::Status {
    DataSetImpl& d = impl_->data;
    if (r >= d.record_ids.size()) {
      return absl::OutOfRangeError(
          absl::StrCat("record ", r, " out of range (", d.record_ids.size(), " records)"));
    }
    if (attribute >= d.columns.size()) {
      return absl::OutOfRangeError(absl::StrCat("attribute ", attribute, " out of range (",
                                                d.columns.size(), " attributes)"));
    }
    Column& c = d.columns[attribute];
    if (value.index() == 0) {
      set_missing(c, r);
      return absl::OkStatus();
    }
    if (value.index() != alternative_of(c.type)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "attribute '", c.name, "' holds ", to_absl(to_string(c.type)), " values, not ",
          to_absl(alternative_name(value.index()))));
    }
    set_present(c, r, value);
    return absl::OkStatus();
  });
}

StageCode DataSetBuilder::stage(std::string_view name) noexcept {
  // Interning continues past the limit so that finish() can report how many
  // names there were; the codes handed out there are all 0xFFFF, which
  // add_event() refuses, as it does after a failure.
  if (!impl_->failed.ok()) return static_cast<StageCode>(kMaxStages);
  try {
    const std::uint32_t code = impl_->data.stages.intern(name);
    return static_cast<StageCode>(std::min<std::size_t>(code, kMaxStages));
  } catch (...) {
    impl_->failed = internal::status_from_exception("DataSetBuilder::stage");
    return static_cast<StageCode>(kMaxStages);
  }
}

absl::Status DataSetBuilder::add_event(const Event& event) {
  return impl_->guarded("DataSetBuilder::add_event", [&]() -> absl::Status {
    DataSetImpl& d = impl_->data;
    internal::EventStore& ev = d.events;
    if (event.record >= d.record_ids.size()) {
      return absl::OutOfRangeError(absl::StrCat("event for record ", event.record,
                                                " out of range (", d.record_ids.size(),
                                                " records)"));
    }
    if (event.stage >= std::min(d.stages.size(), kMaxStages)) {
      return absl::OutOfRangeError(absl::StrCat("event stage code ", event.stage,
                                                " out of range (", d.stages.size(), " stages)"));
    }
    if (event.time && event.time->micros() == internal::kNoTime) {
      return absl::OutOfRangeError("event time is the largest Timestamp, reserved for 'no time'");
    }
    if (ev.size() >= kMaxEvents) {
      return absl::ResourceExhaustedError(
          absl::StrCat("a data set holds at most ", kMaxEvents, " events"));
    }
    const auto row = static_cast<std::uint32_t>(ev.size());
    ev.record.push_back(event.record);
    ev.stage.push_back(event.stage);
    ev.time.push_back(event.time ? event.time->micros() : internal::kNoTime);
    if (event.amount) {
      ev.amount.rows.push_back(row);
      ev.amount.values.push_back(event.amount->scaled());
    }
    if (event.reason) {
      ev.reason.rows.push_back(row);
      ev.reason.values.push_back(ev.reasons.intern(*event.reason));
    }
    if (event.actor) {
      ev.actor.rows.push_back(row);
      ev.actor.values.push_back(ev.actors.intern(*event.actor));
    }
    if (event.close_date) {
      ev.close_date.rows.push_back(row);
      ev.close_date.values.push_back(event.close_date->micros());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<DataSet> DataSetBuilder::finish() && {
  return internal::no_throw("DataSetBuilder::finish", [&]() -> absl::StatusOr<DataSet> {
    std::unique_ptr<Impl> done = std::exchange(impl_, std::make_unique<Impl>());
    if (!done->failed.ok()) return done->failed;
    DataSetImpl& d = done->data;
    if (d.stages.size() > kMaxStages) {
      return absl::OutOfRangeError(absl::StrCat(d.stages.size(),
                                                " distinct stage names; a data set holds at most ",
                                                kMaxStages));
    }
    internal::sort_events(d);
    internal::sort_touches(d);
    return internal::DataSetAccess::make(std::make_shared<const DataSetImpl>(std::move(d)));
  });
}

namespace internal {
DataSetImpl& DataSetAccess::building(DataSetBuilder& b) { return b.impl_->data; }

absl::StatusOr<DataSet> DataSetAccess::finish(DataSetBuilder&& b, unsigned threads) {
  // The public finish() with the sort's thread count set first, so that
  // there is one way to finish a builder.
  building(b).events.sort_threads = threads;
  return std::move(b).finish();
}
}  // namespace internal

}  // namespace modelfunnel
