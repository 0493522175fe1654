// The funnel report as one JSON document: the same fields as the C++
// structs, NaN as null, full precision. Written as it goes (JsonWriter), so
// a big breakdown costs its text and no document tree.
#include <cmath>

#include "modelfunnel/funnel_format.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::JsonWriter;

void write(JsonWriter& w, const Rate& r) {
  w.begin_object();
  w.key("numerator"), w.value(r.numerator);
  w.key("denominator"), w.value(r.denominator);
  w.key("value"), w.value(r.value);
  w.key("low"), w.value(r.low);
  w.key("high"), w.value(r.high);
  w.key("small_sample"), w.value(r.small_sample);
  w.end_object();
}

/// null for a figure FunnelOptions::durations left out.
void write(JsonWriter& w, const Durations& d) {
  if (!d.computed) return w.null();
  w.begin_object();
  w.key("count"), w.value(d.count);
  w.key("median_days"), w.value(d.median_days);
  w.key("p90_days"), w.value(d.p90_days);
  w.key("mean_days"), w.value(d.mean_days);
  w.end_object();
}

void write(JsonWriter& w, const StageRow& s) {
  w.begin_object();
  w.key("stage"), w.value(s.stage);
  w.key("reached"), w.value(s.reached);
  w.key("observed"), w.value(s.observed);
  w.key("step"), write(w, s.step);
  w.key("overall"), write(w, s.overall);
  w.key("from_entry"), write(w, s.from_entry);
  w.key("in_stage"), write(w, s.in_stage);
  w.key("aging"), write(w, s.aging);
  w.key("advanced"), w.value(s.advanced);
  w.key("lost"), w.value(s.lost);
  w.key("nurture"), w.value(s.nurture);
  w.key("open"), w.value(s.open);
  w.key("expired"), w.value(s.expired);
  w.key("loss_reasons"), w.begin_array();
  for (const ReasonCount& r : s.loss_reasons) {
    w.begin_object();
    w.key("reason"), w.value(r.reason);
    w.key("count"), w.value(r.count);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write(JsonWriter& w, const TeamRow& t) {
  w.begin_object();
  w.key("team"), w.value(t.team);
  w.key("stages"), w.begin_array();
  for (const std::string& s : t.stages) w.value(s);
  w.end_array();
  w.key("input"), w.value(t.input);
  w.key("output"), w.value(t.output);
  w.key("conversion"), write(w, t.conversion);
  w.key("velocity"), write(w, t.velocity);
  w.key("quality"), write(w, t.quality);
  w.end_object();
}

void write(JsonWriter& w, const FunnelGroup& g) {
  w.begin_object();
  w.key("key"), w.begin_array();
  for (const auto& v : g.key) v ? w.value(*v) : w.null();
  w.end_array();
  w.key("total"), w.value(g.total);
  w.key("bucket"), g.bucket ? w.value(format_timestamp(*g.bucket)) : w.null();
  w.key("records"), w.value(g.records);
  w.key("won"), w.value(g.won);
  w.key("lost"), w.value(g.lost);
  w.key("open"), w.value(g.open);
  w.key("nurture"), w.value(g.nurture);
  w.key("win_rate"), write(w, g.win_rate);
  w.key("won_revenue"), w.value(format_amount(g.won_revenue));
  w.key("cycle"), write(w, g.cycle);
  w.key("paths"), w.begin_object();
  w.key("skipped"), w.value(g.paths.skipped);
  w.key("moved_backwards"), w.value(g.paths.moved_backwards);
  w.key("reentered"), w.value(g.paths.reentered);
  w.key("reopened"), w.value(g.paths.reopened);
  w.key("nurtured"), w.value(g.paths.nurtured);
  w.end_object();
  w.key("stages"), w.begin_array();
  for (const StageRow& s : g.stages) write(w, s);
  w.end_array();
  w.key("teams"), w.begin_array();
  for (const TeamRow& t : g.teams) write(w, t);
  w.end_array();
  w.end_object();
}

void write(JsonWriter& w, const Bottleneck& b) {
  w.begin_object();
  w.key("stage"), w.value(b.stage);
  w.key("revenue_per_point"), w.value(b.revenue_per_point);
  w.key("current"), write(w, b.current);
  w.key("baseline");
  if (b.baseline) write(w, *b.baseline);
  else w.null();
  w.key("target"), b.target ? w.value(*b.target) : w.null();
  w.key("flagged"), w.value(b.flagged);
  w.key("p_value"), w.value(b.p_value);
  w.key("reason"), w.value(b.reason);
  w.end_object();
}

}  // namespace

absl::StatusOr<std::string> funnel_json(const FunnelReport& report) {
  return internal::no_throw("funnel_json", [&]() -> absl::StatusOr<std::string> {
    JsonWriter w;
    w.begin_object();
    w.key("main_path"), w.begin_array();
    for (const std::string& s : report.main_path) w.value(s);
    w.end_array();
    w.key("by"), w.begin_array();
    for (const std::string& s : report.by) w.value(s);
    w.end_array();
    w.key("passage"), w.value(to_string(report.passage));
    w.key("mode"), w.value(to_string(report.mode));
    w.key("as_of"), w.value(format_timestamp(report.as_of));
    w.key("records_outside_funnel"), w.value(report.records_outside_funnel);
    w.key("events_unknown_stage"), w.value(report.events_unknown_stage);
    w.key("events_without_time"), w.value(report.events_without_time);
    w.key("groups"), w.begin_array();
    for (const FunnelGroup& g : report.groups) write(w, g);
    w.end_array();
    w.key("bottlenecks"), w.begin_array();
    for (const Bottleneck& b : report.bottlenecks) write(w, b);
    w.end_array();
    w.end_object();
    return std::move(w).finish();
  });
}

}  // namespace modelfunnel
