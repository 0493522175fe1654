/// @file tiering.hpp
/// @brief Account tiering: a fit score per account from a fit-model file,
/// the exact split into tiers (A 15% / B 25% / C 60% by default), and the
/// A and B accounts assigned to BDRs by a min-cost flow.
///
/// The fit model (docs/tiering.md) gives each attribute points — a table of
/// values (with aliases for misspellings), buckets or a capped line for
/// numbers, or a yes/no — and says what a missing value means. A missing
/// value is a range, not a zero: the account gets the lowest and highest
/// score it could have, and is flagged `uncertain`, with the attribute worth
/// researching, when that range straddles a cut-off.
///
/// Counts per tier come from the shares by largest remainder, so they add up
/// to the number of accounts; accounts are ranked by score, then id, so the
/// same input always gives the same tiers. Floors, pins, last run's tiers
/// (kept unless the score crosses the cut-off by a margin) and the
/// organisation roll-up (subsidiaries take their parent's tier) are applied
/// in that frame, and the report says how far each tier is from its share.
///
/// @code
/// auto accounts = modelfunnel::read_csv_table("accounts.csv");
/// auto model = modelfunnel::FitModel::load_file("examples/tiering/maven_fit.json");
/// if (!accounts.ok() || !model.ok()) return;
/// auto tiering = modelfunnel::tier_accounts(*accounts, *model);
/// if (!tiering.ok()) return tiering.status();  // "accounts.csv:7:5: field 'employees': tier.number: …"
/// for (const auto& a : tiering->accounts)
///   std::cout << a.id << ' ' << tiering->tiers[a.tier].name << ' ' << a.score << '\n';
/// @endcode
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

namespace internal::tiering {
struct FitModelData;
}  // namespace internal::tiering

/// How an attribute turns a value into points. Values are stable.
enum class FitAttributeKind : std::uint8_t {
  kCategorical = 0,  ///< A table of values (case and spaces ignored), aliases, `other`.
  kBuckets = 1,      ///< Numbers: points per interval `[previous below, below)`.
  kLinear = 2,       ///< Numbers: a capped line between two points.
  kBoolean = 3,      ///< yes/no (true/false, 1/0, y/n, t/f).
};

/// `"categorical"`, `"buckets"`, `"linear"`, `"boolean"`.
std::string_view to_string(FitAttributeKind kind);

/// Which score an account with missing values is ranked by while it stays
/// uncertain. Values are stable.
enum class WhileUncertain : std::uint8_t {
  kLowest = 0,    ///< Its lowest possible score (the default: prove it first).
  kHighest = 1,   ///< Its highest possible score.
  kMidpoint = 2,  ///< Halfway between.
};

/// `"lowest"`, `"highest"`, `"midpoint"`.
std::string_view to_string(WhileUncertain policy);

/// An attribute of a fit model, as read.
struct FitAttributeInfo {
  std::string name;    ///< Its name in the model (and in the output).
  std::string column;  ///< The accounts column it reads.
  FitAttributeKind kind = FitAttributeKind::kCategorical;  ///< How it scores.
  double min_points = 0;  ///< The fewest points it can give.
  double max_points = 0;  ///< The most points it can give.
  /// Points for a missing value when the model fixes them; nullopt: a
  /// missing value is the range [min_points, max_points].
  std::optional<double> missing_points;
};

/// A tier and its share of the accounts.
struct TierDefinition {
  std::string name;  ///< `A`, `B`, `C`, … in order, best first.
  double share = 0;  ///< Fraction of the accounts (shares add up to 1).
  /// Accounts scoring below this are never in this tier, even when it is
  /// not full.
  std::optional<double> floor;
};

