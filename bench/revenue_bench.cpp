// The revenue engine's times (bench/run_revenue.sh runs it beside DuckDB).
//
//   modelfunnel_revenue_bench plan [REPS]
//       a plan over 8 stages with 10,000 Monte Carlo samples: every rate
//       uncertain (Beta posteriors from counts), an empirical deal-size
//       distribution, lags on every stage, 500 open deals.
//   modelfunnel_revenue_bench forecast DIR AS_OF PERIOD [REPS] [--threads N]
//                             [--owners FILE] [--curve FILE]
//       loads DIR (canonical leads.csv + events.csv) once and forecasts the
//       records open at AS_OF for PERIOD, distribution included, REPS
//       times; --owners writes the expected value per owner (owner_sdr) as
//       CSV, --curve the learned P(won | stage, age) table the DuckDB peer
//       joins against (stage, age, p; every age up to the table's end).
//
//   modelfunnel_revenue_bench movement MAPPING|DIR FROM TO [PERIOD|all] [REPS] [--threads N] [--out FILE]
//       loads MAPPING (e.g. the mapping.json of `modelfunnel generate
//       --layout salesforce`), or the canonical layout in DIR, once and
//       measures the pipeline movement from FROM to TO, REPS times; --out
//       writes the buckets (bucket, deals, amount_from, amount_to, amounts
//       in ten-thousandths) for bench/run_movement.sh to compare with its
//       DuckDB peer.
//
// Output (one line, key=value): load_s, compute_s (fastest), and counts.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/dataset_impl.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/pipeline.hpp"

namespace mf = modelfunnel;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

/// This process's CPU time: on a machine shared with other work the wall
/// clock also counts the time the process waited for a core.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "revenue_bench: %s\n", m.c_str());
  std::exit(1);
}

int plan(int reps) {
  mf::RevenueModel m;
  m.stages = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "won"};
  m.teams.assign(8, "team");
  const double rates[] = {0.4, 0.5, 0.6, 0.7, 0.7, 0.6, 0.5};
  for (int i = 0; i < 7; ++i) {
    const auto trials = static_cast<std::uint64_t>(10'000 / (i + 1));
    m.steps.push_back({m.stages[i], m.stages[i + 1], rates[i], static_cast<std::uint64_t>(rates[i] * trials), trials});
  }
  for (int i = 0; i < 1000; ++i) m.deal_sizes.push_back(5'000 + 37.0 * i);
  m.lag_days.resize(8);
  for (int s = 0; s < 8; ++s)
    for (int i = 0; i < 500; ++i) m.lag_days[s].push_back((7 - s) * 10.0 + (i % 40));
  for (int i = 0; i < 500; ++i) m.pipeline.push_back({m.stages[i % 7], 10.0, 20'000, 0.05 + 0.001 * (i % 7)});
  mf::PlanOptions o;
  o.target = 5'000'000;
  o.period = *mf::parse_period("2027-Q1");
  o.samples = 10'000;
  double best = 1e9, best_cpu = 1e9;
  std::uint64_t leads = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    auto p = mf::revenue_plan(m, o);
    const double s = seconds(Clock::now() - t0), c = cpu_seconds() - c0;
    if (!p.ok()) die(std::string(p.status().message()));
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, c);
    leads = p->stages[0].required_p50;
  }
  std::printf("plan_s=%.5f plan_cpu_s=%.5f stages=8 samples=10000 leads_p50=%llu rss_mb=%.1f\n", best, best_cpu,
              static_cast<unsigned long long>(leads), rss_mb());
  return 0;
}

int forecast(int argc, char** argv) {
  if (argc < 5) die("usage: forecast DIR AS_OF PERIOD [REPS] [--threads N] [--owners FILE] [--curve FILE]");
  const std::string dir = argv[2];
  mf::ForecastOptions o;
  o.as_of = *mf::parse_timestamp(argv[3], mf::TimeFormat::iso8601());
  auto period = mf::parse_period(argv[4]);
  if (!period.ok()) die(std::string(period.status().message()));
  o.period = *period;
  o.owner_attribute = "owner_sdr";
  int reps = 3;
  std::string owners, curve;
  for (int i = 5; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) o.threads = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (a == "--owners" && i + 1 < argc) owners = argv[++i];
    else if (a == "--curve" && i + 1 < argc) curve = argv[++i];
    else reps = std::atoi(a.c_str());
  }
  const auto t0 = Clock::now();
  mf::LoadOptions lo;
  lo.policy = mf::ErrorPolicy::kSkip;
  auto loaded = mf::load(mf::Mapping::canonical(dir), lo);
  if (!loaded.ok()) die(std::string(loaded.status().message()));
  const double load_s = seconds(Clock::now() - t0);
  double best = 1e9, best_cpu = 1e9;
  mf::RevenueForecast f;
  for (int r = 0; r < reps; ++r) {
    const auto t1 = Clock::now();
    const double c0 = cpu_seconds();
    auto got = mf::revenue_forecast(loaded->data, mf::StageGraph::the_model(), o);
    const double s = seconds(Clock::now() - t1), c = cpu_seconds() - c0;
    if (!got.ok()) die(std::string(got.status().message()));
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, c);
    f = *std::move(got);
  }
  if (!owners.empty()) {
    std::ofstream out(owners);
    out << "owner,expected\n";
    std::vector<mf::ForecastGroupRow> rows = f.by_owner;
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    char buf[64];
    for (const auto& r : rows) {
      std::snprintf(buf, sizeof buf, "%.4f", r.expected);
      out << r.key << ',' << buf << '\n';
    }
  }
  std::printf("load_s=%.4f compute_s=%.5f cpu_s=%.5f records=%zu open=%llu expected=%.2f p10=%.2f p90=%.2f method=%s rss_mb=%.1f\n",
              load_s, best, best_cpu, loaded->data.record_count(), static_cast<unsigned long long>(f.open_deals), f.expected,
              f.p10, f.p90, std::string(mf::to_string(f.method)).c_str(), rss_mb());
  if (!curve.empty()) {
    // The learned table, every age, from the engine's own pricing step.
    namespace rv = mf::internal::revenue;
    const auto& impl = mf::internal::DataSetAccess::impl(loaded->data);
    auto setup = rv::make_setup(impl, mf::StageGraph::the_model(), o.owner_attribute);
    if (!setup.ok()) die(std::string(setup.status().message()));
    auto priced = rv::price_pipeline(*setup, o.as_of->micros(), o.period, o.threads, false);
    if (!priced.ok()) die(std::string(priced.status().message()));
    std::ofstream out(curve);
    out << "stage,age,p,amount,cap\n";
    char buf[64];
    for (std::size_t s = 0; s < priced->curves.size(); ++s) {
      const auto& c = priced->curves[s];
      for (std::size_t a = 0; a < c.p.size(); ++a) {
        std::snprintf(buf, sizeof buf, "%.17g", c.p[a]);
        out << setup->main_path[s] << ',' << a << ',' << buf << ',';
        std::snprintf(buf, sizeof buf, "%.17g", c.amount[a]);
        out << buf << ',' << c.p.size() - 1 << '\n';
      }
    }
  }
  return 0;
}

}  // namespace

