// `modelfunnel forecast`: the open pipeline's expected won revenue in a
// period (Σ amount × P(won in period | stage, age)), its P10/P50/P90, by
// stage, owner, team and forecast category with cumulative roll-ups; and
// `--backtest`: the same forecast made at past dates against what happened;
// `--movement`: the pipeline at one date against the pipeline at another,
// every deal in one bucket (new, pulled in, increased, decreased, pushed
// out, won, lost, carried), and the slip rate.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "output.hpp"
#include "revenue_tables.hpp"
#include "timing.hpp"
#include "modelfunnel/revenue.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel forecast --data DIR --period P [--as-of DATE] [options]\n"
    "       modelfunnel forecast --map MAPPING [FILE...] --period P [options]\n"
    "       modelfunnel forecast --data DIR --backtest [--every month|quarter]\n"
    "       modelfunnel forecast --data DIR --movement --from DATE --to DATE [--period P]\n"
    "\n"
    "Forecasts the revenue the records open at --as-of will win inside the period:\n"
    "each one's amount times the probability that a record at its stage, as old\n"
    "there as it is, is won inside the period (learned from the records before\n"
    "--as-of); the distribution's P10/P50/P90 (exact for a few equal amounts,\n"
    "else a normal approximation whose Berry-Esseen error bound is printed, or\n"
    "Monte Carlo with --samples); by stage, owner, team and forecast category, and\n"
    "the cumulative roll-ups closed, commit, best case, pipeline.\n"
    "--backtest makes the forecast at the start of every past month (or quarter)\n"
    "and compares it with what those records then won: coverage of the P10-P90\n"
    "band (about 80% when honest), bias and error.\n"
    "--movement compares the pipeline at --from with the pipeline at --to (the open\n"
    "deals whose expected close date, as it stood then, falls in --period; without\n"
    "--period every open deal): each deal in one bucket - new, pulled in, increased,\n"
    "decreased, pushed out, won, lost, carried - so that opening + movements =\n"
    "closing, in deals and amount; and the slip rate (deals pushed again, of those\n"
    "pushed). docs/revenue.md explains it all.\n"
    "\n"
    "  --period P          2027-Q1, 2027-03, 2027, 2027-W05 or FROM..TO\n"
    "  --as-of DATE        'now' (default: just after the latest event)\n"
    "  --owner COL         attribute naming a record's owner (default: the actor of\n"
    "                      its latest event)\n"
    "  --samples N         Monte Carlo samples for the percentiles (default 0)\n"
    "  --seed S            Monte Carlo seed (default 42)\n"
    "  --backtest          backtest instead of forecasting\n"
    "  --every E           with --backtest: month (default) or quarter\n"
    "  --min-history DAYS  with --backtest: history before the first (default 180)\n"
    "  --plan              with --backtest: backtest the plan too (made at each\n"
    "                      period's start for what it won, against what entered)\n"
    "  --movement          pipeline movement instead of a forecast\n"
    "  --from DATE         with --movement: the opening date\n"
    "  --to DATE           with --movement: the closing date\n"
    "  --first-stage S     with --movement: the pipeline's first stage (default: the\n"
    "                      first with a forecast category, e.g. opportunity)\n"
    "\n"
    "data (as for 'modelfunnel report'):\n"
    "  --data DIR, --map MAPPING, --graph FILE, --policy P\n"
    "  --threads N         threads (default 0: as many as the hardware has)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: summary (default), stages, owners, teams,\n"
    "                      categories, rollups, curve; with --backtest: periods,\n"
    "                      backtest (with --plan: plan_backtest, plan_periods);\n"
    "                      with --movement: buckets (default), summary, deals\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

