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
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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
  StringDictionary reasons;
  StringDictionary actors;
  std::vector<std::uint32_t> record_begin;     // record_count + 1 offsets, after finish()
  // Room for sort_events()'s per-record counts and permutation, reserved
  // and faulted in ahead by a loader that can size them early (load.cpp);
  // empty otherwise. The sort takes them over and frees them.
  std::vector<std::uint32_t> sort_begin, sort_perm;

  std::size_t size() const { return record.size(); }
  std::size_t heap_bytes() const;
};

struct DataSetImpl {
  RecordIds record_ids;
  std::vector<Column> columns;
  absl::flat_hash_map<std::string, std::size_t> column_index;
  StringDictionary stages;
  EventStore events;

  /// The index of record @p id, adding it (all attributes missing) if new.
  /// Loaders writing here directly should use this so columns stay aligned.
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
  /// (>= 1; 1 starts none).
  static absl::StatusOr<DataSet> finish(DataSetBuilder&& b, unsigned threads);
};

}  // namespace modelfunnel::internal
