// The funnel report as one JSON document: the same fields as the C++
// structs, NaN as null, full precision.
#include <cmath>

#include "modelfunnel/funnel_format.hpp"
#include "nlohmann/json.hpp"

namespace modelfunnel {
namespace {

using Json = nlohmann::ordered_json;

Json number(double x) { return std::isnan(x) ? Json(nullptr) : Json(x); }

Json to_json(const Rate& r) {
  return {{"numerator", r.numerator}, {"denominator", r.denominator}, {"value", number(r.value)},
          {"low", number(r.low)},     {"high", number(r.high)},       {"small_sample", r.small_sample}};
}

/// null for a figure FunnelOptions::durations left out.
Json to_json(const Durations& d) {
  if (!d.computed) return nullptr;
  return {{"count", d.count}, {"median_days", number(d.median_days)},
          {"p90_days", number(d.p90_days)}, {"mean_days", number(d.mean_days)}};
}

Json to_json(const StageRow& s) {
  Json reasons = Json::array();
  for (const ReasonCount& r : s.loss_reasons) reasons.push_back({{"reason", r.reason}, {"count", r.count}});
  return {{"stage", s.stage},         {"reached", s.reached},
          {"observed", s.observed},   {"step", to_json(s.step)},
          {"overall", to_json(s.overall)}, {"from_entry", to_json(s.from_entry)},
          {"in_stage", to_json(s.in_stage)}, {"aging", to_json(s.aging)},
          {"advanced", s.advanced},   {"lost", s.lost},
          {"nurture", s.nurture},     {"open", s.open},
          {"expired", s.expired},     {"loss_reasons", std::move(reasons)}};
}

Json to_json(const TeamRow& t) {
  return {{"team", t.team},         {"stages", t.stages},
          {"input", t.input},       {"output", t.output},
          {"conversion", to_json(t.conversion)}, {"velocity", to_json(t.velocity)},
          {"quality", to_json(t.quality)}};
}

Json to_json(const FunnelGroup& g) {
  Json key = Json::array();
  for (const auto& v : g.key) key.push_back(v ? Json(*v) : Json(nullptr));
  Json stages = Json::array();
  for (const StageRow& s : g.stages) stages.push_back(to_json(s));
  Json teams = Json::array();
  for (const TeamRow& t : g.teams) teams.push_back(to_json(t));
  return {{"key", std::move(key)},
          {"total", g.total},
          {"bucket", g.bucket ? Json(format_timestamp(*g.bucket)) : Json(nullptr)},
          {"records", g.records},
          {"won", g.won},
          {"lost", g.lost},
          {"open", g.open},
          {"nurture", g.nurture},
          {"win_rate", to_json(g.win_rate)},
          {"won_revenue", format_amount(g.won_revenue)},
          {"cycle", to_json(g.cycle)},
          {"paths",
           {{"skipped", g.paths.skipped},
            {"moved_backwards", g.paths.moved_backwards},
            {"reentered", g.paths.reentered},
            {"reopened", g.paths.reopened},
            {"nurtured", g.paths.nurtured}}},
          {"stages", std::move(stages)},
          {"teams", std::move(teams)}};
}

Json to_json(const Bottleneck& b) {
  return {{"stage", b.stage},
          {"revenue_per_point", number(b.revenue_per_point)},
          {"current", to_json(b.current)},
          {"baseline", b.baseline ? to_json(*b.baseline) : Json(nullptr)},
          {"target", b.target ? Json(*b.target) : Json(nullptr)},
          {"flagged", b.flagged},
          {"p_value", number(b.p_value)},
          {"reason", b.reason}};
}

}  // namespace

std::string funnel_json(const FunnelReport& report) {
  Json groups = Json::array();
  for (const FunnelGroup& g : report.groups) groups.push_back(to_json(g));
  Json bottlenecks = Json::array();
  for (const Bottleneck& b : report.bottlenecks) bottlenecks.push_back(to_json(b));
  Json j = {{"main_path", report.main_path},
            {"by", report.by},
            {"passage", std::string(to_string(report.passage))},
            {"mode", std::string(to_string(report.mode))},
            {"as_of", format_timestamp(report.as_of)},
            {"records_outside_funnel", report.records_outside_funnel},
            {"events_unknown_stage", report.events_unknown_stage},
            {"events_without_time", report.events_without_time},
            {"groups", std::move(groups)},
            {"bottlenecks", std::move(bottlenecks)}};
  // Attribute values are bytes: replace what is not UTF-8 instead of throwing.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace modelfunnel
