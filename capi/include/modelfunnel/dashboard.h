/**
 * @file dashboard.h
 * @brief The team dashboard (experimental): one self-contained HTML page of
 * a data set's funnel, team KPIs, trends, breakdowns, loss reasons and
 * stage graph, and with their inputs the qualification mix, the revenue
 * plan vs actual, the re-engagement queue and the tier split with its
 * coverage gaps (the C++
 * dashboard_html(); docs/dashboard.md).
 *
 * Experimental: the declarations are visible only with `MF_EXPERIMENTAL`
 * defined before any modelfunnel header, and may change or go in any
 * release (docs/c-api.md, "Stable and experimental").
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * mf_dashboard_options opts = MF_DASHBOARD_OPTIONS_INIT;
 * const char *by[] = {"channel", "owner"};
 * opts.by = by;
 * opts.by_count = 2;
 * mf_text *html = NULL;
 * if (mf_dashboard_html(&html, data, graph, &opts) != MF_OK) { ... mf_last_error() ... }
 * mf_str page = mf_text_view(html);
 * fwrite(page.data, 1, page.size, file);
 * mf_text_free(html);
 * @endcode
 */
#ifndef MODELFUNNEL_DASHBOARD_H
#define MODELFUNNEL_DASHBOARD_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/graph.h"
#include "modelfunnel/qualify.h"
#include "modelfunnel/reengage.h"
#include "modelfunnel/tiering.h"

