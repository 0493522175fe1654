/* test_lead_score.c — the lead score's C ABI (experimental): fit on a small
 * data set (the hand-computed case of docs/lead-score.md: web 3 won 1 lost,
 * referral 1 won 3 lost, prior weight 2: effects +-log 2), the model file
 * there and back, scores of a data set and of one record, the calibration
 * report, options structs and every error path. */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

static mf_dataset *small_data(void) {
  static const char *channels[] = {"web", "web", "web", "web", "referral", "referral", "referral", "referral", "web"};
  static const char *stages[] = {"closed_won", "closed_won", "closed_won", "closed_lost", "closed_won",
                                 "closed_lost", "closed_lost", "closed_lost", "lead"};
  mf_dataset_builder *b = NULL;
  mf_dataset *data = NULL;
  size_t channel = 0, size = 0;
  uint32_t i;
  CHECK_OK(mf_dataset_builder_new(&b));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("channel"), MF_ATTR_STRING, &channel));
  CHECK_OK(mf_dataset_builder_add_attribute(b, S("size"), MF_ATTR_INT64, &size));
  for (i = 0; i < 9; ++i) {
    char id[8];
    uint32_t r = 0, stage = 0;
    mf_value v;
    mf_event e;
    memset(&v, 0, sizeof v);
    memset(&e, 0, sizeof e);
    snprintf(id, sizeof id, "L%u", (unsigned)i);
    CHECK_OK(mf_dataset_builder_record(b, id, strlen(id), &r));
    v.present = 1;
    v.type = MF_ATTR_STRING;
    v.str.data = channels[i];
    v.str.size = strlen(channels[i]);
    CHECK_OK(mf_dataset_builder_set(b, r, channel, &v));
    v.type = MF_ATTR_INT64;
    v.i64 = 10 * (int64_t)i;
    CHECK_OK(mf_dataset_builder_set(b, r, size, &v));
    CHECK_OK(mf_dataset_builder_stage(b, stages[i], strlen(stages[i]), &stage));
    e.record = r;
    e.stage = stage;
    e.has_time = 1;
    e.time = 86400000000LL;
    CHECK_OK(mf_dataset_builder_add_event(b, &e));
  }
  CHECK_OK(mf_dataset_builder_finish(&data, b));
  mf_dataset_builder_free(b);
  return data;
}

static void test_options(void) {
  mf_score_fit_options a = MF_SCORE_FIT_OPTIONS_INIT, b;
  mf_score_apply_options c = MF_SCORE_APPLY_OPTIONS_INIT, d;
  mf_score_report_options e = MF_SCORE_REPORT_OPTIONS_INIT, f;
  memset(&b, 0xAB, sizeof b);
  memset(&d, 0xAB, sizeof d);
  memset(&f, 0xAB, sizeof f);
  CHECK_OK(mf_score_fit_options_init(&b, MF_SCORE_FIT_OPTIONS_VERSION));
  CHECK_OK(mf_score_apply_options_init(&d, MF_SCORE_APPLY_OPTIONS_VERSION));
  CHECK_OK(mf_score_report_options_init(&f, MF_SCORE_REPORT_OPTIONS_VERSION));
  /* Field by field: padding bytes are not the library's to set. */
  CHECK(a.version == b.version && a.bins == b.bins && a.features == b.features && a.feature_count == b.feature_count);
  CHECK(a.outcome == b.outcome && a.group_by == b.group_by && a.prior_weight == b.prior_weight);
  CHECK(a.group_prior_weight == b.group_prior_weight && a.calibration == b.calibration && a.folds == b.folds);
  CHECK(a.seed == b.seed && a.max_levels == b.max_levels && a.threads == b.threads);
  CHECK(memcmp(&c, &d, sizeof c) == 0);
  CHECK(e.version == f.version && e.bins == f.bins && e.min_sample == f.min_sample && e.threads == f.threads);
  CHECK_STATUS(mf_score_fit_options_init(&b, 2), MF_EINVAL);
  CHECK_ERROR_HAS("unknown mf_score_fit_options version 2 (this library knows 1 to 1)");
  CHECK_STATUS(mf_score_fit_options_init(NULL, 1), MF_EINVAL);
  CHECK_STATUS(mf_score_apply_options_init(&d, 0), MF_EINVAL);
  CHECK_STATUS(mf_score_report_options_init(&f, 9), MF_EINVAL);
}

