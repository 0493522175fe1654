/* The funnel report's compute time through the C ABI, to compare with the
 * C++ call (modelfunnel_report_bench) on the same data: loads DIR once, then
 * computes the by-channel observed report (and its funnel CSV) REPS times.
 *
 *   modelfunnel_report_bench_c DIR [REPS] [--funnel-only]
 *
 * --funnel-only leaves out every duration figure but days from entry (what
 * the funnel table shows, and what the CLI computes for it).
 * Prints: compute_s=<fastest> compute_median_s=<median>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "modelfunnel/modelfunnel.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: modelfunnel_report_bench_c DIR [REPS] [--funnel-only]\n");
    return 2;
  }
  const int reps = argc > 2 ? atoi(argv[2]) : 5;
  mf_mapping *map = NULL;
  mf_dataset *data = NULL;
  mf_load_report *load_report = NULL;
  mf_graph *graph = NULL;
  mf_load_options lo = MF_LOAD_OPTIONS_INIT;
  if (mf_mapping_canonical(&map, argv[1], strlen(argv[1])) != MF_OK ||
      mf_dataset_load(&data, &load_report, map, &lo) != MF_OK || mf_graph_the_model(&graph) != MF_OK) {
    fprintf(stderr, "load failed: %s\n", mf_last_error().data);
    return 1;
  }
  const char *by[] = {"channel"};
  mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
  opts.passage = MF_FUNNEL_PASSAGE_OBSERVED;
  opts.by = by;
  opts.by_count = 1;
  if (argc > 3 && strcmp(argv[3], "--funnel-only") == 0) {
    opts.omit_durations = MF_FUNNEL_FIGURE_IN_STAGE | MF_FUNNEL_FIGURE_AGING |
                          MF_FUNNEL_FIGURE_CYCLE | MF_FUNNEL_FIGURE_TEAM_VELOCITY;
  }
  double *times = calloc((size_t)(reps > 0 ? reps : 1), sizeof(double));
  size_t sink = 0;
  for (int i = 0; i < reps; ++i) {
    const double t0 = now();
    mf_funnel_report *report = NULL;
    mf_text *csv = NULL;
    if (mf_funnel_compute(&report, data, graph, &opts) != MF_OK ||
        mf_funnel_csv(&csv, report, MF_FUNNEL_TABLE_FUNNEL) != MF_OK) {
      fprintf(stderr, "report failed: %s\n", mf_last_error().data);
      return 1;
    }
    times[i] = now() - t0;
    sink += mf_text_view(csv).size;
    mf_text_free(csv);
    mf_funnel_free(report);
  }
  qsort(times, (size_t)reps, sizeof(double), cmp_double);
  printf("compute_s=%.5f compute_median_s=%.5f (%zu)\n", times[0], times[reps / 2], sink);
  free(times);
  mf_graph_free(graph);
  mf_load_report_free(load_report);
  mf_dataset_free(data);
  mf_mapping_free(map);
  return 0;
}
