// Pipeline movement: a hand-computed case pinning every bucket and the slip
// rate, the literal reference on seeded messy data, exact reconciliation on
// generated Salesforce-layout data (amount and close-date changes), the
// Maven export, and the errors.
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/generate.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/reference_movement.hpp"
#include "support/load_fixture.hpp"

namespace mf = modelfunnel;

namespace {

mf::Timestamp at(const char* iso) { return *mf::parse_timestamp(iso, mf::TimeFormat::iso8601()); }
mf::Amount money(double v) { return mf::Amount::from_scaled(static_cast<std::int64_t>(v * mf::Amount::kScale)); }

/// docs/revenue.md's hand-worked example: the 2026-Q2 pipeline from
/// 1 April to 1 May 2026.
mf::DataSet hand_case() {
  mf::DataSetBuilder b;
  auto add = [&](const std::string& id, const char* stage, const char* when, std::optional<double> amount,
                 const char* close) {
    mf::Event e;
    e.record = b.record(id);
    e.stage = b.stage(stage);
    e.time = at(when);
    if (amount) e.amount = money(*amount);
    if (close) e.close_date = at(close);
    REQUIRE(b.add_event(e).ok());
  };
  add("N", "opportunity", "2026-04-10", 10000, "2026-06-15");  // new
  add("U", "opportunity", "2026-03-10", 5000, nullptr);        // no close date at from: new
  add("U", "proposal", "2026-04-08", {}, "2026-06-01");
  add("P", "opportunity", "2026-03-01", 20000, "2026-08-15");  // pulled in
  add("P", "proposal", "2026-04-05", {}, "2026-06-30");
  add("I", "opportunity", "2026-03-01", 30000, "2026-05-15");  // increased
  add("I", "proposal", "2026-04-10", 36000, nullptr);
  add("D", "opportunity", "2026-03-02", 40000, "2026-06-01");  // decreased (and pushed inside the quarter)
  add("D", "negotiation", "2026-04-20", 35000, "2026-06-10");
  add("O", "opportunity", "2026-03-03", 50000, "2026-04-30");  // pushed out
  add("O", "proposal", "2026-04-25", {}, "2026-07-31");
  add("W", "proposal", "2026-03-04", 60000, "2026-04-20");     // won
  add("W", "closed_won", "2026-04-18", 62000, "2026-04-18");
  add("L", "opportunity", "2026-03-05", 70000, "2026-05-31");  // lost
  add("L", "closed_lost", "2026-04-12", {}, nullptr);
  add("C", "opportunity", "2026-03-06", 80000, "2026-06-20");  // carried (pushed inside the quarter)
  add("C", "proposal", "2026-04-15", 80000, "2026-06-25");
  add("Q", "opportunity", "2026-03-09", {}, "2026-05-05");     // carried, no amount
  add("X", "opportunity", "2026-03-07", 90000, "2026-09-30");  // another quarter: in neither
  add("Y", "sql", "2026-03-08", 1000, "2026-05-01");           // before the pipeline's first stage
  add("Z", "opportunity", "2026-01-05", {}, "2026-02-01");     // pushed twice before from
  add("Z", "proposal", "2026-01-25", {}, "2026-03-01");
  add("Z", "negotiation", "2026-02-20", {}, "2026-09-15");
  return *std::move(b).finish();
}

mf::MovementOptions q2_april() {
  mf::MovementOptions o;
  o.from = at("2026-04-01");
  o.to = at("2026-05-01");
  o.period = *mf::parse_period("2026-Q2");
  return o;
}

const mf::MovementBucketRow& bucket(const mf::PipelineMovement& m, mf::MovementBucket b) {
  return m.buckets[static_cast<std::size_t>(b)];
}

/// opening + the buckets' changes = closing, in deals and in amount (Amount's
/// integers, so exactly), and the buckets hold every deal once.
void check_reconciles(const mf::PipelineMovement& m) {
  REQUIRE(m.buckets.size() == 8);
  std::int64_t deals = static_cast<std::int64_t>(m.opening_deals), amount = m.opening_amount.scaled();
  std::int64_t from = 0, to = 0;
  std::uint64_t in_buckets = 0;
  for (const auto& b : m.buckets) {
    deals += b.count_change;
    amount += b.amount_change.scaled();
    from += b.amount_from.scaled();
    to += b.amount_to.scaled();
    in_buckets += b.deals;
    CHECK(b.amount_change.scaled() == b.amount_to.scaled() - b.amount_from.scaled());
  }
  CHECK(deals == static_cast<std::int64_t>(m.closing_deals));
  CHECK(amount == m.closing_amount.scaled());
  CHECK(from == m.opening_amount.scaled());
  CHECK(to == m.closing_amount.scaled());
  CHECK(in_buckets == m.deals.size());
}

void check_against_reference(const mf::DataSet& data, const mf::StageGraph& graph, mf::MovementOptions o) {
  auto m = mf::revenue_movement(data, graph, o);
  REQUIRE(m.ok());
  check_reconciles(*m);
  o.first_stage = m->first_stage;
  const auto ref = mf_movement_reference::movement(data, graph, o);
  CHECK(m->deals_pushed == ref.deals_pushed);
  CHECK(m->deals_pushed_again == ref.deals_pushed_again);
  CHECK(m->pushes == ref.pushes);
  REQUIRE(m->deals.size() == ref.deals.size());
  for (const auto& d : m->deals) {
    INFO("record " << d.record);
    const auto it = ref.deals.find(d.record);
    REQUIRE(it != ref.deals.end());
    CHECK(std::string(mf::to_string(d.bucket)) == it->second.bucket);
    CHECK(d.amount_from.scaled() == it->second.amount_from);
    CHECK(d.amount_to.scaled() == it->second.amount_to);
    CHECK(d.pushes == it->second.pushes);
  }
}

}  // namespace

