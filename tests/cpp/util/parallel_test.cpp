// in_parallel() (util/parallel.hpp): both pieces run, in order when
// serial, and an exception from either thread reaches the caller.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/parallel.hpp"

namespace mfi = modelfunnel::internal;

TEST_CASE("in_parallel runs a then b when serial", "[parallel]") {
  std::vector<std::string> order;
  mfi::in_parallel(false, [&] { order.push_back("a"); }, [&] { order.push_back("b"); });
  CHECK(order == std::vector<std::string>{"a", "b"});
}

TEST_CASE("in_parallel runs b on another thread and waits for both", "[parallel]") {
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id a_on, b_on;
  std::atomic<int> done{0};
  mfi::in_parallel(
      true,
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
}

TEST_CASE("in_parallel rethrows an exception from either piece", "[parallel]") {
  for (const bool parallel : {false, true}) {
    INFO("parallel " << parallel);
    bool a_ran = false;
    CHECK_THROWS_WITH(mfi::in_parallel(parallel, [&] { a_ran = true; },
                                       [] { throw std::runtime_error("from b"); }),
                      "from b");
    CHECK(a_ran);
    bool b_ran = false;
    CHECK_THROWS_WITH(mfi::in_parallel(parallel, [] { throw std::runtime_error("from a"); },
                                       [&] { b_ran = true; }),
                      "from a");
    // Serial, b never starts once a threw; in parallel it ran to the end
    // before the exception left.
    CHECK(b_ran == parallel);
    CHECK_THROWS_WITH(mfi::in_parallel(parallel, [] { throw std::runtime_error("from a"); },
                                       [] { throw std::runtime_error("from b"); }),
                      "from a");
  }
}
