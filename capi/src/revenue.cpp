// revenue.cpp — the revenue plan and forecast's C ABI (experimental) over
// the C++ revenue.hpp.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/revenue.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

struct mf_revenue_model {
  mf::RevenueModel model;
};

struct mf_plan {
  mf::RevenuePlan plan;
};

struct mf_forecast {
  mf::RevenueForecast forecast;
};

struct mf_plan_segments {
  mf::SegmentedPlan plan;
  std::vector<std::ptrdiff_t> plan_of;  ///< Per segment row: its index in plan.plans, or -1.
};

struct mf_backtest {
  mf::RevenueBacktest backtest;
};

struct mf_movement {
  mf::PipelineMovement movement;
};

namespace {

constexpr mf_revenue_measure_options kMeasureDefaults = MF_REVENUE_MEASURE_OPTIONS_INIT;
constexpr std::size_t kMeasureSizes[] = {sizeof(mf_revenue_measure_options)};
static_assert(std::size(kMeasureSizes) == MF_REVENUE_MEASURE_OPTIONS_VERSION);
constexpr mf_plan_options kPlanDefaults = MF_PLAN_OPTIONS_INIT;
constexpr std::size_t kPlanSizes[] = {offsetof(mf_plan_options, mix_json), sizeof(mf_plan_options)};
static_assert(std::size(kPlanSizes) == MF_PLAN_OPTIONS_VERSION);
constexpr mf_forecast_options kForecastDefaults = MF_FORECAST_OPTIONS_INIT;
constexpr std::size_t kForecastSizes[] = {sizeof(mf_forecast_options)};
static_assert(std::size(kForecastSizes) == MF_FORECAST_OPTIONS_VERSION);
constexpr std::size_t kStageSizes[] = {sizeof(mf_plan_stage)};
constexpr std::size_t kSegmentSizes[] = {sizeof(mf_plan_segment)};
static_assert(std::size(kSegmentSizes) == MF_PLAN_SEGMENT_VERSION);
static_assert(std::size(kStageSizes) == MF_PLAN_STAGE_VERSION);
constexpr std::size_t kSummarySizes[] = {sizeof(mf_forecast_summary)};
static_assert(std::size(kSummarySizes) == MF_FORECAST_SUMMARY_VERSION);

constexpr mf_movement_options kMovementDefaults = MF_MOVEMENT_OPTIONS_INIT;
constexpr std::size_t kMovementSizes[] = {sizeof(mf_movement_options)};
static_assert(std::size(kMovementSizes) == MF_MOVEMENT_OPTIONS_VERSION);
constexpr std::size_t kBucketSizes[] = {sizeof(mf_movement_bucket)};
static_assert(std::size(kBucketSizes) == MF_MOVEMENT_BUCKET_VERSION);
constexpr std::size_t kMovementSummarySizes[] = {sizeof(mf_movement_summary)};
static_assert(std::size(kMovementSummarySizes) == MF_MOVEMENT_SUMMARY_VERSION);

constexpr mf_backtest_options kBacktestDefaults = MF_BACKTEST_OPTIONS_INIT;
constexpr std::size_t kBacktestSizes[] = {sizeof(mf_backtest_options)};
static_assert(std::size(kBacktestSizes) == MF_BACKTEST_OPTIONS_VERSION);
constexpr std::size_t kBacktestSummarySizes[] = {sizeof(mf_backtest_summary)};
static_assert(std::size(kBacktestSummarySizes) == MF_BACKTEST_SUMMARY_VERSION);
constexpr std::size_t kBacktestPeriodSizes[] = {sizeof(mf_backtest_period)};
static_assert(std::size(kBacktestPeriodSizes) == MF_BACKTEST_PERIOD_VERSION);
constexpr std::size_t kBacktestPlanRowSizes[] = {sizeof(mf_backtest_plan_row)};
static_assert(std::size(kBacktestPlanRowSizes) == MF_BACKTEST_PLAN_ROW_VERSION);
constexpr std::size_t kBacktestPlanStageSizes[] = {sizeof(mf_backtest_plan_stage)};
static_assert(std::size(kBacktestPlanStageSizes) == MF_BACKTEST_PLAN_STAGE_VERSION);

mf::Period period_arg(const char* data, std::size_t size) {
  const std::string_view text = in_str(data, size, "period");
  if (text.empty()) throw ArgumentError(MF_EINVAL, "opts->period is empty (e.g. \"2027-Q1\")");
  auto p = mf::parse_period(text);
  if (!p.ok()) throw ArgumentError(MF_EINVAL, std::string(p.status().message()));
  return *p;
}

std::optional<mf::Timestamp> as_of_arg(int32_t has, int64_t micros) {
  if (!has) return std::nullopt;
  return mf::Timestamp::from_micros(micros);
}

mf::PlanOptions plan_options(const mf_plan_options* opts) {
  const mf_plan_options o = read_options(&arg(opts, "opts"), kPlanDefaults, kPlanSizes, "mf_plan_options");
  mf::PlanOptions po;
  po.target = o.target;
  po.period = period_arg(o.period, o.period_len);
  po.as_of = as_of_arg(o.has_as_of, o.as_of_micros);
  po.samples = o.samples;
  po.seed = o.seed;
  po.threads = o.threads;
  const std::string_view mix = in_str(o.mix_json, o.mix_json_len, "mix_json");
  if (!mix.empty()) po.mix = unwrap(mf::parse_revenue_mix(mix), MF_EDATA);
  return po;
}

mf_plan_stage stage_of(const mf::PlanStageRow& r) {
  mf_plan_stage s{};
  s.stage = view_of(r.stage);
  s.team = view_of(r.team);
  s.required_exact = r.required_exact;
  s.required_p10 = r.required_p10;
  s.required_p50 = r.required_p50;
  s.required_p90 = r.required_p90;
  s.enter_from_micros = r.enter_from.micros();
  s.enter_by_micros = r.enter_by.micros();
  s.step_rate = r.step_rate;
  s.open = r.open;
  s.from_pipeline = r.from_pipeline;
  s.new_needed = r.new_needed;
  return s;
}

}  // namespace

