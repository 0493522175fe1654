/// @file summary.hpp
/// @brief Per-stage and per-team counts of a data set against a stage graph.
///
/// The first look at loaded data: how many records reached each stage (an
/// event there, as recorded — no passage is implied), how many are currently
/// there (their latest event), and how many reached the stages each team owns.
///
/// @code
/// auto s = modelfunnel::summarize(data, modelfunnel::StageGraph::the_model());
/// for (const auto& st : s.stages) std::cout << st.stage << ' ' << st.reached << '\n';
/// @endcode
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel {

/// Counts for one stage of the graph.
struct StageSummary {
  std::string stage;               ///< Stage id.
  std::vector<std::string> teams;  ///< Owning teams.
  std::uint64_t reached = 0;  ///< Distinct records with at least one event at the stage.
  std::uint64_t current = 0;  ///< Records whose latest event is at the stage.
  std::uint64_t events = 0;   ///< Events at the stage (repeats included).
};

/// Counts for one team.
struct TeamSummary {
  std::string team;           ///< Team id.
  /// Distinct records with an event at an open or won stage the team owns
  /// (lost and nurture stages do not count: recording a loss is not working a record).
  std::uint64_t reached = 0;
};

/// A data set counted against a stage graph.
struct DataSummary {
  std::uint64_t records = 0;          ///< Records in the data set.
  std::uint64_t events = 0;           ///< Events in the data set.
  std::uint64_t records_without_events = 0;  ///< Records that have no event.
  std::vector<StageSummary> stages;   ///< One per graph stage, main path first, then the rest in graph order.
  std::vector<TeamSummary> teams;     ///< One per graph team, in graph order.
  /// Stage names used by events that the graph does not have, with their
  /// event counts (such events count nowhere else).
  std::vector<std::pair<std::string, std::uint64_t>> unknown_stages;
};

/// Counts @p data against @p graph. Runs in one pass over the events.
DataSummary summarize(const DataSet& data, const StageGraph& graph);

}  // namespace modelfunnel
