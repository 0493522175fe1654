/// @file revenue.hpp
/// @brief The revenue engine: a target run backwards through the funnel
/// (`plan`) and the open pipeline forecast forwards (`forecast`).
///
/// A **plan** starts from a revenue target for a period and divides it back
/// through the step conversion rates of the main path: wins needed, then
/// negotiations, proposals, … leads. The exact real volume is computed at
/// every stage and rounded up once, per stage. Each stage also gets the
/// window in which its records must *enter* so that their stage-to-won lag
/// lands them in the period, spread by week; each team its target; the
/// expected wins the open pipeline already brings, and what is still new;
/// the uncertainty (Beta posteriors on rates, empirical deal sizes) by a
/// seeded Monte Carlo; and what one more point of conversion at each step is
/// worth (the same ranking as the funnel report's bottlenecks).
///
/// A **forecast** takes every record open at `as_of` and the probability
/// that it is won inside the period given its stage and its age there
/// (learned from the records before `as_of`), and sums amount × probability;
/// its distribution (exact Poisson-binomial for small equal-amount sets,
/// else a normal approximation with its Berry–Esseen error bound, or Monte
/// Carlo); by stage, owner, team and forecast category with cumulative
/// roll-ups; and a backtest against what happened.
///
/// docs/revenue.md defines every figure and walks a plan through.
///
/// @code
/// auto scenario = modelfunnel::load_revenue_scenario_file("examples/revenue/scenario.json");
/// modelfunnel::PlanOptions opt;
/// opt.target = 1'000'000;
/// opt.period = *modelfunnel::parse_period("2027-Q1");
/// auto model = modelfunnel::apply_scenario(std::nullopt, *scenario);
/// auto plan = modelfunnel::revenue_plan(*model, opt);
/// for (const auto& s : plan->stages) std::cout << s.stage << ' ' << s.required_p50 << '\n';
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// A half-open time range [begin, end), in UTC.
struct Period {
  Timestamp begin;  ///< First instant of the period.
  Timestamp end;    ///< First instant after it.
  /// Memberwise equality.
  bool operator==(const Period&) const = default;
};

/// Parses a period: `2027-Q1` (a quarter), `2027-03` (a month), `2027` (a
/// year), `2027-W05` (an ISO week) or `FROM..TO` (two ISO dates, TO
/// exclusive).
/// @return InvalidArgument saying which forms are accepted.
absl::StatusOr<Period> parse_period(std::string_view text);

/// The period as text: the quarter/month/year form when it is one,
/// otherwise `FROM..TO`.
std::string to_string(const Period& period);

/// One step of the main path: the share of records at `from` that reach `to`.
struct RevenueStep {
  std::string from;  ///< Stage id stepped from.
  std::string to;    ///< Stage id stepped into.
  double rate = 0;   ///< Conversion in [0, 1] (the posterior mean's data: converted / trials).
  /// The counts behind the rate. With `trials` > 0 the rate is uncertain:
  /// Monte Carlo draws it from Beta(1 + converted, 1 + trials − converted)
  /// (a uniform prior). With 0 trials the rate is taken as known.
  std::uint64_t converted = 0;
  std::uint64_t trials = 0;  ///< Records that could have converted.
};

/// A record open at `as_of`, as the plan sees it.
struct OpenDeal {
  std::string stage;       ///< Its current main-path stage.
  double age_days = 0;     ///< Days since it entered that stage.
  double amount = 0;       ///< Its amount (the mean deal size where it has none).
  /// P(won inside the period | stage, age); negative: not given (the plan
  /// then uses the product of the remaining step rates times the share of
  /// the stage's lags that land inside the period, ignoring age).
  double probability = -1;
};