int movement(int argc, char** argv) {
  if (argc < 5) die("usage: movement MAPPING FROM TO [PERIOD|all] [REPS] [--threads N]");
  mf::MovementOptions o;
  o.from = *mf::parse_timestamp(argv[3], mf::TimeFormat::iso8601());
  o.to = *mf::parse_timestamp(argv[4], mf::TimeFormat::iso8601());
  int reps = 3;
  std::string out;
  for (int i = 5; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) {
      o.threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else if (a == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (i == 5 && a != "all" && a.find('-') != std::string::npos) {
      auto p = mf::parse_period(a);
      if (!p.ok()) die(std::string(p.status().message()));
      o.period = *p;
    } else if (a != "all") {
      reps = std::atoi(a.c_str());
    }
  }
  const auto t0 = Clock::now();
  const std::filesystem::path source = argv[2];
  auto mapping = std::filesystem::is_directory(source) ? absl::StatusOr<mf::Mapping>(mf::Mapping::canonical(source))
                                                       : mf::Mapping::load_file(source);
  if (!mapping.ok()) die(std::string(mapping.status().message()));
  mf::LoadOptions lo;
  lo.policy = mf::ErrorPolicy::kSkip;
  auto loaded = mf::load(*mapping, lo);
  if (!loaded.ok()) die(std::string(loaded.status().message()));
  const double load_s = seconds(Clock::now() - t0);
  double best = 1e9, best_cpu = 1e9;
  mf::PipelineMovement m;
  for (int r = 0; r < reps; ++r) {
    const auto t1 = Clock::now();
    const double c0 = cpu_seconds();
    auto got = mf::revenue_movement(loaded->data, mf::StageGraph::the_model(), o);
    const double s = seconds(Clock::now() - t1), c = cpu_seconds() - c0;
    if (!got.ok()) die(std::string(got.status().message()));
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, c);
    m = *std::move(got);
  }
  std::printf("load_s=%.4f compute_s=%.4f cpu_s=%.4f rss_mb=%.1f records=%zu opening=%llu closing=%llu deals=%zu\n",
              load_s, best, best_cpu, rss_mb(), loaded->data.record_count(),
              static_cast<unsigned long long>(m.opening_deals), static_cast<unsigned long long>(m.closing_deals),
              m.deals.size());
  if (!out.empty()) {
    std::ofstream f(out);
    f << "bucket,deals,amount_from,amount_to\n";
    for (const mf::MovementBucketRow& b : m.buckets) {
      f << mf::to_string(b.bucket) << ',' << b.deals << ',' << b.amount_from.scaled() << ',' << b.amount_to.scaled()
        << '\n';
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "plan") return plan(argc >= 3 ? std::atoi(argv[2]) : 5);
  if (argc >= 2 && std::string(argv[1]) == "forecast") return forecast(argc, argv);
  if (argc >= 2 && std::string(argv[1]) == "movement") return movement(argc, argv);
  die("usage: modelfunnel_revenue_bench plan [REPS] | forecast DIR AS_OF PERIOD [REPS] [...] | movement MAPPING FROM TO [...]");
}
