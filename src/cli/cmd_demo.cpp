// `modelfunnel demo`: The Model on synthetic data, in memory — the graph,
// how many records reached each stage and team, and the full funnel report
// (conversion, velocity, drop-off, team KPIs with SDR and BDR apart,
// bottlenecks).
#include <iostream>
#include <string_view>

#include "args.hpp"
#include "commands.hpp"
#include "funnel_tables.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "tables.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel demo [--leads N] [--seed S] [--threads N] [--format table|csv|json]\n"
    "\n"
    "Builds a synthetic data set in memory (nothing is written to disk) and shows\n"
    "The Model's stage graph - the main path with its teams, the hand-offs between\n"
    "teams, the stages off the main path - how many leads reached each stage and\n"
    "each team, and the funnel report: conversion with 95% intervals, days from\n"
    "lead, where leads stopped and why, each team's input, output and quality\n"
    "(outbound leads are worked by BDRs, the rest by SDRs) and the bottlenecks.\n"
    "\n"
    "options:\n"
    "  --leads N       number of synthetic leads (default 20000)\n"
    "  --seed S        random seed; the same seed gives the same data (default 42)\n"
    "  --threads N     threads the report may use (default 0: as many as the\n"
    "                  hardware has)\n"
    "  --format F      table (default), csv or json\n"
    "  --help          show this help\n";

int run_demo(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"leads", "seed", "threads", "format"}});
  if (args.has("help")) return print_help(kDemoCommand);
  GenerateOptions options;
  options.leads = args.number("leads", 20'000, 1, 0xFFFF'FFFFull);
  options.seed = args.number("seed", 42, 0, ~std::uint64_t{0});
  const Format format = parse_format("--format", args.value("format").value_or("table"));

  Progress progress("generating", Progress::Unit::kLeads);
  options.progress = progress.callback();
  absl::StatusOr<DataSet> data = generate_dataset(options);
  progress.finish();
  if (!data.ok()) throw RuntimeError(std::string(data.status().message()));

  const StageGraph graph = StageGraph::the_model();
  Report report;
  Table& totals = report.add_single("data", "Synthetic data");
  set(totals, "leads", options.leads);
  set(totals, "seed", options.seed);
  add_graph_tables(report, graph);
  absl::StatusOr<DataSummary> summary = summarize(*data, graph);
  if (!summary.ok()) throw RuntimeError(std::string(summary.status().message()));
  add_summary_tables(report, totals, *summary);

  FunnelOptions funnel;
  funnel.threads = threads_flag(args);
  funnel.team_assignment = TeamAssignment{"channel", {{"outbound", "bdr"}}, "sdr"};
  absl::StatusOr<FunnelReport> f = funnel_report(*data, graph, funnel);
  if (!f.ok()) throw RuntimeError(std::string(f.status().message()));
  add_funnel_tables(report, *f);
  print(report, format, std::cout, std::cerr);
  return 0;
}

}  // namespace

const Command kDemoCommand = {"demo", "show The Model on synthetic data (in memory)", kHelp,
                              run_demo};

}  // namespace modelfunnel::cli
