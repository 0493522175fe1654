// funnel_report(): hand-made data sets with every figure worked out by hand
// (see the comments beside each case), on The Model's graph.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "util/number_format.hpp"
#include "modelfunnel/dataset.hpp"
#include "funnel/funnel_fixture.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"

using namespace mf_funnel_test;

namespace {

// Eight records that between them skip, move backwards, reopen, nurture,
// stay open and never enter (days after the epoch):
//   A: lead 0, mql 1, sql 3, opportunity 10, closed_won 40 (1000): skips proposal, negotiation
//   B: lead 0, mql 2, closed_lost 5 ("no budget")
//   C: lead 0, mql 1, nurture 4
//   D: mql 0                     (no lead event: implied)
//   E: lead 0                    (open)
//   F: no events                 (outside the funnel)
//   G: lead 0, closed_lost 1 ("spam"), mql 3   (reopened; open at mql)
//   H: lead 0, sql 2, mql 3      (moved backwards; open at sql)
mf::DataSet eight() {
  return build({{"A"}, {"B"}, {"C"}, {"D"}, {"E"}, {"F"}, {"G"}, {"H"}},
               {{"A", "lead", 0}, {"A", "mql", 1}, {"A", "sql", 3}, {"A", "opportunity", 10},
                {"A", "closed_won", 40, "1000"},
                {"B", "lead", 0}, {"B", "mql", 2}, {"B", "closed_lost", 5, std::nullopt, "no budget"},
                {"C", "lead", 0}, {"C", "mql", 1}, {"C", "nurture", 4},
                {"D", "mql", 0},
                {"E", "lead", 0},
                {"G", "lead", 0}, {"G", "closed_lost", 1, std::nullopt, "spam"}, {"G", "mql", 3},
                {"H", "lead", 0}, {"H", "sql", 2}, {"H", "mql", 3}});
}

}  // namespace

TEST_CASE("implied passage: reach, conversion with Wilson intervals, drop-off", "[funnel]") {
  const mf::FunnelReport r = run(eight());
  REQUIRE(r.groups.size() == 1);
  const mf::FunnelGroup& g = r.groups[0];
  CHECK(g.total);
  CHECK(r.records_outside_funnel == 1);  // F
  CHECK(g.records == 7);
  CHECK(r.main_path == std::vector<std::string>{"lead", "mql", "sql", "opportunity", "proposal",
                                                "negotiation", "closed_won"});
  const std::vector<std::uint64_t> reached = {7, 6, 2, 1, 1, 1, 1};
  const std::vector<std::uint64_t> observed = {6, 6, 2, 1, 0, 0, 1};
  for (std::size_t i = 0; i < reached.size(); ++i) {
    INFO(g.stages[i].stage);
    CHECK(g.stages[i].reached == reached[i]);
    CHECK(g.stages[i].observed == observed[i]);
  }
  const mf::Rate& mql = stage(g, "mql").step;
  CHECK(mql.numerator == 6);
  CHECK(mql.denominator == 7);
  CHECK(mql.value == 6.0 / 7.0);
  CHECK(mql.low == Approx(0.4868721707256811).epsilon(1e-12));
  CHECK(mql.high == Approx(0.9743203756552565).epsilon(1e-12));
  CHECK(mql.small_sample);
  const mf::Rate& sql = stage(g, "sql").step;
  CHECK(sql.value == 2.0 / 6.0);
  CHECK(sql.low == Approx(0.09677141110578041).epsilon(1e-12));
  CHECK(sql.high == Approx(0.700006684861608).epsilon(1e-12));
  CHECK(stage(g, "sql").overall.value == 2.0 / 7.0);
  CHECK(stage(g, "closed_won").step.high == 1.0);
  CHECK(std::isnan(stage(g, "lead").step.value));

  // Drop-off at the furthest stage reached.
  CHECK(stage(g, "lead").advanced == 6);
  CHECK(stage(g, "lead").open == 1);  // E
  const mf::StageRow& m = stage(g, "mql");
  CHECK(m.advanced == 2);  // A, H
  CHECK(m.lost == 1);      // B
  CHECK(m.nurture == 1);   // C
  CHECK(m.open == 2);      // D, G (reopened)
  CHECK(m.expired == 0);
  REQUIRE(m.loss_reasons.size() == 1);
  CHECK(m.loss_reasons[0].reason == "no budget");
  CHECK(m.loss_reasons[0].count == 1);
  CHECK(stage(g, "sql").open == 1);  // H

  // Outcomes by latest event.
  CHECK(g.won == 1);
  CHECK(g.lost == 1);
  CHECK(g.nurture == 1);
  CHECK(g.open == 4);
  CHECK(g.win_rate.value == 0.5);
  CHECK(g.won_revenue == *mf::parse_amount("1000"));

  // Path facts.
  CHECK(g.paths.skipped == 2);  // A (proposal, negotiation), D (lead)
  CHECK(g.paths.moved_backwards == 1);  // H
  CHECK(g.paths.reentered == 0);
  CHECK(g.paths.reopened == 1);  // G
  CHECK(g.paths.nurtured == 1);  // C
}

