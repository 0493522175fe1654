// load() of real CRM exports as they come (issue 13): events from several
// tables merged per record in time order, constant stages, linked ids,
// unknown_records "skip", close dates, field history, touches and campaigns,
// stage dates on records and side tables, and data-quality findings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/load.hpp"

using mf_test::attr;
using mf_test::events_of;
using mf_test::TempDir;
using Strings = std::vector<std::string>;

namespace {

// The events of every record, described, in record order.
std::vector<Strings> all_events(const modelfunnel::DataSet& ds) {
  std::vector<Strings> out;
  for (modelfunnel::RecordIndex r = 0; r < ds.record_count(); ++r) out.push_back(events_of(ds, ds.record_id(r)));
  return out;
}

}  // namespace

TEST_CASE("several event sources merge per record exactly as one file", "[load][sources]") {
  TempDir dir;
  dir.write("leads.csv", "id,created,region\nL1,2024-01-01,north\nL2,2024-01-02,south\n");
  dir.write("ev1.csv", "id,stage,ts\nL1,sql,2024-01-05\nL2,mql,2024-01-03\n");
  dir.write("ev2.csv", "id,stage,ts\nL1,mql,2024-01-03\nL2,sql,2024-01-09\n");
  dir.write("won.csv", "id,ts,value\nL1,2024-02-01,100\n");
  dir.write("regions.csv", "region,kickoff\nnorth,2024-01-04\n");
  // The same events in one file, in the order the sources are read.
  dir.write("one.csv",
            "id,stage,ts,amount\nL1,lead,2024-01-01,\nL2,lead,2024-01-02,\nL1,sql,2024-01-05,\n"
            "L2,mql,2024-01-03,\nL1,mql,2024-01-03,\nL2,sql,2024-01-09,\nL1,closed_won,2024-02-01,100\n"
            "L1,kickoff,2024-01-04,\n");
  auto several = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id",
     "stage_dates": [{"column": "created", "stage": "lead"}], "attributes": {"region": "string"}},
    {"name": "ev1", "kind": "events", "file": "ev1.csv", "record": "id", "stage": "stage", "time": "ts"},
    {"name": "ev2", "kind": "events", "file": "ev2.csv", "record": "id", "stage": "stage", "time": "ts"},
    {"name": "won", "kind": "events", "file": "won.csv", "record": "id", "stage": {"value": "closed_won"},
     "time": "ts", "amount": "value"},
    {"name": "regions", "kind": "side", "file": "regions.csv", "key": "region", "join": "region",
     "stage_dates": [{"column": "kickoff", "stage": "kickoff"}]}]})");
  REQUIRE(several.ok());
  auto one = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "ev", "kind": "events", "file": "one.csv", "record": "id", "stage": "stage", "time": "ts",
     "amount": "amount"}]})");
  REQUIRE(one.ok());
  CHECK(all_events(several->data) == all_events(one->data));
  CHECK(events_of(several->data, "L1") ==
        Strings{"lead@2024-01-01T00:00:00Z", "mql@2024-01-03T00:00:00Z", "kickoff@2024-01-04T00:00:00Z",
                "sql@2024-01-05T00:00:00Z", "closed_won@2024-02-01T00:00:00Z $100"});
  CHECK(several->data.stage_names().size() == one->data.stage_names().size());
}

TEST_CASE("wide tables combine with a records table and with each other", "[load][sources]") {
  TempDir dir;
  dir.write("contacts.csv", "id,deal,owner\nC1,D1,ann\nC2,,bob\n");
  dir.write("deals.csv", "deal,stage,opened,closed,owner\nD1,won,2024-01-02,2024-01-09,ann\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "contacts", "kind": "records", "file": "contacts.csv", "id": "id", "links": ["deal"],
     "attributes": {"owner": "string"}},
    {"name": "deals", "kind": "wide", "file": "deals.csv", "id": "deal", "stage": "stage",
     "stage_dates": [{"column": "opened", "stage": "opportunity"}, {"column": "closed", "stages": ["won"]}],
     "attributes": {"owner": "string"}}]})");
  REQUIRE(r.ok());
  CHECK(r->data.record_count() == 2);
  CHECK_FALSE(r->data.find_record("D1"));
  CHECK(events_of(r->data, "C1") == Strings{"opportunity@2024-01-02T00:00:00Z", "won@2024-01-09T00:00:00Z"});
  CHECK(attr(r->data, "owner", "C1") == "ann");
}

