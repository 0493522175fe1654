/**
 * @file crm.h
 * @brief What a data set loaded from real CRM exports keeps beside its stage
 * events: each event's expected close date, marketing touches, campaigns,
 * and the data-quality findings and skipped rows of a load.
 *
 * Experimental: the declarations are visible only with `MF_EXPERIMENTAL`
 * defined before any modelfunnel header, and may change or go in any
 * release (docs/c-api.md, "Stable and experimental"). docs/mapping.md
 * describes the tables (`touches`, `campaigns`, `history`, `close_date`).
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * for (size_t i = 0; i < mf_dataset_touch_count(data); ++i) {
 *   mf_touch t;
 *   if (mf_dataset_touch(data, i, &t) == MF_OK && t.has_campaign)
 *     printf("%s %.*s\n", "touch", (int)t.campaign.len, t.campaign.data);
 * }
 * @endcode
 *
 * Every view (::mf_str) points into the data set and lives as long as it.
 */
#ifndef MODELFUNNEL_CRM_H
#define MODELFUNNEL_CRM_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/load.h"

#endif /* MODELFUNNEL_CRM_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_CRM_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_CRM_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** One marketing touch of a record. Texts are empty views where the
 *  matching `has_` flag is 0. */
typedef struct mf_touch {
  uint32_t record;          /**< Record index. */
  int32_t has_cost;         /**< 1 when @p cost is set. */
  int64_t time;             /**< Microseconds since the epoch, UTC. */
  int64_t cost;             /**< Ten-thousandths of a unit. */
  mf_str campaign;          /**< Campaign id. */
  mf_str channel;           /**< Channel. */
  mf_str interaction;       /**< Interaction type. */
  mf_str utm_source;        /**< UTM source. */
  mf_str utm_medium;        /**< UTM medium. */
  mf_str utm_campaign;      /**< UTM campaign. */
  int32_t has_campaign;     /**< 1 when @p campaign is set. */
  int32_t has_channel;      /**< 1 when @p channel is set. */
  int32_t has_interaction;  /**< 1 when @p interaction is set. */
  int32_t has_utm_source;   /**< 1 when @p utm_source is set. */
  int32_t has_utm_medium;   /**< 1 when @p utm_medium is set. */
  int32_t has_utm_campaign; /**< 1 when @p utm_campaign is set. */
} mf_touch;

/** One campaign. */
typedef struct mf_campaign {
  mf_str id;           /**< Campaign id. */
  mf_str name;         /**< Display name (empty view unless @p has_name). */
  mf_str type;         /**< Type (empty view unless @p has_type). */
  int64_t cost;        /**< Ten-thousandths of a unit (when @p has_cost). */
  int64_t start;       /**< Microseconds since the epoch (when @p has_start). */
  int32_t has_name;    /**< 1 when @p name is set. */
  int32_t has_type;    /**< 1 when @p type is set. */
  int32_t has_cost;    /**< 1 when @p cost is set. */
  int32_t has_start;   /**< 1 when @p start is set. */
} mf_campaign;

/** The expected close date of event @p event into @p *out (µs since the
 *  epoch) and 1 into @p *present, or 0 into @p *present when the event
 *  has none. @return #MF_OK, #MF_EINVAL (NULL), #MF_ERANGE (bad index). */
MF_API int mf_dataset_event_close_date(const mf_dataset *data, size_t event, int *present, int64_t *out);

/** Number of touches (0 for NULL). */
MF_API size_t mf_dataset_touch_count(const mf_dataset *data);

/** Touch @p index (ordered by record, then time) into @p *out.
 *  @return #MF_OK, #MF_EINVAL (NULL), #MF_ERANGE (bad index). */
MF_API int mf_dataset_touch(const mf_dataset *data, size_t index, mf_touch *out);

/** The range [*first, *last) of touch indexes of record @p record.
 *  @return #MF_OK, #MF_EINVAL (NULL), #MF_ERANGE (bad record). */
MF_API int mf_dataset_record_touches(const mf_dataset *data, size_t record, size_t *first, size_t *last);

/** Number of campaigns (0 for NULL). */
MF_API size_t mf_dataset_campaign_count(const mf_dataset *data);

/** Campaign @p index into @p *out. @return #MF_OK, #MF_EINVAL, #MF_ERANGE. */
MF_API int mf_dataset_campaign(const mf_dataset *data, size_t index, mf_campaign *out);

/** Rows of file @p file of a load left out on purpose
 *  (`"unknown_records": "skip"`, `"other_fields": "skip"`).
 *  @return #MF_OK, #MF_EINVAL (NULL), #MF_ERANGE (bad index). */
MF_API int mf_load_report_file_skipped(const mf_load_report *report, size_t file, uint64_t *out);

/** Number of data-quality findings of a load (0 for NULL). */
MF_API size_t mf_load_report_finding_count(const mf_load_report *report);

/** Finding @p index: its rule id (`order.backwards`, `stage.duplicate`,
 *  `event.after_close`, `amount.on_lost`), how many, and its first example
 *  record id (empty view when none). Views live as long as @p report.
 *  @return #MF_OK, #MF_EINVAL (NULL), #MF_ERANGE (bad index). */
MF_API int mf_load_report_finding(const mf_load_report *report, size_t index, mf_str *rule,
                                  uint64_t *count, mf_str *example);

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
