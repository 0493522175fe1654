// The engine against the literal reference (reference_revenue.cpp) on
// seeded random messy data: events out of order, gaps (skipped stages),
// re-entries, lost and re-opened deals, nurture, blanks (no time, no
// amount), ties, unknown stages — for several seeds, as-of dates and
// periods, and thread counts.
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/revenue.hpp"
#include "revenue/reference_revenue.hpp"

namespace mf = modelfunnel;

namespace {

mf::DataSet messy(std::uint64_t seed, int records) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const char* stages[] = {"lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                          "closed_won", "closed_lost", "nurture", "mystery"};
  mf::DataSetBuilder b;
  // A channel per record (a quarter without one), from its own generator so
  // the events are those of the forecast's cases.
  const std::size_t channel = *b.add_attribute("channel", mf::AttributeType::kString);
  std::mt19937_64 channels(seed + 1000);
  const char* channel_names[] = {"web", "event", "partner", nullptr};
  const std::int64_t start = 1'704'067'200;  // 2024-01-01
  for (int r = 0; r < records; ++r) {
    const auto rec = b.record("R" + std::to_string(r));
    if (const char* ch = channel_names[channels() % 4]) REQUIRE(b.set_attribute(rec, channel, std::string_view(ch)).ok());
    const int events = 1 + uni(7);
    std::int64_t t = start + static_cast<std::int64_t>(uni(600)) * 86'400;
    int stage = uni(3);
    for (int k = 0; k < events; ++k) {
      mf::Event e;
      e.record = rec;
      const int roll = uni(20);
      int s = stage;
      if (roll == 0) s = 7;                           // lost
      else if (roll == 1) s = 8;                      // nurture
      else if (roll == 2) s = 9;                      // unknown stage
      else if (roll == 3) s = uni(7);                 // anywhere, backwards too
      else stage = s = std::min(6, stage + 1 + uni(2));  // forward, gaps
      e.stage = b.stage(stages[s]);
      if (uni(25) != 0) e.time = mf::Timestamp::from_seconds(t + (uni(4) == 0 ? 0 : uni(40) * 86'400));  // ties, out of order
      if (uni(3) == 0 || s == 6) {
        if (uni(6) != 0) e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(1000 + uni(50000)) * 10000);
      }
      REQUIRE(b.add_event(e).ok());
      t += uni(30) * 86'400 + uni(86'400);
    }
  }
  return *std::move(b).finish();
}

}  // namespace

TEST_CASE("revenue differential: the forecast equals the reference on messy data", "[revenue][differential]") {
  const auto graph = mf::StageGraph::the_model();
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    const mf::DataSet data = messy(seed, 300);
    for (const char* as_of : {"2024-09-15", "2025-03-01"}) {
      for (const char* period : {"2025-Q1", "2025-03", "2025"}) {
        mf::ForecastOptions o;
        o.as_of = *mf::parse_timestamp(as_of, mf::TimeFormat::iso8601());
        o.period = *mf::parse_period(period);
        if (!(o.as_of->micros() < o.period.end.micros())) continue;
        INFO("seed " << seed << " as_of " << as_of << " period " << period);
        const auto ref = mf_revenue_reference::forecast(data, graph, *o.as_of, o.period);
        for (unsigned threads : {1u, 2u}) {
          o.threads = threads;
          auto f = mf::revenue_forecast(data, graph, o);
          REQUIRE(f.ok());
          CHECK(f->expected == Approx(ref.expected).epsilon(1e-9).margin(1e-9));
          CHECK(f->won_so_far == Approx(ref.won_so_far));
          std::uint64_t open = 0;
          for (const auto& s : f->by_stage) {
            const auto it = ref.open.find(s.key);
            CHECK(s.deals == (it == ref.open.end() ? 0 : it->second));
            const auto e = ref.expected_by_stage.find(s.key);
            CHECK(s.expected == Approx(e == ref.expected_by_stage.end() ? 0.0 : e->second).margin(1e-9));
            open += s.deals;
          }
          CHECK(open == f->open_deals);
        }
      }
    }
  }
}

