// load(): what each table kind produces from small hand-made files.
// Error rules and policies are in load_errors_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/load.hpp"

using mf_test::attr;
using mf_test::events_of;
using mf_test::TempDir;
using Strings = std::vector<std::string>;

namespace {

constexpr const char* kLeads =
    "lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,authority_ok,"
    "need_ok,timeline_days,owner_sdr\n"
    "L1,2024-01-01T00:00:00Z,web,C001,smb,finance,25,1,0,1,30,SDR01\n"
    "L2,2024-01-02T10:00:00Z,event,C002,enterprise,retail,5000,0,1,1,90,SDR02\n"
    "L3,2024-01-03T00:00:00Z,web,C001,mid,finance,,1,1,0,,SDR01\n";

// Deliberately not in (record, time) order.
constexpr const char* kEvents =
    "lead_id,stage,ts,amount,reason\n"
    "L2,lead,2024-01-02T10:00:00Z,,\n"
    "L1,mql,2024-01-02T00:00:00Z,,\n"
    "L1,lead,2024-01-01T00:00:00Z,,\n"
    "L2,closed_lost,2024-02-01T00:00:00Z,,no_budget\n"
    "L1,closed_won,2024-03-02T00:00:00Z,1100,\n"
    "L1,closed_won,2024-03-01T12:30:00Z,1054.25,\n";

// A four-stage process like Maven's, for wide tables.
constexpr const char* kGraph = R"({"version": 1,
  "stages": [
    {"id": "prospecting", "teams": ["field_sales"]},
    {"id": "engaging", "teams": ["field_sales"]},
    {"id": "closed_won", "teams": ["field_sales"], "kind": "won"},
    {"id": "closed_lost", "teams": ["field_sales"], "kind": "lost"}],
  "transitions": [
    {"from": "prospecting", "to": "engaging"}, {"from": "engaging", "to": "closed_won"},
    {"from": "prospecting", "to": "closed_lost", "kind": "lost"},
    {"from": "engaging", "to": "closed_lost", "kind": "lost"}]})";

constexpr const char* kWideMapping = R"({"version": 1, "graph": "stages.json", "tables": [
  {"name": "pipeline", "kind": "wide", "file": "pipeline.csv", "id": "id",
   "stage": {"column": "stage", "values": {"Prospecting": "prospecting", "Engaging": "engaging",
                                           "Won": "closed_won", "Lost": "closed_lost"}},
   "stage_dates": [{"column": "engage", "stage": "engaging", "format": "%Y-%m-%d"},
                   {"column": "close", "stages": ["closed_won", "closed_lost"]}],
   "amount": {"column": "value", "stages": ["closed_won", "closed_lost"]},
   "actor": "agent", "reason": "why",
   "attributes": {"agent": "string", "value": "double"}}]})";

}  // namespace

TEST_CASE("load: the canonical mapping reads leads and events exactly", "[load]") {
  TempDir dir;
  dir.write("leads.csv", kLeads);
  dir.write("events.csv", kEvents);
  auto result = modelfunnel::load(modelfunnel::Mapping::canonical(dir.path()));
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;

  REQUIRE(ds.record_count() == 3);
  CHECK(ds.record_id(0) == "L1");
  CHECK(ds.record_id(2) == "L3");
  CHECK(ds.event_count() == 6);
  CHECK(events_of(ds, "L1") == Strings{"lead@2024-01-01T00:00:00Z", "mql@2024-01-02T00:00:00Z",
                                       "closed_won@2024-03-01T12:30:00Z $1054.25",
                                       "closed_won@2024-03-02T00:00:00Z $1100"});
  CHECK(events_of(ds, "L2") ==
        Strings{"lead@2024-01-02T10:00:00Z", "closed_lost@2024-02-01T00:00:00Z why=no_budget"});
  CHECK(events_of(ds, "L3").empty());

  REQUIRE(ds.attribute_count() == 11);
  CHECK(ds.attribute(0).name() == "created_at");  // declaration order is the mapping's
  CHECK(ds.attribute(0).type() == modelfunnel::AttributeType::kTimestamp);
  CHECK(attr(ds, "created_at", "L2") == "2024-01-02T10:00:00Z");
  CHECK(attr(ds, "channel", "L2") == "event");
  CHECK(attr(ds, "employees", "L2") == "5000");
  CHECK(attr(ds, "employees", "L3") == "<missing>");
  CHECK(attr(ds, "timeline_days", "L3") == "<missing>");
  CHECK(attr(ds, "budget_ok", "L1") == "true");
  CHECK(attr(ds, "authority_ok", "L1") == "false");
  CHECK(attr(ds, "owner_sdr", "L3") == "SDR01");
  CHECK(ds.find_attribute("channel")->dictionary() == Strings{"web", "event"});

  Strings stages = ds.stage_names();
  std::sort(stages.begin(), stages.end());
  CHECK(stages == Strings{"closed_lost", "closed_won", "lead", "mql"});

  const auto& files = result->report.files;
  REQUIRE(files.size() == 2);
  CHECK(files[0].table == "leads");
  CHECK(files[0].rows == 3);
  CHECK(files[1].table == "events");
  CHECK(files[1].rows == 6);
  CHECK(files[1].bytes == std::string(kEvents).size());
  CHECK(result->report.rejected.empty());
}

