/**
 * @file summary.h
 * @brief Summaries: how many records reached each stage and team of a graph.
 *
 * @code
 * mf_summary *s = NULL;
 * uint64_t records = 0;
 * if (mf_summary_compute(&s, data, graph) == MF_OK)
 *   mf_summary_totals(s, &records, NULL, NULL);
 * mf_summary_free(s);
 * @endcode
 */
#ifndef MODELFUNNEL_SUMMARY_H
#define MODELFUNNEL_SUMMARY_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_summary Summaries
 *  @ingroup mf_c
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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_SUMMARY_H */
