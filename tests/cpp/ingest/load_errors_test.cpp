// load(): every row error rule under both policies. Strict: the message
// names file:line:column, the field and the rule. Skip: the row is left out
// whole, the other rows stay, and the rejects file lists it.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/load.hpp"

using mf_test::attr;
using mf_test::events_of;
using mf_test::TempDir;
using Strings = std::vector<std::string>;

namespace {

constexpr const char* kGraph = R"({"version": 1,
  "stages": [{"id": "lead", "teams": ["sdr"]}, {"id": "won", "teams": ["sdr"], "kind": "won"},
             {"id": "lost", "teams": ["sdr"], "kind": "lost"}],
  "transitions": [{"from": "lead", "to": "won"}, {"from": "lead", "to": "lost", "kind": "lost"}]})";

constexpr const char* kRecordsMapping = R"({"version": 1, "tables": [
  {"name": "things", "kind": "records", "file": "a.csv", "id": "id",
   "attributes": {"s": "string", "n": "int64", "d": "double", "b": "bool", "t": "timestamp"}}]})";

constexpr const char* kEventsMapping = R"({"version": 1, "graph": "graph.json", "tables": [
  {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
  {"name": "events", "kind": "events", "file": "ev.csv", "record": "id",
   "stage": {"column": "stage", "values": {"Won": "won"}}, "time": "ts", "amount": "amount",
   "reason": "reason"}]})";

constexpr const char* kWideMapping = R"({"version": 1, "graph": "graph.json", "tables": [
  {"name": "deals", "kind": "wide", "file": "w.csv", "id": "id", "stage": "stage",
   "stage_dates": [{"column": "created", "stage": "lead"},
                   {"column": "closed", "stages": ["won", "lost"]}],
   "amount": {"column": "value", "stages": ["won"]}, "attributes": {"region": "string"}},
  {"name": "regions", "kind": "side", "file": "r.csv", "key": "region", "join": "region",
   "attributes": {"head": "string", "size": "int64"}}]})";

constexpr const char* kRecordsHeader = "id,s,n,d,b,t\n";
constexpr const char* kLeadsFile = "id\nL1\nL2\n";
constexpr const char* kWideHeader = "id,stage,created,closed,value,region\n";
constexpr const char* kRegions = "region,head,size\nnorth,Ann,3\n";

struct Case {
  std::string name;
  const char* mapping;
  std::map<std::string, std::string> files;
  std::string bad_file;
  std::int64_t line, column;
  std::string field, rule;
  std::function<void(const modelfunnel::DataSet&)> check_skipped;  // after kSkip
};

std::map<std::string, std::string> records(const std::string& bad_row) {
  return {{"a.csv", std::string(kRecordsHeader) + "R1,x,1,1.5,1,2024-01-01\n" + bad_row +
                        "R3,y,3,2.5,0,2024-01-03\n"}};
}

void keeps_r1_r3(const modelfunnel::DataSet& ds) {
  CHECK(ds.record_count() == 2);
  CHECK(ds.find_record("R1"));
  CHECK(ds.find_record("R3"));
  CHECK_FALSE(ds.find_record("R2"));
}

std::map<std::string, std::string> events(const std::string& bad_row) {
  return {{"graph.json", kGraph},
          {"leads.csv", kLeadsFile},
          {"ev.csv", "id,stage,ts,amount,reason\nL1,lead,2024-01-01,,\n" + bad_row +
                         "L2,Won,2024-01-05,10,\n"}};
}

void keeps_two_events(const modelfunnel::DataSet& ds) {
  CHECK(ds.event_count() == 2);
  CHECK(events_of(ds, "L1") == Strings{"lead@2024-01-01T00:00:00Z"});
  CHECK(events_of(ds, "L2") == Strings{"won@2024-01-05T00:00:00Z $10"});
}

std::map<std::string, std::string> wide(const std::string& bad_row, const char* regions = kRegions) {
  return {{"graph.json", kGraph},
          {"r.csv", regions},
          {"w.csv", std::string(kWideHeader) + "D1,won,2024-01-01,2024-02-01,5,north\n" + bad_row +
                        "D3,lead,2024-01-03,,,\n"}};
}

