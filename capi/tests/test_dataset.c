/* test_dataset.c — mf_dataset_builder, reading an mf_dataset back, the
 * in-memory generator and mf_summary. */
#include "check.h"

static mf_value value_of(int type) {
  mf_value v;
  memset(&v, 0, sizeof v);
  v.present = 1;
  v.type = type;
  return v;
}

static mf_event event_at(uint32_t record, uint32_t stage, int64_t time) {
  mf_event e;
  memset(&e, 0, sizeof e);
  e.record = record;
  e.stage = stage;
  e.has_time = 1;
  e.time = time;
  return e;
}

/* Two records, one attribute of each type, four events (one lacks a time). */
static mf_dataset *build(void) {
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  size_t channel, employees, score, active, created, index;
  uint32_t r1, r2, again, lead, won, odd;
  mf_value v;
  mf_event e;

  CHECK_STATUS(mf_dataset_builder_new(NULL), MF_EINVAL);
  CHECK_OK(mf_dataset_builder_new(&b));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("channel"), MF_ATTR_STRING, &channel));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("employees"), MF_ATTR_INT64, &employees));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("score"), MF_ATTR_DOUBLE, &score));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("active"), MF_ATTR_BOOL, &active));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("created"), MF_ATTR_TIMESTAMP, NULL));
  created = 4;
  CHECK(channel == 0 && employees == 1 && score == 2 && active == 3);
  index = 99;
  CHECK_STATUS(mf_dataset_builder_add_attribute(b, S("channel"), MF_ATTR_INT64, &index),
               MF_EEXISTS);
  CHECK(index == 99);
  CHECK_STATUS(mf_dataset_builder_add_attribute(b, S("x"), 5, NULL), MF_EINVAL);
  CHECK_ERROR_HAS("attribute type 5");
  CHECK_STATUS(mf_dataset_builder_add_attribute(b, S("\xff"), MF_ATTR_INT64, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_add_attribute(NULL, S("x"), MF_ATTR_INT64, NULL), MF_EINVAL);

  CHECK_OK(mf_dataset_builder_record(b, S("L1"), &r1));
  CHECK_OK(mf_dataset_builder_record(b, S("L2"), &r2));
  CHECK_OK(mf_dataset_builder_record(b, S("L1"), &again));
  CHECK(r1 == 0 && r2 == 1 && again == 0);
  CHECK_STATUS(mf_dataset_builder_record(b, S("L3"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_record(b, S("\xff"), &again), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_record(NULL, S("L3"), &again), MF_EINVAL);

  v = value_of(MF_ATTR_STRING);
  v.str.data = "web";
  v.str.size = 3;
  CHECK_OK(mf_dataset_builder_set(b, r1, channel, &v));
  v = value_of(MF_ATTR_INT64);
  v.i64 = 250;
  CHECK_OK(mf_dataset_builder_set(b, r1, employees, &v));
  v = value_of(MF_ATTR_DOUBLE);
  v.f64 = 0.75;
  CHECK_OK(mf_dataset_builder_set(b, r1, score, &v));
  v = value_of(MF_ATTR_BOOL);
  v.i64 = 1;
  CHECK_OK(mf_dataset_builder_set(b, r1, active, &v));
  v = value_of(MF_ATTR_TIMESTAMP);
  v.i64 = INT64_C(1704067200000000);
  CHECK_OK(mf_dataset_builder_set(b, r1, created, &v));
  v.present = 0; /* missing, whatever the type says */
  CHECK_OK(mf_dataset_builder_set(b, r2, created, &v));

  /* Type mismatch, bad indexes, bad values. */
  v = value_of(MF_ATTR_INT64);
  CHECK_STATUS(mf_dataset_builder_set(b, r1, channel, &v), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_set(b, r1, 5, &v), MF_ERANGE);
  CHECK_STATUS(mf_dataset_builder_set(b, 7, employees, &v), MF_ERANGE);
  v = value_of(MF_ATTR_BOOL);
  v.i64 = 2;
  CHECK_STATUS(mf_dataset_builder_set(b, r1, active, &v), MF_EINVAL);
  v = value_of(9);
  CHECK_STATUS(mf_dataset_builder_set(b, r1, active, &v), MF_EINVAL);
  v = value_of(MF_ATTR_STRING);
  v.str.data = "\xff";
  v.str.size = 1;
  CHECK_STATUS(mf_dataset_builder_set(b, r1, channel, &v), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_set(b, r1, channel, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_set(NULL, r1, channel, &v), MF_EINVAL);

  CHECK_OK(mf_dataset_builder_stage(b, S("lead"), &lead));
  CHECK_OK(mf_dataset_builder_stage(b, S("closed_won"), &won));
  CHECK_OK(mf_dataset_builder_stage(b, S("mystery"), &odd));
  CHECK(lead == 0 && won == 1 && odd == 2);
  CHECK_STATUS(mf_dataset_builder_stage(b, S("x"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_stage(b, S("\xff"), &odd), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_stage(NULL, S("x"), &odd), MF_EINVAL);

  /* Added out of order: the data set sorts by record, then time. */
  e = event_at(r1, won, 2000);
  e.has_amount = 1;
  e.amount = 10542500; /* 1054.25 */
  e.has_actor = 1;
  e.actor.data = "Moses";
  e.actor.size = 5;
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
  e = event_at(r1, lead, 1000);
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
  e = event_at(r2, odd, 0);
  e.has_time = 0;
  e.has_reason = 1;
  e.reason.data = "budget";
  e.reason.size = 6;
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
  e = event_at(r2, lead, 500);
  CHECK_OK(mf_dataset_builder_add_event(b, &e));

  e = event_at(9, lead, 0);
  CHECK_STATUS(mf_dataset_builder_add_event(b, &e), MF_ERANGE);
  e = event_at(r1, 70000, 0);
  CHECK_STATUS(mf_dataset_builder_add_event(b, &e), MF_ERANGE);
  e = event_at(r1, lead, 0);
  e.has_reason = 1;
  e.reason.data = "\xff";
  e.reason.size = 1;
  CHECK_STATUS(mf_dataset_builder_add_event(b, &e), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_add_event(b, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_add_event(NULL, &e), MF_EINVAL);

  CHECK_STATUS(mf_dataset_builder_finish(NULL, b), MF_EINVAL);
  CHECK_STATUS(mf_dataset_builder_finish(&data, NULL), MF_EINVAL);
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  {
    /* The builder is left empty and usable. */
    mf_dataset *empty = NULL;
    CHECK_OK(mf_dataset_builder_finish(&empty, b));
    CHECK(mf_dataset_record_count(empty) == 0 && mf_dataset_event_count(empty) == 0);
    mf_dataset_free(empty);
  }
  mf_dataset_builder_free(b);
  return data;
}

static void test_read_back(const mf_dataset *data) {
  mf_str s;
  mf_value v;
  mf_event e;
  size_t index, first, last;
  int type;

  CHECK(mf_dataset_record_count(data) == 2);
  CHECK_OK(mf_dataset_record_id(data, 1, &s));
  CHECK_STR(s, "L2");
  CHECK_STATUS(mf_dataset_record_id(data, 2, &s), MF_ERANGE);
  CHECK_STATUS(mf_dataset_record_id(data, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_record_id(NULL, 0, &s), MF_EINVAL);
  CHECK_OK(mf_dataset_find_record(data, S("L2"), &index));
  CHECK(index == 1);
  CHECK_STATUS(mf_dataset_find_record(data, S("L9"), &index), MF_ENOTFOUND);
  CHECK_STATUS(mf_dataset_find_record(data, S("\xff"), &index), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_record(data, S("L2"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_record(NULL, S("L2"), &index), MF_EINVAL);

  CHECK(mf_dataset_stage_count(data) == 3);
  CHECK_OK(mf_dataset_stage_name(data, 2, &s));
  CHECK_STR(s, "mystery");
  CHECK_STATUS(mf_dataset_stage_name(data, 3, &s), MF_ERANGE);
  CHECK_STATUS(mf_dataset_stage_name(data, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_stage_name(NULL, 0, &s), MF_EINVAL);
  CHECK_OK(mf_dataset_find_stage(data, S("closed_won"), &index));
  CHECK(index == 1);
  CHECK_STATUS(mf_dataset_find_stage(data, S("sql"), &index), MF_ENOTFOUND);
  CHECK_STATUS(mf_dataset_find_stage(data, S("\xff"), &index), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_stage(data, S("lead"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_stage(NULL, S("lead"), &index), MF_EINVAL);

  /* Events: L1 lead@1000, L1 won@2000, L2 lead@500, L2 mystery (no time). */
  CHECK(mf_dataset_event_count(data) == 4);
  CHECK_OK(mf_dataset_event(data, 0, &e));
  CHECK(e.record == 0 && e.stage == 0 && e.has_time == 1 && e.time == 1000);
  CHECK(e.has_amount == 0 && e.has_reason == 0 && e.has_actor == 0);
  CHECK_STR(e.reason, "");
  CHECK_STR(e.actor, "");
  CHECK_OK(mf_dataset_event(data, 1, &e));
  CHECK(e.stage == 1 && e.has_amount == 1 && e.amount == 10542500 && e.has_actor == 1);
  CHECK_STR(e.actor, "Moses");
  CHECK_OK(mf_dataset_event(data, 3, &e));
  CHECK(e.record == 1 && e.stage == 2 && e.has_time == 0 && e.has_reason == 1);
  CHECK_STR(e.reason, "budget");
  CHECK_STATUS(mf_dataset_event(data, 4, &e), MF_ERANGE);
  CHECK_STATUS(mf_dataset_event(data, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_event(NULL, 0, &e), MF_EINVAL);

  CHECK_OK(mf_dataset_record_events(data, 1, &first, &last));
  CHECK(first == 2 && last == 4);
  CHECK_STATUS(mf_dataset_record_events(data, 2, &first, &last), MF_ERANGE);
  CHECK_STATUS(mf_dataset_record_events(data, 0, NULL, &last), MF_EINVAL);
  CHECK_STATUS(mf_dataset_record_events(data, 0, &first, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_record_events(NULL, 0, &first, &last), MF_EINVAL);

  CHECK(mf_dataset_attribute_count(data) == 5);
  CHECK_OK(mf_dataset_attribute(data, 4, &s, &type));
  CHECK_STR(s, "created");
  CHECK(type == MF_ATTR_TIMESTAMP);
  CHECK_OK(mf_dataset_attribute(data, 0, NULL, NULL));
  CHECK_STATUS(mf_dataset_attribute(data, 5, &s, &type), MF_ERANGE);
  CHECK_STATUS(mf_dataset_attribute(NULL, 0, &s, &type), MF_EINVAL);
  CHECK_OK(mf_dataset_find_attribute(data, S("score"), &index));
  CHECK(index == 2);
  CHECK_STATUS(mf_dataset_find_attribute(data, S("nope"), &index), MF_ENOTFOUND);
  CHECK_STATUS(mf_dataset_find_attribute(data, S("\xff"), &index), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_attribute(data, S("score"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_find_attribute(NULL, S("score"), &index), MF_EINVAL);

  CHECK_OK(mf_dataset_value(data, 0, 0, &v));
  CHECK(v.present == 1 && v.type == MF_ATTR_STRING);
  CHECK_STR(v.str, "web");
  CHECK_OK(mf_dataset_value(data, 1, 0, &v));
  CHECK(v.present == 1 && v.type == MF_ATTR_INT64 && v.i64 == 250);
  CHECK_OK(mf_dataset_value(data, 2, 0, &v));
  CHECK(v.present == 1 && v.type == MF_ATTR_DOUBLE && v.f64 == 0.75);
  CHECK_OK(mf_dataset_value(data, 3, 0, &v));
  CHECK(v.present == 1 && v.type == MF_ATTR_BOOL && v.i64 == 1);
  CHECK_OK(mf_dataset_value(data, 4, 0, &v));
  CHECK(v.present == 1 && v.type == MF_ATTR_TIMESTAMP && v.i64 == INT64_C(1704067200000000));
  CHECK_OK(mf_dataset_value(data, 0, 1, &v));
  CHECK(v.present == 0 && v.type == MF_ATTR_STRING);
  CHECK_STR(v.str, "");
  CHECK_OK(mf_dataset_value(data, 4, 1, &v));
  CHECK(v.present == 0 && v.type == MF_ATTR_TIMESTAMP);
  CHECK_STATUS(mf_dataset_value(data, 5, 0, &v), MF_ERANGE);
  CHECK_STATUS(mf_dataset_value(data, 0, 2, &v), MF_ERANGE);
  CHECK_STATUS(mf_dataset_value(data, 0, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_value(NULL, 0, 0, &v), MF_EINVAL);
}

static void test_summary(const mf_dataset *data) {
  mf_graph *g = NULL;
  mf_summary *s = NULL;
  mf_str name;
  uint64_t records, events, without, reached, current, count;
  size_t i;
  int saw_lead = 0, saw_won = 0;

  CHECK_OK(mf_graph_the_model(&g));
  CHECK_STATUS(mf_summary_compute(NULL, data, g), MF_EINVAL);
  CHECK_STATUS(mf_summary_compute(&s, NULL, g), MF_EINVAL);
  CHECK_STATUS(mf_summary_compute(&s, data, NULL), MF_EINVAL);
  CHECK(s == NULL);
  CHECK_OK(mf_summary_compute(&s, data, g));

  CHECK_OK(mf_summary_totals(s, &records, &events, &without));
  CHECK(records == 2 && events == 4 && without == 0);
  CHECK_OK(mf_summary_totals(s, NULL, NULL, NULL));
  CHECK_STATUS(mf_summary_totals(NULL, &records, NULL, NULL), MF_EINVAL);

  CHECK(mf_summary_stage_count(s) == mf_graph_stage_count(g));
  for (i = 0; i < mf_summary_stage_count(s); ++i) {
    CHECK_OK(mf_summary_stage(s, i, &name, &reached, &current, &events));
    if (str_has(name, "lead") && name.size == 4) {
      saw_lead = 1;
      CHECK(reached == 2 && events == 2);
    }
    if (str_has(name, "closed_won")) {
      saw_won = 1;
      CHECK(reached == 1 && current == 1 && events == 1);
    }
  }
  CHECK(saw_lead && saw_won);
  CHECK_OK(mf_summary_stage(s, 0, NULL, NULL, NULL, NULL));
  CHECK_STATUS(mf_summary_stage(s, mf_summary_stage_count(s), &name, NULL, NULL, NULL),
               MF_ERANGE);
  CHECK_STATUS(mf_summary_stage(NULL, 0, &name, NULL, NULL, NULL), MF_EINVAL);

  /* One row per owner: sql's owners, SDR and BDR, share one joint row. */
  CHECK(mf_summary_team_count(s) == 3);
  CHECK_OK(mf_summary_team(s, 0, &name, &reached));
  CHECK_STR(name, "marketing");
  CHECK(reached == 2);
  CHECK_OK(mf_summary_team(s, 1, &name, NULL));
  CHECK_STR(name, "sdr|bdr");
  CHECK_OK(mf_summary_team(s, 0, NULL, NULL));
  CHECK_STATUS(mf_summary_team(s, mf_summary_team_count(s), &name, &reached), MF_ERANGE);
  CHECK_STATUS(mf_summary_team(NULL, 0, &name, &reached), MF_EINVAL);

  CHECK(mf_summary_unknown_stage_count(s) == 1);
  CHECK_OK(mf_summary_unknown_stage(s, 0, &name, &count));
  CHECK_STR(name, "mystery");
  CHECK(count == 1);
  CHECK_OK(mf_summary_unknown_stage(s, 0, NULL, NULL));
  CHECK_STATUS(mf_summary_unknown_stage(s, 1, &name, &count), MF_ERANGE);
  CHECK_STATUS(mf_summary_unknown_stage(NULL, 0, &name, &count), MF_EINVAL);

  mf_summary_free(s);
  mf_graph_free(g);
}

static void test_generate(void) {
  mf_generate_options opts = MF_GENERATE_OPTIONS_INIT;
  mf_dataset *a = NULL, *b = NULL;
  mf_event ea, eb;
  size_t i;

  opts.leads = 200;
  CHECK_OK(mf_dataset_generate(&a, &opts));
  CHECK_OK(mf_dataset_generate(&b, &opts));
  CHECK(mf_dataset_record_count(a) == 200);
  CHECK(mf_dataset_event_count(a) >= 200);
  CHECK(mf_dataset_event_count(a) == mf_dataset_event_count(b));
  for (i = 0; i < mf_dataset_event_count(a); i += 17) {
    CHECK_OK(mf_dataset_event(a, i, &ea));
    CHECK_OK(mf_dataset_event(b, i, &eb));
    CHECK(ea.record == eb.record && ea.stage == eb.stage && ea.time == eb.time);
  }
  CHECK_STATUS(mf_dataset_generate(NULL, &opts), MF_EINVAL);
  mf_dataset_free(a);
  mf_dataset_free(b);
}

int main(void) {
  mf_dataset *data = build();
  CHECK(data != NULL);
  if (data != NULL) {
    test_read_back(data);
    test_summary(data);
  }
  mf_dataset_free(data);
  test_generate();
  return check_report();
}
