/// @file qualify.hpp
/// @brief Lead qualification: BANT and company rules deciding, lead by lead,
/// whether a lead goes to field sales now (`qualified`), is nurtured (with a
/// track and a re-check date) or is dropped (`disqualified`), with the reason.
///
/// A rule file (docs/qualify.md) holds rule sets; each record is decided by
/// the first set whose `when` condition passes (outbound leads by the BDR
/// set, the rest by the SDR set). A set has *criteria* — tests over the
/// record's attributes, each `pass`, `fail` or `unknown` (a missing value is
/// unknown, never a fail) — and decision rules over those criteria:
///
/// - the first `disqualify` rule that passes disqualifies the record;
/// - else the first `qualify` rule that passes qualifies it, provided no
///   `disqualify` rule is unknown (a lead is handed on only when it is known
///   not to be disqualified);
/// - else the record is nurtured on the track of the first `nurture` rule
///   that passes (the last one has no condition), re-checked that many days
///   after `as_of`, and the explanation names the unknown criteria worth
///   asking about next.
///
/// `all`, `any` and `not` follow Kleene's three-valued logic. The file is
/// checked against the data set's attributes before anything is evaluated:
/// unknown attributes, type mismatches, and rules that can never pass
/// (contradictory) or never decide (unreachable) are errors naming the rule
/// and its JSON path.
///
/// @code
/// auto rules = modelfunnel::QualifyRules::load_file("examples/qualify/bant.json", data);
/// if (!rules.ok()) return rules.status();   // "$.rule_sets[1].criteria[0]...: rule sdr/need: ..."
/// auto result = modelfunnel::qualify(data, *rules);
/// if (!result.ok()) return result.status();
/// modelfunnel::RecordDecision d;
/// for (modelfunnel::RecordIndex r = 0; r < result->record_count(); ++r) {
///   result->decision(r, d);
///   std::cout << data.record_id(r) << ' ' << to_string(d.decision) << ' ' << d.rule << '\n';
/// }
/// @endcode
///
/// One record at a time (a CRM's save hook), without a DataSet:
///
/// @code
/// std::vector<modelfunnel::AttributeField> schema = {
///     {"channel", modelfunnel::AttributeType::kString},
///     {"need_ok", modelfunnel::AttributeType::kBool}};
/// auto rules = modelfunnel::QualifyRules::parse(json_text, schema);
/// modelfunnel::AttributeValue values[] = {std::string_view("web"), true};
/// modelfunnel::RecordDecision d;
/// absl::Status s = rules->evaluate(values, std::nullopt, now, d);
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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

namespace internal::qualify {
struct Program;
struct ResultData;
}  // namespace internal::qualify

struct Routing;

/// The value of one criterion or condition for one record. The values are
/// ordered fail < unknown < pass, so Kleene's `all` is the minimum and `any`
/// the maximum. Values are stable.
enum class Truth : std::uint8_t {
  kFail = 0,     ///< Known not to hold.
  kUnknown = 1,  ///< Cannot be told: a value it needs is missing.
  kPass = 2,     ///< Known to hold.
};

/// What becomes of a lead. Values are stable; new ones may be added.
enum class Decision : std::uint8_t {
  kQualified = 0,     ///< Hand on to field sales now.
  kNurture = 1,       ///< Keep in touch: a track and a re-check date.
  kDisqualified = 2,  ///< Drop: a disqualify rule passed.
  kNoRuleSet = 3,     ///< No rule set applies to the record (reported, not dropped).
};

/// The BANT item a criterion checks; kNone for the company's own rules.
/// Values are stable.
enum class Bant : std::uint8_t {
  kNone = 0,       ///< A company rule.
  kBudget = 1,     ///< Budget.
  kAuthority = 2,  ///< Authority: the decision maker.
  kNeed = 3,       ///< Need.
  kTimeline = 4,   ///< Timeline.
};

/// How a record's rule set was chosen. Values are stable.
enum class SetChoice : std::uint8_t {
  /// The set's `when` condition passed.
  kMatched = 0,
  /// The set has no `when` (it takes the rest), and every earlier set's
  /// condition failed.
  kFallback = 1,
  /// The set has no `when`, and an earlier set's condition was unknown (a
  /// blank `channel` on the BDR set's `channel = outbound`): the record
  /// lands here by default, which the explanation says.
  kFallbackUnknown = 2,
  /// No set applies (Decision::kNoRuleSet).
  kNone = 3,
};

