// Out-of-line parts of the record id store (model/record_ids.hpp):
// allocation, growth and appending to the arena.
#include "model/record_ids.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>

#include "util/huge_pages.hpp"

namespace modelfunnel::internal {

RecordIds::Slot* RecordIds::no_slots() {
  static Slot empty[1] = {Slot{0, kEmpty}};
  return empty;
}

// Zeroed slots. Big tables are their own 2 MiB-aligned mapping on huge
// pages: fresh zero pages, faulted in as probes first touch them.
RecordIds::Slot* RecordIds::allocate_slots(std::size_t capacity) {
  const std::size_t bytes = capacity * sizeof(Slot);
  if (bytes < kHugePageBytes) {
    void* p = std::calloc(capacity, sizeof(Slot));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<Slot*>(p);
  }
  // bytes is a multiple of 2 MiB (a power of two at least that big).
  void* m = ::mmap(nullptr, bytes + kHugePageBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) throw std::bad_alloc();
  const auto raw = reinterpret_cast<std::uintptr_t>(m);
  const auto aligned = (raw + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  if (aligned > raw) ::munmap(m, aligned - raw);
  const std::uintptr_t tail = aligned + bytes;
  if (raw + bytes + kHugePageBytes > tail) ::munmap(reinterpret_cast<void*>(tail), raw + bytes + kHugePageBytes - tail);
  advise_huge(reinterpret_cast<void*>(aligned), bytes);
  return reinterpret_cast<Slot*>(aligned);
}

void RecordIds::free_slots(Slot* slots, std::size_t capacity) {
  if (slots == no_slots()) return;
  const std::size_t bytes = capacity * sizeof(Slot);
  if (bytes < kHugePageBytes) std::free(slots);
  else ::munmap(slots, bytes);
}

RecordIds::RecordIds() : slots_(no_slots()) {}

RecordIds::RecordIds(RecordIds&& other) noexcept
    : arena_(std::move(other.arena_)),
      entries_(std::move(other.entries_)),
      slots_(std::exchange(other.slots_, no_slots())),
      capacity_(std::exchange(other.capacity_, 1)),
      mask_(std::exchange(other.mask_, 0)) {
  other.arena_.clear();
  other.entries_.clear();
}

RecordIds& RecordIds::operator=(RecordIds&& other) noexcept {
  if (this != &other) {
    RecordIds moved(std::move(other));
    std::swap(arena_, moved.arena_);
    std::swap(entries_, moved.entries_);
    std::swap(slots_, moved.slots_);
    std::swap(capacity_, moved.capacity_);
    std::swap(mask_, moved.mask_);
  }
  return *this;
}

RecordIds::~RecordIds() { free_slots(slots_, capacity_); }

std::uint32_t RecordIds::append(std::string_view id, std::uint32_t record) {
  // Entry offsets are 32-bit: about 4 GB of ids (hundreds of millions of
  // records) is far beyond what a data set holds in memory anyway.
  const std::size_t header = sizeof(std::uint32_t) + 1 + (id.size() >= kLongLength ? 4 : 0);
  if (arena_.empty()) arena_.push_back(0);  // offset 0 is kEmpty, never an entry
  const std::size_t offset = arena_.size();
  const std::size_t end = offset + header + id.size() + 1;
  if (end > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("record ids take more than 4 GB");
  }
  if (end > arena_.capacity()) reserve_huge(arena_, 2 * end);  // doubling, on huge pages
  arena_.resize(end);  // zeroed: the id's terminating NUL
  char* p = arena_.data() + offset;
  std::memcpy(p, &record, sizeof record);
  p += sizeof record;
  if (id.size() < kLongLength) {
    *p++ = static_cast<char>(id.size());
  } else {
    *p++ = static_cast<char>(kLongLength);
    const auto n = static_cast<std::uint32_t>(id.size());
    std::memcpy(p, &n, sizeof n);
    p += sizeof n;
  }
  if (!id.empty()) std::memcpy(p, id.data(), id.size());
  if (entries_.size() == entries_.capacity()) reserve_huge(entries_, 2 * entries_.size() + 16);
  entries_.push_back(static_cast<std::uint32_t>(offset));
  return static_cast<std::uint32_t>(offset);
}

void RecordIds::grow(std::size_t min_capacity) {
  std::size_t capacity = 1024;
  while (capacity < min_capacity) capacity *= 2;
  if (capacity <= capacity_) return;
  Slot* slots = allocate_slots(capacity);
  free_slots(slots_, capacity_);
  slots_ = slots;
  capacity_ = capacity;
  mask_ = capacity - 1;
  for (const std::uint32_t entry : entries_) {
    const Probe p = probe(id_at(entry));
    std::uint64_t i = p.hash & mask_;
    while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{tag_of(p), entry};
  }
}

void RecordIds::reserve(std::size_t n, std::size_t id_bytes) {
  if (slots_for(n) > capacity_) grow(slots_for(n));
  reserve_huge(entries_, n);
  reserve_huge(arena_, n * (sizeof(std::uint32_t) + 2 + id_bytes));
}

std::vector<PageRange> RecordIds::buffers() const {
  return {range_of(arena_), range_of(entries_),
          PageRange{slots_, slots_ == no_slots() ? 0 : capacity_ * sizeof(Slot), true}};
}

std::size_t RecordIds::heap_bytes() const {
  return arena_.capacity() + entries_.capacity() * sizeof(std::uint32_t) +
         (slots_ == no_slots() ? 0 : capacity_ * sizeof(Slot));
}

}  // namespace modelfunnel::internal
