// Orders a finished EventStore by (record, time, insertion order).
//
// It runs on tens of millions of events, so it is linear for typical data
// and allocates a fixed handful of arrays, never per event:
//   1. a stable counting sort by record gives a permutation `perm` (new row
//      -> old row) and the record_begin offsets;
//   2. times are gathered into record order once (the one random-access
//      pass), then each record's short run is sorted on (time, perm) in
//      contiguous memory;
//   3. the stage column is gathered through `perm`, the record column is
//      rewritten from the offsets, and each sparse column is rebuilt by
//      walking `perm` once with a bitmap of the old rows that have a value,
//      which yields the new rows already in order.
// Peak extra memory is the permutation (4 bytes/event) plus one column-sized
// temporary (at most 8 bytes/event) at a time. The temporaries are on huge
// pages (huge_vector): faulting fresh memory in 4 KiB at a time would cost
// more than the sorting itself. For the same reason a loader that knows the
// sizes early reserves the counts and the permutation ahead and has them
// faulted in on another thread (EventStore::sort_begin/sort_perm,
// DataSetAppender::reserve_sort).
// Steps 2 and 3 use the threads the caller allows: step 2 in parts of the
// records with about as many events each, one per thread, step 3 with the
// stage column on one thread and the sparse columns on another. The sort
// is the end of a load, when the threads that converted the events have
// nothing left to do.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "model/dataset_impl.hpp"
#include "util/huge_pages.hpp"
#include "util/parallel.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel::internal {
namespace {

// Records rarely have more than a dozen events; insertion sort is fastest
// there, but quadratic, so pathological runs (one record with a million
// events) go through a merge sort instead.
constexpr std::size_t kInsertionSortMax = 64;

// Stable sort of one record's run by time, moving `perm` along. Within a run
// `perm` still increases (the counting sort is stable), so ties broken by
// `perm` keep insertion order. `scratch` is reused across long runs.
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
  std::sort(scratch.begin(), scratch.end());  // (time, perm): unique keys, so stable
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
  std::vector<T> sorted = huge_vector<T>(column.size());
  for (std::size_t i = 0; i < perm.size(); ++i) sorted[i] = column[perm[i]];
  column.swap(sorted);
}

// The old rows of a sparse column as a bitmap with a running count per
// 64-row word, so that "has a value?" and "which one?" are O(1) while
// walking the new order; about 0.2 bytes per event.
class RowSet {
 public:
  RowSet(const std::vector<std::uint32_t>& rows, std::size_t n)
      : bits_((n + 63) / 64), before_(bits_.size()) {
    for (const std::uint32_t r : rows) bits_[r >> 6] |= std::uint64_t{1} << (r & 63);
    std::uint32_t count = 0;
    for (std::size_t w = 0; w < bits_.size(); ++w) {
      before_[w] = count;
      count += static_cast<std::uint32_t>(std::popcount(bits_[w]));
    }
  }
  bool contains(std::uint32_t r) const { return (bits_[r >> 6] >> (r & 63)) & 1; }
  // Position of row r among the set rows, in increasing order.
  std::uint32_t rank(std::uint32_t r) const {
    const std::uint64_t below = bits_[r >> 6] & ((std::uint64_t{1} << (r & 63)) - 1);
    return before_[r >> 6] + static_cast<std::uint32_t>(std::popcount(below));
  }

 private:
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint32_t> before_;
};

// Builders and loaders append sparse values in event order, so rows are
// already strictly increasing; anything else is sorted, of several values
// for one row the first added is kept, and rows past the last event (which
// no event could read) are dropped.
template <class T>
void normalize(SparseColumn<T>& column, std::size_t events) {
  auto& rows = column.rows;
  if (std::adjacent_find(rows.begin(), rows.end(), std::greater_equal<>()) == rows.end()) {
    while (!rows.empty() && rows.back() >= events) {
      rows.pop_back();
      column.values.pop_back();
    }
    return;
  }
  std::vector<std::pair<std::uint32_t, T>> pairs(rows.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i] = {rows[i], column.values[i]};
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              pairs.end());
  while (!pairs.empty() && pairs.back().first >= events) pairs.pop_back();
  rows.resize(pairs.size());
  column.values.resize(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    rows[i] = pairs[i].first;
    column.values[i] = pairs[i].second;
  }
}

// Rebuilds a normalized sparse column in the new row order.
template <class T>
void reorder(SparseColumn<T>& column, const std::vector<std::uint32_t>& perm) {
  if (column.rows.empty()) return;
  const RowSet old_rows(column.rows, perm.size());
  SparseColumn<T> sorted;
  sorted.rows.reserve(column.rows.size());
  sorted.values.reserve(column.rows.size());
  for (std::size_t row = 0; row < perm.size(); ++row) {
    const std::uint32_t old = perm[row];
    if (!old_rows.contains(old)) continue;
    sorted.rows.push_back(static_cast<std::uint32_t>(row));
    sorted.values.push_back(column.values[old_rows.rank(old)]);
  }
  column = std::move(sorted);
}

