// CsvTableInput and CsvColumnsInput; see account_input.hpp.
#include "tiering/account_input.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tiering/csv_input.hpp"

namespace modelfunnel::internal::tiering {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// The points of one cell. Categorical and yes/no texts repeat (a dozen
/// sectors over a million accounts): their points are looked up once per
/// distinct text and block of rows, not normalised and hashed every time.
class CellPoints {
 public:
  explicit CellPoints(const FitModelData& m) : m_(m), cache_(m.attributes.size()) {}
  std::optional<double> operator()(std::size_t a, std::string_view cell, ValueError& error) {
    const Attribute& attr = m_.attributes[a];
    cell = trimmed(cell);
    if (cell.empty()) return std::nullopt;
    if (attr.kind != FitAttributeKind::kCategorical && attr.kind != FitAttributeKind::kBoolean)
      return points_of(attr, cell, scratch_, error);
    auto& cache = cache_[a];
    if (const auto it = cache.find(cell); it != cache.end()) return it->second;
    const std::optional<double> p = points_of(attr, cell, scratch_, error);
    if (p) cache.emplace(cell, *p);
    return p;
  }

 private:
  const FitModelData& m_;
  std::vector<absl::flat_hash_map<std::string_view, double>> cache_;
  std::string scratch_;
};

}  // namespace

absl::StatusOr<std::size_t> CsvTableInput::need_column(std::string_view name, std::string_view rule,
                                                       std::string_view why) const {
  return tiering::need_column(t_, name, rule, why);
}

absl::Status CsvTableInput::located(std::size_t row, std::size_t column, std::string_view rule,
                                    std::string_view message) const {
  return tiering::located(t_, row, column, rule, message);
}

BadValue CsvTableInput::score(const FitModelData& m, const std::vector<std::size_t>& columns, std::size_t begin,
                              std::size_t end, double* points) const {
  const std::size_t na = m.attributes.size();
  CellPoints cell_points(m);
  ValueError error;
  for (std::size_t r = begin; r < end; ++r) {
    const std::vector<std::string>& cells = t_.rows[r];
    for (std::size_t a = 0; a < na; ++a) {
      const std::optional<double> p = cell_points(a, cells[columns[a]], error);
      if (!error.rule.empty()) return {r, columns[a], error};
      points[r * na + a] = p ? *p : kMissing;
    }
  }
  return {};
}

CsvColumnsInput::CsvColumnsInput(const CsvColumns& columns, const FitModelData& m)
    : c_(columns), by_value_(m.attributes.size()) {
  std::string scratch;
  for (std::size_t a = 0; a < m.attributes.size(); ++a) {
    const Attribute& attr = m.attributes[a];
    if (attr.kind != FitAttributeKind::kCategorical && attr.kind != FitAttributeKind::kBoolean) continue;
    const CsvColumn* c = columns.column(attr.column);
    if (c == nullptr || c->values.empty() || c->codes.size() != c->end.size()) continue;
    ValuePoints& v = by_value_[a];
    v.points.resize(c->values.size());
    for (std::size_t i = 0; i < c->values.size(); ++i) {
      ValueError error;
      const std::optional<double> p = points_of(attr, c->values[i], scratch, error);
      v.points[i] = p ? *p : kMissing;
      if (!error.rule.empty()) {
        if (v.errors.empty()) v.errors.resize(c->values.size());
        v.errors[i] = std::move(error);
      }
    }
    v.ready = true;
  }
}

bool CsvColumnsInput::ids_as_read(std::size_t column, std::string& text, std::vector<std::uint32_t>& end) const {
  const CsvColumn& c = c_.columns[column];
  if (!c.trimmed || c.text.size() >= UINT32_MAX) return false;
  text = c.text;
  end.resize(c.end.size());
  for (std::size_t r = 0; r < c.end.size(); ++r) end[r] = static_cast<std::uint32_t>(c.end[r]);
  return true;
}

