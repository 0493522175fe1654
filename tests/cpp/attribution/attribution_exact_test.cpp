// Hand-computed cases pinned exactly: a 3-channel Markov chain solved by
// hand, a 3-channel Shapley game worked over all six orderings, each
// heuristic model's weights, and the invariant that every model's credits
// sum to the total conversions and value.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "modelfunnel/attribution.hpp"

using namespace modelfunnel;

namespace {

std::map<std::string, double> conversions_of(const Attribution& a, AttributionModel m) {
  std::map<std::string, double> out;
  for (const ChannelCredit& c : a.credits)
    if (c.model == m) out[c.channel] = c.conversions;
  return out;
}

std::map<std::string, double> value_of(const Attribution& a, AttributionModel m) {
  std::map<std::string, double> out;
  for (const ChannelCredit& c : a.credits)
    if (c.model == m) out[c.channel] = c.value;
  return out;
}

Attribution run(const std::vector<AttributionPath>& paths, std::vector<AttributionModel> models = {}) {
  AttributionOptions o;
  o.models = std::move(models);
  auto r = attribute_paths(paths, o);
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("markov: a 3-channel chain solved by hand", "[attribution][markov]") {
  // Journeys: C1 > C2 > C3 converts (value 100); C1 alone does not; C2 > C3
  // does not. Transition counts, then probabilities:
  //   start -> C1 2/3, start -> C2 1/3
  //   C1 -> C2 1/2, C1 -> null 1/2
  //   C2 -> C3 1
  //   C3 -> conversion 1/2, C3 -> null 1/2
  // Probability of converting from each state: x3 = 1/2, x2 = x3 = 1/2,
  // x1 = 1/2 * x2 = 1/4; from the start P = 2/3 * 1/4 + 1/3 * 1/2 = 1/3.
  // Without C1 (C1 -> null): P = 1/3 * 1/2 = 1/6, removal effect 1 - (1/6)/(1/3) = 1/2.
  // Without C2 or without C3 no walk converts: removal effect 1 each.
  // Effects 1/2, 1, 1 sum to 5/2: shares 0.2, 0.4, 0.4 of 1 conversion and of 100.
  const std::vector<AttributionPath> paths = {
      {{"C1", "C2", "C3"}, 1, 100, 0}, {{"C1"}, 0, 0, 1}, {{"C2", "C3"}, 0, 0, 1}};
  const Attribution a = run(paths, {AttributionModel::kMarkov});
  REQUIRE(a.markov_conversion_probability);
  CHECK(*a.markov_conversion_probability == Approx(1.0 / 3).epsilon(1e-12));
  const auto c = conversions_of(a, AttributionModel::kMarkov);
  CHECK(c.at("C1") == Approx(0.2).epsilon(1e-12));
  CHECK(c.at("C2") == Approx(0.4).epsilon(1e-12));
  CHECK(c.at("C3") == Approx(0.4).epsilon(1e-12));
  const auto v = value_of(a, AttributionModel::kMarkov);
  CHECK(v.at("C1") == Approx(20).epsilon(1e-12));
  CHECK(v.at("C2") == Approx(40).epsilon(1e-12));
  CHECK(v.at("C3") == Approx(40).epsilon(1e-12));
  for (const ChannelCredit& cr : a.credits) {
    REQUIRE(cr.removal_effect);
    CHECK(*cr.removal_effect == Approx(cr.channel == "C1" ? 0.5 : 1.0).epsilon(1e-12));
  }
  // The same input always gives the same credits, bit for bit.
  const Attribution again = run(paths, {AttributionModel::kMarkov});
  for (std::size_t i = 0; i < a.credits.size(); ++i) CHECK(again.credits[i].conversions == a.credits[i].conversions);
}

TEST_CASE("shapley: a 3-channel game worked over all six orderings", "[attribution][shapley]") {
  // Conversions by path: A 3; A > B 2; B > C > B 1; A > B > C 6.
  // v(S) = conversions of the paths whose channels all lie in S:
  //   v(A)=3 v(B)=0 v(C)=0 v(AB)=5 v(AC)=3 v(BC)=1 v(ABC)=12.
  // Marginal contributions of A, B, C by ordering:
  //   ABC: 3, 2, 7   ACB: 3, 9, 0   BAC: 5, 0, 7
  //   BCA: 11, 0, 1  CAB: 3, 9, 0   CBA: 11, 1, 0
  // Averages: A 36/6 = 6, B 21/6 = 3.5, C 15/6 = 2.5 (sum 12 = v(ABC)).
  const std::vector<AttributionPath> paths = {
      {{"A"}, 3, 30, 5}, {{"A", "B"}, 2, 20, 0}, {{"B", "C", "B"}, 1, 10, 2}, {{"A", "B", "C"}, 6, 60, 0}};
  const Attribution a = run(paths, {AttributionModel::kShapley});
  const auto c = conversions_of(a, AttributionModel::kShapley);
  CHECK(c.at("A") == Approx(6).epsilon(1e-12));
  CHECK(c.at("B") == Approx(3.5).epsilon(1e-12));
  CHECK(c.at("C") == Approx(2.5).epsilon(1e-12));
  const auto v = value_of(a, AttributionModel::kShapley);  // value is 10 per conversion here
  CHECK(v.at("A") == Approx(60).epsilon(1e-12));
  CHECK(a.shapley_method == "exact");
  CHECK(a.shapley_standard_error == 0);
}

TEST_CASE("heuristic models: each one's weights on a 5-touch path", "[attribution]") {
  // One conversion on A > B > C > D > E; B, C, D are distinct so each
  // channel's credit is its touch's weight.
  const std::vector<AttributionPath> paths = {{{"A", "B", "C", "D", "E"}, 1, 1000, 0}};
  const Attribution a = run(paths);
  using M = AttributionModel;
  auto w = [&](M m) { return conversions_of(a, m); };
  CHECK(w(M::kFirstTouch).at("A") == 1);
  CHECK(w(M::kFirstTouch).at("E") == 0);
  CHECK(w(M::kLastTouch).at("E") == 1);
  CHECK(w(M::kLinear).at("C") == Approx(0.2));
  // U: 40 / 20 over 3 / 40.
  CHECK(w(M::kUShaped).at("A") == Approx(0.4));
  CHECK(w(M::kUShaped).at("B") == Approx(0.2 / 3));
  CHECK(w(M::kUShaped).at("E") == Approx(0.4));
  // W without stages: anchors first, middle (index (5-1)/2 = 2), last; 10 over B and D.
  CHECK(w(M::kWShaped).at("A") == Approx(0.3));
  CHECK(w(M::kWShaped).at("C") == Approx(0.3));
  CHECK(w(M::kWShaped).at("E") == Approx(0.3));
  CHECK(w(M::kWShaped).at("B") == Approx(0.05));
  // Full path without stages: anchors 0, (5-1)/3 = 1, 2*(5-1)/3 = 2, 4; 10 to D.
  CHECK(w(M::kFullPath).at("A") == Approx(0.225));
  CHECK(w(M::kFullPath).at("B") == Approx(0.225));
  CHECK(w(M::kFullPath).at("C") == Approx(0.225));
  CHECK(w(M::kFullPath).at("D") == Approx(0.1));
  CHECK(w(M::kFullPath).at("E") == Approx(0.225));
  // Time decay, half-life 7 days, touches one day apart: weight 2^(-age/7)
  // for ages 4, 3, 2, 1, 0 days, normalised.
  double sum = 0;
  for (int age = 0; age <= 4; ++age) sum += std::exp2(-age / 7.0);
  CHECK(w(M::kTimeDecay).at("E") == Approx(1 / sum));
  CHECK(w(M::kTimeDecay).at("A") == Approx(std::exp2(-4 / 7.0) / sum));
  // Markov with one path: every channel is needed, effects all 1: 1/5 each.
  CHECK(w(M::kMarkov).at("C") == Approx(0.2));
  CHECK(w(M::kShapley).at("C") == Approx(0.2));
}

TEST_CASE("short paths: one touch takes all, two split evenly", "[attribution]") {
  const std::vector<AttributionPath> paths = {{{"A"}, 1, 10, 0}, {{"B", "C"}, 1, 10, 0}, {{"D", "E", "F"}, 1, 10, 0}};
  const Attribution a = run(paths);
  for (AttributionModel m : {AttributionModel::kUShaped, AttributionModel::kWShaped, AttributionModel::kFullPath}) {
    const auto c = conversions_of(a, m);
    CHECK(c.at("A") == Approx(1));
    CHECK(c.at("B") == Approx(0.5));
    CHECK(c.at("C") == Approx(0.5));
  }
  // Three touches: U 40/20/40; W and full path have no rest: a third each.
  CHECK(conversions_of(a, AttributionModel::kUShaped).at("E") == Approx(0.2));
  CHECK(conversions_of(a, AttributionModel::kWShaped).at("E") == Approx(1.0 / 3));
  CHECK(conversions_of(a, AttributionModel::kFullPath).at("E") == Approx(1.0 / 3));
}

TEST_CASE("every model's credits sum to the total conversions and value exactly", "[attribution][invariant]") {
  std::vector<AttributionPath> paths;
  const char* names[] = {"email", "search", "social", "display", "event", "webinar", "direct"};
  unsigned s = 12345;
  auto next = [&s] { return s = s * 1103515245u + 12345u, (s >> 16) & 0x7fff; };
  for (int i = 0; i < 300; ++i) {
    AttributionPath p;
    const int n = 1 + static_cast<int>(next() % 6);
    for (int t = 0; t < n; ++t) p.channels.push_back(names[next() % 7]);
    p.conversions = next() % 5;
    p.value = p.conversions * (next() % 10000) / 7.0;
    p.nulls = next() % 9;
    paths.push_back(p);
  }
  AttributionOptions o;
  o.bootstrap = 20;
  const auto a = attribute_paths(paths, o);
  REQUIRE(a.ok());
  for (AttributionModel m : kAttributionModels) {
    double c = 0, v = 0;
    for (const ChannelCredit& cr : a->credits)
      if (cr.model == m) {
        c += cr.conversions, v += cr.value;
        CHECK(cr.conversions >= 0);
        REQUIRE(cr.ci_low);
        CHECK(*cr.ci_low <= *cr.ci_high);
      }
    INFO(to_string(m));
    CHECK(c == a->totals.conversions);
    CHECK(v == a->totals.value);
  }
  // The same seed gives the same intervals.
  const auto b = attribute_paths(paths, o);
  for (std::size_t i = 0; i < a->credits.size(); ++i) CHECK(b->credits[i].ci_low == a->credits[i].ci_low);
}

TEST_CASE("paths file: spaces trimmed, strict numbers, errors name file:line:column", "[attribution][paths]") {
  auto p = parse_attribution_paths(
      "path,total_conversions,total_conversion_value,total_null\n"
      " email >  search>social ,2,200.5,3\n"
      "email,0,,1\n",
      "paths.csv");
  REQUIRE(p.ok());
  REQUIRE(p->size() == 2);
  CHECK((*p)[0].channels == std::vector<std::string>{"email", "search", "social"});
  CHECK((*p)[0].value == 200.5);
  CHECK((*p)[1].value == 0);
  CHECK((*p)[1].nulls == 1);

  auto bad = parse_attribution_paths("path,total_conversions\nemail,2\nemail>search,-1\n", "paths.csv");
  REQUIRE(!bad.ok());
  CHECK(std::string(bad.status().message()) ==
        "paths.csv:3:2: field 'total_conversions': attribution.number: expected a number >= 0, got \"-1\"");
  auto empty = parse_attribution_paths("path,total_conversions\nemail>>search,2\n", "paths.csv");
  REQUIRE(!empty.ok());
  CHECK(std::string(empty.status().message()).find("paths.csv:2:1: field 'path': attribution.path") == 0);
  auto nocol = parse_attribution_paths("channels,total_conversions\nemail,2\n", "p.csv");
  REQUIRE(!nocol.ok());
  CHECK(std::string(nocol.status().message()).find("attribution.column") != std::string::npos);

  // A value needs conversions to credit it to (found by the fuzz target:
  // the value would be in the total and in no model's credits).
  auto value_only = parse_attribution_paths(
      "path,total_conversions,total_conversion_value,total_null\nC1 C3,0,01,\n", "paths.csv");
  REQUIRE(!value_only.ok());
  CHECK(std::string(value_only.status().message()) ==
        "paths.csv:2:3: field 'total_conversion_value': attribution.value_without_conversions: a path with no "
        "conversions has no conversion value");
  CHECK(attribute_paths(std::vector<AttributionPath>{{{"email"}, 0, 5, 1}}).status().code() ==
        absl::StatusCode::kInvalidArgument);

  CHECK(attribute_paths(std::vector<AttributionPath>{{{}, 1, 0, 0}}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  AttributionOptions o;
  o.half_life_days = 0;
  CHECK(attribute_paths(*p, o).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("model names round-trip", "[attribution]") {
  for (AttributionModel m : kAttributionModels) CHECK(attribution_model_from_string(to_string(m)) == m);
  CHECK(!attribution_model_from_string("linear_decay"));
}
