// `modelfunnel dashboard`: the page written where --out says, with --by,
// --from/--to, --period, --rules, --threads and --timing; the sections with
// inputs of their own (--target/--period, --policy/--as-of,
// --accounts/--fit-model) and how the older --policy and --period values
// keep their meaning; usage errors.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string& dashboard_data() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string d = (dir.path() / "data").string();
    REQUIRE(run("generate --leads 2000 --seed 9 --out '" + d + "'").code == 0);
    return d;
  }();
  return path;
}

}  // namespace

TEST_CASE("cli dashboard writes the page and says where", "[cli][dashboard]") {
  TempDir out;
  const std::string page = (out.path() / "dash.html").string();
  Run r = run("dashboard --data '" + dashboard_data() + "' --out '" + page +
              "' --by channel,segment --from 2024-07-01 --to 2025-01-01 --period week --threads 1 "
              "--rules '" MF_SOURCE_DIR "/examples/qualify/bant.json' --timing --title 'Q3 <team>'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.err, "dashboard written to " + page));
  CHECK(contains(r.err, "load_s="));
  CHECK(contains(r.err, " compute_s="));
  CHECK(contains(r.err, " rss_mb="));
  const std::string html = read_text(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "Q3 &lt;team&gt;"));
  CHECK(contains(html, "<section id=\"qualification\""));
  CHECK(contains(html, "data-by=\"segment\""));
  CHECK(contains(html, "by week of funnel entry"));
}

TEST_CASE("cli dashboard sections with inputs of their own", "[cli][dashboard]") {
  TempDir out;
  const std::string page = (out.path() / "dash.html").string();
  out.write("accounts.csv", "account,size\na1,90\na2,50\na3,\n");
  out.write("fit.json", R"({"version": 1, "id": "account",
    "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
    "tiers": [{"name": "A", "share": 0.34}, {"name": "B", "share": 0.66}]})");
  Run r = run("dashboard --data '" + dashboard_data() + "' --out '" + page +
              "' --target 1,500,000 --period 2025-Q3 --trends week --as-of 2025-08-15 --policy '" MF_SOURCE_DIR
              "/examples/reengage/policy.json' --accounts '" + (out.path() / "accounts.csv").string() +
              "' --fit-model '" + (out.path() / "fit.json").string() + "' --load-policy skip --threads 1");
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::string html = read_text(page);
  CHECK(contains(html, "<section id=\"revenue-plan\""));
  CHECK(contains(html, "for 2025-Q3"));
  CHECK(contains(html, "<section id=\"reengagement\""));
  CHECK(contains(html, "As of 2025-08-15:"));
  CHECK(contains(html, "<section id=\"tiering\""));
  CHECK(contains(html, "by week of funnel entry"));
  // The queue is the one `modelfunnel reengage --as-of` gives for the same day.
  Run q = run("reengage --data '" + dashboard_data() + "' --policy '" MF_SOURCE_DIR
              "/examples/reengage/policy.json' --as-of 2025-08-15 --format csv");
  REQUIRE(q.code == 0);
  const std::size_t due = static_cast<std::size_t>(std::count(q.out.begin(), q.out.end(), '\n')) - 1;
  CHECK(contains(html, "data-due=\"" + std::to_string(due) + "\""));
  // The old meanings: --policy skip is the load policy, --period week the trends.
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --policy skip --period week");
  REQUIRE(r.code == 0);
  html = read_text(page);
  CHECK(contains(html, "by week of funnel entry"));
  CHECK_FALSE(contains(html, "<section id=\"reengagement\""));
  CHECK_FALSE(contains(html, "<section id=\"revenue-plan\""));
}

TEST_CASE("cli dashboard coverage gaps from --contacts and --activities, as tier finds them", "[cli][dashboard]") {
  TempDir out;
  const std::string page = (out.path() / "dash.html").string();
  out.write("accounts.csv", "account,size,rep\na1,90,r1\na2,50,r2\na3,10,r2\n");
  out.write("fit.json", R"({"version": 1, "id": "account",
    "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
    "tiers": [{"name": "A", "share": 0.34}, {"name": "C", "share": 0.66}]})");
  out.write("contacts.csv", "account_id,contact_id,role\na1,c1,cfo\na3,c3,\n");
  out.write("activities.csv", "contact_id,time,channel,campaign\nc1,2025-01-05,email,\nc3,2025-02-01,email,x\n");
  const std::string files = " --accounts '" + (out.path() / "accounts.csv").string() + "' --contacts '" +
                            (out.path() / "contacts.csv").string() + "' --activities '" +
                            (out.path() / "activities.csv").string() + "' --owner-by rep --as-of 2025-06-30";
  Run r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --fit-model '" +
              (out.path() / "fit.json").string() + "'" + files + " --threads 1");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string html = read_text(page);
  Run t = run("tier --model '" + (out.path() / "fit.json").string() + "'" + files + " --format csv --table rep_gaps");
  REQUIRE(t.code == 0);
  // rep,accounts,with_gaps,...: r1 has a1 (contacts, cadence), r2 a2 (no campaign).
  CHECK(contains(t.out, "r1,1,1,1,1,0,0,4\n"));
  CHECK(contains(t.out, "r2,2,1,0,0,0,1,0\n"));
  CHECK(contains(html, "data-accounts=\"3\" data-with-gaps=\"2\" data-as-of=\"2025-06-30\""));
  CHECK(contains(html, "<tr data-rep=\"r1\"><th scope=\"row\">r1</th><td data-col=\"accounts\" data-value=\"1\">"));
  CHECK(contains(html, "<tr data-account=\"a1\" data-gaps=\"contacts;cadence\">"));
  // Each flag needs the one before it.
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --contacts c.csv");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--contacts needs --accounts FILE --fit-model FILE"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --activities a.csv");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--activities needs --contacts FILE"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --owner-by rep");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--owner-by needs --contacts FILE"));
}

TEST_CASE("cli dashboard usage errors exit 2 with the flag named", "[cli][dashboard]") {
  Run r = run("dashboard --data '" + dashboard_data() + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--out FILE is required"));
  TempDir out;
  const std::string page = (out.path() / "x.html").string();
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --by nope");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "no attribute 'nope'"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --period year");
  CHECK(r.code == 2);
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --from 2025-01-01 --to 2024-01-01");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "from must be before to"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --target 1000");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--target needs --period P"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --period 2025-Q3");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "with --target AMOUNT"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --target 1000 --period 2025-Q9");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--period: "));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --target -5 --period 2025-Q3");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--target: expected a positive amount"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --accounts a.csv");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--accounts and --fit-model go together"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --trends week --period month");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "not both"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --policy /nonexistent/policy.json");
  CHECK(r.code == 1);
  CHECK(contains(r.err, "/nonexistent/policy.json"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --target 1000 --period 2020-Q1");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "dashboard: revenue plan: "));
  r = run("dashboard --help");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "usage: modelfunnel dashboard"));
}

#endif  // MF_CLI_PATH
