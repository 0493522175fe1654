// Storage behind DataSet and DataSetBuilder, shared by the loaders, the
// generator and the reports. Not installed: the public API only exposes
// views, so this layout can change without breaking callers.
//
// Memory budget (issue: at most 24 bytes per event): an event costs 4 bytes
// (record) + 2 (stage) + 8 (time) in dense columns; amount, reason and actor
// are sparse (row index + value) because most events have none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/derived_cache.hpp"
#include "model/record_ids.hpp"
#include "util/string_hash.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel::internal {

/// Event time stored for "no time recorded"; sorts after every real time.
inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::max();

/// Code stored in a string column for a missing value.
inline constexpr std::uint32_t kMissingCode = std::numeric_limits<std::uint32_t>::max();

/// Distinct strings numbered in order of first appearance. Used for the
/// small dictionaries (attribute values, stages, reasons); record ids have
/// their own store (RecordIds). The index is an open-addressing table of
/// {hash bits, code} slots at most half full, looking into values_: one
/// short hash and usually one compare per intern().
class StringDictionary {
 public:
  /// The code of @p s, adding it if new.
  std::uint32_t intern(std::string_view s) {
    if (2 * (values_.size() + 1) > slots_.size()) grow();
    const std::uint64_t h = hash_string(s);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.code == kMissingCode) {
        const auto code = static_cast<std::uint32_t>(values_.size());
        values_.emplace_back(s);
        slot = Slot{tag, code};
        return code;
      }
      if (slot.tag == tag && is(slot.code, s)) return slot.code;
    }
  }
  /// The code of @p s, if present.
  std::optional<std::uint32_t> find(std::string_view s) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t h = hash_string(s);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.code == kMissingCode) return std::nullopt;
      if (slot.tag == tag && is(slot.code, s)) return slot.code;
    }
  }
  const std::string& operator[](std::uint32_t code) const { return values_[code]; }
  std::size_t size() const { return values_.size(); }
  const std::vector<std::string>& values() const { return values_; }
  void reserve(std::size_t n) {
    values_.reserve(n);
    if (2 * n > slots_.size()) grow(2 * n);
  }
  std::size_t heap_bytes() const;

 private:
  struct Slot {
    std::uint32_t tag;   // high hash bits
    std::uint32_t code;  // kMissingCode: free
  };
  bool is(std::uint32_t code, std::string_view s) const {
    const std::string& v = values_[code];
    return v.size() == s.size() && same_bytes(v.data(), s.data(), s.size());
  }
  void grow(std::size_t min_slots = 0);

  std::vector<std::string> values_;
  std::vector<Slot> slots_;  // a power of two in size, or empty
  std::size_t mask_ = 0;
};

/// One attribute column. Strings are dictionary codes (kMissingCode when
/// missing); other types keep a value and a presence byte per record
/// (bools as 0/1 bytes in `bools`, timestamps as microseconds in `ints`:
/// a bool column costs 2 bytes per record, not 9).
struct Column {
  std::string name;
  AttributeType type = AttributeType::kString;
  std::vector<std::uint32_t> codes;  // kString
  StringDictionary dictionary;       // kString
  std::vector<std::int64_t> ints;    // kInt64, kTimestamp
  std::vector<double> doubles;       // kDouble
  std::vector<std::uint8_t> bools;   // kBool: 0 or 1
  std::vector<std::uint8_t> present; // non-string types: 1 when set
  std::size_t missing = 0;

  std::size_t size() const;
  /// Appends one missing value (a new record). Inline: loaders call it
  /// for every column of every record.
  void push_missing() {
    if (type == AttributeType::kString) {
      codes.push_back(kMissingCode);
    } else {
      present.push_back(0);
      if (type == AttributeType::kDouble) doubles.push_back(0);
      else if (type == AttributeType::kBool) bools.push_back(0);
      else ints.push_back(0);
    }
    ++missing;
  }
  bool is_missing(std::size_t row) const;

  // The loaders' writes (model/dataset_appender.hpp), without checks:
  // a value set on a record just added, or the values of a batch of new
  // records appended in place. Inline: they run per value loaded.