TEST_CASE("linked ids: events keyed by a lead's opportunity id", "[load][sources][links]") {
  TempDir dir;
  dir.write("leads.csv", "Id,ConvertedOpportunityId\nL1,O1\nL2,\nL3,O3\n");
  dir.write("opp.csv", "OpportunityId,StageName,CreatedDate,CloseDate\nO1,Closed Won,2024-03-01,2024-03-01\n"
                       "L2,sql,2024-02-01,\nO3,opportunity,2024-02-03,2024-04-30\nO3,proposal,2024-02-10,2024-05-31\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "Id", "links": ["ConvertedOpportunityId"]},
    {"name": "opps", "kind": "events", "file": "opp.csv", "record": "OpportunityId", "time": "CreatedDate",
     "stage": {"column": "StageName", "values": {"Closed Won": "closed_won"}}, "close_date": "CloseDate"}]})");
  REQUIRE(r.ok());
  CHECK(r->data.record_count() == 3);
  CHECK(events_of(r->data, "L1") == Strings{"closed_won@2024-03-01T00:00:00Z"});
  CHECK(events_of(r->data, "L2") == Strings{"sql@2024-02-01T00:00:00Z"});
  // The close dates are kept, pushed from April to May.
  const auto [first, last] = r->data.events_of(*r->data.find_record("L3"));
  REQUIRE(last - first == 2);
  CHECK(modelfunnel::format_timestamp(*r->data.event(first).close_date) == "2024-04-30T00:00:00Z");
  CHECK(modelfunnel::format_timestamp(*r->data.event(first + 1).close_date) == "2024-05-31T00:00:00Z");
  CHECK_FALSE(r->data.event(r->data.events_of(*r->data.find_record("L2")).first).close_date);
  CHECK(r->data.event_columns().close_date.events.size() == 3);
}

TEST_CASE("unknown_records skip: left out and counted, not rejected", "[load][sources]") {
  TempDir dir;
  dir.write("leads.csv", "id\nL1\n");
  dir.write("ev.csv", "id,stage,ts\nL1,lead,2024-01-01\nL9,lead,2024-01-02\nL8,mql,2024-01-03\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
    {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts",
     "unknown_records": "skip"}]})");
  REQUIRE(r.ok());
  CHECK(r->data.event_count() == 1);
  CHECK(r->report.rejected.empty());
  CHECK(r->report.files[1].skipped == 2);
  CHECK(r->report.files[1].rows == 3);
}

TEST_CASE("field history: stage changes become events, close-date changes event fields", "[load][sources][history]") {
  TempDir dir;
  dir.write("opps.csv", "Id,Name\nO1,Acme\n");
  dir.write("hist.csv",
            "OpportunityId,Field,OldValue,NewValue,CreatedDate\n"
            "O1,StageName,,Prospecting,2024-01-01\n"
            "O1,CloseDate,,2024-03-01,2024-01-01\n"
            "O1,Owner,ann,bob,2024-01-02\n"
            "O1,CloseDate,2024-03-01,2024-04-01,2024-01-05\n"
            "O1,Amount,,1200.50,2024-01-06\n"
            "O1,StageName,Prospecting,Closed Won,2024-01-10\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "opps", "kind": "records", "file": "opps.csv", "id": "Id"},
    {"name": "hist", "kind": "history", "file": "hist.csv", "record": "OpportunityId", "field": "Field",
     "old": "OldValue", "new": "NewValue", "time": "CreatedDate",
     "stage": {"field": "StageName", "values": {"Prospecting": "opportunity", "Closed Won": "closed_won"}},
     "amount": {"field": "Amount"}, "close_date": {"field": "CloseDate"}, "other_fields": "skip"}]})");
  REQUIRE(r.ok());
  CHECK(events_of(r->data, "O1") == Strings{"opportunity@2024-01-01T00:00:00Z", "closed_won@2024-01-10T00:00:00Z $1200.5"});
  CHECK(modelfunnel::format_timestamp(*r->data.event(0).close_date) == "2024-03-01T00:00:00Z");
  CHECK(modelfunnel::format_timestamp(*r->data.event(1).close_date) == "2024-04-01T00:00:00Z");
  CHECK(r->report.files[1].skipped == 1);
}

