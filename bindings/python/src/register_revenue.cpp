// The revenue plan, forecast and movement for Python: each call returns the
// engine's JSON document (plan_json, forecast_json, movement_json; the backtest as a dict), which
// modelfunnel/_revenue.py turns into DataFrames. Work runs without the GIL;
// keywords arrive checked by _revenue.py.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>

#include "core.hpp"
#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"

namespace modelfunnel::python {
namespace {

Period period_of(const std::string& text) { return unwrap(parse_period(text)); }

std::optional<Timestamp> time_of(const std::optional<std::int64_t>& micros) {
  if (!micros) return std::nullopt;
  return Timestamp::from_micros(*micros);
}

std::string plan(std::optional<std::string> scenario_path, std::optional<std::string> scenario_json,
                 const DataSet* data, const StageGraph& graph, double target, const std::string& period,
                 std::optional<std::int64_t> as_of_us, std::uint64_t samples, std::uint64_t seed,
                 std::string owner, unsigned threads) {
  std::string out;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      absl::StatusOr<Period> p = parse_period(period);
      if (!p.ok()) return p.status();
      std::optional<RevenueModel> base;
      if (data != nullptr) {
        MeasureOptions mo;
        mo.period = *p;
        mo.as_of = time_of(as_of_us);
        mo.owner_attribute = owner;
        mo.threads = threads;
        auto m = measure_revenue_model(*data, graph, mo);
        if (!m.ok()) return m.status();
        base = *std::move(m);
      }
      RevenueModel model = base ? *base : RevenueModel{};
      std::optional<RevenueScenario> s;
      if (scenario_path) {
        auto loaded = load_revenue_scenario_file(*scenario_path);
        if (!loaded.ok()) return loaded.status();
        s = *std::move(loaded);
      } else if (scenario_json) {
        auto parsed = parse_revenue_scenario(*scenario_json);
        if (!parsed.ok()) return parsed.status();
        s = *std::move(parsed);
      }
      if (s) {
        auto m = apply_scenario(base, *s, graph);
        if (!m.ok()) return m.status();
        model = *std::move(m);
      }
      PlanOptions po;
      po.target = target;
      po.period = *p;
      po.as_of = time_of(as_of_us);
      po.samples = samples;
      po.seed = seed;
      po.threads = threads;
      auto r = revenue_plan(model, po);
      if (!r.ok()) return r.status();
      out = plan_json(*r);
      return absl::OkStatus();
    }();
  }
  check(status);
  return out;
}

std::string plan_segments(std::optional<std::string> scenario_path, std::optional<std::string> scenario_json,
                          const DataSet& data, const StageGraph& graph, const std::string& by,
                          std::optional<std::string> mix_json, double target, const std::string& period,
                          std::optional<std::int64_t> as_of_us, std::uint64_t samples, std::uint64_t seed,
                          std::string owner, unsigned threads) {
  std::string out;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      absl::StatusOr<Period> p = parse_period(period);
      if (!p.ok()) return p.status();
      std::optional<RevenueScenario> s;
      if (scenario_path) {
        auto loaded = load_revenue_scenario_file(*scenario_path);
        if (!loaded.ok()) return loaded.status();
        s = *std::move(loaded);
      } else if (scenario_json) {
        auto parsed = parse_revenue_scenario(*scenario_json);
        if (!parsed.ok()) return parsed.status();
        s = *std::move(parsed);
      }
      if (s && s->pipeline)
        return absl::InvalidArgumentError("with by, a scenario cannot give a pipeline (each segment's is measured)");
      PlanOptions po;
      po.target = target;
      po.period = *p;
      po.as_of = time_of(as_of_us);
      po.samples = samples;
      po.seed = seed;
      po.threads = threads;
      if (mix_json) {
        if (s && !s->mix.empty()) return absl::InvalidArgumentError("give the mix once: mix= or the scenario's \"mix\"");
        auto mix = parse_revenue_mix(*mix_json);
        if (!mix.ok()) return absl::InvalidArgumentError(absl::StrCat("mix: ", mix.status().message()));
        po.mix = *std::move(mix);
      } else if (s) {
        po.mix = s->mix;
      }
      MeasureOptions mo;
      mo.period = *p;
      mo.as_of = po.as_of;
      mo.owner_attribute = owner;
      mo.threads = threads;
      auto segments = measure_revenue_segments(data, graph, mo, by);
      if (!segments.ok()) return segments.status();
      if (s) {
        for (RevenueSegment& seg : *segments) {
          if (!seg.model) continue;
          auto m = apply_scenario(*seg.model, *s, graph);
          if (!m.ok()) return absl::InvalidArgumentError(absl::StrCat("segment '", seg.segment, "': ", m.status().message()));
          seg.model = *std::move(m);
        }
      }
      auto r = revenue_plan_segments(*segments, po);
      if (!r.ok()) return r.status();
      out = segmented_plan_json(*r);
      return absl::OkStatus();
    }();
  }
  check(status);
  return out;
}

