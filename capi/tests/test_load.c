/* test_load.c — mappings, mf_dataset_load() under both error policies, and
 * the load report, on small CSV/JSON fixtures written to the scratch dir. */
#include "check.h"

#define LEADS 20

static unsigned progress_calls = 0;
static int progress_ok = 1;

static void on_progress(void *user, uint64_t done, uint64_t total) {
  ++progress_calls;
  if (user != &progress_calls || done > total) progress_ok = 0;
}

/* The number of lines in the file at @p path. */
static int line_count(const char *path) {
  char *text = read_file(path);
  int lines = 0;
  const char *p;
  if (text == NULL) return -1;
  for (p = text; *p; ++p) lines += *p == '\n';
  free(text);
  return lines;
}

/* Copies events.csv to events_bad.csv plus a row with a bad timestamp;
 * returns that row's line number. */
static int write_bad_events(void) {
  char *text = read_file(test_path("events.csv"));
  char row[128];
  const char *id, *comma;
  size_t size;
  int line;
  if (text == NULL) return -1;
  id = strchr(text, '\n') + 1; /* the first data row's lead id */
  comma = strchr(id, ',');
  snprintf(row, sizeof row, "%.*s,sql,next tuesday,,\n", (int)(comma - id), id);
  size = strlen(text) + strlen(row) + 1;
  text = (char *)realloc(text, size);
  strcat(text, row);
  write_file(test_path("events_bad.csv"), text);
  free(text);
  line = line_count(test_path("events_bad.csv"));
  return line;
}

