// A small cache in front of StringDictionary::intern() for the short,
// repetitive values of category columns (channel, segment, owner, loss
// reason): a million rows carry a few dozen distinct values each.
//
// intern() hashes the whole string, probes its table and compares against
// the stored std::string: ~10-15 ns, and at 1M leads the records table
// interns 5M such values on the loading thread. A value of up to 16 bytes
// is fully described by its length and two overlapping 8-byte words, so the
// cache compares those three numbers and needs no string compare at all.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "internal/dataset_impl.hpp"
#include "internal/string_hash.hpp"

namespace modelfunnel::internal {

/// Codes of recently interned short strings of one dictionary.
class CodeCache {
 public:
  /// dictionary.intern(@p s), answered from the cache when it can be.
  std::uint32_t intern(std::string_view s, StringDictionary& dictionary) {
    const std::size_t n = s.size();
    if (n > 16) return dictionary.intern(s);
    std::uint64_t lo = 0, hi = 0;
    if (n > 8) {
      lo = load_bytes(s.data(), 8);
      hi = load_bytes(s.data() + n - 8, 8);
    } else if (n > 0) {
      lo = load_tail8(s.data(), n);
    }
    Entry& e = entries_[((lo * 0x9E3779B97F4A7C15ULL) ^ (hi * 0xC2B2AE3D27D4EB4FULL) ^ n) >> (64 - kBits)];
    if (e.size == n && e.lo == lo && e.hi == hi) return e.code;
    e = Entry{lo, hi, static_cast<std::uint32_t>(n), dictionary.intern(s)};
    return e.code;
  }

 private:
  // 1..8 bytes as an integer that determines them, given their count: all
  // 8 loaded at once, or two overlapping halves (load_tail).
  static std::uint64_t load_tail8(const char* p, std::size_t n) {
    return n == 8 ? load_bytes(p, 8) : load_tail(p, n);
  }

  static constexpr unsigned kBits = 7;  // 128 entries, 3 KB
  struct Entry {
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t size = UINT32_MAX;  // never a cached length: empty
    std::uint32_t code = 0;
  };
  std::array<Entry, std::size_t{1} << kBits> entries_{};
};

}  // namespace modelfunnel::internal