  /// Sets record @p r's value, missing until now, to a string (interned),
  /// an int64 or timestamp (microseconds), a double or a bool.
  /// @pre the column's type.
  void set_string(std::size_t r, std::string_view s) { set_code(r, dictionary.intern(s)); }
  /// Same, for a string whose code in `dictionary` the caller has.
  void set_code(std::size_t r, std::uint32_t code) {
    codes[r] = code;
    --missing;
  }
  void set_int(std::size_t r, std::int64_t v) { set(ints, r, v); }
  void set_double(std::size_t r, double v) { set(doubles, r, v); }
  void set_bool(std::size_t r, bool v) { set(bools, r, static_cast<std::uint8_t>(v ? 1 : 0)); }

  /// Appends @p n missing values.
  void append_missing(std::size_t n) {
    if (type == AttributeType::kString) {
      codes.resize(codes.size() + n, kMissingCode);
    } else {
      present.resize(present.size() + n, 0);
      if (type == AttributeType::kDouble) doubles.resize(doubles.size() + n, 0);
      else if (type == AttributeType::kBool) bools.resize(bools.size() + n, 0);
      else ints.resize(ints.size() + n, 0);
    }
    missing += n;
  }
  /// Appends @p n values to a string column, for the caller to write in
  /// place: their codes, kMissingCode for a missing one, each counted
  /// with count_missing().
  std::uint32_t* append_codes(std::size_t n) { return grow(codes, n); }
  /// Where append_values() puts @p n values: present[k] is 1 for a value,
  /// 0 (with values[k] 0) for a missing one, counted with count_missing().
  template <class T>
  struct Slots {
    std::uint8_t* present;
    T* values;
  };
  /// Appends @p n values to a non-string column, for the caller to write in
  /// place. T is the storage type: std::int64_t (int64, timestamps),
  /// double, std::uint8_t (bools, 0 or 1).
  template <class T>
  Slots<T> append_values(std::size_t n) {
    std::uint8_t* set = grow(present, n);
    if constexpr (std::is_same_v<T, double>) return {set, grow(doubles, n)};
    else if constexpr (std::is_same_v<T, std::uint8_t>) return {set, grow(bools, n)};
    else return {set, grow(ints, n)};
  }
  /// Counts @p n of the values appended in place as missing.
  void count_missing(std::size_t n) { missing += n; }

 private:
  template <class T>
  void set(std::vector<T>& values, std::size_t r, T v) {
    values[r] = v;
    present[r] = 1;
    --missing;
  }
  // Room for @p n more values at the end of @p v: where they go. Written
  // through a pointer: push_back() per value would reload and store the
  // vector's end each time, since a byte store may alias it.
  template <class T>
  static T* grow(std::vector<T>& v, std::size_t n) {
    const std::size_t old = v.size();
    v.resize(old + n);
    return v.data() + old;
  }
};

/// Values for a few rows of a long column: (row, value) pairs, rows strictly
/// increasing once the data set is finished.
template <class T>
struct SparseColumn {
  std::vector<std::uint32_t> rows;
  std::vector<T> values;

  /// The value at @p row, if any (binary search: rows are sorted).
  std::optional<T> find(std::uint32_t row) const {
    auto it = std::lower_bound(rows.begin(), rows.end(), row);
    if (it == rows.end() || *it != row) return std::nullopt;
    return values[static_cast<std::size_t>(it - rows.begin())];
  }
  std::size_t heap_bytes() const {
    return rows.capacity() * sizeof(std::uint32_t) + values.capacity() * sizeof(T);
  }
};

/// Stage events in columns; after finish() ordered by (record, time, insertion).
struct EventStore {
  std::vector<std::uint32_t> record;
  std::vector<std::uint16_t> stage;
  std::vector<std::int64_t> time;              // microseconds, kNoTime when missing
  SparseColumn<std::int64_t> amount;           // Amount::scaled()
  SparseColumn<std::uint32_t> reason;          // code in `reasons`
  SparseColumn<std::uint32_t> actor;           // code in `actors`
  SparseColumn<std::int64_t> close_date;       // expected close date, microseconds
  StringDictionary reasons;
  StringDictionary actors;
  std::vector<std::uint32_t> record_begin;     // record_count + 1 offsets, after finish()
  // Room for sort_events()'s per-record counts and permutation, reserved
  // and faulted in ahead by a loader that can size them early
  // (DataSetAppender::reserve_sort); empty otherwise. The sort takes them
  // over and frees them.
  std::vector<std::uint32_t> sort_begin, sort_perm;
  // The threads that sort may use (DataSetAccess::finish); 0: as many as
  // the hardware has.
  unsigned sort_threads = 0;

