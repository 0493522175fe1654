// Tiering benchmark: the fastest of REPS runs of each step.
//
//   modelfunnel_tier_bench ACCOUNTS MODEL [REPS] [--threads N] [--out FILE] [--no-table]
//       reads ACCOUNTS into typed columns (read_csv_columns) once (load_s),
//       then scores and tiers it REPS times with tier_accounts_columns()
//       (compute_s: the arrays of scores and tiers, as DuckDB's table of
//       them) and REPS times with tier_accounts() (rows_s: the same plus a
//       TieredAccount row per account); then, unless --no-table, the same
//       from the rows of read_csv_table() (table_load_s, table_compute_s,
//       table_cpu_s: the input before the typed columns), checked to give
//       the same tiers; --out writes id,tier sorted by id (to check against
//       the DuckDB peer).
//   modelfunnel_tier_bench --assign ACCOUNTS REPS_COUNT [REPS]
//       ACCOUNTS synthetic A and B accounts (one third A) in 20 territories
//       assigned to REPS_COUNT reps (a tenth of them covering `*`, the rest
//       one or two territories), by the min-cost flow; checks the placement
//       against the bounds any assignment obeys.
//   modelfunnel_tier_bench --coverage ACCOUNTS CONTACTS ACTIVITIES MODEL [REPS] [--out FILE]
//       check_coverage() with the reps of the accounts' `owner` column
//       (bench/gen_accounts.py --owners), on the tiering of MODEL; --out
//       writes each rep's gap counts (to check against the DuckDB peer).
//
// Output (one line, key=value): load_s, compute_s, compute_cpu_s (user+sys
// of every thread) and rows_s (fastest of each), table_load_s,
// table_compute_s, table_cpu_s, accounts,
// rss_mb; with --assign also placed, bound, first_tier, first_tier_bound.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "modelfunnel/modelfunnel.hpp"

namespace mf = modelfunnel;

namespace {

using Clock = std::chrono::steady_clock;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "modelfunnel_tier_bench: " << what << '\n';
  std::exit(1);
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (every thread): on a shared host the wall
// clock says more about the neighbours than about the code.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

int assign_bench(std::size_t accounts, std::size_t reps_count, int reps) {
  std::mt19937_64 rng(7);
  mf::CsvTable table;
  table.name = "synthetic";
  table.header = {"id", "value", "territory"};
  for (std::size_t i = 0; i < accounts; ++i) {
    table.rows.push_back({"a" + std::to_string(i), std::to_string(rng() % 1000), "t" + std::to_string(rng() % 20)});
    table.lines.push_back(static_cast<std::int64_t>(i) + 2);
  }
  // One third A, two thirds B, none C: every account is to be assigned.
  auto model = mf::FitModel::parse(R"({"version": 1, "id": "id", "territory": "territory",
      "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [1000, 100]}}],
      "tiers": [{"name": "A", "share": 0.3333}, {"name": "B", "share": 0.6667}]})");
  if (!model.ok()) die(std::string(model.status().message()));
  auto tiering = mf::tier_accounts(table, *model);
  if (!tiering.ok()) die(std::string(tiering.status().message()));
  std::vector<mf::TierRep> rs;
  std::uint64_t capacity = 0, capacity_a = 0;
  for (std::size_t r = 0; r < reps_count; ++r) {
    mf::TierRep rep;
    rep.id = "r" + std::to_string(r);
    if (r % 10 == 0) rep.territories = {"*"};
    else {
      rep.territories = {"t" + std::to_string(rng() % 20)};
      if (rng() % 2) rep.territories.push_back("t" + std::to_string(rng() % 20));
    }
    // Capacity a little short of the accounts, so that the choice matters.
    rep.max_total = 300 + rng() % 300;
    rep.max_a = rep.max_total / 3;
    capacity += rep.max_total;
    capacity_a += rep.max_a;
    rs.push_back(std::move(rep));
  }
  double best = 1e9;
  mf::Assignment result;
  for (int k = 0; k < reps; ++k) {
    const auto t0 = Clock::now();
    auto a = mf::assign_accounts(table, *tiering, rs);
    best = std::min(best, seconds_since(t0));
    if (!a.ok()) die(std::string(a.status().message()));
    result = *std::move(a);
  }
  std::uint64_t first = 0, first_total = 0;
  for (std::size_t i = 0; i < tiering->accounts.size(); ++i) {
    first_total += tiering->accounts[i].tier == 0;
    first += tiering->accounts[i].tier == 0 && result.rep[i] >= 0;
  }
  // Any assignment places at most min(accounts, capacity) accounts and
  // min(A accounts, A capacity) A accounts: reaching both bounds is optimal.
  std::printf("compute_s=%.4f accounts=%zu reps=%zu placed=%llu bound=%llu first_tier=%llu first_tier_bound=%llu rss_mb=%.1f\n",
              best, accounts, reps_count, static_cast<unsigned long long>(result.placed),
              static_cast<unsigned long long>(std::min<std::uint64_t>(accounts, capacity)),
              static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(std::min<std::uint64_t>(first_total, capacity_a)), peak_rss_mb());
  return 0;
}