extern "C" {

int mf_revenue_model_from_scenario(mf_revenue_model** out, const mf_revenue_model* base, const char* json,
                                   size_t json_len) {
  return guard("mf_revenue_model_from_scenario", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    const mf::RevenueScenario s = unwrap(mf::parse_revenue_scenario(text), MF_EDATA);
    std::optional<mf::RevenueModel> b;
    if (base) b = base->model;
    mf::RevenueModel m = unwrap(mf::apply_scenario(b, s), MF_EDATA);
    result = new mf_revenue_model{std::move(m)};
  });
}

int mf_revenue_model_load_scenario(mf_revenue_model** out, const mf_revenue_model* base, const char* path,
                                   size_t path_len) {
  return guard("mf_revenue_model_load_scenario", [&] {
    auto& result = arg(out, "out");
    const std::string file(in_str(path, path_len, "path"));
    const mf::RevenueScenario s = unwrap(mf::load_revenue_scenario_file(file), MF_EDATA);
    std::optional<mf::RevenueModel> b;
    if (base) b = base->model;
    mf::RevenueModel m = unwrap(mf::apply_scenario(b, s), MF_EDATA);
    result = new mf_revenue_model{std::move(m)};
  });
}

int mf_revenue_measure_options_init(mf_revenue_measure_options* opts, uint32_t version) {
  return guard("mf_revenue_measure_options_init", [&] {
    init_options(opts, version, kMeasureDefaults, kMeasureSizes, "mf_revenue_measure_options");
  });
}

