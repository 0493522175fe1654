// revenue_plan_segments(): the target shared out over segments (by the mix
// given, or by each segment's won revenue), each segment planned with its
// own measured model, and the volumes combined. docs/revenue.md, "A plan by
// segment", defines each figure.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "modelfunnel/revenue.hpp"
#include "revenue/plan_samples.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::round_up;

std::string in_quotes(const std::string& segment) { return absl::StrCat("'", segment, "'"); }

/// A segment for people: its name, or "(no value)" for the records without one.
std::string label(const std::string& segment) { return segment.empty() ? "(no value)" : in_quotes(segment); }

/// Each segment's share: the mix given, or its share of the won revenue.
absl::StatusOr<std::vector<double>> shares_of(const std::vector<RevenueSegment>& segments, const PlanOptions& o) {
  const auto bad = [](std::string m) { return absl::InvalidArgumentError(std::move(m)); };
  std::vector<double> share(segments.size(), 0.0);
  if (o.mix.empty()) {
    double total = 0;
    for (const RevenueSegment& s : segments)
      if (s.status == "ok") total += s.won_revenue;
    if (!(total > 0)) return bad("no segment won any revenue before as_of: there is no mix to share the target by (give one)");
    for (std::size_t k = 0; k < segments.size(); ++k)
      if (segments[k].status == "ok") share[k] = segments[k].won_revenue / total;
    return share;
  }
  double sum = 0;
  std::vector<bool> given(segments.size(), false);
  for (const auto& entry : o.mix) {
    // Named copies, not a structured binding: clang 14 cannot capture one.
    const std::string& name = entry.first;
    const double value = entry.second;
    if (!(value >= 0 && value <= 1))
      return bad(absl::StrCat("the mix gives segment ", in_quotes(name), " a share of ", value, "; a share is in [0, 1]"));
    const auto it = std::find_if(segments.begin(), segments.end(), [&](const RevenueSegment& s) { return s.segment == name; });
    if (it == segments.end()) {
      std::vector<std::string> names;
      for (const RevenueSegment& s : segments) names.push_back(in_quotes(s.segment));
      return bad(absl::StrCat("the mix names segment ", in_quotes(name), ", which the data does not have (segments: ",
                              absl::StrJoin(names, ", "), ")"));
    }
    const auto k = static_cast<std::size_t>(it - segments.begin());
    if (given[k]) return bad(absl::StrCat("the mix gives segment ", in_quotes(name), " twice"));
    given[k] = true;
    if (value > 0 && it->status != "ok")
      return bad(absl::StrCat("the mix gives segment ", in_quotes(name), " a share of ", value,
                              ", but it cannot be planned (", it->status, ": ", it->note, ")"));
    share[k] = value;
    sum += value;
  }
  if (std::abs(sum - 1) > 1e-9)
    return bad(absl::StrCat("the mix's shares sum to ", sum, "; they must sum to 1 (within 1e-9)"));
  return share;
}

