// `modelfunnel score fit|apply|report`: the lead score (docs/lead-score.md).
// `fit` writes a model file and shows what the model learned; `apply`
// scores every record (CSV and JSON come straight from the library's
// score_csv / score_json); `report` is the calibration report, of a model
// on data or cross-validated from features.
#include <chrono>
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
#include "modelfunnel/lead_score.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel score fit (--data DIR | --map MAPPING [FILE...])\n"
    "                             --features A,B,... --out MODEL.json [options]\n"
    "       modelfunnel score apply --model MODEL.json (--data DIR | --map MAPPING [FILE...])\n"
    "       modelfunnel score report (--model MODEL.json | --features A,B,...)\n"
    "                                (--data DIR | --map MAPPING [FILE...])\n"
    "\n"
    "The lead score: a calibrated win probability per record, with a 95%\n"
    "interval and the factors behind it (docs/lead-score.md). Positives reached\n"
    "the outcome stage, negatives a lost stage; open records are left out of\n"
    "fitting and of reports, and scored by apply.\n"
    "\n"
    "  fit      fit a model on the closed records; write it to --out and show\n"
    "           what it learned (levels, groups, the calibration map)\n"
    "  apply    score every record: record_id, probability, probability_low,\n"
    "           probability_high, raw_score, then factor_i and effect_i\n"
    "  report   the calibration table by decile, AUC, Brier score, log loss and\n"
    "           expected calibration error: of --model on this data, or\n"
    "           cross-validated (each record scored by a model fitted without\n"
    "           it, beside plain naive Bayes) from --features and fit options\n"
    "\n"
    "data (as for 'modelfunnel report'):\n"
    "  --data DIR          leads.csv and events.csv in the canonical layout\n"
    "  --map MAPPING       a mapping file; FILE arguments as for load\n"
    "  --graph FILE        stage graph (JSON); default: the mapping's, else The Model\n"
    "  --policy P          strict (default) or skip bad rows\n"
    "\n"
    "fit (and report without --model):\n"
    "  --features A,B,...  attributes to score on: string, bool, int64 or double\n"
    "  --outcome STAGE     positives reach this stage (default: a won stage)\n"
    "  --group-by COL      a string attribute (team, agent) whose groups get their\n"
    "                      own model, shrunk toward the pooled one\n"
    "  --bins N            quantile bins per numeric feature (default 5)\n"
    "  --prior-weight M    pseudo-deals pulling each value toward the overall rate\n"
    "                      (default 10)\n"
    "  --group-prior-weight K\n"
    "                      pseudo-deals pulling each group toward the pool (default 20)\n"
    "  --calibration C     platt (default) or isotonic\n"
    "  --folds K           folds of the out-of-fold predictions (default 5)\n"
    "  --seed S            seed of the folds (default 1)\n"
    "  --max-levels N      most values a category may have (default 1000)\n"
    "  --out MODEL.json    fit: where to write the model\n"
    "\n"
    "apply and report:\n"
    "  --model MODEL.json  a model file written by 'score fit'\n"
    "  --top N             apply: factors per record (default 3)\n"
    "  --calibration-bins N\n"
    "                      report: bins of the calibration table (default 10)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --threads N         threads it may use (default 0: as many as the hardware has)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

double real_flag(const Args& args, std::string_view name, double fallback) {
  const std::optional<std::string> v = args.value(name);
  if (!v) return fallback;
  double x = 0;
  if (!absl::SimpleAtod(*v, &x)) throw UsageError("--" + std::string(name) + ": '" + *v + "' is not a number");
  return x;
}

ScoreFitOptions fit_options(const Args& args) {
  ScoreFitOptions o;
  const std::optional<std::string> features = args.value("features");
  if (!features) throw UsageError("--features A,B,... is required");
  for (const std::string& f : std::vector<std::string>(absl::StrSplit(*features, ','))) {
    if (f.empty()) throw UsageError("--features: empty attribute name in '" + *features + "'");
    o.features.push_back(f);
  }
  o.outcome = args.value("outcome").value_or("");
  o.group_by = args.value("group-by").value_or("");
  o.bins = static_cast<unsigned>(args.number("bins", 5, 1, 100));
  o.prior_weight = real_flag(args, "prior-weight", o.prior_weight);
  o.group_prior_weight = real_flag(args, "group-prior-weight", o.group_prior_weight);
  constexpr std::string_view kMethods[] = {"isotonic", "platt"};
  o.calibration = args.choice("calibration", "platt", kMethods) == "platt" ? ScoreCalibration::kPlatt
                                                                           : ScoreCalibration::kIsotonic;
  o.folds = static_cast<unsigned>(args.number("folds", 5, 2, 50));
  o.seed = args.number("seed", 1, 0, ~std::uint64_t{0});
  o.max_levels = static_cast<std::uint32_t>(args.number("max-levels", 1000, 1, 0xFFFFFFFFu));
  o.threads = threads_flag(args);
  return o;
}

/// Fails the command for a non-OK @p status: InvalidArgument is the command
/// line's fault when @p usage, the data's or the model's otherwise.
void check(const absl::Status& status, bool usage) {
  if (status.ok()) return;
  if (usage && absl::IsInvalidArgument(status)) throw UsageError(std::string(status.message()));
  throw RuntimeError(std::string(status.message()));
}

