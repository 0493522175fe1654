// load() on 1, 2 and 4 threads: the same data set (every column) and the
// same report, and on one thread no thread started at all. The events
// conversion without a thread of its own converts chunk by chunk, as
// asked, instead of the whole file at once.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "ingest/load_context.hpp"
#include "ingest/mapping_impl.hpp"
#include "ingest/pipeline/event_staging.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/timestamp.hpp"
#include "support/load_fixture.hpp"
#include "util/parallel.hpp"

namespace mf = modelfunnel;
namespace mfi = modelfunnel::internal;
using mf_test::TempDir;
using Strings = std::vector<std::string>;

namespace {

// Enough events for several conversion chunks (8192 rows), two id-lookup
// batches and a sort split over threads (65,536 events and more).
constexpr int kLeads = 20'000;
constexpr int kEvents = 120'000;

// Writes leads.csv and events.csv: events in no particular order, some
// with amounts and reasons, and a few bad rows of each kind.
void write_data(const TempDir& dir) {
  std::uint64_t state = 42;
  auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  std::ostringstream leads;
  leads << "lead_id,channel,employees,budget_ok,created_at,score\n";
  static constexpr const char* kChannels[] = {"web", "event", "partner", "ads"};
  for (int i = 0; i < kLeads; ++i) {
    leads << "L" << i << ',' << kChannels[next(4)] << ',';
    if (next(5) != 0) leads << next(10'000);
    leads << ',' << next(2) << ",2024-01-" << (10 + next(18)) << "T0" << next(10) << ":00:00Z,";
    if (next(3) != 0) leads << next(1000) << '.' << next(10);
    leads << '\n';
    if (i % 4999 == 7) leads << "L" << i << ",web,x,1,2024-01-01T00:00:00Z,1\n";  // duplicate, bad int
  }
  dir.write("leads.csv", leads.str());
  std::ostringstream events;
  events << "lead_id,stage,ts,amount,reason\n";
  static constexpr const char* kStages[] = {"lead", "mql", "sql", "won", "lost"};
  for (int i = 0; i < kEvents; ++i) {
    const std::uint64_t stage = next(5);
    events << "L" << next(kLeads + 10) << ',' << kStages[stage] << ",2024-0" << (1 + next(9)) << '-'
           << (10 + next(18)) << 'T' << (10 + next(14)) << ':' << (10 + next(50)) << ":00Z,";
    if (stage == 3) events << next(100'000) << '.' << next(100);
    events << ',';
    if (stage == 4) events << "why" << next(7);
    events << '\n';
    switch (i % 9973) {
      case 11: events << "L1,lead,yesterday,,\n"; break;
      case 12: events << "L1,won,2024-01-01,1.23456,\n"; break;
      case 13: events << "L1,lead\n"; break;
      default: break;
    }
  }
  dir.write("events.csv", events.str());
}

constexpr const char* kMapping = R"({"version": 1, "tables": [
  {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id",
   "attributes": {"channel": "string", "employees": "int64", "budget_ok": "bool",
                  "created_at": "timestamp", "score": "double"}},
  {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id",
   "stage": "stage", "time": "ts", "amount": "amount", "reason": "reason"}]})";

constexpr const char* kEventsOnly = R"({"version": 1, "tables": [
  {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id",
   "stage": "stage", "time": "ts", "amount": "amount", "reason": "reason",
   "unknown_records": "create"}]})";

std::string text_of(const mf::AttributeValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return "<missing>";
  if (auto s = std::get_if<std::string_view>(&v)) return std::string(*s);
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) {
    std::ostringstream o;
    o.precision(17);
    o << *d;
    return o.str();
  }
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return std::to_string(std::get<mf::Timestamp>(v).micros());
}

// Every column of @p ds, one line per record, event and attribute dictionary.
Strings everything(const mf::DataSet& ds) {
  Strings out;
  out.push_back("stages " + std::to_string(ds.stage_names().size()));
  for (const std::string& s : ds.stage_names()) out.push_back("stage " + s);
  for (std::size_t a = 0; a < ds.attribute_count(); ++a) {
    const auto col = ds.attribute(a);
    out.push_back("attribute " + std::string(col.name()) + " " + std::string(mf::to_string(col.type())));
    if (col.type() == mf::AttributeType::kString) {
      for (const std::string& v : col.dictionary()) out.push_back("  " + v);
    }
  }
  for (mf::RecordIndex r = 0; r < ds.record_count(); ++r) {
    std::string line = "record " + std::string(ds.record_id(r));
    for (std::size_t a = 0; a < ds.attribute_count(); ++a) line += " " + text_of(ds.attribute(a).value(r));
    const auto [first, last] = ds.events_of(r);
    line += " events " + std::to_string(first) + ".." + std::to_string(last);
    out.push_back(std::move(line));
  }
  for (std::size_t i = 0; i < ds.event_count(); ++i) {
    const mf::Event e = ds.event(i);
    std::string line = std::to_string(e.record) + " " + std::to_string(e.stage) + " " +
                       (e.time ? std::to_string(e.time->micros()) : "-");
    if (e.amount) line += " $" + std::to_string(e.amount->scaled());
    if (e.reason) line += " why=" + std::string(*e.reason);
    if (e.actor) line += " by=" + std::string(*e.actor);
    out.push_back(std::move(line));
  }
  return out;
}

Strings report_of(const mf::LoadReport& report) {
  Strings out;
  for (const mf::FileReport& f : report.files) {
    out.push_back(f.table + " " + f.file + " " + std::to_string(f.bytes) + " " + std::to_string(f.rows) +
                  " " + std::to_string(f.rejected) + " " + std::to_string(f.unmatched_keys) + " " +
                  std::to_string(f.empty_keys));
  }
  for (const mf::RowError& e : report.rejected) out.push_back(e.to_string());
  return out;
}

