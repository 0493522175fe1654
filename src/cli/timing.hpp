// The peer protocol's --timing line, printed the same way by every command
// that takes --timing: `load_s=… compute_s=… rss_mb=…` on stderr.
#pragma once

#include <chrono>

namespace modelfunnel::cli {

using TimingClock = std::chrono::steady_clock;

/// Peak resident memory of this process so far, in MiB.
double peak_rss_mib();

/// Prints the --timing line to stderr: the load from @p start to @p loaded,
/// the compute from @p loaded to @p computed, and peak_rss_mib().
void print_timing(TimingClock::time_point start, TimingClock::time_point loaded,
                  TimingClock::time_point computed);

}  // namespace modelfunnel::cli
