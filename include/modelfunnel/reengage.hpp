/// @file reengage.hpp
/// @brief Re-engagement of lost deals from their loss reasons: a taxonomy
/// of reasons, a policy saying when, by whom and how each is re-approached,
/// the windows and re-win rates learned from history, and the queue of
/// records due at a date, ranked by expected value.
///
/// A record is *lost* at a date when its latest event up to that date is at
/// a lost stage of the graph. Its free-text loss reason is mapped onto the
/// policy's taxonomy (case and spaces ignored); reasons the taxonomy does not
/// know are listed with their counts, never dropped. The policy file
/// (docs/reengage.md) says per reason when to re-approach (N days after the
/// loss, the customer's stated timeline, the next fiscal year's start, ahead
/// of the competitor's renewal, never, or the learned time to re-open), who
/// (inside sales or a marketing nurture track), the channel, the content
/// track, a cooldown, and what to do when a record is lost twice for the
/// same reason.
///
/// The queue ranks the due records by expected value = past amount ×
/// re-win rate of the reason × fit, then by record id, so the same input
/// always gives the same order.
///
/// @code
/// auto data = modelfunnel::load(modelfunnel::Mapping::canonical("data"));
/// auto policy = modelfunnel::ReengagePolicy::load_file("examples/reengage/policy.json");
/// auto as_of = modelfunnel::parse_timestamp("2024-06-30", modelfunnel::TimeFormat::iso8601());
/// auto r = modelfunnel::reengagement_queue(data->data, *policy, *as_of);
/// if (!r.ok()) return r.status();
/// for (const auto& e : r->queue) std::cout << e.id << ' ' << e.reason << ' ' << e.expected_value << '\n';
/// @endcode
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// How a reason's re-approach date is set. Values are stable.
enum class ReengageWhen : std::uint8_t {
  kDays = 0,               ///< `days` after the loss.
  kTimeline = 1,           ///< The customer's stated timeline (timeline column), else `days`.
  kFiscalYear = 2,         ///< The next fiscal year's start after the loss, less `days_before`.
  kCompetitorRenewal = 3,  ///< `days_before` the competitor's renewal (column), else `days`.
  kNever = 4,              ///< Never, unless the record's flag column says yes (then `days`).
  kLearned = 5,            ///< The median measured time to re-open (min_sample re-opens), else `days`.
};

/// `"days"`, `"timeline"`, `"fiscal_year"`, `"competitor_renewal"`, `"never"`, `"learned"`.
std::string_view to_string(ReengageWhen when);

/// Who re-approaches. Values are stable.
enum class ReengageWho : std::uint8_t {
  kInsideSales = 0,       ///< An inside-sales rep calls or writes.
  kMarketingNurture = 1,  ///< Marketing puts the record on a nurture track.
};

/// `"inside_sales"`, `"marketing_nurture"`.
std::string_view to_string(ReengageWho who);

/// What happens to a record whose last two losses have the same reason.
/// Values are stable.
enum class LostTwiceAction : std::uint8_t {
  kSame = 0,     ///< Treated like any other loss.
  kNurture = 1,  ///< Handed to marketing nurture (who becomes marketing_nurture).
  kDelay = 2,    ///< Due `lost_twice_extra_days` later.
  kSkip = 3,     ///< Not re-approached (counted).
};

/// `"same"`, `"nurture"`, `"delay"`, `"skip"`.
std::string_view to_string(LostTwiceAction action);

/// The policy for one reason of the taxonomy.
struct ReasonPolicy {
  std::string reason;                       ///< The taxonomy reason (`budget`, `timing`, …).
  ReengageWhen when = ReengageWhen::kDays;  ///< How the date is set.
  std::int64_t days = 90;                   ///< Days after the loss (the fallback of every `when`).
  std::int64_t days_before = 0;             ///< Days ahead of a fiscal year start or renewal.
  ReengageWho who = ReengageWho::kInsideSales;  ///< Who re-approaches.
  std::string channel;                      ///< phone, email, …
  std::string track;                        ///< The content track.
  std::int64_t cooldown_days = 0;           ///< Days after the last contact or re-open before another try.
  std::optional<std::int64_t> expire_days;  ///< No longer due this many days after the due date.
  LostTwiceAction lost_twice = LostTwiceAction::kSame;  ///< Lost twice for this reason.
  std::int64_t lost_twice_extra_days = 0;   ///< With kDelay: the extra wait.
  /// A fixed re-win rate instead of the learned one.
  std::optional<double> rewin_rate;
};

/// Overrides for records of one tier (the policy's tier column).
struct TierPolicy {
  std::string tier;                  ///< The tier value (`A`, `B`, `C`).
  std::optional<ReengageWho> who;    ///< Replaces the reason's who.
  std::optional<std::string> channel;  ///< Replaces the reason's channel.
  std::optional<std::string> track;    ///< Replaces the reason's track.
};