TEST_CASE("load: a wide table turns dates into events", "[load][wide]") {
  TempDir dir;
  dir.write("stages.json", kGraph);
  dir.write("pipeline.csv",
            "id,agent,stage,engage,close,value,why\n"
            "O1,Ann,Won,2020-01-05,2020-02-01,100.5,\n"
            "O2,Bob,Prospecting,,,,\n"
            "O3,Ann,Engaging,2020-01-07,,,\n"
            "O4,Cy,Lost,2020-01-08,2020-03-01,0,too_expensive\n"
            "O5,,Lost,,2020-03-02,,\n"
            "O6,Bob,Won,2020-01-05,,7,\n");
  auto result = mf_test::load_json(dir, kWideMapping);
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  REQUIRE(ds.record_count() == 6);
  CHECK(events_of(ds, "O1") == Strings{"engaging@2020-01-05T00:00:00Z by=Ann",
                                       "closed_won@2020-02-01T00:00:00Z $100.5 by=Ann"});
  CHECK(events_of(ds, "O2") == Strings{"prospecting@- by=Bob"});
  CHECK(events_of(ds, "O3") == Strings{"engaging@2020-01-07T00:00:00Z by=Ann"});
  CHECK(events_of(ds, "O4") ==
        Strings{"engaging@2020-01-08T00:00:00Z by=Cy",
                "closed_lost@2020-03-01T00:00:00Z $0 why=too_expensive by=Cy"});
  CHECK(events_of(ds, "O5") == Strings{"closed_lost@2020-03-02T00:00:00Z"});
  // Won without a close date: the current stage still gets its (undated) event.
  CHECK(events_of(ds, "O6") ==
        Strings{"engaging@2020-01-05T00:00:00Z by=Bob", "closed_won@- $7 by=Bob"});
  CHECK(attr(ds, "value", "O1") == "100.5");
  CHECK(attr(ds, "value", "O2") == "<missing>");
  CHECK(attr(ds, "agent", "O5") == "<missing>");
}

TEST_CASE("load: side tables attach attributes through a join key", "[load][side]") {
  TempDir dir;
  dir.write("leads.csv", "id,account,rep\nA1,Acme,r1\nA2,,r2\nA3,Nope,r1\nA4,Acme,\n");
  dir.write("accounts.csv", "account,sector,employees,ignored\nAcme,tech,100,x\nBeta,retail,,y\n");
  dir.write("reps.csv", "name,office\nr1,West\n");
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "accounts", "kind": "side", "file": "accounts.csv", "key": "account", "join": "account",
     "attributes": {"sector": "string", "staff": {"type": "int64", "column": "employees"}}},
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id",
     "attributes": {"account": "string", "rep": "string"}},
    {"name": "reps", "kind": "side", "file": "reps.csv", "key": "name", "join": "rep",
     "attributes": {"office": "string"}}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  CHECK(attr(ds, "sector", "A1") == "tech");
  CHECK(attr(ds, "staff", "A1") == "100");
  CHECK(attr(ds, "sector", "A2") == "<missing>");
  CHECK(attr(ds, "sector", "A3") == "<missing>");
  CHECK(attr(ds, "sector", "A4") == "tech");
  CHECK(attr(ds, "office", "A1") == "West");
  CHECK(attr(ds, "office", "A2") == "<missing>");
  // Beta matched no record: its values are nowhere in the data set.
  CHECK(ds.find_attribute("sector")->dictionary() == Strings{"tech"});

  const auto& files = result->report.files;
  REQUIRE(files.size() == 3);
  CHECK(files[0].table == "leads");  // records load before side tables
  CHECK(files[1].table == "accounts");
  CHECK(files[1].rows == 2);
  CHECK(files[1].empty_keys == 1);
  CHECK(files[1].unmatched_keys == 1);
  CHECK(files[2].empty_keys == 1);
  CHECK(files[2].unmatched_keys == 1);
}

