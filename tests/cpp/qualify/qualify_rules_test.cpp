// Qualification worked by hand: three-valued criteria (every operator, each
// attribute type, Kleene all / any / not with unknowns), decisions and
// their precedence, per-source rule sets and a blank channel, the score
// column, and the explanation of every decision.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "modelfunnel/generate.hpp"
#include "modelfunnel/qualify.hpp"
#include "qualify/qualify_fixture.hpp"

using namespace mf_qualify_test;
using Strings = std::vector<std::string>;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

mf::QualifyResult decide(const mf::DataSet& data, const mf::QualifyRules& r,
                         mf::QualifyOptions options = {}) {
  auto result = mf::qualify(data, r, options);
  INFO((result.ok() ? std::string() : std::string(result.status().message())));
  REQUIRE(result.ok());
  return *result;
}

}  // namespace

TEST_CASE("qualify: the acceptance rule set, blanks included", "[qualify]") {
  const mf::DataSet data = leads({
      {"A", "web", true, false, true, 30},
      {"B", "web", std::nullopt, false, true, 30},
      {"C", std::nullopt, true, true, true, 30},
      {"D", "outbound", true, false, std::nullopt, 200},
      {"E", "outbound", true, std::nullopt, false, std::nullopt},
      {"F", "outbound", std::nullopt, true, true, std::nullopt},
      {"G", "web", false, false, std::nullopt, std::nullopt},
      {"H", "outbound", true, false, false, 10},
      {"I", "web", std::nullopt, std::nullopt, false, std::nullopt},
      {"J", "outbound", false, true, true, 180},
      {"K", "web", true, false, true, 91},
      {"L", "outbound", false, true, true, 181},
      {"M", "web", true, false, true, 90},
      {"N", "referral", false, true, true, 5},
  });
  const mf::QualifyResult result = decide(data, rules(bant_json(), data));
  CHECK(describe(result) == Strings{
      "A sdr qualified need_budget_timeline need=pass budget=pass timeline=pass",
      "B sdr nurture sdr_discovery track=sdr_discovery ask=budget need=pass budget=unknown timeline=pass",
      "C sdr qualified need_budget_timeline need=pass budget=pass timeline=pass",
      "D bdr nurture bdr_develop track=bdr_develop ask=need authority=fail need=unknown timeline=fail",
      "E bdr nurture bdr_develop track=bdr_develop ask=authority authority=unknown need=fail timeline=unknown",
      "F bdr nurture bdr_develop track=bdr_develop ask=timeline authority=pass need=pass timeline=unknown",
      "G sdr nurture sdr_discovery track=sdr_discovery ask=need need=unknown budget=fail timeline=unknown",
      "H bdr disqualified no_authority_no_need authority=fail need=fail timeline=pass",
      "I sdr disqualified no_need need=fail budget=unknown timeline=unknown",
      "J bdr qualified authority_need_timeline authority=pass need=pass timeline=pass",
      "K sdr nurture buying_later track=sdr_long_timeline need=pass budget=pass timeline=fail",
      "L bdr nurture buying_later track=bdr_long_timeline authority=pass need=pass timeline=fail",
      "M sdr qualified need_budget_timeline need=pass budget=pass timeline=pass",
      "N sdr nurture sdr_discovery track=sdr_discovery need=pass budget=fail timeline=pass",
  });
  // A blank channel falls to the SDR set, and says so.
  CHECK(result.decision(2).set_choice == mf::SetChoice::kFallbackUnknown);
  CHECK(result.decision(0).set_choice == mf::SetChoice::kFallback);
  CHECK(result.decision(3).set_choice == mf::SetChoice::kMatched);

  const std::vector<mf::DecisionCount> summary = result.summary();
  REQUIRE(summary.size() == 8);
  CHECK(summary[0].rule_set == "bdr");
  CHECK(summary[0].decision == mf::Decision::kQualified);
  CHECK(summary[0].records == 1);
  CHECK(summary[1].rule == "buying_later");
  CHECK(summary[2].rule == "bdr_develop");
  CHECK(summary[2].records == 3);
  CHECK(summary[6].rule == "sdr_discovery");
  CHECK(summary[6].records == 3);
  CHECK(summary[7].rule == "no_need");
}

