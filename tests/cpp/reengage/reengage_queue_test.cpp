// The queue on a hand-made data set, every figure computed by hand: ties
// broken by id, a record without an amount valued at the median won amount,
// timeline / fiscal-year / never / flagged rules, a cooldown, a reason
// without a policy, a record lost twice for the same reason, unmapped and
// blank reasons, and the learned windows.
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "reengage/reengage_fixture.hpp"

using namespace mf_reengage_test;

namespace {

const char* const kPolicy = R"({
  "version": 1,
  "taxonomy": {"budget": ["Price"], "timing": [], "competitor": [], "no_decision": ["No decision"],
               "fit": ["Not a fit"], "champion_left": []},
  "columns": {"timeline": "timeline_days", "fit": "fit", "flag": "flag", "contacted": "contacted",
              "tier": "tier"},
  "min_sample": 1,
  "defaults": {"who": "inside_sales", "channel": "phone", "track": "t"},
  "reasons": {
    "budget": {"when": "days", "days": 30, "rewin_rate": 0.2},
    "timing": {"when": "timeline", "days": 90, "rewin_rate": 0.5, "who": "marketing_nurture", "channel": "email"},
    "fit": {"when": "never", "days": 10, "rewin_rate": 0.1},
    "no_decision": {"when": "days", "days": 60, "lost_twice": "skip"},
    "competitor": {"when": "days", "days": 20, "cooldown_days": 100}
  },
  "tiers": {"A": {"channel": "visit"}}
})";

mf::DataSet data() {
  mf::DataSetBuilder b;
  const auto timeline = *b.add_attribute("timeline_days", mf::AttributeType::kInt64);
  const auto fit = *b.add_attribute("fit", mf::AttributeType::kDouble);
  const auto flag = *b.add_attribute("flag", mf::AttributeType::kBool);
  const auto contacted = *b.add_attribute("contacted", mf::AttributeType::kTimestamp);
  const auto tier = *b.add_attribute("tier", mf::AttributeType::kString);
  event(b, "B", "opportunity", "2024-01-01");
  event(b, "B", "closed_lost", "2024-02-01", "price", 1000);
  event(b, "A", "opportunity", "2024-01-01");
  event(b, "A", "closed_lost", "2024-02-01", " PRICE ", 1000);
  REQUIRE(b.set_attribute(b.record("A"), tier, std::string_view("A")).ok());
  event(b, "C", "closed_lost", "2024-05-20", "timing");
  REQUIRE(b.set_attribute(b.record("C"), timeline, std::int64_t{60}).ok());
  event(b, "D", "closed_lost", "2024-01-10", "Timing");
  event(b, "W", "opportunity", "2024-01-01");
  event(b, "W", "closed_won", "2024-02-01", std::nullopt, 5000);
  event(b, "E", "closed_lost", "2023-06-01", "No decision");
  event(b, "E", "opportunity", "2023-09-01");
  event(b, "E", "closed_lost", "2023-10-01", "no_decision");
  event(b, "F", "closed_lost", "2024-01-01", "Not a fit");
  event(b, "G", "closed_lost", "2024-01-01", "fit", 300);
  REQUIRE(b.set_attribute(b.record("G"), flag, true).ok());
  REQUIRE(b.set_attribute(b.record("G"), fit, 2.0).ok());
  event(b, "H", "closed_lost", "2024-01-01", "competitor");
  REQUIRE(b.set_attribute(b.record("H"), contacted, day("2024-06-01")).ok());
  event(b, "I", "closed_lost", "2024-01-01", "Champion left");
  event(b, "J", "closed_lost", "2024-01-01", "Weird text");
  event(b, "K", "closed_lost", "2024-01-01");
  event(b, "L", "closed_lost", "2024-07-01", "price");  // after as_of: not lost yet
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  return *ds;
}

}  // namespace

