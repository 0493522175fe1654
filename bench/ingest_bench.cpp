// Ingestion benchmark: loads the canonical leads.csv + events.csv of DIR
// through Mapping::canonical() and prints timings, throughput and memory.
//
//   modelfunnel_ingest_bench DIR [--events-only] [--threads N]
//   modelfunnel_ingest_bench DIR --map MAPPING [--threads N]
//
// Output (one line, key=value, for scripts): load_s, events_mb, events_mb_s,
// total_mb_s, events, event_bytes_per_event, rss_mb (peak RSS of the process).
// --events-only loads events.csv alone (records created on first sight), to
// compare with a plain read_csv of the same file. --threads N is
// LoadOptions::threads (default 0: as many as the hardware has). --map
// loads a mapping file instead (the CRM layouts of `generate --layout`);
// total_mb_s then counts every file the mapping reads.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "modelfunnel/modelfunnel.hpp"

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

absl::StatusOr<modelfunnel::Mapping> events_only_mapping(const std::filesystem::path& dir) {
  return modelfunnel::Mapping::from_json(R"({
    "version": 1,
    "tables": [{"name": "events", "kind": "events", "file": "events.csv",
                "record": "lead_id", "stage": "stage",
                "time": {"column": "ts", "format": "iso8601"},
                "amount": "amount", "reason": "reason",
                "unknown_records": "create"}]})",
                                         dir);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: modelfunnel_ingest_bench DIR [--events-only] [--threads N]\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  bool events_only = false;
  std::string map_file;
  modelfunnel::LoadOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--events-only") {
      events_only = true;
    } else if (arg == "--map" && i + 1 < argc) {
      map_file = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      std::cerr << "modelfunnel_ingest_bench: unknown argument " << arg << '\n';
      return 2;
    }
  }
  auto mapping = !map_file.empty() ? modelfunnel::Mapping::load_file(map_file)
                 : events_only     ? events_only_mapping(dir)
                                   : absl::StatusOr<modelfunnel::Mapping>(modelfunnel::Mapping::canonical(dir));
  if (!mapping.ok()) {
    std::cerr << mapping.status() << '\n';
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = modelfunnel::load(*mapping, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) {
    std::cerr << result.status() << '\n';
    return 1;
  }
  double events_mb = 0, total_mb = 0;
  if (map_file.empty()) {
    events_mb = std::filesystem::file_size(dir / "events.csv") / 1e6;
    total_mb = events_mb + (events_only ? 0.0 : std::filesystem::file_size(dir / "leads.csv") / 1e6);
  } else {
    for (const auto& f : result->report.files) total_mb += static_cast<double>(f.bytes) / 1e6;
    events_mb = total_mb;
  }
  const auto& data = result->data;
  std::printf(
      "load_s=%.3f events_mb=%.1f total_mb_s=%.0f events=%zu records=%zu "
      "event_bytes_per_event=%.1f rss_mb=%.0f\n",
      seconds, events_mb, total_mb / seconds, data.event_count(), data.record_count(),
      static_cast<double>(data.event_bytes()) / static_cast<double>(data.event_count()),
      peak_rss_mb());
  return 0;
}
