// `modelfunnel qualify` as the issue's acceptance example runs it: the
// decisions CSV of examples/qualify/bant.json on canonical leads with blank
// BANT fields and channels, the other formats, timing, and the errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string kRules = std::string(MF_SOURCE_DIR) + "/examples/qualify/bant.json";

/// Canonical leads.csv / events.csv with blanks where it matters.
const std::string& blanks() {
  static TempDir dir;
  static const std::string data = [] {
    const std::string header =
        "lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,authority_ok,"
        "need_ok,timeline_days,owner_sdr\n";
    write_file(dir.file("leads.csv"),
               header +
                   "L1,2025-01-01T00:00:00Z,web,C1,smb,retail,10,1,0,1,30,S1\n"
                   "L2,2025-01-01T00:00:00Z,web,C1,smb,retail,10,,0,1,30,S1\n"
                   "L3,2025-01-01T00:00:00Z,,C1,smb,retail,10,1,1,1,30,S1\n"
                   "L4,2025-01-01T00:00:00Z,outbound,C1,smb,retail,10,1,0,,200,S1\n"
                   "L5,2025-01-01T00:00:00Z,outbound,C1,smb,retail,10,1,,0,,S1\n"
                   "L6,2025-01-01T00:00:00Z,outbound,C1,smb,retail,10,0,0,0,10,S1\n"
                   "L7,2025-01-01T00:00:00Z,web,C1,smb,retail,10,,,,,S1\n"
                   "L8,2025-01-01T00:00:00Z,,C1,smb,retail,10,,,0,,S1\n");
    write_file(dir.file("events.csv"), "lead_id,stage,ts,amount,reason\nL1,lead,2025-02-01T00:00:00Z,,\n");
    return dir.path().string();
  }();
  return data;
}

}  // namespace

TEST_CASE("cli qualify: the acceptance example's decisions CSV, blanks included", "[cli][qualify]") {
  const Run r = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() == 9);
  CHECK(rows[0] == std::vector<std::string>{"record_id", "rule_set", "set_choice", "decision", "reason",
                                            "track", "recheck", "ask", "authority", "need", "timeline",
                                            "budget"});
  CHECK(rows[1] == std::vector<std::string>{"L1", "sdr", "fallback", "qualified", "need_budget_timeline",
                                            "", "", "", "", "pass", "pass", "pass"});
  CHECK(rows[2] == std::vector<std::string>{"L2", "sdr", "fallback", "nurture", "sdr_discovery",
                                            "sdr_discovery", "2025-02-15T00:00:00Z", "budget", "", "pass",
                                            "pass", "unknown"});
  CHECK(rows[3] == std::vector<std::string>{"L3", "sdr", "fallback_unknown", "qualified",
                                            "need_budget_timeline", "", "", "", "", "pass", "pass", "pass"});
  CHECK(rows[4] == std::vector<std::string>{"L4", "bdr", "matched", "nurture", "bdr_develop", "bdr_develop",
                                            "2025-03-03T00:00:00Z", "need", "fail", "unknown", "fail", ""});
  CHECK(rows[5] == std::vector<std::string>{"L5", "bdr", "matched", "nurture", "bdr_develop", "bdr_develop",
                                            "2025-03-03T00:00:00Z", "authority", "unknown", "fail", "unknown",
                                            ""});
  CHECK(rows[6] == std::vector<std::string>{"L6", "bdr", "matched", "disqualified", "no_authority_no_need",
                                            "", "", "", "fail", "fail", "pass", ""});
  CHECK(rows[7] == std::vector<std::string>{"L7", "sdr", "fallback", "nurture", "sdr_discovery",
                                            "sdr_discovery", "2025-02-15T00:00:00Z", "need;budget;timeline", "",
                                            "unknown", "unknown", "unknown"});
  CHECK(rows[8] == std::vector<std::string>{"L8", "sdr", "fallback_unknown", "disqualified", "no_need", "",
                                            "", "", "", "fail", "unknown", "unknown"});
}

