// The parts of reengagement_queue() (queue.cpp): the policy's columns
// resolved against the data (columns.cpp), one walk over every record's
// events up to as_of (walk.cpp), and the due date of a lost record
// (due.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/reengage.hpp"

namespace modelfunnel::internal::reengage {

inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

/// The policy's columns in the data; nullopt where the policy names none.
struct Columns {
  std::optional<AttributeColumnView> timeline, renewal, flag, fit, tier, amount, contacted, segment;
};

/// Finds and type-checks every column the policy names.
/// @return InvalidArgument `$.columns.x: reengage.column: …`.
absl::StatusOr<Columns> resolve_columns(const DataSet& data, const ReengagePolicy& policy);

/// A number column's value for @p r (int64 or double), nullopt when missing.
std::optional<double> number_value(const AttributeColumnView& c, RecordIndex r);
/// A timestamp column's value for @p r, nullopt when missing.
std::optional<Timestamp> time_value(const AttributeColumnView& c, RecordIndex r);

/// A record lost at as_of: its last loss and what came before.
struct LostRecord {
  RecordIndex record = 0;
  std::size_t first_event = 0, last_event = 0;  ///< Its events: [first, last).
  std::size_t reason_from = 0;          ///< First index into EventColumns::reason at or after first_event
  std::int64_t lost_at = 0;             ///< micros
  std::int64_t last_reentry = -1;       ///< micros of the last re-open before the last loss, or -1
  std::int32_t reason = -1;             ///< taxonomy index after the unmapped fallback, -1 none
  std::int64_t raw_reason = -1;         ///< index into EventColumns::reasons, -1 blank
  std::uint32_t attempts = 0;           ///< losses
  bool lost_twice = false;
  std::optional<std::int64_t> amount;   ///< scaled, latest recorded up to as_of
  std::int64_t segment = -1;            ///< segment dictionary code, -1 none
};

/// Counters of one (reason, segment) slot of the windows.
struct WindowAcc {
  std::uint64_t lost = 0, reopened = 0, rewon = 0;
  std::vector<double> reopen_days, rewin_days;
};

/// What the walk found.
struct WalkResult {
  /// Lost records per range of records walked, in record order (kept
  /// apart: joining them was a copy of every one).
  std::vector<std::vector<LostRecord>> lost;
  /// Slot (reason + 1) * (segments + 1) + (segment + 1): reason -1 is unmapped,
  /// segment -1 all segments.
  std::vector<WindowAcc> windows;
  std::size_t segments = 0;
  std::vector<std::uint64_t> unmapped_counts;  ///< per raw reason index (+1: blank at 0)
  std::vector<std::int64_t> first_won_amounts; ///< scaled
  std::vector<std::vector<std::int64_t>> first_won_by_segment;  ///< scaled, per segment code
  std::uint64_t recycled = 0;
  std::vector<std::uint64_t> recycled_stage;   ///< per StageCode
  std::uint64_t undated = 0;
  ReengageCosts costs;

  std::size_t lost_count() const {
    std::size_t n = 0;
    for (const auto& range : lost) n += range.size();
    return n;
  }
};

/// Per-stage role in the walk.
enum class Role : std::uint8_t { kIgnored = 0, kOpen = 1, kWon = 2, kLost = 3 };

/// Walks every record's events up to @p as_of, in fixed ranges of records
/// on up to @p threads threads; the result does not depend on @p threads.
WalkResult walk_records(const DataSet& data, const ReengagePolicy& policy, const Columns& columns,
                        const std::vector<Role>& roles, const std::vector<std::int32_t>& reason_of_raw,
                        std::int64_t as_of, unsigned threads);

/// The due date (micros) of @p lost under @p p, and how it was set; nullopt
/// for a `never` reason without the flag.
struct Due {
  std::optional<std::int64_t> at;
  std::string rule;
};
Due due_date(const LostRecord& lost, const ReasonPolicy& p, const ReengagePolicy& policy, const Columns& columns,
             std::optional<double> learned_days);

/// The median of @p v (reordered), nullopt when empty.
std::optional<double> median(std::vector<double>& v);

}  // namespace modelfunnel::internal::reengage
