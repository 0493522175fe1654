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

/// @p sorted_ids: ids in increasing order down the file (as exports often
/// are), which the engine checks without sorting them.
Case make_case(std::uint64_t seed, bool sorted_ids = false) {
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
  c.model = R"({"version": 1, "id": "name", "attributes": )" + messy_attributes(pick(3) == 0) + R"(,
    "tiers": )" + tiers + R"(, "while_uncertain": ")" + policies[pick(3)] + R"(")" +
            (rollup ? R"(, "rollup": "parent")" : "") + "}";
  const char* sectors[] = {"software", " Software", "SOFTWARE ", "sofware", "finance", "Finance", "retail", "mining", "", " "};
  const char* bools[] = {"yes", "no", "TRUE", "0", "", "y"};
  c.csv = "name,sector,employees,revenue,public,parent\n";
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    std::string id = "acct" + std::to_string(pick(1000)) + "_" + std::to_string(i);
    if (sorted_ids) id = "acct" + std::to_string(10000 + i);
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

/// @p c as the usual run: no roll-up, no pins, and last tiers only without
/// a margin (or none) — the engine then splits the rank order in runs
/// instead of allocating unit by unit.
void make_plain(Case& c, std::uint64_t seed) {
  c.options.rollup = false;
  c.options.pins.clear();
  if (seed % 2 == 0) c.options.previous.clear();
  else c.options.stability_margin = 0.0;
}

}  // namespace

TEST_CASE("tier: the engine agrees with the reference on 400 messy inputs", "[tiering][differential]") {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    INFO("seed " << seed);
    Case c = make_case(seed, seed % 4 == 0);
    if (seed % 3 == 0) make_plain(c, seed / 3);
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

TEST_CASE("tier: ranks by score, then id, and the columns give the same rows", "[tiering][differential]") {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    const Case c = make_case(seed, seed % 2 == 0);
    const auto accounts = table(c.csv);
    const auto fit = model(c.model);
    const auto t = tier(c.csv, c.model, c.options);
    if (!t.rolled_up) {
      // Within a tier, the rank order is score (highest first), then id.
      for (std::size_t i = 1; i < t.accounts.size(); ++i) {
        const auto& a = t.accounts[i - 1];
        const auto& b = t.accounts[i];
        CHECK(a.rank + 1 == b.rank);
        if (a.tier != b.tier) continue;
        CHECK((a.score > b.score || (a.score == b.score && a.id < b.id)));
      }
    }
    auto columns = mf::tier_accounts_columns(accounts, fit, c.options);
    REQUIRE(columns.ok());
    auto rows = mf::to_tiering(*columns);
    REQUIRE(rows.ok());
    REQUIRE(rows->accounts.size() == t.accounts.size());
    CHECK(rows->points == t.points);
    for (std::size_t i = 0; i < t.accounts.size(); ++i) {
      const auto& a = t.accounts[i];
      const auto& b = rows->accounts[i];
      CHECK(a.id == b.id);
      CHECK(a.tier == b.tier);
      CHECK(a.reason == b.reason);
      CHECK(a.pin_reason == b.pin_reason);
      CHECK(a.organisation == b.organisation);
      const std::size_t r = a.row;
      CHECK(columns->id(r) == a.id);
      CHECK(columns->rank_rows[i] == r);
      CHECK(columns->score[r] == a.score);
      CHECK(columns->tier[r] == a.tier);
    }
  }
}

