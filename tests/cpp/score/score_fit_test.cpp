// The lead score's model on cases small enough to compute by hand (the
// numbers are worked in docs/lead-score.md): smoothing, shrinkage of a tiny
// team toward the pool, binning, unknown as a value of its own.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "score/score_fixture.hpp"

namespace {

using namespace mf_score_test;
using AT = mf::AttributeType;
using V = std::vector<std::pair<std::string, mf::AttributeValue>>;
using std::string_view;

const mf::ScoreRow& row_of(const mf::LeadScores& s, const mf::DataSet& data, const std::string& id) {
  for (const auto& row : s.rows)
    if (data.record_id(row.record) == id) return row;
  FAIL("no row " << id);
  return s.rows.front();
}

}  // namespace

TEST_CASE("score: a value's win rate is pulled toward the overall rate by prior_weight pseudo-deals") {
  // web: 3 won, 1 lost; referral: 1 won, 3 lost. Overall (4 + 1) / (8 + 2)
  // = 1/2. With m = 2: web (3 + 2 × 1/2) / (4 + 2) = 2/3, referral 1/3:
  // effects ±log 2. No record misses the channel: its unknown level moves
  // nothing.
  std::vector<Lead> leads;
  add(leads, 3, 'W', "ww", V{{"channel", string_view("web")}});
  add(leads, 1, 'L', "wl", V{{"channel", string_view("web")}});
  add(leads, 1, 'W', "rw", V{{"channel", string_view("referral")}});
  add(leads, 3, 'L', "rl", V{{"channel", string_view("referral")}});
  add(leads, 2, 'O', "open", V{{"channel", string_view("web")}});
  const mf::DataSet data = build({{"channel", AT::kString}}, leads);
  mf::ScoreFitOptions o;
  o.features = {"channel"};
  o.prior_weight = 2;
  const mf::LeadScoreModel model = fit(data, o);
  CHECK(model.positives() == 4);
  CHECK(model.negatives() == 4);
  CHECK(model.base_rate() == 0.5);
  const auto levels = model.levels();
  REQUIRE(levels.size() == 3);  // referral, web (byte order), unknown
  CHECK(levels[0].label == "referral");
  CHECK(levels[1].label == "web");
  CHECK(levels[2].label == "(unknown)");
  CHECK(levels[2].unknown);
  CHECK(level(levels, "channel", "web").closed == 4);
  CHECK(level(levels, "channel", "web").positives == 3);
  CHECK(level(levels, "channel", "web").effect == Approx(std::log(2.0)).epsilon(1e-14));
  CHECK(level(levels, "channel", "web").win_rate == Approx(2.0 / 3).epsilon(1e-14));
  CHECK(level(levels, "channel", "referral").effect == Approx(-std::log(2.0)).epsilon(1e-14));
  CHECK(level(levels, "channel", "(unknown)").effect == 0);
  CHECK(level(levels, "channel", "(unknown)").win_rate == 0.5);

  // The raw score of a web lead is logit(1/2) + log 2, its factor the channel.
  auto scores = mf::score_apply(model, data);
  REQUIRE(scores.ok());
  REQUIRE(scores->rows.size() == 10);  // open leads are scored too
  const mf::ScoreRow& open = row_of(*scores, data, "open0");
  CHECK(open.raw_score == Approx(std::log(2.0)).epsilon(1e-14));
  REQUIRE(open.factor_count == 1);
  const auto f = scores->factors_of(open.record)[0];
  CHECK(model.level_label(f.feature, f.level) == "web");
  CHECK(f.effect == Approx(std::log(2.0)).epsilon(1e-14));
  CHECK(open.probability > 0);
  CHECK(open.probability < 1);
  CHECK(open.low <= open.probability);
  CHECK(open.probability <= open.high);
}

