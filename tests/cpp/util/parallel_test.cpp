// util/parallel.hpp: both pieces run, in order when serial, on
// min(threads, pieces) threads, and an exception from any thread reaches
// the caller.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/parallel.hpp"

namespace mfi = modelfunnel::internal;

TEST_CASE("resolve_threads: 0 is the hardware's count, others stay", "[parallel]") {
  CHECK(mfi::resolve_threads(0) == std::max(std::thread::hardware_concurrency(), 1u));
  CHECK(mfi::resolve_threads(1) == 1);
  CHECK(mfi::resolve_threads(64) == 64);
}

TEST_CASE("in_parallel runs a then b here with one thread", "[parallel]") {
  const std::uint64_t started = mfi::threads_started();
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::string> order;
  bool here = true;
  mfi::in_parallel(
      1,
      [&] {
        order.push_back("a");
        here = here && std::this_thread::get_id() == caller;
      },
      [&] {
        order.push_back("b");
        here = here && std::this_thread::get_id() == caller;
      });
  CHECK(order == std::vector<std::string>{"a", "b"});
  CHECK(here);
  CHECK(mfi::threads_started() == started);
}

TEST_CASE("in_parallel runs b on another thread and waits for both", "[parallel]") {
  const unsigned threads = GENERATE(2u, 64u);  // two pieces: one more thread either way
  const std::uint64_t started = mfi::threads_started();
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id a_on, b_on;
  std::atomic<int> done{0};
  mfi::in_parallel(
      threads,
      [&] {
        a_on = std::this_thread::get_id();
        ++done;
      },
      [&] {
        b_on = std::this_thread::get_id();
        ++done;
      });
  CHECK(done == 2);
  CHECK(a_on == caller);
  CHECK(b_on != caller);
  CHECK(mfi::threads_started() == started + 1);
}

TEST_CASE("in_parallel rethrows an exception from either piece", "[parallel]") {
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    bool a_ran = false;
    CHECK_THROWS_WITH(mfi::in_parallel(threads, [&] { a_ran = true; },
                                       [] { throw std::runtime_error("from b"); }),
                      "from b");
    CHECK(a_ran);
    bool b_ran = false;
    CHECK_THROWS_WITH(mfi::in_parallel(threads, [] { throw std::runtime_error("from a"); },
                                       [&] { b_ran = true; }),
                      "from a");
    // Serial, b never starts once a threw; in parallel it ran to the end
    // before the exception left.
    CHECK(b_ran == (threads == 2));
    CHECK_THROWS_WITH(mfi::in_parallel(threads, [] { throw std::runtime_error("from a"); },
                                       [] { throw std::runtime_error("from b"); }),
                      "from a");
  }
}

TEST_CASE("parallel_for runs every piece once on min(threads, pieces) threads", "[parallel]") {
  const unsigned threads = GENERATE(1u, 2u, 3u, 64u);
  const std::size_t pieces = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7});
  INFO("threads " << threads << ", pieces " << pieces);
  const std::uint64_t started = mfi::threads_started();
  std::vector<int> runs(pieces, 0);
  std::mutex mutex;
  std::set<std::thread::id> on;
  std::vector<std::size_t> serial_order;
  mfi::parallel_for(threads, pieces, [&](std::size_t p) {
    ++runs[p];
    std::lock_guard lock(mutex);
    on.insert(std::this_thread::get_id());
    serial_order.push_back(p);
  });
  CHECK(std::all_of(runs.begin(), runs.end(), [](int n) { return n == 1; }));
  const std::size_t expected = std::min<std::size_t>(threads, pieces);
  CHECK(on.size() == expected);
  CHECK(mfi::threads_started() - started == (expected > 0 ? expected - 1 : 0));
  if (expected <= 1) {
    std::vector<std::size_t> in_order(pieces);
    for (std::size_t p = 0; p < pieces; ++p) in_order[p] = p;
    CHECK(serial_order == in_order);
  }
}

TEST_CASE("parallel_for rethrows the exception of the lowest piece that threw", "[parallel]") {
  for (const unsigned threads : {1u, 2u, 4u}) {
    INFO("threads " << threads);
    CHECK_THROWS_WITH(mfi::parallel_for(threads, 4,
                                        [](std::size_t p) {
                                          if (p >= 1) throw std::runtime_error("piece " + std::to_string(p));
                                        }),
                      "piece 1");
  }
}
