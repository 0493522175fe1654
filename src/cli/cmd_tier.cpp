// `modelfunnel tier`: accounts scored by a fit model and split into tiers
// (A 15% / B 25% / C 60% by default), with pins, last run's tiers and the
// A and B accounts assigned to BDRs (docs/tiering.md). `--format csv`
// prints one table, by default the accounts, one row per account.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "args.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel tier --accounts FILE --model MODEL.json [options]\n"
    "\n"
    "Scores every account by a fit model (points per industry, size, ...) and\n"
    "splits them into tiers by exact shares (A 15%, B 25%, C 60% unless the model\n"
    "says otherwise): counts by largest remainder, ties by score then id. A\n"
    "missing value is a range: accounts whose range straddles a cut-off are\n"
    "flagged uncertain with the attribute to research. docs/tiering.md describes\n"
    "the model file and every column.\n"
    "\n"
    "inputs:\n"
    "  --accounts FILE     accounts CSV (the model names the id column)\n"
    "  --model FILE        the fit model (JSON; examples/tiering/maven_fit.json)\n"
    "  --pins FILE         CSV with id, tier, reason: manual tiers, counted in the\n"
    "                      quotas\n"
    "  --previous FILE     last run's tiers (CSV with id and tier, e.g. this\n"
    "                      command's CSV output): accounts keep them unless their\n"
    "                      score crosses the cut-off by the model's margin\n"
    "  --margin X          the stability margin in points (overrides the model's)\n"
    "  --no-rollup         do not roll subsidiaries up to their parent's tier\n"
    "  --reps FILE         assign A and B accounts to BDRs: CSV with rep_id,\n"
    "                      territory (* for all, several joined by ;), max_a,\n"
    "                      max_total (a min-cost flow: the most accounts placed,\n"
    "                      A first)\n"
    "  --territory-by COL  the accounts column matched against the reps'\n"
    "                      territories (default: the model's \"territory\")\n"
    "  --threads N         threads (default 0: as many as the hardware has)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: accounts (default; one row per account, rank\n"
    "                      order), tiers, cutoffs, or reps (needs --reps)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

CsvTable read_table(const std::string& file) {
  absl::StatusOr<CsvTable> t = read_csv_table(file);
  if (!t.ok()) throw RuntimeError(std::string(t.status().message()));
  return *std::move(t);
}

template <class T>
T checked(absl::StatusOr<T> v) {
  if (!v.ok()) throw RuntimeError(std::string(v.status().message()));
  return *std::move(v);
}

Cell opt(const std::optional<double>& x) { return x ? Cell(*x) : Cell(); }

void add_tables(Report& out, const Tiering& t, const Assignment* as) {
  Table& tiers = out.add("tiers", "Tiers", {"tier", "share", "target", "count", "difference", "pinned", "kept",
                                            "uncertain", "min_score", "max_score"});
  for (const TierSummary& s : t.tiers)
    tiers.add_row({s.name, s.share, s.target, s.count, s.difference, s.pinned, s.kept, s.uncertain,
                   opt(s.min_score), opt(s.max_score)});
  Table& cut = out.add("cutoffs", "Fit margin at each cut-off", {"upper", "lower", "last_upper", "first_lower", "margin"});
  for (const TierCutoff& c : t.cutoffs)
    cut.add_row({c.upper, c.lower, opt(c.last_upper), opt(c.first_lower), opt(c.margin)});
  std::vector<std::string> header = {"rank", "id", "tier", "score", "uncertain", "research", "reason"};
  if (as) header.push_back("rep");
  Table& rows = out.add("accounts", "Accounts", header);
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < t.accounts.size() && i < kShown; ++i) {
    const TieredAccount& a = t.accounts[i];
    std::vector<Cell> row = {std::uint64_t{a.rank}, a.id, t.tiers[a.tier].name, a.score,
                             std::string(a.uncertain ? "yes" : ""), a.research, std::string(to_string(a.reason))};
    if (as) row.push_back(as->rep[i] >= 0 ? Cell(as->reps[static_cast<std::size_t>(as->rep[i])].rep.id)
                                          : Cell(std::string(to_string(as->status[i]))));
    rows.add_row(std::move(row));
  }
  if (t.accounts.size() > kShown)
    out.notes.push_back("Showing the first " + std::to_string(kShown) + " of " + std::to_string(t.accounts.size()) +
                        " accounts; --format csv prints one row per account.");
  if (as) {
    Table& reps = out.add("reps", "Assignment to BDRs", {"rep_id", "max_a", "max_total", "a", "total", "fit_weight"});
    for (const RepAssignment& r : as->reps)
      reps.add_row({r.rep.id, r.rep.max_a, r.rep.max_total, r.first_tier, r.total, r.fit_weight});
  }
}

