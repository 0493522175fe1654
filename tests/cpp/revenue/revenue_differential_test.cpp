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
  const std::int64_t start = 1'704'067'200;  // 2024-01-01
  for (int r = 0; r < records; ++r) {
    const auto rec = b.record("R" + std::to_string(r));
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