/// The play of a tier: how its accounts are worked, and the coverage it
/// asks for (docs/tiering.md, "Plays and coverage"). Tiers named A, B and C
/// start from the plays (A: 5 key contacts reached, a cadence of 6
/// months that goes on; B: industry-focused, a phone touch; C: mass email
/// and events, in a campaign); the model's `plays` override them key by key.
struct TierPlay {
  std::string tier;  ///< The tier's name.
  /// The channels the play works (as the activities name them; for people).
  std::vector<std::string> channels;
  /// How personal its messages are: `account`, `industry` or `mass` (for people).
  std::string personalisation;
  /// Key contacts that must have been touched (0: no minimum).
  std::uint64_t min_contacts = 0;
  /// Roles that make a contact a key contact (matched ignoring case and
  /// spaces); empty: every contact is one.
  std::vector<std::string> key_roles;
  /// Calendar months from an account's first touch to its last before its
  /// cadence may stop (0: no minimum).
  std::uint64_t min_cadence_months = 0;
  /// A cadence is still going when the last touch is at most this many days
  /// before the as-of day.
  std::uint64_t max_silence_days = 30;
  /// The touches per month the play aims at (reported beside the pace).
  double touches_per_month = 0;
  /// Channels each account must have been touched on at least once.
  std::vector<std::string> required_channels;
  /// When not empty: each account needs a touch in a campaign (a non-blank
  /// campaign) on one of these channels — a mass campaign.
  std::vector<std::string> campaign_channels;
};

/// A parsed fit model: the id column, the attributes and their points, the
/// tiers, and the policies. Immutable; cheap to copy.
class FitModel {
 public:
  /// Parses a fit-model file (JSON, comments allowed, strict keys).
  /// @return InvalidArgument `$.json.path: rule: why` (rule ids
  ///   `fit.json`, `fit.key`, `fit.type`, `fit.value`, …).
  static absl::StatusOr<FitModel> parse(std::string_view json);
  /// Reads and parses the file at @p path (errors start with the path).
  static absl::StatusOr<FitModel> load_file(const std::filesystem::path& path);

  /// The accounts column holding each account's unique id.
  const std::string& id_column() const;
  /// The attributes, in file order.
  std::vector<FitAttributeInfo> attributes() const;
  /// The tiers, best first.
  const std::vector<TierDefinition>& tiers() const;
  /// Which score uncertain accounts are ranked by.
  WhileUncertain while_uncertain() const;
  /// Points a score must cross a cut-off by before an account leaves last
  /// run's tier (0: none).
  double stability_margin() const;
  /// The column naming an account's parent organisation (roll-up), or empty.
  const std::string& rollup_column() const;
  /// The column holding an account's territory (assignment), or empty.
  const std::string& territory_column() const;
  /// The column naming each account's rep for coverage without an
  /// assignment (`owner`), or empty.
  const std::string& owner_column() const;
  /// One play per tier, in tier order (defaults for A, B, C; none of a
  /// tier's requirements set for other names unless the model gives them).
  const std::vector<TierPlay>& plays() const;

  /// Points of attribute @p attribute for the text @p value (blank:
  /// nullopt, as for a missing value). InvalidArgument for a value the
  /// attribute cannot read (a number that is not one).
  absl::StatusOr<std::optional<double>> points(std::size_t attribute, std::string_view value) const;

 private:
  explicit FitModel(std::shared_ptr<const internal::tiering::FitModelData> data);
  std::shared_ptr<const internal::tiering::FitModelData> data_;
  friend struct FitModelAccess;
};

/// A manual tier for one account.
struct TierPin {
  std::string id;      ///< The account.
  std::string tier;    ///< A tier name of the model.
  std::string reason;  ///< Why (shown in the output).
};

/// Last run's tier of one account.
struct PreviousTier {
  std::string id;    ///< The account.
  std::string tier;  ///< A tier name of the model.
};

/// Options for tier_accounts().
struct TierOptions {
  std::vector<TierPin> pins;          ///< Manual tiers, counted in the quotas.
  std::vector<PreviousTier> previous;  ///< Last run's tiers (stability).
  /// Overrides the model's stability margin when set.
  std::optional<double> stability_margin;
  /// Roll subsidiaries up to their parent's tier (needs the model's
  /// `rollup` column); nullopt: as the model says (on when it names one).
  std::optional<bool> rollup;
  /// Threads for scoring; 0: all the hardware has. Results do not depend on it.
  unsigned threads = 0;
};

