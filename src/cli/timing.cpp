// The --timing line; see timing.hpp.
#include "timing.hpp"

#include <sys/resource.h>

#include <cstdio>

namespace modelfunnel::cli {

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

void print_timing(TimingClock::time_point start, TimingClock::time_point loaded,
                  TimingClock::time_point computed) {
  const auto seconds = [](TimingClock::duration d) { return std::chrono::duration<double>(d).count(); };
  std::fprintf(stderr, "load_s=%.4f compute_s=%.4f rss_mb=%.1f\n", seconds(loaded - start),
               seconds(computed - loaded), peak_rss_mib());
}

}  // namespace modelfunnel::cli