TEST_CASE("score: a tiny team is shrunk toward the pooled model in proportion to its data") {
  // Team big: web 8 won 2 lost, referral 2 won 8 lost. Team tiny: one web
  // lead, won. m = 2, k = 4. Overall: 11 won, 10 lost: rate 12/23, base
  // log(12/11). Tiny's rate: (1 + 4 × 12/23) / (1 + 4) (weight 1/5 on its own
  // deal); its web effect starts from the pooled one and moves toward its
  // single deal; for referral it has no deal and keeps the pooled effect.
  std::vector<Lead> leads;
  add(leads, 8, 'W', "bww", V{{"team", string_view("big")}, {"channel", string_view("web")}});
  add(leads, 2, 'L', "bwl", V{{"team", string_view("big")}, {"channel", string_view("web")}});
  add(leads, 2, 'W', "brw", V{{"team", string_view("big")}, {"channel", string_view("referral")}});
  add(leads, 8, 'L', "brl", V{{"team", string_view("big")}, {"channel", string_view("referral")}});
  add(leads, 1, 'W', "tw", V{{"team", string_view("tiny")}, {"channel", string_view("web")}});
  add(leads, 1, 'O', "tr", V{{"team", string_view("tiny")}, {"channel", string_view("referral")}});
  add(leads, 1, 'O', "nw", V{{"team", string_view("new")}, {"channel", string_view("web")}});
  const mf::DataSet data = build({{"team", AT::kString}, {"channel", AT::kString}}, leads);
  mf::ScoreFitOptions o;
  o.features = {"channel"};
  o.group_by = "team";
  o.prior_weight = 2;
  o.group_prior_weight = 4;
  const mf::LeadScoreModel model = fit(data, o);
  const auto groups = model.groups();
  REQUIRE(groups.size() == 2);
  CHECK(*groups[1].value == "tiny");
  CHECK(groups[1].closed == 1);
  CHECK(groups[1].own_weight == Approx(0.2).epsilon(1e-15));
  CHECK(std::log(groups[1].win_rate / (1 - groups[1].win_rate)) == Approx(0.4784902431230542).epsilon(1e-13));
  CHECK(std::log(groups[0].win_rate / (1 - groups[0].win_rate)) == Approx(0.014493007302566824).epsilon(1e-12));

  auto scores = mf::score_apply(model, data);
  REQUIRE(scores.ok());
  // Tiny, web: logit(tiny's rate) + its own web effect, 1.6055935397503036.
  CHECK(row_of(*scores, data, "tw0").raw_score == Approx(2.084083782873358).epsilon(1e-13));
  // Tiny, referral (no deal of its own there): the pooled effect -1.16639….
  CHECK(row_of(*scores, data, "tr0").raw_score == Approx(-0.6879020606067976).epsilon(1e-13));
  // A team the fit never saw: the pooled model, base + web's effect.
  CHECK(row_of(*scores, data, "nw0").raw_score == Approx(1.2229100053456867).epsilon(1e-13));
  // The big team's web leads score above its referral leads; tiny's web
  // lead shows the team as a factor, a new team's does not.
  CHECK(row_of(*scores, data, "bww0").probability > row_of(*scores, data, "brw0").probability);
  bool team_factor = false;
  const auto& tw = row_of(*scores, data, "tw0");
  for (const auto& f : scores->factors_of(tw.record)) team_factor = team_factor || f.feature == 1;
  CHECK(team_factor);
  for (const auto& f : scores->factors_of(row_of(*scores, data, "nw0").record)) CHECK(f.feature == 0);
}

TEST_CASE("score: numbers are cut into quantile bins at fit time, ties and single values included") {
  std::vector<Lead> leads;
  for (int i = 1; i <= 10; ++i) {
    V v{{"employees", std::int64_t{i}}, {"ties", i <= 4 ? 1.0 : i <= 5 ? 2.0 : 3.0}, {"same", 5.0}};
    if (i == 7) v.push_back({"ratio", std::nan("")});
    else if (i != 8) v.push_back({"ratio", i * 0.5});
    leads.push_back({"r" + std::to_string(i), i % 2 ? 'W' : 'L', v});
  }
  leads.push_back({"open", 'O', V{{"employees", std::int64_t{1000}}}});
  const mf::DataSet data = build(
      {{"employees", AT::kInt64}, {"ties", AT::kDouble}, {"same", AT::kDouble}, {"ratio", AT::kDouble}}, leads);
  mf::ScoreFitOptions o;
  o.features = {"employees", "ties", "same", "ratio"};
  o.bins = 5;
  const mf::LeadScoreModel model = fit(data, o);
  const auto levels = model.levels();
  std::vector<std::string> employees, ties, same;
  for (const auto& l : levels) {
    if (l.feature == "employees") employees.push_back(l.label + ":" + std::to_string(l.closed));
    if (l.feature == "ties") ties.push_back(l.label + ":" + std::to_string(l.closed));
    if (l.feature == "same") same.push_back(l.label + ":" + std::to_string(l.closed));
  }
  // 1..10 in 5 bins: the values at sorted positions ceil(i 10 / 5) - 1.
  CHECK(employees == std::vector<std::string>{"<= 2:2", "(2, 4]:2", "(4, 6]:2", "(6, 8]:2", "> 8:2",
                                              "(unknown):0"});
  // 1,1,1,1,2,3,3,3,3,3: positions 1, 3, 5, 7 hold 1, 1, 3, 3; 3 is the
  // largest value, so the only edge is 1.
  CHECK(ties == std::vector<std::string>{"<= 1:4", "> 1:6", "(unknown):0"});
  CHECK(same == std::vector<std::string>{"all:10", "(unknown):0"});
  // NaN and missing both go to the unknown level.
  CHECK(level(levels, "ratio", "(unknown)").closed == 2);
  // A number beyond the fitted range falls in the last bin.
  auto scores = mf::score_apply(model, data);
  REQUIRE(scores.ok());
  const double base = std::log(model.base_rate() / (1 - model.base_rate()));
  CHECK(scores->rows.back().raw_score ==
        Approx(base + level(levels, "employees", "> 8").effect + level(levels, "ratio", "(unknown)").effect)
            .epsilon(1e-14));
  CHECK(level(levels, "ties", "(unknown)").effect == 0);
}