/// Why an account is in its tier. Values are stable.
enum class TierReason : std::uint8_t {
  kScore = 0,     ///< Its rank by score.
  kPinned = 1,    ///< A pin.
  kKept = 2,      ///< Last run's tier, kept by the stability margin.
  kRolledUp = 3,  ///< Its parent organisation's tier.
};

/// `"score"`, `"pinned"`, `"kept"`, `"rolled_up"`.
std::string_view to_string(TierReason reason);

/// One account's score and tier.
struct TieredAccount {
  std::string id;         ///< From the id column.
  std::size_t row = 0;    ///< 0-based data row of the accounts table.
  std::uint64_t rank = 0; ///< 1-based position in the ranking (Tiering::accounts' order).
  double score = 0;       ///< The score it is ranked by (see WhileUncertain).
  double score_low = 0;   ///< Lowest possible score (= score when nothing is missing).
  double score_high = 0;  ///< Highest possible score.
  std::size_t tier = 0;   ///< Index into Tiering::tiers.
  TierReason reason = TierReason::kScore;  ///< Why that tier.
  std::string pin_reason;                  ///< The pin's reason, if pinned.
  std::optional<std::size_t> previous_tier;  ///< Last run's tier, if given.
  /// Its score range straddles a cut-off: more data could change its tier.
  bool uncertain = false;
  std::string research;   ///< The missing attribute with the widest range, when uncertain.
  std::string organisation;  ///< The id of its top parent (itself without roll-up).
};

/// A tier's target and what it got.
struct TierSummary {
  std::string name;            ///< As in the model.
  double share = 0;            ///< As in the model.
  std::uint64_t target = 0;    ///< share × accounts, by largest remainder.
  std::uint64_t count = 0;     ///< Accounts in the tier.
  std::int64_t difference = 0; ///< count − target (floors, pins and roll-up move it).
  std::uint64_t pinned = 0;    ///< Of which pinned.
  std::uint64_t kept = 0;      ///< Of which kept by the stability margin.
  std::uint64_t uncertain = 0; ///< Of which uncertain.
  std::optional<double> min_score;  ///< Lowest score in the tier (nullopt when empty).
  std::optional<double> max_score;  ///< Highest score in the tier (nullopt when empty).
};

/// The fit margin at the cut-off between two neighbouring tiers.
struct TierCutoff {
  std::string upper;  ///< The upper tier's name (`A`).
  std::string lower;  ///< The lower tier's name (`B`).
  /// The lowest score in the upper tier; nullopt when it is empty.
  std::optional<double> last_upper;
  /// The highest score in the lower tier; nullopt when it is empty.
  std::optional<double> first_lower;
  /// last_upper − first_lower: how close the last A is to the first B
  /// (negative when pins, stability or roll-up put a lower score above).
  std::optional<double> margin;
};

/// Every account's score and tier.
struct Tiering {
  std::vector<std::string> attributes;  ///< Attribute names, in model order.
  std::vector<TierSummary> tiers;       ///< One per tier of the model, best first.
  std::vector<TierCutoff> cutoffs;      ///< One per pair of neighbouring tiers.
  /// Every account, in rank order: by tier, then organisation score (highest
  /// first), then organisation id, then score and id within an organisation.
  std::vector<TieredAccount> accounts;
  /// Each account's points per attribute, nullopt where its value is
  /// missing: those of accounts[i] are points[i * attributes.size() + k]
  /// (see points_of()). One array rather than one per account: a million
  /// accounts are a million fewer allocations.
  std::vector<std::optional<double>> points;
  bool rolled_up = false;               ///< Whether the roll-up was applied.
  /// The model's territory column (the default for assign_accounts()).
  std::string territory_column;
  /// Accounts whose parent is not in the file (they stand alone).
  std::uint64_t unknown_parents = 0;
  /// Last run's tiers given for ids that are not in the accounts (ignored).
  std::uint64_t previous_unknown = 0;

  /// The points of accounts[@p i], one per attribute. @pre i < accounts.size()
  std::span<const std::optional<double>> points_of(std::size_t i) const {
    return std::span<const std::optional<double>>(points).subspan(i * attributes.size(), attributes.size());
  }
};