int mf_revenue_model_measure(mf_revenue_model** out, const mf_dataset* data, const mf_graph* graph,
                             const mf_revenue_measure_options* opts) {
  return guard("mf_revenue_model_measure", [&] {
    auto& result = arg(out, "out");
    const auto& d = arg(data, "data");
    const auto& g = arg(graph, "graph");
    const mf_revenue_measure_options o =
        read_options(&arg(opts, "opts"), kMeasureDefaults, kMeasureSizes, "mf_revenue_measure_options");
    mf::MeasureOptions mo;
    mo.period = period_arg(o.period, o.period_len);
    mo.as_of = as_of_arg(o.has_as_of, o.as_of_micros);
    mo.owner_attribute = std::string(in_str(o.owner, o.owner_len, "owner"));
    mo.threads = o.threads;
    auto m = mf::measure_revenue_model(d.data, g.graph, mo);
    if (!m.ok() && absl::IsInvalidArgument(m.status()) &&
        std::string(m.status().message()).find("no record was won") != std::string::npos)
      throw Failure(MF_EDATA, std::string(m.status().message()));
    result = new mf_revenue_model{unwrap(std::move(m), MF_EINVAL)};
  });
}

void mf_revenue_model_free(mf_revenue_model* model) { delete model; }

size_t mf_revenue_model_stage_count(const mf_revenue_model* model) {
  return model ? model->model.stages.size() : 0;
}

int mf_plan_options_init(mf_plan_options* opts, uint32_t version) {
  return guard("mf_plan_options_init", [&] { init_options(opts, version, kPlanDefaults, kPlanSizes, "mf_plan_options"); });
}

int mf_plan_compute(mf_plan** out, const mf_revenue_model* model, const mf_plan_options* opts) {
  return guard("mf_plan_compute", [&] {
    auto& result = arg(out, "out");
    const auto& m = arg(model, "model");
    const mf::PlanOptions po = plan_options(opts);
    if (!po.mix.empty()) throw ArgumentError(MF_EINVAL, "opts->mix_json is for mf_plan_segments_compute()");
    result = new mf_plan{unwrap(mf::revenue_plan(m.model, po), MF_EINVAL)};
  });
}

void mf_plan_free(mf_plan* plan) { delete plan; }

size_t mf_plan_stage_count(const mf_plan* plan) { return plan ? plan->plan.stages.size() : 0; }

int mf_plan_stage_get(const mf_plan* plan, size_t index, mf_plan_stage* out) {
  return guard("mf_plan_stage_get", [&] {
    const auto& p = arg(plan, "plan");
    const VersionedOut<mf_plan_stage> target(out, kStageSizes, "mf_plan_stage");
    target.write(stage_of(p.plan.stages[in_index(index, p.plan.stages.size(), "stage")]));
  });
}

int mf_plan_totals(const mf_plan* plan, double* p_pipeline_only, double* p_with_plan,
                   double* pipeline_expected_revenue, double* mean_deal_size) {
  return guard("mf_plan_totals", [&] {
    const auto& p = arg(plan, "plan").plan;
    maybe_set(p_pipeline_only, p.p_target_pipeline_only);
    maybe_set(p_with_plan, p.p_target_with_plan);
    maybe_set(pipeline_expected_revenue, p.pipeline_expected_revenue);
    maybe_set(mean_deal_size, p.mean_deal_size);
  });
}

int mf_plan_csv(mf_text** out, const mf_plan* plan) {
  return guard("mf_plan_csv", [&] {
    auto& result = arg(out, "out");
    const auto& p = arg(plan, "plan");
    result = new mf_text{mf::plan_csv(p.plan)};
  });
}

int mf_plan_json(mf_text** out, const mf_plan* plan) {
  return guard("mf_plan_json", [&] {
    auto& result = arg(out, "out");
    const auto& p = arg(plan, "plan");
    result = new mf_text{mf::plan_json(p.plan)};
  });
}

