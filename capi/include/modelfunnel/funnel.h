/**
 * @file funnel.h
 * @brief The funnel report: reach, conversion, velocity, drop-off, team KPIs
 * and bottlenecks of a data set against a stage graph.
 *
 * @code
 * mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
 * mf_funnel_report *report = NULL;
 * mf_text *csv = NULL;
 * if (mf_funnel_compute(&report, data, graph, &opts) == MF_OK &&
 *     mf_funnel_csv(&csv, report, MF_FUNNEL_TABLE_FUNNEL) == MF_OK)
 *   fwrite(mf_text_view(csv).data, 1, mf_text_view(csv).size, stdout);
 * mf_text_free(csv);
 * mf_funnel_free(report);
 * @endcode
 */
#ifndef MODELFUNNEL_FUNNEL_H
#define MODELFUNNEL_FUNNEL_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/figures.h"
#include "modelfunnel/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_funnel Funnel reports
 *  @ingroup mf_c
 *  Reach, conversion, velocity, drop-off, team KPIs and bottlenecks of a data
 *  set against a stage graph (the C++ funnel_report(); docs/funnel-report.md
 *  defines every figure). Compute a report with mf_funnel_compute(), read it
 *  through the accessors below or as CSV / JSON text, and free it with
 *  mf_funnel_free().
 *
 *  A report has groups (the total first, then one per combination of the
 *  `by` attribute values, and per time bucket when bucketed); each group has
 *  one stage row per main-path stage (mf_funnel_stage_count(), the same for
 *  every group) and one team row per team. Indexes are `group`, `stage`
 *  (position on the main path) and `team`; an index out of range gives
 *  #MF_ERANGE.
 *
 *  Figures that can gain parts come as versioned structs (::mf_rate,
 *  ::mf_durations): the caller sets `version` (use #MF_RATE_INIT /
 *  #MF_DURATIONS_INIT) and the library fills the fields of that version
 *  only, so a program built against this header keeps working with a later
 *  library whose structs have grown.
 *  @{ */

/** When a record counts as having reached a stage. Values are frozen. */
typedef enum mf_funnel_passage {
  MF_FUNNEL_PASSAGE_IMPLIED = 0, /**< An event at the stage or at a later main-path stage. */
  MF_FUNNEL_PASSAGE_OBSERVED = 1 /**< Only an event at the stage itself. */
} mf_funnel_passage;

/** Which records and entries a report counts. Values are frozen. */
typedef enum mf_funnel_mode {
  MF_FUNNEL_COHORT = 0, /**< Records whose funnel entry is in [from, to), followed forward. */
  MF_FUNNEL_PERIOD = 1  /**< Stage entries made in [from, to), whoever made them. */
} mf_funnel_mode;

/** The tables of mf_funnel_csv(). Values are frozen; new ones may be added. */
typedef enum mf_funnel_table {
  MF_FUNNEL_TABLE_FUNNEL = 0,     /**< Reached, conversion from the previous stage, median days from the entry stage, won revenue. */
  MF_FUNNEL_TABLE_STAGES = 1,     /**< Every rate with its interval, every duration summary, per group and stage. */
  MF_FUNNEL_TABLE_DROPOFF = 2,    /**< Where the records whose furthest stage it is went, per group and stage. */
  MF_FUNNEL_TABLE_REASONS = 3,    /**< Loss reasons and their counts, per group and stage. */
  MF_FUNNEL_TABLE_GROUPS = 4,     /**< Records, outcomes, win rate, revenue, sales cycle, path facts, per group. */
  MF_FUNNEL_TABLE_TEAMS = 5,      /**< Input, output, conversion, velocity, quality, per group and team. */
  MF_FUNNEL_TABLE_BOTTLENECKS = 6 /**< The bottleneck ranking with the reason for each flag. */
} mf_funnel_table;

/** Which rate of a stage row mf_funnel_stage_rate() reads. Values are frozen. */
typedef enum mf_funnel_stage_rate_kind {
  MF_FUNNEL_STAGE_RATE_STEP = 0,   /**< Against the previous main-path stage (empty for the entry stage). */
  MF_FUNNEL_STAGE_RATE_OVERALL = 1 /**< Against the entry stage. */
} mf_funnel_stage_rate_kind;

/** Which durations of a stage row mf_funnel_stage_durations() reads.
 *  Values are frozen. */
typedef enum mf_funnel_stage_durations_kind {
  MF_FUNNEL_DURATIONS_FROM_ENTRY = 0, /**< First entry here minus first entry at the entry stage. */
  MF_FUNNEL_DURATIONS_IN_STAGE = 1,   /**< First entry here until the first entry at a later main-path stage. */
  MF_FUNNEL_DURATIONS_AGING = 2       /**< `as_of` minus first entry here, over records still open here. */
} mf_funnel_stage_durations_kind;

/** Which rate of a team row mf_funnel_team_rate() reads. Values are frozen. */
typedef enum mf_funnel_team_rate_kind {
  MF_FUNNEL_TEAM_RATE_CONVERSION = 0, /**< Output / input. */
  MF_FUNNEL_TEAM_RATE_QUALITY = 1     /**< Share of the output that reached won. */
} mf_funnel_team_rate_kind;

/** Duration figures of a report, as bits of mf_funnel_options::omit_durations.
 *  Counts and rates are always computed; each duration figure keeps one value
 *  per record and stage (for exact quantiles), and those values are most of
 *  a report's time and memory. Values are frozen. */
typedef enum mf_funnel_duration_figure {
  MF_FUNNEL_FIGURE_FROM_ENTRY = 1,     /**< Stage durations #MF_FUNNEL_DURATIONS_FROM_ENTRY. */
  MF_FUNNEL_FIGURE_IN_STAGE = 2,       /**< Stage durations #MF_FUNNEL_DURATIONS_IN_STAGE. */
  MF_FUNNEL_FIGURE_AGING = 4,          /**< Stage durations #MF_FUNNEL_DURATIONS_AGING. */
  MF_FUNNEL_FIGURE_CYCLE = 8,          /**< mf_funnel_group_cycle(). */
  MF_FUNNEL_FIGURE_TEAM_VELOCITY = 16  /**< mf_funnel_team_velocity(). */
} mf_funnel_duration_figure;

/** Version of ::mf_funnel_options this header describes (2 added
 *  @p omit_durations, 3 added @p threads). */
#define MF_FUNNEL_OPTIONS_VERSION 3

/** Options for mf_funnel_compute(). Optional values carry a `has_` flag;
 *  lists are a pointer and a count (the pointer may be NULL only when the
 *  count is 0), and their strings are NUL-terminated UTF-8. Single strings
 *  are pointer + byte length, as everywhere in this API. All pointed-to
 *  data is read during mf_funnel_compute() only. */
typedef struct mf_funnel_options {
  uint32_t version;         /**< #MF_FUNNEL_OPTIONS_VERSION. */
  int32_t passage;          /**< An ::mf_funnel_passage (default #MF_FUNNEL_PASSAGE_IMPLIED). */
  int32_t mode;             /**< An ::mf_funnel_mode (default #MF_FUNNEL_COHORT). */
  int32_t bucket;           /**< An ::mf_time_bucket (default #MF_BUCKET_NONE). */
  int32_t has_from;         /**< 1 when @p from is set. */
  int32_t has_to;           /**< 1 when @p to is set. */
  int64_t from;             /**< Start of the date range (inclusive), µs since the epoch. */
  int64_t to;               /**< End of the date range (exclusive), µs since the epoch. */
  int32_t has_window_days;  /**< 1 when @p window_days is set (cohort mode only). */
  int32_t window_per_step;  /**< 1: measure the window from each stage's date (docs/funnel-report.md). */
  int64_t window_days;      /**< Conversion window in days (>= 0). */
  int32_t has_as_of;        /**< 1 when @p as_of is set (default: the latest time of an event at a stage the graph has). */
  int32_t has_baseline;     /**< 1 when the baseline period is set. */
  int64_t as_of;            /**< "Now" for aging and censoring, µs since the epoch. */
  int64_t baseline_from;    /**< Start of the baseline period (inclusive), µs. */
  int64_t baseline_to;      /**< End of the baseline period (exclusive), µs. */
  uint64_t min_sample;      /**< Denominators below this are small samples (default 30). */
  double significance;      /**< Level of the bottleneck tests, in (0, 1) (default 0.05). */
  const char *const *by;    /**< Attributes to break the report down by, jointly. */
  size_t by_count;          /**< Number of strings at @p by. */
  const char *cycle_from;   /**< Stage where the sales cycle starts; empty: the entry stage. */
  size_t cycle_from_len;    /**< Byte length of @p cycle_from. */
  const char *team_attribute;   /**< String attribute naming a record's team; empty: no team assignment. */
  size_t team_attribute_len;    /**< Byte length of @p team_attribute. */
  const char *const *team_values; /**< Attribute values, paired with @p team_ids. */
  const char *const *team_ids;    /**< The team of each of @p team_values. */
  size_t team_count;              /**< Number of pairs at @p team_values / @p team_ids. */
  const char *team_default;       /**< Team for other and missing values. */
  size_t team_default_len;        /**< Byte length of @p team_default. */
  const char *const *target_stages; /**< Main-path stages with a target step conversion. */
  const double *target_rates;       /**< The target of each of @p target_stages, in [0, 1]. */
  size_t target_count;              /**< Number of targets. */
  /** Version 2. ::mf_funnel_duration_figure bits of the figures to leave out (0,
   *  the default: compute every one). A figure left out reads with
   *  mf_durations::computed 0. */
  uint32_t omit_durations;
  /** Version 3. How many threads the report may use; 0 (the default): as
   *  many as the hardware has. */
  uint32_t threads;
} mf_funnel_options;

/** Static initialiser of ::mf_funnel_options with the defaults: a cohort
 *  report of every record with implied passage, no breakdown, no window,
 *  min_sample 30, significance 0.05. */
#define MF_FUNNEL_OPTIONS_INIT                                                           \
  { MF_FUNNEL_OPTIONS_VERSION, MF_FUNNEL_PASSAGE_IMPLIED, MF_FUNNEL_COHORT, MF_BUCKET_NONE, \
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0.05, NULL, 0, NULL, 0, NULL, 0,               \
    NULL, NULL, 0, NULL, 0, NULL, NULL, 0, 0, 0 }

/** Initialises @p opts to the defaults of @p version (as #MF_FUNNEL_OPTIONS_INIT).
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_funnel_options_init(mf_funnel_options *opts, uint32_t version);

/** A computed funnel report. Immutable. */
typedef struct mf_funnel_report mf_funnel_report;

/** Computes the funnel report of @p data against @p graph.
 *  @param[out] out the report.
 *  @param data     the data set.
 *  @param graph    the stage graph.
 *  @param opts     options, or NULL for the defaults.
 *  @errors #MF_EINVAL for NULL arguments, an options version this library
 *  does not know, an unknown enum value, invalid UTF-8, and for options the
 *  C++ funnel_report() refuses, with the option named in the message: an
 *  unknown `by`, `cycle_from` or team attribute or stage, `from` not before
 *  `to`, a negative window or a window in period mode, `window_per_step`
 *  without a window, a baseline not ending after it starts, a target rate
 *  outside [0, 1] or for a stage not on the main path after the entry, a
 *  significance outside (0, 1).
 *  @ownership The caller frees `*out` with mf_funnel_free(). The report
 *  does not refer to @p data, @p graph or @p opts afterwards.
 *  @threadsafety Any thread; the computation may use up to two threads of its own. */
MF_API int mf_funnel_compute(mf_funnel_report **out, const mf_dataset *data, const mf_graph *graph,
                             const mf_funnel_options *opts);

/** Releases @p report; NULL is ignored. Views obtained from it become invalid. */
MF_API void mf_funnel_free(mf_funnel_report *report);

/** One table of @p report as CSV (a header line, newline line ends, numbers as
 *  C `%.6g`, empty fields for undefined values); the `funnel` table is
 *  byte for byte the peer benchmark's report-spec.md format.
 *  @param[out] out the text.
 *  @param report   the report.
 *  @param table    an ::mf_funnel_table.
 *  @errors #MF_EINVAL for NULL arguments or an unknown table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_funnel_csv(mf_text **out, const mf_funnel_report *report, int table);

/** The whole report as one JSON document (full precision, null for
 *  undefined values).
 *  @errors #MF_EINVAL for NULL arguments.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_funnel_json(mf_text **out, const mf_funnel_report *report);

/** Report-level counts (any output may be NULL).
 *  @param report                      the report.
 *  @param[out] records_outside_funnel records with no main-path event (counted nowhere else).
 *  @param[out] events_unknown_stage   events at stages the graph lacks (ignored).
 *  @param[out] events_without_time    events with no time (count for reach only).
 *  @errors #MF_EINVAL for a NULL report. */
MF_API int mf_funnel_counts(const mf_funnel_report *report, uint64_t *records_outside_funnel,
                            uint64_t *events_unknown_stage, uint64_t *events_without_time);

/** The "now" the report used for aging and censoring, µs since the epoch.
 *  @errors #MF_EINVAL for NULL arguments. */
MF_API int mf_funnel_as_of(const mf_funnel_report *report, int64_t *out);

/** Number of breakdown attributes (the options' `by`; 0 for NULL). */
MF_API size_t mf_funnel_by_count(const mf_funnel_report *report);

/** Breakdown attribute @p index. @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_by(const mf_funnel_report *report, size_t index, mf_str *out);

/** Number of main-path stages, i.e. stage rows per group (0 for NULL). */
MF_API size_t mf_funnel_stage_count(const mf_funnel_report *report);

/** Number of groups (0 for NULL). Group 0 is the total of all records;
 *  then groups follow by key (byte order, missing values last) and bucket.
 *  With a time bucket, each bucket has its own total group. */
MF_API size_t mf_funnel_group_count(const mf_funnel_report *report);

/** Group @p group (any output may be NULL).
 *  @param report          the report.
 *  @param group           group index, below mf_funnel_group_count().
 *  @param[out] total      1 for a total group (key values `*`), else 0.
 *  @param[out] has_bucket 1 when the group is one time bucket.
 *  @param[out] bucket     start of the bucket, µs since the epoch (0 without).
 *  @param[out] records    records counted in the group.
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for a NULL report. */
MF_API int mf_funnel_group(const mf_funnel_report *report, size_t group, int *total,
                           int *has_bucket, int64_t *bucket, uint64_t *records);

/** The value of breakdown attribute @p key (below mf_funnel_by_count()) in
 *  group @p group, as text (any output may be NULL). A total group has no
 *  key values: `*present` is 0 for it, as for a missing value.
 *  @param report       the report.
 *  @param group        group index.
 *  @param key          breakdown attribute index.
 *  @param[out] present 1 when the group has a value, 0 for a missing value or a total group.
 *  @param[out] value   the value (an empty view when not present).
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_group_key(const mf_funnel_report *report, size_t group, size_t key,
                               int *present, mf_str *value);

/** Outcomes in group @p group: records whose latest event is at a won,
 *  lost, open or nurture stage (any output may be NULL).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_funnel_group_outcomes(const mf_funnel_report *report, size_t group, uint64_t *won,
                                    uint64_t *lost, uint64_t *open, uint64_t *nurture);

/** The win rate of group @p group: won / (won + lost), closed records only.
 *  @param report   the report.
 *  @param group    group index.
 *  @param[out] out the rate; set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown
 *  `out->version` (then nothing is written). */
MF_API int mf_funnel_group_win_rate(const mf_funnel_report *report, size_t group, mf_rate *out);

/** Won revenue of group @p group: over records that reached the main path's
 *  won stage, the amount of their first event there (largest among ties; no
 *  amount counts 0). Either output may be NULL.
 *  @param report      the report.
 *  @param group       group index.
 *  @param[out] scaled exact, in ten-thousandths of a currency unit.
 *  @param[out] value  the same as a double.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_funnel_group_won_revenue(const mf_funnel_report *report, size_t group,
                                       int64_t *scaled, double *value);

/** The sales cycle of group @p group: days from the record's date at the
 *  options' `cycle_from` stage (the earliest event there or at a later
 *  main-path stage) to the close, over closed records that reached it.
 *  @param report   the report.
 *  @param group    group index.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown
 *  `out->version`. */
MF_API int mf_funnel_group_cycle(const mf_funnel_report *report, size_t group, mf_durations *out);

/** How records of group @p group moved (any output may be NULL).
 *  @param report                the report.
 *  @param group                 group index.
 *  @param[out] skipped          records with a main-path stage missing before one they reached.
 *  @param[out] moved_backwards  records with an event at an earlier main-path stage than one before it.
 *  @param[out] reentered        records with several events at one stage.
 *  @param[out] reopened         records with an open-stage event after a lost one.
 *  @param[out] nurtured         records with an event at a nurture stage.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_funnel_group_paths(const mf_funnel_report *report, size_t group, uint64_t *skipped,
                                 uint64_t *moved_backwards, uint64_t *reentered,
                                 uint64_t *reopened, uint64_t *nurtured);

/** Stage row @p stage (main-path position) of group @p group (any output may be NULL).
 *  @param report        the report.
 *  @param group         group index.
 *  @param stage         main-path position, below mf_funnel_stage_count().
 *  @param[out] id       the stage id.
 *  @param[out] reached  records that reached it (see ::mf_funnel_passage).
 *  @param[out] observed of those, records with an event at it.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_stage(const mf_funnel_report *report, size_t group, size_t stage, mf_str *id,
                           uint64_t *reached, uint64_t *observed);

/** A conversion rate of a stage row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param stage    main-path position.
 *  @param which    an ::mf_funnel_stage_rate_kind.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_funnel_stage_rate(const mf_funnel_report *report, size_t group, size_t stage,
                                int which, mf_rate *out);

/** A duration summary of a stage row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param stage    main-path position.
 *  @param which    an ::mf_funnel_stage_durations_kind.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_funnel_stage_durations(const mf_funnel_report *report, size_t group, size_t stage,
                                     int which, mf_durations *out);

/** Drop-off at a stage: what became of the records that reached it. Those
 *  that went on to a later main-path stage count as @p advanced; the others
 *  (whose furthest main-path stage it is) by fate. At the won stage
 *  @p advanced is 0 and the other four count deals that moved on after
 *  winning (lost, nurtured, re-opened); a deal that stays won counts in
 *  none. Any output may be NULL.
 *  @param report        the report.
 *  @param group         group index.
 *  @param stage         main-path position.
 *  @param[out] advanced went on to a later main-path stage.
 *  @param[out] lost     furthest here, latest event at a lost stage.
 *  @param[out] nurture  furthest here, latest event at a nurture stage.
 *  @param[out] open     still open here, with no window or a window not closed at `as_of` (censored).
 *  @param[out] expired  still open here, but the conversion window closed (stalled).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_funnel_stage_dropoff(const mf_funnel_report *report, size_t group, size_t stage,
                                   uint64_t *advanced, uint64_t *lost, uint64_t *nurture,
                                   uint64_t *open, uint64_t *expired);

/** Number of loss reasons of a stage row (0 for NULL or bad indexes). */
MF_API size_t mf_funnel_reason_count(const mf_funnel_report *report, size_t group, size_t stage);

/** Loss reason @p index of a stage row, most frequent first (ties by
 *  reason); either output may be NULL.
 *  @param report      the report.
 *  @param group       group index.
 *  @param stage       main-path position.
 *  @param index       reason index, below mf_funnel_reason_count().
 *  @param[out] reason as recorded; empty when the loss event has none.
 *  @param[out] count  records lost with it.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_reason(const mf_funnel_report *report, size_t group, size_t stage,
                            size_t index, mf_str *reason, uint64_t *count);

/** Number of team rows of group @p group (0 for NULL or a bad index). */
MF_API size_t mf_funnel_team_count(const mf_funnel_report *report, size_t group);

/** Team row @p team of group @p group (any output may be NULL).
 *  @param report      the report.
 *  @param group       group index.
 *  @param team        team index, below mf_funnel_team_count().
 *  @param[out] id     team id (joint owners joined by `|`).
 *  @param[out] input  records that reached one of its stages.
 *  @param[out] output records handed on (reached the stage after its last one; won for the team owning won).
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_team(const mf_funnel_report *report, size_t group, size_t team, mf_str *id,
                          uint64_t *input, uint64_t *output);

/** Number of main-path stages of a team row (0 for NULL or bad indexes). */
MF_API size_t mf_funnel_team_stage_count(const mf_funnel_report *report, size_t group, size_t team);

/** Main-path stage @p index of a team row.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_funnel_team_stage(const mf_funnel_report *report, size_t group, size_t team,
                                size_t index, mf_str *out);

/** A rate of a team row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param team     team index.
 *  @param which    an ::mf_funnel_team_rate_kind.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_funnel_team_rate(const mf_funnel_report *report, size_t group, size_t team, int which,
                               mf_rate *out);

/** The velocity of a team row: days from its first stage's entry until the hand-off.
 *  @param report   the report.
 *  @param group    group index.
 *  @param team     team index.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_funnel_team_velocity(const mf_funnel_report *report, size_t group, size_t team,
                                   mf_durations *out);

/** Number of bottleneck rows: the steps of the main path, measured on all
 *  records, ranked by revenue per point (0 for NULL). */
MF_API size_t mf_funnel_bottleneck_count(const mf_funnel_report *report);

/** Bottleneck @p index (any output may be NULL).
 *  @param report                 the report.
 *  @param index                  bottleneck index, below mf_funnel_bottleneck_count().
 *  @param[out] stage             the stage id (the step into it).
 *  @param[out] revenue_per_point expected extra won revenue if the step's conversion rose by one percentage point.
 *  @param[out] flagged           1 when significantly below its baseline or target.
 *  @param[out] p_value           one-sided p-value of the test; NaN when untested.
 *  @param[out] reason            why it is flagged, cleared or untested, in words.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership Views owned by @p report. */
MF_API int mf_funnel_bottleneck(const mf_funnel_report *report, size_t index, mf_str *stage,
                                double *revenue_per_point, int *flagged, double *p_value,
                                mf_str *reason);

/** The step's conversion in the report, for bottleneck @p index.
 *  @param report   the report.
 *  @param index    bottleneck index.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_funnel_bottleneck_rate(const mf_funnel_report *report, size_t index, mf_rate *out);

/** The same step in the baseline period, for bottleneck @p index.
 *  @param report       the report.
 *  @param index        bottleneck index.
 *  @param[out] present 1 when the options had a baseline (may be NULL).
 *  @param[out] out     the baseline rate, left untouched without a
 *                      baseline; set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_funnel_bottleneck_baseline(const mf_funnel_report *report, size_t index, int *present,
                                         mf_rate *out);

/** The configured target rate of bottleneck @p index (either output may be NULL).
 *  @param report       the report.
 *  @param index        bottleneck index.
 *  @param[out] present 1 when the options set a target for the stage.
 *  @param[out] target  the target, 0 when absent.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_funnel_bottleneck_target(const mf_funnel_report *report, size_t index, int *present,
                                       double *target);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_FUNNEL_H */