TEST_CASE("velocity: days from entry, in stage, aging, cycle (quantile_cont)", "[funnel]") {
  const mf::FunnelReport r = run(eight());
  const mf::FunnelGroup& g = r.groups[0];
  CHECK(r.as_of == day(40));  // the latest event
  // mql from lead: A 1, B 2, C 1, G 3, H 3 (D has no lead event).
  const mf::Durations& m = stage(g, "mql").from_entry;
  CHECK(m.count == 5);
  CHECK(m.median_days == 2);
  CHECK(m.p90_days == 3);  // h = 3.6 between 3 and 3
  CHECK(m.mean_days == 2);
  // sql from lead: A 3, H 2: median 2.5, p90 2 + 0.9 = 2.9.
  const mf::Durations& s = stage(g, "sql").from_entry;
  CHECK(s.median_days == 2.5);
  CHECK(s.p90_days == Approx(2.9).epsilon(1e-12));
  CHECK(stage(g, "lead").from_entry.median_days == 0);
  // Time in lead until the next main-path entry: A 1, B 2, C 1, G 3, H 2.
  CHECK(stage(g, "lead").in_stage.count == 5);
  CHECK(stage(g, "lead").in_stage.median_days == 2);
  // Aging at as_of = day 40: E at lead 40; D 40 and G 37 at mql; H 38 at sql.
  CHECK(stage(g, "lead").aging.median_days == 40);
  CHECK(stage(g, "mql").aging.median_days == 38.5);
  CHECK(stage(g, "sql").aging.median_days == 38);
  // Cycle from lead to close: A 40 (won), B 5 (lost).
  CHECK(g.cycle.count == 2);
  CHECK(g.cycle.median_days == 22.5);
}

TEST_CASE("duration figures left out read as not computed, nothing else changes", "[funnel]") {
  mf::FunnelOptions o;
  o.by = {"channel"};
  const mf::FunnelReport full = run(eight(), o);
  o.durations = mf::DurationFigures::none();
  o.durations.aging = true;
  const mf::FunnelReport some = run(eight(), o);
  REQUIRE(some.groups.size() == full.groups.size());
  const auto same = [](const mf::Durations& a, const mf::Durations& b) {
    return a.computed && b.computed && a.count == b.count &&
           (a.count == 0 || (a.median_days == b.median_days && a.p90_days == b.p90_days &&
                             a.mean_days == b.mean_days));
  };
  const auto omitted = [](const mf::Durations& d) {
    return !d.computed && d.count == 0 && std::isnan(d.median_days) && std::isnan(d.p90_days) &&
           std::isnan(d.mean_days);
  };
  for (std::size_t i = 0; i < full.groups.size(); ++i) {
    const mf::FunnelGroup& f = full.groups[i];
    const mf::FunnelGroup& g = some.groups[i];
    CHECK(g.records == f.records);
    CHECK(g.won_revenue == f.won_revenue);
    CHECK(omitted(g.cycle));
    for (std::size_t k = 0; k < f.stages.size(); ++k) {
      CHECK(g.stages[k].reached == f.stages[k].reached);
      CHECK(g.stages[k].step.numerator == f.stages[k].step.numerator);
      CHECK(g.stages[k].step.denominator == f.stages[k].step.denominator);
      CHECK(g.stages[k].open == f.stages[k].open);
      CHECK(omitted(g.stages[k].from_entry));
      CHECK(omitted(g.stages[k].in_stage));
      CHECK(same(g.stages[k].aging, f.stages[k].aging));
    }
    for (std::size_t t = 0; t < f.teams.size(); ++t) {
      CHECK(g.teams[t].output == f.teams[t].output);
      CHECK(omitted(g.teams[t].velocity));
    }
  }
  // The total's aging at mql (D 40, G 37) is the full report's.
  CHECK(stage(some.groups[0], "mql").aging.median_days == 38.5);
  // Text: the count of a figure left out is empty, not 0; JSON says null.
  CHECK(mf::funnel_csv(some, mf::FunnelTable::kGroups).value().find(",,,,,") != std::string::npos);
  CHECK(mf::funnel_json(some).value().find("\"cycle\": null") != std::string::npos);
}

