// The lead score is the same, byte for byte, for every thread count: on
// enough records for the fit and the scoring to split (two ranges from
// 65,536 records on).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "score/score_fixture.hpp"
#include "util/random.hpp"

using namespace mf_score_test;
using V = std::vector<std::pair<std::string, mf::AttributeValue>>;

TEST_CASE("score threads: 1, 2 and 3 threads fit the same model and give the same scores") {
  static const char* kTeams[] = {"t0", "t1", "t2", "t3", "t4"};
  static const char* kChannels[] = {"web", "ads", "event", "referral"};
  modelfunnel::internal::Random rng(99);
  std::vector<Lead> leads;
  for (int i = 0; i < 140'000; ++i) {
    const auto c = rng.below(4);
    const double p = 0.1 + 0.15 * static_cast<double>(c);
    const char outcome = rng.uniform() < 0.1 ? 'O' : rng.uniform() < p ? 'W' : 'L';
    V v{{"team", std::string_view(kTeams[rng.below(5)])}, {"channel", std::string_view(kChannels[c])},
        {"size", static_cast<double>(rng.below(1000))}};
    if (rng.uniform() < 0.05) v.pop_back();
    leads.push_back({"L" + std::to_string(i), outcome, std::move(v)});
  }
  const mf::DataSet data = build(
      {{"team", mf::AttributeType::kString}, {"channel", mf::AttributeType::kString}, {"size", mf::AttributeType::kDouble}},
      leads);
  std::string first_model, first_csv;
  for (unsigned threads : {1u, 2u, 3u}) {
    INFO(threads << " threads");
    mf::ScoreFitOptions o;
    o.features = {"channel", "size"};
    o.group_by = "team";
    o.threads = threads;
    const mf::LeadScoreModel model = fit(data, o);
    mf::ScoreApplyOptions a;
    a.threads = threads;
    auto scores = mf::score_apply(model, data, a);
    REQUIRE(scores.ok());
    const std::string json = *model.to_json();
    const std::string csv = *mf::score_csv(model, data, *scores);
    auto p = mf::score_probabilities(model, data, threads);
    REQUIRE(p.ok());
    for (std::size_t r = 0; r < p->size(); r += 997) CHECK((*p)[r] == scores->rows[r].probability);
    if (threads == 1) {
      first_model = json;
      first_csv = csv;
    } else {
      CHECK(json == first_model);
      CHECK(csv == first_csv);
    }
  }
}
