// id_order() and rank_by_score(); see ranking.hpp.
#include "tiering/ranking.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <numeric>

#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::tiering {

namespace {

/// Eight bytes of @p id from @p at as a big-endian number, zeros past its
/// end: comparing these numbers orders ids as their bytes do (or ties them).
std::uint64_t prefix(std::string_view id, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = (v << 8) | (at + i < id.size() ? static_cast<unsigned char>(id[at + i]) : 0U);
  return v;
}

struct Prefixed {
  std::uint64_t high, low;
  std::uint32_t row;
};

}  // namespace

IdOrder in_row_order(std::size_t n) {
  IdOrder out;
  reserve_huge(out.by_id, n);
  out.by_id.resize(n);
  std::iota(out.by_id.begin(), out.by_id.end(), 0U);
  return out;
}

IdOrder id_order(std::span<const std::string_view> ids, unsigned threads) {
  const std::size_t n = ids.size();
  IdOrder out;
  out.by_id.resize(n);
  std::iota(out.by_id.begin(), out.by_id.end(), 0U);
  constexpr std::size_t kBlock = 65536;
  std::vector<std::uint8_t> increasing((n + kBlock - 1) / kBlock, 1);  // per block
  parallel_for(threads, increasing.size(), [&](std::size_t b) {
    for (std::size_t r = std::max<std::size_t>(1, b * kBlock); r < std::min(n, (b + 1) * kBlock); ++r)
      if (!(ids[r - 1] < ids[r])) {
        increasing[b] = 0;
        return;
      }
  });
  if (std::all_of(increasing.begin(), increasing.end(), [](std::uint8_t i) { return i != 0; }))
    return out;  // sorted and unique already

  // Sorted by the ids' first 16 bytes held as two numbers beside the row,
  // so that most comparisons touch neither the ids nor the table they sit
  // in; only equal prefixes compare the whole ids.
  std::vector<Prefixed> keyed(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view id = ids[r];
    keyed[r] = {prefix(id, 0), prefix(id, 8), static_cast<std::uint32_t>(r)};
  }
  auto by_id = [&](const Prefixed& a, const Prefixed& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    const std::string_view x = ids[a.row], y = ids[b.row];
    return x != y ? x < y : a.row < b.row;
  };
  if (threads >= 2 && n >= 65536) {
    const auto mid = keyed.begin() + static_cast<std::ptrdiff_t>(n / 2);
    in_parallel(2, [&] { std::sort(keyed.begin(), mid, by_id); }, [&] { std::sort(mid, keyed.end(), by_id); });
    std::inplace_merge(keyed.begin(), mid, keyed.end(), by_id);
  } else {
    std::sort(keyed.begin(), keyed.end(), by_id);
  }
  auto& rows = out.by_id;
  for (std::size_t i = 0; i < n; ++i) rows[i] = keyed[i].row;
  // Equal ids sit together, by row: each run's second row repeats its first.
  for (std::size_t i = 1; i < n; ++i)
    if (ids[rows[i]] == ids[rows[i - 1]] && (i < 2 || ids[rows[i - 2]] != ids[rows[i]]) && rows[i] < out.repeat) {
      out.repeat = rows[i];
      out.repeat_of = rows[i - 1];
    }
  return out;
}

std::optional<std::uint32_t> find_id(const IdOrder& order, std::span<const std::string_view> ids,
                                     std::string_view id) {
  const auto it = std::lower_bound(order.by_id.begin(), order.by_id.end(), id,
                                   [&](std::uint32_t row, std::string_view v) { return ids[row] < v; });
  if (it == order.by_id.end() || ids[*it] != id) return std::nullopt;
  return *it;
}

namespace {

/// An unsigned key whose ascending order is the scores' descending order
/// (-0 and +0 alike: ties, as `==` says).
std::uint64_t descending_key(double score) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(score + 0.0);
  const std::uint64_t ascending = (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
  return ~ascending;
}

struct Keyed {
  std::uint64_t key;
  std::uint32_t unit;
};

}  // namespace

std::vector<std::uint32_t> rank_by_score(std::vector<std::uint32_t> units_by_id, std::span<const double> score) {
  // LSD radix sort, 11 bits a pass (6 passes cover 64 bits), stable, so
  // that equal scores stay in id order. Passes where every key has the same
  // digit (the exponent bits of scores in a narrow range) are skipped.
  constexpr int kBits = 11, kPasses = 6;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  const std::size_t n = units_by_id.size();
  std::vector<Keyed> a, b;
  reserve_huge(a, n);
  reserve_huge(b, n);
  a.resize(n);
  b.resize(n);
  std::vector<std::array<std::uint32_t, kBuckets>> count(kPasses);
  for (auto& c : count) c.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t key = descending_key(score[units_by_id[i]]);
    a[i] = {key, units_by_id[i]};
    for (int p = 0; p < kPasses; ++p) ++count[static_cast<std::size_t>(p)][(key >> (p * kBits)) & (kBuckets - 1)];
  }
  for (int p = 0; p < kPasses; ++p) {
    auto& c = count[static_cast<std::size_t>(p)];
    if (n == 0 || c[(a[0].key >> (p * kBits)) & (kBuckets - 1)] == n) continue;
    std::uint32_t sum = 0;
    for (auto& slot : c) {
      const std::uint32_t here = slot;
      slot = sum;
      sum += here;
    }
    for (std::size_t i = 0; i < n; ++i) b[c[(a[i].key >> (p * kBits)) & (kBuckets - 1)]++] = a[i];
    a.swap(b);
  }
  for (std::size_t i = 0; i < n; ++i) units_by_id[i] = a[i].unit;
  return units_by_id;
}

}  // namespace modelfunnel::internal::tiering
