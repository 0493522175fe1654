// `modelfunnel dashboard`: the team dashboard as one self-contained HTML
// file (see docs/dashboard.md). It writes HTML, not a table, so it has no
// --format; --threads and --timing are as for every engine command.
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
#include "progress.hpp"
#include "timing.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/tiering.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel dashboard --data DIR --out FILE [options]\n"
    "       modelfunnel dashboard --map MAPPING [FILE...] --out FILE [options]\n"
    "\n"
    "The team dashboard as one HTML file that opens anywhere (no network): KPI\n"
    "cards per team with the change against the period before and whether it is\n"
    "significant, the funnel chart with 95% intervals and the bottleneck, trends,\n"
    "sortable breakdowns, loss reasons, attribution by channel (with touches), the\n"
    "stage graph, and with their inputs: the qualification mix (--rules), the\n"
    "revenue plan vs actual (--target, --period), the re-engagement queue\n"
    "(--policy FILE) and the tier split (--accounts, --fit-model) with its\n"
    "coverage gaps (--contacts, --activities).\n"
    "docs/dashboard.md says how each figure is computed.\n"
    "\n"
    "data (as for 'modelfunnel report'):\n"
    "  --data DIR          leads.csv and events.csv in the canonical layout\n"
    "  --map MAPPING       a mapping file; FILE arguments as for load\n"
    "  --graph FILE        stage graph (JSON); default: the mapping's, else The Model\n"
    "  --policy P          strict (default) or skip bad rows (any other value is a\n"
    "                      re-engagement policy file, below)\n"
    "  --load-policy P     the same as --policy strict|skip, when --policy names a\n"
    "                      re-engagement policy\n"
    "  --threads N         threads the load and the engines may use (default 0: as\n"
    "                      many as the hardware has)\n"
    "\n"
    "what to show:\n"
    "  --out FILE          where to write the page (required)\n"
    "  --by COL[,COL]      one breakdown table per attribute (default: channel,\n"
    "                      campaign, segment, owner, those the data has)\n"
    "  --from DATE         start of the period (inclusive), e.g. 2025-04-01\n"
    "  --to DATE           end of the period (exclusive); with --from, the KPI\n"
    "                      cards compare the period with the one before it\n"
    "  --period P          week or month (default): the trends' granularity; any\n"
    "                      other value is the revenue plan's period (below)\n"
    "  --trends P          week or month: the same as --period week|month, when\n"
    "                      --period names the plan's period\n"
    "  --as-of DATE        'now' for aging and open windows (default: latest event);\n"
    "                      the re-engagement queue's date (a bare date: its end)\n"
    "  --title TEXT        heading of the page (default: Team dashboard)\n"
    "  --rules FILE        qualification rules: adds the qualification section\n"
    "\n"
    "more sections, each drawn only when its inputs are given:\n"
    "  --target AMOUNT     revenue target for the plan period, e.g. 1,000,000; with\n"
    "  --period P          2025-Q3, 2025-07, 2025, 2025-W27 or FROM..TO: the plan's\n"
    "                      required records per stage (P50, P10-P90) against those\n"
    "                      that entered each stage in the period so far, and the\n"
    "                      open pipeline's forecast for the period\n"
    "  --policy FILE       re-engagement policy (docs/reengage.md): the top of the\n"
    "                      queue due at --as-of and the lost records by reason\n"
    "  --accounts FILE     accounts CSV, with\n"
    "  --fit-model FILE    the fit model to tier them by (what 'modelfunnel tier'\n"
    "                      calls --model): tier counts against the target shares,\n"
    "                      cut-off margins and uncertain accounts\n"
    "  --contacts FILE     with --accounts: the accounts' contacts (account_id,\n"
    "                      contact_id, role): adds the coverage gaps against\n"
    "                      each tier's play, by rule, per rep and the worst\n"
    "                      accounts, as 'modelfunnel tier --contacts' finds them\n"
    "  --activities FILE   the contacts' touches (contact_id, time, channel,\n"
    "                      campaign); cadences are judged on --as-of's day\n"
    "                      (default: the latest touch's)\n"
    "  --owner-by COL      the accounts column naming each account's rep\n"
    "                      (default: the fit model's owner)\n"
    "  --min-sample N      rates on fewer records are flagged small (default 30)\n"
    "  --team-by COL       attribute deciding the team at shared stages (sdr/bdr)\n"
    "  --team-map V=T,...  its values and their teams, e.g. outbound=bdr\n"
    "  --team-default T    team for other values (e.g. sdr)\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

std::optional<Timestamp> optional_date(const Args& args, std::string_view flag) {
  auto v = args.value(flag);
  if (!v) return std::nullopt;
  absl::StatusOr<Timestamp> t = parse_timestamp(*v, TimeFormat::iso8601());
  if (!t.ok()) throw UsageError("--" + std::string(flag) + ": " + std::string(t.status().message()));
  return *t;
}

