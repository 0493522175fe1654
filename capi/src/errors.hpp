// errors.hpp — how the C layer turns C++ outcomes into mf_status codes.
//
// Every exported function runs its body inside guard(), which catches
// everything: a Failure carries a code and a message, std::bad_alloc becomes
// MF_ENOMEM and anything else MF_EINTERNAL. Bodies report problems by
// throwing, so each mf_* function reads as "check arguments, call C++, write
// outputs" and outputs are only written once nothing can fail any more.
//
//   int mf_thing(mf_x **out, const char *s, size_t n) {
//     return guard("mf_thing", [&] {
//       auto& result = arg(out, "out");
//       std::string_view text = in_str(s, n, "s");
//       auto value = unwrap(modelfunnel::thing(text), MF_EDATA);
//       result = new mf_x{std::move(value)};
//     });
//   }
#pragma once

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/modelfunnel.h"

namespace modelfunnel::capi {

/// A failure reported by a C++ call; its message is passed on as it is.
class Failure : public std::exception {
 public:
  Failure(mf_status code, std::string message)
      : code_(code), message_(std::move(message)) {}
  mf_status code() const noexcept { return code_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  mf_status code_;
  std::string message_;
};

/// A bad argument: guard() prefixes the message with the function's name,
/// because that is what a caller needs to find the mistake.
class ArgumentError : public Failure {
 public:
  using Failure::Failure;
};

/// Records @p message as this thread's last error and returns @p code.
/// Never throws: without memory for the message a fixed text is kept.
int set_last_error(mf_status code, std::string_view prefix, std::string_view message) noexcept;

/// The mf_status for an absl status code. InvalidArgument means bad data for
/// some calls and a bad argument for others, so the caller decides.
mf_status to_mf_status(absl::StatusCode code, mf_status invalid_argument) noexcept;

/// Throws a Failure for a non-OK @p status.
void check(const absl::Status& status, mf_status invalid_argument);

/// The value of @p result, or a thrown Failure.
template <class T>
T unwrap(absl::StatusOr<T>&& result, mf_status invalid_argument) {
  check(result.status(), invalid_argument);
  return *std::move(result);
}

/// Runs @p body and returns MF_OK, or records what it threw and returns the
/// matching code. No exception leaves this function.
template <class Body>
int guard(const char* function, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
    return MF_OK;
  } catch (const ArgumentError& e) {
    return set_last_error(e.code(), function, e.what());
  } catch (const Failure& e) {
    return set_last_error(e.code(), {}, e.what());
  } catch (const std::bad_alloc&) {
    return set_last_error(MF_ENOMEM, function, "out of memory");
  } catch (const std::exception& e) {
    return set_last_error(MF_EINTERNAL, function, e.what());
  } catch (...) {
    return set_last_error(MF_EINTERNAL, function, "unknown exception");
  }
}

/// @p p, which must not be NULL (a handle, an input struct or a required
/// output): throws MF_EINVAL naming @p what otherwise.
template <class T>
T& arg(T* p, const char* what) {
  if (p == nullptr) throw ArgumentError(MF_EINVAL, std::string(what) + " is NULL");
  return *p;
}

/// The @p size bytes at @p data as text: MF_EINVAL when @p data is NULL with
/// a non-zero size or the bytes are not valid UTF-8.
std::string_view in_str(const char* data, std::size_t size, const char* what);

/// @p index when it is below @p count, else MF_ERANGE naming @p what.
std::size_t in_index(std::size_t index, std::size_t count, const char* what);

/// Writes @p value through @p p unless @p p is NULL (optional outputs).
template <class T, class V>
void maybe_set(T* p, V&& value) {
  if (p != nullptr) *p = std::forward<V>(value);
}

/// A view of @p s for C. The bytes must be followed by a NUL: true of
/// std::string and of the views the C++ API returns into its own strings.
inline mf_str view_of(std::string_view s) noexcept {
  if (s.data() == nullptr) return mf_str{"", 0};
  return mf_str{s.data(), s.size()};
}

}  // namespace modelfunnel::capi