int run_forecast(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"period", "as-of", "owner", "samples", "seed", "every", "min-history", "data",
                                    "map", "graph", "policy", "threads", "format", "table", "from", "to",
                                    "first-stage"},
                         .switches = {"timing", "backtest", "movement", "plan"},
                         .positionals = true});
  if (args.has("help")) return print_help(kForecastCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  if (!args.value("data") && !args.value("map")) throw UsageError("give data: --data DIR or --map MAPPING");
  const bool backtest = args.has("backtest");
  const bool movement = args.has("movement");
  if (backtest && movement) throw UsageError("--backtest and --movement are two reports; give one");
  if (!movement && (args.value("from") || args.value("to") || args.value("first-stage")))
    throw UsageError("--from, --to and --first-stage need --movement");
  ForecastOptions fo;
  BacktestOptions bo;
  MovementOptions mo;
  const auto date_flag = [&](const char* flag) {
    const auto v = args.value(flag);
    if (!v) throw UsageError(std::string("--movement needs --") + flag + " DATE");
    absl::StatusOr<Timestamp> t = parse_timestamp(*v, TimeFormat::iso8601());
    if (!t.ok()) throw UsageError(std::string("--") + flag + ": " + std::string(t.status().message()));
    return *t;
  };
  if (movement) {
    if (args.value("as-of") || args.value("samples") || args.value("seed") || args.value("owner") ||
        args.value("every") || args.value("min-history") || args.has("plan"))
      throw UsageError("--movement takes --from, --to, --period and --first-stage only");
    mo.from = date_flag("from");
    mo.to = date_flag("to");
    if (args.value("period")) mo.period = period_flag(args);
    mo.first_stage = args.value("first-stage").value_or("");
    mo.threads = threads_flag(args);
  } else if (backtest) {
    if (args.value("period") || args.value("as-of")) throw UsageError("--backtest picks its own periods; drop --period and --as-of");
    constexpr std::string_view kEvery[] = {"month", "quarter"};
    bo.every = args.choice("every", "month", kEvery);
    bo.min_history_days = static_cast<std::int64_t>(args.number("min-history", 180, 0, 100'000));
    bo.owner_attribute = args.value("owner").value_or("");
    bo.threads = threads_flag(args);
    bo.plan = args.has("plan");
    if (bo.plan && args.value("seed")) bo.seed = args.number("seed", 42, 0, ~std::uint64_t{0});
  } else {
    if (args.value("every") || args.value("min-history") || args.has("plan"))
      throw UsageError("--every, --min-history and --plan need --backtest");
    fo.period = period_flag(args);
    if (auto v = args.value("as-of")) {
      absl::StatusOr<Timestamp> t = parse_timestamp(*v, TimeFormat::iso8601());
      if (!t.ok()) throw UsageError("--as-of: " + std::string(t.status().message()));
      fo.as_of = *t;
    }
    fo.owner_attribute = args.value("owner").value_or("");
    fo.samples = args.number("samples", 0, 0, 1'000'000);
    fo.seed = args.number("seed", 42, 0, ~std::uint64_t{0});
    fo.threads = threads_flag(args);
  }
  const Mapping mapping = data_mapping(args);
  const StageGraph graph = choose_graph(args, mapping).first;

  using Clock = std::chrono::steady_clock;
  Report out;
  const auto t0 = Clock::now();
  const DataSet data = load_engine_data(args, mapping, out);
  const auto t1 = Clock::now();
  const auto fail = [](const absl::Status& s) {
    if (absl::IsInvalidArgument(s)) throw UsageError(std::string(s.message()));
    throw RuntimeError(std::string(s.message()));
  };
  std::string json;
  if (movement) {
    absl::StatusOr<PipelineMovement> m = revenue_movement(data, graph, mo);
    if (!m.ok()) fail(m.status());
    if (format == Format::kCsv) {
      absl::StatusOr<std::string> text = movement_csv(*m, args.value("table").value_or("buckets"));
      if (!text.ok()) throw UsageError("--table: " + std::string(text.status().message()));
      json = *std::move(text);
    } else if (format == Format::kJson) {
      json = movement_json(*m);
    }
    add_movement_tables(out, *m);
  } else if (backtest) {
    absl::StatusOr<RevenueBacktest> b = revenue_backtest(data, graph, bo);
    if (!b.ok()) fail(b.status());
    add_backtest_tables(out, *b);
  } else {
    absl::StatusOr<RevenueForecast> f = revenue_forecast(data, graph, fo);
    if (!f.ok()) fail(f.status());
    if (format == Format::kCsv) {
      absl::StatusOr<std::string> text = forecast_csv(*f, args.value("table").value_or("summary"));
      if (!text.ok()) throw UsageError("--table: " + std::string(text.status().message()));
      json = *std::move(text);
    } else if (format == Format::kJson) {
      json = forecast_json(*f);
    }
    add_forecast_tables(out, *f);
  }
  const auto t2 = Clock::now();
  if (!json.empty()) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  } else if (format == Format::kCsv) {
    const std::string table = args.value("table").value_or("periods");
    Report one;
    one.notes = out.notes;
    for (const Table& t : out.tables)
      if (t.name == table) one.tables.push_back(t);
    if (one.tables.empty())
      throw UsageError("--table: with --backtest, expected periods or backtest (with --plan also plan_backtest, plan_periods)");
    print(one, format, std::cout, std::cerr);
  } else {
    print(out, format, std::cout, std::cerr);
  }
  std::fflush(stdout);
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kForecastCommand = {"forecast", "the open pipeline's expected won revenue in a period, backtested",
                                  kHelp, run_forecast};

}  // namespace modelfunnel::cli
