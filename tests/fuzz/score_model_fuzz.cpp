// libFuzzer target for the lead score's model file. The input is a model
// file's text. Whatever it is, reading it must neither crash nor trip a
// sanitizer; a file that is read must write back to text that reads to the
// same text, list its levels, groups and calibration, and score a record —
// with nothing known, and with a value of the right type for every feature —
// to a probability in [0, 1] inside its interval, never NaN.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/score_model.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "modelfunnel/lead_score.hpp"

namespace mf = modelfunnel;

namespace {

[[noreturn]] void finding(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "%s\ninput:\n%.*s\n", what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

void check_scores(const mf::LeadScores& s, std::string_view input) {
  if (s.rows.size() != 1) finding("score_record gave " + std::to_string(s.rows.size()) + " rows", input);
  const mf::ScoreRow& r = s.rows[0];
  if (std::isnan(r.probability) || std::isnan(r.low) || std::isnan(r.high)) finding("a NaN score", input);
  if (!(0 <= r.low && r.low <= r.probability && r.probability <= r.high && r.high <= 1))
    finding("probability outside its interval or [0, 1]", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  auto model = mf::LeadScoreModel::from_json(input);
  if (!model.ok()) {
    if (model.status().message().empty()) finding("an error without a message", input);
    return 0;
  }
  auto text = model->to_json();
  if (!text.ok()) finding("to_json failed: " + std::string(model->to_json().status().message()), input);
  auto again = mf::LeadScoreModel::from_json(*text);
  if (!again.ok()) finding("its own text does not read back: " + std::string(again.status().message()), input);
  if (*again->to_json() != *text) finding("the text changed on the way back", input);
  (void)model->levels();
  (void)model->groups();
  (void)model->calibration_points();

  auto nothing = mf::score_record(*model, {});
  if (!nothing.ok()) finding("scoring nothing failed: " + std::string(nothing.status().message()), input);
  check_scores(*nothing, input);

  const std::vector<std::string> features = model->features();
  std::vector<mf::ScoreInput> values;
  for (std::size_t i = 0; i < features.size(); ++i) {
    switch (model->feature_kind(i)) {
      case mf::ScoreFeatureKind::kCategory: values.push_back({features[i], std::string_view("x")}); break;
      case mf::ScoreFeatureKind::kBool: values.push_back({features[i], true}); break;
      case mf::ScoreFeatureKind::kNumber: values.push_back({features[i], 3.5}); break;
    }
  }
  if (!model->group_by().empty()) values.push_back({model->group_by(), std::string_view("x")});
  auto some = mf::score_record(*model, values, 16);
  if (!some.ok()) finding("scoring typed values failed: " + std::string(some.status().message()), input);
  check_scores(*some, input);
  return 0;
}
