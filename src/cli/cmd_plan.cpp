// `modelfunnel plan`: a revenue target run backwards through the funnel —
// records required per stage (P10/P50/P90), when they must enter, team
// targets, what the open pipeline already brings, leverage, scenarios side
// by side. docs/revenue.md defines every figure.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
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
    "usage: modelfunnel plan --scenario FILE --target AMOUNT --period P [options]\n"
    "       modelfunnel plan --data DIR --target AMOUNT --period P [options]\n"
    "       modelfunnel plan --map MAPPING [FILE...] --target AMOUNT --period P [options]\n"
    "\n"
    "Runs a revenue target backwards through the funnel: wins, then every stage\n"
    "back to leads (the exact quotient, rounded up once per stage), with P10/P50/P90\n"
    "from a seeded Monte Carlo, the window in which each stage's records must enter\n"
    "(enter_from..enter_by, and by week), team targets, what the open pipeline\n"
    "already brings (from_pipeline) and what is still new (new_needed), and what\n"
    "one point more conversion at each step is worth. docs/revenue.md explains it.\n"
    "\n"
    "what to plan:\n"
    "  --target AMOUNT     revenue to win in the period, e.g. 1000000 or 1,000,000\n"
    "  --period P          2027-Q1, 2027-03, 2027, 2027-W05 or FROM..TO\n"
    "  --scenario FILE     rates, deal size, lags, pipeline (docs/revenue.md); with\n"
    "                      data, it overrides what was measured\n"
    "  --compare FILE[,FILE...]\n"
    "                      more scenarios, planned side by side (table compare)\n"
    "  --samples N         Monte Carlo samples (default 10000; 0: point figures)\n"
    "  --seed S            Monte Carlo seed (default 42)\n"
    "  --as-of DATE        'now' (default: the latest event; without data, the\n"
    "                      period's start)\n"
    "\n"
    "by segment (with data):\n"
    "  --by COL            plan each value of the string attribute COL (a channel,\n"
    "                      segment, region) with its own measured rates, lags and\n"
    "                      deal sizes for its share of the target, and the combined\n"
    "                      volumes (segment '*'); tables stages and segments\n"
    "  --mix FILE          each segment's share, JSON: {\"web\": 0.6, \"partner\": 0.4}\n"
    "                      (shares sum to 1); default: its share of the won revenue;\n"
    "                      a scenario's \"mix\" does the same\n"
    "\n"
    "data (as for 'modelfunnel report'):\n"
    "  --data DIR, --map MAPPING, --graph FILE, --policy P\n"
    "  --owner COL         attribute naming a record's owner (default: the actor of\n"
    "                      its latest event)\n"
    "  --threads N         threads (default 0: as many as the hardware has)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: stages (default), teams, leverage, weeks or compare;\n"
    "                      with --by: stages (default) or segments\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

double target_flag(const Args& args) {
  auto v = args.value("target");
  if (!v) throw UsageError("--target is required (revenue to win in the period)");
  std::string digits;
  for (char c : *v)
    if (c != ',' && c != '_') digits += c;
  double t = 0;
  if (!absl::SimpleAtod(digits, &t) || !(t > 0) || !std::isfinite(t))
    throw UsageError("--target: expected a positive amount; got '" + *v + "'");
  return t;
}

RevenueScenario scenario_file(const std::string& path) {
  absl::StatusOr<RevenueScenario> s = load_revenue_scenario_file(path);
  if (!s.ok()) throw RuntimeError(std::string(s.status().message()));
  return *std::move(s);
}

RevenueModel model_of(const std::optional<RevenueModel>& base, const RevenueScenario& s, const StageGraph& graph) {
  absl::StatusOr<RevenueModel> m = apply_scenario(base, s, graph);
  if (!m.ok()) throw RuntimeError(std::string(m.status().message()));
  return *std::move(m);
}

RevenuePlan plan_of(const RevenueModel& model, const PlanOptions& options) {
  absl::StatusOr<RevenuePlan> p = revenue_plan(model, options);
  if (!p.ok()) throw RuntimeError(std::string(p.status().message()));
  return *std::move(p);
}

std::optional<Timestamp> as_of_flag(const Args& args) {
  auto v = args.value("as-of");
  if (!v) return std::nullopt;
  absl::StatusOr<Timestamp> t = parse_timestamp(*v, TimeFormat::iso8601());
  if (!t.ok()) throw UsageError("--as-of: " + std::string(t.status().message()));
  return *t;
}

