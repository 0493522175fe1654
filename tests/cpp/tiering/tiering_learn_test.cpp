// learn_weights() on a small case worked by hand (the smoothed log-odds and
// points of every value), by closed deal, the learned model fed back, the
// Maven export, and the errors.
#include <cmath>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

const std::string kModel = R"({"version": 1, "id": "id", "attributes": [
    {"name": "sector", "categorical": {"Software": 30, "retail": 5}, "aliases": {"sofware": "software"}, "other": 0},
    {"name": "employees", "buckets": [{"below": 100, "points": 0}, {"points": 10}]},
    {"name": "size", "column": "employees", "linear": {"from": [0, 0], "to": [1000, 20]}}]})";

const std::string kAccounts =
    "id,sector,employees\n"
    "s1,software,50\n"
    "s2,SOFTWARE,500\n"
    "s3,sofware,\n"
    "r1,retail,20\n"
    "r2,retail,200\n"
    "o1,mining,1000\n"
    "m1,,80\n";

const std::string kDeals =
    "opportunity,id,deal_stage\n"
    "d1,s1,Won\n"
    "d2,s1,Lost\n"
    "d3,s2,won\n"
    "d4,r1,Won\n"
    "d5,r2,Lost\n"
    "d6,s3,Lost\n"
    "d7,ghost,Won\n"
    "d8,o1,Engaging\n";

const mf::LearnedValue& value(const mf::LearnedWeights& l, const std::string& attribute, const std::string& v) {
  for (const auto& x : l.values)
    if (x.attribute == attribute && x.value == v) return x;
  FAIL("no value " << attribute << " " << v);
  return l.values.front();
}

}  // namespace

TEST_CASE("learned weights: smoothed log-odds per value, by hand", "[tiering][learn]") {
  const auto accounts = table(kAccounts);
  const auto deals = table(kDeals);
  const auto m = model(kModel);
  auto l = mf::learn_weights(accounts, m, deals);
  INFO(l.status().ToString());
  REQUIRE(l.ok());
  // Won accounts: s1, s2, r1 of 7: the overall rate 3/7, logit ln(3/4).
  CHECK(l->accounts == 7);
  CHECK(l->cases == 7);
  CHECK(l->wins == 3);
  CHECK(l->deals == 8);
  CHECK(l->won_deals == 3);  // ghost's is left out
  CHECK(l->deals_unknown_account == 1);
  CHECK(l->kept == std::vector<std::string>{"size"});
  // software (s1, s2, s3 by the alias): 2 of 3; smoothed (2 + 5 x 3/7) / (3 + 5) = 29/56.
  const auto& sw = value(*l, "sector", "Software");
  CHECK(sw.accounts == 3);
  CHECK(sw.wins == 2);
  CHECK(sw.smoothed_rate == Approx(29.0 / 56));
  CHECK(sw.log_odds == Approx(std::log(29.0 / 27) - std::log(0.75)));
  // retail: 1 of 2 -> 22/49; other (mining): 0 of 1 -> 15/42, the lowest: 0 points.
  const auto& rt = value(*l, "sector", "retail");
  CHECK(rt.smoothed_rate == Approx(22.0 / 49));
  const auto& other = value(*l, "sector", "other");
  CHECK(other.accounts == 1);
  CHECK(*other.points == 0);
  // Points: 10 per unit of log-odds above the lowest, one decimal:
  // (0.35914 + 0.30010) x 10 = 6.6, (0.08289 + 0.30010) x 10 = 3.8.
  CHECK(*sw.points == Approx(6.6));
  CHECK(*rt.points == Approx(3.8));
  CHECK(*sw.model_points == 30);
  // Blank sector (m1): reported, not learned.
  const auto& missing = value(*l, "sector", "(missing)");
  CHECK(missing.accounts == 1);
  CHECK_FALSE(missing.points.has_value());
  // Buckets: below 100 (s1, r1, m1: 2 of 3) 5.1; 100 or more (s2, r2, o1: 1 of 3) 0.
  CHECK(*value(*l, "employees", "below 100").points == Approx(5.1));
  CHECK(*value(*l, "employees", "100 or more").points == 0);
  CHECK(value(*l, "employees", "(missing)").accounts == 1);

  // The learned model reads back, with the new points and the alias kept.
  auto learned = mf::FitModel::parse(l->model_json);
  INFO(l->model_json);
  REQUIRE(learned.ok());
  CHECK(**learned->points(0, "sofware") == Approx(6.6));
  CHECK(**learned->points(0, "mining") == 0);
  CHECK(**learned->points(1, "99") == Approx(5.1));
  CHECK(**learned->points(2, "500") == Approx(10));  // the line is kept

  auto csv = mf::learned_csv(*l);
  REQUIRE(csv.ok());
  CHECK(csv->rfind("attribute,value,accounts,cases,wins,win_rate,smoothed_rate,log_odds,points,model_points\n", 0) == 0);
  CHECK(csv->find("sector,Software,3,3,2,0.666667,0.517857,0.359141,6.6,30\n") != std::string::npos);
  CHECK(csv->find("sector,(missing),1,1,0,0,") != std::string::npos);
  auto json = mf::learned_json(*l);
  REQUIRE(json.ok());
  CHECK(json->find("\"model\": {") != std::string::npos);
}

