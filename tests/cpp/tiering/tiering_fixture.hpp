// Small tierings written inline: an accounts CSV and a fit model as text,
// and the tier of each account by id.
#pragma once

#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace mf_tier_test {

namespace mf = modelfunnel;

/// A model scoring the column `value` as its points (0 to 100, a capped
/// line), with @p tiers (a JSON array) and @p extra members.
inline std::string value_model(const std::string& tiers, const std::string& extra = "") {
  return R"({"version": 1, "id": "id", "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}],
             "tiers": )" + tiers + extra + "}";
}

/// The attributes of the messy differential tests, reading the columns
/// sector, employees, revenue and public; @p missing_points: a missing
/// size scores 10 instead of a range.
inline std::string messy_attributes(bool missing_points) {
  return R"([
      {"name": "sector", "categorical": {"software": 30, "finance": 20, "retail": 5}, "aliases": {"sofware": "software"}, "other": 1},
      {"name": "size", "column": "employees", "linear": {"from": [100, 0], "to": [1000, 40]})" +
         std::string(missing_points ? R"(, "missing": 10)" : "") + R"(},
      {"name": "revenue", "buckets": [{"below": 50, "points": 0}, {"below": 200, "points": 15}, {"points": 30}]},
      {"name": "public", "boolean": {"true": 5, "false": 0}}])";
}

inline mf::CsvTable table(const std::string& csv) {
  auto t = mf::parse_csv_table(csv, "accounts.csv");
  REQUIRE(t.ok());
  return *std::move(t);
}

inline mf::FitModel model(const std::string& json) {
  auto m = mf::FitModel::parse(json);
  INFO(m.status().ToString());
  REQUIRE(m.ok());
  return *std::move(m);
}

inline mf::Tiering tier(const std::string& csv, const std::string& json, const mf::TierOptions& options = {}) {
  auto t = mf::tier_accounts(table(csv), model(json), options);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  return *std::move(t);
}

/// id -> tier name.
inline std::map<std::string, std::string> tiers_of(const mf::Tiering& t) {
  std::map<std::string, std::string> out;
  for (const auto& a : t.accounts) out[a.id] = t.tiers[a.tier].name;
  return out;
}

inline const mf::TieredAccount& account(const mf::Tiering& t, const std::string& id) {
  for (const auto& a : t.accounts)
    if (a.id == id) return a;
  FAIL("no account " << id);
  return t.accounts.front();
}

}  // namespace mf_tier_test
