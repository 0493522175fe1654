// `modelfunnel qualify`: every lead decided by a rule file — qualified (to
// field sales now), nurture (a track and a re-check date, and what to ask
// next) or disqualified (and by which rule) — with each criterion's value.
// `--format csv` prints one table, by default the decisions, one row per
// record (docs/qualify.md).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
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
#include "modelfunnel/load.hpp"
#include "modelfunnel/qualify.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel qualify --data DIR --rules RULES [options]\n"
    "       modelfunnel qualify --map MAPPING [FILE...] --rules RULES [options]\n"
    "\n"
    "Decides every lead by a rule file (BANT and the company's own criteria):\n"
    "qualified (hand on to field sales now), nurture (a track, a re-check date and\n"
    "the questions to ask next) or disqualified (with the rule that decided).\n"
    "Each criterion is pass, fail or unknown: a missing value is unknown, never a\n"
    "fail. The rule file is checked against the data's attributes before anything\n"
    "is decided. docs/qualify.md describes the file and every column.\n"
    "\n"
    "data (as for 'modelfunnel load'):\n"
    "  --data DIR          leads.csv and events.csv in the canonical layout\n"
    "  --map MAPPING       a mapping file; FILE arguments as for load\n"
    "  --policy P          strict (default) or skip bad rows\n"
    "  --threads N         threads the load and the decisions may use (default 0:\n"
    "                      as many as the hardware has)\n"
    "\n"
    "rules:\n"
    "  --rules FILE        the rule file (JSON; examples/qualify/bant.json)\n"
    "  --as-of DATE        'now' for re-check dates (default: the latest event)\n"
    "\n"
    "learning from outcomes (won = reached the graph's won stage):\n"
    "  --lift              win rate when each criterion passed, failed or was\n"
    "                      unknown (95% Wilson intervals), and per decision\n"
    "  --diff RULES2       how many records a second rule file decides otherwise,\n"
    "                      with the won deals and revenue on each move\n"
    "  --graph FILE        stage graph (JSON); default: the mapping's, else The Model\n"
    "  --min-sample N      win rates on fewer closed records are flagged small\n"
    "                      (default 30)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: decisions (default; one row per record),\n"
    "                      summary (records per rule set, decision and rule),\n"
    "                      lift, outcomes (per decision; both need --lift) or\n"
    "                      diff (needs --diff)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

/// Loads the data as `modelfunnel report` does: with --data, events of leads
/// missing from leads.csv are left out and counted; other bad rows follow
/// --policy.
DataSet load_data(const Args& args, const Mapping& mapping, Report& notes_to) {
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  const bool skip = args.choice("policy", "strict", kPolicies) == "skip";
  const bool canonical = args.value("data").has_value();
  LoadOptions options;
  options.policy = skip || canonical ? ErrorPolicy::kSkip : ErrorPolicy::kStrict;
  options.threads = threads_flag(args);
  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  std::uint64_t unknown = 0, other = 0;
  for (const RowError& e : result->report.rejected) {
    if (canonical && e.rule == "ref.unknown_record") {
      ++unknown;
      continue;
    }
    if (!skip) throw RuntimeError(e.to_string());
    ++other;
  }
  if (unknown)
    notes_to.notes.push_back(std::to_string(unknown) +
                             " events name leads that leads.csv does not have; they were ignored.");
  if (other)
    notes_to.notes.push_back(std::to_string(other) +
                             " bad rows were skipped (--policy skip); 'modelfunnel load' lists them.");
  return std::move(result->data);
}

