/// @file summary.hpp
/// @brief Per-stage and per-team counts of a data set against a stage graph.
///
/// The first look at loaded data: how many records reached each stage (an
/// event there, as recorded — no passage is implied), how many are currently
/// there (their latest event), and how many reached the stages each team owns.
/// A stage owned by several teams (The Model's `sql`: SDR and BDR) is credited
/// to them jointly, as one team row `sdr|bdr`, like the funnel report's team
/// rows without a team assignment: the summary cannot tell which of the
/// owners worked a record, and crediting each owner with every record would
/// count the stage's records once per owner.
///
/// @code
/// auto s = modelfunnel::summarize(data, modelfunnel::StageGraph::the_model());
/// if (s.ok()) for (const auto& st : s->stages) std::cout << st.stage << ' ' << st.reached << '\n';
/// @endcode
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
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

/// Counts for one team, or for the teams owning some stage jointly.
struct TeamSummary {
  /// Team id; for a stage owned by several teams, their ids joined by `|` in
  /// the stage's order (`"sdr|bdr"`), the funnel report's name for them.
  std::string team;
  /// Distinct records with an event at an open or won stage that this team
  /// owns alone (or, for a joint row, that exactly these teams own). Lost and
  /// nurture stages do not count: recording a loss is not working a record.
  std::uint64_t reached = 0;
};

/// A data set counted against a stage graph.
struct DataSummary {
  std::uint64_t records = 0;          ///< Records in the data set.
  std::uint64_t events = 0;           ///< Events in the data set.
  std::uint64_t records_without_events = 0;  ///< Records that have no event.
  std::vector<StageSummary> stages;   ///< One per graph stage, main path first, then the rest in graph order.
  /// One per owner of an open or won stage — a team, or the teams owning a
  /// stage jointly — in the order of the first stage row they own. A team
  /// that owns only lost or nurture stages has no row.
  std::vector<TeamSummary> teams;
  /// Stage names used by events that the graph does not have, with their
  /// event counts (such events count nowhere else).
  std::vector<std::pair<std::string, std::uint64_t>> unknown_stages;
};

/// Counts @p data against @p graph. Runs in one pass over the events.
/// @return ResourceExhausted when the counts do not fit in memory.
absl::StatusOr<DataSummary> summarize(const DataSet& data, const StageGraph& graph);

}  // namespace modelfunnel