absl::Status CsvColumnsInput::check(const FitModelData& m) const {
  for (const CsvColumn& c : c_.columns)
    if (c.end.size() != c_.rows() || (!c.numbers.empty() && c.numbers.size() != c_.rows()) ||
        (!c.codes.empty() && c.codes.size() != c_.rows()))
      return absl::InvalidArgumentError(absl::StrCat(c_.name, ": tier.columns: column \"", c.name,
                                                     "\" does not have one cell per row (", c_.rows(), ")"));
  // Columns built by hand: the cells the engine reads must lie in the
  // text, and the codes it looks up among the values.
  std::vector<std::string_view> read = {m.id_column, m.rollup_column};
  for (const Attribute& a : m.attributes) read.push_back(a.column);
  for (const CsvColumn& c : c_.columns) {
    if (std::find(read.begin(), read.end(), c.name) == read.end()) continue;
    std::uint64_t at = 0;
    for (const std::uint64_t e : c.end) {
      if (e < at || e > c.text.size())
        return absl::InvalidArgumentError(absl::StrCat(c_.name, ": tier.columns: column \"", c.name,
                                                       "\": its cell ends are not in order within its text"));
      at = e;
    }
    for (const std::uint32_t code : c.codes)
      if (code >= c.values.size())
        return absl::InvalidArgumentError(absl::StrCat(c_.name, ": tier.columns: column \"", c.name,
                                                       "\": a code past its values"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> CsvColumnsInput::need_column(std::string_view name, std::string_view rule,
                                                         std::string_view why) const {
  const auto c = c_.column_index(name);
  if (!c)
    return absl::InvalidArgumentError(
        absl::StrCat(c_.name, ":1: ", av(rule), ": no column \"", av(name), "\" (", av(why), ")"));
  return *c;
}

absl::Status CsvColumnsInput::located(std::size_t row, std::size_t column, std::string_view rule,
                                      std::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat(c_.where(row, column), ": field '", c_.columns[column].name,
                                                 "': ", av(rule), ": ", av(message)));
}

BadValue CsvColumnsInput::score(const FitModelData& m, const std::vector<std::size_t>& columns, std::size_t begin,
                                std::size_t end, double* points) const {
  const std::size_t na = m.attributes.size();
  BadValue first;  // by row, then attribute: each attribute's first, the earliest kept
  auto bad = [&](std::size_t r, std::size_t a, ValueError error) {
    if (r < first.row) first = {r, columns[a], std::move(error)};
  };
  for (std::size_t a = 0; a < na; ++a) {
    const Attribute& attr = m.attributes[a];
    const CsvColumn& c = c_.columns[columns[a]];
    double* out = points + a;
    const ValuePoints& v = by_value_[a];
    if (v.ready) {
      // A few distinct values, scored once each: a lookup per row.
      const std::uint32_t* codes = c.codes.data();
      const double* by_code = v.points.data();
      if (v.errors.empty()) {
        for (std::size_t r = begin; r < end; ++r) out[r * na] = by_code[codes[r]];
      } else {
        for (std::size_t r = begin; r < end && r < first.row; ++r) {
          if (!v.errors[codes[r]].rule.empty()) {
            bad(r, a, v.errors[codes[r]]);
            break;
          }
          out[r * na] = by_code[codes[r]];
        }
      }
    } else if ((attr.kind == FitAttributeKind::kBuckets || attr.kind == FitAttributeKind::kLinear) &&
               !c.numbers.empty()) {
      // Parsed on reading: NaN is a blank.
      const double* x = c.numbers.data();
      if (attr.kind == FitAttributeKind::kLinear) {
        const double x0 = attr.x0, x1 = attr.x1, p0 = attr.p0, p1 = attr.p1;
        for (std::size_t r = begin; r < end; ++r) {
          const double value = x[r];
          double p;
          if (std::isnan(value)) p = kMissing;
          else if (value <= x0) p = p0;
          else if (value >= x1) p = p1;
          else p = p0 + (p1 - p0) * (value - x0) / (x1 - x0);
          out[r * na] = p;
        }
      } else {
        for (std::size_t r = begin; r < end; ++r)
          out[r * na] = std::isnan(x[r]) ? kMissing : number_points(attr, x[r]);
      }
    } else {
      // Text: cell by cell, as from a CsvTable.
      CellPoints cell_points(m);
      ValueError error;
      for (std::size_t r = begin; r < end && r < first.row; ++r) {
        const std::optional<double> p = cell_points(a, c.cell(r), error);
        if (!error.rule.empty()) {
          bad(r, a, error);
          break;
        }
        out[r * na] = p ? *p : kMissing;
      }
    }
  }
  return first;
}

}  // namespace modelfunnel::internal::tiering
