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
