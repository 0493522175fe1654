// `modelfunnel attribution`: which channels (or campaigns) brought the
// conversions in, under nine models (docs/attribution.md), from a data set's
// touches or an aggregated paths file. `--format csv` prints one table, by
// default the credits: one row per model and channel.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "args.hpp"
#include "attribution_tables.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "output.hpp"
#include "timing.hpp"
#include "progress.hpp"
#include "modelfunnel/attribution.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel attribution --paths FILE [options]\n"
    "       modelfunnel attribution --data DIR [options]\n"
    "       modelfunnel attribution --map MAPPING [FILE...] [options]\n"
    "\n"
    "Credits each conversion to the touches before it, under nine models:\n"
    "first_touch, last_touch, linear, u_shaped (40/20/40), w_shaped (30/30/30 +\n"
    "10), full_path (22.5 x 4 + 10), time_decay (half-life), markov (removal\n"
    "effect solved exactly from the absorbing chain) and shapley (exact). Each\n"
    "conversion's credits sum to one, so each model's credits sum to the total\n"
    "conversions and value. docs/attribution.md defines every model.\n"
    "\n"
    "input (exactly one):\n"
    "  --paths FILE        aggregated paths CSV: path (channels joined by '>'),\n"
    "                      total_conversions, total_conversion_value, total_null\n"
    "  --data DIR          the canonical layout: leads.csv, events.csv, and the\n"
    "                      touches.csv and campaigns.csv 'modelfunnel generate'\n"
    "                      writes (read when present)\n"
    "  --map MAPPING       a mapping file with touches (and campaigns) tables;\n"
    "                      FILE arguments as for load\n"
    "  --policy P          strict (default) or skip bad rows (--data skips)\n"
    "\n"
    "model:\n"
    "  --model M           a model name, several joined by ',', or all (default)\n"
    "  --by K              channel (default) or campaign (data sets)\n"
    "  --conversion-stage S  the stage that is the conversion (default closed_won)\n"
    "  --lookback-days D   drop touches more than D days before the conversion\n"
    "  --half-life-days H  time_decay's half-life (default 7)\n"
    "  --account ATTR      buying groups: credit each conversion to the touches of\n"
    "                      every record with the same value of string attribute\n"
    "                      ATTR (e.g. account_id)\n"
    "  --bootstrap N       bootstrap replicates for ci_low/ci_high (default 100;\n"
    "                      0 for none)\n"
    "  --confidence C      the interval's coverage (default 0.95)\n"
    "  --seed N            the bootstrap's seed (default 42)\n"
    "  --threads N         threads (default 0: as many as the hardware has)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: credits (default; model, channel,\n"
    "                      conversions, value, share, ci_low, ci_high,\n"
    "                      removal_effect) or costs (per model and campaign: cost,\n"
    "                      leads, opportunities, wins, cost per lead /\n"
    "                      opportunity / win, roi)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

double number_flag(const Args& args, std::string_view flag, double fallback, double min) {
  const std::optional<std::string> v = args.value(flag);
  if (!v) return fallback;
  double x = 0;
  if (!absl::SimpleAtod(*v, &x) || !std::isfinite(x) || x < min)
    throw UsageError("--" + std::string(flag) + ": expected a number >= " + std::to_string(min).substr(0, 3));
  return x;
}

std::vector<AttributionModel> models_flag(const Args& args) {
  const std::string text = args.value("model").value_or("all");
  if (text == "all") return {kAttributionModels.begin(), kAttributionModels.end()};
  std::vector<AttributionModel> out;
  for (const std::string& name : std::vector<std::string>(absl::StrSplit(text, ','))) {
    const std::optional<AttributionModel> m = attribution_model_from_string(name);
    if (!m)
      throw UsageError("--model: unknown model '" + std::string(name) +
                       "' (first_touch, last_touch, linear, u_shaped, w_shaped, full_path, time_decay, markov, "
                       "shapley or all)");
    out.push_back(*m);
  }
  return out;
}

