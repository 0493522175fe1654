// revenue.cpp — the revenue plan and forecast's C ABI (experimental) over
// the C++ revenue.hpp.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

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

namespace {

constexpr mf_revenue_measure_options kMeasureDefaults = MF_REVENUE_MEASURE_OPTIONS_INIT;
constexpr std::size_t kMeasureSizes[] = {sizeof(mf_revenue_measure_options)};
static_assert(std::size(kMeasureSizes) == MF_REVENUE_MEASURE_OPTIONS_VERSION);
constexpr mf_plan_options kPlanDefaults = MF_PLAN_OPTIONS_INIT;
constexpr std::size_t kPlanSizes[] = {sizeof(mf_plan_options)};
static_assert(std::size(kPlanSizes) == MF_PLAN_OPTIONS_VERSION);
constexpr mf_forecast_options kForecastDefaults = MF_FORECAST_OPTIONS_INIT;
constexpr std::size_t kForecastSizes[] = {sizeof(mf_forecast_options)};
static_assert(std::size(kForecastSizes) == MF_FORECAST_OPTIONS_VERSION);
constexpr std::size_t kStageSizes[] = {sizeof(mf_plan_stage)};
static_assert(std::size(kStageSizes) == MF_PLAN_STAGE_VERSION);
constexpr std::size_t kSummarySizes[] = {sizeof(mf_forecast_summary)};
static_assert(std::size(kSummarySizes) == MF_FORECAST_SUMMARY_VERSION);

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
    const mf_plan_options o = read_options(&arg(opts, "opts"), kPlanDefaults, kPlanSizes, "mf_plan_options");
    mf::PlanOptions po;
    po.target = o.target;
    po.period = period_arg(o.period, o.period_len);
    po.as_of = as_of_arg(o.has_as_of, o.as_of_micros);
    po.samples = o.samples;
    po.seed = o.seed;
    po.threads = o.threads;
    result = new mf_plan{unwrap(mf::revenue_plan(m.model, po), MF_EINVAL)};
  });
}

void mf_plan_free(mf_plan* plan) { delete plan; }

size_t mf_plan_stage_count(const mf_plan* plan) { return plan ? plan->plan.stages.size() : 0; }

int mf_plan_stage_get(const mf_plan* plan, size_t index, mf_plan_stage* out) {
  return guard("mf_plan_stage_get", [&] {
    const auto& p = arg(plan, "plan");
    const VersionedOut<mf_plan_stage> target(out, kStageSizes, "mf_plan_stage");
    const mf::PlanStageRow& r = p.plan.stages[in_index(index, p.plan.stages.size(), "stage")];
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
    target.write(s);
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

}  // extern "C"
