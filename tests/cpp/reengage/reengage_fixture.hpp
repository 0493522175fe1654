// Small hand-made data sets for the re-engagement tests: records with
// opportunity / closed_lost / closed_won events at given days, loss
// reasons, amounts and a few attribute columns.
#pragma once

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/reengage.hpp"

namespace mf_reengage_test {

namespace mf = modelfunnel;

/// Midnight UTC of an ISO date.
inline mf::Timestamp day(const std::string& iso) {
  auto t = mf::parse_timestamp(iso, mf::TimeFormat::iso8601());
  REQUIRE(t.ok());
  return *t;
}

/// Adds one event.
inline void event(mf::DataSetBuilder& b, const std::string& id, const std::string& stage, const std::string& when,
                  std::optional<std::string> reason = std::nullopt, std::optional<double> amount = std::nullopt) {
  mf::Event e;
  e.record = b.record(id);
  e.stage = b.stage(stage);
  e.time = day(when);
  if (reason) e.reason = *reason;
  if (amount) e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(*amount * 10'000));
  REQUIRE(b.add_event(e).ok());
}

inline mf::ReengagePolicy policy(const std::string& json) {
  auto p = mf::ReengagePolicy::parse(json);
  INFO(p.status().message());
  REQUIRE(p.ok());
  return *p;
}

}  // namespace mf_reengage_test
