// check_coverage() on a small case worked by hand: every kind of gap once
// (contacts, cadence, channel, campaign), an account without any, the rows
// left out counted (unknown account, repeated contact, unknown contact,
// repeated touch, touch after the as-of day), reps from an owner column
// and from an assignment, plays overridden in the model, and the errors.
#include <string>

#include <catch2/catch.hpp>

#include "tiering/calendar.hpp"
#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

// 5 accounts x (.4, .2, .4): A a1, a2; B b1; C c1, c2 (by value).
const std::string kTiers = R"([{"name": "A", "share": 0.4}, {"name": "B", "share": 0.2}, {"name": "C", "share": 0.4}])";
const std::string kAccounts =
    "id,value,owner\n"
    "c2,10,ann\n"
    "a1,90,ann\n"
    "b1,60,ann\n"
    "a2,80,bob\n"
    "c1,20,bob\n";

const std::string kContacts =
    "account_id,contact_id,role\n"
    "a1,k1,Decision maker\n"
    "a1,k2,champion\n"
    "a1,k3,\n"
    "a1,k4,user\n"
    "a1,k5,user\n"
    "a1,k1,Decision maker\n"  // repeated: counted once
    "a2,m1,decision maker\n"
    "a2,m2,champion\n"
    "b1,p1,buyer\n"
    "c1,q1,user\n"
    "c2,r1,user\n"
    "zz,x1,user\n";  // no such account

// Out of order on purpose. The latest touch (2024-06-30) is the as-of day.
const std::string kActivities =
    "contact_id,time,channel,campaign\n"
    "c1_typo,2024-05-01,email,\n"                    // no such contact
    "k3,2024-02-01,Email,\n"
    "k1,2024-01-10,phone,\n"
    "q1,2024-06-30T09:00:00Z,email,spring\n"
    "k2,2024-01-20,email,\n"
    "m1,2024-06-20,phone,\n"
    "k4,2024-02-15,linkedin,\n"
    "k5,2024-03-01,email,\n"
    "m1,2024-01-01,email,\n"
    "p1,2024-04-01,email,industry news\n"
    "q1,2024-06-30T09:00:00Z,email,spring\n"         // repeated exactly
    "r1,2024-05-05,phone,call blitz\n"
    "r1,2024-05-06,email,\n";

const mf::AccountCoverage& row(const mf::Coverage& c, const std::string& id) {
  for (const auto& a : c.accounts)
    if (a.id == id) return a;
  FAIL("no account " << id);
  return c.accounts.front();
}

using Gaps = std::vector<mf::CoverageGap>;

}  // namespace