/// Scores @p accounts with @p model and splits them into its tiers.
/// @return InvalidArgument `file:line:column: field 'f': rule: why` for a
///   missing column (`tier.column`), a blank or repeated id
///   (`tier.id`), an unreadable value (`tier.number`, `tier.boolean`), a pin
///   or previous tier naming an unknown account or tier (`tier.pin`,
///   `tier.previous`), a parent loop (`tier.parent`); nothing is returned then.
absl::StatusOr<Tiering> tier_accounts(const CsvTable& accounts, const FitModel& model,
                                      const TierOptions& options = {});

/// tier_accounts() on accounts read into typed columns (read_csv_columns()):
/// the same tiers, scores, flags and errors as on the CsvTable of the same
/// file, faster — numbers were parsed on reading, a column of few values
/// is scored once per value, ids that increase down the file are known
/// unique without sorting them. The input for millions of accounts
/// (docs/tiering.md, "Millions of accounts").
/// @return as tier_accounts(); InvalidArgument (`tier.columns`) for a
///   column without one cell per row.
absl::StatusOr<Tiering> tier_accounts(const CsvColumns& accounts, const FitModel& model,
                                      const TierOptions& options = {});

/// Every account's score and tier as arrays (one per field, indexed by the
/// accounts table's data row) rather than a row object per account: what
/// tier_accounts() computes before it builds Tiering::accounts, for callers
/// that tier millions of accounts and need only some fields (a million
/// TieredAccount rows of strings cost more than the scoring and the split).
/// to_tiering() turns it into the Tiering that tier_accounts() returns.
struct TieringColumns {
  std::vector<std::string> attributes;  ///< Attribute names, in model order.
  std::vector<TierSummary> tiers;       ///< As Tiering::tiers.
  std::vector<TierCutoff> cutoffs;      ///< As Tiering::cutoffs.
  /// Data rows in rank order (Tiering::accounts' order): rank_rows[i] is
  /// the row of the account ranked i + 1.
  std::vector<std::uint32_t> rank_rows;
  // Per data row r:
  std::string id_text;              ///< Every id, one after the other (see id()).
  std::vector<std::uint32_t> id_end;  ///< Where row r's id ends in id_text.
  std::vector<double> score;        ///< As TieredAccount::score.
  std::vector<double> score_low;    ///< As TieredAccount::score_low.
  std::vector<double> score_high;   ///< As TieredAccount::score_high.
  std::vector<std::uint8_t> tier;   ///< Index into tiers.
  std::vector<TierReason> reason;   ///< As TieredAccount::reason.
  std::vector<std::uint8_t> uncertain;  ///< 1: as TieredAccount::uncertain.
  /// The attribute to research (index into attributes) when uncertain, else -1.
  std::vector<std::int32_t> research;
  /// The row of its top parent (r itself without roll-up).
  std::vector<std::uint32_t> organisation;
  /// Last run's tier, or -1; empty when no last tiers were given.
  std::vector<std::int8_t> previous_tier;
  /// Index into pin_reasons for pinned rows, or -1; empty without pins.
  std::vector<std::int32_t> pin;
  std::vector<std::string> pin_reasons;  ///< The pins' reasons.
  /// Points per attribute, NaN where the value is missing (half the memory
  /// of an optional): row r's are points[r * attributes.size() + k].
  std::vector<double> points;
  bool rolled_up = false;          ///< As Tiering::rolled_up.
  std::string territory_column;    ///< As Tiering::territory_column.
  std::uint64_t unknown_parents = 0;   ///< As Tiering::unknown_parents.
  std::uint64_t previous_unknown = 0;  ///< As Tiering::previous_unknown.

  /// The number of accounts.
  std::size_t size() const { return id_end.size(); }
  /// Row @p r's id. @pre r < size()
  std::string_view id(std::size_t r) const {
    const std::size_t begin = r == 0 ? 0 : id_end[r - 1];
    return std::string_view(id_text).substr(begin, id_end[r] - begin);
  }
};

/// tier_accounts() without building the row objects: the same scores,
/// tiers and summaries, as arrays. Same errors; at most 2³² − 1 accounts.
absl::StatusOr<TieringColumns> tier_accounts_columns(const CsvTable& accounts, const FitModel& model,
                                                     const TierOptions& options = {});

