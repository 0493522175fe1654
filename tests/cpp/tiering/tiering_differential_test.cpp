// tier_accounts() against the reference (reference_tiering.cpp) on seeded
// random messy inputs: ties (scores on a coarse grid), blanks, categorical
// values in odd case and spacing, aliases, unknown values, pins, last
// run's tiers with a margin, floors, organisations, 2 to 4 tiers.
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "reference_tiering.hpp"
#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

struct Case {
  std::string csv, model;
  mf::TierOptions options;
};

Case make_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  Case c;
  const int n = 1 + pick(60);
  const int k = 2 + pick(3);
  // Shares in twentieths, so that they add up to exactly 1.
  std::vector<int> parts(static_cast<std::size_t>(k), 1);
  for (int left = 20 - k; left > 0; --left) ++parts[static_cast<std::size_t>(pick(k))];
  std::string tiers = "[";
  const char* names[] = {"A", "B", "C", "D"};
  for (int t = 0; t < k; ++t) {
    tiers += std::string(t ? ", " : "") + R"({"name": ")" + names[t] + R"(", "share": )" +
             std::to_string(parts[static_cast<std::size_t>(t)] / 20.0);
    if (t + 1 < k && pick(4) == 0) tiers += R"(, "floor": )" + std::to_string(20 + pick(60));
    tiers += "}";
  }
  tiers += "]";
  const bool rollup = pick(2) == 0;
  const char* policies[] = {"lowest", "highest", "midpoint"};
  c.model = R"({"version": 1, "id": "name", "attributes": [
      {"name": "sector", "categorical": {"software": 30, "finance": 20, "retail": 5}, "aliases": {"sofware": "software"}, "other": 1},
      {"name": "size", "column": "employees", "linear": {"from": [100, 0], "to": [1000, 40]})" +
            std::string(pick(3) == 0 ? R"(, "missing": 10)" : "") + R"(},
      {"name": "revenue", "buckets": [{"below": 50, "points": 0}, {"below": 200, "points": 15}, {"points": 30}]},
      {"name": "public", "boolean": {"true": 5, "false": 0}}],
    "tiers": )" + tiers + R"(, "while_uncertain": ")" + policies[pick(3)] + R"(")" +
            (rollup ? R"(, "rollup": "parent")" : "") + "}";
  const char* sectors[] = {"software", " Software", "SOFTWARE ", "sofware", "finance", "Finance", "retail", "mining", "", " "};
  const char* bools[] = {"yes", "no", "TRUE", "0", "", "y"};
  c.csv = "name,sector,employees,revenue,public,parent\n";
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    std::string id = "acct" + std::to_string(pick(1000)) + "_" + std::to_string(i);
    ids.push_back(id);
    if (pick(5) == 0) id = " " + id;  // spaces around an id are not part of it
    std::string parent;
    // Parents only among earlier accounts: no loops.
    if (i > 0 && pick(4) == 0) parent = ids[static_cast<std::size_t>(pick(i))];
    if (pick(20) == 0) parent = "not_an_account";
    const std::string employees = pick(6) == 0 ? "" : std::to_string(100 * pick(12));  // coarse: ties
    const std::string revenue = pick(6) == 0 ? "" : std::to_string(25 * pick(12));
    c.csv += id + "," + sectors[pick(10)] + "," + employees + "," + revenue + "," + bools[pick(6)] + "," + parent + "\n";
  }
  for (int i = 0; i < n; ++i) {
    if (pick(10) == 0) c.options.pins.push_back({ids[static_cast<std::size_t>(i)], names[pick(k)], "test"});
    if (pick(3) == 0) c.options.previous.push_back({ids[static_cast<std::size_t>(i)], names[pick(k)]});
  }
  if (rollup) {
    // One pin per organisation at most: drop pins that would conflict (the
    // engine refuses those; its error is tested elsewhere).
    c.options.pins.clear();
  }
  if (pick(2) == 0) c.options.stability_margin = pick(3) * 5.0;
  return c;
}

}  // namespace

TEST_CASE("tier: the engine agrees with the reference on 400 messy inputs", "[tiering][differential]") {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    INFO("seed " << seed);
    const Case c = make_case(seed);
    const auto accounts = table(c.csv);
    const auto t = tier(c.csv, c.model, c.options);
    const auto expected = reference_tiering(accounts, c.model, c.options);
    REQUIRE(t.accounts.size() == expected.size());
    for (const auto& a : t.accounts) {
      INFO("account " << a.id);
      const ReferenceAccount& e = expected.at(a.id);
      CHECK(t.tiers[a.tier].name == e.tier);
      CHECK(a.score == Approx(e.score).margin(1e-9));
      CHECK(a.score_low == Approx(e.low).margin(1e-9));
      CHECK(a.score_high == Approx(e.high).margin(1e-9));
      CHECK(a.uncertain == e.uncertain);
      CHECK(a.research == e.research);
    }
  }
}
