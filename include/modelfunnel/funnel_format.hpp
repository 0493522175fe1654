/// @file funnel_format.hpp
/// @brief The funnel report as CSV tables and as JSON.
///
/// The `funnel` table is the report defined in the peer benchmark's
/// report-spec.md (`channel,stage,reached,conv_from_prev,
/// median_days_from_lead,won_revenue` for `by = {"channel"}`), byte for
/// byte; the other tables carry every figure of FunnelReport. Numbers in CSV
/// are C `%.6g`; JSON keeps full precision (shortest round-trip) and writes
/// undefined values (NaN) as null.
///
/// @code
/// auto csv = modelfunnel::funnel_csv(*report, modelfunnel::FunnelTable::kFunnel);
/// if (csv.ok()) std::cout << *csv;
/// @endcode
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel {

/// One table of the report. Values are stable; new tables may be added.
enum class FunnelTable : std::uint8_t {
  /// Per group and stage: reached, conversion from the previous stage,
  /// median days from the entry stage, won revenue (report-spec.md).
  kFunnel = 0,
  /// Per group and stage: every rate with its interval, every duration summary.
  kStages = 1,
  /// Per group and stage: where the records whose furthest stage it is went.
  kDropoff = 2,
  /// Per group and stage: loss reasons and their counts.
  kReasons = 3,
  /// Per group: records, outcomes, win rate, revenue, sales cycle, path facts.
  kGroups = 4,
  /// Per group and team: input, output, conversion, velocity, quality.
  kTeams = 5,
  /// The bottleneck ranking with the reason for each flag.
  kBottlenecks = 6,
};

/// Stable names: `funnel`, `stages`, `dropoff`, `reasons`, `groups`,
/// `teams`, `bottlenecks`.
std::string_view to_string(FunnelTable table);

/// The table named @p name, if there is one.
std::optional<FunnelTable> funnel_table_from_string(std::string_view name);

/// One table of @p report as CSV: a header line, then one line per row, `\n`
/// line ends. The breakdown attributes come first (`*` in the total group,
/// empty for a missing value), then `bucket` (the bucket's first day) when
/// the report is bucketed. Fields are quoted (RFC 4180) only when they need it.
/// @return InvalidArgument for a table value this version does not know,
///   ResourceExhausted when the text does not fit in memory.
absl::StatusOr<std::string> funnel_csv(const FunnelReport& report,
                                       FunnelTable table = FunnelTable::kFunnel);

/// The whole report as one JSON document.
/// @return ResourceExhausted when the text does not fit in memory.
absl::StatusOr<std::string> funnel_json(const FunnelReport& report);

}  // namespace modelfunnel
