// Throughput of the CSV reader: reads every row of a file and prints MB/s.
//   csv_reader_bench events.csv [repetitions]
// Fastest of the repetitions counts (the first one also warms the page cache).
// CPU time (user + system) is printed too: on a busy machine it is the figure
// that means something.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "ingest/csv_reader.hpp"

int main(int argc, char** argv) {
  using modelfunnel::internal::CsvReader;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s file.csv [repetitions]\n", argv[0]);
    return 2;
  }
  const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  double best = 1e300, best_cpu = 1e300;
  std::uint64_t bytes = 0, rows = 0, errors = 0, field_bytes = 0;
  for (int rep = 0; rep < reps; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto reader = CsvReader::open(argv[1]);
    if (!reader.ok()) {
      std::fprintf(stderr, "%s\n", std::string(reader.status().message()).c_str());
      return 1;
    }
    modelfunnel::internal::CsvRow row;
    modelfunnel::internal::CsvError error;
    rows = errors = field_bytes = 0;
    for (;;) {
      const auto n = (*reader)->next(row, error);
      if (n == CsvReader::Next::kRow) {
        ++rows;
        for (auto f : row.fields) field_bytes += f.size();  // touch the result
      } else if (n == CsvReader::Next::kError) {
        ++errors;
      } else if (n == CsvReader::Next::kFatal) {
        std::fprintf(stderr, "line %lld: %s: %s\n", static_cast<long long>(error.line), error.rule.c_str(),
                     error.message.c_str());
        return 1;
      } else {
        break;
      }
    }
    bytes = (*reader)->bytes_consumed();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  std::printf("%llu bytes, %llu rows, %llu errors, %llu field bytes\n", static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(errors),
              static_cast<unsigned long long>(field_bytes));
  std::printf("wall %.3f s, %.0f MB/s; cpu %.3f s, %.0f MB/s\n", best, static_cast<double>(bytes) / best / 1e6,
              best_cpu, static_cast<double>(bytes) / best_cpu / 1e6);
  return 0;
}