  std::size_t size() const { return record.size(); }
  std::size_t heap_bytes() const;
};

/// Marketing touches (campaign members, form fills) beside the events;
/// after finish() ordered by (record, time, insertion). Texts are codes in
/// `texts` (kMissingCode when missing); campaigns are codes in
/// CampaignStore::ids.
struct TouchStore {
  struct Row {
    std::uint32_t record = 0;
    std::int64_t time = 0;
    std::uint32_t campaign = kMissingCode;
    std::uint32_t channel = kMissingCode, interaction = kMissingCode;
    std::uint32_t utm_source = kMissingCode, utm_medium = kMissingCode, utm_campaign = kMissingCode;
    std::optional<std::int64_t> cost;  // Amount::scaled()
  };
  std::vector<Row> rows;
  StringDictionary texts;
  std::vector<std::uint32_t> record_begin;  // record_count + 1 offsets, after finish()
};

/// Campaigns named by touches or read from campaign tables, numbered in
/// order of first appearance.
struct CampaignStore {
  struct Info {
    std::uint32_t name = kMissingCode, type = kMissingCode;  // codes in TouchStore::texts
    std::optional<std::int64_t> cost;   // Amount::scaled()
    std::optional<std::int64_t> start;  // microseconds
  };
  StringDictionary ids;
  std::vector<Info> info;  // per id
  /// The code of campaign @p id, added (with nothing known) if new.
  std::uint32_t intern(std::string_view id) {
    const std::uint32_t c = ids.intern(id);
    if (c >= info.size()) info.resize(c + 1);
    return c;
  }
};

struct DataSetImpl {
  RecordIds record_ids;
  std::vector<Column> columns;
  absl::flat_hash_map<std::string, std::size_t> column_index;
  StringDictionary stages;
  EventStore events;
  TouchStore touches;
  CampaignStore campaigns;
  /// What engines derive from the finished data set and keep (built on
  /// first use, thread-safe; see model/derived_cache.hpp).
  DerivedCache derived;

  /// The index of record @p id, adding it (all attributes missing) if new,
  /// so that the columns stay as long as the records.
  std::uint32_t record(std::string_view id) { return record(id, RecordIds::probe(id)).first; }
  /// Same, for a caller that already has the id's probe (to prefetch it);
  /// second is true when the record was added.
  std::pair<std::uint32_t, bool> record(std::string_view id, RecordIds::Probe probe) {
    const auto added = record_ids.insert(id, probe);
    if (added.second) {
      for (Column& c : columns) c.push_missing();
    }
    return added;
  }
};

/// Sorts @p impl's events by (record, time, insertion order), remaps the
/// sparse columns and fills record_begin. Linear in the event count for
/// typical data (counting sort by record, insertion sort within a record).
/// Uses up to @p threads threads (>= 1; 1 starts none); the result is the
/// same for any count.
void sort_events(DataSetImpl& impl, unsigned threads);
/// Same, on the threads EventStore::sort_threads says.
void sort_events(DataSetImpl& impl);
/// Orders @p impl's touches by (record, time, insertion) and fills their
/// record_begin (model/touches.cpp).
void sort_touches(DataSetImpl& impl);

/// Bridges the public classes and the storage for code inside the library.
struct DataSetAccess {
  static const DataSetImpl& impl(const DataSet& ds) { return *ds.impl_; }
  static DataSet make(std::shared_ptr<const DataSetImpl> impl) {
    return DataSet(std::move(impl));
  }
  static AttributeColumnView view(const Column& c) { return AttributeColumnView(&c); }
  static const Column& column(const AttributeColumnView& v) {
    return *static_cast<const Column*>(v.column_);
  }
  /// The storage a builder is filling (events unsorted until finish()).
  static DataSetImpl& building(DataSetBuilder& b);
  /// DataSetBuilder::finish() with the sort on up to @p threads threads
  /// (0: the hardware's count; 1 starts none).
  static absl::StatusOr<DataSet> finish(DataSetBuilder&& b, unsigned threads);
};

}  // namespace modelfunnel::internal
