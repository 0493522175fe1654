/**
 * @file figures.h
 * @brief Figures every engine shares: a rate with its interval
 * (::mf_rate), a summary of durations (::mf_durations), and calendar buckets
 * for trends (::mf_time_bucket).
 *
 * ::mf_rate and ::mf_durations are *result* structs that may grow: the
 * caller sets `version` (#MF_RATE_INIT, #MF_DURATIONS_INIT) and the library
 * fills the fields of that version only, so a program built against this
 * header keeps working with a later library whose structs have grown.
 */
#ifndef MODELFUNNEL_FIGURES_H
#define MODELFUNNEL_FIGURES_H

#include "modelfunnel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_figures Shared figures
 *  @ingroup mf_c
 *  @{ */

/** Calendar bucket for trend breakdowns, in UTC. Values are frozen; new
 *  ones may be added. */
typedef enum mf_time_bucket {
  MF_BUCKET_NONE = 0,   /**< No time breakdown. */
  MF_BUCKET_WEEK = 1,   /**< ISO weeks, starting Monday 00:00 UTC. */
  MF_BUCKET_MONTH = 2,  /**< Calendar months. */
  MF_BUCKET_QUARTER = 3 /**< Calendar quarters. */
} mf_time_bucket;

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
   *  (mf_funnel_options::omit_durations): @p count is then 0 and the
   *  statistics NaN, and neither says anything about the data. */
  int32_t computed;
} mf_durations;

/** Initialiser of an ::mf_durations to pass to an accessor. */
#define MF_DURATIONS_INIT { MF_DURATIONS_VERSION, 0, 0.0, 0.0, 0.0, 1 }

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_FIGURES_H */