TEST_CASE("tier: the split in rank order equals the allocation unit by unit", "[tiering][differential]") {
  // A pin to the tier an account has anyway changes no tier, but sends the
  // engine down the allocation unit by unit: both ways give the same tiers,
  // ranks, summaries and cut-offs; only that account is pinned, not scored.
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    INFO("seed " << seed);
    Case c = make_case(seed, seed % 4 == 0);
    make_plain(c, seed);
    const auto in_runs = tier(c.csv, c.model, c.options);
    const auto& chosen = in_runs.accounts[seed % in_runs.accounts.size()];
    c.options.pins = {{chosen.id, in_runs.tiers[chosen.tier].name, "as it is"}};
    const auto by_unit = tier(c.csv, c.model, c.options);
    REQUIRE(by_unit.accounts.size() == in_runs.accounts.size());
    for (std::size_t i = 0; i < in_runs.accounts.size(); ++i) {
      const auto& a = in_runs.accounts[i];
      const auto& b = by_unit.accounts[i];
      INFO("rank " << i + 1);
      CHECK(a.id == b.id);
      CHECK(a.tier == b.tier);
      CHECK(a.score == b.score);
      if (a.id == chosen.id) {
        CHECK(b.reason == mf::TierReason::kPinned);
        continue;
      }
      CHECK(a.reason == b.reason);
      CHECK(a.uncertain == b.uncertain);
      CHECK(a.research == b.research);
    }
    REQUIRE(by_unit.tiers.size() == in_runs.tiers.size());
    for (std::size_t t = 0; t < in_runs.tiers.size(); ++t) {
      const auto& a = in_runs.tiers[t];
      const auto& b = by_unit.tiers[t];
      CHECK(a.target == b.target);
      CHECK(a.count == b.count);
      CHECK(a.min_score == b.min_score);
      CHECK(a.max_score == b.max_score);
      CHECK(a.kept == b.kept);
      CHECK(b.pinned == a.pinned + (t == chosen.tier ? 1 : 0));
      CHECK(b.uncertain + (t == chosen.tier && chosen.uncertain ? 1 : 0) == a.uncertain);
    }
    REQUIRE(by_unit.cutoffs.size() == in_runs.cutoffs.size());
    for (std::size_t t = 0; t < in_runs.cutoffs.size(); ++t) CHECK(by_unit.cutoffs[t].margin == in_runs.cutoffs[t].margin);
  }
}

TEST_CASE("tier: tens of thousands of accounts, the same on one thread and on four", "[tiering][differential]") {
  // Enough rows for several blocks of the parallel scoring, shuffled ids
  // (sorted, not checked in order) and many tied scores.
  std::mt19937_64 rng(11);
  std::string csv = "name,sector,employees,revenue,public,parent\n";
  const char* sectors[] = {"software", " Software", "finance", "retail", "mining", ""};
  for (int i = 0; i < 40000; ++i)
    csv += "id" + std::to_string((i * 7919) % 40000) + "," + sectors[rng() % 6] + "," + std::to_string(100 * (rng() % 12)) +
           "," + (rng() % 10 ? std::to_string(25 * (rng() % 12)) : "") + ",yes,\n";
  const std::string json = R"({"version": 1, "id": "name", "attributes": [
      {"name": "sector", "categorical": {"software": 30, "finance": 20, "retail": 5}, "other": 1},
      {"name": "size", "column": "employees", "linear": {"from": [100, 0], "to": [1000, 40]}},
      {"name": "revenue", "buckets": [{"below": 50, "points": 0}, {"below": 200, "points": 15}, {"points": 30}]}],
    "tiers": [{"name": "A", "share": 0.15}, {"name": "B", "share": 0.25}, {"name": "C", "share": 0.6}]})";
  mf::TierOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const auto a = tier(csv, json, one);
  const auto b = tier(csv, json, four);
  REQUIRE(a.accounts.size() == 40000);
  REQUIRE(b.accounts.size() == 40000);
  CHECK(a.tiers[0].count == 6000);
  for (std::size_t i = 0; i < a.accounts.size(); ++i) {
    CHECK(a.accounts[i].id == b.accounts[i].id);
    CHECK(a.accounts[i].tier == b.accounts[i].tier);
    if (i > 0 && a.accounts[i - 1].tier == a.accounts[i].tier) {
      const auto& p = a.accounts[i - 1];
      const auto& q = a.accounts[i];
      CHECK((p.score > q.score || (p.score == q.score && p.id < q.id)));
    }
  }
}
