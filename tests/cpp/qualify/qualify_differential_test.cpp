// qualify() against the reference implementation (reference_qualify.cpp) on
// seeded random messy leads and rule files; one record at a time against
// the batch; and, for every file the checks refuse as contradictory or
// unreachable, the reference's word that no record contradicts the claim.
// A failure prints the seed and the rule file, which is everything needed
// to turn it into a hand-made case.
#include <cmath>
#include <cstdint>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/qualify.hpp"
#include "qualify/messy_rules.hpp"
#include "qualify/reference_qualify.hpp"

namespace mf = modelfunnel;
namespace mt = modelfunnel::testing;
using mf::reference::QualifyTrace;

namespace {

/// The deciding (list, index) within one set's rule values, as the guide
/// orders them: disqualify, then qualify when no disqualify rule is
/// unknown, then nurture.
std::pair<int, int> decider(const std::vector<std::vector<mf::Truth>>& rules) {
  bool unknown = false;
  for (std::size_t k = 0; k < rules[0].size(); ++k) {
    if (rules[0][k] == mf::Truth::kPass) return {0, static_cast<int>(k)};
    unknown = unknown || rules[0][k] == mf::Truth::kUnknown;
  }
  for (std::size_t k = 0; k < rules[1].size() && !unknown; ++k)
    if (rules[1][k] == mf::Truth::kPass) return {1, static_cast<int>(k)};
  for (std::size_t k = 0; k < rules[2].size(); ++k)
    if (rules[2][k] == mf::Truth::kPass) return {2, static_cast<int>(k)};
  return {-1, -1};
}

/// Checks that the refusal @p message is a contradiction or unreachability
/// claim that no record of the reference @p traces contradicts.
void check_refusal(const std::string& message, const std::vector<QualifyTrace>& traces) {
  INFO("refused: " << message);
  static const std::regex part(R"(^\$\.rule_sets\[(\d+)\](?:\.(criteria|disqualify|qualify|nurture)\[(\d+)\](?:\.test|\.if)?|\.when)?: rule [^:]+: (contradictory|unreachable))");
  std::smatch m;
  REQUIRE(std::regex_search(message, m, part));
  const auto set = static_cast<std::size_t>(std::stoul(m[1]));
  const std::string list = m[2];
  const bool contradictory = m[4] == "contradictory";
  const bool when = message.find("].when:") != std::string::npos;
  for (const QualifyTrace& t : traces) {
    if (when) {
      if (contradictory) REQUIRE(t.when[set] != mf::Truth::kPass);
      else REQUIRE(t.set != static_cast<int>(set));
    } else if (list.empty()) {
      REQUIRE(t.set != static_cast<int>(set));  // a set that never applies
    } else if (list == "criteria") {
      REQUIRE(contradictory);
      REQUIRE(t.all_criteria[set][std::stoul(m[3])] != mf::Truth::kPass);
    } else {
      const int which = list == "disqualify" ? 0 : list == "qualify" ? 1 : 2;
      const auto index = std::stoul(m[3]);
      if (contradictory) REQUIRE(t.rules[set][static_cast<std::size_t>(which)][index] != mf::Truth::kPass);
      else REQUIRE(decider(t.rules[set]) != std::pair<int, int>(which, static_cast<int>(index)));
    }
  }
}

struct Tally {
  int accepted = 0;
  int refused = 0;
  int wide = 0;  ///< Accepted files with a set of more than 8 criteria (decided without a table).
};

/// qualify_lift() against the definitions, tallied from the reference's
/// decisions and outcomes.
void compare_lift(const mf::QualifyResult& result, const std::vector<QualifyTrace>& traces) {
  const mf::StageGraph graph = mf::StageGraph::the_model();
  const std::vector<mf::reference::Outcome> outcomes = mf::reference::outcomes(result.data(), graph);
  mf::LiftOptions options;
  options.threads = 3;
  auto lift = mf::qualify_lift(result, graph, options);
  REQUIRE(lift.ok());
  const auto& sets = result.rules().rule_sets();
  std::size_t row = 0;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t c = 0; c < sets[s].criteria.size(); ++c) {
      double fail_rate = std::nan("");
      for (mf::Truth v : {mf::Truth::kFail, mf::Truth::kPass, mf::Truth::kUnknown}) {
        std::uint64_t records = 0, closed = 0, won = 0;
        std::int64_t revenue = 0;
        for (std::size_t r = 0; r < traces.size(); ++r) {
          if (traces[r].set != static_cast<int>(s) || traces[r].criteria[c] != v) continue;
          ++records;
          closed += outcomes[r].won || outcomes[r].lost;
          won += outcomes[r].won;
          revenue += outcomes[r].revenue;
        }
        const double rate = closed ? static_cast<double>(won) / static_cast<double>(closed) : std::nan("");
        if (v == mf::Truth::kFail) fail_rate = rate;
        // Rows come pass, fail, unknown.
        const std::size_t at = row + (v == mf::Truth::kPass ? 0 : v == mf::Truth::kFail ? 1 : 2);
        const mf::CriterionLift& l = lift->criteria[at];
        INFO(sets[s].id << "/" << sets[s].criteria[c].id << "=" << mf::to_string(v));
        REQUIRE(l.value == v);
        REQUIRE(l.records == records);
        REQUIRE(l.closed == closed);
        REQUIRE(l.won == won);
        REQUIRE(l.won_revenue.scaled() == revenue);
        REQUIRE((std::isnan(l.win_rate.value) ? std::isnan(rate) : l.win_rate.value == rate));
        const double expected = std::isnan(rate) || std::isnan(fail_rate) || fail_rate == 0 ? std::nan("") : rate / fail_rate;
        REQUIRE((std::isnan(l.lift) ? std::isnan(expected) : l.lift == expected));
      }
      row += 3;
    }
  }
  REQUIRE(row == lift->criteria.size());
}

