// Appending to a DataSetBuilder's storage at loading speed: the internal
// API through which the loaders (src/ingest/) fill a data set.
//
// DataSetBuilder's public calls check every argument and take values one
// at a time, through a variant. A loader has checked its rows already and
// appends millions of them, a batch or a column at a time, so it needs
// writes without those checks and without copies. This keeps them in the
// model's hands all the same: the loaders append records, events and
// attribute values through these calls and never write the storage's
// fields, so the layout can change here without touching them.
//
//   DataSetAppender data(builder);
//   auto [r, added] = data.add_record(id, RecordIds::probe(id));
//   data.column(c).set_string(r, "web");
//   const std::uint32_t e = data.add_event(r, stage, time);
//   data.add_amount(e, Amount(...).scaled());
//
// Not thread-safe: one thread appends; others may read record_ids() while
// it adds no record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "model/dataset_impl.hpp"
#include "model/record_ids.hpp"
#include "util/huge_pages.hpp"

namespace modelfunnel::internal {

/// Room for @p n events at the end of the store, for a loader to fill in
/// place: their records and stages (times are given to add_events()).
struct EventSlots {
  std::uint32_t first = 0;  ///< event row of the first
  std::uint32_t* record = nullptr;
  StageCode* stage = nullptr;
};

class DataSetAppender {
 public:
  /// Appends to the storage of @p builder, which must outlive this.
  explicit DataSetAppender(DataSetBuilder& builder) : data_(DataSetAccess::building(builder)) {}

  // --- Room ahead ---------------------------------------------------------
  // Loaders learn their tables' sizes early (estimates from the first
  // rows); reserving then, on huge pages, spares the regrowth copies and
  // most page faults. The returned buffers may be prefaulted (populate()).

  /// Room for @p n records in all, with ids of about @p id_bytes bytes and
  /// values in @p columns (the others grow as records are added).
  std::vector<PageRange> reserve_records(std::size_t n, std::size_t id_bytes,
                                         const std::vector<std::size_t>& columns);
  /// Room for @p n records' ids in all (no values).
  void reserve_record_ids(std::size_t n) { data_.record_ids.reserve(n); }
  /// Room for @p n events in all, in the dense columns.
  std::vector<PageRange> reserve_events(std::size_t n);
  /// The final sort's scratch for @p events events of @p records records,
  /// which the sort takes over (EventStore::sort_begin, sort_perm).
  std::vector<PageRange> reserve_sort(std::size_t events, std::size_t records);

  // --- Records ------------------------------------------------------------

  /// The record ids so far, to look ids up (batches of them: see
  /// RecordIds::candidate()).
  const RecordIds& record_ids() const { return data_.record_ids; }
  std::size_t record_count() const { return data_.record_ids.size(); }

  /// The record of @p id (whose probe is @p probe), added with every
  /// attribute missing if new; second is true when it was added.
  std::pair<RecordIndex, bool> add_record(std::string_view id, RecordIds::Probe probe) {
    return data_.record(id, probe);
  }
  /// Same, but a new record gets no values: the caller then appends one
  /// value per record so added to every column (Column::append_codes,
  /// append_values, append_missing), before anything else reads or adds
  /// records. For a batch of records whose values come column by column.
  std::pair<RecordIndex, bool> add_record_id(std::string_view id, RecordIds::Probe probe) {
    return data_.record_ids.insert(id, probe);
  }

  // --- Attribute values ---------------------------------------------------

  std::size_t column_count() const { return data_.columns.size(); }
  /// Attribute column @p c (declared with DataSetBuilder::add_attribute()):
  /// its values are set and appended through Column's loader calls.
  Column& column(std::size_t c) { return data_.columns[c]; }
  const Column& column(std::size_t c) const { return data_.columns[c]; }
  /// The index of the attribute called @p name, if any.
  std::optional<std::size_t> find_column(std::string_view name) const {
    const auto it = data_.column_index.find(absl::string_view(name.data(), name.size()));
    if (it == data_.column_index.end()) return std::nullopt;
    return it->second;
  }

  // --- Events -------------------------------------------------------------

  std::size_t event_count() const { return data_.events.size(); }
  /// Whether @p n more events fit (event rows are 32-bit).
  absl::Status has_room_for_events(std::size_t n) const;
  /// Appends one event, with no amount, reason or actor yet; its row.
  /// @pre has_room_for_events(1), @p r and @p stage exist.
  std::uint32_t add_event(RecordIndex r, StageCode stage, std::int64_t time) {
    EventStore& ev = data_.events;
    const auto row = static_cast<std::uint32_t>(ev.size());
    ev.record.push_back(r);
    ev.stage.push_back(stage);
    ev.time.push_back(time);
    return row;
  }
  /// Appends @p n events with times @p times, whose records and stages
  /// the caller then writes through the slots returned.
  /// @pre has_room_for_events(n).
  EventSlots add_events(std::size_t n, const std::int64_t* times) {
    EventStore& ev = data_.events;
    const std::size_t base = ev.size();
    ev.record.resize(base + n);
    ev.stage.resize(base + n);
    ev.time.insert(ev.time.end(), times, times + n);
    return EventSlots{static_cast<std::uint32_t>(base), ev.record.data() + base, ev.stage.data() + base};
  }
  /// The amount (Amount::scaled()), reason (a code of reasons()) or actor
  /// (a code of actors()) of event @p row. Rows are given in increasing
  /// order, each at most once per field.
  void add_amount(std::uint32_t row, std::int64_t scaled) {
    data_.events.amount.rows.push_back(row);
    data_.events.amount.values.push_back(scaled);
  }
  void add_reason(std::uint32_t row, std::uint32_t code) {
    data_.events.reason.rows.push_back(row);
    data_.events.reason.values.push_back(code);
  }
  void add_actor(std::uint32_t row, std::uint32_t code) {
    data_.events.actor.rows.push_back(row);
    data_.events.actor.values.push_back(code);
  }
  /// The expected close date (microseconds) of event @p row; same order rule.
  void add_close_date(std::uint32_t row, std::int64_t micros) {
    data_.events.close_date.rows.push_back(row);
    data_.events.close_date.values.push_back(micros);
  }
  /// The touches and campaigns beside the events.
  TouchStore& touches() { return data_.touches; }
  CampaignStore& campaigns() { return data_.campaigns; }
  /// The dictionaries of the events' reasons and actors.
  StringDictionary& reasons() { return data_.events.reasons; }
  StringDictionary& actors() { return data_.events.actors; }

 private:
  DataSetImpl& data_;
};

}  // namespace modelfunnel::internal
