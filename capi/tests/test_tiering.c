/* test_tiering.c — the experimental tiering API from C: a small tiering
 * pinned by hand (ties by id, a pin, an uncertain account, two reps), the
 * tables as text, the options struct, every error path, and the Maven
 * acceptance example (A 13, B 21, C 51). */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

#define MAVEN_ACCOUNTS MF_SHARED_DIR "/data/maven-crm/accounts.csv"

static const char kModel[] =
    "{\"version\": 1, \"id\": \"id\", \"attributes\": ["
    " {\"name\": \"segment\", \"categorical\": {\"enterprise\": 50, \"smb\": 0}},"
    " {\"name\": \"value\", \"linear\": {\"from\": [0, 0], \"to\": [100, 100]}}],"
    " \"tiers\": [{\"name\": \"A\", \"share\": 0.4}, {\"name\": \"B\", \"share\": 0.2}, {\"name\": \"C\", \"share\": 0.4}],"
    " \"territory\": \"region\"}";

/* Scores: e1 90, e2 60, m 45..95 (segment missing), t1 = t2 = 20, z 0. */
static const char kAccounts[] =
    "id,segment,value,region\n"
    "e1,enterprise,40,east\n"
    "e2,smb,60,east\n"
    "m,,45,west\n"
    "t2,smb,20,east\n"
    "t1,smb,20,east\n";

