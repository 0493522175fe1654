/* test_revenue.c — the revenue plan and forecast's C ABI (experimental):
 * the acceptance scenario's plan (1701 leads ... 50 wins), a scenario over a
 * base, a measured plan and a forecast on generated data, versioned structs
 * and every error path (NULLs, bad versions, bad periods, bad JSON). */
#define MF_EXPERIMENTAL
#include <math.h>

#include "check.h"

#define SCENARIO MF_SOURCE_DIR "/examples/revenue/scenario.json"

static void acceptance(void) {
  static const uint64_t want[] = {1701, 681, 341, 205, 143, 100, 50};
  mf_revenue_model *model = NULL;
  mf_plan *plan = NULL;
  mf_plan_options opts = MF_PLAN_OPTIONS_INIT;
  mf_plan_stage row = MF_PLAN_STAGE_INIT;
  mf_text *csv = NULL;
  double p_pipe = -1, p_plan = -1, pipe_rev = -1, deal = -1;
  size_t i;
  CHECK_OK(mf_revenue_model_load_scenario(&model, NULL, S(SCENARIO)));
  CHECK(mf_revenue_model_stage_count(model) == 7);
  opts.target = 1000000;
  opts.period = "2027-Q1";
  opts.period_len = 7;
  CHECK_OK(mf_plan_compute(&plan, model, &opts));
  CHECK(mf_plan_stage_count(plan) == 7);
  for (i = 0; i < 7; ++i) {
    CHECK_OK(mf_plan_stage_get(plan, i, &row));
    CHECK(row.required_p10 == want[i]);
    CHECK(row.required_p50 == want[i]);
    CHECK(row.required_p90 == want[i]);
    CHECK(row.enter_from_micros == INT64_C(1798761600000000)); /* 2027-01-01 */
  }
  CHECK_OK(mf_plan_stage_get(plan, 0, &row));
  CHECK_STR(row.stage, "lead");
  CHECK_STR(row.team, "marketing");
  CHECK(isnan(row.step_rate));
  CHECK_STATUS(mf_plan_stage_get(plan, 7, &row), MF_ERANGE);
  row.version = 99;
  CHECK_STATUS(mf_plan_stage_get(plan, 0, &row), MF_EINVAL);
  CHECK_STATUS(mf_plan_stage_get(plan, 0, NULL), MF_EINVAL);
  CHECK_OK(mf_plan_totals(plan, &p_pipe, &p_plan, &pipe_rev, &deal));
  CHECK(p_pipe == 0);
  CHECK(p_plan > 0.3 && p_plan < 0.7);
  CHECK(pipe_rev == 0);
  CHECK(deal == 20000);
  CHECK_OK(mf_plan_totals(plan, NULL, NULL, NULL, NULL));
  CHECK_OK(mf_plan_csv(&csv, plan));
  CHECK(strstr(mf_text_view(csv).data, "required_p10,required_p50,required_p90,enter_from,enter_by") != NULL);
  mf_text_free(csv);
  csv = NULL;
  CHECK_OK(mf_plan_json(&csv, plan));
  CHECK(strstr(mf_text_view(csv).data, "\"leverage\"") != NULL);
  mf_text_free(csv);
  mf_plan_free(plan);
  mf_revenue_model_free(model);
}

