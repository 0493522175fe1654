// Out-of-line members of the storage types in model/dataset_impl.hpp.
#include <cstddef>
#include <string>

#include "model/dataset_impl.hpp"

namespace modelfunnel::internal {
namespace {

// Heap bytes of a std::string: none while it fits the small-string buffer.
std::size_t string_heap_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

}  // namespace

std::size_t StringDictionary::heap_bytes() const {
  std::size_t bytes = values_.capacity() * sizeof(std::string) + slots_.capacity() * sizeof(Slot);
  for (const std::string& s : values_) bytes += string_heap_bytes(s);
  return bytes;
}

void StringDictionary::grow(std::size_t min_slots) {
  std::size_t n = 16;
  while (n < min_slots || n < 2 * (values_.size() + 1)) n *= 2;
  slots_.assign(n, Slot{0, kMissingCode});
  mask_ = n - 1;
  for (std::uint32_t code = 0; code < values_.size(); ++code) {
    const std::uint64_t h = hash_string(values_[code]);
    std::size_t i = h & mask_;
    while (slots_[i].code != kMissingCode) i = (i + 1) & mask_;
    slots_[i] = Slot{static_cast<std::uint32_t>(h >> 32), code};
  }
}

std::size_t Column::size() const {
  return type == AttributeType::kString ? codes.size() : present.size();
}

bool Column::is_missing(std::size_t row) const {
  return type == AttributeType::kString ? codes[row] == kMissingCode : present[row] == 0;
}

std::size_t EventStore::heap_bytes() const {
  return record.capacity() * sizeof(std::uint32_t) + stage.capacity() * sizeof(std::uint16_t) +
         time.capacity() * sizeof(std::int64_t) + amount.heap_bytes() + reason.heap_bytes() +
         actor.heap_bytes() + close_date.heap_bytes() + reasons.heap_bytes() + actors.heap_bytes() +
         record_begin.capacity() * sizeof(std::uint32_t);
}

}  // namespace modelfunnel::internal
