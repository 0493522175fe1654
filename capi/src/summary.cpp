// summary.cpp — mf_summary: per-stage and per-team counts of a data set.
//
// The rows are summarize()'s: a team row is one team, or the teams owning a
// stage jointly (`sdr|bdr`, the funnel report's name), so mf_summary_team's
// "team id" may name several teams and mf_summary_team_count() need not equal
// mf_graph_team_count().
#include <memory>
#include <utility>

#include "errors.hpp"
#include "handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

const mf::DataSummary& summary_arg(const mf_summary* summary) {
  return arg(summary, "summary").summary;
}

}  // namespace

extern "C" {

int mf_summary_compute(mf_summary** out, const mf_dataset* data, const mf_graph* graph) {
  return guard("mf_summary_compute", [&] {
    arg(out, "out");
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    auto summary = std::make_unique<mf_summary>(mf_summary{unwrap(mf::summarize(d.data, g.graph), MF_EINVAL)});
    *out = summary.release();
  });
}

void mf_summary_free(mf_summary* summary) { delete summary; }

int mf_summary_totals(const mf_summary* summary, uint64_t* records, uint64_t* events,
                      uint64_t* records_without_events) {
  return guard("mf_summary_totals", [&] {
    const mf::DataSummary& s = summary_arg(summary);
    maybe_set(records, s.records);
    maybe_set(events, s.events);
    maybe_set(records_without_events, s.records_without_events);
  });
}

size_t mf_summary_stage_count(const mf_summary* summary) {
  return summary == nullptr ? 0 : summary->summary.stages.size();
}

int mf_summary_stage(const mf_summary* summary, size_t index, mf_str* stage,
                     uint64_t* reached, uint64_t* current, uint64_t* events) {
  return guard("mf_summary_stage", [&] {
    const auto& stages = summary_arg(summary).stages;
    const mf::StageSummary& s = stages[in_index(index, stages.size(), "stage index")];
    maybe_set(stage, view_of(s.stage));
    maybe_set(reached, s.reached);
    maybe_set(current, s.current);
    maybe_set(events, s.events);
  });
}

size_t mf_summary_team_count(const mf_summary* summary) {
  return summary == nullptr ? 0 : summary->summary.teams.size();
}

int mf_summary_team(const mf_summary* summary, size_t index, mf_str* team, uint64_t* reached) {
  return guard("mf_summary_team", [&] {
    const auto& teams = summary_arg(summary).teams;
    const mf::TeamSummary& t = teams[in_index(index, teams.size(), "team index")];
    maybe_set(team, view_of(t.team));
    maybe_set(reached, t.reached);
  });
}

size_t mf_summary_unknown_stage_count(const mf_summary* summary) {
  return summary == nullptr ? 0 : summary->summary.unknown_stages.size();
}

int mf_summary_unknown_stage(const mf_summary* summary, size_t index, mf_str* stage,
                             uint64_t* events) {
  return guard("mf_summary_unknown_stage", [&] {
    const auto& unknown = summary_arg(summary).unknown_stages;
    const auto& [name, count] = unknown[in_index(index, unknown.size(), "unknown stage index")];
    maybe_set(stage, view_of(name));
    maybe_set(events, count);
  });
}

}  // extern "C"
