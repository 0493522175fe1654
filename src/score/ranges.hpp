// Work split over threads in contiguous ranges of a list (the fitted
// records, the records scored), the same way the record scan splits
// records: part i of n takes [size * i / n, size * (i + 1) / n), part 0 runs
// on the calling thread, and callers merge per-part results in part order,
// so results never depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

#include "model/record_scan.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel::internal::score {

/// Parts worth making of @p size items when the caller allows @p threads
/// (0: the hardware's): at most one per kRecordsPerScanThread items.
inline unsigned parts_for(std::size_t size, unsigned threads) {
  return scan_threads(size, resolve_threads(threads));
}

/// Calls @p f(part, begin, end) for each of @p parts contiguous ranges of
/// [0, size), part 0 on this thread and each other on a thread of its own
/// (or here, when a thread cannot be started). Rethrows the first
/// exception in part order once every part is done.
template <class F>
void for_ranges(std::size_t size, unsigned parts, F&& f) {
  if (parts <= 1) {
    f(0u, std::size_t{0}, size);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  auto run = [&](unsigned part) {
    try {
      f(part, size * part / parts, size * (part + 1) / parts);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    std::vector<unsigned> here = {0};
    for (unsigned part = 1; part < parts; ++part) {
      try {
        pool.emplace_back(run, part);
      } catch (const std::system_error&) {
        here.push_back(part);
      }
    }
    for (unsigned part : here) run(part);
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace modelfunnel::internal::score
