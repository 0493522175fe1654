/* load_counts.c — load CRM exports through a mapping and print how many
 * records reached each stage. A starting point for C integrations.
 *
 *   load_counts [--skip] MAPPING.json [TABLE=FILE ...]
 *
 * --skip        leave bad rows out (and list them) instead of failing
 * TABLE=FILE    read a table of the mapping from another file, e.g. this
 *               month's export: deals=exports/2024-06.csv
 *
 * Stages come from the graph file the mapping names, or The Model's preset
 * graph when it names none.
 *
 * Build: see examples/c/CMakeLists.txt (find_package(modelfunnel), target
 * modelfunnel::c), or
 *   cc load_counts.c $(pkg-config --cflags --libs modelfunnel-c) */
#include <stdio.h>
#include <string.h>

#include <modelfunnel/modelfunnel.h>

/* Prints the last error after a failed call; returns 1 for main(). */
static int fail(const char *what, int status) {
  mf_str e = mf_last_error();
  fprintf(stderr, "load_counts: %s: %s\n  %.*s\n", what, mf_strerror(status), (int)e.size,
          e.data);
  return 1;
}

/* Applies one TABLE=FILE override to *mapping. */
static int override_file(mf_mapping **mapping, const char *arg) {
  const char *eq = strchr(arg, '=');
  mf_mapping *changed = NULL;
  int status;
  if (eq == NULL) {
    fprintf(stderr, "load_counts: expected TABLE=FILE, got '%s'\n", arg);
    return 1;
  }
  status = mf_mapping_with_file(&changed, *mapping, arg, (size_t)(eq - arg), eq + 1,
                                strlen(eq + 1));
  if (status != MF_OK) return fail(arg, status);
  mf_mapping_free(*mapping);
  *mapping = changed;
  return 0;
}

/* The graph the mapping names, or The Model's. */
static int open_graph(mf_graph **graph, const mf_mapping *mapping) {
  mf_str file;
  int status = mf_mapping_graph_file(mapping, &file);
  if (status == MF_OK) {
    status = file.size > 0 ? mf_graph_load_file(graph, file.data, file.size)
                           : mf_graph_the_model(graph);
  }
  return status == MF_OK ? 0 : fail("reading the stage graph", status);
}

static void print_report(const mf_load_report *report) {
  size_t i;
  for (i = 0; i < mf_load_report_file_count(report); ++i) {
    mf_str table, file;
    uint64_t rows = 0, rejected = 0;
    mf_load_report_file(report, i, &table, &file, NULL, &rows, &rejected, NULL, NULL);
    printf("%-12s %8llu rows %6llu rejected  %s\n", table.data, (unsigned long long)rows,
           (unsigned long long)rejected, file.data);
  }
  for (i = 0; i < mf_load_report_rejected_count(report) && i < 10; ++i) {
    mf_str file, rule, message;
    int64_t line = 0, column = 0;
    mf_load_report_rejected(report, i, &file, &line, &column, NULL, &rule, &message);
    printf("  rejected %s:%lld:%lld: %s: %s\n", file.data, (long long)line, (long long)column,
           rule.data, message.data);
  }
}

static void print_summary(const mf_summary *summary) {
  uint64_t records = 0, events = 0, without = 0;
  size_t i;
  mf_summary_totals(summary, &records, &events, &without);
  printf("\n%llu records, %llu events, %llu records without events\n\n",
         (unsigned long long)records, (unsigned long long)events, (unsigned long long)without);
  printf("%-20s %10s %10s %10s\n", "stage", "reached", "current", "events");
  for (i = 0; i < mf_summary_stage_count(summary); ++i) {
    mf_str stage;
    uint64_t reached = 0, current = 0, at_stage = 0;
    mf_summary_stage(summary, i, &stage, &reached, &current, &at_stage);
    printf("%-20s %10llu %10llu %10llu\n", stage.data, (unsigned long long)reached,
           (unsigned long long)current, (unsigned long long)at_stage);
  }
  for (i = 0; i < mf_summary_unknown_stage_count(summary); ++i) {
    mf_str stage;
    uint64_t count = 0;
    mf_summary_unknown_stage(summary, i, &stage, &count);
    printf("%-20s %32llu  (not in the graph)\n", stage.data, (unsigned long long)count);
  }
}

int main(int argc, char **argv) {
  mf_load_options options = MF_LOAD_OPTIONS_INIT;
  mf_mapping *mapping = NULL;
  mf_graph *graph = NULL;
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_summary *summary = NULL;
  int status, first = 1, result = 1, i;

  if (mf_version() != MF_VERSION_NUMBER) {
    fprintf(stderr, "load_counts: built with modelfunnel %s, running with %d\n",
            MF_VERSION_STRING, (int)mf_version());
  }
  if (argc > 1 && strcmp(argv[1], "--skip") == 0) {
    options.policy = MF_POLICY_SKIP;
    first = 2;
  }
  if (argc <= first) {
    fprintf(stderr, "usage: %s [--skip] MAPPING.json [TABLE=FILE ...]\n", argv[0]);
    return 2;
  }

  status = mf_mapping_load_file(&mapping, argv[first], strlen(argv[first]));
  if (status != MF_OK) return fail(argv[first], status);
  for (i = first + 1; i < argc; ++i) {
    if (override_file(&mapping, argv[i]) != 0) goto done;
  }
  if (open_graph(&graph, mapping) != 0) goto done;

  status = mf_dataset_load(&data, &report, mapping, &options);
  if (status != MF_OK) {
    fail("loading", status);
    goto done;
  }
  print_report(report);

  status = mf_summary_compute(&summary, data, graph);
  if (status != MF_OK) {
    fail("counting", status);
    goto done;
  }
  print_summary(summary);
  result = 0;

done:
  mf_summary_free(summary);
  mf_load_report_free(report);
  mf_dataset_free(data);
  mf_graph_free(graph);
  mf_mapping_free(mapping);
  return result;
}
