// advise_huge() (util/huge_pages.hpp): the one system call, kept out of
// the header so that <sys/mman.h> stays out of the loaders.
#include "util/huge_pages.hpp"

#include <sys/mman.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace modelfunnel::internal {

void advise_huge(void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  if (bytes < kHugePageBytes / 2) return;
  // Every page the buffer touches, not only the huge pages wholly inside
  // it: the buffer starts just past the mapping's (aligned) start, and the
  // advice is a flag on the mapping, harmless for the neighbouring bytes.
  constexpr std::uintptr_t kPage = 4096;
  const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes + kPage - 1) & ~(kPage - 1);
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  // Its first and last 2 MiB pages are shared with bytes that are already
  // mapped (malloc's chunk header, or neighbouring heap blocks), so the
  // kernel would fault the rest of them in 4 KiB at a time; collapse them
  // into huge pages now (Linux >= 6.1; elsewhere this fails harmlessly, and
  // the kernel keeps the bytes of neighbours as they are).
  constexpr int kCollapse = 25;  // MADV_COLLAPSE, missing from older headers
  const auto first = reinterpret_cast<std::uintptr_t>(data) & ~(kHugePageBytes - 1);
  const auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes - 1) & ~(kHugePageBytes - 1);
  ::madvise(reinterpret_cast<void*>(first), kHugePageBytes, kCollapse);
  if (last != first) ::madvise(reinterpret_cast<void*>(last), kHugePageBytes, kCollapse);
#else
  (void)data;
  (void)bytes;
#endif
}

void populate_range(const void* data, std::size_t bytes) {
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, missing from older headers
  constexpr std::uintptr_t kPage = 4096;
  if (bytes == 0) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes + kPage - 1) & ~(kPage - 1);
  ::madvise(reinterpret_cast<void*>(begin), end - begin, kPopulateWrite);
}

void populate(const std::vector<PageRange>& ranges) {
  // Small buffers too: below 1 MiB they are on 4 KiB pages, and in a small
  // load their faults on the loading thread are a large part of its time.
  auto worth_it = [](const PageRange& r) { return r.bytes >= (std::size_t{64} << 10); };
  for (const PageRange& r : ranges) {
    if (r.random && worth_it(r)) populate_range(r.data, r.bytes);
  }
  // Rounds: each covers 1/kRounds of every sequential buffer (see the header).
  constexpr std::size_t kRounds = 16;
  for (std::size_t k = 0; k < kRounds; ++k) {
    for (const PageRange& r : ranges) {
      if (r.random || !worth_it(r)) continue;
      const std::size_t begin = r.bytes / kRounds * k;
      const std::size_t end = k + 1 == kRounds ? r.bytes : r.bytes / kRounds * (k + 1);
      populate_range(static_cast<const char*>(r.data) + begin, end - begin);
    }
  }
}

void release_free_memory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace modelfunnel::internal
