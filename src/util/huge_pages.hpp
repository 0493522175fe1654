// Backing big columns with transparent huge pages.
//
// Filling a big vector costs a page fault every 4 KiB, and on a virtual
// machine a fault costs microseconds: tens of thousands of them are a
// sizeable part of a million-lead load. With MADV_HUGEPAGE a fault maps
// 2 MiB instead, but only for 2 MiB-aligned pages wholly inside the
// mapping. A vector this big is its own mmap() made by malloc, starting
// 16 bytes before the data; Linux puts a mapping whose length is a multiple
// of 2 MiB on a 2 MiB boundary. So reserve_huge() asks for a capacity that
// makes malloc's mapping a whole number of huge pages and advises all of it.
// Everything here is a hint: where the allocator or kernel behave
// otherwise, the vectors work the same, only slower.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace modelfunnel::internal {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

/// Asks the kernel to back the pages of [data, data + bytes) with huge
/// pages (no-op for small buffers or where MADV_HUGEPAGE does not exist).
void advise_huge(void* data, std::size_t bytes);

/// A buffer whose pages are to be faulted in ahead of use.
struct PageRange {
  const void* data = nullptr;
  std::size_t bytes = 0;
  bool random = false;  // used at random places (a hash table), not front to back
};

/// Faults in every page of @p ranges (MADV_POPULATE_WRITE, Linux >= 5.14;
/// a no-op elsewhere) without changing a byte: the kernel zeroes new pages
/// when they are first touched, a large part of a load's time, and done
/// here, on another thread, that is off the loading thread.
/// Harmless if a buffer is freed meanwhile.
///
/// The loaders fill all the buffers of a table at once, each front to back
/// at its own pace (a row is 8 bytes of one column, 1 of another). So the
/// random ones are faulted in first, then the others a slice of each at a
/// time, the same fraction of every buffer per round: done one buffer after
/// another, the loading thread would reach the start of the later ones
/// first and fault their pages in itself.
void populate(const std::vector<PageRange>& ranges);

/// Faults in the pages of [data, data + bytes) now, with one system call
/// (MADV_POPULATE_WRITE; a no-op where it does not exist), whatever the
/// size: one call that populates many pages costs a fraction of a page
/// fault per page. Harmless for bytes already mapped.
void populate_range(const void* data, std::size_t bytes);

/// Gives the memory malloc holds free back to the system (glibc's
/// malloc_trim; a no-op elsewhere). Freed small blocks, such as the events
/// staging chunks, otherwise stay in the process and add to its peak.
void release_free_memory();

/// Bytes to allocate for at least @p bytes so that malloc's own mapping is
/// a whole number of huge pages: glibc maps the request plus 24 bytes of
/// chunk overhead, rounded up to 4 KiB (checked on Debian 12's glibc 2.36).
inline std::size_t huge_allocation_bytes(std::size_t bytes) {
  constexpr std::size_t kMallocHeader = 24;
  if (bytes < kHugePageBytes / 2) return bytes;  // small: not worth it
  const std::size_t mapped = (bytes + kMallocHeader + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  return mapped - kMallocHeader;
}

/// Reserves room for @p n elements in @p v on huge pages (see above).
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(huge_allocation_bytes(n * sizeof(T)) / sizeof(T));
  advise_huge(v.data(), v.capacity() * sizeof(T));
}

/// The allocated bytes of @p v, for populate().
template <class T>
PageRange range_of(const std::vector<T>& v) {
  return PageRange{v.data(), v.capacity() * sizeof(T)};
}

/// A vector of @p n value-initialised elements on huge pages.
template <class T>
std::vector<T> huge_vector(std::size_t n) {
  std::vector<T> v;
  reserve_huge(v, n);
  v.resize(n);
  return v;
}

}  // namespace modelfunnel::internal
