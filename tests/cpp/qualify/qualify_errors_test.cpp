// Every way a rule file can be wrong, each reported with its JSON path and
// the rule it concerns, before anything is evaluated: bad JSON, unknown and
// duplicate keys, wrong types, unknown attributes and criteria, constants
// that do not fit their attribute, contradictory and unreachable rules and
// rule sets.
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/qualify.hpp"
#include "qualify/qualify_fixture.hpp"

using namespace mf_qualify_test;

namespace {

const mf::DataSet& data() {
  static const mf::DataSet d = leads({{"a", "web", true, true, true, 10}});
  return d;
}

/// A one-set rule file whose criteria, disqualify, qualify and nurture
/// parts are the given JSON texts.
std::string file(const std::string& criteria, const std::string& qualify,
                 const std::string& disqualify = "[]",
                 const std::string& nurture = R"([{"id": "n", "track": "t", "recheck_days": 1}])") {
  return R"({"version": 1, "rule_sets": [{"id": "sdr", "criteria": )" + criteria +
         R"(, "disqualify": )" + disqualify + R"(, "qualify": )" + qualify + R"(, "nurture": )" +
         nurture + "}]}";
}

const std::string kNeed = R"([{"id": "need", "test": {"attribute": "need_ok", "eq": true}}])";
const std::string kNeedBudget = R"([{"id": "need", "test": {"attribute": "need_ok", "eq": true}},
  {"id": "budget", "test": {"attribute": "budget_ok", "eq": true}},
  {"id": "budget_known", "test": {"attribute": "budget_ok", "present": true}}])";
const std::string kQualifyNeed = R"([{"id": "q", "if": "need"}])";

}  // namespace

TEST_CASE("qualify errors: the file as JSON", "[qualify][errors]") {
  CHECK(error_of("{", data()).starts_with("$: not valid JSON: "));
  CHECK(error_of(R"({"version": 1, "version": 1, "rule_sets": []})", data()) == "$.version: duplicate key");
  CHECK(error_of(R"({"version": 1, "rule_set": []})", data()) ==
        "$.rule_set: unknown key (expected one of: version, description, rule_sets)");
  CHECK(error_of(R"({"version": 2, "rule_sets": []})", data()) ==
        "$.version: unsupported version (this library reads version 1)");
  CHECK(error_of(R"({"rule_sets": []})", data()) == "$: required key \"version\" missing");
  CHECK(error_of(R"({"version": 1, "rule_sets": []})", data()) == "$.rule_sets: must not be empty");
  CHECK(error_of("[]", data()) == "$: expected an object, found array");
  // Comments are allowed.
  CHECK(error_of("// BANT\n" + file(kNeed, kQualifyNeed) + " /* end */", data()) == "");
}

