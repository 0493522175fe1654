/**
 * @file attribution.h
 * @brief Campaign attribution (experimental): conversions credited to
 * channels or campaigns under nine models, Markov and Shapley exact.
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
 * mf_attribution_paths *paths = NULL;
 * mf_attribution *result = NULL;
 * mf_attribution_credit c = MF_ATTRIBUTION_CREDIT_INIT;
 * size_t i;
 * if (mf_attribution_paths_load_file(&paths, "paths.csv", 9) == MF_OK &&
 *     mf_attribution_compute_paths(&result, paths, NULL) == MF_OK)
 *   for (i = 0; i < mf_attribution_credit_count(result); ++i)
 *     if (mf_attribution_credit_at(result, i, &c) == MF_OK)
 *       printf("%s %s %.3f\n", c.model.data, c.channel.data, c.conversions);
 * mf_attribution_free(result);
 * mf_attribution_paths_free(paths);
 * @endcode
 */
#ifndef MODELFUNNEL_ATTRIBUTION_H
#define MODELFUNNEL_ATTRIBUTION_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"

#endif /* MODELFUNNEL_ATTRIBUTION_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_ATTRIBUTION_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_ATTRIBUTION_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_attribution Attribution (experimental)
 *  @ingroup mf_c
 *  The C++ attribute() and attribute_paths() (docs/attribution.md defines
 *  every model). Read aggregated paths with mf_attribution_paths_load_file()
 *  or mf_attribution_paths_parse() and call mf_attribution_compute_paths(),
 *  or call mf_attribution_compute() on a loaded ::mf_dataset with touches;
 *  read the ::mf_attribution with mf_attribution_credit_at(). Handles are
 *  immutable once made: any thread may read them.
 *  @{ */

/** An attribution model (the C++ AttributionModel). Values are frozen. */
typedef enum mf_attribution_model {
  MF_ATTRIBUTION_FIRST_TOUCH = 0, /**< All credit to the first touch. */
  MF_ATTRIBUTION_LAST_TOUCH = 1,  /**< All credit to the last touch. */
  MF_ATTRIBUTION_LINEAR = 2,      /**< Equal credit to every touch. */
  MF_ATTRIBUTION_U_SHAPED = 3,    /**< 40 / 20 / 40. */
  MF_ATTRIBUTION_W_SHAPED = 4,    /**< 30 / 30 / 30 + 10. */
  MF_ATTRIBUTION_FULL_PATH = 5,   /**< 22.5 x 4 + 10. */
  MF_ATTRIBUTION_TIME_DECAY = 6,  /**< 2^(-age / half-life). */
  MF_ATTRIBUTION_MARKOV = 7,      /**< First-order removal effect, exact. */
  MF_ATTRIBUTION_SHAPLEY = 8      /**< Shapley value, exact. */
} mf_attribution_model;

/** What a data set's touches credit (the C++ AttributionKey). Values are frozen. */
typedef enum mf_attribution_key {
  MF_ATTRIBUTION_BY_CHANNEL = 0,  /**< The touch's channel (else its campaign's type). */
  MF_ATTRIBUTION_BY_CAMPAIGN = 1  /**< The touch's campaign. */
} mf_attribution_key;

/** The tables of mf_attribution_csv(). Values are frozen. */
typedef enum mf_attribution_table {
  MF_ATTRIBUTION_TABLE_CREDITS = 0, /**< model, channel, conversions, value, share, ci_low, ci_high, removal_effect. */
  MF_ATTRIBUTION_TABLE_COSTS = 1    /**< Per model and campaign: cost, leads, ..., roi. */
} mf_attribution_table;

/** Aggregated paths (a ChannelAttribution-style CSV) held in memory. Immutable. */
typedef struct mf_attribution_paths mf_attribution_paths;

/** Reads a paths CSV file (`path`, `total_conversions`,
 *  `total_conversion_value`, `total_null`).
 *  @errors #MF_EDATA `path:line:column: field 'f': rule: why`;
 *  #MF_ENOTFOUND when it cannot be opened; #MF_EINVAL for NULL.
 *  @ownership The caller frees `*out` with mf_attribution_paths_free(). */
MF_API int mf_attribution_paths_load_file(mf_attribution_paths **out, const char *path, size_t path_len);
/** The same over CSV text; @p name (may be empty) is used in messages. */
MF_API int mf_attribution_paths_parse(mf_attribution_paths **out, const char *csv, size_t csv_len,
                                      const char *name, size_t name_len);
/** Releases @p paths; NULL is ignored. */
MF_API void mf_attribution_paths_free(mf_attribution_paths *paths);
/** Number of path rows of @p paths (0 for NULL). */
MF_API size_t mf_attribution_paths_count(const mf_attribution_paths *paths);

/** Version of ::mf_attribution_options this header describes. */
#define MF_ATTRIBUTION_OPTIONS_VERSION 1

/** Options for mf_attribution_compute() and mf_attribution_compute_paths().
 *  Texts are pointer + byte length, read during the call only; an empty one
 *  is not given. */
typedef struct mf_attribution_options {
  uint32_t version;            /**< #MF_ATTRIBUTION_OPTIONS_VERSION. */
  const int32_t *models;       /**< ::mf_attribution_model values, in output order; NULL or 0 models: all nine. */
  size_t model_count;          /**< Number of @p models. */
  int32_t by;                  /**< An ::mf_attribution_key (data sets). */
  const char *conversion_stage;   /**< The conversion stage; empty: `closed_won`. */
  size_t conversion_stage_len;    /**< Byte length of @p conversion_stage. */
  double lookback_days;        /**< Drop touches older than this before the conversion; negative (default -1): keep all. */
  double half_life_days;       /**< time_decay's half-life in days (default 7; > 0). */
  const char *account_attribute;  /**< Buying groups: the string attribute naming the account; empty: off. */
  size_t account_attribute_len;   /**< Byte length of @p account_attribute. */
  uint32_t bootstrap;          /**< Bootstrap replicates for ci_low / ci_high (default 0: none). */
  double confidence;           /**< The intervals' coverage (default 0.95). */
  uint64_t seed;               /**< The bootstrap's seed (default 42). */
  uint32_t threads;            /**< Most threads; 0 (default): the hardware's. */
} mf_attribution_options;

/** Static initialiser of ::mf_attribution_options with the defaults. */
#define MF_ATTRIBUTION_OPTIONS_INIT \
  { MF_ATTRIBUTION_OPTIONS_VERSION, NULL, 0, 0, NULL, 0, -1.0, 7.0, NULL, 0, 0, 0.95, 42, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_attribution_options_init(mf_attribution_options *opts, uint32_t version);

/** Credits per model and channel. Immutable. */
typedef struct mf_attribution mf_attribution;

/** Attributes the conversions of @p data's records to their touches.
 *  @p opts may be NULL (defaults).
 *  @errors #MF_EINVAL for NULL handles, an unknown options version, model
 *  or key, a half-life <= 0, a confidence outside (0, 1), or an unknown
 *  account attribute.
 *  @ownership The caller frees `*out` with mf_attribution_free(). */
MF_API int mf_attribution_compute(mf_attribution **out, const mf_dataset *data, const mf_attribution_options *opts);
/** Attributes aggregated paths. @errors as mf_attribution_compute().
 *  @ownership The caller frees `*out` with mf_attribution_free(). */
MF_API int mf_attribution_compute_paths(mf_attribution **out, const mf_attribution_paths *paths,
                                        const mf_attribution_options *opts);
/** Releases @p result; NULL is ignored. */
MF_API void mf_attribution_free(mf_attribution *result);

/** Version of ::mf_attribution_credit this header describes. */
#define MF_ATTRIBUTION_CREDIT_VERSION 1

/** One model's credit to one channel. Strings are views into the
 *  ::mf_attribution, valid until it is freed, NUL-terminated. */
typedef struct mf_attribution_credit {
  uint32_t version;      /**< Set by the caller: #MF_ATTRIBUTION_CREDIT_VERSION. */
  int32_t model_id;      /**< An ::mf_attribution_model. */
  mf_str model;          /**< The model's name (`linear`, `markov`, ...). */
  mf_str channel;        /**< The channel (or campaign) credited. */
  double conversions;    /**< Conversions credited. */
  double value;          /**< Conversion value credited. */
  double share;          /**< conversions / the model's total. */
  double ci_low;         /**< Bootstrap interval on conversions; NaN without bootstrap. */
  double ci_high;        /**< See ci_low. */
  double removal_effect; /**< markov: the removal effect; NaN for other models. */
} mf_attribution_credit;

/** Static initialiser of ::mf_attribution_credit. */
#define MF_ATTRIBUTION_CREDIT_INIT \
  { MF_ATTRIBUTION_CREDIT_VERSION, 0, { "", 0 }, { "", 0 }, 0, 0, 0, 0, 0, 0 }

/** Number of credit rows of @p result (0 for NULL). */
MF_API size_t mf_attribution_credit_count(const mf_attribution *result);
/** Credit row @p index (models in order, channels by first appearance) into @p out.
 *  @errors #MF_ERANGE for an index past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_attribution_credit_at(const mf_attribution *result, size_t index, mf_attribution_credit *out);

/** The totals every model's credits sum to; any pointer may be NULL.
 *  @errors #MF_EINVAL for a NULL @p result. */
MF_API int mf_attribution_totals(const mf_attribution *result, double *conversions, double *value, double *nulls,
                                 uint64_t *touches_after_conversion, uint64_t *conversions_without_touches);

/** One table as CSV (columns as `modelfunnel attribution --format csv --table ...`).
 *  @errors #MF_EINVAL for an unknown ::mf_attribution_table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_attribution_csv(mf_text **out, const mf_attribution *result, int32_t table);
/** Everything as one JSON document. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_attribution_json(mf_text **out, const mf_attribution *result);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
