// The coverage gaps under the dashboard's tier split (contacts and
// activities given with the accounts): the counts by rule, per rep and the
// worst accounts pinned by hand on a small case and equal to
// check_coverage()'s on a generated one; hostile account and rep names as
// text; half-given inputs refused. And the pipeline movement section when
// revenue_movement() refuses the graph: present, with the reason.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>
#include <regex>
#include <string>

#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/generate.hpp"

namespace mf = modelfunnel;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

mf::Timestamp day(const char* iso) { return *mf::parse_timestamp(iso, mf::TimeFormat::iso8601()); }

const mf::DataSet& generated() {
  static const mf::DataSet data = [] {
    mf::GenerateOptions g;
    g.leads = 1000;
    g.seed = 9;
    return *mf::generate_dataset(g);
  }();
  return data;
}

/// The data-value of the cell data-col=@p col in the row whose @p key is @p id.
std::string cell(const std::string& html, const std::string& key, const std::string& id, const std::string& col) {
  const std::regex row("<tr " + key + "=\"" + id + "\"[^>]*>.*?data-col=\"" + col + "\" data-value=\"([^\"]*)\"");
  std::smatch m;
  if (!std::regex_search(html, m, row)) return "(no such cell)";
  return m[1];
}

/// The data-account of the worst-accounts table's rows, in order.
std::vector<std::string> worst_ids(const std::string& html) {
  const std::size_t at = html.find("<table id=\"coverage-worst\"");
  if (at == std::string::npos) return {};
  const std::string table = html.substr(at, html.find("</table>", at) - at);
  std::vector<std::string> out;
  const std::regex row("<tr data-account=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

constexpr const char* kHostileRep = "<b>r2</b>";
constexpr const char* kHostileRepHtml = "&lt;b&gt;r2&lt;/b&gt;";

// Scores 95 90 | 70 65 60 | 40 30 20 10 0: A a1 a2, B a3 a4 a5, C the rest
// (the hostile account has no size: its lowest score, 0).
constexpr const char* kAccounts =
    "account,size,owner\n"
    "a1,95,r1\n"
    "a2,90,<b>r2</b>\n"
    "a3,70,r1\n"
    "a4,65,<b>r2</b>\n"
    "a5,60,\n"
    "a6,40,r1\n"
    "a7,30,r1\n"
    "a8,20,\n"
    "a9,10,\n"
    "<script>alert(1)</script>,,\n";

constexpr const char* kFitModel = R"({
  "version": 1, "id": "account",
  "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
  "tiers": [{"name": "A", "share": 0.2}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.5}]
})";

// The issue's plays (A: 5 contacts reached, 6 months; B: phone; C: a mass
// campaign), judged on 2025-06-30:
//   a1 five contacts touched, still going            -> none
//   a2 two contacts, Jan-Feb 2024 then silence       -> contacts (3 short), cadence
//   a3 a phone touch                                 -> none
//   a4 email only                                    -> channel
//   a5 no contacts                                   -> channel
//   a6 an email in a campaign                        -> none
//   a7 an email outside any campaign                 -> campaign
//   a8, a9, the hostile one: no contacts             -> campaign
// A contact of an unknown account and a touch of an unknown contact are
// left out and counted.
constexpr const char* kContacts =
    "account_id,contact_id,role\n"
    "a1,c11,cfo\na1,c12,cto\na1,c13,\na1,c14,buyer\na1,c15,user\n"
    "a2,c21,cfo\na2,c22,\n"
    "a3,c31,buyer\na4,c41,buyer\na6,c61,\na7,c71,\n"
    "zz,c99,\n";

constexpr const char* kActivities =
    "contact_id,time,channel,campaign\n"
    "c11,2025-01-01,email,\nc12,2025-02-01,phone,\nc13,2025-03-01,email,\nc14,2025-04-01,linkedin,\n"
    "c15,2025-06-20,email,\n"
    "c21,2024-01-10,email,\nc22,2024-02-10,phone,\n"
    "c31,2025-05-01,Phone,\nc41,2025-05-01,email,\n"
    "c61,2025-05-02,email,spring\nc71,2025-05-03,email,\n"
    "nobody,2025-05-03,email,\n";

mf::DashboardOptions with_coverage() {
  mf::DashboardOptions o;
  o.threads = 1;
  o.as_of = day("2025-06-30");
  o.accounts = *mf::parse_csv_table(kAccounts, "accounts.csv");
  auto model = mf::FitModel::parse(kFitModel);
  REQUIRE(model.ok());
  o.fit_model = *model;
  o.contacts = *mf::parse_csv_table(kContacts, "contacts.csv");
  o.activities = *mf::parse_csv_table(kActivities, "activities.csv");
  o.owner_column = "owner";
  return o;
}

}  // namespace