void keeps_d1_d3(const modelfunnel::DataSet& ds) {
  CHECK(ds.record_count() == 2);
  CHECK(events_of(ds, "D1") == Strings{"lead@2024-01-01T00:00:00Z", "won@2024-02-01T00:00:00Z $5"});
  CHECK(events_of(ds, "D3") == Strings{"lead@2024-01-03T00:00:00Z"});
  CHECK_FALSE(ds.find_record("D2"));
}

std::vector<Case> cases() {
  return {
      {"int64", kRecordsMapping, records("R2,z,x2,1,1,2024-01-02\n"), "a.csv", 3, 3, "n", "value.int64", keeps_r1_r3},
      {"double", kRecordsMapping, records("R2,z,2,1.5.1,1,2024-01-02\n"), "a.csv", 3, 4, "d", "value.double", keeps_r1_r3},
      {"bool", kRecordsMapping, records("R2,z,2,1,maybe,2024-01-02\n"), "a.csv", 3, 5, "b", "value.bool", keeps_r1_r3},
      {"timestamp", kRecordsMapping, records("R2,z,2,1,1,2023-02-29\n"), "a.csv", 3, 6, "t", "value.timestamp", keeps_r1_r3},
      {"record id required", kRecordsMapping, records(",z,2,1,1,2024-01-02\n"), "a.csv", 3, 1, "id", "value.required",
       [](const modelfunnel::DataSet& ds) { CHECK(ds.record_count() == 2); }},
      {"duplicate record", kRecordsMapping, records("R1,dup,2,1,1,2024-01-02\n"), "a.csv", 3, 1, "id", "key.duplicate",
       [](const modelfunnel::DataSet& ds) {
         CHECK(ds.record_count() == 2);
         CHECK(attr(ds, "s", "R1") == "x");  // the first row wins
       }},
      {"field count", kRecordsMapping, records("R2,z,2,1,1,2024-01-02,extra\n"), "a.csv", 3, -1, "", "csv.field_count", keeps_r1_r3},
      {"amount", kEventsMapping, events("L1,Won,2024-01-02,1.23456,\n"), "ev.csv", 3, 4, "amount", "value.amount", keeps_two_events},
      {"stage required", kEventsMapping, events("L1,,2024-01-02,,\n"), "ev.csv", 3, 2, "stage", "value.required", keeps_two_events},
      {"time required", kEventsMapping, events("L1,lead,,,\n"), "ev.csv", 3, 3, "ts", "value.required", keeps_two_events},
      {"event time", kEventsMapping, events("L1,lead,yesterday,,\n"), "ev.csv", 3, 3, "ts", "value.timestamp", keeps_two_events},
      {"unknown record", kEventsMapping, events("L9,lead,2024-01-02,,\n"), "ev.csv", 3, 1, "id", "ref.unknown_record",
       [](const modelfunnel::DataSet& ds) {
         keeps_two_events(ds);
         CHECK_FALSE(ds.find_record("L9"));
       }},
      {"unknown stage", kEventsMapping, events("L1,Qualified,2024-01-02,,\n"), "ev.csv", 3, 2, "stage", "value.unknown_stage", keeps_two_events},
      {"date for other stage", kWideMapping, wide("D2,lead,2024-01-02,2024-02-02,,\n"), "w.csv", 3, 4, "closed", "wide.date_for_other_stage", keeps_d1_d3},
      {"amount without event", kWideMapping, wide("D2,lead,2024-01-02,,9,\n"), "w.csv", 3, 5, "value", "wide.amount_without_event", keeps_d1_d3},
      {"duplicate wide id", kWideMapping, wide("D1,lead,2024-01-02,,,\n"), "w.csv", 3, 1, "id", "key.duplicate",
       [](const modelfunnel::DataSet& ds) {
         CHECK(ds.record_count() == 2);
         CHECK(events_of(ds, "D1").size() == 2);
       }},
      {"duplicate side key", kWideMapping, wide("D2,lead,2024-01-02,,,north\n", "region,head,size\nnorth,Ann,3\nnorth,Bob,4\n"),
       "r.csv", 3, 1, "region", "key.duplicate",
       [](const modelfunnel::DataSet& ds) {
         CHECK(attr(ds, "head", "D2") == "Ann");
         CHECK(attr(ds, "head", "D1") == "Ann");
       }},
      {"side value", kWideMapping, wide("D2,lead,2024-01-02,,,south\n", "region,head,size\nnorth,Ann,3\nsouth,Bob,many\n"),
       "r.csv", 3, 3, "size", "value.int64",
       [](const modelfunnel::DataSet& ds) {
         CHECK(attr(ds, "head", "D2") == "<missing>");  // south was left out whole
         CHECK(attr(ds, "size", "D1") == "3");
       }},
  };
}

}  // namespace

