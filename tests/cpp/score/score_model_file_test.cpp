// The model file: written and read back unchanged, and every way a file can
// be wrong refused with the JSON path of the problem.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "score/score_fixture.hpp"
#include "support/load_fixture.hpp"

namespace {

using namespace mf_score_test;
using V = std::vector<std::pair<std::string, mf::AttributeValue>>;
using Json = nlohmann::ordered_json;
using std::string_view;

mf::DataSet small_data() {
  std::vector<Lead> leads;
  add(leads, 5, 'W', "a", V{{"team", string_view("east")}, {"sector", string_view("retail")}, {"size", 10.0}, {"demo", true}});
  add(leads, 3, 'L', "b", V{{"team", string_view("east")}, {"sector", string_view("energy")}, {"size", 500.0}});
  add(leads, 2, 'W', "c", V{{"team", string_view("west")}, {"sector", string_view("energy")}, {"size", 50.0}, {"demo", false}});
  add(leads, 4, 'L', "d", V{{"sector", string_view("retail")}, {"size", 5000.0}, {"demo", false}});
  add(leads, 2, 'O', "e", V{{"team", string_view("west")}, {"sector", string_view("retail")}});
  return build({{"team", mf::AttributeType::kString},
                {"sector", mf::AttributeType::kString},
                {"size", mf::AttributeType::kDouble},
                {"demo", mf::AttributeType::kBool}},
               leads);
}

mf::LeadScoreModel small_model(mf::ScoreCalibration method) {
  mf::ScoreFitOptions o;
  o.features = {"sector", "size", "demo"};
  o.group_by = "team";
  o.bins = 3;
  o.folds = 3;
  o.calibration = method;
  return fit(small_data(), o);
}

Json document(mf::ScoreCalibration method = mf::ScoreCalibration::kIsotonic) {
  auto text = small_model(method).to_json();
  REQUIRE(text.ok());
  return Json::parse(*text);
}

/// The message of reading @p j, which must fail.
std::string refused(const Json& j) {
  auto m = mf::LeadScoreModel::from_json(j.dump());
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(m.status().message());
}

}  // namespace

TEST_CASE("score model file: read back, a model scores exactly as the one written, byte for byte") {
  const mf::DataSet data = small_data();
  for (auto method : {mf::ScoreCalibration::kIsotonic, mf::ScoreCalibration::kPlatt}) {
    const mf::LeadScoreModel model = small_model(method);
    auto text = model.to_json();
    REQUIRE(text.ok());
    auto again = mf::LeadScoreModel::from_json(*text);
    REQUIRE(again.ok());
    CHECK(*again->to_json() == *text);
    auto a = mf::score_apply(model, data);
    auto b = mf::score_apply(*again, data);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (std::size_t i = 0; i < a->rows.size(); ++i) {
      CHECK(a->rows[i].probability == b->rows[i].probability);
      CHECK(a->rows[i].low == b->rows[i].low);
      CHECK(a->rows[i].high == b->rows[i].high);
    }
    CHECK(again->features() == std::vector<std::string>{"sector", "size", "demo"});
    CHECK(again->group_by() == "team");
    CHECK(again->calibration() == method);
  }
}

