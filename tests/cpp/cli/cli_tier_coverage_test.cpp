// `modelfunnel tier` with contacts and activities (the coverage of each
// tier's play: --table coverage and rep_gaps, the notes counting rows left
// out, JSON) and with --learn-from (learned weights, the model written
// back and fed in again), and their usage errors.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

struct Files {
  TempDir dir;
  std::string base;
  Files() {
    write_file(dir.file("accounts.csv"), "id,value,owner\na1,90,ann\na2,80,bob\nb1,60,ann\nc1,20,bob\nc2,10,\n");
    write_file(dir.file("model.json"),
               R"({"version": 1, "id": "id", "owner": "owner",
                   "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}],
                   "tiers": [{"name": "A", "share": 0.4}, {"name": "B", "share": 0.2}, {"name": "C", "share": 0.4}],
                   "plays": [{"tier": "A", "min_contacts": 2}]})");
    write_file(dir.file("contacts.csv"),
               "account_id,contact_id,role\na1,k1,cfo\na1,k2,\na2,m1,cto\nb1,p1,buyer\nc1,q1,user\nzz,x,user\n");
    write_file(dir.file("activities.csv"),
               "contact_id,time,channel,campaign\nk1,2024-01-10,phone,\nk2,2024-06-01,email,\nm1,2024-06-20,Phone,\n"
               "p1,2024-05-01,phone,\nq1,2024-06-30,email,spring\nghost,2024-06-01,email,\n");
    base = "tier --accounts '" + dir.file("accounts.csv") + "' --model '" + dir.file("model.json") + "' --contacts '" +
           dir.file("contacts.csv") + "' --activities '" + dir.file("activities.csv") + "'";
  }
};

}  // namespace

TEST_CASE("cli tier: --table coverage and rep_gaps", "[cli][tiering][coverage]") {
  Files f;
  Run r = run(f.base + " --format csv --table coverage");
  INFO(r.err);
  REQUIRE(r.code == 0);
  // a1: 2 reached of 2; its cadence (01-10 .. 06-01) is short of 6 months,
  // but silent only 29 days by the as-of day (06-30, the latest touch):
  // still going, no gap.
  CHECK(contains(r.out, "id,tier,rep,contacts,key_contacts,contacts_reached,min_contacts,touches,first_touch,"
                        "last_touch,cadence_days,min_cadence_months,cadence_running,touches_per_month,"
                        "target_touches_per_month,channels,missing_channels,campaign_touches,gaps\n"));
  CHECK(contains(r.out, "\na1,A,ann,2,2,2,2,2,2024-01-10,2024-06-01,143,6,true,"));
  CHECK(contains(r.out, "\na2,A,bob,1,1,1,2,1,2024-06-20,2024-06-20,0,6,true,1,4,phone,,0,contacts\n"));
  CHECK(contains(r.out, "\nb1,B,ann,1,1,1,0,1,2024-05-01,2024-05-01,0,0,false,"));
  CHECK(contains(r.out, ",phone,,0,\n"));  // b1 has its phone touch: no gap
  CHECK(contains(r.out, "\nc2,C,,0,0,0,0,0,,,0,0,false,0,1,,,0,campaign\n"));
  CHECK(contains(r.err, "1 contacts name an account that is not in the accounts file (\"zz\")"));
  CHECK(contains(r.err, "1 activities name no known contact"));

  r = run(f.base + " --format csv --table rep_gaps");
  REQUIRE(r.code == 0);
  CHECK(r.out ==
        "rep,accounts,with_gaps,gap_contacts,gap_cadence,gap_channel,gap_campaign,contacts_to_reach\n"
        "ann,2,0,0,0,0,0,0\n"
        "bob,2,1,1,0,0,0,1\n"
        ",1,1,0,0,0,1,0\n");

  // An as-of day a month later stops a1's cadence.
  r = run(f.base + " --as-of 2024-07-31 --format csv --table coverage");
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "\na1,A,ann,2,2,2,2,2,2024-01-10,2024-06-01,143,6,false,"));
  CHECK(contains(r.out, ",email;phone,,0,cadence\n"));

  r = run(f.base + " --format json --timing");
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["coverage"]["as_of"] == "2024-06-30");
  CHECK(doc["coverage"]["counts"]["contacts_unknown_account"] == 1);
  CHECK(doc["coverage"]["plays"][0]["min_contacts"] == 2);
  CHECK(doc["coverage"]["plays"][1]["required_channels"] == nlohmann::json::array({"phone"}));
  CHECK(doc["coverage"]["accounts"].size() == 5);
  CHECK(contains(r.err, "load_s="));

  r = run(f.base);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "Coverage gaps per rep"));
  CHECK(contains(r.out, "(none)"));
}

