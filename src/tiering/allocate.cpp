// allocate(); see allocate.hpp.
#include "tiering/allocate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::tiering {

std::vector<std::uint64_t> largest_remainder(const std::vector<double>& shares, std::uint64_t total) {
  const std::size_t k = shares.size();
  std::vector<std::uint64_t> target(k, 0);
  std::vector<double> remainder(k, 0);
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < k; ++i) {
    // Products like 0.15 × 85 = 12.749999… are meant as 12.75: round the
    // exact quota to 1e-9 of an account before taking its whole part.
    const double quota = std::round(shares[i] * static_cast<double>(total) * 1e9) / 1e9;
    target[i] = static_cast<std::uint64_t>(std::floor(quota));
    remainder[i] = quota - static_cast<double>(target[i]);
    given += target[i];
  }
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t j = 0; given < total && k > 0; j = (j + 1) % k, ++given) ++target[order[j]];
  // Shares add up to 1 (checked when the model is read), so `given` only
  // falls short by less than one account per tier.
  return target;
}

namespace {

/// The ranking within one tier's selection: key, then score, then id.
struct Candidate {
  double key;
  double score;
  std::uint32_t unit;
};

/// Sorts @p c by key and score (highest first), then each run of equal
/// keys and scores by id.
void sort_candidates(std::vector<Candidate>& c, const std::vector<Unit>& units,
                     std::span<const std::string_view> ids, unsigned threads) {
  auto by_numbers = [](const Candidate& a, const Candidate& b) {
    return a.key != b.key ? a.key > b.key : a.score > b.score;
  };
  if (threads >= 2 && c.size() >= 65536) {
    // Two halves sorted at once, then merged.
    const auto mid = c.begin() + static_cast<std::ptrdiff_t>(c.size() / 2);
    in_parallel(2, [&] { std::sort(c.begin(), mid, by_numbers); }, [&] { std::sort(mid, c.end(), by_numbers); });
    std::inplace_merge(c.begin(), mid, c.end(), by_numbers);
  } else {
    std::sort(c.begin(), c.end(), by_numbers);
  }
  for (std::size_t i = 0; i < c.size();) {
    std::size_t j = i + 1;
    while (j < c.size() && c[j].key == c[i].key && c[j].score == c[i].score) ++j;
    if (j - i > 1)
      std::sort(c.begin() + static_cast<std::ptrdiff_t>(i), c.begin() + static_cast<std::ptrdiff_t>(j),
                [&](const Candidate& a, const Candidate& b) { return ids[units[a.unit].root] < ids[units[b.unit].root]; });
    i = j;
  }
}

}  // namespace

Allocation allocate(const std::vector<Unit>& units, const std::vector<std::uint32_t>& order,
                    std::span<const std::string_view> ids, const std::vector<double>& shares,
                    const std::vector<std::optional<double>>& floors, double margin) {
  const std::size_t k = shares.size();
  const std::size_t n = units.size();
  Allocation out;
  reserve_huge(out.tier, n);
  out.tier.assign(n, -1);
  out.kept.assign(n, false);
  std::uint64_t total = 0;
  for (const Unit& u : units) total += u.weight;
  out.target = largest_remainder(shares, total);

  std::vector<std::uint64_t> filled(k, 0);
  bool any_previous = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (units[i].pin >= 0) {
      out.tier[i] = units[i].pin;
      filled[static_cast<std::size_t>(units[i].pin)] += units[i].weight;
    }
    any_previous = any_previous || (units[i].previous >= 0 && units[i].pin < 0);
  }
  const bool bonus = any_previous && margin > 0;

  // Without a bonus every tier ranks the units the same way: @p order.
  std::size_t next = 0;  // into `order`: the units before it are all assigned
  std::vector<Candidate> candidates;
  for (std::size_t t = 0; t + 1 < k; ++t) {
    const std::uint64_t capacity = out.target[t] > filled[t] ? out.target[t] - filled[t] : 0;
    std::uint64_t taken = 0;
    auto passes = [&](const Unit& u) { return !floors[t] || u.score >= *floors[t]; };
    if (!bonus) {
      // Ranked by score, so the first unit below the floor ends the tier.
      while (next < order.size() && taken < capacity) {
        const std::uint32_t i = order[next];
        if (out.tier[i] >= 0) {  // pinned
          ++next;
          continue;
        }
        const Unit& u = units[i];
        if (!passes(u)) break;
        const std::uint64_t after = taken + u.weight;
        if (after > capacity && after - capacity >= capacity - taken) break;
        out.tier[i] = static_cast<int>(t);
        taken = after;
        ++next;
      }
      continue;
    }
    candidates.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (out.tier[i] >= 0 || !passes(units[i])) continue;
      const bool held = units[i].previous >= 0 && units[i].previous <= static_cast<int>(t);
      candidates.push_back({units[i].score + (held ? margin : 0.0), units[i].score, static_cast<std::uint32_t>(i)});
    }
    sort_candidates(candidates, units, ids, 1);
    std::size_t c = 0;
    for (; c < candidates.size() && taken < capacity; ++c) {
      const Unit& u = units[candidates[c].unit];
      const std::uint64_t after = taken + u.weight;
      if (after > capacity && after - capacity >= capacity - taken) break;
      out.tier[candidates[c].unit] = static_cast<int>(t);
      taken = after;
    }
    // A unit owes its place to the margin when it was held and the tier had
    // to leave someone out whose score beats its own.
    if (c > 0 && c < candidates.size()) {
      const double best_left = [&] {
        double best = -INFINITY;
        for (std::size_t j = c; j < candidates.size(); ++j) best = std::max(best, units[candidates[j].unit].score);
        return best;
      }();
      for (std::size_t j = 0; j < c; ++j) {
        const Unit& u = units[candidates[j].unit];
        if (candidates[j].key != u.score && u.score < best_left) out.kept[candidates[j].unit] = true;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    if (out.tier[i] < 0) out.tier[i] = static_cast<int>(k - 1);
  return out;
}

std::vector<std::size_t> split_in_rank_order(std::span<const std::uint32_t> order, std::span<const double> score,
                                             const std::vector<std::uint64_t>& target,
                                             const std::vector<std::optional<double>>& floors) {
  const std::size_t k = target.size(), n = order.size();
  std::vector<std::size_t> cut(k + 1, n);
  cut[0] = 0;
  for (std::size_t t = 0; t + 1 < k; ++t) {
    std::size_t end = cut[t] + static_cast<std::size_t>(std::min<std::uint64_t>(target[t], n - cut[t]));
    if (floors[t]) {
      // Ranked by score, so the first account below the floor ends the tier.
      std::size_t i = cut[t];
      while (i < end && score[order[i]] >= *floors[t]) ++i;
      end = i;
    }
    cut[t + 1] = end;
  }
  return cut;
}

}  // namespace modelfunnel::internal::tiering
