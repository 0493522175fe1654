// Running out of memory on purpose: while a FailingAllocations is alive, the
// n-th allocation of at least `min_size` bytes through operator new
// (counted on every thread from its construction) throws std::bad_alloc, as
// a full heap would. The test binary replaces the global operator new and
// delete for this (failing_allocations.cpp); with no FailingAllocations
// alive they count nothing and call malloc.
//
// Why a minimum size: Abseil's hash tables (Debian's 20220623, and upstream
// still, abseil-cpp issue #1581) are not safe against an allocation that
// throws while they grow: the table keeps its new capacity without its new
// slots, and destroying it frees memory it does not own. Small allocations
// are where their growth happens on small data; on Linux, which overcommits,
// the allocations that fail in practice are the big ones (columns, vectors
// of records, text), which these tests then cover.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mf_test {

class FailingAllocations {
 public:
  /// Fails the allocation numbered @p n (0: the next one) among those of at
  /// least @p min_size bytes.
  FailingAllocations(std::int64_t n, std::size_t min_size);
  ~FailingAllocations();
  FailingAllocations(const FailingAllocations&) = delete;
  FailingAllocations& operator=(const FailingAllocations&) = delete;

  /// Whether the n-th allocation happened (and failed).
  bool fired() const;
};

/// Calls @p call(), failing its first, second, third… allocation in turn,
/// until a call makes fewer allocations than the one to fail; @p check(fired)
/// checks each call's outcome. Returns how many calls were made.
template <class Call, class Check>
std::int64_t sweep_allocation_failures(std::size_t min_size, Call call, Check check,
                                       std::int64_t limit = 100'000) {
  std::int64_t n = 0;
  for (; n < limit; ++n) {
    bool fired = false;
    {
      FailingAllocations fail(n, min_size);
      call();
      fired = fail.fired();
    }
    check(fired);
    if (!fired) break;
  }
  return n + 1;
}

}  // namespace mf_test
