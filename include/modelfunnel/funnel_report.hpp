/// @file funnel_report.hpp
/// @brief The funnel report: reach, conversion, velocity, drop-off, team KPIs
/// and bottlenecks of a data set against a stage graph.
///
/// Every figure has one stated meaning (docs/funnel-report.md works each one
/// through a small example), so two analysts get the same number:
///
/// - a record *reached* a stage when it has an event there, or (implied
///   passage, the default) reached a later stage of the main path;
/// - *conversion* names its denominator: `step` is against the previous stage
///   of the main path, `overall` against the entry stage; every rate carries a
///   95% Wilson interval and a small-sample flag;
/// - a record entered a stage at its earliest event there or at a later
///   main-path stage (its *date* there: CRMs log stages late), which is what
///   windows, period mode, team velocity and the sales cycle read;
/// - durations are in days; medians and p90 interpolate between the closest
///   ranks exactly as DuckDB's `quantile_cont` (and numpy's default) do.
///
/// @code
/// modelfunnel::FunnelOptions opt;
/// opt.by = {"channel"};
/// auto report = modelfunnel::funnel_report(data, modelfunnel::StageGraph::the_model(), opt);
/// if (!report.ok()) return report.status();
/// for (const auto& g : report->groups)
///   for (const auto& s : g.stages) std::cout << s.stage << ' ' << s.reached << '\n';
/// @endcode
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// When a record counts as having reached a stage. Values are stable.
enum class Passage : std::uint8_t {
  /// An event at the stage, or at a later stage of the main path (a record
  /// that became an opportunity was a lead, recorded or not).
  kImplied = 0,
  /// Only an event at the stage itself.
  kObserved = 1,
};

/// Which records and entries a report counts. Values are stable.
enum class ReportMode : std::uint8_t {
  /// Records whose funnel entry falls in [from, to), followed forward to
  /// wherever they went (whenever that was).
  kCohort = 0,
  /// Stage entries that happen in [from, to), whoever made them: the
  /// throughput of each stage in the period. Rates compare counts of
  /// different records, so they carry no confidence interval.
  kPeriod = 1,
};

/// Calendar bucket for trend breakdowns, in UTC. Values are stable.
enum class TimeBucket : std::uint8_t {
  kNone = 0,     ///< No time breakdown.
  kWeek = 1,     ///< ISO weeks, starting Monday 00:00 UTC.
  kMonth = 2,    ///< Calendar months.
  kQuarter = 3,  ///< Calendar quarters (January, April, July, October).
};

/// Which team works a record at a stage owned by several teams (The Model's
/// `sql`, owned by SDRs for inbound and BDRs for outbound records).
struct TeamAssignment {
  /// String attribute that says which team a record belongs to, e.g. `"channel"`.
  std::string attribute;
  /// Attribute value → team id, e.g. `{"outbound", "bdr"}`.
  std::vector<std::pair<std::string, std::string>> teams;
  /// Team for values not listed (and for missing values), e.g. `"sdr"`.
  std::string default_team;
};

/// Which duration figures a report computes. Counts (reach, conversion,
/// drop-off, outcomes, revenue, path facts, team input and output) always
/// are; each duration figure keeps one value per record and stage so that
/// its median and p90 are exact, and those values are most of a report's
/// time and memory. A caller that reads only some figures can leave the
/// others out: they then read `Durations::computed == false`, never as
/// "no records".
struct DurationFigures {
  bool from_entry = true;     ///< StageRow::from_entry.
  bool in_stage = true;       ///< StageRow::in_stage.
  bool aging = true;          ///< StageRow::aging.
  bool cycle = true;          ///< FunnelGroup::cycle.
  bool team_velocity = true;  ///< TeamRow::velocity.

  /// Every figure (the default).
  static constexpr DurationFigures all() { return {}; }
  /// No figure: counts and rates only.
  static constexpr DurationFigures none() { return {false, false, false, false, false}; }
  /// Same figures.
  friend bool operator==(const DurationFigures&, const DurationFigures&) = default;
};

