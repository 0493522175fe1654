// measure_revenue_model() and measure_revenue_segments(): the step rates
// from the funnel report's public result, lags, deal sizes and the priced
// pipeline from the revenue walk — over the whole data set, or over each
// value of an attribute (the walk told to see only that value's records,
// the rates taken from the report broken down by the same attribute).
#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/pipeline.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::kMicrosPerDay;

/// A count for people: 1,425 rather than 1425.
std::string count_text(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

absl::StatusOr<FunnelReport> rates_report(const DataSet& data, const StageGraph& graph, std::int64_t as_of,
                                          unsigned threads, std::vector<std::string> by) {
  FunnelOptions fo;
  fo.to = Timestamp::from_micros(as_of);
  fo.as_of = Timestamp::from_micros(as_of);
  fo.durations = DurationFigures::none();
  fo.threads = threads;
  fo.by = std::move(by);
  return funnel_report(data, graph, fo);
}

/// The model from a funnel group's step rates (none: no record entered
/// before as_of, every rate 0) and the priced pipeline.
RevenueModel model_of(const internal::revenue::Setup& setup, const FunnelGroup* group,
                      internal::revenue::PricedPipeline&& priced, std::int64_t as_of) {
  RevenueModel m;
  m.stages = setup.main_path;
  m.teams = setup.teams;
  for (std::size_t i = 1; i < m.stages.size(); ++i) {
    RevenueStep st;
    st.from = m.stages[i - 1];
    st.to = m.stages[i];
    if (group && i < group->stages.size()) {
      const Rate& r = group->stages[i].step;
      st.converted = r.numerator;
      st.trials = r.denominator;
      st.rate = r.denominator ? static_cast<double>(r.numerator) / static_cast<double>(r.denominator) : 0.0;
    }
    m.steps.push_back(std::move(st));
  }
  m.deal_sizes = std::move(priced.deal_sizes);
  m.lag_days = std::move(priced.history.lag_days);
  const auto& open = priced.history.open;
  m.pipeline.reserve(open.size());
  for (std::size_t i = 0; i < open.size(); ++i) {
    OpenDeal d;
    d.stage = m.stages[open[i].stage];
    d.age_days = static_cast<double>(as_of - open[i].entered) / static_cast<double>(kMicrosPerDay);
    d.amount = priced.terms[i].amount;
    d.probability = priced.terms[i].p;
    m.pipeline.push_back(std::move(d));
  }
  return m;
}

absl::StatusOr<RevenueModel> compute(const DataSet& data, const StageGraph& graph, const MeasureOptions& options) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, options.owner_attribute);
  if (!setup.ok()) return setup.status();
  const std::int64_t as_of = options.as_of ? options.as_of->micros() : internal::revenue::default_as_of(*setup);
  const unsigned threads = internal::resolve_threads(options.threads);
  auto funnel = rates_report(data, graph, as_of, threads, {});
  if (!funnel.ok()) return funnel.status();
  auto priced = internal::revenue::price_pipeline(*setup, as_of, options.period, threads, true);
  if (!priced.ok()) return priced.status();
  RevenueModel m = model_of(*setup, &funnel->groups.front(), *std::move(priced), as_of);
  m.source = absl::StrCat("measured on ", data.record_count(), " records as of ",
                          format_timestamp(Timestamp::from_micros(as_of)));
  return m;
}

