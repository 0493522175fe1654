// Mapping::from_json and friends: the schema, its error messages (JSON paths),
// the canonical mapping and the JSON round trip.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/load.hpp"

using modelfunnel::Mapping;
using mf_test::TempDir;
using Strings = std::vector<std::string>;

namespace {

constexpr const char* kGraph = R"({"version": 1,
  "stages": [{"id": "lead", "teams": ["sdr"]}, {"id": "won", "teams": ["sdr"], "kind": "won"},
             {"id": "lost", "teams": ["sdr"], "kind": "lost"}],
  "transitions": [{"from": "lead", "to": "won"}, {"from": "lead", "to": "lost", "kind": "lost"}]})";

// The message from_json gives for @p json (empty when it parses).
std::string error_of(const std::string& json, const std::filesystem::path& base = {}) {
  auto m = Mapping::from_json(json, base);
  return m.ok() ? std::string() : std::string(m.status().message());
}

// A mapping of one wide table (with @p keys added and @p stage as its
// "stage"), then the @p extra tables; @p top goes before "tables".
std::string wide_mapping(const std::string& keys, const std::string& extra = "",
                         const std::string& top = "", const std::string& stage = "\"stage\"") {
  return R"({"version": 1, )" + top + R"("tables": [
    {"name": "deals", "kind": "wide", "file": "w.csv", "id": "id", "stage": )" + stage + R"(,
     "attributes": {"account": "string", "size": "int64"})" + keys + "}" + extra + "]}";
}

// A mapping of one records table with these attributes.
std::string records_mapping(const std::string& attributes) {
  return R"({"version": 1, "tables": [{"name": "r", "kind": "records", "file": "r.csv", "id": "id",
    "attributes": {)" + attributes + "}}]}";
}

}  // namespace

TEST_CASE("mapping: a full mapping parses, tables in loading order", "[mapping]") {
  TempDir dir;
  dir.write("stages.json", kGraph);
  auto m = Mapping::from_json(R"({
    // comments are allowed: mappings are written by hand
    "version": 1, "graph": "stages.json", "missing": ["", "NA"],
    "tables": [
      {"name": "acc", "kind": "side", "file": "sub/acc.csv", "key": "k", "join": "account",
       "attributes": {"sector": "string"}},
      {"name": "ev", "kind": "events", "file": "/abs/ev.csv", "record": "lead",
       "stage": {"column": "st", "values": {"Closed Won": "won"}},
       "time": {"column": "ts", "format": "%Y-%m-%d"}, "amount": {"column": "amt"},
       "reason": "why", "actor": "who", "unknown_records": "error"},
      {"name": "leads", "kind": "records", "file": "../leads.csv", "id": "id",
       "attributes": {"account": "string", "ok": {"type": "bool", "true": ["si"]}}}]})",
                              dir.path());
  REQUIRE(m.ok());
  CHECK(m->table_names() == Strings{"leads", "ev", "acc"});
  CHECK(*m->file_of("acc") == dir.path() / "sub/acc.csv");
  CHECK(*m->file_of("ev") == "/abs/ev.csv");
  CHECK(*m->file_of("leads") == (dir.path() / "../leads.csv").lexically_normal());
  CHECK_FALSE(m->file_of("nope"));
  CHECK(*m->graph_file() == dir.path() / "stages.json");
  CHECK(m->with_file("nope", "x.csv").status().code() == absl::StatusCode::kNotFound);
  auto moved = m->with_file("ev", "/tmp/other.csv");
  REQUIRE(moved.ok());
  CHECK(*moved->file_of("ev") == "/tmp/other.csv");
  CHECK(*m->file_of("ev") == "/abs/ev.csv");  // the original is unchanged

  // to_json is a fixed point: parsing it gives the same JSON again.
  auto again = Mapping::from_json(m->to_json());
  REQUIRE(again.ok());
  CHECK(again->to_json() == m->to_json());
  CHECK(m->to_json().find("\"Closed Won\": \"won\"") != std::string::npos);
}