TEST_CASE("load errors: every rule, strict and skip", "[load][errors]") {
  for (const Case& c : cases()) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      for (const auto& [name, content] : c.files) dir.write(name, content);
      const std::string where = dir.file(c.bad_file) + ":" + std::to_string(c.line) + ":";

      auto strict = mf_test::load_json(dir, c.mapping);
      REQUIRE_FALSE(strict.ok());
      const std::string message(strict.status().message());
      INFO(message);
      CHECK(strict.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(message.find(where + (c.column >= 0 ? std::to_string(c.column) + ":" : "")) == 0);
      CHECK(message.find(c.rule) != std::string::npos);
      if (!c.field.empty()) CHECK(message.find("field '" + c.field + "'") != std::string::npos);

      modelfunnel::LoadOptions skip;
      skip.policy = modelfunnel::ErrorPolicy::kSkip;
      skip.rejects_path = dir.path() / "rejects.csv";
      auto skipped = mf_test::load_json(dir, c.mapping, skip);
      REQUIRE(skipped.ok());
      REQUIRE(skipped->report.rejected.size() == 1);
      const modelfunnel::RowError& e = skipped->report.rejected[0];
      CHECK(e.file == dir.file(c.bad_file));
      CHECK(e.line == c.line);
      if (c.column >= 0) CHECK(e.column == c.column);
      CHECK(e.field == c.field);
      CHECK(e.rule == c.rule);
      CHECK(e.to_string() == message);
      for (const auto& f : skipped->report.files) {
        CHECK(f.rejected == (f.file == dir.file(c.bad_file) ? 1u : 0u));
      }
      c.check_skipped(skipped->data);
      const std::string rejects = mf_test::read_text(*skip.rejects_path);
      CHECK(rejects.rfind("file,line,column,field,rule,message,raw_row\n", 0) == 0);
      CHECK(rejects.find("," + c.rule + ",") != std::string::npos);
    }
  }
}

TEST_CASE("load errors: the rejects file quotes fields and keeps the raw row", "[load][errors]") {
  TempDir dir;
  dir.write("a.csv", std::string(kRecordsHeader) + "R1,x,1,1,1,2024-01-01\nR2,\"x,y\",bad,1,1,2024-01-01\n");
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  skip.rejects_path = dir.path() / "rejects.csv";
  auto result = mf_test::load_json(dir, kRecordsMapping, skip);
  REQUIRE(result.ok());
  CHECK(mf_test::read_text(*skip.rejects_path) ==
        "file,line,column,field,rule,message,raw_row\n" + dir.file("a.csv") +
            ",3,3,n,value.int64,'bad' is not an integer,\"R2,\"\"x,y\"\",bad,1,1,2024-01-01\"\n");
}