TEST_CASE("dashboard coverage gaps: by rule, per rep and the worst accounts, by hand", "[dashboard][coverage]") {
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), with_coverage());
  REQUIRE(html.ok());
  REQUIRE(has(*html, "id=\"coverage-summary\" data-accounts=\"10\" data-with-gaps=\"7\" data-as-of=\"2025-06-30\""));
  CHECK(cell(*html, "data-gap", "contacts", "accounts") == "1");
  CHECK(cell(*html, "data-gap", "contacts", "checked") == "2");
  CHECK(cell(*html, "data-gap", "cadence", "accounts") == "1");
  CHECK(cell(*html, "data-gap", "channel", "accounts") == "2");
  CHECK(cell(*html, "data-gap", "channel", "checked") == "3");
  CHECK(cell(*html, "data-gap", "campaign", "accounts") == "4");
  CHECK(cell(*html, "data-gap", "campaign", "checked") == "5");
  CHECK(cell(*html, "data-gap", "campaign", "share") == "0.8");
  // The rules come from the plays.
  CHECK(has(*html, "A: fewer than 5 key contacts reached"));
  CHECK(has(*html, "B: no phone touch"));

  CHECK(cell(*html, "data-rep", "r1", "accounts") == "4");
  CHECK(cell(*html, "data-rep", "r1", "with_gaps") == "1");
  CHECK(cell(*html, "data-rep", "r1", "gap_campaign") == "1");
  CHECK(cell(*html, "data-rep", kHostileRepHtml, "with_gaps") == "2");
  CHECK(cell(*html, "data-rep", kHostileRepHtml, "gap_contacts") == "1");
  CHECK(cell(*html, "data-rep", kHostileRepHtml, "gap_cadence") == "1");
  CHECK(cell(*html, "data-rep", kHostileRepHtml, "gap_channel") == "1");
  CHECK(cell(*html, "data-rep", kHostileRepHtml, "contacts_to_reach") == "3");
  CHECK(cell(*html, "data-rep", "", "accounts") == "4");
  CHECK(cell(*html, "data-rep", "", "gap_campaign") == "3");
  CHECK(has(*html, "<table class=\"sortable\" id=\"coverage-reps\""));

  // Most gaps first, then the better tier, then rank order.
  CHECK(worst_ids(*html) == std::vector<std::string>{"a2", "a4", "a5", "a7", "a8", "a9",
                                                     "&lt;script&gt;alert(1)&lt;/script&gt;"});
  CHECK(has(*html, "<tr data-account=\"a2\" data-gaps=\"contacts;cadence\">"));
  CHECK(cell(*html, "data-account", "a2", "contacts_reached") == "2");

  // Left out and counted, as `modelfunnel tier` notes them.
  CHECK(has(*html, "1 contacts name an account that is not in the accounts file"));
  CHECK(has(*html, "1 activities name no known contact"));
  // Hostile names are text.
  CHECK(has(*html, kHostileRepHtml));
  CHECK_FALSE(has(*html, kHostileRep));
  CHECK_FALSE(has(*html, "<script>alert"));
}

TEST_CASE("dashboard coverage gaps equal check_coverage() on generated accounts", "[dashboard][coverage]") {
  // 300 accounts, 12 reps, random contacts and touches.
  std::mt19937_64 rng(17);
  std::string accounts = "account,size,owner\n", contacts = "account_id,contact_id,role\n",
              activities = "contact_id,time,channel,campaign\n";
  const char* channels[] = {"email", "phone", "event", "linkedin", ""};
  int contact = 0;
  for (int a = 0; a < 300; ++a) {
    accounts += "acc" + std::to_string(a) + "," + std::to_string(rng() % 100) + ",rep" + std::to_string(rng() % 12) +
                "\n";
    for (int c = static_cast<int>(rng() % 7); c > 0; --c, ++contact) {
      contacts += "acc" + std::to_string(a) + ",p" + std::to_string(contact) + ",\n";
      for (int t = static_cast<int>(rng() % 5); t > 0; --t) {
        const std::string month = std::to_string(101 + rng() % 12).substr(1);  // 01..12
        activities += "p" + std::to_string(contact) + ",2024-" + month + "-1" + std::to_string(rng() % 10) + "," +
                      channels[rng() % 5] + "," + (rng() % 3 ? "" : "camp") + "\n";
      }
    }
  }
  mf::DashboardOptions o;
  o.threads = 1;
  o.as_of = day("2024-12-31");
  o.accounts = *mf::parse_csv_table(accounts, "accounts.csv");
  o.fit_model = *mf::FitModel::parse(kFitModel);
  o.contacts = *mf::parse_csv_table(contacts, "contacts.csv");
  o.activities = *mf::parse_csv_table(activities, "activities.csv");
  o.owner_column = "owner";
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  INFO(html.status().message());
  REQUIRE(html.ok());
  const auto tiers = mf::tier_accounts(*o.accounts, *o.fit_model);
  REQUIRE(tiers.ok());
  mf::CoverageOptions c;
  c.as_of = o.as_of;
  c.owner_column = "owner";
  const auto cov = mf::check_coverage(*o.accounts, *tiers, *o.fit_model, *o.contacts, &*o.activities, nullptr, c);
  REQUIRE(cov.ok());
  REQUIRE(cov->accounts_with_gaps > 0);
  CHECK(has(*html, "data-with-gaps=\"" + std::to_string(cov->accounts_with_gaps) + "\""));
  std::uint64_t by_gap[4] = {};
  for (const mf::AccountCoverage& a : cov->accounts)
    for (mf::CoverageGap g : a.gaps) ++by_gap[static_cast<int>(g)];
  for (int g = 0; g < 4; ++g) {
    const std::string name(mf::to_string(static_cast<mf::CoverageGap>(g)));
    INFO(name);
    CHECK(cell(*html, "data-gap", name, "accounts") == std::to_string(by_gap[g]));
  }
  REQUIRE(cov->reps.size() == 12);
  for (const mf::RepCoverage& r : cov->reps) {
    INFO(r.rep);
    CHECK(cell(*html, "data-rep", r.rep, "accounts") == std::to_string(r.accounts));
    CHECK(cell(*html, "data-rep", r.rep, "with_gaps") == std::to_string(r.with_gaps));
    CHECK(cell(*html, "data-rep", r.rep, "gap_contacts") == std::to_string(r.contacts));
    CHECK(cell(*html, "data-rep", r.rep, "gap_cadence") == std::to_string(r.cadence));
    CHECK(cell(*html, "data-rep", r.rep, "gap_channel") == std::to_string(r.channel));
    CHECK(cell(*html, "data-rep", r.rep, "gap_campaign") == std::to_string(r.campaign));
    CHECK(cell(*html, "data-rep", r.rep, "contacts_to_reach") == std::to_string(r.contacts_to_reach));
  }
  CHECK(worst_ids(*html).size() == 10);
}