/// Stable text names: `"fail"`, `"unknown"`, `"pass"`.
std::string_view to_string(Truth truth);
/// `"qualified"`, `"nurture"`, `"disqualified"`, `"no_rule_set"`.
std::string_view to_string(Decision decision);
/// `""` (none), `"budget"`, `"authority"`, `"need"`, `"timeline"`.
std::string_view to_string(Bant bant);
/// `"matched"`, `"fallback"`, `"fallback_unknown"`, `"none"`.
std::string_view to_string(SetChoice choice);

/// One attribute a rule file may test: its name and type.
struct AttributeField {
  std::string name;                              ///< Attribute name.
  AttributeType type = AttributeType::kString;   ///< Its type.
  /// Same name and type.
  friend bool operator==(const AttributeField&, const AttributeField&) = default;
};

/// The attributes of @p data, in declaration order.
std::vector<AttributeField> schema_of(const DataSet& data);

/// A criterion of a rule set, as the file declares it.
struct CriterionInfo {
  std::string id;           ///< Unique within its set; a column of the decisions table.
  Bant bant = Bant::kNone;  ///< The BANT item it checks, if any.
  std::string description;  ///< Free text from the file (may be empty).
};

/// A decision rule of a rule set, as the file declares it.
struct RuleInfo {
  std::string id;           ///< Unique within its set.
  std::string description;  ///< Free text from the file (may be empty).
  std::string track;        ///< Nurture rules: the nurture track.
  std::int64_t recheck_days = 0;  ///< Nurture rules: days from `as_of` to the re-check.
  bool unconditional = false;     ///< The rule has no `if` (the last nurture rule).
};

/// A rule set, as the file declares it.
struct RuleSetInfo {
  std::string id;           ///< Unique in the file.
  std::string description;  ///< Free text from the file (may be empty).
  bool fallback = false;    ///< Has no `when`: takes every record no earlier set took.
  std::vector<CriterionInfo> criteria;  ///< In file order.
  std::vector<RuleInfo> disqualify;     ///< In file order.
  std::vector<RuleInfo> qualify;        ///< In file order.
  std::vector<RuleInfo> nurture;        ///< In file order; the last has no condition.
};

/// The decision about one record, with its explanation. Reusable: filling
/// it again reuses its vectors' memory. The views point into the rules,
/// valid while any copy of them is alive.
struct RecordDecision {
  Decision decision = Decision::kNoRuleSet;  ///< What becomes of the record.
  SetChoice set_choice = SetChoice::kNone;   ///< How its rule set was chosen.
  int rule_set = -1;            ///< Index into QualifyRules::rule_sets(); -1 for none.
  std::string_view rule_set_id; ///< Its id (empty for none).
  /// Index of the rule that decided, in the set's list for the decision
  /// (`disqualify`, `qualify` or `nurture`); -1 for kNoRuleSet.
  int rule = -1;
  std::string_view rule_id;     ///< Its id (empty for kNoRuleSet).
  std::string_view track;       ///< The nurture track (empty unless nurtured).
  /// Nurture only: `as_of` plus the rule's `recheck_days`; absent when there
  /// is no `as_of`.
  std::optional<Timestamp> recheck;
  /// One value per criterion of the set, in the set's order (empty for kNoRuleSet).
  std::vector<Truth> criteria;
  /// Nurture only: the criteria worth asking about next, as indexes into
  /// `criteria` in file order — the unknown criteria on which an undecided
  /// `disqualify` or `qualify` rule depends.
  std::vector<std::uint16_t> ask;
};