TEST_CASE("movement: every bucket by hand", "[revenue][movement]") {
  const mf::DataSet data = hand_case();
  auto m = mf::revenue_movement(data, mf::StageGraph::the_model(), q2_april());
  REQUIRE(m.ok());
  CHECK(m->first_stage == "opportunity");
  // Opening (1 April, closing in Q2): I 30,000, D 40,000, O 50,000,
  // W 60,000, L 70,000, C 80,000, Q without an amount.
  CHECK(m->opening_deals == 7);
  CHECK(m->opening_amount == money(330000));
  CHECK(m->opening_without_amount == 1);
  // Closing (1 May): N 10,000, U 5,000, P 20,000, I 36,000, D 35,000,
  // C 80,000, Q.
  CHECK(m->closing_deals == 7);
  CHECK(m->closing_amount == money(186000));
  using B = mf::MovementBucket;
  const std::map<B, std::tuple<std::uint64_t, std::int64_t, double>> expected = {
      {B::kNew, {2, 2, 15000}},           {B::kPulledIn, {1, 1, 20000}},   {B::kIncreased, {1, 0, 6000}},
      {B::kDecreased, {1, 0, -5000}},     {B::kPushedOut, {1, -1, -50000}}, {B::kWon, {1, -1, -60000}},
      {B::kLost, {1, -1, -70000}},        {B::kCarried, {2, 0, 0}}};
  for (const auto& [b, want] : expected) {
    INFO(mf::to_string(b));
    CHECK(bucket(*m, b).deals == std::get<0>(want));
    CHECK(bucket(*m, b).count_change == std::get<1>(want));
    CHECK(bucket(*m, b).amount_change == money(std::get<2>(want)));
  }
  check_reconciles(*m);
  std::map<std::string, std::string> by_record;
  for (const auto& d : m->deals) by_record[d.record] = std::string(mf::to_string(d.bucket));
  CHECK(by_record == std::map<std::string, std::string>{{"C", "carried"}, {"D", "decreased"}, {"I", "increased"},
                                                        {"L", "lost"},    {"N", "new"},       {"O", "pushed_out"},
                                                        {"P", "pulled_in"}, {"Q", "carried"}, {"U", "new"},
                                                        {"W", "won"}});
  // Slip: D, O, C pushed once (in April), Z twice (before it): 1 of 4.
  // Days pushed: 9 + 92 + 5 + 28 + 198 over 5 pushes.
  CHECK(m->pushes == 3);
  CHECK(m->deals_pushed == 4);
  CHECK(m->deals_pushed_again == 1);
  CHECK(m->slip_rate == 0.25);
  CHECK(m->mean_push_days == Approx(332.0 / 5));
  // The pulled-in deal's close date was earlier at `to`: not a push.
  for (const auto& d : m->deals)
    if (d.record == "P") {
      CHECK(d.pushes == 0);
      CHECK(d.stage_from.empty());
      CHECK(d.stage_to == "proposal");
    }
  check_against_reference(data, mf::StageGraph::the_model(), q2_april());
}

