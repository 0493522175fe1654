// Entry point of the funnel report: setup, one pass over the records,
// assembly, bottlenecks (with a second pass over the baseline period when
// one is given).
#include "modelfunnel/funnel_report.hpp"

#include "funnel/accumulate.hpp"
#include "funnel/assemble.hpp"
#include "funnel/bottleneck.hpp"
#include "funnel/setup.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

absl::StatusOr<FunnelReport> compute(const DataSet& data, const StageGraph& graph,
                                     const FunnelOptions& options) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::funnel::make_setup(impl, graph, options);
  if (!setup.ok()) return setup.status();
  const unsigned threads = internal::resolve_threads(options.threads);

  internal::funnel::PassResult pass = internal::funnel::run_pass(*setup, threads);
  FunnelReport report;
  report.main_path = setup->main_path;
  report.by = options.by;
  report.passage = options.passage;
  report.mode = options.mode;
  report.as_of = Timestamp::from_micros(setup->as_of);
  report.records_outside_funnel = pass.outside_funnel;
  report.events_unknown_stage = pass.unknown_stage_events;
  report.events_without_time = pass.untimed_events;
  internal::funnel::GroupAcc overall;
  report.groups = internal::funnel::assemble_groups(*setup, pass, overall, threads);

  std::optional<internal::funnel::GroupAcc> baseline;
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
    auto base_setup = internal::funnel::make_setup(impl, graph, base);
    if (!base_setup.ok()) return base_setup.status();
    internal::funnel::PassResult base_pass = internal::funnel::run_pass(*base_setup, threads);
    baseline.emplace(std::move(base_pass.slots[0]));
  }
  report.bottlenecks =
      internal::funnel::rank_bottlenecks(*setup, overall, baseline ? &*baseline : nullptr);
  return report;
}

}  // namespace

absl::StatusOr<FunnelReport> funnel_report(const DataSet& data, const StageGraph& graph,
                                           const FunnelOptions& options) {
  return internal::no_throw("funnel_report", [&] { return compute(data, graph, options); });
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