void add_notes(Report& out, const Tiering& t, const Assignment* as) {
  if (t.unknown_parents)
    out.notes.push_back(std::to_string(t.unknown_parents) +
                        " accounts name a parent that is not in the accounts file; they stand alone.");
  if (t.previous_unknown)
    out.notes.push_back(std::to_string(t.previous_unknown) +
                        " accounts of last run's tiers are not in the accounts file; they were ignored.");
  if (as && as->unplaced)
    out.notes.push_back(std::to_string(as->unplaced) +
                        " accounts could not be given a rep; --format csv lists each with why.");
}

int run_tier(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"accounts", "model", "pins", "previous", "margin", "reps", "territory-by",
                                    "threads", "format", "table"},
                         .switches = {"timing", "no-rollup"}});
  if (args.has("help")) return print_help(kTierCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kTables[] = {"accounts", "tiers", "cutoffs", "reps"};
  const std::string table = args.choice("table", "accounts", kTables);
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  const std::optional<std::string> accounts_file = args.value("accounts");
  const std::optional<std::string> model_file = args.value("model");
  if (!accounts_file) throw UsageError("--accounts FILE is required");
  if (!model_file) throw UsageError("--model FILE is required");
  const std::optional<std::string> reps_file = args.value("reps");
  if (table == "reps" && !reps_file) throw UsageError("--table reps needs --reps FILE");
  if (args.value("territory-by") && !reps_file) throw UsageError("--territory-by needs --reps FILE");
  TierOptions options;
  options.threads = threads_flag(args);
  if (args.has("no-rollup")) options.rollup = false;
  if (auto m = args.value("margin")) {
    double v = 0;
    if (!absl::SimpleAtod(*m, &v) || !(v >= 0)) throw UsageError("--margin: expected a number of points >= 0");
    options.stability_margin = v;
  }

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const CsvTable accounts = read_table(*accounts_file);
  const FitModel model = checked(FitModel::load_file(*model_file));
  if (auto f = args.value("pins")) options.pins = checked(pins_from_csv(read_table(*f)));
  if (auto f = args.value("previous")) options.previous = checked(previous_from_csv(read_table(*f)));
  std::vector<TierRep> reps;
  if (reps_file) reps = checked(reps_from_csv(read_table(*reps_file)));
  const auto t1 = Clock::now();
  const Tiering tiering = checked(tier_accounts(accounts, model, options));
  std::optional<Assignment> assignment;
  if (reps_file) {
    AssignOptions assign;
    assign.territory_column = args.value("territory-by").value_or("");
    assignment = checked(assign_accounts(accounts, tiering, reps, assign));
  }
  const Assignment* as = assignment ? &*assignment : nullptr;
  const auto t2 = Clock::now();

  Report out;
  add_notes(out, tiering, as);
  if (format == Format::kTable) {
    add_tables(out, tiering, as);
    print(out, format, std::cout, std::cerr);
  } else {
    const std::string text = format == Format::kJson
                                 ? checked(tiering_json(tiering, as))
                                 : checked(tiering_csv(tiering, *tiering_table_from_string(table), as));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    std::fprintf(stderr, "load_s=%.4f compute_s=%.4f rss_mb=%.1f\n", seconds(t1 - t0), seconds(t2 - t1),
                 peak_rss_mib());
  }
  return 0;
}

}  // namespace

const Command kTierCommand = {"tier", "score accounts by fit and split them into tiers A/B/C, assign BDRs",
                              kHelp, run_tier};

}  // namespace modelfunnel::cli
