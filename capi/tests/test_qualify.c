/* test_qualify.c — the experimental qualification API from C: a rule file
 * checked against a data set and against a CRM's own fields, one record
 * decided from its values (blank channel, unknown criteria, the explanation),
 * every record of a data set, the summary and the text tables, the options
 * struct, and every error path. */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

static const char kRules[] =
    "{\"version\": 1, \"rule_sets\": ["
    " {\"id\": \"bdr\", \"when\": {\"attribute\": \"channel\", \"eq\": \"outbound\"},"
    "  \"criteria\": [{\"id\": \"need\", \"bant\": \"need\", \"test\": {\"attribute\": \"need_ok\", \"eq\": true}},"
    "                {\"id\": \"soon\", \"bant\": \"timeline\", \"test\": {\"attribute\": \"timeline_days\", \"le\": 180}}],"
    "  \"disqualify\": [{\"id\": \"no_need\", \"if\": {\"not\": \"need\"}}],"
    "  \"qualify\": [{\"id\": \"ready\", \"if\": {\"all\": [\"need\", \"soon\"]}}],"
    "  \"nurture\": [{\"id\": \"later\", \"track\": \"bdr_later\", \"recheck_days\": 30}]},"
    " {\"id\": \"sdr\","
    "  \"criteria\": [{\"id\": \"need\", \"bant\": \"need\", \"test\": {\"attribute\": \"need_ok\", \"eq\": true}}],"
    "  \"qualify\": [{\"id\": \"ready\", \"if\": \"need\"}],"
    "  \"nurture\": [{\"id\": \"later\", \"track\": \"sdr_later\", \"recheck_days\": 14}]}]}";

static mf_value str_value(const char *s) {
  mf_value v;
  memset(&v, 0, sizeof v);
  v.present = 1;
  v.type = MF_ATTR_STRING;
  v.str.data = s;
  v.str.size = strlen(s);
  return v;
}

static mf_value int_value(int type, int64_t i) {
  mf_value v;
  memset(&v, 0, sizeof v);
  v.present = 1;
  v.type = type;
  v.i64 = i;
  return v;
}

static mf_value missing(int type) {
  mf_value v;
  memset(&v, 0, sizeof v);
  v.type = type;
  return v;
}

