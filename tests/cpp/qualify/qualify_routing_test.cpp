// Routing qualified leads to reps, worked by hand: each method, priorities
// from scores, capacity exhausted, territories with no rep or no value, the
// optimal method placing leads a greedy turn cannot, and reps.csv errors.
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/qualify.hpp"
#include "qualify/qualify_fixture.hpp"

using namespace mf_qualify_test;
using Strings = std::vector<std::string>;

namespace {

// Every lead with need_ok true is qualified; `channel` is the territory.
const std::string kNeedOnly = R"({"version": 1, "rule_sets": [{"id": "s",
  "criteria": [{"id": "need", "test": {"attribute": "need_ok", "eq": true}}],
  "qualify": [{"id": "q", "if": "need"}],
  "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";

mf::QualifyResult qualified(const mf::DataSet& data, std::vector<double> scores = {}) {
  mf::QualifyOptions options;
  options.scores = std::move(scores);
  auto r = mf::qualify(data, rules(kNeedOnly, data), options);
  REQUIRE(r.ok());
  return *r;
}

std::vector<mf::Rep> reps(const std::string& csv) {
  auto r = mf::parse_reps_csv(csv);
  INFO((r.ok() ? std::string() : std::string(r.status().message())));
  REQUIRE(r.ok());
  return *r;
}

/// "record:owner" or "record:status" per qualified lead, in priority order.
Strings routed(const mf::QualifyResult& q, const std::vector<mf::Rep>& team, mf::RouteMethod method,
               const std::string& territory_by = "channel") {
  mf::RouteOptions options;
  options.method = method;
  options.territory_by = territory_by;
  auto r = mf::route_leads(q, team, options);
  INFO((r.ok() ? std::string() : std::string(r.status().message())));
  REQUIRE(r.ok());
  Strings out;
  for (const mf::LeadRoute& lead : r->leads) {
    out.push_back(std::string(q.data().record_id(lead.record)) + ":" +
                  (lead.rep >= 0 ? r->reps[static_cast<std::size_t>(lead.rep)].rep.id
                                 : std::string(mf::to_string(lead.status))));
  }
  return out;
}

}  // namespace

TEST_CASE("routing: optimal places leads a greedy turn cannot", "[qualify][routing]") {
  const mf::DataSet data = leads({{"A", "east", std::nullopt, std::nullopt, true},
                                  {"B", "west", std::nullopt, std::nullopt, true},
                                  {"X", "west", std::nullopt, std::nullopt, false}});
  const mf::QualifyResult q = qualified(data);
  const auto team = reps("rep_id,team,territory,capacity\nANY,overflow,*,1\nEAST,field,east,1\n");
  CHECK(routed(q, team, mf::RouteMethod::kRoundRobin) == Strings{"A:ANY", "B:all_full"});
  CHECK(routed(q, team, mf::RouteMethod::kLeastLoaded) == Strings{"A:ANY", "B:all_full"});
  CHECK(routed(q, team, mf::RouteMethod::kTerritory) == Strings{"A:ANY", "B:all_full"});
  CHECK(routed(q, team, mf::RouteMethod::kOptimal) == Strings{"A:EAST", "B:ANY"});
}

TEST_CASE("routing: highest score first, capacity exhausted", "[qualify][routing]") {
  const mf::DataSet data = leads({{"A", "east", std::nullopt, std::nullopt, true},
                                  {"B", "east", std::nullopt, std::nullopt, true},
                                  {"C", "east", std::nullopt, std::nullopt, true},
                                  {"D", "east", std::nullopt, std::nullopt, true}});
  // C is hottest; D has no score and comes after every scored lead.
  const mf::QualifyResult q = qualified(data, {0.2, 0.5, 0.9, std::nan("")});
  const auto team = reps("rep_id,team,territory,capacity\nE1,f,east,1\nE2,f,east,1\n");
  for (auto m : {mf::RouteMethod::kRoundRobin, mf::RouteMethod::kLeastLoaded, mf::RouteMethod::kTerritory}) {
    CHECK(routed(q, team, m) == Strings{"C:E1", "B:E2", "A:all_full", "D:all_full"});
  }
  CHECK(routed(q, team, mf::RouteMethod::kOptimal) == Strings{"C:E1", "B:E2", "A:all_full", "D:all_full"});
  // Without scores: record order, first come first served.
  CHECK(routed(qualified(data), team, mf::RouteMethod::kRoundRobin) ==
        Strings{"A:E1", "B:E2", "C:all_full", "D:all_full"});
}

