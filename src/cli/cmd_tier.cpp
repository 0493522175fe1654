// `modelfunnel tier`: accounts scored by a fit model and split into tiers
// (A 15% / B 25% / C 60% by default), with pins, last run's tiers and the
// A and B accounts assigned to BDRs, and with contacts and activities the
// coverage of each tier's play (docs/tiering.md). `--format csv` prints one
// table, by default the accounts, one row per account. With --learn-from it
// learns points per attribute value from won deals instead.
#include <chrono>
#include <cmath>
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
#include "timing.hpp"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel tier --accounts FILE --model MODEL.json [options]\n"
    "       modelfunnel tier --accounts FILE --model MODEL.json --learn-from DEALS\n"
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
    "coverage of each tier's play (the model's \"plays\"; defaults: A 5 key\n"
    "contacts reached and a 6-month cadence, B a phone touch, C a mass campaign):\n"
    "  --contacts FILE     CSV with account_id, contact_id, role\n"
    "  --activities FILE   CSV with contact_id, time, channel, campaign (touches)\n"
    "  --as-of DATE        the day cadences are judged on (default: the latest\n"
    "                      touch)\n"
    "  --owner-by COL      the accounts column naming each account's rep when no\n"
    "                      --reps are given (default: the model's \"owner\")\n"
    "\n"
    "learned weights (instead of tiering; docs/tiering.md, \"Learned weights\"):\n"
    "  --learn-from FILE   deals CSV: learns points per attribute value from the\n"
    "                      accounts with a won deal (smoothed log-odds against\n"
    "                      the overall win rate) and prints the evidence\n"
    "  --learn-by U        accounts (default: an account is won when it has a\n"
    "                      won deal) or deals (each won or lost deal is a case)\n"
    "  --lost-value V      with --learn-by deals: the stage meaning lost (default\n"
    "                      Lost); other stages are open deals, left out\n"
    "  --deal-account COL  the deals column naming the account (default: the\n"
    "                      model's id column)\n"
    "  --stage-column COL  the deals column with the stage (default deal_stage)\n"
    "  --won-value V       the stage meaning won (default Won)\n"
    "  --prior N           prior strength in cases (default 5)\n"
    "  --points-per-logit X  points per unit of log-odds (default 10)\n"
    "  --write-model FILE  write the model with the learned points (JSON) there\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json\n"
    "  --table T           with csv: accounts (default; one row per account, rank\n"
    "                      order), tiers, cutoffs, reps (needs --reps), coverage\n"
    "                      (one row per account: contacts reached, cadence,\n"
    "                      channels, gaps) or rep_gaps (gaps per rep); the last\n"
    "                      two need --contacts\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

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

/// A count for people: 1,425 rather than 1425.
std::string count_text(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
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
    out.notes.push_back("Showing the first " + count_text(kShown) + " of " + count_text(t.accounts.size()) +
                        " accounts; --format csv prints one row per account.");
  if (as) {
    Table& reps = out.add("reps", "Assignment to BDRs", {"rep_id", "max_a", "max_total", "a", "total", "fit_weight"});
    for (const RepAssignment& r : as->reps)
      reps.add_row({r.rep.id, r.rep.max_a, r.rep.max_total, r.first_tier, r.total, r.fit_weight});
  }
}

void add_notes(Report& out, const Tiering& t, const Assignment* as) {
  if (t.unknown_parents)
    out.notes.push_back(count_text(t.unknown_parents) +
                        " accounts name a parent that is not in the accounts file; they stand alone.");
  if (t.previous_unknown)
    out.notes.push_back(count_text(t.previous_unknown) +
                        " accounts of last run's tiers are not in the accounts file; they were ignored.");
  if (as && as->unplaced)
    out.notes.push_back(count_text(as->unplaced) +
                        " accounts could not be given a rep; --format csv lists each with why.");
}

void add_coverage_tables(Report& out, const Coverage& c) {
  Table& reps = out.add("rep_gaps", "Coverage gaps per rep",
                        {"rep", "accounts", "with_gaps", "gap_contacts", "gap_cadence", "gap_channel", "gap_campaign",
                         "contacts_to_reach"});
  for (const RepCoverage& r : c.reps)
    reps.add_row({r.rep.empty() ? std::string("(none)") : r.rep, r.accounts, r.with_gaps, r.contacts, r.cadence,
                  r.channel, r.campaign, r.contacts_to_reach});
  out.notes.push_back(count_text(c.accounts_with_gaps) + " of " + count_text(c.accounts.size()) +
                      " accounts have a coverage gap; --format csv --table coverage lists each account's.");
}

