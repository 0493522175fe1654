// `modelfunnel qualify`: every lead decided by a rule file — qualified (to
// field sales now), nurture (a track and a re-check date, and what to ask
// next) or disqualified (and by which rule) — with each criterion's value.
// `--format csv` prints one table, by default the decisions, one row per
// record (docs/qualify.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
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
#include "output.hpp"
#include "timing.hpp"
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
    "routing (qualified leads get an owner; decisions gain owner, owner_team and\n"
    "routing columns):\n"
    "  --route REPS        reps CSV: rep_id, team, territory (* for all, several\n"
    "                      joined by ;), capacity (leads per period)\n"
    "  --method M          round_robin (default), least_loaded, territory or\n"
    "                      optimal (most leads placed, highest priority first)\n"
    "  --territory-by COL  string attribute matched against the reps' territories\n"
    "  --scores FILE       CSV with record_id and score columns: the lead score,\n"
    "                      for rules that test it and for routing priority\n"
    "                      (without it, leads are routed in record order)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: decisions (default; one row per record),\n"
    "                      summary (records per rule set, decision and rule),\n"
    "                      lift, outcomes (per decision; both need --lift), diff\n"
    "                      (needs --diff), routing (qualified leads in priority\n"
    "                      order) or reps (leads per rep; both need --route)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

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

void add_routing_tables(Report& out, const Routing& routing) {
  Table& reps = out.add("reps", "Routing (" + std::string(to_string(routing.method)) + ")",
                        {"rep_id", "team", "territory", "capacity", "assigned"});
  for (const RepLoad& l : routing.reps) reps.add_row({l.rep.id, l.rep.team, l.rep.territories, l.rep.capacity, l.assigned});
  std::uint64_t by_status[4] = {};
  for (const LeadRoute& lead : routing.leads) ++by_status[static_cast<std::size_t>(lead.status)];
  Table& status = out.add("routing", "Qualified leads", {"routing", "leads"});
  for (RouteStatus s : {RouteStatus::kPlaced, RouteStatus::kNoRepInTerritory, RouteStatus::kTerritoryUnknown,
                        RouteStatus::kAllFull})
    if (by_status[static_cast<std::size_t>(s)]) status.add_row({std::string(to_string(s)), by_status[static_cast<std::size_t>(s)]});
  if (routing.placed < routing.leads.size())
    out.notes.push_back(std::to_string(routing.leads.size() - routing.placed) +
                        " qualified leads have no owner; --format csv --table routing lists each with why.");
}

/// The scores of --scores FILE, by record: NaN for records it does not list.
std::vector<double> read_scores(const std::string& file, const DataSet& data) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RuntimeError(file + ": cannot be read");
  std::string line;
  if (!std::getline(in, line)) throw RuntimeError(file + ": empty (expected a header with record_id and score)");
  auto split = [](const std::string& l) {
    std::vector<std::string> out = absl::StrSplit(l, ',');
    for (std::string& f : out) {
      if (!f.empty() && f.back() == '\r') f.pop_back();
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    }
    return out;
  };
  const std::vector<std::string> header = split(line);
  const auto id_at = std::find(header.begin(), header.end(), "record_id") - header.begin();
  const auto score_at = std::find(header.begin(), header.end(), "score") - header.begin();
  if (id_at == static_cast<long>(header.size()) || score_at == static_cast<long>(header.size()))
    throw RuntimeError(file + ":1: expected columns record_id and score");
  std::vector<double> scores(data.record_count(), std::nan(""));
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = split(line);
    if (f.size() != header.size()) throw RuntimeError(file + ":" + std::to_string(n) + ": wrong number of fields");
    const auto r = data.find_record(f[static_cast<std::size_t>(id_at)]);
    if (!r) continue;
    double v = 0;
    const std::string& text = f[static_cast<std::size_t>(score_at)];
    if (text.empty()) continue;
    if (!absl::SimpleAtod(text, &v)) throw RuntimeError(file + ":" + std::to_string(n) + ": score '" + text + "' is not a number");
    scores[*r] = v;
  }
  return scores;
}

