// Cost per win, re-engaged vs new, from touch costs loaded through a
// mapping's touches table — computed by hand — and no costs without them.
#include <catch2/catch.hpp>

#include "reengage/reengage_fixture.hpp"
#include "support/load_fixture.hpp"

using namespace mf_reengage_test;

TEST_CASE("reengage: cost per win re-engaged vs new from touch costs", "[reengage][costs]") {
  mf_test::TempDir dir;
  dir.write("ev.csv",
            "id,stage,ts,reason\n"
            "N1,opportunity,2024-01-15,\nN1,closed_won,2024-02-01,\n"
            "R1,closed_lost,2024-01-10,budget\nR1,opportunity,2024-03-01,\nR1,closed_won,2024-04-01,\n"
            "R2,closed_lost,2024-01-10,budget\n");
  // New: N1's 100 and R1's 50 before its loss. Re-engaged: R1's 30, R2's 70.
  dir.write("t.csv", "id,ts,cost\nN1,2024-01-01,100\nR1,2024-01-05,50\nR1,2024-02-01,30\nR2,2024-02-02,70\n"
                     "R2,2024-12-01,999\n");  // after as_of: not counted
  auto loaded = mf_test::load_json(dir, R"({"version": 1, "tables": [
    {"name": "ev", "kind": "events", "file": "ev.csv", "record": "id", "stage": "stage", "time": "ts",
     "reason": "reason"},
    {"name": "t", "kind": "touches", "file": "t.csv", "record": "id", "time": "ts", "cost": "cost"}]})");
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  auto p = policy(R"({"version": 1, "taxonomy": {"budget": []}, "reasons": {"budget": {"days": 10}}})");
  auto r = mf::reengagement_queue(loaded->data, p, day("2024-06-30"));
  REQUIRE(r.ok());
  CHECK(r->costs.known);
  CHECK(r->costs.wins_new == 1);
  CHECK(r->costs.wins_reengaged == 1);
  CHECK(mf::format_amount(r->costs.cost_new) == "150");
  CHECK(mf::format_amount(r->costs.cost_reengaged) == "100");
  REQUIRE(r->costs.cost_per_win_new);
  CHECK(*r->costs.cost_per_win_new == 150);
  REQUIRE(r->costs.cost_per_win_reengaged);
  CHECK(*r->costs.cost_per_win_reengaged == 100);
  // The recycled funnel: R1 came back at opportunity and won.
  REQUIRE(r->recycled_funnel.size() >= 2);
  CHECK(r->recycled_funnel[0].records == 1);
  for (const auto& s : r->recycled_funnel)
    if (s.stage == "opportunity" || s.stage == "closed_won") CHECK(s.records == 1);
  // R2 is the one record lost now; R1's win makes budget's re-win rate 1 of 2.
  REQUIRE(r->queue.size() == 1);
  CHECK(r->queue[0].id == "R2");
  CHECK(r->queue[0].rewin_rate == 0.5);
  CHECK(r->queue[0].rate_source == "overall");  // 2 losses < min_sample 10
}