/// Everything a plan runs on: measured (measure_revenue_model()) or from a
/// scenario file (apply_scenario()), or one overriding the other.
struct RevenueModel {
  /// Main-path stage ids, entry first, won last; at least two.
  std::vector<std::string> stages;
  /// Owning team per stage (joint owners joined by `|`; `""` when unknown).
  std::vector<std::string> teams;
  /// stages.size() − 1 steps; steps[i] goes from stages[i] to stages[i + 1].
  std::vector<RevenueStep> steps;
  /// Deal sizes of won records (an empirical distribution); one value is a
  /// fixed deal size. Never empty in a usable model.
  std::vector<double> deal_sizes;
  /// Per stage, days from entering it to being won, over won records (an
  /// empirical distribution); empty: 0 days (won the day it enters).
  std::vector<std::vector<double>> lag_days;
  /// Records open now (empty: no pipeline).
  std::vector<OpenDeal> pipeline;
  /// False: every figure is a point estimate (P10 = P50 = P90).
  bool uncertainty = true;
  /// Where the figures came from, in words (shown in outputs).
  std::string source;
};

/// A scenario file, parsed: overrides of any part of a model (schema in
/// docs/revenue.md). Fields left out keep the base model's values.
struct RevenueScenario {
  std::string name;                       ///< `name`, or the file's stem.
  std::vector<RevenueStep> steps;         ///< `steps`: rates to set (all of them when there is no base).
  std::vector<double> deal_sizes;         ///< `deal_size` (a number or a list).
  std::vector<std::pair<std::string, std::vector<double>>> lag_days;  ///< `lag_days` per stage.
  std::optional<std::vector<OpenDeal>> pipeline;  ///< `pipeline` (a list; `[]` clears it).
  std::optional<bool> uncertainty;        ///< `uncertainty`.
  /// `mix`: each segment's share of the target, for a plan by segment
  /// (revenue_plan_segments()); shares in [0, 1] summing to 1 ± 1e-9.
  std::vector<std::pair<std::string, double>> mix;
};

/// Parses a scenario (JSON, comments allowed, strict keys, `"version": 1`).
/// @return InvalidArgument naming the JSON path and the rule broken, or the
///   line and column of a syntax error.
absl::StatusOr<RevenueScenario> parse_revenue_scenario(std::string_view json);

/// Reads @p path and parses it; errors start with the path (NotFound when
/// the file does not exist). The name defaults to the file's stem.
absl::StatusOr<RevenueScenario> load_revenue_scenario_file(const std::filesystem::path& path);

/// The model @p base with @p scenario's overrides applied; without a base,
/// the scenario must give the steps (a chain from the entry to the won
/// stage) and a deal size. Teams come from @p graph when a stage is in it.
/// @return InvalidArgument naming the override that does not fit (a step
///   the base lacks, a lag for an unknown stage, a broken chain).
absl::StatusOr<RevenueModel> apply_scenario(const std::optional<RevenueModel>& base,
                                            const RevenueScenario& scenario,
                                            const StageGraph& graph = StageGraph::the_model());

/// How to measure a model from data.
struct MeasureOptions {
  /// "Now": only events before it are used, and the pipeline is the records
  /// open at it. Default: just after the latest event time.
  std::optional<Timestamp> as_of;
  /// The period the pipeline's probabilities are for (required).
  Period period;
  /// String attribute naming a record's owner; empty: the actor of its
  /// latest event.
  std::string owner_attribute;
  /// Threads (0: the hardware's count). Results do not depend on it.
  unsigned threads = 0;
};

/// The measured model: step rates and their counts from the funnel report
/// (implied passage, every record before `as_of`), stage-to-won lags and won
/// deal sizes from the same records' dates (a record's date at a stage is
/// its first event there or at a later main-path stage, as in the funnel
/// report), and the open pipeline with P(won in period | stage, age).
/// @return InvalidArgument when the period ends before `as_of`, when no
///   record was won before `as_of` (no deal size), or the graph's main path
///   does not end at a won stage.
absl::StatusOr<RevenueModel> measure_revenue_model(const DataSet& data, const StageGraph& graph,
                                                   const MeasureOptions& options);

/// What a plan asks for.
struct PlanOptions {
  double target = 0;  ///< Revenue to win in the period (> 0).
  Period period;      ///< The period.
  /// "Now": weeks before it are marked past in the weekly spread. Default:
  /// the period's start.
  std::optional<Timestamp> as_of;
  std::uint64_t samples = 10'000;  ///< Monte Carlo samples (0: point figures only).
  std::uint64_t seed = 42;         ///< Monte Carlo seed: same seed, same bytes.
  unsigned threads = 0;            ///< Threads (0: the hardware's count).
  /// For a plan by segment (revenue_plan_segments()) only: each segment's
  /// share of the target, by segment name (`""` names the records without
  /// a value); segments left out get none. Empty (default): each segment's
  /// share of the revenue won before as_of. Shares are in [0, 1] and sum
  /// to 1 ± 1e-9.
  std::vector<std::pair<std::string, double>> mix;
};

