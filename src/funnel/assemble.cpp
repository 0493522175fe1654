#include "funnel/assemble.hpp"

#include <algorithm>
#include <bit>

#include "absl/container/flat_hash_map.h"
#include "funnel/stats.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::funnel {
namespace {

std::vector<ReasonCount> sorted_reasons(const Setup& setup, const StageAcc& s) {
  // By text: a reason recorded as "" and no reason at all are one row.
  absl::flat_hash_map<std::string_view, std::uint64_t> by_text;
  for (const auto& [code, n] : s.reasons)
    by_text[code == kNoReason ? std::string_view() : std::string_view(setup.data->events.reasons[code])] += n;
  std::vector<ReasonCount> out;
  out.reserve(by_text.size());
  for (const auto& [text, n] : by_text) out.push_back({std::string(text), n});
  std::sort(out.begin(), out.end(), [](const ReasonCount& a, const ReasonCount& b) {
    return a.count != b.count ? a.count > b.count : a.reason < b.reason;
  });
  return out;
}

/// Durations of the total of several groups, read from their vectors in place.
template <class Get>
Durations total_durations(const std::vector<GroupAcc*>& parts, Get get) {
  std::vector<const std::vector<std::int64_t>*> vectors;
  DurationBounds bounds;
  for (GroupAcc* p : parts) {
    get(*p).collect(vectors);
    bounds.add(get(*p).bounds);
  }
  return summarize_durations(vectors, bounds);
}

Durations summarize(const Samples& samples) {
  std::vector<const std::vector<std::int64_t>*> parts;
  samples.collect(parts);
  return summarize_durations(parts, samples.bounds);
}

/// @p n durations of 0 days (NaN statistics when there are none).
Durations zeros(std::uint64_t n) {
  if (n == 0) return summarize(Samples());
  return Durations{n, 0.0, 0.0, 0.0};
}

/// A figure FunnelOptions::durations left out.
Durations omitted() {
  Durations d = summarize(Samples());
  d.computed = false;
  return d;
}

/// summarize(@p samples) when the figure is wanted, else omitted().
Durations figure(bool wanted, const Samples& samples) {
  return wanted ? summarize(samples) : omitted();
}

}  // namespace

FunnelGroup assemble_group(const Setup& setup, const GroupAcc& acc) {
  FunnelGroup g;
  const std::uint64_t min = setup.options.min_sample;
  g.records = acc.records;
  g.won = acc.won;
  g.lost = acc.lost;
  g.open = acc.open;
  g.nurture = acc.nurture;
  g.win_rate = make_rate(acc.won, acc.won + acc.lost, true, min);
  g.won_revenue = Amount::from_scaled(acc.revenue);
  const DurationFigures& want = setup.options.durations;
  g.cycle = figure(want.cycle, acc.cycle);
  g.paths = acc.paths;
  const std::uint64_t entry_reached = acc.stages.empty() ? 0 : acc.stages[0].reached;
  for (int k = 0; k < setup.n_main; ++k) {
    const StageAcc& s = acc.stages[static_cast<std::size_t>(k)];
    StageRow row;
    row.stage = setup.main_path[static_cast<std::size_t>(k)];
    row.reached = s.reached;
    row.observed = s.observed;
    if (k == 0) {
      row.step = make_rate(s.reached, 0, false, min);
    } else {
      const StageAcc& prev = acc.stages[static_cast<std::size_t>(k) - 1];
      row.step = make_rate(s.reached, prev.reached, setup.cohort && s.without_prev == 0, min);
    }
    row.overall = make_rate(s.reached, entry_reached, setup.cohort && s.without_entry == 0, min);
    row.from_entry = !want.from_entry ? omitted()
                     : k == 0         ? zeros(s.entry_zero_durations)
                                      : summarize(s.from_entry);
    row.in_stage = figure(want.in_stage, s.in_stage);
    row.aging = figure(want.aging, s.aging);
    row.advanced = s.advanced;
    row.lost = s.lost;
    row.nurture = s.nurture;
    row.open = s.open;
    row.expired = s.expired;
    row.loss_reasons = sorted_reasons(setup, s);
    g.stages.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < setup.team_names.size(); ++i) {
    const TeamAcc& t = acc.teams[i];
    TeamRow row;
    row.team = setup.team_names[i];
    // Its stages for any class of records, in main-path order.
    for (int k = 0; k < setup.n_main; ++k) {
      bool owns = false;
      for (const TeamClass& tc : setup.team_classes)
        for (std::size_t j = 0; j < tc.team.size(); ++j)
          owns = owns || (tc.team[j] == i && ((tc.ords[j] >> k) & 1));
      if (owns) row.stages.push_back(setup.main_path[static_cast<std::size_t>(k)]);
    }
    row.input = t.input;
    row.output = t.output;
    row.conversion = make_rate(t.output, t.input, setup.cohort, min);
    row.velocity = figure(want.team_velocity, t.velocity);
    row.quality = make_rate(t.output_won, t.output, true, min);
    g.teams.push_back(std::move(row));
  }
  return g;
}