TEST_CASE("cli tier: coverage usage errors", "[cli][tiering][coverage]") {
  Files f;
  const std::string plain = "tier --accounts '" + f.dir.file("accounts.csv") + "' --model '" + f.dir.file("model.json") + "'";
  Run r = run(plain + " --format csv --table coverage");
  CHECK(r.code != 0);
  CHECK(contains(r.err, "--table coverage needs --contacts FILE"));
  r = run(plain + " --activities x.csv");
  CHECK(contains(r.err, "--activities needs --contacts FILE"));
  r = run(f.base + " --as-of soon");
  CHECK(contains(r.err, "--as-of: expected a date"));
  write_file(f.dir.file("bad.csv"), "contact_id,time,channel\nk1,2024-13-01,email\n");
  r = run(plain + " --contacts '" + f.dir.file("contacts.csv") + "' --activities '" + f.dir.file("bad.csv") + "'");
  CHECK(r.code != 0);
  CHECK(contains(r.err, "bad.csv:2:2: field 'time': coverage.time: "));
}

TEST_CASE("cli tier: --learn-from writes a model that tiers", "[cli][tiering][learn]") {
  TempDir dir;
  write_file(dir.file("accounts.csv"), "id,sector\ns1,software\ns2,software\nr1,retail\nr2,retail\no1,mining\n");
  write_file(dir.file("model.json"), R"({"version": 1, "id": "id",
      "attributes": [{"name": "sector", "categorical": {"software": 30, "retail": 5}}]})");
  write_file(dir.file("deals.csv"), "id,deal_stage\ns1,Won\ns2,Won\nr1,Lost\nr2,Won\no1,Lost\n");
  const std::string base = "tier --accounts '" + dir.file("accounts.csv") + "' --model '" + dir.file("model.json") +
                           "' --learn-from '" + dir.file("deals.csv") + "'";
  Run r = run(base + " --format csv --write-model '" + dir.file("learned.json") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "attribute,value,accounts,cases,wins,win_rate,smoothed_rate,log_odds,points,model_points\n"));
  CHECK(contains(r.out, "sector,software,2,2,2,1,"));
  CHECK(contains(r.err, "3 of 5 accounts have a won deal"));
  r = run("tier --accounts '" + dir.file("accounts.csv") + "' --model '" + dir.file("learned.json") + "' --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "\n1,s1,"));
  r = run(base + " --format json --learn-by deals --prior 2 --points-per-logit 20");
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["unit"] == "deals");
  CHECK(doc["prior_accounts"] == 2.0);
  CHECK(doc["model"]["version"] == 1);
  r = run(base);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "Learned points per value"));
  r = run("tier --accounts a.csv --model m.json --write-model x.json");
  CHECK(contains(r.err, "--write-model needs --learn-from FILE"));
  r = run(base + " --prior 0");
  CHECK(contains(r.err, "--prior: expected a number above 0"));
  r = run(base + " --reps r.csv");
  CHECK(contains(r.err, "--reps does not go with --learn-from"));
}

TEST_CASE("cli tier: over generate --accounts", "[cli][tiering][coverage][generate]") {
  TempDir dir;
  const std::string d = dir.path().string();
  Run g = run("generate --out '" + d + "' --leads 50 --accounts 500");
  REQUIRE(g.code == 0);
  CHECK(contains(g.out, "wrote 500 accounts to"));
  Run r = run("tier --accounts '" + d + "/accounts.csv' --model '" MF_SOURCE_DIR
              "/examples/tiering/maven_fit.json' --contacts '" + d + "/contacts.csv' --activities '" + d +
              "/activities.csv' --format csv");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() > 500);
  CHECK(rows[0][0] == "rank");
  CHECK(contains(r.err, "left out"));  // the unknown accounts and contacts, counted
  Run h = run("generate --help");
  CHECK(contains(h.out, "--accounts N"));
}

#endif  // MF_CLI_PATH