int mf_plan_segments_compute(mf_plan_segments** out, const mf_dataset* data, const mf_graph* graph, const char* by,
                             size_t by_len, const mf_revenue_measure_options* measure, const mf_plan_options* opts) {
  return guard("mf_plan_segments_compute", [&] {
    auto& result = arg(out, "out");
    const auto& d = arg(data, "data");
    const auto& g = arg(graph, "graph");
    const std::string attribute(in_str(by, by_len, "by"));
    if (attribute.empty()) throw ArgumentError(MF_EINVAL, "by is empty (name a string attribute, e.g. \"channel\")");
    const mf_revenue_measure_options m =
        read_options(&arg(measure, "measure"), kMeasureDefaults, kMeasureSizes, "mf_revenue_measure_options");
    mf::MeasureOptions mo;
    mo.period = period_arg(m.period, m.period_len);
    mo.as_of = as_of_arg(m.has_as_of, m.as_of_micros);
    mo.owner_attribute = std::string(in_str(m.owner, m.owner_len, "owner"));
    mo.threads = m.threads;
    const mf::PlanOptions po = plan_options(opts);
    if (!(po.target > 0) || !std::isfinite(po.target))
      throw ArgumentError(MF_EINVAL, "opts->target must be a positive amount");
    const std::vector<mf::RevenueSegment> segments =
        unwrap(mf::measure_revenue_segments(d.data, g.graph, mo, attribute), MF_EINVAL);
    // What is left to refuse is the data's (a mix that does not fit it,
    // nothing won to share the target by).
    auto* handle = new mf_plan_segments{unwrap(mf::revenue_plan_segments(segments, po), MF_EDATA), {}};
    std::ptrdiff_t next = 0;
    for (const mf::SegmentPlanRow& r : handle->plan.segments) handle->plan_of.push_back(r.status == "ok" ? next++ : -1);
    result = handle;
  });
}

void mf_plan_segments_free(mf_plan_segments* plan) { delete plan; }

size_t mf_plan_segments_count(const mf_plan_segments* plan) { return plan ? plan->plan.segments.size() : 0; }

int mf_plan_segments_get(const mf_plan_segments* plan, size_t index, mf_plan_segment* out) {
  return guard("mf_plan_segments_get", [&] {
    const auto& p = arg(plan, "plan");
    const VersionedOut<mf_plan_segment> target(out, kSegmentSizes, "mf_plan_segment");
    const std::size_t i = in_index(index, p.plan.segments.size(), "segment");
    const mf::SegmentPlanRow& r = p.plan.segments[i];
    mf_plan_segment s{};
    s.segment = view_of(r.segment);
    s.share = r.share;
    s.target = r.target;
    s.won_deals = r.won_deals;
    s.won_revenue = r.won_revenue;
    s.status = view_of(r.status);
    s.note = view_of(r.note);
    s.mean_deal_size = r.mean_deal_size;
    s.planned = p.plan_of[i] >= 0 ? 1 : 0;
    target.write(s);
  });
}

size_t mf_plan_segments_stage_count(const mf_plan_segments* plan) { return plan ? plan->plan.combined.size() : 0; }

int mf_plan_segments_stage_get(const mf_plan_segments* plan, size_t segment, size_t stage, mf_plan_stage* out) {
  return guard("mf_plan_segments_stage_get", [&] {
    const auto& p = arg(plan, "plan");
    const VersionedOut<mf_plan_stage> target(out, kStageSizes, "mf_plan_stage");
    const std::size_t k = in_index(segment, p.plan.segments.size() + 1, "segment");
    const std::vector<mf::PlanStageRow>* rows = &p.plan.combined;
    if (k < p.plan.segments.size()) {
      if (p.plan_of[k] < 0)
        throw Failure(MF_ERANGE, absl::StrCat("segment ", k, " was not planned (", p.plan.segments[k].status, ")"));
      rows = &p.plan.plans[static_cast<std::size_t>(p.plan_of[k])].second.stages;
    }
    target.write(stage_of((*rows)[in_index(stage, rows->size(), "stage")]));
  });
}

int mf_plan_segments_csv(mf_text** out, const mf_plan_segments* plan, const char* table, size_t table_len) {
  return guard("mf_plan_segments_csv", [&] {
    auto& result = arg(out, "out");
    const auto& p = arg(plan, "plan");
    const std::string_view name = in_str(table, table_len, "table");
    result = new mf_text{unwrap(mf::segmented_plan_csv(p.plan, name), MF_EINVAL)};
  });
}

int mf_plan_segments_json(mf_text** out, const mf_plan_segments* plan) {
  return guard("mf_plan_segments_json", [&] {
    auto& result = arg(out, "out");
    const auto& p = arg(plan, "plan");
    result = new mf_text{mf::segmented_plan_json(p.plan)};
  });
}