TEST_CASE("revenue differential: the plan's volumes equal the reference's quotients", "[revenue][differential]") {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> rate(0.05, 1.0), deal(100, 100000);
  for (int trial = 0; trial < 50; ++trial) {
    mf::RevenueModel m;
    const int n = 2 + static_cast<int>(rng() % 7);
    for (int i = 0; i < n; ++i) m.stages.push_back("s" + std::to_string(i));
    for (int i = 0; i + 1 < n; ++i) m.steps.push_back({m.stages[static_cast<std::size_t>(i)], m.stages[static_cast<std::size_t>(i) + 1], rate(rng), 0, 0});
    m.deal_sizes = {deal(rng), deal(rng)};
    m.uncertainty = false;
    mf::PlanOptions o;
    o.target = deal(rng) * 100;
    o.period = *mf::parse_period("2027-Q2");
    o.samples = 0;
    auto plan = mf::revenue_plan(m, o);
    REQUIRE(plan.ok());
    for (std::size_t i = 0; i < m.stages.size(); ++i) {
      const double exact = mf_revenue_reference::required(m, o.target, i);
      CHECK(plan->stages[i].required_exact == Approx(exact).epsilon(1e-12));
      CHECK(plan->stages[i].required_p50 == static_cast<std::uint64_t>(std::ceil(exact - 1e-9 * exact)));
    }
  }
}

TEST_CASE("revenue differential: a plan by segment equals plans of the segments' own data sets", "[revenue][differential][segments]") {
  const auto graph = mf::StageGraph::the_model();
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const mf::DataSet data = messy(seed, 400);
    mf::MeasureOptions mo;
    mo.as_of = *mf::parse_timestamp("2025-03-01", mf::TimeFormat::iso8601());
    mo.period = *mf::parse_period("2025-Q2");
    INFO("seed " << seed);
    auto segments = mf::measure_revenue_segments(data, graph, mo, "channel");
    REQUIRE(segments.ok());
    REQUIRE(segments->size() == 4);
    const auto won = mf_revenue_reference::won_revenue_by(data, graph, *mo.as_of, "channel");
    double won_total = 0;
    for (const auto& [name, amount] : won) won_total += amount;
    mf::PlanOptions po;
    po.target = 2'000'000;
    po.period = mo.period;
    po.as_of = mo.as_of;
    po.samples = 0;
    auto plan = mf::revenue_plan_segments(*segments, po);
    REQUIRE(plan.ok());
    std::vector<double> exact_sum(7, 0.0);
    std::vector<std::uint64_t> p50_sum(7, 0);
    for (std::size_t k = 0; k < segments->size(); ++k) {
      const mf::RevenueSegment& seg = (*segments)[k];
      INFO("segment '" << seg.segment << "'");
      const auto it = won.find(seg.segment);
      CHECK(seg.won_revenue == Approx(it == won.end() ? 0.0 : it->second));
      CHECK(plan->segments[k].share == Approx(seg.won_revenue / won_total));
      // The segment measured on a data set of its records alone.
      const mf::DataSet alone = mf_revenue_reference::subset(data, "channel", seg.segment);
      CHECK(seg.records == alone.record_count());
      auto model = mf::measure_revenue_model(alone, graph, mo);
      REQUIRE(model.ok() == (seg.status == "ok"));
      if (!model.ok()) continue;
      const mf::RevenueModel& m = *seg.model;
      for (std::size_t i = 0; i < m.steps.size(); ++i) {
        CHECK(m.steps[i].converted == model->steps[i].converted);
        CHECK(m.steps[i].trials == model->steps[i].trials);
      }
      CHECK(m.deal_sizes == model->deal_sizes);
      CHECK(m.lag_days == model->lag_days);
      REQUIRE(m.pipeline.size() == model->pipeline.size());
      for (std::size_t i = 0; i < m.pipeline.size(); ++i) {
        CHECK(m.pipeline[i].stage == model->pipeline[i].stage);
        CHECK(m.pipeline[i].probability == Approx(model->pipeline[i].probability).margin(1e-12));
      }
      // Its volumes: the reference quotient for its share of the target.
      for (std::size_t i = 0; i < m.stages.size(); ++i) {
        const double exact = mf_revenue_reference::required(m, plan->segments[k].target, i);
        exact_sum[i] += exact;
        p50_sum[i] += static_cast<std::uint64_t>(std::ceil(exact - 1e-9 * exact));
      }
    }
    for (std::size_t i = 0; i < plan->combined.size(); ++i) {
      CHECK(plan->combined[i].required_exact == Approx(exact_sum[i]).epsilon(1e-12));
      CHECK(plan->combined[i].required_p50 == p50_sum[i]);
    }
  }
}
