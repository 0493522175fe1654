// utf8.hpp — UTF-8 validation for the CSV reader.
//
//   std::size_t bad = utf8_first_invalid(text.data(), text.size());
//   if (bad != text.size()) reject(bad);  // offset of the first byte of the bad sequence
//
// Valid means well-formed per Unicode Table 3-7: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences, no stray
// continuation bytes. Most CSV data is ASCII, so eight bytes are checked per step
// until a byte with the high bit set shows up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace modelfunnel::internal {

inline constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

/// Loads 8 bytes from @p p (any alignment).
inline std::uint64_t load_u64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// Offset of the first byte of the first ill-formed sequence in the @p n bytes at
/// @p s, or @p n if they are all valid UTF-8.
inline std::size_t utf8_first_invalid(const char* s, std::size_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && (load_u64(s + i) & kHighBits) == 0) {
      i += 8;
      continue;
    }
    const unsigned char c = u[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Sequence length and the allowed range of the second byte (Table 3-7);
    // every later byte must be a plain continuation byte 0x80..0xBF.
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;  // continuation byte without a lead, C0/C1 (overlong) or F5..FF
    }
    if (n - i < len) return i;
    if (u[i + 1] < lo || u[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((u[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

}  // namespace modelfunnel::internal
