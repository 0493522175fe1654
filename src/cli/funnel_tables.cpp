#include "funnel_tables.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace modelfunnel::cli {
namespace {

Cell num(double x) { return std::isnan(x) ? Cell() : Cell(x); }
Cell money(double x) { return std::isnan(x) ? Cell() : Cell(Money{x}); }

/// Key columns of a group: one per breakdown attribute, then the bucket.
std::vector<std::string> key_headers(const FunnelReport& f) {
  std::vector<std::string> h = f.by;
  for (const FunnelGroup& g : f.groups)
    if (g.bucket) {
      h.push_back("bucket");
      break;
    }
  return h;
}

std::vector<Cell> key_cells(const FunnelReport& f, const FunnelGroup& g, std::size_t width) {
  std::vector<Cell> cells;
  for (std::size_t i = 0; i < f.by.size(); ++i) {
    if (g.total) cells.emplace_back(std::string("*"));
    else if (g.key[i]) cells.emplace_back(*g.key[i]);
    else cells.emplace_back();
  }
  if (width > f.by.size())
    cells.push_back(g.bucket ? Cell(format_timestamp(*g.bucket).substr(0, 10)) : Cell());
  return cells;
}

std::vector<std::string> with(std::vector<std::string> a, std::vector<std::string> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Cell> row(std::vector<Cell> key, std::vector<Cell> rest) {
  key.insert(key.end(), rest.begin(), rest.end());
  return key;
}

std::string top_reason(const StageRow& s) {
  if (s.loss_reasons.empty()) return {};
  const ReasonCount& r = s.loss_reasons.front();
  return (r.reason.empty() ? std::string("(none)") : r.reason) + " (" + std::to_string(r.count) + ")";
}

}  // namespace

void add_funnel_tables(Report& report, const FunnelReport& f) {
  const std::vector<std::string> keys = key_headers(f);
  const std::size_t width = keys.size();
  const std::string entry = f.main_path.empty() ? "entry" : f.main_path.front();

  Table& funnel = report.add(
      "funnel",
      "Funnel (" + std::string(to_string(f.mode)) + ", " + std::string(to_string(f.passage)) +
          " passage; rates with 95% Wilson intervals; days from " + entry + ")",
      with(keys, {"stage", "reached", "step_rate", "step_low", "step_high", "overall_rate",
                  "median_days", "p90_days", "median_days_in_stage", "small_sample"}));
  Table& dropoff = report.add(
      "dropoff", "Where records stopped (furthest stage reached; open = may still convert; at the won "
      "stage, deals that moved on after winning)",
      with(keys, {"stage", "advanced", "lost", "nurture", "open", "expired", "top_loss_reason"}));
  for (const FunnelGroup& g : f.groups) {
    const auto key = key_cells(f, g, width);
    for (const StageRow& s : g.stages) {
      funnel.add_row(row(key, {s.stage, s.reached, num(s.step.value), num(s.step.low),
                               num(s.step.high), num(s.overall.value), num(s.from_entry.median_days),
                               num(s.from_entry.p90_days), num(s.in_stage.median_days),
                               std::string(s.step.small_sample && s.step.denominator > 0 ? "yes" : "")}));
      dropoff.add_row(row(key, {s.stage, s.advanced, s.lost, s.nurture, s.open, s.expired,
                                top_reason(s)}));
    }
  }

  Table& outcomes = report.add(
      "outcomes", "Outcomes (win rate = won / (won + lost); cycle from entry to close)",
      with(keys, {"records", "won", "lost", "open", "win_rate", "win_low", "win_high",
                  "won_revenue", "median_cycle_days", "skipped", "moved_backwards", "reentered",
                  "reopened"}));
  for (const FunnelGroup& g : f.groups) {
    outcomes.add_row(row(key_cells(f, g, width),
                         {g.records, g.won, g.lost, g.open, num(g.win_rate.value),
                          num(g.win_rate.low), num(g.win_rate.high), money(g.won_revenue.value()),
                          num(g.cycle.median_days), g.paths.skipped, g.paths.moved_backwards,
                          g.paths.reentered, g.paths.reopened}));
  }

  // Not "teams": the demo shows the data summary's `teams` table beside it.
  Table& teams = report.add(
      "team_kpis", "Teams (output: handed to the next team; quality: share of output that was won)",
      with(keys, {"team", "input", "output", "conversion", "median_days", "quality"}));
  for (const FunnelGroup& g : f.groups) {
    const auto key = key_cells(f, g, width);
    for (const TeamRow& t : g.teams)
      teams.add_row(row(key, {t.team, t.input, t.output, num(t.conversion.value),
                              num(t.velocity.median_days), num(t.quality.value)}));
  }

  Table& bottlenecks = report.add(
      "bottlenecks", "Bottlenecks (revenue from one more point of conversion at each step)",
      {"stage", "revenue_per_point", "rate", "baseline", "target", "flagged", "reason"});
  for (const Bottleneck& b : f.bottlenecks) {
    bottlenecks.add_row({b.stage, money(b.revenue_per_point), num(b.current.value),
                         b.baseline ? num(b.baseline->value) : Cell(),
                         b.target ? Cell(*b.target) : Cell(), std::string(b.flagged ? "yes" : "no"),
                         b.reason});
  }

  if (f.records_outside_funnel)
    report.notes.push_back(std::to_string(f.records_outside_funnel) +
                           " records have no event on the main path and are counted nowhere.");
  if (f.events_unknown_stage)
    report.notes.push_back(std::to_string(f.events_unknown_stage) +
                           " events are at stages the graph does not have; they were ignored.");
  if (f.events_without_time)
    report.notes.push_back(std::to_string(f.events_without_time) +
                           " events have no time: they count for reach, not for durations.");
}

}  // namespace modelfunnel::cli
