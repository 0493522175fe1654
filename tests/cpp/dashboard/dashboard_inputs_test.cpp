// The dashboard's sections that need inputs of their own: the re-engagement
// queue (a policy), the tier split (accounts and a fit model) and the
// revenue plan vs actual (a target and a period). Each is absent without its
// inputs, its figures are the engine's, and the texts it shows are escaped.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "dashboard/html_text.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/generate.hpp"

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

/// The data-value of the cell data-col=@p col in the row whose @p key is @p id.
std::string cell(const std::string& html, const std::string& key, const std::string& id, const std::string& col) {
  const std::regex row("<tr " + key + "=\"" + id + "\">.*?data-col=\"" + col + "\" data-value=\"([^\"]*)\"");
  std::smatch m;
  if (!std::regex_search(html, m, row)) return "(no such cell)";
  return m[1];
}

// Ten accounts scored by one attribute (points = the value), tiers 20/30/50:
// targets 2, 3 and 5. One account, with a hostile id, has no value (a range
// of 0..100 points: uncertain).
constexpr const char* kAccounts =
    "account,size\n"
    "a1,95\n"
    "a2,90\n"
    "a3,70\n"
    "a4,65\n"
    "a5,60\n"
    "a6,40\n"
    "a7,30\n"
    "a8,20\n"
    "a9,10\n"
    "<script>alert(1)</script>,\n";

constexpr const char* kFitModel = R"({
  "version": 1, "id": "account",
  "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
  "tiers": [{"name": "A", "share": 0.2}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.5}]
})";

mf::DashboardOptions with_tiers() {
  mf::DashboardOptions o;
  o.threads = 1;
  o.accounts = *mf::parse_csv_table(kAccounts, "accounts.csv");
  auto model = mf::FitModel::parse(kFitModel);
  REQUIRE(model.ok());
  o.fit_model = *model;
  return o;
}

}  // namespace

TEST_CASE("dashboard input sections are absent without their inputs", "[dashboard]") {
  mf::DashboardOptions o;
  o.threads = 1;
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  for (const char* id : {"reengagement", "tiering", "revenue-plan", "movement"})
    CHECK_FALSE(has(*html, std::string("<section id=\"") + id + "\""));
}

TEST_CASE("dashboard movement section: the engine's buckets, opening + changes = closing", "[dashboard]") {
  mf::DashboardOptions o;
  o.threads = 1;
  o.from = day("2024-07-01");
  o.to = day("2024-10-01");
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  REQUIRE(has(*html, "<section id=\"movement\""));
  mf::MovementOptions m;
  m.from = *o.from;
  m.to = *o.to;
  m.threads = 1;
  const auto moved = mf::revenue_movement(generated(), mf::StageGraph::the_model(), m);
  REQUIRE(moved.ok());
  REQUIRE(moved->opening_deals > 0);
  std::int64_t deals = static_cast<std::int64_t>(moved->opening_deals);
  for (const mf::MovementBucketRow& b : moved->buckets) {
    const std::string name(mf::to_string(b.bucket));
    INFO(name);
    CHECK(cell(*html, "data-bucket", name, "deals") == std::to_string(b.deals));
    CHECK(cell(*html, "data-bucket", name, "count_change") == std::to_string(b.count_change));
    CHECK(cell(*html, "data-bucket", name, "amount_change") == d::raw_fixed(b.amount_change.value(), 2));
    deals += b.count_change;
  }
  CHECK(deals == static_cast<std::int64_t>(moved->closing_deals));
  CHECK(has(*html, "data-opening=\"" + std::to_string(moved->opening_deals) + "\" data-closing=\"" +
                       std::to_string(moved->closing_deals) + "\""));
  // The waterfall: one bar per step, opening and closing among them.
  CHECK(has(*html, "<li data-bucket=\"opening\">"));
  CHECK(has(*html, "<li data-bucket=\"closing\">"));
  CHECK_FALSE(has(*html, "e+0"));
}

