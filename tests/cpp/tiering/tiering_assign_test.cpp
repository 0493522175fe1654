// Assignment of A and B accounts to reps: the greedy counter-example, A
// before B, capacities exhausted, territories, and the reps file.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

const std::string kTiers = R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.25}, {"name": "C", "share": 0.25}])";

std::vector<mf::TierRep> reps(const std::string& csv) {
  auto r = mf::reps_from_csv(table(csv));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *std::move(r);
}

std::string rep_of(const mf::Tiering& t, const mf::Assignment& a, const std::string& id) {
  for (std::size_t i = 0; i < t.accounts.size(); ++i)
    if (t.accounts[i].id == id) return a.rep[i] < 0 ? "-" : a.reps[static_cast<std::size_t>(a.rep[i])].rep.id;
  return "?";
}

mf::AssignStatus status_of(const mf::Tiering& t, const mf::Assignment& a, const std::string& id) {
  for (std::size_t i = 0; i < t.accounts.size(); ++i)
    if (t.accounts[i].id == id) return a.status[i];
  return mf::AssignStatus::kNotAssigned;
}

/// Each account, best first, to the first rep (file order) that covers it
/// and has room: what a loop in a CRM workflow does.
std::size_t greedy_placed(const mf::Tiering& t, const mf::CsvTable& accounts, const std::vector<mf::TierRep>& rs) {
  std::vector<std::uint64_t> a(rs.size(), 0), total(rs.size(), 0);
  std::size_t placed = 0;
  const std::size_t col = *accounts.column("region");
  for (const auto& acc : t.accounts) {
    if (acc.tier > 1) continue;
    const std::string& territory = accounts.rows[acc.row][col];
    for (std::size_t r = 0; r < rs.size(); ++r) {
      const auto& ts = rs[r].territories;
      const bool covers = std::find(ts.begin(), ts.end(), "*") != ts.end() ||
                          std::find(ts.begin(), ts.end(), territory) != ts.end();
      if (!covers || total[r] == rs[r].max_total || (acc.tier == 0 && a[r] == rs[r].max_a)) continue;
      ++total[r];
      a[r] += acc.tier == 0;
      ++placed;
      break;
    }
  }
  return placed;
}

}  // namespace

TEST_CASE("assign: the case a greedy loop gets wrong, placed in full", "[tiering][assign]") {
  // a1 (east) is the best account. R1 covers everything but takes one A;
  // R2 covers only the east. Greedy gives a1 to R1 and has nowhere for a2
  // (west); the flow gives a1 to R2 and a2 to R1.
  const std::string csv = "id,value,region\na1,90,east\na2,80,west\nb1,50,north\nc1,10,east\n";
  const auto accounts = table(csv);
  const auto t = tier(csv, value_model(kTiers, R"(, "territory": "region")"));
  const auto rs = reps("rep_id,territory,max_a,max_total\nR1,*,1,2\nR2,east,1,1\n");
  CHECK(greedy_placed(t, accounts, rs) == 2);
  auto a = mf::assign_accounts(accounts, t, rs);
  REQUIRE(a.ok());
  CHECK(a->placed == 3);
  CHECK(a->unplaced == 0);
  CHECK(rep_of(t, *a, "a1") == "R2");
  CHECK(rep_of(t, *a, "a2") == "R1");
  CHECK(rep_of(t, *a, "b1") == "R1");
  CHECK(status_of(t, *a, "c1") == mf::AssignStatus::kNotAssigned);
  CHECK(a->reps[0].first_tier == 1);
  CHECK(a->reps[0].total == 2);
  CHECK(a->reps[0].fit_weight == 130);
}

