/* test_funnel_maven.c — the funnel report of the real Maven CRM export
 * (../shared/data/maven-crm through examples/maven-crm/mapping.json): per
 * regional office, the win rate and the median days from engaging to the
 * close equal tests/data/maven_figures.json (by_office). Skipped when
 * ../shared is absent. */
#include <math.h>

#include "check.h"

#include "maven.h"

static int near(double a, double b) { return fabs(a - b) <= 1e-12; }

/* Per-office win rate and median days engaging -> close of the Maven CRM
 * export, as tests/data/maven_figures.json has them. */
int main(void) {
  static const char *by[] = {"regional_office"};
  static const char *offices[] = {"Central", "East", "West"};
  static const double win_rate[] = {0.6255760368663594, 0.6302475780409041, 0.6393952867941307};
  static const double median[] = {48, 39, 47};
  mf_mapping *m = NULL;
  mf_graph *g = NULL;
  mf_dataset *data = NULL;
  mf_funnel_report *r = NULL;
  mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
  mf_load_options load = MF_LOAD_OPTIONS_INIT;
  mf_rate rate = MF_RATE_INIT;
  mf_durations cycle = MF_DURATIONS_INIT;
  mf_str graph_file, key;
  size_t i;
  int present;

  if (!maven_available()) return 0;
  m = maven_mapping();
  CHECK_OK(mf_mapping_graph_file(m, &graph_file));
  CHECK_OK(mf_graph_load_file(&g, graph_file.data, graph_file.size));
  load.policy = MF_POLICY_SKIP;
  CHECK_OK(mf_dataset_load(&data, NULL, m, &load));

  opts.by = by;
  opts.by_count = 1;
  opts.cycle_from = "engaging";
  opts.cycle_from_len = 8;
  CHECK_OK(mf_funnel_compute(&r, data, g, &opts));
  CHECK(mf_funnel_group_count(r) == 4);

  CHECK_OK(mf_funnel_group_win_rate(r, 0, &rate));
  CHECK(near(rate.value, 0.6315005215318135));
  CHECK_OK(mf_funnel_group_cycle(r, 0, &cycle));
  CHECK(cycle.median_days == 45);
  for (i = 0; i < 3 && i + 1 < mf_funnel_group_count(r); ++i) {
    CHECK_OK(mf_funnel_group_key(r, i + 1, 0, &present, &key));
    CHECK(present == 1);
    CHECK_STR(key, offices[i]);
    CHECK_OK(mf_funnel_group_win_rate(r, i + 1, &rate));
    CHECK(near(rate.value, win_rate[i]));
    CHECK_OK(mf_funnel_group_cycle(r, i + 1, &cycle));
    CHECK(cycle.median_days == median[i]);
  }
  mf_funnel_free(r);
  mf_dataset_free(data);
  mf_graph_free(g);
  mf_mapping_free(m);
  return check_report();
}
