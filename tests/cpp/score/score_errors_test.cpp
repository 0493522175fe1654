// Every bad input of the lead score's entry points: options, data that
// cannot be fitted, data and values a model cannot read. Each is a status
// naming what is wrong, never a throw.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "score/score_fixture.hpp"
#include "support/failing_allocations.hpp"

namespace {

using namespace mf_score_test;
using AT = mf::AttributeType;
using V = std::vector<std::pair<std::string, mf::AttributeValue>>;
using std::string_view;

mf::DataSet data_with(const std::vector<Lead>& leads) {
  return build({{"channel", AT::kString}, {"team", AT::kString}, {"size", AT::kInt64}, {"seen", AT::kTimestamp},
                {"demo", AT::kBool}},
               leads);
}

mf::DataSet mixed() {
  std::vector<Lead> leads;
  add(leads, 3, 'W', "w", V{{"channel", string_view("web")}, {"team", string_view("a")}, {"size", std::int64_t{3}}});
  add(leads, 3, 'L', "l", V{{"channel", string_view("ads")}, {"team", string_view("b")}, {"size", std::int64_t{9}}});
  return data_with(leads);
}

std::string fit_error(const mf::DataSet& data, const mf::ScoreFitOptions& o,
                      absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  auto m = mf::score_fit(data, mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == code);
  return std::string(m.status().message());
}

}  // namespace

TEST_CASE("score errors: options the fit refuses, each named") {
  const mf::DataSet data = mixed();
  auto with = [](std::vector<std::string> features) {
    mf::ScoreFitOptions o;
    o.features = std::move(features);
    return o;
  };
  CHECK(fit_error(data, with({})) == "features: at least one feature is needed");
  CHECK(fit_error(data, with({"chanel"})) == "unknown feature 'chanel': the data set has no such attribute");
  CHECK(fit_error(data, with({"channel", "channel"})) == "features: 'channel' is listed twice");
  CHECK(fit_error(data, with({"seen"})) ==
        "feature 'seen': a timestamp attribute cannot be a feature (string, bool, int64 or double)");
  mf::ScoreFitOptions o = with({"channel", "team"});
  o.group_by = "team";
  CHECK(fit_error(data, o) == "features: 'team' is the group attribute; each group gets its own model instead");
  o = with({"channel"});
  o.group_by = "tema";
  CHECK(fit_error(data, o) == "unknown group attribute 'tema': the data set has no such attribute");
  o.group_by = "size";
  CHECK(fit_error(data, o) == "group attribute 'size': a int64 attribute; groups are strings");
  o = with({"channel"});
  o.outcome = "signed";
  CHECK(fit_error(data, o) == "outcome: no stage 'signed' in the stage graph");
  o.outcome = "closed_lost";
  CHECK_THAT(fit_error(data, o), Catch::StartsWith("outcome: 'closed_lost' is a lost stage"));
  o = with({"channel"});
  o.bins = 0;
  CHECK(fit_error(data, o) == "bins: 0 is not in 1 to 100");
  o.bins = 101;
  CHECK(fit_error(data, o) == "bins: 101 is not in 1 to 100");
  o = with({"channel"});
  o.folds = 1;
  CHECK(fit_error(data, o) == "folds: 1 is not in 2 to 50");
  o = with({"channel"});
  o.prior_weight = 0;
  CHECK_THAT(fit_error(data, o), Catch::StartsWith("prior_weight: 0 is not in (0, 1e9]"));
  o.prior_weight = std::nan("");
  CHECK_THAT(fit_error(data, o), Catch::StartsWith("prior_weight:"));
  o = with({"channel"});
  o.group_prior_weight = -1;
  CHECK_THAT(fit_error(data, o), Catch::StartsWith("group_prior_weight:"));
  o = with({"channel"});
  o.max_levels = 1;
  CHECK(fit_error(data, o) ==
        "feature 'channel' has 2 distinct values among the fitted records, more than max_levels (1): a nearly "
        "unique attribute is no feature");
  o = with({"channel"});
  o.calibration = static_cast<mf::ScoreCalibration>(9);
  CHECK(fit_error(data, o) == "calibration: unknown method 9");
}

TEST_CASE("score errors: no positives, or no negatives, cannot be fitted") {
  std::vector<Lead> won, lost;
  add(won, 4, 'W', "w", V{{"channel", string_view("web")}});
  add(won, 2, 'O', "o", V{{"channel", string_view("web")}});
  add(lost, 4, 'L', "l", V{{"channel", string_view("web")}});
  mf::ScoreFitOptions o;
  o.features = {"channel"};
  CHECK(fit_error(data_with(lost), o, absl::StatusCode::kFailedPrecondition) ==
        "no positives: none of the 4 closed records reached a won stage, so there is nothing to learn a win from");
  CHECK(fit_error(data_with(won), o, absl::StatusCode::kFailedPrecondition) ==
        "no negatives: none of the 4 closed records reached a lost stage without reaching a won stage, so there "
        "is nothing to learn a loss from");
  CHECK_THAT(fit_error(data_with({}), o, absl::StatusCode::kFailedPrecondition), Catch::StartsWith("no positives"));
  auto cv = mf::score_cross_validate(data_with(won), mf::StageGraph::the_model(), o);
  REQUIRE_FALSE(cv.ok());
  CHECK_THAT(std::string(cv.status().message()), Catch::StartsWith("no negatives"));
  auto report_options = mf::ScoreReportOptions{};
  report_options.bins = 1;
  auto bad_bins = mf::score_cross_validate(mixed(), mf::StageGraph::the_model(), o, report_options);
  REQUIRE_FALSE(bad_bins.ok());
  CHECK(bad_bins.status().message() == "bins: 1 is not in 2 to 100");
}

