// Allocation by hand: largest remainder, ties, floors, pins, the stability
// margin, the organisation roll-up and missing data as a range.
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "tiering/allocate.hpp"
#include "tiering_fixture.hpp"

using namespace mf_tier_test;
namespace tiering = modelfunnel::internal::tiering;

namespace {
const std::string kABC = R"([{"name": "A", "share": 0.2}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.5}])";
// Ten accounts, scores 90 down to 0 in tens; ids in reverse of score.
const std::string kTen = "id,value\nj,90\ni,80\nh,70\ng,60\nf,50\ne,40\nd,30\nc,20\nb,10\na,0\n";
}  // namespace

TEST_CASE("tier: counts by largest remainder add up to the accounts", "[tiering]") {
  // 85 x (.15, .25, .60) = 12.75, 21.25, 51: the one left goes to A.
  CHECK(tiering::largest_remainder({0.15, 0.25, 0.60}, 85) == std::vector<std::uint64_t>{13, 21, 51});
  // 7 x (.15, .25, .60) = 1.05, 1.75, 4.2: 6 given, the seventh to B (.75).
  CHECK(tiering::largest_remainder({0.15, 0.25, 0.60}, 7) == std::vector<std::uint64_t>{1, 2, 4});
  // Equal remainders: the earlier tier first.
  CHECK(tiering::largest_remainder({1.0 / 3, 1.0 / 3, 1.0 / 3}, 10) == std::vector<std::uint64_t>{4, 3, 3});
  CHECK(tiering::largest_remainder({1.0 / 3, 1.0 / 3, 1.0 / 3}, 11) == std::vector<std::uint64_t>{4, 4, 3});
  CHECK(tiering::largest_remainder({0.15, 0.25, 0.60}, 0) == std::vector<std::uint64_t>{0, 0, 0});
  CHECK(tiering::largest_remainder({0.5, 0.5}, 1) == std::vector<std::uint64_t>{1, 0});
}

TEST_CASE("tier: ties are broken by score, then id", "[tiering]") {
  const std::string two = R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}])";
  const auto t = tier("id,value\nb,10\nd,20\nc,10\na,10\n", value_model(two));
  CHECK(tiers_of(t) == std::map<std::string, std::string>{{"d", "A"}, {"a", "A"}, {"b", "B"}, {"c", "B"}});
  REQUIRE(t.accounts.size() == 4);
  CHECK(t.accounts[0].id == "d");
  CHECK(t.accounts[1].id == "a");
  CHECK(t.accounts[2].id == "b");
  CHECK(t.accounts[3].id == "c");
  CHECK(*t.cutoffs[0].margin == 0);  // the last A and the first B tie
  // The order of the file does not matter.
  const auto again = tier("id,value\na,10\nc,10\nd,20\nb,10\n", value_model(two));
  CHECK(tiers_of(again) == tiers_of(t));
}

TEST_CASE("tier: ten accounts 20/30/50, with the fit margin at each cut-off", "[tiering]") {
  const auto t = tier(kTen, value_model(kABC));
  CHECK(tiers_of(t) == std::map<std::string, std::string>{{"j", "A"}, {"i", "A"}, {"h", "B"}, {"g", "B"},
                                                          {"f", "B"}, {"e", "C"}, {"d", "C"}, {"c", "C"},
                                                          {"b", "C"}, {"a", "C"}});
  CHECK(*t.cutoffs[0].last_upper == 80);
  CHECK(*t.cutoffs[0].first_lower == 70);
  CHECK(*t.cutoffs[0].margin == 10);
  CHECK(*t.cutoffs[1].margin == 10);
}

TEST_CASE("tier: below the floor never A, even when A is not full", "[tiering]") {
  const std::string floored =
      R"([{"name": "A", "share": 0.2, "floor": 85}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.5}])";
  const auto t = tier(kTen, value_model(floored));
  const auto tiers = tiers_of(t);
  CHECK(tiers.at("j") == "A");
  CHECK(tiers.at("i") == "B");  // 80 < 85
  CHECK(tiers.at("f") == "C");  // B keeps its 3: i, h, g
  CHECK(t.tiers[0].count == 1);
  CHECK(t.tiers[0].difference == -1);
  CHECK(t.tiers[1].count == 3);
  CHECK(t.tiers[2].count == 6);
  CHECK(t.tiers[2].difference == 1);
}