TEST_CASE("qualify errors: rule sets, criteria and rules", "[qualify][errors]") {
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"criteria": []}]})", data()) ==
        "$.rule_sets[0]: required key \"id\" missing");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "a b"}]})", data()) ==
        "$.rule_sets[0].id: an id is 1 to 64 letters, digits, '_', '-' or '.'");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "sdr", "criteria": [], "qualify": []}]})", data()) ==
        "$.rule_sets[0].criteria: rule sdr: must not be empty");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "sdr", "criterias": []}]})", data()) ==
        "$.rule_sets[0].criterias: rule sdr: unknown key (expected one of: id, description, when, criteria, "
        "disqualify, qualify, nurture)");
  CHECK(error_of(file(kNeed, "[]"), data()) == "$.rule_sets[0].qualify: rule sdr: must not be empty");
  CHECK(error_of(file(kNeed, kQualifyNeed, "[]", "[]"), data()) ==
        "$.rule_sets[0].nurture: rule sdr: must not be empty");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "sdr", "criteria": )" + kNeed +
                     R"(, "qualify": [{"id": "q", "if": "need"}]}]})",
                 data()) == "$.rule_sets[0]: rule sdr: required key \"nurture\" missing");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "s", "criteria": )" + kNeed +
                     R"(, "qualify": [{"id": "q", "if": "need"}], "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]},
                    {"id": "s", "criteria": )" + kNeed +
                     R"(, "qualify": [{"id": "q", "if": "need"}], "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})",
                 data()) == "$.rule_sets[1].id: a rule set with this id comes earlier");
  CHECK(error_of(file(R"([{"id": "need", "test": {"attribute": "need_ok", "eq": true}},
                          {"id": "need", "test": {"attribute": "budget_ok", "eq": true}}])",
                      kQualifyNeed),
                 data()) == "$.rule_sets[0].criteria[1].id: rule sdr/need: this id is taken earlier in the set");
  CHECK(error_of(file(kNeed, R"([{"id": "need", "if": "need"}])"), data()) ==
        "$.rule_sets[0].qualify[0].id: rule sdr/need: this id is taken earlier in the set");
  CHECK(error_of(file(R"([{"id": "decision", "test": {"attribute": "need_ok", "eq": true}}])",
                      R"([{"id": "q", "if": "decision"}])"),
                 data()) == "$.rule_sets[0].criteria[0].id: rule sdr/decision: this id names a column of "
                            "the decisions table; choose another");
  CHECK(error_of(file(R"([{"id": "need", "bant": "money", "test": {"attribute": "need_ok", "eq": true}}])",
                      kQualifyNeed),
                 data()) == "$.rule_sets[0].criteria[0].bant: rule sdr/need: expected budget, authority, "
                            "need or timeline (leave \"bant\" out for a company rule)");
  CHECK(error_of(file(R"([{"id": "need", "test": {"attribute": "need_ok", "eq": true}, "weight": 2}])",
                      kQualifyNeed),
                 data()) == "$.rule_sets[0].criteria[0].weight: rule sdr/need: unknown key (expected one "
                            "of: id, bant, description, test)");
  CHECK(error_of(file(kNeed, R"([{"id": "q"}])"), data()) ==
        "$.rule_sets[0].qualify[0]: rule sdr/q: required key \"if\" missing");
  CHECK(error_of(file(kNeed, kQualifyNeed, "[]",
                      R"([{"id": "n", "if": "need", "track": "t", "recheck_days": 1}])"),
                 data()) == "$.rule_sets[0].nurture[0].if: rule sdr/n: the last nurture rule takes every "
                            "record left, so it has no \"if\"");
  CHECK(error_of(file(kNeed, kQualifyNeed, "[]",
                      R"([{"id": "a", "track": "t", "recheck_days": 1}, {"id": "b", "track": "t", "recheck_days": 1}])"),
                 data()) == "$.rule_sets[0].nurture[0]: rule sdr/a: only the last nurture rule may have no "
                            "\"if\"; rules after it could never apply");
  CHECK(error_of(file(kNeed, kQualifyNeed, "[]", R"([{"id": "n", "track": "t", "recheck_days": -1}])"),
                 data()) == "$.rule_sets[0].nurture[0].recheck_days: rule sdr/n: expected a whole number of "
                            "days from 0 to 36500");
  CHECK(error_of(file(kNeed, kQualifyNeed, "[]", R"([{"id": "n", "recheck_days": 1}])"), data()) ==
        "$.rule_sets[0].nurture[0]: rule sdr/n: required key \"track\" missing");
}