int mf_forecast_options_init(mf_forecast_options* opts, uint32_t version) {
  return guard("mf_forecast_options_init", [&] {
    init_options(opts, version, kForecastDefaults, kForecastSizes, "mf_forecast_options");
  });
}

int mf_forecast_compute(mf_forecast** out, const mf_dataset* data, const mf_graph* graph,
                        const mf_forecast_options* opts) {
  return guard("mf_forecast_compute", [&] {
    auto& result = arg(out, "out");
    const auto& d = arg(data, "data");
    const auto& g = arg(graph, "graph");
    const mf_forecast_options o =
        read_options(&arg(opts, "opts"), kForecastDefaults, kForecastSizes, "mf_forecast_options");
    mf::ForecastOptions fo;
    fo.period = period_arg(o.period, o.period_len);
    fo.as_of = as_of_arg(o.has_as_of, o.as_of_micros);
    fo.owner_attribute = std::string(in_str(o.owner, o.owner_len, "owner"));
    fo.samples = o.samples;
    fo.seed = o.seed;
    fo.threads = o.threads;
    auto f = mf::revenue_forecast(d.data, g.graph, fo);
    if (!f.ok() && absl::IsInvalidArgument(f.status()) &&
        std::string(f.status().message()).find("no record was won") != std::string::npos)
      throw Failure(MF_EDATA, std::string(f.status().message()));
    result = new mf_forecast{unwrap(std::move(f), MF_EINVAL)};
  });
}

void mf_forecast_free(mf_forecast* forecast) { delete forecast; }

int mf_forecast_summary_get(const mf_forecast* forecast, mf_forecast_summary* out) {
  return guard("mf_forecast_summary_get", [&] {
    const auto& f = arg(forecast, "forecast").forecast;
    const VersionedOut<mf_forecast_summary> target(out, kSummarySizes, "mf_forecast_summary");
    mf_forecast_summary s{};
    s.open_deals = f.open_deals;
    s.amounts_imputed = f.amounts_imputed;
    s.expected = f.expected;
    s.sd = f.sd;
    s.p10 = f.p10;
    s.p50 = f.p50;
    s.p90 = f.p90;
    s.won_so_far = f.won_so_far;
    s.method = static_cast<int32_t>(f.method);
    s.cdf_error_bound = f.cdf_error_bound;
    target.write(s);
  });
}

int mf_forecast_csv(mf_text** out, const mf_forecast* forecast, const char* table, size_t table_len) {
  return guard("mf_forecast_csv", [&] {
    auto& result = arg(out, "out");
    const auto& f = arg(forecast, "forecast");
    const std::string_view name = in_str(table, table_len, "table");
    result = new mf_text{unwrap(mf::forecast_csv(f.forecast, name), MF_EINVAL)};
  });
}

int mf_forecast_json(mf_text** out, const mf_forecast* forecast) {
  return guard("mf_forecast_json", [&] {
    auto& result = arg(out, "out");
    const auto& f = arg(forecast, "forecast");
    result = new mf_text{mf::forecast_json(f.forecast)};
  });
}

int mf_movement_options_init(mf_movement_options* opts, uint32_t version) {
  return guard("mf_movement_options_init", [&] {
    init_options(opts, version, kMovementDefaults, kMovementSizes, "mf_movement_options");
  });
}

int mf_movement_compute(mf_movement** out, const mf_dataset* data, const mf_graph* graph,
                        const mf_movement_options* opts) {
  return guard("mf_movement_compute", [&] {
    auto& result = arg(out, "out");
    const auto& d = arg(data, "data");
    const auto& g = arg(graph, "graph");
    const mf_movement_options o =
        read_options(&arg(opts, "opts"), kMovementDefaults, kMovementSizes, "mf_movement_options");
    mf::MovementOptions mo;
    mo.from = mf::Timestamp::from_micros(o.from_micros);
    mo.to = mf::Timestamp::from_micros(o.to_micros);
    // NULL (length 0) or empty: no close-date window / the default first stage.
    if (!in_str(o.period, o.period_len, "period").empty()) mo.period = period_arg(o.period, o.period_len);
    mo.first_stage = std::string(in_str(o.first_stage, o.first_stage_len, "first_stage"));
    mo.threads = o.threads;
    auto m = mf::revenue_movement(d.data, g.graph, mo);
    if (!m.ok() && absl::IsOutOfRange(m.status())) throw Failure(MF_ERANGE, std::string(m.status().message()));
    result = new mf_movement{unwrap(std::move(m), MF_EINVAL)};
  });
}