TEST_CASE("tier: a pin is counted in its tier's quota", "[tiering]") {
  mf::TierOptions options;
  options.pins = {{"a", "A", "strategic logo"}};
  const auto t = tier(kTen, value_model(kABC), options);
  const auto tiers = tiers_of(t);
  CHECK(tiers.at("a") == "A");
  CHECK(tiers.at("j") == "A");
  CHECK(tiers.at("i") == "B");  // pushed down by the pin
  CHECK(tiers.at("f") == "C");
  CHECK(t.tiers[0].count == 2);
  CHECK(t.tiers[0].pinned == 1);
  CHECK(account(t, "a").reason == mf::TierReason::kPinned);
  CHECK(account(t, "a").pin_reason == "strategic logo");
  // The margin is over the scores, so a pin shows as a negative one.
  CHECK(*t.cutoffs[0].margin == 0 - 80);

  options.pins = {{"zz", "A", ""}};
  CHECK(mf::tier_accounts(table(kTen), model(value_model(kABC)), options).status().message() ==
        "pin 1: tier.pin: no account \"zz\"");
  options.pins = {{"a", "Gold", ""}};
  CHECK(mf::tier_accounts(table(kTen), model(value_model(kABC)), options).status().message() ==
        "pin 1 (a): tier.pin: no tier \"Gold\" in the model");
}

TEST_CASE("tier: last run's tier is kept unless the score crosses the cut-off by the margin", "[tiering]") {
  const std::string one_in_four = R"([{"name": "A", "share": 0.25}, {"name": "C", "share": 0.75}])";
  const std::string csv = "id,value\nx,78\ny,80\nz,10\nw,5\n";
  mf::TierOptions options;
  options.previous = {{"x", "A"}, {"y", "C"}};
  options.stability_margin = 5;  // y beats x by 2 < 5: x stays A
  auto t = tier(csv, value_model(one_in_four), options);
  CHECK(tiers_of(t).at("x") == "A");
  CHECK(tiers_of(t).at("y") == "C");
  CHECK(account(t, "x").reason == mf::TierReason::kKept);
  CHECK(*account(t, "x").previous_tier == 0);
  CHECK(t.tiers[0].kept == 1);
  options.stability_margin = 2;  // 78 + 2 = 80 ties with y: the score decides
  t = tier(csv, value_model(one_in_four), options);
  CHECK(tiers_of(t).at("y") == "A");
  options.stability_margin = 1;
  t = tier(csv, value_model(one_in_four), options);
  CHECK(tiers_of(t).at("y") == "A");
  CHECK(tiers_of(t).at("x") == "C");
  // The model's margin applies when the options do not override it.
  options.stability_margin.reset();
  t = tier(csv, value_model(one_in_four, R"(, "stability_margin": 5)"), options);
  CHECK(tiers_of(t).at("x") == "A");
  // Last run's accounts that are gone are counted, not an error.
  options.previous.push_back({"gone", "A"});
  t = tier(csv, value_model(one_in_four), options);
  CHECK(t.previous_unknown == 1);
}

TEST_CASE("tier: subsidiaries take their parent's tier - the counts move and say so", "[tiering]") {
  const std::string csv =
      "id,value,parent\np,90,\ns1,10,p\ns2,5,s1\nq,80,\nr,70,\nt,60,\nu,50,\nv,40,\nw,30,nowhere\nx,20,\n";
  const auto t = tier(csv, value_model(kABC, R"(, "rollup": "parent")"));
  const auto tiers = tiers_of(t);
  // p's organisation is 3 accounts; A's target is 2: taking it lands 1 over,
  // leaving it 2 short — taken.
  CHECK(tiers.at("p") == "A");
  CHECK(tiers.at("s1") == "A");
  CHECK(tiers.at("s2") == "A");  // through s1
  CHECK(tiers.at("q") == "B");
  CHECK(tiers.at("t") == "B");
  CHECK(tiers.at("u") == "C");
  CHECK(t.tiers[0].count == 3);
  CHECK(t.tiers[0].difference == 1);
  CHECK(t.tiers[1].count == 3);
  CHECK(t.tiers[2].difference == -1);
  CHECK(t.unknown_parents == 1);
  CHECK(account(t, "s2").organisation == "p");
  CHECK(account(t, "s2").reason == mf::TierReason::kRolledUp);
  CHECK(t.rolled_up);
  // The order: the organisation, its top first, then the rest by score.
  CHECK(t.accounts[0].id == "p");
  CHECK(t.accounts[1].id == "s1");
  CHECK(t.accounts[2].id == "s2");
  // Without the roll-up each account stands alone.
  mf::TierOptions off;
  off.rollup = false;
  const auto alone = tier(csv, value_model(kABC, R"(, "rollup": "parent")"), off);
  CHECK(tiers_of(alone).at("s1") == "C");
  CHECK_FALSE(alone.rolled_up);
  // A loop of parents is an error at its place.
  auto loop = mf::tier_accounts(table("id,value,parent\na,1,b\nb,2,a\n"),
                                model(value_model(kABC, R"(, "rollup": "parent")")));
  CHECK(loop.status().message() == "accounts.csv:2:3: field 'parent': tier.parent: its parents lead back to it (a loop)");
}