TEST_CASE("cli qualify: table, JSON, summary and timing", "[cli][qualify]") {
  const Run table = run("qualify --data '" + blanks() + "' --rules '" + kRules + "'");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Decisions"));
  CHECK(contains(table.out, "no_authority_no_need"));
  const Run json = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --format json --as-of 2025-03-01");
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["as_of"] == "2025-03-01T00:00:00Z");
  CHECK(doc["decisions"].size() == 8);
  CHECK(doc["decisions"][1]["recheck"] == "2025-03-15T00:00:00Z");
  const Run summary = run("qualify --data '" + blanks() + "' --rules '" + kRules +
                          "' --format csv --table summary --timing --threads 1");
  REQUIRE(summary.code == 0);
  CHECK(summary.out ==
        "rule_set,decision,reason,records\n"
        "bdr,nurture,bdr_develop,2\n"
        "bdr,disqualified,no_authority_no_need,1\n"
        "sdr,qualified,need_budget_timeline,2\n"
        "sdr,nurture,sdr_discovery,2\n"
        "sdr,disqualified,no_need,1\n");
  CHECK(contains(summary.err, "load_s="));
  CHECK(contains(summary.err, "compute_s="));
  CHECK(contains(summary.err, "rss_mb="));
}

TEST_CASE("cli qualify: errors", "[cli][qualify]") {
  const Run no_rules = run("qualify --data '" + blanks() + "'");
  CHECK(no_rules.code == 2);
  CHECK(contains(no_rules.err, "--rules FILE is required"));
  const Run table = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --table summary");
  CHECK(table.code == 2);
  CHECK(contains(table.err, "--table needs --format csv"));
  TempDir dir;
  write_file(dir.file("bad.json"), R"({"version": 1, "rule_sets": [{"id": "s", "criteria": [
    {"id": "need", "test": {"attribute": "need_okay", "eq": true}}]}]})");
  const Run bad = run("qualify --data '" + blanks() + "' --rules '" + dir.file("bad.json") + "'");
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "bad.json: $.rule_sets[0].criteria[0].test.attribute: rule s/need: unknown attribute \"need_okay\""));
  const Run missing = run("qualify --data '" + blanks() + "' --rules '" + dir.file("none.json") + "'");
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "none.json: no such file"));
  const Run date = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --as-of soon");
  CHECK(date.code == 2);
  CHECK(contains(run("help qualify").out, "usage: modelfunnel qualify"));
}

TEST_CASE("cli qualify: lift, outcomes and the diff of two rule files", "[cli][qualify]") {
  TempDir dir;
  REQUIRE(run("generate --leads 3000 --seed 4 --out '" + dir.file("data") + "'").code == 0);
  const std::string base = "qualify --data '" + dir.file("data") + "' --rules '" + kRules + "'";
  const Run lift = run(base + " --lift --format csv --table lift");
  REQUIRE(lift.code == 0);
  const auto rows = csv_rows(lift.out);
  REQUIRE(rows.size() == 1 + 18);  // two sets x three criteria x three values
  CHECK(rows[0] == std::vector<std::string>{"rule_set", "criterion", "bant", "value", "records", "closed", "won",
                                            "win_rate", "win_rate_low", "win_rate_high", "small_sample", "lift",
                                            "won_revenue"});
  CHECK((rows[1][0] == "bdr" && rows[1][1] == "authority" && rows[1][3] == "pass"));
  const Run outcomes = run(base + " --format csv --table outcomes");
  REQUIRE(outcomes.code == 0);
  CHECK(outcomes.out.starts_with("rule_set,decision,records,closed,won,win_rate,"));

  // A looser SDR timeline moves nurtured leads to qualified, and only those.
  std::string looser = read_text(kRules);
  const std::string strict = R"("attribute": "timeline_days", "le": 90})";
  looser.replace(looser.find(strict), strict.size(), R"("attribute": "timeline_days", "le": 120})");
  write_file(dir.file("looser.json"), looser);
  const Run diff = run(base + " --diff '" + dir.file("looser.json") + "' --format csv --table diff");
  REQUIRE(diff.code == 0);
  const auto moves = csv_rows(diff.out);
  REQUIRE(moves.size() >= 3);
  CHECK(moves[0][0] == "before");
  bool moved = false;
  for (std::size_t i = 1; i < moves.size(); ++i) {
    if (moves[i][0] != moves[i][1]) {
      CHECK((moves[i][0] == "nurture" && moves[i][1] == "qualified"));
      moved = true;
    }
  }
  CHECK(moved);
  const Run json = run(base + " --lift --diff '" + dir.file("looser.json") + "' --format json");
  REQUIRE(json.code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["lift"]["criteria"].size() == 18);
  CHECK(doc["diff"]["moved"].get<std::uint64_t>() > 0);
  CHECK(doc["decisions"].size() == 3000);
  const Run table = run(base + " --lift --diff '" + dir.file("looser.json") + "'");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Lift: win rate"));
  CHECK(contains(table.out, "records change decision under"));
  CHECK(run(base + " --format csv --table diff").code == 2);
  CHECK(run(base + " --min-sample 5").code == 2);
}