/// One alias of the taxonomy: a CRM value and the reason it means.
struct ReasonAlias {
  std::string text;    ///< As written in the policy (matched ignoring case and spaces).
  std::string reason;  ///< The taxonomy reason.
};

/// A parsed re-engagement policy (docs/reengage.md). Plain data: build one
/// in code or parse a file.
struct ReengagePolicy {
  /// The taxonomy's reasons, in file order.
  std::vector<std::string> taxonomy;
  /// Free-text CRM values and the reason each means. A reason's own name
  /// is always an alias of itself.
  std::vector<ReasonAlias> aliases;
  /// The reason of losses whose text the taxonomy does not know (they are
  /// still listed as unmapped); empty: such records are not queued.
  std::string unmapped_reason;
  /// Per-reason policies; a taxonomy reason without one is reported.
  std::vector<ReasonPolicy> reasons;
  /// Tier overrides (need `tier_column`).
  std::vector<TierPolicy> tiers;
  unsigned fiscal_year_start_month = 1;  ///< 1-12.
  std::string timeline_column;    ///< int64/double days, or a timestamp: the customer's timeline.
  std::string renewal_column;     ///< timestamp: the competitor's contract renewal.
  std::string flag_column;        ///< bool: re-approach even a `never` reason.
  std::string fit_column;         ///< number: fit multiplier (missing: 1).
  std::string tier_column;        ///< string: the record's tier.
  std::string amount_column;      ///< number: the record's amount (else its latest event amount).
  std::string contacted_column;   ///< timestamp: the last contact (cooldown).
  std::string segment_column;     ///< string: windows are also learned per segment.
  /// The amount of a record without one: nullopt = the median won amount
  /// of its segment (segment column), else of all records.
  std::optional<double> missing_amount;
  /// Fewest losses a learned re-win rate needs, and fewest re-opens a
  /// learned window needs, before they are used (else the fallback).
  std::uint64_t min_sample = 10;

  /// Parses a policy file (JSON, comments allowed, strict keys).
  /// @return InvalidArgument `$.json.path: reengage.rule: why`.
  static absl::StatusOr<ReengagePolicy> parse(std::string_view json);
  /// Reads and parses the file at @p path (errors start with the path).
  static absl::StatusOr<ReengagePolicy> load_file(const std::filesystem::path& path);

  /// The taxonomy reason of CRM text @p raw (case and spaces ignored),
  /// or nullopt.
  std::optional<std::string> canonical_reason(std::string_view raw) const;
};

/// Options for reengagement_queue().
struct ReengageOptions {
  /// The stage graph naming the lost and won stages (and the recycled
  /// funnel's stages); nullopt: The Model.
  std::optional<StageGraph> graph;
  /// Threads the engine may use; 0: all the hardware has. Results do not
  /// depend on it. The walk over the events (in fixed ranges of records)
  /// and the queue's rows run on up to this many threads (docs/reengage.md).
  unsigned threads = 0;
};

/// One record due for re-engagement.
struct QueueEntry {
  std::uint64_t rank = 0;         ///< 1-based.
  std::string id;                 ///< The record id.
  RecordIndex record = 0;         ///< Its index in the data set.
  std::string reason;             ///< Taxonomy reason of its last loss.
  std::string raw_reason;         ///< As the CRM wrote it.
  Timestamp lost_at;              ///< Its last loss.
  Timestamp due_at;               ///< When it became due.
  std::string due_rule;           ///< How due_at was set (`days`, `timeline`, …, `+cooldown`).
  double expected_value = 0;      ///< amount × rewin_rate × fit.
  double amount = 0;              ///< Past amount used.
  std::string amount_source;      ///< `column`, `recorded`, `policy`, `median_won_segment`, `median_won`, `none`.
  double rewin_rate = 0;          ///< Re-win rate of the reason.
  std::string rate_source;        ///< `learned`, `policy`, or `overall` (too few losses of the reason).
  double fit = 1;                 ///< Fit multiplier.
  ReengageWho who = ReengageWho::kInsideSales;  ///< Who re-approaches.
  std::string channel;            ///< Channel.
  std::string track;              ///< Content track.
  std::string tier;               ///< Its tier (tier column), if any.
  std::uint32_t attempts = 0;     ///< Times lost so far (each later one followed a re-open).
  bool lost_twice = false;        ///< Its last two losses share the reason.
  std::string history;            ///< Each loss: `date reason (raw)`, `; `-separated, oldest first.
};

/// Learned figures of one reason (and segment).
struct ReasonWindow {
  std::string reason;         ///< Taxonomy reason (or `(unmapped)`).
  std::string segment;        ///< Segment value; empty: all segments.
  std::uint64_t lost = 0;     ///< Losses with this reason up to as_of.
  std::uint64_t reopened = 0; ///< Of which the record later re-entered the funnel.
  std::uint64_t rewon = 0;    ///< Of which the record was later won.
  double reopen_rate = 0;     ///< reopened / lost.
  double reopen_low = 0;      ///< 95% Wilson interval.
  double reopen_high = 0;     ///< 95% Wilson interval.
  double rewin_rate = 0;      ///< rewon / lost.
  double rewin_low = 0;       ///< 95% Wilson interval.
  double rewin_high = 0;      ///< 95% Wilson interval.
  std::optional<double> median_days_to_reopen;  ///< Loss to first re-entry.
  std::optional<double> median_days_to_rewin;   ///< Loss to won.
  bool small_sample = false;  ///< lost < the policy's min_sample.
};