TEST_CASE("touches and campaigns are kept beside the events", "[load][sources][touches]") {
  TempDir dir;
  dir.write("leads.csv", "id\nL1\nL2\n");
  dir.write("members.csv", "LeadId,CampaignId,Status,CreatedDate,cost,src\nL2,C1,Responded,2024-01-03,2.50,google\n"
                           "L1,C2,Sent,2024-01-02,,\nL1,C1,Responded,2024-01-01,,linkedin\n");
  dir.write("campaigns.csv", "Id,Name,Type,ActualCost,StartDate\nC1,Spring webinar,Webinar,1000,2023-12-01\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
    {"name": "members", "kind": "touches", "file": "members.csv", "record": "LeadId", "time": "CreatedDate",
     "campaign": "CampaignId", "interaction": "Status", "cost": "cost", "utm_source": "src"},
    {"name": "campaigns", "kind": "campaigns", "file": "campaigns.csv", "id": "Id", "campaign_name": "Name",
     "type": "Type", "cost": "ActualCost", "start": "StartDate"}]})");
  REQUIRE(r.ok());
  const modelfunnel::DataSet& ds = r->data;
  REQUIRE(ds.touch_count() == 3);
  const auto [first, last] = ds.touches_of(*ds.find_record("L1"));
  REQUIRE(last - first == 2);
  CHECK(*ds.touch(first).campaign == "C1");  // in time order
  CHECK(*ds.touch(first).utm_source == "linkedin");
  CHECK(*ds.touch(first + 1).interaction == "Sent");
  CHECK_FALSE(ds.touch(first + 1).utm_source);
  const modelfunnel::Touch t = ds.touch(ds.touches_of(*ds.find_record("L2")).first);
  CHECK(modelfunnel::format_amount(*t.cost) == "2.5");
  REQUIRE(ds.campaign_count() == 2);
  const modelfunnel::Campaign c1 = ds.campaign(*ds.find_campaign("C1"));
  CHECK(*c1.name == "Spring webinar");
  CHECK(*c1.type == "Webinar");
  CHECK(modelfunnel::format_amount(*c1.cost) == "1000");
  CHECK(modelfunnel::format_timestamp(*c1.start) == "2023-12-01T00:00:00Z");
  CHECK_FALSE(ds.campaign(*ds.find_campaign("C2")).name);
}

TEST_CASE("data-quality findings are counted with examples, not errors", "[load][sources][findings]") {
  TempDir dir;
  dir.write("ev.csv", "id,stage,ts,amount\n"
                      "A,lead,2024-01-01,\nA,sql,2024-01-02,\nA,mql,2024-01-03,\n"            // backwards
                      "B,lead,2024-01-01,\nB,lead,2024-01-01,\n"                                // duplicate
                      "C,lead,2024-01-01,\nC,closed_lost,2024-01-02,5\nC,mql,2024-01-03,\n"   // after close, amount on lost
                      "D,lead,2024-01-01,\nD,mql,2024-01-02,\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts", "amount": "amount"}]})");
  REQUIRE(r.ok());
  CHECK(r->report.rejected.empty());
  std::vector<std::string> rules;
  for (const modelfunnel::Finding& f : r->report.findings) {
    rules.push_back(f.rule + "=" + std::to_string(f.count) + ":" + f.examples.at(0));
  }
  CHECK(rules == Strings{"order.backwards=1:A", "stage.duplicate=1:B", "event.after_close=1:C", "amount.on_lost=1:C"});
}

