// A fast hash and equality for short strings (ids, category values), shared
// by the data set's dictionaries. Not keyed: these tables index the loaded
// data of a local analysis, not untrusted network input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace modelfunnel::internal {

/// Up to 8 bytes at @p p as an integer (zero-extended).
inline std::uint64_t load_bytes(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

/// The 1..7 bytes at @p p folded into an integer with at most two loads
/// (wyhash's trick): a variable-length memcpy is a byte loop, and short
/// category values ("smb", "C006") are what the dictionaries hash most.
/// Not the bytes' value, but a function of them; the caller mixes in n.
inline std::uint64_t load_tail(const char* p, std::size_t n) {
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (std::uint64_t{hi} << 32);
  }
  const auto b = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
  return b(0) | (b(n / 2) << 8) | (b(n - 1) << 16);
}

/// MurmurHash3's finaliser: every input bit affects every output bit.
inline std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 33);
}

/// Eight bytes at a time: typical keys (8-byte ids, short category names)
/// cost one or two multiplies and the finaliser.
inline std::uint64_t hash_string(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL);
  for (; n >= 8; n -= 8, p += 8) {
    h = (h ^ load_bytes(p, 8)) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  if (n > 0) h = (h ^ load_tail(p, n)) * 0xC2B2AE3D27D4EB4FULL;
  return mix64(h);
}

/// a == b for two strings of the same length @p n, without a memcmp call
/// for the short ones (no byte outside either string is read).
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    if (n > 16) return std::memcmp(a, b, n) == 0;
    return load_bytes(a, 8) == load_bytes(b, 8) &&
           load_bytes(a + n - 8, 8) == load_bytes(b + n - 8, 8);
  }
  if (n >= 4) {
    std::uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace modelfunnel::internal
