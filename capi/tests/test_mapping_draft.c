/* test_mapping_draft.c — the experimental mapping draft from C: a draft of
 * two small files, the options struct, and every error path. */
#define MF_EXPERIMENTAL
#include "check.h"

static int contains(mf_str s, const char *part) {
  size_t n = strlen(part), i;
  for (i = 0; i + n <= s.size; ++i) {
    if (memcmp(s.data + i, part, n) == 0) return 1;
  }
  return 0;
}

int main(void) {
  const char *leads = MF_TEST_DIR "/leads.csv";
  const char *events = MF_TEST_DIR "/events.csv";
  const char *empty = MF_TEST_DIR "/empty.csv";
  mf_str files[2];
  mf_str bad[1];
  mf_text *draft = NULL;
  mf_mapping_draft_options opts;
  mf_str text;

  write_file(leads, "lead_id,created_at,channel\nL1,2024-03-01,web\nL2,2024-03-02,event\n");
  write_file(events, "lead_id,stage,ts\nL1,lead,2024-03-01\nL1,mql,03/04/2024\nL2,lead,2024-03-02\n");
  write_file(empty, "");
  files[0].data = leads;
  files[0].size = strlen(leads);
  files[1].data = events;
  files[1].size = strlen(events);

  /* Defaults (NULL options): a records and an events table. */
  CHECK_OK(mf_mapping_draft(&draft, files, 2, NULL));
  text = mf_text_view(draft);
  CHECK(text.data[text.size] == '\0');
  CHECK(contains(text, "\"kind\": \"records\""));
  CHECK(contains(text, "\"kind\": \"events\""));
  CHECK(contains(text, "\"record\": \"lead_id\""));
  mf_text_free(draft);
  draft = NULL;

  /* Options: one row read per file, paths relative to MF_TEST_DIR. */
  CHECK_OK(mf_mapping_draft_options_init(&opts, MF_MAPPING_DRAFT_OPTIONS_VERSION));
  CHECK(opts.max_rows == 1000);
  CHECK(opts.max_bytes == 1048576);
  opts.max_rows = 1;
  opts.base_dir = MF_TEST_DIR;
  opts.base_dir_len = strlen(MF_TEST_DIR);
  CHECK_OK(mf_mapping_draft(&draft, files, 2, &opts));
  text = mf_text_view(draft);
  CHECK(contains(text, "\"file\": \"leads.csv\""));
  CHECK(contains(text, "1 row read"));
  mf_text_free(draft);
  draft = NULL;

  /* Errors: nothing is written to out. */
  CHECK_STATUS(mf_mapping_draft(NULL, files, 2, NULL), MF_EINVAL);
  CHECK_STATUS(mf_mapping_draft(&draft, NULL, 2, NULL), MF_EINVAL);
  CHECK_STATUS(mf_mapping_draft(&draft, files, 0, NULL), MF_EINVAL);
  CHECK(draft == NULL);
  opts.max_rows = 0;
  CHECK_STATUS(mf_mapping_draft(&draft, files, 2, &opts), MF_EINVAL);
  opts.max_rows = 10;
  opts.version = 99;
  CHECK_STATUS(mf_mapping_draft(&draft, files, 2, &opts), MF_EINVAL);
  CHECK_STATUS(mf_mapping_draft_options_init(&opts, 0), MF_EINVAL);
  CHECK_STATUS(mf_mapping_draft_options_init(NULL, 1), MF_EINVAL);
  bad[0].data = MF_TEST_DIR "/missing.csv";
  bad[0].size = strlen(bad[0].data);
  CHECK_STATUS(mf_mapping_draft(&draft, bad, 1, NULL), MF_ENOTFOUND);
  bad[0].data = empty;
  bad[0].size = strlen(empty);
  CHECK_STATUS(mf_mapping_draft(&draft, bad, 1, NULL), MF_EDATA);
  CHECK_ERROR_HAS("empty file");
  bad[0].data = "\xff\xfe";
  bad[0].size = 2;
  CHECK_STATUS(mf_mapping_draft(&draft, bad, 1, NULL), MF_EINVAL);
  bad[0].data = NULL;
  bad[0].size = 3;
  CHECK_STATUS(mf_mapping_draft(&draft, bad, 1, NULL), MF_EINVAL);
  CHECK(draft == NULL);
  return check_report();
}
