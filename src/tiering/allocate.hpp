// The split of ranked units (accounts, or organisations with roll-up) into
// tiers: quotas by largest remainder, pins, floors and the stability margin.
// Kept apart from the reading and scoring so that it can be followed on its
// own against docs/tiering.md, "Allocation".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace modelfunnel::internal::tiering {

/// What is split: one account, or one organisation with its subsidiaries.
struct Unit {
  double score = 0;          ///< Ranked by this (highest first)…
  std::uint32_t root = 0;    ///< …then by the id of this row, its top account.
  std::uint32_t weight = 1;  ///< Accounts it stands for.
  int previous = -1;         ///< Last run's tier, or -1.
  int pin = -1;              ///< Pinned tier, or -1.
};

/// Each tier's target count: @p shares × @p total rounded down, the
/// accounts left over given one each to the largest remainders (ties: the
/// earlier tier), so the targets add up to @p total.
std::vector<std::uint64_t> largest_remainder(const std::vector<double>& shares, std::uint64_t total);

struct Allocation {
  std::vector<int> tier;    ///< Per unit.
  std::vector<bool> kept;   ///< Per unit: in last run's tier by the margin.
  std::vector<std::uint64_t> target;  ///< Per tier.
};

/// Splits @p units (@p order: them by score, highest first, then id — ranking.hpp; @p ids: each row's id): pinned units first (counted in their tier's target);
/// then tier by tier, best first, the unassigned units scoring at least the
/// tier's floor, ranked by score plus @p margin for units whose last tier
/// was this one or better, then score, then id, are taken until the target
/// is met (a unit of several accounts is taken when that lands nearer the
/// target than stopping); the last tier takes every unit left.
Allocation allocate(const std::vector<Unit>& units, const std::vector<std::uint32_t>& order,
                    std::span<const std::string_view> ids, const std::vector<double>& shares,
                    const std::vector<std::optional<double>>& floors, double margin);

/// What allocate() does when every unit is one account of its own score
/// (never NaN), none is pinned and none held by the margin, as positions in
/// @p order (the rank order of ranking.hpp): tier t takes order[cut[t]]
/// up to order[cut[t + 1]] — its target's worth of the accounts left, cut
/// short at the first below its floor. @p target: largest_remainder() of
/// the shares. Returns cut, of size target.size() + 1.
std::vector<std::size_t> split_in_rank_order(std::span<const std::uint32_t> order, std::span<const double> score,
                                             const std::vector<std::uint64_t>& target,
                                             const std::vector<std::optional<double>>& floors);

}  // namespace modelfunnel::internal::tiering