TEST_CASE("score errors: data a model cannot read, and values of the wrong type") {
  mf::ScoreFitOptions o;
  o.features = {"channel", "size", "demo"};
  o.group_by = "team";
  const mf::LeadScoreModel model = fit(mixed(), o);

  // A data set without a feature, or with it under another type.
  const mf::DataSet lacking = build({{"channel", AT::kString}, {"team", AT::kString}, {"demo", AT::kBool}}, {});
  auto s = mf::score_apply(model, lacking);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message() == "unknown feature 'size': the data set has no such attribute");
  const mf::DataSet retyped =
      build({{"channel", AT::kString}, {"team", AT::kString}, {"size", AT::kString}, {"demo", AT::kBool}}, {});
  s = mf::score_apply(model, retyped);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message() == "feature 'size': the model reads it as a number, but the data set's attribute is a string");
  const mf::DataSet no_team = build({{"channel", AT::kString}, {"size", AT::kDouble}, {"demo", AT::kBool}}, {});
  s = mf::score_apply(model, no_team);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message() == "unknown group attribute 'team': the data set has no such attribute");
  CHECK(mf::score_probabilities(model, no_team).status().code() == absl::StatusCode::kInvalidArgument);
  mf::ScoreApplyOptions too_many;
  too_many.top_factors = 17;
  CHECK(mf::score_apply(model, mixed(), too_many).status().message() == "top_factors: 17 is more than 16");
  // A double column reads as a number as well as an int64 one.
  CHECK(mf::score_apply(model, no_team).status().code() == absl::StatusCode::kInvalidArgument);

  // One record, as a CRM's save hook passes it.
  auto one = [&](std::vector<mf::ScoreInput> in) { return mf::score_record(model, in); };
  CHECK(one({{"chanel", std::string_view("web")}}).status().message() ==
        "unknown feature 'chanel': the model reads channel, size, demo, team (group)");
  CHECK(one({{"channel", std::string_view("web")}, {"channel", std::string_view("ads")}}).status().message() ==
        "feature 'channel' is given twice");
  CHECK(one({{"size", std::string_view("12")}}).status().message() ==
        "feature 'size': the model reads a number (int64 or double); got a string");
  CHECK(one({{"channel", std::int64_t{4}}}).status().message() ==
        "feature 'channel': the model reads a category (string); got an int64");
  CHECK(one({{"demo", 1.0}}).status().message() == "feature 'demo': the model reads a bool; got a double");
  CHECK(one({{"team", true}}).status().message() == "group attribute 'team': groups are strings");
  CHECK(one({{"team", std::string_view("a")}, {"team", std::monostate{}}}).status().message() ==
        "group attribute 'team' is given twice");
  CHECK(mf::score_record(model, {}, 17).status().message() == "top_factors: 17 is more than 16");

  // Values that fit: a number as int64 or double, missing, a new team.
  auto a = one({{"channel", std::string_view("web")}, {"size", std::int64_t{3}}, {"team", std::string_view("a")}});
  auto b = one({{"channel", std::string_view("web")}, {"size", 3.0}, {"team", std::string_view("a")}});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->rows[0].probability == b->rows[0].probability);
  auto fresh = one({{"channel", std::monostate{}}, {"team", std::string_view("z")}, {"size", std::nan("")}});
  REQUIRE(fresh.ok());
  REQUIRE(fresh->rows.size() == 1);
}

TEST_CASE("score errors: running out of memory is a status, never a throw") {
  const mf::DataSet data = mixed();
  mf::ScoreFitOptions o;
  o.features = {"channel", "size"};
  o.group_by = "team";
  const mf::LeadScoreModel model = fit(data, o);
  const std::string text = *model.to_json();
  auto expect_status = [](const absl::Status& s, bool fired) {
    if (fired) CHECK(s.code() == absl::StatusCode::kResourceExhausted);
    else CHECK(s.ok());
  };
  for (int call = 0; call < 5; ++call) {
    std::int64_t made = 0;
    std::function<absl::Status()> f;
    if (call == 0) f = [&] { return mf::score_fit(data, mf::StageGraph::the_model(), o).status(); };
    if (call == 1) f = [&] { return mf::score_apply(model, data).status(); };
    if (call == 2) f = [&] { return mf::LeadScoreModel::from_json(text).status(); };
    if (call == 3) f = [&] { return mf::score_report(model, data, mf::StageGraph::the_model()).status(); };
    if (call == 4) f = [&] { return model.to_json().status(); };
    absl::Status last;
    made = mf_test::sweep_allocation_failures(
        64, [&] { last = f(); },
        [&](bool fired) { expect_status(last, fired); });
    INFO("entry point " << call);
    CHECK(made > 1);
  }
}