/// One stage of a plan.
struct PlanStageRow {
  std::string stage;  ///< Stage id.
  std::string team;   ///< Owning team.
  /// The exact real number of records that must reach this stage:
  /// target / mean deal size / the product of the step rates after it.
  double required_exact = 0;
  std::uint64_t required_p10 = 0;  ///< 10th percentile over the Monte Carlo samples, rounded up.
  std::uint64_t required_p50 = 0;  ///< Median (exact: ceil(required_exact)).
  std::uint64_t required_p90 = 0;  ///< 90th percentile: enough in 9 samples of 10.
  /// First day records should enter: period start − the 90th percentile of
  /// the stage's lag to won (the period start itself with no lags).
  Timestamp enter_from;
  /// Last day records should enter: last day of the period − the 10th
  /// percentile of the lag (the period's last day with no lags).
  Timestamp enter_by;
  double step_rate = 0;  ///< The step into this stage (NaN at the entry stage).
  std::uint64_t open = 0;  ///< Pipeline records open at this stage now.
  /// The open pipeline at this stage and later, in this stage's records:
  /// its expected wins divided by the product of the step rates after it.
  double from_pipeline = 0;
  /// Records still needed here after the pipeline, rounded up once (P50).
  std::uint64_t new_needed = 0;
  double lag_p50_days = 0;  ///< Median lag to won (NaN without lags).
};

/// Records a stage must take in one week (the stage's lag spread).
struct PlanWeekRow {
  std::string stage;     ///< Stage id.
  Timestamp week_start;  ///< Monday 00:00 UTC.
  /// Share of the stage's records: the chance that a record entering that
  /// week is won inside the period, normalised over the weeks.
  double share = 0;
  std::uint64_t records = 0;  ///< Of required_p50, by largest remainder.
  bool past = false;          ///< The week starts before as_of.
};

/// One team's target.
struct PlanTeamRow {
  std::string team;   ///< Team id.
  std::string stage;  ///< The stage whose entries it delivers.
  std::string measure;  ///< `leads`, `sqls`, `opportunities`, `wins`, or `<stage> records`.
  std::uint64_t required_p50 = 0;  ///< Records required there.
  std::uint64_t new_needed = 0;    ///< After the pipeline.
};

/// What raising one step's conversion is worth.
struct LeverageRow {
  std::string from;  ///< Step from.
  std::string to;    ///< Step into.
  double rate = 0;   ///< Current rate.
  /// Leads required with the rate one percentage point higher (capped at 1).
  double plus_point_leads = 0;
  /// Extra expected revenue from the plan's lead volume with that rate.
  double plus_point_revenue = 0;
  double plus_10pct_leads = 0;    ///< Leads required with the rate 10% higher (relative).
  double plus_10pct_revenue = 0;  ///< Extra expected revenue with that rate.
  std::uint32_t rank = 0;  ///< 1 = largest plus_point_revenue (ties keep path order).
};

/// A plan.
struct RevenuePlan {
  double target = 0;  ///< As asked.
  Period period;      ///< As asked.
  double mean_deal_size = 0;  ///< Mean of the model's deal sizes.
  double wins_exact = 0;      ///< target / mean_deal_size.
  double pipeline_expected_revenue = 0;  ///< Σ amount × P(won in period) over the pipeline.
  double pipeline_expected_wins = 0;     ///< Σ P(won in period).
  /// P(the pipeline alone reaches the target); NaN without samples.
  double p_target_pipeline_only = 0;
  /// P(the pipeline plus the P50 plan's new entry volume reach it).
  double p_target_with_plan = 0;
  std::uint64_t samples = 0;  ///< Monte Carlo samples drawn (0: none needed or asked).
  std::uint64_t seed = 0;     ///< Their seed.
  std::vector<PlanStageRow> stages;     ///< Entry first.
  std::vector<PlanWeekRow> weeks;       ///< By stage, then week.
  std::vector<PlanTeamRow> teams;       ///< Graph order.
  std::vector<LeverageRow> leverage;    ///< Path order (see rank).
  std::string source;                   ///< RevenueModel::source.
  std::vector<std::string> notes;       ///< Remarks for people.
};

