/**
 * @file revenue.h
 * @brief The revenue plan and forecast (experimental): a target run back
 * through the funnel, and the open pipeline's expected won revenue.
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
 * mf_revenue_model *model = NULL;
 * mf_plan *plan = NULL;
 * mf_plan_options opts = MF_PLAN_OPTIONS_INIT;
 * mf_plan_stage row = MF_PLAN_STAGE_INIT;
 * opts.target = 1000000;
 * opts.period = "2027-Q1";
 * opts.period_len = 7;
 * if (mf_revenue_model_load_scenario(&model, NULL, path, strlen(path)) == MF_OK &&
 *     mf_plan_compute(&plan, model, &opts) == MF_OK &&
 *     mf_plan_stage_get(plan, 0, &row) == MF_OK)
 *   printf("%s: %llu\n", row.stage.data, (unsigned long long)row.required_p50);
 * mf_plan_free(plan);
 * mf_revenue_model_free(model);
 * @endcode
 */
#ifndef MODELFUNNEL_REVENUE_H
#define MODELFUNNEL_REVENUE_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/graph.h"

#endif /* MODELFUNNEL_REVENUE_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_REVENUE_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_REVENUE_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_revenue Revenue plan and forecast (experimental)
 *  @ingroup mf_c
 *  The C++ revenue.hpp (docs/revenue.md defines every figure). A model —
 *  from a scenario file, measured on a data set, or one overriding the
 *  other — gives an ::mf_plan with mf_plan_compute(); a data set gives an
 *  ::mf_forecast with mf_forecast_compute(). Handles are immutable: read
 *  them from any number of threads.
 *  @{ */

/** Rates, lags, deal sizes and pipeline a plan runs on (C++ RevenueModel). Immutable. */
typedef struct mf_revenue_model mf_revenue_model;

/** Reads the scenario file text @p json (docs/revenue.md, "Scenario files")
 *  and applies it over @p base (NULL: the scenario stands alone and must
 *  give the steps and a deal size).
 *  @errors #MF_EDATA with the JSON path and rule id of the problem, or the
 *  line and column of a syntax error, or the override that does not fit the
 *  base; #MF_EINVAL for NULL @p out or text that is not UTF-8.
 *  @ownership The caller frees `*out` with mf_revenue_model_free(). */
MF_API int mf_revenue_model_from_scenario(mf_revenue_model **out, const mf_revenue_model *base,
                                          const char *json, size_t json_len);

/** As mf_revenue_model_from_scenario(), reading the file at @p path.
 *  @errors as there, the message starting with the path; #MF_ENOTFOUND when
 *  the file does not exist. */
MF_API int mf_revenue_model_load_scenario(mf_revenue_model **out, const mf_revenue_model *base,
                                          const char *path, size_t path_len);

/** Version of ::mf_revenue_measure_options this header describes. */
#define MF_REVENUE_MEASURE_OPTIONS_VERSION 1

/** Options of mf_revenue_model_measure() (the C++ MeasureOptions). Strings
 *  are pointer + byte length, read during the call only. */
typedef struct mf_revenue_measure_options {
  uint32_t version;      /**< #MF_REVENUE_MEASURE_OPTIONS_VERSION. */
  uint32_t threads;      /**< Most threads; 0 (default): the hardware's. */
  const char *period;    /**< The period (`2027-Q1`, `2027-03`, `2027`, `FROM..TO`); required. */
  size_t period_len;     /**< Byte length of @p period. */
  int32_t has_as_of;     /**< Non-zero: @p as_of_micros is "now"; 0: just after the latest event. */
  int64_t as_of_micros;  /**< "Now", microseconds since the epoch. */
  const char *owner;     /**< String attribute naming the owner; empty: the latest event's actor. */
  size_t owner_len;      /**< Byte length of @p owner. */
} mf_revenue_measure_options;

/** Static initialiser of ::mf_revenue_measure_options (no period yet). */
#define MF_REVENUE_MEASURE_OPTIONS_INIT { MF_REVENUE_MEASURE_OPTIONS_VERSION, 0, NULL, 0, 0, 0, NULL, 0 }

/** Initialises @p opts as #MF_REVENUE_MEASURE_OPTIONS_INIT for @p version.
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_revenue_measure_options_init(mf_revenue_measure_options *opts, uint32_t version);

/** Measures a model on @p data against @p graph: step rates with their
 *  counts, lags to a win, won deal sizes, and the pipeline priced.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, a bad
 *  period or owner; #MF_EDATA when nothing was won before as_of.
 *  @ownership The caller frees `*out` with mf_revenue_model_free(). */
MF_API int mf_revenue_model_measure(mf_revenue_model **out, const mf_dataset *data, const mf_graph *graph,
                                    const mf_revenue_measure_options *opts);

/** Releases @p model; NULL is ignored. Plans made from it stay valid. */
MF_API void mf_revenue_model_free(mf_revenue_model *model);

/** Number of stages of @p model (0 for NULL). */
MF_API size_t mf_revenue_model_stage_count(const mf_revenue_model *model);

/** Version of ::mf_plan_options this header describes (2 added the mix). */
#define MF_PLAN_OPTIONS_VERSION 2

/** Options of mf_plan_compute() (the C++ PlanOptions). */
typedef struct mf_plan_options {
  uint32_t version;      /**< #MF_PLAN_OPTIONS_VERSION. */
  uint32_t threads;      /**< Most threads; 0 (default): the hardware's. */
  double target;         /**< Revenue to win in the period (> 0). */
  const char *period;    /**< The period, as for mf_revenue_measure_options; required. */
  size_t period_len;     /**< Byte length of @p period. */
  int32_t has_as_of;     /**< Non-zero: @p as_of_micros marks past weeks; 0: the period's start. */
  int64_t as_of_micros;  /**< "Now", microseconds since the epoch. */
  uint64_t samples;      /**< Monte Carlo samples (default 10000; 0: point figures). */
  uint64_t seed;         /**< Monte Carlo seed (default 42). */
  /** Version 2. For mf_plan_segments_compute() only (mf_plan_compute()
   *  refuses a mix): each segment's share of the target, a JSON object
   *  such as `{"web": 0.6, "partner": 0.4}` (shares in [0, 1] summing to
   *  1 ± 1e-9); NULL or empty (default): each segment's share of the won
   *  revenue. Read during the call only. */
  const char *mix_json;
  size_t mix_json_len;   /**< Byte length of @p mix_json. */
} mf_plan_options;

/** Static initialiser of ::mf_plan_options with the defaults (no target or period yet). */
#define MF_PLAN_OPTIONS_INIT { MF_PLAN_OPTIONS_VERSION, 0, 0.0, NULL, 0, 0, 0, 10000, 42, NULL, 0 }

/** Initialises @p opts as #MF_PLAN_OPTIONS_INIT for @p version.
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_plan_options_init(mf_plan_options *opts, uint32_t version);

/** A plan. Immutable. */
typedef struct mf_plan mf_plan;

/** Runs @p model back from the target.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, a bad
 *  period, a target that is not positive, and models the C++ revenue_plan()
 *  refuses (a rate of 0, no deal size), named in the message.
 *  @ownership The caller frees `*out` with mf_plan_free(). */
MF_API int mf_plan_compute(mf_plan **out, const mf_revenue_model *model, const mf_plan_options *opts);

/** Releases @p plan; NULL is ignored. */
MF_API void mf_plan_free(mf_plan *plan);

/** Version of ::mf_plan_stage this header describes. */
#define MF_PLAN_STAGE_VERSION 1

/** One stage of a plan (the C++ PlanStageRow). Strings are views into the
 *  plan, valid until mf_plan_free(). */
typedef struct mf_plan_stage {
  uint32_t version;          /**< Set to #MF_PLAN_STAGE_VERSION before the call. */
  mf_str stage;              /**< Stage id. */
  mf_str team;               /**< Owning team(s). */
  double required_exact;     /**< Exact real records required. */
  uint64_t required_p10;     /**< 10th percentile, rounded up. */
  uint64_t required_p50;     /**< Median (without uncertainty: the exact quotient rounded up once). */
  uint64_t required_p90;     /**< 90th percentile. */
  int64_t enter_from_micros; /**< First day to enter (midnight UTC). */
  int64_t enter_by_micros;   /**< Last day to enter (midnight UTC). */
  double step_rate;          /**< The step into this stage; NaN at the entry. */
  uint64_t open;             /**< Pipeline records open here. */
  double from_pipeline;      /**< The pipeline at or after this stage, in this stage's records. */
  uint64_t new_needed;       /**< Still needed after the pipeline. */
} mf_plan_stage;

/** Static initialiser of ::mf_plan_stage. */
#define MF_PLAN_STAGE_INIT { MF_PLAN_STAGE_VERSION, { "", 0 }, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Number of stages of @p plan (0 for NULL). */
MF_API size_t mf_plan_stage_count(const mf_plan *plan);

/** Stage @p index of @p plan, entry first.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_plan_stage_get(const mf_plan *plan, size_t index, mf_plan_stage *out);

/** The plan's totals: P(target | pipeline only), P(target | pipeline and
 *  the P50 plan), the pipeline's expected revenue, the mean deal size. Any
 *  output may be NULL. @errors #MF_EINVAL for a NULL plan. */
MF_API int mf_plan_totals(const mf_plan *plan, double *p_pipeline_only, double *p_with_plan,
                          double *pipeline_expected_revenue, double *mean_deal_size);

/** The stages table as CSV (C++ plan_csv()).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_plan_csv(mf_text **out, const mf_plan *plan);

/** The whole plan as JSON (C++ plan_json()): stages, weeks, teams, leverage.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_plan_json(mf_text **out, const mf_plan *plan);

/** A plan by segment (the C++ SegmentedPlan): each value of an attribute
 *  planned with its own measured model for its share of the target, and
 *  the combined volumes. Immutable. */
typedef struct mf_plan_segments mf_plan_segments;

/** Measures one model per value of the string attribute @p by of @p data
 *  (C++ measure_revenue_segments(), with @p measure) and plans each for its
 *  share of `opts->target` (C++ revenue_plan_segments(): `opts->mix_json`,
 *  or each segment's share of the won revenue). Segments that cannot be
 *  planned (no wins, no deal size) are rows with their status, not errors.
 *  @errors #MF_EINVAL for NULL arguments, unknown options versions, a bad
 *  period or target, @p by not a string attribute; #MF_EDATA for a mix
 *  that does not parse or fit (its JSON path and rule, or the segment it
 *  names), or when no segment won revenue to share the target by.
 *  @ownership The caller frees `*out` with mf_plan_segments_free(). */
MF_API int mf_plan_segments_compute(mf_plan_segments **out, const mf_dataset *data, const mf_graph *graph,
                                    const char *by, size_t by_len, const mf_revenue_measure_options *measure,
                                    const mf_plan_options *opts);

/** Releases @p plan; NULL is ignored. */
MF_API void mf_plan_segments_free(mf_plan_segments *plan);

/** Version of ::mf_plan_segment this header describes. */
#define MF_PLAN_SEGMENT_VERSION 1

/** One segment of a plan by segment (the C++ SegmentPlanRow). Strings are
 *  views into the plan, valid until mf_plan_segments_free(). */
typedef struct mf_plan_segment {
  uint32_t version;        /**< Set to #MF_PLAN_SEGMENT_VERSION before the call. */
  mf_str segment;          /**< The attribute's value; empty for the records without one. */
  double share;            /**< Its share of the target. */
  double target;           /**< share × target. */
  uint64_t won_deals;      /**< Won before as_of. */
  double won_revenue;      /**< Their won amounts. */
  mf_str status;           /**< `ok`, `no_share`, `no_wins`, `no_deal_size` or `not_measured`. */
  mf_str note;             /**< Why, for people (empty when ok). */
  double mean_deal_size;   /**< Its plan's (0 when not planned). */
  int32_t planned;         /**< Non-zero when the segment has stages (mf_plan_segments_stage_get()). */
} mf_plan_segment;

/** Static initialiser of ::mf_plan_segment. */
#define MF_PLAN_SEGMENT_INIT { MF_PLAN_SEGMENT_VERSION, { "", 0 }, 0, 0, 0, 0, { "", 0 }, { "", 0 }, 0, 0 }

/** Number of segments of @p plan, planned or not (0 for NULL). */
MF_API size_t mf_plan_segments_count(const mf_plan_segments *plan);

/** Segment @p index of @p plan, in the order of the values' text, the
 *  records without a value last.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_plan_segments_get(const mf_plan_segments *plan, size_t index, mf_plan_segment *out);

/** Number of stages of every planned segment and of the combined rows (0 for NULL). */
MF_API size_t mf_plan_segments_stage_count(const mf_plan_segments *plan);

/** Stage @p stage of segment @p segment's plan (an index as for
 *  mf_plan_segments_get()); with @p segment = mf_plan_segments_count(), the
 *  combined stages (volumes summed over the segments; P10/P50/P90 of the
 *  sum over the Monte Carlo samples).
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE for
 *  a stage past the end, a segment past the combined one, or a segment
 *  that was not planned. */
MF_API int mf_plan_segments_stage_get(const mf_plan_segments *plan, size_t segment, size_t stage,
                                      mf_plan_stage *out);

/** One table as CSV: `stages` (segment, then mf_plan_csv()'s columns; the
 *  combined rows have segment `*`) or `segments` (C++ segmented_plan_csv()).
 *  @errors #MF_EINVAL for an unknown table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_plan_segments_csv(mf_text **out, const mf_plan_segments *plan, const char *table, size_t table_len);

/** The whole plan by segment as JSON (C++ segmented_plan_json()).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_plan_segments_json(mf_text **out, const mf_plan_segments *plan);

/** Version of ::mf_forecast_options this header describes. */
#define MF_FORECAST_OPTIONS_VERSION 1

/** Options of mf_forecast_compute() (the C++ ForecastOptions). */
typedef struct mf_forecast_options {
  uint32_t version;      /**< #MF_FORECAST_OPTIONS_VERSION. */
  uint32_t threads;      /**< Most threads; 0 (default): the hardware's. */
  const char *period;    /**< The period; required. */
  size_t period_len;     /**< Byte length of @p period. */
  int32_t has_as_of;     /**< Non-zero: @p as_of_micros is "now"; 0: just after the latest event. */
  int64_t as_of_micros;  /**< "Now", microseconds since the epoch. */
  const char *owner;     /**< String attribute naming the owner; empty: the latest event's actor. */
  size_t owner_len;      /**< Byte length of @p owner. */
  uint64_t samples;      /**< Monte Carlo samples (default 0: exact or normal). */
  uint64_t seed;         /**< Monte Carlo seed (default 42). */
} mf_forecast_options;

/** Static initialiser of ::mf_forecast_options (no period yet). */
#define MF_FORECAST_OPTIONS_INIT { MF_FORECAST_OPTIONS_VERSION, 0, NULL, 0, 0, 0, NULL, 0, 0, 42 }

/** Initialises @p opts as #MF_FORECAST_OPTIONS_INIT for @p version.
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_forecast_options_init(mf_forecast_options *opts, uint32_t version);

/** A forecast. Immutable. */
typedef struct mf_forecast mf_forecast;

/** Forecasts the records of @p data open at as_of.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, a bad
 *  period or owner, a period ending before as_of; #MF_EDATA when nothing
 *  was won before as_of.
 *  @ownership The caller frees `*out` with mf_forecast_free(). */
MF_API int mf_forecast_compute(mf_forecast **out, const mf_dataset *data, const mf_graph *graph,
                               const mf_forecast_options *opts);

/** Releases @p forecast; NULL is ignored. */
MF_API void mf_forecast_free(mf_forecast *forecast);

/** Version of ::mf_forecast_summary this header describes. */
#define MF_FORECAST_SUMMARY_VERSION 1

/** A forecast's totals (the C++ RevenueForecast's scalars). */
typedef struct mf_forecast_summary {
  uint32_t version;          /**< Set to #MF_FORECAST_SUMMARY_VERSION before the call. */
  uint64_t open_deals;       /**< Records open at as_of. */
  uint64_t amounts_imputed;  /**< Of those, without an amount. */
  double expected;           /**< Expected won revenue. */
  double sd;                 /**< Its standard deviation. */
  double p10;                /**< 10th percentile. */
  double p50;                /**< Median. */
  double p90;                /**< 90th percentile. */
  double won_so_far;         /**< Won inside the period before as_of. */
  int32_t method;            /**< 0 exact, 1 normal, 2 Monte Carlo. */
  double cdf_error_bound;    /**< Berry–Esseen bound (normal only). */
} mf_forecast_summary;

/** Static initialiser of ::mf_forecast_summary. */
#define MF_FORECAST_SUMMARY_INIT { MF_FORECAST_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** The totals of @p forecast.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_forecast_summary_get(const mf_forecast *forecast, mf_forecast_summary *out);

/** One table as CSV: `summary`, `stages`, `owners`, `teams`, `categories`,
 *  `rollups` or `curve` (C++ forecast_csv()).
 *  @errors #MF_EINVAL for an unknown table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_forecast_csv(mf_text **out, const mf_forecast *forecast, const char *table, size_t table_len);

/** The whole forecast as JSON (C++ forecast_json()).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_forecast_json(mf_text **out, const mf_forecast *forecast);

/** Version of ::mf_movement_options this header describes. */
#define MF_MOVEMENT_OPTIONS_VERSION 1

/** Options of mf_movement_compute() (the C++ MovementOptions). */
typedef struct mf_movement_options {
  uint32_t version;          /**< #MF_MOVEMENT_OPTIONS_VERSION. */
  uint32_t threads;          /**< Most threads; 0 (default): the hardware's. */
  int64_t from_micros;       /**< The opening instant, microseconds since the epoch. */
  int64_t to_micros;         /**< The closing instant (after from). */
  const char *period;        /**< The close-date window (`2027-Q1`, ...); NULL or empty: every open deal. */
  size_t period_len;         /**< Byte length of @p period. */
  const char *first_stage;   /**< The pipeline's first stage; NULL or empty: the first with a forecast category. */
  size_t first_stage_len;    /**< Byte length of @p first_stage. */
} mf_movement_options;

/** Static initialiser of ::mf_movement_options (no dates yet). */
#define MF_MOVEMENT_OPTIONS_INIT { MF_MOVEMENT_OPTIONS_VERSION, 0, 0, 0, NULL, 0, NULL, 0 }

/** Initialises @p opts as #MF_MOVEMENT_OPTIONS_INIT for @p version.
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_movement_options_init(mf_movement_options *opts, uint32_t version);

/** A pipeline movement. Immutable. */
typedef struct mf_movement mf_movement;

/** The movement of @p data's pipeline between two instants: every deal in
 *  the pipeline at either in one bucket, opening + changes = closing.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, `to`
 *  not after `from`, a bad period or first stage; #MF_ERANGE when a total
 *  passes the amount range.
 *  @ownership The caller frees `*out` with mf_movement_free(). */
MF_API int mf_movement_compute(mf_movement **out, const mf_dataset *data, const mf_graph *graph,
                               const mf_movement_options *opts);

/** Releases @p movement; NULL is ignored. */
MF_API void mf_movement_free(mf_movement *movement);

/** Version of ::mf_movement_bucket this header describes. */
#define MF_MOVEMENT_BUCKET_VERSION 1

/** One bucket (the C++ MovementBucketRow). Amounts are in currency units;
 *  the `_scaled` fields are exact (units × 10,000), so that opening +
 *  changes = closing holds exactly in them. */
typedef struct mf_movement_bucket {
  uint32_t version;              /**< Set to #MF_MOVEMENT_BUCKET_VERSION before the call. */
  mf_str bucket;                 /**< `new`, `pulled_in`, `increased`, `decreased`, `pushed_out`, `won`, `lost`, `carried` (static). */
  uint64_t deals;                /**< Deals whose primary bucket it is. */
  int64_t count_change;          /**< +deals, −deals or 0. */
  double amount_from;            /**< Their amounts in the opening pipeline. */
  double amount_to;              /**< In the closing pipeline. */
  double amount_change;          /**< amount_to − amount_from. */
  int64_t amount_change_scaled;  /**< The same, exactly, × 10,000. */
} mf_movement_bucket;

/** Static initialiser of ::mf_movement_bucket. */
#define MF_MOVEMENT_BUCKET_INIT { MF_MOVEMENT_BUCKET_VERSION, { "", 0 }, 0, 0, 0, 0, 0, 0 }

/** Number of buckets of @p movement (8; 0 for NULL). */
MF_API size_t mf_movement_bucket_count(const mf_movement *movement);

/** Bucket @p index of @p movement, in the order new, pulled_in, increased,
 *  decreased, pushed_out, won, lost, carried.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_movement_bucket_get(const mf_movement *movement, size_t index, mf_movement_bucket *out);

/** Version of ::mf_movement_summary this header describes. */
#define MF_MOVEMENT_SUMMARY_VERSION 1

/** A movement's totals and slip (the C++ PipelineMovement's scalars). */
typedef struct mf_movement_summary {
  uint32_t version;                /**< Set to #MF_MOVEMENT_SUMMARY_VERSION before the call. */
  uint64_t opening_deals;          /**< Deals in the pipeline at from. */
  double opening_amount;           /**< Their amounts. */
  int64_t opening_amount_scaled;   /**< Exactly, × 10,000. */
  uint64_t closing_deals;          /**< Deals in the pipeline at to. */
  double closing_amount;           /**< Their amounts. */
  int64_t closing_amount_scaled;   /**< Exactly, × 10,000. */
  uint64_t pushes;                 /**< Close-date pushes between from and to. */
  uint64_t deals_pushed;           /**< Records pushed at least once before to. */
  uint64_t deals_pushed_again;     /**< Of them, pushed at least twice. */
  double slip_rate;                /**< deals_pushed_again / deals_pushed; NaN when none. */
} mf_movement_summary;

/** Static initialiser of ::mf_movement_summary. */
#define MF_MOVEMENT_SUMMARY_INIT { MF_MOVEMENT_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** The totals of @p movement.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_movement_summary_get(const mf_movement *movement, mf_movement_summary *out);

/** One table as CSV: `buckets`, `summary` or `deals` (C++ movement_csv()).
 *  @errors #MF_EINVAL for an unknown table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_movement_csv(mf_text **out, const mf_movement *movement, const char *table, size_t table_len);

/** The whole movement as JSON (C++ movement_json()): totals, buckets, deals.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_movement_json(mf_text **out, const mf_movement *movement);

/** Version of ::mf_backtest_options this header describes. */
#define MF_BACKTEST_OPTIONS_VERSION 1

/** Options of mf_backtest_compute() (the C++ BacktestOptions). */
typedef struct mf_backtest_options {
  uint32_t version;          /**< #MF_BACKTEST_OPTIONS_VERSION. */
  uint32_t threads;          /**< Most threads; 0 (default): the hardware's. */
  const char *every;         /**< `month` or `quarter`; NULL or empty: `month`. */
  size_t every_len;          /**< Byte length of @p every. */
  int64_t min_history_days;  /**< History a forecast needs (default 180). */
  const char *owner;         /**< String attribute naming the owner; empty: the latest event's actor. */
  size_t owner_len;          /**< Byte length of @p owner. */
  int32_t plan;              /**< Non-zero: backtest the plan too (`forecast --backtest --plan`). */
  uint64_t plan_samples;     /**< The plans' Monte Carlo samples (default 2000). */
  uint64_t seed;             /**< Their seed (default 42). */
} mf_backtest_options;

/** Static initialiser of ::mf_backtest_options with the defaults. */
#define MF_BACKTEST_OPTIONS_INIT { MF_BACKTEST_OPTIONS_VERSION, 0, NULL, 0, 180, NULL, 0, 0, 2000, 42 }

/** Initialises @p opts as #MF_BACKTEST_OPTIONS_INIT for @p version.
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_backtest_options_init(mf_backtest_options *opts, uint32_t version);

/** A backtest of the forecast (and of the plan, when asked). Immutable. */
typedef struct mf_backtest mf_backtest;

/** Forecasts each past month or quarter of @p data from its start and
 *  compares with what happened (C++ revenue_backtest()); with `opts->plan`
 *  also the plan made then for what the period won, against the records
 *  that came.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, an
 *  unknown `every` or owner; #MF_EDATA when no period can be tested.
 *  @ownership The caller frees `*out` with mf_backtest_free(). */
MF_API int mf_backtest_compute(mf_backtest **out, const mf_dataset *data, const mf_graph *graph,
                               const mf_backtest_options *opts);

/** Releases @p backtest; NULL is ignored. */
MF_API void mf_backtest_free(mf_backtest *backtest);

/** Version of ::mf_backtest_summary this header describes. */
#define MF_BACKTEST_SUMMARY_VERSION 1

/** A backtest's totals (the C++ RevenueBacktest's scalars). */
typedef struct mf_backtest_summary {
  uint32_t version;       /**< Set to #MF_BACKTEST_SUMMARY_VERSION before the call. */
  uint64_t periods;       /**< Periods backtested. */
  double coverage;        /**< Share of periods whose actual fell in the forecast's P10–P90. */
  double bias;            /**< Σ(expected − actual) / Σ actual. */
  double mape;            /**< Mean |expected − actual| / actual. */
  uint64_t plan_rows;     /**< Rows of the plan's backtest (periods × stages; 0 without `plan`). */
  uint64_t plan_stages;   /**< Stages of the plan's backtest summary. */
} mf_backtest_summary;

/** Static initialiser of ::mf_backtest_summary. */
#define MF_BACKTEST_SUMMARY_INIT { MF_BACKTEST_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0 }

/** The totals of @p backtest.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_backtest_summary_get(const mf_backtest *backtest, mf_backtest_summary *out);

/** Version of ::mf_backtest_period this header describes. */
#define MF_BACKTEST_PERIOD_VERSION 1

/** One backtested period of the forecast (the C++ BacktestRow). */
typedef struct mf_backtest_period {
  uint32_t version;       /**< Set to #MF_BACKTEST_PERIOD_VERSION before the call. */
  int64_t begin_micros;   /**< The period's first instant (the forecast was made then). */
  int64_t end_micros;     /**< Its end (exclusive). */
  uint64_t deals;         /**< Records open at its start. */
  double expected;        /**< Forecast expected revenue. */
  double p10;             /**< Forecast 10th percentile. */
  double p90;             /**< Forecast 90th percentile. */
  double actual;          /**< What those records won inside the period. */
  int32_t covered;        /**< Non-zero when p10 ≤ actual ≤ p90. */
} mf_backtest_period;

/** Static initialiser of ::mf_backtest_period. */
#define MF_BACKTEST_PERIOD_INIT { MF_BACKTEST_PERIOD_VERSION, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Period @p index of @p backtest, in time order (mf_backtest_summary_get()'s `periods`).
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_backtest_period_get(const mf_backtest *backtest, size_t index, mf_backtest_period *out);

/** Version of ::mf_backtest_plan_row this header describes. */
#define MF_BACKTEST_PLAN_ROW_VERSION 1

/** One stage of one backtested plan (the C++ PlanBacktestRow). Strings
 *  are views into the backtest, valid until mf_backtest_free(). */
typedef struct mf_backtest_plan_row {
  uint32_t version;          /**< Set to #MF_BACKTEST_PLAN_ROW_VERSION before the call. */
  int64_t begin_micros;      /**< The period's first instant (the plan was made then). */
  int64_t end_micros;        /**< Its end (exclusive). */
  mf_str stage;              /**< Stage id. */
  double target;             /**< What the period won (the plan's target). */
  uint64_t required_p10;     /**< The plan's volume, 10th percentile. */
  uint64_t required_p50;     /**< Median. */
  uint64_t required_p90;     /**< 90th percentile. */
  int64_t enter_from_micros; /**< The plan's window: first day. */
  int64_t enter_by_micros;   /**< Last day. */
  uint64_t entered;          /**< Records whose date at the stage fell in the window. */
  double entered_effective;  /**< Records counted as the plan counts them. */
  int32_t covered;           /**< Non-zero when required_p10 ≤ entered_effective ≤ required_p90. */
} mf_backtest_plan_row;

/** Static initialiser of ::mf_backtest_plan_row. */
#define MF_BACKTEST_PLAN_ROW_INIT { MF_BACKTEST_PLAN_ROW_VERSION, 0, 0, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Row @p index of the plan's backtest, by period then stage.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_backtest_plan_row_get(const mf_backtest *backtest, size_t index, mf_backtest_plan_row *out);

/** Version of ::mf_backtest_plan_stage this header describes. */
#define MF_BACKTEST_PLAN_STAGE_VERSION 1

/** One stage of the plan's backtest over all periods (the C++ PlanBacktestStageRow). */
typedef struct mf_backtest_plan_stage {
  uint32_t version;    /**< Set to #MF_BACKTEST_PLAN_STAGE_VERSION before the call. */
  mf_str stage;        /**< Stage id (a view, valid until mf_backtest_free()). */
  uint64_t periods;    /**< Periods planned. */
  double coverage;     /**< Share whose entered_effective fell in the plan's P10–P90. */
  double bias;         /**< Σ(required_p50 − entered_effective) / Σ entered_effective. */
  double mape;         /**< Mean |required_p50 − entered_effective| / entered_effective. */
} mf_backtest_plan_stage;

/** Static initialiser of ::mf_backtest_plan_stage. */
#define MF_BACKTEST_PLAN_STAGE_INIT { MF_BACKTEST_PLAN_STAGE_VERSION, { "", 0 }, 0, 0, 0, 0 }

/** Stage @p index of the plan's backtest summary, in main-path order.
 *  @errors #MF_EINVAL for NULL or an unknown `out->version`; #MF_ERANGE past the end. */
MF_API int mf_backtest_plan_stage_get(const mf_backtest *backtest, size_t index, mf_backtest_plan_stage *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
