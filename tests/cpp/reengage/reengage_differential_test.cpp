// The engine against the reference (reference_reengage.cpp) on seeded
// random messy data: events added out of order, undated events, ties in
// time and in expected value, re-opens, repeated losses, blank, unknown and
// oddly-cased reasons, missing amounts and attributes.
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "reengage/reengage_fixture.hpp"
#include "reengage/reference_reengage.hpp"

using namespace mf_reengage_test;

namespace {

const char* const kPolicy = R"({
  "version": 1,
  "taxonomy": {"budget": ["Price", "too expensive"], "timing": ["Not now"], "competitor": [],
               "no_decision": ["went dark"], "fit": [], "champion_left": []},
  "unmapped": "no_decision",
  "fiscal_year_start_month": 7,
  "columns": {"timeline": "timeline_days", "fit": "fit", "flag": "flag", "contacted": "contacted",
              "tier": "tier", "segment": "segment"},
  "min_sample": 5,
  "defaults": {"channel": "phone", "track": "general", "cooldown_days": 20},
  "reasons": {
    "budget": {"when": "fiscal_year", "days_before": 15, "lost_twice": "nurture"},
    "timing": {"when": "timeline", "days": 40, "lost_twice": "delay", "lost_twice_extra_days": 25},
    "no_decision": {"days": 50, "who": "marketing_nurture", "channel": "email", "lost_twice": "skip"},
    "fit": {"when": "never", "days": 30, "rewin_rate": 0.05},
    "competitor": {"days": 70, "expire_days": 200}
  },
  "tiers": {"A": {"channel": "visit"}, "C": {"who": "marketing_nurture"}}
})";

mf::DataSet messy(std::uint64_t seed, std::size_t at_least = 50) {
  std::mt19937_64 rng(seed);
  auto below = [&](std::uint64_t n) { return static_cast<std::uint64_t>(rng() % n); };
  const char* const stages[] = {"lead", "opportunity", "proposal", "closed_lost", "closed_lost", "closed_won",
                                "nurture"};
  const char* const reasons[] = {"budget", "BUDGET", " price ", "Too Expensive", "timing", "not now", "competitor",
                                 "no_decision", "Went Dark", "fit", "champion_left", "weird", ""};
  mf::DataSetBuilder b;
  const auto timeline = *b.add_attribute("timeline_days", mf::AttributeType::kInt64);
  const auto fit = *b.add_attribute("fit", mf::AttributeType::kDouble);
  const auto flag = *b.add_attribute("flag", mf::AttributeType::kBool);
  const auto contacted = *b.add_attribute("contacted", mf::AttributeType::kTimestamp);
  const auto tier = *b.add_attribute("tier", mf::AttributeType::kString);
  const auto segment = *b.add_attribute("segment", mf::AttributeType::kString);
  const std::size_t records = at_least + below(150);
  const std::int64_t base = 1'672'531'200;  // 2023-01-01
  struct Pending {
    std::string id;
    mf::Event e;
    std::string reason;
  };
  std::vector<Pending> pending;
  for (std::size_t r = 0; r < records; ++r) {
    const std::string id = "R" + std::to_string(below(records * 2));  // repeated ids: one record
    const auto rec = b.record(id);
    if (below(3) == 0) REQUIRE(b.set_attribute(rec, timeline, static_cast<std::int64_t>(below(400))).ok());
    if (below(3) == 0) REQUIRE(b.set_attribute(rec, fit, static_cast<double>(below(4)) / 2).ok());
    if (below(4) == 0) REQUIRE(b.set_attribute(rec, flag, below(2) == 0).ok());
    if (below(4) == 0)
      REQUIRE(b.set_attribute(rec, contacted, mf::Timestamp::from_seconds(base + static_cast<std::int64_t>(below(600)) * 86'400)).ok());
    if (below(3) == 0) REQUIRE(b.set_attribute(rec, tier, std::string_view(below(2) ? "A" : "C")).ok());
    if (below(4) != 0) REQUIRE(b.set_attribute(rec, segment, std::string_view(below(2) ? "smb" : "mid")).ok());
    const std::size_t n = below(6);
    for (std::size_t k = 0; k < n; ++k) {
      Pending p;
      p.id = id;
      p.e.record = rec;
      p.e.stage = b.stage(stages[below(7)]);
      // Days on a coarse grid so that times tie; one in 30 undated.
      if (below(30) != 0) p.e.time = mf::Timestamp::from_seconds(base + static_cast<std::int64_t>(below(40)) * 15 * 86'400);
      if (below(3) == 0) p.e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(below(5)) * 1'000'000);
      p.reason = reasons[below(13)];
      pending.push_back(std::move(p));
    }
  }
  std::shuffle(pending.begin(), pending.end(), rng);  // out of order
  for (Pending& p : pending) {
    if (!p.reason.empty()) p.e.reason = p.reason;
    REQUIRE(b.add_event(p.e).ok());
  }
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  return *ds;
}

}  // namespace

TEST_CASE("reengage: the engine equals the reference on seeded messy data", "[reengage][differential]") {
  const mf::ReengagePolicy policy = mf_reengage_test::policy(kPolicy);
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    const mf::DataSet data = messy(seed);
    for (const char* when : {"2023-06-30", "2024-03-31", "2025-12-31"}) {
      INFO("as of " << when);
      const mf::Timestamp as_of = day(when);
      auto engine = mf::reengagement_queue(data, policy, as_of);
      REQUIRE(engine.ok());
      const std::vector<RefEntry> ref = reference_queue(data, policy, as_of);
      REQUIRE(engine->queue.size() == ref.size());
      for (std::size_t i = 0; i < ref.size(); ++i) {
        const mf::QueueEntry& e = engine->queue[i];
        INFO("rank " << i + 1 << " reference " << ref[i].id);
        CHECK(e.id == ref[i].id);
        CHECK(e.reason == ref[i].reason);
        CHECK(e.lost_at.micros() == ref[i].lost_at);
        CHECK(e.due_at.micros() == ref[i].due_at);
        CHECK(e.expected_value == ref[i].expected_value);
        CHECK(std::string(mf::to_string(e.who)) == ref[i].who);
        CHECK(e.channel == ref[i].channel);
        CHECK(e.track == ref[i].track);
        CHECK(e.attempts == ref[i].attempts);
        CHECK(e.lost_twice == ref[i].lost_twice);
      }
    }
  }
}

// The walk splits the records into fixed ranges (16,384 records) walked on
// the allowed threads and merged in range order; the rows are made on the
// threads too. Three ranges' worth of records: every part of the result,
// as JSON (every table, every figure), is the same bytes for any count.
TEST_CASE("reengage: the same bytes for any thread count", "[reengage][differential][threads]") {
  const mf::ReengagePolicy policy = mf_reengage_test::policy(kPolicy);
  const mf::DataSet data = messy(7, 50'000);
  REQUIRE(data.record_count() > 2 * 16'384);  // three ranges (ids repeat: ~39,000 records)
  for (const char* when : {"2024-03-31", "2025-12-31"}) {
    INFO("as of " << when);
    std::string one;
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
      INFO("threads " << threads);
      mf::ReengageOptions options;
      options.threads = threads;
      auto r = mf::reengagement_queue(data, policy, day(when), options);
      REQUIRE(r.ok());
      REQUIRE(r->queue.size() > 1000);
      const absl::StatusOr<std::string> json = mf::reengage_json(*r);
      REQUIRE(json.ok());
      if (threads == 1) one = *json;
      else CHECK(*json == one);
    }
  }
}
