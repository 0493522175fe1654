// funnel.cpp — mf_funnel_report: the funnel report (options in, accessors and
// CSV / JSON text out).
#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

constexpr mf_funnel_options kFunnelDefaults = MF_FUNNEL_OPTIONS_INIT;
constexpr std::size_t kFunnelOptionsSizes[] = {
    offsetof(mf_funnel_options, omit_durations),  // version 1
    offsetof(mf_funnel_options, threads),         // version 2: omit_durations
    sizeof(mf_funnel_options)};                   // version 3: threads
static_assert(std::size(kFunnelOptionsSizes) == MF_FUNNEL_OPTIONS_VERSION);
constexpr std::size_t kRateSizes[] = {sizeof(mf_rate)};  // version 1
static_assert(std::size(kRateSizes) == MF_RATE_VERSION);
constexpr std::size_t kDurationsSizes[] = {
    offsetof(mf_durations, computed),  // version 1
    sizeof(mf_durations)};             // version 2: computed
static_assert(std::size(kDurationsSizes) == MF_DURATIONS_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_FUNNEL_PASSAGE_OBSERVED == static_cast<int>(mf::Passage::kObserved));
static_assert(MF_FUNNEL_PERIOD == static_cast<int>(mf::ReportMode::kPeriod));
static_assert(MF_BUCKET_QUARTER == static_cast<int>(mf::TimeBucket::kQuarter));
static_assert(MF_FUNNEL_TABLE_BOTTLENECKS == static_cast<int>(mf::FunnelTable::kBottlenecks));

/// @p count NUL-terminated UTF-8 strings at @p items, named `what[i]` in errors.
std::vector<std::string> in_list(const char* const* items, std::size_t count, const char* what) {
  if (items == nullptr && count != 0) {
    throw ArgumentError(MF_EINVAL, absl::StrCat(what, " is NULL but its count is ", count));
  }
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = absl::StrCat(what, "[", i, "]");
    if (items[i] == nullptr) throw ArgumentError(MF_EINVAL, name + " is NULL");
    out.emplace_back(in_str(items[i], std::strlen(items[i]), name.c_str()));
  }
  return out;
}

/// An enum value in [0, last], else MF_EINVAL naming @p what.
template <class E>
E in_enum(int value, E last, const char* what) {
  if (value < 0 || value > static_cast<int>(last)) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown ", what, " ", value));
  }
  return static_cast<E>(value);
}

std::optional<mf::Timestamp> in_time(int has, std::int64_t micros) {
  if (!has) return std::nullopt;
  return mf::Timestamp::from_micros(micros);
}

