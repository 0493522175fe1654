/* test_options.c — versioned options structs: the static initialisers and
 * the init functions agree byte for byte, known versions are accepted and
 * unknown ones refused, wherever an options struct goes in. */
#include "check.h"

static void test_load_options(void) {
  /* Static, so that its trailing padding (after `threads`) is zero, as the
   * library's copy of the defaults is: memcmp compares padding too. */
  static const mf_load_options from_macro = MF_LOAD_OPTIONS_INIT;
  mf_load_options from_function;
  mf_load_options untouched;

  memset(&from_function, 0xab, sizeof from_function);
  CHECK_OK(mf_load_options_init(&from_function, MF_LOAD_OPTIONS_VERSION));
  CHECK(memcmp(&from_macro, &from_function, sizeof from_macro) == 0);
  CHECK(from_function.version == MF_LOAD_OPTIONS_VERSION);
  CHECK(from_function.policy == MF_POLICY_STRICT);
  CHECK(from_function.rejects_path == NULL && from_function.progress == NULL);
  CHECK(from_function.threads == 0);

  /* Every version up to this header's is accepted; version 1 ends before
   * threads, which it leaves alone. */
  from_function.threads = 7;
  CHECK_OK(mf_load_options_init(&from_function, 1));
  CHECK(from_function.version == 1 && from_function.policy == MF_POLICY_STRICT);
  CHECK(from_function.threads == 7);
  CHECK_OK(mf_load_options_init(&from_function, 2));
  CHECK(memcmp(&from_macro, &from_function, sizeof from_macro) == 0);

  /* Unknown versions are refused and the struct is left alone. */
  memset(&untouched, 0x5a, sizeof untouched);
  CHECK_STATUS(mf_load_options_init(&untouched, 0), MF_EINVAL);
  CHECK_ERROR_HAS("mf_load_options version 0");
  CHECK_STATUS(mf_load_options_init(&untouched, MF_LOAD_OPTIONS_VERSION + 1), MF_EINVAL);
  CHECK(((const unsigned char *)&untouched)[0] == 0x5a);
  CHECK_STATUS(mf_load_options_init(NULL, MF_LOAD_OPTIONS_VERSION), MF_EINVAL);
}

static void test_generate_options(void) {
  mf_generate_options from_macro = MF_GENERATE_OPTIONS_INIT;
  mf_generate_options from_function;

  memset(&from_function, 0xab, sizeof from_function);
  CHECK_OK(mf_generate_options_init(&from_function, MF_GENERATE_OPTIONS_VERSION));
  CHECK(memcmp(&from_macro, &from_function, sizeof from_macro) == 0);
  CHECK(from_function.leads == 10000 && from_function.seed == 42);
  CHECK(from_function.span_days == 731);
  CHECK(from_function.start == INT64_C(1704067200000000));
  CHECK(from_function.accounts == 0);
  /* Version 1 ends before accounts, which it leaves alone. */
  from_function.accounts = 7;
  CHECK_OK(mf_generate_options_init(&from_function, 1));
  CHECK(from_function.version == 1 && from_function.leads == 10000);
  CHECK(from_function.accounts == 7);
  CHECK_OK(mf_generate_options_init(&from_function, 2));
  CHECK(memcmp(&from_macro, &from_function, sizeof from_macro) == 0);

  CHECK_STATUS(mf_generate_options_init(&from_function, 0), MF_EINVAL);
  CHECK_STATUS(mf_generate_options_init(&from_function, 99), MF_EINVAL);
  CHECK_ERROR_HAS("mf_generate_options version 99");
  CHECK_STATUS(mf_generate_options_init(NULL, 1), MF_EINVAL);
}

static int file_exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return 0;
  fclose(f);
  return 1;
}

/* Version 2's accounts write the tiering files; a version 1 struct is read
 * only to its end, so whatever follows it is never taken for accounts. */
static void test_generate_accounts(void) {
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  const char *v2 = test_path("gen_accounts_v2");
  const char *v1;
  /* Room for test_path()'s 4096 bytes and the file name: a release build's
   * -Wformat-truncation (an error under -Werror) proves the bound. */
  char v2_accounts[4096 + 16];
  char v1_accounts[4096 + 16];

  gen.leads = 20;
  gen.accounts = 40;
  snprintf(v2_accounts, sizeof v2_accounts, "%s/accounts.csv", v2);
  CHECK_OK(mf_generate_csv(&gen, v2, strlen(v2)));
  CHECK(file_exists(v2_accounts));

  v1 = test_path("gen_accounts_v1");
  snprintf(v1_accounts, sizeof v1_accounts, "%s/accounts.csv", v1);
  gen.version = 1;
  CHECK_OK(mf_generate_csv(&gen, v1, strlen(v1)));
  CHECK(!file_exists(v1_accounts));

  gen.version = 2;
  gen.accounts = UINT64_C(100000001);
  CHECK_STATUS(mf_generate_csv(&gen, v1, strlen(v1)), MF_EINVAL);
  CHECK_ERROR_HAS("accounts must be at most");
}

