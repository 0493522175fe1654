// Things an engine derives from an immutable data set and keeps beside it,
// built by the first call that needs them and shared by every later one
// (attribution's channel numbering: a pass over every touch that each call
// would otherwise repeat). A data set never changes once finished, so
// nothing derived from it goes stale.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace modelfunnel::internal {

/// Derived values by name, each built once. Thread-safe: concurrent callers
/// of get() with one name build it once, the others wait for it. Copies and
/// moves start empty (what is derived is rebuilt on demand).
class DerivedCache {
 public:
  DerivedCache() = default;
  DerivedCache(const DerivedCache&) {}
  DerivedCache(DerivedCache&&) noexcept {}
  DerivedCache& operator=(const DerivedCache&) { return *this; }
  DerivedCache& operator=(DerivedCache&&) noexcept { return *this; }

  /// The value named @p name, built by @p build() (returning a T) when
  /// absent. One name must always be used with one T. If @p build throws,
  /// nothing is kept and the exception propagates.
  template <class T, class Build>
  std::shared_ptr<const T> get(std::string_view name, Build&& build) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string key(name);  // this Abseil's maps take absl::string_view, not std's
    auto it = entries_.find(key);
    if (it != entries_.end()) return std::static_pointer_cast<const T>(it->second);
    std::shared_ptr<const T> made = std::make_shared<const T>(std::forward<Build>(build)());
    entries_.emplace(std::move(key), made);
    return made;
  }

 private:
  mutable std::mutex mutex_;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const void>> entries_;
};

}  // namespace modelfunnel::internal
