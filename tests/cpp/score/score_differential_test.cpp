// The engine against the reference lead score (reference_score.cpp) on
// seeded random messy data: blanks and empty strings, NaN and infinite
// numbers, ties, single-value features, tiny and missing groups, records
// with events in any order (won then lost, lost then won, unknown stages,
// no time), and random options. Every record's raw score, probability and
// interval must agree.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "score/reference_score.hpp"
#include "score/score_fixture.hpp"
#include "util/random.hpp"

namespace {

using namespace mf_score_test;
using modelfunnel::internal::Random;

struct Case {
  mf::DataSet data;
  mf::ScoreFitOptions options;
};

Case messy(std::uint64_t seed) {
  Random rng(seed);
  mf::DataSetBuilder b;
  const auto cat = *b.add_attribute("cat", mf::AttributeType::kString);
  const auto one = *b.add_attribute("one", mf::AttributeType::kString);
  const auto flag = *b.add_attribute("flag", mf::AttributeType::kBool);
  const auto num = *b.add_attribute("num", mf::AttributeType::kInt64);
  const auto real = *b.add_attribute("real", mf::AttributeType::kDouble);
  const auto team = *b.add_attribute("team", mf::AttributeType::kString);
  static const char* kCats[] = {"a", "b", "c", "", "a b", "é"};
  static const char* kTeams[] = {"north", "south", "x"};
  static const char* kStages[] = {"lead", "mql", "sql", "opportunity", "proposal", "closed_won", "closed_lost",
                                  "nurture", "unheard_of"};
  static const double kReals[] = {0.5, 1.5, 1.5, -2, std::nan(""), std::numeric_limits<double>::infinity(), 1e300};
  const auto records = rng.below(160);
  const double lean = rng.uniform();  // how often a record wins
  for (std::uint64_t i = 0; i < records; ++i) {
    // Ids repeat now and then: the same record again.
    const mf::RecordIndex r = b.record("r" + std::to_string(rng.below(records + 5)));
    auto maybe = [&](double p) { return rng.uniform() < p; };
    if (maybe(0.8)) REQUIRE(b.set_attribute(r, cat, std::string_view(kCats[rng.below(6)])).ok());
    REQUIRE(b.set_attribute(r, one, std::string_view("same")).ok());
    if (maybe(0.7)) REQUIRE(b.set_attribute(r, flag, maybe(0.5)).ok());
    if (maybe(0.8)) REQUIRE(b.set_attribute(r, num, static_cast<std::int64_t>(rng.below(6)) * 10).ok());
    if (maybe(0.8)) REQUIRE(b.set_attribute(r, real, kReals[rng.below(7)]).ok());
    if (maybe(0.85)) REQUIRE(b.set_attribute(r, team, std::string_view(kTeams[rng.below(3)])).ok());
    const auto events = rng.below(4);
    for (std::uint64_t e = 0; e < events; ++e) {
      mf::Event ev;
      ev.record = r;
      const char* stage = kStages[rng.below(9)];
      if (e == 0 && maybe(0.6)) stage = maybe(lean) ? "closed_won" : "closed_lost";
      ev.stage = b.stage(stage);
      if (maybe(0.9)) ev.time = mf::Timestamp::from_seconds(static_cast<std::int64_t>(rng.below(5)) * 86'400);
      REQUIRE(b.add_event(ev).ok());
    }
  }
  auto data = std::move(b).finish();
  REQUIRE(data.ok());
  Case c{*data, {}};
  mf::ScoreFitOptions& o = c.options;
  static const char* kFeatures[] = {"cat", "one", "flag", "num", "real"};
  for (const char* f : kFeatures)
    if (rng.uniform() < 0.5) o.features.emplace_back(f);
  if (o.features.empty()) o.features.emplace_back(kFeatures[rng.below(5)]);
  if (rng.uniform() < 0.5) o.group_by = "team";
  o.bins = 1 + static_cast<unsigned>(rng.below(6));
  o.folds = 2 + static_cast<unsigned>(rng.below(4));
  static const double kM[] = {0.5, 1, 10};
  static const double kK[] = {0.5, 5, 30};
  o.prior_weight = kM[rng.below(3)];
  o.group_prior_weight = kK[rng.below(3)];
  o.calibration = rng.uniform() < 0.5 ? mf::ScoreCalibration::kPlatt : mf::ScoreCalibration::kIsotonic;
  static const char* kOutcomes[] = {"", "", "sql", "opportunity"};
  o.outcome = kOutcomes[rng.below(4)];
  o.seed = rng.below(1000);
  o.threads = 1 + static_cast<unsigned>(rng.below(3));
  return c;
}

}  // namespace

TEST_CASE("score differential: the engine agrees with the reference on messy data") {
  int fitted = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    Case c = messy(seed);
    const mf::ScoreFitOptions& o = c.options;
    INFO("seed " << seed << ": " << c.data.record_count() << " records, calibration "
                 << mf::to_string(o.calibration) << ", outcome '" << o.outcome << "', group_by '" << o.group_by
                 << "', bins " << o.bins << ", folds " << o.folds);
    const ReferenceResult want = reference_score(c.data, mf::StageGraph::the_model(), o);
    auto model = mf::score_fit(c.data, mf::StageGraph::the_model(), o);
    if (!want.refused.empty()) {
      REQUIRE_FALSE(model.ok());
      CHECK(model.status().code() == absl::StatusCode::kFailedPrecondition);
      CHECK_THAT(std::string(model.status().message()), Catch::StartsWith(want.refused));
      continue;
    }
    INFO(model.status());
    REQUIRE(model.ok());
    ++fitted;
    CHECK(model->positives() == want.positives);
    CHECK(model->negatives() == want.negatives);
    // Through the model file, as a CRM would keep it.
    auto again = mf::LeadScoreModel::from_json(*model->to_json());
    REQUIRE(again.ok());
    mf::ScoreApplyOptions a;
    a.threads = o.threads;
    auto scores = mf::score_apply(*again, c.data, a);
    REQUIRE(scores.ok());
    REQUIRE(scores->rows.size() == want.rows.size());
    // Platt's two optimisers stop at slightly different points.
    const double tolerance = o.calibration == mf::ScoreCalibration::kPlatt ? 1e-6 : 1e-9;
    for (std::size_t r = 0; r < want.rows.size(); ++r) {
      INFO("record " << c.data.record_id(static_cast<mf::RecordIndex>(r)));
      const auto& got = scores->rows[r];
      const auto& ref = want.rows[r];
      CHECK(got.raw_score == Approx(ref.raw).margin(1e-9));
      CHECK(got.probability == Approx(ref.probability).margin(tolerance));
      CHECK(got.low == Approx(ref.low).margin(tolerance));
      CHECK(got.high == Approx(ref.high).margin(tolerance));
      CHECK(got.low <= got.probability);
      CHECK(got.probability <= got.high);
      CHECK(got.probability > 0);
      CHECK(got.probability < 1);
    }
  }
  CHECK(fitted > 150);  // most seeds make a model
}
