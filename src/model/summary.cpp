// summarize(): one pass over the event columns.
//
// Events are stored ordered by record, so "distinct records that reached a
// stage (or a team)" needs no set per stage: remembering the last record
// counted for each stage and team is enough. The data set's stage codes are
// translated to summary rows once, up front, which is also where names the
// graph does not know are set aside.
//
// Each counted stage credits exactly one team row: its owner, or its owners
// jointly (`sdr|bdr`). The summary has no way to tell which of several
// owners worked a record, and crediting each of them would count the
// stage's records once per owner.
#include "modelfunnel/summary.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "model/dataset_impl.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Rows of the summary: main path first, then the graph's other stages in
// declaration order.
std::vector<std::string_view> stage_order(const StageGraph& graph) {
  std::vector<std::string_view> order = graph.main_path();
  for (const Stage& s : graph.stages()) {
    bool on_path = false;
    for (std::string_view id : order) on_path = on_path || id == s.id;
    if (!on_path) order.push_back(s.id);
  }
  return order;
}

DataSummary count(const DataSet& data, const StageGraph& graph) {
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  const internal::EventStore& events = impl.events;

  DataSummary out;
  out.records = data.record_count();
  out.events = events.size();

  const std::vector<std::string_view> order = stage_order(graph);
  // The team row each stage credits (kNone: none), rows made in stage order.
  std::vector<std::uint32_t> team_of_row(order.size(), kNone);
  for (std::size_t row = 0; row < order.size(); ++row) {
    const Stage* stage = graph.find_stage(order[row]);
    StageSummary s;
    s.stage = stage->id;
    s.teams = stage->teams;
    out.stages.push_back(std::move(s));
    // A team is credited with the records it worked on, not with the ones it
    // merely recorded as lost or parked in nurture: otherwise leads
    // disqualified at `lead` would count as reaching field sales, which owns
    // closed_lost in The Model.
    if (stage->kind == StageKind::kLost || stage->kind == StageKind::kNurture) continue;
    const std::string owner = absl::StrJoin(stage->teams, "|");
    std::uint32_t t = 0;
    while (t < out.teams.size() && out.teams[t].team != owner) ++t;
    if (t == out.teams.size()) out.teams.push_back({owner, 0});
    team_of_row[row] = t;
  }

  // Summary row of each stage code of the data set.
  const std::vector<std::string>& names = data.stage_names();
  std::vector<std::uint32_t> row_of_code(names.size(), kNone);
  for (std::size_t code = 0; code < names.size(); ++code) {
    for (std::size_t row = 0; row < order.size(); ++row) {
      if (order[row] == names[code]) row_of_code[code] = static_cast<std::uint32_t>(row);
    }
  }

  std::vector<std::uint64_t> unknown_events(names.size(), 0);
  // The last record counted in each stage's and team's `reached`; records
  // are visited in order, so a record is counted at most once per row.
  std::vector<std::uint32_t> last_stage_record(order.size(), kNone);
  std::vector<std::uint32_t> last_team_record(out.teams.size(), kNone);

  const std::size_t record_count = data.record_count();
  for (std::size_t r = 0; r < record_count; ++r) {
    const auto rec = static_cast<std::uint32_t>(r);
    const std::size_t first = events.record_begin[r];
    const std::size_t last = events.record_begin[r + 1];
    if (first == last) {
      ++out.records_without_events;
      continue;
    }
    for (std::size_t i = first; i < last; ++i) {
      const std::uint16_t code = events.stage[i];
      const std::uint32_t row = row_of_code[code];
      if (row == kNone) {
        ++unknown_events[code];
        continue;
      }
      StageSummary& s = out.stages[row];
      ++s.events;
      if (last_stage_record[row] == rec) continue;  // teams were counted with it
      last_stage_record[row] = rec;
      ++s.reached;
      const std::uint32_t t = team_of_row[row];
      if (t != kNone && last_team_record[t] != rec) {
        last_team_record[t] = rec;
        ++out.teams[t].reached;
      }
    }
    // The latest event is the last one: events without a time sort last.
    const std::uint32_t current = row_of_code[events.stage[last - 1]];
    if (current != kNone) ++out.stages[current].current;
  }

  for (std::size_t code = 0; code < names.size(); ++code) {
    if (unknown_events[code] != 0) out.unknown_stages.emplace_back(names[code], unknown_events[code]);
  }
  return out;
}

}  // namespace

absl::StatusOr<DataSummary> summarize(const DataSet& data, const StageGraph& graph) {
  return internal::no_throw("summarize", [&]() -> absl::StatusOr<DataSummary> { return count(data, graph); });
}

}  // namespace modelfunnel