TEST_CASE("coverage: each gap kind once, by hand", "[tiering][coverage]") {
  const std::string json = value_model(kTiers, R"(, "owner": "owner")");
  const auto accounts = table(kAccounts);
  const auto m = model(json);
  auto t = mf::tier_accounts(accounts, m);
  REQUIRE(t.ok());
  const auto contacts = table(kContacts);
  const auto activities = table(kActivities);
  auto c = mf::check_coverage(accounts, *t, m, contacts, &activities);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  CHECK(mf::format_timestamp(*c->as_of) == "2024-06-30T09:00:00Z");

  // a1: 5 contacts reached (any role is key), touches 2024-01-10 .. 03-01:
  // 51 days, short of 6 months, and silent 121 days > 30: the cadence stopped.
  const auto& a1 = row(*c, "a1");
  CHECK(a1.contacts == 5);
  CHECK(a1.contacts_reached == 5);
  CHECK(a1.touches == 5);
  CHECK(a1.cadence_days == 51);
  CHECK_FALSE(a1.cadence_running);
  CHECK(a1.channels == std::vector<std::string>{"email", "linkedin", "phone"});
  CHECK(a1.gaps == Gaps{mf::CoverageGap::kCadence});
  CHECK(a1.rep == "ann");
  // Pace: 5 touches over 172 days (01-10 to 06-30) = 5.65 months.
  CHECK(a1.touches_per_month == Approx(5 / (172 / 30.436875)));

  // a2: one of 5 contacts reached; cadence 01-01 .. 06-20 is short of
  // 07-01 but still going (10 days silent): only the contacts gap.
  const auto& a2 = row(*c, "a2");
  CHECK(a2.contacts_reached == 1);
  CHECK(a2.cadence_running);
  CHECK(a2.gaps == Gaps{mf::CoverageGap::kContacts});

  // b1: touched by email only: no phone.
  const auto& b1 = row(*c, "b1");
  CHECK(b1.missing_channels == std::vector<std::string>{"phone"});
  CHECK(b1.gaps == Gaps{mf::CoverageGap::kChannel});

  // c1: an email campaign: nothing missing (the repeated touch counts once).
  const auto& c1 = row(*c, "c1");
  CHECK(c1.touches == 1);
  CHECK(c1.campaign_touches == 1);
  CHECK(c1.gaps.empty());

  // c2: a campaign, but by phone (not a mass channel), and an email outside one.
  const auto& c2 = row(*c, "c2");
  CHECK(c2.campaign_touches == 0);
  CHECK(c2.gaps == Gaps{mf::CoverageGap::kCampaign});

  CHECK(c->accounts_with_gaps == 4);
  const auto& k = c->counts;
  CHECK(k.contacts == 12);
  CHECK(k.contacts_unknown_account == 1);
  CHECK(k.unknown_accounts == std::vector<std::string>{"zz"});
  CHECK(k.contacts_duplicate == 1);
  CHECK(k.contacts_blank_role == 1);
  CHECK(k.activities == 13);
  CHECK(k.activities_unknown_contact == 1);
  CHECK(k.activities_duplicate == 1);
  CHECK(k.activities_after_as_of == 0);

  // Per rep (owner column, by name): ann a1 b1 c2, bob a2 c1.
  REQUIRE(c->reps.size() == 2);
  CHECK(c->reps[0].rep == "ann");
  CHECK(c->reps[0].accounts == 3);
  CHECK(c->reps[0].with_gaps == 3);
  CHECK((c->reps[0].cadence == 1 && c->reps[0].channel == 1 && c->reps[0].campaign == 1 && c->reps[0].contacts == 0));
  CHECK(c->reps[0].contacts_to_reach == 0);
  CHECK(c->reps[1].rep == "bob");
  CHECK(c->reps[1].with_gaps == 1);
  CHECK(c->reps[1].contacts == 1);
  CHECK(c->reps[1].contacts_to_reach == 4);

  auto csv = mf::tiering_csv(*t, mf::TieringTable::kRepGaps, nullptr, &*c);
  REQUIRE(csv.ok());
  CHECK(*csv ==
        "rep,accounts,with_gaps,gap_contacts,gap_cadence,gap_channel,gap_campaign,contacts_to_reach\n"
        "ann,3,3,0,1,1,1,0\n"
        "bob,2,1,1,0,0,0,4\n");
  auto cov = mf::tiering_csv(*t, mf::TieringTable::kCoverage, nullptr, &*c);
  REQUIRE(cov.ok());
  CHECK(cov->find("a1,A,ann,5,5,5,5,5,2024-01-10,2024-03-01,51,6,false,") != std::string::npos);
  CHECK(cov->find(",email;linkedin;phone,,0,cadence\n") != std::string::npos);
  CHECK(cov->find("b1,B,ann,1,1,1,0,1,2024-04-01,2024-04-01,0,0,false,") != std::string::npos);
  auto doc = mf::tiering_json(*t, nullptr, &*c);
  REQUIRE(doc.ok());
  CHECK(doc->find("\"coverage\"") != std::string::npos);
  CHECK(doc->find("\"contacts_unknown_account\": 1") != std::string::npos);
}

TEST_CASE("coverage: an as-of day leaves later touches out and stops cadences", "[tiering][coverage]") {
  const auto accounts = table(kAccounts);
  const auto m = model(value_model(kTiers));
  auto t = mf::tier_accounts(accounts, m);
  REQUIRE(t.ok());
  const auto contacts = table(kContacts);
  const auto activities = table(kActivities);
  mf::CoverageOptions o;
  o.as_of = *mf::parse_timestamp("2024-05-31", mf::TimeFormat::iso8601());
  auto c = mf::check_coverage(accounts, *t, m, contacts, &activities, nullptr, o);
  REQUIRE(c.ok());
  // Later: m1's 06-20 and q1's 06-30 (its repeat is counted as a repeat).
  CHECK(c->counts.activities_after_as_of == 2);
  // a2 now has only 01-01, silent 151 days: cadence gap too.
  CHECK(row(*c, "a2").gaps == Gaps{mf::CoverageGap::kContacts, mf::CoverageGap::kCadence});
  // c1 has no touch left: campaign gap.
  CHECK(row(*c, "c1").gaps == Gaps{mf::CoverageGap::kCampaign});
  // No owner column: one row for accounts without a rep.
  REQUIRE(c->reps.size() == 1);
  CHECK(c->reps[0].rep.empty());
  CHECK(c->reps[0].accounts == 5);
}

