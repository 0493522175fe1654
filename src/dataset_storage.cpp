// Out-of-line members of the storage types in internal/dataset_impl.hpp.
#include <cstddef>
#include <string>

#include "internal/dataset_impl.hpp"

namespace modelfunnel::internal {
namespace {

// Heap bytes of a std::string: none while it fits the small-string buffer.
std::size_t string_heap_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

}  // namespace

std::size_t StringDictionary::heap_bytes() const {
  std::size_t bytes = values_.capacity() * sizeof(std::string);
  for (const std::string& s : values_) bytes += string_heap_bytes(s);
  // The index keeps its own copy of each string; one control byte per slot.
  bytes += index_.capacity() * (sizeof(std::pair<const std::string, std::uint32_t>) + 1);
  for (const auto& [key, code] : index_) bytes += string_heap_bytes(key);
  return bytes;
}

std::size_t Column::size() const {
  return type == AttributeType::kString ? codes.size() : present.size();
}

void Column::push_missing() {
  if (type == AttributeType::kString) {
    codes.push_back(kMissingCode);
  } else {
    present.push_back(0);
    if (type == AttributeType::kDouble) doubles.push_back(0);
    else ints.push_back(0);
  }
  ++missing;
}

bool Column::is_missing(std::size_t row) const {
  return type == AttributeType::kString ? codes[row] == kMissingCode : present[row] == 0;
}

std::size_t EventStore::heap_bytes() const {
  return record.capacity() * sizeof(std::uint32_t) + stage.capacity() * sizeof(std::uint16_t) +
         time.capacity() * sizeof(std::int64_t) + amount.heap_bytes() + reason.heap_bytes() +
         actor.heap_bytes() + reasons.heap_bytes() + actors.heap_bytes() +
         record_begin.capacity() * sizeof(std::uint32_t);
}

}  // namespace modelfunnel::internal
