// `modelfunnel report`: the funnel report of CRM data against a stage graph
// (reach, conversion with intervals, velocity, drop-off, teams,
// bottlenecks). `--format csv` prints one table; its default, `funnel`, is
// the peer benchmark's report (../shared/bench/report-spec.md) byte for byte.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "args.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "funnel_tables.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "timing.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel report --data DIR [options]\n"
    "       modelfunnel report --map MAPPING [FILE...] [options]\n"
    "\n"
    "The funnel report: how many records reached each stage of the main path,\n"
    "conversion from the previous stage and from the entry (95% Wilson\n"
    "intervals), days from entry and in stage, where records stopped and why,\n"
    "each team's input, output and quality, and the bottleneck ranking.\n"
    "docs/funnel-report.md defines every figure.\n"
    "\n"
    "data (as for 'modelfunnel load'):\n"
    "  --data DIR          leads.csv and events.csv in the canonical layout; events\n"
    "                      of leads not in leads.csv are ignored and counted\n"
    "  --map MAPPING       a mapping file; FILE arguments as for load\n"
    "  --graph FILE        stage graph (JSON); default: the mapping's, else The Model\n"
    "  --policy P          strict (default) or skip bad rows\n"
    "  --threads N         threads the load and the report may use (default 0: as\n"
    "                      many as the hardware has)\n"
    "\n"
    "what to count:\n"
    "  --by COL[,COL]      break down by these attributes, jointly\n"
    "  --mode M            cohort (default: records entering in the range, followed\n"
    "                      forward) or period (stage entries in the range)\n"
    "  --passage P         implied (default: reaching a later stage implies the\n"
    "                      earlier ones) or observed (an event at the stage)\n"
    "  --from DATE         start of the range (inclusive), e.g. 2025-01-01\n"
    "  --to DATE           end of the range (exclusive)\n"
    "  --window DAYS       cohort conversion window from the entry\n"
    "  --window-per-step   measure the window from the previous stage instead\n"
    "  --bucket B          week, month or quarter: a trend breakdown\n"
    "  --as-of DATE        'now' for aging and open windows (default: latest event)\n"
    "  --min-sample N      rates on fewer records are flagged small (default 30)\n"
    "  --cycle-from STAGE  where the sales cycle starts (default: the entry stage)\n"
    "  --team-by COL       attribute deciding the team at shared stages (sdr/bdr)\n"
    "  --team-map V=T,...  its values and their teams, e.g. outbound=bdr\n"
    "  --team-default T    team for other values (e.g. sdr)\n"
    "  --baseline-from DATE, --baseline-to DATE\n"
    "                      flag steps that fell significantly against this period\n"
    "  --target STAGE=RATE,...\n"
    "                      flag steps significantly below these conversion targets\n"
    "  --durations LIST    duration figures to compute: all, none, or from_entry,\n"
    "                      in_stage, aging, cycle, team_velocity (default: all, or\n"
    "                      with --format csv those its table shows; the others\n"
    "                      print empty)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: funnel (default), stages, dropoff, reasons,\n"
    "                      groups, teams or bottlenecks\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

Timestamp date_arg(std::string_view flag, const std::string& text) {
  absl::StatusOr<Timestamp> t = parse_timestamp(text, TimeFormat::iso8601());
  if (!t.ok())
    throw UsageError("--" + std::string(flag) + ": " + std::string(t.status().message()));
  return *t;
}