/// What to compute. The defaults give a cohort report of every record with
/// implied passage, no breakdown and no window.
struct FunnelOptions {
  Passage passage = Passage::kImplied;  ///< Meaning of "reached".
  ReportMode mode = ReportMode::kCohort;  ///< Cohort or period.
  /// Start of the date range (inclusive); unbounded when absent. In cohort
  /// mode it selects records by their funnel entry, in period mode entries.
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;  ///< End of the date range (exclusive).
  /// Conversion window in days, at most 100000 (cohort mode): no event more
  /// than this long after the funnel entry counts (a stage entry, a loss,
  /// anything). Records whose window is still open at `as_of` are
  /// *censored*, not drop-offs.
  std::optional<std::int64_t> window_days;
  /// Measure the window from each stage's date instead of from the funnel
  /// entry (a per-step window): the clock runs on while each next main-path
  /// stage is dated within the window of the one before.
  bool window_per_step = false;
  /// Attributes to break the report down by, jointly (one group per
  /// combination of values that occurs). Any attribute type; a missing value
  /// is a group of its own.
  std::vector<std::string> by;
  /// Time breakdown: by funnel entry (cohort mode) or by the time of each
  /// entry and close (period mode).
  TimeBucket bucket = TimeBucket::kNone;
  /// "Now" for aging and censoring; default: the latest time of an event at
  /// a stage the graph has.
  std::optional<Timestamp> as_of;
  /// Rates whose denominator is below this are flagged `small_sample`, and
  /// never flagged as bottlenecks.
  std::uint64_t min_sample = 30;
  /// Where the sales cycle starts (`cycle` durations run from the record's
  /// date here to the close); default: the entry stage.
  std::string cycle_from;
  /// Team resolution for stages owned by several teams. Without it, such a
  /// stage's owners form one joint team (`"sdr|bdr"`).
  std::optional<TeamAssignment> team_assignment;
  /// Baseline period for bottleneck detection: a step whose conversion in
  /// the report fell significantly below the same step in [baseline_from,
  /// baseline_to) is flagged. Both or neither.
  std::optional<Timestamp> baseline_from;
  std::optional<Timestamp> baseline_to;  ///< End of the baseline period (exclusive).
  /// Target step conversion per stage id: a step whose rate is significantly
  /// below its target is flagged.
  std::vector<std::pair<std::string, double>> target_rates;
  /// Significance level of the bottleneck tests (one-sided).
  double significance = 0.05;
  /// Duration figures to compute (all by default).
  DurationFigures durations;
  /// How many threads the report may use; 0 (the default) means as many as
  /// the hardware has (`std::thread::hardware_concurrency()`). 1 starts no
  /// thread. A data set too small to be worth splitting (under ~32,000
  /// records a thread) uses fewer. The report is the same, byte for byte,
  /// for every thread count.
  unsigned threads = 0;
};

/// A proportion with its 95% Wilson score interval.
struct Rate {
  std::uint64_t numerator = 0;    ///< Records that converted.
  std::uint64_t denominator = 0;  ///< Records that could have.
  double value = 0;   ///< numerator / denominator; NaN when the denominator is 0.
  /// Wilson interval bounds; NaN when the rate is not a proportion of its
  /// denominator's records (period mode, or observed passage with skips
  /// making the numerator larger) or the denominator is 0.
  double low = 0;
  double high = 0;  ///< Upper bound of the Wilson interval (see `low`).
  bool small_sample = false;  ///< Denominator below FunnelOptions::min_sample.
};

/// Summary of a set of durations, in days. Statistics are NaN when `count` is 0.
struct Durations {
  std::uint64_t count = 0;  ///< How many durations.
  double median_days = 0;   ///< Median (quantile_cont 0.5).
  double p90_days = 0;      ///< 90th percentile (quantile_cont 0.9).
  double mean_days = 0;     ///< Arithmetic mean.
  /// False when FunnelOptions::durations left this figure out: `count` is
  /// then 0 and the statistics NaN, and neither says anything about the data.
  bool computed = true;
};