/// The C++ options for @p opts (NULL: the defaults). Ranges and names are the
/// C++ funnel_report()'s to check; here only what C can get wrong.
mf::FunnelOptions funnel_options_arg(const mf_funnel_options* opts) {
  const mf_funnel_options o =
      read_options(opts, kFunnelDefaults, kFunnelOptionsSizes, "mf_funnel_options");
  mf::FunnelOptions options;
  options.passage = in_enum(o.passage, mf::Passage::kObserved, "passage");
  options.mode = in_enum(o.mode, mf::ReportMode::kPeriod, "report mode");
  options.bucket = in_enum(o.bucket, mf::TimeBucket::kQuarter, "time bucket");
  options.from = in_time(o.has_from, o.from);
  options.to = in_time(o.has_to, o.to);
  if (o.has_window_days) options.window_days = o.window_days;
  options.window_per_step = o.window_per_step != 0;
  options.by = in_list(o.by, o.by_count, "by");
  options.as_of = in_time(o.has_as_of, o.as_of);
  options.min_sample = o.min_sample;
  options.cycle_from = std::string(in_str(o.cycle_from, o.cycle_from_len, "cycle_from"));

  const std::string_view team_attribute =
      in_str(o.team_attribute, o.team_attribute_len, "team_attribute");
  const std::vector<std::string> values = in_list(o.team_values, o.team_count, "team_values");
  const std::vector<std::string> teams = in_list(o.team_ids, o.team_count, "team_ids");
  const std::string_view team_default =
      in_str(o.team_default, o.team_default_len, "team_default");
  if (!team_attribute.empty()) {
    mf::TeamAssignment ta;
    ta.attribute = std::string(team_attribute);
    for (std::size_t i = 0; i < values.size(); ++i) ta.teams.emplace_back(values[i], teams[i]);
    ta.default_team = std::string(team_default);
    options.team_assignment = std::move(ta);
  } else if (!values.empty() || !team_default.empty()) {
    throw ArgumentError(MF_EINVAL, "team_values or team_default given without team_attribute");
  }

  if (o.has_baseline) {
    options.baseline_from = mf::Timestamp::from_micros(o.baseline_from);
    options.baseline_to = mf::Timestamp::from_micros(o.baseline_to);
  }
  const std::vector<std::string> stages = in_list(o.target_stages, o.target_count, "target_stages");
  if (o.target_count != 0 && o.target_rates == nullptr) {
    throw ArgumentError(MF_EINVAL,
                        absl::StrCat("target_rates is NULL but its count is ", o.target_count));
  }
  for (std::size_t i = 0; i < stages.size(); ++i) {
    options.target_rates.emplace_back(stages[i], o.target_rates[i]);
  }
  options.significance = o.significance;
  constexpr std::uint32_t kAllFigures =
      MF_FUNNEL_FIGURE_FROM_ENTRY | MF_FUNNEL_FIGURE_IN_STAGE | MF_FUNNEL_FIGURE_AGING |
      MF_FUNNEL_FIGURE_CYCLE | MF_FUNNEL_FIGURE_TEAM_VELOCITY;
  if ((o.omit_durations & ~kAllFigures) != 0) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("omit_durations: unknown figure bits 0x",
                                                absl::Hex(o.omit_durations & ~kAllFigures)));
  }
  const auto wanted = [&](std::uint32_t bit) { return (o.omit_durations & bit) == 0; };
  options.durations.from_entry = wanted(MF_FUNNEL_FIGURE_FROM_ENTRY);
  options.durations.in_stage = wanted(MF_FUNNEL_FIGURE_IN_STAGE);
  options.durations.aging = wanted(MF_FUNNEL_FIGURE_AGING);
  options.durations.cycle = wanted(MF_FUNNEL_FIGURE_CYCLE);
  options.durations.team_velocity = wanted(MF_FUNNEL_FIGURE_TEAM_VELOCITY);
  options.threads = o.threads;
  return options;
}

const mf::FunnelReport& report_arg(const mf_funnel_report* report) {
  return arg(report, "report").report;
}

const mf::FunnelGroup& group_arg(const mf_funnel_report* report, std::size_t group) {
  const auto& groups = report_arg(report).groups;
  return groups[in_index(group, groups.size(), "group index")];
}

const mf::StageRow& stage_arg(const mf_funnel_report* report, std::size_t group,
                              std::size_t stage) {
  const auto& stages = group_arg(report, group).stages;
  return stages[in_index(stage, stages.size(), "stage index")];
}

const mf::TeamRow& team_arg(const mf_funnel_report* report, std::size_t group, std::size_t team) {
  const auto& teams = group_arg(report, group).teams;
  return teams[in_index(team, teams.size(), "team index")];
}

const mf::Bottleneck& bottleneck_arg(const mf_funnel_report* report, std::size_t index) {
  const auto& bottlenecks = report_arg(report).bottlenecks;
  return bottlenecks[in_index(index, bottlenecks.size(), "bottleneck index")];
}

VersionedOut<mf_rate> rate_out(mf_rate* out) { return {out, kRateSizes, "mf_rate"}; }

VersionedOut<mf_durations> durations_out(mf_durations* out) {
  return {out, kDurationsSizes, "mf_durations"};
}

mf_rate to_c(const mf::Rate& r) {
  mf_rate out = MF_RATE_INIT;
  out.small_sample = r.small_sample ? 1 : 0;
  out.numerator = r.numerator;
  out.denominator = r.denominator;
  out.value = r.value;
  out.low = r.low;
  out.high = r.high;
  return out;
}

mf_durations to_c(const mf::Durations& d) {
  mf_durations out = MF_DURATIONS_INIT;
  out.count = d.count;
  out.median_days = d.median_days;
  out.p90_days = d.p90_days;
  out.mean_days = d.mean_days;
  out.computed = d.computed ? 1 : 0;
  return out;
}

void publish(mf_text** out, std::string text) {
  auto owned = std::make_unique<mf_text>(mf_text{std::move(text)});
  *out = owned.release();
}

}  // namespace

