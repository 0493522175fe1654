/// @file lead_score.hpp
/// @brief The lead score: a calibrated win probability per record, with an
/// interval and the factors behind it.
///
/// A lead score model is fitted on the records whose outcome is known —
/// *positives* reached the outcome stage (by default the graph's won
/// stage), *negatives* reached a lost stage; open records are left out —
/// and then applied to any record, open ones included. docs/lead-score.md
/// works the computation through by hand:
///
/// - **Naive Bayes with proper priors.** Each value of each feature gets a
///   win rate pulled toward the overall win rate by `prior_weight`
///   pseudo-deals (a Beta prior), so a value seen twice moves the score a
///   little, not to 0% or 100%. The score adds up how far each value moves
///   the log-odds.
/// - **Groups shrunk toward the pool.** With `group_by` (a team, an agent),
///   each group's win rate and value effects start from the pooled model
///   and move toward the group's own data in proportion to how much of it
///   there is: a small team gets the pooled score, a big one its own.
/// - **Numbers binned, unknown a value.** Numeric features are cut into
///   quantile bins at fit time (the edges are in the model); a missing
///   value is a level of its own, learned like any other; a value the fit
///   never saw moves nothing.
/// - **Calibrated.** Raw naive Bayes is overconfident, so the raw score is
///   mapped to a probability by Platt scaling (or isotonic regression)
///   fitted on out-of-fold predictions.
/// - **An honest interval.** The 95% interval counts both what the
///   calibration does not know and what the counts behind this lead's own
///   values do not: a lead whose sector the fit saw twice, or whose team is
///   new, gets a wide one.
///
/// @code
/// modelfunnel::ScoreFitOptions fit;
/// fit.features = {"sector", "product", "employees"};
/// fit.group_by = "sales_agent";
/// auto model = modelfunnel::score_fit(data, graph, fit);
/// if (!model.ok()) return model.status();
/// auto scores = modelfunnel::score_apply(*model, data);
/// for (const auto& row : scores->rows)
///   std::cout << data.record_id(row.record) << ' ' << row.probability << '\n';
/// auto text = model->to_json();  // save it; LeadScoreModel::from_json() reads it back
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel {

namespace internal::score {
struct Model;
struct ModelAccess;
}  // namespace internal::score

/// How the raw score becomes a probability. Values are stable; new methods
/// may be added.
enum class ScoreCalibration : std::uint8_t {
  /// Isotonic regression (pool adjacent violators) on the out-of-fold raw
  /// scores, interpolated linearly between the centres of its blocks; the
  /// interval starts from the Jeffreys (Beta) posterior of each block's win
  /// rate. Fits any monotone shape, but ties the leads of a flat stretch.
  kIsotonic = 0,
  /// Platt scaling: a logistic regression of the outcome on the raw score,
  /// which keeps the raw score's ranking; the interval starts from the
  /// uncertainty of its two parameters (delta method). The default.
  kPlatt = 1,
};

/// Stable text names (`"isotonic"`, `"platt"`).
std::string_view to_string(ScoreCalibration calibration);

/// How a feature's values are read. Values are stable; new kinds may be added.
enum class ScoreFeatureKind : std::uint8_t {
  kCategory = 0,  ///< A string attribute: one level per value.
  kBool = 1,      ///< A bool attribute: levels false and true.
  kNumber = 2,    ///< An int64 or double attribute, cut into quantile bins.
};

/// Stable text names (`"category"`, `"bool"`, `"number"`).
std::string_view to_string(ScoreFeatureKind kind);

/// What score_fit() fits. Every default is documented in docs/lead-score.md.
struct ScoreFitOptions {
  /// Attributes to score on: string (a category), bool, int64 or double (a
  /// number, binned). At least one; no timestamps; not the group attribute.
  std::vector<std::string> features;
  /// Stage whose reaching makes a record a positive; a main-path stage
  /// implies the later ones (reaching `proposal` means reaching `sql`).
  /// Default: every won stage of the graph. It may not be a lost stage.
  std::string outcome;
  /// A string attribute (team, agent, office) whose groups each get their
  /// own model, shrunk toward the pooled one; empty: one pooled model.
  std::string group_by;
  /// Quantile bins per numeric feature, 1 to 100.
  unsigned bins = 5;
  /// Pseudo-deals at the pooled rate added to each value's own deals, > 0:
  /// the Beta prior of naive Bayes. Larger trusts rare values less.
  double prior_weight = 10;
  /// Pseudo-deals at the pooled rate added to each group's own, > 0: how
  /// many closed deals a group needs before its own win rate counts half.
  double group_prior_weight = 20;
  /// How raw scores become probabilities.
  ScoreCalibration calibration = ScoreCalibration::kPlatt;
  /// Folds of the out-of-fold predictions the calibration is fitted on, 2
  /// to 50. A record's fold comes from a hash of its id and the seed, so it
  /// does not depend on the order or the other records of the data set.
  unsigned folds = 5;
  /// Seed of the fold assignment: the same seed gives the same model.
  std::uint64_t seed = 1;
  /// Most values a category feature may have among the fitted records
  /// (a nearly unique attribute, such as an id, is no feature).
  std::uint32_t max_levels = 1000;
  /// How many threads the fit may use; 0 (the default) means as many as
  /// the hardware has. 1 starts no thread. The model is the same, byte for
  /// byte, for every thread count.
  unsigned threads = 0;
};

/// One level of a feature as the model learned it.
struct ScoreLevel {
  std::string feature;  ///< Feature name.
  /// The value (`"retail"`, `"true"`), the bin (`"<= 120"`, `"(120, 480]"`,
  /// `"> 480"`, `"all"`), or `"(unknown)"` for missing values.
  std::string label;
  bool unknown = false;         ///< The level of missing values.
  std::uint64_t closed = 0;     ///< Fitted records with this value.
  std::uint64_t positives = 0;  ///< Of those, positives.
  /// Their win rate pulled toward the overall rate by `prior_weight`.
  double win_rate = 0;
  /// How far this value moves the log-odds of the pooled model
  /// (logit(win_rate) − logit(overall rate)); 0 is no evidence.
  double effect = 0;
};

/// One group of ScoreFitOptions::group_by as the model learned it.
struct ScoreGroup {
  std::optional<std::string> value;  ///< The attribute value; nullopt for missing.
  std::uint64_t closed = 0;          ///< Fitted records of the group.
  std::uint64_t positives = 0;       ///< Of those, positives.
  /// The group's win rate pulled toward the overall rate by
  /// `group_prior_weight`.
  double win_rate = 0;
  /// Its weight against the pool: closed / (closed + group_prior_weight).
  double own_weight = 0;
};

/// One point of the calibration map.
struct ScoreCalibrationPoint {
  double raw_score = 0;   ///< Raw log-odds (isotonic: the block's mean).
  double probability = 0;  ///< Calibrated probability there.
  double low = 0;          ///< Lower end of its 95% interval.
  double high = 0;         ///< Upper end of its 95% interval.
  std::uint64_t closed = 0;     ///< Out-of-fold records in the block (isotonic; 0 for Platt).
  std::uint64_t positives = 0;  ///< Of those, positives.
};

/// A fitted lead score model. Immutable; cheap to copy (shared state); safe
/// to use from several threads at once.
class LeadScoreModel {
 public:
  /// Parses the model file format (versioned JSON, comments allowed, strict
  /// keys; docs/lead-score.md has the schema).
  /// @return InvalidArgument naming the JSON path of the first problem
  ///   (`$.features[1].levels[3].positives: 7 is more than closed (5)`), or
  ///   the line and column of a syntax error.
  static absl::StatusOr<LeadScoreModel> from_json(std::string_view json);
  /// Reads @p path and calls from_json(); the message starts with the path
  /// (NotFound when the file does not exist).
  static absl::StatusOr<LeadScoreModel> load_json_file(const std::filesystem::path& path);

  /// The model file; from_json(to_json()) gives a model that scores the same.
  /// @return ResourceExhausted when the text does not fit in memory.
  absl::StatusOr<std::string> to_json() const;

  /// Feature names, in the order they were fitted.
  std::vector<std::string> features() const;
  /// The kind of feature @p i. @pre i < features().size()
  ScoreFeatureKind feature_kind(std::size_t i) const;
  /// The group attribute; empty when there is none.
  const std::string& group_by() const;
  /// The outcome stage as requested; empty for the graph's won stages.
  const std::string& outcome() const;
  /// How the raw score becomes a probability.
  ScoreCalibration calibration() const;
  /// Fitted records: positives and negatives.
  std::uint64_t positives() const;
  std::uint64_t negatives() const;  ///< Fitted negatives.
  /// The overall win rate, (positives + 1) / (closed + 2).
  double base_rate() const;

  /// Every level of every feature, features in order, levels in their
  /// order (values in byte order, bins from low to high, unknown last).
  std::vector<ScoreLevel> levels() const;
  /// Every group, in byte order of value (missing last).
  std::vector<ScoreGroup> groups() const;
  /// The calibration map, by raw score.
  std::vector<ScoreCalibrationPoint> calibration_points() const;

  /// The text of level @p level of feature @p feature, as in ScoreLevel::label;
  /// for @p feature == features().size(), the group value (`"(unknown)"`
  /// when missing). Empty for an index out of range.
  std::string level_label(std::size_t feature, std::size_t level) const;

 private:
  friend struct internal::score::ModelAccess;
  explicit LeadScoreModel(std::shared_ptr<const internal::score::Model> impl);
  std::shared_ptr<const internal::score::Model> impl_;
};

/// Fits a lead score model on the closed records of @p data.
/// @return InvalidArgument naming the option at fault: no features, an
///   unknown or repeated feature, a feature of an unsupported type
///   (timestamp) or the group attribute, an unknown or non-string group
///   attribute, an unknown or lost outcome stage, bins, folds, weights or
///   max_levels out of range, a category with more than `max_levels` values,
///   more than 2,000,000 group × level cells. FailedPrecondition when no
///   record is a positive or none a negative (the message says which).
absl::StatusOr<LeadScoreModel> score_fit(const DataSet& data, const StageGraph& graph,
                                         const ScoreFitOptions& options);

/// One reason a score is what it is: a feature's value, or the group, and
/// how far it moves the raw log-odds.
struct ScoreFactor {
  /// Index into LeadScoreModel::features(), or features().size() for the
  /// group (its win rate against the pooled one).
  std::uint32_t feature = 0;
  /// Level index (LeadScoreModel::level_label(feature, level)).
  std::uint32_t level = 0;
  double effect = 0;  ///< Change in raw log-odds; positive raises the score.
};

/// The score of one record.
struct ScoreRow {
  RecordIndex record = 0;   ///< The record (index in the data set).
  double probability = 0;   ///< Calibrated win probability, in (0, 1).
  double low = 0;           ///< Lower end of the 95% interval (docs/lead-score.md).
  double high = 0;          ///< Upper end of the 95% interval.
  double raw_score = 0;     ///< Raw naive-Bayes log-odds, before calibration.
  std::uint32_t factor_count = 0;  ///< How many of its factor slots are used.
};

/// Scores of many records.
struct LeadScores {
  std::vector<ScoreRow> rows;  ///< One per record scored, in record order.
  /// Factor slots per row (ScoreApplyOptions::top_factors).
  std::uint32_t top_factors = 0;
  /// rows.size() × top_factors slots; row i's factors are the first
  /// rows[i].factor_count of its slots, largest |effect| first.
  std::vector<ScoreFactor> factors;

  /// The factors of row @p i. @pre i < rows.size()
  std::span<const ScoreFactor> factors_of(std::size_t i) const {
    return std::span<const ScoreFactor>(factors).subspan(i * top_factors, rows[i].factor_count);
  }
};

/// How score_apply() scores.
struct ScoreApplyOptions {
  /// Factors kept per record, 0 to 16: the features (and the group) whose
  /// values move its score most, either way; values with no effect are
  /// never factors.
  std::uint32_t top_factors = 3;
  /// How many threads the scoring may use; 0 (the default) means as many
  /// as the hardware has. The scores are the same for every thread count.
  unsigned threads = 0;
};

/// Scores every record of @p data (open, won and lost alike).
/// @return InvalidArgument when @p data lacks a feature or the group
///   attribute of the model ("unknown feature"), or has it with a type the
///   model cannot read (a string where the model bins numbers), or
///   top_factors is above 16.
absl::StatusOr<LeadScores> score_apply(const LeadScoreModel& model, const DataSet& data,
                                       const ScoreApplyOptions& options = {});

/// The calibrated probability of every record of @p data, in record order:
/// what the qualification rules read (`score >= 0.3`). Errors as score_apply().
absl::StatusOr<std::vector<double>> score_probabilities(const LeadScoreModel& model,
                                                        const DataSet& data, unsigned threads = 0);

/// One attribute value of a record scored on its own (score_record()).
struct ScoreInput {
  std::string_view attribute;  ///< A feature of the model, or its group attribute.
  AttributeValue value;        ///< Its value; std::monostate for missing.
};

/// Scores one record given as attribute values (a CRM's save hook): the
/// result has one row, with record 0. Features not given are missing.
/// @return InvalidArgument for an attribute that is neither a feature nor
///   the group attribute, one given twice, or a value of the wrong type
///   (category: a string; bool: a bool; number: an int64 or a double).
absl::StatusOr<LeadScores> score_record(const LeadScoreModel& model,
                                        std::span<const ScoreInput> values,
                                        std::uint32_t top_factors = 3);

/// One row of the calibration table: the records whose predicted
/// probability falls in one bin of equal size (a decile by default).
struct ScoreCalibrationBin {
  std::uint32_t bin = 0;           ///< 1 for the lowest predictions, up to the bin count.
  std::uint64_t records = 0;       ///< Closed records in the bin.
  double min_probability = 0;      ///< Lowest prediction in the bin.
  double max_probability = 0;      ///< Highest prediction in the bin.
  double mean_probability = 0;     ///< Mean prediction.
  Rate observed;                   ///< Share that were positives, with its Wilson interval.
};

/// How well predicted probabilities match outcomes.
struct ScoreMetrics {
  std::uint64_t records = 0;    ///< Closed records scored.
  std::uint64_t positives = 0;  ///< Of those, positives.
  /// Area under the ROC curve: the chance that a random positive scores
  /// above a random negative (ties count half). NaN without both classes.
  double auc = 0;
  double brier = 0;     ///< Mean squared error of the probability.
  double log_loss = 0;  ///< Mean negative log-likelihood (probabilities clipped to [1e-15, 1 - 1e-15]).
  /// Expected calibration error: over the calibration table's bins, the
  /// record-weighted mean of |mean prediction − observed rate|.
  double ece = 0;
};

/// How score_report() and score_cross_validate() evaluate.
struct ScoreReportOptions {
  /// Bins of the calibration table and the ECE, of equal size by predicted
  /// probability, 2 to 100 (10: deciles).
  std::uint32_t bins = 10;
  /// Rates on fewer records are flagged `small_sample`.
  std::uint64_t min_sample = 30;
  /// How many threads it may use; 0 means as many as the hardware has.
  unsigned threads = 0;
};

/// The calibration report.
struct ScoreReport {
  /// True when the predictions are held out (score_cross_validate()):
  /// each record scored by a model fitted without it.
  bool cross_validated = false;
  std::uint32_t folds = 0;      ///< Outer folds when cross-validated, else 0.
  std::uint64_t open = 0;       ///< Records left out: neither positive nor negative.
  ScoreMetrics metrics;         ///< Of the model's probabilities.
  std::vector<ScoreCalibrationBin> calibration;  ///< The calibration table.
  /// Cross-validated only: the same figures for plain naive Bayes on the
  /// same folds and features (Laplace +1 smoothing, no groups, no
  /// calibration), the yardstick the model must not fall below on AUC.
  std::optional<ScoreMetrics> plain_naive_bayes;
};

/// Evaluates @p model on the closed records of @p data: held-out data, or
/// a later period. On the data it was fitted on the figures mislead: the
/// calibration was fitted to out-of-fold scores, and a record's own deal
/// pushes its in-sample score further out; score_cross_validate() is the
/// held-out figure.
/// Outcomes are read as in score_fit(), with the model's outcome stage.
/// @return InvalidArgument as score_apply(), or for an outcome stage the
///   graph lacks, or bins out of range; FailedPrecondition when no record
///   is closed.
absl::StatusOr<ScoreReport> score_report(const LeadScoreModel& model, const DataSet& data,
                                         const StageGraph& graph,
                                         const ScoreReportOptions& options = {});

/// Held-out evaluation without a model: the closed records split into
/// `fit.folds` folds (by a hash of their ids under a seed derived from
/// `fit.seed`), each scored by a model fitted (calibration included) on
/// the others. This is the honest estimate of how the model will do.
/// @return the errors of score_fit() and score_report().
absl::StatusOr<ScoreReport> score_cross_validate(const DataSet& data, const StageGraph& graph,
                                                 const ScoreFitOptions& fit,
                                                 const ScoreReportOptions& options = {});

/// The scores as CSV: `record_id,probability,probability_low,
/// probability_high,raw_score` then `factor_i,effect_i` for i in 1 to
/// top_factors (`feature=value`; empty when a row has fewer factors).
/// Numbers are shortest round-trip. @p scores must come from @p model and
/// @p data (score_record() results: record ids are empty).
/// @return ResourceExhausted when the text does not fit in memory.
absl::StatusOr<std::string> score_csv(const LeadScoreModel& model, const DataSet& data,
                                      const LeadScores& scores);

/// The scores as one JSON document: `{"scores": [{"record_id", "probability",
/// "probability_low", "probability_high", "raw_score", "factors":
/// [{"feature", "value", "effect"}]}]}` (value null for missing).
absl::StatusOr<std::string> score_json(const LeadScoreModel& model, const DataSet& data,
                                       const LeadScores& scores);

/// The calibration table as CSV (`bin,records,min_probability,
/// max_probability,mean_probability,positives,observed,observed_low,
/// observed_high,small_sample`).
absl::StatusOr<std::string> score_report_csv(const ScoreReport& report);

/// The whole report as one JSON document (NaN as null).
absl::StatusOr<std::string> score_report_json(const ScoreReport& report);

}  // namespace modelfunnel