TEST_CASE("qualify: re-check dates are as_of plus the nurture rule's days", "[qualify]") {
  const mf::DataSet data = leads({{"K", "web", true, false, true, 91}, {"A", "web", true, false, true, 30}});
  mf::QualifyOptions options;
  options.as_of = mf::Timestamp::from_seconds(86'400 * 100);
  const mf::QualifyResult result = decide(data, rules(bant_json(), data), options);
  CHECK(result.decision(0).recheck == mf::Timestamp::from_seconds(86'400 * 160));
  CHECK(!result.decision(1).recheck);  // qualified
  // Without events and without as_of there is no "now" to count from.
  const mf::QualifyResult undated = decide(data, rules(bant_json(), data));
  CHECK(!undated.as_of());
  CHECK(!undated.decision(0).recheck);
  CHECK(undated.decision(0).track == "sdr_long_timeline");
}

TEST_CASE("qualify: Kleene all, any and not over unknowns", "[qualify]") {
  const std::optional<bool> F = false, T = true, U = std::nullopt;
  const mf::DataSet data = leads({
      {"FF", "web", F, U, F}, {"FU", "web", U, U, F}, {"FP", "web", T, U, F},
      {"UF", "web", F, U, U}, {"UU", "web", U, U, U}, {"UP", "web", T, U, U},
      {"PF", "web", F, U, T}, {"PU", "web", U, U, T}, {"PP", "web", T, U, T},
  });
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "k",
    "criteria": [
      {"id": "x", "test": {"attribute": "need_ok", "eq": true}},
      {"id": "y", "test": {"attribute": "budget_ok", "eq": true}},
      {"id": "x_and_y", "test": {"all": [{"attribute": "need_ok", "eq": true},
                                         {"attribute": "budget_ok", "eq": true}]}},
      {"id": "x_or_y", "test": {"any": [{"attribute": "need_ok", "eq": true},
                                        {"attribute": "budget_ok", "eq": true}]}},
      {"id": "not_x", "test": {"not": {"attribute": "need_ok", "eq": true}}}],
    "qualify": [{"id": "q", "if": {"all": ["x", "y"]}}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  const mf::QualifyResult result = decide(data, rules(json, data));
  CHECK(describe(result) == Strings{
      "FF k nurture n track=t x=fail y=fail x_and_y=fail x_or_y=fail not_x=pass",
      "FU k nurture n track=t x=fail y=unknown x_and_y=fail x_or_y=unknown not_x=pass",
      "FP k nurture n track=t x=fail y=pass x_and_y=fail x_or_y=pass not_x=pass",
      "UF k nurture n track=t x=unknown y=fail x_and_y=fail x_or_y=unknown not_x=unknown",
      "UU k nurture n track=t ask=x;y x=unknown y=unknown x_and_y=unknown x_or_y=unknown not_x=unknown",
      "UP k nurture n track=t ask=x x=unknown y=pass x_and_y=unknown x_or_y=pass not_x=unknown",
      "PF k nurture n track=t x=pass y=fail x_and_y=fail x_or_y=pass not_x=fail",
      "PU k nurture n track=t ask=y x=pass y=unknown x_and_y=unknown x_or_y=pass not_x=fail",
      "PP k qualified q x=pass y=pass x_and_y=pass x_or_y=pass not_x=fail",
  });
}

TEST_CASE("qualify: every operator on every attribute type, missing values unknown", "[qualify]") {
  const mf::DataSet data = leads({
      {"R1", "web", true, std::nullopt, std::nullopt, 90, 1.5, 10},
      {"R2", "outbound", std::nullopt, std::nullopt, std::nullopt, 91, kNaN},
      {"R3"},
  });
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [
      {"id": "le90", "test": {"attribute": "timeline_days", "le": 90}},
      {"id": "lt91", "test": {"attribute": "timeline_days", "lt": 91}},
      {"id": "ge91", "test": {"attribute": "timeline_days", "ge": 91}},
      {"id": "gt90", "test": {"attribute": "timeline_days", "gt": 90}},
      {"id": "eq90", "test": {"attribute": "timeline_days", "eq": 90}},
      {"id": "ne90", "test": {"attribute": "timeline_days", "ne": 90}},
      {"id": "between", "test": {"attribute": "timeline_days", "between": [10, 90]}},
      {"id": "in", "test": {"attribute": "timeline_days", "in": [91, 5]}},
      {"id": "not_in", "test": {"attribute": "channel", "not_in": ["outbound", "event"]}},
      {"id": "ne_web", "test": {"attribute": "channel", "ne": "web"}},
      {"id": "no_budget", "test": {"attribute": "budget_ok", "missing": true}},
      {"id": "has_timeline", "test": {"attribute": "timeline_days", "present": true}},
      {"id": "revenue", "test": {"attribute": "revenue_musd", "gt": 1}},
      {"id": "revenue_known", "test": {"attribute": "revenue_musd", "present": true}},
      {"id": "recent", "test": {"attribute": "created", "ge": "1970-01-06"}},
      {"id": "budget_no", "test": {"attribute": "budget_ok", "ne": true}}],
    "qualify": [{"id": "q", "if": "le90"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  const mf::QualifyResult result = decide(data, rules(json, data));
  const Strings lines = describe(result);
  CHECK(lines[0] == "R1 s qualified q le90=pass lt91=pass ge91=fail gt90=fail eq90=pass ne90=fail "
                    "between=pass in=fail not_in=pass ne_web=fail no_budget=fail has_timeline=pass "
                    "revenue=pass revenue_known=pass recent=pass budget_no=fail");
  // A NaN double counts as missing.
  CHECK(lines[1] == "R2 s nurture n track=t le90=fail lt91=fail ge91=pass gt90=pass eq90=fail ne90=pass "
                    "between=fail in=pass not_in=fail ne_web=pass no_budget=pass has_timeline=pass "
                    "revenue=unknown revenue_known=fail recent=unknown budget_no=unknown");
  CHECK(lines[2] == "R3 s nurture n track=t ask=le90 le90=unknown lt91=unknown ge91=unknown gt90=unknown "
                    "eq90=unknown ne90=unknown between=unknown in=unknown not_in=unknown ne_web=unknown "
                    "no_budget=pass has_timeline=fail revenue=unknown revenue_known=fail recent=unknown "
                    "budget_no=unknown");
}

TEST_CASE("qualify: a disqualify rule that is unknown keeps a lead from being qualified", "[qualify]") {
  const mf::DataSet data = leads({{"gov?", std::nullopt, std::nullopt, std::nullopt, true},
                                  {"web", "web", std::nullopt, std::nullopt, true},
                                  {"gov", "government", std::nullopt, std::nullopt, true}});
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [{"id": "need", "test": {"attribute": "need_ok", "eq": true}},
                 {"id": "private", "test": {"attribute": "channel", "ne": "government"}}],
    "disqualify": [{"id": "public_sector", "if": {"not": "private"}}],
    "qualify": [{"id": "q", "if": "need"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 7}]}]})";
  CHECK(describe(decide(data, rules(json, data))) == Strings{
      "gov? s nurture n track=t ask=private need=pass private=unknown",
      "web s qualified q need=pass private=pass",
      "gov s disqualified public_sector need=pass private=fail",
  });
}

TEST_CASE("qualify: the first rule that passes decides, in file order", "[qualify]") {
  const mf::DataSet data = leads({{"a", "web", true, true, true, 10},
                                  {"b", "web", false, true, true, 10},
                                  {"c", "web", false, false, true, 10},
                                  {"d", "web", true, false, true, 400}});
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [{"id": "budget", "test": {"attribute": "budget_ok", "eq": true}},
                 {"id": "authority", "test": {"attribute": "authority_ok", "eq": true}},
                 {"id": "soon", "test": {"attribute": "timeline_days", "le": 90}}],
    "disqualify": [{"id": "no_money_no_power", "if": {"all": [{"not": "budget"}, {"not": "authority"}]}}],
    "qualify": [{"id": "full", "if": {"all": ["budget", "authority", "soon"]}},
                {"id": "power", "if": {"all": ["authority", "soon"]}}],
    "nurture": [{"id": "late", "if": {"not": "soon"}, "track": "late", "recheck_days": 90},
                {"id": "other", "track": "other", "recheck_days": 30}]}]})";
  CHECK(describe(decide(data, rules(json, data))) == Strings{
      "a s qualified full budget=pass authority=pass soon=pass",
      "b s qualified power budget=fail authority=pass soon=pass",
      "c s disqualified no_money_no_power budget=fail authority=fail soon=pass",
      "d s nurture late track=late budget=pass authority=fail soon=fail",
  });
}

