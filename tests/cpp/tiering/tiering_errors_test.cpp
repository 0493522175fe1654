// Every bad-input path of tiering, with the exact message: where (file,
// line, column, field; JSON path) and why (rule id, sentence).
#include <string>

#include <catch2/catch.hpp>

#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

std::string model_error(const std::string& json) {
  auto m = mf::FitModel::parse(json);
  REQUIRE_FALSE(m.ok());
  return std::string(m.status().message());
}

std::string tier_error(const std::string& csv, const std::string& json) {
  auto t = mf::tier_accounts(table(csv), model(json));
  REQUIRE_FALSE(t.ok());
  return std::string(t.status().message());
}

const std::string kModel = value_model(R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}])");

}  // namespace

TEST_CASE("tier errors: the fit model, with its JSON path and rule id", "[tiering][errors]") {
  CHECK(model_error("{").substr(0, 15) == "$: fit.json: [j");
  CHECK(model_error(R"({"version": 2, "id": "id", "attributes": []})") ==
        "$.version: fit.version: this library reads version 1");
  CHECK(model_error(R"({"version": 1, "id": "id"})") == "$.attributes: fit.key: missing");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [], "colour": 1})") ==
        "$.colour: fit.key: unknown key (expected one of version, id, attributes, tiers, while_uncertain, "
        "stability_margin, rollup, territory, owner, plays)");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": []})") ==
        "$.attributes: fit.value: expected a non-empty array");
  CHECK(model_error(R"({"version": 1, "id": "id", "id": "x", "attributes": []})") ==
        "$.id: fit.duplicate: key given twice in one object");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "linear": {"from": [5, 0], "to": [5, 1]}}]})") ==
        "$.attributes[0].linear.to: fit.value: the second value must be above the first");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "buckets": [{"below": 5, "points": 1}, {"below": 4, "points": 2}, {"points": 0}]}]})") ==
        "$.attributes[0].buckets[1].below: fit.value: bounds must increase from bucket to bucket");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "buckets": [{"below": 5, "points": 1}]}]})") ==
        "$.attributes[0].buckets[0]: fit.value: the last bucket has no \"below\" (it takes the rest)");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "categorical": {"x": 1}, "aliases": {"y": "z"}}]})") ==
        "$.attributes[0].aliases.y: fit.alias: names a value that is not in the categorical table");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "categorical": {"X": 1, " x ": 2}}]})") ==
        "$.attributes[0].categorical[\" x \"]: fit.duplicate: the same value as another once case and spaces are ignored");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "boolean": {"true": 1, "false": 0}, "other": 3}]})") ==
        "$.attributes[0].other: fit.key: only for a categorical attribute");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "boolean": {"true": 1, "false": 0}}],
                        "tiers": [{"name": "A", "share": 0.5}, {"name": "B", "share": 0.4}]})") ==
        "$.tiers: fit.share: the shares add up to 0.9, not 1");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "boolean": {"true": 1, "false": 0}}],
                        "tiers": [{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5, "floor": 3}]})") ==
        "$.tiers[1].floor: fit.value: the last tier takes every account left: it has no floor");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "a", "boolean": {"true": 1, "false": 0}, "missing": "zero"}]})") ==
        "$.attributes[0].missing: fit.value: expected \"range\" or a number of points");
  CHECK(model_error(R"({"version": 1, "id": "id", "attributes": [{"name": "id", "boolean": {"true": 1, "false": 0}}]})") ==
        "$.attributes[0]: fit.value: the id column cannot be an attribute");
  auto missing = mf::FitModel::load_file("/nonexistent/fit.json");
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("tier errors: the accounts, with file, line, column and field", "[tiering][errors]") {
  CHECK(tier_error("id,value\na,1\n,2\n", kModel) == "accounts.csv:3:1: field 'id': tier.id: the account id is blank");
  CHECK(tier_error("id,value\na,1\nb,2\n a ,3\n", kModel) ==
        "accounts.csv:4:1: field 'id': tier.id: id \"a\" is also on line 2");
  // Of several repeats, the first in file order, named against the first line of its id.
  CHECK(tier_error("id,value\nz,1\nb,2\nc,1\nb,2\nz,3\nb,4\n", kModel) ==
        "accounts.csv:5:1: field 'id': tier.id: id \"b\" is also on line 3");
  // Ids in order (checked without sorting them) still refuse a repeat.
  CHECK(tier_error("id,value\na,1\nb,2\nb,3\n", kModel) ==
        "accounts.csv:4:1: field 'id': tier.id: id \"b\" is also on line 3");
  CHECK(tier_error("id,other\na,1\n", kModel) ==
        "accounts.csv:1: tier.column: no column \"value\" (attribute \"value\" reads it)");
  CHECK(tier_error("key,value\na,1\n", kModel) == "accounts.csv:1: tier.column: no column \"id\" (the model's id column)");
  CHECK(tier_error("id,value\na,1\nb,\"1,200\"\n", kModel) ==
        "accounts.csv:3:2: field 'value': tier.number: \"1,200\" is not a number");
  const std::string yes_no =
      R"({"version": 1, "id": "id", "attributes": [{"name": "public", "boolean": {"true": 1, "false": 0}}]})";
  CHECK(tier_error("id,public\na,maybe\n", yes_no) ==
        "accounts.csv:2:2: field 'public': tier.boolean: \"maybe\" is not yes/no (true/false, 1/0, y/n, t/f)");
  auto bad_csv = mf::parse_csv_table("id,value\na,\"1\n", "accounts.csv");
  CHECK(bad_csv.status().message().substr(0, 15) == "accounts.csv:2:");
  auto ragged = mf::parse_csv_table("id,value\na,1,2\n", "accounts.csv");
  CHECK(ragged.status().message() == "accounts.csv:2:0: csv.field_count: expected 2 fields (as in the header), found 3");
  // Roll-up asked for without a column in the model.
  mf::TierOptions on;
  on.rollup = true;
  CHECK(mf::tier_accounts(table("id,value\na,1\n"), model(kModel), on).status().message() ==
        "tier.rollup: roll-up asked for, but the model names no \"rollup\" column");
  // Two pins in one organisation that disagree.
  mf::TierOptions pins;
  pins.pins = {{"a", "A", ""}, {"b", "B", ""}};
  const std::string rolled = value_model(R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}])",
                                         R"(, "rollup": "parent")");
  CHECK(mf::tier_accounts(table("id,value,parent\na,1,\nb,2,a\n"), model(rolled), pins).status().message() ==
        "pin 2 (b): tier.pin: its organisation \"a\" is pinned to another tier already");
  // Side files.
  CHECK(mf::pins_from_csv(table("id,tier\na,A\na,B\n")).status().message() ==
        "accounts.csv:3:1: field 'id': tier.pin: the account is pinned twice");
  CHECK(mf::previous_from_csv(table("id\na\n")).status().message() ==
        "accounts.csv:1: tier.column: no column \"tier\" (last run's tiers have id and tier)");
  mf::TierOptions previous;
  previous.previous = {{"a", "Gold"}};
  CHECK(mf::tier_accounts(table("id,value\na,1\n"), model(kModel), previous).status().message() ==
        "previous tier 1 (a): tier.previous: no tier \"Gold\" in the model");
}