// The bad inputs issue 13 names, each with its rule and place.
TEST_CASE("bad CRM exports: each new way to be wrong is located", "[load][sources][errors]") {
  struct Case {
    const char* name;
    const char* mapping;
    std::vector<std::pair<std::string, std::string>> files;
    std::string file;
    int line, column;
    const char* field;
    const char* rule;
  };
  const std::vector<Case> cases = {
      {"a link that matches two records",
       R"({"version": 1, "tables": [
         {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id", "links": ["opp"]},
         {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts"}]})",
       {{"leads.csv", "id,opp\nL1,O1\nL2,O1\n"}, {"ev.csv", "id,stage,ts\nL1,lead,2024-01-01\nO1,won,2024-01-02\n"}},
       "ev.csv", 3, 1, "id", "ref.ambiguous_link"},
      {"a link that is another record's id",
       R"({"version": 1, "tables": [
         {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id", "links": ["opp"]},
         {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts"}]})",
       {{"leads.csv", "id,opp\nL1,L2\nL2,\n"}, {"ev.csv", "id,stage,ts\nL1,lead,2024-01-01\nL2,won,2024-01-02\n"}},
       "ev.csv", 3, 1, "id", "ref.ambiguous_link"},
      {"a history row for an unknown field",
       R"({"version": 1, "tables": [
         {"name": "h", "kind": "history", "file": "h.csv", "record": "id", "field": "f", "new": "new",
          "time": "ts", "stage": {"field": "Stage"}}]})",
       {{"h.csv", "id,f,new,ts\nO1,Stage,lead,2024-01-01\nO1,Owner,bob,2024-01-02\n"}},
       "h.csv", 3, 2, "f", "history.unknown_field"},
      {"a touch with no time",
       R"({"version": 1, "tables": [
         {"name": "t", "kind": "touches", "file": "t.csv", "record": "id", "time": "ts", "channel": "ch"}]})",
       {{"t.csv", "id,ts,ch\nL1,2024-01-01,web\nL1,,email\n"}},
       "t.csv", 3, 2, "ts", "value.required"},
      {"two sources disagreeing about a record's attributes",
       R"({"version": 1, "tables": [
         {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id", "attributes": {"owner": "string"}},
         {"name": "deals", "kind": "wide", "file": "deals.csv", "id": "id", "stage": "stage",
          "attributes": {"owner": "string"}}]})",
       {{"leads.csv", "id,owner\nL1,ann\nL2,bob\n"}, {"deals.csv", "id,stage,owner\nL1,won,ann\nL2,won,carl\n"}},
       "deals.csv", 3, 3, "owner", "ref.conflicting_attribute"},
      {"a wide row of a record no table defines",
       R"({"version": 1, "tables": [
         {"name": "leads", "kind": "records", "file": "leads.csv", "id": "id"},
         {"name": "deals", "kind": "wide", "file": "deals.csv", "id": "id", "stage": "stage"}]})",
       {{"leads.csv", "id\nL1\n"}, {"deals.csv", "id,stage\nL1,won\nL7,won\n"}},
       "deals.csv", 3, 1, "id", "ref.unknown_record"},
      {"a bad close date",
       R"({"version": 1, "tables": [
         {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts",
          "close_date": {"column": "close", "format": "%d/%m/%Y"}}]})",
       {{"ev.csv", "id,stage,ts,close\nL1,lead,2024-01-01,31/01/2024\nL1,mql,2024-01-02,2024-01-31\n"}},
       "ev.csv", 3, 4, "close", "value.timestamp"},
      {"a bad touch cost",
       R"({"version": 1, "tables": [
         {"name": "t", "kind": "touches", "file": "t.csv", "record": "id", "time": "ts", "cost": "cost"}]})",
       {{"t.csv", "id,ts,cost\nL1,2024-01-01,1.5\nL1,2024-01-02,cheap\n"}},
       "t.csv", 3, 3, "cost", "value.amount"},
      {"a duplicate campaign",
       R"({"version": 1, "tables": [
         {"name": "c", "kind": "campaigns", "file": "c.csv", "id": "id", "type": "type"}]})",
       {{"c.csv", "id,type\nC1,Webinar\nC1,Email\n"}},
       "c.csv", 3, 1, "id", "key.duplicate"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      for (const auto& [name, content] : c.files) dir.write(name, content);
      auto strict = mf_test::load_json(dir, c.mapping);
      REQUIRE_FALSE(strict.ok());
      const std::string message(strict.status().message());
      INFO(message);
      CHECK(message.find(dir.file(c.file) + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": field '" +
                         c.field + "': " + c.rule) == 0);
      modelfunnel::LoadOptions skip;
      skip.policy = modelfunnel::ErrorPolicy::kSkip;
      auto skipped = mf_test::load_json(dir, c.mapping, skip);
      REQUIRE(skipped.ok());
      REQUIRE(skipped->report.rejected.size() == 1);
      CHECK(skipped->report.rejected[0].rule == c.rule);
    }
  }
}

