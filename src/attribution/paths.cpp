// Aggregated paths as ChannelAttribution users keep them: reading the CSV
// (parse_attribution_paths) and turning its rows into journeys.
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "attribution/journeys.hpp"
#include "modelfunnel/attribution.hpp"
#include "modelfunnel/csv_table.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::attribution {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

absl::Status located(const CsvTable& t, std::size_t row, std::size_t column, std::string_view rule,
                     std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(t.where(row, column), ": field '", t.header[column], "': ", std::string(rule),
                                                 ": ", std::string(message)));
}

// A count or value: a finite number >= 0; an empty field is 0.
absl::StatusOr<double> count(const CsvTable& t, std::size_t row, std::size_t column) {
  const std::string_view text = trimmed(t.rows[row][column]);
  if (text.empty()) return 0.0;
  double v = 0;
  if (!absl::SimpleAtod(std::string(text), &v) || !std::isfinite(v) || v < 0)
    return located(t, row, column, "attribution.number",
                   absl::StrCat("expected a number >= 0, got \"", std::string(text), "\""));
  return v;
}

absl::StatusOr<std::vector<AttributionPath>> paths_from_table(const CsvTable& t) {
  const std::optional<std::size_t> path = t.column("path");
  const std::optional<std::size_t> conversions = t.column("total_conversions");
  if (!path || !conversions)
    return absl::InvalidArgumentError(absl::StrCat(t.name, ":1:1: attribution.column: a paths file needs columns ",
                                                   "\"path\" and \"total_conversions\""));
  const std::optional<std::size_t> value = t.column("total_conversion_value");
  const std::optional<std::size_t> nulls = t.column("total_null");
  std::vector<AttributionPath> out;
  out.reserve(t.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    AttributionPath p;
    std::string_view rest = t.rows[r][*path];
    while (true) {
      const std::size_t gt = rest.find('>');
      const std::string_view name = trimmed(rest.substr(0, gt));
      if (name.empty())
        return located(t, r, *path, "attribution.path",
                       p.channels.empty() && gt == std::string_view::npos
                           ? std::string("empty path")
                           : absl::StrCat("empty channel name after ", p.channels.size(), " channel(s)"));
      p.channels.emplace_back(name);
      if (gt == std::string_view::npos) break;
      rest.remove_prefix(gt + 1);
    }
    absl::StatusOr<double> c = count(t, r, *conversions);
    if (!c.ok()) return c.status();
    p.conversions = *c;
    if (value) {
      absl::StatusOr<double> v = count(t, r, *value);
      if (!v.ok()) return v.status();
      p.value = *v;
    }
    // Value is the value of the conversions: without any, there is nothing
    // to credit it with, and the credits could not add up to the total.
    if (p.value > 0 && p.conversions == 0)
      return located(t, r, *value, "attribution.value_without_conversions",
                     "a path with no conversions has no conversion value");
    if (nulls) {
      absl::StatusOr<double> n = count(t, r, *nulls);
      if (!n.ok()) return n.status();
      p.nulls = *n;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Journeys journeys_from_paths(std::span<const AttributionPath> paths) {
  Journeys j;
  j.single_records = false;
  absl::flat_hash_map<std::string, std::uint32_t> ids;
  for (std::size_t r = 0; r < paths.size(); ++r) {
    const AttributionPath& p = paths[r];
    if (p.channels.empty()) throw std::invalid_argument(absl::StrCat("path ", r, ": no channels"));
    for (double x : {p.conversions, p.value, p.nulls})
      if (!std::isfinite(x) || x < 0)
        throw std::invalid_argument(absl::StrCat("path ", r, ": counts and value must be finite and >= 0"));
    if (p.value > 0 && p.conversions == 0)
      throw std::invalid_argument(absl::StrCat("path ", r, ": a conversion value without conversions"));
    const std::size_t n = p.channels.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (p.channels[i].empty()) throw std::invalid_argument(absl::StrCat("path ", r, ": an empty channel name"));
      auto [it, added] = ids.try_emplace(p.channels[i], static_cast<std::uint32_t>(j.keys.size()));
      if (added) j.keys.push_back(p.channels[i]);
      j.key.push_back(it->second);
      j.age_days.push_back(static_cast<double>(n - 1 - i));
    }
    j.lead_anchor.push_back(-1);
    j.opportunity_anchor.push_back(-1);
    j.conversions.push_back(p.conversions);
    j.value.push_back(p.value);
    j.nulls.push_back(p.nulls);
    j.begin.push_back(j.key.size());
  }
  return j;
}

}  // namespace internal::attribution

absl::StatusOr<std::vector<AttributionPath>> parse_attribution_paths(std::string text, std::string name) {
  return internal::no_throw("parse_attribution_paths", [&]() -> absl::StatusOr<std::vector<AttributionPath>> {
    absl::StatusOr<CsvTable> t = parse_csv_table(std::move(text), std::move(name));
    if (!t.ok()) return t.status();
    return internal::attribution::paths_from_table(*t);
  });
}

absl::StatusOr<std::vector<AttributionPath>> load_attribution_paths(const std::filesystem::path& path) {
  return internal::no_throw("load_attribution_paths", [&]() -> absl::StatusOr<std::vector<AttributionPath>> {
    absl::StatusOr<CsvTable> t = read_csv_table(path);
    if (!t.ok()) return t.status();
    return internal::attribution::paths_from_table(*t);
  });
}

}  // namespace modelfunnel
