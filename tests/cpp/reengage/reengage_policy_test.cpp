// The policy file: the example parses, aliases ignore case and spaces, and
// every bad input is refused with its JSON path and rule id.
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/reengage.hpp"

namespace mf = modelfunnel;

namespace {

std::string error_of(const std::string& json) {
  auto p = mf::ReengagePolicy::parse(json);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(p.status().message());
}

}  // namespace

TEST_CASE("reengage policy: the example file parses and maps the generator's reasons", "[reengage][policy]") {
  auto p = mf::ReengagePolicy::load_file(std::string(MF_SOURCE_DIR) + "/examples/reengage/policy.json");
  INFO(p.status().message());
  REQUIRE(p.ok());
  for (const char* r : {"budget", "timing", "competitor", "no_decision", "fit"}) CHECK(p->canonical_reason(r) == r);
  CHECK(p->canonical_reason("  lost TO competitor ") == "competitor");
  CHECK(p->canonical_reason("No Decision / Non-Responsive") == "no_decision");
  CHECK(p->canonical_reason("no-decision") == "no_decision");
  CHECK_FALSE(p->canonical_reason("").has_value());
  CHECK_FALSE(p->canonical_reason("something else").has_value());
  CHECK(p->reasons.size() == 6);
  CHECK(p->timeline_column == "timeline_days");
}

TEST_CASE("reengage policy: defaults apply to every reason and are overridden per reason", "[reengage][policy]") {
  auto p = mf::ReengagePolicy::parse(R"({"version": 1, // comment
    "taxonomy": {"a": [], "b": []},
    "defaults": {"days": 7, "channel": "phone", "cooldown_days": 3},
    "reasons": {"a": {}, "b": {"days": 9, "when": "learned"}}})");
  REQUIRE(p.ok());
  REQUIRE(p->reasons.size() == 2);
  CHECK(p->reasons[0].days == 7);
  CHECK(p->reasons[0].channel == "phone");
  CHECK(p->reasons[1].days == 9);
  CHECK(p->reasons[1].cooldown_days == 3);
  CHECK(p->reasons[1].when == mf::ReengageWhen::kLearned);
}

TEST_CASE("reengage policy: bad files name the JSON path and the rule", "[reengage][policy]") {
  CHECK(error_of("{") .find("$: reengage.json") == 0);
  CHECK(error_of(R"({"taxonomy": {"a": []}})") == "$.version: reengage.version: missing (this library reads version 1)");
  CHECK(error_of(R"({"version": 2, "taxonomy": {"a": []}})").find("$.version: reengage.version") == 0);
  CHECK(error_of(R"({"version": 1})") == "$.taxonomy: reengage.key: missing");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "extra": 1})").find("$.extra: reengage.key: unknown key") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": ["x"], "b": ["X "]}})") ==
        "$.taxonomy.b[0]: reengage.alias: 'X ' already means 'a'");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"z": {}}})") ==
        "$.reasons.z: reengage.reason: 'z' is not a reason of the taxonomy");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"days": "ten"}}})") ==
        "$.reasons.a.days: reengage.type: expected a whole number of days, found string");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"days": -1}}})") ==
        "$.reasons.a.days: reengage.value: expected 0 to 36500 days");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"when": "soon"}}})")
            .find("$.reasons.a.when: reengage.value: unknown value 'soon'") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"who": "ceo"}}})")
            .find("$.reasons.a.who: reengage.value") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"rewin_rate": 1.5}}})")
            .find("$.reasons.a.rewin_rate: reengage.value") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "reasons": {"a": {"colour": 1}}})")
            .find("$.reasons.a.colour: reengage.key") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "tiers": {"A": {}}})") ==
        "$.tiers: reengage.column: tier overrides need a tier column ($.columns.tier)");
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "fiscal_year_start_month": 13})")
            .find("$.fiscal_year_start_month: reengage.value") == 0);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": []}, "unmapped": "b"})") ==
        "$.unmapped: reengage.reason: 'b' is not a reason of the taxonomy");
  CHECK(error_of(R"({"version": 1, "version": 1, "taxonomy": {"a": []}})").find("reengage.duplicate") != std::string::npos);
  CHECK(error_of(R"({"version": 1, "taxonomy": {"a": "x"}})") ==
        "$.taxonomy.a: reengage.type: expected an array of CRM texts, found string");
}

TEST_CASE("reengage policy: a column the data lacks or has with the wrong type is refused", "[reengage][policy]") {
  mf::DataSetBuilder b;
  REQUIRE(b.add_attribute("segment", mf::AttributeType::kInt64).ok());
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  auto p = mf::ReengagePolicy::parse(R"({"version": 1, "taxonomy": {"a": []}, "columns": {"timeline": "nope"}})");
  REQUIRE(p.ok());
  auto r = mf::reengagement_queue(*ds, *p, mf::Timestamp::from_seconds(0));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "$.columns.timeline: reengage.column: the data has no column 'nope'");
  p = mf::ReengagePolicy::parse(R"({"version": 1, "taxonomy": {"a": []}, "columns": {"segment": "segment"}})");
  REQUIRE(p.ok());
  r = mf::reengagement_queue(*ds, *p, mf::Timestamp::from_seconds(0));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "$.columns.segment: reengage.column: column 'segment' is int64, expected string");
}
