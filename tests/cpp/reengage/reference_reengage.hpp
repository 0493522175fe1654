// The reference re-engagement queue: slow, literal, written from
// docs/reengage.md without the engine's cursors, slots or fallbacks tables.
// It covers the `days`, `timeline`, `fiscal_year` and `never` rules,
// cooldowns, lost-twice actions, tiers and the amount fallbacks.
#pragma once

#include <string>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/reengage.hpp"

namespace mf_reengage_test {

struct RefEntry {
  std::string id;
  std::string reason;
  std::int64_t lost_at = 0;  // micros
  std::int64_t due_at = 0;   // micros
  double expected_value = 0;
  std::string who, channel, track;
  std::uint32_t attempts = 0;
  bool lost_twice = false;
};

/// The records due at @p as_of, ranked; The Model's stage names.
std::vector<RefEntry> reference_queue(const modelfunnel::DataSet& data, const modelfunnel::ReengagePolicy& policy,
                                      modelfunnel::Timestamp as_of);

}  // namespace mf_reengage_test
