// A slow, literal learn_weights() written from docs/tiering.md ("Learned
// weights"), for the differential test: for each value it walks every
// account and every deal.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "modelfunnel/csv_table.hpp"

namespace mf_tier_test {

struct ReferenceLearned {
  std::uint64_t accounts = 0, cases = 0, wins = 0;
  std::optional<double> points;  // nullopt for (missing)
};

/// (attribute, value) -> evidence, for the model kReferenceLearnModel of
/// the test (sector: categorical software 30 / retail 5 / finance 10 with the
/// alias sofware; size: buckets below 100 / 100 to below 1000 / 1000 or more;
/// public: boolean). Inputs are assumed valid.
std::map<std::pair<std::string, std::string>, ReferenceLearned> reference_learn(
    const modelfunnel::CsvTable& accounts, const modelfunnel::CsvTable& deals, bool by_deals, double prior,
    double points_per_logit);

}  // namespace mf_tier_test