TEST_CASE("mapping: the canonical mapping", "[mapping]") {
  const Mapping m = Mapping::canonical("/data/run1");
  CHECK(m.table_names() == Strings{"leads", "events"});
  CHECK(*m.file_of("leads") == "/data/run1/leads.csv");
  CHECK(*m.file_of("events") == "/data/run1/events.csv");
  CHECK_FALSE(m.graph_file());
  const std::string json = m.to_json();
  for (const char* piece : {"\"created_at\": {", "\"type\": \"timestamp\"", "\"employees\": {",
                            "\"unknown_records\": \"error\"", "\"format\": \"iso8601\""}) {
    CHECK(json.find(piece) != std::string::npos);
  }
}

TEST_CASE("mapping: syntax errors give line and column", "[mapping]") {
  const std::string e = error_of("{\"version\": 1,\n  \"tables\": [,]}");
  CHECK(e.find("line 2, column 14") != std::string::npos);
}

TEST_CASE("mapping: schema errors name the JSON path", "[mapping]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"tables": []})", "$.version: required key missing"},
      {R"({"version": 2, "tables": []})", "$.version: unsupported version 2"},
      {R"({"version": 1, "tables": []})", "$.tables: expected a non-empty array"},
      {R"({"version": 1, "tabels": []})", "$.tabels: unknown key"},
      {R"({"version": 1, "version": 1, "tables": []})", "$.version: duplicate key"},
      {wide_mapping(R"(, "stage_dates": [{"column": "a", "stage": "x"}, {"column": "b", "stage": "y", "fromat": "iso8601"}])"),
       "$.tables[0].stage_dates[1].fromat: unknown key"},
      {wide_mapping(R"(, "stage_dates": [{"column": "a"}])"), "$.tables[0].stage_dates[0].stage: required key missing"},
      {wide_mapping(R"(, "stage_dates": [{"column": "a", "stage": "x", "stages": ["y"]}])"),
       "$.tables[0].stage_dates[0].stages: give either"},
      {wide_mapping(R"(, "stage_dates": [{"column": "a", "stage": "x", "format": "%Y-%Q"}])"),
       "$.tables[0].stage_dates[0].format: "},
      {wide_mapping(R"(, "actor": 7)"), "$.tables[0].actor: expected a string, found number"},
      {wide_mapping(R"(, "time": "t")"), "$.tables[0].time: unknown key"},
      {wide_mapping(R"(, "amount": {"column": "v", "stage": ["won"]})"), "$.tables[0].amount.stage: unknown key"},
      {wide_mapping(R"(, "missing": "NA")"), "$.tables[0].missing: expected an array of strings"},
      {wide_mapping("", "", "", R"({"column": "s", "values": {"Won": ""}})"), "$.tables[0].stage.values.Won: must not be empty"},
      {wide_mapping("", "", "", R"({"column": "s", "values": {"Closed Won": 1}})"),
       R"($.tables[0].stage.values["Closed Won"]: expected a string)"},
      {R"({"version": 1, "tables": [{"name": "x", "kind": "list", "file": "f"}]})",
       "$.tables[0].kind: unknown table kind \"list\""},
      {R"({"version": 1, "tables": [{"kind": "records", "file": "f", "id": "i"}]})", "$.tables[0].name: required key missing"},
      {R"({"version": 1, "tables": [{"name": "x", "kind": "records", "file": "", "id": "i"}]})",
       "$.tables[0].file: must not be empty"},
      {R"({"version": 1, "tables": [{"name": "x", "kind": "events", "file": "f", "record": "r", "stage": "s"}]})",
       "$.tables[0].time: required key missing"},
      {R"({"version": 1, "tables": [{"name": "x", "kind": "events", "file": "f", "record": "r", "stage": "s", "time": "t", "unknown_records": "drop"}]})",
       "$.tables[0].unknown_records: expected \"error\" or \"create\""},
      {R"({"version": 1, "tables": [{"name": "x", "kind": "events", "file": "f", "record": "r", "stage": "s", "time": "t", "unknown_records": "error"}]})",
       "$.tables[0].unknown_records: \"error\" needs a records table"},
      {records_mapping(R"("a": "text")"), "$.tables[0].attributes.a: unknown type \"text\""},
      {records_mapping(R"("a": {"type": "int64", "format": "iso8601"})"),
       "$.tables[0].attributes.a.format: only timestamp attributes have a format"},
      {records_mapping(R"("a": {"type": "string", "true": ["y"]})"),
       "$.tables[0].attributes.a.true: only bool attributes"},
      {records_mapping(R"("a": {"typ": "string"})"), "$.tables[0].attributes.a.typ: unknown key"},
      {wide_mapping("", R"(, {"name": "deals", "kind": "side", "file": "s.csv", "key": "k", "join": "account"})"),
       "$.tables[1].name: duplicate table name 'deals' (also $.tables[0])"},
      // A wide table beside a records table, and several event sources, are
      // legal since issue 13 (load_sources_test.cpp); what stays wrong:
      {R"({"version": 1, "tables": [{"name": "w", "kind": "wide", "file": "w", "id": "i", "stage": "s", "unknown_records": "error"}]})",
       "$.tables[0].unknown_records: \"error\" needs a records table"},
      {R"({"version": 1, "tables": [{"name": "a", "kind": "records", "file": "a", "id": "i"}, {"name": "b", "kind": "records", "file": "b", "id": "i"}]})",
       "$.tables[1].kind: a mapping has at most one records table"},
      {R"({"version": 1, "tables": [{"name": "s", "kind": "side", "file": "s", "key": "k", "join": "j"}]})",
       "$.tables[0].kind: a side table needs a records or wide table"},
      {wide_mapping("", R"(, {"name": "s", "kind": "side", "file": "s.csv", "key": "k", "join": "acount"})"),
       "$.tables[1].join: no attribute 'acount'"},
      {wide_mapping("", R"(, {"name": "s", "kind": "side", "file": "s.csv", "key": "k", "join": "size"})"),
       "$.tables[1].join: attribute 'size' must be of type string"},
      {wide_mapping("", R"(, {"name": "s", "kind": "side", "file": "s.csv", "key": "k", "join": "account", "attributes": {"size": "int64"}})"),
       "$.tables[1].attributes.size: attribute name already defined by table 'deals'"},
  };
  for (const auto& [json, expected] : cases) {
    INFO(json);
    const std::string e = error_of(json);
    INFO(e);
    CHECK(e.find(expected) == 0);
  }
}