/// Runs @p model backwards from options.target.
/// @return InvalidArgument for a target ≤ 0 or not finite, an empty period,
///   a model with fewer than two stages, mismatched sizes, a rate outside
///   (0, 1], no deal size or one ≤ 0, a negative lag.
absl::StatusOr<RevenuePlan> revenue_plan(const RevenueModel& model, const PlanOptions& options);

/// Parses a segment mix: a JSON object of segment name → share of the
/// target (comments allowed), e.g. `{"web": 0.6, "partner": 0.4}`; shares
/// in [0, 1] summing to 1 ± 1e-9. The same rules as a scenario's `mix`.
/// @return InvalidArgument naming the JSON path and rule id
///   (`scenario.mix`, `scenario.type`, …), or a syntax error's line and column.
absl::StatusOr<std::vector<std::pair<std::string, double>>> parse_revenue_mix(std::string_view json);

/// One segment of a data set, measured on its records alone
/// (measure_revenue_segments()).
struct RevenueSegment {
  /// The attribute's value; `""` for the records without one.
  std::string segment;
  std::uint64_t records = 0;    ///< Records with this value.
  std::uint64_t won_deals = 0;  ///< Of them, won before as_of.
  double won_revenue = 0;       ///< Their won amounts (the default mix's weight).
  /// `ok`, or why the segment cannot be planned: `no_wins` (nothing won
  /// before as_of), `no_deal_size` (won, never with an amount), or
  /// `not_measured` (another measurement error, in `note`).
  std::string status = "ok";
  std::string note;  ///< The reason, for people (empty when ok).
  /// Its rates, lags, deal sizes and pipeline; nullopt unless status is ok.
  std::optional<RevenueModel> model;
};

/// Measures one model per value of the string attribute @p by (each from
/// that segment's records alone, exactly as measure_revenue_model() would
/// on a data set holding only them), in the order of the values' text,
/// the records without a value last. A segment that cannot be measured is
/// returned with its status, never dropped.
/// @return InvalidArgument when @p by is not a string attribute of the
///   data, or as measure_revenue_model() for the whole data set.
absl::StatusOr<std::vector<RevenueSegment>> measure_revenue_segments(const DataSet& data, const StageGraph& graph,
                                                                     const MeasureOptions& options,
                                                                     std::string_view by);

/// One segment of a plan by segment.
struct SegmentPlanRow {
  std::string segment;   ///< Its name (`""`: no value).
  double share = 0;      ///< Its share of the target.
  double target = 0;     ///< share × the target.
  std::uint64_t won_deals = 0;  ///< As RevenueSegment.
  double won_revenue = 0;       ///< As RevenueSegment.
  /// `ok` (planned), `no_share` (measured, but given no share), or the
  /// measurement status (`no_wins`, `no_deal_size`, `not_measured`: not
  /// planned, with a share of 0).
  std::string status;
  std::string note;             ///< Why, for people.
  double mean_deal_size = 0;    ///< Its plan's (0 when not planned).
  double p_target_with_plan = 0;  ///< Its plan's (NaN when not planned or without samples).
};

/// A plan split by segment: each segment's own plan for its share of the
/// target, and the combined volumes.
struct SegmentedPlan {
  double target = 0;  ///< As asked.
  Period period;      ///< As asked.
  bool historical_mix = true;  ///< Shares from won revenue (no mix given).
  std::vector<SegmentPlanRow> segments;  ///< Every segment, planned or not.
  /// One plan per segment whose status is `ok`, parallel to those rows.
  std::vector<std::pair<std::string, RevenuePlan>> plans;
  /// The combined stages (`stage`, `team` from the first plan): volumes
  /// summed over the segments. required_exact and the pipeline columns are
  /// sums; required_p10/p50/p90 are percentiles of the sum of the segments'
  /// rounded-up volumes over the same Monte Carlo samples (without samples:
  /// sums of the segments' volumes); enter_from is the earliest segment's,
  /// enter_by the latest; step_rate is the combined volume's ratio to the
  /// stage before; lag_p50_days is NaN.
  std::vector<PlanStageRow> combined;
  std::uint64_t samples = 0;  ///< Monte Carlo samples per segment.
  std::vector<std::string> notes;  ///< Remarks for people (segments not planned among them).
};