TEST_CASE("movement: without a period every open deal counts", "[revenue][movement]") {
  const mf::DataSet data = hand_case();
  mf::MovementOptions o = q2_april();
  o.period.reset();
  auto m = mf::revenue_movement(data, mf::StageGraph::the_model(), o);
  REQUIRE(m.ok());
  // Opening adds P, U, X, Z to the seven; O stays in (no window to leave).
  CHECK(m->opening_deals == 11);
  CHECK(bucket(*m, mf::MovementBucket::kPulledIn).deals == 0);
  CHECK(bucket(*m, mf::MovementBucket::kPushedOut).deals == 0);
  CHECK(bucket(*m, mf::MovementBucket::kNew).deals == 1);  // N
  check_reconciles(*m);
  check_against_reference(data, mf::StageGraph::the_model(), o);
  // The CSV waterfall.
  auto csv = mf::movement_csv(*m, "buckets");
  REQUIRE(csv.ok());
  CHECK(csv->rfind("bucket,deals,count_change,amount_from,amount_to,amount_change\nopening,11,,", 0) == 0);
  CHECK(!mf::movement_csv(*m, "nope").ok());
  CHECK(mf::movement_json(*m).find("\"slip_rate\": 0.25") != std::string::npos);
}

TEST_CASE("movement: errors name what is wrong", "[revenue][movement][errors]") {
  const mf::DataSet data = hand_case();
  mf::MovementOptions o = q2_april();
  o.to = o.from;
  auto m = mf::revenue_movement(data, mf::StageGraph::the_model(), o);
  REQUIRE(!m.ok());
  CHECK(std::string(m.status().message()).find("must be after") != std::string::npos);
  o = q2_april();
  o.first_stage = "closed_won";
  m = mf::revenue_movement(data, mf::StageGraph::the_model(), o);
  REQUIRE(!m.ok());
  CHECK(std::string(m.status().message()).find("first stage 'closed_won'") != std::string::npos);
  o = q2_april();
  o.period = mf::Period{at("2026-04-01"), at("2026-04-01")};
  CHECK(!mf::revenue_movement(data, mf::StageGraph::the_model(), o).ok());
}

namespace {

/// Messy histories with close dates and amounts that come and go: out of
/// order, ties, gaps, re-entries, losses and re-opens, nurture, unknown
/// stages, undated events.
mf::DataSet messy(std::uint64_t seed, int records) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const char* stages[] = {"lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                          "closed_won", "closed_lost", "nurture", "mystery"};
  mf::DataSetBuilder b;
  const std::int64_t start = 1'735'689'600;  // 2025-01-01
  for (int r = 0; r < records; ++r) {
    const auto rec = b.record("R" + std::to_string(r));
    const int events = 1 + uni(7);
    std::int64_t t = start + static_cast<std::int64_t>(uni(200)) * 86'400;
    std::int64_t close = t + uni(120) * 86'400;
    int stage = 2 + uni(3);
    for (int k = 0; k < events; ++k) {
      mf::Event e;
      e.record = rec;
      const int roll = uni(20);
      int s = stage;
      if (roll == 0) s = 7;
      else if (roll == 1) s = 8;
      else if (roll == 2) s = 9;
      else if (roll == 3) s = uni(7);
      else if (roll < 8) s = stage;  // a snapshot at the same stage (a field change)
      else stage = s = std::min(6, stage + 1 + uni(2));
      e.stage = b.stage(stages[s]);
      if (uni(25) != 0) e.time = mf::Timestamp::from_seconds(t + (uni(4) == 0 ? 0 : uni(20) * 86'400));
      if (uni(3) != 0) e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(1000 + uni(50) * 1000) * 10000);
      if (uni(3) != 0) {
        const int move = uni(6);
        if (move < 3) close += static_cast<std::int64_t>(uni(60)) * 86'400;  // pushed (or kept)
        else if (move == 3) close -= static_cast<std::int64_t>(uni(30)) * 86'400;  // pulled in
        e.close_date = mf::Timestamp::from_seconds(close);
      }
      REQUIRE(b.add_event(e).ok());
      t += uni(25) * 86'400 + uni(86'400);
    }
  }
  return *std::move(b).finish();
}

}  // namespace

