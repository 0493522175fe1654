// Qualification benchmark: decisions computed REPS times, the fastest kept.
//
//   modelfunnel_qualify_bench DIR RULES [REPS] [--threads N] [--out FILE]
//       loads DIR (canonical leads.csv + events.csv) once, checks RULES, and
//       decides every lead REPS times; --out writes record_id, rule_set,
//       decision, reason in record order (to check against a peer).
//   modelfunnel_qualify_bench --synthetic RECORDS [REPS] [--threads N]
//       builds RECORDS leads in memory with 20 attributes of every type
//       (a tenth of each missing) and decides them by a rule set of 20
//       criteria (bench/qualify_20_criteria.json).
//
// Output (one line, key=value): load_s, compute_s (fastest), compute_median_s,
// records, criteria, threads, rss_mb.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "modelfunnel/modelfunnel.hpp"

namespace mf = modelfunnel;

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "modelfunnel_qualify_bench: " << what << '\n';
  std::exit(1);
}

/// RECORDS leads with 20 attributes: b0..b4 bool, i0..i4 int64, d0..d3
/// double, s0..s3 string (12 values each), t0, t1 timestamps.
mf::DataSet synthetic(std::size_t records) {
  mf::DataSetBuilder b;
  std::vector<std::size_t> col;
  for (int k = 0; k < 5; ++k) col.push_back(*b.add_attribute("b" + std::to_string(k), mf::AttributeType::kBool));
  for (int k = 0; k < 5; ++k) col.push_back(*b.add_attribute("i" + std::to_string(k), mf::AttributeType::kInt64));
  for (int k = 0; k < 4; ++k) col.push_back(*b.add_attribute("d" + std::to_string(k), mf::AttributeType::kDouble));
  for (int k = 0; k < 4; ++k) col.push_back(*b.add_attribute("s" + std::to_string(k), mf::AttributeType::kString));
  for (int k = 0; k < 2; ++k) col.push_back(*b.add_attribute("t" + std::to_string(k), mf::AttributeType::kTimestamp));
  const std::string words[] = {"software", "finance", "healthcare", "retail", "manufacturing", "education",
                               "government", "media", "telecom", "energy", "logistics", "hospitality"};
  std::mt19937_64 rng(42);
  auto uniform = [&](std::uint64_t n) { return rng() % n; };
  char id[16];
  for (std::size_t r = 0; r < records; ++r) {
    std::snprintf(id, sizeof id, "L%09zu", r);
    const mf::RecordIndex rec = b.record(id);
    for (std::size_t k = 0; k < col.size(); ++k) {
      if (uniform(10) == 0) continue;  // missing
      mf::AttributeValue v;
      if (k < 5) v = uniform(2) == 0;
      else if (k < 10) v = static_cast<std::int64_t>(uniform(1000));
      else if (k < 14) v = static_cast<double>(uniform(100000)) / 1000.0;
      else if (k < 18) v = std::string_view(words[uniform(12)]);
      else v = mf::Timestamp::from_seconds(1'700'000'000 + static_cast<std::int64_t>(uniform(400)) * 86'400);
      if (!b.set_attribute(rec, col[k], v).ok()) die("set_attribute failed");
    }
  }
  auto ds = std::move(b).finish();
  if (!ds.ok()) die(std::string(ds.status().message()));
  return *std::move(ds);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: modelfunnel_qualify_bench DIR RULES [REPS] [--threads N] [--out FILE]\n"
                 "       modelfunnel_qualify_bench --synthetic RECORDS [REPS] [--threads N]\n";
    return 2;
  }
  const bool synthetic_data = std::string(argv[1]) == "--synthetic";
  int reps = 5;
  unsigned threads = 0;
  std::string out;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else reps = std::max(1, std::stoi(a));
  }

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  mf::DataSet data;
  std::string rules_text;
  if (synthetic_data) {
    data = synthetic(std::stoul(argv[2]));
    rules_text = read_file(std::string(MF_BENCH_DIR) + "/qualify_20_criteria.json");
  } else {
    mf::LoadOptions load;
    load.policy = mf::ErrorPolicy::kSkip;  // events of leads not in leads.csv, as the CLI
    auto loaded = mf::load(mf::Mapping::canonical(argv[1]), load);
    if (!loaded.ok()) die(std::string(loaded.status().message()));
    data = std::move(loaded->data);
    rules_text = read_file(argv[2]);
  }
  const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  auto rules = mf::QualifyRules::parse(rules_text, data);
  if (!rules.ok()) die(std::string(rules.status().message()));

  mf::QualifyOptions options;
  options.threads = threads;
  options.as_of = mf::Timestamp::from_seconds(1'735'689'600);  // fixed: no scan for the latest event
  std::vector<double> times;
  std::optional<mf::QualifyResult> last;
  for (int k = 0; k < reps; ++k) {
    const auto a = Clock::now();
    auto result = mf::qualify(data, *rules, options);
    times.push_back(std::chrono::duration<double>(Clock::now() - a).count());
    if (!result.ok()) die(std::string(result.status().message()));
    last = *std::move(result);
  }
  std::sort(times.begin(), times.end());
  if (!out.empty()) {
    std::ofstream f(out, std::ios::binary);
    f << "record_id,rule_set,decision,reason\n";
    mf::RecordDecision d;
    std::string line;
    for (mf::RecordIndex r = 0; r < last->record_count(); ++r) {
      last->decision(r, d);
      line.assign(data.record_id(r)).append(",").append(d.rule_set_id).append(",")
          .append(mf::to_string(d.decision)).append(",").append(d.rule_id).append("\n");
      f << line;
    }
  }
  std::size_t criteria = 0;
  for (const auto& s : rules->rule_sets()) criteria += s.criteria.size();
  std::printf("load_s=%.4f compute_s=%.5f compute_median_s=%.5f records=%zu criteria=%zu threads=%u rss_mb=%.1f\n",
              load_s, times.front(), times[times.size() / 2], data.record_count(), criteria, threads,
              peak_rss_mb());
  return 0;
}
