// The generator's accounts, contacts and activities (GenerateOptions::
// accounts): deterministic, absent by default, and read by the tiering
// engine — tier_accounts() with the Maven fit model, check_coverage() with
// the contacts and activities, which finds gaps of several kinds and counts
// the unknown and repeated rows the generator puts in on purpose.
#include <filesystem>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/tiering.hpp"
#include "support/load_fixture.hpp"

namespace fs = std::filesystem;
namespace mf = modelfunnel;

namespace {

mf::GenerateOptions small(std::uint64_t accounts) {
  mf::GenerateOptions o;
  o.leads = 50;
  o.accounts = accounts;
  return o;
}

}  // namespace

TEST_CASE("generate accounts: same seed, same bytes, and the other files unchanged", "[generate][accounts]") {
  mf_test::TempDir a, b, plain;
  REQUIRE(mf::generate_csv(small(300), a.path()).ok());
  REQUIRE(mf::generate_csv(small(300), b.path()).ok());
  REQUIRE(mf::generate_csv(small(0), plain.path()).ok());
  for (const char* f : {"accounts.csv", "contacts.csv", "activities.csv"}) {
    INFO(f);
    CHECK(mf_test::read_text(a.path() / f) == mf_test::read_text(b.path() / f));
    CHECK_FALSE(fs::exists(plain.path() / f));
  }
  for (const char* f : {"leads.csv", "events.csv", "touches.csv", "campaigns.csv"}) {
    INFO(f);
    CHECK(mf_test::read_text(a.path() / f) == mf_test::read_text(plain.path() / f));
  }
  CHECK(mf_test::read_text(a.path() / "accounts.csv")
            .starts_with("account,sector,year_established,revenue,employees,office_location,subsidiary_of,owner\n"));

  mf::GenerateOptions other = small(300);
  other.seed = 7;
  mf_test::TempDir c;
  REQUIRE(mf::generate_csv(other, c.path()).ok());
  CHECK(mf_test::read_text(a.path() / "accounts.csv") != mf_test::read_text(c.path() / "accounts.csv"));

  mf::GenerateOptions too_many = small(100'000'001);
  CHECK(mf::generate_csv(too_many, c.path()).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("generate accounts: tiered and covered by the tiering engine", "[generate][accounts][tiering]") {
  mf_test::TempDir dir;
  REQUIRE(mf::generate_csv(small(2'000), dir.path()).ok());
  auto accounts = mf::read_csv_table(dir.path() / "accounts.csv");
  auto contacts = mf::read_csv_table(dir.path() / "contacts.csv");
  auto activities = mf::read_csv_table(dir.path() / "activities.csv");
  REQUIRE(accounts.ok());
  REQUIRE(contacts.ok());
  REQUIRE(activities.ok());
  CHECK(accounts->rows.size() == 2'000);
  auto model = mf::FitModel::load_file(fs::path(MF_SOURCE_DIR) / "examples/tiering/maven_fit.json");
  REQUIRE(model.ok());
  auto tiering = mf::tier_accounts(*accounts, *model);
  REQUIRE(tiering.ok());
  REQUIRE(tiering->tiers.size() == 3);
  CHECK(tiering->tiers[0].count == 300);  // 15% of 2,000
  CHECK(tiering->tiers[1].count == 500);
  CHECK(tiering->tiers[2].count == 1'200);

  mf::CoverageOptions opt;
  opt.owner_column = "owner";
  auto coverage = mf::check_coverage(*accounts, *tiering, *model, *contacts, &*activities, nullptr, opt);
  REQUIRE(coverage.ok());
  const mf::CoverageCounts& n = coverage->counts;
  // About 1% each, on purpose.
  CHECK(n.contacts_unknown_account > 20);
  CHECK(n.contacts_unknown_account < 200);
  CHECK(n.contacts_duplicate > 20);
  CHECK(n.contacts_duplicate < 200);
  CHECK(n.contacts_blank_role > 0);
  CHECK(n.activities_unknown_contact > 50);
  CHECK(n.activities_duplicate > 50);
  CHECK(coverage->accounts_with_gaps > 0);
  CHECK(coverage->accounts_with_gaps < 2'000);
  std::set<mf::CoverageGap> kinds;
  for (const mf::AccountCoverage& a : coverage->accounts) kinds.insert(a.gaps.begin(), a.gaps.end());
  CHECK(kinds.size() >= 3);
  CHECK(coverage->reps.size() > 10);  // rep1..rep40, and accounts without one
}
