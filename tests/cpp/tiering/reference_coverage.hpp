// A slow, literal coverage check written from docs/tiering.md ("Plays and
// coverage"), for the differential test: for each account it walks every
// contact row, for each contact every activity row, and adds calendar
// months with std::chrono rather than the engine's day arithmetic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace mf_tier_test {

struct ReferenceCoverage {
  std::string tier, rep;
  std::uint64_t contacts = 0, key_contacts = 0, reached = 0, touches = 0, campaign_touches = 0;
  std::string first, last;  // dates, empty without touches
  long long cadence_days = 0;
  bool running = false;
  std::vector<std::string> missing_channels;
  std::vector<std::string> gaps;
};

struct ReferenceCoverageResult {
  std::map<std::string, ReferenceCoverage> accounts;  // by id
  std::map<std::string, std::vector<std::uint64_t>> reps;  // rep -> accounts, with_gaps, 4 gaps, to_reach
  std::uint64_t contacts_unknown_account = 0, contacts_duplicate = 0, contacts_blank_role = 0;
  std::uint64_t activities_unknown_contact = 0, activities_duplicate = 0, activities_after_as_of = 0;
};

/// Inputs are assumed valid. @p tier_of and @p rep_of give each account's tier name and rep.
ReferenceCoverageResult reference_coverage(const std::vector<modelfunnel::TierPlay>& plays,
                                           const std::map<std::string, std::string>& tier_of,
                                           const std::map<std::string, std::string>& rep_of,
                                           const modelfunnel::CsvTable& contacts,
                                           const modelfunnel::CsvTable& activities,
                                           const std::optional<std::string>& as_of);

}  // namespace mf_tier_test