TEST_CASE("coverage: a cadence of six calendar months is met, even when it stopped", "[tiering][coverage]") {
  const auto accounts = table("id,value\na,90\n");
  const auto m = model(value_model(R"([{"name": "A", "share": 1}])"));
  auto t = mf::tier_accounts(accounts, m);
  REQUIRE(t.ok());
  const auto contacts = table("account_id,contact_id,role\na,k1,\n");
  // 2023-08-31 + 6 months = 2024-02-29 (clamped, leap year).
  for (const auto& [last, gap] : std::vector<std::pair<std::string, bool>>{{"2024-02-28", true}, {"2024-02-29", false}}) {
    const auto activities = table("contact_id,time,channel\nk1,2023-08-31,email\nk1," + last + ",email\n");
    mf::CoverageOptions o;
    o.as_of = *mf::parse_timestamp("2024-12-31", mf::TimeFormat::iso8601());
    auto c = mf::check_coverage(accounts, *t, m, contacts, &activities, nullptr, o);
    REQUIRE(c.ok());
    const bool has_cadence_gap = std::find(c->accounts[0].gaps.begin(), c->accounts[0].gaps.end(),
                                           mf::CoverageGap::kCadence) != c->accounts[0].gaps.end();
    INFO(last);
    CHECK(has_cadence_gap == gap);
  }
  using namespace modelfunnel::internal::tiering;
  CHECK(add_months(days_from_civil(2024, 1, 31), 1) == days_from_civil(2024, 2, 29));
  CHECK(add_months(days_from_civil(2023, 11, 15), 3) == days_from_civil(2024, 2, 15));
  CHECK(add_months(days_from_civil(1969, 12, 31), 2) == days_from_civil(1970, 2, 28));
}

TEST_CASE("coverage: plays overridden in the model, key roles, reps from an assignment", "[tiering][coverage]") {
  const std::string json = value_model(kTiers, R"(, "plays": [
      {"tier": "A", "min_contacts": 2, "key_roles": ["Decision  Maker", "champion"], "min_cadence_months": 0},
      {"tier": "B", "required_channels": ["phone", "email"]}])");
  const auto accounts = table(kAccounts);
  const auto m = model(json);
  REQUIRE(m.plays().size() == 3);
  CHECK(m.plays()[0].min_contacts == 2);
  CHECK(m.plays()[0].personalisation == "account");  // kept from the default
  CHECK(m.plays()[0].key_roles == std::vector<std::string>{"decision maker", "champion"});
  CHECK(m.plays()[2].campaign_channels == std::vector<std::string>{"email", "event"});
  auto t = mf::tier_accounts(accounts, m);
  REQUIRE(t.ok());
  const std::vector<mf::TierRep> reps = {{"R1", {"*"}, 1, 2}, {"R2", {"*"}, 1, 1}};
  auto as = mf::assign_accounts(accounts, *t, reps);
  REQUIRE(as.ok());
  const auto contacts = table(kContacts);
  const auto activities = table(kActivities);
  auto c = mf::check_coverage(accounts, *t, m, contacts, &activities, &*as);
  REQUIRE(c.ok());
  // a1: key contacts k1 (decision maker), k2 (champion): both reached.
  CHECK(row(*c, "a1").key_contacts == 2);
  CHECK(row(*c, "a1").contacts_reached == 2);
  CHECK(row(*c, "a1").gaps.empty());
  // a2: m1 reached, m2 (champion) not: 1 of 2.
  CHECK(row(*c, "a2").gaps == Gaps{mf::CoverageGap::kContacts});
  CHECK(row(*c, "b1").missing_channels == std::vector<std::string>{"phone"});
  // Reps in the assignment's order, then the C accounts without one.
  REQUIRE(c->reps.size() == 3);
  CHECK(c->reps[0].rep == "R1");
  CHECK(c->reps[1].rep == "R2");
  CHECK(c->reps[0].accounts + c->reps[1].accounts == 3);
  CHECK(c->reps[2].rep.empty());
  CHECK(c->reps[2].accounts == 2);
}

