// Amount and close-date changes from history tables, turned into event
// fields once every table is loaded: each event of a record gets the value
// of the record's last change at or before the event's time (an undated
// event: the last change), unless the event carries a value of its own
// (from its events table). Events before a record's first change get none.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "ingest/load_context.hpp"

namespace modelfunnel::internal {
namespace {

// @p column with rows strictly increasing (loaders append in order, but a
// side table's stage dates may come after; of two values for a row the
// first is kept, as the sort does).
void sort_rows(SparseColumn<std::int64_t>& column) {
  if (std::adjacent_find(column.rows.begin(), column.rows.end(), std::greater_equal<>()) == column.rows.end()) return;
  std::vector<std::pair<std::uint32_t, std::int64_t>> pairs(column.rows.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i] = {column.rows[i], column.values[i]};
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  pairs.erase(std::unique(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
              pairs.end());
  column.rows.resize(pairs.size());
  column.values.resize(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) std::tie(column.rows[i], column.values[i]) = pairs[i];
}

void apply(const EventStore& ev, const std::vector<FieldUpdate>& updates, SparseColumn<std::int64_t>& column) {
  if (updates.empty()) return;
  sort_rows(column);
  SparseColumn<std::int64_t> out;
  std::size_t own = 0;
  for (std::uint32_t row = 0; row < ev.size(); ++row) {
    if (own < column.rows.size() && column.rows[own] == row) {
      out.rows.push_back(row);
      out.values.push_back(column.values[own++]);
      continue;
    }
    // The last update of this record at or before the event's time.
    const std::uint32_t r = ev.record[row];
    const std::int64_t t = ev.time[row];
    auto after = std::upper_bound(updates.begin(), updates.end(), std::make_pair(r, t),
                                  [](const std::pair<std::uint32_t, std::int64_t>& key, const FieldUpdate& u) {
                                    return key.first != u.record ? key.first < u.record : key.second < u.time;
                                  });
    if (after == updates.begin() || std::prev(after)->record != r) continue;
    out.rows.push_back(row);
    out.values.push_back(std::prev(after)->value);
  }
  column = std::move(out);
}

}  // namespace

void apply_field_updates(LoadContext& ctx) {
  if (ctx.updates.empty()) return;
  std::vector<FieldUpdate> amounts, close_dates;
  for (const FieldUpdate& u : ctx.updates) (u.close_date ? close_dates : amounts).push_back(u);
  ctx.updates.clear();
  ctx.updates.shrink_to_fit();
  auto by_record_time = [](const FieldUpdate& a, const FieldUpdate& b) {
    return a.record != b.record ? a.record < b.record : a.time < b.time;
  };
  // Stable: of two changes at one time, the later row wins.
  std::stable_sort(amounts.begin(), amounts.end(), by_record_time);
  std::stable_sort(close_dates.begin(), close_dates.end(), by_record_time);
  EventStore& ev = DataSetAccess::building(ctx.builder).events;
  apply(ev, amounts, ev.amount);
  apply(ev, close_dates, ev.close_date);
}

}  // namespace modelfunnel::internal