absl::StatusOr<std::vector<RevenueSegment>> compute_segments(const DataSet& data, const StageGraph& graph,
                                                             const MeasureOptions& options, std::string_view by_view) {
  const std::string by(by_view);
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, options.owner_attribute);
  if (!setup.ok()) return setup.status();
  const auto col_it = impl.column_index.find(by);
  if (by.empty() || col_it == impl.column_index.end())
    return absl::InvalidArgumentError(absl::StrCat("segment attribute '", by, "' is not in the data"));
  const internal::Column& col = impl.columns[col_it->second];
  if (col.type != AttributeType::kString)
    return absl::InvalidArgumentError(absl::StrCat("segment attribute '", by,
                                                   "' is not a string attribute (a plan is split by text values)"));
  const std::int64_t as_of = options.as_of ? options.as_of->micros() : internal::revenue::default_as_of(*setup);
  if (options.period.end.micros() <= as_of)
    return absl::InvalidArgumentError(absl::StrCat("the period ", to_string(options.period), " ends before as_of ",
                                                   format_timestamp(Timestamp::from_micros(as_of))));
  const unsigned threads = internal::resolve_threads(options.threads);
  auto funnel = rates_report(data, graph, as_of, threads, {by});
  if (!funnel.ok()) return funnel.status();

  // The values that occur, by text, then the records without one.
  const auto& names = col.dictionary.values();
  std::vector<std::uint64_t> records(names.size() + 1, 0);
  for (std::uint32_t c : col.codes) ++records[c == internal::kMissingCode ? names.size() : c];
  std::vector<std::uint32_t> codes;
  for (std::uint32_t c = 0; c < names.size(); ++c)
    if (records[c]) codes.push_back(c);
  std::sort(codes.begin(), codes.end(), [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
  if (records[names.size()]) codes.push_back(internal::kMissingCode);

  std::vector<RevenueSegment> out;
  for (std::uint32_t code : codes) {
    const bool missing = code == internal::kMissingCode;
    RevenueSegment seg;
    seg.segment = missing ? std::string() : names[code];
    seg.records = records[missing ? names.size() : code];
    internal::revenue::Setup s = *setup;
    s.segment_column = &col;
    s.segment_code = code;
    const FunnelGroup* group = nullptr;
    for (const FunnelGroup& g : funnel->groups)
      if (!g.total && g.key.size() == 1 && (missing ? !g.key[0] : g.key[0] && *g.key[0] == seg.segment)) group = &g;
    auto priced = internal::revenue::price_pipeline(s, as_of, options.period, threads, true);
    if (!priced.ok()) {
      // Nothing won with an amount: say which, with the count of wins.
      const internal::revenue::History h = internal::revenue::gather(s, as_of, threads, false, false);
      seg.won_deals = h.won.size();
      seg.status = h.won.empty() ? "no_wins" : "not_measured";
      if (h.won.empty())
        seg.note = absl::StrCat("nothing was won before as_of among its ", count_text(seg.records), " records");
      else if (std::string(priced.status().message()).find("no record was won") != std::string::npos) {
        seg.status = "no_deal_size";
        seg.note = absl::StrCat("its ", count_text(seg.won_deals), " wins before as_of carry no amount");
      } else {
        seg.note = std::string(priced.status().message());
      }
      out.push_back(std::move(seg));
      continue;
    }
    seg.won_deals = priced->history.won.size();
    seg.won_revenue = std::accumulate(priced->deal_sizes.begin(), priced->deal_sizes.end(), 0.0);
    RevenueModel m = model_of(s, group, *std::move(priced), as_of);
    m.source = absl::StrCat("measured on the ", count_text(seg.records), " records with ", by, " = '", seg.segment,
                            "' as of ", format_timestamp(Timestamp::from_micros(as_of)));
    seg.model = std::move(m);
    out.push_back(std::move(seg));
  }
  return out;
}

}  // namespace

absl::StatusOr<RevenueModel> measure_revenue_model(const DataSet& data, const StageGraph& graph,
                                                   const MeasureOptions& options) {
  return internal::no_throw("measure_revenue_model", [&] { return compute(data, graph, options); });
}

absl::StatusOr<std::vector<RevenueSegment>> measure_revenue_segments(const DataSet& data, const StageGraph& graph,
                                                                     const MeasureOptions& options,
                                                                     std::string_view by) {
  return internal::no_throw("measure_revenue_segments", [&] { return compute_segments(data, graph, options, by); });
}

}  // namespace modelfunnel
