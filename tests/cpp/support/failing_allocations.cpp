// The test binary's global operator new and delete (see
// failing_allocations.hpp). Only the plain forms are replaced; the aligned
// forms keep the library's own, which pair with each other.
#include "support/failing_allocations.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::int64_t> countdown{-1};  // -1: never fail
std::atomic<std::size_t> smallest{0};     // allocations below this are not counted
std::atomic<bool> fired_flag{false};

bool should_fail(std::size_t size) noexcept {
  std::int64_t n = countdown.load(std::memory_order_relaxed);
  if (n < 0 || size < smallest.load(std::memory_order_relaxed)) return false;
  while (n >= 0) {
    if (countdown.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) {
      if (n == 0) {
        fired_flag.store(true, std::memory_order_relaxed);
        return true;
      }
      return false;
    }
  }
  return false;
}

void* allocate(std::size_t size) {
  if (should_fail(size)) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* allocate_nothrow(std::size_t size) noexcept {
  if (should_fail(size)) return nullptr;
  return std::malloc(size == 0 ? 1 : size);
}

}  // namespace

namespace mf_test {

FailingAllocations::FailingAllocations(std::int64_t n, std::size_t min_size) {
  fired_flag.store(false);
  smallest.store(min_size);
  countdown.store(n);
}

FailingAllocations::~FailingAllocations() { countdown.store(-1); }

bool FailingAllocations::fired() const { return fired_flag.load(); }

}  // namespace mf_test

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
