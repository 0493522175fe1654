// The funnel report, literally as docs/funnel-report.md defines it. Each
// block below quotes the rule it follows; nothing here is shared with
// src/funnel/.
#include "funnel/reference_funnel.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace modelfunnel::reference {
namespace {

using Time = std::optional<std::int64_t>;  // microseconds; nullopt: no time

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMicrosPerDay = 86'400'000'000.0;
constexpr std::int64_t kMicrosPerDayInt = 86'400'000'000;

// ---------------------------------------------------------------- groups

/// One attribute value of a record, ordered as the report orders groups:
/// strings by bytes, numbers numerically, a missing value last.
struct KeyPart {
  bool present = false;
  std::string text;       // as the report prints it
  std::string str;        // strings
  long double number = 0; // numbers, bools and timestamps

  bool operator<(const KeyPart& o) const {
    if (present != o.present) return present;  // missing last
    if (!present) return false;
    if (str != o.str) return str < o.str;
    return number < o.number;
  }
};
using Key = std::vector<KeyPart>;

struct KeyLess {
  bool operator()(const Key& a, const Key& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};

KeyPart key_part(const AttributeColumnView& column, RecordIndex r) {
  KeyPart p;
  const AttributeValue v = column.value(r);
  if (std::holds_alternative<std::monostate>(v)) return p;
  p.present = true;
  if (auto* s = std::get_if<std::string_view>(&v)) {
    p.str = std::string(*s);
    p.text = p.str;
  } else if (auto* i = std::get_if<std::int64_t>(&v)) {
    p.number = static_cast<long double>(*i);
    p.text = std::to_string(*i);
  } else if (auto* d = std::get_if<double>(&v)) {
    const double x = *d == 0 ? 0.0 : *d;  // -0 and 0 are one value
    p.number = x;
    char buf[32];
    p.text = std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
  } else if (auto* b = std::get_if<bool>(&v)) {
    p.number = *b ? 1 : 0;
    p.text = *b ? "true" : "false";
  } else if (auto* t = std::get_if<Timestamp>(&v)) {
    p.number = static_cast<long double>(t->micros());
    p.text = format_timestamp(*t);
  }
  return p;
}

// ---------------------------------------------------------------- buckets

/// "week from Monday, month, quarter; UTC": the start of the bucket of @p t.
std::int64_t bucket_start(TimeBucket bucket, std::int64_t t) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  // Floor to whole days first (absl rounds toward the past as well).
  const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixMicros(t), utc);
  absl::CivilDay start = day;
  switch (bucket) {
    case TimeBucket::kWeek: {
      int back = 0;
      for (absl::CivilDay d = day; absl::GetWeekday(d) != absl::Weekday::monday; --d) ++back;
      start = day - back;
      break;
    }
    case TimeBucket::kMonth:
      start = absl::CivilDay(day.year(), day.month(), 1);
      break;
    case TimeBucket::kQuarter:
      start = absl::CivilDay(day.year(), ((day.month() - 1) / 3) * 3 + 1, 1);
      break;
    default:
      break;
  }
  return absl::ToUnixMicros(absl::FromCivil(start, utc));
}

/// A bucket: its start, or nullopt for "records with no time". Ordered by
/// start, the no-time bucket last.
struct BucketLess {
  bool operator()(const Time& a, const Time& b) const {
    if (a.has_value() != b.has_value()) return a.has_value();
    return a.has_value() && *a < *b;
  }
};

// ---------------------------------------------------------------- tallies

struct StageTally {
  std::uint64_t reached = 0, observed = 0, without_prev = 0, without_entry = 0;
  std::uint64_t advanced = 0, lost = 0, nurture = 0, open = 0, expired = 0;
  std::vector<std::int64_t> from_entry, in_stage, aging;
  std::map<std::string, std::uint64_t> reasons;
};

struct TeamTally {
  std::uint64_t input = 0, output = 0, output_won = 0;
  std::vector<std::int64_t> velocity;
};

struct Tally {
  bool used = false;
  std::uint64_t records = 0, won = 0, lost = 0, open = 0, nurture = 0;
  std::int64_t revenue = 0;  // Amount::scaled()
  std::vector<std::int64_t> cycle;
  PathFacts paths;
  std::vector<StageTally> stages;
  std::vector<TeamTally> teams;

