// Messy histories with every figure worked out by hand: a stage logged after
// a later one, a late lead event, a deal that won and then moved on, events
// at stages the graph does not know. Each case was once wrong (an abort, a
// record lost from its cohort, a window stricter than it should be, a
// drop-off row of zeros); docs/funnel-report.md states the rules they pin.
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "funnel/funnel_fixture.hpp"
#include "modelfunnel/funnel_format.hpp"

using namespace mf_funnel_test;

namespace {

using Fates = std::vector<std::uint64_t>;  // advanced, lost, nurture, open, expired

mf::FunnelOptions window(std::int64_t days, bool per_step, mf::Passage passage = mf::Passage::kImplied) {
  mf::FunnelOptions o;
  o.window_days = days;
  o.window_per_step = per_step;
  o.passage = passage;
  return o;
}

// X: mql on day 0, its lead event logged on day 60 (after the window).
mf::DataSet late_lead(double lead_day) {
  return build({{"X"}}, {{"X", "mql", 0}, {"X", "lead", lead_day}});
}

}  // namespace

TEST_CASE("messy: a lead event logged after the window neither aborts nor moves the cohort",
          "[funnel][messy]") {
  for (bool per_step : {false, true}) {
    INFO("per step: " << per_step);
    const mf::FunnelReport r = run(late_lead(60), window(30, per_step));
    const mf::FunnelGroup& g = r.groups.at(0);
    CHECK(g.records == 1);
    // The lead is implied by the mql on day 0 and dated there; the window
    // runs to day 30, the lead event on day 60 is after it.
    CHECK(stage(g, "lead").reached == 1);
    CHECK(stage(g, "lead").observed == 0);
    CHECK(fates(stage(g, "lead")) == Fates{1, 0, 0, 0, 0});
    CHECK(stage(g, "mql").reached == 1);
    CHECK(fates(stage(g, "mql")) == Fates{0, 0, 0, 0, 1});  // expired: as_of is day 60
    for (const char* s : {"sql", "opportunity", "proposal", "negotiation", "closed_won"}) {
      INFO(s);
      CHECK(stage(g, s).reached == 0);
      CHECK(fates(stage(g, s)) == Fates{0, 0, 0, 0, 0});
    }
    CHECK(g.paths.skipped == 1);  // inside the window only the mql event counts
    CHECK(g.paths.moved_backwards == 0);
    // Every table formats.
    CHECK(!mf::funnel_csv(r, mf::FunnelTable::kDropoff).value().empty());
    CHECK(!mf::funnel_json(r).value().empty());
  }
}

TEST_CASE("messy: the window's edge is inclusive, one second later is outside", "[funnel][messy]") {
  const double second = 1.0 / 86'400;
  for (bool per_step : {false, true}) {
    INFO("per step: " << per_step);
    // On day 30 exactly the lead event is inside the window, so observed
    // passage counts it; a second later it is not.
    const mf::FunnelReport at = run(late_lead(30), window(30, per_step, mf::Passage::kObserved));
    CHECK(stage(at.groups[0], "lead").reached == 1);
    CHECK(stage(at.groups[0], "mql").reached == 1);
    const mf::FunnelReport after = run(late_lead(30 + second), window(30, per_step, mf::Passage::kObserved));
    CHECK(after.groups[0].records == 1);
    CHECK(stage(after.groups[0], "lead").reached == 0);
    CHECK(stage(after.groups[0], "mql").reached == 1);
    CHECK(fates(stage(after.groups[0], "mql")) == Fates{0, 0, 0, 0, 1});
  }
}

TEST_CASE("messy: observed passage keeps a record whose lead event is outside the window",
          "[funnel][messy]") {
  const mf::FunnelReport r = run(late_lead(60), window(30, true, mf::Passage::kObserved));
  const mf::FunnelGroup& g = r.groups.at(0);
  CHECK(g.records == 1);
  CHECK(stage(g, "lead").reached == 0);
  CHECK(stage(g, "mql").reached == 1);
  CHECK(stage(g, "mql").observed == 1);
  CHECK(fates(stage(g, "mql")) == Fates{0, 0, 0, 0, 1});
  CHECK(std::isnan(stage(g, "mql").step.value));  // no record reached lead
}

TEST_CASE("messy: a stage logged after a later one is dated by the later one", "[funnel][messy]") {
  // Y: lead day 0, sql day 1, its mql logged on day 60. Y had passed mql by
  // day 1, so both windows see lead -> mql -> sql within 30 days; the
  // per-step window is no stricter than the entry window at any step.
  const mf::DataSet y = build({{"Y"}}, {{"Y", "lead", 0}, {"Y", "sql", 1}, {"Y", "mql", 60}});
  for (bool per_step : {false, true}) {
    INFO("per step: " << per_step);
    const mf::FunnelGroup g = run(y, window(30, per_step)).groups.at(0);
    CHECK(fates(stage(g, "lead")) == Fates{1, 0, 0, 0, 0});
    CHECK(fates(stage(g, "mql")) == Fates{1, 0, 0, 0, 0});
    CHECK(stage(g, "sql").reached == 1);
    CHECK(fates(stage(g, "sql")) == Fates{0, 0, 0, 0, 1});
    CHECK(g.paths.moved_backwards == 0);  // the mql event is outside the window
  }
  // Without a window the late mql event is a backwards move, and the
  // recorded-event durations still read it: mql is 60 days from entry.
  const mf::FunnelGroup all = run(y).groups.at(0);
  CHECK(all.paths.moved_backwards == 1);
  CHECK(stage(all, "mql").from_entry.median_days == 60);

  // Period mode dates Y's mql entry on day 1, not day 60.
  mf::FunnelOptions period;
  period.mode = mf::ReportMode::kPeriod;
  period.from = day(30);
  period.to = day(90);
  const mf::FunnelGroup p = run(y, period).groups.at(0);
  CHECK(stage(p, "mql").reached == 0);
  period.from = day(1);
  period.to = day(2);
  const mf::FunnelGroup q = run(y, period).groups.at(0);
  CHECK(stage(q, "mql").reached == 1);
  CHECK(stage(q, "sql").reached == 1);
  CHECK(stage(q, "lead").reached == 0);
}

