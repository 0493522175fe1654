// libFuzzer target for qualification. The first input byte picks what the
// rest decides:
//   - a messy lead table and a random rule file (the differential test's
//     generators): a file QualifyRules::parse() accepts must decide every
//     record as the reference implementation does, one record at a time as
//     in the batch, and format as CSV and JSON; a file it refuses must be
//     refused for a contradiction or unreachable rule that no record
//     contradicts;
//   - raw bytes as a rule file, checked against the messy table's
//     attributes: refused with a message, or accepted and then decided;
//   - raw bytes as a reps CSV: refused with a message, or accepted and then
//     routed by every method within every capacity.
// Nothing may crash, hang or trip a sanitizer.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "funnel/messy_histories.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "qualify/messy_rules.hpp"
#include "qualify/reference_qualify.hpp"

namespace mf = modelfunnel;
namespace mt = modelfunnel::testing;

namespace {

[[noreturn]] void finding(const std::string& what, const std::string& rules) {
  std::fprintf(stderr, "%s\nrules:\n%s\n", what.c_str(), rules.c_str());
  std::abort();
}

void check_accepted(const mf::DataSet& data, const mf::QualifyRules& rules, const std::string& json,
                    const std::vector<double>& scores) {
  mf::QualifyOptions options;
  options.scores = scores;
  options.as_of = mf::Timestamp::from_seconds(1'735'689'600);
  options.threads = 1;
  auto result = mf::qualify(data, rules, options);
  if (!result.ok()) finding("qualify() failed: " + std::string(result.status().message()), json);
  const auto traces = mf::reference::qualify(data, json, scores, options.as_of);
  mf::RecordDecision d, one;
  std::vector<mf::AttributeValue> values(data.attribute_count());
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    result->decision(r, d);
    const auto& t = traces[r];
    if (d.rule_set != t.set || d.decision != t.decision || d.rule != t.rule || d.criteria != t.criteria ||
        d.ask != t.ask || d.set_choice != t.choice || d.recheck != t.recheck)
      finding("differs from the reference at record " + std::string(data.record_id(r)), json);
    for (std::size_t a = 0; a < values.size(); ++a) values[a] = data.attribute(a).value(r);
    std::optional<double> score;
    if (!scores.empty()) score = scores[r];
    if (!rules.evaluate(values, score, options.as_of, one).ok() || one.decision != d.decision ||
        one.criteria != d.criteria || one.ask != d.ask)
      finding("one record differs from the batch", json);
  }
  if (!mf::qualify_csv(*result).ok() || !mf::qualify_json(*result).ok()) finding("formatting failed", json);
  if (!mf::qualify_lift(*result, mf::StageGraph::the_model()).ok()) finding("lift failed", json);
}

void check_refused(const std::string& message, const std::vector<mf::reference::QualifyTrace>& traces,
                   const std::string& json) {
  static const std::regex part(
      R"(^\$\.rule_sets\[(\d+)\](?:\.(criteria|disqualify|qualify|nurture)\[(\d+)\](?:\.test|\.if)?|\.when)?: rule [^:]+: (contradictory|unreachable))");
  std::smatch m;
  if (!std::regex_search(message, m, part)) finding("refused for a reason other than the checks: " + message, json);
  const auto set = static_cast<std::size_t>(std::stoul(m[1]));
  const std::string list = m[2];
  const bool contradictory = m[4] == "contradictory";
  for (const auto& t : traces) {
    bool contradicted = false;
    if (message.find("].when:") != std::string::npos) {
      contradicted = contradictory ? t.when[set] == mf::Truth::kPass : t.set == static_cast<int>(set);
    } else if (list.empty()) {
      contradicted = t.set == static_cast<int>(set);
    } else if (list == "criteria") {
      contradicted = t.all_criteria[set][std::stoul(m[3])] == mf::Truth::kPass;
    } else if (contradictory) {
      const std::size_t which = list == "disqualify" ? 0 : list == "qualify" ? 1 : 2;
      contradicted = t.rules[set][which][std::stoul(m[3])] == mf::Truth::kPass;
    }
    if (contradicted) finding("refused, but a record contradicts it: " + message, json);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = bytes[0] % 4;
  mt::Choices c(bytes + 1, size - 1);
  if (mode <= 1) {
    const mf::DataSet data = mt::messy_leads(c, 0, 20);
    const bool with_score = c.percent(30);
    const std::string json = mt::messy_rules(c, with_score);
    const std::vector<double> scores = with_score ? mt::messy_scores(c, data.record_count()) : std::vector<double>{};
    auto rules = mf::QualifyRules::parse(json, data);
    if (rules.ok()) check_accepted(data, *rules, json, scores);
    else check_refused(std::string(rules.status().message()), mf::reference::qualify(data, json, scores, std::nullopt), json);
    return 0;
  }
  static const mf::DataSet data = [] {
    mt::Choices fixed(7);
    return mt::messy_leads(fixed, 30, 30);
  }();
  const std::string text(reinterpret_cast<const char*>(bytes + 1), size - 1);
  if (mode == 2) {
    auto rules = mf::QualifyRules::parse(text, data);
    if (!rules.ok()) {
      if (rules.status().message().empty()) finding("refused without a message", text);
      return 0;
    }
    mf::QualifyOptions options;
    if (rules->uses_score()) options.scores.assign(data.record_count(), 0.5);
    auto result = mf::qualify(data, *rules, options);
    if (!result.ok() || !mf::qualify_csv(*result).ok() || !mf::qualify_json(*result).ok())
      finding("an accepted file failed to decide", text);
    return 0;
  }
  auto reps = mf::parse_reps_csv(text);
  if (!reps.ok() || reps->empty()) return 0;
  static const mf::QualifyResult everyone = [] {
    const std::string all = R"({"version": 1, "rule_sets": [{"id": "s",
      "criteria": [{"id": "known", "test": {"attribute": "channel", "present": true}}],
      "qualify": [{"id": "q", "if": {"any": ["known", {"not": "known"}]}}],
      "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
    return *mf::qualify(data, *mf::QualifyRules::parse(all, data));
  }();
  for (auto method : {mf::RouteMethod::kRoundRobin, mf::RouteMethod::kLeastLoaded, mf::RouteMethod::kTerritory,
                      mf::RouteMethod::kOptimal}) {
    mf::RouteOptions options;
    options.method = method;
    options.territory_by = "channel";
    auto routing = mf::route_leads(everyone, *reps, options);
    if (!routing.ok()) finding("routing failed: " + std::string(routing.status().message()), text);
    for (const auto& load : routing->reps)
      if (load.assigned > load.rep.capacity) finding("a rep got more leads than its capacity", text);
    if (!mf::routing_csv(everyone, *routing).ok()) finding("routing CSV failed", text);
  }
  return 0;
}