/// tier_accounts_columns() on accounts read into typed columns: the
/// fastest way to tier millions of accounts (see tier_accounts(const
/// CsvColumns&, …)).
absl::StatusOr<TieringColumns> tier_accounts_columns(const CsvColumns& accounts, const FitModel& model,
                                                     const TierOptions& options = {});

/// The rows of @p columns in rank order: exactly what tier_accounts()
/// returns for the same input. @p threads: as TierOptions::threads.
/// @pre @p columns as tier_accounts_columns() returned them (InvalidArgument
///   when the arrays differ in length; indices in them are not checked).
absl::StatusOr<Tiering> to_tiering(const TieringColumns& columns, unsigned threads = 0);

/// The pins of a pins CSV (`id`, `tier`, `reason`; other columns ignored).
absl::StatusOr<std::vector<TierPin>> pins_from_csv(const CsvTable& table);
/// Last run's tiers from a CSV with `id` and `tier` (as `tier --format csv` writes).
absl::StatusOr<std::vector<PreviousTier>> previous_from_csv(const CsvTable& table);

// ---------------------------------------------------------------------------
// Assignment to BDRs.

/// A BDR who works A and B accounts (a row of the reps file).
struct TierRep {
  std::string id;  ///< rep_id: unique.
  /// territory: the territories covered (`;`-separated in the file); `*`
  /// covers every territory, a missing one included.
  std::vector<std::string> territories;
  std::uint64_t max_a = 0;      ///< max_a: A accounts it can take.
  std::uint64_t max_total = 0;  ///< max_total: A and B accounts it can take.
};

/// The reps of a reps CSV: `rep_id`, `territory`, `max_a`, `max_total`
/// (whole numbers, max_a ≤ max_total), in any order; other columns ignored.
/// @return InvalidArgument `file:line:column: field 'f': rule: why`.
absl::StatusOr<std::vector<TierRep>> reps_from_csv(const CsvTable& table);

/// Why an account has its rep, or none. Values are stable.
enum class AssignStatus : std::uint8_t {
  kPlaced = 0,            ///< It has a rep.
  kNoRepInTerritory = 1,  ///< No rep covers its territory.
  kTerritoryUnknown = 2,  ///< Its territory is blank and no rep covers `*`.
  kAllFull = 3,           ///< Every rep it could go to is full (max_a or max_total).
  kNotAssigned = 4,       ///< Not an assigned tier (C and below).
};

/// `"placed"`, `"no_rep_in_territory"`, `"territory_unknown"`, `"all_full"`,
/// `"not_assigned"`.
std::string_view to_string(AssignStatus status);

/// Options for assign_accounts().
struct AssignOptions {
  /// Tiers given to reps: the first this many (2: A and B).
  std::size_t tiers_assigned = 2;
  /// The accounts column with the territory; empty: the model's, if any
  /// (without one, every rep may take every account).
  std::string territory_column;
};

/// A rep and what it got.
struct RepAssignment {
  TierRep rep;                ///< As given.
  std::uint64_t first_tier = 0;  ///< A accounts assigned.
  std::uint64_t total = 0;    ///< Accounts assigned.
  double fit_weight = 0;      ///< Sum of the scores of its accounts.
};

/// Accounts given to reps.
struct Assignment {
  /// For each account of Tiering::accounts (same index): index into reps,
  /// or -1.
  std::vector<std::int32_t> rep;
  std::vector<AssignStatus> status;  ///< Same index: placed, or why not.
  std::vector<RepAssignment> reps;   ///< In the order given.
  std::uint64_t placed = 0;          ///< Accounts with a rep.
  std::uint64_t unplaced = 0;        ///< Assigned-tier accounts without one.
};