TEST_CASE("mapping: stage ids are checked against the graph", "[mapping]") {
  TempDir dir;
  dir.write("g.json", kGraph);
  const std::string top = R"("graph": "g.json", )";
  CHECK(error_of(wide_mapping("", "", top, R"({"column": "s", "values": {"Won": "wonn"}})"), dir.path())
            .find("$.tables[0].stage.values.Won: stage 'wonn' is not in the graph") == 0);
  CHECK(error_of(wide_mapping(R"(, "stage_dates": [{"column": "c", "stage": "closed"}])", "", top), dir.path())
            .find("$.tables[0].stage_dates[0].stage: stage 'closed' is not in the graph") == 0);
  CHECK(error_of(wide_mapping(R"(, "stage_dates": [{"column": "c", "stages": ["won", "lots"]}])", "", top), dir.path())
            .find("$.tables[0].stage_dates[0].stages[1]: stage 'lots'") == 0);
  CHECK(error_of(wide_mapping(R"(, "amount": {"column": "v", "stages": ["wun"]})", "", top), dir.path())
            .find("$.tables[0].amount.stages[0]: stage 'wun'") == 0);
  CHECK(error_of(wide_mapping(R"(, "stage_dates": [{"column": "c", "stages": ["won", "lost"]}])", "", top,
                            R"({"column": "s", "values": {"W": "won"}})"),
               dir.path())
            .empty());
  CHECK(error_of(wide_mapping("", "", R"("graph": "nope.json", )"), dir.path()).find("$.graph: ") == 0);
}

TEST_CASE("mapping: load_file resolves paths against the file's folder", "[mapping]") {
  TempDir dir;
  dir.write("m.json", wide_mapping(""));
  auto m = Mapping::load_file(dir.path() / "m.json");
  REQUIRE(m.ok());
  CHECK(*m->file_of("deals") == dir.path() / "w.csv");

  auto missing = Mapping::load_file(dir.path() / "none.json");
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);

  dir.write("bad.json", R"({"version": 1, "tables": 3})");
  auto bad = Mapping::load_file(dir.path() / "bad.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()) ==
        (dir.path() / "bad.json").string() + ": $.tables: expected a non-empty array of tables, found number");
}
