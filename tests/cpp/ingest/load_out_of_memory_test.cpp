// load() when memory runs out: ResourceExhausted, never a crash or an
// exception, whichever allocation fails (reading, converting on the
// events thread, committing, the sort on its helper threads, starting a
// thread) and on one thread or several; and nothing written (the rejects
// file stays as it was).
//
// Each load runs in a child process whose address space is capped
// (RLIMIT_AS) a little above what it already uses, at steps from a few
// megabytes to plenty, so that the failure comes at a different place
// each time.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "modelfunnel/load.hpp"
#include "support/load_fixture.hpp"

using mf_test::TempDir;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)

TEST_CASE("load: out of memory anywhere is ResourceExhausted, with nothing written", "[load][memory]") {
  std::cout << "MF_SKIPPED: the sanitizer reserves terabytes of address space, so RLIMIT_AS cannot cap it\n";
}

#else

namespace {

constexpr const char* kMapping = R"({"version": 1, "tables": [
  {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id",
   "attributes": {"channel": "string", "employees": "int64"}},
  {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id",
   "stage": "stage", "time": "ts", "amount": "amount", "reason": "reason"}]})";

constexpr const char* kUntouched = "left as it was\n";

void write_data(const TempDir& dir) {
  std::ostringstream leads, events;
  leads << "lead_id,channel,employees\n";
  for (int i = 0; i < 8'000; ++i) leads << "L" << i << (i % 3 == 0 ? ",web," : ",ads,") << i % 500 << '\n';
  events << "lead_id,stage,ts,amount,reason\n";
  for (int i = 0; i < 80'000; ++i) {
    events << "L" << (i * 7919) % 8'100 << (i % 5 == 0 ? ",won,2024-03-" : ",lead,2024-02-") << 10 + i % 18
           << "T10:00:00Z," << (i % 5 == 0 ? "12.5" : "") << ',' << (i % 7 == 0 ? "late" : "") << '\n';
  }
  dir.write("leads.csv", leads.str());
  dir.write("events.csv", events.str());
}

// The process's address space now, in bytes.
std::uint64_t address_space() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

enum Outcome { kLoaded = 0, kOutOfMemory = 1, kOtherStatus = 2, kRejectsTouched = 3, kNoLimit = 4 };

// In a child capped at @p extra bytes more than now: loads, and exits with
// its Outcome. A crash or an exception leaving load() ends it otherwise.
[[noreturn]] void load_capped(const TempDir& dir, std::uint64_t extra, unsigned threads) {
  // A crash is for the parent to see and report, not for Catch2's handlers
  // inherited here.
  for (const int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE}) std::signal(sig, SIG_DFL);
  const rlimit cap{address_space() + extra, RLIM_INFINITY};
  if (::setrlimit(RLIMIT_AS, &cap) != 0) ::_exit(kNoLimit);
  auto mapping = modelfunnel::Mapping::from_json(kMapping, dir.path());
  if (!mapping.ok()) ::_exit(kOtherStatus);
  modelfunnel::LoadOptions options;
  options.threads = threads;
  options.policy = modelfunnel::ErrorPolicy::kSkip;
  options.rejects_path = dir.path() / "rejects.csv";
  auto result = modelfunnel::load(*mapping, options);
  if (result.ok()) ::_exit(kLoaded);
  if (result.status().code() != absl::StatusCode::kResourceExhausted) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    ::_exit(kOtherStatus);
  }
  ::_exit(mf_test::read_text(dir.path() / "rejects.csv") == kUntouched ? kOutOfMemory : kRejectsTouched);
}

}  // namespace

TEST_CASE("load: out of memory anywhere is ResourceExhausted, with nothing written", "[load][memory]") {
  TempDir dir;
  write_data(dir);
  int loaded = 0, out_of_memory = 0;
  for (const unsigned threads : {1u, 2u}) {
    for (std::uint64_t mb = 1; mb <= 512; mb = mb < 16 ? mb + 1 : mb * 2) {
      INFO("threads " << threads << ", " << mb << " MB more");
      dir.write("rejects.csv", kUntouched);
      std::cout.flush();
      const pid_t child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) load_capped(dir, mb << 20, threads);
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      REQUIRE(WIFEXITED(status));  // not killed (an abort, a crash)
      const int outcome = WEXITSTATUS(status);
      REQUIRE((outcome == kLoaded || outcome == kOutOfMemory));
      if (outcome == kLoaded) {
        ++loaded;
        CHECK(mf_test::read_text(dir.path() / "rejects.csv").rfind("file,line,", 0) == 0);
      } else {
        ++out_of_memory;
      }
    }
  }
  CHECK(out_of_memory > 4);
  CHECK(loaded > 0);
}

#endif  // a sanitizer