TEST_CASE("load errors: a rejected row leaves nothing behind", "[load][errors]") {
  TempDir dir;
  dir.write("a.csv", std::string(kRecordsHeader) + "R1,web,1,1,1,2024-01-01\nR2,mobile,1,1,1,never\n");
  for (const auto& [name, content] : events("L1,lost,2024-01-02,1.00001,why_not\n")) dir.write(name, content);
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;

  auto records = mf_test::load_json(dir, kRecordsMapping, skip);
  REQUIRE(records.ok());
  CHECK(records->data.record_count() == 1);
  CHECK(records->data.find_attribute("s")->dictionary() == Strings{"web"});
  CHECK(records->data.find_attribute("s")->size() == 1);

  auto events = mf_test::load_json(dir, kEventsMapping, skip);
  REQUIRE(events.ok());
  CHECK(events->data.event_count() == 2);
  CHECK_FALSE(events->data.find_stage("lost"));  // only the rejected row used it
}

TEST_CASE("load errors: an unterminated quote fails under either policy", "[load][errors]") {
  TempDir dir;
  dir.write("a.csv", std::string(kRecordsHeader) + "R1,x,1,1,1,2024-01-01\nR2,\"open,1,1,1,2024-01-01\n");
  for (auto policy : {modelfunnel::ErrorPolicy::kStrict, modelfunnel::ErrorPolicy::kSkip}) {
    modelfunnel::LoadOptions options;
    options.policy = policy;
    auto result = mf_test::load_json(dir, kRecordsMapping, options);
    REQUIRE_FALSE(result.ok());
    CHECK(std::string(result.status().message()).find("csv.unterminated_quote") != std::string::npos);
  }
}

TEST_CASE("load errors: a mapped column missing from the header fails under either policy", "[load][errors]") {
  TempDir dir;
  dir.write("a.csv", "id,s,n,d,b,time\nR1,x,1,1,1,2024-01-01\n");
  for (auto policy : {modelfunnel::ErrorPolicy::kStrict, modelfunnel::ErrorPolicy::kSkip}) {
    modelfunnel::LoadOptions options;
    options.policy = policy;
    auto result = mf_test::load_json(dir, kRecordsMapping, options);
    REQUIRE_FALSE(result.ok());
    const std::string message(result.status().message());
    INFO(message);
    CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(message.find(dir.file("a.csv")) == 0);
    CHECK(message.find("table 'things'") != std::string::npos);
    CHECK(message.find("mapping.missing_column") != std::string::npos);
    CHECK(message.find("column 't'") != std::string::npos);
  }
}

TEST_CASE("load errors: errors are reported in reading order", "[load][errors]") {
  // The events loader holds rows back to batch record lookups; an unknown
  // record found late must still come before a later row's error.
  TempDir dir;
  dir.write("graph.json", kGraph);
  dir.write("leads.csv", kLeadsFile);
  dir.write("ev.csv", "id,stage,ts,amount,reason\nL1,lead,2024-01-01,,\nL9,lead,2024-01-02,,\n"
                      "L2,lead,someday,,\nL8,lead,2024-01-03,,\nL2,lead,2024-01-04,,\n");
  auto strict = mf_test::load_json(dir, kEventsMapping);
  REQUIRE_FALSE(strict.ok());
  CHECK(std::string(strict.status().message()).find(dir.file("ev.csv") + ":3:1: field 'id': ref.unknown_record") == 0);

  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  auto skipped = mf_test::load_json(dir, kEventsMapping, skip);
  REQUIRE(skipped.ok());
  std::vector<std::int64_t> lines;
  for (const auto& e : skipped->report.rejected) lines.push_back(e.line);
  CHECK(lines == std::vector<std::int64_t>{3, 4, 5});
  CHECK(skipped->data.event_count() == 2);
}

