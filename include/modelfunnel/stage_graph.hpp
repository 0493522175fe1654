/// @file stage_graph.hpp
/// @brief The revenue process as a graph of stages owned by teams.
///
/// A StageGraph is a company's sales process: stages (lead, mql, sql, …)
/// each owned by one or more teams, joined by typed transitions (advance,
/// nurture, recycle, lost, reopen). The Model's own process is the preset
/// StageGraph::the_model(); any other process is built from stages and
/// transitions or loaded from JSON, and is validated on construction, so a
/// StageGraph object is always a usable process.
///
/// @code
/// auto g = modelfunnel::StageGraph::the_model();
/// for (std::string_view id : g.main_path()) std::cout << id << '\n';
/// // lead mql sql opportunity proposal negotiation closed_won
/// auto mine = modelfunnel::StageGraph::load_json_file("process.json");
/// if (!mine.ok()) std::cerr << mine.status() << '\n';  // names the problem
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace modelfunnel {

/// Well-known team ids. A stage may name any other (custom) team id too.
namespace teams {
/// Marketing: campaigns, content, events; produces leads.
inline constexpr std::string_view kMarketing = "marketing";
/// Inside sales, inbound: qualifies leads that came in by themselves.
inline constexpr std::string_view kSdr = "sdr";
/// Inside sales, outbound: works tiered target accounts.
inline constexpr std::string_view kBdr = "bdr";
/// Field sales (account executives): turns opportunities into contracts.
inline constexpr std::string_view kFieldSales = "field_sales";
/// Customer success: retention, renewals, upsell.
inline constexpr std::string_view kCustomerSuccess = "customer_success";
}  // namespace teams

/// What reaching a stage means for a record. Values are stable; new kinds
/// may be added, so keep a `default` in switches.
enum class StageKind : std::uint8_t {
  kOpen = 0,     ///< Work in progress.
  kWon = 1,      ///< A contract: the shared goal of every team.
  kLost = 2,     ///< Disqualified or lost; may be recycled or reopened.
  kNurture = 3,  ///< Not ready yet; kept warm by marketing.
};

/// Forecast category of a stage, as CRM forecasts group them. Values are
/// stable; new categories may be added.
enum class ForecastCategory : std::uint8_t {
  kPipeline = 0,  ///< Early, low confidence.
  kBestCase = 1,  ///< Could close this period.
  kCommit = 2,    ///< Expected to close.
  kClosed = 3,    ///< Won.
  kOmitted = 4,   ///< Excluded from the forecast (lost, nurture).
};

/// What kind of move a transition is. Values are stable; new kinds may be
/// added.
enum class TransitionKind : std::uint8_t {
  kAdvance = 0,  ///< Forward along the funnel.
  kNurture = 1,  ///< Into nurture: not qualified yet.
  kRecycle = 2,  ///< Back into the funnel from nurture or lost.
  kLost = 3,     ///< Disqualified or lost.
  kReopen = 4,   ///< A lost deal taken up again at an open stage.
};

/// One stage of the process.
struct Stage {
  std::string id;                  ///< Stable key, e.g. `"sql"`.
  std::string name;                ///< Display name, e.g. `"Sales qualified lead"`.
  std::vector<std::string> teams;  ///< Owning team ids; at least one.
  StageKind kind = StageKind::kOpen;                   ///< What reaching it means.
  std::optional<double> probability;                   ///< Forecast probability in [0, 1].
  std::optional<ForecastCategory> forecast_category;   ///< Forecast category.

  /// Memberwise equality.
  bool operator==(const Stage&) const = default;
};

/// A permitted move between two stages.
struct Transition {
  std::string from;  ///< Source stage id.
  std::string to;    ///< Target stage id.
  TransitionKind kind = TransitionKind::kAdvance;  ///< What kind of move.

  /// Memberwise equality.
  bool operator==(const Transition&) const = default;
};

/// A validated stage graph. Immutable; cheap to copy (shared state); safe to
/// read from several threads at once.
class StageGraph {
 public:
  /// The Model's process: `lead`, `mql` (marketing) → `sql` (sdr and bdr:
  /// BANT-qualified) → `opportunity` → `proposal` → `negotiation` →
  /// `closed_won` (field sales); `closed_lost` reachable from every open
  /// stage; `nurture` (marketing) reachable from `mql` and `sql`; recycle
  /// edges from `nurture` and `closed_lost` back to `mql`; a reopen edge
  /// from `closed_lost` to `opportunity`. Ids are stable.
  static StageGraph the_model();

  /// Builds and validates a graph.
  /// @return InvalidArgument listing every problem found, one per line:
  ///   empty or duplicate stage ids, a stage with no team (or an empty or
  ///   repeated team id), transitions naming unknown stages, duplicate
  ///   transitions, an advance edge from a stage to itself, a cycle of
  ///   advance edges (the cycle is printed), no won stage, an open stage
  ///   from which no won stage is reachable, no entry stage or several, a
  ///   probability outside [0, 1].
  static absl::StatusOr<StageGraph> create(std::vector<Stage> stages,
                                           std::vector<Transition> transitions);

  /// Parses the JSON form (schema in docs/stage-graph.md) and validates it.
  /// @return InvalidArgument naming the JSON path (`$.stages[3].kind`) of a
  ///   schema error, the line and column of a syntax error, or the
  ///   validation problems of create().
  static absl::StatusOr<StageGraph> from_json(std::string_view json);

  /// Reads @p path and calls from_json(); every line of an error starts
  /// with the path (NotFound when the file does not exist).
  static absl::StatusOr<StageGraph> load_json_file(const std::filesystem::path& path);

  /// The JSON form; from_json(to_json()) gives an equal graph.
  std::string to_json() const;

  /// Graphviz DOT text: one node per stage (labelled with its name and
  /// teams, clustered by team), one edge per transition, styled by kind.
  std::string to_dot() const;

  /// All stages, in the order they were given.
  std::span<const Stage> stages() const;

  /// All transitions, in the order they were given.
  std::span<const Transition> transitions() const;

  /// The stage with id @p id, or nullptr.
  const Stage* find_stage(std::string_view id) const;

  /// The entry stage: the one stage that no advance, nurture or lost edge
  /// leads into.
  std::string_view entry_stage() const;

  /// The main path: stages reachable from the entry stage by advance edges,
  /// in topological order of the advance edges (ties keep declaration order).
  std::vector<std::string_view> main_path() const;

  /// The teams owning stage @p id; empty when there is no such stage.
  std::span<const std::string> teams_of(std::string_view id) const;

  /// Every team id named by some stage, in order of first appearance.
  std::vector<std::string_view> teams() const;

  /// Hand-offs: advance and recycle transitions whose two stages are owned
  /// by different sets of teams, in declaration order.
  std::vector<Transition> handoffs() const;

  /// Stages from which a won stage is reachable over any transitions
  /// (including the won stages themselves), in declaration order.
  std::vector<std::string_view> stages_reaching_won() const;

  /// Graphs are equal when their stages and transitions are, in order.
  bool operator==(const StageGraph& other) const;

 private:
  struct Impl;
  explicit StageGraph(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

/// Stable text names used in JSON and on the command line
/// (`"open"`, `"best_case"`, `"recycle"`, …).
std::string_view to_string(StageKind kind);
/// Stable text name of a forecast category (`"pipeline"`, `"best_case"`,
/// `"commit"`, `"closed"`, `"omitted"`), as in JSON.
std::string_view to_string(ForecastCategory category);
/// Stable text name of a transition kind (`"advance"`, `"nurture"`,
/// `"recycle"`, `"lost"`, `"reopen"`), as in JSON.
std::string_view to_string(TransitionKind kind);

}  // namespace modelfunnel
