// Small caches keyed by short strings, for the per-row lookups of the
// loaders: category values into their dictionary codes (CodeCache), raw
// stage values into their stage (StageResolver).
//
// StringDictionary::intern() hashes the whole string, probes its table and
// compares against the stored std::string, and a records table interns
// several category values per row on the loading thread. A value
// of up to 16 bytes is fully described by its length and two overlapping
// 8-byte words, so these caches compare those three numbers and need no
// string compare at all. They are direct-mapped (a new key replaces the
// one in its slot), which suits columns of a few dozen distinct values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "model/dataset_impl.hpp"
#include "util/string_hash.hpp"

namespace modelfunnel::internal {

/// The last @p T stored for each of up to 128 short strings.
template <class T>
class ShortStringCache {
 public:
  /// Strings longer than this are never cached.
  static constexpr std::size_t kMaxBytes = 16;

  /// The value stored for @p s, if the cache still holds it.
  bool find(std::string_view s, T& value) const {
    if (s.size() > kMaxBytes) return false;
    const Key k = key_of(s);
    const Entry& e = entries_[slot_of(k)];
    if (!e.holds(k)) return false;
    value = e.value;
    return true;
  }
  /// Stores @p value for @p s (no-op if @p s is too long).
  void put(std::string_view s, T value) {
    if (s.size() > kMaxBytes) return;
    const Key k = key_of(s);
    entries_[slot_of(k)] = Entry{k.lo, k.hi, k.size, value};
  }

 private:
  static constexpr unsigned kBits = 7;  // 128 entries

  // A string of up to 16 bytes, whole: its length and two words that
  // together hold every byte.
  struct Key {
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t size = UINT32_MAX;
  };
  struct Entry {
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t size = UINT32_MAX;  // never a string's length: an empty entry
    T value{};
    bool holds(const Key& k) const { return size == k.size && lo == k.lo && hi == k.hi; }
  };

  static Key key_of(std::string_view s) {
    const std::size_t n = s.size();
    Key k;
    k.size = static_cast<std::uint32_t>(n);
    if (n > 8) {
      k.lo = load_bytes(s.data(), 8);
      k.hi = load_bytes(s.data() + n - 8, 8);  // overlaps lo below 16 bytes
    } else if (n == 8) {
      k.lo = load_bytes(s.data(), 8);
    } else if (n > 0) {
      k.lo = load_tail(s.data(), n);  // determines 1..7 bytes, given n
    }
    return k;
  }
  static std::size_t slot_of(const Key& k) {
    return ((k.lo * 0x9E3779B97F4A7C15ULL) ^ (k.hi * 0xC2B2AE3D27D4EB4FULL) ^ k.size) >> (64 - kBits);
  }

  std::array<Entry, std::size_t{1} << kBits> entries_{};
};

/// Codes of recently interned short strings of one dictionary.
class CodeCache {
 public:
  /// dictionary.intern(@p s), answered from the cache when it can be.
  std::uint32_t intern(std::string_view s, StringDictionary& dictionary) {
    std::uint32_t code;
    if (cache_.find(s, code)) return code;
    code = dictionary.intern(s);
    cache_.put(s, code);
    return code;
  }

  /// The code of @p s if the cache holds it (so its dictionary does too).
  bool find(std::string_view s, std::uint32_t& code) const { return cache_.find(s, code); }

 private:
  ShortStringCache<std::uint32_t> cache_;
};

}  // namespace modelfunnel::internal
