// errors.cpp — the per-thread last error, status names, and the argument
// checks every C entry point shares.
#include "errors.hpp"

#include <string>

#include "absl/strings/str_cat.h"
#include "util/utf8.hpp"

namespace modelfunnel::capi {
namespace {

// A failed call's code and message. The message stays until the next failure
// on this thread, so a view returned by mf_last_error() outlives any number
// of successful calls in between.
struct LastError {
  mf_status code = MF_OK;
  std::string message;
  const char* fallback = nullptr;  // used when the message could not be stored
};

thread_local LastError last_error;

}  // namespace

int set_last_error(mf_status code, std::string_view prefix, std::string_view message) noexcept {
  last_error.code = code;
  try {
    if (prefix.empty()) {
      last_error.message.assign(message);
    } else {
      last_error.message = std::string(prefix).append(": ").append(message);
    }
    last_error.fallback = nullptr;
  } catch (...) {
    last_error.message.clear();
    last_error.fallback = "out of memory while recording an error";
  }
  return code;
}

mf_status to_mf_status(absl::StatusCode code, mf_status invalid_argument) noexcept {
  switch (code) {
    case absl::StatusCode::kOk:
      return MF_OK;
    case absl::StatusCode::kInvalidArgument:
      return invalid_argument;
    case absl::StatusCode::kNotFound:
      return MF_ENOTFOUND;
    case absl::StatusCode::kAlreadyExists:
      return MF_EEXISTS;
    case absl::StatusCode::kOutOfRange:
      return MF_ERANGE;
    // A mapping whose graph file cannot be used: the input is the problem.
    case absl::StatusCode::kFailedPrecondition:
      return MF_EDATA;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDataLoss:
      return MF_EIO;
    case absl::StatusCode::kResourceExhausted:
      return MF_ENOMEM;
    default:
      return MF_EINTERNAL;
  }
}

void check(const absl::Status& status, mf_status invalid_argument) {
  if (status.ok()) return;
  const mf_status code = to_mf_status(status.code(), invalid_argument);
  if (code == MF_EINTERNAL) {
    // Say which absl code it was: it is the clue to the bug.
    throw Failure(code, status.ToString());
  }
  throw Failure(code, std::string(status.message()));
}

std::string_view in_str(const char* data, std::size_t size, const char* what) {
  if (data == nullptr) {
    if (size != 0) {
      throw ArgumentError(MF_EINVAL, absl::StrCat(what, " is NULL but its length is ", size));
    }
    return {};
  }
  const std::size_t bad = internal::utf8_first_invalid(data, size);
  if (bad != size) {
    throw ArgumentError(MF_EINVAL,
                        absl::StrCat(what, " is not valid UTF-8 (at byte ", bad, ")"));
  }
  return {data, size};
}

std::size_t in_index(std::size_t index, std::size_t count, const char* what) {
  if (index >= count) {
    throw ArgumentError(MF_ERANGE,
                        absl::StrCat(what, " ", index, " is out of range (count ", count, ")"));
  }
  return index;
}

}  // namespace modelfunnel::capi

using modelfunnel::capi::last_error;

extern "C" {

mf_str mf_last_error(void) {
  if (last_error.fallback != nullptr) return modelfunnel::capi::view_of(last_error.fallback);
  return mf_str{last_error.message.c_str(), last_error.message.size()};
}

mf_status mf_last_error_code(void) { return last_error.code; }

const char* mf_strerror(int status) {
  switch (status) {
    case MF_OK:
      return "MF_OK: success";
    case MF_EINVAL:
      return "MF_EINVAL: invalid argument";
    case MF_ERANGE:
      return "MF_ERANGE: index or value out of range";
    case MF_ENOTFOUND:
      return "MF_ENOTFOUND: not found";
    case MF_EEXISTS:
      return "MF_EEXISTS: already exists";
    case MF_EDATA:
      return "MF_EDATA: bad input data";
    case MF_EIO:
      return "MF_EIO: input/output error";
    case MF_ENOMEM:
      return "MF_ENOMEM: out of memory";
    case MF_EINTERNAL:
      return "MF_EINTERNAL: internal error in modelfunnel";
    default:
      return "unknown status";
  }
}

}  // extern "C"