TEST_CASE("tier: a missing value is a range - uncertain when it straddles a cut-off", "[tiering]") {
  const std::string json = R"({"version": 1, "id": "id", "attributes": [
      {"name": "segment", "categorical": {"enterprise": 50, "smb": 0}},
      {"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}],
    "tiers": [{"name": "A", "share": 0.25}, {"name": "C", "share": 0.75}]})";
  const std::string csv = "id,segment,value\ne1,Enterprise,40\ne2,smb,60\nm,,45\ne3,SMB,20\n";
  auto t = tier(csv, json);
  // Lowest first (the default): m ranks at 45; A's cut-off is e1's 90,
  // inside m's range 45..95.
  CHECK(tiers_of(t).at("e1") == "A");
  const auto& m = account(t, "m");
  CHECK(m.score == 45);
  CHECK(m.score_low == 45);
  CHECK(m.score_high == 95);
  const auto points = t.points_of(static_cast<std::size_t>(m.rank - 1));
  CHECK_FALSE(points[0].has_value());
  CHECK(*points[1] == 45);
  CHECK(m.uncertain);
  CHECK(m.research == "segment");
  CHECK_FALSE(account(t, "e2").uncertain);
  CHECK(t.tiers[1].uncertain == 1);
  // Highest while uncertain: m takes A and stays uncertain.
  const std::string highest = json.substr(0, json.size() - 1) + R"(, "while_uncertain": "highest"})";
  t = tier(csv, highest);
  CHECK(tiers_of(t).at("m") == "A");
  CHECK(account(t, "m").score == 95);
  CHECK(account(t, "m").uncertain);
  const std::string midpoint = json.substr(0, json.size() - 1) + R"(, "while_uncertain": "midpoint"})";
  CHECK(account(tier(csv, midpoint), "m").score == 70);
  // A fixed number of points for a missing value: no range.
  std::string fixed = json;
  fixed.replace(fixed.find(R"("smb": 0})"), 9, R"("smb": 0}, "missing": 10)");
  t = tier(csv, fixed);
  CHECK(account(t, "m").score_low == 55);
  CHECK(account(t, "m").score_high == 55);
  CHECK_FALSE(account(t, "m").uncertain);
  // A range below every cut-off is not uncertain: m with value 5 is C whatever its segment.
  t = tier("id,segment,value\ne1,enterprise,60\nm,,5\ne2,smb,1\ne3,smb,0\n", json);
  CHECK_FALSE(account(t, "m").uncertain);
}

TEST_CASE("tier: categorical values ignore case and spaces - aliases and other", "[tiering]") {
  const std::string json = R"({"version": 1, "id": "id", "attributes": [
      {"name": "sector", "categorical": {"technology": 30, "Retail": 5}, "aliases": {"technolgy": "technology"},
       "other": 1},
      {"name": "public", "boolean": {"true": 10, "false": 0}, "missing": 0}]})";
  const auto t = tier("id,sector,public\na, TECHNOLGY ,yes\nb,retail,no\nc,mining,1\nd,Technology,\n", json);
  CHECK(account(t, "a").score == 40);
  CHECK(account(t, "b").score == 5);
  CHECK(account(t, "c").score == 11);
  CHECK(account(t, "d").score == 30);
  // Defaults: A 15%, B 25%, C 60% when the model has no tiers.
  REQUIRE(t.tiers.size() == 3);
  CHECK(t.tiers[0].share == 0.15);
  CHECK(t.tiers[2].name == "C");
}