/// A loss reason and how many records it applies to.
struct ReasonCount {
  std::string reason;  ///< As recorded; `""` when the loss event has none.
  std::uint64_t count = 0;  ///< Records.
};

/// One stage of the main path in one group.
struct StageRow {
  std::string stage;  ///< Stage id.
  std::uint64_t reached = 0;   ///< Records that reached it (see Passage).
  std::uint64_t observed = 0;  ///< Of those, records with an event at it.
  Rate step;     ///< Against the previous main-path stage; empty for the entry stage.
  Rate overall;  ///< Against the entry stage.
  /// First entry here minus first entry at the entry stage, over records
  /// with events at both.
  Durations from_entry;
  /// First entry here until the first later entry at a later main-path
  /// stage, over records that moved on.
  Durations in_stage;
  /// `as_of` minus first entry here, over records still open here.
  Durations aging;
  // Drop-off. `advanced` counts the records that reached this stage and went
  // on; the other four split the records whose furthest main-path stage is
  // this one by where they ended, so advanced + lost + nurture + open +
  // expired = reached. At the won stage `advanced` is 0 and the other four
  // count the deals that moved on after winning (lost, nurtured, re-opened);
  // a deal that stays won is in none of them.
  std::uint64_t advanced = 0;  ///< Reached a later main-path stage.
  std::uint64_t lost = 0;      ///< Their latest event is at a lost stage.
  std::uint64_t nurture = 0;   ///< Their latest event is at a nurture stage.
  /// Still open here with no window, or with a window not yet closed at
  /// `as_of` (censored: they may still convert).
  std::uint64_t open = 0;
  /// Still open here, but their conversion window closed (stalled).
  std::uint64_t expired = 0;
  /// Reasons of the `lost` records, most frequent first (ties by reason).
  std::vector<ReasonCount> loss_reasons;
};

/// How records moved, as recorded: facts, not noise.
struct PathFacts {
  std::uint64_t skipped = 0;   ///< Records with a main-path stage missing before one they reached.
  std::uint64_t moved_backwards = 0;  ///< Records with an event at an earlier main-path stage than one before it.
  std::uint64_t reentered = 0; ///< Records with several events at one stage.
  std::uint64_t reopened = 0;  ///< Records with an open-stage event after a lost one.
  std::uint64_t nurtured = 0;  ///< Records with an event at a nurture stage.
};

/// KPIs of one team in one group (The Model: every team judged on what it
/// hands on, and on how much of that becomes revenue).
struct TeamRow {
  std::string team;  ///< Team id (joint owners joined by `|`).
  std::vector<std::string> stages;  ///< Its main-path stages.
  std::uint64_t input = 0;   ///< Records that reached one of its stages.
  /// Records handed on: reached the stage after its last one (for the team
  /// owning the won stage, records that reached won).
  std::uint64_t output = 0;
  Rate conversion;  ///< output / input.
  /// From the record's date at the first of its stages it reached until its
  /// date at the hand-off stage (a record that skipped straight to the
  /// hand-off adds 0 days).
  Durations velocity;
  Rate quality;     ///< Share of the output that reached won.
};

/// One group of the breakdown.
struct FunnelGroup {
  /// One value per FunnelOptions::by attribute, as text; nullopt for a
  /// missing value. Empty for the total group.
  std::vector<std::optional<std::string>> key;
  bool total = false;  ///< The group of all records (`*`).
  std::optional<Timestamp> bucket;  ///< Start of the time bucket, when bucketed.
  std::uint64_t records = 0;  ///< Records counted in the group.
  std::vector<StageRow> stages;  ///< The main path, in order.
  std::uint64_t won = 0;    ///< Records whose latest event is at a won stage.
  std::uint64_t lost = 0;   ///< … at a lost stage.
  std::uint64_t open = 0;   ///< … at an open stage.
  std::uint64_t nurture = 0;  ///< … at a nurture stage.
  Rate win_rate;  ///< won / (won + lost): closed deals only.
  /// Sum over records that reached the main path's won stage of the amount
  /// of their first event there (largest amount among ties; none counts 0).
  Amount won_revenue;
  /// Time from the record's date at FunnelOptions::cycle_from (its first
  /// event there when that stage is off the main path) to the close, over
  /// closed (won or lost) records that reached it.
  Durations cycle;
  PathFacts paths;  ///< How records moved.
  std::vector<TeamRow> teams;  ///< One per team owning a main-path stage.
};