TEST_CASE("reengage: the hand-made queue, ranked by expected value then id", "[reengage]") {
  auto r = mf::reengagement_queue(data(), policy(kPolicy), day("2024-06-30"));
  INFO(r.status().message());
  REQUIRE(r.ok());
  REQUIRE(r->queue.size() == 4);
  // D: no amount -> the median won amount 5,000 x 0.5; A and B tie at 1,000 x 0.2, A first by id.
  CHECK(r->queue[0].id == "D");
  CHECK(r->queue[0].expected_value == Approx(2500));
  CHECK(r->queue[0].amount_source == "median_won");
  CHECK(r->queue[0].due_rule == "days (no timeline)");
  CHECK(mf::format_timestamp(r->queue[0].due_at) == "2024-04-09T00:00:00Z");
  CHECK(r->queue[0].who == mf::ReengageWho::kMarketingNurture);
  CHECK(r->queue[0].channel == "email");
  CHECK(r->queue[1].id == "A");
  CHECK(r->queue[1].expected_value == Approx(200));
  CHECK(r->queue[1].amount_source == "recorded");
  CHECK(r->queue[1].channel == "visit");  // tier A override
  CHECK(r->queue[1].tier == "A");
  CHECK(r->queue[1].reason == "budget");
  CHECK(r->queue[1].raw_reason == " PRICE ");
  CHECK(r->queue[1].history == "2024-02-01 budget ( PRICE )");
  CHECK(mf::format_timestamp(r->queue[1].due_at) == "2024-03-02T00:00:00Z");
  CHECK(r->queue[2].id == "B");
  CHECK(r->queue[2].expected_value == Approx(200));
  CHECK(r->queue[2].channel == "phone");
  CHECK(r->queue[3].id == "G");  // fit, flagged: 300 x 0.1 x fit 2
  CHECK(r->queue[3].expected_value == Approx(60));
  CHECK(r->queue[3].due_rule == "days (flagged)");
  for (std::size_t i = 0; i < r->queue.size(); ++i) CHECK(r->queue[i].rank == i + 1);
  CHECK(r->lost_records == 11);
  REQUIRE(r->median_won_amount);
  CHECK(*r->median_won_amount == 5000);
}

TEST_CASE("reengage: every lost record is accounted for by reason", "[reengage]") {
  auto r = mf::reengagement_queue(data(), policy(kPolicy), day("2024-06-30"));
  REQUIRE(r.ok());
  std::map<std::string, mf::LossReasonCount> by;
  for (const auto& c : r->reasons) by[c.reason] = c;
  CHECK(by["budget"].due == 2);
  CHECK(by["timing"].due == 1);
  CHECK(by["timing"].not_yet_due == 1);          // C: 60-day timeline from 2024-05-20
  CHECK(by["fit"].never == 1);                   // F
  CHECK(by["fit"].due == 1);                     // G, flagged
  CHECK(by["no_decision"].skipped_lost_twice == 1);  // E
  CHECK(by["competitor"].cooling_down == 1);     // H: contacted 2024-06-01 + 100 days
  CHECK(by["champion_left"].no_policy == 1);     // I
  CHECK_FALSE(by["champion_left"].has_policy);
  CHECK(by["(unmapped)"].lost_records == 2);     // J and K
  REQUIRE(r->unmapped.size() == 2);
  CHECK(r->unmapped[0].text == "(blank)");
  CHECK(r->unmapped[0].count == 1);
  CHECK(r->unmapped[1].text == "Weird text");
  std::uint64_t total = 0;
  for (const auto& c : r->reasons)
    total += c.due + c.not_yet_due + c.cooling_down + c.never + c.skipped_lost_twice + c.expired + c.no_policy;
  CHECK(total == r->lost_records);
}

TEST_CASE("reengage: learned windows count losses, re-opens and re-wins with Wilson intervals", "[reengage]") {
  auto r = mf::reengagement_queue(data(), policy(kPolicy), day("2024-06-30"));
  REQUIRE(r.ok());
  const mf::ReasonWindow* nd = nullptr;
  for (const auto& w : r->windows)
    if (w.reason == "no_decision" && w.segment.empty()) nd = &w;
  REQUIRE(nd);
  CHECK(nd->lost == 2);
  CHECK(nd->reopened == 1);  // 2023-06-01 -> 2023-09-01: 92 days
  CHECK(nd->rewon == 0);
  REQUIRE(nd->median_days_to_reopen);
  CHECK(*nd->median_days_to_reopen == 92);
  CHECK(nd->reopen_rate == 0.5);
  CHECK(nd->reopen_low == Approx(0.0945).epsilon(0.001));
  CHECK(nd->reopen_high == Approx(0.9055).epsilon(0.001));
  CHECK(r->recycled_funnel.front().records == 1);  // E re-opened
  CHECK_FALSE(r->costs.known);
  CHECK(r->costs.wins_new == 1);
}

TEST_CASE("reengage: lost twice for the same reason - nurture and delay", "[reengage]") {
  mf::DataSetBuilder b;
  event(b, "N", "closed_lost", "2024-01-01", "budget");
  event(b, "N", "opportunity", "2024-02-01");
  event(b, "N", "closed_lost", "2024-03-01", "budget", 100);
  event(b, "M", "closed_lost", "2024-01-01", "timing");
  event(b, "M", "opportunity", "2024-02-01");
  event(b, "M", "closed_lost", "2024-03-01", "timing", 100);
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  auto p = policy(R"({"version": 1, "taxonomy": {"budget": [], "timing": []},
    "reasons": {"budget": {"days": 10, "lost_twice": "nurture", "rewin_rate": 0.5},
                "timing": {"days": 10, "lost_twice": "delay", "lost_twice_extra_days": 30, "rewin_rate": 0.5,
                           "cooldown_days": 50}}})");
  auto r = mf::reengagement_queue(*ds, p, day("2024-06-30"));
  REQUIRE(r.ok());
  REQUIRE(r->queue.size() == 2);
  CHECK(r->queue[0].id == "M");
  CHECK(r->queue[0].attempts == 2);
  CHECK(r->queue[0].lost_twice);
  // 2024-03-01 + 10 + 30 days = 2024-04-10; the cooldown (re-open 2024-02-01 + 50) ends 2024-03-22, earlier.
  CHECK(mf::format_timestamp(r->queue[0].due_at) == "2024-04-10T00:00:00Z");
  CHECK(r->queue[0].history == "2024-01-01 timing; 2024-03-01 timing");
  CHECK(r->queue[1].id == "N");
  CHECK(r->queue[1].who == mf::ReengageWho::kMarketingNurture);
  CHECK(r->queue[1].due_rule == "days +lost_twice");
}