  Tally(std::size_t n_stages, std::size_t n_teams) : stages(n_stages), teams(n_teams) {}

  void add(const Tally& o) {
    used = used || o.used;
    records += o.records;
    won += o.won;
    lost += o.lost;
    open += o.open;
    nurture += o.nurture;
    revenue += o.revenue;
    cycle.insert(cycle.end(), o.cycle.begin(), o.cycle.end());
    paths.skipped += o.paths.skipped;
    paths.moved_backwards += o.paths.moved_backwards;
    paths.reentered += o.paths.reentered;
    paths.reopened += o.paths.reopened;
    paths.nurtured += o.paths.nurtured;
    for (std::size_t k = 0; k < stages.size(); ++k) {
      StageTally& a = stages[k];
      const StageTally& b = o.stages[k];
      a.reached += b.reached;
      a.observed += b.observed;
      a.without_prev += b.without_prev;
      a.without_entry += b.without_entry;
      a.advanced += b.advanced;
      a.lost += b.lost;
      a.nurture += b.nurture;
      a.open += b.open;
      a.expired += b.expired;
      a.from_entry.insert(a.from_entry.end(), b.from_entry.begin(), b.from_entry.end());
      a.in_stage.insert(a.in_stage.end(), b.in_stage.begin(), b.in_stage.end());
      a.aging.insert(a.aging.end(), b.aging.begin(), b.aging.end());
      for (const auto& [reason, n] : b.reasons) a.reasons[reason] += n;
    }
    for (std::size_t t = 0; t < teams.size(); ++t) {
      teams[t].input += o.teams[t].input;
      teams[t].output += o.teams[t].output;
      teams[t].output_won += o.teams[t].output_won;
      teams[t].velocity.insert(teams[t].velocity.end(), o.teams[t].velocity.begin(),
                               o.teams[t].velocity.end());
    }
  }
};

// ---------------------------------------------------------------- statistics

/// "the 95% Wilson score interval (z = 1.959963984540054)"; the interval is
/// NaN when the rate is not a proportion of its denominator's records, the
/// value NaN when the denominator is 0; small_sample below min_sample.
Rate rate(std::uint64_t num, std::uint64_t den, bool proportion, std::uint64_t min_sample) {
  Rate r;
  r.numerator = num;
  r.denominator = den;
  r.small_sample = den < min_sample;
  if (den == 0) {
    r.value = r.low = r.high = kNaN;
    return r;
  }
  const double n = static_cast<double>(den);
  const double p = static_cast<double>(num) / n;
  r.value = p;
  if (!proportion || num > den) {
    r.low = r.high = kNaN;
    return r;
  }
  const double z = 1.959963984540054;
  const double center = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double margin = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  r.low = std::clamp(center - margin, 0.0, 1.0);
  r.high = std::clamp(center + margin, 0.0, 1.0);
  return r;
}

