// tier_accounts(): read the accounts, score them, roll them up, split them.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/allocate.hpp"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

absl::Status located(const CsvTable& table, std::size_t row, std::size_t column, std::string_view rule,
                     std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(table.where(row, column), ": field '", av(table.header[column]),
                                                 "': ", av(rule), ": ", av(message)));
}

absl::StatusOr<std::size_t> need_column(const CsvTable& table, const std::string& name, std::string_view why) {
  const auto c = table.column(name);
  if (!c)
    return absl::InvalidArgumentError(absl::StrCat(table.name, ":1: tier.column: no column \"", name, "\" (",
                                                   av(why), ")"));
  return *c;
}

std::optional<int> tier_index(const FitModelData& m, std::string_view name) {
  const std::string_view t = trimmed(name);
  for (std::size_t i = 0; i < m.tiers.size(); ++i)
    if (m.tiers[i].name == t) return static_cast<int>(i);
  return std::nullopt;
}

absl::StatusOr<Tiering> run(const CsvTable& table, const FitModelData& m, const TierOptions& options) {
  const std::size_t n = table.rows.size();
  const std::size_t na = m.attributes.size();
  const std::size_t k = m.tiers.size();
  auto id_col = need_column(table, m.id_column, "the model's id column");
  if (!id_col.ok()) return id_col.status();
  std::vector<std::size_t> columns(na);
  for (std::size_t a = 0; a < na; ++a) {
    auto c = need_column(table, m.attributes[a].column, absl::StrCat("attribute \"", m.attributes[a].name, "\" reads it"));
    if (!c.ok()) return c.status();
    columns[a] = *c;
  }
  const bool rollup = options.rollup.value_or(!m.rollup_column.empty());
  std::size_t parent_col = 0;
  if (rollup) {
    if (m.rollup_column.empty())
      return absl::InvalidArgumentError("tier.rollup: roll-up asked for, but the model names no \"rollup\" column");
    auto c = need_column(table, m.rollup_column, "the model's rollup column");
    if (!c.ok()) return c.status();
    parent_col = *c;
  }
  const double margin = options.stability_margin.value_or(m.stability_margin);

  Tiering out;
  for (const auto& a : m.attributes) out.attributes.push_back(a.name);
  out.territory_column = m.territory_column;
  out.accounts.resize(n);

  // Ids: present and unique.
  absl::flat_hash_map<std::string_view, std::size_t> row_of;
  row_of.reserve(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view id = trimmed(table.rows[r][*id_col]);
    if (id.empty()) return located(table, r, *id_col, "tier.id", "the account id is blank");
    const auto [it, fresh] = row_of.emplace(id, r);
    if (!fresh)
      return located(table, r, *id_col, "tier.id",
                     absl::StrCat("id \"", av(id), "\" is also on line ", table.lines[it->second]));
  }

  // Scores: points per attribute, and the range a missing value leaves.
  std::string scratch;
  ValueError error;
  std::vector<std::size_t> research(n, SIZE_MAX);
  for (std::size_t r = 0; r < n; ++r) {
    TieredAccount& acc = out.accounts[r];
    acc.id = std::string(trimmed(table.rows[r][*id_col]));
    acc.row = r;
    acc.points.resize(na);
    double low = 0, high = 0, widest = 0;
    for (std::size_t a = 0; a < na; ++a) {
      const Attribute& attr = m.attributes[a];
      const std::optional<double> p = points_of(attr, table.rows[r][columns[a]], scratch, error);
      if (!error.rule.empty()) return located(table, r, columns[a], error.rule, error.message);
      acc.points[a] = p;
      if (p) {
        low += *p;
        high += *p;
      } else if (attr.missing_points) {
        low += *attr.missing_points;
        high += *attr.missing_points;
      } else {
        low += attr.min_points;
        high += attr.max_points;
        if (attr.max_points - attr.min_points > widest) {
          widest = attr.max_points - attr.min_points;
          research[r] = a;
        }
      }
    }
    acc.score_low = low;
    acc.score_high = high;
    switch (m.while_uncertain) {
      case WhileUncertain::kLowest: acc.score = low; break;
      case WhileUncertain::kHighest: acc.score = high; break;
      case WhileUncertain::kMidpoint: acc.score = low + (high - low) / 2; break;
    }
  }

  // Organisations: each account's top parent (itself without roll-up).
  std::vector<std::size_t> root(n);
  std::iota(root.begin(), root.end(), 0);
  if (rollup) {
    std::vector<std::size_t> parent(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::string_view p = trimmed(table.rows[r][parent_col]);
      parent[r] = r;
      if (p.empty() || p == out.accounts[r].id) continue;
      const auto it = row_of.find(p);
      if (it == row_of.end()) {
        ++out.unknown_parents;
        continue;
      }
      parent[r] = it->second;
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t at = r, steps = 0;
      while (parent[at] != at) {
        at = parent[at];
        if (++steps > n)
          return located(table, r, parent_col, "tier.parent", "its parents lead back to it (a loop)");
      }
      root[r] = at;
    }
    out.rolled_up = true;
  }
  for (std::size_t r = 0; r < n; ++r) out.accounts[r].organisation = out.accounts[root[r]].id;

  // Units: organisations (or accounts), with their pins and last tiers.
  std::vector<std::uint32_t> unit_of(n);
  std::vector<Unit> units;
  std::vector<std::size_t> unit_root;
  for (std::size_t r = 0; r < n; ++r) {
    if (root[r] != r) continue;
    unit_of[r] = static_cast<std::uint32_t>(units.size());
    units.push_back({out.accounts[r].score, out.accounts[r].id, 0, -1, -1});
    unit_root.push_back(r);
  }
  for (std::size_t r = 0; r < n; ++r) {
    unit_of[r] = unit_of[root[r]];
    ++units[unit_of[r]].weight;
  }
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
                                                     out.accounts[it->second].organisation,
                                                     "\" is pinned to another tier already"));
    u.pin = *t;
    out.accounts[it->second].reason = TierReason::kPinned;
    out.accounts[it->second].pin_reason = pin.reason;
  }
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
    out.accounts[it->second].previous_tier = static_cast<std::size_t>(*t);
    if (root[it->second] == it->second) units[unit_of[it->second]].previous = *t;
  }

  std::vector<double> shares;
  std::vector<std::optional<double>> floors;
  for (const auto& t : m.tiers) {
    shares.push_back(t.share);
    floors.push_back(t.floor);
  }
  const Allocation split = allocate(units, shares, floors, margin);

  // Each account takes its unit's tier.
  for (std::size_t r = 0; r < n; ++r) {
    TieredAccount& acc = out.accounts[r];
    const std::uint32_t u = unit_of[r];
    acc.tier = static_cast<std::size_t>(split.tier[u]);
    if (units[u].pin >= 0) {
      if (acc.reason != TierReason::kPinned) acc.reason = TierReason::kRolledUp;
    } else if (root[r] != r) {
      acc.reason = TierReason::kRolledUp;
    } else if (split.kept[u]) {
      acc.reason = TierReason::kKept;
    }
  }

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
  // Uncertain: the organisation's score range holds a cut-off — the lowest
  // score of a tier — above its low end: more data could move it across.
  for (std::size_t r = 0; r < n; ++r) {
    TieredAccount& acc = out.accounts[r];
    const TieredAccount& top = out.accounts[root[r]];
    if (top.score_low < top.score_high && units[unit_of[r]].pin < 0) {
      for (std::size_t t = 0; t + 1 < k; ++t) {
        const auto& cut = out.tiers[t].min_score;
        if (cut && top.score_low < *cut && *cut <= top.score_high) acc.uncertain = true;
      }
    }
    if (acc.uncertain && research[root[r]] != SIZE_MAX) acc.research = m.attributes[research[root[r]]].name;
  }
  for (const TieredAccount& acc : out.accounts) {
    TierSummary& s = out.tiers[acc.tier];
    ++s.count;
    s.pinned += acc.reason == TierReason::kPinned;
    s.kept += acc.reason == TierReason::kKept;
    s.uncertain += acc.uncertain;
  }
  for (TierSummary& s : out.tiers)
    s.difference = static_cast<std::int64_t>(s.count) - static_cast<std::int64_t>(s.target);

  // Rank order: tier, organisation (score, id), then the top parent first
  // and its subsidiaries by score and id.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const TieredAccount& x = out.accounts[a];
    const TieredAccount& y = out.accounts[b];
    if (x.tier != y.tier) return x.tier < y.tier;
    const Unit& ux = units[unit_of[a]];
    const Unit& uy = units[unit_of[b]];
    if (unit_of[a] != unit_of[b]) {
      if (ux.score != uy.score) return ux.score > uy.score;
      return ux.id < uy.id;
    }
    if ((root[a] == a) != (root[b] == b)) return root[a] == a;
    if (x.score != y.score) return x.score > y.score;
    return x.id < y.id;
  });
  std::vector<TieredAccount> ranked;
  ranked.reserve(n);
  for (std::uint32_t i : order) ranked.push_back(std::move(out.accounts[i]));
  out.accounts = std::move(ranked);
  for (std::size_t i = 0; i < n; ++i) out.accounts[i].rank = i + 1;
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
