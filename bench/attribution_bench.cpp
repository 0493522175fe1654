// Attribution benchmark: a `modelfunnel generate` directory with touches,
// loaded once, then each model computed REPS times.
//
//   modelfunnel_attribution_bench DIR [REPS] [--model NAME]... [--threads N] [--bootstrap N]
//                                 [--credits FILE]
//
// One line per model (key=value): model, compute_s (fastest wall time),
// cpu_s (the user+sys CPU time of that fastest run: on a shared host the
// steadier figure), first_s (the first run's wall time: the first call on
// the data set also numbers its channels, kept for the next calls),
// journeys, touches; then load_s and rss_mb. Models
// default to linear; the bootstrap to 0 (as bench/run_attribution.sh asks
// the command line), so that the figure is the model's, not the resampling's.
// --credits FILE writes every model's totals and credits with every bit
// (hexadecimal floats), to check two builds give the same bytes.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "modelfunnel/attribution.hpp"
#include "modelfunnel/load.hpp"

namespace mf = modelfunnel;

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "modelfunnel_attribution_bench: " << what << '\n';
  std::exit(1);
}

// The canonical layout of DIR with its touches and campaigns tables, as
// `modelfunnel attribution --data DIR` reads it.
mf::Mapping mapping_of(const std::string& dir) {
  const std::string base = mf::Mapping::canonical(dir).to_json();
  const std::string touches = (std::filesystem::path(dir) / "touches.csv").string();
  const std::string campaigns = (std::filesystem::path(dir) / "campaigns.csv").string();
  std::string tables =
      R"({"name": "touches", "kind": "touches", "file": ")" + touches +
      R"(", "record": "lead_id", "time": {"column": "ts", "format": "iso8601"}, "campaign": "campaign",)"
      R"( "channel": "channel", "interaction": "interaction", "cost": "cost"})";
  if (std::filesystem::exists(campaigns))
    tables += R"(, {"name": "campaigns", "kind": "campaigns", "file": ")" + campaigns +
              R"(", "id": "campaign", "campaign_name": "name", "type": "type", "cost": "cost",)"
              R"( "start": {"column": "start", "format": "iso8601"}})";
  // Append the two tables to the canonical mapping's "tables" array.
  const std::size_t at = base.find("\"tables\"");
  if (at == std::string::npos) die("canonical mapping without tables");
  const std::size_t open = base.find('[', at);
  std::string json = base.substr(0, open + 1) + tables + ", " + base.substr(open + 1);
  absl::StatusOr<mf::Mapping> m = mf::Mapping::from_json(json);
  if (!m.ok()) die(std::string(m.status().message()));
  return *std::move(m);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> pos, models;
  unsigned threads = 0;
  std::uint32_t bootstrap = 0;
  std::string credits_file;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--bootstrap" && i + 1 < argc) bootstrap = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    else if (a == "--model" && i + 1 < argc) models.push_back(argv[++i]);
    else if (a == "--credits" && i + 1 < argc) credits_file = argv[++i];
    else pos.push_back(a);
  }
  if (pos.empty())
    die("usage: modelfunnel_attribution_bench DIR [REPS] [--model NAME]... [--threads N] [--bootstrap N]"
        " [--credits FILE]");
  const int reps = pos.size() > 1 ? std::stoi(pos[1]) : 3;
  if (models.empty()) models.push_back("linear");

  const auto t0 = Clock::now();
  mf::LoadOptions load_options;
  load_options.policy = mf::ErrorPolicy::kSkip;
  load_options.threads = threads;
  absl::StatusOr<mf::LoadResult> loaded = mf::load(mapping_of(pos[0]), load_options);
  if (!loaded.ok()) die(std::string(loaded.status().message()));
  const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const mf::DataSet& data = loaded->data;
  std::FILE* credits = nullptr;
  if (!credits_file.empty() && !(credits = std::fopen(credits_file.c_str(), "w"))) die("cannot write " + credits_file);

  for (const std::string& name : models) {
    const std::optional<mf::AttributionModel> model = mf::attribution_model_from_string(name);
    if (!model) die("unknown model " + name);
    mf::AttributionOptions o;
    o.models = {*model};
    o.bootstrap = bootstrap;
    o.threads = threads;
    o.costs = false;  // the credits only, as `--format csv` without `--table costs`
    double best = 1e300, best_cpu = 0, first = 0;
    std::uint64_t journeys = 0, touches = 0;
    for (int r = 0; r < reps; ++r) {
      const double c0 = cpu_seconds();
      const auto w0 = Clock::now();
      absl::StatusOr<mf::Attribution> a = mf::attribute(data, o);
      const double wall = std::chrono::duration<double>(Clock::now() - w0).count();
      const double cpu = cpu_seconds() - c0;
      if (!a.ok()) die(std::string(a.status().message()));
      journeys = a->totals.journeys, touches = a->totals.touches;
      if (wall < best) best = wall, best_cpu = cpu;
      if (r == 0) first = wall;
      if (credits && r == reps - 1) {
        const mf::AttributionTotals& t = a->totals;
        std::fprintf(credits, "%s totals %llu %llu %a %a %a %llu %llu %llu %llu\n", name.c_str(),
                     static_cast<unsigned long long>(t.journeys), static_cast<unsigned long long>(t.touches),
                     t.conversions, t.value, t.nulls, static_cast<unsigned long long>(t.touches_after_conversion),
                     static_cast<unsigned long long>(t.touches_outside_lookback),
                     static_cast<unsigned long long>(t.conversions_without_touches),
                     static_cast<unsigned long long>(t.channels));
        for (const mf::ChannelCredit& c : a->credits)
          std::fprintf(credits, "%s %s %a %a %a\n", name.c_str(), c.channel.c_str(), c.conversions, c.value, c.share);
      }
    }
    std::printf("model=%s compute_s=%.4f cpu_s=%.4f first_s=%.4f journeys=%llu touches=%llu\n", name.c_str(), best,
                best_cpu, first, static_cast<unsigned long long>(journeys), static_cast<unsigned long long>(touches));
  }
  if (credits) std::fclose(credits);
  std::printf("load_s=%.3f rss_mb=%.1f\n", load_s, peak_rss_mb());
  return 0;
}