TEST_CASE("mapping: the new keys are checked with their JSON path", "[mapping][sources]") {
  struct Case {
    const char* json;
    const char* error;
  };
  const std::vector<Case> cases = {
      {R"({"version": 1, "graph": "g.json", "tables": [{"name": "e", "kind": "events", "file": "e.csv",
          "record": "id", "time": "ts", "stage": {"value": "closed_wn"}}]})",
       "$.tables[0].stage.value: stage 'closed_wn' is not in the graph"},
      {R"({"version": 1, "tables": [{"name": "e", "kind": "events", "file": "e.csv", "record": "id",
          "time": "ts", "stage": {"value": "won", "column": "s"}}]})",
       "$.tables[0].stage.value: a constant stage takes no \"column\" or \"values\""},
      {R"({"version": 1, "tables": [{"name": "w", "kind": "wide", "file": "w.csv", "id": "id",
          "stage": {"value": "won"}}]})",
       "$.tables[0].stage.value: unknown key"},
      {R"({"version": 1, "tables": [{"name": "e", "kind": "events", "file": "e.csv", "record": "id",
          "time": "ts", "stage": "s", "unknown_records": "drop"}]})",
       "$.tables[0].unknown_records: expected \"error\" or \"create\" (or \"skip\"), found \"drop\""},
      {R"({"version": 1, "tables": [{"name": "r", "kind": "records", "file": "r.csv", "id": "id",
          "stage_dates": [{"column": "d", "stages": ["won"]}]}]})",
       "$.tables[0].stage_dates[0].stages: only a wide table has a current stage"},
      {R"({"version": 1, "tables": [{"name": "r", "kind": "records", "file": "r.csv", "id": "id",
          "links": ["a", ""]}]})",
       "$.tables[0].links[1]: must not be empty"},
      {R"({"version": 1, "tables": [{"name": "h", "kind": "history", "file": "h.csv", "record": "id",
          "field": "f", "new": "n", "time": "t"}]})",
       "$.tables[0].stage: a history table names at least one of"},
      {R"({"version": 1, "tables": [{"name": "h", "kind": "history", "file": "h.csv", "record": "id",
          "field": "f", "new": "n", "time": "t", "amount": {"field": "Amount"}, "other_fields": "keep"}]})",
       "$.tables[0].other_fields: expected \"error\" or \"skip\""},
      {R"({"version": 1, "tables": [{"name": "t", "kind": "touches", "file": "t.csv", "record": "id",
          "time": "t", "campain": "c"}]})",
       "$.tables[0].campain: unknown key"},
      {R"({"version": 1, "tables": [{"name": "c", "kind": "campaigns", "file": "c.csv", "id": "id",
          "start": {"column": "s", "format": "%Q"}}]})",
       "$.tables[0].start.format:"},
      {R"({"version": 1, "tables": [{"name": "e", "kind": "events", "file": "e.csv", "record": "id",
          "time": "ts", "stage": "s", "close_date": {"colum": "c"}}]})",
       "$.tables[0].close_date.colum: unknown key"},
      {R"({"version": 1, "tables": [
          {"name": "r", "kind": "records", "file": "r.csv", "id": "id", "attributes": {"owner": "string"}},
          {"name": "w", "kind": "wide", "file": "w.csv", "id": "id", "stage": "s", "attributes": {"owner": "int64"}}]})",
       "$.tables[1].attributes.owner: attribute already defined by table 'r' as string"},
  };
  TempDir dir;
  dir.write("g.json", R"({"version": 1, "stages": [{"id": "lead", "teams": ["sdr"]},
    {"id": "closed_won", "teams": ["sdr"], "kind": "won"}], "transitions": [{"from": "lead", "to": "closed_won"}]})");
  for (const Case& c : cases) {
    auto m = modelfunnel::Mapping::from_json(c.json, dir.path());
    REQUIRE_FALSE(m.ok());
    INFO(m.status().message());
    CHECK(std::string(m.status().message()).find(c.error) == 0);
  }
}