// check_coverage() on ACCOUNTS (with an `owner` column), CONTACTS and
// ACTIVITIES, tiered by MODEL once (not timed: the coverage is given a
// tiering); --out writes each rep's gap counts for the DuckDB peer.
int coverage_bench(const std::vector<std::string>& args) {
  if (args.size() < 5) die("usage: modelfunnel_tier_bench --coverage ACCOUNTS CONTACTS ACTIVITIES MODEL [REPS] [--out FILE]");
  int reps = 5;
  std::string out;
  for (std::size_t i = 5; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
    else reps = std::stoi(args[i]);
  }
  const auto t0 = Clock::now();
  auto accounts = mf::read_csv_table(args[1]);
  if (!accounts.ok()) die(std::string(accounts.status().message()));
  auto contacts = mf::read_csv_table(args[2]);
  if (!contacts.ok()) die(std::string(contacts.status().message()));
  auto activities = mf::read_csv_table(args[3]);
  if (!activities.ok()) die(std::string(activities.status().message()));
  const double load = seconds_since(t0);
  auto model = mf::FitModel::load_file(args[4]);
  if (!model.ok()) die(std::string(model.status().message()));
  auto tiering = mf::tier_accounts(*accounts, *model);
  if (!tiering.ok()) die(std::string(tiering.status().message()));
  mf::CoverageOptions options;
  options.owner_column = "owner";
  double best = 1e9, best_cpu = 1e9;
  mf::Coverage result;
  for (int k = 0; k < reps; ++k) {
    const auto t1 = Clock::now();
    const double c1 = cpu_seconds();
    auto c = mf::check_coverage(*accounts, *tiering, *model, *contacts, &*activities, nullptr, options);
    best = std::min(best, seconds_since(t1));
    best_cpu = std::min(best_cpu, cpu_seconds() - c1);
    if (!c.ok()) die(std::string(c.status().message()));
    result = *std::move(c);
  }
  if (!out.empty()) {
    std::vector<std::string> rows;
    for (const auto& r : result.reps)
      rows.push_back((r.rep.empty() ? std::string("(none)") : r.rep) + "," + std::to_string(r.accounts) + "," +
                     std::to_string(r.with_gaps) + "," + std::to_string(r.contacts) + "," + std::to_string(r.cadence) +
                     "," + std::to_string(r.channel) + "," + std::to_string(r.campaign));
    std::sort(rows.begin(), rows.end());
    std::ofstream f(out);
    f << "rep,accounts,with_gaps,contacts,cadence,channel,campaign\n";
    for (const auto& row : rows) f << row << '\n';
  }
  std::printf("load_s=%.4f compute_s=%.4f compute_cpu_s=%.4f accounts=%zu contacts=%zu activities=%zu "
              "with_gaps=%llu rss_mb=%.1f\n",
              load, best, best_cpu, result.accounts.size(), contacts->rows.size(), activities->rows.size(),
              static_cast<unsigned long long>(result.accounts_with_gaps), peak_rss_mb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "--assign")
    return assign_bench(std::stoull(args[1]), std::stoull(args[2]), args.size() > 3 ? std::stoi(args[3]) : 3);
  if (!args.empty() && args[0] == "--coverage") return coverage_bench(args);
  if (args.size() < 2) die("usage: modelfunnel_tier_bench ACCOUNTS MODEL [REPS] [--threads N] [--out FILE] [--no-table]");
  int reps = 5;
  unsigned threads = 0;
  bool no_table = false;
  std::string out;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--threads" && i + 1 < args.size()) threads = static_cast<unsigned>(std::stoul(args[++i]));
    else if (args[i] == "--no-table") no_table = true;
    else if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
    else reps = std::stoi(args[i]);
  }
  // load_s: the accounts read into typed columns (read_csv_columns(), as
  // DuckDB's read_csv gives typed columns); compute_s: every account's
  // score and tier from them (tier_accounts_columns()), as DuckDB's table of
  // them; rows_s: tier_accounts(), the same plus a TieredAccount row of
  // strings per account.
  const auto t0 = Clock::now();
  auto accounts = mf::read_csv_columns(args[0], threads);
  if (!accounts.ok()) die(std::string(accounts.status().message()));
  const double load = seconds_since(t0);
  auto model = mf::FitModel::load_file(args[1]);
  if (!model.ok()) die(std::string(model.status().message()));
  mf::TierOptions options;
  options.threads = threads;
  double best = 1e9, best_rows = 1e9, best_cpu = 1e9;
  mf::TieringColumns result;
  for (int k = 0; k < reps; ++k) {
    const auto t1 = Clock::now();
    const double c1 = cpu_seconds();
    auto t = mf::tier_accounts_columns(*accounts, *model, options);
    best = std::min(best, seconds_since(t1));
    best_cpu = std::min(best_cpu, cpu_seconds() - c1);
    if (!t.ok()) die(std::string(t.status().message()));
    result = *std::move(t);
  }
  for (int k = 0; k < reps; ++k) {
    const auto t1 = Clock::now();
    auto t = mf::tier_accounts(*accounts, *model, options);
    best_rows = std::min(best_rows, seconds_since(t1));
    if (!t.ok()) die(std::string(t.status().message()));
  }
  // The same accounts as rows of text (read_csv_table(), the input before
  // the typed columns): table_load_s, table_compute_s and table_cpu_s, and
  // their tiers and scores checked equal to the columns' before any figure
  // is printed.
  double table_load = 0, table_best = 1e9, table_cpu = 1e9;
  if (!no_table) {
    *accounts = mf::CsvColumns{};  // not both in memory at once
    const auto t2 = Clock::now();
    auto table = mf::read_csv_table(args[0]);
    if (!table.ok()) die(std::string(table.status().message()));
    table_load = seconds_since(t2);
    for (int k = 0; k < reps; ++k) {
      const auto t1 = Clock::now();
      const double c1 = cpu_seconds();
      auto t = mf::tier_accounts_columns(*table, *model, options);
      table_best = std::min(table_best, seconds_since(t1));
      table_cpu = std::min(table_cpu, cpu_seconds() - c1);
      if (!t.ok()) die(std::string(t.status().message()));
      if (t->tier != result.tier || t->score != result.score || t->rank_rows != result.rank_rows ||
          t->id_text != result.id_text || t->uncertain != result.uncertain)
        die("the CsvTable and the CsvColumns tier differently");
    }
  }
  if (!out.empty()) {
    std::vector<std::pair<std::string_view, std::string_view>> rows;
    for (std::size_t r = 0; r < result.size(); ++r) rows.emplace_back(result.id(r), result.tiers[result.tier[r]].name);
    std::sort(rows.begin(), rows.end());
    std::ofstream f(out);
    f << "id,tier\n";
    for (const auto& [id, tier] : rows) f << id << ',' << tier << '\n';
  }
  std::printf("load_s=%.4f compute_s=%.4f compute_cpu_s=%.4f rows_s=%.4f table_load_s=%.4f table_compute_s=%.4f "
              "table_cpu_s=%.4f accounts=%zu rss_mb=%.1f\n",
              load, best, best_cpu, best_rows, table_load, table_best, table_cpu, result.size(), peak_rss_mb());
  return 0;
}