static void scenarios_and_errors(void) {
  mf_revenue_model *base = NULL, *what_if = NULL;
  mf_plan *plan = NULL;
  mf_plan_options opts;
  mf_plan_stage row = MF_PLAN_STAGE_INIT;
  CHECK_OK(mf_revenue_model_load_scenario(&base, NULL, S(SCENARIO)));
  CHECK_OK(mf_revenue_model_from_scenario(&what_if, base, S("{\"version\": 1, \"deal_size\": 40000}")));
  CHECK_OK(mf_plan_options_init(&opts, MF_PLAN_OPTIONS_VERSION));
  CHECK(opts.samples == 10000);
  opts.target = 1000000;
  opts.period = "2027-03";
  opts.period_len = 7;
  CHECK_OK(mf_plan_compute(&plan, what_if, &opts));
  CHECK_OK(mf_plan_stage_get(plan, 6, &row));
  CHECK(row.required_p50 == 25);
  mf_plan_free(plan);
  plan = NULL;
  /* Errors. */
  CHECK_STATUS(mf_revenue_model_from_scenario(&what_if, NULL, S("{\"version\": 1, \"oops\": 1}")), MF_EDATA);
  CHECK_ERROR_HAS("$.oops: unknown key");
  CHECK_STATUS(mf_revenue_model_from_scenario(&what_if, base, S("{\"version\": 1, \"steps\": [{\"from\": \"a\", \"to\": \"b\", \"rate\": 0.5}]}")), MF_EDATA);
  CHECK_ERROR_HAS("not on the measured main path");
  CHECK_STATUS(mf_revenue_model_from_scenario(NULL, NULL, S("{}")), MF_EINVAL);
  CHECK_STATUS(mf_revenue_model_from_scenario(&what_if, NULL, NULL, 3), MF_EINVAL);
  CHECK_STATUS(mf_revenue_model_load_scenario(&what_if, NULL, S("/nonexistent.json")), MF_ENOTFOUND);
  opts.period = "2027-Q9";
  CHECK_STATUS(mf_plan_compute(&plan, base, &opts), MF_EINVAL);
  CHECK_ERROR_HAS("expected YYYY-Qn");
  opts.period = "2027-Q1";
  opts.target = -5;
  CHECK_STATUS(mf_plan_compute(&plan, base, &opts), MF_EINVAL);
  opts.target = 5;
  opts.version = 7;
  CHECK_STATUS(mf_plan_compute(&plan, base, &opts), MF_EINVAL);
  CHECK_STATUS(mf_plan_compute(&plan, NULL, NULL), MF_EINVAL);
  CHECK_STATUS(mf_plan_options_init(NULL, 1), MF_EINVAL);
  CHECK_STATUS(mf_plan_options_init(&opts, 0), MF_EINVAL);
  CHECK(mf_plan_stage_count(NULL) == 0);
  CHECK(mf_revenue_model_stage_count(NULL) == 0);
  mf_plan_free(NULL);
  mf_revenue_model_free(NULL);
  mf_forecast_free(NULL);
  mf_revenue_model_free(what_if);
  mf_revenue_model_free(base);
}