TEST_CASE("learned weights: by closed deal, open deals counted and left out", "[tiering][learn]") {
  mf::LearnOptions o;
  o.unit = mf::LearnUnit::kDeals;
  auto l = mf::learn_weights(table(kAccounts), model(kModel), table(kDeals), o);
  REQUIRE(l.ok());
  // Closed deals of known accounts: s1 2 (1 won), s2 1 (1), s3 1 (0), r1 1 (1), r2 1 (0).
  CHECK(l->cases == 6);
  CHECK(l->wins == 3);
  CHECK(l->deals_open == 1);
  CHECK(l->deals_unknown_account == 1);
  const auto& sw = value(*l, "sector", "Software");
  CHECK(sw.cases == 4);
  CHECK(sw.wins == 2);
  CHECK(sw.smoothed_rate == Approx(0.5));
}

TEST_CASE("learned weights: errors", "[tiering][learn][errors]") {
  const auto accounts = table(kAccounts);
  const auto m = model(kModel);
  auto message = [&](const std::string& deals, const mf::LearnOptions& o = {}) {
    auto l = mf::learn_weights(accounts, m, table(deals), o);
    REQUIRE_FALSE(l.ok());
    return std::string(l.status().message());
  };
  CHECK(message("id,stage\ns1,Won\n") ==
        "accounts.csv:1: learn.column: no column \"deal_stage\" (the deals column holding the stage)");
  CHECK(message("id,deal_stage\ns1,Lost\n").rfind("learn.evidence: 0 of 7 accounts have a won deal", 0) == 0);
  mf::LearnOptions bad;
  bad.prior_accounts = 0;
  CHECK(message(kDeals, bad) == "learn.option: prior_accounts must be a number above 0");
  auto wrong = mf::learn_weights(table("id,sector,employees\ns1,software,10\no1,retail,lots\n"), m, table(kDeals));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message() == "accounts.csv:3:3: field 'employees': tier.number: \"lots\" is not a number");
}

TEST_CASE("learned weights: the Maven export, by closed deal", "[tiering][learn][maven]") {
  const std::string dir = std::string(MF_SHARED_DIR) + "/data/maven-crm/";
  if (!std::filesystem::exists(dir + "sales_pipeline.csv")) {
    std::cout << "MF_SKIPPED: " << dir << " is not here\n";
    return;
  }
  auto accounts = mf::read_csv_table(dir + "accounts.csv");
  auto deals = mf::read_csv_table(dir + "sales_pipeline.csv");
  auto m = mf::FitModel::load_file(std::string(MF_SOURCE_DIR) + "/examples/tiering/maven_fit.json");
  REQUIRE((accounts.ok() && deals.ok() && m.ok()));
  // Every Maven account has won at least once: by account there is nothing to learn.
  auto by_account = mf::learn_weights(*accounts, *m, *deals);
  REQUIRE_FALSE(by_account.ok());
  CHECK(by_account.status().message().find("85 of 85 accounts have a won deal") != std::string::npos);
  mf::LearnOptions o;
  o.unit = mf::LearnUnit::kDeals;
  auto l = mf::learn_weights(*accounts, *m, *deals, o);
  REQUIRE(l.ok());
  // 4,238 won and 2,473 lost; 1,425 deals have no account (all open), 664 more are open.
  CHECK(l->cases == 6711);
  CHECK(l->wins == 4238);
  CHECK(l->deals_unknown_account == 1425);
  CHECK(l->deals_open == 664);
  CHECK(value(*l, "sector", "technology").cases == 1058);  // technolgy, by the alias
  CHECK(*value(*l, "sector", "finance").points == 0);       // the lowest win rate
  CHECK(*value(*l, "sector", "marketing").points == Approx(1.6));
  auto fed_back = mf::FitModel::parse(l->model_json);
  REQUIRE(fed_back.ok());
  auto t = mf::tier_accounts(*accounts, *fed_back);
  REQUIRE(t.ok());
  CHECK(t->tiers[0].count == 13);
}

