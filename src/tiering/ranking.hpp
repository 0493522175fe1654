// The two orders the split needs, kept fast for millions of accounts: the
// ids in byte order (which also proves them unique, and breaks score ties),
// and the rank order — score, highest first, then id — as a stable radix
// sort of the scores over units already in id order, so that no string is
// compared while ranking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace modelfunnel::internal::tiering {

/// The ids sorted, and the first repeat if any.
struct IdOrder {
  /// Rows in id order (byte order; equal ids by row).
  std::vector<std::uint32_t> by_id;
  /// The first row, in row order, whose id an earlier row has; SIZE_MAX: none.
  std::size_t repeat = SIZE_MAX;
  /// The earliest row with that id.
  std::size_t repeat_of = 0;
};

/// The order of @p n ids known to increase down the rows (unique): the rows
/// as they are.
IdOrder in_row_order(std::size_t n);

/// Sorts @p ids. Ids already in strictly increasing order (as exports often
/// are) are found so in one pass and not sorted; otherwise two halves are
/// sorted on up to two threads and merged.
IdOrder id_order(std::span<const std::string_view> ids, unsigned threads);

/// The row whose id is @p id (binary search in @p order), if any.
std::optional<std::uint32_t> find_id(const IdOrder& order, std::span<const std::string_view> ids,
                                     std::string_view id);

/// @p units_by_id (unit indices in id order) ranked by @p score of each
/// unit, highest first; equal scores keep the id order.
std::vector<std::uint32_t> rank_by_score(std::vector<std::uint32_t> units_by_id, std::span<const double> score);

}  // namespace modelfunnel::internal::tiering
