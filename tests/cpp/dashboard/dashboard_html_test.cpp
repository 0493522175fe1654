// The dashboard's HTML as text: escaping, numbers for people, the
// significance tests pinned by hand, every section present, the figures on
// the page equal to the funnel report's, errors, and the same bytes for any
// thread count. tools/dashboard_browser.py checks the page in a browser.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "dashboard/html_text.hpp"
#include "dashboard/significance.hpp"
#include "modelfunnel/attribution.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/load.hpp"
#include "support/load_fixture.hpp"

namespace mf = modelfunnel;
namespace d = modelfunnel::internal::dashboard;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

mf::Timestamp day(const char* iso) { return *mf::parse_timestamp(iso, mf::TimeFormat::iso8601()); }

const mf::DataSet& generated() {
  static const mf::DataSet data = [] {
    mf::GenerateOptions g;
    g.leads = 3000;
    g.seed = 5;
    return *mf::generate_dataset(g);
  }();
  return data;
}

/// Two leads: one whose channel and loss reason try to inject HTML.
mf::DataSet hostile() {
  mf::DataSetBuilder b;
  const std::size_t channel = *b.add_attribute("channel", mf::AttributeType::kString);
  const mf::RecordIndex l1 = b.record("L1"), l2 = b.record("<b>L2</b>");
  REQUIRE(b.set_attribute(l1, channel, std::string_view("<script>alert(1)</script>")).ok());
  REQUIRE(b.set_attribute(l2, channel, std::string_view("web")).ok());
  mf::Event e;
  e.record = l1;
  e.stage = b.stage("lead");
  e.time = day("2025-01-01");
  REQUIRE(b.add_event(e).ok());
  e.stage = b.stage("closed_lost");
  e.time = day("2025-01-05");
  e.reason = "\"><img src=x onerror=alert(2)>";
  REQUIRE(b.add_event(e).ok());
  return *std::move(b).finish();
}

}  // namespace

