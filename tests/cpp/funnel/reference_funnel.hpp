// A reference implementation of the funnel report, written from
// docs/funnel-report.md and nothing else: one record at a time, every
// figure computed the way the guide defines it, no speed tricks. The
// differential test compares funnel_report() with it on messy histories.
//
// It reads the data set and the graph through the public API only, trusts
// its options to be valid (the caller checks funnel_report() accepted
// them), and leaves Bottleneck::reason empty (the wording is pinned by the
// hand-made tests).
#pragma once

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::reference {

/// The report as docs/funnel-report.md defines it.
FunnelReport funnel_report(const DataSet& data, const StageGraph& graph,
                           const FunnelOptions& options);

}  // namespace modelfunnel::reference