// ---------------------------------------------------------------------------
// Against the reference (reference_learn.cpp) on seeded messy inputs: values
// in odd case and spacing, the alias, unknown values, blanks, deals of
// unknown accounts, open deals, stages in odd case, both units.

#include <random>

#include "reference_learn.hpp"

TEST_CASE("learned weights: the engine agrees with the reference on seeded messy inputs",
          "[tiering][learn][differential]") {
  const std::string json = R"({"version": 1, "id": "id", "attributes": [
      {"name": "sector", "categorical": {"software": 30, "retail": 5, "finance": 10}, "aliases": {"sofware": "software"}},
      {"name": "size", "buckets": [{"below": 100, "points": 0}, {"below": 1000, "points": 5}, {"points": 9}]},
      {"name": "public", "boolean": {"true": 3, "false": 0}}]})";
  const auto m = model(json);
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    const char* sectors[] = {"software", " Software ", "SOFWARE", "retail", "finance", "mining", "", "Retail"};
    const char* sizes[] = {"10", "99", "100", "999.5", "1000", "5e3", "", "+20"};
    const char* flags[] = {"yes", "NO", "1", "0", "", "t", "False"};
    const char* stages[] = {"Won", "won ", "Lost", "LOST", "Engaging", "Prospecting"};
    const int n = 1 + pick(30);
    std::string accounts_csv = "id,sector,size,public\n", deals_csv = "id,deal_stage\n";
    for (int i = 0; i < n; ++i)
      accounts_csv += "a" + std::to_string(i) + "," + sectors[pick(8)] + "," + sizes[pick(8)] + "," + flags[pick(7)] + "\n";
    for (int d = 0, k = pick(3 * n + 1); d < k; ++d)
      deals_csv += (pick(10) == 0 ? std::string("ghost") : "a" + std::to_string(pick(n))) + "," + stages[pick(6)] + "\n";
    const auto accounts = table(accounts_csv);
    const auto deals = table(deals_csv);
    for (const bool by_deals : {false, true}) {
      mf::LearnOptions o;
      o.unit = by_deals ? mf::LearnUnit::kDeals : mf::LearnUnit::kAccounts;
      o.prior_accounts = 1 + pick(8);
      o.points_per_logit = 5 + pick(20);
      auto got = mf::learn_weights(accounts, m, deals, o);
      if (!got.ok()) {
        // Only when there is nothing to learn: no win, or no case that is not one.
        CHECK(got.status().message().find("learn.evidence") != std::string_view::npos);
        continue;
      }
      INFO("seed " << seed << (by_deals ? " by deals" : " by accounts") << "\n" << accounts_csv << deals_csv);
      const auto want = reference_learn(accounts, deals, by_deals, o.prior_accounts, o.points_per_logit);
      REQUIRE(got->values.size() == want.size());
      for (const auto& v : got->values) {
        INFO(v.attribute << " " << v.value);
        const auto& w = want.at({v.attribute, v.value});
        CHECK(v.accounts == w.accounts);
        CHECK(v.cases == w.cases);
        CHECK(v.wins == w.wins);
        CHECK(v.points.has_value() == w.points.has_value());
        if (v.points && w.points) CHECK(*v.points == Approx(*w.points).margin(1e-9));
      }
      auto back = mf::FitModel::parse(got->model_json);
      CHECK(back.ok());
      ++compared;
    }
  }
  CHECK(compared > 250);
}
