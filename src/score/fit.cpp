// Fitting a lead score model; see fit.hpp and docs/lead-score.md.
#include "score/fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "score/calibration.hpp"
#include "score/data.hpp"
#include "score/ranges.hpp"
#include "score/text.hpp"

namespace modelfunnel::internal::score {
namespace {

/// Per-part count tables beyond this many bytes make fewer parts: a model
/// with many groups needs one table of every group × level per fold.
constexpr std::size_t kTableBudgetBytes = std::size_t{256} << 20;


/// The bin edges of @p values (finite) for @p bins quantile bins: for i in
/// 1 .. bins-1 the value at sorted position ceil(i * n / bins) - 1, kept
/// when above the edge before it and below the largest value.
std::vector<double> quantile_edges(std::vector<double> values, unsigned bins) {
  std::vector<double> edges;
  const std::size_t n = values.size();
  if (n == 0 || bins < 2) return edges;
  const double largest = *std::max_element(values.begin(), values.end());
  auto from = values.begin();
  for (unsigned i = 1; i < bins; ++i) {
    const std::size_t rank = (i * n + bins - 1) / bins - 1;  // ceil(i n / bins) - 1
    auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank);
    if (nth < from) nth = from;  // rank repeated (n < bins): already in place
    else std::nth_element(from, nth, values.end());
    const double q = *nth;
    from = nth;
    if (q < largest && (edges.empty() || q > edges.back())) edges.push_back(q);
  }
  return edges;
}

/// The features and groups of a model fitted on @p records: category values
/// and groups that occur among them, bins of their numbers.
absl::StatusOr<ModelData> shape_model(const DataSetImpl& data, const ScoreFitOptions& options,
                                      std::span<const std::uint32_t> records) {
  ModelData model;
  Settings& s = model.settings;
  s.outcome = options.outcome;
  s.group_by = options.group_by;
  s.bins = options.bins;
  s.prior_weight = options.prior_weight;
  s.group_prior_weight = options.group_prior_weight;
  s.calibration = options.calibration;
  s.folds = options.folds;
  s.seed = options.seed;
  s.max_levels = options.max_levels;

  for (const std::string& name : options.features) {
    absl::StatusOr<const Column*> found = find_column(data, name);
    if (!found.ok()) return found.status();
    const Column& c = **found;
    absl::StatusOr<ScoreFeatureKind> kind = kind_of(name, c.type);
    if (!kind.ok()) return kind.status();
    Feature f;
    f.name = name;
    f.kind = *kind;
    if (f.kind == ScoreFeatureKind::kCategory) {
      std::vector<std::uint8_t> seen(c.dictionary.size(), 0);
      for (std::uint32_t r : records)
        if (c.codes[r] != kMissingCode) seen[c.codes[r]] = 1;
      for (std::uint32_t code = 0; code < seen.size(); ++code)
        if (seen[code]) f.values.push_back(c.dictionary[code]);
      if (f.values.size() > options.max_levels) {
        return absl::InvalidArgumentError(absl::StrCat(
            "feature ", quote(name), " has ", f.values.size(),
            " distinct values among the fitted records, more than max_levels (", options.max_levels,
            "): a nearly unique attribute is no feature"));
      }
      std::sort(f.values.begin(), f.values.end());
    } else if (f.kind == ScoreFeatureKind::kNumber) {
      std::vector<double> values;
      values.reserve(records.size());
      for (std::uint32_t r : records) {
        if (!c.present[r]) continue;
        const double x = c.type == AttributeType::kDouble ? c.doubles[r] : static_cast<double>(c.ints[r]);
        if (std::isfinite(x)) values.push_back(x);
      }
      f.edges = quantile_edges(std::move(values), options.bins);
    }
    model.features.push_back(std::move(f));
  }

  if (!options.group_by.empty()) {
    absl::StatusOr<const Column*> found = find_column(data, options.group_by, "group attribute");
    if (!found.ok()) return found.status();
    const Column& c = **found;
    if (c.type != AttributeType::kString)
      return absl::InvalidArgumentError(absl::StrCat("group attribute ", quote(c.name), ": a ",
                                                     av(to_string(c.type)), " attribute; groups are strings"));
    std::vector<std::uint8_t> seen(c.dictionary.size(), 0);
    bool missing = false;
    for (std::uint32_t r : records) {
      if (c.codes[r] == kMissingCode) missing = true;
      else seen[c.codes[r]] = 1;
    }
    std::vector<std::string> values;
    for (std::uint32_t code = 0; code < seen.size(); ++code)
      if (seen[code]) values.push_back(c.dictionary[code]);
    std::sort(values.begin(), values.end());
    for (std::string& v : values) model.groups.push_back(Group{std::move(v), {}, {}});
    if (missing) model.groups.push_back(Group{std::nullopt, {}, {}});
    std::size_t width = 0;
    for (const Feature& f : model.features) width += f.level_count();
    if (model.groups.size() * width > kMaxGroupCells) {
      return absl::InvalidArgumentError(absl::StrCat(
          "group attribute ", quote(c.name), " has ", model.groups.size(), " groups; with ", width,
          " feature levels that is more than the ", kMaxGroupCells, " group cells a model holds"));
    }
  }
  return model;
}

}  // namespace