TEST_CASE("dashboard re-engagement section: the engine's queue and reason counts", "[dashboard]") {
  const auto policy = mf::ReengagePolicy::load_file(MF_SOURCE_DIR "/examples/reengage/policy.json");
  REQUIRE(policy.ok());
  mf::DashboardOptions o;
  o.threads = 1;
  o.reengage_policy = *policy;
  o.reengage_as_of = day("2025-06-30T23:59:59Z");
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"reengagement\""));
  const auto r = mf::reengagement_queue(generated(), *policy, *o.reengage_as_of);
  REQUIRE(r.ok());
  REQUIRE(r->queue.size() > 15);
  CHECK(has(*html, "data-lost=\"" + std::to_string(r->lost_records) + "\" data-due=\"" +
                       std::to_string(r->queue.size()) + "\""));
  for (std::size_t i = 0; i < 15; ++i) {
    const mf::QueueEntry& e = r->queue[i];
    INFO(e.id);
    CHECK(cell(*html, "data-record", e.id, "rank") == std::to_string(e.rank));
    CHECK(std::stod(cell(*html, "data-record", e.id, "expected_value")) == Approx(e.expected_value).margin(0.005));
  }
  CHECK_FALSE(has(*html, "data-record=\"" + r->queue[15].id + "\""));  // the top 15 only
  for (const mf::LossReasonCount& c : r->reasons) {
    INFO(c.reason);
    CHECK(cell(*html, "data-reason", d::escape(c.reason), "lost") == std::to_string(c.lost_records));
    CHECK(cell(*html, "data-reason", d::escape(c.reason), "due") == std::to_string(c.due));
    CHECK(cell(*html, "data-reason", d::escape(c.reason), "not_yet_due") == std::to_string(c.not_yet_due));
  }
  // Without reengage_as_of, the queue is at as_of.
  o.reengage_as_of.reset();
  o.as_of = day("2025-06-30T23:59:59Z");
  const auto same = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(same.ok());
  CHECK(has(*same, "data-due=\"" + std::to_string(r->queue.size()) + "\""));
}

TEST_CASE("dashboard re-engagement section: hostile loss texts and reasons are text", "[dashboard]") {
  mf::DataSetBuilder b;
  const mf::RecordIndex l1 = b.record("<b>L1</b>");
  mf::Event e;
  e.record = l1;
  e.stage = b.stage("lead");
  e.time = day("2025-01-01");
  REQUIRE(b.add_event(e).ok());
  e.stage = b.stage("closed_lost");
  e.time = day("2025-01-05");
  e.reason = "<script>alert(1)</script>";
  e.amount = mf::Amount::from_scaled(1000 * mf::Amount::kScale);
  REQUIRE(b.add_event(e).ok());
  const auto data = std::move(b).finish();
  REQUIRE(data.ok());
  // The hostile text is an alias of a hostile reason, so it is queued too.
  const auto policy = mf::ReengagePolicy::parse(R"({"version": 1,
    "taxonomy": {"<i>x</i>": ["<script>alert(1)</script>"]},
    "reasons": {"<i>x</i>": {"when": "days", "days": 10}}})");
  REQUIRE(policy.ok());
  mf::DashboardOptions o;
  o.reengage_policy = *policy;
  o.reengage_as_of = day("2025-03-01");
  const auto html = mf::dashboard_html(*data, mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "data-record=\"&lt;b&gt;L1&lt;/b&gt;\""));
  CHECK(has(*html, "&lt;i&gt;x&lt;/i&gt;"));
  CHECK_FALSE(has(*html, "<script>alert"));
  CHECK_FALSE(has(*html, "<i>x"));
  CHECK_FALSE(has(*html, "<b>L1"));
}

