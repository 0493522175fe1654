// A slow, literal attribution written from docs/attribution.md, for the
// differential test: journeys rebuilt record by record, each model's
// weights spelled out, Markov by iterating the chain to its fixed point
// (once whole, once per removed channel), Shapley over every ordering of
// the channels.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "modelfunnel/attribution.hpp"
#include "modelfunnel/dataset.hpp"

namespace mf_reference {

/// (model, channel) -> (conversions, value).
using Credits = std::map<std::pair<std::string, std::string>, std::pair<double, double>>;

Credits reference_attribute(const modelfunnel::DataSet& data, const modelfunnel::AttributionOptions& options);
Credits reference_attribute_paths(const std::vector<modelfunnel::AttributionPath>& paths,
                                  const modelfunnel::AttributionOptions& options);

}  // namespace mf_reference
