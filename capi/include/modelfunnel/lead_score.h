/**
 * @file lead_score.h
 * @brief The lead score (experimental): a calibrated win probability per
 * record, with a 95% interval and the factors behind it.
 *
 * Everything here is experimental (docs/c-api.md, "Stable and
 * experimental"): visible only with `MF_EXPERIMENTAL` defined before the
 * first modelfunnel header, exported under the symbol version
 * `MODELFUNNEL_EXPERIMENTAL`, and free to change in any release.
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * // In a CRM's save hook: one model, loaded once, scores each lead saved.
 * mf_score_model *model = NULL;
 * mf_score_set *one = NULL;
 * mf_score score = MF_SCORE_INIT;
 * mf_score_input in[2];
 * memset(in, 0, sizeof in);
 * in[0].attribute = "sector";
 * in[0].attribute_len = 6;
 * in[0].value.present = 1;
 * in[0].value.type = MF_ATTR_STRING;
 * in[0].value.str.data = "retail";
 * in[0].value.str.size = 6;
 * in[1].attribute = "employees";
 * in[1].attribute_len = 9;
 * in[1].value.present = 1;
 * in[1].value.type = MF_ATTR_INT64;
 * in[1].value.i64 = 1200;
 * if (mf_score_model_load_file(&model, path, strlen(path)) == MF_OK &&
 *     mf_score_record(&one, model, in, 2, 3) == MF_OK &&
 *     mf_score_set_row(one, 0, &score) == MF_OK)
 *   printf("%.0f%% (%.0f%% to %.0f%%)\n", 100 * score.probability, 100 * score.low, 100 * score.high);
 * mf_score_set_free(one);
 * mf_score_model_free(model);
 * @endcode
 */
#ifndef MODELFUNNEL_LEAD_SCORE_H
#define MODELFUNNEL_LEAD_SCORE_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/figures.h"
#include "modelfunnel/graph.h"

