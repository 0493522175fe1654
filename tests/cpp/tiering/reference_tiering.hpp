// A slow, literal tiering written from docs/tiering.md, for the
// differential test: it reads the fit model's JSON itself and picks the
// best account for each place one at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace mf_tier_test {

struct ReferenceAccount {
  std::string id;
  double score = 0, low = 0, high = 0;
  std::string tier;
  bool uncertain = false;
  std::string research;
};

/// Every account by id. Inputs are assumed valid (the test only makes valid ones).
std::map<std::string, ReferenceAccount> reference_tiering(const modelfunnel::CsvTable& accounts,
                                                          const std::string& model_json,
                                                          const modelfunnel::TierOptions& options);

}  // namespace mf_tier_test
