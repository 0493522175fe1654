// The revenue engine's sections, shared by `plan`, `forecast` and `demo`,
// and the data loading `plan` and `forecast` share (as `report` loads).
#pragma once

#include "args.hpp"
#include "output.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/revenue.hpp"

namespace modelfunnel::cli {

/// Tables `plan` (totals), `stages`, `teams`, `leverage` and `weeks` of @p plan.
void add_plan_tables(Report& report, const RevenuePlan& plan);

/// Tables `segments` (share, target, status of every segment) and
/// `stages` (each planned segment's stages, then the combined rows with
/// segment `*`) of a plan by segment.
void add_segmented_plan_tables(Report& report, const SegmentedPlan& plan);

/// Tables `forecast` (totals), `stages`, `owners`, `teams`, `categories`,
/// `rollups` and `curve` of @p forecast.
void add_forecast_tables(Report& report, const RevenueForecast& forecast);

/// Tables `backtest` (totals) and `periods`; with the plan's backtest also
/// `plan_backtest` (by stage) and `plan_periods`.
void add_backtest_tables(Report& report, const RevenueBacktest& backtest);

/// Tables `movement` (totals and slip) and `buckets` (the waterfall).
void add_movement_tables(Report& report, const PipelineMovement& movement);

/// The period of `--period`; throws UsageError.
Period period_flag(const Args& args);

}  // namespace modelfunnel::cli
