/**
 * @file dataset.h
 * @brief Data sets: records, their typed attributes and stage events, read
 * through accessors, and a builder that makes one record by record.
 *
 * Load a data set from CSV files with mf_dataset_load() (load.h) or make a
 * synthetic one with mf_dataset_generate() (generate.h).
 *
 * @code
 * size_t i;
 * mf_event e;
 * for (i = 0; i < mf_dataset_event_count(data); ++i)
 *   if (mf_dataset_event(data, i, &e) == MF_OK && e.has_amount)
 *     total += e.amount;
 * @endcode
 */
#ifndef MODELFUNNEL_DATASET_H
#define MODELFUNNEL_DATASET_H

#include "modelfunnel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_dataset Data sets
 *  @ingroup mf_c
 *  @{ */

/** An immutable data set of records, attributes and stage events. */
typedef struct mf_dataset mf_dataset;

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

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_DATASET_H */
