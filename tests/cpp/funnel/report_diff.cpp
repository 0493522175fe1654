#include "funnel/report_diff.hpp"

#include <cmath>
#include <sstream>

namespace modelfunnel::testing {
namespace {

/// Collects the first difference; every compare after it is a no-op.
class Diff {
 public:
  std::string result() const { return out_; }

  // Paths are put together only for the difference reported.
  template <class T>
  void eq(const std::string& prefix, const char* name, const T& a, const T& b) {
    if (!out_.empty() || a == b) return;
    std::ostringstream s;
    s << prefix << name << ": fast " << show(a) << ", reference " << show(b);
    out_ = s.str();
  }
  void real(const std::string& prefix, const char* name, double a, double b) {
    if (!out_.empty()) return;
    if (std::isnan(a) && std::isnan(b)) return;
    if (a == b || std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b))) return;
    std::ostringstream s;
    s.precision(17);
    s << prefix << name << ": fast " << a << ", reference " << b;
    out_ = s.str();
  }
  void rate(const std::string& prefix, const char* name, const Rate& a, const Rate& b) {
    if (!out_.empty()) return;
    const std::string p = prefix + name;
    eq(p, ".numerator", a.numerator, b.numerator);
    eq(p, ".denominator", a.denominator, b.denominator);
    real(p, ".value", a.value, b.value);
    real(p, ".low", a.low, b.low);
    real(p, ".high", a.high, b.high);
    eq(p, ".small_sample", a.small_sample, b.small_sample);
  }
  void durations(const std::string& prefix, const char* name, const Durations& a, const Durations& b) {
    if (!out_.empty()) return;
    const std::string p = prefix + name;
    eq(p, ".computed", a.computed, b.computed);
    eq(p, ".count", a.count, b.count);
    real(p, ".median_days", a.median_days, b.median_days);
    real(p, ".p90_days", a.p90_days, b.p90_days);
    real(p, ".mean_days", a.mean_days, b.mean_days);
  }

 private:
  template <class T>
  static std::string show(const T& v) {
    std::ostringstream s;
    if constexpr (std::is_same_v<T, std::optional<Timestamp>>) {
      s << (v ? format_timestamp(*v) : "none");
    } else if constexpr (std::is_same_v<T, Timestamp>) {
      s << format_timestamp(v);
    } else if constexpr (std::is_same_v<T, Amount>) {
      s << format_amount(v);
    } else if constexpr (std::is_same_v<T, std::vector<std::optional<std::string>>>) {
      for (const auto& k : v) s << (k ? *k : "<missing>") << ';';
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      for (const auto& k : v) s << k << ';';
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
      s << (v ? std::to_string(*v) : "none");
    } else {
      s << v;
    }
    return s.str();
  }
  std::string out_;
};

}  // namespace

