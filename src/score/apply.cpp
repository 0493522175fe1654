// Scoring records with a model; see apply.hpp.
#include "score/apply.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "score/data.hpp"
#include "score/ranges.hpp"
#include "score/text.hpp"
#include "util/huge_pages.hpp"

namespace modelfunnel::internal::score {
namespace {

constexpr std::uint32_t kMaxTopFactors = 16;


/// Scores one record from its global level codes and group into @p row and
/// its factor slots @p slots (top_factors of them).
void score_one(const Model& model, std::span<const std::uint32_t> codes, std::uint32_t group,
               ScoreRow& row, std::span<ScoreFactor> slots) {
  const Effects& e = model.effects;
  // One pass over the features: the raw score (added up in the order
  // Effects::raw_score() adds it, so both give the same bits), its
  // variance, and the factors.
  const std::size_t width = e.pooled.size();
  const bool pooled = group == kNoGroup;
  const double* effects = pooled ? e.pooled.data() : e.grouped.data() + std::size_t{group} * width;
  const double* variances = pooled ? e.pooled_var.data() : e.grouped_var.data() + std::size_t{group} * width;
  const double unseen_var = pooled ? e.unseen_var : e.group_unseen_var[group];
  double raw = e.base;
  double var = pooled ? e.base_var : e.group_base_var[group];
  if (!pooled) raw += e.group_shift[group];
  // The largest |effect| first; ties keep feature order, the group last.
  std::uint32_t used = 0;
  const auto capacity = static_cast<std::uint32_t>(slots.size());
  auto offer = [&](std::uint32_t feature, std::uint32_t level, double effect) {
    if (effect == 0 || capacity == 0) return;
    const double size = std::abs(effect);
    std::uint32_t at = used;
    while (at > 0 && std::abs(slots[at - 1].effect) < size) --at;
    if (at >= capacity) return;
    for (std::uint32_t i = std::min(used, capacity - 1); i > at; --i) slots[i] = slots[i - 1];
    slots[at] = ScoreFactor{feature, level, effect};
    used = std::min(used + 1, capacity);
  };
  const auto& offsets = model.counts.offsets;
  for (std::uint32_t f = 0; f < codes.size(); ++f) {
    const std::uint32_t c = codes[f];
    if (c == kNoLevel) {
      raw += 0.0;
      var += unseen_var;
      continue;
    }
    raw += effects[c];
    var += variances[c];
    offer(f, c - offsets[f], effects[c]);
  }
  if (!pooled) offer(static_cast<std::uint32_t>(codes.size()), group, e.group_shift[group]);
  row.raw_score = raw;
  row.factor_count = used;
  const Curve::Value v = model.curve(raw, var);
  row.probability = v.probability;
  row.low = v.low;
  row.high = v.high;
}

struct Readers {
  std::vector<Coder> features;
  GroupCoder group;
};

absl::StatusOr<Readers> readers(const Model& model, const DataSetImpl& data) {
  Readers r;
  absl::StatusOr<std::vector<Coder>> features = feature_coders(data, model.data, model.counts);
  if (!features.ok()) return features.status();
  r.features = *std::move(features);
  absl::StatusOr<GroupCoder> group = group_coder(data, model.data);
  if (!group.ok()) return group.status();
  r.group = *std::move(group);
  return r;
}

}  // namespace

absl::StatusOr<LeadScores> apply_model(const Model& model, const DataSetImpl& data,
                                       std::span<const std::uint32_t> records,
                                       std::uint32_t top_factors, unsigned threads) {
  if (top_factors > kMaxTopFactors)
    return absl::InvalidArgumentError(absl::StrCat("top_factors: ", top_factors, " is more than ", kMaxTopFactors));
  absl::StatusOr<Readers> read = readers(model, data);
  if (!read.ok()) return read.status();
  const bool all = records.empty();
  const std::size_t n = all ? data.record_ids.size() : records.size();
  LeadScores out;
  out.top_factors = top_factors;
  // ~100 bytes a record: on 4 KiB pages, a million records fault tens of
  // thousands of times, as long as the scoring itself.
  reserve_huge(out.rows, n);
  reserve_huge(out.factors, n * top_factors);
  out.rows.resize(n);
  out.factors.resize(n * top_factors);
  for_ranges(n, parts_for(n, threads), [&](unsigned, std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> codes(read->features.size());
    for (std::size_t i = begin; i < end; ++i) {
      const auto r = all ? static_cast<std::uint32_t>(i) : records[i];
      for (std::size_t f = 0; f < codes.size(); ++f) codes[f] = read->features[f].code(r);
      ScoreRow& row = out.rows[i];
      row.record = r;
      score_one(model, codes, read->group.code(r),
                row, std::span<ScoreFactor>(out.factors).subspan(i * top_factors, top_factors));
    }
  });
  return out;
}

absl::StatusOr<std::vector<double>> model_probabilities(const Model& model, const DataSetImpl& data,
                                                        std::span<const std::uint32_t> records,
                                                        unsigned threads) {
  absl::StatusOr<Readers> read = readers(model, data);
  if (!read.ok()) return read.status();
  const bool all = records.empty();
  const std::size_t n = all ? data.record_ids.size() : records.size();
  std::vector<double> out(n);
  for_ranges(n, parts_for(n, threads), [&](unsigned, std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> codes(read->features.size());
    for (std::size_t i = begin; i < end; ++i) {
      const auto r = all ? static_cast<std::uint32_t>(i) : records[i];
      for (std::size_t f = 0; f < codes.size(); ++f) codes[f] = read->features[f].code(r);
      out[i] = model.curve.probability(model.effects.raw_score(codes, read->group.code(r)));
    }
  });
  return out;
}

absl::StatusOr<LeadScores> apply_to_values(const Model& model, std::span<const ScoreInput> values,
                                           std::uint32_t top_factors) {
  if (top_factors > kMaxTopFactors)
    return absl::InvalidArgumentError(absl::StrCat("top_factors: ", top_factors, " is more than ", kMaxTopFactors));
  const ModelData& m = model.data;
  const auto& offsets = model.counts.offsets;
  // Not given: missing, the unknown level; no group: the missing group.
  std::vector<std::uint32_t> codes(m.features.size());
  for (std::size_t f = 0; f < codes.size(); ++f) codes[f] = offsets[f] + m.features[f].unknown_level();
  std::vector<bool> given(m.features.size() + 1, false);
  const bool missing_group = !m.groups.empty() && !m.groups.back().value;
  std::uint32_t group = missing_group ? static_cast<std::uint32_t>(m.groups.size() - 1) : kNoGroup;

  auto wrong_type = [](std::string_view name, std::string_view want, const AttributeValue& v) {
    static constexpr std::string_view kTypes[] = {"a missing value", "a string", "an int64",
                                                  "a double", "a bool", "a timestamp"};
    return absl::InvalidArgumentError(absl::StrCat("feature ", quote(name), ": the model reads ", av(want),
                                                   "; got ", av(kTypes[v.index()])));
  };
  for (const ScoreInput& in : values) {
    if (!m.settings.group_by.empty() && in.attribute == m.settings.group_by) {
      if (given.back())
        return absl::InvalidArgumentError(absl::StrCat("group attribute ", quote(in.attribute), " is given twice"));
      given.back() = true;
      if (std::holds_alternative<std::monostate>(in.value)) continue;
      const auto* s = std::get_if<std::string_view>(&in.value);
      if (s == nullptr)
        return absl::InvalidArgumentError(absl::StrCat("group attribute ", quote(in.attribute),
                                                       ": groups are strings"));
      const std::size_t named = missing_group ? m.groups.size() - 1 : m.groups.size();
      group = kNoGroup;
      auto end = m.groups.begin() + static_cast<std::ptrdiff_t>(named);
      auto at = std::lower_bound(m.groups.begin(), end, *s,
                                 [](const Group& g, std::string_view v) { return *g.value < v; });
      if (at != end && *at->value == *s) group = static_cast<std::uint32_t>(at - m.groups.begin());
      continue;
    }
    std::size_t f = 0;
    while (f < m.features.size() && m.features[f].name != in.attribute) ++f;
    if (f == m.features.size()) {
      std::vector<std::string> names;
      for (const Feature& feature : m.features) names.push_back(feature.name);
      if (!m.settings.group_by.empty()) names.push_back(m.settings.group_by + " (group)");
      return absl::InvalidArgumentError(absl::StrCat("unknown feature ", quote(in.attribute),
                                                     ": the model reads ", absl::StrJoin(names, ", ")));
    }
    if (given[f]) return absl::InvalidArgumentError(absl::StrCat("feature ", quote(in.attribute), " is given twice"));
    given[f] = true;
    const Feature& feature = m.features[f];
    const std::uint32_t unknown = offsets[f] + feature.unknown_level();
    if (std::holds_alternative<std::monostate>(in.value)) continue;
    switch (feature.kind) {
      case ScoreFeatureKind::kCategory: {
        const auto* s = std::get_if<std::string_view>(&in.value);
        if (s == nullptr) return wrong_type(feature.name, "a category (string)", in.value);
        auto at = std::lower_bound(feature.values.begin(), feature.values.end(), *s);
        codes[f] = at != feature.values.end() && *at == *s
                       ? offsets[f] + static_cast<std::uint32_t>(at - feature.values.begin())
                       : kNoLevel;
        break;
      }
      case ScoreFeatureKind::kBool: {
        const auto* b = std::get_if<bool>(&in.value);
        if (b == nullptr) return wrong_type(feature.name, "a bool", in.value);
        codes[f] = offsets[f] + (*b ? 1 : 0);
        break;
      }
      case ScoreFeatureKind::kNumber: {
        double x = 0;
        if (const auto* i = std::get_if<std::int64_t>(&in.value)) x = static_cast<double>(*i);
        else if (const auto* d = std::get_if<double>(&in.value)) x = *d;
        else return wrong_type(feature.name, "a number (int64 or double)", in.value);
        codes[f] = std::isfinite(x) ? offsets[f] + feature.bin_of(x) : unknown;
        break;
      }
    }
  }
  LeadScores out;
  out.top_factors = top_factors;
  out.rows.resize(1);
  out.factors.resize(top_factors);
  score_one(model, codes, group, out.rows[0], out.factors);
  return out;
}

}  // namespace modelfunnel::internal::score