#endif /* MODELFUNNEL_DASHBOARD_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_DASHBOARD_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_DASHBOARD_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_dashboard Dashboard (experimental)
 *  @ingroup mf_c
 *  The team dashboard as one HTML document, returned as an ::mf_text the
 *  caller frees with mf_text_free().
 *  @{ */

/** Granularity of the trends. */
typedef enum mf_dashboard_period {
  MF_DASHBOARD_WEEK = 0,  /**< ISO weeks. */
  MF_DASHBOARD_MONTH = 1  /**< Calendar months (the default). */
} mf_dashboard_period;

/** Current version of ::mf_dashboard_options: 2 added the re-engagement,
 *  tiering and revenue plan inputs (a version-1 caller gets none of them);
 *  3 added the contacts, activities and owner column of the coverage gaps
 *  (a version-1 or 2 caller gets no coverage gaps). */
#define MF_DASHBOARD_OPTIONS_VERSION 3

/** What the dashboard shows (the C++ DashboardOptions). */
typedef struct mf_dashboard_options {
  uint32_t version;        /**< #MF_DASHBOARD_OPTIONS_VERSION. */
  int32_t period;          /**< An ::mf_dashboard_period (default #MF_DASHBOARD_MONTH). */
  int32_t has_from;        /**< 1 when @p from is set. */
  int32_t has_to;          /**< 1 when @p to is set. */
  int64_t from;            /**< Start of the period (inclusive), µs since the epoch. */
  int64_t to;              /**< End of the period (exclusive), µs since the epoch. */
  int32_t has_as_of;       /**< 1 when @p as_of is set. */
  int32_t reserved;        /**< Must be 0. */
  int64_t as_of;           /**< "Now" for aging and censoring, µs since the epoch. */
  uint64_t min_sample;     /**< Rates on fewer records are small samples (default 30). */
  const char *const *by;   /**< Attributes to break down by, one table each; none: channel, campaign, segment, owner where present. */
  size_t by_count;         /**< Number of strings at @p by. */
  const char *title;       /**< Heading of the page; empty: "Team dashboard". */
  size_t title_len;        /**< Byte length of @p title. */
  const char *team_attribute;      /**< String attribute naming a record's team; empty: none. */
  size_t team_attribute_len;       /**< Byte length of @p team_attribute. */
  const char *const *team_values;  /**< Attribute values, paired with @p team_ids. */
  const char *const *team_ids;     /**< The team of each of @p team_values. */
  size_t team_count;               /**< Number of pairs. */
  const char *team_default;        /**< Team for other and missing values. */
  size_t team_default_len;         /**< Byte length of @p team_default. */
  /** Qualification rules (may be NULL): adds the qualification section.
   *  Borrowed for the call only. */
  const mf_qualify_rules *qualify_rules;
  uint32_t threads;        /**< Threads the engines may use; 0: as many as the hardware has. */
  /* Version 2. Each input below is borrowed for the call only. */
  /** Re-engagement policy (may be NULL): adds the re-engagement queue. */
  const mf_reengage_policy *reengage_policy;
  int32_t has_reengage_as_of;  /**< 1 when @p reengage_as_of is set. */
  int32_t reserved2;           /**< Must be 0. */
  /** The queue's date, µs since the epoch; default: @p as_of, else the latest event. */
  int64_t reengage_as_of;
  /** Accounts to tier (may be NULL; with @p fit_model): adds the tier split. */
  const mf_tier_accounts *accounts;
  const mf_tier_model *fit_model;  /**< The fit model for @p accounts (both or neither). */
  /** Revenue target (> 0; 0: no plan) for @p revenue_period: adds the revenue plan vs actual. */
  double revenue_target;
  /** The plan's period: `2025-Q3`, `2025-07`, `2025`, `2025-W27` or `FROM..TO` (with a target). */
  const char *revenue_period;
  size_t revenue_period_len;   /**< Byte length of @p revenue_period. */
  /* Version 3. Each input below is borrowed for the call only. */
  /** The accounts' contacts (`account_id, contact_id, role`; may be NULL;
   *  needs @p accounts), a CSV table read with mf_tier_accounts_load_file()
   *  or mf_tier_accounts_parse(): adds the coverage gaps under the tier split. */
  const mf_tier_accounts *contacts;
  /** The contacts' touches (`contact_id, time, channel`, optional
   *  `campaign`; may be NULL: nothing touched; needs @p contacts). */
  const mf_tier_accounts *activities;
  /** The accounts column naming each account's rep; empty: the fit model's
   *  `owner` (needs @p contacts). Cadences are judged on @p as_of's day when
   *  set, else on the latest touch's. */
  const char *owner_column;
  size_t owner_column_len;     /**< Byte length of @p owner_column. */
} mf_dashboard_options;

/** Static initialiser of ::mf_dashboard_options with the defaults. */
#define MF_DASHBOARD_OPTIONS_INIT                                                        \
  { MF_DASHBOARD_OPTIONS_VERSION, MF_DASHBOARD_MONTH, 0, 0, 0, 0, 0, 0, 0, 30, NULL, 0, \
    NULL, 0, NULL, 0, NULL, NULL, 0, NULL, 0, NULL, 0,                                 \
    NULL, 0, 0, 0, NULL, NULL, 0.0, NULL, 0,                                           \
    NULL, NULL, NULL, 0 }

/** Initialises @p opts to the defaults of @p version (as #MF_DASHBOARD_OPTIONS_INIT).
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_dashboard_options_init(mf_dashboard_options *opts, uint32_t version);

/** The dashboard of @p data against @p graph as one HTML document.
 *  @param[out] out the page (UTF-8).
 *  @param data     the data set.
 *  @param graph    the stage graph.
 *  @param opts     options; NULL for the defaults.
 *  @errors #MF_EINVAL for NULL arguments, an unknown version or period, a
 *  nonzero reserved field, an unknown `by` attribute, `from` not before
 *  `to`, accounts without a fit model (or the reverse), contacts without
 *  accounts, activities or an owner column without contacts, a target without a
 *  period (or the reverse), a period that does not parse, or options an
 *  engine refuses (the message names the section); #MF_ENOMEM when out of memory.
 *  @ownership The caller frees `*out` with mf_text_free(); the view from
 *  mf_text_view() is valid until then.
 *  @threadsafety Any thread; @p data, @p graph and the inputs in @p opts may be shared. */
MF_API int mf_dashboard_html(mf_text **out, const mf_dataset *data, const mf_graph *graph,
                             const mf_dashboard_options *opts);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MF_EXPERIMENTAL */
