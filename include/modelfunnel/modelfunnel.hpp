/// @file modelfunnel.hpp
/// @brief Umbrella header: everything in the modelfunnel C++ API.
///
/// @code
/// #include <modelfunnel/modelfunnel.hpp>
/// auto graph = modelfunnel::StageGraph::the_model();
/// auto data = modelfunnel::generate_dataset({});
/// auto counts = modelfunnel::summarize(*data, graph);
/// @endcode
#pragma once

#include "modelfunnel/amount.hpp"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/lead_score.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/mapping_draft.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"
#include "modelfunnel/tiering.hpp"
#include "modelfunnel/attribution.hpp"
#include "modelfunnel/timestamp.hpp"
#include "modelfunnel/version.hpp"