template <class T>
T value_of(absl::StatusOr<T> result, bool usage) {
  check(result.status(), usage);
  return *std::move(result);
}

LeadScoreModel read_model(const Args& args) {
  const std::optional<std::string> path = args.value("model");
  if (!path) throw UsageError("--model MODEL.json is required");
  return value_of(LeadScoreModel::load_json_file(*path), false);
}

struct Timer {
  using Clock = TimingClock;
  Clock::time_point start = Clock::now(), loaded = start, computed = start;
  void print() const { print_timing(start, loaded, computed); }
};

Cell text_or_missing(const std::optional<std::string>& s) {
  if (s) return *s;
  return std::monostate{};
}

void add_metrics(Report& out, std::string name, std::string title, const ScoreMetrics& m) {
  Table& t = out.add_single(std::move(name), std::move(title));
  set(t, "records", std::uint64_t{m.records});
  set(t, "positives", std::uint64_t{m.positives});
  set(t, "auc", m.auc);
  set(t, "brier", m.brier);
  set(t, "log_loss", m.log_loss);
  set(t, "ece", m.ece);
}

void add_report_tables(Report& out, const ScoreReport& r) {
  Table& about = out.add_single("report", r.cross_validated ? "Held-out (cross-validated) calibration"
                                                            : "Calibration of the model on this data");
  set(about, "cross_validated", r.cross_validated);
  set(about, "folds", std::uint64_t{r.folds});
  set(about, "open_left_out", std::uint64_t{r.open});
  add_metrics(out, "metrics", "Metrics", r.metrics);
  if (r.plain_naive_bayes) add_metrics(out, "plain_naive_bayes", "Plain naive Bayes, same folds", *r.plain_naive_bayes);
  Table& t = out.add("calibration", "Calibration by bin of predicted probability",
                     {"bin", "records", "min_probability", "max_probability", "mean_probability", "positives",
                      "observed", "observed_low", "observed_high", "small_sample"});
  for (const ScoreCalibrationBin& b : r.calibration) {
    t.add_row({std::uint64_t{b.bin}, std::uint64_t{b.records}, b.min_probability, b.max_probability,
               b.mean_probability, std::uint64_t{b.observed.numerator}, b.observed.value, b.observed.low,
               b.observed.high, b.observed.small_sample});
  }
}

void add_model_tables(Report& out, const LeadScoreModel& model) {
  Table& m = out.add_single("model", "Model");
  set(m, "positives", std::uint64_t{model.positives()});
  set(m, "negatives", std::uint64_t{model.negatives()});
  set(m, "base_rate", model.base_rate());
  set(m, "outcome", model.outcome().empty() ? std::string("(won stages)") : model.outcome());
  set(m, "group_by", model.group_by().empty() ? Cell(std::monostate{}) : Cell(model.group_by()));
  set(m, "calibration", std::string(to_string(model.calibration())));
  Table& levels = out.add("levels", "What each value does",
                          {"feature", "value", "closed", "positives", "win_rate", "effect"});
  for (const ScoreLevel& l : model.levels()) {
    levels.add_row({l.feature, l.label, std::uint64_t{l.closed}, std::uint64_t{l.positives}, l.win_rate, l.effect});
  }
  if (!model.group_by().empty()) {
    Table& groups = out.add("groups", "Groups (" + model.group_by() + ")",
                            {"value", "closed", "positives", "win_rate", "own_weight"});
    for (const ScoreGroup& g : model.groups()) {
      groups.add_row({text_or_missing(g.value), std::uint64_t{g.closed}, std::uint64_t{g.positives}, g.win_rate,
                      g.own_weight});
    }
  }
  Table& cal = out.add("calibration", "Calibration map (raw score -> probability)",
                       {"raw_score", "closed", "positives", "probability", "low", "high"});
  for (const ScoreCalibrationPoint& p : model.calibration_points()) {
    cal.add_row({p.raw_score, std::uint64_t{p.closed}, std::uint64_t{p.positives}, p.probability, p.low, p.high});
  }
}

const std::vector<std::string_view> kDataFlags = {"data", "map", "graph", "policy", "threads", "format"};
const std::vector<std::string_view> kFitFlags = {"features", "outcome", "group-by", "bins", "prior-weight",
                                                 "group-prior-weight", "calibration", "folds", "seed",
                                                 "max-levels"};

std::vector<std::string_view> flags(std::initializer_list<std::vector<std::string_view>> lists) {
  std::vector<std::string_view> all;
  for (const auto& l : lists) all.insert(all.end(), l.begin(), l.end());
  return all;
}

