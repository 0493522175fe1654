// assign_accounts(): A and B accounts to BDRs as a min-cost flow.
//
// Accounts of the same tier and territory are interchangeable for the
// constraints, so they form one group; the network is
//
//   source -> group(tier, territory) -> [rep's A node ->] rep -> sink
//
// with the group's account count on the source arc, max_a on the A node's
// arc (only first-tier groups pass through it), and max_total on the rep's
// arcs to the sink, split into kSegments arcs of rising cost so that every
// rep fills its first eighth before any fills its second (an even share of
// capacity). The flow is a maximum one — the most accounts placed. Which
// accounts can be placed together is a matroid (a gammoid), so a maximum
// flow can also place the most first-tier accounts; the cost makes it do
// so: each tier below the first costs more per account than the rest of
// the costs of the whole flow. Among those, reps naming a territory come
// before `*` reps, then the even shares. A greedy pass (each account to
// the first rep with room) is not enough: docs/tiering.md shows a case it
// leaves an account out of; the tests pin it.
//
// The flow says how many accounts of each group each rep takes; the
// accounts themselves are then dealt best first, each to the group's rep
// with room and the least fit weight so far.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "util/min_cost_flow.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

constexpr std::int64_t kSegments = 8;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

absl::StatusOr<Assignment> run(const CsvTable& table, const Tiering& tiering, std::span<const TierRep> reps,
                               const AssignOptions& options, const std::string& model_territory) {
  if (reps.empty()) return absl::InvalidArgumentError("tier.rep: no reps to assign accounts to");
  const std::string column = options.territory_column.empty() ? model_territory : options.territory_column;
  std::optional<std::size_t> territory_col;
  if (!column.empty()) {
    territory_col = table.column(column);
    if (!territory_col)
      return absl::InvalidArgumentError(absl::StrCat(table.name, ":1: tier.column: no territory column \"", column, "\""));
  }
  const std::size_t n = tiering.accounts.size();
  const std::size_t R = reps.size();
  const std::size_t T = std::min(options.tiers_assigned, tiering.tiers.size());
  Assignment out;
  out.rep.assign(n, -1);
  out.status.assign(n, AssignStatus::kNotAssigned);
  for (const TierRep& r : reps) out.reps.push_back({r, 0, 0, 0});

  // Territory classes: "" (blank) and each value seen, in order of first use.
  std::map<std::string, std::size_t> class_of;
  std::vector<std::string> classes;
  std::vector<std::size_t> account_class(n, 0);
  std::vector<std::vector<std::size_t>> group_accounts;  // by tier * C + class, filled below
  for (std::size_t i = 0; i < n; ++i) {
    const TieredAccount& a = tiering.accounts[i];
    if (a.tier >= T) continue;
    if (a.row >= table.rows.size())
      return absl::InvalidArgumentError("tier.rep: the tiering is not of these accounts (a row is out of range)");
    const std::string t = territory_col ? trim(table.rows[a.row][*territory_col]) : std::string();
    const auto [it, fresh] = class_of.emplace(t, classes.size());
    if (fresh) classes.push_back(t);
    account_class[i] = it->second;
  }
  const std::size_t C = classes.size();
  // Which reps cover which class, and whether by name (0) or by `*` (1).
  std::vector<std::vector<std::pair<std::size_t, int>>> cover(C);
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t r = 0; r < R; ++r) {
      const auto& ts = reps[r].territories;
      const bool star = std::find(ts.begin(), ts.end(), "*") != ts.end();
      const bool named = !classes[c].empty() && std::find(ts.begin(), ts.end(), classes[c]) != ts.end();
      if (!territory_col) cover[c].push_back({r, 0});
      else if (named) cover[c].push_back({r, 0});
      else if (star) cover[c].push_back({r, 1});
    }

  group_accounts.assign(T * C, {});
  for (std::size_t i = 0; i < n; ++i)
    if (tiering.accounts[i].tier < T) group_accounts[tiering.accounts[i].tier * C + account_class[i]].push_back(i);

  // Nodes: source, groups, A nodes, reps, sink.
  const std::size_t source = 0, first_group = 1, first_a = first_group + T * C, first_rep = first_a + R,
                    sink = first_rep + R;
  FlowNetwork net(sink + 1);
  std::int64_t total = 0;
  for (const auto& g : group_accounts) total += static_cast<std::int64_t>(g.size());
  const std::int64_t other_max = 2 * kSegments;              // star + segment, per account
  const std::int64_t tier_step = (total + 1) * other_max;    // more than all other costs together
  for (std::size_t g = 0; g < T * C; ++g)
    net.add_arc(source, first_group + g, static_cast<std::int64_t>(group_accounts[g].size()), 0);
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> lanes(T * C);  // (arc, rep)
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t c = 0; c < C; ++c) {
      const std::size_t g = t * C + c;
      if (group_accounts[g].empty()) continue;
      for (const auto& [r, star] : cover[c]) {
        const std::size_t to = t == 0 ? first_a + r : first_rep + r;
        const std::int64_t cost = static_cast<std::int64_t>(t) * tier_step + star * kSegments;
        lanes[g].push_back({net.add_arc(first_group + g, to, total, cost), r});
      }
    }
  for (std::size_t r = 0; r < R; ++r) {
    const std::int64_t max_a = static_cast<std::int64_t>(std::min<std::uint64_t>(reps[r].max_a, total));
    const std::int64_t max_total = static_cast<std::int64_t>(std::min<std::uint64_t>(reps[r].max_total, total));
    net.add_arc(first_a + r, first_rep + r, max_a, 0);
    for (std::int64_t s = 0; s < kSegments; ++s) {
      const std::int64_t cap = max_total * (s + 1) / kSegments - max_total * s / kSegments;
      if (cap > 0) net.add_arc(first_rep + r, sink, cap, s);
    }
  }
  net.solve(source, sink);

  // Deal each group's accounts (in rank order, best first) to its reps
  // within the flow's counts, to the rep with the least fit weight so far.
  for (std::size_t g = 0; g < T * C; ++g) {
    std::vector<std::int64_t> quota;
    for (const auto& lane : lanes[g]) quota.push_back(net.flow(lane.first));
    for (std::size_t i : group_accounts[g]) {
      int best = -1;
      for (std::size_t l = 0; l < lanes[g].size(); ++l) {
        if (quota[l] == 0) continue;
        if (best < 0 || out.reps[lanes[g][l].second].fit_weight < out.reps[lanes[g][best].second].fit_weight)
          best = static_cast<int>(l);
      }
      if (best < 0) {
        const std::size_t c = g % C;
        out.status[i] = !cover[c].empty() ? AssignStatus::kAllFull
                        : classes[c].empty() ? AssignStatus::kTerritoryUnknown
                                             : AssignStatus::kNoRepInTerritory;
        ++out.unplaced;
        continue;
      }
      --quota[static_cast<std::size_t>(best)];
      const std::size_t r = lanes[g][static_cast<std::size_t>(best)].second;
      out.rep[i] = static_cast<std::int32_t>(r);
      out.status[i] = AssignStatus::kPlaced;
      RepAssignment& load = out.reps[r];
      load.first_tier += tiering.accounts[i].tier == 0;
      ++load.total;
      load.fit_weight += tiering.accounts[i].score;
      ++out.placed;
    }
  }
  return out;
}

}  // namespace
}  // namespace internal::tiering

std::string_view to_string(AssignStatus status) {
  switch (status) {
    case AssignStatus::kPlaced: return "placed";
    case AssignStatus::kNoRepInTerritory: return "no_rep_in_territory";
    case AssignStatus::kTerritoryUnknown: return "territory_unknown";
    case AssignStatus::kAllFull: return "all_full";
    case AssignStatus::kNotAssigned: return "not_assigned";
  }
  return "unknown";
}

absl::StatusOr<Assignment> assign_accounts(const CsvTable& accounts, const Tiering& tiering,
                                           std::span<const TierRep> reps, const AssignOptions& options) {
  return internal::no_throw("assign_accounts", [&]() -> absl::StatusOr<Assignment> {
    return internal::tiering::run(accounts, tiering, reps, options, tiering.territory_column);
  });
}

}  // namespace modelfunnel
