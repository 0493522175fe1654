/* test_dashboard.c — the experimental dashboard API from C: a page from
 * generated data, a hostile channel value that must come out as text, the
 * options struct, the sections with inputs of their own (version 2), and
 * every error path. */
#define MF_EXPERIMENTAL
#include "check.h"

static int contains(mf_str s, const char *needle) {
  size_t n = strlen(needle), i;
  if (n > s.size) return 0;
  for (i = 0; i + n <= s.size; ++i)
    if (memcmp(s.data + i, needle, n) == 0) return 1;
  return 0;
}

/* Two leads, one with a channel that is an HTML injection attempt. */
static mf_dataset *hostile(void) {
  static const char kScript[] = "<script>alert(1)</script>";
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  size_t channel = 0;
  uint32_t r = 0, i;
  mf_value v;
  mf_event e;
  const char *stages[] = {"lead", "mql", "closed_lost"};
  CHECK_OK(mf_dataset_builder_new(&b));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("channel"), MF_ATTR_STRING, &channel));
  for (i = 0; i < 2; ++i) {
    CHECK_OK(mf_dataset_builder_record(b, i == 0 ? "L1" : "L2", 2, &r));
    memset(&v, 0, sizeof v);
    v.present = 1;
    v.type = MF_ATTR_STRING;
    v.str.data = i == 0 ? kScript : "web";
    v.str.size = strlen(v.str.data);
    CHECK_OK(mf_dataset_builder_set(b, r, channel, &v));
  }
  for (i = 0; i < 3; ++i) {
    memset(&e, 0, sizeof e);
    e.record = 0;
    CHECK_OK(mf_dataset_builder_stage(b, stages[i], strlen(stages[i]), &e.stage));
    e.has_time = 1;
    e.time = (int64_t)86400000000 * (i + 1);
    if (i == 2) {
      e.has_reason = 1;
      e.reason.data = "\"><img src=x onerror=alert(2)>";
      e.reason.size = strlen(e.reason.data);
    }
    CHECK_OK(mf_dataset_builder_add_event(b, &e));
  }
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static void test_page(void) {
  mf_generate_options g = MF_GENERATE_OPTIONS_INIT;
  mf_dashboard_options opts = MF_DASHBOARD_OPTIONS_INIT, dynamic;
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_text *html = NULL;
  mf_str page;
  const char *by[] = {"channel", "segment"};

  CHECK_OK(mf_dashboard_options_init(&dynamic, MF_DASHBOARD_OPTIONS_VERSION));
  CHECK(memcmp(&opts, &dynamic, sizeof opts) == 0);
  CHECK_STATUS(mf_dashboard_options_init(&dynamic, 4), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_dashboard_options version 4");

  g.leads = 2000;
  CHECK_OK(mf_dataset_generate(&data, &g));
  CHECK_OK(mf_graph_the_model(&graph));
  opts.by = by;
  opts.by_count = 2;
  opts.title = "Q2 <review>";
  opts.title_len = strlen(opts.title);
  opts.has_from = opts.has_to = 1;
  opts.from = INT64_C(1735689600000000); /* 2025-01-01 */
  opts.to = INT64_C(1743465600000000);   /* 2025-04-01 */
  opts.threads = 1;
  CHECK_OK(mf_dashboard_html(&html, data, graph, &opts));
  page = mf_text_view(html);
  CHECK(page.size > 1000);
  CHECK(contains(page, "<!DOCTYPE html>"));
  CHECK(contains(page, "Q2 &lt;review&gt;"));
  CHECK(contains(page, "id=\"kpis\""));
  CHECK(contains(page, "id=\"funnel\""));
  CHECK(contains(page, "data-by=\"segment\""));
  CHECK(contains(page, "significant"));
  mf_text_free(html);
  html = NULL;

  /* NULL options: the defaults. */
  CHECK_OK(mf_dashboard_html(&html, data, graph, NULL));
  CHECK(contains(mf_text_view(html), "id=\"breakdown\""));
  mf_text_free(html);
  html = NULL;

  /* Errors: nothing is written to out. */
  CHECK_STATUS(mf_dashboard_html(NULL, data, graph, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dashboard_html(&html, NULL, graph, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dashboard_html(&html, data, NULL, NULL), MF_EINVAL);
  opts.period = 7;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("unknown dashboard period 7");
  opts.period = MF_DASHBOARD_WEEK;
  by[1] = "no_such";
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("no attribute 'no_such'");
  by[1] = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("by[1] is NULL");
  opts.by_count = 1;
  opts.to = opts.from;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("from must be before to");
  opts.version = 0;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK(html == NULL);

  mf_text_free(NULL);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

static void test_escaping(void) {
  mf_dataset *data = hostile();
  mf_graph *graph = NULL;
  mf_text *html = NULL;
  mf_str page;
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_dashboard_html(&html, data, graph, NULL));
  page = mf_text_view(html);
  CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(!contains(page, "<script>alert"));
  CHECK(contains(page, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  CHECK(!contains(page, "<img"));
  mf_text_free(html);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

/* Version 2: the revenue plan, the re-engagement queue and the tier split;
 * a version-1 struct gets none of them. */
static void test_inputs(void) {
  static const char kAccounts[] = "account,size\na1,90\n<b>a2</b>,\na3,10\n";
  static const char kModel[] =
      "{\"version\": 1, \"id\": \"account\", \"attributes\": [{\"name\": \"size\", "
      "\"linear\": {\"from\": [0, 0], \"to\": [100, 100]}}], "
      "\"tiers\": [{\"name\": \"A\", \"share\": 0.34}, {\"name\": \"B\", \"share\": 0.66}]}";
  const char *policy_path = MF_SOURCE_DIR "/examples/reengage/policy.json";
  mf_generate_options g = MF_GENERATE_OPTIONS_INIT;
  mf_dashboard_options opts = MF_DASHBOARD_OPTIONS_INIT;
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_text *html = NULL;
  mf_reengage_policy *policy = NULL;
  mf_tier_accounts *accounts = NULL;
  mf_tier_model *model = NULL;
  mf_str page;

  g.leads = 2000;
  CHECK_OK(mf_dataset_generate(&data, &g));
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_reengage_policy_load_file(&policy, policy_path, strlen(policy_path)));
  CHECK_OK(mf_tier_accounts_parse(&accounts, kAccounts, strlen(kAccounts), "accounts.csv", 12));
  CHECK_OK(mf_tier_model_parse(&model, kModel, strlen(kModel)));
  opts.threads = 1;
  opts.has_as_of = 1;
  opts.as_of = INT64_C(1755216000000000); /* 2025-08-15 */
  opts.reengage_policy = policy;
  opts.accounts = accounts;
  opts.fit_model = model;
  opts.revenue_target = 1500000;
  opts.revenue_period = "2025-Q3";
  opts.revenue_period_len = 7;
  CHECK_OK(mf_dashboard_html(&html, data, graph, &opts));
  page = mf_text_view(html);
  CHECK(contains(page, "<section id=\"revenue-plan\""));
  CHECK(contains(page, "<section id=\"reengagement\""));
  CHECK(contains(page, "As of 2025-08-15:"));
  CHECK(contains(page, "<section id=\"tiering\""));
  CHECK(contains(page, "&lt;b&gt;a2&lt;/b&gt;"));
  CHECK(!contains(page, "<b>a2"));
  mf_text_free(html);
  html = NULL;

  /* A version-1 caller: its struct ends at threads, the inputs are not read. */
  opts.version = 1;
  CHECK_OK(mf_dashboard_html(&html, data, graph, &opts));
  page = mf_text_view(html);
  CHECK(!contains(page, "<section id=\"revenue-plan\""));
  CHECK(!contains(page, "<section id=\"reengagement\""));
  CHECK(!contains(page, "<section id=\"tiering\""));
  mf_text_free(html);
  html = NULL;
  opts.version = MF_DASHBOARD_OPTIONS_VERSION;

  /* Errors name the field. */
  opts.fit_model = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("accounts and fit_model go together");
  opts.fit_model = model;
  opts.revenue_period_len = 0;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("revenue_target needs revenue_period");
  opts.revenue_period = "2025-Q9";
  opts.revenue_period_len = 7;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("revenue_period: ");
  opts.revenue_period = "2025-Q3";
  opts.revenue_target = -1;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("revenue_target must be > 0");
  opts.revenue_target = 1000;
  opts.revenue_period = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  opts.revenue_period = "2020-Q1";
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("dashboard: revenue plan: ");
  opts.revenue_target = 0;
  opts.revenue_period_len = 0;
  opts.reserved2 = 1;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("reserved2 must be 0");
  opts.reserved2 = 0;
  opts.reengage_policy = NULL;
  opts.has_reengage_as_of = 1;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("reengage_policy is NULL");
  CHECK(html == NULL);

  mf_reengage_policy_free(policy);
  mf_tier_accounts_free(accounts);
  mf_tier_model_free(model);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

/* Version 3: contacts, activities and the owner column add the coverage
 * gaps under the tier split; a version-2 struct gets none of them. */
static void test_coverage(void) {
  static const char kAccounts[] = "account,size,owner\na1,90,<i>rep</i>\na2,50,\na3,10,r3\n";
  static const char kContacts[] = "account_id,contact_id,role\na1,c1,cfo\na3,c3,\n";
  static const char kActivities[] = "contact_id,time,channel,campaign\nc1,2025-01-05,email,\nc3,2025-02-01,email,\n";
  static const char kModel[] =
      "{\"version\": 1, \"id\": \"account\", \"attributes\": [{\"name\": \"size\", "
      "\"linear\": {\"from\": [0, 0], \"to\": [100, 100]}}], "
      "\"tiers\": [{\"name\": \"A\", \"share\": 0.34}, {\"name\": \"C\", \"share\": 0.66}]}";
  mf_generate_options g = MF_GENERATE_OPTIONS_INIT;
  mf_dashboard_options opts = MF_DASHBOARD_OPTIONS_INIT;
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_text *html = NULL;
  mf_tier_accounts *accounts = NULL, *contacts = NULL, *activities = NULL;
  mf_tier_model *model = NULL;
  mf_str page;

  CHECK(opts.contacts == NULL && opts.activities == NULL && opts.owner_column == NULL && opts.owner_column_len == 0);
  g.leads = 500;
  CHECK_OK(mf_dataset_generate(&data, &g));
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_tier_accounts_parse(&accounts, kAccounts, strlen(kAccounts), "accounts.csv", 12));
  CHECK_OK(mf_tier_accounts_parse(&contacts, kContacts, strlen(kContacts), "contacts.csv", 12));
  CHECK_OK(mf_tier_accounts_parse(&activities, kActivities, strlen(kActivities), "activities.csv", 14));
  CHECK_OK(mf_tier_model_parse(&model, kModel, strlen(kModel)));
  opts.threads = 1;
  opts.has_as_of = 1;
  opts.as_of = INT64_C(1751241600000000); /* 2025-06-30 */
  opts.accounts = accounts;
  opts.fit_model = model;
  opts.contacts = contacts;
  opts.activities = activities;
  opts.owner_column = "owner";
  opts.owner_column_len = 5;
  CHECK_OK(mf_dashboard_html(&html, data, graph, &opts));
  page = mf_text_view(html);
  /* a1 (A): 1 of 5 contacts, cadence stopped; a2, a3 (C): in no campaign. */
  CHECK(contains(page, "data-accounts=\"3\" data-with-gaps=\"3\" data-as-of=\"2025-06-30\""));
  CHECK(contains(page, "<tr data-account=\"a1\" data-gaps=\"contacts;cadence\">"));
  CHECK(contains(page, "<tr data-rep=\"&lt;i&gt;rep&lt;/i&gt;\">"));
  CHECK(!contains(page, "<i>rep"));
  mf_text_free(html);
  html = NULL;

  /* A version-2 caller: its struct ends at revenue_period_len. */
  opts.version = 2;
  CHECK_OK(mf_dashboard_html(&html, data, graph, &opts));
  page = mf_text_view(html);
  CHECK(contains(page, "<section id=\"tiering\""));
  CHECK(!contains(page, "coverage-summary"));
  mf_text_free(html);
  html = NULL;
  opts.version = MF_DASHBOARD_OPTIONS_VERSION;

  /* Errors name the field. */
  opts.accounts = NULL;
  opts.fit_model = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("contacts need accounts");
  opts.accounts = accounts;
  opts.fit_model = model;
  opts.contacts = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("activities need contacts");
  opts.activities = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("owner_column needs contacts");
  opts.owner_column = NULL;
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("owner_column");
  opts.owner_column_len = 0;
  opts.contacts = activities; /* no account_id column: the engine's error */
  CHECK_STATUS(mf_dashboard_html(&html, data, graph, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("dashboard: coverage gaps: ");
  CHECK(html == NULL);

  mf_tier_accounts_free(accounts);
  mf_tier_accounts_free(contacts);
  mf_tier_accounts_free(activities);
  mf_tier_model_free(model);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

int main(void) {
  test_page();
  test_inputs();
  test_coverage();
  test_escaping();
  return check_report();
}