TEST_CASE("routing: a territory with no rep, a lead with no territory", "[qualify][routing]") {
  const mf::DataSet data = leads({{"E", "east", std::nullopt, std::nullopt, true},
                                  {"N", "north", std::nullopt, std::nullopt, true},
                                  {"U", std::nullopt, std::nullopt, std::nullopt, true}});
  const mf::QualifyResult q = qualified(data);
  const auto specialists = reps("rep_id,team,territory,capacity\nE1,f,east;west,5\n");
  for (auto m : {mf::RouteMethod::kRoundRobin, mf::RouteMethod::kLeastLoaded, mf::RouteMethod::kTerritory,
                 mf::RouteMethod::kOptimal}) {
    CHECK(routed(q, specialists, m) == Strings{"E:E1", "N:no_rep_in_territory", "U:territory_unknown"});
  }
  // A rep covering every territory takes the lead without one, too.
  const auto with_overflow = reps("rep_id,team,territory,capacity\nE1,f,east,5\nALL,o,*,5\n");
  CHECK(routed(q, with_overflow, mf::RouteMethod::kOptimal) == Strings{"E:E1", "N:ALL", "U:ALL"});
  // Without a territory attribute every rep may take every lead.
  CHECK(routed(q, specialists, mf::RouteMethod::kRoundRobin, "") == Strings{"E:E1", "N:E1", "U:E1"});
}

TEST_CASE("routing: least loaded by share of capacity", "[qualify][routing]") {
  const mf::DataSet data = leads({{"A", "x", std::nullopt, std::nullopt, true},
                                  {"B", "x", std::nullopt, std::nullopt, true},
                                  {"C", "x", std::nullopt, std::nullopt, true},
                                  {"D", "x", std::nullopt, std::nullopt, true}});
  const auto team = reps("rep_id,team,territory,capacity\nBIG,f,*,3\nSMALL,f,*,1\n");
  // A: both empty, BIG first. B: BIG 1/3 vs SMALL 0/1 -> SMALL. C, D: BIG.
  CHECK(routed(qualified(data), team, mf::RouteMethod::kLeastLoaded) == Strings{"A:BIG", "B:SMALL", "C:BIG", "D:BIG"});
  CHECK(routed(qualified(data), team, mf::RouteMethod::kRoundRobin) == Strings{"A:BIG", "B:SMALL", "C:BIG", "D:BIG"});
}

TEST_CASE("routing: the owner columns, tables and refusals", "[qualify][routing]") {
  const mf::DataSet data = leads({{"A", "east", std::nullopt, std::nullopt, true},
                                  {"B", "west", std::nullopt, std::nullopt, true},
                                  {"X", "west", std::nullopt, std::nullopt, false}});
  const mf::QualifyResult q = qualified(data);
  const auto team = reps("rep_id,team,territory,capacity\nEAST,field,east,1\n");
  mf::RouteOptions options;
  options.territory_by = "channel";
  auto routing = mf::route_leads(q, team, options);
  REQUIRE(routing.ok());
  CHECK(routing->placed == 1);
  CHECK(routing->lead_of == std::vector<std::int32_t>{0, 1, -1});
  CHECK(*mf::qualify_csv(q, mf::QualifyTable::kDecisions, &*routing) ==
        "record_id,rule_set,set_choice,decision,reason,track,recheck,ask,owner,owner_team,routing,need\n"
        "A,s,fallback,qualified,q,,,,EAST,field,placed,pass\n"
        "B,s,fallback,qualified,q,,,,,,no_rep_in_territory,pass\n"
        "X,s,fallback,nurture,n,t,,,,,,fail\n");
  CHECK(*mf::routing_csv(q, *routing) ==
        "record_id,rule_set,priority,score,territory,owner,owner_team,routing\n"
        "A,s,1,,east,EAST,field,placed\n"
        "B,s,2,,west,,,no_rep_in_territory\n");
  CHECK(*mf::routing_csv(q, *routing, true) == "rep_id,team,territory,capacity,assigned\nEAST,field,east,1,1\n");
  CHECK(mf::qualify_json(q, &*routing)->find("\"owner\": \"EAST\"") != std::string::npos);

  CHECK(mf::route_leads(q, {}, options).status().message() == "reps: there are none to route to");
  options.territory_by = "need_ok";
  CHECK(mf::route_leads(q, team, options).status().message() ==
        "territory_by: \"need_ok\" is not a string attribute of the data set");
  options.territory_by.clear();
  options.method = mf::RouteMethod::kTerritory;
  CHECK(mf::route_leads(q, team, options).status().message() ==
        "territory_by: routing by territory needs the territory attribute");
  CHECK(mf::route_method_from_string("optimal") == mf::RouteMethod::kOptimal);
  CHECK(!mf::route_method_from_string("random"));
  CHECK(mf::to_string(mf::RouteStatus::kAllFull) == "all_full");
}