TEST_CASE("messy: team velocity and the sales cycle start at the stage's date", "[funnel][messy]") {
  // Z: mql day 1 (no lead event), sql day 4, closed_won day 10 (500).
  const mf::DataSet z = build({{"Z"}}, {{"Z", "mql", 1}, {"Z", "sql", 4}, {"Z", "closed_won", 10, "500"}});
  const mf::FunnelGroup g = run(z).groups.at(0);
  // Z's lead is implied and dated day 1: marketing hands on after 3 days,
  // the cycle from lead to the close is 9 days.
  CHECK(team(g, "marketing").velocity.count == 1);
  CHECK(team(g, "marketing").velocity.median_days == 3);
  CHECK(g.cycle.count == 1);
  CHECK(g.cycle.median_days == 9);
  // Field sales: opportunity..closed_won implied by the won event on day 10.
  CHECK(team(g, "field_sales").velocity.median_days == 0);
  // Observed passage: Z never reached lead, so it has no cycle from lead.
  mf::FunnelOptions observed;
  observed.passage = mf::Passage::kObserved;
  CHECK(run(z, observed).groups.at(0).cycle.count == 0);
}

TEST_CASE("messy: the won stage's drop-off row counts deals that moved on after winning",
          "[funnel][messy]") {
  // W1 won and stays won; W2 won, then lost ("churned"); W3 won, then
  // nurtured; W4 won, then re-entered at opportunity.
  const mf::DataSet d = build({{"W1"}, {"W2"}, {"W3"}, {"W4"}},
                              {{"W1", "lead", 0}, {"W1", "closed_won", 5, "100"},
                               {"W2", "lead", 0}, {"W2", "closed_won", 5, "200"},
                               {"W2", "closed_lost", 8, std::nullopt, "churned"},
                               {"W3", "lead", 0}, {"W3", "closed_won", 5, "300"}, {"W3", "nurture", 9},
                               {"W4", "lead", 0}, {"W4", "closed_won", 5, "400"}, {"W4", "opportunity", 9}});
  const mf::FunnelGroup g = run(d).groups.at(0);
  const mf::StageRow& won = stage(g, "closed_won");
  CHECK(won.reached == 4);
  CHECK(fates(won) == Fates{0, 1, 1, 1, 0});  // W1 stays won: in none of the five
  REQUIRE(won.loss_reasons.size() == 1);
  CHECK(won.loss_reasons[0].reason == "churned");
  CHECK(won.aging.count == 1);  // W4, open again since day 5
  // The outcomes agree, and every win still counts as revenue.
  CHECK((g.won == 1 && g.lost == 1 && g.nurture == 1 && g.open == 1));
  CHECK(g.won_revenue == *mf::parse_amount("1000"));
  // With a window that closes before the re-entry, W4 stays won.
  const mf::FunnelGroup w = run(d, window(6, false)).groups.at(0);
  CHECK(fates(stage(w, "closed_won")) == Fates{0, 0, 0, 0, 0});
  CHECK(w.won == 4);
}

TEST_CASE("messy: events at unknown stages do not move the default as_of", "[funnel][messy]") {
  // V: lead day 0 and an event at "archived" (not in the graph) on day 100.
  const mf::DataSet v = build({{"V"}}, {{"V", "lead", 0}, {"V", "archived", 100}});
  const mf::FunnelReport r = run(v);
  CHECK(r.events_unknown_stage == 1);
  CHECK(r.as_of == day(0));  // the latest event the report reads
  CHECK(stage(r.groups[0], "lead").aging.median_days == 0);
}

TEST_CASE("messy: an empty loss reason and no reason are one row", "[funnel][messy]") {
  const mf::DataSet d = build({{"A"}, {"B"}, {"C"}},
                              {{"A", "lead", 0}, {"A", "closed_lost", 1, std::nullopt, ""},
                               {"B", "lead", 0}, {"B", "closed_lost", 1},
                               {"C", "lead", 0}, {"C", "closed_lost", 1, std::nullopt, "budget"}});
  const mf::FunnelReport r = run(d);
  const mf::StageRow& lead = stage(r.groups.at(0), "lead");
  REQUIRE(lead.loss_reasons.size() == 2);
  CHECK((lead.loss_reasons[0].reason == "" && lead.loss_reasons[0].count == 2));
  CHECK((lead.loss_reasons[1].reason == "budget" && lead.loss_reasons[1].count == 1));
}

TEST_CASE("messy: the won amount is the largest recorded among the first won events",
          "[funnel][messy]") {
  // Two won events at the same moment, one without an amount and one with
  // a negative one (a refund recorded as a deal): the recorded one counts.
  const mf::DataSet d = build({{"A"}}, {{"A", "closed_won", 3}, {"A", "closed_won", 3, "-40"}});
  CHECK(run(d).groups.at(0).won_revenue == *mf::parse_amount("-40"));
}
