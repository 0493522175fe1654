// check_coverage() against the reference (reference_coverage.cpp) on
// seeded random messy inputs: contacts of unknown or blank accounts,
// repeated contact rows, blank and oddly spelt roles, activities out of
// date order, repeated exactly, of unknown contacts, with blank or oddly
// spelt channels, touches after an as-of day, plays overridden at random,
// reps from an owner column with blanks.
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "reference_coverage.hpp"
#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

struct Case {
  std::string accounts, contacts, activities, model;
  std::optional<std::string> as_of;
};

Case make_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  Case c;
  const int n = 1 + pick(25);
  const char* owners[] = {"ann", "bob", " cy ", ""};
  c.accounts = "id,value,owner\n";
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    ids.push_back("acc" + std::to_string(i));
    c.accounts += ids.back() + "," + std::to_string(pick(10) * 10) + "," + owners[pick(4)] + "\n";
  }
  const char* channel_names[] = {"email", "phone", "event", "linkedin"};
  auto names = [&](int most) {
    std::string out = "[";
    for (int i = 0, k = pick(most + 1); i < k; ++i) out += std::string(i ? ", " : "") + "\"" + channel_names[i] + "\"";
    return out + "]";
  };
  std::string plays = "[";
  const char* tiers[] = {"A", "B", "C"};
  for (int t = 0; t < 3; ++t) {
    if (pick(2)) continue;
    plays += std::string(plays.size() > 1 ? ", " : "") + "{\"tier\": \"" + tiers[t] + "\"" +
             ", \"min_contacts\": " + std::to_string(pick(4)) + ", \"min_cadence_months\": " + std::to_string(pick(4)) +
             ", \"max_silence_days\": " + std::to_string(5 + pick(60)) + ", \"required_channels\": " + names(2) +
             ", \"campaign_channels\": " + names(2) +
             (pick(2) ? std::string(", \"key_roles\": [\"decision maker\", \"champion\"]") : std::string()) + "}";
  }
  plays += "]";
  c.model = value_model(R"([{"name": "A", "share": 0.3}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.4}])",
                        ", \"owner\": \"owner\", \"plays\": " + plays);
  const char* roles[] = {"Decision Maker", "decision  maker", "champion", "user", "", " "};
  c.contacts = "account_id,contact_id,role\n";
  std::vector<std::string> contact_ids, rows;
  for (int i = 0, m = pick(4 * n + 1); i < m; ++i) {
    std::string account = pick(10) == 0 ? "ghost" + std::to_string(pick(3)) : pick(30) == 0 ? "" : ids[static_cast<std::size_t>(pick(n))];
    std::string id = "k" + std::to_string(i);
    std::string row = (pick(5) == 0 ? " " : "") + account + "," + id + "," + roles[pick(6)];
    rows.push_back(row);
    contact_ids.push_back(id);
    if (pick(8) == 0) rows.push_back(row);  // repeated
  }
  for (const auto& r : rows) c.contacts += r + "\n";
  const char* channels[] = {"email", "Email", " phone", "PHONE", "event", "linkedin", ""};
  const char* campaigns[] = {"", "", "spring", " summer "};
  c.activities = "contact_id,time,channel,campaign\n";
  for (int i = 0, m = pick(10 * n + 1); i < m; ++i) {
    std::string contact = contact_ids.empty() || pick(12) == 0 ? "nobody" : contact_ids[static_cast<std::size_t>(pick(static_cast<int>(contact_ids.size())))];
    char time[64];
    std::snprintf(time, sizeof time, pick(3) ? "2024-%02d-%02d" : "2024-%02d-%02dT10:30:00Z", 1 + pick(12), 1 + pick(28));
    std::string row = contact + "," + time + "," + channels[pick(7)] + "," + campaigns[pick(4)] + "\n";
    c.activities += row;
    if (pick(10) == 0) c.activities += row;  // repeated exactly
  }
  if (pick(3) == 0) {
    char day[48];
    std::snprintf(day, sizeof day, "2024-%02d-%02d", 1 + pick(12), 1 + pick(28));
    c.as_of = day;
  }
  return c;
}

}  // namespace