static void test_fit_and_apply(mf_dataset *data, mf_graph *g) {
  static const char *features[] = {"channel"};
  mf_score_fit_options opts = MF_SCORE_FIT_OPTIONS_INIT;
  mf_score_apply_options apply = MF_SCORE_APPLY_OPTIONS_INIT;
  mf_score_model *model = NULL, *again = NULL;
  mf_score_set *set = NULL, *one = NULL;
  mf_score score = MF_SCORE_INIT, other = MF_SCORE_INIT;
  mf_score_input in[2];
  mf_text *json = NULL, *csv = NULL;
  mf_str name, value;
  int32_t kind = -1;
  double effect = 0;

  opts.features = features;
  opts.feature_count = 1;
  opts.prior_weight = 2;
  CHECK_OK(mf_score_fit(&model, data, g, &opts));
  CHECK(mf_score_model_feature_count(model) == 1);
  CHECK_OK(mf_score_model_feature(model, 0, &name, &kind));
  CHECK_STR(name, "channel");
  CHECK(kind == MF_SCORE_FEATURE_CATEGORY);
  CHECK_OK(mf_score_model_group_by(model, &name));
  CHECK_STR(name, "");
  CHECK_STATUS(mf_score_model_feature(model, 1, &name, &kind), MF_ERANGE);

  /* The model file, there and back. */
  CHECK_OK(mf_score_model_to_json(&json, model));
  CHECK(strstr(mf_text_view(json).data, "\"modelfunnel.lead_score\"") != NULL);
  CHECK_OK(mf_score_model_from_json(&again, mf_text_view(json).data, mf_text_view(json).size));

  /* Scores of every record: the open web lead (L8) scores log 2. */
  apply.top_factors = 2;
  CHECK_OK(mf_score_apply(&set, again, data, &apply));
  CHECK(mf_score_set_count(set) == 9);
  CHECK_OK(mf_score_set_row(set, 8, &score));
  CHECK(score.record == 8);
  CHECK(fabs(score.raw_score - log(2.0)) < 1e-14);
  CHECK(score.low <= score.probability && score.probability <= score.high);
  CHECK(score.factor_count == 1);
  CHECK_OK(mf_score_set_factor(set, 8, 0, &name, &value, &effect));
  CHECK_STR(name, "channel");
  CHECK_STR(value, "web");
  CHECK(fabs(effect - log(2.0)) < 1e-14);
  CHECK_OK(mf_score_set_factor(set, 8, 0, NULL, NULL, NULL));
  CHECK_STATUS(mf_score_set_factor(set, 8, 1, &name, &value, &effect), MF_ERANGE);
  CHECK_STATUS(mf_score_set_row(set, 9, &score), MF_ERANGE);
  CHECK_OK(mf_score_set_csv(&csv, set));
  CHECK(strncmp(mf_text_view(csv).data, "record_id,probability,probability_low,probability_high,raw_score,factor_1", 73) == 0);
  CHECK(strstr(mf_text_view(csv).data, "\nL8,") != NULL);
  mf_text_free(csv);

  /* One record, as a save hook passes it: the same score as L8. */
  memset(in, 0, sizeof in);
  in[0].attribute = "channel";
  in[0].attribute_len = 7;
  in[0].value.present = 1;
  in[0].value.type = MF_ATTR_STRING;
  in[0].value.str.data = "web";
  in[0].value.str.size = 3;
  CHECK_OK(mf_score_record(&one, model, in, 1, 3));
  CHECK(mf_score_set_count(one) == 1);
  CHECK_OK(mf_score_set_row(one, 0, &other));
  CHECK(other.probability == score.probability);
  CHECK(other.low == score.low);
  CHECK_OK(mf_score_set_csv(&csv, one));
  mf_text_free(csv);
  mf_score_set_free(one);
  one = NULL;

  /* What a record can get wrong. */
  in[1] = in[0];
  CHECK_STATUS(mf_score_record(&one, model, in, 2, 3), MF_EINVAL);
  CHECK_ERROR_HAS("feature 'channel' is given twice");
  in[0].value.type = MF_ATTR_INT64;
  CHECK_STATUS(mf_score_record(&one, model, in, 1, 3), MF_EINVAL);
  CHECK_ERROR_HAS("feature 'channel': the model reads a category (string); got an int64");
  in[0].value.type = 77;
  CHECK_STATUS(mf_score_record(&one, model, in, 1, 3), MF_EINVAL);
  CHECK_ERROR_HAS("values[0].value: unknown attribute type 77");
  in[0].attribute = "chanel";
  in[0].attribute_len = 6;
  in[0].value.type = MF_ATTR_STRING;
  CHECK_STATUS(mf_score_record(&one, model, in, 1, 3), MF_EINVAL);
  CHECK_ERROR_HAS("unknown feature 'chanel'");
  in[0].value.str.data = "\xff";
  in[0].value.str.size = 1;
  CHECK_STATUS(mf_score_record(&one, model, in, 1, 3), MF_EINVAL);
  CHECK_STATUS(mf_score_record(&one, model, NULL, 1, 3), MF_EINVAL);
  CHECK_STATUS(mf_score_record(&one, model, NULL, 0, 17), MF_EINVAL);
  CHECK(one == NULL);
  CHECK_OK(mf_score_record(&one, model, NULL, 0, 0)); /* nothing known: the unknown levels */
  mf_score_set_free(one);

  apply.top_factors = 17;
  CHECK_STATUS(mf_score_apply(&set, model, data, &apply), MF_EINVAL);
  apply.version = 5;
  CHECK_STATUS(mf_score_apply(&set, model, data, &apply), MF_EINVAL);
  CHECK_STATUS(mf_score_apply(&set, NULL, data, NULL), MF_EINVAL);
  score.version = 0;
  CHECK_STATUS(mf_score_set_row(set, 0, &score), MF_EINVAL);

  mf_text_free(json);
  mf_score_set_free(set);
  mf_score_model_free(again);
  mf_score_model_free(model);
}

