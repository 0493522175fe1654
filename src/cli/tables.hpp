// Report sections shared by several commands: the stage graph and the
// summary counts. Later reports (funnel, bottleneck, …) add their own
// add_*_tables() beside these, and every command that shows them gets all
// three output formats for free (see output.hpp).
#pragma once

#include "output.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"

namespace modelfunnel::cli {

/// Tables `main_path`, `handoffs` and `side_stages` describing @p graph.
void add_graph_tables(Report& report, const StageGraph& graph);

/// Values `records`, `events`, `records_without_events` into @p totals, and
/// tables `stages`, `teams` and `unknown_stages`.
void add_summary_tables(Report& report, Table& totals, const DataSummary& summary);

}  // namespace modelfunnel::cli