/* Options reach the C++ layer only through a version check. */
static void test_options_in_use(void) {
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_load_options load = MF_LOAD_OPTIONS_INIT;
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_mapping *mapping = NULL;
  const char *dir = test_path("");

  gen.leads = 50;
  CHECK_OK(mf_generate_csv(&gen, dir, strlen(dir)));
  CHECK_OK(mf_mapping_canonical(&mapping, dir, strlen(dir)));

  load.version = 99;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  CHECK_ERROR_HAS("mf_load_options version 99");
  load.version = 0;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  load.version = MF_LOAD_OPTIONS_VERSION;
  load.policy = 2;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  CHECK_ERROR_HAS("error policy 2");
  load.policy = -1;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  load.policy = MF_POLICY_SKIP;
  load.rejects_path = "\xff";
  load.rejects_path_len = 1;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  load.rejects_path = NULL;
  load.rejects_path_len = 4;
  CHECK_STATUS(mf_dataset_load(&data, &report, mapping, &load), MF_EINVAL);
  CHECK(data == NULL && report == NULL);
  /* NULL options mean the defaults. */
  CHECK_OK(mf_dataset_load(&data, NULL, mapping, NULL));
  CHECK(mf_dataset_record_count(data) == 50);
  mf_dataset_free(data);
  data = NULL;
  /* Any thread count is the library's to use; a version 1 struct ends
   * before threads, so whatever lies there is not read. */
  load.policy = MF_POLICY_STRICT;
  load.rejects_path_len = 0;
  load.threads = 3;
  CHECK_OK(mf_dataset_load(&data, NULL, mapping, &load));
  CHECK(mf_dataset_record_count(data) == 50);
  mf_dataset_free(data);
  data = NULL;
  load.version = 1;
  load.threads = 0xdeadbeefu;
  CHECK_OK(mf_dataset_load(&data, NULL, mapping, &load));
  mf_dataset_free(data);
  data = NULL;
  load.version = MF_LOAD_OPTIONS_VERSION;
  load.threads = 0;

  gen.version = MF_GENERATE_OPTIONS_VERSION + 1;
  CHECK_STATUS(mf_dataset_generate(&data, &gen), MF_EINVAL);
  CHECK_STATUS(mf_generate_csv(&gen, dir, strlen(dir)), MF_EINVAL);
  gen.version = MF_GENERATE_OPTIONS_VERSION;
  gen.leads = 0;
  CHECK_STATUS(mf_dataset_generate(&data, &gen), MF_EINVAL);
  gen.leads = 10;
  gen.span_days = 0;
  CHECK_STATUS(mf_dataset_generate(&data, &gen), MF_EINVAL);
  gen.span_days = 1;
  gen.start = INT64_C(-70000000000000000); /* before the year 0001 */
  CHECK_STATUS(mf_dataset_generate(&data, &gen), MF_EINVAL);
  CHECK(data == NULL);
  gen.start = 0;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK(mf_dataset_record_count(data) == 10);
  mf_dataset_free(data);
  data = NULL;

  /* NULL options: the documented defaults (10,000 leads). */
  CHECK_OK(mf_dataset_generate(&data, NULL));
  CHECK(mf_dataset_record_count(data) == 10000);
  mf_dataset_free(data);

  /* mf_generate_csv's own arguments. */
  CHECK_STATUS(mf_generate_csv(&gen, NULL, 0), MF_EINVAL);
  CHECK_ERROR_HAS("dir is empty");
  CHECK_STATUS(mf_generate_csv(&gen, S("\xff")), MF_EINVAL);
  {
    int status = mf_generate_csv(&gen, S("/proc/modelfunnel-cannot-write-here"));
    CHECK(status == MF_EIO || status == MF_ENOTFOUND);
    CHECK_ERROR_HAS("/proc/modelfunnel-cannot-write-here");
  }
  mf_mapping_free(mapping);
}

int main(void) {
  test_load_options();
  test_generate_options();
  test_generate_accounts();
  test_options_in_use();
  return check_report();
}
