#include "funnel/grouping.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/timestamp.hpp"
#include "util/number_format.hpp"

namespace modelfunnel::internal::funnel {
namespace {

constexpr std::uint32_t kMissingValue = 0xffffffffu;

/// One `by` column turned into dense value ids ordered as the report sorts
/// them: value_of[record] is a rank (kMissingValue when missing).
struct RankedColumn {
  std::vector<std::uint32_t> value_of;
  std::uint32_t distinct = 0;
};

RankedColumn rank_strings(const Column& c) {
  const std::size_t n = c.dictionary.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::string_view(c.dictionary[a]) < std::string_view(c.dictionary[b]);
  });
  std::vector<std::uint32_t> rank(n);
  for (std::uint32_t i = 0; i < n; ++i) rank[order[i]] = i;
  RankedColumn out;
  out.distinct = static_cast<std::uint32_t>(n);
  out.value_of.resize(c.codes.size());
  for (std::size_t r = 0; r < c.codes.size(); ++r) {
    const std::uint32_t code = c.codes[r];
    out.value_of[r] = code == kMissingCode ? kMissingValue : rank[code];
  }
  return out;
}

template <class Key, class Get>
RankedColumn rank_values(const Column& c, Get get) {
  std::vector<Key> values;
  const std::size_t n = c.present.size();
  for (std::size_t r = 0; r < n; ++r)
    if (c.present[r]) values.push_back(get(r));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  absl::flat_hash_map<Key, std::uint32_t> rank;
  for (std::uint32_t i = 0; i < values.size(); ++i) rank.emplace(values[i], i);
  RankedColumn out;
  out.distinct = static_cast<std::uint32_t>(values.size());
  out.value_of.resize(n);
  for (std::size_t r = 0; r < n; ++r)
    out.value_of[r] = c.present[r] ? rank.at(get(r)) : kMissingValue;
  return out;
}

RankedColumn rank_column(const Column& c) {
  switch (c.type) {
    case AttributeType::kString:
      return rank_strings(c);
    case AttributeType::kDouble:
      // -0.0 and 0.0 compare equal and NaN never does: group on the value
      // the report prints, so both zeros are one group and NaNs one more.
      return rank_values<double>(c, [&](std::size_t r) {
        const double v = c.doubles[r];
        return v == 0 ? 0.0 : v;
      });
    case AttributeType::kBool:
      return rank_values<std::int64_t>(c, [&](std::size_t r) { return std::int64_t{c.bools[r]}; });
    default:
      return rank_values<std::int64_t>(c, [&](std::size_t r) { return c.ints[r]; });
  }
}

/// One string column: the codes that occur, sorted by their text (missing last).
RecordGroups group_by_string(const Column& c) {
  const std::size_t n = c.dictionary.size();
  std::vector<std::uint8_t> seen(n + 1, 0);  // the last slot: missing
  for (std::uint32_t code : c.codes) seen[code == kMissingCode ? n : code] = 1;
  std::vector<std::uint32_t> present;
  for (std::uint32_t code = 0; code < n; ++code)
    if (seen[code]) present.push_back(code);
  std::sort(present.begin(), present.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::string_view(c.dictionary[a]) < std::string_view(c.dictionary[b]);
  });
  RecordGroups out;
  out.codes = &c.codes;
  out.by_code.assign(n + 1, 0);
  for (std::uint32_t code : present) {
    out.by_code[code] = static_cast<std::uint32_t>(out.keys.size());
    out.keys.push_back({std::string(c.dictionary[code])});
  }
  if (seen[n]) {
    out.by_code[n] = static_cast<std::uint32_t>(out.keys.size());
    out.keys.push_back({std::nullopt});
  }
  return out;
}

}  // namespace