TEST_CASE("load: events create their records when there is no records table", "[load]") {
  TempDir dir;
  dir.write("events.csv", "who,what,when,owner\nB,lead,2024-05-01,kim\nA,lead,2024-05-02,\nB,sql,2024-05-03,lee\n");
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "events", "kind": "events", "file": "events.csv", "record": "who",
     "stage": "what", "time": "when", "actor": "owner"}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  REQUIRE(ds.record_count() == 2);
  CHECK(ds.record_id(0) == "B");  // order of first appearance
  CHECK(events_of(ds, "B") ==
        Strings{"lead@2024-05-01T00:00:00Z by=kim", "sql@2024-05-03T00:00:00Z by=lee"});
  CHECK(events_of(ds, "A") == Strings{"lead@2024-05-02T00:00:00Z"});
}

TEST_CASE("load: CRLF line ends and quoted fields flow through", "[load]") {
  TempDir dir;
  dir.write("leads.csv",
            "id,name,note\r\n"
            "P1,\"Smith, \"\"Jr\"\"\",plain\r\n"
            "P2,\"two\r\nlines\",\r\n"
            "P3,x,y\r\n");
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "people", "kind": "records", "file": "leads.csv", "id": "id",
     "attributes": {"name": "string", "note": "string"}}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  CHECK(attr(ds, "name", "P1") == "Smith, \"Jr\"");
  CHECK(attr(ds, "note", "P1") == "plain");  // no stray '\r'
  CHECK(attr(ds, "name", "P2") == "two\r\nlines");
  CHECK(attr(ds, "note", "P2") == "<missing>");
  CHECK(attr(ds, "note", "P3") == "y");
}

TEST_CASE("load: missing tokens, bool spellings and time patterns", "[load]") {
  TempDir dir;
  dir.write("a.csv", "id,n,ok,when\nR1,NA,Oui,01/03/2024 09:30\nR2,7,non,\nR3,-,OUI,n/a\n");
  auto result = mf_test::load_json(dir, R"({"version": 1, "missing": ["", "NA"], "tables": [
    {"name": "a", "kind": "records", "file": "a.csv", "id": "id", "missing": ["", "NA", "-", "n/a"],
     "attributes": {"n": "int64", "ok": {"type": "bool", "true": ["oui"], "false": ["non"]},
                    "when": {"type": "timestamp", "format": "%d/%m/%Y %H:%M"}}}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  CHECK(attr(ds, "n", "R1") == "<missing>");
  CHECK(attr(ds, "n", "R3") == "<missing>");
  CHECK(attr(ds, "n", "R2") == "7");
  CHECK(attr(ds, "ok", "R1") == "true");
  CHECK(attr(ds, "ok", "R2") == "false");
  CHECK(attr(ds, "ok", "R3") == "true");  // spellings compare case-insensitively
  CHECK(attr(ds, "when", "R1") == "2024-03-01T09:30:00Z");
  CHECK(attr(ds, "when", "R3") == "<missing>");
}

TEST_CASE("load: default bool spellings", "[load]") {
  TempDir dir;
  dir.write("a.csv", "id,b\nR1,TRUE\nR2,f\nR3,Yes\nR4,0\nR5,N\nR6,t\n");
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "a", "kind": "records", "file": "a.csv", "id": "id", "attributes": {"b": "bool"}}]})");
  REQUIRE(result.ok());
  Strings got;
  for (const char* id : {"R1", "R2", "R3", "R4", "R5", "R6"}) got.push_back(attr(result->data, "b", id));
  CHECK(got == Strings{"true", "false", "true", "false", "false", "true"});
}

