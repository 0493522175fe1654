// tier_accounts(): read the accounts, score them, roll them up, split them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/csv_input.hpp"
#include "tiering/allocate.hpp"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/no_throw.hpp"
#include "util/parallel.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

std::optional<int> tier_index(const FitModelData& m, std::string_view name) {
  const std::string_view t = trimmed(name);
  for (std::size_t i = 0; i < m.tiers.size(); ++i)
    if (m.tiers[i].name == t) return static_cast<int>(i);
  return std::nullopt;
}

/// What scoring one account gives, before it is ranked.
struct Scored {
  double score = 0, low = 0, high = 0;
  std::uint32_t research = UINT32_MAX;  // the missing attribute of widest range
};

/// The first bad value met while scoring a block of rows.
struct BadValue {
  std::size_t row = SIZE_MAX, column = 0;
  ValueError error;
};

absl::StatusOr<Tiering> run(const CsvTable& table, const FitModelData& m, const TierOptions& options) {
  const std::size_t n = table.rows.size();
  const std::size_t na = m.attributes.size();
  const std::size_t k = m.tiers.size();
  const unsigned threads = resolve_threads(options.threads);
  auto id_col = need_column(table, m.id_column, "tier.column", "the model's id column");
  if (!id_col.ok()) return id_col.status();
  std::vector<std::size_t> columns(na);
  for (std::size_t a = 0; a < na; ++a) {
    auto c = need_column(table, m.attributes[a].column, "tier.column", absl::StrCat("attribute \"", m.attributes[a].name, "\" reads it"));
    if (!c.ok()) return c.status();
    columns[a] = *c;
  }
  const bool rollup = options.rollup.value_or(!m.rollup_column.empty());
  std::size_t parent_col = 0;
  if (rollup) {
    if (m.rollup_column.empty())
      return absl::InvalidArgumentError("tier.rollup: roll-up asked for, but the model names no \"rollup\" column");
    auto c = need_column(table, m.rollup_column, "tier.column", "the model's rollup column");
    if (!c.ok()) return c.status();
    parent_col = *c;
  }
  const double margin = options.stability_margin.value_or(m.stability_margin);

  // Ids: present and unique.
  std::vector<std::string_view> ids(n);
  for (std::size_t r = 0; r < n; ++r) {
    ids[r] = trimmed(table.rows[r][*id_col]);
    if (ids[r].empty()) return located(table, r, *id_col, "tier.id", "the account id is blank");
  }
  absl::flat_hash_map<std::string_view, std::size_t> row_of;
  row_of.reserve(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto [it, fresh] = row_of.emplace(ids[r], r);
    if (!fresh)
      return located(table, r, *id_col, "tier.id",
                     absl::StrCat("id \"", av(ids[r]), "\" is also on line ", table.lines[it->second]));
  }

  // Scores: points per attribute, and the range a missing value leaves.
  // Rows are independent: blocks of them are scored on several threads,
  // and the first bad value (by row) is reported, as on one thread.
  std::vector<Scored> scored(n);
  std::vector<std::optional<double>> points(n * na);
  constexpr std::size_t kBlock = 16384;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<BadValue> bad(blocks);
  parallel_for(threads, blocks, [&](std::size_t b) {
    std::string scratch;
    ValueError error;
    for (std::size_t r = b * kBlock; r < std::min(n, (b + 1) * kBlock); ++r) {
      Scored& s = scored[r];
      double widest = 0;
      for (std::size_t a = 0; a < na; ++a) {
        const Attribute& attr = m.attributes[a];
        const std::optional<double> p = points_of(attr, table.rows[r][columns[a]], scratch, error);
        if (!error.rule.empty()) {
          bad[b] = {r, columns[a], error};
          return;
        }
        points[r * na + a] = p;
        if (p) {
          s.low += *p;
          s.high += *p;
        } else if (attr.missing_points) {
          s.low += *attr.missing_points;
          s.high += *attr.missing_points;
        } else {
          s.low += attr.min_points;
          s.high += attr.max_points;
          if (attr.max_points - attr.min_points > widest) {
            widest = attr.max_points - attr.min_points;
            s.research = static_cast<std::uint32_t>(a);
          }
        }
      }
      switch (m.while_uncertain) {
        case WhileUncertain::kLowest: s.score = s.low; break;
        case WhileUncertain::kHighest: s.score = s.high; break;
        case WhileUncertain::kMidpoint: s.score = s.low + (s.high - s.low) / 2; break;
      }
    }
  });
  for (const BadValue& b : bad)
    if (b.row != SIZE_MAX) return located(table, b.row, b.column, b.error.rule, b.error.message);

  Tiering out;
  for (const auto& a : m.attributes) out.attributes.push_back(a.name);
  out.territory_column = m.territory_column;

  // Organisations: each account's top parent (itself without roll-up).
  std::vector<std::uint32_t> root(n);
  std::iota(root.begin(), root.end(), 0);
  if (rollup) {
    std::vector<std::uint32_t> parent(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::string_view p = trimmed(table.rows[r][parent_col]);
      parent[r] = static_cast<std::uint32_t>(r);
      if (p.empty() || p == ids[r]) continue;
      const auto it = row_of.find(p);
      if (it == row_of.end()) {
        ++out.unknown_parents;
        continue;
      }
      parent[r] = static_cast<std::uint32_t>(it->second);
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t at = r, steps = 0;
      while (parent[at] != at) {
        at = parent[at];
        if (++steps > n)
          return located(table, r, parent_col, "tier.parent", "its parents lead back to it (a loop)");
      }
      root[r] = static_cast<std::uint32_t>(at);
    }
    out.rolled_up = true;
  }

  // Units: organisations (or accounts), with their pins and last tiers.
  std::vector<std::uint32_t> unit_of(n);
  std::vector<Unit> units;
  std::vector<std::uint32_t> unit_root;
  units.reserve(rollup ? 0 : n);
  for (std::size_t r = 0; r < n; ++r) {
    if (root[r] != r) continue;
    unit_of[r] = static_cast<std::uint32_t>(units.size());
    units.push_back({scored[r].score, ids[r], 0, -1, -1});
    unit_root.push_back(static_cast<std::uint32_t>(r));
  }
  for (std::size_t r = 0; r < n; ++r) {
    unit_of[r] = unit_of[root[r]];
    ++units[unit_of[r]].weight;
  }
  std::vector<TierReason> reason(n, TierReason::kScore);
  std::vector<std::string> pin_reason;
  std::vector<std::int32_t> pin_of_row;  // index into pin_reason, or -1; made only when pinning
  for (std::size_t i = 0; i < options.pins.size(); ++i) {
    const TierPin& pin = options.pins[i];
    const auto it = row_of.find(trimmed(pin.id));
    if (it == row_of.end())
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, ": tier.pin: no account \"", pin.id, "\""));
    const std::optional<int> t = tier_index(m, pin.tier);
    if (!t)
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, " (", pin.id, "): tier.pin: no tier \"",
                                                     pin.tier, "\" in the model"));
    Unit& u = units[unit_of[it->second]];
    if (u.pin >= 0 && u.pin != *t)
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, " (", pin.id, "): tier.pin: its organisation \"",
                                                     av(ids[root[it->second]]),
                                                     "\" is pinned to another tier already"));
    u.pin = *t;
    if (pin_of_row.empty()) pin_of_row.assign(n, -1);
    reason[it->second] = TierReason::kPinned;
    pin_of_row[it->second] = static_cast<std::int32_t>(pin_reason.size());
    pin_reason.push_back(pin.reason);
  }
  std::vector<std::int8_t> previous_of_row;  // last run's tier, or -1; made only when given
  for (std::size_t i = 0; i < options.previous.size(); ++i) {
    const PreviousTier& p = options.previous[i];
    const std::optional<int> t = tier_index(m, p.tier);
    if (!t)
      return absl::InvalidArgumentError(absl::StrCat("previous tier ", i + 1, " (", p.id,
                                                     "): tier.previous: no tier \"", p.tier, "\" in the model"));
    const auto it = row_of.find(trimmed(p.id));
    if (it == row_of.end()) {
      ++out.previous_unknown;  // accounts come and go between runs
      continue;
    }
    if (previous_of_row.empty()) previous_of_row.assign(n, -1);
    previous_of_row[it->second] = static_cast<std::int8_t>(*t);
    if (root[it->second] == it->second) units[unit_of[it->second]].previous = *t;
  }
  if (k > 127) return absl::InvalidArgumentError("tier.tiers: at most 127 tiers");

  std::vector<double> shares;
  std::vector<std::optional<double>> floors;
  for (const auto& t : m.tiers) {
    shares.push_back(t.share);
    floors.push_back(t.floor);
  }
  const std::vector<std::uint32_t> order = rank_order(units, threads);
  const Allocation split = allocate(units, order, shares, floors, margin);

  // Summaries and the fit margin at each cut-off, over the units' scores.
  out.tiers.resize(k);
  for (std::size_t t = 0; t < k; ++t) {
    out.tiers[t].name = m.tiers[t].name;
    out.tiers[t].share = m.tiers[t].share;
    out.tiers[t].target = split.target[t];
  }
  for (std::size_t u = 0; u < units.size(); ++u) {
    TierSummary& s = out.tiers[static_cast<std::size_t>(split.tier[u])];
    const double score = units[u].score;
    if (!s.min_score || score < *s.min_score) s.min_score = score;
    if (!s.max_score || score > *s.max_score) s.max_score = score;
  }
  for (std::size_t t = 0; t + 1 < k; ++t) {
    TierCutoff c;
    c.upper = m.tiers[t].name;
    c.lower = m.tiers[t + 1].name;
    c.last_upper = out.tiers[t].min_score;
    c.first_lower = out.tiers[t + 1].max_score;
    if (c.last_upper && c.first_lower) c.margin = *c.last_upper - *c.first_lower;
    out.cutoffs.push_back(std::move(c));
  }

  // Rank order: tier by tier, the units in rank order, each unit's top
  // parent first and then its subsidiaries by score and id.
  std::vector<std::vector<std::uint32_t>> members;  // per unit, subsidiaries; made only with roll-up
  if (rollup) {
    members.resize(units.size());
    for (std::size_t r = 0; r < n; ++r)
      if (root[r] != r) members[unit_of[r]].push_back(static_cast<std::uint32_t>(r));
    for (auto& list : members)
      std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
        return scored[a].score != scored[b].score ? scored[a].score > scored[b].score : ids[a] < ids[b];
      });
  }
  std::vector<std::vector<std::uint32_t>> by_tier(k);
  for (std::uint32_t u : order) by_tier[static_cast<std::size_t>(split.tier[u])].push_back(u);
  std::vector<std::uint32_t> rows;
  rows.reserve(n);
  for (const auto& list : by_tier)
    for (std::uint32_t u : list) {
      rows.push_back(unit_root[u]);
      if (rollup) rows.insert(rows.end(), members[u].begin(), members[u].end());
    }

  // The accounts, built in rank order. Uncertain: the organisation's score
  // range holds a cut-off — the lowest score of a tier — above its low end:
  // more data could move it across.
  out.accounts.resize(n);
  out.points.resize(n * na);
  // Per block of accounts, its counts per tier (count, pinned, kept,
  // uncertain), added up after: blocks are built on several threads.
  std::vector<std::vector<std::array<std::uint64_t, 4>>> counts(blocks, std::vector<std::array<std::uint64_t, 4>>(k));
  parallel_for(threads, blocks, [&](std::size_t b) {
    for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
      const std::uint32_t r = rows[i];
      const std::uint32_t u = unit_of[r];
      const Scored& s = scored[r];
      const Scored& top = scored[root[r]];
      TieredAccount& acc = out.accounts[i];
      acc.id.assign(ids[r]);
      acc.row = r;
      acc.rank = i + 1;
      acc.score = s.score;
      acc.score_low = s.low;
      acc.score_high = s.high;
      acc.tier = static_cast<std::size_t>(split.tier[u]);
      acc.reason = reason[r];
      if (units[u].pin >= 0) {
        if (acc.reason != TierReason::kPinned) acc.reason = TierReason::kRolledUp;
        else acc.pin_reason = pin_reason[static_cast<std::size_t>(pin_of_row[r])];
      } else if (root[r] != r) {
        acc.reason = TierReason::kRolledUp;
      } else if (split.kept[u]) {
        acc.reason = TierReason::kKept;
      }
      if (!previous_of_row.empty() && previous_of_row[r] >= 0)
        acc.previous_tier = static_cast<std::size_t>(previous_of_row[r]);
      if (top.low < top.high && units[u].pin < 0) {
        for (std::size_t t = 0; t + 1 < k && !acc.uncertain; ++t) {
          const auto& cut = out.tiers[t].min_score;
          if (cut && top.low < *cut && *cut <= top.high) acc.uncertain = true;
        }
      }
      if (acc.uncertain && top.research != UINT32_MAX) acc.research = m.attributes[top.research].name;
      acc.organisation.assign(ids[root[r]]);
      std::copy_n(points.begin() + static_cast<std::ptrdiff_t>(r * na), na,
                  out.points.begin() + static_cast<std::ptrdiff_t>(i * na));
      auto& c = counts[b][acc.tier];
      ++c[0];
      c[1] += acc.reason == TierReason::kPinned;
      c[2] += acc.reason == TierReason::kKept;
      c[3] += acc.uncertain;
    }
  });
  for (const auto& block : counts)
    for (std::size_t t = 0; t < k; ++t) {
      out.tiers[t].count += block[t][0];
      out.tiers[t].pinned += block[t][1];
      out.tiers[t].kept += block[t][2];
      out.tiers[t].uncertain += block[t][3];
    }
  for (TierSummary& s : out.tiers)
    s.difference = static_cast<std::int64_t>(s.count) - static_cast<std::int64_t>(s.target);
  return out;
}

}  // namespace
}  // namespace internal::tiering

std::string_view to_string(TierReason reason) {
  switch (reason) {
    case TierReason::kScore: return "score";
    case TierReason::kPinned: return "pinned";
    case TierReason::kKept: return "kept";
    case TierReason::kRolledUp: return "rolled_up";
  }
  return "unknown";
}

absl::StatusOr<Tiering> tier_accounts(const CsvTable& accounts, const FitModel& model, const TierOptions& options) {
  return internal::no_throw("tier_accounts", [&]() -> absl::StatusOr<Tiering> {
    return internal::tiering::run(accounts, FitModelAccess::data(model), options);
  });
}

}  // namespace modelfunnel
