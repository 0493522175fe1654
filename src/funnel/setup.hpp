// A FunnelOptions resolved against one data set and one stage graph: stage
// codes mapped to main-path positions, records to breakdown groups and
// teams, dates to microseconds. Everything the per-record pass needs is
// looked up here once, so the pass itself does no string work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "funnel/grouping.hpp"
#include "model/dataset_impl.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::internal::funnel {

/// Longest main path the report handles (stages are bits of a 64-bit mask).
inline constexpr int kMaxMainPath = 64;

/// Stage kinds as the pass sees them (kNone: not in the graph).
enum class CodeKind : std::uint8_t { kNone, kOpen, kWon, kLost, kNurture };

/// The teams of one class of records (records a TeamAssignment sends to the
/// same team): for each team row, the main-path stages it owns.
struct TeamClass {
  std::vector<std::uint32_t> team;  ///< Index into Setup::team_names.
  std::vector<std::uint64_t> ords;  ///< Bit mask of main-path positions it owns.
};

struct Setup {
  const DataSetImpl* data = nullptr;
  FunnelOptions options;
  bool cohort = true;
  bool implied = true;

  std::vector<std::string> main_path;  ///< Stage ids.
  int n_main = 0;
  int won_ord = -1;  ///< Position of the won stage on the main path, if any.

  // Per data-set stage code.
  std::vector<std::int8_t> code_ord;  ///< Main-path position, or -1.
  std::vector<CodeKind> code_kind;
  std::vector<std::uint8_t> code_is_cycle_start;  ///< Event starts the sales cycle.
  int cycle_ord = -1;  ///< Main-path position of cycle_from, or -1 (off the path).

  RecordGroups groups;

  // Time window and range, in microseconds.
  std::int64_t from = INT64_MIN;  ///< Inclusive.
  std::int64_t to = INT64_MAX;    ///< Exclusive.
  bool bounded = false;           ///< from or to was given.
  std::optional<std::int64_t> window;  ///< Microseconds.
  std::int64_t as_of = 0;

  // Time buckets: slot = group * bucket_slots + bucket slot; the last
  // bucket slot holds entries with no time.
  std::int64_t first_bucket = 0;  ///< Bucket id of slot 0.
  std::uint32_t bucket_slots = 1;

  // Teams.
  std::vector<std::string> team_names;
  std::vector<TeamClass> team_classes;
  std::vector<std::uint16_t> team_class_of_record;  ///< Empty: every record in class 0.

  std::uint32_t slot_count() const {
    return static_cast<std::uint32_t>(groups.keys.size()) * bucket_slots;
  }
  /// The bucket slot of time @p t (the no-time slot for kNoTime).
  std::uint32_t bucket_slot(std::int64_t t) const {
    return bucket_slots == 1 ? 0 : bucketed_slot(t);
  }
  std::uint32_t bucketed_slot(std::int64_t t) const;
  /// Start of the bucket in slot @p s, nullopt for the no-time slot or when
  /// there are no buckets.
  std::optional<Timestamp> bucket_start(std::uint32_t s) const;
  bool in_range(std::int64_t t) const {
    return !bounded || (t != kNoTime && t >= from && t < to);
  }
};

/// Resolves @p options; InvalidArgument names the option at fault.
absl::StatusOr<Setup> make_setup(const DataSetImpl& data, const StageGraph& graph,
                                     const FunnelOptions& options);

}  // namespace modelfunnel::internal::funnel