void add_coverage_notes(Report& out, const Coverage& c) {
  const CoverageCounts& k = c.counts;
  if (k.contacts_unknown_account) {
    std::string some;
    for (std::size_t i = 0; i < k.unknown_accounts.size() && i < 3; ++i)
      some += (i ? ", \"" : "\"") + k.unknown_accounts[i] + "\"";
    out.notes.push_back(count_text(k.contacts_unknown_account) + " contacts name an account that is not in the "
                        "accounts file (" + some + (k.unknown_accounts.size() > 3 ? ", ..." : "") +
                        "); they were left out.");
  }
  if (k.contacts_duplicate)
    out.notes.push_back(count_text(k.contacts_duplicate) + " contact rows repeat a contact; counted once.");
  if (k.contacts_blank_role)
    out.notes.push_back(count_text(k.contacts_blank_role) + " contacts have no role.");
  if (k.activities_unknown_contact)
    out.notes.push_back(count_text(k.activities_unknown_contact) +
                        " activities name no known contact; they were left out.");
  if (k.activities_duplicate)
    out.notes.push_back(count_text(k.activities_duplicate) + " activities repeat another exactly; counted once.");
  if (k.activities_after_as_of)
    out.notes.push_back(count_text(k.activities_after_as_of) + " activities are after the as-of day; left out.");
  if (k.activities_blank_channel)
    out.notes.push_back(count_text(k.activities_blank_channel) + " activities have no channel.");
}

double positive(const Args& args, const char* flag, double fallback) {
  const auto text = args.value(flag);
  if (!text) return fallback;
  double v = 0;
  if (!absl::SimpleAtod(*text, &v) || !(v > 0) || !std::isfinite(v))
    throw UsageError(std::string("--") + flag + ": expected a number above 0");
  return v;
}