std::optional<std::string> value_text(const Column& c, std::size_t record) {
  switch (c.type) {
    case AttributeType::kString: {
      const std::uint32_t code = c.codes[record];
      if (code == kMissingCode) return std::nullopt;
      return std::string(c.dictionary[code]);
    }
    case AttributeType::kInt64:
      if (!c.present[record]) return std::nullopt;
      return absl::StrCat(c.ints[record]);
    case AttributeType::kBool:
      if (!c.present[record]) return std::nullopt;
      return std::string(c.bools[record] ? "true" : "false");
    case AttributeType::kTimestamp:
      if (!c.present[record]) return std::nullopt;
      return format_timestamp(Timestamp::from_micros(c.ints[record]));
    case AttributeType::kDouble: {
      if (!c.present[record]) return std::nullopt;
      return format_shortest(c.doubles[record] == 0 ? 0.0 : c.doubles[record]);
    }
    default:
      return std::nullopt;
  }
}

absl::StatusOr<RecordGroups> group_records(const DataSetImpl& data,
                                           const std::vector<std::string>& by) {
  const std::size_t records = data.record_ids.size();
  RecordGroups out;
  if (by.empty()) {
    out.keys.emplace_back();
    return out;
  }
  std::vector<const Column*> columns;
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string& name : by) {
    auto it = data.column_index.find(name);
    if (it == data.column_index.end())
      return absl::InvalidArgumentError(absl::StrCat("by: no attribute named '", name, "'"));
    if (!seen.insert(name).second)
      return absl::InvalidArgumentError(absl::StrCat("by: attribute '", name, "' named twice"));
    columns.push_back(&data.columns[it->second]);
  }
  if (columns.size() == 1 && columns[0]->type == AttributeType::kString)
    return group_by_string(*columns[0]);
  std::vector<RankedColumn> ranked;
  for (const Column* c : columns) ranked.push_back(rank_column(*c));

  // Number each combination that occurs, remembering one record that has it
  // (its key text comes from that record) and its rank tuple for sorting.
  std::vector<std::uint32_t> first_record;
  std::vector<std::uint32_t> provisional(records);
  if (ranked.size() == 1) {
    const RankedColumn& rc = ranked[0];
    std::vector<std::uint32_t> id_of_rank(static_cast<std::size_t>(rc.distinct) + 1, kMissingValue);
    for (std::size_t r = 0; r < records; ++r) {
      const std::uint32_t v = rc.value_of[r];
      const std::size_t slot = v == kMissingValue ? rc.distinct : v;
      if (id_of_rank[slot] == kMissingValue) {
        id_of_rank[slot] = static_cast<std::uint32_t>(first_record.size());
        first_record.push_back(static_cast<std::uint32_t>(r));
      }
      provisional[r] = id_of_rank[slot];
    }
  } else {
    absl::flat_hash_map<std::string, std::uint32_t> ids;
    std::string key(ranked.size() * sizeof(std::uint32_t), '\0');
    for (std::size_t r = 0; r < records; ++r) {
      for (std::size_t i = 0; i < ranked.size(); ++i)
        std::memcpy(key.data() + i * sizeof(std::uint32_t), &ranked[i].value_of[r],
                    sizeof(std::uint32_t));
      auto [it, inserted] = ids.try_emplace(key, static_cast<std::uint32_t>(first_record.size()));
      if (inserted) first_record.push_back(static_cast<std::uint32_t>(r));
      provisional[r] = it->second;
    }
  }

  // Sort groups by their rank tuples; missing (0xffffffff) sorts last.
  std::vector<std::uint32_t> order(first_record.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    for (const RankedColumn& rc : ranked) {
      const std::uint32_t x = rc.value_of[first_record[a]];
      const std::uint32_t y = rc.value_of[first_record[b]];
      if (x != y) return x < y;
    }
    return false;
  });
  std::vector<std::uint32_t> final_id(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) final_id[order[i]] = i;
  out.keys.resize(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    const std::uint32_t rec = first_record[order[i]];
    for (const Column* c : columns) out.keys[i].push_back(value_text(*c, rec));
  }
  out.of_record.resize(records);
  for (std::size_t r = 0; r < records; ++r) out.of_record[r] = final_id[provisional[r]];
  return out;
}

}  // namespace modelfunnel::internal::funnel
