// libFuzzer target for loading CRM exports through a mapping with every
// table kind of issue 13: a records table with links and stage dates, an
// events table with a constant stage, another with close dates and
// unknown_records "skip", a field history, touches and campaigns. The input
// is the text of the six CSV files, separated by lines `===`. Whatever the
// files hold, a load must neither crash nor trip a sanitizer; under the skip
// policy it either loads (rejecting at most every row) or fails as a strict
// load does (a fatal CSV error, or a header without the mapped columns); a
// strict load that succeeds equals the skip load, with nothing rejected.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/crm_load.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "modelfunnel/load.hpp"
#include "scratch_dir.hpp"

namespace mf = modelfunnel;

namespace {

constexpr const char* kFiles[] = {"leads.csv", "opps.csv", "won.csv", "hist.csv", "touches.csv", "campaigns.csv"};

constexpr const char* kMapping = R"({"version": 1, "tables": [
  {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id", "links": ["opp"],
   "stage_dates": [{"column": "created", "stage": "lead"}], "attributes": {"owner": "string"}},
  {"name": "opps", "kind": "events", "file": "opps.csv", "record": "opp", "stage": "stage", "time": "at",
   "amount": "amount", "close_date": "close", "unknown_records": "skip"},
  {"name": "won", "kind": "events", "file": "won.csv", "record": "id", "stage": {"value": "closed_won"},
   "time": "at", "unknown_records": "create"},
  {"name": "hist", "kind": "history", "file": "hist.csv", "record": "opp", "field": "field", "new": "new",
   "time": "at", "stage": {"field": "StageName"}, "amount": {"field": "Amount"},
   "close_date": {"field": "CloseDate"}, "other_fields": "skip", "unknown_records": "skip"},
  {"name": "touches", "kind": "touches", "file": "touches.csv", "record": "id", "time": "at",
   "campaign": "campaign", "cost": "cost", "unknown_records": "skip"},
  {"name": "campaigns", "kind": "campaigns", "file": "campaigns.csv", "id": "id", "cost": "cost", "start": "start"}]})";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

std::vector<std::string> split(std::string_view input) {
  std::vector<std::string> parts;
  for (;;) {
    const std::size_t at = input.find("\n===\n");
    if (at == std::string_view::npos || parts.size() == 5) {
      parts.emplace_back(input);
      break;
    }
    parts.emplace_back(input.substr(0, at + 1));
    input.remove_prefix(at + 5);
  }
  while (parts.size() < 6) parts.emplace_back();
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path& dir = mf_fuzz::scratch_dir("mf_crm_fuzz_");
  const std::vector<std::string> parts = split(std::string_view(reinterpret_cast<const char*>(data), size));
  for (std::size_t i = 0; i < 6; ++i) std::ofstream(dir / kFiles[i], std::ios::binary) << parts[i];
  auto mapping = mf::Mapping::from_json(kMapping, dir);
  if (!mapping.ok()) finding("the mapping does not parse: " + std::string(mapping.status().message()));
  mf::LoadOptions skip;
  skip.policy = mf::ErrorPolicy::kSkip;
  skip.threads = 1;
  auto skipped = mf::load(*mapping, skip);
  mf::LoadOptions strict;
  strict.threads = 1;
  auto strict_result = mf::load(*mapping, strict);
  if (strict_result.ok()) {
    if (!skipped.ok()) finding("strict loads, skip fails: " + std::string(skipped.status().message()));
    if (!skipped->report.rejected.empty()) finding("strict loads, skip rejects rows");
    if (skipped->data.event_count() != strict_result->data.event_count()) finding("strict and skip differ");
    if (skipped->data.touch_count() != strict_result->data.touch_count()) finding("touches differ");
  }
  if (skipped.ok()) {
    std::uint64_t rows = 0;
    for (const mf::FileReport& f : skipped->report.files) {
      if (f.rejected + f.skipped > f.rows) finding("more rows left out than read in " + f.file);
      rows += f.rows;
    }
    if (skipped->report.rejected.size() > rows) finding("more rejected than rows");
    const mf::DataSet& ds = skipped->data;
    for (std::size_t i = 0; i < ds.touch_count(); ++i) {
      if (ds.touch(i).record >= ds.record_count()) finding("a touch of no record");
    }
    for (mf::RecordIndex r = 0; r < ds.record_count(); ++r) {
      const auto [first, last] = ds.events_of(r);
      for (std::size_t i = first + 1; i < last; ++i) {
        const auto a = ds.event(i - 1).time, b = ds.event(i).time;
        if (a && b && *a > *b) finding("events out of time order");
      }
    }
  }
  return 0;
}
