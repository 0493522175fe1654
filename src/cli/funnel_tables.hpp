// The funnel report as human tables (and the demo's CSV/JSON sections):
// one Table per part of FunnelReport, numbers as numbers, undefined as empty.
#pragma once

#include "output.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::cli {

/// Tables `funnel`, `dropoff`, `outcomes`, `teams` and `bottlenecks`, plus
/// notes on what the report left out (records outside the funnel, events at
/// unknown stages or without a time).
void add_funnel_tables(Report& report, const FunnelReport& funnel);

}  // namespace modelfunnel::cli