// Threads of this process now (the entries of /proc/self/task).
int live_threads() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (const dirent* e = ::readdir(d)) {
      if (e->d_name[0] != '.') ++n;
    }
    ::closedir(d);
  }
  return n;
}

}  // namespace

TEST_CASE("load: the same data set and report on 1, 2 and 4 threads", "[load][threads]") {
  TempDir dir;
  write_data(dir);
  for (const char* mapping : {kMapping, kEventsOnly}) {
    for (const bool strict : {false, true}) {
      INFO((mapping == kMapping ? "records and events" : "events only") << (strict ? ", strict" : ", skip"));
      Strings data_1, report_1;
      std::string rejects_1;
      for (const unsigned threads : {1u, 2u, 4u}) {
        INFO("threads " << threads);
        mf::LoadOptions options;
        options.threads = threads;
        options.policy = strict ? mf::ErrorPolicy::kStrict : mf::ErrorPolicy::kSkip;
        if (!strict) options.rejects_path = dir.path() / "rejects.csv";
        auto result = mf_test::load_json(dir, mapping, options);
        if (strict) {
          // The first bad row ends the load, whichever thread converted it.
          REQUIRE_FALSE(result.ok());
          if (threads == 1) report_1 = {result.status().ToString()};
          CHECK(Strings{result.status().ToString()} == report_1);
          continue;
        }
        REQUIRE(result.ok());
        REQUIRE(result->report.rejected.size() > 10);
        const Strings data = everything(result->data);
        const Strings report = report_of(result->report);
        const std::string rejects = mf_test::read_text(dir.path() / "rejects.csv");
        if (threads == 1) {
          data_1 = data;
          report_1 = report;
          rejects_1 = rejects;
          CHECK(result->data.event_count() > 100'000);
          continue;
        }
        REQUIRE(data.size() == data_1.size());
        for (std::size_t i = 0; i < data.size(); ++i) {
          if (data[i] != data_1[i]) FAIL("line " << i << ": " << data[i] << " != " << data_1[i]);
        }
        CHECK(report == report_1);
        CHECK(rejects == rejects_1);
      }
    }
  }
}

TEST_CASE("load: one thread starts no thread, more threads do", "[load][threads]") {
  TempDir dir;
  write_data(dir);
  const int before = live_threads();
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    const std::uint64_t started = mfi::threads_started();
    int most = 0;
    mf::LoadOptions options;
    options.threads = threads;
    options.policy = mf::ErrorPolicy::kSkip;
    options.progress = [&](std::uint64_t, std::uint64_t) { most = std::max(most, live_threads()); };
    auto result = mf_test::load_json(dir, kMapping, options);
    REQUIRE(result.ok());
    if (threads == 1) {
      CHECK(most == before);
      CHECK(mfi::threads_started() == started);
    } else {
      // The events conversion runs while the records load: it is there when
      // the records file is done.
      CHECK(most > before);
      CHECK(mfi::threads_started() > started);
    }
  }
  CHECK(live_threads() == before);
}

TEST_CASE("events conversion without a thread converts a chunk when asked", "[load][threads]") {
  TempDir dir;
  write_data(dir);
  mf::Mapping::Impl mapping;
  mfi::TableSpec& t = mapping.tables.emplace_back();
  t.name = "events";
  t.kind = mfi::TableKind::kEvents;
  t.file = dir.path() / "events.csv";
  t.missing = {""};
  t.id_column = "lead_id";
  t.stage = mfi::StageSpec{"stage", {}};
  t.time_column = "ts";
  t.amount = mfi::AmountSpec{"amount", {}};
  t.reason_column = "reason";
  mf::LoadOptions options;
  options.policy = mf::ErrorPolicy::kSkip;

  // The rows of every chunk, converted on a thread and without.
  auto convert = [&](bool on_thread) {
    auto reader = mfi::CsvReader::open(t.file);
    REQUIRE(reader.ok());
    mfi::TableInput in;
    in.spec = &t;
    in.reader = *std::move(reader);
    mfi::LoadContext ctx(mapping, options, in.reader->total_bytes());
    const std::uint64_t started = mfi::threads_started();
    mfi::EventConversion conversion(ctx, in, mfi::EventConversion::kPipelineChunks, on_thread);
    CHECK(conversion.on_thread() == on_thread);
    Strings rows;
    std::size_t chunks = 0, errors = 0;
    for (bool last = false; !last;) {
      auto chunk = conversion.next();
      REQUIRE(chunk.ok());
      const mfi::StagedChunk& c = **chunk;
      if (!on_thread) {
        // Read up to the end of this chunk, not further: one chunk at a time.
        CHECK(in.reader->bytes_consumed() == c.bytes_consumed);
      }
      for (std::size_t i = 0; i < c.size(); ++i) {
        rows.push_back(std::string(c.id(i)) + " " + c.stages[c.stage[i]]->id + " " + std::to_string(c.time[i]) +
                       " " + std::to_string(c.first_line + c.line[i]));
      }
      errors += c.errors.size();
      ++chunks;
      last = c.last;
      conversion.recycle(*std::move(chunk));
    }
    CHECK(chunks > 10);
    CHECK(errors > 0);
    CHECK(mfi::threads_started() - started == (on_thread ? 1u : 0u));
    return rows;
  };
  const Strings without = convert(false);
  CHECK(without.size() == static_cast<std::size_t>(kEvents));
  CHECK(convert(true) == without);
}