/// Plans each segment of @p segments for its share of options.target
/// (options.mix, or its share of the won revenue) with its own model, and
/// combines them. Segment k draws its Monte Carlo samples with seed
/// options.seed + k (k counts every segment), so the segments are
/// independent and the combined percentiles are of their sum.
/// @return InvalidArgument as revenue_plan(), for a mix naming a segment
///   that is not there, giving a share to a segment that cannot be planned,
///   shares outside [0, 1] or not summing to 1, or when no segment has won
///   revenue to share the target by.
absl::StatusOr<SegmentedPlan> revenue_plan_segments(const std::vector<RevenueSegment>& segments,
                                                    const PlanOptions& options);

/// A plan by segment as CSV: `stages` (segment, then plan_csv()'s columns;
/// each planned segment's stages, then the combined rows with segment
/// `*`) or `segments` (segment, share, target, won_deals, won_revenue,
/// status, mean_deal_size, p_target_with_plan, note).
/// @return InvalidArgument for an unknown table name.
absl::StatusOr<std::string> segmented_plan_csv(const SegmentedPlan& plan, std::string_view table);
/// The whole plan by segment as JSON: the segments, the combined stages,
/// and each planned segment's plan as plan_json() writes it.
std::string segmented_plan_json(const SegmentedPlan& plan);

/// Scenarios side by side: one row per plan.
struct ScenarioComparisonRow {
  std::string scenario;              ///< Its name.
  std::uint64_t leads_p50 = 0;       ///< Entry-stage records required.
  std::uint64_t leads_new = 0;       ///< After the pipeline.
  std::uint64_t wins_p50 = 0;        ///< Wins required.
  double mean_deal_size = 0;         ///< Mean deal size.
  double p_target_with_plan = 0;     ///< As in RevenuePlan.
  std::string entry_enter_from;      ///< Entry stage window start (ISO date).
};

/// How a forecast's distribution was computed.
enum class DistributionMethod : std::uint8_t {
  kExact = 0,       ///< Poisson-binomial, exactly (equal amounts, few records).
  kNormal = 1,      ///< Normal approximation; `cdf_error_bound` bounds its error.
  kMonteCarlo = 2,  ///< Seeded Monte Carlo samples.
};

/// Stable text name (`"exact"`, `"normal"`, `"monte_carlo"`).
std::string_view to_string(DistributionMethod method);

/// What to forecast.
struct ForecastOptions {
  std::optional<Timestamp> as_of;  ///< As MeasureOptions::as_of.
  Period period;                   ///< The period (must end after as_of).
  std::string owner_attribute;     ///< As MeasureOptions::owner_attribute.
  /// Monte Carlo samples for the distribution; 0 (default): exact where
  /// tractable (≤ 2,000 records, equal amounts), else the normal
  /// approximation with its bound.
  std::uint64_t samples = 0;
  std::uint64_t seed = 42;  ///< Monte Carlo seed.
  unsigned threads = 0;     ///< Threads (0: the hardware's count).
};

/// One group of a forecast.
struct ForecastGroupRow {
  std::string key;            ///< Stage, owner, team or category.
  std::uint64_t deals = 0;    ///< Open records.
  double amount = 0;          ///< Their amounts.
  double expected = 0;        ///< Σ amount × P(won in period).
  double sd = 0;              ///< Standard deviation of the won amount.
};

/// A cumulative forecast category (closed ⊂ commit ⊂ best case ⊂ pipeline).
struct ForecastRollupRow {
  std::string category;     ///< `closed`, `commit`, `best_case`, `pipeline`.
  std::uint64_t deals = 0;  ///< Records counted (closed: won so far in the period).
  double amount = 0;        ///< Their amounts.
  double expected = 0;      ///< Closed revenue plus the expected wins of these categories.
};