std::vector<std::pair<std::string, double>> mix_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<std::pair<std::string, double>>> mix = parse_revenue_mix(text.str());
  if (!mix.ok()) throw UsageError("--mix " + path + ": " + std::string(mix.status().message()));
  return *std::move(mix);
}

/// `plan --by COL`: every segment measured and planned, then printed.
int run_segmented(const Args& args, PlanOptions options, const DataSet& data, const StageGraph& graph,
                  const std::optional<RevenueScenario>& scenario, Format format, const std::string& table,
                  Report& out, std::chrono::steady_clock::time_point t0, std::chrono::steady_clock::time_point t1) {
  const std::string by = *args.value("by");
  if (by.empty() || by.find(',') != std::string::npos)
    throw UsageError("--by: one string attribute (a plan is split by one attribute); got '" + by + "'");
  if (args.value("compare")) throw UsageError("--compare does not combine with --by");
  if (table != "stages" && table != "segments")
    throw UsageError("--table: with --by, expected stages or segments; got '" + table + "'");
  std::string mix_source;
  if (auto file = args.value("mix")) {
    if (scenario && !scenario->mix.empty()) throw UsageError("give the mix once: --mix or the scenario's \"mix\"");
    options.mix = mix_file(*file);
    mix_source = "--mix " + *file;
  } else if (scenario && !scenario->mix.empty()) {
    options.mix = scenario->mix;
    mix_source = "scenario " + scenario->name + " ($.mix)";
  }
  if (scenario && scenario->pipeline)
    throw UsageError("with --by, a scenario cannot give a pipeline (each segment's is measured)");
  MeasureOptions mo;
  mo.as_of = options.as_of;
  mo.period = options.period;
  mo.owner_attribute = args.value("owner").value_or("");
  mo.threads = options.threads;
  absl::StatusOr<std::vector<RevenueSegment>> segments = measure_revenue_segments(data, graph, mo, by);
  if (!segments.ok()) {
    if (absl::IsInvalidArgument(segments.status())) throw UsageError(std::string(segments.status().message()));
    throw RuntimeError(std::string(segments.status().message()));
  }
  if (scenario) {
    for (RevenueSegment& seg : *segments) {
      if (!seg.model) continue;
      absl::StatusOr<RevenueModel> m = apply_scenario(*seg.model, *scenario, graph);
      if (!m.ok()) throw RuntimeError("segment '" + seg.segment + "': " + std::string(m.status().message()));
      seg.model = *std::move(m);
    }
  }
  absl::StatusOr<SegmentedPlan> plan = revenue_plan_segments(*segments, options);
  if (!plan.ok()) {
    const std::string why(plan.status().message());
    throw RuntimeError(mix_source.empty() || why.find("mix") == std::string::npos ? why : mix_source + ": " + why);
  }
  const auto t2 = std::chrono::steady_clock::now();
  if (format == Format::kCsv) {
    const std::string text = *segmented_plan_csv(*plan, table);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const std::string& n : plan->notes) std::cerr << n << '\n';
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  } else if (format == Format::kJson) {
    const std::string text = segmented_plan_json(*plan);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  } else {
    Report r;
    r.notes = out.notes;
    add_segmented_plan_tables(r, *plan);
    print(r, format, std::cout, std::cerr);
  }
  std::fflush(stdout);
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