std::optional<Timestamp> optional_date(const Args& args, std::string_view flag) {
  if (auto v = args.value(flag)) return date_arg(flag, *v);
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> pairs(std::string_view flag, const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& item : std::vector<std::string>(absl::StrSplit(text, ','))) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw UsageError("--" + std::string(flag) + ": expected NAME=VALUE,...; got '" + item + "'");
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

/// The duration figures table @p t shows: the only ones worth computing
/// for it (they are most of a report's time and memory).
DurationFigures durations_shown(FunnelTable t) {
  DurationFigures d = DurationFigures::none();
  switch (t) {
    case FunnelTable::kFunnel: d.from_entry = true; break;
    case FunnelTable::kStages: d.from_entry = d.in_stage = d.aging = true; break;
    case FunnelTable::kGroups: d.cycle = true; break;
    case FunnelTable::kTeams: d.team_velocity = true; break;
    case FunnelTable::kDropoff:
    case FunnelTable::kReasons:
    case FunnelTable::kBottlenecks: break;
  }
  return d;
}

/// --durations, else what the output shows: every figure, or with --format
/// csv those of its one table.
DurationFigures duration_figures(const Args& args, Format format, FunnelTable table) {
  if (auto list = args.value("durations")) {
    absl::StatusOr<DurationFigures> d = parse_duration_figures(*list);
    if (!d.ok()) throw UsageError("--" + std::string(d.status().message()));
    return *d;
  }
  return format == Format::kCsv ? durations_shown(table) : DurationFigures::all();
}

FunnelOptions funnel_options(const Args& args) {
  FunnelOptions o;
  if (auto by = args.value("by")) {
    for (const std::string& col : std::vector<std::string>(absl::StrSplit(*by, ','))) {
      if (col.empty()) throw UsageError("--by: empty attribute name in '" + *by + "'");
      o.by.emplace_back(col);
    }
  }
  constexpr std::string_view kModes[] = {"cohort", "period"};
  constexpr std::string_view kPassages[] = {"implied", "observed"};
  constexpr std::string_view kBuckets[] = {"week", "month", "quarter"};
  o.mode = args.choice("mode", "cohort", kModes) == "period" ? ReportMode::kPeriod
                                                             : ReportMode::kCohort;
  o.passage = args.choice("passage", "implied", kPassages) == "observed" ? Passage::kObserved
                                                                         : Passage::kImplied;
  if (args.value("bucket")) {
    const std::string b = args.choice("bucket", "", kBuckets);
    o.bucket = b == "week" ? TimeBucket::kWeek : b == "month" ? TimeBucket::kMonth
                                                              : TimeBucket::kQuarter;
  }
  o.from = optional_date(args, "from");
  o.to = optional_date(args, "to");
  o.as_of = optional_date(args, "as-of");
  o.baseline_from = optional_date(args, "baseline-from");
  o.baseline_to = optional_date(args, "baseline-to");
  if (args.value("window")) o.window_days = static_cast<std::int64_t>(args.number("window", 0, 0, 100'000));
  o.window_per_step = args.has("window-per-step");
  o.min_sample = args.number("min-sample", 30, 0, ~std::uint64_t{0});
  o.cycle_from = args.value("cycle-from").value_or("");
  if (auto by = args.value("team-by")) {
    TeamAssignment ta;
    ta.attribute = *by;
    if (auto m = args.value("team-map")) ta.teams = pairs("team-map", *m);
    ta.default_team = args.value("team-default").value_or("");
    o.team_assignment = std::move(ta);
  } else if (args.value("team-map") || args.value("team-default")) {
    throw UsageError("--team-map and --team-default need --team-by COL");
  }
  if (auto t = args.value("target")) {
    for (auto& [stage, rate] : pairs("target", *t)) {
      double v = 0;
      if (!absl::SimpleAtod(rate, &v))
        throw UsageError("--target: '" + rate + "' is not a number (for " + stage + ")");
      o.target_rates.emplace_back(stage, v);
    }
  }
  return o;
}

/// Loads the data. With --data, events of leads missing from leads.csv are
/// left out and counted (the mapping says "unknown_records": "skip"), as
/// the report spec asks; every bad row follows --policy.
DataSet load_data(const Args& args, const Mapping& mapping, Report& notes_to) {
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  const bool skip = args.choice("policy", "strict", kPolicies) == "skip";
  LoadOptions options;
  options.policy = skip ? ErrorPolicy::kSkip : ErrorPolicy::kStrict;
  options.threads = threads_flag(args);
  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  std::uint64_t unknown = 0;
  for (const FileReport& f : result->report.files) unknown += f.skipped;
  const std::uint64_t other = result->report.rejected.size();
  if (unknown && args.value("data"))
    notes_to.notes.push_back(std::to_string(unknown) +
                             " events name leads that leads.csv does not have; they were ignored.");
  else if (unknown)
    notes_to.notes.push_back(std::to_string(unknown) +
                             " rows were left out as the mapping asks (unknown records, other fields).");
  if (other)
    notes_to.notes.push_back(std::to_string(other) +
                             " bad rows were skipped (--policy skip); 'modelfunnel load' lists them.");
  return std::move(result->data);
}

int run_report(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "graph", "policy", "by", "mode", "passage",
                                    "from", "to", "window", "bucket", "as-of", "min-sample",
                                    "cycle-from", "team-by", "team-map", "team-default",
                                    "baseline-from", "baseline-to", "target", "format", "table",
                                    "durations", "threads"},
                         .switches = {"window-per-step", "timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kReportCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  FunnelTable table = FunnelTable::kFunnel;
  if (auto t = args.value("table")) {
    if (format != Format::kCsv) throw UsageError("--table needs --format csv");
    auto parsed = funnel_table_from_string(*t);
    if (!parsed)
      throw UsageError("--table: expected funnel, stages, dropoff, reasons, groups, teams or "
                       "bottlenecks; got '" + *t + "'");
    table = *parsed;
  }
  FunnelOptions options = funnel_options(args);
  options.durations = duration_figures(args, format, table);
  options.threads = threads_flag(args);
  const Mapping mapping = data_mapping_skipping_unknown(args);
  const auto [graph, graph_name] = choose_graph(args, mapping);

  using Clock = std::chrono::steady_clock;
  Report out;
  const auto t0 = Clock::now();
  const DataSet data = load_data(args, mapping, out);
  const auto t1 = Clock::now();
  absl::StatusOr<FunnelReport> funnel = funnel_report(data, graph, options);
  if (!funnel.ok()) {
    // Options the report refused are the user's to fix; anything else is not.
    if (absl::IsInvalidArgument(funnel.status())) throw UsageError(std::string(funnel.status().message()));
    throw RuntimeError(std::string(funnel.status().message()));
  }
  absl::StatusOr<std::string> text = std::string();
  if (format == Format::kCsv) text = funnel_csv(*funnel, table);
  else if (format == Format::kJson) text = funnel_json(*funnel);
  if (!text.ok()) throw RuntimeError(std::string(text.status().message()));
  const auto t2 = Clock::now();

  if (format == Format::kTable) {
    Table& totals = out.add_single("data", "Data");
    set(totals, "graph", graph_name);
    set(totals, "records", std::uint64_t{data.record_count()});
    set(totals, "events", std::uint64_t{data.event_count()});
    set(totals, "as_of", format_timestamp(funnel->as_of));
    add_funnel_tables(out, *funnel);
    // Empty cells would otherwise read as "no records had such a duration".
    if (!(options.durations == DurationFigures::all()))
      out.notes.push_back("Duration figures computed: " + to_string(options.durations) +
                          " (--durations); the columns of the others are empty.");
    print(out, format, std::cout, std::cerr);
  } else {
    std::fwrite(text->data(), 1, text->size(), stdout);
    std::fflush(stdout);
    Report notes;
    notes.notes = out.notes;
    add_funnel_tables(notes, *funnel);  // only for its notes
    for (const std::string& n : notes.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kReportCommand = {"report",
                                "the funnel report: conversion, velocity, drop-off, teams, bottlenecks",
                                kHelp, run_report};

}  // namespace modelfunnel::cli