/// P(won in period | stage, age) as learned, at a few ages.
struct ForecastCurveRow {
  std::string stage;      ///< Stage id.
  double age_days = 0;    ///< Age in the stage.
  double probability = 0; ///< P(won inside the period).
  std::uint64_t cohort = 0;  ///< Records the estimate stands on.
};

/// A forecast of the open pipeline.
struct RevenueForecast {
  Timestamp as_of;  ///< "Now".
  Period period;    ///< The period.
  std::uint64_t open_deals = 0;     ///< Records open at as_of.
  std::uint64_t amounts_imputed = 0;  ///< Of those, without an amount (the mean deal size used).
  double mean_deal_size = 0;        ///< Of records won before as_of.
  double won_so_far = 0;            ///< Won inside the period before as_of (certain).
  double expected = 0;              ///< Expected won revenue of the open records.
  double sd = 0;                    ///< Its standard deviation.
  double p10 = 0;  ///< 10th percentile of the open records' won revenue.
  double p50 = 0;  ///< Median.
  double p90 = 0;  ///< 90th percentile.
  DistributionMethod method = DistributionMethod::kNormal;  ///< How the percentiles were found.
  /// With kNormal: the Berry–Esseen bound on |F − Φ| (0.56 Σ E|Xᵢ−μᵢ|³ / σ³);
  /// 0 otherwise.
  double cdf_error_bound = 0;
  std::vector<ForecastGroupRow> by_stage;     ///< Main-path order.
  std::vector<ForecastGroupRow> by_owner;     ///< Largest expected first.
  std::vector<ForecastGroupRow> by_team;      ///< Graph order.
  std::vector<ForecastGroupRow> by_category;  ///< closed, commit, best_case, pipeline.
  std::vector<ForecastRollupRow> rollups;     ///< Cumulative categories.
  std::vector<ForecastCurveRow> curve;        ///< The learned probabilities.
  std::vector<std::string> notes;             ///< Remarks for people.
};

/// Forecasts the records of @p data open at as_of.
/// @return InvalidArgument when the period ends at or before as_of, the
///   owner attribute is unknown or not a string, no record was won before
///   as_of, or the graph's main path does not end at a won stage.
absl::StatusOr<RevenueForecast> revenue_forecast(const DataSet& data, const StageGraph& graph,
                                                 const ForecastOptions& options);

/// What to backtest.
struct BacktestOptions {
  /// Periods to backtest: `month` or `quarter` (every such period whose
  /// forecast date, its start, has at least `min_history_days` of data
  /// before it and which ends by the last entry into the funnel — after it
  /// the pipeline only drains).
  std::string every = "month";
  std::int64_t min_history_days = 180;  ///< History a forecast needs.
  std::string owner_attribute;          ///< As ForecastOptions.
  unsigned threads = 0;                 ///< Threads.
  /// Also backtest the plan: for each period, the plan measured as of its
  /// start for the revenue the period actually won, against the records
  /// that actually entered each stage inside the plan's window.
  bool plan = false;
  std::uint64_t plan_samples = 2'000;  ///< The plans' Monte Carlo samples.
  std::uint64_t seed = 42;             ///< Their seed.
};

/// One backtested period.
struct BacktestRow {
  Period period;          ///< The period; the forecast was made at its start.
  std::uint64_t deals = 0;  ///< Records open then.
  double expected = 0;    ///< Forecast expected revenue.
  double p10 = 0;         ///< Forecast 10th percentile.
  double p90 = 0;         ///< Forecast 90th percentile.
  double actual = 0;      ///< What those records won inside the period.
  bool covered = false;   ///< p10 ≤ actual ≤ p90.
};