std::string forecast(const DataSet& data, const StageGraph& graph, const std::string& period,
                     std::optional<std::int64_t> as_of_us, std::string owner, std::uint64_t samples,
                     std::uint64_t seed, unsigned threads) {
  ForecastOptions o;
  o.period = period_of(period);
  o.as_of = time_of(as_of_us);
  o.owner_attribute = std::move(owner);
  o.samples = samples;
  o.seed = seed;
  o.threads = threads;
  absl::StatusOr<RevenueForecast> f;
  {
    py::gil_scoped_release release;
    f = revenue_forecast(data, graph, o);
  }
  return forecast_json(unwrap(std::move(f)));
}

py::dict backtest(const DataSet& data, const StageGraph& graph, std::string every, std::int64_t min_history_days,
                  std::string owner, unsigned threads, bool plan, std::uint64_t plan_samples, std::uint64_t seed) {
  BacktestOptions o;
  o.plan = plan;
  o.plan_samples = plan_samples;
  o.seed = seed;
  o.every = std::move(every);
  o.min_history_days = min_history_days;
  o.owner_attribute = std::move(owner);
  o.threads = threads;
  absl::StatusOr<RevenueBacktest> b;
  {
    py::gil_scoped_release release;
    b = revenue_backtest(data, graph, o);
  }
  const RevenueBacktest r = unwrap(std::move(b));
  py::list periods;
  for (const BacktestRow& row : r.periods) {
    py::dict d;
    d["period"] = to_string(row.period);
    d["deals"] = row.deals;
    d["expected"] = row.expected;
    d["p10"] = row.p10;
    d["p90"] = row.p90;
    d["actual"] = row.actual;
    d["covered"] = row.covered;
    periods.append(d);
  }
  py::list plans, plan_stages;
  for (const PlanBacktestRow& row : r.plan) {
    py::dict d;
    d["period"] = to_string(row.period);
    d["stage"] = row.stage;
    d["target"] = row.target;
    d["required_p10"] = row.required_p10;
    d["required_p50"] = row.required_p50;
    d["required_p90"] = row.required_p90;
    d["enter_from"] = format_timestamp(row.enter_from).substr(0, 10);
    d["enter_by"] = format_timestamp(row.enter_by).substr(0, 10);
    d["entered"] = row.entered;
    d["entered_effective"] = row.entered_effective;
    d["covered"] = row.covered;
    plans.append(d);
  }
  for (const PlanBacktestStageRow& row : r.plan_stages) {
    py::dict d;
    d["stage"] = row.stage;
    d["periods"] = row.periods;
    d["coverage"] = row.coverage;
    d["bias"] = row.bias;
    d["mape"] = row.mape;
    plan_stages.append(d);
  }
  py::dict out;
  out["plan"] = plans;
  out["plan_stages"] = plan_stages;
  out["periods"] = periods;
  out["coverage"] = r.coverage;
  out["bias"] = r.bias;
  out["mape"] = r.mape;
  return out;
}

std::string movement(const DataSet& data, const StageGraph& graph, std::int64_t from_us, std::int64_t to_us,
                     std::optional<std::string> period, std::string first_stage, unsigned threads) {
  MovementOptions o;
  o.from = Timestamp::from_micros(from_us);
  o.to = Timestamp::from_micros(to_us);
  if (period) o.period = period_of(*period);
  o.first_stage = std::move(first_stage);
  o.threads = threads;
  absl::StatusOr<PipelineMovement> m;
  {
    py::gil_scoped_release release;
    m = revenue_movement(data, graph, o);
  }
  return movement_json(unwrap(std::move(m)));
}

}  // namespace

void register_revenue(py::module_& m) {
  m.def("revenue_plan", &plan, py::arg("scenario_path"), py::arg("scenario_json"), py::arg("data"),
        py::arg("graph"), py::arg("target"), py::arg("period"), py::arg("as_of_us"), py::arg("samples"),
        py::arg("seed"), py::arg("owner"), py::arg("threads"));
  m.def("revenue_plan_segments", &plan_segments, py::arg("scenario_path"), py::arg("scenario_json"), py::arg("data"),
        py::arg("graph"), py::arg("by"), py::arg("mix_json"), py::arg("target"), py::arg("period"),
        py::arg("as_of_us"), py::arg("samples"), py::arg("seed"), py::arg("owner"), py::arg("threads"));
  m.def("revenue_forecast", &forecast, py::arg("data"), py::arg("graph"), py::arg("period"), py::arg("as_of_us"),
        py::arg("owner"), py::arg("samples"), py::arg("seed"), py::arg("threads"));
  m.def("revenue_backtest", &backtest, py::arg("data"), py::arg("graph"), py::arg("every"),
        py::arg("min_history_days"), py::arg("owner"), py::arg("threads"), py::arg("plan"),
        py::arg("plan_samples"), py::arg("seed"));
  m.def("revenue_movement", &movement, py::arg("data"), py::arg("graph"), py::arg("from_us"), py::arg("to_us"),
        py::arg("period"), py::arg("first_stage"), py::arg("threads"));
}

}  // namespace modelfunnel::python