TEST_CASE("duration figure names: all, none, lists, unknown names refused", "[funnel]") {
  CHECK(*mf::parse_duration_figures("all") == mf::DurationFigures::all());
  CHECK(*mf::parse_duration_figures("none") == mf::DurationFigures::none());
  mf::DurationFigures two = mf::DurationFigures::none();
  two.cycle = two.team_velocity = true;
  CHECK(*mf::parse_duration_figures("team_velocity,cycle") == two);
  CHECK(mf::to_string(two) == "cycle,team_velocity");
  CHECK(mf::to_string(mf::DurationFigures::all()) == "all");
  CHECK(mf::to_string(mf::DurationFigures::none()) == "none");
  const auto bad = mf::parse_duration_figures("from_entry,,aging");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "durations: unknown figure '' in 'from_entry,,aging' (expected all, none, from_entry, "
        "in_stage, aging, cycle, team_velocity)");
  CHECK_FALSE(mf::parse_duration_figures("").ok());
  CHECK_FALSE(mf::parse_duration_figures("all,cycle").ok());
}

TEST_CASE("team KPIs: input, output, conversion, velocity, quality", "[funnel]") {
  const mf::FunnelReport r = run(eight());
  const mf::FunnelGroup& g = r.groups[0];
  REQUIRE(g.teams.size() == 3);
  const mf::TeamRow& mkt = team(g, "marketing");
  CHECK(mkt.stages == std::vector<std::string>{"lead", "mql"});
  CHECK(mkt.input == 7);
  CHECK(mkt.output == 2);  // A, H reached sql
  CHECK(mkt.quality.value == 0.5);  // A won
  CHECK(mkt.velocity.median_days == 2.5);  // A 3, H 2
  const mf::TeamRow& inside = team(g, "sdr|bdr");  // no assignment: joint owners
  CHECK(inside.input == 2);
  CHECK(inside.output == 1);
  CHECK(inside.velocity.median_days == 7);
  const mf::TeamRow& field = team(g, "field_sales");
  CHECK(field.input == 1);
  CHECK(field.output == 1);
  CHECK(field.velocity.median_days == 30);
  CHECK(field.quality.value == 1);
}

TEST_CASE("team assignment splits a shared stage between SDR and BDR", "[funnel]") {
  const mf::DataSet data = build(
      {{"in1", "web"}, {"in2", "web"}, {"out1", "outbound"}},
      {{"in1", "lead", 0}, {"in1", "mql", 1}, {"in1", "sql", 2}, {"in1", "opportunity", 3},
       {"in2", "lead", 0}, {"in2", "mql", 1}, {"in2", "sql", 2},
       {"out1", "lead", 0}, {"out1", "mql", 1}, {"out1", "sql", 5}});
  mf::FunnelOptions o;
  o.team_assignment = mf::TeamAssignment{"channel", {{"outbound", "bdr"}}, "sdr"};
  const mf::FunnelReport rep = run(data, o);
  const mf::FunnelGroup& g = rep.groups[0];
  CHECK(team(g, "sdr").input == 2);
  CHECK(team(g, "sdr").output == 1);
  CHECK(team(g, "bdr").input == 1);
  CHECK(team(g, "bdr").output == 0);
  CHECK(team(g, "marketing").input == 3);
}

