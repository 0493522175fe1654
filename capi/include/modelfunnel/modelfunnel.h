/**
 * @file modelfunnel.h
 * @brief The modelfunnel C ABI: stage graphs, data sets, loading, summaries,
 * funnel reports.
 *
 * A C99 interface over the C++ engine, stable per ABI major version
 * (#MF_ABI_VERSION, the shared library's SONAME). Conventions, used by every
 * function below:
 *
 * - **Handles** (`mf_graph`, `mf_dataset`, …) are opaque and allocated by the
 *   library: `mf_x_*(mf_x **out, …)` creates one, `mf_x_free(x)` releases it
 *   and accepts NULL. Output parameters come first.
 * - **Status**: every fallible call returns an ::mf_status (#MF_OK is 0,
 *   errors are negative). On error, outputs are left untouched (handles stay
 *   NULL) and mf_last_error() describes what happened — with
 *   `file:line:column` or a JSON path where there is one — until the next
 *   modelfunnel call on the same thread. No C++ exception ever crosses this
 *   boundary, and bad arguments (NULL pointers, invalid UTF-8, out-of-range
 *   indexes, unknown enum values) return #MF_EINVAL / #MF_ERANGE, never abort.
 *   Output pointers may be NULL only where a function says so.
 * - **Strings** are UTF-8, passed in as pointer + byte length (the pointer may
 *   be NULL only when the length is 0) and returned as ::mf_str views. A
 *   returned view is owned by the handle it came from and valid until that
 *   handle is freed; its bytes are also NUL-terminated.
 * - **Times** are int64 microseconds since 1970-01-01T00:00:00Z (UTC).
 *   **Amounts** are int64 ten-thousandths of a currency unit (exact decimals).
 * - **Results** are library-owned objects read through accessors; one style
 *   everywhere.
 * - **Options** structs start with a `version` field; initialise them with
 *   their `MF_*_OPTIONS_INIT` macro or `mf_*_options_init()`. New fields are
 *   only ever added at the end, with a new version number.
 * - **Threads**: functions taking only `const` handles may be called from
 *   several threads at once on the same handles (graphs, data sets, mappings,
 *   summaries, funnel reports and load reports are immutable). Builders are not thread-safe:
 *   use one builder from one thread at a time. mf_last_error() is per thread.
 *
 * @code
 * mf_mapping *map = NULL;
 * mf_dataset *data = NULL;
 * mf_load_report *report = NULL;
 * mf_load_options opts = MF_LOAD_OPTIONS_INIT;
 * if (mf_mapping_load_file(&map, path, strlen(path)) != MF_OK ||
 *     mf_dataset_load(&data, &report, map, &opts) != MF_OK) {
 *   mf_str e = mf_last_error();
 *   fprintf(stderr, "%.*s\n", (int)e.size, e.data);
 * }
 * mf_load_report_free(report);
 * mf_dataset_free(data);
 * mf_mapping_free(map);
 * @endcode
 */
#ifndef MODELFUNNEL_H
#define MODELFUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "modelfunnel/version.h"