/// "median_days and p90_days are DuckDB's quantile_cont (linear
/// interpolation between the closest ranks) ... mean_days is the mean."
Durations summarize(std::vector<std::int64_t> micros, bool computed) {
  Durations d;
  d.computed = computed;
  if (!computed || micros.empty()) {
    d.count = 0;
    d.median_days = d.p90_days = d.mean_days = kNaN;
    return d;
  }
  std::sort(micros.begin(), micros.end());
  const std::size_t n = micros.size();
  auto quantile = [&](double q) {
    const double h = static_cast<double>(n - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    const double a = static_cast<double>(micros[lo]);
    const double b = static_cast<double>(micros[hi]);
    return (a + (h - static_cast<double>(lo)) * (b - a)) / kMicrosPerDay;
  };
  long double sum = 0;
  for (std::int64_t v : micros) sum += v;
  d.count = n;
  d.median_days = quantile(0.5);
  d.p90_days = quantile(0.9);
  d.mean_days = static_cast<double>(sum / n / kMicrosPerDay);
  return d;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// ---------------------------------------------------------------- the report

enum class Kind { kUnknown, kOpen, kWon, kLost, kNurture };

Kind kind_of(const Stage* s) {
  if (!s) return Kind::kUnknown;
  switch (s->kind) {
    case StageKind::kWon: return Kind::kWon;
    case StageKind::kLost: return Kind::kLost;
    case StageKind::kNurture: return Kind::kNurture;
    default: return Kind::kOpen;
  }
}

struct Ev {
  Time t;
  Kind kind;
  int ord;  // main-path position or -1
  std::string stage;
  std::optional<Amount> amount;
  std::optional<std::string> reason;
};

class Reference {
 public:
  Reference(const DataSet& data, const StageGraph& graph, const FunnelOptions& o)
      : data_(data), graph_(graph), o_(o) {}

  FunnelReport run();

 private:
  void setup();
  void record(RecordIndex r);
  Tally& tally(const Key& key, const Time& bucket) {
    auto& per_bucket = slots_[key];
    auto it = per_bucket.find(bucket);
    if (it == per_bucket.end())
      it = per_bucket.emplace(bucket, Tally(path_.size(), team_names_.size())).first;
    it->second.used = true;
    return it->second;
  }
  bool in_range(const Time& t) const {
    if (!o_.from && !o_.to) return true;
    if (!t) return false;
    return (!o_.from || *t >= o_.from->micros()) && (!o_.to || *t < o_.to->micros());
  }
  Time bucket_of(const Time& t) const {
    if (!buckets_ || !t) return buckets_ ? Time() : Time(0);
    return bucket_start(o_.bucket, *t);
  }
  std::string team_of(std::size_t ord, const std::string& assigned) const {
    const auto owners = graph_.teams_of(path_[ord]);
    if (owners.size() == 1) return owners[0];
    if (!assigned.empty() && std::find(owners.begin(), owners.end(), assigned) != owners.end())
      return assigned;
    return absl::StrJoin(owners, "|");
  }
  std::size_t team_row(const std::string& team) const {
    return static_cast<std::size_t>(std::find(team_names_.begin(), team_names_.end(), team) -
                                    team_names_.begin());
  }
  FunnelGroup assemble(const Tally& t) const;

  const DataSet& data_;
  const StageGraph& graph_;
  const FunnelOptions& o_;
  std::vector<std::string> path_;
  int won_ord_ = -1;
  std::string cycle_from_;
  int cycle_ord_ = -1;
  std::int64_t as_of_ = 0;
  bool buckets_ = false;
  std::vector<std::string> classes_;  // the team each class of records is assigned ("" none)
  std::vector<std::string> team_names_;
  std::vector<std::vector<std::string>> team_stages_;
  std::vector<AttributeColumnView> by_columns_;
  std::vector<Kind> code_kind_;  // per data-set stage code
  std::vector<int> code_ord_;    // per data-set stage code: main-path position or -1
  /// Per assigned team: each team row's main-path stages for such records.
  std::map<std::string, std::map<std::string, std::set<int>>> own_;
  std::map<Key, std::map<Time, Tally, BucketLess>, KeyLess> slots_;
  std::uint64_t outside_ = 0, unknown_ = 0, untimed_ = 0;
};

void Reference::setup() {
  for (std::string_view id : graph_.main_path()) path_.emplace_back(id);
  for (std::size_t k = 0; k < path_.size(); ++k)
    if (graph_.find_stage(path_[k])->kind == StageKind::kWon && won_ord_ < 0)
      won_ord_ = static_cast<int>(k);
  cycle_from_ = o_.cycle_from.empty() ? std::string(graph_.entry_stage()) : o_.cycle_from;
  for (std::size_t k = 0; k < path_.size(); ++k)
    if (path_[k] == cycle_from_) cycle_ord_ = static_cast<int>(k);

  // "as_of (default: the latest event time in the data)" of the events the
  // report reads (events at unknown stages are ignored). Buckets exist
  // when some such event has a time.
  bool any_time = false;
  std::int64_t latest = 0;
  for (std::size_t i = 0; i < data_.event_count(); ++i) {
    const Event e = data_.event(i);
    if (!e.time || !graph_.find_stage(data_.stage_names()[e.stage])) continue;  // ignored
    latest = any_time ? std::max(latest, e.time->micros()) : e.time->micros();
    any_time = true;
  }
  as_of_ = o_.as_of ? o_.as_of->micros() : latest;
  buckets_ = o_.bucket != TimeBucket::kNone && any_time;

  // Teams: classes of records by their assigned team, rows in order of
  // first main-path stage, then class.
  classes_ = {o_.team_assignment ? o_.team_assignment->default_team : std::string()};
  if (o_.team_assignment)
    for (const auto& [value, team] : o_.team_assignment->teams)
      if (std::find(classes_.begin(), classes_.end(), team) == classes_.end())
        classes_.push_back(team);
  for (std::size_t k = 0; k < path_.size(); ++k)
    for (const std::string& cls : classes_) {
      const std::string team = team_of(k, cls);
      std::size_t row = team_row(team);
      if (row == team_names_.size()) {
        team_names_.push_back(team);
        team_stages_.emplace_back();
      }
      auto& stages = team_stages_[row];
      if (std::find(stages.begin(), stages.end(), path_[k]) == stages.end()) stages.push_back(path_[k]);
    }
  // Rows list their stages in main-path order.
  for (auto& stages : team_stages_)
    std::sort(stages.begin(), stages.end(), [&](const std::string& a, const std::string& b) {
      return std::find(path_.begin(), path_.end(), a) < std::find(path_.begin(), path_.end(), b);
    });

  for (const std::string& cls : classes_)
    for (std::size_t k = 0; k < path_.size(); ++k) own_[cls][team_of(k, cls)].insert(static_cast<int>(k));
  for (const std::string& name : data_.stage_names()) {
    code_kind_.push_back(kind_of(graph_.find_stage(name)));
    const auto at = std::find(path_.begin(), path_.end(), name);
    code_ord_.push_back(at == path_.end() ? -1 : static_cast<int>(at - path_.begin()));
  }
  for (const std::string& name : o_.by) by_columns_.push_back(*data_.find_attribute(name));
  // "each combination of values that occurs among the records is a group".
  for (RecordIndex r = 0; r < data_.record_count(); ++r) {
    Key key;
    for (const auto& c : by_columns_) key.push_back(key_part(c, r));
    slots_[key];
  }
}

void Reference::record(RecordIndex r) {
  const std::size_t n = path_.size();
  const auto [begin, end] = data_.events_of(r);
  std::vector<Ev> events;
  for (std::size_t i = begin; i < end; ++i) {
    const Event e = data_.event(i);
    Ev ev;
    if (e.time) ev.t = e.time->micros();
    ev.stage = data_.stage_names()[e.stage];
    ev.kind = code_kind_[e.stage];
    ev.ord = code_ord_[e.stage];
    ev.amount = e.amount;
    if (e.reason) ev.reason = std::string(*e.reason);
    untimed_ += !ev.t;
    // "events at stages the graph does not have are ignored and counted".
    if (ev.kind == Kind::kUnknown) {
      ++unknown_;
      continue;
    }
    events.push_back(std::move(ev));
  }

  // "Records with no main-path event at all are counted in
  // records_outside_funnel and nowhere else."
  auto main_path_stages = [&](const std::vector<Ev>& evs) {
    std::set<int> s;
    for (const Ev& e : evs)
      if (e.ord >= 0) s.insert(e.ord);
    return s;
  };
  if (main_path_stages(events).empty()) {
    ++outside_;
    return;
  }
  // "The first entry at a stage is the earliest event there."
  auto first_at = [](const std::vector<Ev>& evs, int k) {
    Time t;
    for (const Ev& e : evs)
      if (e.ord == k && e.t && (!t || *e.t < *t)) t = e.t;
    return t;
  };
  // "A record entered stage s at the earliest event at s or at a later
  // main-path stage."
  auto dates_of = [&](const std::vector<Ev>& evs) {
    std::vector<Time> first(n), date(n);
    for (std::size_t k = 0; k < n; ++k) first[k] = first_at(evs, static_cast<int>(k));
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t j = k; j < n; ++j)
        if (first[j] && (!date[k] || *first[j] < *date[k])) date[k] = first[j];
    return std::make_pair(first, date);
  };
  const std::vector<Time> all_dates = dates_of(events).second;
  // "the funnel entry — their earliest main-path event".
  const Time entry = all_dates[0];
  const bool cohort = o_.mode == ReportMode::kCohort;
  if (cohort && !in_range(entry)) return;

  // "window_days = W stops the clock W days after the funnel entry ...
  // window_per_step measures the window from the previous stage's entry":
  // the clock runs on while each next stage is entered within W days of
  // the one before.
  Time cutoff;
  if (o_.window_days && entry) {
    const std::int64_t w = *o_.window_days * kMicrosPerDayInt;
    std::int64_t clock = *entry;
    if (o_.window_per_step) {
      for (std::size_t k = 1; k < n; ++k) {
        const Time& here = all_dates[k];
        const Time& before = all_dates[k - 1];
        if (!here || *here - *before > w) break;
        clock = *here;
      }
    }
    cutoff = clock + w;
  }
  // "anything else the record did after that moment" does not count.
  std::vector<Ev> inside;
  for (const Ev& e : events)
    if (!cutoff || (e.t && *e.t <= *cutoff)) inside.push_back(e);
  const bool window_closed = cutoff && *cutoff <= as_of_;

  const std::set<int> seen = main_path_stages(inside);
  const int furthest = *seen.rbegin();
  std::set<int> reached;
  if (o_.passage == Passage::kImplied) {
    for (int k = 0; k <= furthest; ++k) reached.insert(k);
  } else {
    reached = seen;
  }
  const auto dated = dates_of(inside);
  const std::vector<Time>& first = dated.first;
  const std::vector<Time>& date = dated.second;

  // Where the record ended: "the stage kind of their latest event".
  const Ev& last = inside.back();
  const Kind outcome = last.kind;
  std::string reason = last.reason.value_or("");
  // "The close is the first event of the record's final run of won/lost events."
  Time close;
  if (outcome == Kind::kWon || outcome == Kind::kLost) {
    std::size_t i = inside.size();
    while (i > 0 && (inside[i - 1].kind == Kind::kWon || inside[i - 1].kind == Kind::kLost)) --i;
    close = inside[i].t;
  }
  // "from the first entry at cycle_from": dated like every main-path stage,
  // the first event there otherwise.
  Time cycle_start;
  if (cycle_ord_ >= 0) {
    if (reached.count(cycle_ord_)) cycle_start = date[static_cast<std::size_t>(cycle_ord_)];
  } else {
    for (const Ev& e : inside)
      if (e.stage == cycle_from_) {
        cycle_start = e.t;
        break;
      }
  }

  // Path facts.
  PathFacts facts;
  {
    std::set<std::string> stages_seen;
    int max_ord = -1;
    bool lost_before = false;
    for (const Ev& e : inside) {
      if (!stages_seen.insert(e.stage).second) facts.reentered = 1;
      if (e.ord >= 0) {
        if (e.ord < max_ord) facts.moved_backwards = 1;
        max_ord = std::max(max_ord, e.ord);
      }
      if (e.kind == Kind::kLost) lost_before = true;
      if (e.kind == Kind::kOpen && lost_before) facts.reopened = 1;
      if (e.kind == Kind::kNurture) facts.nurtured = 1;
    }
    for (int k = 0; k < furthest; ++k)
      if (!seen.count(k)) facts.skipped = 1;
  }

  // "won_revenue sums ... the amount of their first event there — the
  // largest amount when several share that first time, 0 when none is
  // recorded".
  std::int64_t won_amount = 0;
  if (won_ord_ >= 0 && seen.count(won_ord_)) {
    std::optional<std::int64_t> best;
    for (const Ev& e : inside)
      if (e.ord == won_ord_ && e.t == first[static_cast<std::size_t>(won_ord_)] && e.amount)
        best = best ? std::max(*best, e.amount->scaled()) : e.amount->scaled();
    won_amount = best.value_or(0);
  }

  // Which entries count, and where. Cohort: all, at the funnel entry.
  // Period: "the stage entries that happen in [from, to)", each at its date.
  Key key;
  for (const auto& c : by_columns_) key.push_back(key_part(c, r));
  std::set<int> counted;
  for (int k : reached)
    if (cohort || in_range(date[static_cast<std::size_t>(k)])) counted.insert(k);
  auto at = [&](int k) -> Tally& {
    return tally(key, bucket_of(cohort ? entry : date[static_cast<std::size_t>(k)]));
  };

  const DurationFigures& want = o_.durations;
  for (int k : counted) {
    const auto kk = static_cast<std::size_t>(k);
    StageTally& s = at(k).stages[kk];
    ++s.reached;
    if (seen.count(k)) ++s.observed;
    if (k > 0 && !reached.count(k - 1)) ++s.without_prev;
    if (!reached.count(0)) ++s.without_entry;
    // from_entry: "over records with events at both".
    if (want.from_entry && seen.count(k) && seen.count(0) && first[kk] && first[0])
      s.from_entry.push_back(*first[kk] - *first[0]);
    if (k < furthest) {
      ++s.advanced;
      // in_stage: "until the earliest later entry at a later main-path stage".
      if (want.in_stage && seen.count(k) && first[kk]) {
        Time next;
        for (int j : seen)
          if (j > k && first[static_cast<std::size_t>(j)] && *first[static_cast<std::size_t>(j)] >= *first[kk] &&
              (!next || *first[static_cast<std::size_t>(j)] < *next))
            next = first[static_cast<std::size_t>(j)];
        if (next) s.in_stage.push_back(*next - *first[kk]);
      }
      continue;
    }
    // The furthest stage: how the record ended there.
    switch (outcome) {
      case Kind::kLost:
        ++s.lost;
        ++s.reasons[reason];
        break;
      case Kind::kNurture:
        ++s.nurture;
        break;
      case Kind::kWon:
        if (k != won_ord_) ++s.advanced;
        break;
      default:
        if (o_.window_days && window_closed) {
          ++s.expired;
        } else {
          ++s.open;
          if (want.aging && first[kk]) s.aging.push_back(as_of_ - *first[kk]);
        }
    }
  }

  // The record as a whole, where its first counted entry is.
  if (!counted.empty()) {
    Tally& g = at(*counted.begin());
    ++g.records;
    g.paths.skipped += facts.skipped;
    g.paths.moved_backwards += facts.moved_backwards;
    g.paths.reentered += facts.reentered;
    g.paths.reopened += facts.reopened;
    g.paths.nurtured += facts.nurtured;
    if (outcome == Kind::kOpen) ++g.open;
    if (outcome == Kind::kNurture) ++g.nurture;
  }
  // "Outcomes (won, lost, win rate, cycle) count the records whose close is
  // in the range" (period mode); in cohort mode every record's.
  if ((outcome == Kind::kWon || outcome == Kind::kLost) && (cohort || in_range(close))) {
    Tally& c = cohort ? at(0) : tally(key, bucket_of(close));
    if (outcome == Kind::kWon) ++c.won; else ++c.lost;
    if (want.cycle && cycle_start && close) c.cycle.push_back(*close - *cycle_start);
  }
  if (won_ord_ >= 0 && seen.count(won_ord_) && counted.count(won_ord_)) at(won_ord_).revenue += won_amount;

  // Teams.
  std::string assigned = classes_[0];
  if (o_.team_assignment) {
    const AttributeValue v = data_.find_attribute(o_.team_assignment->attribute)->value(r);
    if (auto* s = std::get_if<std::string_view>(&v))
      for (const auto& [value, team] : o_.team_assignment->teams)
        if (value == *s) assigned = team;
  }
  for (const auto& [team, stages] : own_[assigned]) {
    const std::size_t row = team_row(team);
    std::set<int> mine;
    for (int k : stages)
      if (counted.count(k)) mine.insert(k);
    if (mine.empty()) continue;
    ++at(*mine.begin()).teams[row].input;
    const int last_own = *stages.rbegin();
    const int out = last_own + 1 < static_cast<int>(n) ? last_own + 1 : last_own;
    if (!counted.count(out)) continue;
    TeamTally& t = at(out).teams[row];
    ++t.output;
    if (won_ord_ >= 0 && reached.count(won_ord_)) ++t.output_won;
    int start_stage = -1;
    for (int k : stages)
      if (reached.count(k)) {
        start_stage = k;
        break;
      }
    const Time start = date[static_cast<std::size_t>(start_stage)];
    const Time handoff = date[static_cast<std::size_t>(out)];
    if (want.team_velocity && start && handoff) t.velocity.push_back(*handoff - *start);
  }
}

FunnelGroup Reference::assemble(const Tally& t) const {
  const std::uint64_t min = o_.min_sample;
  const bool cohort = o_.mode == ReportMode::kCohort;
  const DurationFigures& want = o_.durations;
  FunnelGroup g;
  g.records = t.records;
  g.won = t.won;
  g.lost = t.lost;
  g.open = t.open;
  g.nurture = t.nurture;
  g.win_rate = rate(t.won, t.won + t.lost, true, min);
  g.won_revenue = Amount::from_scaled(t.revenue);
  g.cycle = summarize(t.cycle, want.cycle);
  g.paths = t.paths;
  for (std::size_t k = 0; k < path_.size(); ++k) {
    const StageTally& s = t.stages[k];
    StageRow row;
    row.stage = path_[k];
    row.reached = s.reached;
    row.observed = s.observed;
    row.step = k == 0 ? rate(s.reached, 0, false, min)
                      : rate(s.reached, t.stages[k - 1].reached, cohort && s.without_prev == 0, min);
    row.overall = rate(s.reached, t.stages[0].reached, cohort && s.without_entry == 0, min);
    std::vector<std::int64_t> from_entry = s.from_entry;
    row.from_entry = summarize(from_entry, want.from_entry);
    row.in_stage = summarize(s.in_stage, want.in_stage);
    row.aging = summarize(s.aging, want.aging);
    row.advanced = s.advanced;
    row.lost = s.lost;
    row.nurture = s.nurture;
    row.open = s.open;
    row.expired = s.expired;
    for (const auto& [reason, count] : s.reasons) row.loss_reasons.push_back({reason, count});
    std::stable_sort(row.loss_reasons.begin(), row.loss_reasons.end(),
                     [](const ReasonCount& a, const ReasonCount& b) { return a.count > b.count; });
    g.stages.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < team_names_.size(); ++i) {
    const TeamTally& tt = t.teams[i];
    TeamRow row;
    row.team = team_names_[i];
    row.stages = team_stages_[i];
    row.input = tt.input;
    row.output = tt.output;
    row.conversion = rate(tt.output, tt.input, cohort, min);
    row.velocity = summarize(tt.velocity, want.team_velocity);
    row.quality = rate(tt.output_won, tt.output, true, min);
    g.teams.push_back(std::move(row));
  }
  return g;
}

FunnelReport Reference::run() {
  setup();
  for (RecordIndex r = 0; r < data_.record_count(); ++r) record(r);

  FunnelReport report;
  report.main_path = path_;
  report.by = o_.by;
  report.passage = o_.passage;
  report.mode = o_.mode;
  report.as_of = Timestamp::from_micros(as_of_);
  report.records_outside_funnel = outside_;
  report.events_unknown_stage = unknown_;
  report.events_without_time = untimed_;

  // "The total group (*) comes first ... each bucket has its own total."
  const Tally empty(path_.size(), team_names_.size());
  std::map<Time, Tally, BucketLess> totals;
  Tally overall = empty;
  for (const auto& [key, per_bucket] : slots_)
    for (const auto& [bucket, t] : per_bucket) {
      totals.emplace(bucket, empty).first->second.add(t);
      overall.add(t);
    }
  if (!buckets_ && totals.empty()) totals.emplace(Time(0), empty);
  for (const auto& [bucket, t] : totals) {
    FunnelGroup g = assemble(t);
    g.total = true;
    if (buckets_ && bucket) g.bucket = Timestamp::from_micros(*bucket);
    report.groups.push_back(std::move(g));
  }
  if (!o_.by.empty()) {
    for (const auto& [key, per_bucket] : slots_) {
      auto key_text = [&key = key] {
        std::vector<std::optional<std::string>> k;
        for (const KeyPart& p : key) k.push_back(p.present ? std::optional(p.text) : std::nullopt);
        return k;
      };
      if (per_bucket.empty()) {  // listed even when nothing falls into it
        FunnelGroup g = assemble(empty);
        g.key = key_text();
        report.groups.push_back(std::move(g));
      }
      for (const auto& [bucket, t] : per_bucket) {
        FunnelGroup g = assemble(t);
        g.key = key_text();
        if (buckets_ && bucket) g.bucket = Timestamp::from_micros(*bucket);
        report.groups.push_back(std::move(g));
      }
    }
  }

  // Bottlenecks, "over all records of the report".
  std::optional<FunnelReport> baseline;
  if (o_.baseline_from) {
    FunnelOptions base = o_;
    base.from = o_.baseline_from;
    base.to = o_.baseline_to;
    base.by.clear();
    base.bucket = TimeBucket::kNone;
    base.baseline_from.reset();
    base.baseline_to.reset();
    base.target_rates.clear();
    base.durations = DurationFigures::none();
    baseline = Reference(data_, graph_, base).run();
  }
  const bool cohort = o_.mode == ReportMode::kCohort;
  const std::uint64_t won = won_ord_ >= 0 ? overall.stages[static_cast<std::size_t>(won_ord_)].reached : 0;
  const double revenue = Amount::from_scaled(overall.revenue).value();
  for (std::size_t k = 1; k < path_.size(); ++k) {
    Bottleneck b;
    b.stage = path_[k];
    const std::uint64_t prev = overall.stages[k - 1].reached;
    const std::uint64_t here = overall.stages[k].reached;
    const bool proportion = cohort && overall.stages[k].without_prev == 0;
    b.current = rate(here, prev, proportion, o_.min_sample);
    // "reached(previous) × 0.01 × won / reached(s) × revenue / won", with
    // won cancelled (computed in the same order as the engine, so that
    // equal values rank as ties in both).
    b.revenue_per_point = here == 0 || won == 0
                              ? 0.0
                              : static_cast<double>(prev) * 0.01 * revenue / static_cast<double>(here);
    for (const auto& [stage, target] : o_.target_rates)
      if (stage == b.stage) b.target = target;
    b.p_value = kNaN;
    if (baseline) {
      const FunnelGroup& bt = baseline->groups.front();
      b.baseline = rate(bt.stages[k].reached, bt.stages[k - 1].reached, proportion, o_.min_sample);
    }
    if (prev > 0 && !b.current.small_sample) {
      auto test = [&](double p) {
        b.p_value = std::isnan(b.p_value) ? p : std::min(b.p_value, p);
        if (p < o_.significance) b.flagged = true;
      };
      if (b.baseline && !b.baseline->small_sample) {
        // "a pooled two-proportion z-test"
        const double n1 = static_cast<double>(prev), n2 = static_cast<double>(b.baseline->denominator);
        const double p1 = static_cast<double>(here) / n1;
        const double p2 = static_cast<double>(b.baseline->numerator) / n2;
        const double pooled = static_cast<double>(here + b.baseline->numerator) / (n1 + n2);
        const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        test(se == 0 ? (p1 < p2 ? 0.0 : 1.0) : normal_cdf((p1 - p2) / se));
      }
      if (b.target) {
        // "below a configured target rate (score test)"
        const double n1 = static_cast<double>(prev);
        const double p1 = static_cast<double>(here) / n1;
        const double se = std::sqrt(*b.target * (1 - *b.target) / n1);
        test(se == 0 ? (p1 < *b.target ? 0.0 : 1.0) : normal_cdf((p1 - *b.target) / se));
      }
    }
    report.bottlenecks.push_back(std::move(b));
  }
  std::stable_sort(report.bottlenecks.begin(), report.bottlenecks.end(),
                   [](const Bottleneck& a, const Bottleneck& b) {
                     return a.revenue_per_point > b.revenue_per_point;
                   });
  return report;
}

}  // namespace

FunnelReport funnel_report(const DataSet& data, const StageGraph& graph,
                           const FunnelOptions& options) {
  return Reference(data, graph, options).run();
}

}  // namespace modelfunnel::reference