int run_fit(std::span<const std::string> argv) {
  const Args args(argv, {.valued = flags({kDataFlags, kFitFlags, {"out"}}), .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kScoreCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  const ScoreFitOptions options = fit_options(args);
  const std::optional<std::string> out_path = args.value("out");
  if (!out_path) throw UsageError("--out MODEL.json is required");
  const Mapping mapping = data_mapping(args);
  const auto [graph, graph_name] = choose_graph(args, mapping);
  Report out;
  Timer timer;
  const DataSet data = load_engine_data(args, mapping, out);
  timer.loaded = Timer::Clock::now();
  const LeadScoreModel model = value_of(score_fit(data, graph, options), true);
  const std::string json = value_of(model.to_json(), false);
  timer.computed = Timer::Clock::now();
  std::ofstream file(*out_path, std::ios::binary);
  if (!file || !file.write(json.data(), static_cast<std::streamsize>(json.size())) || !file.flush())
    throw RuntimeError(*out_path + ": cannot write the model");
  add_model_tables(out, model);
  out.notes.push_back("Model written to " + *out_path + " (" + std::to_string(data.record_count()) +
                      " records read; " + std::to_string(data.record_count() - model.positives() - model.negatives()) +
                      " open ones left out).");
  print(out, format, std::cout, std::cerr);
  if (args.has("timing")) timer.print();
  return 0;
}

int run_apply(std::span<const std::string> argv) {
  const Args args(argv, {.valued = flags({kDataFlags, {"model", "top"}}), .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kScoreCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  ScoreApplyOptions options;
  options.top_factors = static_cast<std::uint32_t>(args.number("top", 3, 0, 16));
  options.threads = threads_flag(args);
  const LeadScoreModel model = read_model(args);
  const Mapping mapping = data_mapping(args);
  Report out;
  Timer timer;
  const DataSet data = load_engine_data(args, mapping, out);
  timer.loaded = Timer::Clock::now();
  const LeadScores scores = value_of(score_apply(model, data, options), false);
  timer.computed = Timer::Clock::now();
  if (format == Format::kTable) {
    std::vector<std::string> columns = {"record_id", "probability", "probability_low", "probability_high"};
    for (std::uint32_t i = 1; i <= scores.top_factors; ++i) {
      columns.push_back("factor_" + std::to_string(i));
      columns.push_back("effect_" + std::to_string(i));
    }
    Table& t = out.add("scores", "Lead scores", columns);
    const std::vector<std::string> features = model.features();
    for (std::size_t i = 0; i < scores.rows.size(); ++i) {
      const ScoreRow& row = scores.rows[i];
      std::vector<Cell> cells = {std::string(data.record_id(row.record)), row.probability, row.low, row.high};
      for (const ScoreFactor& f : scores.factors_of(i)) {
        const std::string& name = f.feature < features.size() ? features[f.feature] : model.group_by();
        cells.emplace_back(name + "=" + model.level_label(f.feature, f.level));
        cells.emplace_back(f.effect);
      }
      t.add_row(std::move(cells));
    }
    print(out, format, std::cout, std::cerr);
  } else {
    const std::string text =
        value_of(format == Format::kCsv ? score_csv(model, data, scores) : score_json(model, data, scores), false);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) timer.print();
  return 0;
}

int run_report(std::span<const std::string> argv) {
  const Args args(argv, {.valued = flags({kDataFlags, kFitFlags, {"model", "calibration-bins"}}),
                         .switches = {"timing"}, .positionals = true});
  if (args.has("help")) return print_help(kScoreCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  ScoreReportOptions options;
  options.bins = static_cast<std::uint32_t>(args.number("calibration-bins", 10, 2, 100));
  options.threads = threads_flag(args);
  const bool with_model = args.value("model").has_value();
  if (with_model == args.value("features").has_value())
    throw UsageError("give exactly one of --model MODEL.json and --features A,B,...");
  if (with_model) {
    for (std::string_view f : kFitFlags)
      if (args.value(f)) throw UsageError("--" + std::string(f) + " is a fit option; with --model the model has its own");
  }
  std::optional<LeadScoreModel> model;
  ScoreFitOptions fit;
  if (with_model) model = read_model(args);
  else fit = fit_options(args);
  const Mapping mapping = data_mapping(args);
  const auto [graph, graph_name] = choose_graph(args, mapping);
  Report out;
  Timer timer;
  const DataSet data = load_engine_data(args, mapping, out);
  timer.loaded = Timer::Clock::now();
  const ScoreReport report = model ? value_of(score_report(*model, data, graph, options), false)
                                   : value_of(score_cross_validate(data, graph, fit, options), true);
  timer.computed = Timer::Clock::now();
  add_report_tables(out, report);
  print(out, format, std::cout, std::cerr);
  if (args.has("timing")) timer.print();
  return 0;
}

int run_score(std::span<const std::string> argv) {
  if (argv.empty()) throw UsageError("score needs a subcommand: fit, apply or report");
  const std::string& sub = argv[0];
  if (sub == "--help" || sub == "-h") return print_help(kScoreCommand);
  const auto rest = argv.subspan(1);
  if (sub == "fit") return run_fit(rest);
  if (sub == "apply") return run_apply(rest);
  if (sub == "report") return run_report(rest);
  throw UsageError("unknown score subcommand '" + sub + "' (expected fit, apply or report)");
}

}  // namespace

const Command kScoreCommand = {"score", "lead score: fit a calibrated win-probability model, apply it, report",
                               kHelp, run_score};

}  // namespace modelfunnel::cli
