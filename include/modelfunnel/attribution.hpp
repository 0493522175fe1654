/// @file attribution.hpp
/// @brief Campaign attribution: which channels (or campaigns) brought the
/// conversions in, under nine models, with credits that add up exactly.
///
/// The input is a set of **journeys**: a record's touches in time order up
/// to its conversion (reaching a stage, `closed_won` by default, worth the
/// deal's amount), or a record that never converted (a *null* journey, which
/// only the Markov model reads). Journeys come from a DataSet's touches
/// (see Touch; the mapping's `touches` and `campaigns` tables) or from
/// aggregated paths as ChannelAttribution users keep them (a CSV with
/// `path`, `total_conversions`, `total_conversion_value`, `total_null`).
///
/// Every model gives each converting journey shares that sum to one, so a
/// model's credits sum to the total conversions and the total value (the
/// rounding residue of the sums goes to the largest credit, so the column
/// sums equal the totals to the last bit a double sum can hold). The Markov
/// removal effects are solved from the absorbing chain (no simulation: the
/// same input always gives the same credits) and the Shapley values from
/// their closed form; docs/attribution.md defines every model with worked
/// examples.
///
/// @code
/// auto paths = modelfunnel::load_attribution_paths("paths.csv");
/// if (!paths.ok()) return paths.status();   // "paths.csv:4:2: attribution.number: …"
/// auto result = modelfunnel::attribute_paths(*paths, {});
/// for (const auto& c : result->credits)
///   std::cout << to_string(c.model) << ' ' << c.channel << ' ' << c.conversions << '\n';
/// @endcode
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel {

/// An attribution model. Values are stable.
enum class AttributionModel : std::uint8_t {
  kFirstTouch = 0,  ///< All credit to the first touch.
  kLastTouch = 1,   ///< All credit to the last touch before the conversion.
  kLinear = 2,      ///< Equal credit to every touch.
  kUShaped = 3,     ///< 40% first, 40% last, 20% spread over the middle.
  kWShaped = 4,     ///< 30% each to first, lead-creation and opportunity-creation touches, 10% over the rest.
  kFullPath = 5,    ///< 22.5% each to those three and the last touch, 10% over the rest.
  kTimeDecay = 6,   ///< Weight 2^(-age / half-life) per touch, normalised.
  kMarkov = 7,      ///< First-order Markov removal effect, solved exactly.
  kShapley = 8,     ///< Shapley value of the game "conversions of paths within a channel set".
};

/// Every model, in the order above.
inline constexpr std::array<AttributionModel, 9> kAttributionModels = {
    AttributionModel::kFirstTouch, AttributionModel::kLastTouch, AttributionModel::kLinear,
    AttributionModel::kUShaped,    AttributionModel::kWShaped,   AttributionModel::kFullPath,
    AttributionModel::kTimeDecay,  AttributionModel::kMarkov,    AttributionModel::kShapley};

/// `"first_touch"`, `"last_touch"`, `"linear"`, `"u_shaped"`, `"w_shaped"`,
/// `"full_path"`, `"time_decay"`, `"markov"`, `"shapley"`.
std::string_view to_string(AttributionModel model);

/// The model named @p name (as to_string() spells it), if any.
std::optional<AttributionModel> attribution_model_from_string(std::string_view name);

/// What a data set's touches are credited to. Values are stable.
enum class AttributionKey : std::uint8_t {
  kChannel = 0,   ///< Touch::channel; else the campaign's type; else `(unknown)`.
  kCampaign = 1,  ///< Touch::campaign; else `(no campaign)`.
};

/// `"channel"`, `"campaign"`.
std::string_view to_string(AttributionKey key);

/// One row of an aggregated paths file: a channel path and how many
/// journeys took it.
struct AttributionPath {
  std::vector<std::string> channels;  ///< In order, first touch first; not empty.
  double conversions = 0;             ///< Journeys on this path that converted (>= 0).
  double value = 0;                   ///< Their total conversion value (>= 0).
  double nulls = 0;                   ///< Journeys on this path that did not convert (>= 0).
};

/// Reads a paths CSV held in memory: columns `path` (channels separated by
/// `>`, spaces around each name trimmed), `total_conversions` and, optionally,
/// `total_conversion_value` and `total_null` (missing columns read as 0;
/// other columns are ignored). @p name is used in messages.
/// @return InvalidArgument `name:line:column: rule: message` for the first
///   bad field (rules attribution.column, attribution.path,
///   attribution.number, and the CSV rules of read_csv_table()); nothing is
///   returned then.
absl::StatusOr<std::vector<AttributionPath>> parse_attribution_paths(std::string text, std::string name);

/// Same, from the file at @p path.
absl::StatusOr<std::vector<AttributionPath>> load_attribution_paths(const std::filesystem::path& path);

/// How attribute() and attribute_paths() work.
struct AttributionOptions {
  /// Models to compute, in output order (empty: all nine).
  std::vector<AttributionModel> models;
  /// What a data set's touches credit (paths files name their channels).
  AttributionKey by = AttributionKey::kChannel;
  /// Data sets: reaching this stage is the conversion (its first entry);
  /// its value is the amount of that event, else the latest amount the
  /// record had before it, else 0.
  std::string conversion_stage = "closed_won";
  /// Data sets: touches more than this many days before the conversion (for
  /// records that did not convert: before their last touch) are dropped and
  /// counted; nullopt keeps all.
  std::optional<double> lookback_days;
  /// time_decay: the age at which a touch weighs half as much as one at the
  /// conversion. Paths files have no times: their touches are one day apart,
  /// the last one at the conversion. Must be > 0.
  double half_life_days = 7;
  /// Data sets: the string attribute naming a record's account. When set,
  /// every conversion is credited to the touches of all records of its
  /// account before it (buying-group attribution), and an account without a
  /// conversion is one null journey; records without a value stand alone.
  std::string account_attribute;
  /// Data sets: the stages whose first entry marks the lead-creation and
  /// opportunity-creation touches of the W-shaped and full-path models.
  std::string lead_stage = "mql";
  std::string opportunity_stage = "opportunity";  ///< See lead_stage.
  /// Bootstrap replicates for the interval on each credit (0: none). Each
  /// replicate reweights every journey by a Poisson(1) draw (a path row of
  /// n journeys by a Poisson(n) draw) and recomputes the model.
  std::uint32_t bootstrap = 0;
  double confidence = 0.95;   ///< The bootstrap interval's coverage, in (0, 1).
  std::uint64_t seed = 42;    ///< Seed of the bootstrap: same seed, same bytes.
  unsigned threads = 0;       ///< Threads (0: as many as the hardware has).
  /// Data sets with campaigns: also compute Attribution::costs (a second
  /// pass over the touches, keyed by campaign, when `by` is channel).
  bool costs = true;
};

/// A model's credit to one channel (or campaign).
struct ChannelCredit {
  AttributionModel model = AttributionModel::kLinear;  ///< The model.
  std::string channel;       ///< The channel or campaign credited.
  double conversions = 0;    ///< Conversions credited.
  double value = 0;          ///< Conversion value credited.
  double share = 0;          ///< conversions / the model's total conversions.
  std::optional<double> ci_low;   ///< Bootstrap interval on `conversions`, if asked for.
  std::optional<double> ci_high;  ///< See ci_low.
  /// markov: the channel's removal effect, 1 - P(convert without it) / P(convert),
  /// before the effects are normalised into shares.
  std::optional<double> removal_effect;
};

/// What a campaign cost and brought in under one model (data sets whose
/// touches name campaigns).
struct CampaignCost {
  AttributionModel model = AttributionModel::kLinear;  ///< The model of the attributed figures.
  std::string campaign;          ///< Campaign id.
  std::optional<double> cost;    ///< The campaign's cost, else the sum of its touches' costs; nullopt: unknown.
  std::uint64_t leads = 0;          ///< Distinct records it touched.
  std::uint64_t opportunities = 0;  ///< Of those, records that reached the opportunity stage.
  std::uint64_t wins = 0;           ///< Of those, records that converted after one of its touches.
  double attributed_conversions = 0;  ///< Conversions the model credits to it.
  double attributed_value = 0;        ///< Value the model credits to it.
  std::optional<double> cost_per_lead;         ///< cost / leads.
  std::optional<double> cost_per_opportunity;  ///< cost / opportunities.
  std::optional<double> cost_per_win;          ///< cost / attributed_conversions.
  std::optional<double> roi;                   ///< (attributed_value - cost) / cost.
};

/// What went in, and what was left out and why.
struct AttributionTotals {
  std::uint64_t journeys = 0;             ///< Journeys with at least one touch.
  double conversions = 0;                 ///< Conversions credited (each model's credits sum to it).
  double value = 0;                       ///< Their value (each model's value credits sum to it).
  double nulls = 0;                       ///< Journeys that did not convert.
  std::uint64_t touches = 0;              ///< Touches used.
  std::uint64_t touches_after_conversion = 0;  ///< Dropped: after the conversion.
  std::uint64_t touches_outside_lookback = 0;  ///< Dropped: older than the lookback window.
  std::uint64_t conversions_without_touches = 0;  ///< Conversions with no touch left: not credited.
  std::uint64_t channels = 0;             ///< Distinct channels (or campaigns) credited.
};

/// The result: credits per model and channel, campaign costs, totals.
struct Attribution {
  AttributionKey by = AttributionKey::kChannel;  ///< What `channel` names.
  /// One row per model and channel, models in the options' order, channels
  /// by first appearance.
  std::vector<ChannelCredit> credits;
  /// One row per model and campaign, when the touches name campaigns.
  std::vector<CampaignCost> costs;
  AttributionTotals totals;  ///< What went in.
  /// markov: the chain's probability of converting from the start.
  std::optional<double> markov_conversion_probability;
  /// shapley: how the values were computed (`"exact"`) and the standard
  /// error of that method (0: exact, see docs/attribution.md).
  std::string shapley_method = "exact";
  double shapley_standard_error = 0;  ///< See shapley_method.
  std::uint32_t bootstrap = 0;        ///< Replicates behind ci_low / ci_high.
  double confidence = 0.95;           ///< Their coverage.
};

/// Attributes the conversions of @p data's records to their touches.
/// @return InvalidArgument for bad options (an unknown account attribute,
///   a half-life <= 0, a confidence outside (0, 1)); ResourceExhausted when
///   memory runs out.
absl::StatusOr<Attribution> attribute(const DataSet& data, const AttributionOptions& options = {});

/// Attributes aggregated paths (see parse_attribution_paths()).
/// @return InvalidArgument for bad options or a path without channels or
///   with a negative or non-finite count.
absl::StatusOr<Attribution> attribute_paths(std::span<const AttributionPath> paths,
                                            const AttributionOptions& options = {});

/// Which table attribution_csv() prints. Values are stable.
enum class AttributionTable : std::uint8_t {
  kCredits = 0,  ///< model, channel, conversions, value, share, ci_low, ci_high.
  kCosts = 1,    ///< model, campaign, cost, leads, … roi.
};

/// `"credits"` / `"costs"` → the table; nullopt for other names.
std::optional<AttributionTable> attribution_table_from_string(std::string_view name);

/// One table as CSV (header, then rows; numbers in full precision).
absl::StatusOr<std::string> attribution_csv(const Attribution& result,
                                            AttributionTable table = AttributionTable::kCredits);

/// Everything as one JSON object: `totals`, `credits`, `costs`, `markov`,
/// `shapley`.
absl::StatusOr<std::string> attribution_json(const Attribution& result);

}  // namespace modelfunnel
