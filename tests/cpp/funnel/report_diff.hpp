// Compares two funnel reports figure by figure and names the first figure
// that differs, by its path (`groups[2].stages[3].in_stage.median_days`).
#pragma once

#include <string>

#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::testing {

/// The path and both values of the first figure that differs between
/// @p fast and @p reference; empty when they agree. Counts must be equal;
/// doubles equal within a relative 1e-9 (NaN equals NaN), since the two
/// compute means and intervals in different orders. Bottleneck reasons
/// are not compared (the reference leaves them empty).
std::string first_difference(const FunnelReport& fast, const FunnelReport& reference);

}  // namespace modelfunnel::testing