TEST_CASE("load: progress ends at the total of all files", "[load]") {
  TempDir dir;
  dir.write("leads.csv", kLeads);
  dir.write("events.csv", kEvents);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  modelfunnel::LoadOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  auto result = modelfunnel::load(modelfunnel::Mapping::canonical(dir.path()), options);
  REQUIRE(result.ok());
  const std::uint64_t total = std::string(kLeads).size() + std::string(kEvents).size();
  REQUIRE(!calls.empty());
  CHECK(calls.back() == std::make_pair(total, total));
  CHECK(std::is_sorted(calls.begin(), calls.end()));
}

TEST_CASE("load: a file that does not exist is NotFound under either policy", "[load]") {
  TempDir dir;
  dir.write("leads.csv", kLeads);
  for (auto policy : {modelfunnel::ErrorPolicy::kStrict, modelfunnel::ErrorPolicy::kSkip}) {
    modelfunnel::LoadOptions options;
    options.policy = policy;
    auto result = modelfunnel::load(modelfunnel::Mapping::canonical(dir.path()), options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == absl::StatusCode::kNotFound);
    CHECK(std::string(result.status().message()).find("events.csv") != std::string::npos);
  }
}

TEST_CASE("load: with_file redirects one table", "[load]") {
  TempDir dir;
  dir.write("leads.csv", kLeads);
  dir.write("other.csv", "lead_id,stage,ts,amount,reason\nL3,lead,2024-01-03T00:00:00Z,,\n");
  auto mapping = modelfunnel::Mapping::canonical(dir.path()).with_file("events", dir.path() / "other.csv");
  REQUIRE(mapping.ok());
  auto result = modelfunnel::load(*mapping);
  REQUIRE(result.ok());
  CHECK(result->data.event_count() == 1);
  CHECK(events_of(result->data, "L3") == Strings{"lead@2024-01-03T00:00:00Z"});
}

TEST_CASE("load: events find their records among many, long and look-alike ids", "[load]") {
  // Ids longer than 8 bytes sharing their first 8, and more rows than one
  // batch of held rows, in an order unrelated to the records'.
  TempDir dir;
  std::string leads = "id\n", events = "id,stage,at\n";
  for (int i = 0; i < 1000; ++i) leads += "Opportunity-" + std::to_string(i) + "\n";
  for (int i = 0; i < 3000; ++i) {
    events += "Opportunity-" + std::to_string(i * 7 % 1000) + ",s" + std::to_string(i / 1000) +
              "," + std::to_string(2000 + i / 1000) + "-01-01\n";
  }
  dir.write("leads.csv", leads);
  dir.write("events.csv", events);
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
    {"name": "events", "kind": "events", "file": "events.csv", "record": "id", "stage": "stage",
     "time": "at"}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  CHECK(ds.record_count() == 1000);
  CHECK(ds.event_count() == 3000);
  for (const char* id : {"Opportunity-0", "Opportunity-7", "Opportunity-999"}) {
    CHECK(events_of(ds, id) == Strings{"s0@2000-01-01T00:00:00Z", "s1@2001-01-01T00:00:00Z",
                                       "s2@2002-01-01T00:00:00Z"});
  }
}

TEST_CASE("load: events create many records in order of first appearance", "[load]") {
  TempDir dir;
  std::string events = "id,stage,at\n";
  // 140,000 rows: several batches of id lookups (load_events.cpp), so ids
  // created in one batch are found by the lookups of the next.
  for (int i = 0; i < 140'000; ++i) {
    // Appended piece by piece: "R" + std::to_string(...) trips a false
    // -Wrestrict in g++ 12.
    events.append("R").append(std::to_string(i % 1500)).append(",lead,2024-01-01\n");
  }
  dir.write("events.csv", events);
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "events", "kind": "events", "file": "events.csv", "record": "id", "stage": "stage",
     "time": "at", "unknown_records": "create"}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  REQUIRE(ds.record_count() == 1500);
  CHECK(ds.record_id(0) == "R0");
  CHECK(ds.record_id(1499) == "R1499");
  CHECK(ds.events_of(0).second - ds.events_of(0).first == 94);      // rows 0, 1500, ..., 139500
  CHECK(ds.events_of(1499).second - ds.events_of(1499).first == 93);  // rows 1499, ..., 139499
  CHECK(ds.event_count() == 140'000);
}