TEST_CASE("observed passage: skips make rates not proportions", "[funnel]") {
  mf::FunnelOptions o;
  o.passage = mf::Passage::kObserved;
  const mf::FunnelReport rep = run(eight(), o);
  const mf::FunnelGroup& g = rep.groups[0];
  CHECK(stage(g, "lead").reached == 6);
  CHECK(stage(g, "mql").reached == 6);
  // D reached mql without lead: the rate is 6/6 but not a proportion of lead's records.
  CHECK(stage(g, "mql").step.value == 1);
  CHECK(std::isnan(stage(g, "mql").step.low));
  CHECK(stage(g, "proposal").reached == 0);
  CHECK(stage(g, "proposal").step.value == 0);
  CHECK(std::isnan(stage(g, "negotiation").step.value));  // 0 / 0
  CHECK(std::isnan(stage(g, "closed_won").step.value));   // 1 / 0
  CHECK(stage(g, "closed_won").reached == 1);
}

TEST_CASE("cohort window: expired, censored and per-step windows", "[funnel]") {
  // R1 enters day 0 and reaches sql on day 5; R2 enters day 100, as_of day 101.
  const mf::DataSet data = build({{"R1"}, {"R2"}},
                                 {{"R1", "lead", 0}, {"R1", "mql", 1}, {"R1", "sql", 5},
                                  {"R2", "lead", 100}});
  mf::FunnelOptions o;
  o.as_of = day(101);
  o.window_days = 3;
  {
    const mf::FunnelReport rep = run(data, o);
  const mf::FunnelGroup& g = rep.groups[0];
    CHECK(stage(g, "sql").reached == 0);  // day 5 is past day 0 + 3
    CHECK(stage(g, "mql").reached == 1);
    CHECK(stage(g, "mql").expired == 1);  // R1: window closed on day 3
    CHECK(stage(g, "lead").open == 1);    // R2: window open until day 103: censored
    CHECK(stage(g, "lead").expired == 0);
  }
  o.window_per_step = true;  // lead 0 -> mql 1 (1 day) -> sql 5 (4 days > 3)
  CHECK(stage(run(data, o).groups[0], "sql").reached == 0);
  o.window_days = 4;  // 4 days from mql is inside
  CHECK(stage(run(data, o).groups[0], "sql").reached == 1);
  o.window_per_step = false;
  o.window_days = 10;
  CHECK(stage(run(data, o).groups[0], "sql").reached == 1);
}

TEST_CASE("cohort range selects records by funnel entry", "[funnel]") {
  const mf::DataSet data = build({{"early"}, {"late"}},
                                 {{"early", "lead", 0}, {"early", "mql", 40},
                                  {"late", "lead", 35}});
  mf::FunnelOptions o;
  o.from = day(0);
  o.to = day(31);
  const mf::FunnelReport rep = run(data, o);
  const mf::FunnelGroup& g = rep.groups[0];
  CHECK(g.records == 1);
  CHECK(stage(g, "lead").reached == 1);
  CHECK(stage(g, "mql").reached == 1);  // followed forward past the range
}

TEST_CASE("period mode counts entries in the range, implied ones dated at the next entry", "[funnel]") {
  // January = days [0, 31), February = [31, 59).
  const mf::DataSet data = build({{"P1"}, {"P2"}, {"P3"}},
                                 {{"P1", "lead", 4}, {"P1", "mql", 33},
                                  {"P2", "lead", 31}, {"P2", "mql", 40},
                                  {"P3", "mql", 50}});
  mf::FunnelOptions o;
  o.mode = mf::ReportMode::kPeriod;
  o.from = day(31);
  o.to = day(59);
  const mf::FunnelReport rep = run(data, o);
  const mf::FunnelGroup& g = rep.groups[0];
  CHECK(stage(g, "lead").reached == 2);  // P2, and P3 implied on day 50
  CHECK(stage(g, "mql").reached == 3);
  CHECK(stage(g, "mql").step.value == 1.5);
  CHECK(std::isnan(stage(g, "mql").step.low));  // not a proportion in period mode
  CHECK(g.records == 3);
}