DataSet load_data(const Args& args, Report& notes_to) {
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  const bool skip = args.choice("policy", "strict", kPolicies) == "skip";
  const bool canonical = args.value("data").has_value();
  Mapping mapping = canonical ? canonical_with_touches(*args.value("data")) : data_mapping(args);
  LoadOptions options;
  options.policy = skip || canonical ? ErrorPolicy::kSkip : ErrorPolicy::kStrict;
  options.threads = threads_flag(args);
  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  std::uint64_t skipped = 0;
  for (const RowError& e : result->report.rejected) {
    if (!skip && !canonical) throw RuntimeError(e.to_string());
    ++skipped;
  }
  if (skipped)
    notes_to.notes.push_back(std::to_string(skipped) +
                             " rows were skipped (bad or naming unknown leads); 'modelfunnel load' lists them.");
  return std::move(result->data);
}

int run_attribution(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "paths", "policy", "model", "by", "conversion-stage",
                                    "lookback-days", "half-life-days", "account", "bootstrap", "confidence", "seed",
                                    "threads", "format", "table"},
                         .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kAttributionCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  constexpr std::string_view kTables[] = {"credits", "costs"};
  const std::string table = args.choice("table", "credits", kTables);
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  const int sources = args.value("data").has_value() + args.value("map").has_value() + args.value("paths").has_value();
  if (sources != 1) throw UsageError("give exactly one of --data DIR, --map MAPPING and --paths FILE");
  if (!args.value("map") && !args.positionals().empty()) throw UsageError("FILE arguments need --map");

  AttributionOptions options;
  options.models = models_flag(args);
  constexpr std::string_view kKeys[] = {"channel", "campaign"};
  options.by = args.choice("by", "channel", kKeys) == "campaign" ? AttributionKey::kCampaign : AttributionKey::kChannel;
  if (auto s = args.value("conversion-stage")) options.conversion_stage = *s;
  if (args.value("lookback-days")) options.lookback_days = number_flag(args, "lookback-days", 0, 0);
  options.half_life_days = number_flag(args, "half-life-days", 7, 0);
  if (!(options.half_life_days > 0)) throw UsageError("--half-life-days: expected a number of days > 0");
  if (auto a = args.value("account")) options.account_attribute = *a;
  options.bootstrap = static_cast<std::uint32_t>(args.number("bootstrap", 100, 0, 100'000));
  options.confidence = number_flag(args, "confidence", 0.95, 0);
  if (!(options.confidence > 0 && options.confidence < 1)) throw UsageError("--confidence: expected a number in (0, 1)");
  options.seed = args.number("seed", 42, 0, UINT64_MAX);
  options.threads = threads_flag(args);
  // The credits table needs no campaign costs: skip their second pass.
  options.costs = !(format == Format::kCsv && table == "credits");
  const bool from_paths = args.value("paths").has_value();
  if (from_paths) {
    for (std::string_view f : {"by", "conversion-stage", "lookback-days", "account", "policy"})
      if (args.value(f)) throw UsageError("--" + std::string(f) + " needs --data or --map (a paths file has no touches)");
  }

  using Clock = std::chrono::steady_clock;
  Report out;
  const auto t0 = Clock::now();
  std::optional<DataSet> data;
  std::vector<AttributionPath> paths;
  if (from_paths) {
    absl::StatusOr<std::vector<AttributionPath>> p = load_attribution_paths(*args.value("paths"));
    if (!p.ok()) throw RuntimeError(std::string(p.status().message()));
    paths = *std::move(p);
  } else {
    data = load_data(args, out);
  }
  const auto t1 = Clock::now();
  absl::StatusOr<Attribution> result = data ? attribute(*data, options) : attribute_paths(paths, options);
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  const auto t2 = Clock::now();

  add_attribution_notes(out, *result);
  if (format == Format::kTable) {
    add_attribution_tables(out, *result);
    print(out, format, std::cout, std::cerr);
  } else {
    const absl::StatusOr<std::string> text = format == Format::kJson
                                                 ? attribution_json(*result)
                                                 : attribution_csv(*result, *attribution_table_from_string(table));
    if (!text.ok()) throw RuntimeError(std::string(text.status().message()));
    std::fwrite(text->data(), 1, text->size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kAttributionCommand = {"attribution",
                                     "credit conversions to channels or campaigns: nine models, exact Markov and Shapley",
                                     kHelp, run_attribution};

}  // namespace modelfunnel::cli
