// A batch of converted records rows, held back so that load_records() can
// intern their ids and append their values column by column
// (load_records.cpp).
//
// Why a batch: interning an id is a cache miss into a table of millions of
// ids, which a batch hides by prefetching all its ids' slots at once; and
// appending a row to every column in turn (a dozen vectors, a dictionary
// lookup for each string) jumps between a dozen places per row, while
// appending a batch one column at a time is a tight loop per column over
// data in cache.
//
// Why not a thread, as for events (ingest/pipeline/event_staging.hpp): converting
// is most of a records row's work, so a loading thread left only the
// commits would mostly wait; and the second core is busy converting the
// events file while the records table loads. A records converter would
// take that core from the events converter or, taking turns with it, keep
// the events from being converted until the records are done — either way
// the load as a whole would not finish sooner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/pipeline/code_cache.hpp"
#include "ingest/load_context.hpp"
#include "model/record_ids.hpp"
#include "ingest/staged_error.hpp"

namespace modelfunnel::internal {

/// Converted records rows, in file order, with the errors among them. The
/// CSV rows are gone by the time they are committed, so the bytes they
/// still need are copied into `arena`: the ids, and the strings their
/// column's dictionary may not hold yet. Not the rows' own bytes: a
/// rejected row's are read back from the file (LoadContext::reject_later).
struct RecordBatch {
  struct Text {
    std::uint32_t offset = 0, size = 0;
  };
  struct Row {
    RecordIds::Probe probe;
    Text id;
    std::int64_t line = 0;
  };
  /// `present` of a value: absent, present in `values`, or a string whose
  /// dictionary code is in `values` (its column's CodeCache knew it).
  static constexpr std::uint8_t kAbsent = 0, kPresent = 1, kCode = 2;
  std::vector<Row> rows;
  // The attributes of each row, in converter order, packed (a Value is 32
  // bytes; this keeps a batch in cache): whether present, and the value as
  // 8 bytes: integer, bool, timestamp, a double's bits, a string's
  // place in `arena` (offset << 32 | size), or a string's code. Row k's
  // values are [k * attributes, (k + 1) * attributes); past size() rows
  // the vectors hold leftovers (they are sized for a whole batch once).
  std::vector<std::uint8_t> present;
  std::vector<std::int64_t> values;
  // A table with links or stage dates (a Salesforce Lead table): per row,
  // each link column's id (absent() when missing or the row's own id) and
  // each date column's time (kNoTime when missing), in the spec's order;
  // row k's are [k * columns, (k + 1) * columns), sized as `values` is.
  std::vector<Text> links;
  std::vector<std::int64_t> dates;
  std::string arena;
  std::vector<StagedError> errors;  // `before`: rows preceding it
  std::uint64_t rows_read = 0;       // rows of the file in this batch, errors included
  std::uint64_t bytes_consumed = 0;  // reader position at the end of the batch
  std::size_t estimated_rows = 0;    // set once, from the first rows' size
  bool last = false;                 // no batch follows

  std::size_t size() const { return rows.size(); }
  std::string_view text(Text t) const { return {arena.data() + t.offset, t.size}; }
  std::string_view string_at(std::size_t i) const {
    const auto v = static_cast<std::uint64_t>(values[i]);
    return text(Text{static_cast<std::uint32_t>(v >> 32), static_cast<std::uint32_t>(v)});
  }
  static constexpr Text kNoLink{UINT32_MAX, 0};
  static bool absent(Text t) { return t.offset == UINT32_MAX; }
  Text keep(std::string_view s) {
    const Text t{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size())};
    arena.append(s);
    return t;
  }
  /// Empties the batch for reuse, keeping its memory.
  void clear();
};

/// Reads the rows of a records table and converts them, a batch at a time.
class RecordBatchReader {
 public:
  /// Reads @p in with @p attrs; @p codes (one per attribute, filled by the
  /// commits) tell which strings already have a code. All must outlive this.
  RecordBatchReader(const TableInput& in, const std::vector<AttributeConverter>& attrs,
                    const std::vector<CodeCache>& codes, bool strict);

  /// Reads and converts the next rows into the empty @p batch; sets `last`
  /// at the end of the file, or at an error that ends the load (a fatal CSV
  /// error, or any error under the strict policy).
  void fill(RecordBatch& batch);

 private:
  const TableInput& in_;
  const std::vector<AttributeConverter>& attrs_;
  const std::vector<CodeCache>& codes_;
  const MissingTokens missing_;
  const bool strict_;
  const std::size_t id_index_;
  std::vector<std::size_t> link_fields_;  // per link column: its CSV field
  std::vector<std::size_t> date_fields_;  // per stage date column: its CSV field
  std::vector<char> date_iso_;            // per stage date column: its format is ISO 8601
  std::string why_;                       // a date's parse error
  CsvRow row_;                 // kept: its field list is reused
  std::uint64_t rows_ = 0;     // rows read so far
};

}  // namespace modelfunnel::internal