/// A stage ranked by what one more point of conversion would be worth.
struct Bottleneck {
  std::string stage;  ///< Stage id (the step into it).
  /// Expected extra won revenue if the step's conversion rose by one
  /// percentage point: reached(previous) × 0.01 × won/reached(stage) ×
  /// average won amount.
  double revenue_per_point = 0;
  Rate current;  ///< The step's conversion in the report.
  std::optional<Rate> baseline;  ///< The same step in the baseline period.
  std::optional<double> target;  ///< Its configured target rate.
  bool flagged = false;  ///< Significantly below baseline or target.
  double p_value = 0;    ///< One-sided p-value of the test that flagged or cleared it; NaN when untested.
  std::string reason;    ///< Why it is flagged, cleared or untested, in words.
};

/// The funnel report.
struct FunnelReport {
  std::vector<std::string> main_path;  ///< Stage ids of the main path.
  std::vector<std::string> by;         ///< The breakdown attributes.
  Passage passage = Passage::kImplied;  ///< As requested.
  ReportMode mode = ReportMode::kCohort;  ///< As requested.
  Timestamp as_of;  ///< "Now" used for aging and censoring.
  /// Groups: the total first, then by key (byte order, missing last) and
  /// bucket. With a time bucket, each bucket has its own total.
  std::vector<FunnelGroup> groups;
  /// Steps of the main path ranked by revenue_per_point (largest first),
  /// measured on all records of the report.
  std::vector<Bottleneck> bottlenecks;
  std::uint64_t records_outside_funnel = 0;  ///< Records with no main-path event (counted nowhere else).
  std::uint64_t events_unknown_stage = 0;  ///< Events at stages the graph lacks (ignored).
  std::uint64_t events_without_time = 0;   ///< Events with no time (count for reach, not for durations or periods).
};

/// Computes the funnel report of @p data against @p graph.
/// @return InvalidArgument naming the option at fault: an unknown `by`, a
///   breakdown into more than 65,536 groups (a nearly unique attribute),
///   `cycle_from` or team-assignment attribute or stage, `from` not before
///   `to`, a negative window, a window in period mode, a baseline with only
///   one end, a target rate outside [0, 1], a significance outside (0, 1).
absl::StatusOr<FunnelReport> funnel_report(const DataSet& data, const StageGraph& graph,
                                           const FunnelOptions& options = {});

/// Stable text names (`"implied"`, `"observed"`; `"cohort"`, `"period"`;
/// `"none"`, `"week"`, `"month"`, `"quarter"`).
std::string_view to_string(Passage passage);
/// Stable text name of a report mode.
std::string_view to_string(ReportMode mode);
/// Stable text name of a time bucket.
std::string_view to_string(TimeBucket bucket);

/// The duration figures named in @p list: `"all"`, `"none"`, or names
/// joined by commas from `from_entry`, `in_stage`, `aging`, `cycle`,
/// `team_velocity` (as the command line's `--durations` and Python's
/// `durations=` take them).
/// @return InvalidArgument naming an unknown or empty name.
absl::StatusOr<DurationFigures> parse_duration_figures(std::string_view list);
/// The names of the figures @p figures computes, joined by commas (`"none"`
/// when it computes none, `"all"` when it computes every one).
std::string to_string(const DurationFigures& figures);

}  // namespace modelfunnel
