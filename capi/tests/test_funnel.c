/* test_funnel.c — mf_funnel_report: options, every accessor on a small data set
 * whose figures are worked out by hand, CSV / JSON text, every error path,
 * (test_funnel_maven.c checks the Maven CRM export.)
 *
 * The hand-made data (days after 2025-01-01, The Model's graph):
 *   A web       lead 0, mql 1, sql 3                      -> open at sql
 *   B web       lead 0, mql 2, closed_lost 5 ("budget")   -> lost
 *   C referral  lead 0, sql 4, opportunity 6, proposal 8, negotiation 9,
 *               closed_won 10 (100.50)                    -> won, skipped mql
 *   D (missing) mql 1, closed_won 7 (50)                  -> won, no lead event
 * With implied passage a record reached every main-path stage up to its
 * furthest one: lead 4, mql 4, sql 3 (A, C, D), opportunity..closed_won 2. */
#include <math.h>

#include "check.h"

#define DAY INT64_C(86400000000)
#define T0 INT64_C(1735689600000000) /* 2025-01-01T00:00:00Z */

/* Main-path positions of The Model. */
enum { LEAD, MQL, SQL, OPPORTUNITY, PROPOSAL, NEGOTIATION, WON };

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * (fabs(b) > 1 ? fabs(b) : 1); }

static void add(mf_dataset_builder *b, const char *record, const char *stage, int64_t day,
                int64_t amount, const char *reason) {
  mf_event e;
  uint32_t r = 0, s = 0;
  memset(&e, 0, sizeof e);
  CHECK_OK(mf_dataset_builder_record(b, record, strlen(record), &r));
  CHECK_OK(mf_dataset_builder_stage(b, stage, strlen(stage), &s));
  e.record = r;
  e.stage = s;
  e.has_time = 1;
  e.time = T0 + day * DAY;
  if (amount >= 0) {
    e.has_amount = 1;
    e.amount = amount;
  }
  if (reason != NULL) {
    e.has_reason = 1;
    e.reason.data = reason;
    e.reason.size = strlen(reason);
  }
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
}

static void set_channel(mf_dataset_builder *b, const char *record, const char *channel) {
  mf_value v;
  uint32_t r = 0;
  memset(&v, 0, sizeof v);
  v.present = 1;
  v.type = MF_ATTR_STRING;
  v.str.data = channel;
  v.str.size = strlen(channel);
  CHECK_OK(mf_dataset_builder_record(b, record, strlen(record), &r));
  CHECK_OK(mf_dataset_builder_set(b, r, 0, &v));
}

static mf_dataset *build(void) {
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  CHECK_OK(mf_dataset_builder_new(&b));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("channel"), MF_ATTR_STRING, NULL));
  set_channel(b, "A", "web");
  set_channel(b, "B", "web");
  set_channel(b, "C", "referral");
  add(b, "A", "lead", 0, -1, NULL);
  add(b, "A", "mql", 1, -1, NULL);
  add(b, "A", "sql", 3, -1, NULL);
  add(b, "B", "lead", 0, -1, NULL);
  add(b, "B", "mql", 2, -1, NULL);
  add(b, "B", "closed_lost", 5, -1, "budget");
  add(b, "C", "lead", 0, -1, NULL);
  add(b, "C", "sql", 4, -1, NULL);
  add(b, "C", "opportunity", 6, -1, NULL);
  add(b, "C", "proposal", 8, -1, NULL);
  add(b, "C", "negotiation", 9, -1, NULL);
  add(b, "C", "closed_won", 10, 1005000, NULL);
  add(b, "D", "mql", 1, -1, NULL);
  add(b, "D", "closed_won", 7, 500000, NULL);
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static void test_options_init(void) {
  mf_funnel_options from_macro = MF_FUNNEL_OPTIONS_INIT;
  mf_funnel_options from_function, untouched;

  memset(&from_function, 0xab, sizeof from_function);
  CHECK_OK(mf_funnel_options_init(&from_function, MF_FUNNEL_OPTIONS_VERSION));
  CHECK(memcmp(&from_macro, &from_function, sizeof from_macro) == 0);
  CHECK(from_function.version == MF_FUNNEL_OPTIONS_VERSION);
  CHECK(from_function.passage == MF_FUNNEL_PASSAGE_IMPLIED &&
        from_function.mode == MF_FUNNEL_COHORT);
  CHECK(from_function.bucket == MF_BUCKET_NONE && from_function.has_from == 0);
  CHECK(from_function.min_sample == 30 && from_function.significance == 0.05);
  CHECK(from_function.by == NULL && from_function.by_count == 0);
  CHECK(from_function.team_attribute == NULL && from_function.target_rates == NULL);
  CHECK(from_function.omit_durations == 0 && from_function.threads == 0);
  /* Version 1 ends before omit_durations, version 2 before threads: the
   * fields a version lacks are left alone. */
  from_function.omit_durations = 0xabu;
  from_function.threads = 0xcdu;
  CHECK_OK(mf_funnel_options_init(&from_function, 1));
  CHECK(from_function.version == 1 && from_function.min_sample == 30);
  CHECK(from_function.omit_durations == 0xabu && from_function.threads == 0xcdu);
  CHECK_OK(mf_funnel_options_init(&from_function, 2));
  CHECK(from_function.version == 2 && from_function.omit_durations == 0);
  CHECK(from_function.threads == 0xcdu);

  memset(&untouched, 0x5a, sizeof untouched);
  CHECK_STATUS(mf_funnel_options_init(&untouched, 0), MF_EINVAL);
  CHECK_ERROR_HAS("mf_funnel_options version 0");
  CHECK_STATUS(mf_funnel_options_init(&untouched, MF_FUNNEL_OPTIONS_VERSION + 1), MF_EINVAL);
  CHECK(((const unsigned char *)&untouched)[0] == 0x5a);
  CHECK_STATUS(mf_funnel_options_init(NULL, MF_FUNNEL_OPTIONS_VERSION), MF_EINVAL);
}

