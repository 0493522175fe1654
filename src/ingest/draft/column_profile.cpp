// Profiling a column's values for a mapping draft; see column_profile.hpp.
#include "ingest/draft/column_profile.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel::internal::draft {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// As the loader reads bools by default (docs/mapping.md, attribute specs).
bool is_bool_spelling(std::string_view v) {
  static constexpr std::array<std::string_view, 10> kSpellings = {
      "true", "1", "yes", "y", "t", "false", "0", "no", "n", "f"};
  if (v.size() > 5) return false;
  const std::string l = lower(v);
  return std::find(kSpellings.begin(), kSpellings.end(), l) != kSpellings.end();
}

// As the loader reads numbers: an optional leading '+', no blanks, finite.
bool is_int64(std::string_view v) {
  if (v.starts_with('+')) v.remove_prefix(1);
  std::int64_t x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  return ec == std::errc() && end == v.data() + v.size() && !v.empty();
}

bool is_double(std::string_view v) {
  if (v.starts_with('+')) v.remove_prefix(1);
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  return ec == std::errc() && end == v.data() + v.size() && !v.empty() && std::isfinite(x);
}

// 1,234 or -12,345.50: a number written for people, which the loader does not read.
bool has_thousands(std::string_view v) {
  if (v.starts_with('-') || v.starts_with('+')) v.remove_prefix(1);
  const std::size_t dot = v.find('.');
  std::string_view whole = v.substr(0, dot);
  if (dot != std::string_view::npos) {
    const std::string_view frac = v.substr(dot + 1);
    if (frac.empty() || !std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
  }
  const std::size_t first = whole.find(',');
  if (first == std::string_view::npos || first == 0 || first > 3) return false;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const bool comma_place = i >= first && (i - first) % 4 == 0;
    if (comma_place ? whole[i] != ',' : !(whole[i] >= '0' && whole[i] <= '9')) return false;
  }
  return (whole.size() - first) % 4 == 0;
}

// Looks like a date or time a person would recognise (3/1/24 9:30 AM,
// Mar 1 2024, 2024-03-01): digits in groups, words only from a calendar.
bool looks_like_date(std::string_view v) {
  static constexpr std::array<std::string_view, 30> kWords = {
      "am", "pm", "t", "z", "utc", "gmt", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august",
      "september", "october", "november", "december"};
  if (v.empty() || v.size() > 40) return false;
  int groups = 0;
  bool month = false;
  bool separator = false;
  std::size_t i = 0;
  while (i < v.size()) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (std::isdigit(c)) {
      ++groups;
      while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
    } else if (std::isalpha(c)) {
      std::size_t j = i;
      while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j]))) ++j;
      const std::string w = lower(v.substr(i, j - i));
      if (std::find(kWords.begin(), kWords.end(), w) == kWords.end()) return false;
      month = month || (w != "am" && w != "pm" && w != "t" && w != "z" && w != "utc" && w != "gmt");
      i = j;
    } else if (std::string_view("-/.:, +").find(static_cast<char>(c)) != std::string_view::npos) {
      separator = separator || c == '-' || c == '/' || c == '.';
      ++i;
    } else {
      return false;
    }
  }
  return (groups >= 3 && separator) || (month && groups >= 2);
}

