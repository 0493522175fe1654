// Two pieces of work on two cores, for the loaders and the sort.
//
// The benchmark machine has two cores, and the work that can be split is
// always two-way (two halves of a sort, a commit beside the next batch's
// lookup), so this is a pair of calls rather than a thread pool. Starting a
// thread costs tens of microseconds; callers only ask for one when the
// work is worth far more than that.
#pragma once

#include <exception>
#include <system_error>
#include <thread>

namespace modelfunnel::internal {

/// Runs @p a() on this thread and @p b() on another if @p parallel, and
/// returns when both are done, rethrowing the first exception either threw
/// (a's before b's). If not parallel, or no thread can be started, runs
/// a() and then b() here, so that a caller whose b() must follow a() when
/// serial gets that order.
template <class A, class B>
void in_parallel(bool parallel, A&& a, B&& b) {
  if (!parallel) {
    a();
    b();
    return;
  }
  std::exception_ptr b_error;
  std::thread other;
  try {
    other = std::thread([&] {
      try {
        b();
      } catch (...) {
        b_error = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
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

}  // namespace modelfunnel::internal