#endif /* MODELFUNNEL_LEAD_SCORE_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_LEAD_SCORE_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_LEAD_SCORE_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_lead_score Lead score (experimental)
 *  @ingroup mf_c
 *  The C++ score_fit(), score_apply(), score_record() and score_report()
 *  (docs/lead-score.md defines the model, the calibration and the interval).
 *  Fit a model on a data set with mf_score_fit() or load one with
 *  mf_score_model_load_file() / mf_score_model_from_json(); score a data set
 *  with mf_score_apply() or one record with mf_score_record(); both give an
 *  ::mf_score_set, read with mf_score_set_row() and mf_score_set_factor().
 *  A model is immutable: one handle may score from any number of threads.
 *  @{ */

/** How raw scores become probabilities. Values are frozen; new ones may be added. */
typedef enum mf_score_calibration {
  MF_SCORE_CALIBRATION_ISOTONIC = 0, /**< Isotonic regression on the out-of-fold scores. */
  MF_SCORE_CALIBRATION_PLATT = 1     /**< Platt scaling (the default). */
} mf_score_calibration;

/** How a feature's values are read. Values are frozen; new ones may be added. */
typedef enum mf_score_feature_kind {
  MF_SCORE_FEATURE_CATEGORY = 0, /**< A string attribute. */
  MF_SCORE_FEATURE_BOOL = 1,     /**< A bool attribute. */
  MF_SCORE_FEATURE_NUMBER = 2    /**< An int64 or double attribute, binned. */
} mf_score_feature_kind;

/** Version of ::mf_score_fit_options this header describes. */
#define MF_SCORE_FIT_OPTIONS_VERSION 1

/** Options for mf_score_fit() (the C++ ScoreFitOptions). Lists are a
 *  pointer and a count, their strings NUL-terminated UTF-8; single strings
 *  are pointer + byte length. Read during the call only. */
typedef struct mf_score_fit_options {
  uint32_t version;              /**< #MF_SCORE_FIT_OPTIONS_VERSION. */
  uint32_t bins;                 /**< Quantile bins per numeric feature, 1 to 100 (default 5). */
  const char *const *features;   /**< Attributes to score on (at least one). */
  size_t feature_count;          /**< Number of strings at @p features. */
  const char *outcome;           /**< Stage whose reaching is a positive; empty: the won stages. */
  size_t outcome_len;            /**< Byte length of @p outcome. */
  const char *group_by;          /**< String attribute whose groups get their own model; empty: none. */
  size_t group_by_len;           /**< Byte length of @p group_by. */
  double prior_weight;           /**< Pseudo-deals pulling each value toward the overall rate (default 10). */
  double group_prior_weight;     /**< Pseudo-deals pulling each group toward the pool (default 20). */
  int32_t calibration;           /**< An ::mf_score_calibration (default #MF_SCORE_CALIBRATION_PLATT). */
  uint32_t folds;                /**< Folds of the out-of-fold predictions, 2 to 50 (default 5). */
  uint64_t seed;                 /**< Seed of the folds (default 1). */
  uint32_t max_levels;           /**< Most values a category may have (default 1000). */
  uint32_t threads;              /**< Most threads the fit may use; 0 (default): the hardware's. */
} mf_score_fit_options;

/** Static initialiser of ::mf_score_fit_options with the defaults (no features yet). */
#define MF_SCORE_FIT_OPTIONS_INIT \
  { MF_SCORE_FIT_OPTIONS_VERSION, 5, NULL, 0, NULL, 0, NULL, 0, 10.0, 20.0, MF_SCORE_CALIBRATION_PLATT, 5, 1, 1000, 0 }

/** Initialises @p opts to the defaults of @p version (as #MF_SCORE_FIT_OPTIONS_INIT).
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_score_fit_options_init(mf_score_fit_options *opts, uint32_t version);

/** A fitted lead score model. Immutable. */
typedef struct mf_score_model mf_score_model;

/** Fits a model on the closed records of @p data (positives reached the
 *  outcome stage, negatives a lost stage of @p graph).
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, and
 *  options the C++ score_fit() refuses, named in the message (no feature, an
 *  unknown or repeated feature, a timestamp feature, bins or folds out of
 *  range, …); #MF_EDATA when no record is a positive or none a negative.
 *  @ownership The caller frees `*out` with mf_score_model_free(). */
MF_API int mf_score_fit(mf_score_model **out, const mf_dataset *data, const mf_graph *graph,
                        const mf_score_fit_options *opts);

/** Reads a model file's text (JSON, comments allowed).
 *  @errors #MF_EDATA with the JSON path of the problem
 *  (`$.features[1].levels[3].positives: 7 is more than closed (5)`), or
 *  the line and column of a syntax error; #MF_EINVAL for NULL or invalid UTF-8. */
MF_API int mf_score_model_from_json(mf_score_model **out, const char *json, size_t json_len);

/** Reads a model file. @errors as mf_score_model_from_json(), the message
 *  starting with the path; #MF_ENOTFOUND when the file does not exist. */
MF_API int mf_score_model_load_file(mf_score_model **out, const char *path, size_t path_len);

/** The model file text of @p model. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_score_model_to_json(mf_text **out, const mf_score_model *model);

/** Releases @p model; NULL is ignored. Sets and reports made from it stay valid. */
MF_API void mf_score_model_free(mf_score_model *model);

/** Number of features of @p model (0 for NULL). */
MF_API size_t mf_score_model_feature_count(const mf_score_model *model);

/** Feature @p index: its name and its ::mf_score_feature_kind (either may be NULL).
 *  @errors #MF_ERANGE for an index past the end. */
MF_API int mf_score_model_feature(const mf_score_model *model, size_t index, mf_str *name, int32_t *kind);

/** The group attribute of @p model in `*out`; empty when it has none. */
MF_API int mf_score_model_group_by(const mf_score_model *model, mf_str *out);

/** Version of ::mf_score_apply_options this header describes. */
#define MF_SCORE_APPLY_OPTIONS_VERSION 1

/** Options for mf_score_apply(). */
typedef struct mf_score_apply_options {
  uint32_t version;      /**< #MF_SCORE_APPLY_OPTIONS_VERSION. */
  uint32_t top_factors;  /**< Factors kept per record, 0 to 16 (default 3). */
  uint32_t threads;      /**< Most threads it may use; 0 (default): the hardware's. */
} mf_score_apply_options;

/** Static initialiser of ::mf_score_apply_options with the defaults. */
#define MF_SCORE_APPLY_OPTIONS_INIT { MF_SCORE_APPLY_OPTIONS_VERSION, 3, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_score_apply_options_init(mf_score_apply_options *opts, uint32_t version);

/** Scores of records: one row each, with its factors. Immutable. */
typedef struct mf_score_set mf_score_set;

/** Scores every record of @p data (open ones included).
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, a
 *  data set lacking a feature or the group attribute, or holding one with a
 *  type the model cannot read, or top_factors above 16.
 *  @ownership The caller frees `*out` with mf_score_set_free(). */
MF_API int mf_score_apply(mf_score_set **out, const mf_score_model *model, const mf_dataset *data,
                          const mf_score_apply_options *opts);

/** One attribute value of a record scored on its own. */
typedef struct mf_score_input {
  const char *attribute;  /**< A feature of the model, or its group attribute (UTF-8). */
  size_t attribute_len;   /**< Byte length of @p attribute. */
  mf_value value;         /**< Its value: @p present 0 for missing; @p type the ::mf_attribute_type it has. */
} mf_score_input;

/** Scores one record given as @p count attribute values (a CRM's save
 *  hook); features not given are missing. The set has one row (record 0).
 *  @errors #MF_EINVAL for NULL arguments, invalid UTF-8, an attribute that
 *  is neither a feature nor the group attribute, one given twice, a value of
 *  the wrong type (a category takes #MF_ATTR_STRING, a bool #MF_ATTR_BOOL, a
 *  number #MF_ATTR_INT64 or #MF_ATTR_DOUBLE; groups are strings), or
 *  @p top_factors above 16.
 *  @ownership The caller frees `*out` with mf_score_set_free().
 *  @threadsafety Any thread, on the same model at once. */
MF_API int mf_score_record(mf_score_set **out, const mf_score_model *model, const mf_score_input *values,
                           size_t count, uint32_t top_factors);

/** Releases @p set; NULL is ignored. */
MF_API void mf_score_set_free(mf_score_set *set);

/** Number of rows of @p set (0 for NULL). */
MF_API size_t mf_score_set_count(const mf_score_set *set);

/** Version of ::mf_score this header describes. */
#define MF_SCORE_VERSION 1

/** One record's score: a versioned result struct (set @p version first). */
typedef struct mf_score {
  uint32_t version;       /**< Set by the caller: #MF_SCORE_VERSION. */
  uint32_t record;        /**< Record index in the data set (0 for mf_score_record()). */
  double probability;     /**< Calibrated win probability, in (0, 1). */
  double low;             /**< Lower end of its 95% interval. */
  double high;            /**< Upper end of its 95% interval. */
  double raw_score;       /**< Raw naive-Bayes log-odds before calibration. */
  uint32_t factor_count;  /**< How many factors the row has. */
} mf_score;

/** Initialiser of an ::mf_score to pass to mf_score_set_row(). */
#define MF_SCORE_INIT { MF_SCORE_VERSION, 0, 0.0, 0.0, 0.0, 0.0, 0 }

/** Row @p row of @p set. @errors #MF_ERANGE past the end; #MF_EINVAL for
 *  an unknown ::mf_score version. */
MF_API int mf_score_set_row(const mf_score_set *set, size_t row, mf_score *out);

/** Factor @p factor (0 = largest |effect|) of row @p row: the feature (or
 *  group attribute), its value as text (`"(unknown)"` for missing; a bin
 *  such as `"(120, 480]"` for a number), and its effect on the raw log-odds.
 *  Any output may be NULL. @errors #MF_ERANGE past the end.
 *  @ownership The views are owned by @p set. */
MF_API int mf_score_set_factor(const mf_score_set *set, size_t row, size_t factor, mf_str *feature,
                               mf_str *value, double *effect);

/** The set as CSV (record_id, probability, probability_low,
 *  probability_high, raw_score, factor_i, effect_i), as the C++ score_csv().
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_score_set_csv(mf_text **out, const mf_score_set *set);

/** Version of ::mf_score_report_options this header describes. */
#define MF_SCORE_REPORT_OPTIONS_VERSION 1

/** Options for the calibration report. */
typedef struct mf_score_report_options {
  uint32_t version;     /**< #MF_SCORE_REPORT_OPTIONS_VERSION. */
  uint32_t bins;        /**< Bins of the calibration table and the ECE, 2 to 100 (default 10). */
  uint64_t min_sample;  /**< Bins with fewer records are flagged small (default 30). */
  uint32_t threads;     /**< Most threads it may use; 0 (default): the hardware's. */
} mf_score_report_options;

/** Static initialiser of ::mf_score_report_options with the defaults. */
#define MF_SCORE_REPORT_OPTIONS_INIT { MF_SCORE_REPORT_OPTIONS_VERSION, 10, 30, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_score_report_options_init(mf_score_report_options *opts, uint32_t version);

/** A calibration report. Immutable. */
typedef struct mf_score_report mf_score_report;

/** The calibration report of @p model on the closed records of @p data.
 *  @errors as mf_score_apply(); #MF_EDATA when no record is closed.
 *  @ownership The caller frees `*out` with mf_score_report_free(). */
MF_API int mf_score_report_compute(mf_score_report **out, const mf_score_model *model, const mf_dataset *data,
                                   const mf_graph *graph, const mf_score_report_options *opts);

/** The held-out (cross-validated) report: each closed record scored by a
 *  model fitted without it, beside plain naive Bayes on the same folds.
 *  @errors as mf_score_fit(). */
MF_API int mf_score_report_cross_validate(mf_score_report **out, const mf_dataset *data, const mf_graph *graph,
                                          const mf_score_fit_options *fit, const mf_score_report_options *opts);

/** Releases @p report; NULL is ignored. */
MF_API void mf_score_report_free(mf_score_report *report);

/** Version of ::mf_score_metrics this header describes. */
#define MF_SCORE_METRICS_VERSION 1

/** How well probabilities match outcomes: a versioned result struct. */
typedef struct mf_score_metrics {
  uint32_t version;    /**< Set by the caller: #MF_SCORE_METRICS_VERSION. */
  uint32_t reserved;   /**< 0. */
  uint64_t records;    /**< Closed records scored. */
  uint64_t positives;  /**< Of those, positives. */
  double auc;          /**< Area under the ROC curve (NaN without both outcomes). */
  double brier;        /**< Mean squared error of the probability. */
  double log_loss;     /**< Mean negative log-likelihood. */
  double ece;          /**< Expected calibration error over the report's bins. */
} mf_score_metrics;

/** Initialiser of an ::mf_score_metrics to pass to mf_score_report_metrics(). */
#define MF_SCORE_METRICS_INIT { MF_SCORE_METRICS_VERSION, 0, 0, 0, 0.0, 0.0, 0.0, 0.0 }

/** Whether @p report is cross-validated, its outer folds and the open
 *  records left out (any output may be NULL). */
MF_API int mf_score_report_summary(const mf_score_report *report, int32_t *cross_validated, uint32_t *folds,
                                   uint64_t *open);

/** The metrics of the model (@p plain_naive_bayes 0) or of plain naive
 *  Bayes (1). @errors #MF_ENOTFOUND for plain naive Bayes in a report that
 *  is not cross-validated. */
MF_API int mf_score_report_metrics(const mf_score_report *report, int32_t plain_naive_bayes,
                                   mf_score_metrics *out);

/** Number of rows of the calibration table (0 for NULL). */
MF_API size_t mf_score_report_bin_count(const mf_score_report *report);

/** Row @p index of the calibration table: its bin (1 = lowest
 *  predictions), the lowest, highest and mean prediction, and the observed
 *  rate with its Wilson interval (any output may be NULL).
 *  @errors #MF_ERANGE past the end. */
MF_API int mf_score_report_bin(const mf_score_report *report, size_t index, uint32_t *bin, double *min_probability,
                               double *max_probability, double *mean_probability, mf_rate *observed);

/** The whole report as JSON (the C++ score_report_json()).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_score_report_json(mf_text **out, const mf_score_report *report);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
