/**
 * @file generate.h
 * @brief Synthetic data: a deterministic The Model data set in memory or as
 * CSV files in the canonical layout.
 *
 * @code
 * mf_generate_options opts = MF_GENERATE_OPTIONS_INIT;
 * mf_dataset *data = NULL;
 * opts.leads = 1000;
 * if (mf_dataset_generate(&data, &opts) != MF_OK) return 1;
 * @endcode
 */
#ifndef MODELFUNNEL_GENERATE_H
#define MODELFUNNEL_GENERATE_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_generate Synthetic data
 *  @ingroup mf_c
 *  @{ */

/** Version of ::mf_generate_options this header describes (2 added
 *  `accounts`). */
#define MF_GENERATE_OPTIONS_VERSION 2

/** Options for the synthetic data generator. */
typedef struct mf_generate_options {
  uint32_t version;      /**< #MF_GENERATE_OPTIONS_VERSION. */
  uint32_t span_days;    /**< Creation period in days (>= 1). */
  uint64_t leads;        /**< Number of leads (>= 1). */
  uint64_t seed;         /**< Random seed. */
  int64_t start;         /**< Start of the creation period, µs since the epoch. */
  /** Version 2. Accounts for the tiering engine: 0 (default) none; N (at
   *  most 100,000,000) makes mf_generate_csv() also write accounts.csv,
   *  contacts.csv and activities.csv (see the C++ GenerateOptions::accounts).
   *  mf_dataset_generate() ignores it. */
  uint64_t accounts;
} mf_generate_options;

/** Static initialiser of ::mf_generate_options: 10,000 leads, seed 42, from
 *  2024-01-01T00:00:00Z over 731 days, no accounts. */
#define MF_GENERATE_OPTIONS_INIT \
  { MF_GENERATE_OPTIONS_VERSION, 731, 10000, 42, INT64_C(1704067200000000), 0 }

/** Initialises @p opts to the defaults of @p version, writing only that
 *  version's fields (a version 1 struct is 32 bytes, without `accounts`).
 *  @errors #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_generate_options_init(mf_generate_options *opts, uint32_t version);

/** Builds a deterministic synthetic data set in memory (canonical layout).
 *  @p opts may be NULL (defaults).
 *  @errors #MF_EINVAL for bad options (version, zero leads or days, a
 *  period outside the years 0001 to 7999).
 *  @ownership The caller frees `*out` with mf_dataset_free(). */
MF_API int mf_dataset_generate(mf_dataset **out, const mf_generate_options *opts);

/** Writes the synthetic data set as leads.csv and events.csv (and the other
 *  files of the C++ generate_csv(); with `accounts`, accounts.csv,
 *  contacts.csv and activities.csv) into @p dir (created if missing). @p opts may be NULL (defaults).
 *  @errors #MF_EINVAL for bad options, #MF_EIO (or #MF_ENOTFOUND) when the
 *  files cannot be written. */
MF_API int mf_generate_csv(const mf_generate_options *opts, const char *dir, size_t dir_len);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_GENERATE_H */
