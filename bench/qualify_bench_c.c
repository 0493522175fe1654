/* One record at a time through the C ABI, as a CRM's save hook calls it:
 * mf_qualify_record() and then the whole explanation read back (decision,
 * set, reason, track, re-check date, every criterion's id and value, the
 * criteria to ask next). Prints the fastest of 5 passes over N records, in
 * nanoseconds per record.
 *
 *   modelfunnel_qualify_bench_c [RULES] [N]     (RULES default: examples/qualify/bant.json) */
#define MF_EXPERIMENTAL
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "modelfunnel/modelfunnel.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  char *text;
  long n;
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) return NULL;
  text = malloc((size_t)n + 1);
  if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) return NULL;
  fclose(f);
  text[n] = '\0';
  *size = (size_t)n;
  return text;
}

int main(int argc, char **argv) {
  static const mf_qualify_field fields[] = {{"channel", 7, MF_ATTR_STRING},
                                            {"need_ok", 7, MF_ATTR_BOOL},
                                            {"budget_ok", 9, MF_ATTR_BOOL},
                                            {"authority_ok", 12, MF_ATTR_BOOL},
                                            {"timeline_days", 13, MF_ATTR_INT64}};
  static const char *channels[] = {"web", "outbound", "event", "referral", "paid_search"};
  const char *path = argc > 1 ? argv[1] : MF_SOURCE_DIR "/examples/qualify/bant.json";
  const size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 200000;
  size_t size = 0, i, k, pass;
  char *json = read_all(path, &size);
  mf_qualify_rules *rules = NULL;
  mf_qualify_decision *d = NULL;
  mf_value *rows;
  double best = 1e9;
  unsigned long long checksum = 0, seed = 42;

  if (json == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  if (mf_qualify_rules_parse_schema(&rules, json, size, fields, 5) != MF_OK || mf_qualify_decision_new(&d) != MF_OK) {
    mf_str e = mf_last_error();
    fprintf(stderr, "%.*s\n", (int)e.size, e.data);
    return 1;
  }
  rows = calloc(n * 5, sizeof(mf_value));
  for (i = 0; i < n; ++i) {
    mf_value *v = rows + i * 5;
    for (k = 0; k < 5; ++k) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      v[k].type = fields[k].type;
      v[k].present = (seed >> 60) != 0; /* a sixteenth missing */
      if (k == 0) {
        v[k].str.data = channels[(seed >> 33) % 5];
        v[k].str.size = strlen(v[k].str.data);
      } else if (k < 4) {
        v[k].i64 = (long long)((seed >> 40) & 1);
      } else {
        v[k].i64 = (long long)((seed >> 33) % 365);
      }
    }
  }
  for (pass = 0; pass < 5; ++pass) {
    double t0 = now_s(), per;
    for (i = 0; i < n; ++i) {
      int outcome, choice, has_recheck, bant, value;
      mf_str set, reason, track, id;
      int64_t recheck;
      size_t c, criteria, asks;
      if (mf_qualify_record(d, rules, rows + i * 5, 5, 0, 0.0, 1, 1735689600000000LL) != MF_OK) return 1;
      mf_qualify_decision_get(d, &outcome, &choice, &set, &reason, &track, &has_recheck, &recheck);
      criteria = mf_qualify_decision_criterion_count(d);
      for (c = 0; c < criteria; ++c) {
        mf_qualify_decision_criterion(d, c, &id, &bant, &value);
        checksum += (unsigned)value;
      }
      asks = mf_qualify_decision_ask_count(d);
      for (c = 0; c < asks; ++c) mf_qualify_decision_ask(d, c, &id, NULL);
      checksum += (unsigned)outcome + reason.size + asks;
    }
    per = (now_s() - t0) / (double)n * 1e9;
    if (per < best) best = per;
  }
  printf("records=%zu ns_per_record=%.0f checksum=%llu\n", n, best, checksum);
  mf_qualify_decision_free(d);
  mf_qualify_rules_free(rules);
  free(rows);
  free(json);
  return 0;
}