#if defined(_WIN32) && defined(MF_SHARED)
#  if defined(MF_BUILDING)
#    define MF_API __declspec(dllexport)
#  else
#    define MF_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define MF_API __attribute__((visibility("default")))
#else
#  define MF_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup mf_c C ABI
 *  @{ */

/* ------------------------------------------------------------------------ */
/** @name Versions
 *  @{ */

/* MF_VERSION_MAJOR, MF_VERSION_MINOR, MF_VERSION_PATCH, MF_VERSION_STRING and
 * MF_VERSION_NUMBER (major*10000 + minor*100 + patch) come from the generated
 * version header, shared with the C++ API. */
/** ABI version: the shared library's SONAME suffix; bumped on every
 *  incompatible change. */
#define MF_ABI_VERSION 1

/** The linked library's version as `MF_VERSION_NUMBER` computes it; compare
 *  with #MF_VERSION_NUMBER to detect a header/library mismatch.
 *  @threadsafety Any thread. */
MF_API int32_t mf_version(void);

/** The linked library's ABI version (#MF_ABI_VERSION when it was built).
 *  @threadsafety Any thread. */
MF_API int32_t mf_abi_version(void);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Errors and strings
 *  @{ */

/** Status codes. Values are frozen; new codes may be added below -99. */
typedef enum mf_status {
  MF_OK = 0,              /**< Success. */
  MF_EINVAL = -1,         /**< Invalid argument (NULL, bad UTF-8, bad enum, bad options). */
  MF_ERANGE = -2,         /**< Index or value out of range. */
  MF_ENOTFOUND = -3,      /**< A file, table, stage or name does not exist. */
  MF_EEXISTS = -4,        /**< A name is already taken. */
  MF_EDATA = -5,          /**< Bad input data (CSV row, JSON, mapping, graph validation). */
  MF_EIO = -6,            /**< A file could not be read or written. */
  MF_ENOMEM = -7,         /**< Out of memory. */
  MF_EINTERNAL = -99      /**< A bug in modelfunnel; the message says where. */
} mf_status;

/** A borrowed UTF-8 string: @p size bytes at @p data, followed by a NUL byte.
 *  Owned by whatever returned it (see the function). */
typedef struct mf_str {
  const char *data; /**< First byte; never NULL in a returned view ("" when empty). */
  size_t size;      /**< Length in bytes, excluding the NUL. */
} mf_str;

/** The message of the last failed call on this thread ("" if none).
 *  @ownership Owned by the library; valid until the next modelfunnel call on
 *  this thread.
 *  @threadsafety Per thread. */
MF_API mf_str mf_last_error(void);

/** The status of the last failed call on this thread (#MF_OK if none).
 *  @threadsafety Per thread. */
MF_API mf_status mf_last_error_code(void);

/** A static name for @p status, e.g. "MF_EDATA: bad input data".
 *  Unknown values give "unknown status". Never NULL.
 *  @ownership Static storage. @threadsafety Any thread. */
MF_API const char *mf_strerror(int status);

/** An owned text produced by the library (JSON, DOT). */
typedef struct mf_text mf_text;

/** The bytes of @p text (an empty view for NULL).
 *  @ownership Owned by @p text. */
MF_API mf_str mf_text_view(const mf_text *text);

/** Releases @p text; NULL is ignored. */
MF_API void mf_text_free(mf_text *text);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Stage graphs
 *  @{ */

/** What reaching a stage means. Values are frozen. */
typedef enum mf_stage_kind {
  MF_STAGE_OPEN = 0,    /**< Work in progress. */
  MF_STAGE_WON = 1,     /**< A contract. */
  MF_STAGE_LOST = 2,    /**< Disqualified or lost. */
  MF_STAGE_NURTURE = 3  /**< Kept warm until ready. */
} mf_stage_kind;

/** Forecast category of a stage. Values are frozen. */
typedef enum mf_forecast_category {
  MF_FORECAST_NONE = -1,    /**< The stage has no forecast category. */
  MF_FORECAST_PIPELINE = 0, /**< Early, low confidence. */
  MF_FORECAST_BEST_CASE = 1,/**< Could close this period. */
  MF_FORECAST_COMMIT = 2,   /**< Expected to close. */
  MF_FORECAST_CLOSED = 3,   /**< Won. */
  MF_FORECAST_OMITTED = 4   /**< Excluded from the forecast. */
} mf_forecast_category;

/** What kind of move a transition is. Values are frozen. */
typedef enum mf_transition_kind {
  MF_TRANSITION_ADVANCE = 0, /**< Forward along the funnel. */
  MF_TRANSITION_NURTURE = 1, /**< Into nurture. */
  MF_TRANSITION_RECYCLE = 2, /**< Back into the funnel from nurture or lost. */
  MF_TRANSITION_LOST = 3,    /**< Disqualified or lost. */
  MF_TRANSITION_REOPEN = 4   /**< A lost deal taken up again. */
} mf_transition_kind;

/** A validated, immutable stage graph. */
typedef struct mf_graph mf_graph;
/** Collects stages and transitions for mf_graph_builder_build(). */
typedef struct mf_graph_builder mf_graph_builder;

/** Creates The Model's preset graph (see the C++ StageGraph::the_model()).
 *  @errors #MF_EINVAL when @p out is NULL.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_the_model(mf_graph **out);

/** Parses and validates a graph from JSON (schema: docs/stage-graph.md).
 *  @errors #MF_EDATA with the JSON path or the validation problems.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_from_json(mf_graph **out, const char *json, size_t json_len);

/** Reads a graph JSON file. @errors #MF_EIO / #MF_ENOTFOUND for the file,
 *  #MF_EDATA for its content.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_load_file(mf_graph **out, const char *path, size_t path_len);

/** Releases @p graph; NULL is ignored. */
MF_API void mf_graph_free(mf_graph *graph);

/** The graph as JSON. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_graph_to_json(mf_text **out, const mf_graph *graph);

/** The graph as Graphviz DOT. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_graph_to_dot(mf_text **out, const mf_graph *graph);

/** Number of stages (0 for NULL). */
MF_API size_t mf_graph_stage_count(const mf_graph *graph);

/** Reads stage @p index (declaration order).
 *  @param graph          the graph.
 *  @param index          stage index, below mf_graph_stage_count().
 *  @param[out] id        the stage id, a view owned by @p graph (may be NULL).
 *  @param[out] name      the display name, a view owned by @p graph (may be NULL).
 *  @param[out] kind      the ::mf_stage_kind (may be NULL).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for a NULL graph. */
MF_API int mf_graph_stage(const mf_graph *graph, size_t index, mf_str *id, mf_str *name,
                          int *kind);

/** The forecast of stage @p index.
 *  @param graph                the graph.
 *  @param index                stage index, below mf_graph_stage_count().
 *  @param[out] has_probability 1 when the stage has a probability (may be NULL).
 *  @param[out] probability     the probability in [0, 1], 0 when absent (may be NULL).
 *  @param[out] category        an ::mf_forecast_category, #MF_FORECAST_NONE when absent (may be NULL). */
MF_API int mf_graph_stage_forecast(const mf_graph *graph, size_t index, int *has_probability,
                                   double *probability, int *category);

/** Number of teams owning stage @p index (0 for a bad index). */
MF_API size_t mf_graph_stage_team_count(const mf_graph *graph, size_t index);

/** Team @p team of stage @p index. @ownership View owned by @p graph. */
MF_API int mf_graph_stage_team(const mf_graph *graph, size_t index, size_t team, mf_str *out);

/** The index of the stage with id @p id. @errors #MF_ENOTFOUND when absent. */
MF_API int mf_graph_find_stage(const mf_graph *graph, const char *id, size_t id_len,
                               size_t *out_index);

/** Number of transitions (0 for NULL). */
MF_API size_t mf_graph_transition_count(const mf_graph *graph);

/** Transition @p index: its two stage indexes and its ::mf_transition_kind
 *  (any output may be NULL). */
MF_API int mf_graph_transition(const mf_graph *graph, size_t index, size_t *from, size_t *to,
                               int *kind);

/** The index of the entry stage. */
MF_API int mf_graph_entry_stage(const mf_graph *graph, size_t *out_index);

/** Number of distinct teams owning stages (0 for NULL). */
MF_API size_t mf_graph_team_count(const mf_graph *graph);

/** Team @p index, in order of first appearance among the stages.
 *  @ownership View owned by @p graph. */
MF_API int mf_graph_team(const mf_graph *graph, size_t index, mf_str *out);

/** Number of stages on the main path (0 for NULL). */
MF_API size_t mf_graph_main_path_length(const mf_graph *graph);

/** The stage index at @p position of the main path (topological order of
 *  advance edges). */
MF_API int mf_graph_main_path_stage(const mf_graph *graph, size_t position, size_t *out_index);

/** Whether transition @p index is a hand-off (an advance or recycle move
 *  between stages owned by different teams): `*out` is 1 or 0. */
MF_API int mf_graph_transition_is_handoff(const mf_graph *graph, size_t index, int *out);

/** Whether a won stage is reachable from stage @p index: `*out` is 1 or 0. */
MF_API int mf_graph_stage_reaches_won(const mf_graph *graph, size_t index, int *out);

/** Starts an empty graph description.
 *  @ownership The caller frees `*out` with mf_graph_builder_free(). */
MF_API int mf_graph_builder_new(mf_graph_builder **out);

/** Releases @p builder; NULL is ignored. */
MF_API void mf_graph_builder_free(mf_graph_builder *builder);

/** Adds a stage owned by one team; add more teams with
 *  mf_graph_builder_add_team(). @p name may be empty (defaults to the id).
 *  @p probability is ignored unless @p has_probability; @p category may be
 *  #MF_FORECAST_NONE. Problems with the graph as a whole are reported by
 *  mf_graph_builder_build().
 *  @errors #MF_EINVAL for a NULL builder, invalid UTF-8 or an unknown enum value. */
MF_API int mf_graph_builder_add_stage(mf_graph_builder *builder, const char *id, size_t id_len,
                                      const char *name, size_t name_len, const char *team,
                                      size_t team_len, int kind, int has_probability,
                                      double probability, int category);

/** Adds another owning team to the stage @p stage_id added before.
 *  @errors #MF_ENOTFOUND when no such stage was added. */
MF_API int mf_graph_builder_add_team(mf_graph_builder *builder, const char *stage_id,
                                     size_t stage_id_len, const char *team, size_t team_len);

/** Adds a transition (stage ids are checked by mf_graph_builder_build()). */
MF_API int mf_graph_builder_add_transition(mf_graph_builder *builder, const char *from,
                                           size_t from_len, const char *to, size_t to_len,
                                           int kind);

/** Validates the description and creates the graph; the builder is unchanged
 *  and may be reused.
 *  @errors #MF_EDATA listing every validation problem.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_builder_build(mf_graph **out, const mf_graph_builder *builder);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Mappings and loading
 *  @{ */

/** A parsed, validated mapping from CSV files to a data set (docs/mapping.md). */
typedef struct mf_mapping mf_mapping;
/** What a load read, counted, and rejected. */
typedef struct mf_load_report mf_load_report;
/** An immutable data set of records, attributes and stage events. */
typedef struct mf_dataset mf_dataset;

/** Parses a mapping; relative paths in it resolve against @p base_dir.
 *  @errors #MF_EDATA with the JSON path of the problem.
 *  @ownership The caller frees `*out` with mf_mapping_free(). */
MF_API int mf_mapping_from_json(mf_mapping **out, const char *json, size_t json_len,
                                const char *base_dir, size_t base_dir_len);

/** Reads a mapping file (relative paths resolve against its folder).
 *  @ownership The caller frees `*out` with mf_mapping_free(). */
MF_API int mf_mapping_load_file(mf_mapping **out, const char *path, size_t path_len);

/** The mapping of the canonical benchmark layout (leads.csv, events.csv) in
 *  folder @p dir.
 *  @ownership The caller frees `*out` with mf_mapping_free(). */
MF_API int mf_mapping_canonical(mf_mapping **out, const char *dir, size_t dir_len);

/** A copy of @p mapping that reads table @p table from @p file.
 *  @errors #MF_ENOTFOUND for an unknown table.
 *  @ownership The caller frees `*out` with mf_mapping_free(). */
MF_API int mf_mapping_with_file(mf_mapping **out, const mf_mapping *mapping, const char *table,
                                size_t table_len, const char *file, size_t file_len);

/** Number of tables (0 for NULL). */
MF_API size_t mf_mapping_table_count(const mf_mapping *mapping);

/** Name and file of table @p index (loading order); either output may be NULL.
 *  @ownership Views owned by @p mapping. */
MF_API int mf_mapping_table(const mf_mapping *mapping, size_t index, mf_str *name, mf_str *file);

/** The stage-graph file the mapping names (`"graph"`), as resolved; an
 *  empty view when it names none. Stage ids are checked against that graph
 *  while loading; load it with mf_graph_load_file() to summarise the data.
 *  @ownership View owned by @p mapping. */
MF_API int mf_mapping_graph_file(const mf_mapping *mapping, mf_str *out);

/** The mapping as JSON (paths as resolved).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_mapping_to_json(mf_text **out, const mf_mapping *mapping);

/** Releases @p mapping; NULL is ignored. */
MF_API void mf_mapping_free(mf_mapping *mapping);

/** What to do with a row that cannot be loaded. Values are frozen. */
typedef enum mf_error_policy {
  MF_POLICY_STRICT = 0, /**< Fail the whole load. */
  MF_POLICY_SKIP = 1    /**< Leave the row out and report it. */
} mf_error_policy;

/** Progress callback: bytes read so far and in total. Called on the loading
 *  thread; must not call back into modelfunnel. */
typedef void (*mf_progress_fn)(void *user, uint64_t done, uint64_t total);

/** Version of ::mf_load_options this header describes. */
#define MF_LOAD_OPTIONS_VERSION 1

/** Options for mf_dataset_load(). */
typedef struct mf_load_options {
  uint32_t version;           /**< #MF_LOAD_OPTIONS_VERSION. */
  int32_t policy;             /**< An ::mf_error_policy. */
  const char *rejects_path;   /**< With #MF_POLICY_SKIP, write rejected rows here (NULL: don't). */
  size_t rejects_path_len;    /**< Byte length of @p rejects_path. */
  mf_progress_fn progress;    /**< May be NULL. */
  void *progress_user;        /**< Passed to @p progress. */
} mf_load_options;

/** Static initialiser of ::mf_load_options with the defaults. */
#define MF_LOAD_OPTIONS_INIT { MF_LOAD_OPTIONS_VERSION, MF_POLICY_STRICT, NULL, 0, NULL, NULL }

/** Initialises @p opts to the defaults of @p version (as #MF_LOAD_OPTIONS_INIT).
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_load_options_init(mf_load_options *opts, uint32_t version);

/** Loads every table of @p mapping. @p opts may be NULL (defaults).
 *  Under #MF_POLICY_STRICT the first bad row fails the load with #MF_EDATA
 *  and `file:line:column: field: rule: why`; nothing is created.
 *  @param[out] out    the data set.
 *  @param[out] report the load report; may be NULL when the caller does not want it.
 *  @param mapping     what to load.
 *  @param opts        options, or NULL for the defaults.
 *  @errors #MF_EDATA (bad row, strict), #MF_ENOTFOUND / #MF_EIO (files),
 *          #MF_EINVAL (arguments, options version).
 *  @ownership The caller frees `*out` with mf_dataset_free() and `*report`
 *  with mf_load_report_free(). */
MF_API int mf_dataset_load(mf_dataset **out, mf_load_report **report, const mf_mapping *mapping,
                           const mf_load_options *opts);

/** Number of files read (0 for NULL). */
MF_API size_t mf_load_report_file_count(const mf_load_report *report);

/** Counts for file @p index: its size in bytes, data rows read, rows
 *  rejected, and for side tables the records whose key matched no row or was
 *  empty. Any output may be NULL.
 *  @ownership Views owned by @p report. */
MF_API int mf_load_report_file(const mf_load_report *report, size_t index, mf_str *table,
                               mf_str *file, uint64_t *bytes, uint64_t *rows,
                               uint64_t *rejected, uint64_t *unmatched_keys,
                               uint64_t *empty_keys);

/** Number of rejected rows (0 for NULL). */
MF_API size_t mf_load_report_rejected_count(const mf_load_report *report);

/** Rejected row @p index: any output may be NULL.
 *  @ownership Views owned by @p report. */
MF_API int mf_load_report_rejected(const mf_load_report *report, size_t index, mf_str *file,
                                   int64_t *line, int64_t *column, mf_str *field, mf_str *rule,
                                   mf_str *message);

/** Releases @p report; NULL is ignored. */
MF_API void mf_load_report_free(mf_load_report *report);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Data sets
 *  @{ */

/** Attribute column types. Values are frozen. */
typedef enum mf_attribute_type {
  MF_ATTR_STRING = 0,   /**< UTF-8 text. */
  MF_ATTR_INT64 = 1,    /**< 64-bit integer. */
  MF_ATTR_DOUBLE = 2,   /**< IEEE double. */
  MF_ATTR_BOOL = 3,     /**< 0 or 1. */
  MF_ATTR_TIMESTAMP = 4 /**< Microseconds since the epoch, UTC. */
} mf_attribute_type;

/** One attribute value. Which member is meaningful depends on the column's
 *  ::mf_attribute_type; nothing is when @p present is 0. */
typedef struct mf_value {
  int32_t present;  /**< 1 when the value exists, 0 when it is missing. */
  int32_t type;     /**< The column's ::mf_attribute_type. */
  mf_str str;       /**< #MF_ATTR_STRING (owned by the data set). */
  int64_t i64;      /**< #MF_ATTR_INT64, #MF_ATTR_BOOL (0/1), #MF_ATTR_TIMESTAMP (µs). */
  double f64;       /**< #MF_ATTR_DOUBLE. */
} mf_value;

/** One stage event. Optional parts carry a `has_` flag. */
typedef struct mf_event {
  uint32_t record;     /**< Record index. */
  uint32_t stage;      /**< Index into the data set's stage names. */
  int32_t has_time;    /**< 1 when @p time is set. */
  int32_t has_amount;  /**< 1 when @p amount is set. */
  int64_t time;        /**< Microseconds since the epoch, UTC. */
  int64_t amount;      /**< Ten-thousandths of a unit. */
  mf_str reason;       /**< Empty view when not recorded (see @p has_reason). */
  mf_str actor;        /**< Empty view when not recorded (see @p has_actor). */
  int32_t has_reason;  /**< 1 when a reason is recorded. */
  int32_t has_actor;   /**< 1 when an actor is recorded. */
} mf_event;

/** Releases @p data; NULL is ignored. Views obtained from it become invalid. */
MF_API void mf_dataset_free(mf_dataset *data);

/** Number of records (0 for NULL). */
MF_API size_t mf_dataset_record_count(const mf_dataset *data);

/** The id of record @p index. @ownership View owned by @p data. */
MF_API int mf_dataset_record_id(const mf_dataset *data, size_t index, mf_str *out);

/** The index of the record with id @p id. @errors #MF_ENOTFOUND when absent. */
MF_API int mf_dataset_find_record(const mf_dataset *data, const char *id, size_t id_len,
                                  size_t *out_index);

/** Number of distinct stage names used by events (0 for NULL). */
MF_API size_t mf_dataset_stage_count(const mf_dataset *data);

/** Stage name @p index. @ownership View owned by @p data. */
MF_API int mf_dataset_stage_name(const mf_dataset *data, size_t index, mf_str *out);

/** The index of stage name @p name. @errors #MF_ENOTFOUND when no event uses it. */
MF_API int mf_dataset_find_stage(const mf_dataset *data, const char *name, size_t name_len,
                                 size_t *out_index);

/** Number of events (0 for NULL). */
MF_API size_t mf_dataset_event_count(const mf_dataset *data);

/** Event @p index (ordered by record, then time; events without time last).
 *  @ownership Views in `*out` are owned by @p data. */
MF_API int mf_dataset_event(const mf_dataset *data, size_t index, mf_event *out);

/** The events of record @p record: indexes [`*first`, `*last`). */
MF_API int mf_dataset_record_events(const mf_dataset *data, size_t record, size_t *first,
                                    size_t *last);

/** Number of attribute columns (0 for NULL). */
MF_API size_t mf_dataset_attribute_count(const mf_dataset *data);

/** Name and ::mf_attribute_type of attribute @p index (either output may be NULL).
 *  @ownership View owned by @p data. */
MF_API int mf_dataset_attribute(const mf_dataset *data, size_t index, mf_str *name, int *type);

/** The index of the attribute named @p name. @errors #MF_ENOTFOUND when absent. */
MF_API int mf_dataset_find_attribute(const mf_dataset *data, const char *name, size_t name_len,
                                     size_t *out_index);

/** The value of attribute @p attribute for record @p record.
 *  @ownership A string view in `*out` is owned by @p data. */
MF_API int mf_dataset_value(const mf_dataset *data, size_t attribute, size_t record,
                            mf_value *out);

/** Builds a data set record by record (from arrays, a database cursor, …). */
typedef struct mf_dataset_builder mf_dataset_builder;

/** Starts an empty data set.
 *  @ownership The caller frees `*out` with mf_dataset_builder_free(). */
MF_API int mf_dataset_builder_new(mf_dataset_builder **out);

/** Releases @p builder; NULL is ignored. */
MF_API void mf_dataset_builder_free(mf_dataset_builder *builder);

/** Declares an attribute column of ::mf_attribute_type @p type; `*out_index`
 *  (may be NULL) receives its index. @errors #MF_EEXISTS for a taken name. */
MF_API int mf_dataset_builder_add_attribute(mf_dataset_builder *builder, const char *name,
                                            size_t name_len, int type, size_t *out_index);

/** The index of the record with id @p id, added if new. */
MF_API int mf_dataset_builder_record(mf_dataset_builder *builder, const char *id, size_t id_len,
                                     uint32_t *out_record);

/** Sets an attribute value; @p value->type must match the column's type
 *  (a value with present = 0 makes it missing). String bytes are copied.
 *  @errors #MF_EINVAL on a type mismatch, #MF_ERANGE for bad indexes. */
MF_API int mf_dataset_builder_set(mf_dataset_builder *builder, uint32_t record,
                                  size_t attribute, const mf_value *value);

/** The code of stage name @p name, added if new. */
MF_API int mf_dataset_builder_stage(mf_dataset_builder *builder, const char *name,
                                    size_t name_len, uint32_t *out_stage);

/** Adds an event (record and stage from this builder; strings are copied). */
MF_API int mf_dataset_builder_add_event(mf_dataset_builder *builder, const mf_event *event);

/** Sorts and freezes the data into a data set; the builder is left empty
 *  (also when this fails, e.g. past 65,535 distinct stage names).
 *  @ownership The caller frees `*out` with mf_dataset_free(). */
MF_API int mf_dataset_builder_finish(mf_dataset **out, mf_dataset_builder *builder);

/** Version of ::mf_generate_options this header describes. */
#define MF_GENERATE_OPTIONS_VERSION 1

/** Options for the synthetic data generator. */
typedef struct mf_generate_options {
  uint32_t version;      /**< #MF_GENERATE_OPTIONS_VERSION. */
  uint32_t span_days;    /**< Creation period in days (>= 1). */
  uint64_t leads;        /**< Number of leads (>= 1). */
  uint64_t seed;         /**< Random seed. */
  int64_t start;         /**< Start of the creation period, µs since the epoch. */
} mf_generate_options;

/** Static initialiser of ::mf_generate_options: 10,000 leads, seed 42, from
 *  2024-01-01T00:00:00Z over 731 days. */
#define MF_GENERATE_OPTIONS_INIT \
  { MF_GENERATE_OPTIONS_VERSION, 731, 10000, 42, INT64_C(1704067200000000) }

/** Initialises @p opts to the defaults of @p version. */
MF_API int mf_generate_options_init(mf_generate_options *opts, uint32_t version);

/** Builds a deterministic synthetic data set in memory (canonical layout).
 *  @p opts may be NULL (defaults).
 *  @errors #MF_EINVAL for bad options (version, zero leads or days, a
 *  period outside the years 0001 to 7999).
 *  @ownership The caller frees `*out` with mf_dataset_free(). */
MF_API int mf_dataset_generate(mf_dataset **out, const mf_generate_options *opts);

/** Writes the synthetic data set as leads.csv and events.csv into @p dir
 *  (created if missing). @p opts may be NULL (defaults).
 *  @errors #MF_EINVAL for bad options, #MF_EIO (or #MF_ENOTFOUND) when the
 *  files cannot be written. */
MF_API int mf_generate_csv(const mf_generate_options *opts, const char *dir, size_t dir_len);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Summaries
 *  @{ */

/** Per-stage and per-team counts of a data set against a graph. */
typedef struct mf_summary mf_summary;

/** Counts @p data against @p graph (see the C++ summarize()).
 *  @ownership The caller frees `*out` with mf_summary_free(). */
MF_API int mf_summary_compute(mf_summary **out, const mf_dataset *data, const mf_graph *graph);

/** Releases @p summary; NULL is ignored. */
MF_API void mf_summary_free(mf_summary *summary);

/** Records, events, and records without events (any output may be NULL). */
MF_API int mf_summary_totals(const mf_summary *summary, uint64_t *records, uint64_t *events,
                             uint64_t *records_without_events);

/** Number of stage rows (0 for NULL). */
MF_API size_t mf_summary_stage_count(const mf_summary *summary);

/** Stage row @p index: id, distinct records that reached it, records
 *  currently there, events there (any output may be NULL).
 *  @ownership View owned by @p summary. */
MF_API int mf_summary_stage(const mf_summary *summary, size_t index, mf_str *stage,
                            uint64_t *reached, uint64_t *current, uint64_t *events);

/** Number of team rows (0 for NULL). */
MF_API size_t mf_summary_team_count(const mf_summary *summary);

/** Team row @p index: team id and distinct records that reached its stages.
 *  @ownership View owned by @p summary. */
MF_API int mf_summary_team(const mf_summary *summary, size_t index, mf_str *team,
                           uint64_t *reached);

/** Number of stage names in the data that the graph does not have. */
MF_API size_t mf_summary_unknown_stage_count(const mf_summary *summary);

/** Unknown stage name @p index and its event count.
 *  @ownership View owned by @p summary. */
MF_API int mf_summary_unknown_stage(const mf_summary *summary, size_t index, mf_str *stage,
                                    uint64_t *events);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Funnel reports
 *  Reach, conversion, velocity, drop-off, team KPIs and bottlenecks of a data
 *  set against a stage graph (the C++ funnel_report(); docs/funnel-report.md
 *  defines every figure). Compute a report with mf_report_compute(), read it
 *  through the accessors below or as CSV / JSON text, and free it with
 *  mf_report_free().
 *
 *  A report has groups (the total first, then one per combination of the
 *  `by` attribute values, and per time bucket when bucketed); each group has
 *  one stage row per main-path stage (mf_report_stage_count(), the same for
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
typedef enum mf_passage {
  MF_PASSAGE_IMPLIED = 0, /**< An event at the stage or at a later main-path stage. */
  MF_PASSAGE_OBSERVED = 1 /**< Only an event at the stage itself. */
} mf_passage;

/** Which records and entries a report counts. Values are frozen. */
typedef enum mf_report_mode {
  MF_REPORT_COHORT = 0, /**< Records whose funnel entry is in [from, to), followed forward. */
  MF_REPORT_PERIOD = 1  /**< Stage entries made in [from, to), whoever made them. */
} mf_report_mode;

/** Calendar bucket for trend breakdowns, in UTC. Values are frozen; new
 *  ones may be added. */
typedef enum mf_time_bucket {
  MF_BUCKET_NONE = 0,   /**< No time breakdown. */
  MF_BUCKET_WEEK = 1,   /**< ISO weeks, starting Monday 00:00 UTC. */
  MF_BUCKET_MONTH = 2,  /**< Calendar months. */
  MF_BUCKET_QUARTER = 3 /**< Calendar quarters. */
} mf_time_bucket;

/** The tables of mf_report_csv(). Values are frozen; new ones may be added. */
typedef enum mf_report_table {
  MF_TABLE_FUNNEL = 0,     /**< Reached, conversion from the previous stage, median days from the entry stage, won revenue. */
  MF_TABLE_STAGES = 1,     /**< Every rate with its interval, every duration summary, per group and stage. */
  MF_TABLE_DROPOFF = 2,    /**< Where the records whose furthest stage it is went, per group and stage. */
  MF_TABLE_REASONS = 3,    /**< Loss reasons and their counts, per group and stage. */
  MF_TABLE_GROUPS = 4,     /**< Records, outcomes, win rate, revenue, sales cycle, path facts, per group. */
  MF_TABLE_TEAMS = 5,      /**< Input, output, conversion, velocity, quality, per group and team. */
  MF_TABLE_BOTTLENECKS = 6 /**< The bottleneck ranking with the reason for each flag. */
} mf_report_table;

/** Which rate of a stage row mf_report_stage_rate() reads. Values are frozen. */
typedef enum mf_stage_rate {
  MF_STAGE_RATE_STEP = 0,   /**< Against the previous main-path stage (empty for the entry stage). */
  MF_STAGE_RATE_OVERALL = 1 /**< Against the entry stage. */
} mf_stage_rate;

/** Which durations of a stage row mf_report_stage_durations() reads.
 *  Values are frozen. */
typedef enum mf_stage_durations {
  MF_DURATIONS_FROM_ENTRY = 0, /**< First entry here minus first entry at the entry stage. */
  MF_DURATIONS_IN_STAGE = 1,   /**< First entry here until the first entry at a later main-path stage. */
  MF_DURATIONS_AGING = 2       /**< `as_of` minus first entry here, over records still open here. */
} mf_stage_durations;

/** Which rate of a team row mf_report_team_rate() reads. Values are frozen. */
typedef enum mf_team_rate {
  MF_TEAM_RATE_CONVERSION = 0, /**< Output / input. */
  MF_TEAM_RATE_QUALITY = 1     /**< Share of the output that reached won. */
} mf_team_rate;

/** Duration figures of a report, as bits of mf_report_options::omit_durations.
 *  Counts and rates are always computed; each duration figure keeps one value
 *  per record and stage (for exact quantiles), and those values are most of
 *  a report's time and memory. Values are frozen. */
typedef enum mf_duration_figure {
  MF_FIGURE_FROM_ENTRY = 1,     /**< Stage durations #MF_DURATIONS_FROM_ENTRY. */
  MF_FIGURE_IN_STAGE = 2,       /**< Stage durations #MF_DURATIONS_IN_STAGE. */
  MF_FIGURE_AGING = 4,          /**< Stage durations #MF_DURATIONS_AGING. */
  MF_FIGURE_CYCLE = 8,          /**< mf_report_group_cycle(). */
  MF_FIGURE_TEAM_VELOCITY = 16  /**< mf_report_team_velocity(). */
} mf_duration_figure;

/** Version of ::mf_report_options this header describes (2 added
 *  @p omit_durations). */
#define MF_REPORT_OPTIONS_VERSION 2

/** Options for mf_report_compute(). Optional values carry a `has_` flag;
 *  lists are a pointer and a count (the pointer may be NULL only when the
 *  count is 0), and their strings are NUL-terminated UTF-8. Single strings
 *  are pointer + byte length, as everywhere in this API. All pointed-to
 *  data is read during mf_report_compute() only. */
typedef struct mf_report_options {
  uint32_t version;         /**< #MF_REPORT_OPTIONS_VERSION. */
  int32_t passage;          /**< An ::mf_passage (default #MF_PASSAGE_IMPLIED). */
  int32_t mode;             /**< An ::mf_report_mode (default #MF_REPORT_COHORT). */
  int32_t bucket;           /**< An ::mf_time_bucket (default #MF_BUCKET_NONE). */
  int32_t has_from;         /**< 1 when @p from is set. */
  int32_t has_to;           /**< 1 when @p to is set. */
  int64_t from;             /**< Start of the date range (inclusive), µs since the epoch. */
  int64_t to;               /**< End of the date range (exclusive), µs since the epoch. */
  int32_t has_window_days;  /**< 1 when @p window_days is set (cohort mode only). */
  int32_t window_per_step;  /**< 1: measure the window from the previous stage's entry. */
  int64_t window_days;      /**< Conversion window in days (>= 0). */
  int32_t has_as_of;        /**< 1 when @p as_of is set (default: the latest event time). */
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
  /** Version 2. ::mf_duration_figure bits of the figures to leave out (0,
   *  the default: compute every one). A figure left out reads with
   *  mf_durations::computed 0. */
  uint32_t omit_durations;
} mf_report_options;

/** Static initialiser of ::mf_report_options with the defaults: a cohort
 *  report of every record with implied passage, no breakdown, no window,
 *  min_sample 30, significance 0.05. */
#define MF_REPORT_OPTIONS_INIT                                                    \
  { MF_REPORT_OPTIONS_VERSION, MF_PASSAGE_IMPLIED, MF_REPORT_COHORT, MF_BUCKET_NONE, \
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0.05, NULL, 0, NULL, 0, NULL, 0,        \
    NULL, NULL, 0, NULL, 0, NULL, NULL, 0, 0 }

/** Initialises @p opts to the defaults of @p version (as #MF_REPORT_OPTIONS_INIT).
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_report_options_init(mf_report_options *opts, uint32_t version);

/** Version of ::mf_rate this header describes. */
#define MF_RATE_VERSION 1

/** A proportion with its 95% Wilson score interval. The caller sets
 *  @p version; the library fills the rest. */
typedef struct mf_rate {
  uint32_t version;     /**< Set by the caller: #MF_RATE_VERSION. */
  int32_t small_sample; /**< 1 when the denominator is below the options' `min_sample`. */
  uint64_t numerator;   /**< Records that converted. */
  uint64_t denominator; /**< Records that could have. */
  double value;         /**< numerator / denominator; NaN when the denominator is 0. */
  double low;           /**< Wilson lower bound; NaN when undefined (period mode, observed passage with skips, denominator 0). */
  double high;          /**< Wilson upper bound; NaN when undefined. */
} mf_rate;

/** Initialiser of an ::mf_rate to pass to an accessor. */
#define MF_RATE_INIT { MF_RATE_VERSION, 0, 0, 0, 0.0, 0.0, 0.0 }

/** Version of ::mf_durations this header describes (2 added @p computed). */
#define MF_DURATIONS_VERSION 2

/** A summary of durations, in days; statistics are NaN when @p count is 0.
 *  Quantiles interpolate between the closest ranks (numpy's default). The
 *  caller sets @p version; the library fills the rest. */
typedef struct mf_durations {
  uint32_t version;   /**< Set by the caller: #MF_DURATIONS_VERSION. */
  uint64_t count;     /**< How many durations. */
  double median_days; /**< Median. */
  double p90_days;    /**< 90th percentile. */
  double mean_days;   /**< Arithmetic mean. */
  /** Version 2. 0 when the report's options left this figure out
   *  (mf_report_options::omit_durations): @p count is then 0 and the
   *  statistics NaN, and neither says anything about the data. */
  int32_t computed;
} mf_durations;

/** Initialiser of an ::mf_durations to pass to an accessor. */
#define MF_DURATIONS_INIT { MF_DURATIONS_VERSION, 0, 0.0, 0.0, 0.0, 1 }

/** A computed funnel report. Immutable. */
typedef struct mf_report mf_report;

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
 *  @ownership The caller frees `*out` with mf_report_free(). The report
 *  does not refer to @p data, @p graph or @p opts afterwards.
 *  @threadsafety Any thread; the computation may use up to two threads of its own. */
MF_API int mf_report_compute(mf_report **out, const mf_dataset *data, const mf_graph *graph,
                             const mf_report_options *opts);

/** Releases @p report; NULL is ignored. Views obtained from it become invalid. */
MF_API void mf_report_free(mf_report *report);

/** One table of @p report as CSV (a header line, newline line ends, numbers as
 *  C `%.6g`, empty fields for undefined values); the `funnel` table is
 *  byte for byte the peer benchmark's report-spec.md format.
 *  @param[out] out the text.
 *  @param report   the report.
 *  @param table    an ::mf_report_table.
 *  @errors #MF_EINVAL for NULL arguments or an unknown table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_report_csv(mf_text **out, const mf_report *report, int table);

/** The whole report as one JSON document (full precision, null for
 *  undefined values).
 *  @errors #MF_EINVAL for NULL arguments.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_report_json(mf_text **out, const mf_report *report);

/** Report-level counts (any output may be NULL).
 *  @param report                      the report.
 *  @param[out] records_outside_funnel records with no main-path event (counted nowhere else).
 *  @param[out] events_unknown_stage   events at stages the graph lacks (ignored).
 *  @param[out] events_without_time    events with no time (count for reach only).
 *  @errors #MF_EINVAL for a NULL report. */
MF_API int mf_report_counts(const mf_report *report, uint64_t *records_outside_funnel,
                            uint64_t *events_unknown_stage, uint64_t *events_without_time);

/** The "now" the report used for aging and censoring, µs since the epoch.
 *  @errors #MF_EINVAL for NULL arguments. */
MF_API int mf_report_as_of(const mf_report *report, int64_t *out);

/** Number of breakdown attributes (the options' `by`; 0 for NULL). */
MF_API size_t mf_report_by_count(const mf_report *report);

/** Breakdown attribute @p index. @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_by(const mf_report *report, size_t index, mf_str *out);

/** Number of main-path stages, i.e. stage rows per group (0 for NULL). */
MF_API size_t mf_report_stage_count(const mf_report *report);

/** Number of groups (0 for NULL). Group 0 is the total of all records;
 *  then groups follow by key (byte order, missing values last) and bucket.
 *  With a time bucket, each bucket has its own total group. */
MF_API size_t mf_report_group_count(const mf_report *report);

/** Group @p group (any output may be NULL).
 *  @param report          the report.
 *  @param group           group index, below mf_report_group_count().
 *  @param[out] total      1 for a total group (key values `*`), else 0.
 *  @param[out] has_bucket 1 when the group is one time bucket.
 *  @param[out] bucket     start of the bucket, µs since the epoch (0 without).
 *  @param[out] records    records counted in the group.
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for a NULL report. */
MF_API int mf_report_group(const mf_report *report, size_t group, int *total, int *has_bucket,
                           int64_t *bucket, uint64_t *records);

/** The value of breakdown attribute @p key (below mf_report_by_count()) in
 *  group @p group, as text (any output may be NULL). A total group has no
 *  key values: `*present` is 0 for it, as for a missing value.
 *  @param report       the report.
 *  @param group        group index.
 *  @param key          breakdown attribute index.
 *  @param[out] present 1 when the group has a value, 0 for a missing value or a total group.
 *  @param[out] value   the value (an empty view when not present).
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_group_key(const mf_report *report, size_t group, size_t key, int *present,
                               mf_str *value);

/** Outcomes in group @p group: records whose latest event is at a won,
 *  lost, open or nurture stage (any output may be NULL).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_report_group_outcomes(const mf_report *report, size_t group, uint64_t *won,
                                    uint64_t *lost, uint64_t *open, uint64_t *nurture);

/** The win rate of group @p group: won / (won + lost), closed records only.
 *  @param report   the report.
 *  @param group    group index.
 *  @param[out] out the rate; set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown
 *  `out->version` (then nothing is written). */
MF_API int mf_report_group_win_rate(const mf_report *report, size_t group, mf_rate *out);

/** Won revenue of group @p group: over records that reached the main path's
 *  won stage, the amount of their first event there (largest among ties; no
 *  amount counts 0). Either output may be NULL.
 *  @param report      the report.
 *  @param group       group index.
 *  @param[out] scaled exact, in ten-thousandths of a currency unit.
 *  @param[out] value  the same as a double.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_report_group_won_revenue(const mf_report *report, size_t group, int64_t *scaled,
                                       double *value);

/** The sales cycle of group @p group: days from the first entry at the
 *  options' `cycle_from` stage to the close, over closed records.
 *  @param report   the report.
 *  @param group    group index.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown
 *  `out->version`. */
MF_API int mf_report_group_cycle(const mf_report *report, size_t group, mf_durations *out);

/** How records of group @p group moved (any output may be NULL).
 *  @param report                the report.
 *  @param group                 group index.
 *  @param[out] skipped          records with a main-path stage missing before one they reached.
 *  @param[out] moved_backwards  records with an event at an earlier main-path stage than one before it.
 *  @param[out] reentered        records with several events at one stage.
 *  @param[out] reopened         records with an open-stage event after a lost one.
 *  @param[out] nurtured         records with an event at a nurture stage.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_report_group_paths(const mf_report *report, size_t group, uint64_t *skipped,
                                 uint64_t *moved_backwards, uint64_t *reentered,
                                 uint64_t *reopened, uint64_t *nurtured);

/** Stage row @p stage (main-path position) of group @p group (any output may be NULL).
 *  @param report        the report.
 *  @param group         group index.
 *  @param stage         main-path position, below mf_report_stage_count().
 *  @param[out] id       the stage id.
 *  @param[out] reached  records that reached it (see ::mf_passage).
 *  @param[out] observed of those, records with an event at it.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_stage(const mf_report *report, size_t group, size_t stage, mf_str *id,
                           uint64_t *reached, uint64_t *observed);

/** A conversion rate of a stage row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param stage    main-path position.
 *  @param which    an ::mf_stage_rate.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_report_stage_rate(const mf_report *report, size_t group, size_t stage, int which,
                                mf_rate *out);

/** A duration summary of a stage row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param stage    main-path position.
 *  @param which    an ::mf_stage_durations.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_report_stage_durations(const mf_report *report, size_t group, size_t stage,
                                     int which, mf_durations *out);

/** Drop-off at a stage: what became of the records that reached it. Those
 *  that went on to a later main-path stage count as @p advanced; the others
 *  (whose furthest main-path stage it is) by fate. Records whose furthest
 *  stage is the last one (won) count in none. Any output may be NULL.
 *  @param report        the report.
 *  @param group         group index.
 *  @param stage         main-path position.
 *  @param[out] advanced went on to a later main-path stage.
 *  @param[out] lost     furthest here, latest event at a lost stage.
 *  @param[out] nurture  furthest here, latest event at a nurture stage.
 *  @param[out] open     still open here, with no window or a window not closed at `as_of` (censored).
 *  @param[out] expired  still open here, but the conversion window closed (stalled).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_report_stage_dropoff(const mf_report *report, size_t group, size_t stage,
                                   uint64_t *advanced, uint64_t *lost, uint64_t *nurture,
                                   uint64_t *open, uint64_t *expired);

/** Number of loss reasons of a stage row (0 for NULL or bad indexes). */
MF_API size_t mf_report_reason_count(const mf_report *report, size_t group, size_t stage);

/** Loss reason @p index of a stage row, most frequent first (ties by
 *  reason); either output may be NULL.
 *  @param report      the report.
 *  @param group       group index.
 *  @param stage       main-path position.
 *  @param index       reason index, below mf_report_reason_count().
 *  @param[out] reason as recorded; empty when the loss event has none.
 *  @param[out] count  records lost with it.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_reason(const mf_report *report, size_t group, size_t stage, size_t index,
                            mf_str *reason, uint64_t *count);

/** Number of team rows of group @p group (0 for NULL or a bad index). */
MF_API size_t mf_report_team_count(const mf_report *report, size_t group);

/** Team row @p team of group @p group (any output may be NULL).
 *  @param report      the report.
 *  @param group       group index.
 *  @param team        team index, below mf_report_team_count().
 *  @param[out] id     team id (joint owners joined by `|`).
 *  @param[out] input  records that reached one of its stages.
 *  @param[out] output records handed on (reached the stage after its last one; won for the team owning won).
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_team(const mf_report *report, size_t group, size_t team, mf_str *id,
                          uint64_t *input, uint64_t *output);

/** Number of main-path stages of a team row (0 for NULL or bad indexes). */
MF_API size_t mf_report_team_stage_count(const mf_report *report, size_t group, size_t team);

/** Main-path stage @p index of a team row.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership View owned by @p report. */
MF_API int mf_report_team_stage(const mf_report *report, size_t group, size_t team, size_t index,
                                mf_str *out);

/** A rate of a team row.
 *  @param report   the report.
 *  @param group    group index.
 *  @param team     team index.
 *  @param which    an ::mf_team_rate.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL, an unknown
 *  @p which or an unknown `out->version`. */
MF_API int mf_report_team_rate(const mf_report *report, size_t group, size_t team, int which,
                               mf_rate *out);

/** The velocity of a team row: days from its first stage's entry until the hand-off.
 *  @param report   the report.
 *  @param group    group index.
 *  @param team     team index.
 *  @param[out] out set `out->version` first (#MF_DURATIONS_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_report_team_velocity(const mf_report *report, size_t group, size_t team,
                                   mf_durations *out);

/** Number of bottleneck rows: the steps of the main path, measured on all
 *  records, ranked by revenue per point (0 for NULL). */
MF_API size_t mf_report_bottleneck_count(const mf_report *report);

/** Bottleneck @p index (any output may be NULL).
 *  @param report                 the report.
 *  @param index                  bottleneck index, below mf_report_bottleneck_count().
 *  @param[out] stage             the stage id (the step into it).
 *  @param[out] revenue_per_point expected extra won revenue if the step's conversion rose by one percentage point.
 *  @param[out] flagged           1 when significantly below its baseline or target.
 *  @param[out] p_value           one-sided p-value of the test; NaN when untested.
 *  @param[out] reason            why it is flagged, cleared or untested, in words.
 *  @errors #MF_ERANGE for a bad index.
 *  @ownership Views owned by @p report. */
MF_API int mf_report_bottleneck(const mf_report *report, size_t index, mf_str *stage,
                                double *revenue_per_point, int *flagged, double *p_value,
                                mf_str *reason);

/** The step's conversion in the report, for bottleneck @p index.
 *  @param report   the report.
 *  @param index    bottleneck index.
 *  @param[out] out set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_report_bottleneck_rate(const mf_report *report, size_t index, mf_rate *out);

/** The same step in the baseline period, for bottleneck @p index.
 *  @param report       the report.
 *  @param index        bottleneck index.
 *  @param[out] present 1 when the options had a baseline (may be NULL).
 *  @param[out] out     the baseline rate, left untouched without a
 *                      baseline; set `out->version` first (#MF_RATE_INIT).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for NULL or an unknown `out->version`. */
MF_API int mf_report_bottleneck_baseline(const mf_report *report, size_t index, int *present,
                                         mf_rate *out);

/** The configured target rate of bottleneck @p index (either output may be NULL).
 *  @param report       the report.
 *  @param index        bottleneck index.
 *  @param[out] present 1 when the options set a target for the stage.
 *  @param[out] target  the target, 0 when absent.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_report_bottleneck_target(const mf_report *report, size_t index, int *present,
                                       double *target);

/** @} */

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_H */
