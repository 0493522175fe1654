// Exact order statistics over several vectors by radix selection; see
// summarize_durations(span) in stats.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "funnel/stats.hpp"

namespace modelfunnel::internal::funnel {
namespace {

constexpr double kMicrosPerDay = 86'400'000'000.0;
constexpr int kBucketBits = 12;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;
/// Candidate sets up to this size are finished with nth_element.
constexpr std::size_t kSmall = 1 << 12;

using Parts = std::span<const std::vector<std::int64_t>* const>;

/// Writes the values at the sorted 0-based @p ranks of the multiset formed
/// by @p parts, all of whose values lie in [lo, hi], into @p out.
void select_ranks(Parts parts, std::int64_t lo, std::int64_t hi,
                  std::span<const std::uint64_t> ranks, std::span<std::int64_t> out) {
  if (lo == hi) {
    std::fill(out.begin(), out.end(), lo);
    return;
  }
  std::size_t n = 0;
  for (const auto* p : parts) n += p->size();
  if (n <= kSmall) {
    std::vector<std::int64_t> all;
    all.reserve(n);
    for (const auto* p : parts) all.insert(all.end(), p->begin(), p->end());
    // Ranks ascend, so each nth_element can work on what the previous left above it.
    auto first = all.begin();
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      auto nth = all.begin() + static_cast<std::ptrdiff_t>(ranks[i]);
      std::nth_element(first, nth, all.end());
      out[i] = *nth;
      first = nth;
    }
    return;
  }
  const auto range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  int shift = 0;
  while ((range >> shift) >= kBuckets) ++shift;
  std::vector<std::uint32_t> hist(kBuckets, 0);
  for (const auto* p : parts)
    for (std::int64_t v : *p)
      ++hist[(static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo)) >> shift];
  // The bucket of each rank, and its rank inside the bucket.
  std::vector<std::uint32_t> bucket_of(ranks.size());
  std::vector<std::uint64_t> inner(ranks.size());
  {
    std::uint64_t before = 0;
    std::size_t b = 0;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      while (before + hist[b] <= ranks[i]) before += hist[b++];
      bucket_of[i] = static_cast<std::uint32_t>(b);
      inner[i] = ranks[i] - before;
    }
  }
  // Collect the values of the wanted buckets (at most ranks.size() of them).
  std::vector<std::int16_t> slot(kBuckets, -1);
  std::vector<std::uint32_t> wanted;
  for (std::uint32_t b : bucket_of)
    if (slot[b] < 0) {
      slot[b] = static_cast<std::int16_t>(wanted.size());
      wanted.push_back(b);
    }
  std::vector<std::vector<std::int64_t>> picked(wanted.size());
  for (std::size_t w = 0; w < wanted.size(); ++w) picked[w].reserve(hist[wanted[w]]);
  for (const auto* p : parts)
    for (std::int64_t v : *p) {
      const std::int16_t s = slot[(static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo)) >> shift];
      if (s >= 0) picked[static_cast<std::size_t>(s)].push_back(v);
    }
  for (std::size_t w = 0; w < wanted.size(); ++w) {
    std::vector<std::uint64_t> sub;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < ranks.size(); ++i)
      if (bucket_of[i] == wanted[w]) {
        sub.push_back(inner[i]);
        where.push_back(i);
      }
    const std::int64_t b_lo = static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) +
                                                        (std::uint64_t{wanted[w]} << shift));
    const std::int64_t b_hi = shift == 0 ? b_lo
                                         : static_cast<std::int64_t>(static_cast<std::uint64_t>(b_lo) +
                                                                     ((std::uint64_t{1} << shift) - 1));
    std::vector<std::int64_t> values(sub.size());
    const std::vector<std::int64_t>* one[] = {&picked[w]};
    select_ranks(one, b_lo, std::min(b_hi, hi), sub, values);
    for (std::size_t j = 0; j < where.size(); ++j) out[where[j]] = values[j];
  }
}

/// quantile_cont from the two order statistics around h = (n - 1) q.
struct QuantileRanks {
  std::uint64_t lo;
  double frac;
};

QuantileRanks ranks_for(std::uint64_t n, double q) {
  const double h = static_cast<double>(n - 1) * q;
  const auto lo = static_cast<std::uint64_t>(std::floor(h));
  return {lo, h - static_cast<double>(lo)};
}

}  // namespace

Durations summarize_durations(Parts parts) {
  DurationBounds b;
  for (const auto* p : parts)
    for (std::int64_t v : *p) b.add(v);
  return summarize_durations(parts, b);
}

Durations summarize_durations(Parts parts, const DurationBounds& bounds) {
  Durations d;
  std::uint64_t n = 0;
  for (const auto* p : parts) n += p->size();
  d.count = n;
  if (n == 0) {
    d.median_days = d.p90_days = d.mean_days = std::numeric_limits<double>::quiet_NaN();
    return d;
  }
  const std::int64_t lo = bounds.lo;
  const std::int64_t hi = bounds.hi;
  const Int128 sum = bounds.sum;
  d.mean_days = static_cast<double>(static_cast<long double>(sum) / static_cast<long double>(n) /
                                    kMicrosPerDay);
  const QuantileRanks med = ranks_for(n, 0.5);
  const QuantileRanks p90 = ranks_for(n, 0.9);
  // Wanted ranks, ascending and distinct.
  std::vector<std::uint64_t> ranks = {med.lo, std::min(med.lo + 1, n - 1), p90.lo,
                                      std::min(p90.lo + 1, n - 1)};
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  std::vector<std::int64_t> values(ranks.size());
  select_ranks(parts, lo, hi, ranks, values);
  auto at = [&](std::uint64_t r) {
    return values[static_cast<std::size_t>(std::lower_bound(ranks.begin(), ranks.end(), r) - ranks.begin())];
  };
  auto quantile = [&](const QuantileRanks& q) {
    const std::int64_t a = at(q.lo);
    if (q.frac == 0) return static_cast<double>(a);
    const std::int64_t b = at(q.lo + 1);
    // Exact for the median: b - a is an exact integer and halving is exact.
    return static_cast<double>(a) + q.frac * static_cast<double>(b - a);
  };
  d.median_days = quantile(med) / kMicrosPerDay;
  d.p90_days = quantile(p90) / kMicrosPerDay;
  return d;
}

}  // namespace modelfunnel::internal::funnel