/// Gives the A and B accounts of @p tiering reps: the most accounts placed
/// within every rep's max_a and max_total, A before B, reps covering a
/// territory by name before `*` reps, each rep's share of its capacity kept
/// even, and within that the fit weight dealt evenly (best accounts in turn).
/// Solved as a min-cost flow (docs/tiering.md, "Assignment"). Accounts that
/// cannot be placed are listed with why.
/// @return InvalidArgument for no reps or an unknown territory column.
absl::StatusOr<Assignment> assign_accounts(const CsvTable& accounts, const Tiering& tiering,
                                           std::span<const TierRep> reps,
                                           const AssignOptions& options = {});

// ---------------------------------------------------------------------------
// Plays and coverage.

/// Options for check_coverage().
struct CoverageOptions {
  /// The day cadences are judged on; nullopt: the day of the latest touch.
  std::optional<Timestamp> as_of;
  /// The accounts column naming each account's rep, used when no
  /// assignment is given; empty: the model's `owner`, if any.
  std::string owner_column;
};

/// The kinds of coverage gap. Values are stable.
enum class CoverageGap : std::uint8_t {
  kContacts = 0,  ///< Fewer key contacts reached than the play's minimum.
  kCadence = 1,   ///< The cadence stopped before the play's months.
  kChannel = 2,   ///< A channel the play requires has no touch.
  kCampaign = 3,  ///< In no campaign on the play's mass channels.
};

/// `"contacts"`, `"cadence"`, `"channel"`, `"campaign"`.
std::string_view to_string(CoverageGap gap);

/// How one account's play is being worked.
struct AccountCoverage {
  std::string id;              ///< The account (Tiering::accounts' order).
  std::size_t tier = 0;        ///< Index into Tiering::tiers.
  std::string rep;             ///< From the assignment or the owner column; empty: none.
  std::uint64_t contacts = 0;  ///< Its contacts.
  std::uint64_t key_contacts = 0;      ///< Of which key contacts (the play's roles).
  std::uint64_t contacts_reached = 0;  ///< Key contacts with at least one touch.
  std::uint64_t touches = 0;   ///< Touches of its contacts (up to the as-of day).
  std::optional<Timestamp> first_touch;  ///< Its first touch.
  std::optional<Timestamp> last_touch;   ///< Its last touch.
  std::int64_t cadence_days = 0;  ///< Days from the first touch to the last (0 without touches).
  /// A touch within the play's max_silence_days before the as-of day.
  bool cadence_running = false;
  /// Touches per month since the first touch (at least one month): the pace.
  double touches_per_month = 0;
  std::vector<std::string> channels;          ///< Channels touched (normalised, sorted).
  std::vector<std::string> missing_channels;  ///< Required channels without a touch.
  std::uint64_t campaign_touches = 0;  ///< Touches in a campaign on the play's mass channels.
  std::vector<CoverageGap> gaps;       ///< Its gaps, in CoverageGap order.
};

/// The gaps of one rep's accounts.
struct RepCoverage {
  std::string rep;                 ///< The rep; empty: accounts without one.
  std::uint64_t accounts = 0;      ///< Its accounts.
  std::uint64_t with_gaps = 0;     ///< Of which with at least one gap.
  std::uint64_t contacts = 0;      ///< Accounts with a contacts gap.
  std::uint64_t cadence = 0;       ///< Accounts with a cadence gap.
  std::uint64_t channel = 0;       ///< Accounts with a channel gap.
  std::uint64_t campaign = 0;      ///< Accounts with a campaign gap.
  /// Key contacts still to reach to meet every play's minimum.
  std::uint64_t contacts_to_reach = 0;
};

/// What was read, and what was left out (counted, never silently).
struct CoverageCounts {
  std::uint64_t contacts = 0;                  ///< Contact rows read.
  std::uint64_t contacts_unknown_account = 0;  ///< Rows naming an account not in the accounts (left out).
  std::uint64_t contacts_duplicate = 0;        ///< Rows repeating a contact of the same account (counted once).
  std::uint64_t contacts_blank_role = 0;       ///< Contacts without a role (kept; key only when no key roles).
  std::uint64_t activities = 0;                ///< Activity rows read.
  std::uint64_t activities_unknown_contact = 0;  ///< Rows naming no known contact (left out).
  std::uint64_t activities_duplicate = 0;      ///< Rows repeating another exactly (counted once).
  std::uint64_t activities_after_as_of = 0;    ///< Rows after the as-of day (left out).
  std::uint64_t activities_blank_channel = 0;  ///< Rows without a channel (kept as touches).
  /// The account ids the left-out contacts name, sorted, each once.
  std::vector<std::string> unknown_accounts;
};

