// modelfunnel._core: the compiled half of the modelfunnel Python package.
// Each area registers itself from its own register_*.cpp; the pure-Python
// package on top (bindings/python/modelfunnel) is the public API.
#include "core.hpp"

#include "modelfunnel/version.hpp"

namespace modelfunnel::python {
namespace {

/// Name of the exception class in modelfunnel._errors for a status code.
const char* error_class(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kDataLoss:
      return "DataError";
    case absl::StatusCode::kNotFound:
      return "NotFoundError";
    case absl::StatusCode::kAlreadyExists:
      return "AlreadyExistsError";
    case absl::StatusCode::kOutOfRange:
      return "OutOfRangeError";
    default:
      return "Error";
  }
}

}  // namespace

void register_errors(py::module_&) {
  // The exception classes are plain Python (modelfunnel/_errors.py) so they
  // can use multiple inheritance; they are looked up when needed rather than
  // kept in C++ statics, which would outlive the interpreter.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      try {
        py::object type = py::module_::import("modelfunnel._errors").attr(error_class(e.code()));
        PyErr_SetString(type.ptr(), e.what());
      } catch (py::error_already_set&) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
      }
    }
  });
}

}  // namespace modelfunnel::python

PYBIND11_MODULE(_core, m) {
  using namespace modelfunnel::python;
  m.doc() = "Compiled core of the modelfunnel package; use the modelfunnel package instead.";
  m.attr("__version__") = MODELFUNNEL_VERSION_STRING;
  register_errors(m);
  register_graph(m);
  register_dataset(m);
  register_builder(m);
  register_load(m);
  register_summary(m);
  register_funnel(m);
  register_score(m);
  register_generate(m);
  register_qualify(m);
  register_mapping_draft(m);
  register_tiering(m);
  register_attribution(m);
  register_revenue(m);
  register_reengage(m);
  register_dashboard(m);
}
