/* check.h — a tiny assertion kit for the C API tests (C99).
 *
 * Checks print what failed and carry on; main() ends with
 * `return check_report();`, which fails the test if any check failed.
 *
 *   CHECK_OK(mf_graph_the_model(&g));
 *   CHECK_STATUS(mf_graph_stage(g, 99, NULL, NULL, NULL), MF_ERANGE);
 *   CHECK_ERROR_HAS("out of range");        (in mf_last_error())
 *   CHECK_STR(id, "lead");                  (an mf_str, NUL terminator included)
 *
 * Every status check also checks the error contract: a failure sets
 * mf_last_error_code() to the returned code and leaves a non-empty message. */
#ifndef MF_TEST_CHECK_H
#define MF_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelfunnel/modelfunnel.h"

static int check_failures = 0;
static int check_count = 0;

static inline void check_fail_at(const char *file, int line) {
  ++check_failures;
  fprintf(stderr, "%s:%d: FAILED: ", file, line);
}

static inline void check_true(int ok, const char *expr, const char *file, int line) {
  ++check_count;
  if (!ok) {
    check_fail_at(file, line);
    fprintf(stderr, "%s\n", expr);
  }
}

static inline void check_status(int got, int want, const char *expr, const char *file,
                                int line) {
  mf_str e;
  ++check_count;
  if (got != want) {
    e = mf_last_error();
    check_fail_at(file, line);
    fprintf(stderr, "%s\n  returned %d (%s), expected %d (%s)\n  last error: %.*s\n", expr,
            got, mf_strerror(got), want, mf_strerror(want), (int)e.size, e.data);
    return;
  }
  if (want != MF_OK) {
    e = mf_last_error();
    if ((int)mf_last_error_code() != want || e.size == 0 || e.data[e.size] != '\0') {
      check_fail_at(file, line);
      fprintf(stderr, "%s\n  last error not recorded: code %d, message '%.*s'\n", expr,
              (int)mf_last_error_code(), (int)e.size, e.data);
    }
  }
}

static inline void check_str(mf_str got, const char *want, const char *expr, const char *file,
                             int line) {
  ++check_count;
  if (got.data == NULL || got.size != strlen(want) || memcmp(got.data, want, got.size) != 0 ||
      got.data[got.size] != '\0') {
    check_fail_at(file, line);
    fprintf(stderr, "%s is '%.*s', expected '%s'\n", expr, got.data ? (int)got.size : 0,
            got.data ? got.data : "", want);
  }
}

/* True when the view contains @p needle. */
static inline int str_has(mf_str s, const char *needle) {
  size_t n = strlen(needle), i;
  if (n == 0) return 1;
  for (i = 0; i + n <= s.size; ++i) {
    if (memcmp(s.data + i, needle, n) == 0) return 1;
  }
  return 0;
}

static inline void check_error_has(const char *needle, const char *file, int line) {
  mf_str e = mf_last_error();
  ++check_count;
  if (!str_has(e, needle)) {
    check_fail_at(file, line);
    fprintf(stderr, "last error '%.*s' lacks '%s'\n", (int)e.size, e.data, needle);
  }
}

#define CHECK(cond) check_true((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_STATUS(expr, want) check_status((expr), (want), #expr, __FILE__, __LINE__)
#define CHECK_OK(expr) CHECK_STATUS(expr, MF_OK)
#define CHECK_STR(view, want) check_str((view), (want), #view, __FILE__, __LINE__)
#define CHECK_ERROR_HAS(needle) check_error_has((needle), __FILE__, __LINE__)

/* A string literal as the (pointer, length) pair the API takes. */
#define S(lit) (lit), (sizeof(lit) - 1)

/* MF_TEST_DIR "/" name, in a static buffer (one path at a time). */
static inline const char *test_path(const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", MF_TEST_DIR, name);
  return buf;
}

/* Writes @p text to @p path; aborts the test if it cannot. */
static inline void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* The whole file at @p path, NUL-terminated (free() it), or NULL. */
static inline char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = (char *)malloc((size_t)size + 1);
    if (text != NULL) text[fread(text, 1, (size_t)size, f)] = '\0';
  }
  fclose(f);
  return text;
}

/* Prints a summary; the exit status of the test. */
static inline int check_report(void) {
  if (check_failures != 0) {
    fprintf(stderr, "%d of %d checks failed\n", check_failures, check_count);
    return 1;
  }
  printf("all %d checks passed\n", check_count);
  return 0;
}

#endif /* MF_TEST_CHECK_H */