/// A checked, compiled rule file. Immutable and cheap to copy (shared
/// state): evaluate() may be called from many threads at once.
class QualifyRules {
 public:
  /// Parses and checks the rule file @p json (docs/qualify.md) against the
  /// attributes @p schema. Nothing is evaluated until every check passed.
  /// @return InvalidArgument with the JSON path and the rule id: bad JSON,
  ///   an unknown or duplicate key, a wrong type, an unknown attribute or
  ///   criterion, a value whose type does not fit the attribute, a
  ///   contradictory rule (it can never pass) or an unreachable one (it can
  ///   pass, but an earlier rule always decides first).
  static absl::StatusOr<QualifyRules> parse(std::string_view json,
                                            std::span<const AttributeField> schema);
  /// Same, against the attributes of @p data.
  static absl::StatusOr<QualifyRules> parse(std::string_view json, const DataSet& data);
  /// Reads the file @p path and parses it (errors start with the path).
  /// @return NotFound / PermissionDenied when it cannot be read, else as parse().
  static absl::StatusOr<QualifyRules> load_file(const std::filesystem::path& path,
                                                std::span<const AttributeField> schema);
  /// Same, against the attributes of @p data.
  static absl::StatusOr<QualifyRules> load_file(const std::filesystem::path& path,
                                                const DataSet& data);

  /// The rule sets, in file order.
  const std::vector<RuleSetInfo>& rule_sets() const;
  /// The attributes the rules were checked against (values for evaluate()
  /// come in this order).
  const std::vector<AttributeField>& schema() const;
  /// Whether a criterion tests the lead score (QualifyOptions::scores).
  bool uses_score() const;
  /// Distinct criterion ids over all sets, in order of first appearance:
  /// the criterion columns of the decisions table.
  const std::vector<std::string>& criterion_columns() const;
  /// Checks that were not made, and why (a set whose attributes have too
  /// many combinations to search for unreachable rules). Usually empty.
  const std::vector<std::string>& warnings() const;

  /// Decides one record from its attribute @p values, one per schema()
  /// attribute in that order (std::monostate for a missing value), and its
  /// lead @p score (nullopt or NaN when it has none). @p as_of dates the
  /// re-check of a nurtured lead. Allocates nothing once @p out has held a
  /// decision of this size.
  /// @return InvalidArgument for a wrong number of values or a value whose
  ///   type is not its attribute's.
  absl::Status evaluate(std::span<const AttributeValue> values, std::optional<double> score,
                        std::optional<Timestamp> as_of, RecordDecision& out) const;

 private:
  friend struct internal::qualify::Program;
  explicit QualifyRules(std::shared_ptr<const internal::qualify::Program> program);
  std::shared_ptr<const internal::qualify::Program> program_;
};

/// What to compute.
struct QualifyOptions {
  /// "Now": nurture re-check dates are this plus the rule's `recheck_days`.
  /// Default: the latest event time in the data set (no re-check dates when
  /// it has no timed event).
  std::optional<Timestamp> as_of;
  /// The lead score per record (a probability, e.g. from `modelfunnel
  /// score`), indexed by RecordIndex; NaN for a record without one. Empty:
  /// no scores. A rule file whose criteria test the score needs scores here
  /// or in `score_attribute`.
  std::vector<double> scores;
  /// Or: a double attribute of the data set holding the score.
  std::string score_attribute;
  /// How many threads the computation may use; 0 (the default) means as
  /// many as the hardware has. 1 starts no thread. The result is the same
  /// for every thread count.
  unsigned threads = 0;
};

/// Records per rule set and decision.
struct DecisionCount {
  std::string rule_set;  ///< Set id; empty for kNoRuleSet.
  Decision decision = Decision::kNoRuleSet;  ///< The decision.
  std::string rule;      ///< The rule that decided (empty for kNoRuleSet).
  std::uint64_t records = 0;  ///< How many records.
};

/// The decisions about every record of a data set. Immutable and cheap to
/// copy; keeps the data set and the rules alive.
class QualifyResult {
 public:
  /// The rules that decided.
  const QualifyRules& rules() const;
  /// The data set decided on.
  const DataSet& data() const;
  /// Number of records (= the data set's).
  std::size_t record_count() const;
  /// The `as_of` used for re-check dates.
  std::optional<Timestamp> as_of() const;
  /// The scores used (empty without).
  std::span<const double> scores() const;

  /// Fills @p out with the decision about record @p r and its explanation.
  /// @pre r < record_count()
  void decision(RecordIndex r, RecordDecision& out) const;
  /// The decision about record @p r. @pre r < record_count()
  RecordDecision decision(RecordIndex r) const;

  /// Records per rule set, decision and deciding rule: sets in file order
  /// (kNoRuleSet last), then decision (qualified, nurture, disqualified),
  /// then rule in file order; combinations with no record are left out.
  const std::vector<DecisionCount>& summary() const;

