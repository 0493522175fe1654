// Matching the record ids of many events rows at once, in address order.
//
// One lookup in the record id store (model/record_ids.hpp) reads a
// slot of its hash table and an entry of its arena, both at random places.
// With millions of records both are hundreds of megabytes, so each random
// access misses the TLB as well as the cache: its page walk holds up the
// core, and prefetching rows ahead does not overlap the walks. Looked up one
// by one, a row costs more the bigger the data set, and the events commit
// waits on those misses.
//
// So the rows of a batch (about a million) are looked up in two sweeps:
//   1. sorted by the slot their lookup starts at (a counting sort on the
//      page of the slot), each row finds its candidate entry in the hash
//      table (RecordIds::candidate): the slots are read front to back,
//      each page once per batch;
//   2. in row order, each row's candidate is confirmed against the arena
//      (RecordIds::confirm), prefetched a few rows ahead. Events come
//      roughly in time order, and so do the records they name, so a
//      batch's entries are a window of the arena.
// The second sweep stays in row order: sorted by entry, the rows' own ids
// and hashes, read out of order, would become the misses.
// A row whose candidate is not its id (two ids sharing 56 hash bits) falls
// back to RecordIds::find, so the answer is always exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/pipeline/event_staging.hpp"
#include "model/record_ids.hpp"

namespace modelfunnel::internal {

class EventIdLookup {
 public:
  /// record() of a row whose id is not in the store.
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  /// Rows worth looking up at once in @p ids: enough that the first sweep
  /// reads a few dozen slots of each page it loads, few enough that the
  /// batch's own arrays stay in cache.
  static std::size_t batch_rows(const RecordIds& ids);

  /// Looks up the ids of every row of @p chunks, numbered in order: row i
  /// of chunks[0] is i, row i of chunks[1] is chunks[0]->size() + i, ...
  void run(const RecordIds& ids, const std::vector<const StagedChunk*>& chunks);

  /// The record of row @p g's id, or kAbsent.
  std::uint32_t record(std::size_t g) const { return result_[g]; }
  /// Row @p g's probe, for inserting its id when it is absent.
  RecordIds::Probe probe(std::size_t g) const { return RecordIds::Probe{hash_[g]}; }

 private:
  struct Row {
    std::uint64_t hash;
    std::uint32_t row;
  };
  std::size_t rows_ = 0;
  std::vector<std::uint64_t> hash_;    // per row
  std::vector<std::uint32_t> result_;  // per row: candidate entry, then record
  std::vector<Row> by_slot_;           // the rows in slot order
  std::vector<std::uint32_t> count_;   // per page of slots
};

}  // namespace modelfunnel::internal
