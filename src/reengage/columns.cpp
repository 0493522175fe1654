// The policy's columns found in the data and checked for a type the engine
// can read, so that a wrong column fails before anything is computed.
#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "reengage/engine.hpp"

namespace modelfunnel::internal::reengage {
namespace {

absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::Status find(const DataSet& data, std::string_view key, const std::string& name,
                  std::initializer_list<AttributeType> types, std::string_view expected,
                  std::optional<AttributeColumnView>& out) {
  if (name.empty()) return absl::OkStatus();
  std::optional<AttributeColumnView> c = data.find_attribute(name);
  if (!c)
    return absl::InvalidArgumentError(absl::StrCat("$.columns.", av(key), ": reengage.column: the data has no column '",
                                                   name, "'"));
  if (std::find(types.begin(), types.end(), c->type()) == types.end())
    return absl::InvalidArgumentError(absl::StrCat("$.columns.", av(key), ": reengage.column: column '", name,
                                                   "' is ", av(to_string(c->type())), ", expected ", av(expected)));
  out = c;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Columns> resolve_columns(const DataSet& data, const ReengagePolicy& p) {
  using T = AttributeType;
  Columns c;
  const absl::Status checks[] = {
      find(data, "timeline", p.timeline_column, {T::kInt64, T::kDouble, T::kTimestamp},
           "days (int64/double) or a timestamp", c.timeline),
      find(data, "renewal", p.renewal_column, {T::kTimestamp}, "timestamp", c.renewal),
      find(data, "flag", p.flag_column, {T::kBool}, "bool", c.flag),
      find(data, "fit", p.fit_column, {T::kInt64, T::kDouble}, "a number", c.fit),
      find(data, "tier", p.tier_column, {T::kString}, "string", c.tier),
      find(data, "amount", p.amount_column, {T::kInt64, T::kDouble}, "a number", c.amount),
      find(data, "contacted", p.contacted_column, {T::kTimestamp}, "timestamp", c.contacted),
      find(data, "segment", p.segment_column, {T::kString}, "string", c.segment)};
  for (const absl::Status& s : checks)
    if (!s.ok()) return s;
  return c;
}

std::optional<double> number_value(const AttributeColumnView& c, RecordIndex r) {
  const AttributeValue v = c.value(r);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
  return std::nullopt;
}

std::optional<Timestamp> time_value(const AttributeColumnView& c, RecordIndex r) {
  const AttributeValue v = c.value(r);
  if (const auto* t = std::get_if<Timestamp>(&v)) return *t;
  return std::nullopt;
}

std::optional<double> median(std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double hi = v[mid];
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lo + hi) / 2;
}

}  // namespace modelfunnel::internal::reengage
