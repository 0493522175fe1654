/* test_graph.c — mf_graph and mf_graph_builder: creating, reading, errors. */
#include "check.h"

/* The index of stage @p id in @p g (fails the test when absent). */
static size_t stage_index(const mf_graph *g, const char *id) {
  size_t index = (size_t)-1;
  CHECK_OK(mf_graph_find_stage(g, id, strlen(id), &index));
  return index;
}

static void test_the_model(void) {
  static const char *const main_path[] = {"lead",     "mql",         "sql",       "opportunity",
                                          "proposal", "negotiation", "closed_won"};
  mf_graph *g = NULL;
  mf_str id, name, team;
  size_t i, n, index, from, to;
  int kind, has_p, category, flag, found_handoff = 0;
  double p;

  CHECK_OK(mf_graph_the_model(&g));
  CHECK(g != NULL);
  n = mf_graph_stage_count(g);
  CHECK(n >= 9);

  CHECK_OK(mf_graph_entry_stage(g, &index));
  CHECK_OK(mf_graph_stage(g, index, &id, &name, &kind));
  CHECK_STR(id, "lead");
  CHECK(name.size > 0 && name.data[name.size] == '\0');
  CHECK(kind == MF_STAGE_OPEN);

  CHECK(mf_graph_main_path_length(g) == 7);
  for (i = 0; i < 7; ++i) {
    CHECK_OK(mf_graph_main_path_stage(g, i, &index));
    CHECK_OK(mf_graph_stage(g, index, &id, NULL, NULL));
    CHECK_STR(id, main_path[i]);
  }
  CHECK_STATUS(mf_graph_main_path_stage(g, 7, &index), MF_ERANGE);

  index = stage_index(g, "closed_won");
  CHECK_OK(mf_graph_stage(g, index, NULL, NULL, &kind));
  CHECK(kind == MF_STAGE_WON);
  CHECK_OK(mf_graph_stage_reaches_won(g, index, &flag));
  CHECK(flag == 1);
  CHECK_OK(mf_graph_stage_team(g, index, 0, &team));
  CHECK_STR(team, "field_sales");
  CHECK_OK(mf_graph_stage(g, stage_index(g, "closed_lost"), NULL, NULL, &kind));
  CHECK(kind == MF_STAGE_LOST);
  CHECK_OK(mf_graph_stage(g, stage_index(g, "nurture"), NULL, NULL, &kind));
  CHECK(kind == MF_STAGE_NURTURE);

  /* sql is owned by both inside-sales teams. */
  index = stage_index(g, "sql");
  CHECK(mf_graph_stage_team_count(g, index) == 2);
  CHECK_OK(mf_graph_stage_team(g, index, 0, &team));
  CHECK_OK(mf_graph_stage_team(g, index, 1, &team));
  CHECK_STATUS(mf_graph_stage_team(g, index, 2, &team), MF_ERANGE);
  CHECK(mf_graph_stage_team_count(g, n) == 0);

  CHECK(mf_graph_team_count(g) >= 4);
  CHECK_OK(mf_graph_team(g, 0, &team));
  CHECK_STR(team, "marketing");
  CHECK_STATUS(mf_graph_team(g, mf_graph_team_count(g), &team), MF_ERANGE);

  /* Forecasts: every output optional; absent parts have defined values. */
  for (i = 0; i < n; ++i) {
    CHECK_OK(mf_graph_stage_forecast(g, i, &has_p, &p, &category));
    CHECK(has_p == 0 || has_p == 1);
    CHECK(has_p ? (p >= 0.0 && p <= 1.0) : p == 0.0);
    CHECK(category >= MF_FORECAST_NONE && category <= MF_FORECAST_OMITTED);
    CHECK_OK(mf_graph_stage_forecast(g, i, NULL, NULL, NULL));
  }

  /* Transitions: indexes in range, a hand-off from marketing to sdr/bdr. */
  CHECK(mf_graph_transition_count(g) > 0);
  for (i = 0; i < mf_graph_transition_count(g); ++i) {
    CHECK_OK(mf_graph_transition(g, i, &from, &to, &kind));
    CHECK(from < n && to < n);
    CHECK(kind >= MF_TRANSITION_ADVANCE && kind <= MF_TRANSITION_REOPEN);
    CHECK_OK(mf_graph_transition_is_handoff(g, i, &flag));
    if (from == stage_index(g, "mql") && to == stage_index(g, "sql")) {
      CHECK(kind == MF_TRANSITION_ADVANCE);
      CHECK(flag == 1);
      found_handoff = 1;
    }
    if (from == stage_index(g, "lead") && to == stage_index(g, "mql")) CHECK(flag == 0);
  }
  CHECK(found_handoff);
  CHECK_OK(mf_graph_transition(g, 0, NULL, NULL, NULL));

  /* Out-of-range indexes. */
  CHECK_STATUS(mf_graph_stage(g, n, &id, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_graph_stage_forecast(g, n, NULL, NULL, NULL), MF_ERANGE);
  CHECK_STATUS(mf_graph_stage_team(g, n, 0, &team), MF_ERANGE);
  CHECK_STATUS(mf_graph_transition(g, mf_graph_transition_count(g), NULL, NULL, NULL),
               MF_ERANGE);
  CHECK_STATUS(mf_graph_transition_is_handoff(g, mf_graph_transition_count(g), &flag),
               MF_ERANGE);
  CHECK_STATUS(mf_graph_stage_reaches_won(g, n, &flag), MF_ERANGE);
  CHECK_STATUS(mf_graph_find_stage(g, S("nope"), &index), MF_ENOTFOUND);
  CHECK_STATUS(mf_graph_find_stage(g, S("\xff"), &index), MF_EINVAL);
  mf_graph_free(g);
}

static void test_null_arguments(void) {
  mf_graph *g = NULL;
  mf_text *t = NULL;
  mf_str s;
  size_t index;
  int flag;

  CHECK_OK(mf_graph_the_model(&g));
  CHECK_STATUS(mf_graph_stage(NULL, 0, &s, NULL, NULL), MF_EINVAL);
  CHECK_ERROR_HAS("graph is NULL");
  CHECK_STATUS(mf_graph_stage_forecast(NULL, 0, NULL, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_stage_team(NULL, 0, 0, &s), MF_EINVAL);
  CHECK_STATUS(mf_graph_stage_team(g, 0, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_find_stage(NULL, S("lead"), &index), MF_EINVAL);
  CHECK_STATUS(mf_graph_find_stage(g, S("lead"), NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_transition(NULL, 0, NULL, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_entry_stage(NULL, &index), MF_EINVAL);
  CHECK_STATUS(mf_graph_entry_stage(g, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_team(NULL, 0, &s), MF_EINVAL);
  CHECK_STATUS(mf_graph_team(g, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_main_path_stage(NULL, 0, &index), MF_EINVAL);
  CHECK_STATUS(mf_graph_main_path_stage(g, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_transition_is_handoff(NULL, 0, &flag), MF_EINVAL);
  CHECK_STATUS(mf_graph_transition_is_handoff(g, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_stage_reaches_won(NULL, 0, &flag), MF_EINVAL);
  CHECK_STATUS(mf_graph_stage_reaches_won(g, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_to_json(NULL, g), MF_EINVAL);
  CHECK_STATUS(mf_graph_to_json(&t, NULL), MF_EINVAL);
  CHECK_STATUS(mf_graph_to_dot(NULL, g), MF_EINVAL);
  CHECK_STATUS(mf_graph_to_dot(&t, NULL), MF_EINVAL);
  CHECK(t == NULL);
  CHECK_STATUS(mf_graph_from_json(NULL, S("{}")), MF_EINVAL);
  CHECK_STATUS(mf_graph_load_file(NULL, S("x.json")), MF_EINVAL);
  mf_graph_free(g);
}

static void test_json_and_files(void) {
  mf_graph *g = NULL, *copy = NULL, *loaded = NULL;
  mf_text *json = NULL, *dot = NULL;
  mf_str v;
  char *text;

  CHECK_OK(mf_graph_the_model(&g));
  CHECK_OK(mf_graph_to_json(&json, g));
  v = mf_text_view(json);
  CHECK_OK(mf_graph_from_json(&copy, v.data, v.size));
  CHECK(mf_graph_stage_count(copy) == mf_graph_stage_count(g));
  CHECK(mf_graph_transition_count(copy) == mf_graph_transition_count(g));

  CHECK_OK(mf_graph_to_dot(&dot, g));
  v = mf_text_view(dot);
  CHECK(str_has(v, "digraph") && str_has(v, "closed_won"));

  /* Files: round trip, missing file, bad content with the file and path. */
  v = mf_text_view(json);
  write_file(test_path("graph.json"), v.data);
  text = read_file(test_path("graph.json"));
  CHECK(text != NULL && strlen(text) == v.size);
  free(text);
  {
    const char *path = test_path("graph.json");
    CHECK_OK(mf_graph_load_file(&loaded, path, strlen(path)));
    CHECK(mf_graph_stage_count(loaded) == mf_graph_stage_count(g));
  }
  {
    const char *path = test_path("missing.json");
    mf_graph *none = NULL;
    CHECK_STATUS(mf_graph_load_file(&none, path, strlen(path)), MF_ENOTFOUND);
    CHECK_ERROR_HAS("missing.json");
    CHECK(none == NULL);
  }
  {
    const char *path = test_path("bad_graph.json");
    mf_graph *none = NULL;
    write_file(path, "{\"stages\": [{\"id\": \"a\", \"teams\": [\"x\"], \"kidn\": \"open\"}]}");
    CHECK_STATUS(mf_graph_load_file(&none, path, strlen(path)), MF_EDATA);
    CHECK_ERROR_HAS("bad_graph.json");
    CHECK_ERROR_HAS("$.stages[0].kidn");
    CHECK(none == NULL);
  }

  /* JSON errors: syntax (line and column), schema (JSON path). */
  CHECK_STATUS(mf_graph_from_json(&copy, S("{\n  \"stages\": [,]\n}")), MF_EDATA);
  CHECK_ERROR_HAS("line 2");
  CHECK_STATUS(mf_graph_from_json(&copy, S("{\"stages\": 5}")), MF_EDATA);
  CHECK_ERROR_HAS("$.stages");

  mf_text_free(json);
  mf_text_free(dot);
  mf_graph_free(g);
  mf_graph_free(copy);
  mf_graph_free(loaded);
}

static void test_builder(void) {
  mf_graph_builder *b = NULL;
  mf_graph *g = NULL;
  mf_str s;
  size_t index, from, to;
  int flag, has_p, category, kind;
  double p;

  CHECK_STATUS(mf_graph_builder_new(NULL), MF_EINVAL);
  CHECK_OK(mf_graph_builder_new(&b));
  CHECK_OK(mf_graph_builder_add_stage(b, S("lead"), S("Lead"), S("marketing"), MF_STAGE_OPEN, 1,
                                      0.05, MF_FORECAST_PIPELINE));
  CHECK_OK(mf_graph_builder_add_stage(b, S("deal"), NULL, 0, S("sales"), MF_STAGE_OPEN, 0, 0.0,
                                      MF_FORECAST_NONE));
  CHECK_OK(mf_graph_builder_add_team(b, S("deal"), S("success")));
  CHECK_OK(mf_graph_builder_add_stage(b, S("won"), S("Won"), S("sales"), MF_STAGE_WON, 1, 1.0,
                                      MF_FORECAST_CLOSED));
  CHECK_OK(mf_graph_builder_add_stage(b, S("lost"), S("Lost"), S("sales"), MF_STAGE_LOST, 0, 0,
                                      MF_FORECAST_OMITTED));
  CHECK_OK(mf_graph_builder_add_transition(b, S("lead"), S("deal"), MF_TRANSITION_ADVANCE));
  CHECK_OK(mf_graph_builder_add_transition(b, S("deal"), S("won"), MF_TRANSITION_ADVANCE));
  CHECK_OK(mf_graph_builder_add_transition(b, S("deal"), S("lost"), MF_TRANSITION_LOST));

  /* Bad arguments are refused at once and change nothing. */
  CHECK_STATUS(mf_graph_builder_add_stage(NULL, S("x"), S("X"), S("t"), 0, 0, 0, -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("X"), S("t"), 4, 0, 0, -1), MF_EINVAL);
  CHECK_ERROR_HAS("stage kind 4");
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("X"), S("t"), -1, 0, 0, -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("X"), S("t"), 0, 0, 0, 5), MF_EINVAL);
  CHECK_ERROR_HAS("forecast category 5");
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("X"), S("t"), 0, 0, 0, -2), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("\xff"), S("X"), S("t"), 0, 0, 0, -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("\xff"), S("t"), 0, 0, 0, -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_stage(b, S("x"), S("X"), S("\xff"), 0, 0, 0, -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_team(NULL, S("deal"), S("t")), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_team(b, S("nope"), S("t")), MF_ENOTFOUND);
  CHECK_ERROR_HAS("nope");
  CHECK_STATUS(mf_graph_builder_add_team(b, S("deal"), S("\xff")), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_transition(NULL, S("a"), S("b"), 0), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_transition(b, S("lead"), S("won"), 5), MF_EINVAL);
  CHECK_ERROR_HAS("transition kind 5");
  CHECK_STATUS(mf_graph_builder_add_transition(b, S("lead"), S("won"), -1), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_transition(b, S("\xff"), S("won"), 0), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_add_transition(b, S("lead"), NULL, 1, 0), MF_EINVAL);

  CHECK_STATUS(mf_graph_builder_build(NULL, b), MF_EINVAL);
  CHECK_STATUS(mf_graph_builder_build(&g, NULL), MF_EINVAL);
  CHECK_OK(mf_graph_builder_build(&g, b));
  CHECK(mf_graph_stage_count(g) == 4);
  CHECK(mf_graph_transition_count(g) == 3);
  CHECK_OK(mf_graph_stage(g, 1, &s, NULL, NULL));
  CHECK_STR(s, "deal");
  CHECK_OK(mf_graph_stage(g, 1, NULL, &s, NULL));
  CHECK_STR(s, "deal"); /* an empty name defaults to the id */
  CHECK(mf_graph_stage_team_count(g, 1) == 2);
  CHECK_OK(mf_graph_stage_team(g, 1, 1, &s));
  CHECK_STR(s, "success");
  CHECK_OK(mf_graph_stage_forecast(g, 0, &has_p, &p, &category));
  CHECK(has_p == 1 && p == 0.05 && category == MF_FORECAST_PIPELINE);
  CHECK_OK(mf_graph_stage_forecast(g, 1, &has_p, &p, &category));
  CHECK(has_p == 0 && p == 0.0 && category == MF_FORECAST_NONE);
  CHECK_OK(mf_graph_stage(g, 3, NULL, NULL, &kind));
  CHECK(kind == MF_STAGE_LOST);
  CHECK_OK(mf_graph_transition(g, 2, &from, &to, &kind));
  CHECK(from == 1 && to == 3 && kind == MF_TRANSITION_LOST);
  CHECK_OK(mf_graph_transition_is_handoff(g, 0, &flag));
  CHECK(flag == 1); /* marketing -> sales, success */
  CHECK_OK(mf_graph_transition_is_handoff(g, 2, &flag));
  CHECK(flag == 0); /* a lost move is never a hand-off */
  CHECK_OK(mf_graph_stage_reaches_won(g, 0, &flag));
  CHECK(flag == 1);
  CHECK_OK(mf_graph_stage_reaches_won(g, 3, &flag));
  CHECK(flag == 0);
  CHECK_OK(mf_graph_entry_stage(g, &index));
  CHECK(index == 0);
  CHECK(mf_graph_team_count(g) == 3);
  CHECK_OK(mf_graph_team(g, 2, &s));
  CHECK_STR(s, "success");
  mf_graph_free(g);
  g = NULL;

  /* The builder is reusable; validation problems come from build(). */
  CHECK_OK(mf_graph_builder_add_stage(b, S("orphan"), S(""), NULL, 0, MF_STAGE_OPEN, 1, 1.5,
                                      MF_FORECAST_NONE));
  CHECK_OK(mf_graph_builder_add_transition(b, S("won"), S("ghost"), MF_TRANSITION_ADVANCE));
  CHECK_STATUS(mf_graph_builder_build(&g, b), MF_EDATA);
  CHECK_ERROR_HAS("orphan");
  CHECK_ERROR_HAS("ghost");
  CHECK(g == NULL);
  mf_graph_builder_free(b);
}

int main(void) {
  test_the_model();
  test_null_arguments();
  test_json_and_files();
  test_builder();
  return check_report();
}