static void measured(void) {
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_revenue_model *model = NULL;
  mf_plan *plan = NULL;
  mf_forecast *forecast = NULL;
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_revenue_measure_options mo = MF_REVENUE_MEASURE_OPTIONS_INIT;
  mf_plan_options po = MF_PLAN_OPTIONS_INIT;
  mf_forecast_options fo = MF_FORECAST_OPTIONS_INIT;
  mf_forecast_summary sum = MF_FORECAST_SUMMARY_INIT;
  mf_text *text = NULL;
  gen.leads = 5000;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK_OK(mf_graph_the_model(&graph));
  mo.period = "2028-Q1";
  mo.period_len = 7;
  CHECK_OK(mf_revenue_model_measure(&model, data, graph, &mo));
  po.target = 500000;
  po.period = "2028-Q1";
  po.period_len = 7;
  po.samples = 500;
  CHECK_OK(mf_plan_compute(&plan, model, &po));
  CHECK(mf_plan_stage_count(plan) == 7);
  fo.period = "2025-Q3";
  fo.period_len = 7;
  fo.has_as_of = 1;
  fo.as_of_micros = INT64_C(1751328000000000); /* 2025-07-01 */
  fo.owner = "owner_sdr";
  fo.owner_len = 9;
  CHECK_OK(mf_forecast_compute(&forecast, data, graph, &fo));
  CHECK_OK(mf_forecast_summary_get(forecast, &sum));
  CHECK(sum.open_deals > 0);
  CHECK(sum.expected > 0);
  CHECK(sum.p10 <= sum.p50 && sum.p50 <= sum.p90);
  CHECK_OK(mf_forecast_csv(&text, forecast, S("owners")));
  CHECK(strncmp(mf_text_view(text).data, "owner,deals,amount,expected,sd", 30) == 0);
  mf_text_free(text);
  text = NULL;
  CHECK_STATUS(mf_forecast_csv(&text, forecast, S("nope")), MF_EINVAL);
  CHECK_OK(mf_forecast_json(&text, forecast));
  mf_text_free(text);
  sum.version = 0;
  CHECK_STATUS(mf_forecast_summary_get(forecast, &sum), MF_EINVAL);
  fo.owner = "missing";
  fo.owner_len = 7;
  mf_forecast_free(forecast);
  forecast = NULL;
  CHECK_STATUS(mf_forecast_compute(&forecast, data, graph, &fo), MF_EINVAL);
  CHECK_ERROR_HAS("owner attribute 'missing'");
  CHECK_STATUS(mf_forecast_compute(&forecast, NULL, graph, &fo), MF_EINVAL);
  CHECK_STATUS(mf_forecast_options_init(&fo, 2), MF_EINVAL);
  mf_plan_free(plan);
  mf_revenue_model_free(model);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

/* Pipeline movement on the Salesforce layout's generated data: opening +
 * the buckets' changes = closing, exactly; every bucket named. */
static void movement(void) {
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_movement *mv = NULL;
  mf_movement_options mo = MF_MOVEMENT_OPTIONS_INIT;
  mf_movement_summary sum = MF_MOVEMENT_SUMMARY_INIT;
  mf_movement_bucket b = MF_MOVEMENT_BUCKET_INIT;
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_text *text = NULL;
  int64_t deals = 0, amount = 0;
  size_t i;
  gen.leads = 5000;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK_OK(mf_graph_the_model(&graph));
  mo.from_micros = INT64_C(1743465600000000); /* 2025-04-01 */
  mo.to_micros = INT64_C(1747267200000000);   /* 2025-05-15 */
  CHECK_OK(mf_movement_compute(&mv, data, graph, &mo));
  CHECK_OK(mf_movement_summary_get(mv, &sum));
  CHECK(sum.opening_deals > 0);
  CHECK(mf_movement_bucket_count(mv) == 8);
  deals = (int64_t)sum.opening_deals;
  amount = sum.opening_amount_scaled;
  for (i = 0; i < mf_movement_bucket_count(mv); ++i) {
    CHECK_OK(mf_movement_bucket_get(mv, i, &b));
    deals += b.count_change;
    amount += b.amount_change_scaled;
  }
  CHECK(deals == (int64_t)sum.closing_deals);
  CHECK(amount == sum.closing_amount_scaled);
  CHECK_OK(mf_movement_bucket_get(mv, 0, &b));
  CHECK(b.bucket.size == 3 && strncmp(b.bucket.data, "new", 3) == 0);
  CHECK_STATUS(mf_movement_bucket_get(mv, 8, &b), MF_ERANGE);
  b.version = 0;
  CHECK_STATUS(mf_movement_bucket_get(mv, 0, &b), MF_EINVAL);
  CHECK_OK(mf_movement_csv(&text, mv, S("buckets")));
  CHECK(strncmp(mf_text_view(text).data, "bucket,deals,count_change", 25) == 0);
  mf_text_free(text);
  text = NULL;
  CHECK_STATUS(mf_movement_csv(&text, mv, S("nope")), MF_EINVAL);
  CHECK_OK(mf_movement_json(&text, mv));
  mf_text_free(text);
  mf_movement_free(mv);
  mv = NULL;
  /* A close-date window, a first stage; then the errors. */
  mo.period = "2025-Q2";
  mo.period_len = 7;
  mo.first_stage = "proposal";
  mo.first_stage_len = 8;
  CHECK_OK(mf_movement_compute(&mv, data, graph, &mo));
  mf_movement_free(mv);
  mv = NULL;
  mo.first_stage = "closed_won";
  mo.first_stage_len = 10;
  CHECK_STATUS(mf_movement_compute(&mv, data, graph, &mo), MF_EINVAL);
  CHECK_ERROR_HAS("first stage 'closed_won'");
  mo.first_stage = NULL;
  mo.first_stage_len = 0;
  mo.period = NULL;
  mo.period_len = 3;
  CHECK_STATUS(mf_movement_compute(&mv, data, graph, &mo), MF_EINVAL);
  CHECK_ERROR_HAS("period is NULL");
  mo.period_len = 0;
  mo.to_micros = mo.from_micros;
  CHECK_STATUS(mf_movement_compute(&mv, data, graph, &mo), MF_EINVAL);
  CHECK_ERROR_HAS("must be after");
  CHECK_STATUS(mf_movement_compute(&mv, NULL, graph, &mo), MF_EINVAL);
  CHECK_STATUS(mf_movement_compute(&mv, data, graph, NULL), MF_EINVAL);
  CHECK_STATUS(mf_movement_options_init(&mo, 2), MF_EINVAL);
  CHECK_OK(mf_movement_options_init(&mo, 1));
  CHECK_STATUS(mf_movement_summary_get(NULL, &sum), MF_EINVAL);
  CHECK(mf_movement_bucket_count(NULL) == 0);
  mf_movement_free(NULL);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

/* A plan by channel on generated data: every segment listed, the combined
 * rows the sums of the planned segments' required_exact, a mix given as
 * JSON, a version-1 options struct (no mix field), and the errors. */
static void by_segment(void) {
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_plan_segments *plan = NULL;
  mf_plan *single = NULL;
  mf_revenue_model *model = NULL;
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_revenue_measure_options mo = MF_REVENUE_MEASURE_OPTIONS_INIT;
  mf_plan_options po = MF_PLAN_OPTIONS_INIT;
  mf_plan_segment seg = MF_PLAN_SEGMENT_INIT;
  mf_plan_stage row = MF_PLAN_STAGE_INIT;
  mf_text *text = NULL;
  size_t k, n, planned = 0;
  double share = 0, exact = 0;
  gen.leads = 3000;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK_OK(mf_graph_the_model(&graph));
  mo.period = "2028-Q1";
  mo.period_len = 7;
  po.target = 500000;
  po.period = "2028-Q1";
  po.period_len = 7;
  po.samples = 0;
  CHECK_OK(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po));
  n = mf_plan_segments_count(plan);
  CHECK(n >= 3);
  CHECK(mf_plan_segments_stage_count(plan) == 7);
  for (k = 0; k < n; ++k) {
    CHECK_OK(mf_plan_segments_get(plan, k, &seg));
    share += seg.share;
    if (!seg.planned) {
      CHECK_STATUS(mf_plan_segments_stage_get(plan, k, 0, &row), MF_ERANGE);
      continue;
    }
    ++planned;
    CHECK_STR(seg.status, "ok");
    CHECK_OK(mf_plan_segments_stage_get(plan, k, 6, &row));
    CHECK_STR(row.stage, "closed_won");
    exact += row.required_exact;
  }
  CHECK(planned >= 2);
  CHECK(fabs(share - 1) < 1e-9);
  CHECK_OK(mf_plan_segments_stage_get(plan, n, 6, &row)); /* the combined rows */
  CHECK(fabs(row.required_exact - exact) < 1e-6 * exact);
  CHECK_STATUS(mf_plan_segments_stage_get(plan, n + 1, 0, &row), MF_ERANGE);
  CHECK_STATUS(mf_plan_segments_stage_get(plan, n, 7, &row), MF_ERANGE);
  CHECK_STATUS(mf_plan_segments_get(plan, n, &seg), MF_ERANGE);
  seg.version = 9;
  CHECK_STATUS(mf_plan_segments_get(plan, 0, &seg), MF_EINVAL);
  seg.version = MF_PLAN_SEGMENT_VERSION;
  CHECK_OK(mf_plan_segments_csv(&text, plan, S("stages")));
  CHECK(strncmp(mf_text_view(text).data, "segment,stage,team,required_exact", 33) == 0);
  CHECK(strstr(mf_text_view(text).data, "\n*,closed_won,") != NULL);
  mf_text_free(text);
  text = NULL;
  CHECK_OK(mf_plan_segments_csv(&text, plan, S("segments")));
  mf_text_free(text);
  text = NULL;
  CHECK_STATUS(mf_plan_segments_csv(&text, plan, S("weeks")), MF_EINVAL);
  CHECK_OK(mf_plan_segments_json(&text, plan));
  CHECK(strstr(mf_text_view(text).data, "\"combined\"") != NULL);
  mf_text_free(text);
  text = NULL;
  mf_plan_segments_free(plan);
  plan = NULL;

  /* A mix given: all of it on the web. */
  po.mix_json = "{\"web\": 1}";
  po.mix_json_len = strlen(po.mix_json);
  CHECK_OK(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po));
  for (k = 0; k < mf_plan_segments_count(plan); ++k) {
    CHECK_OK(mf_plan_segments_get(plan, k, &seg));
    CHECK(seg.planned == (seg.segment.size == 3 && strncmp(seg.segment.data, "web", 3) == 0));
  }
  mf_plan_segments_free(plan);
  plan = NULL;
  /* A version-1 options struct has no mix: the historical shares. */
  po.version = 1;
  CHECK_OK(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po));
  mf_plan_segments_free(plan);
  plan = NULL;
  po.version = MF_PLAN_OPTIONS_VERSION;

  /* Errors. */
  po.mix_json = "{\"web\": 0.5, \"referral\": 0.4}";
  po.mix_json_len = strlen(po.mix_json);
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po), MF_EDATA);
  CHECK_ERROR_HAS("$: the shares sum to 0.9");
  po.mix_json = "{\"web\": 0.5, \"telepathy\": 0.5}";
  po.mix_json_len = strlen(po.mix_json);
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po), MF_EDATA);
  CHECK_ERROR_HAS("'telepathy', which the data does not have");
  CHECK_OK(mf_revenue_model_load_scenario(&model, NULL, S(SCENARIO)));
  CHECK_STATUS(mf_plan_compute(&single, model, &po), MF_EINVAL); /* a mix is for segments */
  mf_revenue_model_free(model);
  po.mix_json = NULL;
  po.mix_json_len = 0;
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("employees"), &mo, &po), MF_EINVAL);
  CHECK_ERROR_HAS("not a string attribute");
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S(""), &mo, &po), MF_EINVAL);
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, NULL, 3, &mo, &po), MF_EINVAL);
  CHECK_STATUS(mf_plan_segments_compute(&plan, NULL, graph, S("channel"), &mo, &po), MF_EINVAL);
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("channel"), NULL, &po), MF_EINVAL);
  CHECK_STATUS(mf_plan_segments_compute(NULL, data, graph, S("channel"), &mo, &po), MF_EINVAL);
  po.target = 0;
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po), MF_EINVAL);
  po.target = 500000;
  po.version = 3;
  CHECK_STATUS(mf_plan_segments_compute(&plan, data, graph, S("channel"), &mo, &po), MF_EINVAL);
  CHECK(plan == NULL);
  CHECK(mf_plan_segments_count(NULL) == 0);
  CHECK(mf_plan_segments_stage_count(NULL) == 0);
  CHECK_STATUS(mf_plan_segments_get(NULL, 0, &seg), MF_EINVAL);
  CHECK_STATUS(mf_plan_segments_json(&text, NULL), MF_EINVAL);
  mf_plan_segments_free(NULL);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

