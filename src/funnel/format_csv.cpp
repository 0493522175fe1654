// CSV tables of the funnel report. Each table is a list of columns, each a
// header and a function of the row; rows are (group, stage), (group, team),
// (group) or bottlenecks.
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/csv_quote.hpp"
#include "util/no_throw.hpp"
#include "util/number_format.hpp"
#include "modelfunnel/funnel_format.hpp"

namespace modelfunnel {
namespace {

using internal::csv_field;
using internal::format_g6;

std::string count(std::uint64_t n) { return absl::StrCat(n); }
std::string flag(bool b) { return b ? "true" : "false"; }
std::string day(const std::optional<Timestamp>& t) {
  return t ? format_timestamp(*t).substr(0, 10) : std::string();
}

template <class Row>
struct Column {
  std::string header;
  std::function<std::string(const Row&)> value;
};

template <class Row>
void add_rate(std::vector<Column<Row>>& cols, const std::string& prefix,
              std::function<const Rate&(const Row&)> get) {
  cols.push_back({prefix, [get](const Row& r) { return format_g6(get(r).value); }});
  cols.push_back({prefix + "_low", [get](const Row& r) { return format_g6(get(r).low); }});
  cols.push_back({prefix + "_high", [get](const Row& r) { return format_g6(get(r).high); }});
  cols.push_back({prefix + "_small_sample", [get](const Row& r) { return flag(get(r).small_sample); }});
}

template <class Row>
void add_durations(std::vector<Column<Row>>& cols, const std::string& prefix,
                   std::function<const Durations&(const Row&)> get) {
  // A figure left out (Durations::computed) has an empty count, not 0.
  cols.push_back({prefix + "_n", [get](const Row& r) {
                    const Durations& d = get(r);
                    return d.computed ? count(d.count) : std::string();
                  }});
  cols.push_back({prefix + "_median_days", [get](const Row& r) { return format_g6(get(r).median_days); }});
  cols.push_back({prefix + "_p90_days", [get](const Row& r) { return format_g6(get(r).p90_days); }});
  cols.push_back({prefix + "_mean_days", [get](const Row& r) { return format_g6(get(r).mean_days); }});
}

/// Key columns shared by every per-group table.
template <class Row>
std::vector<Column<Row>> key_columns(const FunnelReport& report,
                                     std::function<const FunnelGroup&(const Row&)> group) {
  std::vector<Column<Row>> cols;
  for (std::size_t i = 0; i < report.by.size(); ++i) {
    cols.push_back({report.by[i], [group, i](const Row& r) {
                      const FunnelGroup& g = group(r);
                      if (g.total) return std::string("*");
                      return g.key[i] ? *g.key[i] : std::string();
                    }});
  }
  bool bucketed = false;
  for (const FunnelGroup& g : report.groups) bucketed |= g.bucket.has_value();
  if (bucketed) cols.push_back({"bucket", [group](const Row& r) { return day(group(r).bucket); }});
  return cols;
}

template <class Row>
std::string render(const std::vector<Column<Row>>& cols, const std::vector<Row>& rows) {
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cols[i].header);
  }
  out += '\n';
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      out += csv_field(cols[i].value(row));
    }
    out += '\n';
  }
  return out;
}

struct StageRef {
  const FunnelGroup* group;
  const StageRow* stage;
  std::size_t index;
};

std::vector<StageRef> stage_rows(const FunnelReport& report) {
  std::vector<StageRef> rows;
  for (const FunnelGroup& g : report.groups)
    for (std::size_t i = 0; i < g.stages.size(); ++i) rows.push_back({&g, &g.stages[i], i});
  return rows;
}

std::string funnel_table(const FunnelReport& report) {
  auto cols = key_columns<StageRef>(report, [](const StageRef& r) -> const FunnelGroup& { return *r.group; });
  const std::string entry = report.main_path.empty() ? "entry" : report.main_path.front();
  const std::size_t won = report.main_path.empty() ? 0 : report.main_path.size() - 1;
  cols.push_back({"stage", [](const StageRef& r) { return r.stage->stage; }});
  cols.push_back({"reached", [](const StageRef& r) { return count(r.stage->reached); }});
  cols.push_back({"conv_from_prev", [](const StageRef& r) { return format_g6(r.stage->step.value); }});
  cols.push_back({"median_days_from_" + entry,
                  [](const StageRef& r) { return format_g6(r.stage->from_entry.median_days); }});
  cols.push_back({"won_revenue", [won](const StageRef& r) {
                    return r.index == won ? format_g6(r.group->won_revenue.value()) : std::string();
                  }});
  return render(cols, stage_rows(report));
}

