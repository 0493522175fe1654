// Lead score benchmark: fit and apply times, apart from loading.
//
//   modelfunnel_score_bench DIR [REPS] [--threads N]
//       the canonical data in DIR (gen.py / modelfunnel generate), fitted on
//       ten features: channel, campaign, segment, industry, employees,
//       budget_ok, authority_ok, need_ok, timeline_days, owner_sdr. Only the
//       closed leads (won or lost, about 30%) are fitted; all are scored.
//   modelfunnel_score_bench --synthetic N [REPS] [--threads N]
//       N records, every one closed, with ten features (four categories,
//       three bools, three numbers) drawn at random: a fit on N records.
//
// Output (one line, key=value): records, closed, load_s, fit_s (fastest of
// REPS), fit_median_s, apply_s (score_apply, three factors a record),
// apply_median_s, probabilities_s (score_probabilities), threads, rss_mb.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "modelfunnel/modelfunnel.hpp"

namespace mf = modelfunnel;

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// N closed records with ten random features (splitmix64 draws).
mf::DataSet synthetic(std::size_t n) {
  std::uint64_t state = 42;
  auto next = [&] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  mf::DataSetBuilder b;
  std::vector<std::size_t> cat, flag, num;
  static const char* kValues[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  for (int i = 0; i < 4; ++i) cat.push_back(*b.add_attribute("cat" + std::to_string(i), mf::AttributeType::kString));
  for (int i = 0; i < 3; ++i) flag.push_back(*b.add_attribute("flag" + std::to_string(i), mf::AttributeType::kBool));
  for (int i = 0; i < 3; ++i) num.push_back(*b.add_attribute("num" + std::to_string(i), mf::AttributeType::kInt64));
  const mf::StageCode won = b.stage("closed_won"), lost = b.stage("closed_lost");
  for (std::size_t r = 0; r < n; ++r) {
    const mf::RecordIndex record = b.record("R" + std::to_string(r));
    int score = 0;
    for (std::size_t c : cat) {
      const auto v = next() % 12;
      score += static_cast<int>(v);
      (void)b.set_attribute(record, c, std::string_view(kValues[v]));
    }
    for (std::size_t f : flag) (void)b.set_attribute(record, f, (next() & 1) != 0);
    for (std::size_t x : num) (void)b.set_attribute(record, x, static_cast<std::int64_t>(next() % 100'000));
    mf::Event e;
    e.record = record;
    e.stage = next() % 64 < static_cast<std::uint64_t>(score) ? won : lost;
    e.time = mf::Timestamp::from_seconds(1'700'000'000);
    (void)b.add_event(e);
  }
  return *std::move(b).finish();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: modelfunnel_score_bench DIR [REPS] [--threads N]\n"
                 "       modelfunnel_score_bench --synthetic N [REPS] [--threads N]\n";
    return 2;
  }
  int reps = 5;
  unsigned threads = 0;
  std::size_t synthetic_records = 0;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--synthetic" && i + 1 < argc) synthetic_records = std::stoull(argv[++i]);
    else if (dir.empty() && synthetic_records == 0) dir = a;
    else reps = std::max(1, std::stoi(a));
  }
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  mf::DataSet data;
  mf::ScoreFitOptions fit;
  if (synthetic_records > 0) {
    data = synthetic(synthetic_records);
    fit.features = {"cat0", "cat1", "cat2", "cat3", "flag0", "flag1", "flag2", "num0", "num1", "num2"};
  } else {
    auto loaded = mf::load(mf::Mapping::canonical(dir));
    if (!loaded.ok()) {
      std::cerr << loaded.status() << '\n';
      return 1;
    }
    data = std::move(loaded->data);
    fit.features = {"channel", "campaign", "segment", "industry", "employees", "budget_ok", "authority_ok",
                    "need_ok", "timeline_days", "owner_sdr"};
  }
  const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  fit.threads = threads;
  const auto graph = mf::StageGraph::the_model();
  std::vector<double> fit_times, apply_times, p_times;
  std::optional<mf::LeadScoreModel> model;
  std::size_t sink = 0;
  for (int i = 0; i < reps; ++i) {
    const auto s = Clock::now();
    auto m = mf::score_fit(data, graph, fit);
    fit_times.push_back(std::chrono::duration<double>(Clock::now() - s).count());
    if (!m.ok()) {
      std::cerr << m.status() << '\n';
      return 1;
    }
    model = *m;
  }
  mf::ScoreApplyOptions apply;
  apply.threads = threads;
  for (int i = 0; i < reps; ++i) {
    auto s = Clock::now();
    auto scores = mf::score_apply(*model, data, apply);
    apply_times.push_back(std::chrono::duration<double>(Clock::now() - s).count());
    if (!scores.ok()) return 1;
    sink += scores->rows.size();
    s = Clock::now();
    auto p = mf::score_probabilities(*model, data, threads);
    p_times.push_back(std::chrono::duration<double>(Clock::now() - s).count());
    if (!p.ok()) return 1;
    sink += p->size();
  }
  std::printf("records=%zu closed=%llu load_s=%.3f fit_s=%.4f fit_median_s=%.4f apply_s=%.4f apply_median_s=%.4f "
              "probabilities_s=%.4f threads=%u rss_mb=%.1f sink=%zu\n",
              data.record_count(), static_cast<unsigned long long>(model->positives() + model->negatives()), load_s,
              *std::min_element(fit_times.begin(), fit_times.end()), median(fit_times),
              *std::min_element(apply_times.begin(), apply_times.end()), median(apply_times),
              *std::min_element(p_times.begin(), p_times.end()),
              threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads, peak_rss_mb(), sink);
  return 0;
}