// @p n zeroes in @p scratch's memory if it has room (then faulted in
// ahead, off this thread: EventStore::sort_begin), else in a new vector.
std::vector<std::uint32_t> zeroes(std::vector<std::uint32_t>& scratch, std::size_t n) {
  std::vector<std::uint32_t> v = std::move(scratch);
  scratch = {};
  if (v.capacity() < n) return huge_vector<std::uint32_t>(n);
  v.assign(n, 0);
  return v;
}

// Events below which the sort stays on one thread: starting one costs more.
constexpr std::size_t kParallelEvents = std::size_t{1} << 16;
// Events per part of step 2, at least: a part is a thread's work.
constexpr std::size_t kPartEvents = kParallelEvents / 2;

}  // namespace

void sort_events(DataSetImpl& impl) { sort_events(impl, resolve_threads(impl.events.sort_threads)); }

void sort_events(DataSetImpl& impl, unsigned threads) {
  EventStore& ev = impl.events;
  const std::size_t n = ev.size();
  const std::size_t records = impl.record_ids.size();
  assert(ev.stage.size() == n && ev.time.size() == n);
  const unsigned step_threads = n >= kParallelEvents ? threads : 1;

  // Events already grouped by record (generated data, or exported by
  // record) keep their order: the counting sort's permutation is then the
  // identity, and no time column is gathered.
  const bool grouped = std::is_sorted(ev.record.begin(), ev.record.end());
  // Counting sort, shifted by one slot so that the placement cursors end up
  // as the begin offsets: after placing, begin[r] is where record r starts.
  // Meanwhile another core makes the gathered time column, so that its
  // fresh memory (8 bytes an event) is not faulted in on this thread.
  std::vector<std::uint32_t> begin, perm;
  std::vector<std::int64_t> time;
  in_parallel(
      step_threads,
      [&] {
        begin = zeroes(ev.sort_begin, records + 2);
        for (const std::uint32_t r : ev.record) {
          assert(r < records);
          ++begin[r + 2];
        }
        for (std::size_t i = 2; i < begin.size(); ++i) begin[i] += begin[i - 1];
        perm = zeroes(ev.sort_perm, n);
        for (std::size_t i = 0; i < n; ++i) {
          perm[begin[ev.record[i] + 1]++] = static_cast<std::uint32_t>(i);
        }
      },
      [&] {
        if (!grouped) time = huge_vector<std::int64_t>(n);
      });
  begin.pop_back();

  // The records' runs, in parts of about as many events each, one per
  // thread: times gathered into record order (unless they already are),
  // each run sorted, the record column rewritten.
  std::int64_t* const sorted_time = grouped ? ev.time.data() : time.data();
  auto runs = [&](std::size_t first, std::size_t last) {
    if (!grouped) {
      for (std::size_t i = begin[first]; i < begin[last]; ++i) sorted_time[i] = ev.time[perm[i]];
    }
    std::vector<std::pair<std::int64_t, std::uint32_t>> scratch;
    for (std::size_t r = first; r < last; ++r) {
      sort_run(sorted_time + begin[r], perm.data() + begin[r], begin[r + 1] - begin[r], scratch);
      std::fill(ev.record.begin() + begin[r], ev.record.begin() + begin[r + 1],
                static_cast<std::uint32_t>(r));
    }
  };
  const std::size_t parts = std::clamp<std::size_t>(n / kPartEvents, 1, std::max(threads, 1u));
  auto part_begin = [&](std::size_t k) {  // the first record of part k
    if (k == 0) return std::size_t{0};
    if (k == parts) return records;
    const auto events_before = static_cast<std::uint32_t>(n * k / parts);
    return static_cast<std::size_t>(std::upper_bound(begin.begin(), begin.end() - 1, events_before) -
                                    begin.begin());
  };
  parallel_for(threads, parts, [&](std::size_t k) { runs(part_begin(k), part_begin(k + 1)); });
  if (!grouped) ev.time.swap(time);
  std::vector<std::int64_t>().swap(time);  // the old times: freed before the next gather
  ev.record_begin = std::move(begin);

  normalize(ev.amount, n);
  normalize(ev.reason, n);
  normalize(ev.actor, n);
  normalize(ev.close_date, n);
  // Data that arrives sorted (generated, or exported by record) is done.
  if (is_identity(perm)) return;
  in_parallel(step_threads, [&] { gather(ev.stage, perm); },
              [&] {
                reorder(ev.amount, perm);
                reorder(ev.reason, perm);
                reorder(ev.actor, perm);
                reorder(ev.close_date, perm);
              });
}

}  // namespace modelfunnel::internal
