/* test_funnel_messy.c — the funnel report through the C ABI on messy
 * histories (issue 11): a lead event logged after the conversion window
 * once aborted the host process; a stage logged after a later one made the
 * per-step window stricter than the entry window; the won stage's drop-off
 * row ignored deals lost after winning. Figures by hand (days after
 * 2024-01-01); the rules are in docs/funnel-report.md. */
#include "check.h"

#define DAY INT64_C(86400000000)
#define T0 INT64_C(1704067200000000) /* 2024-01-01T00:00:00Z */

enum { LEAD, MQL, SQL, OPPORTUNITY, PROPOSAL, NEGOTIATION, WON };

typedef struct {
  const char *record, *stage;
  int64_t day;
  const char *reason;
} row;

static mf_dataset *build(const row *rows, size_t n) {
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  size_t i;
  CHECK_OK(mf_dataset_builder_new(&b));
  for (i = 0; i < n; ++i) {
    mf_event e;
    uint32_t r = 0, s = 0;
    memset(&e, 0, sizeof e);
    CHECK_OK(mf_dataset_builder_record(b, rows[i].record, strlen(rows[i].record), &r));
    CHECK_OK(mf_dataset_builder_stage(b, rows[i].stage, strlen(rows[i].stage), &s));
    e.record = r;
    e.stage = s;
    e.has_time = 1;
    e.time = T0 + rows[i].day * DAY;
    if (rows[i].reason != NULL) {
      e.has_reason = 1;
      e.reason.data = rows[i].reason;
      e.reason.size = strlen(rows[i].reason);
    }
    CHECK_OK(mf_dataset_builder_add_event(b, &e));
  }
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static mf_funnel_report *report(const mf_dataset *data, int window_days, int per_step, int passage) {
  mf_graph *graph = NULL;
  mf_funnel_report *r = NULL;
  mf_funnel_options o = MF_FUNNEL_OPTIONS_INIT;
  o.passage = passage;
  if (window_days >= 0) {
    o.has_window_days = 1;
    o.window_days = window_days;
    o.window_per_step = per_step;
  }
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_funnel_compute(&r, data, graph, &o));
  mf_graph_free(graph);
  return r;
}

/* Checks reached and the five fates of stage @p stage in the total group. */
static void fates(const mf_funnel_report *r, size_t stage, uint64_t reached, uint64_t advanced,
                  uint64_t lost, uint64_t nurture, uint64_t open, uint64_t expired) {
  uint64_t n[6];
  mf_str id;
  CHECK_OK(mf_funnel_stage(r, 0, stage, &id, &n[0], NULL));
  CHECK_OK(mf_funnel_stage_dropoff(r, 0, stage, &n[1], &n[2], &n[3], &n[4], &n[5]));
  CHECK(n[0] == reached && n[1] == advanced && n[2] == lost && n[3] == nurture && n[4] == open &&
        n[5] == expired);
}

static void test_late_lead_event(void) {
  static const row rows[] = {{"X", "mql", 0, NULL}, {"X", "lead", 60, NULL}};
  mf_dataset *data = build(rows, 2);
  mf_text *json = NULL;
  int per_step;
  size_t s;
  for (per_step = 0; per_step <= 1; ++per_step) {
    mf_funnel_report *r = report(data, 30, per_step, MF_FUNNEL_PASSAGE_IMPLIED);
    fates(r, LEAD, 1, 1, 0, 0, 0, 0);
    fates(r, MQL, 1, 0, 0, 0, 0, 1);
    for (s = SQL; s <= WON; ++s) fates(r, s, 0, 0, 0, 0, 0, 0);
    CHECK_OK(mf_funnel_json(&json, r));
    mf_text_free(json);
    mf_funnel_free(r);
  }
  {
    /* Observed passage keeps the record: its mql is inside the window. */
    mf_funnel_report *r = report(data, 30, 1, MF_FUNNEL_PASSAGE_OBSERVED);
    uint64_t records = 0;
    CHECK_OK(mf_funnel_group(r, 0, NULL, NULL, NULL, &records));
    CHECK(records == 1);
    fates(r, LEAD, 0, 0, 0, 0, 0, 0);
    fates(r, MQL, 1, 0, 0, 0, 0, 1);
    mf_funnel_free(r);
  }
  mf_dataset_free(data);
}

static void test_stage_logged_after_a_later_one(void) {
  static const row rows[] = {{"Y", "lead", 0, NULL}, {"Y", "sql", 1, NULL}, {"Y", "mql", 60, NULL}};
  mf_dataset *data = build(rows, 3);
  int per_step;
  for (per_step = 0; per_step <= 1; ++per_step) {
    mf_funnel_report *r = report(data, 30, per_step, MF_FUNNEL_PASSAGE_IMPLIED);
    fates(r, LEAD, 1, 1, 0, 0, 0, 0);
    fates(r, MQL, 1, 1, 0, 0, 0, 0);
    fates(r, SQL, 1, 0, 0, 0, 0, 1);
    mf_funnel_free(r);
  }
  mf_dataset_free(data);
}

static void test_won_then_lost(void) {
  static const row rows[] = {{"W1", "lead", 0, NULL}, {"W1", "closed_won", 5, NULL},
                             {"W2", "lead", 0, NULL}, {"W2", "closed_won", 5, NULL},
                             {"W2", "closed_lost", 8, "churned"}};
  mf_dataset *data = build(rows, 5);
  mf_funnel_report *r = report(data, -1, 0, MF_FUNNEL_PASSAGE_IMPLIED);
  mf_str reason;
  uint64_t count = 0, won = 0, lost = 0;
  fates(r, WON, 2, 0, 1, 0, 0, 0);
  CHECK(mf_funnel_reason_count(r, 0, WON) == 1);
  CHECK_OK(mf_funnel_reason(r, 0, WON, 0, &reason, &count));
  CHECK_STR(reason, "churned");
  CHECK(count == 1);
  CHECK_OK(mf_funnel_group_outcomes(r, 0, &won, &lost, NULL, NULL));
  CHECK(won == 1 && lost == 1);
  mf_funnel_free(r);
  mf_dataset_free(data);
}

int main(void) {
  test_late_lead_event();
  test_stage_logged_after_a_later_one();
  test_won_then_lost();
  return check_report();
}
