/* test_tiering_coverage.c — the experimental coverage and learned-weights
 * API from C: a small coverage pinned by hand (each gap kind, rows left
 * out, reps from the owner column), the tables as text, learned points on
 * a small case and on Maven by closed deal, the model fed back, and every
 * error path (NULLs, versions, units, bad dates, bad tables). */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

#define MAVEN_DIR MF_SHARED_DIR "/data/maven-crm/"

static const char kModel[] =
    "{\"version\": 1, \"id\": \"id\", \"owner\": \"owner\", \"attributes\": ["
    " {\"name\": \"value\", \"linear\": {\"from\": [0, 0], \"to\": [100, 100]}}],"
    " \"tiers\": [{\"name\": \"A\", \"share\": 0.4}, {\"name\": \"B\", \"share\": 0.2}, {\"name\": \"C\", \"share\": 0.4}],"
    " \"plays\": [{\"tier\": \"A\", \"min_contacts\": 2}]}";

/* A a1 a2, B b1, C c1 c2. */
static const char kAccounts[] = "id,value,owner\na1,90,ann\na2,80,bob\nb1,60,ann\nc1,20,bob\nc2,10,\n";
static const char kContacts[] =
    "account_id,contact_id,role\na1,k1,cfo\na1,k2,\na2,m1,cto\nb1,p1,buyer\nc1,q1,user\nzz,x,user\n";
static const char kActivities[] =
    "contact_id,time,channel,campaign\nk1,2024-01-10,phone,\nk2,2024-06-01,email,\nm1,2024-06-20,Phone,\n"
    "p1,2024-05-01,email,\nq1,2024-06-30,email,spring\nghost,2024-06-01,email,\n";