void mf_movement_free(mf_movement* movement) { delete movement; }

size_t mf_movement_bucket_count(const mf_movement* movement) {
  return movement == nullptr ? 0 : movement->movement.buckets.size();
}

int mf_movement_bucket_get(const mf_movement* movement, size_t index, mf_movement_bucket* out) {
  return guard("mf_movement_bucket_get", [&] {
    const auto& m = arg(movement, "movement").movement;
    const VersionedOut<mf_movement_bucket> target(out, kBucketSizes, "mf_movement_bucket");
    const mf::MovementBucketRow& r = m.buckets[in_index(index, m.buckets.size(), "bucket")];
    const std::string_view name = mf::to_string(r.bucket);
    mf_movement_bucket b{};
    b.bucket = {name.data(), name.size()};
    b.deals = r.deals;
    b.count_change = r.count_change;
    b.amount_from = r.amount_from.value();
    b.amount_to = r.amount_to.value();
    b.amount_change = r.amount_change.value();
    b.amount_change_scaled = r.amount_change.scaled();
    target.write(b);
  });
}

int mf_movement_summary_get(const mf_movement* movement, mf_movement_summary* out) {
  return guard("mf_movement_summary_get", [&] {
    const auto& m = arg(movement, "movement").movement;
    const VersionedOut<mf_movement_summary> target(out, kMovementSummarySizes, "mf_movement_summary");
    mf_movement_summary s{};
    s.opening_deals = m.opening_deals;
    s.opening_amount = m.opening_amount.value();
    s.opening_amount_scaled = m.opening_amount.scaled();
    s.closing_deals = m.closing_deals;
    s.closing_amount = m.closing_amount.value();
    s.closing_amount_scaled = m.closing_amount.scaled();
    s.pushes = m.pushes;
    s.deals_pushed = m.deals_pushed;
    s.deals_pushed_again = m.deals_pushed_again;
    s.slip_rate = m.slip_rate;
    target.write(s);
  });
}

int mf_movement_csv(mf_text** out, const mf_movement* movement, const char* table, size_t table_len) {
  return guard("mf_movement_csv", [&] {
    auto& result = arg(out, "out");
    const auto& m = arg(movement, "movement");
    const std::string_view name = in_str(table, table_len, "table");
    result = new mf_text{unwrap(mf::movement_csv(m.movement, name), MF_EINVAL)};
  });
}

int mf_movement_json(mf_text** out, const mf_movement* movement) {
  return guard("mf_movement_json", [&] {
    auto& result = arg(out, "out");
    const auto& m = arg(movement, "movement");
    result = new mf_text{mf::movement_json(m.movement)};
  });
}

int mf_backtest_options_init(mf_backtest_options* opts, uint32_t version) {
  return guard("mf_backtest_options_init", [&] {
    init_options(opts, version, kBacktestDefaults, kBacktestSizes, "mf_backtest_options");
  });
}

int mf_backtest_compute(mf_backtest** out, const mf_dataset* data, const mf_graph* graph,
                        const mf_backtest_options* opts) {
  return guard("mf_backtest_compute", [&] {
    auto& result = arg(out, "out");
    const auto& d = arg(data, "data");
    const auto& g = arg(graph, "graph");
    const mf_backtest_options o =
        read_options(&arg(opts, "opts"), kBacktestDefaults, kBacktestSizes, "mf_backtest_options");
    mf::BacktestOptions bo;
    const std::string_view every = in_str(o.every, o.every_len, "every");
    if (!every.empty()) bo.every = std::string(every);
    if (bo.every != "month" && bo.every != "quarter")
      throw ArgumentError(MF_EINVAL, absl::StrCat("opts->every: expected month or quarter; got '", bo.every, "'"));
    if (o.min_history_days < 0) throw ArgumentError(MF_EINVAL, "opts->min_history_days is negative");
    bo.min_history_days = o.min_history_days;
    bo.owner_attribute = std::string(in_str(o.owner, o.owner_len, "owner"));
    bo.threads = o.threads;
    bo.plan = o.plan != 0;
    bo.plan_samples = o.plan_samples;
    bo.seed = o.seed;
    auto b = mf::revenue_backtest(d.data, g.graph, bo);
    // The caller's arguments were checked above but the owner: what is left
    // is the data's (no period to test, nothing won).
    const bool owner = !b.ok() && std::string(b.status().message()).find("owner attribute") != std::string::npos;
    result = new mf_backtest{unwrap(std::move(b), owner ? MF_EINVAL : MF_EDATA)};
  });
}