TEST_CASE("reengage: fiscal year, competitor renewal and learned windows set the date", "[reengage]") {
  mf::DataSetBuilder b;
  const auto renewal = *b.add_attribute("renewal", mf::AttributeType::kTimestamp);
  event(b, "F", "closed_lost", "2023-05-10", "budget");
  event(b, "R", "closed_lost", "2023-05-10", "competitor");
  REQUIRE(b.set_attribute(b.record("R"), renewal, day("2022-09-15")).ok());
  event(b, "S", "closed_lost", "2023-05-10", "competitor");
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  auto p = policy(R"({"version": 1, "taxonomy": {"budget": [], "competitor": []},
    "fiscal_year_start_month": 4, "columns": {"renewal": "renewal"},
    "reasons": {"budget": {"when": "fiscal_year", "days_before": 31},
                "competitor": {"when": "competitor_renewal", "days_before": 60, "days": 200}}})");
  auto r = mf::reengagement_queue(*ds, p, day("2025-01-01"));
  REQUIRE(r.ok());
  std::map<std::string, std::string> due;
  for (const auto& e : r->queue) due[e.id] = mf::format_timestamp(e.due_at).substr(0, 10) + " " + e.due_rule;
  CHECK(due["F"] == "2024-03-01 fiscal_year");  // FY starts 2024-04-01, less 31 days
  CHECK(due["R"] == "2023-07-17 competitor_renewal");  // renewal rolls to 2023-09-15, less 60 days
  CHECK(due["S"] == "2023-11-26 days (no renewal date)");
  // No history: the re-win rate is the overall one (0), so every expected value is 0, ranked by id.
  CHECK(r->queue[0].rate_source == "overall");
  CHECK(r->queue[0].id == "F");
  CHECK(r->queue[0].amount_source == "none");
}

TEST_CASE("reengage: a record without an amount takes its segment's median won amount", "[reengage]") {
  mf::DataSetBuilder b;
  const auto segment = *b.add_attribute("segment", mf::AttributeType::kString);
  auto seg = [&](const char* id, const char* s) { REQUIRE(b.set_attribute(b.record(id), segment, std::string_view(s)).ok()); };
  event(b, "W1", "closed_won", "2024-01-01", std::nullopt, 1000);
  event(b, "W2", "closed_won", "2024-01-01", std::nullopt, 3000);
  event(b, "W3", "closed_won", "2024-01-01", std::nullopt, 9000);
  seg("W1", "smb");
  seg("W2", "smb");
  seg("W3", "ent");
  event(b, "X", "closed_lost", "2024-01-01", "budget");
  event(b, "Y", "closed_lost", "2024-01-01", "budget");
  event(b, "Z", "closed_lost", "2024-01-01", "budget");
  event(b, "V", "closed_lost", "2024-01-01", "budget");
  seg("X", "smb");
  seg("Y", "ent");
  seg("V", "mid");  // no win in mid: the overall median
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  auto p = policy(R"({"version": 1, "taxonomy": {"budget": []}, "columns": {"segment": "segment"},
                      "reasons": {"budget": {"days": 1, "rewin_rate": 1}}})");
  auto r = mf::reengagement_queue(*ds, p, day("2024-06-30"));
  REQUIRE(r.ok());
  std::map<std::string, std::pair<double, std::string>> by;
  for (const auto& e : r->queue) by[e.id] = {e.amount, e.amount_source};
  CHECK(by["X"] == std::make_pair(2000.0, std::string("median_won_segment")));
  CHECK(by["Y"] == std::make_pair(9000.0, std::string("median_won_segment")));
  CHECK(by["Z"] == std::make_pair(3000.0, std::string("median_won")));
  CHECK(by["V"] == std::make_pair(3000.0, std::string("median_won")));
  CHECK(r->queue.front().id == "Y");
  // Windows per segment: one row per reason and segment with losses.
  std::uint64_t segment_rows = 0;
  for (const auto& w : r->windows) segment_rows += !w.segment.empty();
  CHECK(segment_rows == 3);
}
