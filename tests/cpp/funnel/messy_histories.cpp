#include "funnel/messy_histories.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace modelfunnel::testing {
namespace {

constexpr std::int64_t kDay = 86'400'000'000;
constexpr std::int64_t kHour = 3'600'000'000;
/// 2024-01-01T00:00:00Z, a Monday: bucket edges fall on the data.
constexpr std::int64_t kStart = 1'704'067'200'000'000;

template <class T>
const T& pick(Choices& c, const std::vector<T>& v) {
  return v[c.below(v.size())];
}

std::vector<std::string> stages_of_kind(const StageGraph& g, StageKind kind) {
  std::vector<std::string> out;
  for (const Stage& s : g.stages())
    if (s.kind == kind) out.push_back(s.id);
  return out;
}

}  // namespace

Choices::Choices(std::uint64_t seed) : state_(seed) {}

Choices::Choices(const std::uint8_t* data, std::size_t size)
    : bytes_(data), size_(size), from_bytes_(true) {}

std::uint64_t Choices::next() {
  if (from_bytes_) {
    // Two bytes a choice: enough for every range used here, and a fuzzer
    // mutating one byte changes one decision.
    std::uint64_t v = 0;
    for (int i = 0; i < 2; ++i) {
      v <<= 8;
      if (size_ > 0) {
        v |= *bytes_++;
        --size_;
      }
    }
    return v;
  }
  // splitmix64: tiny, and the same numbers on every platform.
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t Choices::below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

StageGraph small_graph() {
  std::vector<Stage> stages = {
      {"a", "A", {"t1"}, StageKind::kOpen, std::nullopt, std::nullopt},
      {"b", "B", {"t1", "t2"}, StageKind::kOpen, std::nullopt, std::nullopt},
      {"c", "C", {"t2", "t3"}, StageKind::kOpen, std::nullopt, std::nullopt},
      {"won", "Won", {"t3"}, StageKind::kWon, std::nullopt, std::nullopt},
      {"lost", "Lost", {"t3"}, StageKind::kLost, std::nullopt, std::nullopt},
      {"park", "Parked", {"t1"}, StageKind::kNurture, std::nullopt, std::nullopt},
  };
  std::vector<Transition> transitions = {
      {"a", "b", TransitionKind::kAdvance},   {"b", "c", TransitionKind::kAdvance},
      {"c", "won", TransitionKind::kAdvance}, {"a", "lost", TransitionKind::kLost},
      {"b", "lost", TransitionKind::kLost},   {"c", "lost", TransitionKind::kLost},
      {"b", "park", TransitionKind::kNurture}, {"park", "b", TransitionKind::kRecycle},
      {"lost", "c", TransitionKind::kReopen},
  };
  return *StageGraph::create(std::move(stages), std::move(transitions));
}

DataSet messy_data(Choices& c, const StageGraph& graph, std::size_t min_records,
                   std::size_t max_records) {
  DataSetBuilder b;
  const std::size_t channel = *b.add_attribute("channel", AttributeType::kString);
  const std::size_t flag = *b.add_attribute("flag", AttributeType::kBool);
  const std::size_t employees = *b.add_attribute("employees", AttributeType::kInt64);
  const std::size_t score = *b.add_attribute("score", AttributeType::kDouble);
  const std::size_t created = *b.add_attribute("created", AttributeType::kTimestamp);

  std::vector<std::string> path;
  for (std::string_view id : graph.main_path()) path.emplace_back(id);
  const std::vector<std::string> lost = stages_of_kind(graph, StageKind::kLost);
  const std::vector<std::string> nurture = stages_of_kind(graph, StageKind::kNurture);
  const std::vector<std::string> unknown = {"zombie", "Lead ", "archived"};
  const std::vector<std::string_view> channels = {"web", "outbound", "event", "", "Web"};
  const std::vector<std::string_view> reasons = {"budget", "timing", "", "competitor"};
  const std::vector<std::string_view> amounts = {"1000", "250.5", "0", "99999.99", "-40", "1000"};

  // Rounded times make ties common: whole days, sometimes hours.
  auto step = [&]() -> std::int64_t {
    if (c.percent(15)) return 0;
    if (c.percent(30)) return static_cast<std::int64_t>(c.below(48)) * kHour;
    return static_cast<std::int64_t>(c.below(40)) * kDay;
  };

  const std::size_t n = min_records + c.below(max_records - min_records + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const RecordIndex r = b.record(absl::StrCat("R", i));
    if (!c.percent(15)) (void)b.set_attribute(r, channel, pick(c, channels));
    if (!c.percent(10)) (void)b.set_attribute(r, flag, c.percent(50));
    if (!c.percent(10)) (void)b.set_attribute(r, employees, static_cast<std::int64_t>(pick(c, std::vector<int>{1, 5, 50, 500})));
    if (!c.percent(10)) (void)b.set_attribute(r, score, pick(c, std::vector<double>{-0.0, 0.0, 1.5, 2.25}));
    if (!c.percent(10)) (void)b.set_attribute(r, created, Timestamp::from_micros(kStart + static_cast<std::int64_t>(c.below(400)) * kDay));

    struct Pending {
      std::string stage;
      std::optional<std::int64_t> time;
      std::optional<std::string_view> amount;
      std::optional<std::string_view> reason;
    };
    std::vector<Pending> events;
    std::int64_t t = kStart + static_cast<std::int64_t>(c.below(400)) * kDay;
    auto add = [&](const std::string& stage) {
      t += step();
      Pending p{stage, t, std::nullopt, std::nullopt};
      if (c.percent(4)) p.time.reset();  // no date in the source
      else if (c.percent(12)) *p.time += (static_cast<std::int64_t>(c.below(120)) - 60) * kDay;  // logged late or back-dated
      events.push_back(p);
      return events.size() - 1;
    };

    const std::uint64_t story = c.below(100);
    if (story < 5) {
      // no events at all
    } else if (story < 8) {
      add(pick(c, unknown));
    } else if (story < 12) {
      add(pick(c, c.percent(50) ? lost : nurture));
    } else {
      // A walk along the main path, with detours.
      std::size_t k = c.percent(20) ? c.below(path.size()) : 0;
      const std::size_t moves = 1 + c.below(8);
      for (std::size_t m = 0; m < moves && k < path.size(); ++m) {
        const std::uint64_t what = c.below(100);
        if (what < 55) {
          add(path[k]);
          if (c.percent(10)) add(path[k]);  // re-entered
          if (path[k] == path.back()) {
            // Won: an amount, none, or several at the same moment.
            Pending& won = events.back();
            if (!c.percent(20)) won.amount = pick(c, amounts);
            if (c.percent(10)) {
              Pending twin = won;
              twin.amount = c.percent(70) ? std::optional(pick(c, amounts)) : std::nullopt;
              events.push_back(twin);
            }
            if (c.percent(20)) add(pick(c, c.percent(50) ? lost : path));  // lost or re-entered after winning
            break;
          }
          k += c.percent(15) ? 2 : 1;  // sometimes skips a stage
        } else if (what < 70) {
          const std::size_t at = add(pick(c, lost));
          if (!c.percent(25)) events[at].reason = pick(c, reasons);
          if (c.percent(50)) break;
          k = c.below(path.size());  // re-opened somewhere
        } else if (what < 82) {
          add(pick(c, nurture));
          if (c.percent(40)) break;
          k = c.below(std::min<std::size_t>(path.size(), 3));  // recycled
        } else if (what < 88) {
          add(pick(c, unknown));
        } else if (what < 94) {
          if (k > 0) add(path[c.below(k)]);  // an earlier stage logged late
        } else {
          k = c.below(path.size());  // a jump, forwards or back
        }
      }
      if (c.percent(8)) add(path[0]);  // the lead event logged last
    }
    for (const Pending& p : events) {
      Event e;
      e.record = r;
      e.stage = b.stage(p.stage);
      if (p.time) e.time = Timestamp::from_micros(*p.time);
      if (p.amount) e.amount = *parse_amount(*p.amount);
      e.reason = p.reason;
      (void)b.add_event(e);
    }
  }
  return *std::move(b).finish();
}

FunnelOptions messy_options(Choices& c, const DataSet& data, const StageGraph& graph) {
  FunnelOptions o;
  o.passage = c.percent(50) ? Passage::kImplied : Passage::kObserved;
  o.mode = c.percent(70) ? ReportMode::kCohort : ReportMode::kPeriod;
  auto day = [&](std::int64_t lo, std::int64_t hi) {
    return Timestamp::from_micros(kStart + (lo + static_cast<std::int64_t>(c.below(static_cast<std::uint64_t>(hi - lo)))) * kDay);
  };
  switch (c.below(4)) {
    case 0: break;
    case 1: o.from = day(-30, 300); break;
    case 2: o.to = day(0, 500); break;
    default:
      o.from = day(-30, 300);
      o.to = Timestamp::from_micros(o.from->micros() + (1 + static_cast<std::int64_t>(c.below(200))) * kDay);
  }
  if (o.mode == ReportMode::kCohort && c.percent(45)) {
    o.window_days = pick(c, std::vector<std::int64_t>{0, 1, 7, 30, 90});
    o.window_per_step = c.percent(50);
  }
  if (c.percent(30)) o.as_of = day(-10, 500);
  o.by = pick(c, std::vector<std::vector<std::string>>{
                     {}, {}, {"channel"}, {"channel", "flag"}, {"employees"}, {"score"}, {"flag", "created"}});
  o.bucket = pick(c, std::vector<TimeBucket>{TimeBucket::kNone, TimeBucket::kNone, TimeBucket::kNone,
                                              TimeBucket::kWeek, TimeBucket::kMonth, TimeBucket::kQuarter});
  std::vector<std::string> shared;  // stages several teams own
  for (std::string_view id : graph.main_path())
    if (graph.teams_of(id).size() > 1) shared.emplace_back(id);
  if (!shared.empty() && c.percent(30)) {
    const auto owners = graph.teams_of(pick(c, shared));
    TeamAssignment ta;
    ta.attribute = "channel";
    ta.teams = {{"outbound", owners[1]}, {"event", owners[c.below(owners.size())]}};
    ta.default_team = c.percent(80) ? owners[0] : std::string();
    o.team_assignment = ta;
  }
  if (c.percent(35)) o.cycle_from = graph.stages()[c.below(graph.stages().size())].id;
  o.min_sample = c.below(40);
  if (c.percent(20)) {
    o.baseline_from = day(-30, 300);
    o.baseline_to = Timestamp::from_micros(o.baseline_from->micros() + (1 + static_cast<std::int64_t>(c.below(300))) * kDay);
  }
  if (c.percent(25)) {
    const auto path = graph.main_path();
    o.target_rates.emplace_back(std::string(path[1 + c.below(path.size() - 1)]),
                                static_cast<double>(c.below(101)) / 100);
  }
  o.significance = c.percent(50) ? 0.05 : 0.2;
  if (c.percent(30)) {
    o.durations.from_entry = c.percent(50);
    o.durations.in_stage = c.percent(50);
    o.durations.aging = c.percent(50);
    o.durations.cycle = c.percent(50);
    o.durations.team_velocity = c.percent(50);
  }
  (void)data;
  return o;
}

std::string describe(const FunnelOptions& o) {
  auto ts = [](const std::optional<Timestamp>& t) {
    return t ? format_timestamp(*t) : std::string("-");
  };
  std::ostringstream s;
  s << "passage=" << to_string(o.passage) << " mode=" << to_string(o.mode) << " from=" << ts(o.from)
    << " to=" << ts(o.to) << " window=" << (o.window_days ? std::to_string(*o.window_days) : "-")
    << (o.window_per_step ? " per-step" : "") << " as_of=" << ts(o.as_of)
    << " by=" << absl::StrJoin(o.by, ",") << " bucket=" << to_string(o.bucket)
    << " cycle_from=" << o.cycle_from << " min_sample=" << o.min_sample
    << " baseline=" << ts(o.baseline_from) << ".." << ts(o.baseline_to)
    << " durations=" << to_string(o.durations);
  if (o.team_assignment) {
    s << " teams=" << o.team_assignment->attribute << ":";
    for (const auto& [v, t] : o.team_assignment->teams) s << v << "->" << t << ",";
    s << "*->" << o.team_assignment->default_team;
  }
  for (const auto& [stage, rate] : o.target_rates) s << " target " << stage << "=" << rate;
  return s.str();
}

std::string describe(const DataSet& data) {
  std::ostringstream s;
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    s << data.record_id(r) << ":";
    const auto [begin, end] = data.events_of(r);
    for (std::size_t i = begin; i < end; ++i) {
      const Event e = data.event(i);
      s << ' ' << data.stage_names()[e.stage] << '@'
        << (e.time ? format_timestamp(*e.time) : std::string("none"));
      if (e.amount) s << '$' << format_amount(*e.amount);
      if (e.reason) s << "(" << *e.reason << ")";
    }
    s << '\n';
  }
  return s.str();
}

}  // namespace modelfunnel::testing