static void test_fit_errors(mf_dataset *data, mf_graph *g) {
  static const char *unknown[] = {"chanel"};
  static const char *none[] = {NULL};
  mf_score_fit_options opts = MF_SCORE_FIT_OPTIONS_INIT;
  mf_score_model *model = NULL;
  CHECK_STATUS(mf_score_fit(&model, data, g, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("features: at least one feature is needed");
  opts.features = unknown;
  opts.feature_count = 1;
  CHECK_STATUS(mf_score_fit(&model, data, g, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("unknown feature 'chanel'");
  opts.features = none;
  CHECK_STATUS(mf_score_fit(&model, data, g, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("features[0] is NULL");
  opts.features = NULL;
  CHECK_STATUS(mf_score_fit(&model, data, g, &opts), MF_EINVAL);
  opts.features = unknown;
  opts.calibration = 3;
  CHECK_STATUS(mf_score_fit(&model, data, g, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("unknown calibration 3");
  CHECK_STATUS(mf_score_fit(&model, NULL, g, NULL), MF_EINVAL);
  CHECK(model == NULL);

  CHECK_STATUS(mf_score_model_from_json(&model, S("{\"format\": \"modelfunnel.lead_score\", \"version\": 2}")), MF_EDATA);
  CHECK_ERROR_HAS("$.version: unsupported version 2");
  CHECK_STATUS(mf_score_model_from_json(&model, S("{]")), MF_EDATA);
  CHECK_ERROR_HAS("line 1, column 2");
  CHECK_STATUS(mf_score_model_load_file(&model, S("/nonexistent/model.json")), MF_ENOTFOUND);
  CHECK_STATUS(mf_score_model_from_json(NULL, S("{}")), MF_EINVAL);
  CHECK(model == NULL);
  mf_score_model_free(NULL);
  mf_score_set_free(NULL);
  mf_score_report_free(NULL);
  CHECK(mf_score_model_feature_count(NULL) == 0);
  CHECK(mf_score_set_count(NULL) == 0);
  CHECK(mf_score_report_bin_count(NULL) == 0);
}

static void test_report(mf_dataset *data, mf_graph *g) {
  static const char *features[] = {"channel", "size"};
  mf_score_fit_options fit = MF_SCORE_FIT_OPTIONS_INIT;
  mf_score_report_options opts = MF_SCORE_REPORT_OPTIONS_INIT;
  mf_score_model *model = NULL;
  mf_score_report *report = NULL, *held = NULL;
  mf_score_metrics m = MF_SCORE_METRICS_INIT, plain = MF_SCORE_METRICS_INIT;
  mf_rate observed = MF_RATE_INIT;
  mf_text *json = NULL;
  int32_t cv = -1;
  uint32_t folds = 9, bin = 0;
  uint64_t open = 0;
  double lo = 0, hi = 0, mean = 0;

  fit.features = features;
  fit.feature_count = 2;
  fit.folds = 2;
  CHECK_OK(mf_score_fit(&model, data, g, &fit));
  opts.bins = 4;
  CHECK_OK(mf_score_report_compute(&report, model, data, g, &opts));
  CHECK_OK(mf_score_report_summary(report, &cv, &folds, &open));
  CHECK(cv == 0 && folds == 0 && open == 1);
  CHECK_OK(mf_score_report_metrics(report, 0, &m));
  CHECK(m.records == 8 && m.positives == 4);
  CHECK(m.auc >= 0 && m.auc <= 1);
  CHECK_STATUS(mf_score_report_metrics(report, 1, &plain), MF_ENOTFOUND);
  CHECK(mf_score_report_bin_count(report) == 4);
  CHECK_OK(mf_score_report_bin(report, 0, &bin, &lo, &hi, &mean, &observed));
  CHECK(bin == 1 && observed.denominator == 2 && lo <= mean && mean <= hi);
  CHECK_OK(mf_score_report_bin(report, 3, NULL, NULL, NULL, NULL, NULL));
  CHECK_STATUS(mf_score_report_bin(report, 4, &bin, NULL, NULL, NULL, NULL), MF_ERANGE);
  CHECK_OK(mf_score_report_json(&json, report));
  CHECK(strstr(mf_text_view(json).data, "\"ece\"") != NULL);
  mf_text_free(json);

  CHECK_OK(mf_score_report_cross_validate(&held, data, g, &fit, &opts));
  CHECK_OK(mf_score_report_summary(held, &cv, &folds, NULL));
  CHECK(cv == 1 && folds == 2);
  CHECK_OK(mf_score_report_metrics(held, 1, &plain));
  CHECK(plain.records == 8);
  opts.bins = 1;
  CHECK_STATUS(mf_score_report_compute(&report, model, data, g, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("bins: 1 is not in 2 to 100");
  m.version = 2;
  CHECK_STATUS(mf_score_report_metrics(held, 0, &m), MF_EINVAL);

  mf_score_report_free(held);
  mf_score_report_free(report);
  mf_score_model_free(model);
}

int main(void) {
  mf_dataset *data = small_data();
  mf_graph *g = NULL;
  CHECK_OK(mf_graph_the_model(&g));
  test_options();
  test_fit_and_apply(data, g);
  test_fit_errors(data, g);
  test_report(data, g);
  mf_graph_free(g);
  mf_dataset_free(data);
  return check_report();
}