/// The decisions as tables for people: the summary, then the first rows.
void add_tables(Report& out, const QualifyResult& result) {
  Table& totals = out.add_single("data", "Qualification");
  set(totals, "records", std::uint64_t{result.record_count()});
  std::string sets;
  for (const RuleSetInfo& s : result.rules().rule_sets()) sets += (sets.empty() ? "" : ", ") + s.id;
  set(totals, "rule_sets", sets);
  set(totals, "as_of", result.as_of() ? format_timestamp(*result.as_of()) : std::string());

  Table& summary = out.add("summary", "Decisions", {"rule_set", "decision", "reason", "records"});
  for (const DecisionCount& c : result.summary()) {
    summary.add_row({c.rule_set, std::string(to_string(c.decision)), c.rule, c.records});
  }

  const std::vector<std::string>& columns = result.rules().criterion_columns();
  std::vector<std::string> header = {"record_id", "rule_set", "decision", "reason", "track", "recheck", "ask"};
  header.insert(header.end(), columns.begin(), columns.end());
  Table& rows = out.add("decisions", "First decisions", header);
  constexpr std::size_t kShown = 20;
  RecordDecision d;
  for (RecordIndex r = 0; r < result.record_count() && r < kShown; ++r) {
    result.decision(r, d);
    std::vector<Cell> row = {std::string(result.data().record_id(r)), std::string(d.rule_set_id),
                             std::string(to_string(d.decision)), std::string(d.rule_id),
                             std::string(d.track),
                             d.recheck ? Cell(format_timestamp(*d.recheck)) : Cell()};
    std::vector<std::string> ask;
    std::vector<Cell> cells(columns.size());
    if (d.rule_set >= 0) {
      const RuleSetInfo& info = result.rules().rule_sets()[static_cast<std::size_t>(d.rule_set)];
      for (std::uint16_t c : d.ask) ask.push_back(info.criteria[c].id);
      for (std::size_t c = 0; c < d.criteria.size(); ++c) {
        const auto at = std::find(columns.begin(), columns.end(), info.criteria[c].id) - columns.begin();
        cells[static_cast<std::size_t>(at)] = std::string(to_string(d.criteria[c]));
      }
    }
    row.emplace_back(ask);
    row.insert(row.end(), cells.begin(), cells.end());
    rows.add_row(std::move(row));
  }
  if (result.record_count() > kShown)
    out.notes.push_back("Showing the first " + std::to_string(kShown) + " of " +
                        std::to_string(result.record_count()) +
                        " decisions; --format csv prints one row per record.");
  for (const std::string& w : result.rules().warnings()) out.notes.push_back("Rules: " + w);
}

Cell number(double x) { return std::isnan(x) ? Cell() : Cell(x); }

void add_lift_tables(Report& out, const QualifyLift& lift) {
  Table& t = out.add("lift", "Lift: win rate when each criterion passed, failed or was unknown",
                     {"rule_set", "criterion", "bant", "value", "records", "closed", "won", "win_rate",
                      "win_rate_low", "win_rate_high", "lift", "won_revenue"});
  for (const CriterionLift& r : lift.criteria) {
    t.add_row({r.rule_set, r.criterion, std::string(to_string(r.bant)), std::string(to_string(r.value)),
               r.records, r.closed, r.won, number(r.win_rate.value), number(r.win_rate.low),
               number(r.win_rate.high), number(r.lift), Money{r.won_revenue.value()}});
  }
  Table& d = out.add("outcomes", "Outcomes per decision",
                     {"rule_set", "decision", "records", "closed", "won", "win_rate", "win_rate_low",
                      "win_rate_high", "won_revenue"});
  for (const DecisionOutcome& r : lift.decisions) {
    d.add_row({r.rule_set, std::string(to_string(r.decision)), r.records, r.closed, r.won,
               number(r.win_rate.value), number(r.win_rate.low), number(r.win_rate.high),
               Money{r.won_revenue.value()}});
  }
  out.notes.push_back("Win rates count closed records (won or lost); lift is a value's win rate over "
                      "the same criterion's win rate when it failed.");
}

void add_diff_table(Report& out, const QualifyDiff& diff, const std::string& other) {
  Table& t = out.add("diff", "Decisions moved by " + other,
                     {"before", "after", "records", "closed", "won", "win_rate", "won_revenue"});
  for (const DecisionMove& m : diff.moves) {
    t.add_row({std::string(to_string(m.before)), std::string(to_string(m.after)), m.records, m.closed, m.won,
               number(m.win_rate.value), Money{m.won_revenue.value()}});
  }
  out.notes.push_back(std::to_string(diff.moved) + " of " + std::to_string(diff.records) +
                      " records change decision under " + other + ".");
}

/// @p doc (a JSON object) with @p key: @p value added at its end.
std::string with_member(std::string doc, const std::string& key, const std::string& value) {
  const std::size_t close = doc.rfind('}');
  return doc.substr(0, close) + ",\n\"" + key + "\": " + value.substr(0, value.find_last_not_of('\n') + 1) +
         "\n}\n";
}