int run_plan(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"scenario", "compare", "target", "period", "samples", "seed", "as-of", "data",
                                    "map", "graph", "policy", "owner", "threads", "format", "table", "by", "mix"},
                         .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kPlanCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  const std::string table = args.value("table").value_or("stages");
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  constexpr std::string_view kTables[] = {"stages", "teams", "leverage", "weeks", "compare", "segments"};
  if (table == "segments" && !args.value("by")) throw UsageError("--table segments needs --by COL");
  if (std::find(std::begin(kTables), std::end(kTables), table) == std::end(kTables))
    throw UsageError("--table: expected stages, teams, leverage, weeks or compare; got '" + table + "'");
  PlanOptions options;
  options.target = target_flag(args);
  options.period = period_flag(args);
  options.samples = args.number("samples", 10'000, 0, 10'000'000);
  options.seed = args.number("seed", 42, 0, ~std::uint64_t{0});
  options.threads = threads_flag(args);
  options.as_of = as_of_flag(args);
  const bool with_data = args.value("data") || args.value("map");
  if (!with_data && !args.value("scenario"))
    throw UsageError("give --scenario FILE, or data (--data DIR or --map MAPPING)");
  if (!with_data && !args.positionals().empty()) throw UsageError("FILE arguments need --map");
  if (!with_data && args.value("by")) throw UsageError("--by needs data (--data DIR or --map MAPPING)");
  if (args.value("mix") && !args.value("by")) throw UsageError("--mix needs --by COL (the attribute the mix is of)");

  using Clock = std::chrono::steady_clock;
  Report out;
  const auto t0 = Clock::now();
  std::optional<RevenueModel> base;
  StageGraph graph = StageGraph::the_model();
  std::optional<DataSet> data;
  if (with_data) {
    const Mapping mapping = data_mapping(args);
    graph = choose_graph(args, mapping).first;
    data = load_engine_data(args, mapping, out);
  }
  const auto t1 = Clock::now();
  if (data && args.value("by")) {
    std::optional<RevenueScenario> sc;
    if (auto f = args.value("scenario")) sc = scenario_file(*f);
    return run_segmented(args, options, *data, graph, sc, format, table, out, t0, t1);
  }
  if (data) {
    MeasureOptions mo;
    mo.as_of = options.as_of;
    mo.period = options.period;
    mo.owner_attribute = args.value("owner").value_or("");
    mo.threads = options.threads;
    absl::StatusOr<RevenueModel> m = measure_revenue_model(*data, graph, mo);
    if (!m.ok()) {
      if (absl::IsInvalidArgument(m.status())) throw UsageError(std::string(m.status().message()));
      throw RuntimeError(std::string(m.status().message()));
    }
    base = *std::move(m);
    if (!options.as_of) {
      // The pipeline was priced as of the latest event; weeks before it are past.
      options.as_of = std::nullopt;
    }
  }
  RevenueModel model = base ? *base : RevenueModel{};
  std::string name = "measured";
  if (auto s = args.value("scenario")) {
    const RevenueScenario sc = scenario_file(*s);
    if (!sc.mix.empty()) throw UsageError("the scenario gives a \"mix\": plan by segment with --data and --by COL");
    model = model_of(base, sc, graph);
    name = sc.name;
  }
  const RevenuePlan plan = plan_of(model, options);
  std::vector<std::pair<std::string, RevenuePlan>> compared;
  if (auto list = args.value("compare")) {
    compared.emplace_back(name, plan);
    for (const std::string& file : std::vector<std::string>(absl::StrSplit(*list, ','))) {
      if (file.empty()) throw UsageError("--compare: empty file name in '" + *list + "'");
      const RevenueScenario sc = scenario_file(file);
      compared.emplace_back(sc.name, plan_of(model_of(base ? base : std::optional<RevenueModel>(model), sc, graph), options));
    }
  } else if (table == "compare") {
    throw UsageError("--table compare needs --compare FILE[,FILE...]");
  }
  const auto t2 = Clock::now();

  if (format == Format::kCsv && table == "stages") {
    const std::string text = plan_csv(plan);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const std::string& n : plan.notes) std::cerr << n << '\n';
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  } else if (format == Format::kJson && compared.empty()) {
    const std::string text = plan_json(plan);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  } else {
    Report r;
    r.notes = out.notes;
    add_plan_tables(r, plan);
    if (!compared.empty()) {
      Table& c = r.add("compare", "Scenarios side by side",
                       {"scenario", "leads_p50", "leads_new", "wins_p50", "mean_deal_size", "p_target_with_plan",
                        "leads_enter_from"});
      for (const auto& [n, p] : compared)
        c.add_row({n, p.stages.front().required_p50, p.stages.front().new_needed, p.stages.back().required_p50,
                   Money{p.mean_deal_size}, p.p_target_with_plan, format_timestamp(p.stages.front().enter_from).substr(0, 10)});
    }
    if (format == Format::kCsv) {
      Report one;
      one.notes = r.notes;
      for (const Table& t : r.tables)
        if (t.name == table) one.tables.push_back(t);
      print(one, format, std::cout, std::cerr);
    } else {
      print(r, format, std::cout, std::cerr);
    }
  }
  std::fflush(stdout);
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kPlanCommand = {"plan", "a revenue target run back through the funnel: volumes, windows, gap",
                              kHelp, run_plan};

}  // namespace modelfunnel::cli