TEST_CASE("assign: A before B when capacity runs out - why each account is left out", "[tiering][assign]") {
  // Four A (a1..a4), two B (b1, b2), two C. Reps take 3 in all: the three
  // best A that fit go first, and the one A left over is all_full only
  // because its reps are full.
  const std::string tiers = R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.25}, {"name": "C", "share": 0.25}])";
  const std::string csv =
      "id,value,region\na1,90,east\na2,85,east\na3,80,west\na4,75,\nb1,60,east\nb2,55,moon\nc1,10,east\nc2,5,east\n";
  const auto accounts = table(csv);
  const auto t = tier(csv, value_model(tiers, R"(, "territory": "region")"));
  const auto rs = reps("rep_id,territory,max_a,max_total\nE,east;west,2,2\nW,west,1,1\n");
  auto a = mf::assign_accounts(accounts, t, rs);
  REQUIRE(a.ok());
  CHECK(a->placed == 3);
  CHECK(rep_of(t, *a, "a1") == "E");
  CHECK(rep_of(t, *a, "a2") == "E");
  CHECK(rep_of(t, *a, "a3") == "W");
  CHECK(status_of(t, *a, "a4") == mf::AssignStatus::kTerritoryUnknown);
  CHECK(status_of(t, *a, "b1") == mf::AssignStatus::kAllFull);
  CHECK(status_of(t, *a, "b2") == mf::AssignStatus::kNoRepInTerritory);
  CHECK(a->unplaced == 3);
}

TEST_CASE("assign: max_a limits A accounts only - loads stay even", "[tiering][assign]") {
  // Two A, two B; one rep with max_a 0 takes B only.
  const std::string csv = "id,value,region\na1,90,x\na2,80,x\nb1,60,x\nc1,10,x\n";
  const auto accounts = table(csv);
  const auto t = tier(csv, value_model(kTiers));
  const auto rs = reps("rep_id,territory,max_a,max_total\nP,*,0,4\nQ,*,2,2\n");
  auto a = mf::assign_accounts(accounts, t, rs);
  REQUIRE(a.ok());
  CHECK(a->placed == 3);
  CHECK(rep_of(t, *a, "a1") == "Q");
  CHECK(rep_of(t, *a, "a2") == "Q");
  CHECK(rep_of(t, *a, "b1") == "P");
  // Even shares: 8 reps of 8 take one account each from 8 accounts.
  std::string many = "id,value\n";
  for (int i = 0; i < 16; ++i) many += "k" + std::to_string(10 + i) + "," + std::to_string(i) + "\n";
  std::string rep_rows = "rep_id,territory,max_a,max_total\n";
  for (int r = 0; r < 8; ++r) rep_rows += "r" + std::to_string(r) + ",*,8,8\n";
  const auto tm = tier(many, value_model(kTiers));
  auto am = mf::assign_accounts(table(many), tm, reps(rep_rows));
  REQUIRE(am.ok());
  CHECK(am->placed == 12);
  for (const auto& r : am->reps) {
    CHECK(r.total >= 1);
    CHECK(r.total <= 2);
  }
}

TEST_CASE("assign: the reps file and bad input", "[tiering][assign]") {
  auto bad = mf::reps_from_csv(table("rep_id,territory,max_a,max_total\nR1,*,3,2\n"));
  CHECK(bad.status().message() == "accounts.csv:2:3: field 'max_a': tier.rep: max_a is above max_total");
  bad = mf::reps_from_csv(table("rep_id,territory,max_a,max_total\nR1,*,x,2\n"));
  CHECK(bad.status().message() == "accounts.csv:2:3: field 'max_a': tier.rep: \"x\" is not a whole number");
  bad = mf::reps_from_csv(table("rep_id,territory,max_total\nR1,*,2\n"));
  CHECK(bad.status().message() ==
        "accounts.csv:1: tier.column: no column \"max_a\" (a reps file has rep_id, territory, max_a and max_total)");
  bad = mf::reps_from_csv(table("rep_id,territory,max_a,max_total\nR1,*,1,2\nR1,x,1,1\n"));
  CHECK(bad.status().message() == "accounts.csv:3:1: field 'rep_id': tier.rep: rep_id given twice");
  const std::string csv = "id,value\na,1\n";
  const auto t = tier(csv, value_model(kTiers));
  CHECK(mf::assign_accounts(table(csv), t, {}).status().message() == "tier.rep: no reps to assign accounts to");
  mf::AssignOptions o;
  o.territory_column = "nowhere";
  const auto rs = reps("rep_id,territory,max_a,max_total\nR1,*,1,2\n");
  CHECK(mf::assign_accounts(table(csv), t, rs, o).status().message() ==
        "accounts.csv:1: tier.column: no territory column \"nowhere\"");
}
