/* test_umbrella.c — a program written against the single header of ABI 1,
 * with only the renames of CHANGELOG.md applied (mf_report_* -> mf_funnel_*,
 * MF_TABLE_* -> MF_FUNNEL_TABLE_*, …): it includes nothing but
 * <modelfunnel/modelfunnel.h>, which now includes every area header, and it
 * reaches every area through it. (examples/c/load_counts.c, unchanged since
 * ABI 1, is the same proof for a program that did not use the funnel report.)
 * Options are filled field by field as such programs do, never touching the
 * fields ABI 2 added. */
#include "check.h" /* stdio, stdlib, string and <modelfunnel/modelfunnel.h> only */

int main(void) {
  mf_graph *graph = NULL;
  mf_dataset *data = NULL;
  mf_summary *summary = NULL;
  mf_funnel_report *report = NULL;
  mf_mapping *mapping = NULL;
  mf_dataset *loaded = NULL;
  mf_load_report *load_report = NULL;
  mf_text *csv = NULL;
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_load_options load = MF_LOAD_OPTIONS_INIT;
  mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
  mf_rate rate = MF_RATE_INIT;
  mf_durations cycle = MF_DURATIONS_INIT;
  uint64_t records = 0;
  const char *dir = test_path("");
  static const char *by[] = {"channel"};

  CHECK(mf_abi_version() == MF_ABI_VERSION);
  CHECK(mf_version() == MF_VERSION_NUMBER);

  CHECK_OK(mf_graph_the_model(&graph));
  gen.leads = 500;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK_OK(mf_summary_compute(&summary, data, graph));
  CHECK_OK(mf_summary_totals(summary, &records, NULL, NULL));
  CHECK(records == 500);

  opts.by = by;
  opts.by_count = 1;
  opts.passage = MF_FUNNEL_PASSAGE_OBSERVED;
  opts.bucket = MF_BUCKET_NONE;
  opts.omit_durations = MF_FUNNEL_FIGURE_AGING;
  CHECK_OK(mf_funnel_compute(&report, data, graph, &opts));
  CHECK(mf_funnel_group_count(report) > 1);
  CHECK_OK(mf_funnel_stage_rate(report, 0, 1, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.denominator == 500);
  CHECK_OK(mf_funnel_group_cycle(report, 0, &cycle));
  CHECK(cycle.computed == 1);
  CHECK_OK(mf_funnel_csv(&csv, report, MF_FUNNEL_TABLE_FUNNEL));
  CHECK(str_has(mf_text_view(csv), "channel,stage,reached"));

  CHECK_OK(mf_generate_csv(&gen, dir, strlen(dir)));
  CHECK_OK(mf_mapping_canonical(&mapping, dir, strlen(dir)));
  load.policy = MF_POLICY_SKIP;
  CHECK_OK(mf_dataset_load(&loaded, &load_report, mapping, &load));
  CHECK(mf_dataset_record_count(loaded) == 500);
  CHECK(mf_load_report_rejected_count(load_report) == 0);

  CHECK_STATUS(mf_funnel_csv(&csv, NULL, MF_FUNNEL_TABLE_FUNNEL), MF_EINVAL);
  CHECK(strcmp(mf_strerror(MF_EINVAL), "MF_EINVAL: invalid argument") == 0);

  mf_load_report_free(load_report);
  mf_dataset_free(loaded);
  mf_mapping_free(mapping);
  mf_text_free(csv);
  mf_funnel_free(report);
  mf_summary_free(summary);
  mf_dataset_free(data);
  mf_graph_free(graph);
  return check_report();
}
