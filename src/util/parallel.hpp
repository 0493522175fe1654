// Splitting work over as many threads as a caller allows.
//
// Callers say how many threads they may use (LoadOptions::threads, say):
// a count, resolved once by resolve_threads() (util/thread_count.hpp).
// Each parallel step then uses
// min(count, pieces of work) threads, the calling one included, so that
// `1` starts no thread at all (a host that wants the library on its own
// thread) and a 64-core machine does not start 64 threads for two pieces.
// Callers split their work so that the result never depends on how many
// threads run it.
//
// Starting a thread is not free; callers only split work that is worth far
// more than starting one.
#pragma once

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "util/thread_count.hpp"

namespace modelfunnel::internal {

namespace detail {
inline std::atomic<std::uint64_t>& started_count() {
  static std::atomic<std::uint64_t> count{0};
  return count;
}
}  // namespace detail

/// A thread count, never a yes/no: `in_parallel(threads > 1, …)` once ran
/// the funnel report's assembly on one thread (issue 12), since `true`
/// converts to 1. Any integer converts; a bool does not compile.
struct ThreadCount {
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  constexpr ThreadCount(T count) : value(static_cast<unsigned>(count)) {}  // NOLINT: implicit on purpose
  unsigned value;
};

/// Threads started so far in this process by start_thread() (the loaders'
/// and the sort's), for tests that check a count.
inline std::uint64_t threads_started() { return detail::started_count().load(std::memory_order_relaxed); }

/// Starts @p fn on a new thread; an empty (not joinable) std::thread where
/// none can be started (a process at its thread or memory limit), so that
/// the caller does the work itself. @p fn must not throw: it runs where
/// nothing can catch it.
template <class Fn>
std::thread start_thread(Fn&& fn) {
  try {
    std::thread t(std::forward<Fn>(fn));
    detail::started_count().fetch_add(1, std::memory_order_relaxed);
    return t;
  } catch (const std::system_error&) {
  } catch (const std::bad_alloc&) {
  }
  return std::thread();
}

/// Runs @p a() on this thread and @p b() on another when @p threads >= 2,
/// and returns when both are done, rethrowing the first exception either
/// threw (a's before b's). With one thread, or when no thread can be
/// started, runs a() and then b() here, so that a caller whose b() must
/// follow a() when serial gets that order.
template <class A, class B>
void in_parallel(ThreadCount threads, A&& a, B&& b) {
  std::exception_ptr b_error;
  std::thread other;
  if (threads.value >= 2) {
    other = start_thread([&]() noexcept {
      try {
        b();
      } catch (...) {
        b_error = std::current_exception();
      }
    });
  }
  if (!other.joinable()) {
    a();
    b();
    return;
  }
  std::exception_ptr a_error;
  try {
    a();
  } catch (...) {
    a_error = std::current_exception();
  }
  other.join();
  if (a_error) std::rethrow_exception(a_error);
  if (b_error) std::rethrow_exception(b_error);
}

/// Runs @p fn(0) ... @p fn(pieces - 1) on min(@p threads, @p pieces)
/// threads, this one included, and returns when all are done, rethrowing
/// the exception of the lowest piece that threw. Each thread runs a run of
/// consecutive pieces; with one thread they run here in order.
template <class Fn>
void parallel_for(ThreadCount threads, std::size_t pieces, Fn&& fn) {
  const std::size_t n = std::min<std::size_t>(std::max(threads.value, 1u), pieces);
  if (n <= 1) {
    for (std::size_t p = 0; p < pieces; ++p) fn(p);
    return;
  }
  std::vector<std::exception_ptr> errors(pieces);
  auto run = [&](std::size_t t) noexcept {
    for (std::size_t p = pieces * t / n; p < pieces * (t + 1) / n; ++p) {
      try {
        fn(p);
      } catch (...) {
        errors[p] = std::current_exception();
        return;  // the pieces after it in this run are not started
      }
    }
  };
  // Sized first: once a helper runs, nothing here may throw before it is joined.
  std::vector<std::thread> helpers(n);
  for (std::size_t t = 1; t < n; ++t) helpers[t] = start_thread([&run, t]() noexcept { run(t); });
  run(0);
  for (std::size_t t = 1; t < n; ++t) {
    if (helpers[t].joinable()) helpers[t].join();
    else run(t);  // it could not be started: its run is done here
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace modelfunnel::internal