TEST_CASE("dashboard coverage gaps: half-given inputs and engine refusals are named", "[dashboard][coverage]") {
  mf::DashboardOptions o = with_coverage();
  o.accounts.reset();
  o.fit_model.reset();
  auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "contacts need accounts and fit_model"));
  o = with_coverage();
  o.contacts.reset();
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "activities need contacts"));
  o.activities.reset();
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "owner_column needs contacts"));
  // A contacts file without contact_id: the engine's error, prefixed.
  o = with_coverage();
  o.contacts = *mf::parse_csv_table("account_id,role\na1,cfo\n", "contacts.csv");
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(absl::IsInvalidArgument(html.status()));
  CHECK(has(std::string(html.status().message()), "dashboard: coverage gaps: "));
  CHECK(has(std::string(html.status().message()), "contact_id"));
  // Without contacts, the tier split has no coverage part.
  o = with_coverage();
  o.contacts.reset();
  o.activities.reset();
  o.owner_column.clear();
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"tiering\""));
  CHECK_FALSE(has(*html, "coverage-summary"));
}

TEST_CASE("dashboard coverage gaps without activities: nothing touched", "[dashboard][coverage]") {
  mf::DashboardOptions o = with_coverage();
  o.activities.reset();
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  // Every A account short of contacts, every B without a phone touch, every C in no campaign.
  CHECK(cell(*html, "data-gap", "contacts", "accounts") == "2");
  CHECK(cell(*html, "data-gap", "channel", "accounts") == "3");
  CHECK(cell(*html, "data-gap", "campaign", "accounts") == "5");
}

TEST_CASE("dashboard movement section says why when the engine refuses the graph", "[dashboard]") {
  // The Model with one more stage after won on the advance edges ("parked",
  // back into the funnel by a recycle edge): the main path no longer ends
  // at a won stage, so revenue_movement() refuses it.
  nlohmann::json g = nlohmann::json::parse(mf::StageGraph::the_model().to_json());
  g["stages"].push_back({{"id", "parked"}, {"name", "Parked <b>"}, {"teams", {"field_sales"}}, {"kind", "open"}});
  g["transitions"].push_back({{"from", "negotiation"}, {"to", "parked"}, {"kind", "advance"}});
  g["transitions"].push_back({{"from", "parked"}, {"to", "opportunity"}, {"kind", "recycle"}});
  const auto graph = mf::StageGraph::from_json(g.dump());
  INFO(graph.status().message());
  REQUIRE(graph.ok());
  mf::MovementOptions m;
  m.from = day("2024-07-01");
  m.to = day("2024-10-01");
  const auto refused = mf::revenue_movement(generated(), *graph, m);
  REQUIRE_FALSE(refused.ok());
  REQUIRE(absl::IsInvalidArgument(refused.status()));

  mf::DashboardOptions o;
  o.threads = 1;
  o.from = m.from;
  o.to = m.to;
  const auto html = mf::dashboard_html(generated(), *graph, o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"movement\""));
  CHECK(has(*html, "id=\"movement-refused\""));
  CHECK(has(*html, "main path must run from an entry stage to a won stage"));
  CHECK_FALSE(has(*html, "id=\"movement-table\""));
  // The rest of the page stands.
  CHECK(has(*html, "<section id=\"funnel\""));
}