TEST_CASE("score: a missing value is a level of its own, and a value the fit never saw moves nothing") {
  std::vector<Lead> leads;
  add(leads, 6, 'W', "mw", V{});                                    // missing: mostly won
  add(leads, 1, 'L', "ml", V{});
  add(leads, 2, 'W', "kw", V{{"industry", string_view("retail")}, {"demo", true}});
  add(leads, 6, 'L', "kl", V{{"industry", string_view("retail")}, {"demo", false}});
  add(leads, 1, 'O', "new", V{{"industry", string_view("mining")}, {"demo", true}});
  const mf::DataSet data = build({{"industry", AT::kString}, {"demo", AT::kBool}}, leads);
  mf::ScoreFitOptions o;
  o.features = {"industry", "demo"};
  const mf::LeadScoreModel model = fit(data, o);
  const auto levels = model.levels();
  CHECK(level(levels, "industry", "(unknown)").closed == 7);
  CHECK(level(levels, "industry", "(unknown)").positives == 6);
  CHECK(level(levels, "industry", "(unknown)").effect > 0);
  CHECK(level(levels, "demo", "(unknown)").closed == 7);
  CHECK(level(levels, "demo", "false").closed == 6);
  CHECK(level(levels, "demo", "true").closed == 2);
  auto scores = mf::score_apply(model, data);
  REQUIRE(scores.ok());
  const auto& fresh = scores->rows.back();
  // mining was never seen: the score is base + demo=true's effect alone.
  const double base = std::log(model.base_rate() / (1 - model.base_rate()));
  CHECK(fresh.raw_score == Approx(base + level(levels, "demo", "true").effect).epsilon(1e-14));
  for (const auto& f : scores->factors_of(scores->rows.size() - 1)) CHECK(f.feature == 1);
  // An unseen value is uncertain: its interval is wider than a known value's.
  const auto& known = scores->rows[7];  // kw0: retail, demo
  CHECK(fresh.high - fresh.low > known.high - known.low);
}

TEST_CASE("score: the outcome stage decides positives, and a later main-path stage implies it") {
  mf::DataSetBuilder b;
  auto event = [&](const char* id, const char* stage) {
    mf::Event e;
    e.record = b.record(id);
    e.stage = b.stage(stage);
    e.time = mf::Timestamp::from_seconds(86'400);
    REQUIRE(b.add_event(e).ok());
  };
  auto channel = b.add_attribute("channel", AT::kString);
  REQUIRE(channel.ok());
  for (const char* id : {"a", "b", "c", "d", "e"}) REQUIRE(b.set_attribute(b.record(id), *channel, string_view("x")).ok());
  event("a", "sql");
  event("b", "proposal");    // implies sql
  event("c", "closed_lost");
  event("d", "mql");         // open: neither
  event("e", "closed_won");  // implies sql too
  event("e", "closed_lost");
  auto data = std::move(b).finish();
  REQUIRE(data.ok());
  mf::ScoreFitOptions o;
  o.features = {"channel"};
  o.outcome = "sql";
  auto model = mf::score_fit(*data, mf::StageGraph::the_model(), o);
  REQUIRE(model.ok());
  CHECK(model->positives() == 3);
  CHECK(model->negatives() == 1);
  CHECK(model->outcome() == "sql");
  o.outcome = "";
  model = mf::score_fit(*data, mf::StageGraph::the_model(), o);
  REQUIRE(model.ok());
  CHECK(model->positives() == 1);  // e: won, then lost, is a positive
  CHECK(model->negatives() == 1);
}
