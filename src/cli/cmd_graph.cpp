// `modelfunnel graph`: shows a stage graph — as tables for people, as its
// JSON form, or as Graphviz DOT to draw it.
#include <iostream>
#include <string_view>

#include "args.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "tables.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel graph [--graph FILE] [--format text|json|dot]\n"
    "\n"
    "Prints a stage graph: The Model's by default, or the one in FILE (JSON, see\n"
    "docs/stage-graph.md), which is checked first. 'text' lists the main path\n"
    "with its teams, the hand-offs between teams and the other stages; 'json'\n"
    "is the graph's JSON form; 'dot' is Graphviz input:\n"
    "  modelfunnel graph --format dot | dot -Tsvg > model.svg\n"
    "\n"
    "options:\n"
    "  --graph FILE    stage graph to show (default: The Model)\n"
    "  --format F      text (default), json or dot\n"
    "  --help          show this help\n";

int run_graph(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"graph", "format"}});
  if (args.has("help")) return print_help(kGraphCommand);
  constexpr std::string_view kFormats[] = {"text", "json", "dot"};
  const std::string format = args.choice("format", "text", kFormats);

  StageGraph graph = StageGraph::the_model();
  if (auto file = args.value("graph")) {
    absl::StatusOr<StageGraph> loaded = StageGraph::load_json_file(*file);
    if (!loaded.ok()) throw RuntimeError(std::string(loaded.status().message()));
    graph = *std::move(loaded);
  }
  if (format == "json") {
    std::cout << graph.to_json();
  } else if (format == "dot") {
    std::cout << graph.to_dot();
  } else {
    Report report;
    add_graph_tables(report, graph);
    print(report, Format::kTable, std::cout, std::cerr);
  }
  return 0;
}

}  // namespace

const Command kGraphCommand = {"graph", "print a stage graph as text, JSON or Graphviz DOT",
                               kHelp, run_graph};

}  // namespace modelfunnel::cli
