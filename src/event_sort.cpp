// Orders a finished EventStore by (record, time, insertion order).
//
// It runs on tens of millions of events, so it is linear for typical data
// and allocates a fixed handful of arrays, never per event:
//   1. a stable counting sort by record gives a permutation `perm` and the
//      record_begin offsets;
//   2. times are gathered into record order once (the one random-access
//      pass), then each record's short run is sorted on (time, perm) in
//      contiguous memory;
//   3. the stage column is gathered through `perm`, the record column is
//      rewritten from the offsets, and the sparse columns get their rows
//      renumbered through the inverse permutation.
// Peak extra memory is the permutation (4 bytes/event) plus one column-sized
// temporary (at most 8 bytes/event) at a time.
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "internal/dataset_impl.hpp"

namespace modelfunnel::internal {
namespace {

// Records rarely have more than a dozen events; insertion sort is fastest
// there, but quadratic, so pathological runs (one record with a million
// events) go through a merge sort instead.
constexpr std::size_t kInsertionSortMax = 64;

// Stable sort of one record's run by time, moving `perm` along. `scratch`
// is reused across long runs so that only the longest one allocates.
void sort_run(std::int64_t* time, std::uint32_t* perm, std::size_t len,
              std::vector<std::pair<std::int64_t, std::uint32_t>>& scratch) {
  if (len < 2) return;
  if (len <= kInsertionSortMax) {
    for (std::size_t i = 1; i < len; ++i) {
      const std::int64_t t = time[i];
      const std::uint32_t p = perm[i];
      std::size_t j = i;
      for (; j > 0 && time[j - 1] > t; --j) {  // strict '>' keeps ties in order
        time[j] = time[j - 1];
        perm[j] = perm[j - 1];
      }
      time[j] = t;
      perm[j] = p;
    }
    return;
  }
  scratch.clear();
  for (std::size_t i = 0; i < len; ++i) scratch.emplace_back(time[i], perm[i]);
  std::stable_sort(scratch.begin(), scratch.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < len; ++i) {
    time[i] = scratch[i].first;
    perm[i] = scratch[i].second;
  }
}

bool is_identity(const std::vector<std::uint32_t>& perm) {
  for (std::size_t i = 0; i < perm.size(); ++i) {
    if (perm[i] != i) return false;
  }
  return true;
}

template <class T>
void gather(std::vector<T>& column, const std::vector<std::uint32_t>& perm) {
  std::vector<T> sorted(column.size());
  for (std::size_t i = 0; i < perm.size(); ++i) sorted[i] = column[perm[i]];
  column.swap(sorted);
}

// Renumbers rows through `inverse` (may be empty: rows unchanged) and
// restores increasing row order.
template <class T>
void remap(SparseColumn<T>& column, const std::vector<std::uint32_t>& inverse) {
  if (!inverse.empty()) {
    for (std::uint32_t& row : column.rows) row = inverse[row];
  }
  if (std::is_sorted(column.rows.begin(), column.rows.end())) return;
  std::vector<std::pair<std::uint32_t, T>> pairs(column.rows.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i] = {column.rows[i], column.values[i]};
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    column.rows[i] = pairs[i].first;
    column.values[i] = pairs[i].second;
  }
}

}  // namespace

void sort_events(DataSetImpl& impl) {
  EventStore& ev = impl.events;
  const std::size_t n = ev.size();
  const std::size_t records = impl.record_ids.size();
  assert(ev.stage.size() == n && ev.time.size() == n);

  // Counting sort, shifted by one slot so that the placement cursors end up
  // as the begin offsets: after placing, begin[r] is where record r starts.
  std::vector<std::uint32_t> begin(records + 2, 0);
  for (const std::uint32_t r : ev.record) {
    assert(r < records);
    ++begin[r + 2];
  }
  for (std::size_t i = 2; i < begin.size(); ++i) begin[i] += begin[i - 1];
  std::vector<std::uint32_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[begin[ev.record[i] + 1]++] = static_cast<std::uint32_t>(i);
  begin.pop_back();

  if (!is_identity(perm)) gather(ev.time, perm);
  {
    std::vector<std::pair<std::int64_t, std::uint32_t>> scratch;
    for (std::size_t r = 0; r < records; ++r) {
      sort_run(ev.time.data() + begin[r], perm.data() + begin[r], begin[r + 1] - begin[r],
               scratch);
    }
  }

  for (std::size_t r = 0; r < records; ++r) {
    std::fill(ev.record.begin() + begin[r], ev.record.begin() + begin[r + 1],
              static_cast<std::uint32_t>(r));
  }
  ev.record_begin = std::move(begin);

  // Data that arrives sorted (generated, or exported by record) skips the
  // stage gather and the inverse permutation.
  std::vector<std::uint32_t> inverse;
  if (!is_identity(perm)) {
    gather(ev.stage, perm);
    if (!ev.amount.rows.empty() || !ev.reason.rows.empty() || !ev.actor.rows.empty()) {
      inverse.resize(n);
      for (std::size_t i = 0; i < n; ++i) inverse[perm[i]] = static_cast<std::uint32_t>(i);
    }
  }
  std::vector<std::uint32_t>().swap(perm);
  remap(ev.amount, inverse);
  remap(ev.reason, inverse);
  remap(ev.actor, inverse);
}

}  // namespace modelfunnel::internal
