// The lead score model inside the library: what the model file holds
// (counts, bins, the calibration) and what is derived from it when a model
// is made (effects and the calibration curve). Every number a score uses is
// derived from counts by the formulas of docs/lead-score.md, in one place
// (compute_effects), so a fitted model, the same model read back from its
// file, and each fold's model during the fit all score the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "modelfunnel/lead_score.hpp"

namespace modelfunnel::internal::score {

/// A level code for a value the fit never saw: it moves nothing.
inline constexpr std::uint32_t kNoLevel = std::numeric_limits<std::uint32_t>::max();
/// A group code for a group the fit never saw: the pooled model scores it.
inline constexpr std::uint32_t kNoGroup = std::numeric_limits<std::uint32_t>::max();
/// Most group × level cells a model holds (a group per agent of a big
/// sales floor fits; a group per account does not).
inline constexpr std::size_t kMaxGroupCells = 2'000'000;

/// Closed records and, of them, positives.
struct Counts {
  std::uint64_t closed = 0;
  std::uint64_t positives = 0;

  void add(bool positive) {
    ++closed;
    positives += positive ? 1 : 0;
  }
  Counts& operator+=(const Counts& o) {
    closed += o.closed;
    positives += o.positives;
    return *this;
  }
  Counts operator-(const Counts& o) const { return {closed - o.closed, positives - o.positives}; }
  friend bool operator==(const Counts&, const Counts&) = default;
};

/// One feature: its kind and its levels. Levels are, in order, the values
/// (category: in byte order; bool: false, true) or the bins (number: from
/// low to high), then the unknown level (missing values).
struct Feature {
  std::string name;
  ScoreFeatureKind kind = ScoreFeatureKind::kCategory;
  std::vector<std::string> values;  // kCategory
  std::vector<double> edges;        // kNumber: upper bounds of every bin but the last

  std::uint32_t level_count() const;
  std::uint32_t unknown_level() const { return level_count() - 1; }
  /// The bin of finite @p x: how many edges lie below it.
  std::uint32_t bin_of(double x) const;
  /// ScoreLevel::label of level @p level.
  std::string label(std::uint32_t level) const;
};

/// Counts of one group at one level of one feature.
struct GroupCell {
  std::uint32_t level = 0;
  Counts counts;
};

struct Group {
  std::optional<std::string> value;  // nullopt: records missing the attribute
  Counts total;
  /// Per feature, the levels the group has records at, ascending.
  std::vector<std::vector<GroupCell>> cells;
};

/// One block of the isotonic calibration: the out-of-fold records whose
/// raw scores were pooled, with their mean raw score.
struct Block {
  double raw_score = 0;
  Counts counts;
};

/// Platt scaling: P = sigmoid(a + b * raw), with the covariance of (a, b).
struct Platt {
  double a = 0, b = 0;
  double var_a = 0, cov_ab = 0, var_b = 0;
};

struct Settings {
  std::string outcome;   // "" = the graph's won stages
  std::string group_by;  // "" = none
  unsigned bins = 5;
  double prior_weight = 10;
  double group_prior_weight = 20;
  ScoreCalibration calibration = ScoreCalibration::kPlatt;
  unsigned folds = 5;
  std::uint64_t seed = 1;
  std::uint32_t max_levels = 1000;
};

/// Counts laid out for scoring: levels of all features side by side
/// (feature f's level l at offsets[f] + l), groups in rows of that width.
struct CountTables {
  std::vector<std::uint32_t> offsets;  // per feature, plus the total at the end
  std::size_t groups = 0;
  Counts total;
  std::vector<Counts> pooled;       // offsets.back()
  std::vector<Counts> group_total;  // groups
  std::vector<Counts> cells;        // groups × offsets.back()

  std::size_t width() const { return offsets.back(); }
  /// Zeroed tables of this shape.
  static CountTables shaped(std::span<const Feature> features, std::size_t groups);
  CountTables& operator+=(const CountTables& o);
  /// These counts without @p o's (the training counts of a fold).
  CountTables minus(const CountTables& o) const;
};

/// Effects on the raw log-odds, derived from counts (docs/lead-score.md).
struct Effects {
  double base = 0;                   // logit of the overall rate
  std::vector<double> pooled;        // per level
  std::vector<double> group_shift;   // per group: its base minus the overall base
  std::vector<double> grouped;       // groups × width: per level, within the group