/* The backtests of the forecast and of the plan on generated data: every
 * period's row agrees with its covered flag, the plan's rows are periods ×
 * stages, and the error paths. */
static void backtests(void) {
  mf_dataset *data = NULL;
  mf_graph *graph = NULL;
  mf_backtest *bt = NULL;
  mf_generate_options gen = MF_GENERATE_OPTIONS_INIT;
  mf_backtest_options bo;
  mf_backtest_summary sum = MF_BACKTEST_SUMMARY_INIT;
  mf_backtest_period period = MF_BACKTEST_PERIOD_INIT;
  mf_backtest_plan_row row = MF_BACKTEST_PLAN_ROW_INIT;
  mf_backtest_plan_stage stage = MF_BACKTEST_PLAN_STAGE_INIT;
  size_t i, covered = 0;
  gen.leads = 3000;
  CHECK_OK(mf_dataset_generate(&data, &gen));
  CHECK_OK(mf_graph_the_model(&graph));
  CHECK_OK(mf_backtest_options_init(&bo, MF_BACKTEST_OPTIONS_VERSION));
  CHECK(bo.min_history_days == 180);
  CHECK(bo.plan_samples == 2000);
  bo.every = "quarter";
  bo.every_len = 7;
  bo.plan = 1;
  bo.plan_samples = 200;
  CHECK_OK(mf_backtest_compute(&bt, data, graph, &bo));
  CHECK_OK(mf_backtest_summary_get(bt, &sum));
  CHECK(sum.periods >= 2);
  CHECK(sum.plan_stages == 7);
  CHECK(sum.plan_rows == sum.periods * 7);
  for (i = 0; i < sum.periods; ++i) {
    CHECK_OK(mf_backtest_period_get(bt, i, &period));
    CHECK(period.end_micros > period.begin_micros);
    CHECK(period.p10 <= period.expected && period.expected <= period.p90);
    CHECK(period.covered == (period.p10 <= period.actual && period.actual <= period.p90));
    covered += period.covered ? 1 : 0;
  }
  CHECK(fabs(sum.coverage - (double)covered / (double)sum.periods) < 1e-12);
  CHECK_STATUS(mf_backtest_period_get(bt, sum.periods, &period), MF_ERANGE);
  CHECK_OK(mf_backtest_plan_row_get(bt, 6, &row));
  CHECK_STR(row.stage, "closed_won");
  CHECK(row.target > 0);
  CHECK(row.required_p10 <= row.required_p50 && row.required_p50 <= row.required_p90);
  CHECK(row.covered == (row.required_p10 <= row.entered_effective && row.entered_effective <= row.required_p90));
  CHECK_STATUS(mf_backtest_plan_row_get(bt, sum.plan_rows, &row), MF_ERANGE);
  CHECK_OK(mf_backtest_plan_stage_get(bt, 0, &stage));
  CHECK_STR(stage.stage, "lead");
  CHECK(stage.periods == sum.periods);
  CHECK_STATUS(mf_backtest_plan_stage_get(bt, 7, &stage), MF_ERANGE);
  stage.version = 5;
  CHECK_STATUS(mf_backtest_plan_stage_get(bt, 0, &stage), MF_EINVAL);
  sum.version = 0;
  CHECK_STATUS(mf_backtest_summary_get(bt, &sum), MF_EINVAL);
  CHECK_STATUS(mf_backtest_summary_get(NULL, &sum), MF_EINVAL);
  CHECK_STATUS(mf_backtest_period_get(bt, 0, NULL), MF_EINVAL);
  mf_backtest_free(bt);
  bt = NULL;
  /* Without the plan: no plan rows. */
  bo.plan = 0;
  CHECK_OK(mf_backtest_compute(&bt, data, graph, &bo));
  sum.version = MF_BACKTEST_SUMMARY_VERSION;
  CHECK_OK(mf_backtest_summary_get(bt, &sum));
  CHECK(sum.plan_rows == 0);
  CHECK_STATUS(mf_backtest_plan_row_get(bt, 0, &row), MF_ERANGE);
  mf_backtest_free(bt);
  bt = NULL;
  /* Errors. */
  bo.every = "fortnight";
  bo.every_len = 9;
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, &bo), MF_EINVAL);
  CHECK_ERROR_HAS("expected month or quarter");
  bo.every = NULL;
  bo.every_len = 0;
  bo.min_history_days = 100000;
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, &bo), MF_EDATA);
  bo.min_history_days = -1;
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, &bo), MF_EINVAL);
  bo.min_history_days = 180;
  bo.owner = "missing";
  bo.owner_len = 7;
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, &bo), MF_EINVAL);
  CHECK_ERROR_HAS("owner attribute 'missing'");
  bo.owner = NULL;
  bo.owner_len = 0;
  bo.version = 2;
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, &bo), MF_EINVAL);
  bo.version = MF_BACKTEST_OPTIONS_VERSION;
  CHECK_STATUS(mf_backtest_compute(&bt, NULL, graph, &bo), MF_EINVAL);
  CHECK_STATUS(mf_backtest_compute(&bt, data, graph, NULL), MF_EINVAL);
  CHECK_STATUS(mf_backtest_compute(NULL, data, graph, &bo), MF_EINVAL);
  CHECK_STATUS(mf_backtest_options_init(&bo, 0), MF_EINVAL);
  CHECK_STATUS(mf_backtest_options_init(NULL, 1), MF_EINVAL);
  CHECK(bt == NULL);
  mf_backtest_free(NULL);
  mf_graph_free(graph);
  mf_dataset_free(data);
}

int main(void) {
  acceptance();
  scenarios_and_errors();
  measured();
  by_segment();
  backtests();
  movement();
  return check_report();
}