std::vector<FunnelGroup> assemble_groups(const Setup& setup, PassResult& pass,
                                         GroupAcc& overall, unsigned threads) {
  const std::size_t n_groups = setup.groups.keys.size();
  const std::uint32_t nb = setup.bucket_slots;
  overall = GroupAcc();
  // Slots no record reached are read through this empty accumulator, so the
  // threads below only ever read the shared ones.
  GroupAcc empty;
  empty.use(setup.n_main, setup.team_names.size());
  auto slot = [&](std::size_t k, std::uint32_t b) -> GroupAcc& {
    GroupAcc& acc = pass.slots[k * nb + b];
    return acc.used ? acc : empty;
  };

  // Without a breakdown the single group is the total.
  if (setup.options.by.empty()) {
    std::vector<FunnelGroup> out;
    for (std::uint32_t b = 0; b < nb; ++b) {
      if (!pass.slots[b].used && nb > 1) continue;
      overall.add_counts(slot(0, b));
      FunnelGroup g = assemble_group(setup, slot(0, b));
      g.total = true;
      g.bucket = setup.bucket_start(b);
      out.push_back(std::move(g));
    }
    return out;
  }

  // Totals per bucket slot, merged from the breakdown groups: counts added,
  // durations read across the groups' vectors in place.
  std::vector<FunnelGroup> totals;
  auto total_work = [&] {
    for (std::uint32_t b = 0; b < nb; ++b) {
      std::vector<GroupAcc*> parts;
      GroupAcc total;
      total.use(setup.n_main, setup.team_names.size());
      for (std::size_t k = 0; k < n_groups; ++k) {
        GroupAcc& acc = pass.slots[k * nb + b];
        if (!acc.used) continue;
        parts.push_back(&acc);
        total.add_counts(acc);
      }
      if (parts.empty() && nb > 1) continue;
      overall.add_counts(total);
      FunnelGroup g = assemble_group(setup, total);
      const DurationFigures& want = setup.options.durations;
      if (want.cycle)
        g.cycle = total_durations(parts, [](GroupAcc& a) -> auto& { return a.cycle; });
      for (int k = 0; k < setup.n_main; ++k) {
        const auto i = static_cast<std::size_t>(k);
        StageRow& row = g.stages[i];
        if (k > 0 && want.from_entry)
          row.from_entry = total_durations(parts, [i](GroupAcc& a) -> auto& { return a.stages[i].from_entry; });
        if (want.in_stage)
          row.in_stage = total_durations(parts, [i](GroupAcc& a) -> auto& { return a.stages[i].in_stage; });
        if (want.aging)
          row.aging = total_durations(parts, [i](GroupAcc& a) -> auto& { return a.stages[i].aging; });
      }
      if (want.team_velocity)
        for (std::size_t t = 0; t < setup.team_names.size(); ++t)
          g.teams[t].velocity = total_durations(parts, [t](GroupAcc& a) -> auto& { return a.teams[t].velocity; });
      g.total = true;
      g.bucket = setup.bucket_start(b);
      totals.push_back(std::move(g));
    }
  };

  // Breakdown groups: every group appears (an empty one with zero counts);
  // with buckets, only the buckets it has entries in.
  std::vector<std::pair<std::size_t, std::uint32_t>> todo;
  for (std::size_t k = 0; k < n_groups; ++k) {
    bool any = false;
    for (std::uint32_t b = 0; b < nb; ++b) {
      if (!pass.slots[k * nb + b].used) continue;
      any = true;
      todo.emplace_back(k, b);
    }
    if (!any) todo.emplace_back(k, 0);
  }
  std::vector<FunnelGroup> groups(todo.size());
  auto group_work = [&] {
    for (std::size_t i = 0; i < todo.size(); ++i) {
      const auto [k, b] = todo[i];
      FunnelGroup g = assemble_group(setup, slot(k, b));
      g.key = setup.groups.keys[k];
      if (pass.slots[k * nb + b].used) g.bucket = setup.bucket_start(b);
      groups[i] = std::move(g);
    }
  };
  // The totals read as many durations as all groups together: one thread
  // each when there are two. (in_parallel takes a thread count: passing
  // `threads > 1` made it 1, and this ran on one thread since issue 12.)
  in_parallel(threads, group_work, total_work);
  totals.insert(totals.end(), std::make_move_iterator(groups.begin()),
                std::make_move_iterator(groups.end()));
  return totals;
}

}  // namespace modelfunnel::internal::funnel
