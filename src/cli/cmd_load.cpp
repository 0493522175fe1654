// `modelfunnel load`: loads CRM files through a mapping and shows what
// arrived — records, events, counts per stage and team, per-file rows, and
// the rows that were rejected and why.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "tables.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::size_t kRejectedShown = 20;

constexpr std::string_view kHelp =
    "usage: modelfunnel load --data DIR [options]\n"
    "       modelfunnel load --map MAPPING [FILE...] [options]\n"
    "\n"
    "Loads CRM exports into a data set and prints what was loaded: records and\n"
    "events, how many records reached each stage and each team, rows per file,\n"
    "and the rejected rows with the reason for each.\n"
    "\n"
    "  --data DIR      the canonical layout in DIR: leads.csv and events.csv, as\n"
    "                  written by 'modelfunnel generate'\n"
    "  --map MAPPING   a mapping file (JSON; see docs/mapping.md)\n"
    "  FILE            with --map: read a table from another file than the\n"
    "                  mapping names. TABLE=PATH names the table; a plain PATH\n"
    "                  goes to the mapping's tables in order\n"
    "\n"
    "options:\n"
    "  --policy P      strict (default: the first bad row fails the load) or skip\n"
    "                  (bad rows are left out and listed)\n"
    "  --rejects PATH  with --policy skip: write every rejected row to PATH (CSV)\n"
    "  --graph FILE    stage graph (JSON) to count against; default: the one the\n"
    "                  mapping names, else The Model\n"
    "  --threads N     threads the load may use (default 0: as many as the\n"
    "                  hardware has)\n"
    "  --format F      table (default), csv or json\n"
    "  --help          show this help\n";

int run_load(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "policy", "rejects", "graph", "threads",
                                    "format"},
                         .positionals = true});
  if (args.has("help")) return print_help(kLoadCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  LoadOptions options;
  options.policy = args.choice("policy", "strict", kPolicies) == "skip" ? ErrorPolicy::kSkip
                                                                        : ErrorPolicy::kStrict;
  if (auto rejects = args.value("rejects")) {
    if (options.policy != ErrorPolicy::kSkip) throw UsageError("--rejects needs --policy skip");
    options.rejects_path = *rejects;
  }
  options.threads = threads_flag(args);

  const Mapping mapping = data_mapping(args);
  const auto [graph, graph_name] = choose_graph(args, mapping);

  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  const LoadReport& lr = result->report;

  Report report;
  Table& totals = report.add_single("data", "Loaded");
  set(totals, "graph", graph_name);
  Table& files = report.add("files", "Files",
                            {"table", "file", "bytes", "rows", "rejected", "unmatched_keys",
                             "empty_keys", "skipped"});
  for (const FileReport& f : lr.files) {
    files.add_row({f.table, f.file, f.bytes, f.rows, f.rejected, f.unmatched_keys, f.empty_keys, f.skipped});
  }
  absl::StatusOr<DataSummary> summary = summarize(result->data, graph);
  if (!summary.ok()) throw RuntimeError(std::string(summary.status().message()));
  add_summary_tables(report, totals, *summary);
  set(totals, "rejected_rows", lr.rejected_count());

  Table& rejected = report.add("rejected", "Rejected rows",
                               {"file", "line", "column", "field", "rule", "message"});
  for (std::size_t i = 0; i < lr.rejected.size() && i < kRejectedShown; ++i) {
    const RowError& e = lr.rejected[i];
    rejected.add_row({e.file, e.line, e.column, e.field, e.rule, e.message});
  }
  if (options.rejects_path && !lr.rejected.empty()) {
    report.notes.push_back("All " + std::to_string(lr.rejected.size()) +
                           " rejected rows were written to " + options.rejects_path->string() + ".");
  } else if (lr.rejected.size() > kRejectedShown) {
    report.notes.push_back(std::to_string(lr.rejected.size() - kRejectedShown) +
                           " more rejected rows not shown; --rejects PATH writes them all.");
  }
  // Data-quality findings: not errors, but worth a look before a report.
  Table& findings = report.add("findings", "Data-quality findings", {"rule", "count", "examples", "message"});
  for (const Finding& f : lr.findings) {
    std::string examples;
    for (const std::string& e : f.examples) examples += (examples.empty() ? "" : " ") + e;
    findings.add_row({f.rule, f.count, examples, f.message});
  }
  if (result->data.touch_count() > 0 || result->data.campaign_count() > 0) {
    set(totals, "touches", static_cast<std::uint64_t>(result->data.touch_count()));
    set(totals, "campaigns", static_cast<std::uint64_t>(result->data.campaign_count()));
  }
  print(report, format, std::cout, std::cerr);
  return 0;
}

}  // namespace

const Command kLoadCommand = {"load", "load CRM files through a mapping and count what arrived",
                              kHelp, run_load};

}  // namespace modelfunnel::cli
