// Entry point of the funnel report: plan, one pass over the records,
// assembly, bottlenecks (with a second pass over the baseline period when
// one is given).
#include "modelfunnel/funnel_report.hpp"

#include <algorithm>
#include <thread>

#include "funnel/accumulate.hpp"
#include "funnel/assemble.hpp"
#include "funnel/bottleneck.hpp"
#include "funnel/plan.hpp"

namespace modelfunnel {
namespace {

unsigned report_threads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 2u); }

}  // namespace

absl::StatusOr<FunnelReport> funnel_report(const DataSet& data, const StageGraph& graph,
                                           const FunnelOptions& options) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto plan = internal::make_plan(impl, graph, options);
  if (!plan.ok()) return plan.status();

  internal::PassResult pass = internal::run_pass(*plan, report_threads());
  FunnelReport report;
  report.main_path = plan->main_path;
  report.by = options.by;
  report.passage = options.passage;
  report.mode = options.mode;
  report.as_of = Timestamp::from_micros(plan->as_of);
  report.records_outside_funnel = pass.outside_funnel;
  report.events_unknown_stage = pass.unknown_stage_events;
  report.events_without_time = pass.untimed_events;
  internal::GroupAcc overall;
  report.groups = internal::assemble_groups(*plan, pass, overall);

  std::optional<internal::GroupAcc> baseline;
  if (options.baseline_from) {
    // The same report over the baseline period, counts only.
    FunnelOptions base = options;
    base.from = options.baseline_from;
    base.to = options.baseline_to;
    base.by.clear();
    base.bucket = TimeBucket::kNone;
    base.baseline_from.reset();
    base.baseline_to.reset();
    base.target_rates.clear();
    base.durations = DurationFigures::none();  // the bottleneck tests read counts only
    auto base_plan = internal::make_plan(impl, graph, base);
    if (!base_plan.ok()) return base_plan.status();
    internal::PassResult base_pass = internal::run_pass(*base_plan, report_threads());
    baseline.emplace(std::move(base_pass.slots[0]));
  }
  report.bottlenecks =
      internal::rank_bottlenecks(*plan, overall, baseline ? &*baseline : nullptr);
  return report;
}

std::string_view to_string(Passage passage) {
  switch (passage) {
    case Passage::kImplied: return "implied";
    case Passage::kObserved: return "observed";
  }
  return "unknown";
}

std::string_view to_string(ReportMode mode) {
  switch (mode) {
    case ReportMode::kCohort: return "cohort";
    case ReportMode::kPeriod: return "period";
  }
  return "unknown";
}

std::string_view to_string(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kNone: return "none";
    case TimeBucket::kWeek: return "week";
    case TimeBucket::kMonth: return "month";
    case TimeBucket::kQuarter: return "quarter";
  }
  return "unknown";
}

}  // namespace modelfunnel