TEST_CASE("routing: reps.csv", "[qualify][routing]") {
  const auto ok = reps("\xef\xbb\xbfterritory,rep_id,capacity,team,extra\r\n\"a;b\",\"R, 1\",3,\"t \"\"x\"\"\",z\r\n\r\n*,R2,0,t,z\r\n");
  REQUIRE(ok.size() == 2);
  CHECK(ok[0].id == "R, 1");
  CHECK(ok[0].team == "t \"x\"");
  CHECK(ok[0].territories == Strings{"a", "b"});
  CHECK(ok[0].capacity == 3);
  CHECK(ok[1].territories == Strings{"*"});
  auto error = [](const std::string& text) { return std::string(mf::parse_reps_csv(text).status().message()); };
  CHECK(error("") == "line 1: no header (expected rep_id, team, territory, capacity)");
  CHECK(error("rep_id,team,capacity\n") == "line 1: no column \"territory\" (expected rep_id, team, territory, capacity)");
  CHECK(error("rep_id,team,territory,capacity\nA,t,x,ten\n") == "line 2: capacity: expected a whole number, got \"ten\"");
  CHECK(error("rep_id,team,territory,capacity\nA,t,x,1\nA,t,y,1\n") == "line 3: rep_id \"A\" comes earlier");
  CHECK(error("rep_id,team,territory,capacity\nA,t,x\n") == "line 2: 3 fields, the header has 4");
  CHECK(error("rep_id,team,territory,capacity\n,t,x,1\n") == "line 2: rep_id is empty");
  CHECK(error("rep_id,team,territory,capacity\n\"A,t,x,1\n") == "line 2: a quoted field is not closed");
  auto file = mf::load_reps_csv(std::string(MF_SOURCE_DIR) + "/examples/qualify/reps.csv");
  REQUIRE(file.ok());
  CHECK(file->size() == 5);
  CHECK(mf::load_reps_csv("/nonexistent/reps.csv").status().code() == absl::StatusCode::kNotFound);
}

namespace {

/// The most of @p leads (territory per lead, in priority order) that fit
/// reps (coverage, capacity): Kuhn's augmenting paths over rep slots.
std::size_t max_placed(const std::vector<std::optional<std::string>>& leads, const std::vector<mf::Rep>& team) {
  std::vector<int> slot_rep;
  for (std::size_t r = 0; r < team.size(); ++r)
    for (std::uint64_t k = 0; k < team[r].capacity; ++k) slot_rep.push_back(static_cast<int>(r));
  auto covers = [&](std::size_t lead, int r) {
    const auto& t = team[static_cast<std::size_t>(r)].territories;
    if (std::find(t.begin(), t.end(), "*") != t.end()) return true;
    return leads[lead] && std::find(t.begin(), t.end(), *leads[lead]) != t.end();
  };
  std::vector<int> owner(slot_rep.size(), -1);
  std::size_t placed = 0;
  for (std::size_t l = 0; l < leads.size(); ++l) {
    std::vector<char> seen(slot_rep.size(), 0);
    std::function<bool(std::size_t)> try_place = [&](std::size_t lead) {
      for (std::size_t s = 0; s < slot_rep.size(); ++s) {
        if (seen[s] || !covers(lead, slot_rep[s])) continue;
        seen[s] = 1;
        if (owner[s] < 0 || try_place(static_cast<std::size_t>(owner[s]))) {
          owner[s] = static_cast<int>(lead);
          return true;
        }
      }
      return false;
    };
    placed += try_place(l);
  }
  return placed;
}

}  // namespace

TEST_CASE("routing: optimal places the most leads, best first, on random instances", "[qualify][routing]") {
  const std::vector<std::string> territories = {"a", "b", "c"};
  std::uint64_t state = 7;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<mf_qualify_test::Lead> rows;
    std::vector<std::string> ids;
    const std::size_t n = 1 + next(12);
    for (std::size_t i = 0; i < n; ++i) ids.push_back("L" + std::to_string(i));
    for (std::size_t i = 0; i < n; ++i) {
      mf_qualify_test::Lead l{ids[i].c_str()};
      if (next(5) > 0) l.channel = territories[next(3)].c_str();
      l.need = true;
      rows.push_back(l);
    }
    std::string csv = "rep_id,team,territory,capacity\n";
    for (std::size_t r = 0, m = 1 + next(4); r < m; ++r) {
      std::string cover;
      if (next(5) == 0) cover = "*";
      else for (const std::string& t : territories) if (next(2)) cover += (cover.empty() ? "" : ";") + t;
      csv += "R" + std::to_string(r) + ",t," + cover + "," + std::to_string(next(3)) + "\n";
    }
    const mf::DataSet data = leads(rows);
    const mf::QualifyResult q = qualified(data);
    const std::vector<mf::Rep> team = reps(csv);
    mf::RouteOptions options;
    options.territory_by = "channel";
    std::vector<std::size_t> placed_by_method;
    for (auto m : {mf::RouteMethod::kRoundRobin, mf::RouteMethod::kLeastLoaded, mf::RouteMethod::kTerritory,
                   mf::RouteMethod::kOptimal}) {
      options.method = m;
      auto routing = mf::route_leads(q, team, options);
      REQUIRE(routing.ok());
      for (const mf::RepLoad& l : routing->reps) REQUIRE(l.assigned <= l.rep.capacity);
      placed_by_method.push_back(routing->placed);
      if (m != mf::RouteMethod::kOptimal) continue;
      // Every prefix of the priority order: as many placed as could be.
      std::vector<std::optional<std::string>> prefix;
      std::size_t placed = 0;
      INFO("reps:\n" << csv);
      for (const mf::LeadRoute& lead : routing->leads) {
        prefix.push_back(lead.territory);
        placed += lead.rep >= 0;
        REQUIRE(placed == max_placed(prefix, team));
      }
    }
    for (std::size_t p : placed_by_method) REQUIRE(p <= placed_by_method.back());
  }
}