TEST_CASE("breakdowns: byte order, missing last, empty groups, month buckets", "[funnel]") {
  const mf::DataSet data = build(
      {{"a", "web"}, {"b", "Web"}, {"c"}, {"d", "event"}, {"e", "web"}},
      {{"a", "lead", 0}, {"a", "mql", 1}, {"b", "lead", 2}, {"c", "lead", 3}, {"e", "lead", 40}});
  mf::FunnelOptions o;
  o.by = {"channel"};
  const mf::FunnelReport r = run(data, o);
  REQUIRE(r.groups.size() == 5);
  CHECK(r.groups[0].total);
  CHECK(r.groups[1].key[0] == "Web");
  CHECK(r.groups[2].key[0] == "event");
  CHECK(r.groups[2].records == 0);  // d has no events: the group is there, empty
  CHECK(r.groups[3].key[0] == "web");
  CHECK(r.groups[3].records == 2);
  CHECK_FALSE(r.groups[4].key[0].has_value());  // c: missing channel
  CHECK(stage(r.groups[0], "lead").reached == 4);

  o.bucket = mf::TimeBucket::kMonth;
  const mf::FunnelReport m = run(data, o);
  // Totals per month (Jan: a, b, c; Feb: e), then web's two months, Web's, missing's.
  std::vector<std::string> seen;
  for (const mf::FunnelGroup& g : m.groups)
    seen.push_back((g.total ? "*" : g.key[0].value_or("-")) + "@" +
                   (g.bucket ? mf::format_timestamp(*g.bucket).substr(0, 7) : "none"));
  CHECK(seen == std::vector<std::string>{"*@1970-01", "*@1970-02", "Web@1970-01", "event@none",
                                         "web@1970-01", "web@1970-02", "-@1970-01"});
}

TEST_CASE("duplicates: first entry counts, re-entries are reported", "[funnel]") {
  const mf::DataSet data = build({{"x"}}, {{"x", "lead", 0}, {"x", "mql", 2}, {"x", "mql", 5},
                                           {"x", "closed_won", 9, "10"}, {"x", "closed_won", 9, "30"},
                                           {"x", "closed_won", 12, "99"}});
  const mf::FunnelReport rep = run(data);
  const mf::FunnelGroup& g = rep.groups[0];
  CHECK(stage(g, "mql").from_entry.median_days == 2);
  CHECK(g.paths.reentered == 1);
  CHECK(g.won_revenue == *mf::parse_amount("30"));  // earliest won, largest of the tie
}