TEST_CASE("coverage: the engine agrees with the reference on seeded messy inputs", "[tiering][coverage][differential]") {
  // What the seeds exercised, so a generator change cannot make the test vacuous.
  std::map<std::string, int> seen;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Case c = make_case(seed);
    INFO("seed " << seed << "\nmodel " << c.model << "\naccounts\n" << c.accounts << "contacts\n" << c.contacts
                 << "activities\n" << c.activities);
    const auto accounts = table(c.accounts);
    const auto m = model(c.model);
    auto t = mf::tier_accounts(accounts, m);
    REQUIRE(t.ok());
    auto contacts = mf::parse_csv_table(c.contacts, "contacts.csv");
    REQUIRE(contacts.ok());
    auto activities = mf::parse_csv_table(c.activities, "activities.csv");
    REQUIRE(activities.ok());
    mf::CoverageOptions o;
    if (c.as_of) o.as_of = *mf::parse_timestamp(*c.as_of, mf::TimeFormat::iso8601());
    auto got = mf::check_coverage(accounts, *t, m, *contacts, &*activities, nullptr, o);
    INFO(got.status().ToString());
    REQUIRE(got.ok());

    std::map<std::string, std::string> tier_of, rep_of;
    for (const auto& a : t->accounts) tier_of[a.id] = t->tiers[a.tier].name;
    for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
      std::string owner = accounts.rows[r][2];
      while (!owner.empty() && owner.front() == ' ') owner.erase(0, 1);
      while (!owner.empty() && owner.back() == ' ') owner.pop_back();
      rep_of[accounts.rows[r][0]] = owner;
    }
    const auto want = reference_coverage(m.plays(), tier_of, rep_of, *contacts, *activities, c.as_of);

    const auto& k = got->counts;
    CHECK(k.contacts_unknown_account == want.contacts_unknown_account);
    CHECK(k.contacts_duplicate == want.contacts_duplicate);
    CHECK(k.contacts_blank_role == want.contacts_blank_role);
    CHECK(k.activities_unknown_contact == want.activities_unknown_contact);
    CHECK(k.activities_duplicate == want.activities_duplicate);
    CHECK(k.activities_after_as_of == want.activities_after_as_of);
    REQUIRE(got->accounts.size() == want.accounts.size());
    for (const auto& a : got->accounts) {
      INFO("account " << a.id);
      const ReferenceCoverage& w = want.accounts.at(a.id);
      CHECK(t->tiers[a.tier].name == w.tier);
      CHECK(a.rep == w.rep);
      CHECK(a.contacts == w.contacts);
      CHECK(a.key_contacts == w.key_contacts);
      CHECK(a.contacts_reached == w.reached);
      CHECK(a.touches == w.touches);
      CHECK(a.campaign_touches == w.campaign_touches);
      CHECK((a.first_touch ? mf::format_timestamp(*a.first_touch).substr(0, 10) : "") == w.first);
      CHECK((a.last_touch ? mf::format_timestamp(*a.last_touch).substr(0, 10) : "") == w.last);
      CHECK(a.cadence_days == w.cadence_days);
      CHECK(a.cadence_running == w.running);
      CHECK(a.missing_channels == w.missing_channels);
      std::vector<std::string> gaps;
      for (auto g : a.gaps) gaps.emplace_back(mf::to_string(g));
      for (const auto& g : gaps) ++seen[g];
      if (a.gaps.empty()) ++seen["none"];
      CHECK(gaps == w.gaps);
    }
    REQUIRE(got->reps.size() == want.reps.size());
    for (const auto& r : got->reps) {
      INFO("rep '" << r.rep << "'");
      const auto& w = want.reps.at(r.rep);
      CHECK(std::vector<std::uint64_t>{r.accounts, r.with_gaps, r.contacts, r.cadence, r.channel, r.campaign,
                                       r.contacts_to_reach} == w);
    }
    seen["unknown_account"] += k.contacts_unknown_account > 0;
    seen["duplicate_contact"] += k.contacts_duplicate > 0;
    seen["duplicate_activity"] += k.activities_duplicate > 0;
    seen["after_as_of"] += k.activities_after_as_of > 0;
    seen["unknown_contact"] += k.activities_unknown_contact > 0;
  }
  for (const char* what : {"contacts", "cadence", "channel", "campaign", "none", "unknown_account", "duplicate_contact",
                           "duplicate_activity", "after_as_of", "unknown_contact"}) {
    INFO(what);
    CHECK(seen[what] >= 10);
  }
}