TEST_CASE("dashboard tier section: counts against targets, margins, uncertain accounts", "[dashboard]") {
  const mf::DashboardOptions o = with_tiers();
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"tiering\""));
  // The hostile account ranks by its lowest possible score (0): C.
  // Scores 95 90 | 70 65 60 | 40 30 20 10 0.
  CHECK(cell(*html, "data-tier", "A", "target") == "2");
  CHECK(cell(*html, "data-tier", "A", "count") == "2");
  CHECK(cell(*html, "data-tier", "B", "target") == "3");
  CHECK(cell(*html, "data-tier", "C", "count") == "5");
  CHECK(cell(*html, "data-tier", "C", "uncertain") == "1");
  CHECK(cell(*html, "data-cutoff", "A/B", "margin") == "20");  // 90 - 70
  CHECK(cell(*html, "data-cutoff", "B/C", "margin") == "20");  // 60 - 40
  CHECK(has(*html, "<tr data-account=\"&lt;script&gt;alert(1)&lt;/script&gt;\"><th scope=\"row\">"
                   "&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
  CHECK_FALSE(has(*html, "<script>alert"));
  // The engine's own figures, whatever they are.
  const auto t = mf::tier_accounts(*o.accounts, *o.fit_model);
  REQUIRE(t.ok());
  for (const mf::TierSummary& s : t->tiers)
    CHECK(cell(*html, "data-tier", s.name, "count") == std::to_string(s.count));
}

TEST_CASE("dashboard revenue plan section: the plan's volumes beside the period's entries", "[dashboard]") {
  mf::DashboardOptions o;
  o.threads = 1;
  o.as_of = day("2025-08-15");
  o.revenue_target = 2'000'000;
  o.revenue_period = *mf::parse_period("2025-Q3");
  const auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE(html.ok());
  CHECK(has(*html, "<section id=\"revenue-plan\""));
  mf::MeasureOptions m;
  m.as_of = o.as_of;
  m.period = *o.revenue_period;
  m.threads = 1;
  const auto model = mf::measure_revenue_model(generated(), mf::StageGraph::the_model(), m);
  REQUIRE(model.ok());
  mf::PlanOptions p;
  p.target = *o.revenue_target;
  p.period = *o.revenue_period;
  p.as_of = o.as_of;
  p.threads = 1;
  const auto plan = mf::revenue_plan(*model, p);
  REQUIRE(plan.ok());
  mf::FunnelOptions f;
  f.mode = mf::ReportMode::kPeriod;
  f.from = o.revenue_period->begin;
  f.to = o.as_of;
  f.as_of = o.as_of;
  f.threads = 1;
  const auto actual = mf::funnel_report(generated(), mf::StageGraph::the_model(), f);
  REQUIRE(actual.ok());
  for (const mf::PlanStageRow& s : plan->stages) {
    INFO(s.stage);
    CHECK(cell(*html, "data-stage", s.stage, "p50") == std::to_string(s.required_p50));
    std::uint64_t entered = 0;
    for (const mf::StageRow& r : actual->groups.front().stages)
      if (r.stage == s.stage) entered = r.reached;
    CHECK(cell(*html, "data-stage", s.stage, "entered") == std::to_string(entered));
    CHECK(has(*html, "data-low=\"" + std::to_string(s.required_p10) + "\" data-high=\"" +
                         std::to_string(s.required_p90) + "\""));
  }
  CHECK(cell(*html, "data-stage", "lead", "entered") != "0");
  mf::ForecastOptions fo;
  fo.as_of = o.as_of;
  fo.period = *o.revenue_period;
  fo.threads = 1;
  const auto forecast = mf::revenue_forecast(generated(), mf::StageGraph::the_model(), fo);
  REQUIRE(forecast.ok());
  CHECK(has(*html, "data-expected=\"" + d::raw_fixed(forecast->expected, 2) + "\""));
  CHECK(has(*html, "data-p10=\"" + d::raw_fixed(forecast->p10, 2) + "\""));
  CHECK_FALSE(has(*html, "e+0"));
}

TEST_CASE("dashboard refuses half-given section inputs with the option named", "[dashboard]") {
  mf::DashboardOptions o = with_tiers();
  o.fit_model.reset();
  auto html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "accounts and fit_model go together"));
  o = {};
  o.revenue_target = 1000;
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "revenue_target and revenue_period go together"));
  o = {};
  o.reengage_as_of = day("2025-01-01");
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(has(std::string(html.status().message()), "reengage_as_of needs reengage_policy"));
  // An engine's refusal names the section: a plan period long past.
  o = {};
  o.revenue_target = 1000;
  o.revenue_period = *mf::parse_period("2020-Q1");
  html = mf::dashboard_html(generated(), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(html.ok());
  CHECK(absl::IsInvalidArgument(html.status()));
  CHECK(has(std::string(html.status().message()), "dashboard: revenue plan: "));
}