/// Every account's coverage against its tier's play, and the gaps per rep.
struct Coverage {
  std::vector<TierPlay> plays;              ///< One per tier, best first.
  std::optional<Timestamp> as_of;           ///< The day cadences were judged on.
  std::vector<AccountCoverage> accounts;    ///< Same order as Tiering::accounts.
  std::vector<RepCoverage> reps;            ///< Reps in assignment (or name) order, then "none".
  CoverageCounts counts;                    ///< Rows read and left out.
  std::uint64_t accounts_with_gaps = 0;     ///< Accounts with at least one gap.
};

/// Checks each account of @p tiering against its tier's play: contacts
/// (`account_id, contact_id, role`) and their activities (`contact_id,
/// time, channel`, optional `campaign`; may be null: nothing touched).
/// Reps come from @p assignment when given, else from the owner column.
/// @return InvalidArgument `file:line:column: field 'f': rule: why` for a
///   missing column (`coverage.column`), a blank contact id or one contact
///   under two accounts (`coverage.contact`), a time that is not one
///   (`coverage.time`), an unknown owner column; nothing is returned then.
absl::StatusOr<Coverage> check_coverage(const CsvTable& accounts, const Tiering& tiering, const FitModel& model,
                                        const CsvTable& contacts, const CsvTable* activities,
                                        const Assignment* assignment = nullptr, const CoverageOptions& options = {});

// ---------------------------------------------------------------------------
// Learned weights.

/// What learn_weights() counts as one case. Values are stable.
enum class LearnUnit : std::uint8_t {
  /// An account; won when it has at least one won deal (the default).
  kAccounts = 0,
  /// A closed deal (won or lost) of an account; open deals are left out
  /// (counted). For data where nearly every account has won once.
  kDeals = 1,
};

/// `"accounts"`, `"deals"`.
std::string_view to_string(LearnUnit unit);

/// Options for learn_weights().
struct LearnOptions {
  LearnUnit unit = LearnUnit::kAccounts;  ///< What one case is.
  /// The deals column naming the account; empty: the model's id column.
  std::string account_column;
  /// The deals column holding the stage, and the value meaning won.
  std::string stage_column = "deal_stage";
  std::string won_value = "Won";  ///< Matched ignoring case and spaces.
  std::string lost_value = "Lost";  ///< With LearnUnit::kDeals: the stage meaning lost.
  /// Prior strength in cases: each value's win rate is pulled toward the
  /// overall rate as if it had this many more cases at that rate.
  double prior_accounts = 5;
  /// Points per unit of log-odds (natural log) above the value of lowest
  /// log-odds of the same attribute (which gets 0).
  double points_per_logit = 10;
};

/// The evidence behind one learned value's points.
struct LearnedValue {
  std::string attribute;  ///< The attribute's name.
  /// The value (a categorical table key, `other`, `below 500`-style bucket
  /// labels, `true`/`false`), or `(missing)` for blanks (reported, not learned).
  std::string value;
  std::uint64_t accounts = 0;  ///< Accounts with this value.
  /// Cases of those accounts: the accounts themselves, or their closed deals.
  std::uint64_t cases = 0;
  std::uint64_t wins = 0;      ///< Cases won (accounts with a won deal, or won deals).
  double win_rate = 0;         ///< wins / cases (0 without cases).
  double smoothed_rate = 0;    ///< (wins + prior × overall) / (cases + prior).
  double log_odds = 0;         ///< logit(smoothed) − logit(overall).
  std::optional<double> points;  ///< Learned points; nullopt for `(missing)`.
  std::optional<double> model_points;  ///< The model's points before learning.
};