static void test_one_record(void) {
  static const mf_qualify_field fields[] = {
      {"channel", 7, MF_ATTR_STRING}, {"need_ok", 7, MF_ATTR_BOOL}, {"timeline_days", 13, MF_ATTR_INT64}};
  mf_qualify_rules *rules = NULL;
  mf_qualify_decision *d = NULL;
  mf_value values[3];
  mf_str id, rule_set, reason, track;
  int outcome = -1, choice = -1, has_recheck = -1, bant = -1, value = -1, type = -1, fallback = -1;
  int64_t recheck = 0;
  size_t criterion = 99, count = 0;

  CHECK_OK(mf_qualify_rules_parse_schema(&rules, kRules, strlen(kRules), fields, 3));
  CHECK(mf_qualify_rules_field_count(rules) == 3);
  CHECK_OK(mf_qualify_rules_field(rules, 2, &id, &type));
  CHECK_STR(id, "timeline_days");
  CHECK(type == MF_ATTR_INT64);
  CHECK(mf_qualify_rules_set_count(rules) == 2);
  CHECK_OK(mf_qualify_rules_set(rules, 1, &id, &fallback, &count));
  CHECK_STR(id, "sdr");
  CHECK(fallback == 1 && count == 1);
  CHECK_OK(mf_qualify_rules_criterion(rules, 0, 1, &id, &bant));
  CHECK_STR(id, "soon");
  CHECK(bant == MF_QUALIFY_BANT_TIMELINE);
  CHECK(mf_qualify_rules_uses_score(rules) == 0);
  CHECK_OK(mf_qualify_decision_new(&d));

  /* Outbound, need known, timeline blank: nurtured, ask about the timeline. */
  values[0] = str_value("outbound");
  values[1] = int_value(MF_ATTR_BOOL, 1);
  values[2] = missing(MF_ATTR_INT64);
  CHECK_OK(mf_qualify_record(d, rules, values, 3, 0, 0.0, 1, 1000));
  CHECK_OK(mf_qualify_decision_get(d, &outcome, &choice, &rule_set, &reason, &track, &has_recheck, &recheck));
  CHECK(outcome == MF_QUALIFY_NURTURE);
  CHECK(choice == MF_QUALIFY_SET_MATCHED);
  CHECK_STR(rule_set, "bdr");
  CHECK_STR(reason, "later");
  CHECK_STR(track, "bdr_later");
  CHECK(has_recheck == 1 && recheck == 1000 + (int64_t)30 * 86400 * 1000000);
  CHECK(mf_qualify_decision_criterion_count(d) == 2);
  CHECK_OK(mf_qualify_decision_criterion(d, 1, &id, &bant, &value));
  CHECK_STR(id, "soon");
  CHECK(value == MF_QUALIFY_UNKNOWN);
  CHECK(mf_qualify_decision_ask_count(d) == 1);
  CHECK_OK(mf_qualify_decision_ask(d, 0, &id, &criterion));
  CHECK_STR(id, "soon");
  CHECK(criterion == 1);
  CHECK_STATUS(mf_qualify_decision_ask(d, 1, &id, NULL), MF_ERANGE);
  CHECK_STATUS(mf_qualify_decision_criterion(d, 2, NULL, NULL, NULL), MF_ERANGE);

  /* A blank channel goes to the SDR set, and says so; the rules may be freed
   * while a decision made with them is still read. */
  values[0] = missing(MF_ATTR_STRING);
  CHECK_OK(mf_qualify_record(d, rules, values, 3, 0, 0.0, 0, 0));
  mf_qualify_rules_free(rules);
  CHECK_OK(mf_qualify_decision_get(d, &outcome, &choice, &rule_set, &reason, NULL, &has_recheck, NULL));
  CHECK(outcome == MF_QUALIFY_QUALIFIED);
  CHECK(choice == MF_QUALIFY_SET_FALLBACK_UNKNOWN);
  CHECK_STR(rule_set, "sdr");
  CHECK_STR(reason, "ready");
  CHECK(has_recheck == 0);
  CHECK(mf_qualify_decision_ask_count(d) == 0);

  mf_qualify_decision_free(d);
  mf_qualify_decision_free(NULL);
  mf_qualify_rules_free(NULL);
}