static void test_small(void) {
  mf_tier_model *model = NULL;
  mf_tier_accounts *accounts = NULL;
  mf_tiering *tiering = NULL;
  mf_tier_options opts = MF_TIER_OPTIONS_INIT;
  mf_tier_account a = MF_TIER_ACCOUNT_INIT;
  mf_tier_summary s = MF_TIER_SUMMARY_INIT;
  mf_text *text = NULL;
  uint64_t placed = 9, unplaced = 9;

  CHECK_OK(mf_tier_model_parse(&model, S(kModel)));
  CHECK_OK(mf_tier_accounts_parse(&accounts, S(kAccounts), S("accounts.csv")));
  CHECK(mf_tier_accounts_count(accounts) == 5);
  opts.pins_csv = "id,tier,reason\nt2,B,partner\n";
  opts.pins_csv_len = strlen(opts.pins_csv);
  opts.reps_csv = "rep_id,territory,max_a,max_total\nR1,*,1,2\nR2,east,1,1\n";
  opts.reps_csv_len = strlen(opts.reps_csv);
  CHECK_OK(mf_tier_compute(&tiering, accounts, model, &opts));
  /* 5 x (.4, .2, .4) = 2, 1, 2: A e1, e2; B the pinned t2; C m, t1. */
  CHECK(mf_tiering_account_count(tiering) == 5);
  CHECK_OK(mf_tiering_account(tiering, 0, &a));
  CHECK_STR(a.id, "e1");
  CHECK_STR(a.tier, "A");
  CHECK(a.score == 90);
  CHECK(a.rank == 1);
  CHECK(a.assignment == MF_TIER_ASSIGN_PLACED);
  CHECK_OK(mf_tiering_account(tiering, 2, &a));
  CHECK_STR(a.id, "t2");
  CHECK_STR(a.tier, "B");
  CHECK(a.reason == MF_TIER_REASON_PINNED);
  CHECK_OK(mf_tiering_account(tiering, 3, &a));
  CHECK_STR(a.id, "m");
  CHECK_STR(a.tier, "C");
  CHECK(a.score_low == 45 && a.score_high == 95);
  CHECK(a.uncertain == 1);
  CHECK_STR(a.research, "segment");
  CHECK(a.assignment == MF_TIER_ASSIGN_NOT_ASSIGNED);
  CHECK_STR(a.rep, "");
  CHECK_OK(mf_tiering_account(tiering, 4, &a));
  CHECK_STR(a.id, "t1");
  CHECK_OK(mf_tiering_placed(tiering, &placed, &unplaced));
  CHECK(placed == 3 && unplaced == 0);

  CHECK(mf_tiering_tier_count(tiering) == 3);
  CHECK_OK(mf_tiering_tier(tiering, 0, &s));
  CHECK_STR(s.name, "A");
  CHECK(s.target == 2 && s.count == 2 && s.difference == 0);
  CHECK(s.margin_below == 60 - 20);
  CHECK_OK(mf_tiering_tier(tiering, 2, &s));
  CHECK(isnan(s.margin_below));
  CHECK(s.uncertain == 1);

  CHECK_OK(mf_tiering_csv(&text, tiering, MF_TIER_TABLE_TIERS));
  CHECK(str_has(mf_text_view(text), "tier,share,target,count"));
  CHECK(str_has(mf_text_view(text), "\nA,0.4,2,2,0,0,0,0,60,90\n"));
  mf_text_free(text);
  CHECK_OK(mf_tiering_csv(&text, tiering, MF_TIER_TABLE_ACCOUNTS));
  CHECK(str_has(mf_text_view(text), "\n1,e1,A,90,90,90,false,,score,,,e1,50,40,R"));
  mf_text_free(text);
  CHECK_OK(mf_tiering_json(&text, tiering));
  CHECK(str_has(mf_text_view(text), "\"placed\": 3"));
  mf_text_free(text);

  /* Errors: nothing written, the message says where. */
  CHECK_STATUS(mf_tiering_account(tiering, 5, &a), MF_ERANGE);
  a.version = 99;
  CHECK_STATUS(mf_tiering_account(tiering, 0, &a), MF_EINVAL);
  CHECK_STATUS(mf_tiering_csv(&text, tiering, 7), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_tier_table 7");
  CHECK_STATUS(mf_tiering_tier(NULL, 0, &s), MF_EINVAL);
  CHECK(mf_tiering_account_count(NULL) == 0);
  mf_tiering_free(tiering);

  opts.rollup = 5;
  tiering = NULL;
  CHECK_STATUS(mf_tier_compute(&tiering, accounts, model, &opts), MF_EINVAL);
  CHECK(tiering == NULL);
  opts.rollup = -1;
  opts.pins_csv = "id,tier\nnobody,A\n";
  opts.pins_csv_len = strlen(opts.pins_csv);
  CHECK_STATUS(mf_tier_compute(&tiering, accounts, model, &opts), MF_EDATA);
  CHECK_ERROR_HAS("no account \"nobody\"");
  opts.version = 42;
  CHECK_STATUS(mf_tier_compute(&tiering, accounts, model, &opts), MF_EINVAL);
  CHECK_STATUS(mf_tier_compute(&tiering, NULL, model, NULL), MF_EINVAL);
  CHECK_STATUS(mf_tier_compute(NULL, accounts, model, NULL), MF_EINVAL);
  mf_tier_accounts_free(accounts);

  accounts = NULL;
  CHECK_STATUS(mf_tier_accounts_parse(&accounts, S("id,segment,value,region\na,smb,lots,x\n"), S("acc.csv")), MF_OK);
  CHECK_STATUS(mf_tier_compute(&tiering, accounts, model, NULL), MF_EDATA);
  CHECK_ERROR_HAS("acc.csv:2:3: field 'value': tier.number: \"lots\" is not a number");
  mf_tier_accounts_free(accounts);
  CHECK_STATUS(mf_tier_accounts_parse(&accounts, S("id,value\n\"a,1\n"), S("bad.csv")), MF_EDATA);
  CHECK_ERROR_HAS("bad.csv:2:");
  CHECK_STATUS(mf_tier_model_parse(&model, S("{\"version\": 1}")), MF_EDATA);
  CHECK_ERROR_HAS("$.id: fit.key: missing");
  CHECK_STATUS(mf_tier_model_load_file(&model, S("/nonexistent/model.json")), MF_ENOTFOUND);
  CHECK_STATUS(mf_tier_model_parse(&model, NULL, 3), MF_EINVAL);
  mf_tier_model_free(model);
  mf_tier_model_free(NULL);
  mf_tier_accounts_free(NULL);
  mf_tiering_free(NULL);
}

static void test_options_init(void) {
  mf_tier_options a = MF_TIER_OPTIONS_INIT, b;
  memset(&b, 0xff, sizeof b);
  CHECK_OK(mf_tier_options_init(&b, MF_TIER_OPTIONS_VERSION));
  /* Field by field: memcmp would compare the padding after `version`. */
  CHECK(a.version == b.version && a.pins_csv == b.pins_csv && a.pins_csv_len == b.pins_csv_len);
  CHECK(a.previous_csv == b.previous_csv && a.previous_csv_len == b.previous_csv_len);
  CHECK(a.reps_csv == b.reps_csv && a.reps_csv_len == b.reps_csv_len);
  CHECK(a.territory_column == b.territory_column && a.territory_column_len == b.territory_column_len);
  CHECK(a.stability_margin == b.stability_margin && a.rollup == b.rollup && a.threads == b.threads);
  CHECK_STATUS(mf_tier_options_init(&b, 0), MF_EINVAL);
  CHECK_STATUS(mf_tier_options_init(NULL, 1), MF_EINVAL);
}

static void test_maven(void) {
  mf_tier_model *model = NULL;
  mf_tier_accounts *accounts = NULL;
  mf_tiering *tiering = NULL;
  mf_tier_summary s = MF_TIER_SUMMARY_INIT;
  mf_tier_account a = MF_TIER_ACCOUNT_INIT;
  FILE *probe = fopen(MAVEN_ACCOUNTS, "rb");
  if (probe == NULL) {
    printf("MF_SKIPPED: ../shared not found (%s)\n", MAVEN_ACCOUNTS);
    return;
  }
  fclose(probe);
  CHECK_OK(mf_tier_model_load_file(&model, S(MF_SOURCE_DIR "/examples/tiering/maven_fit.json")));
  CHECK_OK(mf_tier_accounts_load_file(&accounts, S(MAVEN_ACCOUNTS)));
  CHECK_OK(mf_tier_compute(&tiering, accounts, model, NULL));
  CHECK_OK(mf_tiering_tier(tiering, 0, &s));
  CHECK(s.count == 13);
  CHECK_OK(mf_tiering_tier(tiering, 1, &s));
  CHECK(s.count == 21);
  CHECK_OK(mf_tiering_tier(tiering, 2, &s));
  CHECK(s.count == 51);
  CHECK_OK(mf_tiering_account(tiering, 12, &a));
  CHECK_STR(a.id, "Mathtouch");
  CHECK_OK(mf_tiering_account(tiering, 13, &a));
  CHECK_STR(a.id, "Inity");
  mf_tiering_free(tiering);
  mf_tier_accounts_free(accounts);
  mf_tier_model_free(model);
}

int main(void) {
  test_small();
  test_options_init();
  test_maven();
  return check_report();
}
