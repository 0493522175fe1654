// tier_accounts(): read the accounts, score them, roll them up, split them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/account_input.hpp"
#include "tiering/csv_input.hpp"
#include "tiering/allocate.hpp"
#include "tiering/ranking.hpp"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/no_throw.hpp"
#include "util/huge_pages.hpp"
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

template <class Input>
absl::StatusOr<TieringColumns> run(const Input& table, const FitModelData& m, const TierOptions& options) {
  const std::size_t n = table.rows();
  const std::size_t na = m.attributes.size();
  const std::size_t k = m.tiers.size();
  const unsigned threads = resolve_threads(options.threads);
  if (n >= UINT32_MAX) return absl::InvalidArgumentError("tier.size: at most 4,294,967,294 accounts");
  auto id_col = table.need_column(m.id_column, "tier.column", "the model's id column");
  if (!id_col.ok()) return id_col.status();
  std::vector<std::size_t> columns(na);
  for (std::size_t a = 0; a < na; ++a) {
    auto c = table.need_column(m.attributes[a].column, "tier.column", absl::StrCat("attribute \"", m.attributes[a].name, "\" reads it"));
    if (!c.ok()) return c.status();
    columns[a] = *c;
  }
  const bool rollup = options.rollup.value_or(!m.rollup_column.empty());
  std::size_t parent_col = 0;
  if (rollup) {
    if (m.rollup_column.empty())
      return absl::InvalidArgumentError("tier.rollup: roll-up asked for, but the model names no \"rollup\" column");
    auto c = table.need_column(m.rollup_column, "tier.column", "the model's rollup column");
    if (!c.ok()) return c.status();
    parent_col = *c;
  }
  const double margin = options.stability_margin.value_or(m.stability_margin);

  // Ids: present and unique. Their byte order, found once, both proves
  // them unique and breaks ties between equal scores, and finds the rows
  // that pins, last tiers and parents name.
  constexpr std::size_t kBlock = 16384;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<std::string_view> ids;
  reserve_huge(ids, n);
  ids.resize(n);
  std::vector<std::size_t> blank(blocks, SIZE_MAX);  // per block, its first blank id
  parallel_for(threads, blocks, [&](std::size_t b) {
    for (std::size_t r = b * kBlock; r < std::min(n, (b + 1) * kBlock); ++r) {
      ids[r] = trimmed(table.cell(r, *id_col));
      if (ids[r].empty() && blank[b] == SIZE_MAX) blank[b] = r;
    }
  });
  for (const std::size_t r : blank)
    if (r != SIZE_MAX) return table.located(r, *id_col, "tier.id", "the account id is blank");
  // Ids the read found increasing are in order, and unique, already.
  IdOrder id_sorted = table.increasing(*id_col) ? in_row_order(n) : id_order(ids, threads);
  if (id_sorted.repeat != SIZE_MAX)
    return table.located(id_sorted.repeat, *id_col, "tier.id",
                   absl::StrCat("id \"", av(ids[id_sorted.repeat]), "\" is also on line ",
                                table.line(id_sorted.repeat_of)));
  auto row_of = [&](std::string_view id) { return find_id(id_sorted, ids, id); };

  TieringColumns out;
  for (const auto& a : m.attributes) out.attributes.push_back(a.name);
  out.territory_column = m.territory_column;

  // Scores: points per attribute, and the range a missing value leaves.
  // Rows are independent: blocks of them are scored on several threads,
  // and the first bad value (by row) is reported, as on one thread.
  // The big arrays are on huge pages: a million accounts' arrays are fresh
  // memory each call, and a fault per 4 KiB page was a fifth of the time.
  for (auto* v : {&out.score, &out.score_low, &out.score_high}) {
    reserve_huge(*v, n);
    v->resize(n);
  }
  reserve_huge(out.points, n * na);
  out.points.resize(n * na);
  std::vector<std::int32_t> widest_missing;  // the missing attribute of widest range
  reserve_huge(widest_missing, n);
  widest_missing.assign(n, -1);
  std::vector<BadValue> bad(blocks);
  std::vector<std::uint8_t> no_score(blocks, 0);  // per block: a score is NaN (points adding up past a double)
  parallel_for(threads, blocks, [&](std::size_t b) {
    const std::size_t begin = b * kBlock, end = std::min(n, (b + 1) * kBlock);
    bad[b] = table.score(m, columns, begin, end, out.points.data());
    if (bad[b].row != SIZE_MAX) return;
    for (std::size_t r = begin; r < end; ++r) {
      const double* points = &out.points[r * na];
      double low = 0, high = 0, widest = 0;
      for (std::size_t a = 0; a < na; ++a) {
        const Attribute& attr = m.attributes[a];
        const double p = points[a];
        if (!std::isnan(p)) {
          low += p;
          high += p;
        } else if (attr.missing_points) {
          low += *attr.missing_points;
          high += *attr.missing_points;
        } else {
          low += attr.min_points;
          high += attr.max_points;
          if (attr.max_points - attr.min_points > widest) {
            widest = attr.max_points - attr.min_points;
            widest_missing[r] = static_cast<std::int32_t>(a);
          }
        }
      }
      out.score_low[r] = low;
      out.score_high[r] = high;
      switch (m.while_uncertain) {
        case WhileUncertain::kLowest: out.score[r] = low; break;
        case WhileUncertain::kHighest: out.score[r] = high; break;
        case WhileUncertain::kMidpoint: out.score[r] = low + (high - low) / 2; break;
      }
      if (std::isnan(out.score[r])) no_score[b] = 1;
    }
  });
  for (const BadValue& b : bad)
    if (b.row != SIZE_MAX) return table.located(b.row, b.column, b.error.rule, b.error.message);

  // Organisations: each account's top parent (itself without roll-up).
  reserve_huge(out.organisation, n);
  out.organisation.resize(n);
  std::iota(out.organisation.begin(), out.organisation.end(), 0U);
  std::vector<std::uint32_t>& root = out.organisation;
  if (rollup) {
    std::vector<std::uint32_t> parent(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::string_view p = trimmed(table.cell(r, parent_col));
      parent[r] = static_cast<std::uint32_t>(r);
      if (p.empty() || p == ids[r]) continue;
      const auto found = row_of(p);
      if (!found) {
        ++out.unknown_parents;
        continue;
      }
      parent[r] = *found;
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t at = r, steps = 0;
      while (parent[at] != at) {
        at = parent[at];
        if (++steps > n)
          return table.located(r, parent_col, "tier.parent", "its parents lead back to it (a loop)");
      }
      root[r] = static_cast<std::uint32_t>(at);
    }
    out.rolled_up = true;
  }

  // Pins and last tiers, per row; an organisation's pin is its tier.
  reserve_huge(out.reason, n);
  out.reason.assign(n, TierReason::kScore);
  absl::flat_hash_map<std::uint32_t, int> pinned_tier;  // top parent's row → the tier its organisation is pinned to
  for (std::size_t i = 0; i < options.pins.size(); ++i) {
    const TierPin& pin = options.pins[i];
    const auto found = row_of(trimmed(pin.id));
    if (!found)
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, ": tier.pin: no account \"", pin.id, "\""));
    const std::optional<int> t = tier_index(m, pin.tier);
    if (!t)
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, " (", pin.id, "): tier.pin: no tier \"",
                                                     pin.tier, "\" in the model"));
    const auto [it, first] = pinned_tier.try_emplace(root[*found], *t);
    if (!first && it->second != *t)
      return absl::InvalidArgumentError(absl::StrCat("pin ", i + 1, " (", pin.id, "): tier.pin: its organisation \"",
                                                     av(ids[root[*found]]),
                                                     "\" is pinned to another tier already"));
    if (out.pin.empty()) out.pin.assign(n, -1);
    out.reason[*found] = TierReason::kPinned;
    out.pin[*found] = static_cast<std::int32_t>(out.pin_reasons.size());
    out.pin_reasons.push_back(pin.reason);
  }
  for (std::size_t i = 0; i < options.previous.size(); ++i) {
    const PreviousTier& p = options.previous[i];
    const std::optional<int> t = tier_index(m, p.tier);
    if (!t)
      return absl::InvalidArgumentError(absl::StrCat("previous tier ", i + 1, " (", p.id,
                                                     "): tier.previous: no tier \"", p.tier, "\" in the model"));
    const auto found = row_of(trimmed(p.id));
    if (!found) {
      ++out.previous_unknown;  // accounts come and go between runs
      continue;
    }
    if (out.previous_tier.empty()) out.previous_tier.assign(n, -1);
    out.previous_tier[*found] = static_cast<std::int8_t>(*t);
  }
  if (k > 127) return absl::InvalidArgumentError("tier.tiers: at most 127 tiers");

  std::vector<double> shares;
  std::vector<std::optional<double>> floors;
  for (const auto& t : m.tiers) {
    shares.push_back(t.share);
    floors.push_back(t.floor);
  }
  reserve_huge(out.tier, n);
  out.tier.resize(n);
  out.tiers.resize(k);
  for (std::size_t t = 0; t < k; ++t) {
    out.tiers[t].name = m.tiers[t].name;
    out.tiers[t].share = m.tiers[t].share;
  }
  // The usual case — every account a unit of its own, none pinned, none
  // held in its tier by the margin, no score NaN — splits the rank order
  // into runs, one per tier: no unit records, the order is the output's,
  // and each tier's scores run from its first account's to its last's.
  const bool in_runs = !rollup && options.pins.empty() && !(margin > 0 && !out.previous_tier.empty()) &&
                       !std::any_of(no_score.begin(), no_score.end(), [](std::uint8_t b) { return b != 0; });
  // Otherwise units (organisations, or accounts) are allocated one by one:
  // each row's unit, and each unit's tier and whether the margin kept it.
  std::vector<std::uint32_t> unit_of;
  std::vector<Unit> units;
  Allocation split;
  if (in_runs) {
    out.rank_rows = rank_by_score(std::move(id_sorted.by_id), out.score);  // row_of() is not used after this
    const std::vector<std::uint32_t>& order = out.rank_rows;
    const std::vector<std::uint64_t> target = largest_remainder(shares, n);
    const std::vector<std::size_t> cut = split_in_rank_order(order, out.score, target, floors);
    for (std::size_t t = 0; t < k; ++t) {
      out.tiers[t].target = target[t];
      if (cut[t] == cut[t + 1]) continue;
      out.tiers[t].max_score = out.score[order[cut[t]]];
      out.tiers[t].min_score = out.score[order[cut[t + 1] - 1]];
    }
    const std::size_t rank_blocks = (n + kBlock - 1) / kBlock;
    parallel_for(threads, rank_blocks, [&](std::size_t b) {
      std::size_t t = static_cast<std::size_t>(std::upper_bound(cut.begin(), cut.end(), b * kBlock) - cut.begin()) - 1;
      for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
        while (i >= cut[t + 1]) ++t;
        out.tier[order[i]] = static_cast<std::uint8_t>(t);
      }
    });
  } else {
    // The units, with their pins and last tiers.
    reserve_huge(unit_of, n);
    unit_of.resize(n);
    reserve_huge(units, rollup ? 0 : n);
    for (std::size_t r = 0; r < n; ++r) {
      if (root[r] != r) continue;
      unit_of[r] = static_cast<std::uint32_t>(units.size());
      const auto pinned = pinned_tier.find(static_cast<std::uint32_t>(r));
      units.push_back({out.score[r], static_cast<std::uint32_t>(r), 0,
                       out.previous_tier.empty() ? -1 : out.previous_tier[r],
                       pinned == pinned_tier.end() ? -1 : pinned->second});
    }
    for (std::size_t r = 0; r < n; ++r) {
      unit_of[r] = unit_of[root[r]];
      ++units[unit_of[r]].weight;
    }
    // The rank order: units in id order, then stably by score. Without
    // roll-up the units are the rows, in the same order: their id order and
    // scores are the rows' (no copy of either).
    std::vector<std::uint32_t> units_by_id;
    std::vector<double> unit_score;
    if (rollup) {
      reserve_huge(units_by_id, units.size());
      for (std::uint32_t r : id_sorted.by_id)
        if (root[r] == r) units_by_id.push_back(unit_of[r]);
      reserve_huge(unit_score, units.size());
      unit_score.resize(units.size());
      for (std::size_t u = 0; u < units.size(); ++u) unit_score[u] = units[u].score;
    } else {
      units_by_id = std::move(id_sorted.by_id);  // row_of() is not used after this
    }
    const std::vector<std::uint32_t> order =
        rank_by_score(std::move(units_by_id), rollup ? std::span<const double>(unit_score) : out.score);
    split = allocate(units, order, ids, shares, floors, margin);

    // Summaries over the units' scores.
    for (std::size_t t = 0; t < k; ++t) out.tiers[t].target = split.target[t];
    for (std::size_t u = 0; u < units.size(); ++u) {
      TierSummary& s = out.tiers[static_cast<std::size_t>(split.tier[u])];
      const double score = units[u].score;
      if (!s.min_score || score < *s.min_score) s.min_score = score;
      if (!s.max_score || score > *s.max_score) s.max_score = score;
    }

    // Rank order: tier by tier, the units in rank order, each unit's top
    // parent first and then its subsidiaries by score and id.
    std::vector<std::vector<std::uint32_t>> members;  // per unit, subsidiaries; made only with roll-up
    if (rollup) {
      members.resize(units.size());
      for (std::size_t r = 0; r < n; ++r)
        if (root[r] != r) members[unit_of[r]].push_back(static_cast<std::uint32_t>(r));
      const std::vector<double>& score = out.score;
      for (auto& list : members)
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
          return score[a] != score[b] ? score[a] > score[b] : ids[a] < ids[b];
        });
    }
    reserve_huge(out.rank_rows, n);
    std::vector<std::size_t> tier_start(k + 1, 0);  // units of tier t start at tier_start[t] (a counting sort)
    for (std::uint32_t u : order) ++tier_start[static_cast<std::size_t>(split.tier[u]) + 1];
    for (std::size_t t = 0; t < k; ++t) tier_start[t + 1] += tier_start[t];
    if (!rollup) {
      // Units are rows: each goes straight to its place.
      out.rank_rows.resize(n);
      for (std::uint32_t u : order) out.rank_rows[tier_start[static_cast<std::size_t>(split.tier[u])]++] = units[u].root;
    } else {
      std::vector<std::uint32_t> units_ranked(units.size());
      for (std::uint32_t u : order) units_ranked[tier_start[static_cast<std::size_t>(split.tier[u])]++] = u;
      for (std::uint32_t u : units_ranked) {
        out.rank_rows.push_back(units[u].root);
        out.rank_rows.insert(out.rank_rows.end(), members[u].begin(), members[u].end());
      }
    }
  }

  // The fit margin at each cut-off.
  for (std::size_t t = 0; t + 1 < k; ++t) {
    TierCutoff c;
    c.upper = m.tiers[t].name;
    c.lower = m.tiers[t + 1].name;
    c.last_upper = out.tiers[t].min_score;
    c.first_lower = out.tiers[t + 1].max_score;
    if (c.last_upper && c.first_lower) c.margin = *c.last_upper - *c.first_lower;
    out.cutoffs.push_back(std::move(c));
  }

  // Each account's tier and why. Uncertain: the organisation's score range
  // holds a cut-off — the lowest score of a tier — above its low end: more
  // data could move it across. Per block of rows, its counts per tier
  // (count, pinned, kept, uncertain), added up after: blocks run on several
  // threads.
  reserve_huge(out.uncertain, n);
  reserve_huge(out.research, n);
  out.uncertain.assign(n, 0);
  out.research.assign(n, -1);
  std::vector<std::vector<std::array<std::uint64_t, 4>>> counts(blocks, std::vector<std::array<std::uint64_t, 4>>(k));
  parallel_for(threads, blocks, [&](std::size_t b) {
    for (std::size_t r = b * kBlock; r < std::min(n, (b + 1) * kBlock); ++r) {
      const std::uint32_t top = root[r];
      std::size_t tier;
      bool pinned = false;  // the organisation is
      TierReason& reason = out.reason[r];
      if (in_runs) {
        tier = out.tier[r];
      } else {
        const std::uint32_t u = unit_of[r];
        tier = static_cast<std::size_t>(split.tier[u]);
        out.tier[r] = static_cast<std::uint8_t>(tier);
        pinned = units[u].pin >= 0;
        if (pinned) {
          if (reason != TierReason::kPinned) reason = TierReason::kRolledUp;
        } else if (top != r) {
          reason = TierReason::kRolledUp;
        } else if (split.kept[u]) {
          reason = TierReason::kKept;
        }
      }
      bool uncertain = false;
      if (out.score_low[top] < out.score_high[top] && !pinned) {
        for (std::size_t t = 0; t + 1 < k && !uncertain; ++t) {
          const auto& cut = out.tiers[t].min_score;
          if (cut && out.score_low[top] < *cut && *cut <= out.score_high[top]) uncertain = true;
        }
      }
      out.uncertain[r] = uncertain;
      if (uncertain) out.research[r] = widest_missing[top];
      auto& c = counts[b][tier];
      ++c[0];
      c[1] += reason == TierReason::kPinned;
      c[2] += reason == TierReason::kKept;
      c[3] += uncertain;
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
  // The ids, one after the other: as the typed columns hold them already
  // when no id has spaces around it, else copied one by one.
  std::size_t id_bytes = 0;
  for (const std::string_view id : ids) id_bytes += id.size();
  if (id_bytes >= UINT32_MAX) return absl::InvalidArgumentError("tier.size: the ids exceed 4 GB together");
  reserve_huge(out.id_end, n);
  if (!table.ids_as_read(*id_col, out.id_text, out.id_end)) {
    out.id_text.reserve(id_bytes);
    out.id_end.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      out.id_text.append(ids[r]);
      out.id_end[r] = static_cast<std::uint32_t>(out.id_text.size());
    }
  }
  return out;
}

/// The row objects of @p c, in rank order, built in blocks on several threads.
Tiering rows_of(const TieringColumns& c, unsigned threads) {
  const std::size_t n = c.size();
  const std::size_t na = c.attributes.size();
  Tiering out;
  out.attributes = c.attributes;
  out.tiers = c.tiers;
  out.cutoffs = c.cutoffs;
  out.rolled_up = c.rolled_up;
  out.territory_column = c.territory_column;
  out.unknown_parents = c.unknown_parents;
  out.previous_unknown = c.previous_unknown;
  out.accounts.resize(n);
  out.points.resize(n * na);
  constexpr std::size_t kBlock = 16384;
  parallel_for(resolve_threads(threads), (n + kBlock - 1) / kBlock, [&](std::size_t b) {
    for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
      const std::uint32_t r = c.rank_rows[i];
      TieredAccount& acc = out.accounts[i];
      acc.id.assign(c.id(r));
      acc.row = r;
      acc.rank = i + 1;
      acc.score = c.score[r];
      acc.score_low = c.score_low[r];
      acc.score_high = c.score_high[r];
      acc.tier = c.tier[r];
      acc.reason = c.reason[r];
      if (acc.reason == TierReason::kPinned) acc.pin_reason = c.pin_reasons[static_cast<std::size_t>(c.pin[r])];
      if (!c.previous_tier.empty() && c.previous_tier[r] >= 0)
        acc.previous_tier = static_cast<std::size_t>(c.previous_tier[r]);
      acc.uncertain = c.uncertain[r] != 0;
      if (c.research[r] >= 0) acc.research = c.attributes[static_cast<std::size_t>(c.research[r])];
      acc.organisation.assign(c.id(c.organisation[r]));
      for (std::size_t a = 0; a < na; ++a) {
        const double p = c.points[r * na + a];
        if (!std::isnan(p)) out.points[i * na + a] = p;
      }
    }
  });
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

absl::StatusOr<TieringColumns> tier_accounts_columns(const CsvTable& accounts, const FitModel& model,
                                                     const TierOptions& options) {
  return internal::no_throw("tier_accounts_columns", [&]() -> absl::StatusOr<TieringColumns> {
    return internal::tiering::run(internal::tiering::CsvTableInput(accounts), FitModelAccess::data(model), options);
  });
}

absl::StatusOr<TieringColumns> tier_accounts_columns(const CsvColumns& accounts, const FitModel& model,
                                                     const TierOptions& options) {
  return internal::no_throw("tier_accounts_columns", [&]() -> absl::StatusOr<TieringColumns> {
    const internal::tiering::CsvColumnsInput input(accounts, FitModelAccess::data(model));
    if (auto checked = input.check(FitModelAccess::data(model)); !checked.ok()) return checked;
    return internal::tiering::run(input, FitModelAccess::data(model), options);
  });
}

absl::StatusOr<Tiering> to_tiering(const TieringColumns& columns, unsigned threads) {
  return internal::no_throw("to_tiering", [&]() -> absl::StatusOr<Tiering> {
    const std::size_t n = columns.size();
    const auto sized = [&](std::size_t size) { return size == n; };
    if (!sized(columns.rank_rows.size()) || !sized(columns.score.size()) || !sized(columns.score_low.size()) ||
        !sized(columns.score_high.size()) || !sized(columns.tier.size()) || !sized(columns.reason.size()) ||
        !sized(columns.uncertain.size()) || !sized(columns.research.size()) ||
        !sized(columns.organisation.size()) || (!columns.previous_tier.empty() && !sized(columns.previous_tier.size())) ||
        (!columns.pin.empty() && !sized(columns.pin.size())) ||
        columns.points.size() != n * columns.attributes.size())
      return absl::InvalidArgumentError("to_tiering: the columns are not all of the same length");
    return internal::tiering::rows_of(columns, threads);
  });
}

absl::StatusOr<Tiering> tier_accounts(const CsvTable& accounts, const FitModel& model, const TierOptions& options) {
  return internal::no_throw("tier_accounts", [&]() -> absl::StatusOr<Tiering> {
    auto columns = internal::tiering::run(internal::tiering::CsvTableInput(accounts), FitModelAccess::data(model), options);
    if (!columns.ok()) return columns.status();
    return internal::tiering::rows_of(*columns, options.threads);
  });
}

absl::StatusOr<Tiering> tier_accounts(const CsvColumns& accounts, const FitModel& model, const TierOptions& options) {
  return internal::no_throw("tier_accounts", [&]() -> absl::StatusOr<Tiering> {
    const internal::tiering::CsvColumnsInput input(accounts, FitModelAccess::data(model));
    if (auto checked = input.check(FitModelAccess::data(model)); !checked.ok()) return checked;
    auto columns = internal::tiering::run(input, FitModelAccess::data(model), options);
    if (!columns.ok()) return columns.status();
    return internal::tiering::rows_of(*columns, options.threads);
  });
}

}  // namespace modelfunnel