/// Lost records of one reason and what became of them at as_of.
struct LossReasonCount {
  std::string reason;             ///< Taxonomy reason, `(unmapped)` for unknown text.
  bool has_policy = false;        ///< Whether the policy covers it.
  std::uint64_t lost_records = 0; ///< Records lost with it at as_of.
  std::uint64_t due = 0;          ///< In the queue.
  std::uint64_t not_yet_due = 0;  ///< Due after as_of.
  std::uint64_t cooling_down = 0; ///< Due but within the cooldown.
  std::uint64_t never = 0;        ///< `never` and not flagged.
  std::uint64_t skipped_lost_twice = 0;  ///< Lost twice, policy says skip.
  std::uint64_t expired = 0;      ///< Past due + expire_days.
  std::uint64_t no_policy = 0;    ///< No policy for the reason.
};

/// A CRM loss text the taxonomy does not know.
struct UnmappedReason {
  std::string text;         ///< As written (`(blank)` for none).
  std::uint64_t count = 0;  ///< Losses with it.
};

/// One stage of the recycled funnel.
struct RecycledStage {
  std::string stage;          ///< `recycled`, then the graph's stages.
  std::uint64_t records = 0;  ///< Recycled records that reached it after re-entry.
  double conversion = 0;      ///< records / recycled records.
  double low = 0;             ///< 95% Wilson interval.
  double high = 0;            ///< 95% Wilson interval.
};

/// Cost per win, re-engaged vs new, from touch costs.
struct ReengageCosts {
  bool known = false;                ///< Whether any touch carries a cost.
  std::uint64_t wins_new = 0;        ///< Records won without a loss before.
  std::uint64_t wins_reengaged = 0;  ///< Records won after a loss.
  Amount cost_new;                   ///< Touch costs before a record's first loss.
  Amount cost_reengaged;             ///< Touch costs after a record's first loss.
  std::optional<double> cost_per_win_new;        ///< cost_new / wins_new.
  std::optional<double> cost_per_win_reengaged;  ///< cost_reengaged / wins_reengaged.
};

/// The queue at a date and the figures behind it.
struct Reengagement {
  Timestamp as_of;                    ///< The date asked for.
  std::vector<QueueEntry> queue;      ///< Records due, by expected value, then id.
  std::vector<LossReasonCount> reasons;   ///< Lost records per reason, taxonomy order then (unmapped).
  std::vector<UnmappedReason> unmapped;  ///< Unknown loss texts, by count then text.
  std::vector<ReasonWindow> windows;  ///< Per reason, then per reason and segment.
  std::vector<RecycledStage> recycled_funnel;  ///< Recycled → … → won.
  ReengageCosts costs;                ///< Re-engaged vs new.
  std::uint64_t lost_records = 0;     ///< Records lost at as_of.
  std::uint64_t undated_events = 0;   ///< Events without a time (ignored).
  std::optional<double> median_won_amount;  ///< The fallback amount, when used.
};

/// The records due for re-engagement at @p as_of under @p policy, with the
/// learned windows, reason counts and the recycled funnel. Only events at or
/// before @p as_of count.
/// @return InvalidArgument naming the policy column (`reengage.column`)
///   that the data lacks or has with the wrong type.
absl::StatusOr<Reengagement> reengagement_queue(const DataSet& data, const ReengagePolicy& policy,
                                                Timestamp as_of, const ReengageOptions& options = {});

/// The tables of a Reengagement.
enum class ReengageTable : std::uint8_t {
  kQueue = 0,    ///< One row per record due.
  kReasons = 1,  ///< Reason counts, then unmapped texts.
  kWindows = 2,  ///< Learned windows.
  kFunnel = 3,   ///< The recycled funnel.
};

/// `"queue"`, `"reasons"`, `"windows"`, `"funnel"`.
std::string_view to_string(ReengageTable table);
/// The table named @p name, if any.
std::optional<ReengageTable> reengage_table_from_string(std::string_view name);

/// One table as CSV. Queue: `rank,id,reason,raw_reason,lost_at,due_at,
/// due_rule,expected_value,amount,amount_source,rewin_rate,fit,who,channel,
/// track,tier,attempts,lost_twice,history`.
absl::StatusOr<std::string> reengage_csv(const Reengagement& r, ReengageTable table = ReengageTable::kQueue);
/// Everything as one JSON document.
absl::StatusOr<std::string> reengage_json(const Reengagement& r);

}  // namespace modelfunnel