/// `tier --learn-from DEALS`: points per value from won deals, with the evidence.
int run_learn(const Args& args, Format format) {
  for (const char* flag : {"pins", "previous", "margin", "reps", "territory-by", "contacts", "activities", "as-of",
                           "owner-by", "table"})
    if (args.value(flag)) throw UsageError(std::string("--") + flag + " does not go with --learn-from");
  const std::optional<std::string> accounts_file = args.value("accounts");
  const std::optional<std::string> model_file = args.value("model");
  if (!accounts_file) throw UsageError("--accounts FILE is required");
  if (!model_file) throw UsageError("--model FILE is required");
  LearnOptions options;
  options.account_column = args.value("deal-account").value_or("");
  options.stage_column = args.value("stage-column").value_or("deal_stage");
  options.won_value = args.value("won-value").value_or("Won");
  options.lost_value = args.value("lost-value").value_or("Lost");
  constexpr std::string_view kUnits[] = {"accounts", "deals"};
  options.unit = args.choice("learn-by", "accounts", kUnits) == "deals" ? LearnUnit::kDeals : LearnUnit::kAccounts;
  if (args.value("lost-value") && options.unit != LearnUnit::kDeals)
    throw UsageError("--lost-value needs --learn-by deals");
  options.prior_accounts = positive(args, "prior", 5);
  options.points_per_logit = positive(args, "points-per-logit", 10);
  (void)threads_flag(args);  // learning runs on one thread; the flag is accepted as everywhere

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const CsvTable accounts = read_table(*accounts_file);
  const FitModel model = checked(FitModel::load_file(*model_file));
  const CsvTable deals = read_table(*args.value("learn-from"));
  const auto t1 = Clock::now();
  const LearnedWeights learned = checked(learn_weights(accounts, model, deals, options));
  const auto t2 = Clock::now();
  if (auto out_file = args.value("write-model")) {
    std::FILE* f = std::fopen(out_file->c_str(), "wb");
    if (!f) throw RuntimeError(*out_file + ": cannot write the learned model");
    const bool ok = std::fwrite(learned.model_json.data(), 1, learned.model_json.size(), f) == learned.model_json.size();
    if (std::fclose(f) != 0 || !ok) throw RuntimeError(*out_file + ": cannot write the learned model");
  }
  Report out;
  if (learned.unit == LearnUnit::kDeals)
    out.notes.push_back(count_text(learned.wins) + " of " + count_text(learned.cases) +
                        " closed deals are won (" + count_text(learned.deals_open) + " open deals left out).");
  else
    out.notes.push_back(count_text(learned.wins) + " of " + count_text(learned.accounts) +
                        " accounts have a won deal (" + count_text(learned.won_deals) + " won of " +
                        count_text(learned.deals) + " deals).");
  if (learned.deals_unknown_account)
    out.notes.push_back(count_text(learned.deals_unknown_account) +
                        " deals name no account of the accounts file (blank or unknown); they were left out.");
  for (const auto& k : learned.kept)
    out.notes.push_back("Attribute \"" + k + "\" is a line: its points are kept, not learned.");
  if (format == Format::kTable) {
    Table& t = out.add("learned", "Learned points per value",
                       {"attribute", "value", "accounts", "cases", "wins", "win_rate", "smoothed_rate", "log_odds", "points",
                        "model_points"});
    for (const LearnedValue& v : learned.values)
      t.add_row({v.attribute, v.value, v.accounts, v.cases, v.wins, v.win_rate, v.smoothed_rate, v.log_odds, opt(v.points),
                 opt(v.model_points)});
    print(out, format, std::cout, std::cerr);
  } else {
    const std::string text = format == Format::kJson ? checked(learned_json(learned)) : checked(learned_csv(learned));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

int run_tier(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"accounts", "model", "pins", "previous", "margin", "reps", "territory-by",
                                    "threads", "format", "table", "contacts", "activities", "as-of", "owner-by",
                                    "learn-from", "learn-by", "lost-value", "deal-account", "stage-column", "won-value", "prior",
                                    "points-per-logit", "write-model"},
                         .switches = {"timing", "no-rollup"}});
  if (args.has("help")) return print_help(kTierCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  if (args.value("learn-from")) return run_learn(args, format);
  for (const char* flag : {"learn-by", "lost-value", "deal-account", "stage-column", "won-value", "prior",
                           "points-per-logit", "write-model"})
    if (args.value(flag)) throw UsageError(std::string("--") + flag + " needs --learn-from FILE");
  constexpr std::string_view kTables[] = {"accounts", "tiers", "cutoffs", "reps", "coverage", "rep_gaps"};
  const std::string table = args.choice("table", "accounts", kTables);
  if (args.value("table") && format != Format::kCsv) throw UsageError("--table needs --format csv");
  const std::optional<std::string> accounts_file = args.value("accounts");
  const std::optional<std::string> model_file = args.value("model");
  if (!accounts_file) throw UsageError("--accounts FILE is required");
  if (!model_file) throw UsageError("--model FILE is required");
  const std::optional<std::string> reps_file = args.value("reps");
  if (table == "reps" && !reps_file) throw UsageError("--table reps needs --reps FILE");
  if (args.value("territory-by") && !reps_file) throw UsageError("--territory-by needs --reps FILE");
  const std::optional<std::string> contacts_file = args.value("contacts");
  if ((table == "coverage" || table == "rep_gaps") && !contacts_file)
    throw UsageError("--table " + table + " needs --contacts FILE");
  for (const char* flag : {"activities", "as-of", "owner-by"})
    if (args.value(flag) && !contacts_file) throw UsageError(std::string("--") + flag + " needs --contacts FILE");
  if (args.value("owner-by") && reps_file) throw UsageError("--owner-by and --reps: the reps come from one of them");
  CoverageOptions coverage_options;
  coverage_options.owner_column = args.value("owner-by").value_or("");
  if (auto d = args.value("as-of")) {
    auto t = parse_timestamp(*d, TimeFormat::iso8601());
    if (!t.ok()) throw UsageError("--as-of: expected a date such as 2024-06-30 (" + std::string(t.status().message()) + ")");
    coverage_options.as_of = *t;
  }
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
  // The accounts as typed columns (numbers parsed once, on reading): what
  // tiers millions of accounts fastest. Assignment and coverage read rows,
  // made from the columns only when asked for.
  const CsvColumns accounts = checked(read_csv_columns(*accounts_file, options.threads));
  const FitModel model = checked(FitModel::load_file(*model_file));
  if (auto f = args.value("pins")) options.pins = checked(pins_from_csv(read_table(*f)));
  if (auto f = args.value("previous")) options.previous = checked(previous_from_csv(read_table(*f)));
  std::vector<TierRep> reps;
  if (reps_file) reps = checked(reps_from_csv(read_table(*reps_file)));
  std::optional<CsvTable> contacts, activities;
  if (contacts_file) contacts = read_table(*contacts_file);
  if (auto f = args.value("activities")) activities = read_table(*f);
  std::optional<CsvTable> account_rows;
  if (reps_file || contacts) account_rows = checked(to_csv_table(accounts));
  const auto t1 = Clock::now();
  const Tiering tiering = checked(tier_accounts(accounts, model, options));
  std::optional<Assignment> assignment;
  if (reps_file) {
    AssignOptions assign;
    assign.territory_column = args.value("territory-by").value_or("");
    assignment = checked(assign_accounts(*account_rows, tiering, reps, assign));
  }
  const Assignment* as = assignment ? &*assignment : nullptr;
  std::optional<Coverage> coverage;
  if (contacts)
    coverage = checked(check_coverage(*account_rows, tiering, model, *contacts, activities ? &*activities : nullptr, as,
                                      coverage_options));
  const Coverage* cov = coverage ? &*coverage : nullptr;
  const auto t2 = Clock::now();

  Report out;
  add_notes(out, tiering, as);
  if (cov) add_coverage_notes(out, *cov);
  if (format == Format::kTable) {
    add_tables(out, tiering, as);
    if (cov) add_coverage_tables(out, *cov);
    print(out, format, std::cout, std::cerr);
  } else {
    const std::string text = format == Format::kJson
                                 ? checked(tiering_json(tiering, as, cov))
                                 : checked(tiering_csv(tiering, *tiering_table_from_string(table), as, cov));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kTierCommand = {"tier", "score accounts by fit, split them into tiers A/B/C, assign BDRs, check plays",
                              kHelp, run_tier};

}  // namespace modelfunnel::cli