void compare(const mf::QualifyResult& result, const std::vector<QualifyTrace>& traces,
             const mf::QualifyRules& rules, std::span<const double> scores) {
  mf::RecordDecision d, one;
  std::vector<mf::AttributeValue> values(result.data().attribute_count());
  for (mf::RecordIndex r = 0; r < result.record_count(); ++r) {
    const QualifyTrace& t = traces[r];
    INFO("record " << result.data().record_id(r));
    result.decision(r, d);
    REQUIRE(d.rule_set == t.set);
    REQUIRE(d.set_choice == t.choice);
    REQUIRE(d.decision == t.decision);
    REQUIRE(d.rule == t.rule);
    REQUIRE(std::string(d.rule_id) == t.rule_id);
    REQUIRE(std::string(d.track) == t.track);
    REQUIRE(d.recheck == t.recheck);
    REQUIRE(d.criteria == t.criteria);
    REQUIRE(d.ask == t.ask);
    for (std::size_t a = 0; a < values.size(); ++a) values[a] = result.data().attribute(a).value(r);
    std::optional<double> score;
    if (!scores.empty()) score = scores[r];
    REQUIRE(rules.evaluate(values, score, result.as_of(), one).ok());
    REQUIRE(one.decision == d.decision);
    REQUIRE(one.rule == d.rule);
    REQUIRE(one.criteria == d.criteria);
    REQUIRE(one.ask == d.ask);
    REQUIRE(one.set_choice == d.set_choice);
  }
}

Tally differential(std::uint64_t first_seed, int cases, std::size_t min_records, std::size_t max_records,
                   unsigned threads) {
  Tally tally;
  for (int i = 0; i < cases; ++i) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(i);
    mt::Choices c(seed);
    const mf::DataSet data = mt::messy_leads(c, min_records, max_records);
    const bool with_score = c.percent(30);
    const std::string json = mt::messy_rules(c, with_score);
    const std::vector<double> scores = with_score ? mt::messy_scores(c, data.record_count()) : std::vector<double>{};
    std::optional<mf::Timestamp> as_of;
    if (c.percent(50)) as_of = mf::Timestamp::from_micros(1'735'689'600'000'000 + static_cast<std::int64_t>(c.below(90)) * 86'400'000'000);
    INFO("seed " << seed << "\nrules:\n" << json);
    const std::vector<QualifyTrace> traces = mf::reference::qualify(data, json, scores, as_of);
    auto rules = mf::QualifyRules::parse(json, data);
    if (!rules.ok()) {
      check_refusal(std::string(rules.status().message()), traces);
      ++tally.refused;
      continue;
    }
    ++tally.accepted;
    for (const auto& set : rules->rule_sets()) tally.wide += set.criteria.size() > 8;
    mf::QualifyOptions options;
    options.scores = scores;
    options.as_of = as_of;
    options.threads = threads;
    auto result = mf::qualify(data, *rules, options);
    REQUIRE(result.ok());
    if (!as_of) REQUIRE(result->as_of().has_value() == (data.event_count() > 0));
    const std::vector<QualifyTrace> dated = as_of || !result->as_of()
                                                ? traces
                                                : mf::reference::qualify(data, json, scores, result->as_of());
    compare(*result, dated, *rules, scores);
    compare_lift(*result, dated);
    REQUIRE(mf::qualify_csv(*result).ok());
    REQUIRE(mf::qualify_json(*result).ok());
  }
  return tally;
}

}  // namespace

TEST_CASE("qualify differential: small messy lead tables", "[qualify][differential]") {
  const Tally t = differential(1, 1500, 0, 30, 1);
  INFO("accepted " << t.accepted << ", refused " << t.refused);
  CHECK(t.accepted > 300);
  CHECK(t.refused > 100);
  CHECK(t.wide > 5);
}

TEST_CASE("qualify differential: larger tables", "[qualify][differential]") {
  const Tally t = differential(50'000, 100, 200, 2'000, 1);
  INFO("accepted " << t.accepted << ", refused " << t.refused);
  CHECK(t.accepted > 5);
}

TEST_CASE("qualify differential: enough records to split over threads", "[qualify][differential]") {
  differential(90'000, 3, 66'000, 70'000, 4);
}
