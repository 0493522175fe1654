/* test_attribution.c — the experimental attribution API from C: the
 * hand-solved 3-channel Markov chain (docs/attribution.md), the tables as
 * text, the options struct, every error path (NULLs, bad enums, bad sizes),
 * and the Maven export (no touches: every win is reported as uncredited). */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"
#include "maven.h"

static const char kPaths[] =
    "path,total_conversions,total_conversion_value,total_null\n"
    "C1 > C2 > C3,1,100,0\n"
    "C1,0,0,1\n"
    "C2 > C3,0,0,1\n";

static void test_markov(void) {
  mf_attribution_paths *paths = NULL;
  mf_attribution *result = NULL;
  mf_attribution_options opts = MF_ATTRIBUTION_OPTIONS_INIT;
  mf_attribution_credit c = MF_ATTRIBUTION_CREDIT_INIT;
  const int32_t models[] = {MF_ATTRIBUTION_MARKOV, MF_ATTRIBUTION_LINEAR};
  mf_text *text = NULL;
  double conversions = 0, value = 0, nulls = 0;

  CHECK_OK(mf_attribution_paths_parse(&paths, S(kPaths), S("paths.csv")));
  CHECK(mf_attribution_paths_count(paths) == 3);
  opts.models = models;
  opts.model_count = 2;
  opts.bootstrap = 10;
  CHECK_OK(mf_attribution_compute_paths(&result, paths, &opts));
  /* Removal effects 1/2, 1, 1: shares 0.2, 0.4, 0.4. */
  CHECK(mf_attribution_credit_count(result) == 6);
  CHECK_OK(mf_attribution_credit_at(result, 0, &c));
  CHECK_STR(c.model, "markov");
  CHECK(c.model_id == MF_ATTRIBUTION_MARKOV);
  CHECK_STR(c.channel, "C1");
  CHECK(fabs(c.conversions - 0.2) < 1e-12);
  CHECK(fabs(c.value - 20) < 1e-10);
  CHECK(fabs(c.removal_effect - 0.5) < 1e-12);
  CHECK(c.ci_low <= c.ci_high);
  CHECK_OK(mf_attribution_credit_at(result, 3, &c));
  CHECK_STR(c.model, "linear");
  CHECK(isnan(c.removal_effect));
  CHECK_OK(mf_attribution_totals(result, &conversions, &value, &nulls, NULL, NULL));
  CHECK(conversions == 1 && value == 100 && nulls == 2);

  CHECK_OK(mf_attribution_csv(&text, result, MF_ATTRIBUTION_TABLE_CREDITS));
  CHECK(str_has(mf_text_view(text), "model,channel,conversions,value,share,ci_low,ci_high"));
  CHECK(str_has(mf_text_view(text), "\nmarkov,C2,0.4,40,0.4,"));
  mf_text_free(text);
  CHECK_OK(mf_attribution_json(&text, result));
  CHECK(str_has(mf_text_view(text), "\"method\": \"exact\""));
  mf_text_free(text);

  /* Errors: nothing written, the message says why. */
  CHECK_STATUS(mf_attribution_credit_at(result, 6, &c), MF_ERANGE);
  c.version = 99;
  CHECK_STATUS(mf_attribution_credit_at(result, 0, &c), MF_EINVAL);
  CHECK_STATUS(mf_attribution_credit_at(result, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_attribution_csv(&text, result, 7), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_attribution_table 7");
  CHECK_STATUS(mf_attribution_totals(NULL, NULL, NULL, NULL, NULL, NULL), MF_EINVAL);
  CHECK(mf_attribution_credit_count(NULL) == 0);
  mf_attribution_free(result);
  result = NULL;

  opts.model_count = 1;
  opts.models = NULL;
  CHECK_STATUS(mf_attribution_compute_paths(&result, paths, &opts), MF_EINVAL);
  {
    const int32_t bad[] = {42};
    opts.models = bad;
    CHECK_STATUS(mf_attribution_compute_paths(&result, paths, &opts), MF_EINVAL);
    CHECK_ERROR_HAS("models[0] is 42");
  }
  opts.models = models;
  opts.by = 9;
  CHECK_STATUS(mf_attribution_compute_paths(&result, paths, &opts), MF_EINVAL);
  opts.by = 0;
  opts.half_life_days = 0;
  CHECK_STATUS(mf_attribution_compute_paths(&result, paths, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("half_life_days");
  opts.half_life_days = 7;
  opts.version = 42;
  CHECK_STATUS(mf_attribution_compute_paths(&result, paths, &opts), MF_EINVAL);
  CHECK(result == NULL);
  CHECK_STATUS(mf_attribution_compute_paths(&result, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_attribution_compute_paths(NULL, paths, NULL), MF_EINVAL);
  CHECK_STATUS(mf_attribution_compute(&result, NULL, NULL), MF_EINVAL);
  mf_attribution_paths_free(paths);

  paths = NULL;
  CHECK_STATUS(mf_attribution_paths_parse(&paths, S("path,total_conversions\na>b,lots\n"), S("p.csv")), MF_EDATA);
  CHECK_ERROR_HAS("p.csv:2:2: field 'total_conversions': attribution.number");
  CHECK(paths == NULL);
  CHECK_STATUS(mf_attribution_paths_load_file(&paths, S("/nonexistent/paths.csv")), MF_ENOTFOUND);
  CHECK_STATUS(mf_attribution_paths_parse(&paths, NULL, 3, NULL, 0), MF_EINVAL);
  mf_attribution_paths_free(NULL);
  mf_attribution_free(NULL);
}

static void test_options_init(void) {
  mf_attribution_options a = MF_ATTRIBUTION_OPTIONS_INIT, b;
  memset(&b, 0xff, sizeof b);
  CHECK_OK(mf_attribution_options_init(&b, MF_ATTRIBUTION_OPTIONS_VERSION));
  /* Field by field: memcmp would compare padding. */
  CHECK(a.version == b.version && a.models == b.models && a.model_count == b.model_count && a.by == b.by);
  CHECK(a.conversion_stage == b.conversion_stage && a.conversion_stage_len == b.conversion_stage_len);
  CHECK(a.lookback_days == b.lookback_days && a.half_life_days == b.half_life_days);
  CHECK(a.account_attribute == b.account_attribute && a.account_attribute_len == b.account_attribute_len);
  CHECK(a.bootstrap == b.bootstrap && a.confidence == b.confidence && a.seed == b.seed && a.threads == b.threads);
  CHECK_STATUS(mf_attribution_options_init(&b, 0), MF_EINVAL);
  CHECK_STATUS(mf_attribution_options_init(NULL, 1), MF_EINVAL);
}

static void test_maven(void) {
  mf_mapping *m = NULL;
  mf_dataset *data = NULL;
  mf_attribution *result = NULL;
  mf_attribution_options opts = MF_ATTRIBUTION_OPTIONS_INIT;
  uint64_t uncredited = 0;
  double conversions = -1;
  mf_load_options load = MF_LOAD_OPTIONS_INIT;
  if (!maven_available()) return;
  m = maven_mapping();
  load.policy = MF_POLICY_SKIP;
  CHECK_OK(mf_dataset_load(&data, NULL, m, &load));
  opts.account_attribute = "account";
  opts.account_attribute_len = 7;
  CHECK_OK(mf_attribution_compute(&result, data, &opts));
  /* The export has no touches: its 4,238 wins are counted, credited to nothing. */
  CHECK_OK(mf_attribution_totals(result, &conversions, NULL, NULL, NULL, &uncredited));
  CHECK(conversions == 0);
  CHECK(uncredited == 4238);
  CHECK(mf_attribution_credit_count(result) == 0);
  mf_attribution_free(result);
  mf_dataset_free(data);
  mf_mapping_free(m);
}

int main(void) {
  test_markov();
  test_options_init();
  test_maven();
  return check_report();
}
