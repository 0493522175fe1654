// resolve_threads() and the count behind threads_started() (util/parallel.hpp).
#include "util/parallel.hpp"

#include <atomic>

namespace modelfunnel::internal {
namespace {

std::atomic<std::uint64_t> started{0};

}  // namespace

unsigned resolve_threads(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(std::thread::hardware_concurrency(), 1u);
}

std::uint64_t threads_started() { return started.load(std::memory_order_relaxed); }

namespace detail {
void count_thread_started() { started.fetch_add(1, std::memory_order_relaxed); }
}  // namespace detail

}  // namespace modelfunnel::internal
