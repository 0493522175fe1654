// See reference_movement.hpp. Every rule is spelled out as docs/revenue.md
// states it, with no shared code with src/revenue/.
#include "revenue/reference_movement.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace mf = modelfunnel;

namespace mf_movement_reference {
namespace {

struct State {
  bool won = false;
  std::optional<mf::StageKind> kind;  // the latest event's (stages of the graph only)
  std::string stage;                  // its stage id
  std::optional<std::int64_t> amount, close;
};

}  // namespace

Movement movement(const mf::DataSet& data, const mf::StageGraph& graph, const mf::MovementOptions& options) {
  const std::vector<std::string_view> path = graph.main_path();
  auto index_on_path = [&](std::string_view id) -> int {
    for (std::size_t i = 0; i < path.size(); ++i)
      if (path[i] == id) return static_cast<int>(i);
    return -1;
  };
  const int first = index_on_path(options.first_stage);
  const int won_index = static_cast<int>(path.size()) - 1;
  Movement out;
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    const auto [b, e] = data.events_of(r);
    std::vector<mf::Event> events;
    for (std::size_t i = b; i < e; ++i) {
      mf::Event ev = data.event(i);
      if (!ev.time) continue;  // undated: never placed in time
      if (!graph.find_stage(data.stage_names()[ev.stage])) continue;  // a stage the graph lacks
      events.push_back(ev);
    }
    // The data set keeps each record's events in time order (ties as added).
    auto state_at = [&](std::int64_t instant) {
      State s;
      for (const mf::Event& ev : events) {
        if (ev.time->micros() >= instant) continue;
        const std::string id = data.stage_names()[ev.stage];
        const mf::Stage* st = graph.find_stage(id);
        s.kind = st->kind;
        s.stage = id;
        if (st->kind == mf::StageKind::kWon) s.won = true;
        if (ev.amount) s.amount = ev.amount->scaled();
        if (ev.close_date) s.close = ev.close_date->micros();
      }
      return s;
    };
    auto in_pipeline = [&](const State& s) {
      if (s.won || !s.kind) return false;
      if (*s.kind != mf::StageKind::kOpen) return false;
      const int at = index_on_path(s.stage);
      return at >= first && at < won_index;
    };
    auto in_window = [&](const State& s) {
      if (!in_pipeline(s)) return false;
      if (!options.period) return true;
      return s.close && *s.close >= options.period->begin.micros() && *s.close < options.period->end.micros();
    };
    const std::int64_t from = options.from.micros(), to = options.to.micros();
    const State at_from = state_at(from), at_to = state_at(to);
    // Pushes: an open-stage event's close date later than the one on the
    // latest earlier open-stage event that had one.
    std::optional<std::int64_t> previous;
    std::uint32_t all = 0, between = 0;
    for (const mf::Event& ev : events) {
      if (ev.time->micros() >= to) continue;
      if (graph.find_stage(data.stage_names()[ev.stage])->kind != mf::StageKind::kOpen) continue;
      if (!ev.close_date) continue;
      if (previous && ev.close_date->micros() > *previous) {
        ++all;
        if (ev.time->micros() >= from) ++between;
      }
      previous = ev.close_date->micros();
    }
    if (all >= 1) ++out.deals_pushed;
    if (all >= 2) ++out.deals_pushed_again;
    out.pushes += between;
    const bool opening = in_window(at_from), closing = in_window(at_to);
    if (!opening && !closing) continue;
    Deal d;
    d.pushes = between;
    if (opening) d.amount_from = at_from.amount.value_or(0);
    if (closing) d.amount_to = at_to.amount.value_or(0);
    if (opening && closing) {
      d.bucket = d.amount_to > d.amount_from ? "increased" : d.amount_to < d.amount_from ? "decreased" : "carried";
    } else if (opening) {
      bool won_between = false;
      for (const mf::Event& ev : events)
        if (ev.time->micros() >= from && ev.time->micros() < to &&
            graph.find_stage(data.stage_names()[ev.stage])->kind == mf::StageKind::kWon)
          won_between = true;
      if (won_between) d.bucket = "won";
      else if (in_pipeline(at_to)) d.bucket = "pushed_out";
      else d.bucket = "lost";
    } else {
      d.bucket = in_pipeline(at_from) && at_from.close ? "pulled_in" : "new";
    }
    out.deals[std::string(data.record_id(r))] = d;
  }
  return out;
}

}  // namespace mf_movement_reference