std::vector<std::string> list(std::string_view flag, const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& item : std::vector<std::string>(absl::StrSplit(text, ','))) {
    if (item.empty()) throw UsageError("--" + std::string(flag) + ": empty name in '" + text + "'");
    out.push_back(item);
  }
  return out;
}

std::optional<TeamAssignment> team_assignment(const Args& args) {
  auto by = args.value("team-by");
  if (!by) {
    if (args.value("team-map") || args.value("team-default"))
      throw UsageError("--team-map and --team-default need --team-by COL");
    return std::nullopt;
  }
  TeamAssignment ta;
  ta.attribute = *by;
  if (auto m = args.value("team-map")) {
    for (const std::string& item : list("team-map", *m)) {
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
        throw UsageError("--team-map: expected VALUE=TEAM,...; got '" + item + "'");
      ta.teams.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
  }
  ta.default_team = args.value("team-default").value_or("");
  return ta;
}

// --policy and --period predate the sections that made them ambiguous:
// their old values (strict|skip, week|month) keep their old meaning, any
// other value names the new input. --load-policy and --trends say the old
// meaning unambiguously, for a command line that needs both.
bool is_load_policy(std::string_view v) { return v == "strict" || v == "skip"; }
bool is_trend_period(std::string_view v) { return v == "week" || v == "month"; }

/// strict or skip, from --load-policy or --policy.
std::string load_policy(const Args& args) {
  const std::optional<std::string> policy = args.value("policy");
  const bool policy_is_load = policy && is_load_policy(*policy);
  if (auto v = args.value("load-policy")) {
    if (!is_load_policy(*v)) throw UsageError("--load-policy: expected strict or skip; got '" + *v + "'");
    if (policy_is_load) throw UsageError("give --load-policy or --policy strict|skip, not both");
    return *v;
  }
  return policy_is_load ? *policy : "strict";
}

/// The re-engagement policy file: --policy's value when it is not strict|skip.
std::optional<std::string> reengage_policy_file(const Args& args) {
  const std::optional<std::string> policy = args.value("policy");
  if (!policy || is_load_policy(*policy)) return std::nullopt;
  if (policy->empty()) throw UsageError("--policy: expected strict, skip or a re-engagement policy file");
  return policy;
}

DashboardPeriod trend_period(const Args& args) {
  const std::optional<std::string> period = args.value("period");
  const bool period_is_trend = period && is_trend_period(*period);
  std::string v = period_is_trend ? *period : "month";
  if (auto t = args.value("trends")) {
    if (!is_trend_period(*t)) throw UsageError("--trends: expected week or month; got '" + *t + "'");
    if (period_is_trend) throw UsageError("give --trends or --period week|month, not both");
    v = *t;
  }
  return v == "week" ? DashboardPeriod::kWeek : DashboardPeriod::kMonth;
}

/// The revenue plan's target and period (--target with --period P).
void revenue_flags(const Args& args, DashboardOptions& options) {
  const std::optional<std::string> period = args.value("period");
  const bool has_plan_period = period && !is_trend_period(*period);
  const std::optional<std::string> target = args.value("target");
  if (has_plan_period && !target)
    throw UsageError("--period '" + *period + "': expected week or month, or a plan period (2025-Q3, 2025-07, 2025, "
                     "2025-W27, FROM..TO) with --target AMOUNT");
  if (!target) return;
  if (!has_plan_period) throw UsageError("--target needs --period P, the plan's period (e.g. 2025-Q3)");
  std::string digits;
  for (char c : *target)
    if (c != ',' && c != '_') digits += c;
  double t = 0;
  if (!absl::SimpleAtod(digits, &t) || !(t > 0) || !std::isfinite(t))
    throw UsageError("--target: expected a positive amount; got '" + *target + "'");
  absl::StatusOr<Period> p = parse_period(*period);
  if (!p.ok()) throw UsageError("--period: " + std::string(p.status().message()));
  options.revenue_target = t;
  options.revenue_period = *p;
}

/// --as-of for the re-engagement queue: a bare date means the end of that
/// day, as for `modelfunnel reengage`, so that the two give the same queue.
std::optional<Timestamp> queue_as_of(const Args& args) {
  const std::optional<std::string> v = args.value("as-of");
  const std::optional<Timestamp> t = optional_date(args, "as-of");
  if (!t || v->size() != 10) return t;
  return Timestamp::from_micros(t->micros() + 86'400'000'000 - 1'000'000);
}

/// Loads the data as `modelfunnel report` does: with --data, events of
/// leads missing from leads.csv are left out and counted; other bad rows
/// follow --policy.
DataSet load_data(const Args& args, const Mapping& mapping) {
  const bool skip = load_policy(args) == "skip";
  LoadOptions options;
  options.policy = skip ? ErrorPolicy::kSkip : ErrorPolicy::kStrict;
  options.threads = threads_flag(args);
  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  std::uint64_t unknown = 0;
  for (const FileReport& f : result->report.files) unknown += f.skipped;
  if (unknown)
    std::cerr << unknown << " rows were left out (events of unknown leads, or as the mapping asks).\n";
  if (!result->report.rejected.empty())
    std::cerr << result->report.rejected.size()
              << " bad rows were skipped (--policy skip); 'modelfunnel load' lists them.\n";
  return std::move(result->data);
}

int run_dashboard(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "graph", "policy", "threads", "out", "by", "from", "to",
                                    "period", "as-of", "title", "rules", "min-sample", "team-by",
                                    "team-map", "team-default", "load-policy", "trends", "target", "accounts",
                                    "fit-model", "contacts", "activities", "owner-by"},
                         .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kDashboardCommand);
  const std::optional<std::string> out_path = args.value("out");
  if (!out_path || out_path->empty()) throw UsageError("--out FILE is required (where to write the page)");
  DashboardOptions options;
  if (auto by = args.value("by")) options.by = list("by", *by);
  options.from = optional_date(args, "from");
  options.to = optional_date(args, "to");
  options.as_of = optional_date(args, "as-of");
  options.period = trend_period(args);
  revenue_flags(args, options);
  const std::optional<std::string> policy_file = reengage_policy_file(args);
  if (policy_file) options.reengage_as_of = queue_as_of(args);
  const std::optional<std::string> accounts_file = args.value("accounts");
  const std::optional<std::string> fit_model_file = args.value("fit-model");
  if (accounts_file.has_value() != fit_model_file.has_value())
    throw UsageError("--accounts and --fit-model go together (the tier split needs both)");
  const std::optional<std::string> contacts_file = args.value("contacts");
  if (contacts_file && !accounts_file)
    throw UsageError("--contacts needs --accounts FILE --fit-model FILE (the gaps are the tiered accounts')");
  for (const char* flag : {"activities", "owner-by"})
    if (args.value(flag) && !contacts_file) throw UsageError(std::string("--") + flag + " needs --contacts FILE");
  if (auto title = args.value("title")) options.title = *title;
  options.min_sample = args.number("min-sample", 30, 0, ~std::uint64_t{0});
  options.team_assignment = team_assignment(args);
  options.threads = threads_flag(args);
  // --data reads generate's touches.csv and campaigns.csv too, when there.
  const Mapping mapping = args.value("data") ? with_canonical_touches(data_mapping_skipping_unknown(args),
                                                                      *args.value("data"))
                                             : data_mapping_skipping_unknown(args);
  const auto [graph, graph_name] = choose_graph(args, mapping);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const DataSet data = load_data(args, mapping);
  const auto t1 = Clock::now();
  if (auto rules_file = args.value("rules")) {
    absl::StatusOr<QualifyRules> rules = QualifyRules::load_file(*rules_file, data);
    if (!rules.ok()) throw RuntimeError(std::string(rules.status().message()));
    options.qualify_rules = *std::move(rules);
  }
  if (policy_file) {
    absl::StatusOr<ReengagePolicy> policy = ReengagePolicy::load_file(*policy_file);
    if (!policy.ok()) throw RuntimeError(std::string(policy.status().message()));
    options.reengage_policy = *std::move(policy);
  }
  if (accounts_file) {
    absl::StatusOr<CsvTable> accounts = read_csv_table(*accounts_file);
    if (!accounts.ok()) throw RuntimeError(std::string(accounts.status().message()));
    absl::StatusOr<FitModel> model = FitModel::load_file(*fit_model_file);
    if (!model.ok()) throw RuntimeError(std::string(model.status().message()));
    options.accounts = *std::move(accounts);
    options.fit_model = *std::move(model);
  }
  if (contacts_file) {
    absl::StatusOr<CsvTable> contacts = read_csv_table(*contacts_file);
    if (!contacts.ok()) throw RuntimeError(std::string(contacts.status().message()));
    options.contacts = *std::move(contacts);
    if (auto f = args.value("activities")) {
      absl::StatusOr<CsvTable> activities = read_csv_table(*f);
      if (!activities.ok()) throw RuntimeError(std::string(activities.status().message()));
      options.activities = *std::move(activities);
    }
    options.owner_column = args.value("owner-by").value_or("");
  }
  absl::StatusOr<std::string> html = dashboard_html(data, graph, options);
  if (!html.ok()) {
    if (absl::IsInvalidArgument(html.status())) throw UsageError(std::string(html.status().message()));
    throw RuntimeError(std::string(html.status().message()));
  }
  const auto t2 = Clock::now();
  std::ofstream file(*out_path, std::ios::binary | std::ios::trunc);
  file.write(html->data(), static_cast<std::streamsize>(html->size()));
  file.close();
  if (!file) throw RuntimeError(*out_path + ": cannot write the page");
  std::cerr << "dashboard written to " << *out_path << " (" << html->size() / 1024 << " KiB)\n";
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kDashboardCommand = {"dashboard", "the team dashboard as one self-contained HTML page", kHelp,
                                   run_dashboard};

}  // namespace modelfunnel::cli