  /// The raw log-odds of a record with global level codes @p codes (one per
  /// feature; kNoLevel moves nothing) in group @p group (kNoGroup: pooled).
  double raw_score(std::span<const std::uint32_t> codes, std::uint32_t group) const {
    double s = base;
    if (group == kNoGroup) {
      for (std::uint32_t c : codes) s += c == kNoLevel ? 0.0 : pooled[c];
      return s;
    }
    s += group_shift[group];
    const double* row = grouped.data() + std::size_t{group} * pooled.size();
    for (std::uint32_t c : codes) s += c == kNoLevel ? 0.0 : row[c];
    return s;
  }
  /// The effect of global level @p code in @p group (pooled for kNoGroup).
  double effect(std::uint32_t code, std::uint32_t group) const {
    if (code == kNoLevel) return 0;
    return group == kNoGroup ? pooled[code] : grouped[std::size_t{group} * pooled.size() + code];
  }

  // Posterior variances of the terms of the raw score (docs/lead-score.md,
  // "The interval"), filled by compute_effects() when asked: the variance
  // of the log-odds under each term's Beta posterior, for an effect less
  // that of the rate it is measured against (a subset's estimate against
  // the whole's).
  double base_var = 0;                   // logit of the overall rate
  double unseen_var = 0;                 // a value the counts lack, pooled
  std::vector<double> pooled_var;        // per level
  std::vector<double> group_base_var;    // per group: logit of its rate
  std::vector<double> group_unseen_var;  // per group: a value the counts lack
  std::vector<double> grouped_var;       // groups × width

  /// The variance of raw_score(@p codes, @p group) from the estimates it adds up.
  double raw_variance(std::span<const std::uint32_t> codes, std::uint32_t group) const {
    if (group == kNoGroup) {
      double v = base_var;
      for (std::uint32_t c : codes) v += c == kNoLevel ? unseen_var : pooled_var[c];
      return v;
    }
    double v = group_base_var[group];
    const double* row = grouped_var.data() + std::size_t{group} * pooled.size();
    for (std::uint32_t c : codes) v += c == kNoLevel ? group_unseen_var[group] : row[c];
    return v;
  }
};

/// The effects of @p counts with prior weights @p m (values) and @p k
/// (groups); with @p variances, their posterior variances too.
Effects compute_effects(const CountTables& counts, double m, double k, bool variances = false);

/// The calibration map, as evaluated: raw score -> probability and interval.
struct Curve {
  ScoreCalibration method = ScoreCalibration::kIsotonic;
  // Isotonic: block centres and their values, interpolated linearly.
  std::vector<double> x, p, low, high;
  Platt platt;

  struct Value {
    double probability, low, high;
  };
  /// The probability at raw score @p raw, and its 95% interval given the
  /// raw score's own variance @p raw_var (0: the calibration's alone).
  Value operator()(double raw, double raw_var = 0) const;
  /// The probability alone (operator()'s, without the interval's work).
  double probability(double raw) const;
};

/// The isotonic curve of @p blocks: Jeffreys posterior mean and 95% interval
/// per block, each made non-decreasing.
Curve isotonic_curve(std::span<const Block> blocks);
/// The Platt curve of @p platt.
Curve platt_curve(const Platt& platt);

/// What the model file holds.
struct ModelData {
  Settings settings;
  std::vector<Feature> features;
  Counts total;
  std::vector<std::vector<Counts>> levels;  // pooled, per feature per level
  std::vector<Group> groups;                // byte order of value, missing last
  std::vector<Block> blocks;                // isotonic
  Platt platt;                              // Platt
};

/// A model ready to score: its file's data and what is derived from it.
struct Model {
  ModelData data;
  CountTables counts;
  Effects effects;
  Curve curve;
};

/// Derives the scoring tables of @p data, which must be consistent (the
/// fit makes it so; the file reader checks it).
Model make_model(ModelData data);

/// Bridges the public LeadScoreModel and Model.
struct ModelAccess {
  static const Model& model(const LeadScoreModel& m) { return *m.impl_; }
  static LeadScoreModel make(Model model);
};

/// logit(p) for p = num / (num + den), both > 0.
double log_ratio(double num, double den);

}  // namespace modelfunnel::internal::score
