/**
 * @file modelfunnel.h
 * @brief The modelfunnel C ABI, every header at once: stage graphs, data
 * sets, loading, synthetic data, summaries, funnel reports.
 *
 * A C99 interface over the C++ engine, stable per ABI major version
 * (#MF_ABI_VERSION, the shared library's SONAME). Each area has its own
 * header, which includes what it needs; this one includes them all:
 *
 * | header | area |
 * |---|---|
 * | common.h | export macro, versions, status codes and the last error, ::mf_str, ::mf_text; the conventions every function follows |
 * | graph.h | stage graphs and their builder |
 * | dataset.h | data sets, their records, attributes and events, and their builder |
 * | load.h | mappings, load options, loading CSV files, load reports |
 * | generate.h | synthetic data |
 * | summary.h | per-stage and per-team counts |
 * | figures.h | figures every engine shares: ::mf_rate, ::mf_durations, ::mf_time_bucket |
 * | funnel.h | the funnel report |
 * | qualify.h | lead qualification (experimental: needs MF_EXPERIMENTAL) |
 * | lead_score.h | the lead score (experimental: with MF_EXPERIMENTAL) |
 * | mapping_draft.h | a drafted mapping from CRM exports (experimental: with MF_EXPERIMENTAL) |
 * | revenue.h | the revenue plan and forecast (experimental: with MF_EXPERIMENTAL) |
 * | reengage.h | re-engagement of lost deals (experimental: with MF_EXPERIMENTAL) |
 * | attribution.h | campaign attribution, nine models (experimental: with MF_EXPERIMENTAL) |
 *
 * @code
 * #include <modelfunnel/modelfunnel.h>
 *
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

/** @defgroup mf_c C ABI
 *  The C interface, one group per header. */

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/figures.h"
#include "modelfunnel/funnel.h"
#include "modelfunnel/generate.h"
#include "modelfunnel/graph.h"
#include "modelfunnel/load.h"
#include "modelfunnel/summary.h"

/* Engines not yet frozen get their own header here too, whose declarations
 * are visible only with MF_EXPERIMENTAL defined (docs/c-api.md, "Stable and
 * experimental"). */
#include "modelfunnel/qualify.h"
#include "modelfunnel/lead_score.h"  /* experimental */
#include "modelfunnel/crm.h"         /* experimental */
#include "modelfunnel/mapping_draft.h"  /* experimental */
#include "modelfunnel/tiering.h"     /* experimental */
#include "modelfunnel/attribution.h" /* experimental */
#include "modelfunnel/revenue.h"     /* experimental */
#include "modelfunnel/reengage.h"    /* experimental */
#include "modelfunnel/dashboard.h"   /* experimental */

#endif /* MODELFUNNEL_H */
