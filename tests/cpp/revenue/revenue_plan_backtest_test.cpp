// The plan's backtest on generated data: each period's plan, made at its
// start for what the period won, against the records that reached each
// stage, counted by the share of their lags that land them in the period.
#include <cmath>
#include <map>

#include <catch2/catch.hpp>

#include "modelfunnel/generate.hpp"
#include "modelfunnel/revenue.hpp"

namespace mf = modelfunnel;

TEST_CASE("plan backtest: generated data, by quarter", "[revenue][plan][backtest]") {
  mf::GenerateOptions g;
  g.leads = 20'000;
  auto data = mf::generate_dataset(g);
  REQUIRE(data.ok());
  mf::BacktestOptions o;
  o.every = "quarter";
  o.plan = true;
  o.plan_samples = 1000;
  auto bt = mf::revenue_backtest(*data, mf::StageGraph::the_model(), o);
  REQUIRE(bt.ok());
  REQUIRE(bt->plan_stages.size() == 7);
  REQUIRE(!bt->plan.empty());
  // The won stage: the plan asks for target / mean deal size wins, and its
  // window is the period itself (no lag), so `entered` is the number of
  // wins the period had: count them here.
  std::map<std::string, std::uint64_t> wins_in;
  for (std::size_t r = 0; r < data->record_count(); ++r) {
    const auto [b, e] = data->events_of(static_cast<mf::RecordIndex>(r));
    for (std::size_t i = b; i < e; ++i) {
      const mf::Event ev = data->event(i);
      if (data->stage_names()[ev.stage] != "closed_won" || !ev.time) continue;
      for (const auto& row : bt->plan)
        if (row.stage == "closed_won" && *ev.time >= row.period.begin && *ev.time < row.period.end)
          ++wins_in[mf::to_string(row.period)];
      break;  // the first win
    }
  }
  for (const auto& row : bt->plan) {
    INFO(mf::to_string(row.period) << ' ' << row.stage);
    CHECK(row.required_p10 <= row.required_p50);
    CHECK(row.required_p50 <= row.required_p90);
    CHECK(row.enter_from <= row.enter_by);
    if (row.stage == "closed_won") {
      CHECK(row.entered == wins_in[mf::to_string(row.period)]);
      CHECK(row.entered_effective == Approx(static_cast<double>(row.entered)));  // no lag: each counts whole
    }
    CHECK(std::isfinite(row.entered_effective));
  }
  for (const auto& s : bt->plan_stages) {
    INFO(s.stage << " periods " << s.periods << " coverage " << s.coverage << " bias " << s.bias << " mape "
                  << s.mape);
    CHECK(s.periods >= 4);
    // Stated tolerance (docs/revenue.md): every stage's P50 volume within
    // 25% of the records that came, counted as the plan counts them, over
    // the quarters (measured: +6% to +13%), and the P10-P90 band holding at
    // least half of the six quarters (measured: 67-83%).
    CHECK(std::abs(s.bias) < 0.25);
    CHECK(s.coverage >= 0.5);
  }
}
