// The graph and summary sections; see tables.hpp.
#include "tables.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace modelfunnel::cli {
namespace {

std::vector<std::string> names(std::span<const std::string> teams) {
  return {teams.begin(), teams.end()};
}

}  // namespace

void add_graph_tables(Report& report, const StageGraph& graph) {
  const std::vector<std::string_view> path = graph.main_path();
  Table& main = report.add("main_path", "Main path", {"step", "stage", "name", "teams", "kind"});
  std::uint64_t step = 0;
  for (std::string_view id : path) {
    const Stage* s = graph.find_stage(id);
    main.add_row({++step, s->id, s->name, names(s->teams), std::string(to_string(s->kind))});
  }

  Table& handoffs = report.add("handoffs", "Hand-offs between teams",
                               {"from", "to", "kind", "from_teams", "to_teams"});
  for (const Transition& t : graph.handoffs()) {
    handoffs.add_row({t.from, t.to, std::string(to_string(t.kind)), names(graph.teams_of(t.from)),
                      names(graph.teams_of(t.to))});
  }

  // Stages off the main path (lost, nurture, …), with where records come from.
  Table& side = report.add("side_stages", "Stages off the main path",
                           {"stage", "name", "teams", "kind", "entered_from"});
  for (const Stage& s : graph.stages()) {
    if (std::find(path.begin(), path.end(), s.id) != path.end()) continue;
    std::vector<std::string> from;
    for (const Transition& t : graph.transitions()) {
      if (t.to == s.id && std::find(from.begin(), from.end(), t.from) == from.end()) {
        from.push_back(t.from);
      }
    }
    side.add_row({s.id, s.name, names(s.teams), std::string(to_string(s.kind)), std::move(from)});
  }
}

void add_summary_tables(Report& report, Table& totals, const DataSummary& summary) {
  set(totals, "records", summary.records);
  set(totals, "events", summary.events);
  set(totals, "records_without_events", summary.records_without_events);

  Table& stages = report.add("stages", "Records by stage (reached: an event there; current: "
                                       "latest event there)",
                             {"stage", "teams", "reached", "current", "events"});
  for (const StageSummary& s : summary.stages) {
    stages.add_row({s.stage, s.teams, s.reached, s.current, s.events});
  }

  Table& teams = report.add("teams",
                            "Records reaching each team's stages (a stage owned by several "
                            "teams counts once, for them jointly)",
                            {"team", "reached"});
  for (const TeamSummary& t : summary.teams) teams.add_row({t.team, t.reached});

  Table& unknown = report.add("unknown_stages", "Event stages not in the graph",
                              {"stage", "events"});
  for (const auto& [stage, count] : summary.unknown_stages) unknown.add_row({stage, count});
}

}  // namespace modelfunnel::cli
