// The plan by segment: two segments by hand (shares from won revenue and
// from a mix given, volumes, windows, the combined rows), a segment too
// small to plan reported rather than dropped, Monte Carlo percentiles of
// the sum, the mix's errors, and the Maven export by sector.
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/load.hpp"
#include "modelfunnel/revenue.hpp"

namespace mf = modelfunnel;

namespace {

mf::Timestamp at(const char* iso) { return *mf::parse_timestamp(iso, mf::TimeFormat::iso8601()); }

/// web: four opportunities of 1 January 2026, two won (1,000 on 11 January,
/// 3,000 on 21 January), two lost; partner: two opportunities, both won for
/// 6,000 (31 January, 10 February); one opportunity without a channel,
/// still open.
mf::DataSet two_channels() {
  mf::DataSetBuilder b;
  const std::size_t channel = *b.add_attribute("channel", mf::AttributeType::kString);
  auto add = [&](const std::string& id, const char* ch, const char* stage, const char* when,
                 std::optional<double> amount = {}) {
    mf::Event e;
    e.record = b.record(id);
    if (ch) REQUIRE(b.set_attribute(e.record, channel, std::string_view(ch)).ok());
    e.stage = b.stage(stage);
    e.time = at(when);
    if (amount) e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(*amount * 10000));
    REQUIRE(b.add_event(e).ok());
  };
  for (const char* id : {"W1", "W2", "W3", "W4"}) add(id, "web", "opportunity", "2026-01-01");
  add("W1", "web", "closed_won", "2026-01-11", 1000);
  add("W2", "web", "closed_won", "2026-01-21", 3000);
  add("W3", "web", "closed_lost", "2026-01-15");
  add("W4", "web", "closed_lost", "2026-01-25");
  for (const char* id : {"P1", "P2"}) add(id, "partner", "opportunity", "2026-01-01");
  add("P1", "partner", "closed_won", "2026-01-31", 6000);
  add("P2", "partner", "closed_won", "2026-02-10", 6000);
  add("X1", nullptr, "opportunity", "2026-05-01");
  return *std::move(b).finish();
}

std::vector<mf::RevenueSegment> measured(const mf::DataSet& data) {
  mf::MeasureOptions mo;
  mo.as_of = at("2026-06-01");
  mo.period = *mf::parse_period("2026-Q3");
  auto s = mf::measure_revenue_segments(data, mf::StageGraph::the_model(), mo, "channel");
  REQUIRE(s.ok());
  return *s;
}

mf::PlanOptions options(std::uint64_t samples = 0) {
  mf::PlanOptions o;
  o.target = 120'000;
  o.period = *mf::parse_period("2026-Q3");
  o.as_of = at("2026-06-01");
  o.samples = samples;
  return o;
}

const mf::PlanStageRow& stage(const std::vector<mf::PlanStageRow>& rows, const char* id) {
  for (const auto& r : rows)
    if (r.stage == id) return r;
  FAIL("no stage " << id);
  return rows.front();
}

std::string day(mf::Timestamp t) { return mf::format_timestamp(t).substr(0, 10); }

}  // namespace