/// One stage of one backtested plan.
struct PlanBacktestRow {
  Period period;       ///< The period; the plan was made at its start.
  std::string stage;   ///< Stage id.
  double target = 0;   ///< The revenue the period actually won (the plan's target).
  std::uint64_t required_p10 = 0;  ///< The plan's volume at this stage, 10th percentile.
  std::uint64_t required_p50 = 0;  ///< Median.
  std::uint64_t required_p90 = 0;  ///< 90th percentile.
  Timestamp enter_from;            ///< The plan's window for this stage: first day.
  Timestamp enter_by;              ///< Last day.
  std::uint64_t entered = 0;       ///< Records whose date at the stage fell inside the window.
  /// The records that reached the stage, each counted by the share of the
  /// stage's lags to won (as measured at the period's start) that land it
  /// inside the period — as the plan counts the records it asks for.
  double entered_effective = 0;
  bool covered = false;            ///< required_p10 ≤ entered_effective ≤ required_p90.
};

/// A stage's plan backtest over all periods.
struct PlanBacktestStageRow {
  std::string stage;          ///< Stage id.
  std::uint64_t periods = 0;  ///< Periods planned.
  double coverage = 0;  ///< Share of periods whose entered_effective fell in the plan's P10–P90.
  double bias = 0;      ///< Σ(required_p50 − entered_effective) / Σ entered_effective.
  double mape = 0;      ///< Mean |required_p50 − entered_effective| / entered_effective.
};

/// A backtest of the forecast (and, when asked, of the plan).
struct RevenueBacktest {
  std::vector<BacktestRow> periods;  ///< In time order.
  double coverage = 0;  ///< Share of periods covered (the band is 80%).
  double bias = 0;      ///< Σ(expected − actual) / Σ actual.
  double mape = 0;      ///< Mean |expected − actual| / actual over periods with actual > 0.
  std::vector<PlanBacktestRow> plan;              ///< By period, then stage (BacktestOptions::plan).
  std::vector<PlanBacktestStageRow> plan_stages;  ///< Main-path order.
};

/// Forecasts each past period from its start and compares with what happened.
/// @return InvalidArgument for an unknown `every`, or no period to test.
absl::StatusOr<RevenueBacktest> revenue_backtest(const DataSet& data, const StageGraph& graph,
                                                 const BacktestOptions& options);

/// What pipeline movement to measure: the pipeline at `from` against the
/// pipeline at `to`.
struct MovementOptions {
  Timestamp from;  ///< The opening instant.
  Timestamp to;    ///< The closing instant (after `from`).
  /// The close-date window: a deal is in the pipeline "for the period" when
  /// its expected close date, as it stood at the instant, falls inside it
  /// (Salesforce's pipeline for a close-date period as of a date). None:
  /// every open deal, whatever its close date (or none).
  std::optional<Period> period;
  /// The main-path stage the pipeline starts at; empty: the first stage the
  /// graph gives a forecast category (The Model: opportunity), else the
  /// entry stage.
  std::string first_stage;
  unsigned threads = 0;  ///< Threads (0: the hardware's count). Results do not depend on it.
};

/// A deal's one primary bucket between `from` and `to` (docs/revenue.md
/// gives the precedence).
enum class MovementBucket : std::uint8_t {
  kNew = 0,        ///< In the closing pipeline; not in the pipeline at `from` (or without a close date then).
  kPulledIn = 1,   ///< In the closing pipeline; at `from` in the pipeline with a close date outside the window.
  kIncreased = 2,  ///< In both; its amount went up.
  kDecreased = 3,  ///< In both; its amount went down.
  kPushedOut = 4,  ///< In the opening pipeline; still open at `to`, its close date moved out of the window.
  kWon = 5,        ///< In the opening pipeline; won before `to`.
  kLost = 6,       ///< In the opening pipeline; left it without a win (lost, nurture, moved back).
  kCarried = 7,    ///< In both, same amount.
};

/// Stable text name (`"new"`, `"pulled_in"`, `"increased"`, `"decreased"`,
/// `"pushed_out"`, `"won"`, `"lost"`, `"carried"`).
std::string_view to_string(MovementBucket bucket);

/// One bucket's deals and what they did to the pipeline.
struct MovementBucketRow {
  MovementBucket bucket = MovementBucket::kNew;  ///< The bucket.
  std::uint64_t deals = 0;        ///< Deals whose primary bucket it is.
  std::int64_t count_change = 0;  ///< +deals (new, pulled in), −deals (pushed out, won, lost), else 0.
  Amount amount_from;    ///< Their amounts in the opening pipeline (0 for deals not in it).
  Amount amount_to;      ///< Their amounts in the closing pipeline.
  Amount amount_change;  ///< amount_to − amount_from.
};