TEST_CASE("load errors: records errors across batches stay in order and leave nothing behind",
          "[load][errors]") {
  // The records loader converts rows in batches (of 1,024) and commits them
  // column by column; duplicates and bad values around and across batch
  // edges must come out as a row-by-row load would have them.
  std::string csv = kRecordsHeader;
  std::vector<std::int64_t> bad_lines;
  for (int i = 1; i <= 3000; ++i) {
    const std::int64_t line = i + 1;
    const std::string n = std::to_string(i);
    if (i == 1024 || i == 1025 || i == 2049) {  // repeats R1; its value is used by nothing else
      csv += "R1,only_dup_" + n + "," + n + ",1.5,1,2024-01-01\n";
      bad_lines.push_back(line);
    } else if (i == 1500) {  // first use of 'late' by a rejected row; R1600 uses it later
      csv += "R1500,late,x,1.5,1,2024-01-01\n";
      bad_lines.push_back(line);
    } else {
      csv += "R" + n + "," + (i == 1600 ? "late" : i % 2 ? "odd" : "even") + "," + n + ",1.5," +
             (i % 3 ? "1" : "0") + ",2024-01-01\n";
    }
  }
  TempDir dir;
  dir.write("a.csv", csv);
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  auto result = mf_test::load_json(dir, kRecordsMapping, skip);
  REQUIRE(result.ok());
  std::vector<std::int64_t> lines;
  for (const auto& e : result->report.rejected) lines.push_back(e.line);
  CHECK(lines == bad_lines);
  CHECK(result->report.rejected[0].rule == "key.duplicate");
  CHECK(result->report.rejected[2].rule == "value.int64");
  CHECK(result->report.rejected[3].rule == "key.duplicate");
  const auto& ds = result->data;
  CHECK(ds.record_count() == 3000 - 4);
  CHECK(ds.find_attribute("s")->dictionary() == Strings{"odd", "even", "late"});
  CHECK(attr(ds, "s", "R1") == "odd");
  CHECK(attr(ds, "n", "R1") == "1");
  CHECK(attr(ds, "s", "R1600") == "late");
  CHECK(attr(ds, "n", "R3000") == "3000");
  CHECK(attr(ds, "b", "R3000") == "false");
  CHECK(attr(ds, "b", "R2999") == "true");
  CHECK_FALSE(ds.find_record("R1500"));
  CHECK_FALSE(ds.find_record("R1024"));

  auto strict = mf_test::load_json(dir, kRecordsMapping);
  REQUIRE_FALSE(strict.ok());
  CHECK(std::string(strict.status().message()).find(dir.file("a.csv") + ":1025:1: field 'id': key.duplicate") == 0);
}

TEST_CASE("load errors: events errors across lookup batches stay in order", "[load][errors]") {
  // 250,000 rows: several batches of id lookups, each looked up on another
  // thread while the one before it is committed (load_events.cpp). Unknown
  // records (found at the commit) and bad times (found by the converter)
  // in different batches must come out in reading order, with the rows
  // around them kept.
  std::string leads = "id\n";
  for (int i = 0; i < 2000; ++i) leads.append("L").append(std::to_string(i)).append("\n");
  std::string ev = "id,stage,ts,amount,reason\n";
  std::vector<std::int64_t> bad_lines;
  constexpr int kRows = 250'000;
  for (int i = 0; i < kRows; ++i) {
    const std::int64_t line = i + 2;
    if (i == 3 || i == 70'000 || i == 150'001 || i == kRows - 1) {
      ev.append("X").append(std::to_string(i)).append(",lead,2024-01-01,,\n");
      bad_lines.push_back(line);
    } else if (i == 65'536 || i == 200'000) {
      ev.append("L1,lead,someday,,\n");
      bad_lines.push_back(line);
    } else {
      ev.append("L").append(std::to_string(i % 2000)).append(i % 5 ? ",lead,2024-01-01,," : ",Won,2024-02-01,7,")
          .append("\n");
    }
  }
  TempDir dir;
  dir.write("graph.json", kGraph);
  dir.write("leads.csv", leads);
  dir.write("ev.csv", ev);
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  auto skipped = mf_test::load_json(dir, kEventsMapping, skip);
  REQUIRE(skipped.ok());
  std::vector<std::int64_t> lines;
  std::vector<std::string> rules;
  for (const auto& e : skipped->report.rejected) {
    lines.push_back(e.line);
    rules.push_back(e.rule);
  }
  CHECK(lines == bad_lines);
  CHECK(rules == Strings{"ref.unknown_record", "value.timestamp", "ref.unknown_record", "ref.unknown_record",
                         "value.timestamp", "ref.unknown_record"});
  const modelfunnel::DataSet& ds = skipped->data;
  CHECK(ds.event_count() == kRows - 6);
  // L0 is named by rows 0, 2000, ..., 248000 (125 rows, every one a won
  // row: i % 5 == 0) but for rows 70,000 and 200,000, made bad above.
  const auto l0 = *ds.find_record("L0");
  CHECK(ds.events_of(l0).second - ds.events_of(l0).first == 123);
  CHECK(events_of(ds, "L0").front() == "won@2024-02-01T00:00:00Z $7");

  auto strict = mf_test::load_json(dir, kEventsMapping);
  REQUIRE_FALSE(strict.ok());
  CHECK(std::string(strict.status().message()).find(dir.file("ev.csv") + ":5:1: field 'id': ref.unknown_record") ==
        0);
}

