// The walk behind every revenue figure; see history.hpp.
#include "revenue/history.hpp"

#include <algorithm>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/record_scan.hpp"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal::revenue {

absl::StatusOr<Setup> make_setup(const DataSetImpl& data, const StageGraph& graph,
                                 const std::string& owner_attribute) {
  Setup s;
  s.data = &data;
  for (std::string_view id : graph.main_path()) {
    s.main_path.emplace_back(id);
    const Stage* st = graph.find_stage(id);
    s.teams.push_back(absl::StrJoin(st->teams, "|"));
    s.categorised.push_back(st->forecast_category.has_value());
    s.categories.push_back(st->forecast_category.value_or(ForecastCategory::kPipeline));
  }
  if (s.main_path.size() < 2 || graph.find_stage(s.main_path.back())->kind != StageKind::kWon)
    return absl::InvalidArgumentError("the graph's main path must run from an entry stage to a won stage");
  if (s.main_path.size() > 64) return absl::InvalidArgumentError("the main path has more than 64 stages");
  s.won = static_cast<int>(s.main_path.size()) - 1;
  const auto& names = data.stages.values();
  s.code_ord.assign(names.size(), -1);
  s.code_kind.assign(names.size(), Setup::Kind::kNone);
  for (std::size_t c = 0; c < names.size(); ++c) {
    const Stage* st = graph.find_stage(names[c]);
    if (st == nullptr) continue;
    switch (st->kind) {
      case StageKind::kWon: s.code_kind[c] = Setup::Kind::kWon; break;
      case StageKind::kLost: s.code_kind[c] = Setup::Kind::kLost; break;
      case StageKind::kNurture: s.code_kind[c] = Setup::Kind::kNurture; break;
      default: s.code_kind[c] = Setup::Kind::kOpen; break;
    }
    for (std::size_t i = 0; i < s.main_path.size(); ++i)
      if (s.main_path[i] == names[c]) s.code_ord[c] = static_cast<std::int8_t>(i);
  }
  if (!owner_attribute.empty()) {
    auto it = data.column_index.find(owner_attribute);
    if (it == data.column_index.end())
      return absl::InvalidArgumentError(absl::StrCat("owner attribute '", owner_attribute, "' is not in the data"));
    const Column& col = data.columns[it->second];
    if (col.type != AttributeType::kString)
      return absl::InvalidArgumentError(absl::StrCat("owner attribute '", owner_attribute, "' is not a string attribute"));
    s.owner_column = &col;
    s.owner_names = col.dictionary.values();
  } else {
    s.owner_names = data.events.actors.values();
  }
  return s;
}

std::int64_t default_as_of(const Setup& setup) {
  const EventStore& ev = setup.data->events;
  std::int64_t latest = INT64_MIN;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const std::int64_t t = ev.time[i];
    if (t != kNoTime && setup.code_kind[ev.stage[i]] != Setup::Kind::kNone) latest = std::max(latest, t);
  }
  return latest == INT64_MIN ? 0 : latest + 1;
}

namespace {

std::int32_t whole_days(std::int64_t micros) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(micros / kMicrosPerDay, 0, 1'000'000));
}

/// One thread's share of the walk.
struct Walker {
  const Setup* setup;
  std::int64_t as_of;
  bool want_entries, want_lags;
  History out;
  std::vector<std::int64_t> date;  // per main-path stage
  SparseCursor<std::int64_t> amounts;
  SparseCursor<std::uint32_t> actors;

  Walker(const Setup& s, std::int64_t a, bool e, bool l)
      : setup(&s), as_of(a), want_entries(e), want_lags(l),
        amounts(s.data->events.amount), actors(s.data->events.actor) {
    const std::size_t n = s.main_path.size();
    out.entries.resize(n - 1);
    out.lag_days.resize(n);
    date.resize(n);
  }
  void start(std::uint32_t) {}
  void finish() {}

