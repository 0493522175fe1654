// options.hpp — versioned structs: options the caller passes in
// (mf_load_options, mf_generate_options, mf_funnel_options) and results the
// library writes out (mf_rate, mf_durations).
//
// A caller compiled against version v of a header has a struct holding the
// fields of versions 1..v only: it may be smaller than ours. So the library
// writes and reads only that prefix, and a field the caller's version lacks
// keeps its default. Each struct lists the byte size of every version:
//
//   // version 1, then version 2 added `threads` at the end:
//   constexpr std::size_t kSizes[] = {offsetof(mf_x_options, threads), sizeof(mf_x_options)};
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "absl/strings/str_cat.h"
#include "errors.hpp"

namespace modelfunnel::capi {

/// The size of version @p version of @p what, whose versions 1..N have sizes
/// @p sizes; MF_EINVAL for a version this library does not know.
inline std::size_t options_size(std::uint32_t version, std::span<const std::size_t> sizes,
                                const char* what) {
  if (version < 1 || version > sizes.size()) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown ", what, " version ", version,
                                                " (this library knows 1 to ", sizes.size(), ")"));
  }
  return sizes[version - 1];
}

/// Fills the caller's @p opts of version @p version with @p defaults.
template <class T>
void init_options(T* opts, std::uint32_t version, const T& defaults,
                  std::span<const std::size_t> sizes, const char* what) {
  T& target = arg(opts, "opts");
  const std::size_t size = options_size(version, sizes, what);
  T full = defaults;
  full.version = version;
  std::memcpy(&target, &full, size);
}

/// The caller's @p opts completed with @p defaults (all defaults for NULL).
template <class T>
T read_options(const T* opts, const T& defaults, std::span<const std::size_t> sizes,
               const char* what) {
  if (opts == nullptr) return defaults;
  const std::size_t size = options_size(opts->version, sizes, what);
  T full = defaults;
  std::memcpy(&full, opts, size);
  return full;
}

/// A caller's versioned result struct, checked before anything is written:
/// write() fills only the fields of the version the caller set, so a result
/// struct may grow at its end like an options struct.
template <class T>
class VersionedOut {
 public:
  /// MF_EINVAL for a NULL @p out or a version this library does not know.
  VersionedOut(T* out, std::span<const std::size_t> sizes, const char* what)
      : out_(&arg(out, "out")), size_(options_size(out_->version, sizes, what)) {}

  /// Writes @p value's fields of the caller's version; `version` stays.
  void write(const T& value) const {
    T full = value;
    full.version = out_->version;
    std::memcpy(out_, &full, size_);
  }

 private:
  T* out_;
  std::size_t size_;
};

}  // namespace modelfunnel::capi
