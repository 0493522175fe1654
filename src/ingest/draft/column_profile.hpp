// column_profile.hpp — what the values of one column look like: the type
// the loader could read them as, and for dates the format.
//
// Only what the loader reads is proposed: the types of docs/mapping.md
// (checked the way the loader converts, without trimming), and time formats
// tried with parse_timestamp() itself — ISO 8601 and the patterns listed in
// time_candidates(). A format is *ambiguous* when another candidate reads
// every value too but gives a different instant for some (03/04/2024 under
// %m/%d/%Y and %d/%m/%Y); it is *mixed* when no one format reads them all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace modelfunnel::internal::draft {

struct ColumnProfile {
  std::string type = "string";  // string, int64, double, bool, timestamp
  std::string format;           // timestamp: iso8601 or a pattern
  std::vector<std::string> also_reads;  // other formats reading every value, differently
  std::uint64_t values = 0;     // non-blank
  std::uint64_t blanks = 0;
  std::vector<std::string> distinct;  // first kMaxDistinct distinct values, in order seen
  std::uint64_t distinct_count = 0;   // all distinct values
  bool only_01 = false;               // bool made of 0 and 1 only (could be int64)
  // Dates the loader cannot take as one format: `mixed` (several formats,
  // the biggest `format` reading `format_reads` of the values) or
  // `unreadable` (they look like dates no candidate reads).
  bool mixed_dates = false;
  bool unreadable_dates = false;
  std::uint64_t format_reads = 0;
  std::string other_format;  // mixed: the format reading most of the rest (may be empty)
  std::string odd_example;   // a value the format does not read (mixed, unreadable)
  bool thousands = false;    // numbers with thousands separators (1,234.50): kept as string

  const std::string& example() const {
    static const std::string kNone;
    return distinct.empty() ? kNone : distinct.front();
  }
  bool unique() const { return values > 0 && blanks == 0 && distinct_count == values; }
};

inline constexpr std::size_t kMaxDistinct = 64;

/// The time formats the draft tries, in order of preference among equals:
/// `iso8601` first, then patterns (day-first before month-first for `-` and
/// `.`, month-first first for `/`, as CRMs most often write them).
const std::vector<std::string>& time_candidates();

/// Profiles the values of one column ("" is blank).
ColumnProfile profile_column(const std::vector<std::string_view>& values);

}  // namespace modelfunnel::internal::draft