extern "C" {

int mf_funnel_options_init(mf_funnel_options* opts, uint32_t version) {
  return guard("mf_funnel_options_init", [&] {
    init_options(opts, version, kFunnelDefaults, kFunnelOptionsSizes, "mf_funnel_options");
  });
}

int mf_funnel_compute(mf_funnel_report** out, const mf_dataset* data, const mf_graph* graph,
                      const mf_funnel_options* opts) {
  return guard("mf_funnel_compute", [&] {
    arg(out, "out");
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    const mf::FunnelOptions options = funnel_options_arg(opts);
    auto report = std::make_unique<mf_funnel_report>(
        mf_funnel_report{unwrap(mf::funnel_report(d.data, g.graph, options), MF_EINVAL)});
    *out = report.release();
  });
}

void mf_funnel_free(mf_funnel_report* report) { delete report; }

int mf_funnel_csv(mf_text** out, const mf_funnel_report* report, int table) {
  return guard("mf_funnel_csv", [&] {
    arg(out, "out");
    const mf::FunnelReport& r = report_arg(report);
    const auto t = in_enum(table, mf::FunnelTable::kBottlenecks, "report table");
    publish(out, unwrap(mf::funnel_csv(r, t), MF_EINVAL));
  });
}

int mf_funnel_json(mf_text** out, const mf_funnel_report* report) {
  return guard("mf_funnel_json", [&] {
    arg(out, "out");
    publish(out, unwrap(mf::funnel_json(report_arg(report)), MF_EINVAL));
  });
}

int mf_funnel_counts(const mf_funnel_report* report, uint64_t* records_outside_funnel,
                     uint64_t* events_unknown_stage, uint64_t* events_without_time) {
  return guard("mf_funnel_counts", [&] {
    const mf::FunnelReport& r = report_arg(report);
    maybe_set(records_outside_funnel, r.records_outside_funnel);
    maybe_set(events_unknown_stage, r.events_unknown_stage);
    maybe_set(events_without_time, r.events_without_time);
  });
}

int mf_funnel_as_of(const mf_funnel_report* report, int64_t* out) {
  return guard("mf_funnel_as_of", [&] {
    const mf::FunnelReport& r = report_arg(report);
    arg(out, "out") = r.as_of.micros();
  });
}

size_t mf_funnel_by_count(const mf_funnel_report* report) {
  return report == nullptr ? 0 : report->report.by.size();
}

int mf_funnel_by(const mf_funnel_report* report, size_t index, mf_str* out) {
  return guard("mf_funnel_by", [&] {
    const auto& by = report_arg(report).by;
    const std::string& name = by[in_index(index, by.size(), "by index")];
    arg(out, "out") = view_of(name);
  });
}

size_t mf_funnel_stage_count(const mf_funnel_report* report) {
  return report == nullptr ? 0 : report->report.main_path.size();
}

size_t mf_funnel_group_count(const mf_funnel_report* report) {
  return report == nullptr ? 0 : report->report.groups.size();
}

int mf_funnel_group(const mf_funnel_report* report, size_t group, int* total, int* has_bucket,
                    int64_t* bucket, uint64_t* records) {
  return guard("mf_funnel_group", [&] {
    const mf::FunnelGroup& g = group_arg(report, group);
    maybe_set(total, g.total ? 1 : 0);
    maybe_set(has_bucket, g.bucket ? 1 : 0);
    maybe_set(bucket, g.bucket ? g.bucket->micros() : 0);
    maybe_set(records, g.records);
  });
}

int mf_funnel_group_key(const mf_funnel_report* report, size_t group, size_t key, int* present,
                        mf_str* value) {
  return guard("mf_funnel_group_key", [&] {
    const mf::FunnelReport& r = report_arg(report);
    const mf::FunnelGroup& g = group_arg(report, group);
    in_index(key, r.by.size(), "key index");
    // A total group has no key values (its CSV rows show `*`).
    const std::optional<std::string>* v = key < g.key.size() ? &g.key[key] : nullptr;
    const bool has = v != nullptr && v->has_value();
    maybe_set(present, has ? 1 : 0);
    maybe_set(value, has ? view_of(**v) : view_of(""));
  });
}

int mf_funnel_group_outcomes(const mf_funnel_report* report, size_t group, uint64_t* won,
                             uint64_t* lost, uint64_t* open, uint64_t* nurture) {
  return guard("mf_funnel_group_outcomes", [&] {
    const mf::FunnelGroup& g = group_arg(report, group);
    maybe_set(won, g.won);
    maybe_set(lost, g.lost);
    maybe_set(open, g.open);
    maybe_set(nurture, g.nurture);
  });
}

int mf_funnel_group_win_rate(const mf_funnel_report* report, size_t group, mf_rate* out) {
  return guard("mf_funnel_group_win_rate", [&] {
    const mf::FunnelGroup& g = group_arg(report, group);
    rate_out(out).write(to_c(g.win_rate));
  });
}

int mf_funnel_group_won_revenue(const mf_funnel_report* report, size_t group, int64_t* scaled,
                                double* value) {
  return guard("mf_funnel_group_won_revenue", [&] {
    const mf::FunnelGroup& g = group_arg(report, group);
    maybe_set(scaled, g.won_revenue.scaled());
    maybe_set(value, g.won_revenue.value());
  });
}

int mf_funnel_group_cycle(const mf_funnel_report* report, size_t group, mf_durations* out) {
  return guard("mf_funnel_group_cycle", [&] {
    const mf::FunnelGroup& g = group_arg(report, group);
    durations_out(out).write(to_c(g.cycle));
  });
}

int mf_funnel_group_paths(const mf_funnel_report* report, size_t group, uint64_t* skipped,
                          uint64_t* moved_backwards, uint64_t* reentered, uint64_t* reopened,
                          uint64_t* nurtured) {
  return guard("mf_funnel_group_paths", [&] {
    const mf::PathFacts& p = group_arg(report, group).paths;
    maybe_set(skipped, p.skipped);
    maybe_set(moved_backwards, p.moved_backwards);
    maybe_set(reentered, p.reentered);
    maybe_set(reopened, p.reopened);
    maybe_set(nurtured, p.nurtured);
  });
}

int mf_funnel_stage(const mf_funnel_report* report, size_t group, size_t stage, mf_str* id,
                    uint64_t* reached, uint64_t* observed) {
  return guard("mf_funnel_stage", [&] {
    const mf::StageRow& s = stage_arg(report, group, stage);
    maybe_set(id, view_of(s.stage));
    maybe_set(reached, s.reached);
    maybe_set(observed, s.observed);
  });
}

int mf_funnel_stage_rate(const mf_funnel_report* report, size_t group, size_t stage, int which,
                         mf_rate* out) {
  return guard("mf_funnel_stage_rate", [&] {
    const mf::StageRow& s = stage_arg(report, group, stage);
    const auto target = rate_out(out);
    switch (which) {
      case MF_FUNNEL_STAGE_RATE_STEP:
        target.write(to_c(s.step));
        break;
      case MF_FUNNEL_STAGE_RATE_OVERALL:
        target.write(to_c(s.overall));
        break;
      default:
        throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_funnel_stage_rate_kind ", which));
    }
  });
}

int mf_funnel_stage_durations(const mf_funnel_report* report, size_t group, size_t stage, int which,
                              mf_durations* out) {
  return guard("mf_funnel_stage_durations", [&] {
    const mf::StageRow& s = stage_arg(report, group, stage);
    const auto target = durations_out(out);
    switch (which) {
      case MF_FUNNEL_DURATIONS_FROM_ENTRY:
        target.write(to_c(s.from_entry));
        break;
      case MF_FUNNEL_DURATIONS_IN_STAGE:
        target.write(to_c(s.in_stage));
        break;
      case MF_FUNNEL_DURATIONS_AGING:
        target.write(to_c(s.aging));
        break;
      default:
        throw ArgumentError(MF_EINVAL,
                            absl::StrCat("unknown mf_funnel_stage_durations_kind ", which));
    }
  });
}

int mf_funnel_stage_dropoff(const mf_funnel_report* report, size_t group, size_t stage,
                            uint64_t* advanced, uint64_t* lost, uint64_t* nurture,
                            uint64_t* open, uint64_t* expired) {
  return guard("mf_funnel_stage_dropoff", [&] {
    const mf::StageRow& s = stage_arg(report, group, stage);
    maybe_set(advanced, s.advanced);
    maybe_set(lost, s.lost);
    maybe_set(nurture, s.nurture);
    maybe_set(open, s.open);
    maybe_set(expired, s.expired);
  });
}

size_t mf_funnel_reason_count(const mf_funnel_report* report, size_t group, size_t stage) {
  if (report == nullptr || group >= report->report.groups.size()) return 0;
  const auto& stages = report->report.groups[group].stages;
  return stage < stages.size() ? stages[stage].loss_reasons.size() : 0;
}

int mf_funnel_reason(const mf_funnel_report* report, size_t group, size_t stage, size_t index,
                     mf_str* reason, uint64_t* count) {
  return guard("mf_funnel_reason", [&] {
    const auto& reasons = stage_arg(report, group, stage).loss_reasons;
    const mf::ReasonCount& rc = reasons[in_index(index, reasons.size(), "reason index")];
    maybe_set(reason, view_of(rc.reason));
    maybe_set(count, rc.count);
  });
}

size_t mf_funnel_team_count(const mf_funnel_report* report, size_t group) {
  if (report == nullptr || group >= report->report.groups.size()) return 0;
  return report->report.groups[group].teams.size();
}

int mf_funnel_team(const mf_funnel_report* report, size_t group, size_t team, mf_str* id,
                   uint64_t* input, uint64_t* output) {
  return guard("mf_funnel_team", [&] {
    const mf::TeamRow& t = team_arg(report, group, team);
    maybe_set(id, view_of(t.team));
    maybe_set(input, t.input);
    maybe_set(output, t.output);
  });
}

size_t mf_funnel_team_stage_count(const mf_funnel_report* report, size_t group, size_t team) {
  if (report == nullptr || group >= report->report.groups.size()) return 0;
  const auto& teams = report->report.groups[group].teams;
  return team < teams.size() ? teams[team].stages.size() : 0;
}

int mf_funnel_team_stage(const mf_funnel_report* report, size_t group, size_t team, size_t index,
                         mf_str* out) {
  return guard("mf_funnel_team_stage", [&] {
    const auto& stages = team_arg(report, group, team).stages;
    const std::string& id = stages[in_index(index, stages.size(), "team stage index")];
    arg(out, "out") = view_of(id);
  });
}

int mf_funnel_team_rate(const mf_funnel_report* report, size_t group, size_t team, int which,
                        mf_rate* out) {
  return guard("mf_funnel_team_rate", [&] {
    const mf::TeamRow& t = team_arg(report, group, team);
    const auto target = rate_out(out);
    switch (which) {
      case MF_FUNNEL_TEAM_RATE_CONVERSION:
        target.write(to_c(t.conversion));
        break;
      case MF_FUNNEL_TEAM_RATE_QUALITY:
        target.write(to_c(t.quality));
        break;
      default:
        throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_funnel_team_rate_kind ", which));
    }
  });
}

int mf_funnel_team_velocity(const mf_funnel_report* report, size_t group, size_t team,
                            mf_durations* out) {
  return guard("mf_funnel_team_velocity", [&] {
    const mf::TeamRow& t = team_arg(report, group, team);
    durations_out(out).write(to_c(t.velocity));
  });
}

size_t mf_funnel_bottleneck_count(const mf_funnel_report* report) {
  return report == nullptr ? 0 : report->report.bottlenecks.size();
}

int mf_funnel_bottleneck(const mf_funnel_report* report, size_t index, mf_str* stage,
                         double* revenue_per_point, int* flagged, double* p_value,
                         mf_str* reason) {
  return guard("mf_funnel_bottleneck", [&] {
    const mf::Bottleneck& b = bottleneck_arg(report, index);
    maybe_set(stage, view_of(b.stage));
    maybe_set(revenue_per_point, b.revenue_per_point);
    maybe_set(flagged, b.flagged ? 1 : 0);
    maybe_set(p_value, b.p_value);
    maybe_set(reason, view_of(b.reason));
  });
}

int mf_funnel_bottleneck_rate(const mf_funnel_report* report, size_t index, mf_rate* out) {
  return guard("mf_funnel_bottleneck_rate", [&] {
    const mf::Bottleneck& b = bottleneck_arg(report, index);
    rate_out(out).write(to_c(b.current));
  });
}

int mf_funnel_bottleneck_baseline(const mf_funnel_report* report, size_t index, int* present,
                                  mf_rate* out) {
  return guard("mf_funnel_bottleneck_baseline", [&] {
    const mf::Bottleneck& b = bottleneck_arg(report, index);
    const auto target = rate_out(out);
    maybe_set(present, b.baseline ? 1 : 0);
    if (b.baseline) target.write(to_c(*b.baseline));
  });
}

int mf_funnel_bottleneck_target(const mf_funnel_report* report, size_t index, int* present,
                                double* target) {
  return guard("mf_funnel_bottleneck_target", [&] {
    const mf::Bottleneck& b = bottleneck_arg(report, index);
    maybe_set(present, b.target ? 1 : 0);
    maybe_set(target, b.target.value_or(0.0));
  });
}

}  // extern "C"