absl::Status check_fit_options(const ScoreFitOptions& o) {
  if (o.features.empty()) return absl::InvalidArgumentError("features: at least one feature is needed");
  for (std::size_t i = 0; i < o.features.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (o.features[i] == o.features[j])
        return absl::InvalidArgumentError(absl::StrCat("features: ", quote(o.features[i]), " is listed twice"));
    }
    if (!o.group_by.empty() && o.features[i] == o.group_by) {
      return absl::InvalidArgumentError(absl::StrCat(
          "features: ", quote(o.group_by), " is the group attribute; each group gets its own model instead"));
    }
  }
  if (o.bins < 1 || o.bins > 100)
    return absl::InvalidArgumentError(absl::StrCat("bins: ", o.bins, " is not in 1 to 100"));
  if (o.folds < 2 || o.folds > 50)
    return absl::InvalidArgumentError(absl::StrCat("folds: ", o.folds, " is not in 2 to 50"));
  if (!(o.prior_weight > 0) || !std::isfinite(o.prior_weight) || o.prior_weight > 1e9)
    return absl::InvalidArgumentError(absl::StrCat("prior_weight: ", o.prior_weight, " is not in (0, 1e9]"));
  if (!(o.group_prior_weight > 0) || !std::isfinite(o.group_prior_weight) || o.group_prior_weight > 1e9)
    return absl::InvalidArgumentError(
        absl::StrCat("group_prior_weight: ", o.group_prior_weight, " is not in (0, 1e9]"));
  if (o.max_levels < 1) return absl::InvalidArgumentError("max_levels: must be at least 1");
  if (o.calibration != ScoreCalibration::kIsotonic && o.calibration != ScoreCalibration::kPlatt)
    return absl::InvalidArgumentError(absl::StrCat("calibration: unknown method ", static_cast<int>(o.calibration)));
  return absl::OkStatus();
}