static void test_mapping(mf_mapping *m) {
  mf_mapping *copy = NULL, *none = NULL;
  mf_text *json = NULL;
  mf_str name, file, v;
  const char *dir = test_path("");

  CHECK(mf_mapping_table_count(m) == 2);
  CHECK_OK(mf_mapping_table(m, 0, &name, &file));
  CHECK_STR(name, "leads");
  CHECK(str_has(file, "leads.csv") && file.data[file.size] == '\0');
  CHECK_OK(mf_mapping_table(m, 1, &name, NULL));
  CHECK_STR(name, "events");
  CHECK_OK(mf_mapping_table(m, 1, NULL, NULL));
  CHECK_STATUS(mf_mapping_table(m, 2, &name, &file), MF_ERANGE);
  CHECK_STATUS(mf_mapping_table(NULL, 0, &name, &file), MF_EINVAL);

  CHECK_OK(mf_mapping_graph_file(m, &file));
  CHECK_STR(file, ""); /* the canonical layout names no graph */
  CHECK_STATUS(mf_mapping_graph_file(m, NULL), MF_EINVAL);
  CHECK_STATUS(mf_mapping_graph_file(NULL, &file), MF_EINVAL);

  /* JSON round trip, through a string and through a file. */
  CHECK_OK(mf_mapping_to_json(&json, m));
  v = mf_text_view(json);
  CHECK(str_has(v, "\"tables\"") && str_has(v, "events.csv"));
  CHECK_OK(mf_mapping_from_json(&copy, v.data, v.size, dir, strlen(dir)));
  CHECK(mf_mapping_table_count(copy) == 2);
  mf_mapping_free(copy);
  copy = NULL;
  write_file(test_path("mapping.json"), v.data);
  {
    const char *path = test_path("mapping.json");
    CHECK_OK(mf_mapping_load_file(&copy, path, strlen(path)));
    CHECK(mf_mapping_table_count(copy) == 2);
  }
  CHECK_STATUS(mf_mapping_to_json(NULL, m), MF_EINVAL);
  CHECK_STATUS(mf_mapping_to_json(&json, NULL), MF_EINVAL);
  mf_text_free(json);
  mf_mapping_free(copy);

  /* Bad mappings: syntax, schema (with the JSON path), files. */
  CHECK_STATUS(mf_mapping_from_json(&none, S("{\"tables\": ["), NULL, 0), MF_EDATA);
  CHECK_STATUS(mf_mapping_from_json(&none,
                                    S("{\"version\": 1, \"tables\": [{\"name\": \"t\", "
                                      "\"kind\": \"records\", \"file\": \"t.csv\", \"id\": 7}]}"),
                                    NULL, 0),
               MF_EDATA);
  CHECK_ERROR_HAS("$.tables[0].id");
  CHECK_STATUS(mf_mapping_from_json(&none, S("{\"version\": 1, \"tables\": [{\"kind\": \"bogus\"}]}"),
                                    NULL, 0),
               MF_EDATA);
  CHECK_ERROR_HAS("$.tables[0].kind");
  CHECK_STATUS(mf_mapping_from_json(&none, S("\xff"), NULL, 0), MF_EINVAL);
  CHECK_STATUS(mf_mapping_from_json(&none, S("{}"), S("\xff")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_from_json(NULL, S("{}"), NULL, 0), MF_EINVAL);
  write_file(test_path("bad_mapping.json"), "{\"version\": 1, \"tables\": 3}");
  {
    const char *path = test_path("bad_mapping.json");
    CHECK_STATUS(mf_mapping_load_file(&none, path, strlen(path)), MF_EDATA);
    CHECK_ERROR_HAS("$.tables");
    path = test_path("no_such_mapping.json");
    CHECK_STATUS(mf_mapping_load_file(&none, path, strlen(path)), MF_ENOTFOUND);
    CHECK_ERROR_HAS("no_such_mapping.json");
  }
  CHECK_STATUS(mf_mapping_load_file(NULL, S("x.json")), MF_EINVAL);
  CHECK(none == NULL);

  /* with_file: a copy reading another file; unknown tables refused. */
  CHECK_OK(mf_mapping_with_file(&copy, m, S("events"), S("/elsewhere/e.csv")));
  CHECK_OK(mf_mapping_table(copy, 1, NULL, &file));
  CHECK_STR(file, "/elsewhere/e.csv");
  CHECK_OK(mf_mapping_table(m, 1, NULL, &file));
  CHECK(str_has(file, "events.csv")); /* the original is unchanged */
  mf_mapping_free(copy);
  CHECK_STATUS(mf_mapping_with_file(&none, m, S("deals"), S("d.csv")), MF_ENOTFOUND);
  CHECK_ERROR_HAS("deals");
  CHECK_STATUS(mf_mapping_with_file(&none, m, S("\xff"), S("d.csv")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_with_file(&none, m, S("events"), S("\xff")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_with_file(&none, NULL, S("events"), S("d.csv")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_with_file(NULL, m, S("events"), S("d.csv")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_canonical(NULL, S("x")), MF_EINVAL);
  CHECK_STATUS(mf_mapping_canonical(&none, S("\xff")), MF_EINVAL);
  CHECK(none == NULL);
}

static void test_strict(const mf_mapping *m, const mf_mapping *bad, int bad_line) {
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_load_options opts = MF_LOAD_OPTIONS_INIT;
  mf_str table, file;
  uint64_t bytes, rows, rejected, unmatched, empty;
  char where[64];

  opts.progress = on_progress;
  opts.progress_user = &progress_calls;
  CHECK_OK(mf_dataset_load(&data, &report, m, &opts));
  CHECK(mf_dataset_record_count(data) == LEADS);
  CHECK(mf_dataset_attribute_count(data) == 11);
  CHECK(progress_calls > 0 && progress_ok);

  CHECK(mf_load_report_file_count(report) == 2);
  CHECK_OK(mf_load_report_file(report, 1, &table, &file, &bytes, &rows, &rejected, &unmatched,
                               &empty));
  CHECK_STR(table, "events");
  CHECK(str_has(file, "events.csv"));
  CHECK(bytes > 0 && rows == mf_dataset_event_count(data) && rejected == 0);
  CHECK(unmatched == 0 && empty == 0);
  CHECK_OK(mf_load_report_file(report, 0, NULL, NULL, NULL, &rows, NULL, NULL, NULL));
  CHECK(rows == LEADS);
  CHECK_STATUS(mf_load_report_file(report, 2, &table, NULL, NULL, NULL, NULL, NULL, NULL),
               MF_ERANGE);
  CHECK_STATUS(mf_load_report_file(NULL, 0, &table, NULL, NULL, NULL, NULL, NULL, NULL),
               MF_EINVAL);
  CHECK(mf_load_report_rejected_count(report) == 0);
  CHECK_STATUS(mf_load_report_rejected(report, 0, &file, NULL, NULL, NULL, NULL, NULL),
               MF_ERANGE);
  CHECK_STATUS(mf_load_report_rejected(NULL, 0, &file, NULL, NULL, NULL, NULL, NULL), MF_EINVAL);
  mf_load_report_free(report);
  mf_dataset_free(data);
  data = NULL;
  report = NULL;

  /* A bad row fails the whole load: file:line:column, nothing created. */
  CHECK_STATUS(mf_dataset_load(&data, &report, bad, NULL), MF_EDATA);
  snprintf(where, sizeof where, "events_bad.csv:%d:3:", bad_line);
  CHECK_ERROR_HAS(where);
  CHECK_ERROR_HAS("ts");
  CHECK(data == NULL && report == NULL);

  /* Argument and file errors. */
  CHECK_STATUS(mf_dataset_load(NULL, &report, m, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_load(&data, &report, NULL, NULL), MF_EINVAL);
  {
    mf_mapping *missing = NULL;
    CHECK_OK(mf_mapping_with_file(&missing, m, S("events"), S("/nonexistent/events.csv")));
    CHECK_STATUS(mf_dataset_load(&data, &report, missing, NULL), MF_ENOTFOUND);
    CHECK_ERROR_HAS("/nonexistent/events.csv");
    mf_mapping_free(missing);
  }
  CHECK(data == NULL && report == NULL);
}

static void test_skip(const mf_mapping *bad, int bad_line) {
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_load_options opts;
  mf_str file, field, rule, message;
  int64_t line, column;
  uint64_t rejected;
  char *rejects;

  CHECK_OK(mf_load_options_init(&opts, MF_LOAD_OPTIONS_VERSION));
  opts.policy = MF_POLICY_SKIP;
  opts.rejects_path = test_path("rejects.csv");
  opts.rejects_path_len = strlen(opts.rejects_path);
  CHECK_OK(mf_dataset_load(&data, &report, bad, &opts));
  CHECK(mf_dataset_record_count(data) == LEADS);

  CHECK(mf_load_report_rejected_count(report) == 1);
  CHECK_OK(mf_load_report_rejected(report, 0, &file, &line, &column, &field, &rule, &message));
  CHECK(str_has(file, "events_bad.csv") && file.data[file.size] == '\0');
  CHECK(line == bad_line && column == 3);
  CHECK_STR(field, "ts");
  CHECK(rule.size > 0 && rule.data[rule.size] == '\0');
  CHECK(message.size > 0 && message.data[message.size] == '\0');
  CHECK_OK(mf_load_report_rejected(report, 0, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK_OK(mf_load_report_file(report, 1, NULL, NULL, NULL, NULL, &rejected, NULL, NULL));
  CHECK(rejected == 1);

  rejects = read_file(test_path("rejects.csv"));
  CHECK(rejects != NULL && strstr(rejects, "next tuesday") != NULL);
  free(rejects);

  /* The report is optional. */
  mf_dataset_free(data);
  data = NULL;
  opts.rejects_path = NULL;
  opts.rejects_path_len = 0;
  CHECK_OK(mf_dataset_load(&data, NULL, bad, &opts));
  CHECK(mf_dataset_record_count(data) == LEADS);
  mf_dataset_free(data);
  mf_load_report_free(report);
}

int main(void) {
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_mapping *m = NULL, *bad = NULL;
  const char *dir = test_path("");
  int bad_line;

  gen.leads = LEADS;
  CHECK_OK(mf_generate_csv(&gen, dir, strlen(dir)));
  CHECK_OK(mf_mapping_canonical(&m, dir, strlen(dir)));
  bad_line = write_bad_events();
  CHECK(bad_line > 1);
  {
    const char *path = test_path("events_bad.csv");
    CHECK_OK(mf_mapping_with_file(&bad, m, S("events"), path, strlen(path)));
  }
  if (m != NULL && bad != NULL) {
    test_mapping(m);
    test_strict(m, bad, bad_line);
    test_skip(bad, bad_line);
  }
  mf_mapping_free(bad);
  mf_mapping_free(m);
  return check_report();
}
