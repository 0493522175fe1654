/* test_lead_score_maven.c — the lead score through the C ABI on the real
 * Maven CRM export: fitted on its 6,711 closed opportunities (sector,
 * product, employees, by sales agent), every one of its 8,800 scored, and
 * one opportunity scored again from its values alone, as a CRM's save hook
 * would, to the same probability. Skipped when ../shared is absent. */
#define MF_EXPERIMENTAL
#include "check.h"

#include "maven.h"

int main(void) {
  static const char *features[] = {"sector", "product", "employees"};
  static const char *attributes[] = {"sector", "product", "employees", "sales_agent"};
  mf_mapping *m = NULL;
  mf_graph *g = NULL;
  mf_dataset *data = NULL;
  mf_score_model *model = NULL;
  mf_score_set *all = NULL, *one = NULL;
  mf_score_fit_options fit = MF_SCORE_FIT_OPTIONS_INIT;
  mf_load_options load = MF_LOAD_OPTIONS_INIT;
  mf_score_report *held = NULL;
  mf_score_metrics metrics = MF_SCORE_METRICS_INIT, plain = MF_SCORE_METRICS_INIT;
  mf_score a = MF_SCORE_INIT, b = MF_SCORE_INIT;
  mf_score_input in[4];
  mf_str graph_file;
  size_t record = 0, i;

  if (!maven_available()) return 0;
  m = maven_mapping();
  CHECK_OK(mf_mapping_graph_file(m, &graph_file));
  CHECK_OK(mf_graph_load_file(&g, graph_file.data, graph_file.size));
  load.policy = MF_POLICY_SKIP;
  CHECK_OK(mf_dataset_load(&data, NULL, m, &load));

  fit.features = features;
  fit.feature_count = 3;
  fit.group_by = "sales_agent";
  fit.group_by_len = 11;
  CHECK_OK(mf_score_fit(&model, data, g, &fit));
  CHECK_OK(mf_score_apply(&all, model, data, NULL));
  CHECK(mf_score_set_count(all) == 8800);

  /* Opportunity 1C1I7A6R from its attribute values. */
  CHECK_OK(mf_dataset_find_record(data, S("1C1I7A6R"), &record));
  CHECK_OK(mf_score_set_row(all, record, &a));
  memset(in, 0, sizeof in);
  for (i = 0; i < 4; ++i) {
    size_t column = 0;
    in[i].attribute = attributes[i];
    in[i].attribute_len = strlen(attributes[i]);
    CHECK_OK(mf_dataset_find_attribute(data, attributes[i], strlen(attributes[i]), &column));
    CHECK_OK(mf_dataset_value(data, column, record, &in[i].value));
  }
  CHECK_OK(mf_score_record(&one, model, in, 4, 3));
  CHECK_OK(mf_score_set_row(one, 0, &b));
  CHECK(a.probability == b.probability);
  CHECK(a.low == b.low && a.high == b.high);
  CHECK(a.probability > 0.3 && a.probability < 0.9);

  /* Held out: calibrated within 0.03, and no worse than plain naive Bayes. */
  CHECK_OK(mf_score_report_cross_validate(&held, data, g, &fit, NULL));
  CHECK_OK(mf_score_report_metrics(held, 0, &metrics));
  CHECK_OK(mf_score_report_metrics(held, 1, &plain));
  CHECK(metrics.records == 6711 && metrics.positives == 4238);
  CHECK(metrics.ece <= 0.03);
  CHECK(metrics.auc >= plain.auc);

  mf_score_report_free(held);
  mf_score_set_free(one);
  mf_score_set_free(all);
  mf_score_model_free(model);
  mf_dataset_free(data);
  mf_graph_free(g);
  mf_mapping_free(m);
  return check_report();
}