std::vector<std::string> make_time_candidates() {
  static constexpr std::array<std::string_view, 7> kDates = {
      "%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%m-%d-%Y", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y"};
  static constexpr std::array<std::string_view, 5> kTimes = {"", " %H:%M", " %H:%M:%S",
                                                             " %H:%M:%S.%f", "T%H:%M:%S"};
  std::vector<std::string> out = {"iso8601"};
  for (const std::string_view d : kDates) {
    for (const std::string_view t : kTimes) out.push_back(std::string(d) + std::string(t));
  }
  return out;
}

std::optional<std::int64_t> read_time(std::string_view v, const TimeFormat& f) {
  absl::StatusOr<Timestamp> t = parse_timestamp(v, f);
  if (!t.ok()) return std::nullopt;
  return t->micros();
}

const std::vector<TimeFormat>& time_formats() {
  static const std::vector<TimeFormat> kFormats = [] {
    std::vector<TimeFormat> out;
    for (const std::string& spec : time_candidates()) {
      out.push_back(spec == "iso8601" ? TimeFormat::iso8601() : *TimeFormat::pattern(spec));
    }
    return out;
  }();
  return kFormats;
}

// Fills the timestamp part of @p p when the values are dates; false when
// they are not (the column stays a string).
bool profile_dates(const std::vector<std::string_view>& present, ColumnProfile& p) {
  const std::vector<TimeFormat>& formats = time_formats();
  const std::vector<std::string>& specs = time_candidates();
  // Candidates reading every value, with the instants they read.
  std::vector<std::size_t> all;
  std::vector<std::vector<std::int64_t>> instants;
  for (std::size_t f = 0; f < formats.size(); ++f) {
    std::vector<std::int64_t> times;
    times.reserve(present.size());
    for (const std::string_view v : present) {
      const std::optional<std::int64_t> t = read_time(v, formats[f]);
      if (!t) break;
      times.push_back(*t);
    }
    if (times.size() == present.size()) {
      all.push_back(f);
      instants.push_back(std::move(times));
    }
  }
  if (!all.empty()) {
    p.type = "timestamp";
    p.format = specs[all[0]];
    p.format_reads = present.size();
    for (std::size_t k = 1; k < all.size(); ++k) {
      if (instants[k] != instants[0]) p.also_reads.push_back(specs[all[k]]);
    }
    return true;
  }
  // No one format: are these dates at all?
  const std::size_t looks = static_cast<std::size_t>(
      std::count_if(present.begin(), present.end(), [](std::string_view v) { return looks_like_date(v); }));
  if (looks * 2 <= present.size()) return false;
  std::vector<std::uint64_t> reads(formats.size(), 0);
  for (std::size_t f = 0; f < formats.size(); ++f) {
    for (const std::string_view v : present) reads[f] += read_time(v, formats[f]).has_value();
  }
  const std::size_t best = static_cast<std::size_t>(std::max_element(reads.begin(), reads.end()) - reads.begin());
  if (reads[best] == 0) {
    p.unreadable_dates = true;
    const auto odd = std::find_if(present.begin(), present.end(), [](std::string_view v) { return looks_like_date(v); });
    p.odd_example = std::string(*odd);
    return false;
  }
  p.mixed_dates = true;
  p.format = specs[best];
  p.format_reads = reads[best];
  // The format reading most of the values the best one does not.
  std::vector<std::uint64_t> rest(formats.size(), 0);
  for (const std::string_view v : present) {
    if (read_time(v, formats[best])) continue;
    if (p.odd_example.empty()) p.odd_example = std::string(v);
    for (std::size_t f = 0; f < formats.size(); ++f) rest[f] += read_time(v, formats[f]).has_value();
  }
  const std::size_t second = static_cast<std::size_t>(std::max_element(rest.begin(), rest.end()) - rest.begin());
  if (rest[second] > 0) p.other_format = specs[second];
  return false;
}

}  // namespace

const std::vector<std::string>& time_candidates() {
  static const std::vector<std::string> kCandidates = make_time_candidates();
  return kCandidates;
}

ColumnProfile profile_column(const std::vector<std::string_view>& values) {
  ColumnProfile p;
  std::vector<std::string_view> present;
  present.reserve(values.size());
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string_view v : values) {
    if (v.empty()) {
      ++p.blanks;
      continue;
    }
    present.push_back(v);
    if (seen.insert(v).second && p.distinct.size() < kMaxDistinct) p.distinct.emplace_back(v);
  }
  p.values = present.size();
  p.distinct_count = seen.size();
  if (present.empty()) return p;

  const auto every = [&](auto&& pred) { return std::all_of(present.begin(), present.end(), pred); };
  if (every(is_bool_spelling)) {
    p.type = "bool";
    p.only_01 = every([](std::string_view v) { return v == "0" || v == "1"; });
    return p;
  }
  if (every(is_int64)) {
    p.type = "int64";
    return p;
  }
  if (every(is_double)) {
    p.type = "double";
    return p;
  }
  if (every([](std::string_view v) { return is_double(v) || has_thousands(v); })) {
    p.thousands = true;
    return p;
  }
  profile_dates(present, p);
  return p;
}

}  // namespace modelfunnel::internal::draft