  /// The decision of every record, by RecordIndex (for whole-column use).
  std::span<const Decision> decisions() const;
  /// The rule set index of every record (-1 for none).
  std::span<const std::int16_t> rule_set_indexes() const;
  /// The index of the deciding rule of every record (see RecordDecision::rule;
  /// 0 for kNoRuleSet).
  std::span<const std::uint16_t> rule_indexes() const;
  /// The value of criterion @p c (in its set's order) of record @p r:
  /// kUnknown past its set's criteria and for a record without a set.
  /// @pre r < record_count()
  Truth criterion_value(RecordIndex r, std::size_t c) const;

 private:
  friend struct internal::qualify::ResultData;
  explicit QualifyResult(std::shared_ptr<const internal::qualify::ResultData> data);
  std::shared_ptr<const internal::qualify::ResultData> data_;
};

/// Decides every record of @p data by @p rules (which must have been
/// checked against @p data's attributes).
/// @return InvalidArgument when the rules were checked against other
///   attributes, when `scores` does not have one value per record, when
///   `score_attribute` is not a double attribute of @p data, or when the
///   rules test the score and no score was given.
absl::StatusOr<QualifyResult> qualify(const DataSet& data, const QualifyRules& rules,
                                      const QualifyOptions& options = {});

/// The tables of the decisions as text.
enum class QualifyTable : std::uint8_t {
  /// One row per record: record_id, rule_set, set_choice, decision, reason
  /// (the deciding rule), track, recheck, ask, then one column per criterion
  /// id (criterion_columns()) with `pass`, `fail`, `unknown`, or empty when
  /// the record's set has no such criterion.
  kDecisions = 0,
  /// QualifyResult::summary(): rule_set, decision, reason, records.
  kSummary = 1,
};

/// Stable names: `"decisions"`, `"summary"`.
std::string_view to_string(QualifyTable table);
/// The table named @p name, if any.
std::optional<QualifyTable> qualify_table_from_string(std::string_view name);

/// One table of @p result as CSV: a header line, then rows, LF line ends,
/// fields quoted per RFC 4180 when needed, times as ISO 8601 UTC.
/// With @p routing (of this result), the decisions table gains `owner`,
/// `owner_team` and `routing` (placed, or why not) after `ask`, empty for
/// leads not qualified.
absl::StatusOr<std::string> qualify_csv(const QualifyResult& result,
                                        QualifyTable table = QualifyTable::kDecisions,
                                        const Routing* routing = nullptr);
/// Everything as one JSON document: the rule sets, the summary, and every
/// record's decision with its explanation (and its owner, with @p routing).
absl::StatusOr<std::string> qualify_json(const QualifyResult& result,
                                         const Routing* routing = nullptr);

// ---------------------------------------------------------------------------
// Learning from outcomes: which criteria predict contracts, and what a
// change of rules would move.
//
// A record's outcome comes from its events against a stage graph, with the
// funnel report's definitions: *won* when it reached a won stage (has an
// event there), *lost* when it was not won and its latest event at a stage
// the graph has is at a lost stage, *closed* when won or lost; its won
// revenue is the largest amount among its earliest events at a won stage.

/// Options for qualify_lift() and qualify_diff().
struct LiftOptions {
  /// Rates whose denominator (closed records) is below this are flagged
  /// `small_sample`.
  std::uint64_t min_sample = 30;
  /// How many threads the outcome scan may use (0: as many as the hardware
  /// has; 1: no thread). The result is the same for every count.
  unsigned threads = 0;
};

/// Outcomes of the records of one rule set whose criterion had one value.
struct CriterionLift {
  std::string rule_set;  ///< Set id.
  std::string criterion; ///< Criterion id.
  Bant bant = Bant::kNone;  ///< Its BANT item.
  Truth value = Truth::kFail;  ///< Its value for these records.
  std::uint64_t records = 0;  ///< Records of the set with that value.
  std::uint64_t closed = 0;   ///< Of those, won or lost.
  std::uint64_t won = 0;      ///< Of those, won.
  Amount won_revenue;         ///< Their won revenue.
  Rate win_rate;              ///< won / closed, with its 95% Wilson interval.
  /// win_rate / the win rate of the same criterion's `fail` row: how many
  /// times likelier a closed lead with this value won than one without.
  /// NaN when either rate is undefined or the fail row's is 0.
  double lift = 0;
};