TEST_CASE("plan by segment: two channels by hand", "[revenue][plan][segments]") {
  const mf::DataSet data = two_channels();
  const auto segments = measured(data);
  // Text order, the records without a channel last.
  REQUIRE(segments.size() == 3);
  CHECK(segments[0].segment == "partner");
  CHECK(segments[1].segment == "web");
  CHECK(segments[2].segment == "");
  CHECK(segments[0].won_revenue == 12'000);
  CHECK(segments[1].won_revenue == 4'000);
  CHECK(segments[1].won_deals == 2);
  CHECK(segments[1].records == 4);
  // Each segment measured on its own records: web converts opportunity ->
  // proposal 2 of 4 (implied passage: a win passed every stage), partner 2 of 2.
  const mf::RevenueModel& web = *segments[1].model;
  CHECK(web.steps[3].from == "opportunity");
  CHECK(web.steps[3].converted == 2);
  CHECK(web.steps[3].trials == 4);
  CHECK(segments[0].model->steps[3].converted == 2);
  CHECK(segments[0].model->steps[3].trials == 2);
  CHECK(web.pipeline.empty());  // X1 is open, but not on the web
  // Nothing won without a channel: reported, not planned, never dropped.
  CHECK(segments[2].status == "no_wins");
  CHECK(!segments[2].model);

  SECTION("shares from the won revenue") {
    auto plan = mf::revenue_plan_segments(segments, options());
    REQUIRE(plan.ok());
    REQUIRE(plan->segments.size() == 3);
    // partner won 12,000 of 16,000: 0.75 of 120,000 = 90,000 at 6,000 a deal
    // = 15 wins = 15 opportunities (it converts every one). web 30,000 at
    // 2,000 = 15 wins, / 0.5 = 30 opportunities.
    CHECK(plan->segments[0].share == 0.75);
    CHECK(plan->segments[0].target == 90'000);
    CHECK(plan->segments[1].share == 0.25);
    CHECK(plan->segments[1].mean_deal_size == 2'000);
    CHECK(plan->segments[2].status == "no_wins");
    CHECK(plan->segments[2].share == 0);
    REQUIRE(plan->plans.size() == 2);
    const auto& partner = plan->plans[0].second.stages;
    const auto& web_rows = plan->plans[1].second.stages;
    CHECK(stage(partner, "closed_won").required_p50 == 15);
    CHECK(stage(partner, "opportunity").required_p50 == 15);
    CHECK(stage(web_rows, "closed_won").required_p50 == 15);
    CHECK(stage(web_rows, "opportunity").required_p50 == 30);
    CHECK(stage(web_rows, "lead").required_p50 == 30);
    // Windows: web's lags from opportunity are 10 and 20 days (p90 19, p10
    // 11): 1 July − 19 = 12 June, 30 September − 11 = 19 September; the
    // partner's 30 and 40 (p90 39, p10 31): 23 May to 30 August.
    CHECK(day(stage(web_rows, "opportunity").enter_from) == "2026-06-12");
    CHECK(day(stage(web_rows, "opportunity").enter_by) == "2026-09-19");
    CHECK(day(stage(partner, "opportunity").enter_from) == "2026-05-23");
    CHECK(day(stage(partner, "opportunity").enter_by) == "2026-08-30");
    // Combined: sums, the widest window, the mix's effective rate.
    const auto& all = plan->combined;
    CHECK(stage(all, "closed_won").required_exact == Approx(30));
    CHECK(stage(all, "closed_won").required_p50 == 30);
    CHECK(stage(all, "opportunity").required_p10 == 45);
    CHECK(stage(all, "opportunity").required_p50 == 45);
    CHECK(stage(all, "opportunity").required_p90 == 45);
    CHECK(stage(all, "lead").required_p50 == 45);
    CHECK(day(stage(all, "opportunity").enter_from) == "2026-05-23");
    CHECK(day(stage(all, "opportunity").enter_by) == "2026-09-19");
    CHECK(stage(all, "proposal").step_rate == Approx(30.0 / 45.0));
    CHECK(std::isnan(stage(all, "lead").step_rate));
    CHECK(!plan->notes.empty());

    const std::string csv = *mf::segmented_plan_csv(*plan, "stages");
    CHECK(csv.rfind("segment,stage,team,required_exact,required_p10,required_p50,required_p90,enter_from,enter_by,", 0) == 0);
    CHECK(csv.find("\nweb,opportunity,field_sales,30,30,30,30,2026-06-12,2026-09-19,1,15,0,0,30\n") != std::string::npos);
    CHECK(csv.find("\n*,opportunity,field_sales,45,45,45,45,2026-05-23,2026-09-19,1,") != std::string::npos);
    const std::string seg = *mf::segmented_plan_csv(*plan, "segments");
    CHECK(seg.find("\n,0,0,0,0,no_wins,") != std::string::npos);
    CHECK(!mf::segmented_plan_csv(*plan, "weeks").ok());
    CHECK(mf::segmented_plan_json(*plan).find("\"combined\"") != std::string::npos);
  }

  SECTION("a mix given") {
    mf::PlanOptions o = options();
    o.mix = {{"web", 0.5}, {"partner", 0.5}};
    auto plan = mf::revenue_plan_segments(segments, o);
    REQUIRE(plan.ok());
    // web 60,000 / 2,000 = 30 wins, 60 opportunities; partner 10 and 10.
    CHECK(stage(plan->plans[1].second.stages, "opportunity").required_p50 == 60);
    CHECK(stage(plan->plans[0].second.stages, "opportunity").required_p50 == 10);
    CHECK(stage(plan->combined, "opportunity").required_p50 == 70);
    CHECK(stage(plan->combined, "closed_won").required_p50 == 40);
    // A mix that leaves a measured segment out gives it no share.
    o.mix = {{"web", 1.0}};
    plan = mf::revenue_plan_segments(segments, o);
    REQUIRE(plan.ok());
    CHECK(plan->segments[0].status == "no_share");
    CHECK(plan->plans.size() == 1);
    CHECK(stage(plan->combined, "opportunity").required_p50 == 120);
  }

  SECTION("a mix that does not fit says why") {
    mf::PlanOptions o = options();
    o.mix = {{"web", 0.5}, {"partner", 0.4}};
    auto plan = mf::revenue_plan_segments(segments, o);
    REQUIRE(!plan.ok());
    CHECK(std::string(plan.status().message()).find("sum to 0.9") != std::string::npos);
    o.mix = {{"web", 0.5}, {"email", 0.5}};
    plan = mf::revenue_plan_segments(segments, o);
    REQUIRE(!plan.ok());
    CHECK(std::string(plan.status().message()).find("'email', which the data does not have") != std::string::npos);
    o.mix = {{"web", 0.5}, {"", 0.5}};
    plan = mf::revenue_plan_segments(segments, o);
    REQUIRE(!plan.ok());
    CHECK(std::string(plan.status().message()).find("cannot be planned (no_wins") != std::string::npos);
  }

  SECTION("Monte Carlo: percentiles of the sum, not the sum of percentiles") {
    auto plan = mf::revenue_plan_segments(segments, options(4000));
    REQUIRE(plan.ok());
    const auto& a = stage(plan->plans[0].second.stages, "opportunity");
    const auto& b = stage(plan->plans[1].second.stages, "opportunity");
    const auto& c = stage(plan->combined, "opportunity");
    CHECK(c.required_p10 <= c.required_p50);
    CHECK(c.required_p50 <= c.required_p90);
    // Independent segments: the sum's band is narrower than the bands summed.
    CHECK(c.required_p10 >= a.required_p10 + b.required_p10);
    CHECK(c.required_p90 <= a.required_p90 + b.required_p90);
    CHECK(c.required_p90 - c.required_p10 < (a.required_p90 + b.required_p90) - (a.required_p10 + b.required_p10));
    CHECK(c.required_exact == Approx(a.required_exact + b.required_exact));
    // Same seed, same plan.
    auto again = mf::revenue_plan_segments(segments, options(4000));
    CHECK(stage(again->combined, "opportunity").required_p90 == c.required_p90);
  }
}

TEST_CASE("plan by segment: the segment attribute must be a string attribute", "[revenue][plan][segments][errors]") {
  const mf::DataSet data = two_channels();
  mf::MeasureOptions mo;
  mo.as_of = at("2026-06-01");
  mo.period = *mf::parse_period("2026-Q3");
  auto s = mf::measure_revenue_segments(data, mf::StageGraph::the_model(), mo, "region");
  REQUIRE(!s.ok());
  CHECK(std::string(s.status().message()).find("'region' is not in the data") != std::string::npos);
  auto mix = mf::parse_revenue_mix(R"({"web": 0.7, "partner": 0.2})");
  REQUIRE(!mix.ok());
  CHECK(std::string(mix.status().message()) ==
        "$: the shares sum to 0.9; they must sum to 1 (within 1e-9) [scenario.mix]");
  mix = mf::parse_revenue_mix(R"({"web": 1.5})");
  CHECK(std::string(mix.status().message()).rfind("$.web: a share must be in [0, 1]", 0) == 0);
  mix = mf::parse_revenue_mix(R"({"web": 0.3333333333, "partner": 0.6666666667})");
  CHECK(mix.ok());
  auto sc = mf::parse_revenue_scenario(R"({"version": 1, "mix": {"web": 0.5, "partner": 0.6}})");
  REQUIRE(!sc.ok());
  CHECK(std::string(sc.status().message()).rfind("$.mix: the shares sum to 1.1", 0) == 0);
  sc = mf::parse_revenue_scenario(R"({"version": 1, "mix": {"web": 0.25, "partner": 0.75}})");
  REQUIRE(sc.ok());
  CHECK(sc->mix.size() == 2);
}

TEST_CASE("plan by segment: the Maven CRM export by sector", "[revenue][plan][segments][maven]") {
  const std::filesystem::path dir = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm";
  if (!std::filesystem::exists(dir)) {
    std::cout << "MF_SKIPPED: ../shared/data/maven-crm is absent\n";
    return;
  }
  auto mapping = mf::Mapping::load_file(std::filesystem::path(MF_SOURCE_DIR) / "examples/maven-crm/mapping.json");
  REQUIRE(mapping.ok());
  for (auto [table, file] : {std::pair{"pipeline", "sales_pipeline.csv"}, std::pair{"accounts", "accounts.csv"},
                             std::pair{"teams", "sales_teams.csv"}}) {
    mapping = mapping->with_file(table, dir / file);
    REQUIRE(mapping.ok());
  }
  auto loaded = mf::load(*mapping);
  REQUIRE(loaded.ok());
  auto graph = mf::StageGraph::load_json_file(std::filesystem::path(MF_SOURCE_DIR) / "examples/maven-crm/stages.json");
  REQUIRE(graph.ok());
  mf::MeasureOptions mo;
  mo.as_of = at("2017-10-01");
  mo.period = *mf::parse_period("2017-Q4");
  auto segments = mf::measure_revenue_segments(loaded->data, *graph, mo, "sector");
  REQUIRE(segments.ok());
  // Maven's sectors, and the deals without an account (no sector).
  CHECK(segments->size() >= 10);
  double won = 0;
  std::uint64_t records = 0;
  for (const auto& s : *segments) {
    won += s.won_revenue;
    records += s.records;
  }
  CHECK(records == loaded->data.record_count());
  auto whole = mf::measure_revenue_model(loaded->data, *graph, mo);
  REQUIRE(whole.ok());
  double whole_won = 0;
  for (double d : whole->deal_sizes) whole_won += d;
  CHECK(won == Approx(whole_won));  // the segments partition the wins
  mf::PlanOptions o;
  o.target = 3'000'000;
  o.period = mo.period;
  o.as_of = mo.as_of;
  o.samples = 1000;
  auto plan = mf::revenue_plan_segments(*segments, o);
  REQUIRE(plan.ok());
  double share = 0;
  for (const auto& s : plan->segments) share += s.share;
  CHECK(share == Approx(1));
  const auto& wins = plan->combined.back();
  std::uint64_t wins_sum = 0;
  for (const auto& p : plan->plans) wins_sum += p.second.stages.back().required_p50;
  // The sum's median is near the medians' sum (not equal: each segment's
  // volume is skewed, 1 / its rate, so the sum's median sits a little higher).
  CHECK(static_cast<double>(wins.required_p50) == Approx(static_cast<double>(wins_sum)).epsilon(0.02));
  std::cout << "maven plan by sector: " << plan->plans.size() << " sectors planned, wins P50 " << wins.required_p50
            << " (P10 " << wins.required_p10 << ", P90 " << wins.required_p90 << ")\n";
}