TEST_CASE("bottlenecks: ranking by revenue per point, baseline and target tests", "[funnel]") {
  // Records enter in two periods. Old period (days 0-9): 100 leads, 60 mql.
  // New period (days 100-109): 100 leads, 30 mql. Every mql wins 10.
  std::vector<Rec> recs;
  std::vector<Ev> evs;
  static std::vector<std::string> ids;
  ids.clear();
  ids.reserve(200);
  for (int i = 0; i < 200; ++i) ids.push_back("r" + std::to_string(i));
  for (int i = 0; i < 200; ++i) {
    const bool old = i < 100;
    const double t = old ? i % 10 : 100 + i % 10;
    recs.push_back({ids[static_cast<std::size_t>(i)].c_str()});
    evs.push_back({ids[static_cast<std::size_t>(i)].c_str(), "lead", t});
    if ((old && i < 60) || (!old && i < 130)) {
      evs.push_back({ids[static_cast<std::size_t>(i)].c_str(), "mql", t + 1});
      evs.push_back({ids[static_cast<std::size_t>(i)].c_str(), "closed_won", t + 2, "10"});
    }
  }
  const mf::DataSet data = build(recs, evs);
  mf::FunnelOptions o;
  o.from = day(100);
  o.to = day(200);
  o.baseline_from = day(0);
  o.baseline_to = day(100);
  o.target_rates = {{"mql", 0.5}};
  const mf::FunnelReport r = run(data, o);
  const mf::Bottleneck* mql = nullptr;
  for (const mf::Bottleneck& b : r.bottlenecks)
    if (b.stage == "mql") mql = &b;
  REQUIRE(mql);
  CHECK(mql->current.value == 0.3);
  REQUIRE(mql->baseline);
  CHECK(mql->baseline->value == 0.6);
  CHECK(mql->flagged);
  CHECK(mql->p_value < 1e-4);
  CHECK(mql->reason.find("fell from 60.0% in the baseline to 30.0%") != std::string::npos);
  CHECK(mql->reason.find("significantly below the target 50.0%") != std::string::npos);
  // 100 leads x 1% x revenue 300 / 30 mql = 10 per point.
  CHECK(mql->revenue_per_point == Approx(10.0));
  CHECK(r.bottlenecks.front().stage == "mql");
  // sql had no records: not tested, and says so.
  for (const mf::Bottleneck& b : r.bottlenecks)
    if (b.stage == "sql") CHECK_FALSE(b.flagged);

  // Too few records: never flagged.
  o.min_sample = 1000;
  const mf::FunnelReport small = run(data, o);
  for (const mf::Bottleneck& b : small.bottlenecks) {
    CHECK_FALSE(b.flagged);
    if (b.stage == "mql") CHECK(b.reason.find("below the minimum sample of 1000") != std::string::npos);
  }
}