TEST_CASE("mapping: the new keys round-trip through to_json()", "[mapping][sources]") {
  const char* json = R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "l.csv", "id": "Id", "links": ["Opp"],
     "stage_dates": [{"column": "Created", "stage": "lead"}]},
    {"name": "won", "kind": "events", "file": "w.csv", "record": "Id", "time": "ts",
     "stage": {"value": "closed_won"}, "close_date": "close", "unknown_records": "skip"},
    {"name": "h", "kind": "history", "file": "h.csv", "record": "id", "field": "f", "new": "n", "time": "t",
     "close_date": {"field": "CloseDate"}, "other_fields": "skip"},
    {"name": "t", "kind": "touches", "file": "t.csv", "record": "id", "time": "t", "campaign": "c"},
    {"name": "c", "kind": "campaigns", "file": "c.csv", "id": "id", "cost": "cost"}]})";
  auto m = modelfunnel::Mapping::from_json(json);
  REQUIRE(m.ok());
  auto again = modelfunnel::Mapping::from_json(m->to_json());
  REQUIRE(again.ok());
  CHECK(again->to_json() == m->to_json());
  CHECK(m->table_names() == Strings{"leads", "won", "h", "t", "c"});
}

// A marketplace export (Olist's shape): qualified leads in one file with the
// first-contact date and the landing page / origin, closed deals in another
// with the won date, the SDR and the closer. No reshaping script.
TEST_CASE("marketplace export: qualified leads and closed deals in two files", "[load][sources]") {
  TempDir dir;
  dir.write("leads.csv", "mql_id,first_contact_date,landing_page_id,origin\n"
                         "m1,2018-02-01,lp1,organic_search\nm2,2018-02-03,lp2,paid_search\nm3,2018-02-04,lp1,\n");
  dir.write("deals.csv", "mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,declared_monthly_revenue\n"
                         "m1,s1,sdr9,sr4,2018-03-01 10:00:00,pet,1200\nm3,s2,sdr9,sr5,2018-02-20 09:30:00,toys,0\n"
                         "m7,s3,sdr1,sr1,2018-02-21 11:00:00,toys,5\n");
  auto r = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "mql_id",
     "stage_dates": [{"column": "first_contact_date", "stage": "mql"}],
     "attributes": {"mql": {"type": "string", "column": "mql_id"}, "landing_page": {"type": "string", "column": "landing_page_id"},
                    "origin": "string"}},
    {"name": "won", "kind": "events", "file": "deals.csv", "record": "mql_id", "stage": {"value": "closed_won"},
     "time": "won_date", "amount": "declared_monthly_revenue", "actor": "sr_id", "unknown_records": "skip"},
    {"name": "deal_facts", "kind": "side", "file": "deals.csv", "key": "mql_id", "join": "mql",
     "attributes": {"sdr": {"type": "string", "column": "sdr_id"}, "segment": {"type": "string", "column": "business_segment"}}}]})");
  REQUIRE(r.ok());
  CHECK(events_of(r->data, "m1") == Strings{"mql@2018-02-01T00:00:00Z", "closed_won@2018-03-01T10:00:00Z $1200 by=sr4"});
  CHECK(events_of(r->data, "m2") == Strings{"mql@2018-02-03T00:00:00Z"});
  CHECK(attr(r->data, "sdr", "m3") == "sdr9");
  CHECK(attr(r->data, "segment", "m1") == "pet");
  CHECK(r->report.files[1].skipped == 1);  // the deal of a lead the leads file lacks
  CHECK(r->data.record_count() == 3);
}