absl::StatusOr<SegmentedPlan> compute(const std::vector<RevenueSegment>& segments, const PlanOptions& o) {
  if (!(o.target > 0) || !std::isfinite(o.target)) return absl::InvalidArgumentError("the target must be a positive amount");
  if (segments.empty()) return absl::InvalidArgumentError("a plan by segment needs at least one segment");
  auto shares = shares_of(segments, o);
  if (!shares.ok()) return shares.status();
  SegmentedPlan out;
  out.target = o.target;
  out.period = o.period;
  out.historical_mix = o.mix.empty();
  out.samples = o.samples;
  std::vector<std::vector<std::vector<double>>> samples;  // per plan, per stage
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const RevenueSegment& s = segments[k];
    SegmentPlanRow row;
    row.segment = s.segment;
    row.share = (*shares)[k];
    row.target = row.share * o.target;
    row.won_deals = s.won_deals;
    row.won_revenue = s.won_revenue;
    row.status = s.status;
    row.note = s.note;
    row.p_target_with_plan = std::numeric_limits<double>::quiet_NaN();
    if (s.status == "ok" && !s.model)
      return absl::InvalidArgumentError(absl::StrCat("segment ", in_quotes(s.segment), " is ok but has no model"));
    if (s.status == "ok" && row.share == 0) {
      row.status = "no_share";
      row.note = out.historical_mix ? "it won no revenue before as_of" : "the mix gives it no share";
    }
    if (row.status != "ok") {
      if (s.status != "ok")
        out.notes.push_back(absl::StrCat("Segment ", label(s.segment), " is not planned (", s.status, "): ", s.note, "."));
      out.segments.push_back(std::move(row));
      continue;
    }
    PlanOptions po = o;
    po.mix.clear();
    po.target = row.target;
    po.seed = o.seed + k;
    std::vector<std::vector<double>> drawn;
    auto plan = internal::revenue::plan_with_samples(*s.model, po, &drawn);
    if (!plan.ok())
      return absl::Status(plan.status().code(), absl::StrCat("segment ", in_quotes(s.segment), ": ", plan.status().message()));
    if (!out.plans.empty() && plan->stages.size() != out.plans.front().second.stages.size())
      return absl::InvalidArgumentError(absl::StrCat("segment ", in_quotes(s.segment), "'s model has other stages than segment ",
                                                     in_quotes(out.plans.front().first), "'s"));
    row.mean_deal_size = plan->mean_deal_size;
    row.p_target_with_plan = plan->p_target_with_plan;
    out.segments.push_back(std::move(row));
    out.plans.emplace_back(s.segment, *std::move(plan));
    samples.push_back(std::move(drawn));
  }

  // The combined stages.
  if (out.plans.empty()) return absl::InvalidArgumentError("no segment could be planned");
  const std::size_t n = out.plans.front().second.stages.size();
  for (std::size_t i = 0; i < n; ++i) {
    PlanStageRow c;
    c.stage = out.plans.front().second.stages[i].stage;
    c.team = out.plans.front().second.stages[i].team;
    c.enter_from = out.plans.front().second.stages[i].enter_from;
    c.enter_by = out.plans.front().second.stages[i].enter_by;
    c.lag_p50_days = std::numeric_limits<double>::quiet_NaN();
    bool drawn = false;
    for (std::size_t k = 0; k < out.plans.size(); ++k) {
      const PlanStageRow& r = out.plans[k].second.stages[i];
      c.required_exact += r.required_exact;
      c.required_p10 += r.required_p10;
      c.required_p50 += r.required_p50;
      c.required_p90 += r.required_p90;
      c.open += r.open;
      c.from_pipeline += r.from_pipeline;
      c.new_needed += r.new_needed;
      c.enter_from = std::min(c.enter_from, r.enter_from);
      c.enter_by = std::max(c.enter_by, r.enter_by);
      drawn |= !samples[k][i].empty();
    }
    if (drawn && o.samples > 0) {
      // Sample by sample, each segment's volume rounded up (it is delivered
      // in whole records), summed; then the sum's percentiles.
      std::vector<std::uint64_t> sum(o.samples, 0);
      for (std::size_t k = 0; k < out.plans.size(); ++k) {
        const std::vector<double>& v = samples[k][i];
        const std::uint64_t fixed = round_up(out.plans[k].second.stages[i].required_exact);
        for (std::size_t s = 0; s < sum.size(); ++s) sum[s] += v.empty() ? fixed : round_up(v[s]);
      }
      std::sort(sum.begin(), sum.end());
      const auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sum.size())));
        return sum[std::clamp<std::size_t>(rank, 1, sum.size()) - 1];
      };
      c.required_p10 = at(0.1);
      c.required_p50 = at(0.5);
      c.required_p90 = at(0.9);
    }
    c.step_rate = i == 0 ? std::numeric_limits<double>::quiet_NaN()
                         : c.required_exact / out.combined[i - 1].required_exact;
    out.combined.push_back(std::move(c));
  }
  if (out.historical_mix)
    out.notes.push_back("Each segment's share of the target is its share of the revenue won before as_of.");
  return out;
}

}  // namespace

absl::StatusOr<SegmentedPlan> revenue_plan_segments(const std::vector<RevenueSegment>& segments,
                                                    const PlanOptions& options) {
  return internal::no_throw("revenue_plan_segments", [&] { return compute(segments, options); });
}

}  // namespace modelfunnel
