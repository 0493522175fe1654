/* test_errors.c — the error contract, versions, mf_text and NULL handling
 * that every area shares. Also built against the static library. */
#include <stdio.h>

#include "check.h"

static void test_versions(void) {
  char expected[32];
  CHECK(mf_version() == MF_VERSION_NUMBER);
  CHECK(mf_abi_version() == MF_ABI_VERSION);
  CHECK(MF_VERSION_NUMBER == MF_VERSION_MAJOR * 10000 + MF_VERSION_MINOR * 100 + MF_VERSION_PATCH);
  snprintf(expected, sizeof expected, "%d.%d.%d", MF_VERSION_MAJOR, MF_VERSION_MINOR,
           MF_VERSION_PATCH);
  CHECK(strcmp(expected, MF_VERSION_STRING) == 0);
}

static void test_strerror(void) {
  /* Codes are frozen: their values are part of the ABI. */
  CHECK(MF_OK == 0 && MF_EINVAL == -1 && MF_ERANGE == -2 && MF_ENOTFOUND == -3);
  CHECK(MF_EEXISTS == -4 && MF_EDATA == -5 && MF_EIO == -6 && MF_ENOMEM == -7);
  CHECK(MF_EINTERNAL == -99);
  CHECK(strncmp(mf_strerror(MF_OK), "MF_OK", 5) == 0);
  CHECK(strncmp(mf_strerror(MF_EINVAL), "MF_EINVAL", 9) == 0);
  CHECK(strncmp(mf_strerror(MF_ERANGE), "MF_ERANGE", 9) == 0);
  CHECK(strncmp(mf_strerror(MF_ENOTFOUND), "MF_ENOTFOUND", 12) == 0);
  CHECK(strncmp(mf_strerror(MF_EEXISTS), "MF_EEXISTS", 10) == 0);
  CHECK(strcmp(mf_strerror(MF_EDATA), "MF_EDATA: bad input data") == 0);
  CHECK(strncmp(mf_strerror(MF_EIO), "MF_EIO", 6) == 0);
  CHECK(strncmp(mf_strerror(MF_ENOMEM), "MF_ENOMEM", 9) == 0);
  CHECK(strncmp(mf_strerror(MF_EINTERNAL), "MF_EINTERNAL", 12) == 0);
  CHECK(strcmp(mf_strerror(-8), "unknown status") == 0);
  CHECK(strcmp(mf_strerror(1), "unknown status") == 0);
}

static void test_last_error(void) {
  mf_graph *g = NULL;
  mf_str e;
  size_t index = 7;

  /* Nothing has failed on this thread yet. */
  e = mf_last_error();
  CHECK(e.data != NULL && e.size == 0 && e.data[0] == '\0');
  CHECK(mf_last_error_code() == MF_OK);

  /* A failure names the function and the argument, and leaves outputs alone. */
  CHECK_STATUS(mf_graph_the_model(NULL), MF_EINVAL);
  CHECK_ERROR_HAS("mf_graph_the_model");
  CHECK_ERROR_HAS("out is NULL");

  CHECK_OK(mf_graph_the_model(&g));
  CHECK_STATUS(mf_graph_find_stage(g, S("nope"), &index), MF_ENOTFOUND);
  CHECK_ERROR_HAS("nope");
  CHECK(index == 7);

  /* The last failure stays readable across successful calls. */
  CHECK_OK(mf_graph_find_stage(g, S("lead"), &index));
  CHECK(mf_last_error_code() == MF_ENOTFOUND);
  CHECK_ERROR_HAS("nope");

  /* A newer failure replaces it. */
  CHECK_STATUS(mf_graph_stage(g, 1000, NULL, NULL, NULL), MF_ERANGE);
  CHECK_ERROR_HAS("1000");
  CHECK(mf_last_error_code() == MF_ERANGE);
  mf_graph_free(g);
}

static void test_strings_in(void) {
  mf_graph *g = (mf_graph *)0;
  mf_mapping *m = NULL;

  /* NULL with a length, invalid UTF-8, truncated and overlong sequences. */
  CHECK_STATUS(mf_graph_from_json(&g, NULL, 3), MF_EINVAL);
  CHECK_ERROR_HAS("json is NULL");
  CHECK_STATUS(mf_graph_from_json(&g, S("\xff")), MF_EINVAL);
  CHECK_ERROR_HAS("UTF-8");
  CHECK_STATUS(mf_graph_from_json(&g, S("{\"a\":\"\xc3\"}")), MF_EINVAL);
  CHECK_STATUS(mf_graph_from_json(&g, S("\xc0\xaf")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_load_file(&m, S("\xed\xa0\x80.json")), MF_EINVAL);
  CHECK(g == NULL && m == NULL);

  /* NULL with length 0 is an empty string: here, empty JSON, bad data. */
  CHECK_STATUS(mf_graph_from_json(&g, NULL, 0), MF_EDATA);
  CHECK(g == NULL);
}

static void test_text(void) {
  mf_graph *g = NULL;
  mf_text *t = NULL;
  mf_str v = mf_text_view(NULL);
  CHECK(v.data != NULL && v.size == 0);
  mf_text_free(NULL);

  CHECK_OK(mf_graph_the_model(&g));
  CHECK_OK(mf_graph_to_json(&t, g));
  v = mf_text_view(t);
  CHECK(v.size > 0 && v.data[v.size] == '\0' && v.data[0] == '{');
  mf_text_free(t);
  mf_graph_free(g);
}

/* Every free accepts NULL; every count is 0 for NULL. */
static void test_null_handles(void) {
  mf_graph_free(NULL);
  mf_graph_builder_free(NULL);
  mf_mapping_free(NULL);
  mf_load_report_free(NULL);
  mf_dataset_free(NULL);
  mf_dataset_builder_free(NULL);
  mf_summary_free(NULL);

  CHECK(mf_graph_stage_count(NULL) == 0);
  CHECK(mf_graph_stage_team_count(NULL, 0) == 0);
  CHECK(mf_graph_transition_count(NULL) == 0);
  CHECK(mf_graph_team_count(NULL) == 0);
  CHECK(mf_graph_main_path_length(NULL) == 0);
  CHECK(mf_mapping_table_count(NULL) == 0);
  CHECK(mf_load_report_file_count(NULL) == 0);
  CHECK(mf_load_report_rejected_count(NULL) == 0);
  CHECK(mf_dataset_record_count(NULL) == 0);
  CHECK(mf_dataset_stage_count(NULL) == 0);
  CHECK(mf_dataset_event_count(NULL) == 0);
  CHECK(mf_dataset_attribute_count(NULL) == 0);
  CHECK(mf_summary_stage_count(NULL) == 0);
  CHECK(mf_summary_team_count(NULL) == 0);
  CHECK(mf_summary_unknown_stage_count(NULL) == 0);
}

int main(void) {
  test_last_error(); /* first: it checks the state before any failure */
  test_versions();
  test_strerror();
  test_strings_in();
  test_text();
  test_null_handles();
  return check_report();
}