void mf_backtest_free(mf_backtest* backtest) { delete backtest; }

int mf_backtest_summary_get(const mf_backtest* backtest, mf_backtest_summary* out) {
  return guard("mf_backtest_summary_get", [&] {
    const auto& b = arg(backtest, "backtest").backtest;
    const VersionedOut<mf_backtest_summary> target(out, kBacktestSummarySizes, "mf_backtest_summary");
    mf_backtest_summary s{};
    s.periods = b.periods.size();
    s.coverage = b.coverage;
    s.bias = b.bias;
    s.mape = b.mape;
    s.plan_rows = b.plan.size();
    s.plan_stages = b.plan_stages.size();
    target.write(s);
  });
}

int mf_backtest_period_get(const mf_backtest* backtest, size_t index, mf_backtest_period* out) {
  return guard("mf_backtest_period_get", [&] {
    const auto& b = arg(backtest, "backtest").backtest;
    const VersionedOut<mf_backtest_period> target(out, kBacktestPeriodSizes, "mf_backtest_period");
    const mf::BacktestRow& r = b.periods[in_index(index, b.periods.size(), "period")];
    mf_backtest_period p{};
    p.begin_micros = r.period.begin.micros();
    p.end_micros = r.period.end.micros();
    p.deals = r.deals;
    p.expected = r.expected;
    p.p10 = r.p10;
    p.p90 = r.p90;
    p.actual = r.actual;
    p.covered = r.covered ? 1 : 0;
    target.write(p);
  });
}

int mf_backtest_plan_row_get(const mf_backtest* backtest, size_t index, mf_backtest_plan_row* out) {
  return guard("mf_backtest_plan_row_get", [&] {
    const auto& b = arg(backtest, "backtest").backtest;
    const VersionedOut<mf_backtest_plan_row> target(out, kBacktestPlanRowSizes, "mf_backtest_plan_row");
    const mf::PlanBacktestRow& r = b.plan[in_index(index, b.plan.size(), "plan row")];
    mf_backtest_plan_row p{};
    p.begin_micros = r.period.begin.micros();
    p.end_micros = r.period.end.micros();
    p.stage = view_of(r.stage);
    p.target = r.target;
    p.required_p10 = r.required_p10;
    p.required_p50 = r.required_p50;
    p.required_p90 = r.required_p90;
    p.enter_from_micros = r.enter_from.micros();
    p.enter_by_micros = r.enter_by.micros();
    p.entered = r.entered;
    p.entered_effective = r.entered_effective;
    p.covered = r.covered ? 1 : 0;
    target.write(p);
  });
}

int mf_backtest_plan_stage_get(const mf_backtest* backtest, size_t index, mf_backtest_plan_stage* out) {
  return guard("mf_backtest_plan_stage_get", [&] {
    const auto& b = arg(backtest, "backtest").backtest;
    const VersionedOut<mf_backtest_plan_stage> target(out, kBacktestPlanStageSizes, "mf_backtest_plan_stage");
    const mf::PlanBacktestStageRow& r = b.plan_stages[in_index(index, b.plan_stages.size(), "plan stage")];
    mf_backtest_plan_stage p{};
    p.stage = view_of(r.stage);
    p.periods = r.periods;
    p.coverage = r.coverage;
    p.bias = r.bias;
    p.mape = r.mape;
    target.write(p);
  });
}

}  // extern "C"
