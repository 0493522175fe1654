// measure_revenue_model(): the step rates from the funnel report's public
// result, lags, deal sizes and the priced pipeline from the revenue walk.
#include "absl/strings/str_cat.h"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/pipeline.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

absl::StatusOr<RevenueModel> compute(const DataSet& data, const StageGraph& graph, const MeasureOptions& options) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, options.owner_attribute);
  if (!setup.ok()) return setup.status();
  const std::int64_t as_of = options.as_of ? options.as_of->micros() : internal::revenue::default_as_of(*setup);
  const unsigned threads = internal::resolve_threads(options.threads);

  FunnelOptions fo;
  fo.to = Timestamp::from_micros(as_of);
  fo.as_of = Timestamp::from_micros(as_of);
  fo.durations = DurationFigures::none();
  fo.threads = threads;
  auto funnel = funnel_report(data, graph, fo);
  if (!funnel.ok()) return funnel.status();
  const FunnelGroup& total = funnel->groups.front();

  auto priced = internal::revenue::price_pipeline(*setup, as_of, options.period, threads, true);
  if (!priced.ok()) return priced.status();

  RevenueModel m;
  m.stages = setup->main_path;
  m.teams = setup->teams;
  for (std::size_t i = 1; i < total.stages.size(); ++i) {
    const Rate& r = total.stages[i].step;
    RevenueStep st;
    st.from = m.stages[i - 1];
    st.to = m.stages[i];
    st.converted = r.numerator;
    st.trials = r.denominator;
    st.rate = r.denominator ? static_cast<double>(r.numerator) / static_cast<double>(r.denominator) : 0.0;
    m.steps.push_back(std::move(st));
  }
  m.deal_sizes = std::move(priced->deal_sizes);
  m.lag_days = std::move(priced->history.lag_days);
  const auto& open = priced->history.open;
  m.pipeline.reserve(open.size());
  for (std::size_t i = 0; i < open.size(); ++i) {
    OpenDeal d;
    d.stage = m.stages[open[i].stage];
    d.age_days = static_cast<double>(as_of - open[i].entered) / static_cast<double>(internal::revenue::kMicrosPerDay);
    d.amount = priced->terms[i].amount;
    d.probability = priced->terms[i].p;
    m.pipeline.push_back(std::move(d));
  }
  m.source = absl::StrCat("measured on ", data.record_count(), " records as of ",
                          format_timestamp(Timestamp::from_micros(as_of)));
  return m;
}

}  // namespace

absl::StatusOr<RevenueModel> measure_revenue_model(const DataSet& data, const StageGraph& graph,
                                                   const MeasureOptions& options) {
  return internal::no_throw("measure_revenue_model", [&] { return compute(data, graph, options); });
}

}  // namespace modelfunnel
