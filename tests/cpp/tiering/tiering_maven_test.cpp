// The acceptance example of tiering: examples/tiering/maven_fit.json on the
// Maven CRM accounts (85 accounts) -> A 13, B 21, C 51, every account's tier
// pinned, and a few scores computed by hand from their rows.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace mf = modelfunnel;

namespace {

// By hand from the model: sector points + employees (0 at <= 100, 40 at >=
// 10,000, linear between) + revenue (< 500: 0, < 2,000: 15, else 30),
// ranked by score, ties by account name. 85 x 15% = 12.75, x 25% = 21.25,
// x 60% = 51: floors 12 + 21 + 51 = 84, the one left to A's 0.75.
const char* const kA[] = {"Dontechi", "Hottechi", "Kan-code", "Konex", "Scotfind", "Zotware", "Rangreen",
                          "Initech", "Xx-holding", "Treequote", "Labdrill", "Funholding", "Mathtouch"};
const char* const kB[] = {"Inity", "Ganjaflex", "Y-corporation", "Ron-tech", "Codehow", "Umbrella Corporation",
                          "Silis", "Xx-zobam", "Fasehatice", "Isdom", "Faxquote", "Warephase", "Cheers", "Sonron",
                          "Goodsilron", "Donquadtech", "Bluth Company", "Singletechno", "Acme Corporation",
                          "Globex Corporation", "Plexzap"};

}  // namespace

TEST_CASE("tier: the Maven accounts split A 13, B 21, C 51 exactly as by hand", "[tiering][maven]") {
  const std::filesystem::path file = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm/accounts.csv";
  if (!std::filesystem::exists(file)) {
    std::cout << "MF_SKIPPED: " << file << " is not here\n";
    return;
  }
  auto accounts = mf::read_csv_table(file);
  REQUIRE(accounts.ok());
  REQUIRE(accounts->rows.size() == 85);
  auto model = mf::FitModel::load_file(std::filesystem::path(MF_SOURCE_DIR) / "examples/tiering/maven_fit.json");
  REQUIRE(model.ok());
  auto tiering = mf::tier_accounts(*accounts, *model);
  REQUIRE(tiering.ok());

  REQUIRE(tiering->tiers.size() == 3);
  CHECK(tiering->tiers[0].target == 13);
  CHECK(tiering->tiers[1].target == 21);
  CHECK(tiering->tiers[2].target == 51);
  CHECK(tiering->tiers[0].count == 13);
  CHECK(tiering->tiers[1].count == 21);
  CHECK(tiering->tiers[2].count == 51);

  std::map<std::string, std::string> expected;
  for (const char* a : kA) expected[a] = "A";
  for (const char* b : kB) expected[b] = "B";
  std::size_t rank = 0;
  for (const mf::TieredAccount& a : tiering->accounts) {
    INFO(a.id);
    const std::string tier = tiering->tiers[a.tier].name;
    CHECK(tier == (expected.count(a.id) ? expected[a.id] : "C"));
    // A and B in exactly the order above (score, then name).
    if (rank < 13) CHECK(a.id == kA[rank]);
    else if (rank < 34) CHECK(a.id == kB[rank - 13]);
    CHECK(a.rank == ++rank);
    CHECK_FALSE(a.uncertain);  // nothing is missing in this file
  }

  std::map<std::string, const mf::TieredAccount*> by_id;
  for (const auto& a : tiering->accounts) by_id[a.id] = &a;
  // Dontechi: software 30 + 10,083 employees (>= 10,000) 40 + revenue 4,618 30.
  CHECK(by_id["Dontechi"]->score == 100);
  // Rangreen: "technolgy" (the alias) 30 + 40 x (8,775 - 100) / 9,900 + 30.
  CHECK(by_id["Rangreen"]->score == Approx(30 + 40.0 * 8675 / 9900 + 30));
  CHECK(*tiering->points_of(by_id["Rangreen"]->rank - 1)[0] == 30);
  // Acme Corporation: 30 + 40 x 2,722 / 9,900 + 15 (revenue 1,100.04).
  CHECK(by_id["Acme Corporation"]->score == Approx(55.99798).epsilon(1e-6));
  CHECK(*tiering->points_of(by_id["Acme Corporation"]->rank - 1)[2] == 15);
  // Betasoloin: medical 15 + 40 x 395 / 9,900 + 0 (revenue 251.41).
  CHECK(by_id["Betasoloin"]->score == Approx(16.59596).epsilon(1e-6));
  // The cut-off A/B: Mathtouch (10 + 40 x 9,416 / 9,900 + 30) over Inity
  // (10 + 40 x 8,701 / 9,900 + 30): 40 x 715 / 9,900 = 2.8889 points.
  REQUIRE(tiering->cutoffs.size() == 2);
  CHECK(*tiering->cutoffs[0].last_upper == Approx(78.04444).epsilon(1e-6));
  CHECK(*tiering->cutoffs[0].first_lower == Approx(75.15556).epsilon(1e-6));
  CHECK(*tiering->cutoffs[0].margin == Approx(40.0 * 715 / 9900));
  // B/C: Plexzap over Bubba Gump.
  CHECK(*tiering->cutoffs[1].margin == Approx(by_id["Plexzap"]->score - by_id["Bubba Gump"]->score));
}