TEST_CASE("qualify errors: tests against the data set's attributes", "[qualify][errors]") {
  auto one = [](const std::string& test) {
    return error_of(file(R"([{"id": "c", "test": )" + test + "}]", R"([{"id": "q", "if": "c"}])"), data());
  };
  CHECK(one(R"({"attribute": "need", "eq": true})") ==
        "$.rule_sets[0].criteria[0].test.attribute: rule sdr/c: unknown attribute \"need\" (the data set "
        "has: channel, budget_ok, authority_ok, need_ok, timeline_days, revenue_musd, created)");
  CHECK(one(R"({"attribute": "need_ok", "eq": "yes"})") ==
        "$.rule_sets[0].criteria[0].test.eq: rule sdr/c: type mismatch: need_ok is a bool attribute, so "
        "expected true or false, found string");
  CHECK(one(R"({"attribute": "channel", "lt": "m"})") ==
        "$.rule_sets[0].criteria[0].test.lt: rule sdr/c: type mismatch: channel is a string attribute, "
        "which has no order; use eq, ne, in or not_in");
  CHECK(one(R"({"attribute": "timeline_days", "le": 90.5})") ==
        "$.rule_sets[0].criteria[0].test.le: rule sdr/c: type mismatch: timeline_days is an int64 "
        "attribute, so expected a whole number, found number");
  CHECK(one(R"({"attribute": "timeline_days", "in": [1, "2"]})") ==
        "$.rule_sets[0].criteria[0].test.in[1]: rule sdr/c: type mismatch: timeline_days is an int64 "
        "attribute, so expected a whole number, found string");
  CHECK(one(R"({"attribute": "timeline_days", "in": []})") ==
        "$.rule_sets[0].criteria[0].test.in: rule sdr/c: must not be empty");
  CHECK(one(R"({"attribute": "timeline_days", "between": [1]})") ==
        "$.rule_sets[0].criteria[0].test.between: rule sdr/c: expected [low, high], found array");
  CHECK(one(R"({"attribute": "created", "ge": "yesterday"})").starts_with(
      "$.rule_sets[0].criteria[0].test.ge: rule sdr/c: not an ISO 8601 time: "));
  CHECK(one(R"({"attribute": "created", "ge": 5})") ==
        "$.rule_sets[0].criteria[0].test.ge: rule sdr/c: type mismatch: created is a timestamp attribute, "
        "so expected an ISO 8601 time such as \"2025-01-31\" or \"2025-01-31T09:00:00Z\", found number");
  CHECK(one(R"({"attribute": "revenue_musd", "gt": "1"})") ==
        "$.rule_sets[0].criteria[0].test.gt: rule sdr/c: type mismatch: revenue_musd is a double "
        "attribute, so expected a number, found string");
  CHECK(one(R"({"attribute": "need_ok", "missing": false})") ==
        "$.rule_sets[0].criteria[0].test.missing: rule sdr/c: expected true (\"missing\": true)");
  CHECK(one(R"({"attribute": "need_ok", "eq": true, "ne": false})") ==
        "$.rule_sets[0].criteria[0].test: rule sdr/c: expected exactly one operator (eq, ne, lt, le, gt, "
        "ge, between, in, not_in, missing, present)");
  CHECK(one(R"({"attribute": "need_ok", "equals": true})") ==
        "$.rule_sets[0].criteria[0].test.equals: rule sdr/c: unknown key (expected \"attribute\" and one "
        "operator: eq, ne, lt, le, gt, ge, between, in, not_in, missing, present)");
  CHECK(one(R"({"score": {"ge": "high"}})") ==
        "$.rule_sets[0].criteria[0].test.score.ge: rule sdr/c: type mismatch: the lead score is a number, "
        "so expected a number, found string");
  CHECK(one(R"({"criterion": "need"})") == "$.rule_sets[0].criteria[0].test: rule sdr/c: criteria test "
                                           "attributes, not other criteria");
  CHECK(one(R"({"all": []})") == "$.rule_sets[0].criteria[0].test.all: rule sdr/c: must not be empty");
  CHECK(one(R"("need")") == "$.rule_sets[0].criteria[0].test: rule sdr/c: expected an object, found string");
}

TEST_CASE("qualify errors: decision rules name criteria", "[qualify][errors]") {
  CHECK(error_of(file(kNeed, R"([{"id": "q", "if": "needs"}])"), data()) ==
        "$.rule_sets[0].qualify[0].if: rule sdr/q: no criterion \"needs\" in this set (its criteria: need)");
  CHECK(error_of(file(kNeed, R"([{"id": "q", "if": {"all": ["need", {"criterion": "budget"}]}}])"), data()) ==
        "$.rule_sets[0].qualify[0].if.all[1].criterion: rule sdr/q: no criterion \"budget\" in this set "
        "(its criteria: need)");
  CHECK(error_of(file(kNeed, R"([{"id": "q", "if": {"attribute": "need_ok", "eq": true}}])"), data()) ==
        "$.rule_sets[0].qualify[0].if: rule sdr/q: decision rules combine criteria; test the attribute "
        "in a criterion and name it here");
}

TEST_CASE("qualify errors: contradictory rules can never pass", "[qualify][errors]") {
  CHECK(error_of(file(R"([{"id": "t", "test": {"all": [{"attribute": "timeline_days", "le": 90},
                                                        {"attribute": "timeline_days", "gt": 180}]}}])",
                      R"([{"id": "q", "if": "t"}])"),
                 data()) == "$.rule_sets[0].criteria[0].test: rule sdr/t: contradictory: this test can never "
                            "pass, whatever the attribute values");
  CHECK(error_of(file(R"([{"id": "t", "test": {"attribute": "timeline_days", "between": [90, 10]}}])",
                      R"([{"id": "q", "if": "t"}])"),
                 data()) == "$.rule_sets[0].criteria[0].test: rule sdr/t: contradictory: this test can never "
                            "pass, whatever the attribute values");
  CHECK(error_of(file(kNeed, R"([{"id": "q", "if": {"all": ["need", {"not": "need"}]}}])"), data()) ==
        "$.rule_sets[0].qualify[0].if: rule sdr/q: contradictory: its condition can never pass, whatever "
        "the attribute values");
  // Two criteria on one attribute: the search works on the attribute's values.
  CHECK(error_of(file(R"([{"id": "soon", "test": {"attribute": "timeline_days", "le": 30}},
                          {"id": "late", "test": {"attribute": "timeline_days", "ge": 60}}])",
                      R"([{"id": "q", "if": {"all": ["soon", "late"]}}])"),
                 data()) == "$.rule_sets[0].qualify[0].if: rule sdr/q: contradictory: its condition can "
                            "never pass, whatever the attribute values");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "s",
      "when": {"all": [{"attribute": "channel", "eq": "a"}, {"attribute": "channel", "eq": "b"}]},
      "criteria": )" + kNeed + R"(, "qualify": [{"id": "q", "if": "need"}],
      "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})",
                 data()) == "$.rule_sets[0].when: rule s: contradictory: its \"when\" can never pass, whatever "
                            "the attribute values");
}

