// Batch lookups of events rows' record ids (ingest/pipeline/event_id_lookup.hpp).
#include "ingest/pipeline/event_id_lookup.hpp"

#include <algorithm>
#include <optional>

#include "util/huge_pages.hpp"

namespace modelfunnel::internal {
namespace {

// A sweep's sort key: the 4 KiB page of the address it reads.
constexpr unsigned kPageBits = 12;
// Rows whose reads are prefetched ahead in a sweep: within a page the rows
// come in no particular order, so each is still a cache miss.
constexpr std::size_t kAhead = 16;

}  // namespace

std::size_t EventIdLookup::batch_rows(const RecordIds& ids) {
  // 32 rows per page of 512 slots.
  return std::clamp<std::size_t>(ids.slot_count() / 16, std::size_t{1} << 16, std::size_t{1} << 20);
}

void EventIdLookup::run(const RecordIds& ids, const std::vector<const StagedChunk*>& chunks) {
  rows_ = 0;
  for (const StagedChunk* c : chunks) rows_ += c->size();
  if (hash_.size() < rows_) {
    hash_ = huge_vector<std::uint64_t>(rows_);
    result_ = huge_vector<std::uint32_t>(rows_);
    by_slot_ = huge_vector<Row>(rows_);
  }
  std::size_t g = 0;
  for (const StagedChunk* c : chunks) {
    for (std::size_t i = 0; i < c->size(); ++i) hash_[g++] = RecordIds::probe(c->id(i)).hash;
  }

  // Sweep 1: the slots, in address order (8-byte slots), the rows sorted
  // by the page of their first slot with a counting sort that moves the
  // hashes along, so that the sweep reads its rows front to back too.
  constexpr unsigned kSlotPageBits = kPageBits - 3;
  auto page_of = [&](std::uint64_t hash) {
    return ids.slot_of(RecordIds::Probe{hash}) >> kSlotPageBits;
  };
  count_.assign((ids.slot_count() >> kSlotPageBits) + 2, 0);
  for (std::size_t row = 0; row < rows_; ++row) ++count_[page_of(hash_[row]) + 1];
  for (std::size_t b = 1; b < count_.size(); ++b) count_[b] += count_[b - 1];
  for (std::size_t row = 0; row < rows_; ++row) {
    by_slot_[count_[page_of(hash_[row])]++] = Row{hash_[row], static_cast<std::uint32_t>(row)};
  }
  for (std::size_t k = 0; k < rows_; ++k) {
    if (k + kAhead < rows_) ids.prefetch(RecordIds::Probe{by_slot_[k + kAhead].hash});
    result_[by_slot_[k].row] = ids.candidate(RecordIds::Probe{by_slot_[k].hash});
  }

  // Sweep 2: the arena, in row order. Rows of a file come roughly in time
  // order, and so do the records they name, so the entries a batch reads
  // are a window of the arena, not all of it.
  g = 0;
  for (const StagedChunk* c : chunks) {
    for (std::size_t i = 0; i < c->size(); ++i, ++g) {
      if (g + kAhead < rows_ && result_[g + kAhead] != 0) ids.prefetch_entry_at(result_[g + kAhead]);
      const std::uint32_t entry = result_[g];
      if (entry == 0) {  // no slot with its hash bits: certainly absent
        result_[g] = kAbsent;
        continue;
      }
      const std::string_view id = c->id(i);
      std::optional<std::uint32_t> record = ids.confirm(entry, id);
      if (!record) record = ids.find(id, probe(g));
      result_[g] = record ? *record : kAbsent;
    }
  }
}

}  // namespace modelfunnel::internal