/// @p doc (a JSON object) with @p key: @p value added at its end.
std::string with_member(std::string doc, const std::string& key, const std::string& value) {
  const std::size_t close = doc.rfind('}');
  return doc.substr(0, close) + ",\n\"" + key + "\": " + value.substr(0, value.find_last_not_of('\n') + 1) +
         "\n}\n";
}

int run_qualify(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "graph", "policy", "threads", "rules", "as-of", "format",
                                    "table", "diff", "min-sample", "route", "method", "territory-by",
                                    "scores"},
                         .switches = {"timing", "lift"},
                         .positionals = true});
  if (args.has("help")) return print_help(kQualifyCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kTables[] = {"decisions", "summary", "lift", "outcomes", "diff", "routing", "reps"};
  const std::string table = args.choice("table", "decisions", kTables);
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  const bool want_lift = args.has("lift") || table == "lift" || table == "outcomes";
  const std::optional<std::string> diff_file = args.value("diff");
  if (table == "diff" && !diff_file) throw UsageError("--table diff needs --diff RULES2");
  if (args.value("min-sample") && !want_lift && !diff_file)
    throw UsageError("--min-sample needs --lift or --diff");
  const std::optional<std::string> reps_file = args.value("route");
  if ((table == "routing" || table == "reps") && !reps_file)
    throw UsageError("--table " + table + " needs --route REPS");
  if (!reps_file && (args.value("method") || args.value("territory-by")))
    throw UsageError("--method and --territory-by need --route REPS");
  RouteOptions route_options;
  constexpr std::string_view kMethods[] = {"round_robin", "least_loaded", "territory", "optimal"};
  route_options.method = *route_method_from_string(args.choice("method", "round_robin", kMethods));
  route_options.territory_by = args.value("territory-by").value_or("");
  if (route_options.method == RouteMethod::kTerritory && route_options.territory_by.empty())
    throw UsageError("--method territory needs --territory-by COL");
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
  const DataSet data = load_engine_data(args, mapping, out);
  if (auto file = args.value("scores")) options.scores = read_scores(*file, data);
  std::vector<Rep> reps;
  if (reps_file) {
    absl::StatusOr<std::vector<Rep>> r = load_reps_csv(*reps_file);
    if (!r.ok()) throw RuntimeError(std::string(r.status().message()));
    reps = *std::move(r);
  }
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
  std::optional<Routing> routing;
  if (reps_file) {
    absl::StatusOr<Routing> r = route_leads(result, reps, route_options);
    if (!r.ok()) {
      if (absl::IsInvalidArgument(r.status())) throw UsageError(std::string(r.status().message()));
      throw RuntimeError(std::string(r.status().message()));
    }
    routing = *std::move(r);
  }
  const Routing* routed = routing ? &*routing : nullptr;
  const auto t2 = Clock::now();

  if (format == Format::kTable) {
    add_tables(out, result);
    if (routing) add_routing_tables(out, *routing);
    if (lift) add_lift_tables(out, *lift);
    if (diff) add_diff_table(out, *diff, *diff_file);
    print(out, format, std::cout, std::cerr);
  } else {
    absl::StatusOr<std::string> text;
    if (format == Format::kJson) {
      text = qualify_json(result, routed);
      if (text.ok() && lift) {
        absl::StatusOr<std::string> l = qualify_lift_json(*lift);
        text = l.ok() ? absl::StatusOr<std::string>(with_member(*text, "lift", *l)) : l;
      }
      if (text.ok() && diff) {
        absl::StatusOr<std::string> d = qualify_diff_json(*diff);
        text = d.ok() ? absl::StatusOr<std::string>(with_member(*text, "diff", *d)) : d;
      }
    } else if (table == "decisions" || table == "summary") {
      text = qualify_csv(result, *qualify_table_from_string(table), routed);
    } else if (table == "routing" || table == "reps") {
      text = routing_csv(result, *routing, table == "reps");
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
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kQualifyCommand = {"qualify",
                                 "decide each lead by BANT rules: qualified, nurture or disqualified",
                                 kHelp, run_qualify};

}  // namespace modelfunnel::cli