TEST_CASE("qualify errors: unreachable rules never decide", "[qualify][errors]") {
  CHECK(error_of(file(kNeedBudget, kQualifyNeed,
                      R"([{"id": "a", "if": {"not": "need"}}, {"id": "b", "if": {"all": [{"not": "need"}, "budget"]}}])"),
                 data()) == "$.rule_sets[0].disqualify[1].if: rule sdr/b: unreachable: whenever it passes, it "
                            "is overruled by disqualify rule a");
  CHECK(error_of(file(kNeedBudget, R"([{"id": "q", "if": {"all": ["need", {"not": "budget"}]}}])",
                      R"([{"id": "d", "if": {"not": "budget"}}])"),
                 data()) == "$.rule_sets[0].qualify[0].if: rule sdr/q: unreachable: whenever it passes, it is "
                            "overruled by disqualify rule d");
  // Qualified only when every disqualify rule is known to fail.
  CHECK(error_of(file(kNeedBudget, R"([{"id": "q", "if": {"all": ["need", {"not": "budget_known"}]}}])",
                      R"([{"id": "d", "if": {"not": "budget"}}])"),
                 data()) == "$.rule_sets[0].qualify[0].if: rule sdr/q: unreachable: whenever it passes, it is "
                            "overruled by disqualify rule d being unknown");
  CHECK(error_of(file(kNeedBudget, R"([{"id": "q1", "if": "need"}, {"id": "q2", "if": {"all": ["need", "budget"]}}])"),
                 data()) == "$.rule_sets[0].qualify[1].if: rule sdr/q2: unreachable: whenever it passes, it is "
                            "overruled by qualify rule q1");
  CHECK(error_of(file(kNeedBudget, kQualifyNeed, "[]",
                      R"([{"id": "n1", "if": "need", "track": "t", "recheck_days": 1},
                          {"id": "n2", "track": "t", "recheck_days": 1}])"),
                 data()) == "$.rule_sets[0].nurture[0].if: rule sdr/n1: unreachable: whenever it passes, it is "
                            "overruled by qualify rule q");
}

TEST_CASE("qualify errors: rule sets that never apply", "[qualify][errors]") {
  const std::string body = R"(, "criteria": )" + kNeed + R"(, "qualify": [{"id": "q", "if": "need"}],
      "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]})";
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "s1", "when": {"attribute": "channel", "in": ["a", "b"]})" +
                     body + R"(, {"id": "s2", "when": {"attribute": "channel", "eq": "a"})" + body + "]}",
                 data()) == "$.rule_sets[1].when: rule s2: unreachable: whenever its \"when\" passes, rule set "
                            "s1 takes the record first");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "s1")" + body + R"(, {"id": "s2")" + body + "]}", data()) ==
        "$.rule_sets[1]: rule s2: unreachable: rule set s1 before it has no \"when\", so it takes every "
        "record left");
  CHECK(error_of(R"({"version": 1, "rule_sets": [{"id": "s1", "when": {"any": [
        {"attribute": "channel", "present": true}, {"attribute": "channel", "missing": true}]})" + body +
                     R"(, {"id": "s2")" + body + "]}",
                 data()) == "$.rule_sets[1]: rule s2: unreachable: the rule sets before it take every record");
}

TEST_CASE("qualify errors: files that cannot be read", "[qualify][errors]") {
  auto missing = mf::QualifyRules::load_file("/nonexistent/rules.json", data());
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  CHECK(missing.status().message() == "/nonexistent/rules.json: no such file");
  auto ok = mf::QualifyRules::load_file(std::string(MF_SOURCE_DIR) + "/examples/qualify/bant.json", data());
  CHECK(ok.ok());
  const std::vector<mf::AttributeField> twice = {{"a", mf::AttributeType::kBool}, {"a", mf::AttributeType::kBool}};
  CHECK(mf::QualifyRules::parse(file(kNeed, kQualifyNeed), twice).status().message() ==
        "$: the schema names attribute \"a\" twice (or names an empty one)");
}