/// One deal in the opening or the closing pipeline.
struct MovementDealRow {
  std::string record;             ///< Its id.
  MovementBucket bucket = MovementBucket::kCarried;  ///< Its primary bucket.
  std::string stage_from;         ///< Its stage at `from` (empty: not in the pipeline then).
  std::string stage_to;           ///< Its stage at `to` (empty: not in the pipeline then).
  Amount amount_from;             ///< Its amount in the opening pipeline (0: not in it, or no amount).
  Amount amount_to;               ///< Its amount in the closing pipeline.
  std::optional<Timestamp> close_from;  ///< Its expected close date at `from`, if any.
  std::optional<Timestamp> close_to;    ///< At `to`, if any.
  std::uint32_t pushes = 0;       ///< Close-date pushes between `from` and `to`.
};

/// The pipeline's movement between two instants.
struct PipelineMovement {
  Timestamp from;                ///< As asked.
  Timestamp to;                  ///< As asked.
  std::optional<Period> period;  ///< As asked.
  std::string first_stage;       ///< The pipeline's first stage.
  std::uint64_t opening_deals = 0;  ///< Deals in the pipeline at `from`.
  Amount opening_amount;            ///< Their amounts.
  std::uint64_t closing_deals = 0;  ///< Deals in the pipeline at `to`.
  Amount closing_amount;            ///< Their amounts.
  /// Deals of the opening / closing pipeline without an amount (counted at 0).
  std::uint64_t opening_without_amount = 0;
  std::uint64_t closing_without_amount = 0;  ///< See opening_without_amount.
  /// The eight buckets in enum order: opening + Σ changes = closing, in
  /// deals and in amount, exactly.
  std::vector<MovementBucketRow> buckets;
  std::vector<MovementDealRow> deals;  ///< Record order.
  std::uint64_t pushes = 0;  ///< Close-date pushes (a later date on an open-stage event) between `from` and `to`.
  /// Slip: over every record's events before `to`, the records pushed at
  /// least once, and of them those pushed at least twice.
  std::uint64_t deals_pushed = 0;
  std::uint64_t deals_pushed_again = 0;  ///< See deals_pushed.
  double slip_rate = 0;        ///< deals_pushed_again / deals_pushed; NaN when none was pushed.
  double mean_push_days = 0;   ///< Mean days a push moved the date (NaN: no push).
  std::vector<std::string> notes;  ///< Remarks for people.
};

/// The movement of @p data's pipeline from options.from to options.to.
/// @return InvalidArgument when `to` is not after `from`, the period is
///   empty, the first stage is not an open main-path stage, or the graph's
///   main path does not end at a won stage; OutOfRange when a total passes
///   the Amount range.
absl::StatusOr<PipelineMovement> revenue_movement(const DataSet& data, const StageGraph& graph,
                                                  const MovementOptions& options);

/// One movement table as CSV: `buckets` (bucket, deals, count_change,
/// amount_from, amount_to, amount_change, with an opening and a closing
/// row), `summary` or `deals`.
/// @return InvalidArgument for an unknown table name.
absl::StatusOr<std::string> movement_csv(const PipelineMovement& movement, std::string_view table);
/// The whole movement as JSON.
std::string movement_json(const PipelineMovement& movement);

/// The plan's `stages` table as CSV (header row first): stage, team,
/// required_exact, required_p10, required_p50, required_p90, enter_from,
/// enter_by, step_rate, lag_p50_days, open, from_pipeline, new_needed.
std::string plan_csv(const RevenuePlan& plan);
/// The whole plan as JSON.
std::string plan_json(const RevenuePlan& plan);
/// The forecast's by-owner table … as CSV: one table by name (`summary`,
/// `stages`, `owners`, `teams`, `categories`, `rollups`, `curve`).
/// @return InvalidArgument for an unknown table name.
absl::StatusOr<std::string> forecast_csv(const RevenueForecast& forecast, std::string_view table);
/// The whole forecast as JSON.
std::string forecast_json(const RevenueForecast& forecast);

}  // namespace modelfunnel
