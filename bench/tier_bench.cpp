// Tiering benchmark: the fastest of REPS runs of each step.
//
//   modelfunnel_tier_bench ACCOUNTS MODEL [REPS] [--threads N] [--out FILE]
//       reads ACCOUNTS (a CSV, read_csv_table) once, then scores and tiers
//       it REPS times; --out writes id,tier sorted by id (to check against
//       the DuckDB peer).
//   modelfunnel_tier_bench --assign ACCOUNTS REPS_COUNT [REPS]
//       ACCOUNTS synthetic A and B accounts (one third A) in 20 territories
//       assigned to REPS_COUNT reps (a tenth of them covering `*`, the rest
//       one or two territories), by the min-cost flow; checks the placement
//       against the bounds any assignment obeys.
//
// Output (one line, key=value): load_s, compute_s (fastest), accounts,
// rss_mb; with --assign also placed, bound, first_tier, first_tier_bound.
#include <sys/resource.h>

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

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "--assign")
    return assign_bench(std::stoull(args[1]), std::stoull(args[2]), args.size() > 3 ? std::stoi(args[3]) : 3);
  if (args.size() < 2) die("usage: modelfunnel_tier_bench ACCOUNTS MODEL [REPS] [--threads N] [--out FILE]");
  int reps = 5;
  unsigned threads = 0;
  std::string out;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--threads" && i + 1 < args.size()) threads = static_cast<unsigned>(std::stoul(args[++i]));
    else if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
    else reps = std::stoi(args[i]);
  }
  const auto t0 = Clock::now();
  auto table = mf::read_csv_table(args[0]);
  if (!table.ok()) die(std::string(table.status().message()));
  const double load = seconds_since(t0);
  auto model = mf::FitModel::load_file(args[1]);
  if (!model.ok()) die(std::string(model.status().message()));
  mf::TierOptions options;
  options.threads = threads;
  double best = 1e9;
  mf::Tiering result;
  for (int k = 0; k < reps; ++k) {
    const auto t1 = Clock::now();
    auto t = mf::tier_accounts(*table, *model, options);
    best = std::min(best, seconds_since(t1));
    if (!t.ok()) die(std::string(t.status().message()));
    result = *std::move(t);
  }
  if (!out.empty()) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& a : result.accounts) rows.emplace_back(a.id, result.tiers[a.tier].name);
    std::sort(rows.begin(), rows.end());
    std::ofstream f(out);
    f << "id,tier\n";
    for (const auto& [id, tier] : rows) f << id << ',' << tier << '\n';
  }
  std::printf("load_s=%.4f compute_s=%.4f accounts=%zu rss_mb=%.1f\n", load, best, result.accounts.size(),
              peak_rss_mb());
  return 0;
}
