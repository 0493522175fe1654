// Data-quality findings of a load (LoadReport::findings): oddities that are
// not errors, counted per kind with a few example records, so that a user
// sees them before trusting a report. One pass over the sorted events.
//
// Stage order and stage kinds come from the mapping's graph, or The Model's
// when the mapping names none (the canonical layout); stages the graph does
// not know are left out of the checks that need them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/load_context.hpp"

namespace modelfunnel::internal {
namespace {

constexpr std::size_t kExamples = 5;

struct Counter {
  const char* rule;
  const char* message;
  Finding finding;
  void add(const DataSet& data, RecordIndex r) {
    ++finding.count;
    if (finding.examples.size() < kExamples) finding.examples.emplace_back(data.record_id(r));
  }
};

}  // namespace

std::vector<Finding> find_quality_issues(const DataSet& data, const std::optional<StageGraph>& mapping_graph) {
  const StageGraph graph = mapping_graph ? *mapping_graph : StageGraph::the_model();
  // Per stage code: rank on the main path (-1: off it), closing, lost.
  const std::vector<std::string>& names = data.stage_names();
  std::vector<int> rank(names.size(), -1);
  std::vector<std::uint8_t> closing(names.size(), 0), lost(names.size(), 0);
  const std::vector<std::string_view> path = graph.main_path();
  for (std::size_t c = 0; c < names.size(); ++c) {
    for (std::size_t k = 0; k < path.size(); ++k) {
      if (path[k] == names[c]) rank[c] = static_cast<int>(k);
    }
    if (const Stage* s = graph.find_stage(names[c])) {
      closing[c] = s->kind == StageKind::kWon || s->kind == StageKind::kLost;
      lost[c] = s->kind == StageKind::kLost;
    }
  }
  Counter backwards{"order.backwards", "records entered a later stage of the main path before an earlier one", {}};
  Counter duplicate{"stage.duplicate", "records have two events at the same stage and time", {}};
  Counter after_close{"event.after_close", "records have events after they were won or lost", {}};
  Counter amount_lost{"amount.on_lost", "events at a lost stage carry an amount", {}};
  const EventColumns ev = data.event_columns();
  std::size_t next_amount = 0;
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    const auto [first, last] = data.events_of(r);
    bool is_backwards = false, is_duplicate = false, is_after_close = false;
    int highest = -1;
    std::int64_t highest_time = 0, close_time = 0;
    bool closed = false;
    for (std::size_t i = first; i < last; ++i) {
      const StageCode s = ev.stage[i];
      const std::int64_t t = ev.time[i];
      if (i > first && ev.stage[i - 1] == s && ev.time[i - 1] == t) is_duplicate = true;
      if (t != kNoEventTime) {
        if (rank[s] >= 0 && rank[s] < highest && t > highest_time) is_backwards = true;
        if (rank[s] > highest) {
          highest = rank[s];
          highest_time = t;
        }
        if (closed && t > close_time) is_after_close = true;
        if (closing[s] && !closed) {
          closed = true;
          close_time = t;
        }
      }
      for (; next_amount < ev.amount.events.size() && ev.amount.events[next_amount] < i; ++next_amount) {
      }
      if (lost[s] && next_amount < ev.amount.events.size() && ev.amount.events[next_amount] == i) {
        amount_lost.add(data, r);
      }
    }
    if (is_backwards) backwards.add(data, r);
    if (is_duplicate) duplicate.add(data, r);
    if (is_after_close) after_close.add(data, r);
  }
  std::vector<Finding> out;
  for (Counter* c : {&backwards, &duplicate, &after_close, &amount_lost}) {
    if (c->finding.count == 0) continue;
    c->finding.rule = c->rule;
    c->finding.message = c->message;
    out.push_back(std::move(c->finding));
  }
  return out;
}

}  // namespace modelfunnel::internal
