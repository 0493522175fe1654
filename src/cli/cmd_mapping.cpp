// `modelfunnel mapping draft FILE...`: a first mapping for CRM exports,
// guessed from their headers and first rows, with a comment beside every
// guess — for a person to read and edit, never loaded by itself.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "timing.hpp"
#include "modelfunnel/mapping_draft.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel mapping draft FILE... [options]\n"
    "\n"
    "Drafts a mapping (docs/mapping.md) for CRM exports: reads the header and the\n"
    "first rows of each FILE, sniffs the delimiter, each column's type and date\n"
    "format, guesses the id, stage, time, amount and owner columns and which file\n"
    "holds records, events, a wide export or side tables, and prints a mapping\n"
    "with a comment beside every guess saying why and what else it could be.\n"
    "Read it, fix it, then load with 'modelfunnel load --map FILE'. Nothing is\n"
    "loaded with a guess.\n"
    "\n"
    "options:\n"
    "  --out FILE     write to FILE (its folder is where the mapping's file paths\n"
    "                 start from) instead of standard output; an existing FILE is\n"
    "                 kept unless --force\n"
    "  --force        overwrite an existing --out FILE\n"
    "  --rows N       rows read per file (default 1000)\n"
    "  --bytes N      bytes read per file, about (default 1048576)\n"
    "  --format F     mapping (default: the commented mapping), or the guesses\n"
    "                 column by column as table, csv or json\n"
    "  --threads N    accepted for symmetry; drafting reads each file's first rows\n"
    "                 on one thread\n"
    "  --timing       print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help         show this help\n";

std::string delimiter_text(char d) { return d == '\t' ? std::string("tab") : std::string(1, d); }

Report guesses_report(const MappingDraft& draft) {
  Report report;
  Table& files = report.add("files", "Files",
                            {"file", "table", "kind", "delimiter", "rows_read", "more_rows", "bad_rows", "notes"});
  Table& columns = report.add("columns", "Columns",
                              {"table", "column", "role", "type", "format", "also_reads", "stage", "values",
                               "distinct", "example", "why"});
  for (const DraftTable& t : draft.tables) {
    files.add_row({t.file, t.name, t.kind, delimiter_text(t.delimiter), t.rows,
                   std::string(t.truncated ? "yes" : "no"), t.bad_rows, t.notes});
    for (const DraftColumn& c : t.columns) {
      columns.add_row({t.name, c.name, c.role, c.type, c.format, c.also_reads, c.stage, c.values, c.distinct,
                       c.example, c.why});
    }
  }
  return report;
}

int run_mapping(std::span<const std::string> argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    if (argv.empty()) throw UsageError("mapping needs a subcommand: draft");
    return print_help(kMappingCommand);
  }
  if (argv[0] != "draft") throw UsageError("unknown mapping subcommand '" + argv[0] + "' (known: draft)");
  const Args args(argv.subspan(1), {.valued = {"out", "rows", "bytes", "format", "threads"},
                                    .switches = {"timing", "force"},
                                    .positionals = true});
  if (args.has("help")) return print_help(kMappingCommand);
  constexpr std::string_view kFormats[] = {"mapping", "table", "csv", "json"};
  const std::string format = args.choice("format", "mapping", kFormats);
  (void)threads_flag(args);
  if (args.positionals().empty()) throw UsageError("mapping draft needs at least one FILE");
  DraftOptions options;
  options.max_rows = args.number("rows", options.max_rows, 1, 100'000'000);
  options.max_bytes = args.number("bytes", options.max_bytes, 1, std::uint64_t{1} << 34);
  const std::optional<std::string> out_path = args.value("out");
  if (out_path) {
    options.base_dir = std::filesystem::path(*out_path).parent_path();
    std::error_code ec;
    if (std::filesystem::exists(*out_path, ec) && !args.has("force")) {
      throw RuntimeError(*out_path + " exists: a draft would overwrite it (--force to do so)");
    }
  }
  std::vector<std::filesystem::path> files(args.positionals().begin(), args.positionals().end());

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  absl::StatusOr<MappingDraft> draft = draft_mapping(files, options);
  const auto t1 = Clock::now();
  if (!draft.ok()) throw RuntimeError(std::string(draft.status().message()));

  std::ostringstream text;
  std::ostringstream notes;
  if (format == "mapping") {
    text << draft->text;
  } else {
    print(guesses_report(*draft), parse_format("--format", format), text, notes);
  }
  if (out_path) {
    std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
    if (!(out << text.str()) || !out.flush()) throw RuntimeError("cannot write " + *out_path);
    std::cerr << "wrote " << *out_path << ": a draft to read and edit before loading it\n";
  } else {
    std::cout << text.str();
  }
  std::cerr << notes.str();
  const auto t2 = Clock::now();
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kMappingCommand = {"mapping", "draft a mapping from CRM exports (mapping draft FILE...)", kHelp,
                                 run_mapping};

}  // namespace modelfunnel::cli
