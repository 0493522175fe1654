// How many threads a call may use: the caller's options say (0 = the
// hardware's), the library never guesses beyond that. An embedding host
// with one core to spare passes 1 and gets no thread at all.
#pragma once

#include <algorithm>
#include <thread>

namespace modelfunnel::internal {

/// @p requested, or the hardware's thread count when it is 0 (at least 1).
inline unsigned resolve_threads(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace modelfunnel::internal