static void test_record_errors(void) {
  static const mf_qualify_field fields[] = {
      {"channel", 7, MF_ATTR_STRING}, {"need_ok", 7, MF_ATTR_BOOL}, {"timeline_days", 13, MF_ATTR_INT64}};
  static const mf_qualify_field bad_type[] = {{"channel", 7, 42}};
  mf_qualify_rules *rules = NULL;
  mf_qualify_decision *d = NULL;
  mf_value values[3];

  CHECK_STATUS(mf_qualify_rules_parse_schema(&rules, "{", 1, fields, 3), MF_EDATA);
  CHECK_ERROR_HAS("$: not valid JSON");
  CHECK(rules == NULL);
  CHECK_STATUS(mf_qualify_rules_parse_schema(&rules, kRules, strlen(kRules), fields, 1), MF_EDATA);
  CHECK_ERROR_HAS("unknown attribute \"need_ok\"");
  CHECK_ERROR_HAS("rule bdr/need");
  CHECK_STATUS(mf_qualify_rules_parse_schema(&rules, kRules, strlen(kRules), bad_type, 1), MF_EINVAL);
  CHECK_ERROR_HAS("unknown attribute type 42");
  CHECK_STATUS(mf_qualify_rules_parse_schema(NULL, kRules, strlen(kRules), fields, 3), MF_EINVAL);
  CHECK_STATUS(mf_qualify_rules_parse_schema(&rules, "\xff", 1, fields, 3), MF_EINVAL);

  CHECK_OK(mf_qualify_rules_parse_schema(&rules, kRules, strlen(kRules), fields, 3));
  CHECK_OK(mf_qualify_decision_new(&d));
  values[0] = str_value("web");
  values[1] = int_value(MF_ATTR_BOOL, 2);
  values[2] = int_value(MF_ATTR_INT64, 5);
  CHECK_STATUS(mf_qualify_record(d, rules, values, 3, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_ERROR_HAS("a bool must be 0 or 1");
  values[1] = int_value(MF_ATTR_INT64, 1);
  CHECK_STATUS(mf_qualify_record(d, rules, values, 3, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_ERROR_HAS("attribute \"need_ok\" is bool");
  CHECK_STATUS(mf_qualify_record(d, rules, values, 2, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_ERROR_HAS("expected 3 values");
  CHECK_STATUS(mf_qualify_record(d, rules, NULL, 3, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_STATUS(mf_qualify_record(NULL, rules, values, 3, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_STATUS(mf_qualify_record(d, NULL, values, 3, 0, 0.0, 0, 0), MF_EINVAL);
  CHECK_STATUS(mf_qualify_rules_field(rules, 3, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_qualify_rules_set(rules, 2, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_qualify_rules_criterion(rules, 1, 1, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_qualify_decision_get(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), MF_EINVAL);
  CHECK(mf_qualify_rules_field_count(NULL) == 0);
  CHECK(mf_qualify_rules_set_count(NULL) == 0);
  CHECK(mf_qualify_decision_criterion_count(NULL) == 0);
  CHECK(mf_qualify_decision_ask_count(NULL) == 0);
  CHECK_STATUS(mf_qualify_decision_new(NULL), MF_EINVAL);
  mf_qualify_decision_free(d);
  mf_qualify_rules_free(rules);
}

static void add_event(mf_dataset_builder *b, uint32_t record, const char *stage, int64_t amount) {
  mf_event e;
  memset(&e, 0, sizeof e);
  e.record = record;
  CHECK_OK(mf_dataset_builder_stage(b, stage, strlen(stage), &e.stage));
  e.has_time = 1;
  e.time = 86400000000;
  e.has_amount = amount != 0;
  e.amount = amount;
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
}

/* A data set of four leads: outbound ready, outbound without need, web with
 * a blank need, and a blank channel. */
static mf_dataset *four_leads(void) {
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  size_t channel = 0, need = 0, timeline = 0;
  uint32_t r = 0;
  mf_value v;
  CHECK_OK(mf_dataset_builder_new(&b));
  CHECK_OK(mf_dataset_builder_add_attribute(b, "channel", 7, MF_ATTR_STRING, &channel));
  CHECK_OK(mf_dataset_builder_add_attribute(b, "need_ok", 7, MF_ATTR_BOOL, &need));
  CHECK_OK(mf_dataset_builder_add_attribute(b, "timeline_days", 13, MF_ATTR_INT64, &timeline));
  CHECK_OK(mf_dataset_builder_record(b, "L1", 2, &r));
  v = str_value("outbound");
  CHECK_OK(mf_dataset_builder_set(b, r, channel, &v));
  v = int_value(MF_ATTR_BOOL, 1);
  CHECK_OK(mf_dataset_builder_set(b, r, need, &v));
  v = int_value(MF_ATTR_INT64, 30);
  CHECK_OK(mf_dataset_builder_set(b, r, timeline, &v));
  CHECK_OK(mf_dataset_builder_record(b, "L2", 2, &r));
  v = str_value("outbound");
  CHECK_OK(mf_dataset_builder_set(b, r, channel, &v));
  v = int_value(MF_ATTR_BOOL, 0);
  CHECK_OK(mf_dataset_builder_set(b, r, need, &v));
  CHECK_OK(mf_dataset_builder_record(b, "L3", 2, &r));
  v = str_value("web");
  CHECK_OK(mf_dataset_builder_set(b, r, channel, &v));
  CHECK_OK(mf_dataset_builder_record(b, "L4", 2, &r));
  v = int_value(MF_ATTR_BOOL, 1);
  CHECK_OK(mf_dataset_builder_set(b, r, need, &v));
  /* L1 won 100, L2 lost, L4 won without an amount; L3 is open. */
  add_event(b, 0, "closed_won", 1000000);
  add_event(b, 1, "closed_lost", 0);
  add_event(b, 3, "closed_won", 0);
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static void test_batch(void) {
  mf_dataset *data = four_leads();
  mf_qualify_rules *rules = NULL;
  mf_qualify_result *result = NULL;
  mf_qualify_decision *d = NULL;
  mf_qualify_options opts = MF_QUALIFY_OPTIONS_INIT, dynamic;
  mf_text *csv = NULL, *json = NULL;
  const uint8_t *outcomes;
  mf_str rule_set, reason;
  int outcome = -1;
  uint64_t records = 0;
  double scores[1] = {0.5};

  CHECK_OK(mf_qualify_options_init(&dynamic, MF_QUALIFY_OPTIONS_VERSION));
  CHECK(memcmp(&opts, &dynamic, sizeof opts) == 0);
  CHECK_STATUS(mf_qualify_options_init(&dynamic, 2), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_qualify_options version 2");

  CHECK_OK(mf_qualify_rules_parse(&rules, kRules, strlen(kRules), data));
  opts.has_as_of = 1;
  opts.as_of = 0;
  opts.threads = 1;
  CHECK_OK(mf_qualify_compute(&result, data, rules, &opts));
  CHECK(mf_qualify_result_record_count(result) == 4);
  outcomes = mf_qualify_result_outcomes(result);
  CHECK(outcomes[0] == MF_QUALIFY_QUALIFIED);
  CHECK(outcomes[1] == MF_QUALIFY_DISQUALIFIED);
  CHECK(outcomes[2] == MF_QUALIFY_NURTURE);
  CHECK(outcomes[3] == MF_QUALIFY_QUALIFIED);

  CHECK_OK(mf_qualify_decision_new(&d));
  CHECK_OK(mf_qualify_result_record(d, result, 2));
  CHECK_OK(mf_qualify_decision_get(d, &outcome, NULL, &rule_set, &reason, NULL, NULL, NULL));
  CHECK(outcome == MF_QUALIFY_NURTURE);
  CHECK_STR(rule_set, "sdr");
  CHECK(mf_qualify_decision_ask_count(d) == 1);
  CHECK_STATUS(mf_qualify_result_record(d, result, 4), MF_ERANGE);

  CHECK(mf_qualify_summary_count(result) == 4);
  CHECK_OK(mf_qualify_summary(result, 0, &rule_set, &outcome, &reason, &records));
  CHECK_STR(rule_set, "bdr");
  CHECK(outcome == MF_QUALIFY_QUALIFIED && records == 1);
  CHECK_STATUS(mf_qualify_summary(result, 4, NULL, NULL, NULL, NULL), MF_ERANGE);

  CHECK_OK(mf_qualify_csv(&csv, result, MF_QUALIFY_TABLE_DECISIONS));
  CHECK(strncmp(mf_text_view(csv).data,
                "record_id,rule_set,set_choice,decision,reason,track,recheck,ask,need,soon\n"
                "L1,bdr,matched,qualified,ready,,,,pass,pass\n"
                "L2,bdr,matched,disqualified,no_need,,,,fail,unknown\n"
                "L3,sdr,fallback,nurture,later,sdr_later,1970-01-15T00:00:00Z,need,unknown,\n"
                "L4,sdr,fallback_unknown,qualified,ready,,,,pass,\n",
                mf_text_view(csv).size) == 0);
  mf_text_free(csv);
  CHECK_STATUS(mf_qualify_csv(&csv, result, 7), MF_EINVAL);
  CHECK_OK(mf_qualify_json(&json, result));
  CHECK(strstr(mf_text_view(json).data, "\"set_choice\": \"fallback_unknown\"") != NULL);
  mf_text_free(json);

  /* Refusals: a score that does not fit, a score attribute that is not a double. */
  opts.scores = scores;
  opts.score_count = 1;
  CHECK_STATUS(mf_qualify_compute(&result, data, rules, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("scores: expected one per record (4), got 1");
  opts.scores = NULL;
  opts.score_count = 0;
  opts.score_attribute = "channel";
  opts.score_attribute_len = 7;
  CHECK_STATUS(mf_qualify_compute(&result, data, rules, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("not a double attribute");
  opts.version = 9;
  CHECK_STATUS(mf_qualify_compute(&result, data, rules, &opts), MF_EINVAL);
  CHECK_STATUS(mf_qualify_compute(&result, NULL, rules, NULL), MF_EINVAL);
  CHECK_STATUS(mf_qualify_rules_load_file(&rules, "/nonexistent.json", 17, data), MF_ENOTFOUND);

  mf_qualify_decision_free(d);
  mf_qualify_result_free(result);
  mf_qualify_result_free(NULL);
  mf_qualify_rules_free(rules);
  mf_dataset_free(data);
}

static void test_lift_and_diff(void) {
  mf_dataset *data = four_leads();
  mf_graph *graph = NULL;
  mf_qualify_rules *rules = NULL;
  mf_qualify_result *result = NULL;
  mf_qualify_lift *lift = NULL;
  mf_qualify_diff *diff = NULL;
  mf_qualify_lift_options opts = MF_QUALIFY_LIFT_OPTIONS_INIT, dynamic;
  mf_rate rate = MF_RATE_INIT;
  mf_text *text = NULL;
  mf_str set, criterion;
  int bant = -1, value = -1, before = -1, after = -1;
  uint64_t records = 0, closed = 0, won = 0;
  int64_t revenue = 0;
  double ratio = 0;

  CHECK_OK(mf_qualify_lift_options_init(&dynamic, MF_QUALIFY_LIFT_OPTIONS_VERSION));
  CHECK(memcmp(&opts, &dynamic, sizeof opts) == 0);
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_qualify_rules_parse(&rules, kRules, strlen(kRules), data));
  CHECK_OK(mf_qualify_compute(&result, data, rules, NULL));
  opts.threads = 1;
  CHECK_OK(mf_qualify_lift_compute(&lift, result, graph, &opts));
  /* bdr: need, soon; sdr: need — three values each. */
  CHECK(mf_qualify_lift_count(lift) == 9);
  CHECK_OK(mf_qualify_lift_row(lift, 0, &set, &criterion, &bant, &value, &records, &closed, &won, &revenue, &rate,
                               &ratio));
  CHECK_STR(set, "bdr");
  CHECK_STR(criterion, "need");
  CHECK(bant == MF_QUALIFY_BANT_NEED && value == MF_QUALIFY_PASS);
  CHECK(records == 1 && closed == 1 && won == 1 && revenue == 1000000);
  CHECK(rate.value == 1.0 && rate.denominator == 1 && rate.small_sample == 1);
  CHECK(isnan(ratio)); /* no closed record failed `need`, so no lift */
  CHECK_OK(mf_qualify_lift_row(lift, 1, NULL, NULL, NULL, &value, NULL, NULL, &won, NULL, NULL, &ratio));
  CHECK(value == MF_QUALIFY_FAIL && won == 0);
  CHECK_STATUS(mf_qualify_lift_row(lift, 9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), MF_ERANGE);
  rate.version = 7;
  CHECK_STATUS(mf_qualify_lift_row(lift, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &rate, NULL), MF_EINVAL);
  CHECK_OK(mf_qualify_lift_csv(&text, lift, MF_QUALIFY_LIFT_DECISIONS));
  CHECK(strncmp(mf_text_view(text).data, "rule_set,decision,records,closed,won,", 36) == 0);
  mf_text_free(text);
  CHECK_STATUS(mf_qualify_lift_csv(&text, lift, 5), MF_EINVAL);
  CHECK_OK(mf_qualify_lift_json(&text, lift));
  mf_text_free(text);

  CHECK_OK(mf_qualify_diff_compute(&diff, result, result, graph, NULL));
  CHECK(mf_qualify_diff_count(diff) == 3);
  CHECK_OK(mf_qualify_diff_move(diff, 0, &before, &after, &records, &closed, &won, &revenue));
  CHECK(before == MF_QUALIFY_QUALIFIED && after == MF_QUALIFY_QUALIFIED);
  CHECK(records == 2 && closed == 2 && won == 2 && revenue == 1000000);
  CHECK_STATUS(mf_qualify_diff_move(diff, 3, NULL, NULL, NULL, NULL, NULL, NULL), MF_ERANGE);
  CHECK_OK(mf_qualify_diff_csv(&text, diff));
  CHECK(strncmp(mf_text_view(text).data, "before,after,records", 20) == 0);
  mf_text_free(text);
  CHECK_OK(mf_qualify_diff_json(&text, diff));
  mf_text_free(text);
  CHECK_STATUS(mf_qualify_diff_compute(&diff, result, NULL, graph, NULL), MF_EINVAL);
  CHECK_STATUS(mf_qualify_lift_compute(&lift, result, NULL, NULL), MF_EINVAL);
  CHECK(mf_qualify_lift_count(NULL) == 0 && mf_qualify_diff_count(NULL) == 0);

  mf_qualify_diff_free(diff);
  mf_qualify_lift_free(lift);
  mf_qualify_lift_free(NULL);
  mf_qualify_diff_free(NULL);
  mf_qualify_result_free(result);
  mf_qualify_rules_free(rules);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

static void test_routing(void) {
  static const char reps[] = "rep_id,team,territory,capacity\nAE1,field,outbound,1\n";
  mf_dataset *data = four_leads();
  mf_qualify_rules *rules = NULL;
  mf_qualify_result *result = NULL;
  mf_qualify_routing *routing = NULL;
  mf_text *csv = NULL;
  mf_str owner;
  uint32_t record = 99;
  int status = -1;

  CHECK_OK(mf_qualify_rules_parse(&rules, kRules, strlen(kRules), data));
  CHECK_OK(mf_qualify_compute(&result, data, rules, NULL));
  /* L1 (outbound) and L4 (no channel) are qualified, in record order. */
  CHECK_OK(mf_qualify_route(&routing, result, reps, strlen(reps), MF_QUALIFY_ROUTE_OPTIMAL, "channel", 7));
  CHECK(mf_qualify_routing_lead_count(routing) == 2);
  CHECK_OK(mf_qualify_routing_lead(routing, 0, &record, &owner, &status));
  CHECK(record == 0 && status == MF_QUALIFY_ROUTE_PLACED);
  CHECK_STR(owner, "AE1");
  CHECK_OK(mf_qualify_routing_lead(routing, 1, &record, &owner, &status));
  CHECK(record == 3 && status == MF_QUALIFY_ROUTE_TERRITORY_UNKNOWN);
  CHECK_STR(owner, "");
  CHECK_STATUS(mf_qualify_routing_lead(routing, 2, NULL, NULL, NULL), MF_ERANGE);
  CHECK_OK(mf_qualify_routing_csv(&csv, routing, 1));
  CHECK(strcmp(mf_text_view(csv).data, "rep_id,team,territory,capacity,assigned\nAE1,field,outbound,1,1\n") == 0);
  mf_text_free(csv);
  mf_qualify_routing_free(routing);
  routing = NULL;
  CHECK_STATUS(mf_qualify_route(&routing, result, "rep_id\n", 7, MF_QUALIFY_ROUTE_OPTIMAL, NULL, 0), MF_EDATA);
  CHECK_ERROR_HAS("line 1: no column \"team\"");
  CHECK_STATUS(mf_qualify_route(&routing, result, reps, strlen(reps), 9, NULL, 0), MF_EINVAL);
  CHECK_STATUS(mf_qualify_route(&routing, result, reps, strlen(reps), MF_QUALIFY_ROUTE_TERRITORY, NULL, 0), MF_EINVAL);
  CHECK_ERROR_HAS("needs the territory attribute");
  CHECK(routing == NULL);
  CHECK(mf_qualify_routing_lead_count(NULL) == 0);
  mf_qualify_routing_free(NULL);
  mf_qualify_result_free(result);
  mf_qualify_rules_free(rules);
  mf_dataset_free(data);
}

static void test_example_file(void) {
  mf_dataset *data = four_leads();
  mf_qualify_rules *rules = NULL;
  const char *path = MF_SOURCE_DIR "/examples/qualify/bant.json";
  /* bant.json tests budget_ok and authority_ok, which these leads lack. */
  CHECK_STATUS(mf_qualify_rules_load_file(&rules, path, strlen(path), data), MF_EDATA);
  CHECK_ERROR_HAS("unknown attribute \"authority_ok\"");
  CHECK_ERROR_HAS("$.rule_sets[0].criteria[0].test.attribute: rule bdr/authority");
  mf_dataset_free(data);
}

int main(void) {
  test_one_record();
  test_record_errors();
  test_batch();
  test_lift_and_diff();
  test_routing();
  test_example_file();
  return check_report();
}