TEST_CASE("dashboard escape replaces the five HTML specials", "[dashboard]") {
  CHECK(d::escape("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  CHECK(d::escape("plain ünïcode") == "plain ünïcode");
}

TEST_CASE("dashboard numbers are spelled for people", "[dashboard]") {
  CHECK(d::format_count(0) == "0");
  CHECK(d::format_count(1234) == "1,234");
  CHECK(d::format_count(16441900) == "16,441,900");
  CHECK(d::format_compact(987) == "987");
  CHECK(d::format_compact(16441900) == "16.4M");
  CHECK(d::format_compact(12345) == "12.3K");
  CHECK(d::format_compact(999960) == "1.0M");
  CHECK(d::format_compact(2.1e9) == "2.1B");
  CHECK(d::format_percent(0.41234) == "41.2%");
  CHECK(d::format_percent(std::nan("")) == "\u2013");
  CHECK(d::format_points(0.013) == "+1.3 pp");
  CHECK(d::format_points(-0.004) == "\u22120.4 pp");
  CHECK(d::format_days(12.46) == "12.5 d");
  CHECK(d::format_money(849.6) == "850");
  CHECK(d::format_money(7372.02) == "7.4K");
  CHECK(d::format_money(16441900) == "16.4M");
  CHECK(d::format_signed_count(-1234) == "\u22121,234");
  CHECK(d::raw_number(16441900) == "16441900");
  CHECK(d::raw_number(0.25) == "0.25");
}

TEST_CASE("dashboard significance tests pinned by hand", "[dashboard]") {
  // 60/100 vs 40/100: pooled 0.5, se = sqrt(.25 * .02) = 0.0707, z = 2.828.
  const d::Significance a = d::two_proportion_test(60, 100, 40, 100);
  CHECK(a.tested);
  CHECK(a.significant);
  CHECK(a.z == Approx(2.8284).epsilon(1e-4));
  // 55/100 vs 50/100: z = 0.708, not significant.
  CHECK_FALSE(d::two_proportion_test(55, 100, 50, 100).significant);
  CHECK_FALSE(d::two_proportion_test(0, 0, 5, 10).tested);
  CHECK_FALSE(d::two_proportion_test(10, 10, 5, 5).tested);  // no variance
  // Counts 130 vs 100: z = 30 / sqrt(230) = 1.978 (significant); 120 vs 100: 1.348.
  CHECK(d::count_test(130, 100).significant);
  CHECK(d::count_test(130, 100).z == Approx(1.9781).epsilon(1e-4));
  CHECK_FALSE(d::count_test(120, 100).significant);
  CHECK_FALSE(d::count_test(0, 0).tested);
}

TEST_CASE("dashboard page has every section with data", "[dashboard]") {
  mf::DashboardOptions o;
  o.by = {"channel", "segment"};
  o.from = day("2024-07-01");
  o.to = day("2025-01-01");
  o.threads = 1;
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(html->rfind("<!DOCTYPE html>", 0) == 0);
  for (const char* id : {"kpis", "funnel", "trends", "breakdown", "loss-reasons", "stage-graph"})
    CHECK(has(*html, std::string("<section id=\"") + id + "\""));
  CHECK_FALSE(has(*html, "<section id=\"qualification\""));  // no rules given
  CHECK(has(*html, "data-by=\"channel\""));
  CHECK(has(*html, "data-by=\"segment\""));
  CHECK(has(*html, "two-proportion z-test"));
  CHECK(has(*html, "Bottleneck: "));
  CHECK(has(*html, "prefers-color-scheme:dark"));
  CHECK_FALSE(has(*html, "http://"));  // nothing fetched
  CHECK_FALSE(has(*html, "https://"));
  CHECK_FALSE(has(*html, "e+0"));      // no printf %g spellings
  // Semantic HTML: headers of tables are scoped.
  CHECK(has(*html, "<th scope=\"col\">"));
  CHECK(has(*html, "<th scope=\"row\">"));
}

TEST_CASE("dashboard figures equal the funnel report's", "[dashboard]") {
  mf::DashboardOptions o;
  o.from = day("2024-07-01");
  o.to = day("2025-01-01");
  o.threads = 1;
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  mf::FunnelOptions f;
  f.from = o.from;
  f.to = o.to;
  f.threads = 1;
  const auto report = mf::funnel_report(generated(), mf::StageGraph::the_model(), f);
  REQUIRE(report.ok());
  for (const mf::StageRow& s : report->groups.front().stages) {
    const std::regex row("<tr data-stage=\"" + s.stage + "\"[^>]*>.*?data-col=\"reached\" data-value=\"(\\d+)\"");
    std::smatch m;
    REQUIRE(std::regex_search(*html, m, row));
    CHECK(std::stoull(m[1]) == s.reached);
  }
  for (const mf::TeamRow& t : report->groups.front().teams) {
    if (t.input == 0) continue;
    // A joint team's id ("sdr|bdr") has a '|', which a regex reads as "or".
    const std::string id = std::regex_replace(t.team, std::regex("\\|"), "\\|");
    const std::regex card("data-team=\"" + id + "\">.*?data-metric=\"input\" data-value=\"(\\d+)\"");
    std::smatch m;
    REQUIRE(std::regex_search(*html, m, card));
    CHECK(std::stoull(m[1]) == t.input);
  }
}

TEST_CASE("dashboard escapes every text from the data", "[dashboard]") {
  mf::DashboardOptions o;
  o.title = "<i>Q1</i>";
  const auto html = mf::dashboard_html(hostile(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(has(*html, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  CHECK(has(*html, "&lt;i&gt;Q1&lt;/i&gt;"));
  CHECK_FALSE(has(*html, "<script>alert"));
  CHECK_FALSE(has(*html, "<img"));
  CHECK_FALSE(has(*html, "<i>"));
}

TEST_CASE("dashboard with qualification rules adds its section", "[dashboard]") {
  const auto rules = mf::QualifyRules::load_file(MF_SOURCE_DIR "/examples/qualify/bant.json", generated());
  REQUIRE(rules.ok());
  mf::DashboardOptions o;
  o.qualify_rules = *rules;
  o.period = mf::DashboardPeriod::kWeek;
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"qualification\""));
  CHECK(has(*html, "id=\"lift-table\""));
  CHECK(has(*html, "by week of funnel entry"));
}

TEST_CASE("dashboard refuses bad options with the option named", "[dashboard]") {
  mf::DashboardOptions o;
  o.by = {"nope"};
  auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(absl::IsInvalidArgument(html.status()));
  CHECK(has(std::string(html.status().message()), "no attribute 'nope'"));
  o.by.clear();
  o.from = o.to = day("2025-01-01");
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "from must be before to"));
}

TEST_CASE("dashboard is the same for every thread count", "[dashboard]") {
  mf::DashboardOptions o;
  o.threads = 1;
  const auto one = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  o.threads = 3;
  const auto three = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(one.ok());
  REQUIRE(three.ok());
  CHECK(*one == *three);
}

TEST_CASE("dashboard of an empty data set is a page without data sections", "[dashboard]") {
  mf::DataSetBuilder b;
  auto empty = std::move(b).finish();
  REQUIRE(empty.ok());
  mf::DashboardOptions o;
  o.from = day("2025-01-01");
  o.to = day("2025-02-01");
  const auto html = mf::dashboard_html(*empty, mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"stage-graph\""));  // the process exists without data
  CHECK_FALSE(has(*html, "<section id=\"kpis\""));    // no team has records
  CHECK_FALSE(has(*html, "<section id=\"loss-reasons\""));
  CHECK_FALSE(has(*html, "<section id=\"trends\""));
}

TEST_CASE("dashboard attribution section: the engine's linear credits per channel, escaped", "[dashboard]") {
  mf::DashboardOptions o;
  o.threads = 1;
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  REQUIRE(generated().touch_count() > 0);
  CHECK(has(*html, "<section id=\"attribution\""));
  mf::AttributionOptions a;
  a.models = {mf::AttributionModel::kLinear};
  a.threads = 1;
  const auto credited = mf::attribute(generated(), a);
  REQUIRE(credited.ok());
  REQUIRE_FALSE(credited->credits.empty());
  for (const mf::ChannelCredit& c : credited->credits) {
    INFO(c.channel);
    CHECK(has(*html, d::escape(c.channel) + " \u00B7 " + d::format_compact(c.conversions) + " (" +
                         d::format_percent(c.share) + ", linear)"));
  }
  CHECK(has(*html, d::format_compact(credited->totals.conversions) + " conversions (of every period"));
}

TEST_CASE("dashboard attribution section: a hostile channel from a touches file is text", "[dashboard]") {
  mf_test::TempDir dir;
  dir.write("leads.csv", "lead_id,channel\nL1,web\n");
  dir.write("events.csv",
            "lead_id,stage,ts,amount,reason\n"
            "L1,lead,2025-01-01T00:00:00Z,,\n"
            "L1,closed_won,2025-02-01T00:00:00Z,1000,\n");
  dir.write("touches.csv",
            "lead_id,ts,campaign,channel\n"
            "L1,2024-12-20T00:00:00Z,C1,<script>alert(1)</script>\n"
            "L1,2024-12-28T00:00:00Z,C2,web\n");
  const auto mapping = mf::Mapping::from_json(R"({"version": 1, "tables": [
    {"name": "leads", "kind": "records", "file": ")" + (dir.path() / "leads.csv").string() + R"(", "id": "lead_id",
     "attributes": {"channel": "string"}},
    {"name": "events", "kind": "events", "file": ")" + (dir.path() / "events.csv").string() + R"(",
     "record": "lead_id", "stage": "stage", "time": "ts", "amount": "amount", "reason": "reason"},
    {"name": "touches", "kind": "touches", "file": ")" + (dir.path() / "touches.csv").string() + R"(",
     "record": "lead_id", "time": "ts", "campaign": "campaign", "channel": "channel"}]})");
  REQUIRE(mapping.ok());
  const auto loaded = mf::load(*mapping);
  REQUIRE(loaded.ok());
  mf::DashboardOptions o;
  o.threads = 1;
  const auto html = mf::dashboard_html(loaded->data, mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"attribution\""));
  CHECK_FALSE(has(*html, "<script>alert"));
  // One conversion, two touches: half each under the linear model.
  CHECK(has(*html, "&lt;script&gt;alert(1)&lt;/script&gt; \u00B7 0.50 (50.0%, linear)"));
}
