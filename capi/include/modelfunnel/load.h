/**
 * @file load.h
 * @brief Loading CSV files into a data set: mappings (docs/mapping.md), load
 * options, and the load report of what was read and rejected.
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
#ifndef MODELFUNNEL_LOAD_H
#define MODELFUNNEL_LOAD_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_load Mappings and loading
 *  @ingroup mf_c
 *  @{ */

/** A parsed, validated mapping from CSV files to a data set (docs/mapping.md). */
typedef struct mf_mapping mf_mapping;
/** What a load read, counted, and rejected. */
typedef struct mf_load_report mf_load_report;

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

/** Version of ::mf_load_options this header describes (2 added @p threads). */
#define MF_LOAD_OPTIONS_VERSION 2

/** Options for mf_dataset_load(). */
typedef struct mf_load_options {
  uint32_t version;           /**< #MF_LOAD_OPTIONS_VERSION. */
  int32_t policy;             /**< An ::mf_error_policy. */
  const char *rejects_path;   /**< With #MF_POLICY_SKIP, write rejected rows here (NULL: don't). */
  size_t rejects_path_len;    /**< Byte length of @p rejects_path. */
  mf_progress_fn progress;    /**< May be NULL. */
  void *progress_user;        /**< Passed to @p progress. */
  /** Version 2. How many threads the load may use; 0 (the default): as
   *  many as the hardware has. 1 starts no thread; from 2 on the load runs
   *  as a pipeline of a few threads and its final sort splits over up to
   *  this many (C++ LoadOptions::threads says more). */
  uint32_t threads;
} mf_load_options;

/** Static initialiser of ::mf_load_options with the defaults. */
#define MF_LOAD_OPTIONS_INIT { MF_LOAD_OPTIONS_VERSION, MF_POLICY_STRICT, NULL, 0, NULL, NULL, 0 }

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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_LOAD_H */
