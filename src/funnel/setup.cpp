#include "funnel/setup.hpp"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/civil_time.hpp"

namespace modelfunnel::internal::funnel {
namespace {

constexpr std::int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;
/// Dense slots (groups × buckets) beyond this would cost more memory than
/// the data; such a breakdown is refused rather than attempted.
constexpr std::uint64_t kMaxSlots = std::uint64_t{1} << 24;
/// Most groups a breakdown may have (see make_setup).
constexpr std::size_t kMaxGroups = 65'536;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t bucket_id(TimeBucket bucket, std::int64_t t) {
  const std::int64_t days = floor_div(t, kMicrosPerDay);
  switch (bucket) {
    case TimeBucket::kWeek:
      return floor_div(days + 3, 7);  // 1970-01-01 was a Thursday; weeks start Monday.
    case TimeBucket::kMonth: {
      const CivilDay d = civil_from_days(days);
      return d.year * 12 + (d.month - 1);
    }
    case TimeBucket::kQuarter: {
      const CivilDay d = civil_from_days(days);
      return d.year * 4 + (d.month - 1) / 3;
    }
    default:
      return 0;
  }
}

std::int64_t bucket_start_micros(TimeBucket bucket, std::int64_t id) {
  switch (bucket) {
    case TimeBucket::kWeek:
      return (id * 7 - 3) * kMicrosPerDay;
    case TimeBucket::kMonth: {
      const std::int64_t y = floor_div(id, 12);
      return days_from_civil(y, static_cast<unsigned>(id - y * 12 + 1), 1) * kMicrosPerDay;
    }
    case TimeBucket::kQuarter: {
      const std::int64_t y = floor_div(id, 4);
      return days_from_civil(y, static_cast<unsigned>((id - y * 4) * 3 + 1), 1) * kMicrosPerDay;
    }
    default:
      return 0;
  }
}

absl::Status check_options(const FunnelOptions& o) {
  if (o.from && o.to && !(*o.from < *o.to))
    return absl::InvalidArgumentError("from: must be before to");
  // The bound keeps window arithmetic in microseconds far from overflow.
  if (o.window_days && (*o.window_days < 0 || *o.window_days > 100'000))
    return absl::InvalidArgumentError("window_days: must be between 0 and 100000");
  if (o.window_days && o.mode == ReportMode::kPeriod)
    return absl::InvalidArgumentError(
        "window_days: a conversion window follows a cohort; it has no meaning in period mode");
  if (o.window_per_step && !o.window_days)
    return absl::InvalidArgumentError("window_per_step: needs window_days");
  if (o.baseline_from.has_value() != o.baseline_to.has_value())
    return absl::InvalidArgumentError("baseline_from, baseline_to: give both or neither");
  if (o.baseline_from && !(*o.baseline_from < *o.baseline_to))
    return absl::InvalidArgumentError("baseline_from: must be before baseline_to");
  if (!(o.significance > 0 && o.significance < 1))
    return absl::InvalidArgumentError("significance: must be in (0, 1)");
  for (const auto& [stage, rate] : o.target_rates)
    if (!(rate >= 0 && rate <= 1))
      return absl::InvalidArgumentError(
          absl::StrCat("target_rates: the target for '", stage, "' must be in [0, 1]"));
  return absl::OkStatus();
}

CodeKind to_code_kind(StageKind k) {
  switch (k) {
    case StageKind::kWon: return CodeKind::kWon;
    case StageKind::kLost: return CodeKind::kLost;
    case StageKind::kNurture: return CodeKind::kNurture;
    default: return CodeKind::kOpen;
  }
}

/// Team rows and classes. Class 0 is "no assignment" (and the default
/// team); each other class is one assigned team.
absl::Status setup_teams(Setup& setup, const StageGraph& graph) {
  const FunnelOptions& o = setup.options;
  // The team owning each main-path stage for a record of assigned team
  // `assigned` ("" = none): the assigned team when it is one of several
  // owners, else the owners jointly.
  auto owner = [&](int ord, const std::string& assigned) {
    const auto owners = graph.teams_of(setup.main_path[static_cast<std::size_t>(ord)]);
    if (owners.size() == 1) return owners[0];
    if (!assigned.empty() && std::find(owners.begin(), owners.end(), assigned) != owners.end())
      return assigned;
    return absl::StrJoin(owners, "|");
  };
  std::vector<std::string> class_team = {""};
  if (o.team_assignment) {
    const TeamAssignment& ta = *o.team_assignment;
    auto it = setup.data->column_index.find(ta.attribute);
    if (it == setup.data->column_index.end())
      return absl::InvalidArgumentError(
          absl::StrCat("team_assignment.attribute: no attribute named '", ta.attribute, "'"));
    const Column& col = setup.data->columns[it->second];
    if (col.type != AttributeType::kString)
      return absl::InvalidArgumentError(absl::StrCat(
          "team_assignment.attribute: '", ta.attribute, "' must be a string attribute"));
    // Every team named must share some main-path stage with other owners.
    auto owns_shared = [&](const std::string& team) {
      for (const std::string& id : setup.main_path) {
        const auto owners = graph.teams_of(id);
        if (owners.size() > 1 && std::find(owners.begin(), owners.end(), team) != owners.end())
          return true;
      }
      return false;
    };
    class_team[0] = ta.default_team;
    absl::flat_hash_map<std::string, std::uint16_t> class_of_team;
    class_of_team[ta.default_team] = 0;
    for (const auto& [value, team] : ta.teams) {
      if (!owns_shared(team))
        return absl::InvalidArgumentError(absl::StrCat(
            "team_assignment.teams: '", team,
            "' is not one of several owners of any main-path stage"));
      if (class_of_team.try_emplace(team, static_cast<std::uint16_t>(class_team.size())).second)
        class_team.push_back(team);
    }
    if (!ta.default_team.empty() && !owns_shared(ta.default_team))
      return absl::InvalidArgumentError(absl::StrCat(
          "team_assignment.default_team: '", ta.default_team,
          "' is not one of several owners of any main-path stage"));
    std::vector<std::uint16_t> class_of_code(col.dictionary.size(), 0);
    for (const auto& [value, team] : ta.teams) {
      if (auto code = col.dictionary.find(value)) class_of_code[*code] = class_of_team[team];
    }
    setup.team_class_of_record.resize(col.codes.size());
    for (std::size_t r = 0; r < col.codes.size(); ++r)
      setup.team_class_of_record[r] = col.codes[r] == kMissingCode ? 0 : class_of_code[col.codes[r]];
  }
  // Rows in order of first main-path stage, then class order.
  absl::flat_hash_map<std::string, std::uint32_t> row_of;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint64_t>>> per_class(class_team.size());
  for (int ord = 0; ord < setup.n_main; ++ord) {
    for (std::size_t k = 0; k < class_team.size(); ++k) {
      const std::string team = owner(ord, class_team[k]);
      const auto [it, inserted] =
          row_of.try_emplace(team, static_cast<std::uint32_t>(setup.team_names.size()));
      if (inserted) setup.team_names.push_back(team);
      const std::uint32_t row = it->second;
      auto& rows = per_class[k];
      auto pos = std::find_if(rows.begin(), rows.end(), [row](const auto& p) { return p.first == row; });
      if (pos == rows.end()) pos = rows.emplace(rows.end(), row, 0);
      pos->second |= std::uint64_t{1} << ord;
    }
  }
  for (auto& rows : per_class) {
    TeamClass tc;
    for (auto& [team, mask] : rows) {
      tc.team.push_back(team);
      tc.ords.push_back(mask);
    }
    setup.team_classes.push_back(std::move(tc));
  }
  return absl::OkStatus();
}

}  // namespace

std::uint32_t Setup::bucketed_slot(std::int64_t t) const {
  if (t == kNoTime) return bucket_slots - 1;
  return static_cast<std::uint32_t>(bucket_id(options.bucket, t) - first_bucket);
}

std::optional<Timestamp> Setup::bucket_start(std::uint32_t s) const {
  if (options.bucket == TimeBucket::kNone || s + 1 == bucket_slots) return std::nullopt;
  return Timestamp::from_micros(bucket_start_micros(options.bucket, first_bucket + s));
}

absl::StatusOr<Setup> make_setup(const DataSetImpl& data, const StageGraph& graph,
                                     const FunnelOptions& options) {
  if (absl::Status s = check_options(options); !s.ok()) return s;
  Setup setup;
  setup.data = &data;
  setup.options = options;
  setup.cohort = options.mode == ReportMode::kCohort;
  setup.implied = options.passage == Passage::kImplied;

  for (std::string_view id : graph.main_path()) setup.main_path.emplace_back(id);
  setup.n_main = static_cast<int>(setup.main_path.size());
  if (setup.n_main > kMaxMainPath)
    return absl::InvalidArgumentError(absl::StrCat(
        "graph: the main path has ", setup.n_main, " stages; the report handles at most ",
        kMaxMainPath));
  for (int ord = 0; ord < setup.n_main; ++ord) {
    const Stage* s = graph.find_stage(setup.main_path[static_cast<std::size_t>(ord)]);
    if (s->kind == StageKind::kWon && setup.won_ord < 0) setup.won_ord = ord;
  }

  std::string cycle_from = options.cycle_from.empty() ? std::string(graph.entry_stage())
                                                      : options.cycle_from;
  if (!graph.find_stage(cycle_from))
    return absl::InvalidArgumentError(
        absl::StrCat("cycle_from: the graph has no stage '", cycle_from, "'"));
  for (int ord = 0; ord < setup.n_main; ++ord)
    if (setup.main_path[static_cast<std::size_t>(ord)] == cycle_from) setup.cycle_ord = ord;

  const std::size_t codes = data.stages.size();
  setup.code_ord.assign(codes, -1);
  setup.code_kind.assign(codes, CodeKind::kNone);
  setup.code_is_cycle_start.assign(codes, 0);
  for (std::size_t c = 0; c < codes; ++c) {
    const Stage* s = graph.find_stage(data.stages[static_cast<std::uint32_t>(c)]);
    if (!s) continue;
    setup.code_kind[c] = to_code_kind(s->kind);
    // On the main path the cycle starts at the stage's date (see the pass).
    setup.code_is_cycle_start[c] = setup.cycle_ord < 0 && s->id == cycle_from;
    for (int ord = 0; ord < setup.n_main; ++ord)
      if (setup.main_path[static_cast<std::size_t>(ord)] == s->id)
        setup.code_ord[c] = static_cast<std::int8_t>(ord);
  }

  for (const auto& [stage, rate] : options.target_rates) {
    if (std::find(setup.main_path.begin() + 1, setup.main_path.end(), stage) == setup.main_path.end())
      return absl::InvalidArgumentError(absl::StrCat(
          "target_rates: '", stage, "' is not a main-path stage after the entry stage"));
  }

  auto groups = group_records(data, options.by);
  if (!groups.ok()) return groups.status();
  setup.groups = *std::move(groups);
  // Each group costs a few kilobytes per thread: a breakdown by a nearly
  // unique attribute (an id, a timestamp) would cost gigabytes and is no
  // funnel. Refuse it rather than exhaust memory.
  if (setup.groups.keys.size() > kMaxGroups)
    return absl::InvalidArgumentError(absl::StrCat(
        "by: ", setup.groups.keys.size(), " groups; a breakdown may have at most ", kMaxGroups,
        " (is one of the attributes nearly unique per record?)"));

  // Dates.
  if (options.from) setup.from = options.from->micros();
  if (options.to) setup.to = options.to->micros();
  setup.bounded = options.from.has_value() || options.to.has_value();
  if (options.window_days) setup.window = *options.window_days * kMicrosPerDay;
  // Events at stages the graph lacks are ignored by the report, so they
  // neither move the default as_of nor open time buckets.
  std::int64_t lo = kNoTime, hi = INT64_MIN;
  const std::vector<std::int64_t>& times = data.events.time;
  const std::vector<std::uint16_t>& stages = data.events.stage;
  const bool need_range = !options.as_of || options.bucket != TimeBucket::kNone;
  for (std::size_t i = 0; need_range && i < times.size(); ++i) {
    const std::int64_t t = times[i];
    if (t == kNoTime || setup.code_kind[stages[i]] == CodeKind::kNone) continue;
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  setup.as_of = options.as_of ? options.as_of->micros() : (hi == INT64_MIN ? 0 : hi);

  if (options.bucket != TimeBucket::kNone && lo != kNoTime) {
    setup.first_bucket = bucket_id(options.bucket, lo);
    const std::uint64_t n =
        static_cast<std::uint64_t>(bucket_id(options.bucket, hi) - setup.first_bucket) + 2;
    if (n * setup.groups.keys.size() > kMaxSlots)
      return absl::InvalidArgumentError(absl::StrCat(
          "bucket: ", setup.groups.keys.size(), " groups x ", n,
          " time buckets is too fine a breakdown; use a coarser bucket or fewer attributes"));
    setup.bucket_slots = static_cast<std::uint32_t>(n);
  }

  if (absl::Status s = setup_teams(setup, graph); !s.ok()) return s;
  return setup;
}

}  // namespace modelfunnel::internal::funnel
