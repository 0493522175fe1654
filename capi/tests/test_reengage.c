/* test_reengage.c — the experimental re-engagement API from C: a small
 * queue pinned by hand (a tie broken by id, a record without an amount, a
 * reason without a policy, an unmapped text), the tables as text, the
 * options struct, and every error path (NULLs, bad versions, bad tables). */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

static const char kPolicy[] =
    "{\"version\": 1, // comments are allowed\n"
    " \"taxonomy\": {\"budget\": [\"Price\"], \"timing\": [], \"champion_left\": []},"
    " \"reasons\": {\"budget\": {\"days\": 30, \"rewin_rate\": 0.2, \"channel\": \"phone\"},"
    "               \"timing\": {\"days\": 10, \"rewin_rate\": 0.5, \"who\": \"marketing_nurture\"}}}";

static const int64_t kDay = 86400LL * 1000000LL;
static const int64_t kJan1 = 1704067200LL * 1000000LL; /* 2024-01-01 */

static void add(mf_dataset_builder *b, const char *id, const char *stage, int64_t day, const char *reason,
                int64_t amount_units) {
  uint32_t rec = 0, st = 0;
  mf_event e;
  memset(&e, 0, sizeof e);
  CHECK_OK(mf_dataset_builder_record(b, id, strlen(id), &rec));
  CHECK_OK(mf_dataset_builder_stage(b, stage, strlen(stage), &st));
  e.record = rec;
  e.stage = st;
  e.has_time = 1;
  e.time = kJan1 + day * kDay;
  if (reason) {
    e.has_reason = 1;
    e.reason.data = reason;
    e.reason.size = strlen(reason);
  }
  if (amount_units >= 0) {
    e.has_amount = 1;
    e.amount = amount_units * 10000;
  }
  CHECK_OK(mf_dataset_builder_add_event(b, &e));
}