TEST_CASE("qualify: a record no rule set applies to is reported, not dropped", "[qualify]") {
  const mf::DataSet data = leads({{"out", "outbound", true, true, true, 10},
                                  {"web", "web", true, true, true, 10},
                                  {"blank", std::nullopt, true, true, true, 10}});
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "bdr",
    "when": {"attribute": "channel", "eq": "outbound"},
    "criteria": [{"id": "need", "test": {"attribute": "need_ok", "eq": true}}],
    "qualify": [{"id": "q", "if": "need"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  const mf::QualifyResult result = decide(data, rules(json, data));
  CHECK(describe(result) == Strings{"out bdr qualified q need=pass", "web - no_rule_set -",
                                    "blank - no_rule_set -"});
  CHECK(result.decision(1).set_choice == mf::SetChoice::kNone);
  REQUIRE(result.summary().size() == 2);
  CHECK(result.summary()[1].decision == mf::Decision::kNoRuleSet);
  CHECK(result.summary()[1].records == 2);
  CHECK(*mf::qualify_csv(result) ==
        "record_id,rule_set,set_choice,decision,reason,track,recheck,ask,need\n"
        "out,bdr,matched,qualified,q,,,,pass\n"
        "web,,none,no_rule_set,,,,,\n"
        "blank,,none,no_rule_set,,,,,\n");
}

TEST_CASE("qualify: the lead score, from a vector or an attribute", "[qualify]") {
  const mf::DataSet data = leads({{"hot", "web", std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0.9},
                                  {"cold", "web", std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0.1},
                                  {"unscored", "web"}});
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [{"id": "hot", "test": {"score": {"ge": 0.3}}}],
    "qualify": [{"id": "q", "if": "hot"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  const mf::QualifyRules r = rules(json, data);
  CHECK(r.uses_score());
  mf::QualifyOptions options;
  options.scores = {0.5, 0.3 - 1e-12, kNaN};
  CHECK(describe(decide(data, r, options)) == Strings{"hot s qualified q hot=pass",
                                                     "cold s nurture n track=t hot=fail",
                                                     "unscored s nurture n track=t ask=hot hot=unknown"});
  options.scores.clear();
  options.score_attribute = "revenue_musd";
  CHECK(describe(decide(data, r, options)) == Strings{"hot s qualified q hot=pass",
                                                     "cold s nurture n track=t hot=fail",
                                                     "unscored s nurture n track=t ask=hot hot=unknown"});

  auto missing = mf::qualify(data, r);
  REQUIRE(!missing.ok());
  CHECK(missing.status().message() ==
        "scores: the rules test the lead score, so give one per record (scores or score_attribute)");
  options.score_attribute.clear();
  options.scores = {0.5};
  CHECK(mf::qualify(data, r, options).status().message() == "scores: expected one per record (3), got 1");
  options.scores = {0.5, 0.5, 0.5};
  options.score_attribute = "revenue_musd";
  CHECK(mf::qualify(data, r, options).status().message() == "scores, score_attribute: give one or the other");
  options.scores.clear();
  options.score_attribute = "channel";
  CHECK(mf::qualify(data, r, options).status().message() ==
        "score_attribute: \"channel\" is not a double attribute of the data set");
}

TEST_CASE("qualify: one record from its values, as a save hook does", "[qualify]") {
  const std::vector<mf::AttributeField> schema = {{"channel", mf::AttributeType::kString},
                                                  {"need_ok", mf::AttributeType::kBool},
                                                  {"budget_ok", mf::AttributeType::kBool},
                                                  {"authority_ok", mf::AttributeType::kBool},
                                                  {"timeline_days", mf::AttributeType::kInt64}};
  auto r = mf::QualifyRules::parse(bant_json(), schema);
  REQUIRE(r.ok());
  CHECK(r->schema() == schema);
  CHECK(r->criterion_columns() == Strings{"authority", "need", "timeline", "budget"});
  mf::RecordDecision d;
  const mf::AttributeValue values[] = {std::string_view("outbound"), true, std::monostate{}, true,
                                       std::monostate{}};
  const mf::Timestamp now = mf::Timestamp::from_seconds(1'700'000'000);
  REQUIRE(r->evaluate(values, std::nullopt, now, d).ok());
  CHECK(d.decision == mf::Decision::kNurture);
  CHECK(d.rule_set_id == "bdr");
  CHECK(d.rule_id == "bdr_develop");
  CHECK(d.track == "bdr_develop");
  CHECK(d.recheck == mf::Timestamp::from_seconds(1'700'000'000 + 30 * 86'400));
  CHECK(d.criteria == std::vector<mf::Truth>{mf::Truth::kPass, mf::Truth::kPass, mf::Truth::kUnknown});
  CHECK(d.ask == std::vector<std::uint16_t>{2});

  const mf::AttributeValue blank[] = {std::monostate{}, false, true, true, std::int64_t{10}};
  REQUIRE(r->evaluate(blank, std::nullopt, std::nullopt, d).ok());
  CHECK(d.decision == mf::Decision::kDisqualified);
  CHECK(d.rule_set_id == "sdr");
  CHECK(d.set_choice == mf::SetChoice::kFallbackUnknown);
  CHECK(d.rule_id == "no_need");
  CHECK(d.ask.empty());

  const mf::AttributeValue short_row[] = {std::string_view("web")};
  CHECK(r->evaluate(short_row, std::nullopt, std::nullopt, d).message() ==
        "values: expected 5 (one per schema attribute), got 1");
  const mf::AttributeValue wrong[] = {std::string_view("web"), std::int64_t{1}, true, true, std::int64_t{1}};
  CHECK(r->evaluate(wrong, std::nullopt, std::nullopt, d).message() ==
        "values[1]: attribute \"need_ok\" is bool");
}

TEST_CASE("qualify: one record at a time agrees with the batch on every record", "[qualify]") {
  mf::GenerateOptions g;
  g.leads = 3000;
  g.seed = 11;
  auto data = mf::generate_dataset(g);
  REQUIRE(data.ok());
  const mf::QualifyRules r = rules(bant_json(), *data);
  const mf::QualifyResult batch = decide(*data, r);
  mf::RecordDecision one, many;
  std::vector<mf::AttributeValue> values(data->attribute_count());
  for (mf::RecordIndex i = 0; i < data->record_count(); ++i) {
    for (std::size_t a = 0; a < values.size(); ++a) values[a] = data->attribute(a).value(i);
    REQUIRE(r.evaluate(values, std::nullopt, batch.as_of(), one).ok());
    batch.decision(i, many);
    REQUIRE(one.decision == many.decision);
    REQUIRE(one.rule_set == many.rule_set);
    REQUIRE(one.rule == many.rule);
    REQUIRE(one.criteria == many.criteria);
    REQUIRE(one.ask == many.ask);
    REQUIRE(one.recheck == many.recheck);
  }
}

TEST_CASE("qualify: the same decisions for every thread count", "[qualify][threads]") {
  mf::GenerateOptions g;
  g.leads = 70'000;  // the record scan splits this over two threads
  g.seed = 5;
  auto data = mf::generate_dataset(g);
  REQUIRE(data.ok());
  const mf::QualifyRules r = rules(bant_json(), *data);
  mf::QualifyOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const auto a = mf::qualify_csv(decide(*data, r, one));
  const auto b = mf::qualify_csv(decide(*data, r, four));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == *b);
  CHECK(*mf::qualify_json(decide(*data, r, one)) == *mf::qualify_json(decide(*data, r, four)));
}

TEST_CASE("qualify: rules checked against other attribute types are refused", "[qualify]") {
  const mf::DataSet data = leads({{"a", "web", true, true, true, 10}});
  const std::vector<mf::AttributeField> other = {{"need_ok", mf::AttributeType::kString},
                                                 {"country", mf::AttributeType::kString}};
  const std::string json = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [{"id": "need", "test": {"attribute": "need_ok", "eq": "yes"}}],
    "qualify": [{"id": "q", "if": "need"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  auto r = mf::QualifyRules::parse(json, other);
  REQUIRE(r.ok());
  CHECK(mf::qualify(data, *r).status().message() ==
        "rules: they were checked with \"need_ok\" as string, but the data set's is bool");
  const std::string country = R"({"version": 1, "rule_sets": [{"id": "s",
    "criteria": [{"id": "de", "test": {"attribute": "country", "eq": "DE"}}],
    "qualify": [{"id": "q", "if": "de"}],
    "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})";
  auto c = mf::QualifyRules::parse(country, other);
  REQUIRE(c.ok());
  CHECK(mf::qualify(data, *c).status().message() ==
        "rules: they test attribute \"country\", which the data set does not have");
}

TEST_CASE("qualify: CSV and JSON of the decisions", "[qualify]") {
  const mf::DataSet data = leads({{"A", "web", true, false, true, 30},
                                  {"D,1", "outbound", true, false, std::nullopt, 200}});
  mf::QualifyOptions options;
  options.as_of = mf::Timestamp::from_seconds(0);
  const mf::QualifyResult result = decide(data, rules(bant_json(), data), options);
  CHECK(*mf::qualify_csv(result) ==
        "record_id,rule_set,set_choice,decision,reason,track,recheck,ask,authority,need,timeline,budget\n"
        "A,sdr,fallback,qualified,need_budget_timeline,,,,,pass,pass,pass\n"
        "\"D,1\",bdr,matched,nurture,bdr_develop,bdr_develop,1970-01-31T00:00:00Z,need,fail,unknown,fail,\n");
  CHECK(*mf::qualify_csv(result, mf::QualifyTable::kSummary) ==
        "rule_set,decision,reason,records\n"
        "bdr,nurture,bdr_develop,1\n"
        "sdr,qualified,need_budget_timeline,1\n");
  const auto doc = nlohmann::json::parse(*mf::qualify_json(result));
  CHECK(doc["as_of"] == "1970-01-01T00:00:00Z");
  CHECK(doc["rule_sets"].size() == 2);
  CHECK(doc["rule_sets"][0]["criteria"][0]["bant"] == "authority");
  CHECK(doc["rule_sets"][1]["fallback"] == true);
  CHECK(doc["rule_sets"][1]["nurture"][0]["recheck_days"] == 60);
  CHECK(doc["summary"][0]["records"] == 1);
  const auto& d = doc["decisions"][1];
  CHECK(d["record_id"] == "D,1");
  CHECK(d["decision"] == "nurture");
  CHECK(d["reason"] == "bdr_develop");
  CHECK(d["recheck"] == "1970-01-31T00:00:00Z");
  CHECK(d["ask"] == nlohmann::json::array({"need"}));
  CHECK(d["criteria"]["need"] == "unknown");
  CHECK(doc["decisions"][0]["track"].is_null());
  CHECK(mf::qualify_table_from_string("summary") == mf::QualifyTable::kSummary);
  CHECK(!mf::qualify_table_from_string("lift?"));
}

TEST_CASE("qualify: stable names", "[qualify]") {
  CHECK(mf::to_string(mf::Truth::kUnknown) == "unknown");
  CHECK(mf::to_string(mf::Decision::kNoRuleSet) == "no_rule_set");
  CHECK(mf::to_string(mf::Bant::kTimeline) == "timeline");
  CHECK(mf::to_string(mf::Bant::kNone) == "");
  CHECK(mf::to_string(mf::SetChoice::kFallbackUnknown) == "fallback_unknown");
  CHECK(static_cast<int>(mf::Truth::kPass) == 2);
  CHECK(static_cast<int>(mf::Decision::kDisqualified) == 2);
}