TEST_CASE("load: missing values are counted across records batches", "[load]") {
  // The records loader appends a batch's values column by column; every
  // type must count its missing values and store the present ones.
  std::string csv = kRecordsHeader;
  for (int i = 1; i <= 2500; ++i) {
    const std::string n = std::to_string(i);
    const bool gap = i % 4 == 0;  // 625 rows with every attribute missing
    csv += "R" + n + "," + (gap ? "" : i % 2 ? "odd" : "even") + "," + (gap ? "" : n) + "," +
           (gap ? "" : "0.5") + "," + (gap ? "" : "1") + "," + (gap ? "" : "2024-01-01") + "\n";
  }
  TempDir dir;
  dir.write("a.csv", csv);
  auto result = mf_test::load_json(dir, kRecordsMapping);
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  REQUIRE(ds.record_count() == 2500);
  for (const char* name : {"s", "n", "d", "b", "t"}) {
    INFO(name);
    CHECK(ds.find_attribute(name)->missing_count() == 625);
  }
  CHECK(attr(ds, "s", "R2499") == "odd");
  CHECK(attr(ds, "n", "R2499") == "2499");
  CHECK(attr(ds, "d", "R2499") == "0.5");
  CHECK(attr(ds, "b", "R2499") == "true");
  CHECK(attr(ds, "t", "R2499") == "2024-01-01T00:00:00Z");
  CHECK(attr(ds, "n", "R2500") == "<missing>");
  CHECK(attr(ds, "s", "R2500") == "<missing>");
}

TEST_CASE("load errors: the rejects file keeps the raw rows of rows rejected at commit", "[load][errors]") {
  // Duplicate record ids and unknown records are found when rows are
  // committed, after their bytes are gone; the rejects file still has them
  // (read back from the file), in two batches of records rows.
  std::string csv = kRecordsHeader;
  for (int i = 1; i <= 1500; ++i) {
    csv += "R" + std::to_string(i) + ",v,1,1.5,1,2024-01-01\n";
    if (i == 2) csv += "R1,\"dup, quoted\",2,1.5,1,2024-01-01\n";  // line 4
  }
  csv += "R1400,late dup,3,1.5,1,2024-01-01\n";  // line 1503
  TempDir dir;
  dir.write("a.csv", csv);
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  skip.rejects_path = dir.path() / "rejects.csv";
  auto result = mf_test::load_json(dir, kRecordsMapping, skip);
  REQUIRE(result.ok());
  CHECK(result->data.record_count() == 1500);
  const std::string file = dir.file("a.csv");
  CHECK(mf_test::read_text(*skip.rejects_path) ==
        "file,line,column,field,rule,message,raw_row\n" + file +
            ",4,1,id,key.duplicate,record id 'R1' already appeared in an earlier row,"
            "\"R1,\"\"dup, quoted\"\",2,1.5,1,2024-01-01\"\n" +
            file + ",1503,1,id,key.duplicate,record id 'R1400' already appeared in an earlier row,"
                   "\"R1400,late dup,3,1.5,1,2024-01-01\"\n");
}
