// The library's error contract at its public entry points: no exception
// escapes. A public function that does work runs it through no_throw(),
// which turns whatever was thrown into a status: running out of memory
// (std::bad_alloc, std::length_error from a container asked for too much)
// into ResourceExhausted, anything else into Internal, naming the function.
// Nothing the function built is returned, so nothing is half-applied.
#pragma once

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace modelfunnel::internal {

/// The status for the exception being handled, for a call to @p function.
inline absl::Status status_from_exception(std::string_view function) noexcept {
  try {
    try {
      throw;
    } catch (const std::bad_alloc&) {
      return absl::ResourceExhaustedError(std::string(function) + ": out of memory");
    } catch (const std::length_error&) {
      return absl::ResourceExhaustedError(std::string(function) + ": out of memory");
    } catch (const std::exception& e) {
      return absl::InternalError(std::string(function) + ": " + e.what());
    } catch (...) {
      return absl::InternalError(std::string(function) + ": unknown exception");
    }
  } catch (...) {
    // Not even the message could be allocated.
    return absl::Status(absl::StatusCode::kResourceExhausted, {});
  }
}

/// f(), or the status of what it threw. @p f returns absl::Status or
/// absl::StatusOr<T>.
template <class F>
auto no_throw(std::string_view function, F&& f) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return status_from_exception(function);
  }
}

}  // namespace modelfunnel::internal
