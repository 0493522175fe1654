/* test_maven.c — the real Maven CRM export (../shared/data/maven-crm)
 * through examples/maven-crm/mapping.json, its graph, and a summary: what a
 * vendor integration does, end to end. Skipped when ../shared is absent. */
#include "check.h"

#include "maven.h"

#define OPPORTUNITIES 8800

int main(void) {
  mf_mapping *m = NULL;
  mf_graph *g = NULL;
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_summary *s = NULL;
  mf_load_options opts = MF_LOAD_OPTIONS_INIT;
  mf_str graph_file, stage, id;
  uint64_t records, events, reached, rows;
  size_t i, won = (size_t)-1;

  if (!maven_available()) return 0;
  m = maven_mapping();
  if (m == NULL) return check_report();

  CHECK_OK(mf_mapping_graph_file(m, &graph_file));
  CHECK(str_has(graph_file, "stages.json"));
  CHECK_OK(mf_graph_load_file(&g, graph_file.data, graph_file.size));

  opts.policy = MF_POLICY_SKIP;
  CHECK_OK(mf_dataset_load(&data, &report, m, &opts));
  CHECK(mf_dataset_record_count(data) == OPPORTUNITIES);
  CHECK(mf_load_report_file_count(report) == 3);
  CHECK_OK(mf_load_report_file(report, 0, &stage, NULL, NULL, &rows, NULL, NULL, NULL));
  CHECK_STR(stage, "pipeline");
  CHECK(rows == OPPORTUNITIES);
  /* Every rejected row is explained. */
  for (i = 0; i < mf_load_report_rejected_count(report); ++i) {
    mf_str file, rule;
    int64_t line = 0;
    CHECK_OK(mf_load_report_rejected(report, i, &file, &line, NULL, NULL, &rule, NULL));
    CHECK(line > 1 && rule.size > 0 && str_has(file, ".csv"));
  }
  CHECK_OK(mf_dataset_record_id(data, 0, &id));
  CHECK_STR(id, "1C1I7A6R");

  CHECK_OK(mf_summary_compute(&s, data, g));
  CHECK_OK(mf_summary_totals(s, &records, &events, NULL));
  CHECK(records == OPPORTUNITIES && events >= OPPORTUNITIES);
  for (i = 0; i < mf_summary_stage_count(s); ++i) {
    CHECK_OK(mf_summary_stage(s, i, &stage, &reached, NULL, NULL));
    if (stage.size == 10 && memcmp(stage.data, "closed_won", 10) == 0) {
      won = i;
      CHECK(reached > 0 && reached < OPPORTUNITIES);
    }
  }
  CHECK(won != (size_t)-1);
  CHECK(mf_summary_unknown_stage_count(s) == 0);

  mf_summary_free(s);
  mf_load_report_free(report);
  mf_dataset_free(data);
  mf_graph_free(g);
  mf_mapping_free(m);
  return check_report();
}