static mf_dataset *small_data(void) {
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  CHECK_OK(mf_dataset_builder_new(&b));
  add(b, "b", "closed_lost", 0, "price", 1000);
  add(b, "a", "closed_lost", 0, "budget", 1000);
  add(b, "t", "closed_lost", 0, "timing", -1);
  add(b, "w", "closed_won", 0, NULL, 4000);
  add(b, "c", "closed_lost", 0, "champion_left", 500);
  add(b, "u", "closed_lost", 0, "gremlins", 500);
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static void test_small(void) {
  mf_reengage_policy *policy = NULL;
  mf_reengagement *r = NULL;
  mf_dataset *data = small_data();
  mf_reengage_entry e = MF_REENGAGE_ENTRY_INIT;
  mf_reengage_reason rs = MF_REENGAGE_REASON_INIT;
  mf_reengage_window w = MF_REENGAGE_WINDOW_INIT;
  mf_text *text = NULL;
  uint64_t texts = 9, losses = 9;
  size_t i, found = 0;

  CHECK_OK(mf_reengage_policy_parse(&policy, S(kPolicy)));
  CHECK_OK(mf_reengage_compute(&r, data, policy, kJan1 + 60 * kDay, NULL));
  /* t: no amount -> the median won amount 4,000 x 0.5 = 2,000; a and b tie at 1,000 x 0.2, a first. */
  CHECK(mf_reengagement_queue_count(r) == 3);
  CHECK_OK(mf_reengagement_entry(r, 0, &e));
  CHECK_STR(e.id, "t");
  CHECK(e.expected_value == 2000);
  CHECK_STR(e.amount_source, "median_won");
  CHECK(e.who == MF_REENGAGE_MARKETING_NURTURE);
  CHECK(e.due_at == kJan1 + 10 * kDay);
  CHECK_OK(mf_reengagement_entry(r, 1, &e));
  CHECK_STR(e.id, "a");
  CHECK(fabs(e.expected_value - 200) < 1e-9);
  CHECK_STR(e.channel, "phone");
  CHECK(e.attempts == 1);
  CHECK_OK(mf_reengagement_entry(r, 2, &e));
  CHECK_STR(e.id, "b");
  CHECK_STR(e.raw_reason, "price");
  CHECK(e.rank == 3);
  CHECK_STATUS(mf_reengagement_entry(r, 3, &e), MF_ERANGE);

  /* champion_left has no policy: counted, not dropped; "gremlins" is unmapped. */
  for (i = 0; i < mf_reengagement_reason_count(r); ++i) {
    CHECK_OK(mf_reengagement_reason(r, i, &rs));
    if (rs.reason.size == 13 && memcmp(rs.reason.data, "champion_left", 13) == 0) {
      CHECK(rs.has_policy == 0);
      CHECK(rs.no_policy == 1);
      ++found;
    }
  }
  CHECK(found == 1);
  CHECK_OK(mf_reengagement_unmapped(r, &texts, &losses));
  CHECK(texts == 1 && losses == 1);
  CHECK(mf_reengagement_window_count(r) >= 3);
  CHECK_OK(mf_reengagement_window(r, 0, &w));
  CHECK_STR(w.reason, "budget");
  CHECK(w.lost == 2);
  CHECK(isnan(w.median_days_to_reopen));

  CHECK_OK(mf_reengagement_csv(&text, r, MF_REENGAGE_TABLE_QUEUE));
  CHECK(strncmp(mf_text_view(text).data, "rank,record_id,reason,", 22) == 0);
  mf_text_free(text);
  text = NULL;
  CHECK_OK(mf_reengagement_json(&text, r));
  CHECK(strstr(mf_text_view(text).data, "\"queue\"") != NULL);
  mf_text_free(text);
  text = NULL;
  CHECK_STATUS(mf_reengagement_csv(&text, r, 7), MF_EINVAL);
  CHECK(text == NULL);

  mf_reengagement_free(r);
  mf_reengage_policy_free(policy);
  mf_dataset_free(data);
}

static void test_errors(void) {
  mf_reengage_policy *policy = NULL;
  mf_reengagement *r = NULL;
  mf_dataset *data = small_data();
  mf_reengage_options opts = MF_REENGAGE_OPTIONS_INIT;
  mf_reengage_entry e = MF_REENGAGE_ENTRY_INIT;

  CHECK_STATUS(mf_reengage_policy_parse(&policy, S("{\"version\": 1}")), MF_EDATA);
  CHECK_ERROR_HAS("$.taxonomy: reengage.key: missing");
  CHECK_STATUS(mf_reengage_policy_parse(&policy, NULL, 3), MF_EINVAL);
  CHECK_STATUS(mf_reengage_policy_parse(NULL, S(kPolicy)), MF_EINVAL);
  CHECK_STATUS(mf_reengage_policy_load_file(&policy, S("/nonexistent/policy.json")), MF_ENOTFOUND);
  CHECK(policy == NULL);
  CHECK_OK(mf_reengage_policy_parse(&policy, S(kPolicy)));
  CHECK_STATUS(mf_reengage_compute(&r, NULL, policy, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengage_compute(&r, data, NULL, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengage_compute(NULL, data, policy, 0, NULL), MF_EINVAL);
  opts.version = 42;
  CHECK_STATUS(mf_reengage_compute(&r, data, policy, 0, &opts), MF_EINVAL);
  CHECK(r == NULL);
  CHECK_OK(mf_reengage_options_init(&opts, MF_REENGAGE_OPTIONS_VERSION));
  CHECK(opts.graph == NULL && opts.threads == 0);
  CHECK_STATUS(mf_reengage_options_init(NULL, 1), MF_EINVAL);
  CHECK_STATUS(mf_reengage_options_init(&opts, 99), MF_EINVAL);
  CHECK_OK(mf_reengage_compute(&r, data, policy, 0, &opts));
  CHECK(mf_reengagement_queue_count(r) == 0); /* nothing is lost before 2024 */
  e.version = 99;
  CHECK_STATUS(mf_reengagement_entry(r, 0, &e), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_entry(NULL, 0, &e), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_entry(r, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_reason(NULL, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_window(NULL, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_unmapped(NULL, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_reengagement_json(NULL, r), MF_EINVAL);
  CHECK(mf_reengagement_queue_count(NULL) == 0);
  CHECK(mf_reengagement_reason_count(NULL) == 0);
  CHECK(mf_reengagement_window_count(NULL) == 0);
  mf_reengagement_free(r);
  mf_reengagement_free(NULL);
  mf_reengage_policy_free(policy);
  mf_reengage_policy_free(NULL);
  mf_dataset_free(data);
}

int main(void) {
  test_small();
  test_errors();
  return check_report();
}