std::string stages_table(const FunnelReport& report) {
  auto cols = key_columns<StageRef>(report, [](const StageRef& r) -> const FunnelGroup& { return *r.group; });
  cols.push_back({"stage", [](const StageRef& r) { return r.stage->stage; }});
  cols.push_back({"reached", [](const StageRef& r) { return count(r.stage->reached); }});
  cols.push_back({"observed", [](const StageRef& r) { return count(r.stage->observed); }});
  add_rate<StageRef>(cols, "step", [](const StageRef& r) -> const Rate& { return r.stage->step; });
  add_rate<StageRef>(cols, "overall", [](const StageRef& r) -> const Rate& { return r.stage->overall; });
  add_durations<StageRef>(cols, "from_entry", [](const StageRef& r) -> const Durations& { return r.stage->from_entry; });
  add_durations<StageRef>(cols, "in_stage", [](const StageRef& r) -> const Durations& { return r.stage->in_stage; });
  add_durations<StageRef>(cols, "aging", [](const StageRef& r) -> const Durations& { return r.stage->aging; });
  return render(cols, stage_rows(report));
}

std::string dropoff_table(const FunnelReport& report) {
  auto cols = key_columns<StageRef>(report, [](const StageRef& r) -> const FunnelGroup& { return *r.group; });
  cols.push_back({"stage", [](const StageRef& r) { return r.stage->stage; }});
  cols.push_back({"reached", [](const StageRef& r) { return count(r.stage->reached); }});
  cols.push_back({"advanced", [](const StageRef& r) { return count(r.stage->advanced); }});
  cols.push_back({"lost", [](const StageRef& r) { return count(r.stage->lost); }});
  cols.push_back({"nurture", [](const StageRef& r) { return count(r.stage->nurture); }});
  cols.push_back({"open", [](const StageRef& r) { return count(r.stage->open); }});
  cols.push_back({"expired", [](const StageRef& r) { return count(r.stage->expired); }});
  return render(cols, stage_rows(report));
}

struct ReasonRef {
  const FunnelGroup* group;
  const StageRow* stage;
  const ReasonCount* reason;
};

std::string reasons_table(const FunnelReport& report) {
  auto cols = key_columns<ReasonRef>(report, [](const ReasonRef& r) -> const FunnelGroup& { return *r.group; });
  cols.push_back({"stage", [](const ReasonRef& r) { return r.stage->stage; }});
  cols.push_back({"reason", [](const ReasonRef& r) { return r.reason->reason; }});
  cols.push_back({"count", [](const ReasonRef& r) { return count(r.reason->count); }});
  std::vector<ReasonRef> rows;
  for (const FunnelGroup& g : report.groups)
    for (const StageRow& s : g.stages)
      for (const ReasonCount& rc : s.loss_reasons) rows.push_back({&g, &s, &rc});
  return render(cols, rows);
}

std::string groups_table(const FunnelReport& report) {
  using G = const FunnelGroup*;
  auto cols = key_columns<G>(report, [](const G& g) -> const FunnelGroup& { return *g; });
  cols.push_back({"records", [](const G& g) { return count(g->records); }});
  cols.push_back({"won", [](const G& g) { return count(g->won); }});
  cols.push_back({"lost", [](const G& g) { return count(g->lost); }});
  cols.push_back({"open", [](const G& g) { return count(g->open); }});
  cols.push_back({"nurture", [](const G& g) { return count(g->nurture); }});
  add_rate<G>(cols, "win_rate", [](const G& g) -> const Rate& { return g->win_rate; });
  cols.push_back({"won_revenue", [](const G& g) { return format_amount(g->won_revenue); }});
  add_durations<G>(cols, "cycle", [](const G& g) -> const Durations& { return g->cycle; });
  cols.push_back({"skipped", [](const G& g) { return count(g->paths.skipped); }});
  cols.push_back({"moved_backwards", [](const G& g) { return count(g->paths.moved_backwards); }});
  cols.push_back({"reentered", [](const G& g) { return count(g->paths.reentered); }});
  cols.push_back({"reopened", [](const G& g) { return count(g->paths.reopened); }});
  cols.push_back({"nurtured", [](const G& g) { return count(g->paths.nurtured); }});
  std::vector<G> rows;
  for (const FunnelGroup& g : report.groups) rows.push_back(&g);
  return render(cols, rows);
}

