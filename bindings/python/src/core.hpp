// Shared by the register_*.cpp files of the modelfunnel._core extension:
// status-to-exception plumbing, progress callbacks that run without the GIL,
// and the register functions module.cpp calls.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace modelfunnel::python {

namespace py = pybind11;

/// A non-OK absl::Status on its way to Python. The translator registered by
/// register_errors() raises the modelfunnel.Error subclass for its code with
/// exactly the status message.
class StatusError : public std::exception {
 public:
  explicit StatusError(absl::Status status)
      : status_(std::move(status)), message_(status_.message()) {}
  const char* what() const noexcept override { return message_.c_str(); }
  absl::StatusCode code() const { return status_.code(); }

 private:
  absl::Status status_;
  std::string message_;
};

/// Throws StatusError unless @p status is OK.
inline void check(const absl::Status& status) {
  if (!status.ok()) throw StatusError(status);
}

/// The value of @p result, or throws StatusError.
template <class T>
T unwrap(absl::StatusOr<T> result) {
  check(result.status());
  return *std::move(result);
}

/// Throws a StatusError with code InvalidArgument (modelfunnel.DataError).
[[noreturn]] inline void fail_data(const std::string& message) {
  throw StatusError(absl::InvalidArgumentError(message));
}

/// A copy of @p values as a one-dimensional numpy array.
template <class T>
py::array_t<T> to_numpy(std::span<const T> values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

/// Lets C++ code running without the GIL report progress to a Python
/// callable. The std::function it hands out holds only a pointer, so C++ may
/// copy it freely without touching Python reference counts. The first
/// exception the callable raises stops further calls and is re-raised by
/// rethrow() once the C++ call has returned.
class Progress {
 public:
  /// @p callback: a callable taking (done, total), or None.
  explicit Progress(py::object callback) : callback_(std::move(callback)) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Empty when there is no callback. Valid while this object lives.
  std::function<void(std::uint64_t, std::uint64_t)> function() {
    if (callback_.is_none()) return {};
    return [this](std::uint64_t done, std::uint64_t total) {
      py::gil_scoped_acquire gil;
      if (error_) return;
      try {
        callback_(done, total);
      } catch (...) {
        error_ = std::current_exception();
      }
    };
  }

  /// Re-raises what the callback raised, if anything. Needs the GIL.
  void rethrow() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  py::object callback_;
  std::exception_ptr error_;
};

void register_errors(py::module_& m);
void register_graph(py::module_& m);
void register_dataset(py::module_& m);
void register_builder(py::module_& m);
void register_load(py::module_& m);
void register_summary(py::module_& m);
void register_funnel(py::module_& m);
void register_score(py::module_& m);
void register_generate(py::module_& m);
void register_qualify(py::module_& m);
void register_mapping_draft(py::module_& m);
void register_tiering(py::module_& m);
void register_attribution(py::module_& m);
void register_revenue(py::module_& m);
void register_reengage(py::module_& m);
void register_dashboard(py::module_& m);

}  // namespace modelfunnel::python
