// The walk every engine makes over a data set: each record, in order, with
// its events in time order, split into contiguous ranges of records over
// threads. An engine keeps what it gathers in a visitor of its own, one per
// thread, and merges the visitors after; the scan decides only which records
// each visitor sees, so results never depend on the thread count as long as
// the engine merges in visitor order.
//
//   struct Visitor {
//     void start(std::uint32_t first_record);  // before the first record
//     void visit(std::uint32_t record, std::size_t begin, std::size_t end);
//     void finish();                            // after the last one
//   };
//
// visit() gets the record's events as rows [begin, end) of the event
// columns (EventStore); its attributes are the columns' row `record`.
// SparseCursor reads the sparse event columns (amount, reason, actor) for
// rows met in ascending order without a search per row.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "model/dataset_impl.hpp"

namespace modelfunnel::internal {

/// Fewest records worth a thread of their own: below this, starting and
/// joining a thread costs more than the records' share of the walk.
inline constexpr std::size_t kRecordsPerScanThread = 32'768;

/// Threads a scan of @p records records uses when the caller allows
/// @p allowed (already resolved, at least 1): at most one per
/// @p per_thread records, at least one.
inline unsigned scan_threads(std::size_t records, unsigned allowed,
                             std::size_t per_thread = kRecordsPerScanThread) {
  const std::size_t worth = std::max<std::size_t>(1, records / std::max<std::size_t>(1, per_thread));
  return static_cast<unsigned>(std::min<std::size_t>(std::max(1u, allowed), worth));
}

/// Looks up a sparse column for ascending rows by moving forward from the
/// previous answer: one pass over the column per visitor instead of a
/// binary search (a cache miss or more) per lookup. A row below the last
/// one asked for starts a search again.
template <class T>
class SparseCursor {
 public:
  explicit SparseCursor(const SparseColumn<T>& column) : column_(column) {}

  /// The value at event row @p row, if any.
  std::optional<T> find(std::uint32_t row) {
    const auto& rows = column_.rows;
    if (pos_ < rows.size() && rows[pos_] > row) seek(row);
    while (pos_ < rows.size() && rows[pos_] < row) ++pos_;
    if (pos_ < rows.size() && rows[pos_] == row) return column_.values[pos_];
    return std::nullopt;
  }
  /// Positions the cursor for rows from @p row on.
  void seek(std::uint32_t row) {
    const auto& rows = column_.rows;
    pos_ = static_cast<std::size_t>(std::lower_bound(rows.begin(), rows.end(), row) - rows.begin());
  }

 private:
  const SparseColumn<T>& column_;
  std::size_t pos_ = 0;
};

/// Walks every record of @p data, visitor i taking the i-th of
/// visitors.size() contiguous ranges of records (all of them for one
/// visitor), visitor 0 on the calling thread and each other on a thread of
/// its own. Rethrows the first exception a visitor threw (in visitor order)
/// after every thread has joined; if a thread cannot be started, its range
/// is walked on the calling thread instead.
template <class Visitor>
void scan_records(const DataSetImpl& data, std::span<Visitor> visitors) {
  const auto records = static_cast<std::uint32_t>(data.record_ids.size());
  const std::size_t parts = std::max<std::size_t>(1, visitors.size());
  const std::vector<std::uint32_t>& begin_of = data.events.record_begin;
  std::vector<std::exception_ptr> errors(parts);
  auto walk = [&](std::size_t part) {
    try {
      const auto first = static_cast<std::uint32_t>(std::uint64_t{records} * part / parts);
      const auto last = static_cast<std::uint32_t>(std::uint64_t{records} * (part + 1) / parts);
      Visitor& v = visitors[part];
      v.start(first);
      for (std::uint32_t r = first; r < last; ++r) v.visit(r, begin_of[r], begin_of[r + 1]);
      v.finish();
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    std::vector<std::size_t> here = {0};
    for (std::size_t part = 1; part < parts; ++part) {
      try {
        pool.emplace_back(walk, part);
      } catch (const std::system_error&) {
        here.push_back(part);
      }
    }
    for (std::size_t part : here) walk(part);
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace modelfunnel::internal