/// Outcomes of the records of one rule set with one decision.
struct DecisionOutcome {
  std::string rule_set;  ///< Set id; empty for kNoRuleSet.
  Decision decision = Decision::kNoRuleSet;  ///< The decision.
  std::uint64_t records = 0;  ///< Records.
  std::uint64_t closed = 0;   ///< Of those, won or lost.
  std::uint64_t won = 0;      ///< Of those, won.
  Amount won_revenue;         ///< Their won revenue.
  Rate win_rate;              ///< won / closed.
};

/// How each criterion's value relates to winning, over history.
struct QualifyLift {
  /// Per set (file order), criterion (file order) and value (pass, fail,
  /// unknown); every combination, empty ones included.
  std::vector<CriterionLift> criteria;
  /// Per set (file order, kNoRuleSet last) and decision (qualified,
  /// nurture, disqualified); combinations with no record left out.
  std::vector<DecisionOutcome> decisions;
};

/// The lift of every criterion of @p result's rules: the win rate of the
/// records where it passed, failed or was unknown, outcomes read from
/// @p result's data set against @p graph.
/// Events at stages @p graph does not have are ignored.
absl::StatusOr<QualifyLift> qualify_lift(const QualifyResult& result, const StageGraph& graph,
                                         const LiftOptions& options = {});

/// Records that one rule file decides one way and another file another.
struct DecisionMove {
  Decision before = Decision::kNoRuleSet;  ///< Decision by the first rules.
  Decision after = Decision::kNoRuleSet;   ///< Decision by the second rules.
  std::uint64_t records = 0;  ///< How many records.
  std::uint64_t closed = 0;   ///< Of those, won or lost.
  std::uint64_t won = 0;      ///< Of those, won: the deals on this move.
  Amount won_revenue;         ///< Their revenue.
  Rate win_rate;              ///< won / closed.
};

/// Two rule files over the same history.
struct QualifyDiff {
  /// Every (before, after) pair with records, before-decision first (in
  /// Decision order), then after; pairs with before == after are the
  /// records that stayed.
  std::vector<DecisionMove> moves;
  std::uint64_t records = 0;  ///< Records compared.
  std::uint64_t moved = 0;    ///< Records whose decision changed.
};

/// Compares the decisions of two results over the same data set, with the
/// outcomes (read against @p graph) on each side of each move.
/// @return InvalidArgument when the two results are not over the same
///   records (the same ids in the same order).
absl::StatusOr<QualifyDiff> qualify_diff(const QualifyResult& before, const QualifyResult& after,
                                         const StageGraph& graph, const LiftOptions& options = {});

// ---------------------------------------------------------------------------
// Routing: qualified leads get an owner.

/// How qualified leads are shared among reps. Values are stable.
enum class RouteMethod : std::uint8_t {
  /// Reps in turn (file order), skipping full ones and, with a territory
  /// attribute, reps of other territories.
  kRoundRobin = 0,
  /// The eligible rep with the smallest share of its capacity used (ties:
  /// fewer leads, then file order).
  kLeastLoaded = 1,
  /// Each territory's reps in turn (a territory attribute is required).
  kTerritory = 2,
  /// The most leads placed, highest priority first, within every capacity
  /// (docs/qualify.md, "Routing"): reps covering a territory exactly are
  /// used before reps covering every territory, by a min-cost flow.
  kOptimal = 3,
};

/// Why a qualified lead has its owner, or none. Values are stable.
enum class RouteStatus : std::uint8_t {
  kPlaced = 0,            ///< It has an owner.
  kNoRepInTerritory = 1,  ///< No rep covers its territory.
  kTerritoryUnknown = 2,  ///< Its territory is missing and no rep covers every territory.
  kAllFull = 3,           ///< Every rep it could go to is at capacity.
};

/// `"round_robin"`, `"least_loaded"`, `"territory"`, `"optimal"`.
std::string_view to_string(RouteMethod method);
/// The method named @p name, if any.
std::optional<RouteMethod> route_method_from_string(std::string_view name);
/// `"placed"`, `"no_rep_in_territory"`, `"territory_unknown"`, `"all_full"`.
std::string_view to_string(RouteStatus status);