int run_qualify(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "graph", "policy", "threads", "rules", "as-of", "format",
                                    "table", "diff", "min-sample"},
                         .switches = {"timing", "lift"},
                         .positionals = true});
  if (args.has("help")) return print_help(kQualifyCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kTables[] = {"decisions", "summary", "lift", "outcomes", "diff"};
  const std::string table = args.choice("table", "decisions", kTables);
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  const bool want_lift = args.has("lift") || table == "lift" || table == "outcomes";
  const std::optional<std::string> diff_file = args.value("diff");
  if (table == "diff" && !diff_file) throw UsageError("--table diff needs --diff RULES2");
  if (args.value("min-sample") && !want_lift && !diff_file)
    throw UsageError("--min-sample needs --lift or --diff");
  LiftOptions lift_options;
  lift_options.min_sample = args.number("min-sample", 30, 0, ~std::uint64_t{0});
  lift_options.threads = threads_flag(args);
  const std::optional<std::string> rules_file = args.value("rules");
  if (!rules_file) throw UsageError("--rules FILE is required");
  QualifyOptions options;
  options.threads = threads_flag(args);
  if (auto a = args.value("as-of")) {
    absl::StatusOr<Timestamp> t = parse_timestamp(*a, TimeFormat::iso8601());
    if (!t.ok()) throw UsageError("--as-of: " + std::string(t.status().message()));
    options.as_of = *t;
  }

  using Clock = std::chrono::steady_clock;
  Report out;
  const Mapping mapping = data_mapping(args);
  const auto t0 = Clock::now();
  const DataSet data = load_data(args, mapping, out);
  const auto t1 = Clock::now();
  auto decide = [&](const std::string& file) {
    absl::StatusOr<QualifyRules> rules = QualifyRules::load_file(file, data);
    if (!rules.ok()) throw RuntimeError(std::string(rules.status().message()));
    absl::StatusOr<QualifyResult> result = qualify(data, *rules, options);
    if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
    return *std::move(result);
  };
  const QualifyResult result = decide(*rules_file);
  std::optional<QualifyLift> lift;
  std::optional<QualifyDiff> diff;
  if (want_lift || diff_file) {
    const StageGraph graph = choose_graph(args, mapping).first;
    if (want_lift) {
      absl::StatusOr<QualifyLift> l = qualify_lift(result, graph, lift_options);
      if (!l.ok()) throw RuntimeError(std::string(l.status().message()));
      lift = *std::move(l);
    }
    if (diff_file) {
      absl::StatusOr<QualifyDiff> d = qualify_diff(result, decide(*diff_file), graph, lift_options);
      if (!d.ok()) throw RuntimeError(std::string(d.status().message()));
      diff = *std::move(d);
    }
  }
  const auto t2 = Clock::now();

  if (format == Format::kTable) {
    add_tables(out, result);
    if (lift) add_lift_tables(out, *lift);
    if (diff) add_diff_table(out, *diff, *diff_file);
    print(out, format, std::cout, std::cerr);
  } else {
    absl::StatusOr<std::string> text;
    if (format == Format::kJson) {
      text = qualify_json(result);
      if (text.ok() && lift) {
        absl::StatusOr<std::string> l = qualify_lift_json(*lift);
        text = l.ok() ? absl::StatusOr<std::string>(with_member(*text, "lift", *l)) : l;
      }
      if (text.ok() && diff) {
        absl::StatusOr<std::string> d = qualify_diff_json(*diff);
        text = d.ok() ? absl::StatusOr<std::string>(with_member(*text, "diff", *d)) : d;
      }
    } else if (table == "decisions" || table == "summary") {
      text = qualify_csv(result, *qualify_table_from_string(table));
    } else if (table == "diff") {
      text = qualify_diff_csv(*diff);
    } else {
      text = qualify_lift_csv(*lift, table == "lift" ? LiftTable::kCriteria : LiftTable::kDecisions);
    }
    if (!text.ok()) throw RuntimeError(std::string(text.status().message()));
    std::fwrite(text->data(), 1, text->size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
    for (const std::string& w : result.rules().warnings()) std::cerr << "Rules: " << w << '\n';
  }
  if (args.has("timing")) {
    const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    std::fprintf(stderr, "load_s=%.4f compute_s=%.4f rss_mb=%.1f\n", seconds(t1 - t0),
                 seconds(t2 - t1), peak_rss_mib());
  }
  return 0;
}

}  // namespace

const Command kQualifyCommand = {"qualify",
                                 "decide each lead by BANT rules: qualified, nurture or disqualified",
                                 kHelp, run_qualify};

}  // namespace modelfunnel::cli