/// Points per attribute value learned from won deals, and the model that uses them.
struct LearnedWeights {
  std::vector<LearnedValue> values;   ///< Per attribute (model order), per value (file order).
  std::vector<std::string> kept;      ///< Attributes not learned (linear): kept as they were.
  LearnUnit unit = LearnUnit::kAccounts;  ///< As used.
  std::uint64_t accounts = 0;         ///< Accounts read.
  std::uint64_t cases = 0;            ///< Cases (accounts, or closed deals of known accounts).
  std::uint64_t wins = 0;             ///< Of which won.
  std::uint64_t deals = 0;            ///< Deal rows read.
  std::uint64_t won_deals = 0;        ///< Of which won (of known accounts).
  std::uint64_t deals_unknown_account = 0;  ///< Deal rows naming no account (left out, counted).
  std::uint64_t deals_open = 0;       ///< kDeals: rows neither won nor lost (left out, counted).
  double prior_accounts = 0;          ///< As used.
  double points_per_logit = 0;        ///< As used.
  /// The fit model with the learned points, as JSON for people to edit and
  /// feed back (comments of the original are not kept).
  std::string model_json;
};

/// Learns points per value of @p model's categorical, bucket and boolean
/// attributes from which @p accounts produced a won deal in @p deals:
/// smoothed log-odds against the overall win rate, scaled to points
/// (docs/tiering.md, "Learned weights").
/// @return InvalidArgument for a missing column (`learn.column`), a number
///   that is not one, no accounts, or no won deal / no account without one.
absl::StatusOr<LearnedWeights> learn_weights(const CsvTable& accounts, const FitModel& model, const CsvTable& deals,
                                             const LearnOptions& options = {});

/// The evidence as CSV: `attribute,value,accounts,cases,wins,win_rate,smoothed_rate,log_odds,points,model_points`.
absl::StatusOr<std::string> learned_csv(const LearnedWeights& learned);
/// The evidence and the learned model as one JSON document.
absl::StatusOr<std::string> learned_json(const LearnedWeights& learned);

// ---------------------------------------------------------------------------
// Text output.

/// The tables of a tiering.
enum class TieringTable : std::uint8_t {
  kAccounts = 0,  ///< Tiering::accounts (with rep and assignment when assigned).
  kTiers = 1,     ///< Tiering::tiers.
  kCutoffs = 2,   ///< Tiering::cutoffs.
  kReps = 3,      ///< Assignment::reps.
  kCoverage = 4,  ///< Coverage::accounts (needs a coverage).
  kRepGaps = 5,   ///< Coverage::reps (needs a coverage).
};

/// `"accounts"`, `"tiers"`, `"cutoffs"`, `"reps"`, `"coverage"`, `"rep_gaps"`.
std::string_view to_string(TieringTable table);
/// The table named @p name, if any.
std::optional<TieringTable> tiering_table_from_string(std::string_view name);

/// One table as CSV. Accounts: `rank,id,tier,score,score_low,score_high,
/// uncertain,research,reason,pin_reason,previous_tier,organisation`, a
/// `points_<attribute>` column per attribute, then `rep,assignment` when
/// @p assignment is given. Scores rounded to 4 decimals, trailing zeros dropped.
/// Coverage: `id,tier,rep,contacts,key_contacts,contacts_reached,min_contacts,
/// touches,first_touch,last_touch,cadence_days,min_cadence_months,
/// cadence_running,touches_per_month,target_touches_per_month,channels,
/// missing_channels,campaign_touches,gaps` (lists joined by `;`). Rep gaps:
/// `rep,accounts,with_gaps,gap_contacts,gap_cadence,gap_channel,gap_campaign,
/// contacts_to_reach`.
/// @return InvalidArgument for kReps without an assignment, kCoverage or
///   kRepGaps without a coverage.
absl::StatusOr<std::string> tiering_csv(const Tiering& tiering, TieringTable table = TieringTable::kAccounts,
                                        const Assignment* assignment = nullptr, const Coverage* coverage = nullptr);
/// Everything as one JSON document (tiers, cutoffs, accounts, and the
/// assignment and coverage when given).
absl::StatusOr<std::string> tiering_json(const Tiering& tiering, const Assignment* assignment = nullptr,
                                         const Coverage* coverage = nullptr);

}  // namespace modelfunnel
