// The revenue engine's view of a data set at one instant ("as of"): every
// record's dates on the main path, whether it was won (when, for how much)
// or lost, and, for records still open, their stage, age, amount and owner.
// One walk over the records (model/'s shared record scan) gathers it; the
// forecast, the measured plan and the backtest all read it, so they agree
// on what "open at stage s with age a" means.
//
// Only events timed before as_of count (an event without a time is never
// dated, so it is ignored here; the funnel report counts them for reach).
// A record's *date* at a main-path stage is its first event there or at a
// later main-path stage (implied passage, as in the funnel report).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/dataset_impl.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::internal::revenue {

inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

/// The graph resolved against a data set's stage codes.
struct Setup {
  const DataSetImpl* data = nullptr;
  std::vector<std::string> main_path;  ///< Stage ids, entry first, won last.
  std::vector<std::string> teams;      ///< Owning team(s) per main-path stage, joined by '|'.
  std::vector<ForecastCategory> categories;  ///< Per main-path stage (uncategorised: kPipeline).
  std::vector<bool> categorised;       ///< Whether the graph gave the category.
  int won = 0;                         ///< Index of the won stage (the last).
  enum class Kind : std::uint8_t { kNone, kOpen, kWon, kLost, kNurture };
  std::vector<std::int8_t> code_ord;   ///< Per data-set stage code: main-path index or -1.
  std::vector<Kind> code_kind;         ///< Per data-set stage code.
  /// Owner: a string attribute column, or nullptr for the latest event's actor.
  const Column* owner_column = nullptr;
  std::vector<std::string> owner_names;  ///< Owner dictionary (attribute values or actors).
  /// A segment: when set, the walk sees only the records whose code in
  /// this string column is `segment_code` (kMissingCode: no value), as if
  /// the data set held nothing else.
  const Column* segment_column = nullptr;
  std::uint32_t segment_code = 0;  ///< See segment_column.
};

/// Resolves @p graph (main path ending at a won stage) and the owner.
absl::StatusOr<Setup> make_setup(const DataSetImpl& data, const StageGraph& graph,
                                 const std::string& owner_attribute);

/// The latest event time of a stage the graph has, plus one microsecond
/// (so that "as of" that instant sees every event); 0 with no events.
std::int64_t default_as_of(const Setup& setup);

/// A record that reached a stage before as_of, as the win curve needs it.
struct StageEntry {
  std::int32_t observed_days = 0;  ///< Whole days from its date at the stage to as_of.
  /// Whole days from that date to the win (kind 1), the loss (kind 2);
  /// unused for kind 0 (neither yet: censored).
  std::int32_t close_days = 0;
  /// Whole days from that date to leaving the stage: its date at the next
  /// main-path stage, or its close, whichever came first; kStayed when it
  /// is still there at as_of.
  std::int32_t exit_days = 0;
  std::uint8_t kind = 0;
  /// Kind 1: the amount won (currency units); negative when it had none.
  double won_amount = -1;
};
inline constexpr std::int32_t kStayed = std::numeric_limits<std::int32_t>::max();

/// A record open at as_of.
struct OpenRecord {
  std::uint32_t record = 0;
  /// Main-path index of its furthest stage; for a deal lost and taken up
  /// again, the stage of its first main-path event after its latest loss.
  std::uint8_t stage = 0;
  std::int64_t entered = 0;     ///< Its date there (the re-opening, for those), micros.
  std::int64_t amount = -1;     ///< Latest amount before as_of (Amount::scaled), -1: none.
  std::uint32_t owner = 0;      ///< Index into Setup::owner_names, or kNoOwner.
  /// First win at or after as_of, from *all* events (for backtests), and its amount.
  std::int64_t later_won = kNever;
  std::int64_t later_amount = -1;
};
inline constexpr std::uint32_t kNoOwner = std::numeric_limits<std::uint32_t>::max();

/// A record won before as_of.
struct WonRecord {
  std::int64_t won_at = 0;   ///< First won event.
  std::int64_t amount = -1;  ///< Its amount (Amount::scaled), -1: none.
};

/// Everything one walk gathers.
struct History {
  std::int64_t as_of = 0;
  std::vector<std::vector<StageEntry>> entries;  ///< Per main-path stage but won.
  std::vector<OpenRecord> open;                  ///< In record order.
  std::vector<WonRecord> won;                    ///< In record order.
  /// Per main-path stage: days from the date there to the win, over won records.
  std::vector<std::vector<double>> lag_days;
};

/// Walks @p setup's data as of @p as_of on up to @p threads threads (the
/// result does not depend on the count). @p want_entries / @p want_lags
/// skip what a caller does not read.
History gather(const Setup& setup, std::int64_t as_of, unsigned threads, bool want_entries,
               bool want_lags);

}  // namespace modelfunnel::internal::revenue
