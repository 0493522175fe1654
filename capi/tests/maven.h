/* maven.h — the Maven CRM export for the C tests: its mapping with every
 * table pointed at ../shared/data/maven-crm (which may sit elsewhere than
 * the mapping's relative paths assume). Include after check.h. */
#ifndef MF_TEST_MAVEN_H
#define MF_TEST_MAVEN_H

#define MAVEN_DATA MF_SHARED_DIR "/data/maven-crm/"
#define MAVEN_MAPPING MF_SOURCE_DIR "/examples/maven-crm/mapping.json"

/* 1 when the shared data is here; else prints MF_SKIPPED (ctest reports the
 * test as skipped) and returns 0. */
static int maven_available(void) {
  FILE *probe = fopen(MAVEN_DATA "sales_pipeline.csv", "rb");
  if (probe == NULL) {
    printf("MF_SKIPPED: ../shared not found (%s)\n", MAVEN_DATA);
    return 0;
  }
  fclose(probe);
  return 1;
}

/* The example mapping with its three tables read from MAVEN_DATA; NULL
 * (and a failed check) when it cannot be made. */
static mf_mapping *maven_mapping(void) {
  static const char *files[][2] = {{"pipeline", "sales_pipeline.csv"},
                                   {"accounts", "accounts.csv"},
                                   {"teams", "sales_teams.csv"}};
  char path[4096];
  mf_mapping *m = NULL;
  size_t i;
  CHECK_OK(mf_mapping_load_file(&m, S(MAVEN_MAPPING)));
  for (i = 0; m != NULL && i < 3; ++i) {
    mf_mapping *moved = NULL;
    snprintf(path, sizeof path, "%s%s", MAVEN_DATA, files[i][1]);
    CHECK_OK(mf_mapping_with_file(&moved, m, files[i][0], strlen(files[i][0]), path,
                                  strlen(path)));
    mf_mapping_free(m);
    m = moved;
  }
  return m;
}

#endif
