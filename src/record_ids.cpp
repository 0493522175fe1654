// Out-of-line parts of the record id store (internal/record_ids.hpp):
// allocation, growth and appending to the arena.
#include "internal/record_ids.hpp"

#include "internal/huge_pages.hpp"

#include <cstdlib>
#include <new>
#include <stdexcept>

namespace modelfunnel::internal {

RecordIds::Slot* RecordIds::no_slots() {
  static Slot empty[1] = {Slot{0, kEmpty}};
  return empty;
}

void RecordIds::Free::operator()(Slot* p) const {
  if (p != no_slots()) std::free(p);
}

RecordIds::RecordIds() : slots_(no_slots()) {}

RecordIds::RecordIds(RecordIds&& other) noexcept
    : arena_(std::move(other.arena_)),
      entries_(std::move(other.entries_)),
      slots_(std::exchange(other.slots_, std::unique_ptr<Slot[], Free>(no_slots()))),
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

RecordIds::~RecordIds() = default;

std::uint32_t RecordIds::append(std::string_view id, std::uint32_t record) {
  // Entry offsets are 32-bit: about 4 GB of ids (hundreds of millions of
  // records) is far beyond what a data set holds in memory anyway.
  const std::size_t header = sizeof(std::uint32_t) + 1 + (id.size() >= kLongLength ? 4 : 0);
  const std::size_t offset = arena_.size();
  if (offset + header + id.size() + 1 >= kEmpty) {
    throw std::length_error("record ids take more than 4 GB");
  }
  arena_.resize(offset + header + id.size() + 1);  // zeroed: the id's terminating NUL
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
  entries_.push_back(static_cast<std::uint32_t>(offset));
  return static_cast<std::uint32_t>(offset);
}

void RecordIds::grow(std::size_t min_capacity) {
  std::size_t capacity = 1024;
  while (capacity < min_capacity) capacity *= 2;
  if (capacity <= capacity_) return;
  std::size_t bytes = capacity * sizeof(Slot);
  const bool huge = bytes >= kHugePageBytes;
  if (huge) bytes = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  void* memory = std::aligned_alloc(huge ? kHugePageBytes : alignof(Slot), bytes);
  if (memory == nullptr) throw std::bad_alloc();
  if (huge) advise_huge(memory, bytes);
  std::memset(memory, 0xFF, bytes);  // every entry kEmpty
  slots_.reset(static_cast<Slot*>(memory));
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
  if (2 * n > capacity_) grow(2 * n);
  reserve_huge(entries_, n);
  reserve_huge(arena_, n * (sizeof(std::uint32_t) + 2 + id_bytes));
}

std::size_t RecordIds::heap_bytes() const {
  return arena_.capacity() + entries_.capacity() * sizeof(std::uint32_t) +
         (slots_.get() == no_slots() ? 0 : capacity_ * sizeof(Slot));
}

}  // namespace modelfunnel::internal