/* The total group (index 0) of the default report. */
static void test_total(const mf_funnel_report *r) {
  static const char *ids[] = {"lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                              "closed_won"};
  static const uint64_t reached[] = {4, 4, 3, 2, 2, 2, 2};
  static const uint64_t observed[] = {3, 3, 2, 1, 1, 1, 2};
  mf_rate rate = MF_RATE_INIT;
  mf_durations d = MF_DURATIONS_INIT;
  mf_str s, reason;
  uint64_t n1, n2, n3, n4, n5;
  int64_t scaled, as_of;
  double value, x;
  int total, has_bucket, present;
  size_t i;

  CHECK(mf_funnel_stage_count(r) == 7);
  CHECK(mf_funnel_group_count(r) == 1);
  CHECK(mf_funnel_by_count(r) == 0);
  CHECK_OK(mf_funnel_counts(r, &n1, &n2, &n3));
  CHECK(n1 == 0 && n2 == 0 && n3 == 0);
  CHECK_OK(mf_funnel_counts(r, NULL, NULL, NULL));
  CHECK_OK(mf_funnel_as_of(r, &as_of));
  CHECK(as_of == T0 + 10 * DAY); /* the latest event */

  CHECK_OK(mf_funnel_group(r, 0, &total, &has_bucket, &scaled, &n1));
  CHECK(total == 1 && has_bucket == 0 && scaled == 0 && n1 == 4);
  CHECK_OK(mf_funnel_group_outcomes(r, 0, &n1, &n2, &n3, &n4));
  CHECK(n1 == 2 && n2 == 1 && n3 == 1 && n4 == 0);

  /* Win rate 2 / 3 (closed records only) with its Wilson interval. */
  CHECK_OK(mf_funnel_group_win_rate(r, 0, &rate));
  CHECK(rate.version == MF_RATE_VERSION);
  CHECK(rate.numerator == 2 && rate.denominator == 3 && rate.value == 2.0 / 3.0);
  CHECK(near(rate.low, 0.2076596008020477) && near(rate.high, 0.9385080552796037));
  CHECK(rate.small_sample == 1);

  CHECK_OK(mf_funnel_group_won_revenue(r, 0, &scaled, &value));
  CHECK(scaled == 1505000 && value == 150.5);

  /* Cycle from lead to the close: B 5 days, C 10, D 6 (D has no lead
     event: its lead is dated at its mql, day 1, the earliest entry at lead
     or a later main-path stage). */
  CHECK_OK(mf_funnel_group_cycle(r, 0, &d));
  CHECK(d.version == MF_DURATIONS_VERSION);
  CHECK(d.count == 3 && d.median_days == 6.0 && d.mean_days == 7.0);
  CHECK(near(d.p90_days, 9.2));

  /* C skipped mql, D skipped lead (and sql..negotiation). */
  CHECK_OK(mf_funnel_group_paths(r, 0, &n1, &n2, &n3, &n4, &n5));
  CHECK(n1 == 2 && n2 == 0 && n3 == 0 && n4 == 0 && n5 == 0);

  for (i = 0; i < 7; ++i) {
    CHECK_OK(mf_funnel_stage(r, 0, i, &s, &n1, &n2));
    CHECK_STR(s, ids[i]);
    CHECK(n1 == reached[i] && n2 == observed[i]);
  }

  /* Step rates: mql 4/4, sql 3/4, opportunity 2/3, then 2/2. */
  CHECK_OK(mf_funnel_stage_rate(r, 0, LEAD, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.denominator == 0 && isnan(rate.value));
  CHECK_OK(mf_funnel_stage_rate(r, 0, SQL, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.numerator == 3 && rate.denominator == 4 && rate.value == 0.75);
  CHECK_OK(mf_funnel_stage_rate(r, 0, OPPORTUNITY, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.numerator == 2 && rate.denominator == 3);
  CHECK_OK(mf_funnel_stage_rate(r, 0, WON, MF_FUNNEL_STAGE_RATE_OVERALL, &rate));
  CHECK(rate.numerator == 2 && rate.denominator == 4 && rate.value == 0.5);

  /* Days from the lead entry: mql A 1, B 2 (median 1.5); sql A 3, C 4;
   * closed_won only C (D has no lead event). */
  CHECK_OK(mf_funnel_stage_durations(r, 0, LEAD, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.count == 3 && d.median_days == 0);
  CHECK_OK(mf_funnel_stage_durations(r, 0, MQL, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.count == 2 && d.median_days == 1.5 && d.mean_days == 1.5);
  CHECK(near(d.p90_days, 1.9));
  CHECK_OK(mf_funnel_stage_durations(r, 0, SQL, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.count == 2 && d.median_days == 3.5);
  CHECK_OK(mf_funnel_stage_durations(r, 0, WON, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.count == 1 && d.median_days == 10);
  /* Aging at sql: A is still there, 7 days before as_of. */
  CHECK_OK(mf_funnel_stage_durations(r, 0, SQL, MF_FUNNEL_DURATIONS_AGING, &d));
  CHECK(d.count == 1 && d.median_days == 7);
  CHECK_OK(mf_funnel_stage_durations(r, 0, PROPOSAL, MF_FUNNEL_DURATIONS_AGING, &d));
  CHECK(d.count == 0 && isnan(d.median_days) && isnan(d.mean_days));
  /* In stage: C's proposal 8 -> negotiation 9. */
  CHECK_OK(mf_funnel_stage_durations(r, 0, PROPOSAL, MF_FUNNEL_DURATIONS_IN_STAGE, &d));
  CHECK(d.count == 1 && d.median_days == 1);

  /* Drop-off: of the 4 at mql, 3 went on and B was lost there; of the 3 at
   * sql, 2 went on and A is still open there; the won records at
   * closed_won count in no column. */
  CHECK_OK(mf_funnel_stage_dropoff(r, 0, MQL, &n1, &n2, &n3, &n4, &n5));
  CHECK(n1 == 3 && n2 == 1 && n3 == 0 && n4 == 0 && n5 == 0);
  CHECK_OK(mf_funnel_stage_dropoff(r, 0, SQL, &n1, &n2, &n3, &n4, &n5));
  CHECK(n1 == 2 && n2 == 0 && n3 == 0 && n4 == 1 && n5 == 0);
  CHECK_OK(mf_funnel_stage_dropoff(r, 0, WON, &n1, &n2, &n3, &n4, &n5));
  CHECK(n1 == 0 && n2 == 0 && n3 == 0 && n4 == 0 && n5 == 0);
  CHECK_OK(mf_funnel_stage_dropoff(r, 0, LEAD, NULL, NULL, NULL, NULL, NULL));

  CHECK(mf_funnel_reason_count(r, 0, MQL) == 1);
  CHECK(mf_funnel_reason_count(r, 0, SQL) == 0);
  CHECK_OK(mf_funnel_reason(r, 0, MQL, 0, &s, &n1));
  CHECK_STR(s, "budget");
  CHECK(n1 == 1);

  /* Teams: marketing (lead, mql), the joint sdr|bdr (sql), field_sales. */
  CHECK(mf_funnel_team_count(r, 0) == 3);
  CHECK_OK(mf_funnel_team(r, 0, 0, &s, &n1, &n2));
  CHECK_STR(s, "marketing");
  CHECK(n1 == 4 && n2 == 3);
  CHECK(mf_funnel_team_stage_count(r, 0, 0) == 2);
  CHECK_OK(mf_funnel_team_stage(r, 0, 0, 1, &s));
  CHECK_STR(s, "mql");
  CHECK_OK(mf_funnel_team_rate(r, 0, 0, MF_FUNNEL_TEAM_RATE_CONVERSION, &rate));
  CHECK(rate.numerator == 3 && rate.denominator == 4);
  CHECK_OK(mf_funnel_team_rate(r, 0, 0, MF_FUNNEL_TEAM_RATE_QUALITY, &rate));
  CHECK(rate.numerator == 2 && rate.denominator == 3);
  CHECK_OK(mf_funnel_team(r, 0, 1, &s, &n1, &n2));
  CHECK_STR(s, "sdr|bdr");
  CHECK(n1 == 3 && n2 == 2);
  CHECK_OK(mf_funnel_team(r, 0, 2, &s, &n1, &n2));
  CHECK_STR(s, "field_sales");
  CHECK(n1 == 2 && n2 == 2);
  /* Velocity to the hand-off: marketing A lead 0 -> sql 3, C 0 -> 4, D 1 -> 7
     (D's lead is dated at its mql, its sql at its won event). */
  CHECK_OK(mf_funnel_team_velocity(r, 0, 0, &d));
  CHECK(d.count == 3 && d.median_days == 4.0);

  /* One bottleneck row per step; no baseline, no target, untested. */
  CHECK(mf_funnel_bottleneck_count(r) == 6);
  /* The step into opportunity ranks first: reached(sql) 3 x 0.01 x
   * won/reached(opportunity) 2/2 x average won amount 75.25. */
  CHECK_OK(mf_funnel_bottleneck(r, 0, &s, &value, &total, &x, &reason));
  CHECK_STR(s, "opportunity");
  CHECK(near(value, 2.2575) && total == 0 && isnan(x));
  CHECK(str_has(reason, "below the minimum sample of 30"));
  CHECK_OK(mf_funnel_bottleneck_rate(r, 0, &rate));
  CHECK(rate.numerator == 2 && rate.denominator == 3);
  present = 7;
  rate.numerator = 99;
  CHECK_OK(mf_funnel_bottleneck_baseline(r, 0, &present, &rate));
  CHECK(present == 0 && rate.numerator == 99);
  CHECK_OK(mf_funnel_bottleneck_target(r, 0, &present, &value));
  CHECK(present == 0 && value == 0);
}

/* by = {"channel"}: total, referral, web, missing (last). */
static void test_by_channel(const mf_dataset *data, const mf_graph *g) {
  static const char *by[] = {"channel"};
  mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
  mf_funnel_report *r = NULL;
  mf_rate rate = MF_RATE_INIT;
  mf_str s;
  uint64_t n1, n2;
  int present, total;

  opts.by = by;
  opts.by_count = 1;
  CHECK_OK(mf_funnel_compute(&r, data, g, &opts));
  CHECK(mf_funnel_by_count(r) == 1);
  CHECK_OK(mf_funnel_by(r, 0, &s));
  CHECK_STR(s, "channel");
  CHECK(mf_funnel_group_count(r) == 4);

  CHECK_OK(mf_funnel_group_key(r, 0, 0, &present, &s));
  CHECK(present == 0);
  CHECK_STR(s, "");
  CHECK_OK(mf_funnel_group_key(r, 1, 0, &present, &s));
  CHECK(present == 1);
  CHECK_STR(s, "referral");
  CHECK_OK(mf_funnel_group_key(r, 2, 0, &present, &s));
  CHECK_STR(s, "web");
  CHECK_OK(mf_funnel_group_key(r, 3, 0, &present, NULL));
  CHECK(present == 0);
  CHECK_OK(mf_funnel_group(r, 3, &total, NULL, NULL, &n1));
  CHECK(total == 0 && n1 == 1);

  /* web: A and B reached lead and mql, A sql, nobody opportunity. */
  CHECK_OK(mf_funnel_group(r, 2, NULL, NULL, NULL, &n1));
  CHECK(n1 == 2);
  CHECK_OK(mf_funnel_stage(r, 2, SQL, NULL, &n1, &n2));
  CHECK(n1 == 1 && n2 == 1);
  CHECK_OK(mf_funnel_stage_rate(r, 2, SQL, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.numerator == 1 && rate.denominator == 2 && rate.value == 0.5);
  CHECK_OK(mf_funnel_stage_rate(r, 2, OPPORTUNITY, MF_FUNNEL_STAGE_RATE_STEP, &rate));
  CHECK(rate.numerator == 0 && rate.denominator == 1 && rate.value == 0);
  CHECK_OK(mf_funnel_group_win_rate(r, 2, &rate));
  CHECK(rate.numerator == 0 && rate.denominator == 1);
  /* The missing channel: D alone, won without a lead event. */
  CHECK_OK(mf_funnel_stage(r, 3, LEAD, NULL, &n1, &n2));
  CHECK(n1 == 1 && n2 == 0);

  CHECK_STATUS(mf_funnel_group_key(r, 4, 0, &present, &s), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_key(r, 1, 1, &present, &s), MF_ERANGE);
  CHECK_ERROR_HAS("key index 1");
  CHECK_STATUS(mf_funnel_by(r, 1, &s), MF_ERANGE);
  CHECK_STATUS(mf_funnel_by(r, 0, NULL), MF_EINVAL);
  mf_funnel_free(r);
}

/* Team assignment, targets and a baseline period. */
static void test_teams_targets_baseline(const mf_dataset *data, const mf_graph *g) {
  static const char *values[] = {"referral"};
  static const char *teams[] = {"bdr"};
  static const char *stages[] = {"sql"};
  static const double rates[] = {0.9};
  mf_funnel_options opts = MF_FUNNEL_OPTIONS_INIT;
  mf_funnel_report *r = NULL;
  mf_rate rate = MF_RATE_INIT;
  mf_str s;
  uint64_t input;
  double target;
  size_t i, found = 0;
  int present;

  opts.team_attribute = "channel";
  opts.team_attribute_len = 7;
  opts.team_values = values;
  opts.team_ids = teams;
  opts.team_count = 1;
  opts.team_default = "sdr";
  opts.team_default_len = 3;
  opts.target_stages = stages;
  opts.target_rates = rates;
  opts.target_count = 1;
  opts.has_baseline = 1;
  opts.baseline_from = T0;
  opts.baseline_to = T0 + 30 * DAY;
  CHECK_OK(mf_funnel_compute(&r, data, g, &opts));

  /* sdr works A and D (web, missing), bdr works C (referral). */
  CHECK(mf_funnel_team_count(r, 0) == 4);
  CHECK_OK(mf_funnel_team(r, 0, 1, &s, &input, NULL));
  CHECK_STR(s, "sdr");
  CHECK(input == 2);
  CHECK_OK(mf_funnel_team(r, 0, 2, &s, &input, NULL));
  CHECK_STR(s, "bdr");
  CHECK(input == 1);

  for (i = 0; i < mf_funnel_bottleneck_count(r); ++i) {
    CHECK_OK(mf_funnel_bottleneck(r, i, &s, NULL, NULL, NULL, NULL));
    CHECK_OK(mf_funnel_bottleneck_baseline(r, i, &present, &rate));
    CHECK(present == 1);
    if (s.size == 3 && memcmp(s.data, "sql", 3) == 0) {
      ++found;
      CHECK(rate.numerator == 3 && rate.denominator == 4); /* everything is in the baseline */
      CHECK_OK(mf_funnel_bottleneck_target(r, i, &present, &target));
      CHECK(present == 1 && target == 0.9);
    }
  }
  CHECK(found == 1);
  mf_funnel_free(r);
}

static void test_text(const mf_funnel_report *r) {
  mf_text *t = NULL;
  mf_str v;
  CHECK_OK(mf_funnel_csv(&t, r, MF_FUNNEL_TABLE_FUNNEL));
  v = mf_text_view(t);
  CHECK(str_has(v, "stage,reached,conv_from_prev,median_days_from_lead,won_revenue\n"));
  CHECK(str_has(v, "\nlead,4,,0,\n"));
  CHECK(str_has(v, "\nsql,3,0.75,3.5,\n"));
  CHECK(str_has(v, "\nclosed_won,2,1,10,150.5\n"));
  mf_text_free(t);
  t = NULL;
  CHECK_OK(mf_funnel_csv(&t, r, MF_FUNNEL_TABLE_REASONS));
  CHECK_STR(mf_text_view(t), "stage,reason,count\nmql,budget,1\n");
  mf_text_free(t);
  t = NULL;
  CHECK_OK(mf_funnel_csv(&t, r, MF_FUNNEL_TABLE_BOTTLENECKS));
  CHECK(str_has(mf_text_view(t), "stage,revenue_per_point,rate,"));
  mf_text_free(t);
  t = NULL;
  CHECK_OK(mf_funnel_json(&t, r));
  v = mf_text_view(t);
  CHECK(v.size > 0 && v.data[0] == '{' && str_has(v, "\"won_revenue\""));
  mf_text_free(t);
  t = NULL;

  CHECK_STATUS(mf_funnel_csv(&t, r, 7), MF_EINVAL);
  CHECK_ERROR_HAS("report table 7");
  CHECK_STATUS(mf_funnel_csv(&t, r, -1), MF_EINVAL);
  CHECK_STATUS(mf_funnel_csv(NULL, r, MF_FUNNEL_TABLE_FUNNEL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_csv(&t, NULL, MF_FUNNEL_TABLE_FUNNEL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_json(NULL, r), MF_EINVAL);
  CHECK_STATUS(mf_funnel_json(&t, NULL), MF_EINVAL);
  CHECK(t == NULL);
}

/* Options the C layer or the C++ report refuses: nothing is created. */
static void test_bad_options(const mf_dataset *data, const mf_graph *g) {
  static const char *nope[] = {"nope"};
  static const char *null_item[] = {NULL};
  static const char *bad_utf8[] = {"\xff"};
  static const char *lead[] = {"lead"};
  static const double rate[] = {0.5};
  mf_funnel_options o;
  mf_funnel_report *r = NULL;

#define RESET() mf_funnel_options_init(&o, MF_FUNNEL_OPTIONS_VERSION)
#define REFUSED(code, needle)                                  \
  do {                                                         \
    CHECK_STATUS(mf_funnel_compute(&r, data, g, &o), (code)); \
    CHECK_ERROR_HAS(needle);                                   \
    CHECK(r == NULL);                                          \
  } while (0)

  RESET();
  o.version = 0;
  REFUSED(MF_EINVAL, "mf_funnel_options version 0");
  o.version = MF_FUNNEL_OPTIONS_VERSION + 1;
  REFUSED(MF_EINVAL, "mf_funnel_options version 4 (this library knows 1 to 3)");
  RESET();
  o.omit_durations = 32;
  REFUSED(MF_EINVAL, "omit_durations: unknown figure bits 0x20");
  RESET();
  o.passage = 2;
  REFUSED(MF_EINVAL, "unknown passage 2");
  RESET();
  o.mode = -1;
  REFUSED(MF_EINVAL, "unknown report mode -1");
  RESET();
  o.bucket = 4;
  REFUSED(MF_EINVAL, "unknown time bucket 4");
  RESET();
  o.by = nope;
  o.by_count = 1;
  REFUSED(MF_EINVAL, "by: no attribute named 'nope'");
  o.by = NULL;
  REFUSED(MF_EINVAL, "by is NULL but its count is 1");
  o.by = null_item;
  REFUSED(MF_EINVAL, "by[0] is NULL");
  o.by = bad_utf8;
  REFUSED(MF_EINVAL, "by[0] is not valid UTF-8");
  RESET();
  o.cycle_from = "nowhere";
  o.cycle_from_len = 7;
  REFUSED(MF_EINVAL, "cycle_from: the graph has no stage 'nowhere'");
  o.cycle_from = NULL;
  REFUSED(MF_EINVAL, "cycle_from is NULL but its length is 7");
  RESET();
  o.team_attribute = "nope";
  o.team_attribute_len = 4;
  REFUSED(MF_EINVAL, "team_assignment.attribute: no attribute named 'nope'");
  RESET();
  o.team_default = "sdr";
  o.team_default_len = 3;
  REFUSED(MF_EINVAL, "without team_attribute");
  RESET();
  o.has_from = o.has_to = 1;
  o.from = o.to = T0;
  REFUSED(MF_EINVAL, "from: must be before to");
  RESET();
  o.has_window_days = 1;
  o.window_days = -1;
  REFUSED(MF_EINVAL, "window_days: must be between 0 and 100000");
  o.window_days = 30;
  o.mode = MF_FUNNEL_PERIOD;
  REFUSED(MF_EINVAL, "period mode");
  RESET();
  o.window_per_step = 1;
  REFUSED(MF_EINVAL, "window_per_step: needs window_days");
  RESET();
  o.has_baseline = 1;
  o.baseline_from = o.baseline_to = T0;
  REFUSED(MF_EINVAL, "baseline_from: must be before baseline_to");
  RESET();
  o.significance = 1;
  REFUSED(MF_EINVAL, "significance: must be in (0, 1)");
  RESET();
  o.target_stages = lead;
  o.target_rates = rate;
  o.target_count = 1;
  REFUSED(MF_EINVAL, "target_rates: 'lead' is not a main-path stage after the entry stage");
  o.target_rates = NULL;
  REFUSED(MF_EINVAL, "target_rates is NULL but its count is 1");
#undef REFUSED
#undef RESET

  CHECK_STATUS(mf_funnel_compute(NULL, data, g, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_compute(&r, NULL, g, NULL), MF_EINVAL);
  CHECK_ERROR_HAS("mf_funnel_compute: data is NULL");
  CHECK_STATUS(mf_funnel_compute(&r, data, NULL, NULL), MF_EINVAL);
  CHECK(r == NULL);
}

/* Every accessor: NULL handles, indexes out of range, bad enum values and
 * result struct versions, with nothing written. */
static void test_bad_arguments(const mf_funnel_report *r) {
  mf_rate rate = MF_RATE_INIT, bad_rate = MF_RATE_INIT;
  mf_durations d = MF_DURATIONS_INIT, bad_d = MF_DURATIONS_INIT;
  mf_str s;
  uint64_t n = 77;
  int64_t t;
  double x;
  int present = 5;

  CHECK(mf_funnel_by_count(NULL) == 0 && mf_funnel_group_count(NULL) == 0);
  CHECK(mf_funnel_stage_count(NULL) == 0 && mf_funnel_bottleneck_count(NULL) == 0);
  CHECK(mf_funnel_team_count(NULL, 0) == 0 && mf_funnel_team_count(r, 1) == 0);
  CHECK(mf_funnel_reason_count(NULL, 0, 0) == 0 && mf_funnel_reason_count(r, 1, 0) == 0);
  CHECK(mf_funnel_reason_count(r, 0, 7) == 0);
  CHECK(mf_funnel_team_stage_count(NULL, 0, 0) == 0);
  CHECK(mf_funnel_team_stage_count(r, 1, 0) == 0 && mf_funnel_team_stage_count(r, 0, 3) == 0);

  CHECK_STATUS(mf_funnel_counts(NULL, &n, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_as_of(NULL, &t), MF_EINVAL);
  CHECK_STATUS(mf_funnel_as_of(r, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_by(NULL, 0, &s), MF_EINVAL);
  CHECK_STATUS(mf_funnel_by(r, 0, &s), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group(NULL, 0, NULL, NULL, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_group(r, 1, NULL, NULL, NULL, &n), MF_ERANGE);
  CHECK_ERROR_HAS("mf_funnel_group: group index 1 is out of range (count 1)");
  CHECK_STATUS(mf_funnel_group_key(r, 0, 0, &present, &s), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_outcomes(r, 1, &n, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_win_rate(r, 1, &rate), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_win_rate(r, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_group_won_revenue(r, 1, &t, &x), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_cycle(r, 1, &d), MF_ERANGE);
  CHECK_STATUS(mf_funnel_group_cycle(NULL, 0, &d), MF_EINVAL);
  CHECK_STATUS(mf_funnel_group_paths(r, 1, &n, NULL, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_stage(r, 0, 7, &s, &n, NULL), MF_ERANGE);
  CHECK_ERROR_HAS("stage index 7 is out of range (count 7)");
  CHECK_STATUS(mf_funnel_stage(r, 1, 0, &s, &n, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_stage(NULL, 0, 0, &s, &n, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_stage_rate(r, 0, 7, MF_FUNNEL_STAGE_RATE_STEP, &rate), MF_ERANGE);
  CHECK_STATUS(mf_funnel_stage_rate(r, 0, 0, 2, &rate), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_funnel_stage_rate_kind 2");
  CHECK_STATUS(mf_funnel_stage_durations(r, 0, 7, MF_FUNNEL_DURATIONS_AGING, &d), MF_ERANGE);
  CHECK_STATUS(mf_funnel_stage_durations(r, 0, 0, 3, &d), MF_EINVAL);
  CHECK_STATUS(mf_funnel_stage_durations(r, 0, 0, MF_FUNNEL_DURATIONS_AGING, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_stage_dropoff(r, 0, 7, &n, NULL, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_reason(r, 0, 1, 1, &s, &n), MF_ERANGE);
  CHECK_ERROR_HAS("reason index 1");
  CHECK_STATUS(mf_funnel_reason(r, 0, 7, 0, &s, &n), MF_ERANGE);
  CHECK_STATUS(mf_funnel_team(r, 0, 3, &s, &n, NULL), MF_ERANGE);
  CHECK_ERROR_HAS("team index 3");
  CHECK_STATUS(mf_funnel_team(r, 1, 0, &s, &n, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_team_stage(r, 0, 0, 2, &s), MF_ERANGE);
  CHECK_STATUS(mf_funnel_team_stage(r, 0, 0, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_team_rate(r, 0, 3, MF_FUNNEL_TEAM_RATE_QUALITY, &rate), MF_ERANGE);
  CHECK_STATUS(mf_funnel_team_rate(r, 0, 0, 2, &rate), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_funnel_team_rate_kind 2");
  CHECK_STATUS(mf_funnel_team_velocity(r, 0, 3, &d), MF_ERANGE);
  CHECK_STATUS(mf_funnel_bottleneck(r, 6, &s, NULL, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_funnel_bottleneck(NULL, 0, &s, NULL, NULL, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_bottleneck_rate(r, 6, &rate), MF_ERANGE);
  CHECK_STATUS(mf_funnel_bottleneck_baseline(r, 6, &present, &rate), MF_ERANGE);
  CHECK_STATUS(mf_funnel_bottleneck_baseline(r, 0, &present, NULL), MF_EINVAL);
  CHECK_STATUS(mf_funnel_bottleneck_target(r, 6, &present, &x), MF_ERANGE);
  CHECK(n == 77 && present == 5);

  /* Result structs of an unknown version are refused and left alone. */
  bad_rate.version = 0;
  CHECK_STATUS(mf_funnel_group_win_rate(r, 0, &bad_rate), MF_EINVAL);
  CHECK_ERROR_HAS("mf_rate version 0");
  bad_rate.version = MF_RATE_VERSION + 1;
  CHECK_STATUS(mf_funnel_stage_rate(r, 0, 1, MF_FUNNEL_STAGE_RATE_STEP, &bad_rate), MF_EINVAL);
  CHECK_STATUS(mf_funnel_team_rate(r, 0, 0, MF_FUNNEL_TEAM_RATE_QUALITY, &bad_rate), MF_EINVAL);
  CHECK_STATUS(mf_funnel_bottleneck_rate(r, 0, &bad_rate), MF_EINVAL);
  CHECK_STATUS(mf_funnel_bottleneck_baseline(r, 0, &present, &bad_rate), MF_EINVAL);
  CHECK(bad_rate.numerator == 0 && present == 5);
  bad_d.version = 9;
  CHECK_STATUS(mf_funnel_group_cycle(r, 0, &bad_d), MF_EINVAL);
  CHECK_ERROR_HAS("mf_durations version 9");
  CHECK_STATUS(mf_funnel_stage_durations(r, 0, 1, MF_FUNNEL_DURATIONS_FROM_ENTRY, &bad_d),
               MF_EINVAL);
  CHECK_STATUS(mf_funnel_team_velocity(r, 0, 0, &bad_d), MF_EINVAL);
  CHECK(bad_d.count == 0);

  mf_funnel_free(NULL);
}

/* Figures left out read computed 0; the counts and the other figures are
 * those of the full report; version 1 callers (of the options or of
 * mf_durations) see every figure as before. */
static void test_omit_durations(const mf_dataset *data, const mf_graph *g) {
  mf_funnel_options o;
  mf_funnel_report *r = NULL;
  mf_durations d = MF_DURATIONS_INIT;
  mf_rate rate = MF_RATE_INIT;
  uint64_t n1;

  mf_funnel_options_init(&o, MF_FUNNEL_OPTIONS_VERSION);
  o.omit_durations =
      MF_FUNNEL_FIGURE_FROM_ENTRY | MF_FUNNEL_FIGURE_CYCLE | MF_FUNNEL_FIGURE_TEAM_VELOCITY;
  CHECK_OK(mf_funnel_compute(&r, data, g, &o));
  if (r == NULL) return;
  CHECK_OK(mf_funnel_stage_durations(r, 0, MQL, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.computed == 0 && d.count == 0 && isnan(d.median_days) && isnan(d.p90_days));
  CHECK_OK(mf_funnel_stage_durations(r, 0, LEAD, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.computed == 0 && d.count == 0);
  CHECK_OK(mf_funnel_group_cycle(r, 0, &d));
  CHECK(d.computed == 0 && d.count == 0);
  CHECK_OK(mf_funnel_team_velocity(r, 0, 0, &d));
  CHECK(d.computed == 0);
  /* Kept: aging and in-stage, and every count. */
  CHECK_OK(mf_funnel_stage_durations(r, 0, SQL, MF_FUNNEL_DURATIONS_AGING, &d));
  CHECK(d.computed == 1 && d.count == 1 && d.median_days == 7);
  CHECK_OK(mf_funnel_stage_durations(r, 0, PROPOSAL, MF_FUNNEL_DURATIONS_IN_STAGE, &d));
  CHECK(d.computed == 1 && d.count == 1 && d.median_days == 1);
  CHECK_OK(mf_funnel_stage_rate(r, 0, WON, MF_FUNNEL_STAGE_RATE_OVERALL, &rate));
  CHECK(rate.numerator == 2 && rate.denominator == 4);
  CHECK_OK(mf_funnel_stage(r, 0, MQL, NULL, &n1, NULL));
  CHECK(n1 == 4);
  /* A version 1 mf_durations has no `computed`: it is not written. */
  d.version = 1;
  d.computed = 77;
  CHECK_OK(mf_funnel_group_cycle(r, 0, &d));
  CHECK(d.version == 1 && d.count == 0 && d.computed == 77);
  mf_funnel_free(r);

  /* Version 1 options have no omit_durations: every figure is computed. */
  o.version = 1;
  CHECK_OK(mf_funnel_compute(&r, data, g, &o));
  if (r == NULL) return;
  d.version = MF_DURATIONS_VERSION;
  CHECK_OK(mf_funnel_stage_durations(r, 0, MQL, MF_FUNNEL_DURATIONS_FROM_ENTRY, &d));
  CHECK(d.computed == 1 && d.count == 2 && d.median_days == 1.5);
  mf_funnel_free(r);
}

/* threads (version 3) reaches the library whatever its value, and does not
 * change the report; a version 2 caller's struct ends before it, so whatever
 * lies there is not read. */
static void test_threads(const mf_dataset *data, const mf_graph *g) {
  mf_funnel_options o;
  mf_funnel_report *r = NULL;
  mf_text *json = NULL, *other = NULL;
  static const uint32_t counts[] = {0, 1, 2, 4294967295u};
  size_t i;

  mf_funnel_options_init(&o, MF_FUNNEL_OPTIONS_VERSION);
  CHECK_OK(mf_funnel_compute(&r, data, g, &o));
  CHECK_OK(mf_funnel_json(&json, r));
  mf_funnel_free(r);
  r = NULL;
  for (i = 0; i < sizeof counts / sizeof counts[0]; ++i) {
    o.threads = counts[i];
    CHECK_OK(mf_funnel_compute(&r, data, g, &o));
    CHECK_OK(mf_funnel_json(&other, r));
    CHECK(mf_text_view(other).size == mf_text_view(json).size &&
          memcmp(mf_text_view(other).data, mf_text_view(json).data,
                 mf_text_view(json).size) == 0);
    mf_text_free(other);
    other = NULL;
    mf_funnel_free(r);
    r = NULL;
  }
  o.version = 2;
  o.threads = 0xdeadbeefu; /* beyond a version 2 struct */
  CHECK_OK(mf_funnel_compute(&r, data, g, &o));
  mf_funnel_free(r);
  mf_text_free(json);
}

int main(void) {
  mf_dataset *data;
  mf_graph *g = NULL;
  mf_funnel_report *r = NULL;

  test_options_init();
  data = build();
  CHECK_OK(mf_graph_the_model(&g));
  CHECK_OK(mf_funnel_compute(&r, data, g, NULL));
  if (r != NULL) {
    test_total(r);
    test_text(r);
    test_bad_arguments(r);
  }
  mf_funnel_free(r);
  test_by_channel(data, g);
  test_teams_targets_baseline(data, g);
  test_omit_durations(data, g);
  test_threads(data, g);
  test_bad_options(data, g);
  mf_graph_free(g);
  mf_dataset_free(data);
  return check_report();
}
