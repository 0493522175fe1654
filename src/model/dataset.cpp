// DataSet and AttributeColumnView: read-only views over a shared DataSetImpl.
#include "modelfunnel/dataset.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/dataset_impl.hpp"

namespace modelfunnel {

using internal::Column;
using internal::DataSetAccess;
using internal::DataSetImpl;

// The public sentinels are the storage's own, so the spans need no translation.
static_assert(kMissingStringCode == internal::kMissingCode);
static_assert(kNoEventTime == internal::kNoTime);

namespace {

absl::string_view to_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Shared by every default-constructed DataSet, so that DataSet() does not
// allocate. Leaked on purpose: DataSets in other statics may outlive it.
const std::shared_ptr<const DataSetImpl>& empty_impl() {
  static const auto* empty = new std::shared_ptr<const DataSetImpl>([] {
    auto impl = std::make_shared<DataSetImpl>();
    impl->events.record_begin.push_back(0);
    return impl;
  }());
  return *empty;
}

}  // namespace

std::string_view to_string(AttributeType type) {
  switch (type) {
    case AttributeType::kString: return "string";
    case AttributeType::kInt64: return "int64";
    case AttributeType::kDouble: return "double";
    case AttributeType::kBool: return "bool";
    case AttributeType::kTimestamp: return "timestamp";
  }
  return "unknown";
}

// --- AttributeColumnView ---------------------------------------------------

const std::string& AttributeColumnView::name() const { return DataSetAccess::column(*this).name; }

AttributeType AttributeColumnView::type() const { return DataSetAccess::column(*this).type; }

std::size_t AttributeColumnView::size() const { return DataSetAccess::column(*this).size(); }

std::size_t AttributeColumnView::missing_count() const {
  return DataSetAccess::column(*this).missing;
}

AttributeValue AttributeColumnView::value(RecordIndex r) const {
  const Column& c = DataSetAccess::column(*this);
  if (c.is_missing(r)) return std::monostate{};
  switch (c.type) {
    case AttributeType::kString: {
      const std::string& s = c.dictionary[c.codes[r]];
      return std::string_view(s);
    }
    case AttributeType::kInt64: return c.ints[r];
    case AttributeType::kDouble: return c.doubles[r];
    case AttributeType::kBool: return c.bools[r] != 0;
    case AttributeType::kTimestamp: return Timestamp::from_micros(c.ints[r]);
  }
  return std::monostate{};
}

const std::vector<std::string>& AttributeColumnView::dictionary() const {
  static const std::vector<std::string> kNone;
  const Column& c = DataSetAccess::column(*this);
  return c.type == AttributeType::kString ? c.dictionary.values() : kNone;
}

AttributeColumnData AttributeColumnView::data() const {
  const Column& c = DataSetAccess::column(*this);
  return {c.codes, c.ints, c.doubles, c.bools, c.present};
}

// --- DataSet ----------------------------------------------------------------

DataSet::DataSet() : impl_(empty_impl()) {}

DataSet::DataSet(std::shared_ptr<const DataSetImpl> impl) : impl_(std::move(impl)) {}

std::size_t DataSet::record_count() const { return impl_->record_ids.size(); }

std::string_view DataSet::record_id(RecordIndex r) const {
  return impl_->record_ids[r];
}

std::optional<RecordIndex> DataSet::find_record(std::string_view id) const {
  return impl_->record_ids.find(id);
}

std::size_t DataSet::attribute_count() const { return impl_->columns.size(); }

AttributeColumnView DataSet::attribute(std::size_t i) const {
  return DataSetAccess::view(impl_->columns[i]);
}

std::optional<AttributeColumnView> DataSet::find_attribute(std::string_view name) const {
  auto it = impl_->column_index.find(to_absl(name));
  if (it == impl_->column_index.end()) return std::nullopt;
  return DataSetAccess::view(impl_->columns[it->second]);
}

const std::vector<std::string>& DataSet::stage_names() const { return impl_->stages.values(); }

std::optional<StageCode> DataSet::find_stage(std::string_view name) const {
  auto code = impl_->stages.find(name);
  if (!code) return std::nullopt;
  return static_cast<StageCode>(*code);
}

std::size_t DataSet::event_count() const { return impl_->events.size(); }

Event DataSet::event(std::size_t i) const {
  const internal::EventStore& ev = impl_->events;
  const auto row = static_cast<std::uint32_t>(i);
  Event e;
  e.record = ev.record[i];
  e.stage = ev.stage[i];
  if (ev.time[i] != internal::kNoTime) e.time = Timestamp::from_micros(ev.time[i]);
  if (auto a = ev.amount.find(row)) e.amount = Amount::from_scaled(*a);
  if (auto code = ev.reason.find(row)) e.reason = std::string_view(ev.reasons[*code]);
  if (auto code = ev.actor.find(row)) e.actor = std::string_view(ev.actors[*code]);
  if (auto c = ev.close_date.find(row)) e.close_date = Timestamp::from_micros(*c);
  return e;
}

std::pair<std::size_t, std::size_t> DataSet::events_of(RecordIndex r) const {
  const auto& begin = impl_->events.record_begin;
  return {begin[r], begin[r + 1]};
}

EventColumns DataSet::event_columns() const {
  const internal::EventStore& ev = impl_->events;
  return {ev.record,
          ev.stage,
          ev.time,
          {ev.amount.rows, ev.amount.values},
          {ev.reason.rows, ev.reason.values},
          {ev.actor.rows, ev.actor.values},
          ev.reasons.values(),
          ev.actors.values(),
          {ev.close_date.rows, ev.close_date.values}};
}

std::size_t DataSet::event_bytes() const { return impl_->events.heap_bytes(); }

}  // namespace modelfunnel
