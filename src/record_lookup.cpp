// Building and growing the events loader's id index (internal/record_lookup.hpp).
#include "internal/record_lookup.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace modelfunnel::internal {
namespace {

constexpr std::size_t kHugePage = 2u << 20;

// Slots stay at most half full: linear probing then averages ~1.5 probes
// per hit, within the prefetched cache line or the next.
std::size_t capacity_for(std::size_t n) {
  std::size_t c = 1024;
  while (c < 2 * n) c *= 2;
  return c;
}

}  // namespace

void RecordLookup::Free::operator()(Slot* p) const { std::free(p); }

RecordLookup::RecordLookup(const StringDictionary& ids) : ids_(&ids) {
  rebuild(capacity_for(ids.size()));
}

void RecordLookup::rebuild(std::size_t capacity) {
  // Random probes into a big table miss the TLB as well as the cache;
  // transparent huge pages (where the kernel allows them) remove the first.
  std::size_t bytes = capacity * sizeof(Slot);
  const bool huge = bytes >= kHugePage;
  if (huge) bytes = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* memory = std::aligned_alloc(huge ? kHugePage : alignof(Slot), bytes);
  if (memory == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (huge) ::madvise(memory, bytes, MADV_HUGEPAGE);
#endif
  std::memset(memory, 0, bytes);  // all slots empty
  slots_.reset(static_cast<Slot*>(memory));
  capacity_ = capacity;
  mask_ = capacity - 1;
  count_ = ids_->size();
  for (std::uint32_t r = 0; r < count_; ++r) place(probe((*ids_)[r]), r);
}

void RecordLookup::place(const Probe& p, std::uint32_t record) {
  std::uint64_t i = p.hash & mask_;
  while (slots_[i].record != 0) i = (i + 1) & mask_;
  slots_[i] = Slot{p.key, p.tag, record + 1};
}

void RecordLookup::add(const Probe& p, std::uint32_t record) {
  if (2 * (count_ + 1) > capacity_) {
    rebuild(2 * capacity_);  // re-reads every id, the new one included
    return;
  }
  place(p, record);
  ++count_;
}

}  // namespace modelfunnel::internal
