// `--threads N` on the commands that compute: accepted, checked, and without
// effect on what they print, however many threads the work is split over.
#include <string>

#include <catch2/catch.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

TEST_CASE("cli --threads: accepted and checked by load, report and demo", "[cli][threads]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(run("generate --leads 300 --seed 2 --out '" + data + "'").code == 0);
  const Run load = run("load --data '" + data + "' --format json");
  REQUIRE(load.code == 0);
  for (const char* n : {"0", "1", "2"}) {
    CHECK(run("load --data '" + data + "' --format json --threads " + n).out == load.out);
  }
  const Run report = run("report --data '" + data + "' --format json");
  REQUIRE(report.code == 0);
  CHECK(run("report --data '" + data + "' --format json --threads 2").out == report.out);
  CHECK(run("demo --leads 300 --threads 1 --format json").code == 0);

  const Run bad = run("report --data '" + data + "' --threads -1");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "--threads: expected a whole number from 0 to 4294967295"));
  CHECK(run("load --data '" + data + "' --threads many").code == 2);
  CHECK(run("demo --threads 4294967296").code == 2);
  CHECK(contains(run("load --help").out, "--threads N"));
  CHECK(contains(run("report --help").out, "--threads N"));
  CHECK(contains(run("demo --help").out, "--threads N"));
}

TEST_CASE("cli --threads: 1 and 4 threads print byte-identical reports", "[cli][threads]") {
  TempDir dir;
  const std::string data = dir.file("data");
  // Enough leads for the report's record scan to split (32,768 a thread).
  REQUIRE(run("generate --leads 70000 --seed 8 --out '" + data + "'").code == 0);
  for (const std::string options : {"--format json --by channel --bucket quarter",
                                    "--format csv --table stages --passage observed --window 45",
                                    "--format csv --table teams --mode period --from 2024-01-01 --to 2024-07-01"}) {
    INFO(options);
    const Run one = run("report --data '" + data + "' " + options + " --threads 1");
    REQUIRE(one.code == 0);
    const Run four = run("report --data '" + data + "' " + options + " --threads 4");
    REQUIRE(four.code == 0);
    CHECK(one.out == four.out);
  }
}

#endif  // MF_CLI_PATH