TEST_CASE("options are checked and name the option at fault", "[funnel]") {
  const mf::DataSet data = eight();
  auto fails = [&](mf::FunnelOptions o, const std::string& text) {
    auto r = mf::funnel_report(data, mf::StageGraph::the_model(), o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
    INFO(r.status().message());
    CHECK(std::string(r.status().message()).find(text) != std::string::npos);
  };
  mf::FunnelOptions o;
  o.by = {"nope"};
  fails(o, "by: no attribute named 'nope'");
  o = {};
  o.by = {"channel", "channel"};
  fails(o, "named twice");
  o = {};
  o.from = day(5);
  o.to = day(5);
  fails(o, "from: must be before to");
  o = {};
  o.mode = mf::ReportMode::kPeriod;
  o.window_days = 3;
  fails(o, "window_days");
  o = {};
  o.baseline_from = day(1);
  fails(o, "baseline_from, baseline_to");
  o = {};
  o.target_rates = {{"mql", 1.5}};
  fails(o, "target_rates");
  o = {};
  o.target_rates = {{"lead", 0.5}};
  fails(o, "not a main-path stage after the entry stage");
  o = {};
  o.cycle_from = "engaging";
  fails(o, "cycle_from");
  o = {};
  o.significance = 0;
  fails(o, "significance");
  o = {};
  o.team_assignment = mf::TeamAssignment{"channel", {{"outbound", "field_sales"}}, "sdr"};
  fails(o, "'field_sales' is not one of several owners");
  o = {};
  o.window_days = std::int64_t{1} << 62;
  fails(o, "window_days: must be between 0 and 100000");
  o = {};
  o.window_per_step = true;
  fails(o, "window_per_step: needs window_days");
}

TEST_CASE("CSV tables: the funnel table's format, quoting, every table renders", "[funnel]") {
  mf::FunnelOptions o;
  o.by = {"channel"};
  const mf::DataSet data = build({{"a", "web"}, {"b", "a,b"}}, {{"a", "lead", 0}, {"a", "mql", 1.5},
                                                                 {"b", "lead", 0}});
  const mf::FunnelReport r = run(data, o);
  const std::string csv = mf::funnel_csv(r).value();
  CHECK(csv.rfind("channel,stage,reached,conv_from_prev,median_days_from_lead,won_revenue\n"
                  "*,lead,2,,0,\n*,mql,1,0.5,1.5,\n", 0) == 0);
  CHECK(csv.find("\"a,b\",lead,1,,0,\n") != std::string::npos);
  CHECK(csv.find("web,closed_won,0,,,0\n") != std::string::npos);
  for (int t = 0; t <= static_cast<int>(mf::FunnelTable::kBottlenecks); ++t) {
    const auto table = static_cast<mf::FunnelTable>(t);
    CHECK(mf::funnel_table_from_string(mf::to_string(table)) == table);
    CHECK_FALSE(mf::funnel_csv(r, table).value().empty());
  }
  CHECK(mf::internal::format_g6(1.0 / 3) == "0.333333");
  CHECK(mf::internal::format_g6(9.07582e8) == "9.07582e+08");
  CHECK(mf::internal::format_g6(std::nan("")) == "");
  const std::string json = mf::funnel_json(r).value();
  CHECK(json.find("\"passage\": \"implied\"") != std::string::npos);
  CHECK(json.find("\"low\": null") != std::string::npos);
}

TEST_CASE("unknown stages and untimed events are counted, not hidden", "[funnel]") {
  mf::DataSetBuilder b;
  const mf::RecordIndex a = b.record("a");
  auto add = [&](const char* stage, std::optional<double> d) {
    mf::Event ev;
    ev.record = a;
    ev.stage = b.stage(stage);
    if (d) ev.time = day(*d);
    REQUIRE(b.add_event(ev).ok());
  };
  add("lead", 0);
  add("demo_booked", 1);      // not a stage of The Model
  add("mql", std::nullopt);   // no time recorded
  auto data = std::move(b).finish();
  REQUIRE(data.ok());
  const mf::FunnelReport r = run(*data);
  CHECK(r.events_unknown_stage == 1);
  CHECK(r.events_without_time == 1);
  const mf::FunnelGroup& g = r.groups[0];
  CHECK(stage(g, "mql").reached == 1);           // reach counts it
  CHECK(stage(g, "mql").from_entry.count == 0);  // durations cannot
}

TEST_CASE("a breakdown by a nearly unique attribute is refused, not attempted", "[funnel]") {
  mf::DataSetBuilder b;
  auto id = b.add_attribute("serial", mf::AttributeType::kInt64);
  REQUIRE(id.ok());
  for (std::int64_t i = 0; i < 70'000; ++i)
    REQUIRE(b.set_attribute(b.record("r" + std::to_string(i)), *id, i).ok());
  auto data = std::move(b).finish();
  REQUIRE(data.ok());
  mf::FunnelOptions o;
  o.by = {"serial"};
  auto r = mf::funnel_report(*data, mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find("by: 70000 groups") != std::string::npos);
}

TEST_CASE("breakdowns by bool and integer attributes sort by value", "[funnel]") {
  mf::DataSetBuilder b;
  auto flag = b.add_attribute("budget_ok", mf::AttributeType::kBool);
  auto size = b.add_attribute("employees", mf::AttributeType::kInt64);
  REQUIRE(flag.ok());
  REQUIRE(size.ok());
  const std::vector<std::pair<bool, std::int64_t>> values = {{true, 10}, {false, 9}, {true, 10}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const mf::RecordIndex r = b.record("r" + std::to_string(i));
    REQUIRE(b.set_attribute(r, *flag, values[i].first).ok());
    REQUIRE(b.set_attribute(r, *size, values[i].second).ok());
    mf::Event ev;
    ev.record = r;
    ev.stage = b.stage("lead");
    ev.time = day(0);
    REQUIRE(b.add_event(ev).ok());
  }
  b.record("no_values");
  auto data = std::move(b).finish();
  REQUIRE(data.ok());
  mf::FunnelOptions o;
  o.by = {"budget_ok", "employees"};
  const mf::FunnelReport r = run(*data, o);
  std::vector<std::string> keys;
  for (const mf::FunnelGroup& g : r.groups)
    if (!g.total) keys.push_back(g.key[0].value_or("-") + "/" + g.key[1].value_or("-"));
  // false < true, 9 < 10 numerically, missing last.
  CHECK(keys == std::vector<std::string>{"false/9", "true/10", "-/-"});
  CHECK(r.groups[2].records == 2);
}