  void visit(std::uint32_t record, std::size_t begin, std::size_t end) {
    if (setup->segment_column && setup->segment_column->codes[record] != setup->segment_code) return;
    const EventStore& ev = setup->data->events;
    const int n = static_cast<int>(setup->main_path.size());
    std::fill(date.begin(), date.end(), kNever);
    int furthest = -1;
    std::int64_t won_at = kNever, won_amount = -1, latest_amount = -1;
    std::int64_t later_won = kNever, later_amount = -1;
    Setup::Kind last_kind = Setup::Kind::kNone;
    std::int64_t last_time = 0;
    std::uint32_t last_actor = kNoOwner;
    // A deal lost and taken up again: the first main-path event after its
    // latest loss is where it re-opened, and its age there counts from then.
    bool lost_before = false;
    int reopen_ord = -1;
    std::int64_t reopen_time = 0;
    for (std::size_t i = begin; i < end; ++i) {
      const std::int64_t t = ev.time[i];
      if (t == kNoTime) break;  // untimed events sort last
      const std::uint16_t code = ev.stage[i];
      const Setup::Kind kind = setup->code_kind[code];
      if (kind == Setup::Kind::kNone) continue;
      const auto row = static_cast<std::uint32_t>(i);
      if (t >= as_of) {
        if (kind == Setup::Kind::kWon && later_won == kNever) {
          later_won = t;
          later_amount = amounts.find(row).value_or(-1);
        }
        continue;
      }
      const int ord = setup->code_ord[code];
      if (kind == Setup::Kind::kLost) {
        lost_before = true;
        reopen_ord = -1;
      } else if (kind == Setup::Kind::kOpen && ord >= 0 && lost_before && reopen_ord < 0) {
        reopen_ord = ord;
        reopen_time = t;
      }
      if (ord >= 0) {
        furthest = std::max(furthest, ord);
        if (date[ord] == kNever) date[ord] = t;
      }
      const auto amount = amounts.find(row);
      if (amount) latest_amount = *amount;
      if (kind == Setup::Kind::kWon && won_at == kNever) {
        won_at = t;
        won_amount = amount.value_or(-1);
      } else if (kind == Setup::Kind::kWon && won_amount < 0 && amount) {
        won_amount = *amount;
      }
      last_kind = kind;
      last_time = t;
      if (!setup->owner_column) {
        if (auto a = actors.find(row)) last_actor = *a;
      }
    }
    if (furthest < 0 && won_at == kNever) return;
    if (won_at != kNever) furthest = std::max(furthest, setup->won);
    // Implied dates: the first event at the stage or at a later one.
    for (int i = n - 2; i >= 0; --i) date[i] = std::min(date[i], date[i + 1]);
    if (won_at != kNever) {
      out.won.push_back({won_at, won_amount});
      if (want_lags)
        for (int i = 0; i < n; ++i)
          if (date[i] != kNever)
            out.lag_days[i].push_back(static_cast<double>(won_at - date[i]) / kMicrosPerDay);
    }
    const bool lost = won_at == kNever && last_kind == Setup::Kind::kLost;
    if (want_entries) {
      for (int i = 0; i < std::min(furthest + 1, setup->won); ++i) {
        if (date[i] == kNever) continue;
        StageEntry e;
        e.observed_days = whole_days(as_of - date[i]);
        std::int64_t exit = i + 1 < n ? date[i + 1] : kNever;
        if (won_at != kNever) {
          e.kind = 1;
          e.close_days = whole_days(won_at - date[i]);
          e.won_amount = won_amount >= 0 ? Amount::from_scaled(won_amount).value() : -1.0;
        } else if (lost) {
          e.kind = 2;
          e.close_days = whole_days(last_time - date[i]);
          exit = std::min(exit, last_time);
        }
        e.exit_days = exit == kNever ? kStayed : whole_days(exit - date[i]);
        out.entries[i].push_back(e);
      }
    }
    if (won_at == kNever && last_kind == Setup::Kind::kOpen && furthest >= 0 && furthest < setup->won) {
      OpenRecord o;
      o.record = record;
      o.stage = static_cast<std::uint8_t>(reopen_ord >= 0 ? reopen_ord : furthest);
      o.entered = reopen_ord >= 0 ? reopen_time : date[furthest];
      o.amount = latest_amount;
      if (setup->owner_column) {
        const std::uint32_t c = setup->owner_column->codes[record];
        o.owner = c == kMissingCode ? kNoOwner : c;
      } else {
        o.owner = last_actor;
      }
      o.later_won = later_won;
      o.later_amount = later_amount;
      out.open.push_back(o);
    }
  }
};

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty()) to = std::move(from);
  else to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

History gather(const Setup& setup, std::int64_t as_of, unsigned threads, bool want_entries, bool want_lags) {
  const std::size_t records = setup.data->record_ids.size();
  const unsigned parts = scan_threads(records, threads);
  std::vector<Walker> walkers;
  walkers.reserve(parts);
  for (unsigned p = 0; p < parts; ++p) walkers.emplace_back(setup, as_of, want_entries, want_lags);
  scan_records(*setup.data, std::span<Walker>(walkers));
  History h = std::move(walkers[0].out);
  h.as_of = as_of;
  for (unsigned p = 1; p < parts; ++p) {
    History& o = walkers[p].out;
    for (std::size_t i = 0; i < h.entries.size(); ++i) append(h.entries[i], o.entries[i]);
    for (std::size_t i = 0; i < h.lag_days.size(); ++i) append(h.lag_days[i], o.lag_days[i]);
    append(h.open, o.open);
    append(h.won, o.won);
  }
  return h;
}

}  // namespace modelfunnel::internal::revenue