absl::StatusOr<Model> fit_model(const DataSetImpl& data, const ScoreFitOptions& options,
                                std::span<const std::int8_t> outcomes,
                                std::span<const std::uint32_t> records) {
  Counts closed;
  for (std::uint32_t r : records) closed.add(outcomes[r] == kPositive);
  const std::string target = options.outcome.empty() ? "a won stage" : quote(options.outcome);
  if (closed.positives == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no positives: none of the ", closed.closed, " closed records reached ", target,
        ", so there is nothing to learn a win from"));
  }
  if (closed.positives == closed.closed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no negatives: none of the ", closed.closed, " closed records reached a lost stage without reaching ",
        target, ", so there is nothing to learn a loss from"));
  }
  absl::StatusOr<ModelData> shaped = shape_model(data, options, records);
  if (!shaped.ok()) return shaped.status();
  ModelData model = *std::move(shaped);
  const CountTables shape = CountTables::shaped(model.features, model.groups.size());
  absl::StatusOr<std::vector<Coder>> coders = feature_coders(data, model, shape);
  if (!coders.ok()) return coders.status();
  absl::StatusOr<GroupCoder> groups = group_coder(data, model);
  if (!groups.ok()) return groups.status();

  // Counts per fold, per part of the records; merged in part order.
  const std::uint32_t folds = options.folds;
  const std::size_t table_bytes =
      folds * (shape.pooled.size() + shape.group_total.size() + shape.cells.size()) * sizeof(Counts);
  const unsigned parts = std::min<unsigned>(
      parts_for(records.size(), options.threads),
      static_cast<unsigned>(std::max<std::size_t>(1, kTableBudgetBytes / std::max<std::size_t>(1, table_bytes))));
  std::vector<std::uint8_t> fold(records.size());
  std::vector<std::vector<CountTables>> part_tables(parts);
  const std::size_t width = shape.width();
  for_ranges(records.size(), parts, [&](unsigned part, std::size_t begin, std::size_t end) {
    std::vector<CountTables> tables(folds, shape);
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t r = records[i];
      const std::uint32_t k = fold_of(data.record_ids[r], options.seed, folds);
      fold[i] = static_cast<std::uint8_t>(k);
      const bool positive = outcomes[r] == kPositive;
      CountTables& t = tables[k];
      t.total.add(positive);
      const std::uint32_t g = groups->code(r);
      if (g != kNoGroup) t.group_total[g].add(positive);
      for (const Coder& c : *coders) {
        const std::uint32_t code = c.code(r);  // never kNoLevel: the levels came from these records
        t.pooled[code].add(positive);
        if (g != kNoGroup) t.cells[std::size_t{g} * width + code].add(positive);
      }
    }
    part_tables[part] = std::move(tables);
  });
  std::vector<CountTables> by_fold(folds, shape);
  CountTables total = shape;
  for (const auto& tables : part_tables) {
    for (std::uint32_t k = 0; k < folds; ++k) by_fold[k] += tables[k];
  }
  part_tables.clear();
  for (const CountTables& t : by_fold) total += t;

  // Each record scored by the model of the other folds.
  std::vector<Effects> effects;
  for (const CountTables& t : by_fold)
    effects.push_back(compute_effects(total.minus(t), options.prior_weight, options.group_prior_weight));
  by_fold.clear();
  std::vector<Scored> scored(records.size());
  for_ranges(records.size(), parts_for(records.size(), options.threads),
             [&](unsigned, std::size_t begin, std::size_t end) {
               std::vector<std::uint32_t> codes(coders->size());
               for (std::size_t i = begin; i < end; ++i) {
                 const std::uint32_t r = records[i];
                 for (std::size_t f = 0; f < codes.size(); ++f) codes[f] = (*coders)[f].code(r);
                 scored[i] = {effects[fold[i]].raw_score(codes, groups->code(r)), outcomes[r] == kPositive};
               }
             });
  effects.clear();
  if (options.calibration == ScoreCalibration::kPlatt) model.platt = fit_platt(scored, options.threads);
  else model.blocks = fit_isotonic(scored);

  model.total = total.total;
  model.levels.resize(model.features.size());
  for (std::size_t f = 0; f < model.features.size(); ++f) {
    model.levels[f].assign(total.pooled.begin() + total.offsets[f], total.pooled.begin() + total.offsets[f + 1]);
  }
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    Group& group = model.groups[g];
    group.total = total.group_total[g];
    group.cells.resize(model.features.size());
    for (std::size_t f = 0; f < model.features.size(); ++f) {
      for (std::uint32_t l = 0; l < model.features[f].level_count(); ++l) {
        const Counts& c = total.cells[g * width + total.offsets[f] + l];
        if (c.closed != 0) group.cells[f].push_back({l, c});
      }
    }
  }
  return make_model(std::move(model));
}

}  // namespace modelfunnel::internal::score