struct TeamRef {
  const FunnelGroup* group;
  const TeamRow* team;
};

std::string teams_table(const FunnelReport& report) {
  auto cols = key_columns<TeamRef>(report, [](const TeamRef& r) -> const FunnelGroup& { return *r.group; });
  cols.push_back({"team", [](const TeamRef& r) { return r.team->team; }});
  cols.push_back({"stages", [](const TeamRef& r) { return absl::StrJoin(r.team->stages, ";"); }});
  cols.push_back({"input", [](const TeamRef& r) { return count(r.team->input); }});
  cols.push_back({"output", [](const TeamRef& r) { return count(r.team->output); }});
  add_rate<TeamRef>(cols, "conversion", [](const TeamRef& r) -> const Rate& { return r.team->conversion; });
  add_durations<TeamRef>(cols, "velocity", [](const TeamRef& r) -> const Durations& { return r.team->velocity; });
  add_rate<TeamRef>(cols, "quality", [](const TeamRef& r) -> const Rate& { return r.team->quality; });
  std::vector<TeamRef> rows;
  for (const FunnelGroup& g : report.groups)
    for (const TeamRow& t : g.teams) rows.push_back({&g, &t});
  return render(cols, rows);
}

std::string bottlenecks_table(const FunnelReport& report) {
  using B = const Bottleneck*;
  std::vector<Column<B>> cols;
  cols.push_back({"stage", [](const B& b) { return b->stage; }});
  cols.push_back({"revenue_per_point", [](const B& b) { return format_g6(b->revenue_per_point); }});
  add_rate<B>(cols, "rate", [](const B& b) -> const Rate& { return b->current; });
  cols.push_back({"baseline_rate", [](const B& b) { return b->baseline ? format_g6(b->baseline->value) : std::string(); }});
  cols.push_back({"target", [](const B& b) { return b->target ? format_g6(*b->target) : std::string(); }});
  cols.push_back({"flagged", [](const B& b) { return flag(b->flagged); }});
  cols.push_back({"p_value", [](const B& b) { return format_g6(b->p_value); }});
  cols.push_back({"reason", [](const B& b) { return b->reason; }});
  std::vector<B> rows;
  for (const Bottleneck& b : report.bottlenecks) rows.push_back(&b);
  return render(cols, rows);
}

}  // namespace

std::string_view to_string(FunnelTable table) {
  switch (table) {
    case FunnelTable::kFunnel: return "funnel";
    case FunnelTable::kStages: return "stages";
    case FunnelTable::kDropoff: return "dropoff";
    case FunnelTable::kReasons: return "reasons";
    case FunnelTable::kGroups: return "groups";
    case FunnelTable::kTeams: return "teams";
    case FunnelTable::kBottlenecks: return "bottlenecks";
  }
  return "unknown";
}

std::optional<FunnelTable> funnel_table_from_string(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(FunnelTable::kBottlenecks); ++i) {
    const auto t = static_cast<FunnelTable>(i);
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

absl::StatusOr<std::string> funnel_csv(const FunnelReport& report, FunnelTable table) {
  return internal::no_throw("funnel_csv", [&]() -> absl::StatusOr<std::string> {
    switch (table) {
      case FunnelTable::kFunnel: return funnel_table(report);
      case FunnelTable::kStages: return stages_table(report);
      case FunnelTable::kDropoff: return dropoff_table(report);
      case FunnelTable::kReasons: return reasons_table(report);
      case FunnelTable::kGroups: return groups_table(report);
      case FunnelTable::kTeams: return teams_table(report);
      case FunnelTable::kBottlenecks: return bottlenecks_table(report);
    }
    return absl::InvalidArgumentError(
        absl::StrCat("table: unknown table ", static_cast<int>(table)));
  });
}

}  // namespace modelfunnel