/// A rep who takes qualified leads (a row of reps.csv).
struct Rep {
  std::string id;    ///< rep_id: unique.
  std::string team;  ///< team (shown with the owner).
  /// territory: the territory values the rep covers; `"*"` covers every
  /// territory, a missing one included.
  std::vector<std::string> territories;
  std::uint64_t capacity = 0;  ///< Leads the rep can take in this run (per period).
};

/// The reps of a reps CSV: a header with `rep_id`, `team`, `territory`
/// (`*` for all, several joined by `;`) and `capacity` (a whole number), in
/// any order, other columns ignored; RFC 4180 quoting.
/// @return InvalidArgument naming the line and column of a bad field, a
///   missing column, or a repeated rep_id.
absl::StatusOr<std::vector<Rep>> parse_reps_csv(std::string_view text);
/// Reads and parses the reps CSV at @p path (errors start with the path).
absl::StatusOr<std::vector<Rep>> load_reps_csv(const std::filesystem::path& path);

/// How to route.
struct RouteOptions {
  RouteMethod method = RouteMethod::kRoundRobin;  ///< The method.
  /// A string attribute holding each lead's territory, matched against the
  /// reps' territories; empty: every rep may take every lead.
  std::string territory_by;
};

/// A qualified lead and where it went.
struct LeadRoute {
  RecordIndex record = 0;  ///< The lead.
  int rep = -1;            ///< Index into Routing::reps, or -1.
  RouteStatus status = RouteStatus::kPlaced;  ///< Placed, or why not.
  /// Its territory value (nullopt when missing or without territory_by).
  std::optional<std::string> territory;
};

/// A rep and the leads it got.
struct RepLoad {
  Rep rep;                      ///< As given.
  std::uint64_t assigned = 0;   ///< Leads routed to it.
};

/// The routing of every qualified lead.
struct Routing {
  RouteMethod method = RouteMethod::kRoundRobin;  ///< As requested.
  std::string territory_by;                       ///< As requested.
  /// Every qualified lead, in priority order: highest score first (records
  /// without a score after those with one), then record order (first come,
  /// first served) — the order in which they were routed. Leads that
  /// could not be placed are listed with why, never dropped.
  std::vector<LeadRoute> leads;
  std::vector<RepLoad> reps;  ///< In the order given.
  /// For each record (by RecordIndex), its index in `leads`, or -1 when it
  /// was not qualified.
  std::vector<std::int32_t> lead_of;
  std::uint64_t placed = 0;  ///< Leads with an owner.
};

/// Gives the qualified leads of @p result an owner among @p reps.
/// @return InvalidArgument for no reps, `territory_by` not a string
///   attribute of the data set, or kTerritory without `territory_by`.
absl::StatusOr<Routing> route_leads(const QualifyResult& result, std::span<const Rep> reps,
                                    const RouteOptions& options = {});

/// The routing as CSV: one row per qualified lead in priority order
/// (record_id, rule_set, priority, score, territory, owner, owner_team,
/// routing), or with @p reps_table one row per rep (rep_id, team,
/// territory, capacity, assigned).
absl::StatusOr<std::string> routing_csv(const QualifyResult& result, const Routing& routing,
                                        bool reps_table = false);

/// The tables of a lift.
enum class LiftTable : std::uint8_t {
  kCriteria = 0,   ///< QualifyLift::criteria.
  kDecisions = 1,  ///< QualifyLift::decisions.
};

/// One table of @p lift as CSV (rates as C `%.6g`, empty when undefined;
/// amounts exact).
absl::StatusOr<std::string> qualify_lift_csv(const QualifyLift& lift,
                                             LiftTable table = LiftTable::kCriteria);
/// Both tables of @p lift as one JSON document.
absl::StatusOr<std::string> qualify_lift_json(const QualifyLift& lift);
/// QualifyDiff::moves as CSV.
absl::StatusOr<std::string> qualify_diff_csv(const QualifyDiff& diff);
/// @p diff as one JSON document.
absl::StatusOr<std::string> qualify_diff_json(const QualifyDiff& diff);

}  // namespace modelfunnel