TEST_CASE("load: records attribute values in every accepted spelling", "[load]") {
  // The records loader takes the common spellings on a fast path and
  // everything else through the general converter; both must agree with
  // the documented rules (docs/mapping.md, "Attribute specs").
  constexpr const char* kMapping = R"({"version": 1, "tables": [
    {"name": "a", "kind": "records", "file": "a.csv", "id": "id",
     "attributes": {"n": "int64", "d": "double", "b": "bool",
                    "yn": {"type": "bool", "true": ["si", "1"], "false": ["no", "0"]},
                    "t": "timestamp", "day": {"type": "timestamp", "format": "%d/%m/%Y"}}}]})";
  TempDir dir;
  dir.write("a.csv",
            "id,n,d,b,yn,t,day\n"
            "R1,7,1.5,1,si,2024-03-01T09:30:00Z,01/03/2024\n"
            "R2,+7,+1.5,yes,no,2024-03-01,02/03/2024\n"
            "R3,-9223372036854775808,1e3,F,SI,2024-03-01 09:30:00,03/03/2024\n"
            "R4,0,-0.25,t,No,2024-03-01T09:30:00.5+01:00,04/03/2024\n");
  auto result = mf_test::load_json(dir, kMapping);
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  auto row = [&](const char* id) {
    Strings out;
    for (const char* name : {"n", "d", "b", "yn", "t", "day"}) out.push_back(attr(ds, name, id));
    return out;
  };
  CHECK(row("R1") == Strings{"7", "1.5", "true", "true", "2024-03-01T09:30:00Z", "2024-03-01T00:00:00Z"});
  CHECK(row("R2") == Strings{"7", "1.5", "true", "false", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"});
  CHECK(row("R3") == Strings{"-9223372036854775808", "1000", "false", "true", "2024-03-01T09:30:00Z",
                             "2024-03-03T00:00:00Z"});
  CHECK(row("R4") == Strings{"0", "-0.25", "true", "false", "2024-03-01T08:30:00.500000Z",
                             "2024-03-04T00:00:00Z"});

  // The same spellings, wrong: each row fails on the general path.
  dir.write("a.csv",
            "id,n,d,b,yn,t,day\n"
            "R1,9223372036854775808,1,1,si,2024-03-01,01/03/2024\n"
            "R2,1,1,1,yes,2024-03-01,01/03/2024\n"
            "R3,1,1,2,si,2024-03-01,01/03/2024\n"
            "R4,1,1,1,si,2024-03-01,2024-03-01\n");
  modelfunnel::LoadOptions skip;
  skip.policy = modelfunnel::ErrorPolicy::kSkip;
  auto bad = mf_test::load_json(dir, kMapping, skip);
  REQUIRE(bad.ok());
  Strings errors;
  for (const auto& e : bad->report.rejected) errors.push_back(e.field + " " + e.rule + ": " + e.message);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "n value.int64: '9223372036854775808' is out of range for int64");
  CHECK(errors[1].rfind("yn value.bool: 'yes'", 0) == 0);
  CHECK(errors[2].rfind("b value.bool: '2'", 0) == 0);
  CHECK(errors[3].rfind("day value.timestamp: ", 0) == 0);
  CHECK(bad->data.record_count() == 0);
}

TEST_CASE("load: events keep their stages among hundreds of distinct stage values", "[load]") {
  // The stage resolver caches recent raw values (128 slots, one value per
  // slot); 300 values, short and long, aliased or not, cycle through it.
  TempDir dir;
  std::string leads = "id\n", events = "id,stage,at\n";
  auto stage = [](int k) {
    return k % 3 == 0 ? "s" + std::to_string(k) : "a long stage name number " + std::to_string(k);
  };
  for (int i = 0; i < 900; ++i) {
    leads.append("L").append(std::to_string(i)).append("\n");
    events.append("L").append(std::to_string(i)).append(",").append(stage(i % 300)).append(",2024-01-01\n");
  }
  dir.write("leads.csv", leads);
  dir.write("events.csv", events);
  auto result = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
    {"name": "events", "kind": "events", "file": "events.csv", "record": "id",
     "stage": {"column": "stage", "values": {"s0": "zero", "s3": "three"}}, "time": "at"}]})");
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  REQUIRE(ds.event_count() == 900);
  CHECK(ds.stage_names().size() == 300);
  for (int i : {0, 3, 6, 299, 300, 303, 451, 899}) {
    INFO(i);
    const int k = i % 300;
    const std::string id = k == 0 ? "zero" : k == 3 ? "three" : stage(k);
    CHECK(events_of(ds, "L" + std::to_string(i)) == Strings{id + "@2024-01-01T00:00:00Z"});
  }
}
