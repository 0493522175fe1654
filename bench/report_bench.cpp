// Funnel report benchmark: loads DIR (canonical leads.csv + events.csv)
// once, then computes the report REPS times and prints the fastest, so the
// compute time can be profiled and compared apart from loading.
//
//   modelfunnel_report_bench DIR [REPS] [--by COL] [--passage observed|implied]
//                            [--durations LIST] [--csv]
//
// Output (one line, key=value): load_s, compute_s (fastest), compute_median_s,
// threads, rss_mb. --csv also formats the funnel table (as the peer
// contract's compute_s does). --durations as the CLI's (default: all).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "modelfunnel/modelfunnel.hpp"

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: modelfunnel_report_bench DIR [REPS] [--by COL] [--passage P] "
                 "[--durations LIST] [--csv]\n";
    return 2;
  }
  int reps = 5;
  modelfunnel::FunnelOptions options;
  options.by = {"channel"};
  options.passage = modelfunnel::Passage::kObserved;
  bool csv = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--by" && i + 1 < argc) options.by = {argv[++i]};
    else if (a == "--passage" && i + 1 < argc)
      options.passage = std::string(argv[++i]) == "implied" ? modelfunnel::Passage::kImplied
                                                            : modelfunnel::Passage::kObserved;
    else if (a == "--csv") csv = true;
    else if (a == "--durations" && i + 1 < argc) {
      auto d = modelfunnel::parse_duration_figures(argv[++i]);
      if (!d.ok()) {
        std::cerr << d.status() << '\n';
        return 2;
      }
      options.durations = *d;
    }
    else reps = std::max(1, std::stoi(a));
  }
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto loaded = modelfunnel::load(modelfunnel::Mapping::canonical(argv[1]));
  const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!loaded.ok()) {
    std::cerr << loaded.status() << '\n';
    return 1;
  }
  const auto graph = modelfunnel::StageGraph::the_model();
  std::vector<double> times;
  std::size_t sink = 0;
  for (int i = 0; i < reps; ++i) {
    const auto s = Clock::now();
    auto report = modelfunnel::funnel_report(loaded->data, graph, options);
    if (!report.ok()) {
      std::cerr << report.status() << '\n';
      return 1;
    }
    if (csv) sink += modelfunnel::funnel_csv(*report).value().size();
    times.push_back(std::chrono::duration<double>(Clock::now() - s).count());
    sink += report->groups.size();
  }
  std::sort(times.begin(), times.end());
  std::printf("load_s=%.4f compute_s=%.5f compute_median_s=%.5f threads=%u rss_mb=%.1f (%zu)\n",
              load_s, times.front(), times[times.size() / 2],
              std::min(2u, std::thread::hardware_concurrency()), peak_rss_mb(), sink);
  return 0;
}