TEST_CASE("score model file: comments are allowed, and the file can be loaded from disk") {
  std::string text = *small_model(mf::ScoreCalibration::kPlatt).to_json();
  text.insert(text.find('{') + 1, "\n  // fitted for the east and west teams\n  /* by the test */");
  REQUIRE(mf::LeadScoreModel::from_json(text).ok());
  mf_test::TempDir dir;
  const auto path = dir.path() / "model.json";
  std::ofstream(path) << text;
  CHECK(mf::LeadScoreModel::load_json_file(path).ok());
  auto missing = mf::LeadScoreModel::load_json_file(dir.path() / "none.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  std::ofstream(path) << "{\"format\": 1}";
  auto bad = mf::LeadScoreModel::load_json_file(path);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(std::string(bad.status().message()), Catch::StartsWith(path.string() + ": $"));
}

TEST_CASE("score model file: syntax errors name the line and column") {
  auto m = mf::LeadScoreModel::from_json("{\n  \"format\": \"modelfunnel.lead_score\",\n  \"version\": 1,,\n}");
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(std::string(m.status().message()), Catch::StartsWith("line 3, column 16:"));
  m = mf::LeadScoreModel::from_json("");
  REQUIRE_FALSE(m.ok());
  m = mf::LeadScoreModel::from_json(std::string(100'000, '['));
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(std::string(m.status().message()), Catch::Contains("nested too deeply"));
}

TEST_CASE("score model file: every schema error names its JSON path") {
  using Edit = std::function<void(Json&)>;
  const std::vector<std::tuple<const char*, Edit, const char*>> cases = {
      {"not an object", [](Json& j) { j = Json::array(); }, "$: expected an object, found array"},
      {"unknown key", [](Json& j) { j["extra"] = 1; }, "$.extra: unknown key"},
      {"missing key", [](Json& j) { j.erase("groups"); }, "$: missing key \"groups\""},
      {"format", [](Json& j) { j["format"] = "modelfunnel.mapping"; }, "$.format: expected \"modelfunnel.lead_score\""},
      {"version", [](Json& j) { j["version"] = 2; }, "$.version: unsupported version 2; this library reads version 1"},
      {"settings key", [](Json& j) { j["settings"]["bin"] = 3; }, "$.settings.bin: unknown key"},
      {"bins", [](Json& j) { j["settings"]["bins"] = 0; }, "$.settings.bins: 0 is not in 1 to 100"},
      {"prior weight", [](Json& j) { j["settings"]["prior_weight"] = -1; }, "$.settings.prior_weight: must be in (0, 1e9]"},
      {"method", [](Json& j) { j["settings"]["calibration"] = "magic"; }, "$.settings.calibration: unknown method"},
      {"negative count", [](Json& j) { j["closed"] = -3; }, "$.closed: expected a count (a whole number >= 0), found -3"},
      {"fraction", [](Json& j) { j["positives"] = 1.5; }, "$.positives: expected a count"},
      {"positives > closed", [](Json& j) { j["features"][0]["levels"][0]["positives"] = 99; },
       "$.features[0].levels[0].positives: 99 is more than closed"},
      {"no negatives", [](Json& j) { j["positives"] = j["closed"]; }, "$.positives: a model is fitted on positives and negatives"},
      {"levels sum", [](Json& j) { j["features"][0]["levels"][0]["closed"] = 4; }, "$.features[0].levels: the counts add up to"},
      {"kind", [](Json& j) { j["features"][0]["kind"] = "text"; }, "$.features[0].kind: expected \"category\", \"bool\" or \"number\""},
      {"duplicate feature", [](Json& j) { j["features"][1]["name"] = "sector"; }, "$.features[1].name: feature \"sector\" is listed twice"},
      {"group as feature", [](Json& j) { j["features"][0]["name"] = "team"; }, "$.features[0].name: the group attribute cannot be a feature"},
      {"value order", [](Json& j) { std::swap(j["features"][0]["levels"][0], j["features"][0]["levels"][1]); },
       "$.features[0].levels[1].value: values must be in strictly increasing byte order"},
      {"unknown not last", [](Json& j) { j["features"][0]["levels"].back()["value"] = "zzz"; },
       "$.features[0].levels[2].value: the last level is the unknown one"},
      {"edges order", [](Json& j) { j["features"][1]["edges"] = Json::array({5.0, 1.0}); }, "$.features[1].edges[1]: edges must increase"},
      {"edges count", [](Json& j) { j["features"][1]["edges"] = Json::array({1.0, 2.0, 3.0}); },
       "$.features[1].edges: 3 edges make more bins than settings.bins (3)"},
      {"bins count", [](Json& j) { j["features"][1]["edges"] = Json::array({1.0}); }, "$.features[1].levels: expected 3 levels"},
      {"edge not a number", [](Json& j) { j["features"][1]["edges"][0] = "10"; }, "$.features[1].edges[0]: expected a number, found string"},
      {"bool levels", [](Json& j) { j["features"][2]["levels"][0]["value"] = true; },
       "$.features[2].levels[0].value: the levels of a bool feature are false, true and null"},
      {"groups without group_by", [](Json& j) { j["settings"]["group_by"] = nullptr; }, "$.groups: settings.group_by is null"},
      {"group order", [](Json& j) { std::swap(j["groups"][0], j["groups"][1]); }, "$.groups[1].value: groups must be in strictly increasing"},
      {"cells per feature", [](Json& j) { j["groups"][0]["cells"].erase(0); }, "$.groups[0].cells: expected one list per feature (3), found 2"},
      {"cell shape", [](Json& j) { j["groups"][0]["cells"][0][0] = Json::array({0, 1}); }, "$.groups[0].cells[0][0]: expected [level, closed, positives]"},
      {"cell level", [](Json& j) { j["groups"][0]["cells"][0][0][0] = 40; }, "$.groups[0].cells[0][0][0]: level 40 is out of range"},
      {"cells sum", [](Json& j) { j["groups"][0]["cells"][0][0][1] = 1; }, "$.groups[0].cells[0]: the counts add up to"},
      {"groups sum", [](Json& j) { j["groups"].erase(0); }, "$.groups: the counts add up to"},
      {"method mismatch", [](Json& j) { j["calibration"]["method"] = "platt"; }, "$.calibration.method: expected \"isotonic\", as settings.calibration says"},
      {"no blocks", [](Json& j) { j["calibration"]["blocks"] = Json::array(); }, "$.calibration.blocks: expected at least one block"},
      {"block order", [](Json& j) { auto& b = j["calibration"]["blocks"]; b.push_back(b[0]); }, "raw scores of blocks must increase"},
      {"blocks sum", [](Json& j) { j["calibration"]["blocks"][0]["closed"] = 1000; }, "$.calibration.blocks[0]: the counts add up to more than"},
  };
  for (const auto& [name, edit, message] : cases) {
    INFO(name);
    Json j = document();
    edit(j);
    CHECK_THAT(refused(j), Catch::Contains(message));
  }
  Json platt = document(mf::ScoreCalibration::kPlatt);
  platt["calibration"]["var_b"] = -1;
  CHECK_THAT(refused(platt), Catch::Contains("$.calibration.var_b: a variance cannot be negative"));
  platt = document(mf::ScoreCalibration::kPlatt);
  platt["calibration"]["blocks"] = Json::array();
  CHECK_THAT(refused(platt), Catch::Contains("$.calibration.blocks: unknown key"));
  // A duplicate key: nlohmann would keep the last silently.
  std::string text = *small_model(mf::ScoreCalibration::kPlatt).to_json();
  text.insert(text.find("\"closed\""), "\"closed\": 1, ");
  auto m = mf::LeadScoreModel::from_json(text);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(std::string(m.status().message()), Catch::Contains("$.closed: duplicate key"));
}