TEST_CASE("movement differential: the engine equals the reference on messy data", "[revenue][movement][differential]") {
  const auto graph = mf::StageGraph::the_model();
  for (std::uint64_t seed : {11u, 12u, 13u, 14u}) {
    const mf::DataSet data = messy(seed, 400);
    for (auto [from, to] : {std::pair{"2025-03-01", "2025-04-01"}, std::pair{"2025-04-15", "2025-07-01"},
                            std::pair{"2025-06-01", "2025-06-01T00:00:01"}}) {
      for (const char* period : {"2025-Q2", "2025-Q3", ""}) {
        for (const char* first : {"", "sql", "proposal"}) {
          INFO("seed " << seed << " from " << from << " to " << to << " period '" << period << "' first '" << first
                       << "'");
          mf::MovementOptions o;
          o.from = at(from);
          o.to = at(to);
          if (*period) o.period = *mf::parse_period(period);
          o.first_stage = first;
          for (unsigned threads : {1u, 2u}) {
            o.threads = threads;
            check_against_reference(data, graph, o);
          }
        }
      }
    }
  }
}

TEST_CASE("movement: reconciles exactly on generated data", "[revenue][movement][generate]") {
  mf_test::TempDir dir;
  mf::GenerateOptions g;
  g.leads = 20000;
  g.seed = 7;
  REQUIRE(mf::generate_layout_csv(g, mf::CrmLayout::kSalesforce, dir.path()).ok());
  auto mapping = mf::Mapping::load_file(dir.path() / "mapping.json");
  REQUIRE(mapping.ok());
  auto loaded = mf::load(*mapping);
  REQUIRE(loaded.ok());
  const auto graph = mf::StageGraph::the_model();
  std::map<mf::MovementBucket, std::uint64_t> seen;
  std::uint64_t pushed = 0;
  for (auto [from, to, period] : {std::tuple{"2024-07-01", "2024-08-15", "2024-Q3"},
                                  std::tuple{"2025-01-01", "2025-02-15", "2025-Q1"},
                                  std::tuple{"2025-04-01", "2025-05-15", "2025-Q2"},
                                  std::tuple{"2025-04-01", "2025-07-01", "2025-Q2"},
                                  std::tuple{"2025-05-01", "2025-06-01", "2025-Q3"}}) {
    INFO(from << " to " << to << " for " << period);
    mf::MovementOptions o;
    o.from = at(from);
    o.to = at(to);
    o.period = *mf::parse_period(period);
    auto m = mf::revenue_movement(loaded->data, graph, o);
    REQUIRE(m.ok());
    CHECK(m->opening_deals + m->closing_deals > 5);
    check_reconciles(*m);
    for (const auto& b : m->buckets) seen[b.bucket] += b.deals;
    pushed = m->deals_pushed;
    CHECK(m->slip_rate > 0);
    CHECK(m->slip_rate < 1);
  }
  // Every bucket happens on generated data.
  for (int b = 0; b < 8; ++b) {
    INFO(mf::to_string(static_cast<mf::MovementBucket>(b)));
    CHECK(seen[static_cast<mf::MovementBucket>(b)] > 0);
  }
  CHECK(pushed > 100);
  mf::MovementOptions o;
  o.from = at("2025-01-01");
  o.to = at("2025-02-15");
  o.period = *mf::parse_period("2025-Q1");
  check_against_reference(loaded->data, graph, o);
}

TEST_CASE("movement: the Maven CRM export", "[revenue][movement][maven]") {
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
  // Maven records a close date only when a deal closes (its actual date,
  // not an expectation) and an amount only on closed deals: the movement
  // has no window and counts deals — new engagements, wins, losses.
  mf::MovementOptions o;
  o.from = at("2017-06-01");
  o.to = at("2017-07-01");
  auto m = mf::revenue_movement(loaded->data, *graph, o);
  REQUIRE(m.ok());
  check_reconciles(*m);
  CHECK(m->opening_deals > 500);
  CHECK(bucket(*m, mf::MovementBucket::kNew).deals > 100);
  CHECK(bucket(*m, mf::MovementBucket::kWon).deals > 100);
  CHECK(bucket(*m, mf::MovementBucket::kLost).deals > 50);
  CHECK(bucket(*m, mf::MovementBucket::kIncreased).deals == 0);
  CHECK(m->opening_amount.scaled() == 0);
  CHECK(m->deals_pushed == 0);
  check_against_reference(loaded->data, *graph, o);
}