TEST_CASE("cli qualify: routing qualified leads to reps", "[cli][qualify]") {
  TempDir dir;
  write_file(dir.file("reps.csv"), "rep_id,team,territory,capacity\nA1,field,smb,1\nA2,field,*,1\n");
  write_file(dir.file("scores.csv"), "record_id,score\nL1,0.2\nL3,0.9\n");
  const std::string base = "qualify --data '" + blanks() + "' --rules '" + kRules + "' --route '" +
                           dir.file("reps.csv") + "' --territory-by segment --format csv";
  // L1 and L3 are the qualified leads (both smb); L3 has the higher score.
  const Run decisions = run(base + " --method optimal --scores '" + dir.file("scores.csv") + "'");
  INFO(decisions.err);
  REQUIRE(decisions.code == 0);
  const auto rows = csv_rows(decisions.out);
  CHECK(std::vector<std::string>(rows[0].begin() + 8, rows[0].begin() + 11) ==
        std::vector<std::string>{"owner", "owner_team", "routing"});
  CHECK(std::vector<std::string>(rows[1].begin() + 8, rows[1].begin() + 11) ==
        std::vector<std::string>{"A2", "field", "placed"});
  CHECK(std::vector<std::string>(rows[3].begin() + 8, rows[3].begin() + 11) ==
        std::vector<std::string>{"A1", "field", "placed"});
  CHECK(std::vector<std::string>(rows[2].begin() + 8, rows[2].begin() + 11) ==
        std::vector<std::string>{"", "", ""});
  const Run routing = run(base + " --method round_robin --table routing --scores '" + dir.file("scores.csv") + "'");
  REQUIRE(routing.code == 0);
  CHECK(routing.out ==
        "record_id,rule_set,priority,score,territory,owner,owner_team,routing\n"
        "L3,sdr,1,0.9,smb,A1,field,placed\n"
        "L1,sdr,2,0.2,smb,A2,field,placed\n");
  const Run reps = run(base + " --table reps");
  REQUIRE(reps.code == 0);
  CHECK(reps.out == "rep_id,team,territory,capacity,assigned\nA1,field,smb,1,1\nA2,field,*,1,1\n");
  CHECK(run(base + " --method territory --territory-by channel_x").code == 2);
  CHECK(run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --method optimal").code == 2);
  const Run bad = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --route '" + dir.file("none.csv") + "'");
  CHECK(bad.code == 1);
  const Run table = run("qualify --data '" + blanks() + "' --rules '" + kRules + "' --route '" + dir.file("reps.csv") + "'");
  REQUIRE(table.code == 0);
  CHECK(contains(table.out, "Routing (round_robin)"));
}

TEST_CASE("cli qualify: the demo's built-in rules decide as examples/qualify/bant.json", "[cli][qualify]") {
  TempDir dir;
  REQUIRE(run("generate --leads 4000 --seed 9 --out '" + dir.file("data") + "'").code == 0);
  const Run q = run("qualify --data '" + dir.file("data") + "' --rules '" + kRules + "' --format csv --table summary");
  REQUIRE(q.code == 0);
  const Run demo = run("demo --leads 4000 --seed 9 --format json");
  REQUIRE(demo.code == 0);
  const auto rows = nlohmann::json::parse(demo.out)["qualification"];
  std::string summary = "rule_set,decision,reason,records\n";
  for (const auto& row : rows)
    summary += row["rule_set"].get<std::string>() + "," + row["decision"].get<std::string>() + "," +
               row["reason"].get<std::string>() + "," + std::to_string(row["records"].get<std::uint64_t>()) + "\n";
  CHECK(summary == q.out);
}

#endif  // MF_CLI_PATH
