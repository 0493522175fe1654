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
    "  --format F      table (default), csv or json\n"
    "  --help          show this help\n";

// The mapping with the positional FILE arguments applied.
Mapping bind_files(Mapping mapping, const std::vector<std::string>& files) {
  const std::vector<std::string> tables = mapping.table_names();
  auto named_table = [&](const std::string& arg) -> std::optional<std::string> {
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos) return std::nullopt;
    std::string table = arg.substr(0, eq);
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) return std::nullopt;
    return table;
  };
  // Plain paths fill the tables that no TABLE=PATH argument names, in order.
  std::vector<std::string> open_tables = tables;
  for (const std::string& f : files) {
    if (auto t = named_table(f)) std::erase(open_tables, *t);
  }
  std::size_t next = 0;
  for (const std::string& f : files) {
    std::string table;
    std::string path = f;
    if (auto t = named_table(f)) {
      table = *t;
      path = f.substr(t->size() + 1);
    } else if (next < open_tables.size()) {
      table = open_tables[next++];
    } else {
      throw UsageError("too many files: the mapping has " + std::to_string(tables.size()) +
                       " table(s), and '" + f + "' is not TABLE=PATH for one of them");
    }
    absl::StatusOr<Mapping> bound = mapping.with_file(table, path);
    if (!bound.ok()) throw UsageError(std::string(bound.status().message()));
    mapping = *std::move(bound);
  }
  return mapping;
}

Mapping read_mapping(const std::string& file, const Args& args) {
  absl::StatusOr<Mapping> m = Mapping::load_file(file);
  if (!m.ok()) throw RuntimeError(std::string(m.status().message()));
  return bind_files(*std::move(m), args.positionals());
}

std::pair<StageGraph, std::string> choose_graph(const Args& args, const Mapping& mapping) {
  std::optional<std::filesystem::path> file;
  if (auto g = args.value("graph")) file = *g;
  else file = mapping.graph_file();
  if (!file) return {StageGraph::the_model(), "the_model"};
  absl::StatusOr<StageGraph> graph = StageGraph::load_json_file(*file);
  if (!graph.ok()) throw RuntimeError(std::string(graph.status().message()));
  return {*std::move(graph), file->string()};
}

int run_load(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "policy", "rejects", "graph", "format"},
                         .positionals = true});
  if (args.has("help")) return print_help(kLoadCommand);
  const std::optional<std::string> data_dir = args.value("data");
  const std::optional<std::string> map_file = args.value("map");
  if (data_dir.has_value() == map_file.has_value()) {
    throw UsageError("give exactly one of --data DIR and --map MAPPING");
  }
  if (data_dir && !args.positionals().empty()) {
    throw UsageError("FILE arguments need --map; --data reads leads.csv and events.csv");
  }
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  LoadOptions options;
  options.policy = args.choice("policy", "strict", kPolicies) == "skip" ? ErrorPolicy::kSkip
                                                                        : ErrorPolicy::kStrict;
  if (auto rejects = args.value("rejects")) {
    if (options.policy != ErrorPolicy::kSkip) throw UsageError("--rejects needs --policy skip");
    options.rejects_path = *rejects;
  }

  const Mapping mapping = data_dir ? Mapping::canonical(*data_dir) : read_mapping(*map_file, args);
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
                             "empty_keys"});
  for (const FileReport& f : lr.files) {
    files.add_row({f.table, f.file, f.bytes, f.rows, f.rejected, f.unmatched_keys, f.empty_keys});
  }
  add_summary_tables(report, totals, summarize(result->data, graph));
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
  print(report, format, std::cout, std::cerr);
  return 0;
}

}  // namespace

const Command kLoadCommand = {"load", "load CRM files through a mapping and count what arrived",
                              kHelp, run_load};

}  // namespace modelfunnel::cli
