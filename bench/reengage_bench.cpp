// Re-engagement benchmark: the fastest of REPS runs of the queue.
//
//   modelfunnel_reengage_bench DIR POLICY AS_OF [REPS] [--threads N] [--out FILE]
//       reads DIR/events.csv as bench/gen_lost.py writes it (lead_id, stage,
//       ts, amount, reason; no quotes) into a DataSetBuilder once, then
//       computes the queue at AS_OF under POLICY REPS times; --out writes
//       record_id,reason,due_at (day),expected_value (2 decimals) in rank
//       order (to check against the DuckDB peer).
//
// Output (one line, key=value): load_s, compute_s (fastest), cpu_s (user+sys
// CPU of that run, all threads: the steadier figure on a shared host), lost,
// due, rss_mb.
// It reads the file itself rather than through load(), so that it links
// only the data model and the engine (and can be built with -O2 outside the
// release tree when that tree cannot be built in time).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/reengage.hpp"

namespace mf = modelfunnel;

namespace {

using Clock = std::chrono::steady_clock;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "modelfunnel_reengage_bench: " << what << '\n';
  std::exit(1);
}

/// User + system CPU time of the process so far (all its threads).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> pos;
  unsigned threads = 0;
  std::string out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else pos.push_back(a);
  }
  if (pos.size() < 3) die("usage: modelfunnel_reengage_bench DIR POLICY AS_OF [REPS] [--threads N] [--out FILE]");
  const int reps = pos.size() > 3 ? std::stoi(pos[3]) : 5;
  const auto t0 = Clock::now();
  mf::DataSetBuilder b;
  {
    std::ifstream in(pos[0] + "/events.csv");
    if (!in) die("cannot read " + pos[0] + "/events.csv");
    std::string line;
    std::getline(in, line);  // header
    std::string_view f[5];
    while (std::getline(in, line)) {
      std::string_view rest = line;
      for (int k = 0; k < 5; ++k) {
        const std::size_t comma = k < 4 ? rest.find(',') : std::string_view::npos;
        f[k] = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      mf::Event e;
      e.record = b.record(f[0]);
      e.stage = b.stage(f[1]);
      auto t = mf::parse_timestamp(f[2], mf::TimeFormat::iso8601());
      if (!t.ok()) die(std::string(t.status().message()));
      e.time = *t;
      if (!f[3].empty()) {
        auto a = mf::parse_amount(f[3]);
        if (!a.ok()) die(std::string(a.status().message()));
        e.amount = *a;
      }
      if (!f[4].empty()) e.reason = f[4];
      if (!b.add_event(e).ok()) die("add_event failed");
    }
  }
  auto data = std::move(b).finish();
  if (!data.ok()) die(std::string(data.status().message()));
  const double load_s = seconds_since(t0);
  auto policy = mf::ReengagePolicy::load_file(pos[1]);
  if (!policy.ok()) die(std::string(policy.status().message()));
  auto as_of = mf::parse_timestamp(pos[2], mf::TimeFormat::iso8601());
  if (!as_of.ok()) die(std::string(as_of.status().message()));
  // A bare date means the end of that day, as `modelfunnel reengage` reads it.
  if (pos[2].size() == 10) as_of = mf::Timestamp::from_micros(as_of->micros() + 86'400'000'000 - 1'000'000);
  mf::ReengageOptions options;
  options.threads = threads;
  double best = 1e300, best_cpu = 0;
  mf::Reengagement result;
  for (int r = 0; r < reps; ++r) {
    const double c = cpu_seconds();
    const auto t = Clock::now();
    auto q = mf::reengagement_queue(*data, *policy, *as_of, options);
    const double s = seconds_since(t);
    const double cpu = cpu_seconds() - c;
    if (!q.ok()) die(std::string(q.status().message()));
    if (s < best) best = s, best_cpu = cpu;
    result = *std::move(q);
  }
  if (!out.empty()) {
    FILE* f = std::fopen(out.c_str(), "w");
    if (!f) die("cannot write " + out);
    std::fputs("record_id,reason,due_at,expected_value\n", f);
    for (const auto& e : result.queue)
      std::fprintf(f, "%s,%s,%s,%.2f\n", e.id.c_str(), e.reason.c_str(),
                   mf::format_timestamp(e.due_at).substr(0, 10).c_str(), e.expected_value);
    std::fclose(f);
  }
  std::printf("load_s=%.4f compute_s=%.4f cpu_s=%.4f lost=%llu due=%zu rss_mb=%.1f\n", load_s, best, best_cpu,
              static_cast<unsigned long long>(result.lost_records), result.queue.size(), peak_rss_mb());
  return 0;
}