TEST_CASE("coverage: errors name the place and the rule", "[tiering][coverage][errors]") {
  const auto accounts = table(kAccounts);
  const auto m = model(value_model(kTiers));
  auto t = mf::tier_accounts(accounts, m);
  REQUIRE(t.ok());
  auto error = [&](const std::string& contacts_csv, const std::string& activities_csv,
                   const mf::CoverageOptions& o = {}) {
    const auto contacts = mf::parse_csv_table(contacts_csv, "contacts.csv");
    REQUIRE(contacts.ok());
    const auto activities = mf::parse_csv_table(activities_csv, "activities.csv");
    REQUIRE(activities.ok());
    auto c = mf::check_coverage(accounts, *t, m, *contacts, &*activities, nullptr, o);
    REQUIRE_FALSE(c.ok());
    return std::string(c.status().message());
  };
  const std::string ok_acts = "contact_id,time,channel\n";
  CHECK(error("account,contact_id,role\n", ok_acts) ==
        "contacts.csv:1: coverage.column: no column \"account_id\" (a contacts file has account_id, contact_id and role)");
  CHECK(error("account_id,contact_id,role\na1, ,x\n", ok_acts) ==
        "contacts.csv:2:2: field 'contact_id': coverage.contact: blank contact_id");
  CHECK(error("account_id,contact_id,role\na1,k,x\na2,k,y\n", ok_acts) ==
        "contacts.csv:3:1: field 'account_id': coverage.contact: contact \"k\" is under account \"a1\" on line 2");
  CHECK(error("account_id,contact_id,role\na1,k,x\n", "contact_id,when,channel\n").find("no column \"time\"") !=
        std::string::npos);
  CHECK(error("account_id,contact_id,role\na1,k,x\n", "contact_id,time,channel\nk,soon,email\n")
            .rfind("activities.csv:2:2: field 'time': coverage.time: ", 0) == 0);
  CHECK(error("account_id,contact_id,role\na1,k,x\n", "contact_id,time,channel\nk,,email\n") ==
        "activities.csv:2:2: field 'time': coverage.time: blank time");
  mf::CoverageOptions o;
  o.owner_column = "rep";
  CHECK(error("account_id,contact_id,role\n", ok_acts, o).find("coverage.column: no column \"rep\"") !=
        std::string::npos);
}

TEST_CASE("coverage: plays in the fit model are checked like the rest", "[tiering][coverage][errors]") {
  auto error = [](const std::string& plays) {
    auto m = mf::FitModel::parse(value_model(kTiers, R"(, "plays": )" + plays));
    REQUIRE_FALSE(m.ok());
    return std::string(m.status().message());
  };
  CHECK(error(R"([{"tier": "D"}])") == "$.plays[0].tier: fit.play: names no tier of the model");
  CHECK(error(R"([{"tier": "A", "min_contacts": 2.5}])") ==
        "$.plays[0].min_contacts: fit.value: expected a whole number from 0 to 1000000");
  CHECK(error(R"([{"tier": "A", "channels": "email"}])") ==
        "$.plays[0].channels: fit.type: expected an array of strings, found string");
  CHECK(error(R"([{"tier": "A", "cadence": 6}])").rfind("$.plays[0].cadence: fit.key: unknown key", 0) == 0);
  CHECK(error(R"([{"tier": "A"}, {"tier": "A"}])") == "$.plays[1].tier: fit.duplicate: another play is for this tier");
  CHECK(error(R"([{"tier": "B", "personalisation": "bespoke"}])") ==
        "$.plays[0].personalisation: fit.value: expected \"account\", \"industry\" or \"mass\"");
  CHECK(error(R"([{"tier": "B", "key_roles": ["cfo", " CFO "]}])") ==
        "$.plays[0].key_roles[1]: fit.duplicate: listed twice (case and spaces are ignored)");
}

TEST_CASE("coverage: a tiering of another model is refused", "[tiering][coverage][errors]") {
  const auto accounts = table(kAccounts);
  auto t = mf::tier_accounts(accounts, model(value_model(kTiers)));
  REQUIRE(t.ok());
  const auto other = model(value_model(R"([{"name": "Gold", "share": 0.5}, {"name": "Rest", "share": 0.5}])"));
  auto c = mf::check_coverage(accounts, *t, other, table(kContacts), nullptr);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() == "coverage.model: the tiering is not of this model (its tiers differ)");
  // Tiers without a default play ask for nothing: no gaps.
  auto gold = mf::tier_accounts(accounts, other);
  REQUIRE(gold.ok());
  auto none = mf::check_coverage(accounts, *gold, other, table(kContacts), nullptr);
  REQUIRE(none.ok());
  CHECK(none->accounts_with_gaps == 0);
}