static void test_coverage(void) {
  mf_tier_model *model = NULL;
  mf_tier_accounts *accounts = NULL, *contacts = NULL, *activities = NULL;
  mf_tiering *tiering = NULL;
  mf_tier_coverage *coverage = NULL;
  mf_tier_coverage_options opts = MF_TIER_COVERAGE_OPTIONS_INIT;
  mf_tier_account_coverage a = MF_TIER_ACCOUNT_COVERAGE_INIT;
  mf_tier_rep_coverage r = MF_TIER_REP_COVERAGE_INIT;
  mf_text *text = NULL;
  uint64_t unknown_account = 9, duplicate = 9, unknown_contact = 9, repeated = 9, later = 9;

  CHECK_OK(mf_tier_model_parse(&model, S(kModel)));
  CHECK_OK(mf_tier_accounts_parse(&accounts, S(kAccounts), S("accounts.csv")));
  CHECK_OK(mf_tier_accounts_parse(&contacts, S(kContacts), S("contacts.csv")));
  CHECK_OK(mf_tier_accounts_parse(&activities, S(kActivities), S("activities.csv")));
  CHECK_OK(mf_tier_compute(&tiering, accounts, model, NULL));
  opts.as_of = "2024-07-31";
  opts.as_of_len = strlen(opts.as_of);
  CHECK_OK(mf_tier_coverage_compute(&coverage, tiering, accounts, model, contacts, activities, &opts));
  /* The coverage outlives the tiering. */
  mf_tiering_free(tiering);
  tiering = NULL;
  CHECK(mf_tier_coverage_account_count(coverage) == 5);
  /* a1: both contacts reached; 01-10 .. 06-01 is short of 6 months and
   * silent 60 days by 07-31: the cadence stopped. */
  CHECK_OK(mf_tier_coverage_account(coverage, 0, &a));
  CHECK_STR(a.id, "a1");
  CHECK_STR(a.tier, "A");
  CHECK_STR(a.rep, "ann");
  CHECK(a.contacts == 2 && a.contacts_reached == 2 && a.min_contacts == 2);
  CHECK_STR(a.first_touch, "2024-01-10");
  CHECK_STR(a.last_touch, "2024-06-01");
  CHECK(a.cadence_days == 143);
  CHECK(a.cadence_running == 0);
  CHECK(a.gaps == (1u << MF_TIER_GAP_CADENCE));
  /* a2: one contact of two, and its one touch (06-20) is 41 days old. */
  CHECK_OK(mf_tier_coverage_account(coverage, 1, &a));
  CHECK_STR(a.id, "a2");
  CHECK(a.gaps == ((1u << MF_TIER_GAP_CONTACTS) | (1u << MF_TIER_GAP_CADENCE)));
  /* b1: email only: no phone. */
  CHECK_OK(mf_tier_coverage_account(coverage, 2, &a));
  CHECK_STR(a.missing_channels, "phone");
  CHECK(a.gaps == (1u << MF_TIER_GAP_CHANNEL));
  /* c1: an email campaign; c2: nothing at all. */
  CHECK_OK(mf_tier_coverage_account(coverage, 3, &a));
  CHECK(a.gaps == 0 && a.campaign_touches == 1);
  CHECK_OK(mf_tier_coverage_account(coverage, 4, &a));
  CHECK_STR(a.id, "c2");
  CHECK_STR(a.first_touch, "");
  CHECK(a.gaps == (1u << MF_TIER_GAP_CAMPAIGN));

  CHECK(mf_tier_coverage_rep_count(coverage) == 3);
  CHECK_OK(mf_tier_coverage_rep(coverage, 0, &r));
  CHECK_STR(r.rep, "ann");
  CHECK(r.accounts == 2 && r.with_gaps == 2 && r.gap_cadence == 1 && r.gap_channel == 1);
  CHECK_OK(mf_tier_coverage_rep(coverage, 1, &r));
  CHECK_STR(r.rep, "bob");
  CHECK(r.contacts_to_reach == 1);
  CHECK_OK(mf_tier_coverage_rep(coverage, 2, &r));
  CHECK_STR(r.rep, "");
  CHECK(r.gap_campaign == 1);

  CHECK_OK(mf_tier_coverage_left_out(coverage, &unknown_account, &duplicate, &unknown_contact, &repeated, &later));
  CHECK(unknown_account == 1 && duplicate == 0 && unknown_contact == 1 && repeated == 0 && later == 0);
  CHECK_OK(mf_tier_coverage_left_out(coverage, NULL, NULL, NULL, NULL, NULL));

  CHECK_OK(mf_tier_coverage_csv(&text, coverage, MF_TIER_TABLE_REP_GAPS));
  CHECK(str_has(mf_text_view(text),
               "rep,accounts,with_gaps,gap_contacts,gap_cadence,gap_channel,gap_campaign,contacts_to_reach\n"
               "ann,2,2,0,1,1,0,0\nbob,2,1,1,1,0,0,1\n,1,1,0,0,0,1,0\n"));
  mf_text_free(text);
  CHECK_OK(mf_tier_coverage_csv(&text, coverage, MF_TIER_TABLE_COVERAGE));
  CHECK(str_has(mf_text_view(text), "\nc2,C,,0,0,0,0,0,,,0,0,false,0,1,,,0,campaign\n"));
  mf_text_free(text);
  CHECK_OK(mf_tier_coverage_json(&text, coverage));
  CHECK(str_has(mf_text_view(text), "\"as_of\": \"2024-07-31\""));
  mf_text_free(text);

  /* Errors. */
  CHECK_STATUS(mf_tier_coverage_csv(&text, coverage, MF_TIER_TABLE_ACCOUNTS), MF_EINVAL);
  CHECK_ERROR_HAS("is not MF_TIER_TABLE_COVERAGE");
  CHECK_STATUS(mf_tier_coverage_account(coverage, 5, &a), MF_ERANGE);
  a.version = 99;
  CHECK_STATUS(mf_tier_coverage_account(coverage, 0, &a), MF_EINVAL);
  CHECK_STATUS(mf_tier_coverage_account(NULL, 0, &a), MF_EINVAL);
  CHECK_STATUS(mf_tier_coverage_rep(coverage, 0, NULL), MF_EINVAL);
  CHECK(mf_tier_coverage_account_count(NULL) == 0);
  CHECK(mf_tier_coverage_rep_count(NULL) == 0);
  mf_tier_coverage_free(coverage);
  coverage = NULL;

  CHECK_OK(mf_tier_compute(&tiering, accounts, model, NULL));
  CHECK_STATUS(mf_tiering_csv(&text, tiering, MF_TIER_TABLE_COVERAGE), MF_EINVAL);
  CHECK_ERROR_HAS("use mf_tier_coverage_csv()");
  CHECK_STATUS(mf_tier_coverage_compute(&coverage, tiering, accounts, model, NULL, activities, NULL), MF_EINVAL);
  CHECK_STATUS(mf_tier_coverage_compute(NULL, tiering, accounts, model, contacts, activities, NULL), MF_EINVAL);
  opts.as_of = "soon";
  opts.as_of_len = 4;
  CHECK_STATUS(mf_tier_coverage_compute(&coverage, tiering, accounts, model, contacts, activities, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("as_of: ");
  opts.version = 7;
  CHECK_STATUS(mf_tier_coverage_compute(&coverage, tiering, accounts, model, contacts, activities, &opts), MF_EINVAL);
  /* Activities may be NULL: nothing touched. */
  CHECK_OK(mf_tier_coverage_compute(&coverage, tiering, accounts, model, contacts, NULL, NULL));
  a.version = MF_TIER_ACCOUNT_COVERAGE_VERSION;
  CHECK_OK(mf_tier_coverage_account(coverage, 0, &a));
  CHECK(a.touches == 0 && a.contacts_reached == 0);
  mf_tier_coverage_free(coverage);
  coverage = NULL;
  /* A contact under two accounts. */
  mf_tier_accounts_free(contacts);
  CHECK_OK(mf_tier_accounts_parse(&contacts, S("account_id,contact_id,role\na1,k,x\na2,k,y\n"), S("c.csv")));
  CHECK_STATUS(mf_tier_coverage_compute(&coverage, tiering, accounts, model, contacts, NULL, NULL), MF_EDATA);
  CHECK_ERROR_HAS("c.csv:3:1: field 'account_id': coverage.contact: contact \"k\" is under account \"a1\" on line 2");
  CHECK(coverage == NULL);

  CHECK_OK(mf_tier_coverage_options_init(&opts, MF_TIER_COVERAGE_OPTIONS_VERSION));
  CHECK(opts.as_of == NULL && opts.as_of_len == 0 && opts.owner_column == NULL);
  CHECK_STATUS(mf_tier_coverage_options_init(&opts, 0), MF_EINVAL);
  CHECK_STATUS(mf_tier_coverage_options_init(NULL, 1), MF_EINVAL);

  mf_tier_coverage_free(NULL);
  mf_tiering_free(tiering);
  mf_tier_accounts_free(activities);
  mf_tier_accounts_free(contacts);
  mf_tier_accounts_free(accounts);
  mf_tier_model_free(model);
}

static void test_learn(void) {
  mf_tier_model *model = NULL, *fed_back = NULL;
  mf_tier_accounts *accounts = NULL, *deals = NULL;
  mf_tier_learned *learned = NULL;
  mf_tier_learn_options opts = MF_TIER_LEARN_OPTIONS_INIT;
  mf_tier_learned_value v = MF_TIER_LEARNED_VALUE_INIT;
  mf_str json = {NULL, 0};
  mf_text *text = NULL;

  CHECK_OK(mf_tier_model_parse(&model, S("{\"version\": 1, \"id\": \"id\", \"attributes\": [{\"name\": \"sector\","
                                         " \"categorical\": {\"software\": 30, \"retail\": 5}}]}")));
  CHECK_OK(mf_tier_accounts_parse(&accounts, S("id,sector\ns1,software\ns2,software\nr1,retail\nr2,retail\no1,mining\n"),
                                  S("accounts.csv")));
  CHECK_OK(mf_tier_accounts_parse(&deals, S("id,deal_stage\ns1,Won\ns2,Won\nr1,Lost\nr2,Won\no1,Lost\n"), S("deals.csv")));
  CHECK_OK(mf_tier_learn(&learned, accounts, model, deals, NULL));
  /* software, retail, other, (missing). */
  CHECK(mf_tier_learned_value_count(learned) == 4);
  CHECK_OK(mf_tier_learned_value_at(learned, 0, &v));
  CHECK_STR(v.attribute, "sector");
  CHECK_STR(v.value, "software");
  CHECK(v.accounts == 2 && v.cases == 2 && v.wins == 2);
  CHECK(v.model_points == 30);
  /* Overall 3/5; software (2 + 3) / 7 = 5/7, other (mining) 3/6: the lowest.
   * 10 x (logit(5/7) - logit(1/2)) = 10 ln 2.5 = 9.16 -> 9.2. */
  CHECK(fabs(v.smoothed_rate - 5.0 / 7) < 1e-12);
  CHECK(fabs(v.points - 9.2) < 1e-9);
  CHECK_OK(mf_tier_learned_value_at(learned, 3, &v));
  CHECK_STR(v.value, "(missing)");
  CHECK(isnan(v.points));
  CHECK_OK(mf_tier_learned_model(learned, &json));
  CHECK_OK(mf_tier_model_parse(&fed_back, json.data, json.size));
  CHECK_OK(mf_tier_learned_csv(&text, learned));
  CHECK(str_has(mf_text_view(text), "sector,software,2,2,2,1,0.714286,"));
  mf_text_free(text);
  CHECK_OK(mf_tier_learned_json(&text, learned));
  CHECK(str_has(mf_text_view(text), "\"model\": {"));
  mf_text_free(text);

  /* Errors. */
  CHECK_STATUS(mf_tier_learned_value_at(learned, 4, &v), MF_ERANGE);
  CHECK_STATUS(mf_tier_learned_model(learned, NULL), MF_EINVAL);
  CHECK_STATUS(mf_tier_learned_model(NULL, &json), MF_EINVAL);
  opts.unit = 7;
  CHECK_STATUS(mf_tier_learn(&learned, accounts, model, deals, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("unit is 7");
  opts.unit = MF_TIER_LEARN_ACCOUNTS;
  opts.prior_accounts = 0;
  CHECK_STATUS(mf_tier_learn(&learned, accounts, model, deals, &opts), MF_EINVAL);
  opts.prior_accounts = 5;
  opts.stage_column = "stage";
  opts.stage_column_len = 5;
  CHECK_STATUS(mf_tier_learn(&learned, accounts, model, deals, &opts), MF_EDATA);
  CHECK_ERROR_HAS("learn.column: no column \"stage\"");
  CHECK_STATUS(mf_tier_learn(&learned, NULL, model, deals, NULL), MF_EINVAL);
  CHECK(mf_tier_learned_value_count(NULL) == 0);
  CHECK_OK(mf_tier_learn_options_init(&opts, MF_TIER_LEARN_OPTIONS_VERSION));
  CHECK(opts.prior_accounts == 5 && opts.points_per_logit == 10 && opts.unit == MF_TIER_LEARN_ACCOUNTS);
  CHECK_STATUS(mf_tier_learn_options_init(&opts, 2), MF_EINVAL);

  mf_tier_learned_free(learned);
  mf_tier_learned_free(NULL);
  mf_tier_model_free(fed_back);
  mf_tier_accounts_free(deals);
  mf_tier_accounts_free(accounts);
  mf_tier_model_free(model);
}

static void test_maven(void) {
  mf_tier_model *model = NULL;
  mf_tier_accounts *accounts = NULL, *deals = NULL;
  mf_tier_learned *learned = NULL;
  mf_tier_learn_options opts = MF_TIER_LEARN_OPTIONS_INIT;
  FILE *probe = fopen(MAVEN_DIR "sales_pipeline.csv", "rb");
  if (probe == NULL) {
    printf("MF_SKIPPED: ../shared not found (%s)\n", MAVEN_DIR);
    return;
  }
  fclose(probe);
  CHECK_OK(mf_tier_model_load_file(&model, S(MF_SOURCE_DIR "/examples/tiering/maven_fit.json")));
  CHECK_OK(mf_tier_accounts_load_file(&accounts, S(MAVEN_DIR "accounts.csv")));
  CHECK_OK(mf_tier_accounts_load_file(&deals, S(MAVEN_DIR "sales_pipeline.csv")));
  /* Every Maven account has won once: by account, nothing to learn. */
  CHECK_STATUS(mf_tier_learn(&learned, accounts, model, deals, NULL), MF_EDATA);
  CHECK_ERROR_HAS("85 of 85 accounts have a won deal");
  opts.unit = MF_TIER_LEARN_DEALS;
  CHECK_OK(mf_tier_learn(&learned, accounts, model, deals, &opts));
  /* sector: 10 values + other + (missing); revenue: 3 buckets + (missing). */
  CHECK(mf_tier_learned_value_count(learned) == 16);
  mf_tier_learned_free(learned);
  mf_tier_accounts_free(deals);
  mf_tier_accounts_free(accounts);
  mf_tier_model_free(model);
}

int main(void) {
  test_coverage();
  test_learn();
  test_maven();
  return check_report();
}