std::string first_difference(const FunnelReport& f, const FunnelReport& r) {
  Diff d;
  d.eq("", "main_path", f.main_path, r.main_path);
  d.eq("", "as_of", f.as_of, r.as_of);
  d.eq("", "records_outside_funnel", f.records_outside_funnel, r.records_outside_funnel);
  d.eq("", "events_unknown_stage", f.events_unknown_stage, r.events_unknown_stage);
  d.eq("", "events_without_time", f.events_without_time, r.events_without_time);
  d.eq("", "groups.size", f.groups.size(), r.groups.size());
  for (std::size_t i = 0; i < f.groups.size() && i < r.groups.size(); ++i) {
    const FunnelGroup& a = f.groups[i];
    const FunnelGroup& b = r.groups[i];
    const std::string g = "groups[" + std::to_string(i) + "]";
    d.eq(g, ".key", a.key, b.key);
    d.eq(g, ".total", a.total, b.total);
    d.eq(g, ".bucket", a.bucket, b.bucket);
    d.eq(g, ".records", a.records, b.records);
    d.eq(g, ".won", a.won, b.won);
    d.eq(g, ".lost", a.lost, b.lost);
    d.eq(g, ".open", a.open, b.open);
    d.eq(g, ".nurture", a.nurture, b.nurture);
    d.rate(g, ".win_rate", a.win_rate, b.win_rate);
    d.eq(g, ".won_revenue", a.won_revenue, b.won_revenue);
    d.durations(g, ".cycle", a.cycle, b.cycle);
    d.eq(g, ".paths.skipped", a.paths.skipped, b.paths.skipped);
    d.eq(g, ".paths.moved_backwards", a.paths.moved_backwards, b.paths.moved_backwards);
    d.eq(g, ".paths.reentered", a.paths.reentered, b.paths.reentered);
    d.eq(g, ".paths.reopened", a.paths.reopened, b.paths.reopened);
    d.eq(g, ".paths.nurtured", a.paths.nurtured, b.paths.nurtured);
    d.eq(g, ".stages.size", a.stages.size(), b.stages.size());
    for (std::size_t k = 0; k < a.stages.size() && k < b.stages.size(); ++k) {
      const StageRow& x = a.stages[k];
      const StageRow& y = b.stages[k];
      const std::string s = g + ".stages[" + x.stage + "]";
      d.eq(s, ".stage", x.stage, y.stage);
      d.eq(s, ".reached", x.reached, y.reached);
      d.eq(s, ".observed", x.observed, y.observed);
      d.rate(s, ".step", x.step, y.step);
      d.rate(s, ".overall", x.overall, y.overall);
      d.durations(s, ".from_entry", x.from_entry, y.from_entry);
      d.durations(s, ".in_stage", x.in_stage, y.in_stage);
      d.durations(s, ".aging", x.aging, y.aging);
      d.eq(s, ".advanced", x.advanced, y.advanced);
      d.eq(s, ".lost", x.lost, y.lost);
      d.eq(s, ".nurture", x.nurture, y.nurture);
      d.eq(s, ".open", x.open, y.open);
      d.eq(s, ".expired", x.expired, y.expired);
      d.eq(s, ".loss_reasons.size", x.loss_reasons.size(), y.loss_reasons.size());
      for (std::size_t j = 0; j < x.loss_reasons.size() && j < y.loss_reasons.size(); ++j) {
        d.eq(s + ".loss_reasons[" + std::to_string(j) + "]", ".reason", x.loss_reasons[j].reason,
             y.loss_reasons[j].reason);
        d.eq(s + ".loss_reasons[" + std::to_string(j) + "]", ".count", x.loss_reasons[j].count,
             y.loss_reasons[j].count);
      }
    }
    d.eq(g, ".teams.size", a.teams.size(), b.teams.size());
    for (std::size_t t = 0; t < a.teams.size() && t < b.teams.size(); ++t) {
      const TeamRow& x = a.teams[t];
      const TeamRow& y = b.teams[t];
      const std::string s = g + ".teams[" + std::to_string(t) + "]";
      d.eq(s, ".team", x.team, y.team);
      d.eq(s, ".stages", x.stages, y.stages);
      d.eq(s, ".input", x.input, y.input);
      d.eq(s, ".output", x.output, y.output);
      d.rate(s, ".conversion", x.conversion, y.conversion);
      d.durations(s, ".velocity", x.velocity, y.velocity);
      d.rate(s, ".quality", x.quality, y.quality);
    }
  }
  d.eq("", "bottlenecks.size", f.bottlenecks.size(), r.bottlenecks.size());
  for (std::size_t i = 0; i < f.bottlenecks.size() && i < r.bottlenecks.size(); ++i) {
    const Bottleneck& a = f.bottlenecks[i];
    const Bottleneck& b = r.bottlenecks[i];
    const std::string s = "bottlenecks[" + std::to_string(i) + "]";
    d.eq(s, ".stage", a.stage, b.stage);
    d.real(s, ".revenue_per_point", a.revenue_per_point, b.revenue_per_point);
    d.rate(s, ".current", a.current, b.current);
    d.eq(s, ".baseline", a.baseline.has_value(), b.baseline.has_value());
    if (a.baseline && b.baseline) d.rate(s, ".baseline", *a.baseline, *b.baseline);
    d.eq(s, ".target", a.target, b.target);
    d.eq(s, ".flagged", a.flagged, b.flagged);
    d.real(s, ".p_value", a.p_value, b.p_value);
  }
  return d.result();
}

}  // namespace modelfunnel::testing
