// Journeys: the one input every attribution model reads. A data set's
// touches (journeys_dataset.cpp) and a paths file (journeys_paths.cpp) both
// become this, so the models never know where their input came from.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "modelfunnel/attribution.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel::internal::attribution {

/// Journeys per chunk of the parallel model passes: fixed, so that the
/// sums, added chunk by chunk in order, do not depend on the thread count.
inline constexpr std::size_t kJourneysPerChunk = std::size_t{1} << 14;

/// The first-order Markov chain's counts over journeys (markov.cpp): the
/// weight of the journeys starting at each key, stepping from key a to key
/// b ([a * k + b]), ending in a conversion at each key, and leaving each key.
struct ChainCounts {
  std::vector<double> step, start, conv, out;

  ChainCounts() = default;
  explicit ChainCounts(std::size_t keys) : step(keys * keys, 0.0), start(keys, 0.0), conv(keys, 0.0), out(keys, 0.0) {}
  /// Adds a journey over @p n keys of @p conversions converting and
  /// @p nulls non-converting journeys. @pre n > 0
  void add(const std::uint32_t* key, std::size_t n, double conversions, double nulls) {
    const std::size_t k = start.size();
    const double weight = conversions + nulls;
    start[key[0]] += weight;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      step[key[i] * k + key[i + 1]] += weight;
      out[key[i]] += weight;
    }
    conv[key[n - 1]] += conversions;
    out[key[n - 1]] += weight;
  }
  /// Adds @p other's counts.
  void add(const ChainCounts& other) {
    for (std::size_t i = 0; i < step.size(); ++i) step[i] += other.step[i];
    for (std::size_t i = 0; i < start.size(); ++i)
      start[i] += other.start[i], conv[i] += other.conv[i], out[i] += other.out[i];
  }
};

/// Journeys as flat columns: journey j's touches are [begin[j], begin[j+1])
/// in time order, first touch first. A journey stands for `conversions`
/// converting and `nulls` non-converting journeys on the same path (1 and 0
/// or 0 and 1 for a data set's records; any counts for a paths file row).
struct Journeys {
  std::vector<std::string> keys;       ///< Channel (or campaign) names, by key id.
  std::vector<std::uint64_t> begin{0};  ///< Offsets into the touch columns; size = journeys + 1.
  std::vector<std::uint32_t> key;      ///< Per touch: its key id.
  std::vector<double> age_days;        ///< Per touch: days before the conversion (or the last touch).
  /// Per journey: the touch (index within the journey) that marks lead
  /// creation / opportunity creation, or -1 (then W-shaped and full path
  /// fall back to positions: docs/attribution.md).
  std::vector<std::int32_t> lead_anchor, opportunity_anchor;
  std::vector<double> conversions, value, nulls;  ///< Per journey.
  /// Whether each journey is one record (bootstrap weight Poisson(1)) rather
  /// than a row of counts (Poisson(count)).
  bool single_records = true;
  /// Empty, or: these are only the converting journeys of a larger set
  /// whose other journeys convert nothing (see converting_journeys()), and
  /// chunk c of that set's kJourneysPerChunk-journey chunks holds these
  /// journeys [chunk_begin[c], chunk_begin[c + 1]). Heuristic models and
  /// Shapley credit only converting journeys, so they give the same bytes
  /// over these as over the whole set; Markov and the bootstrap need the
  /// whole set.
  std::vector<std::size_t> chunk_begin;
  /// With chunk_begin, when the whole set's Markov chain was asked for: its
  /// counts (every journey of a data set weighs one, so they are whole
  /// numbers, the same in any order of adding).
  std::optional<ChainCounts> chain;

  std::size_t size() const { return conversions.size(); }
  std::size_t length(std::size_t j) const { return begin[j + 1] - begin[j]; }
};

/// What building journeys from a data set left out.
struct DataSetCounts {
  std::uint64_t touches_after_conversion = 0;
  std::uint64_t touches_outside_lookback = 0;
  std::uint64_t conversions_without_touches = 0;
};

/// A record's conversion, and when it reached the anchor stages.
struct RecordOutcome {
  bool converted = false;
  std::int64_t conversion_time = 0;  ///< micros, when converted
  double value = 0;
  std::int64_t lead_time = INT64_MAX, opportunity_time = INT64_MAX;  ///< first entries, micros
};

/// Each record's outcome under @p options, on up to @p threads threads.
std::vector<RecordOutcome> record_outcomes(const DataSet& data, const AttributionOptions& options, unsigned threads);

/// The totals of the whole set of journeys converting_journeys() left out.
struct JourneyTotals {
  std::uint64_t journeys = 0, touches = 0;
  double conversions = 0, value = 0, nulls = 0;  ///< Summed in journey order, as fill_totals() would.
};

/// The converting journeys of journeys_from_dataset()'s (same keys, same
/// touches, same order), with Journeys::chunk_begin set, the counts of what
/// was left out and the whole set's totals; no outcome of a record that
/// does not convert is kept. For heuristic models and Shapley without a
/// bootstrap: they credit nothing else (Markov: see @p chain). @pre options.account_attribute is
/// empty.
/// With @p chain, Journeys::chain holds the whole set's chain counts: for
/// Markov without a bootstrap, which then reads no other journey either.
Journeys converting_journeys(const DataSet& data, const AttributionOptions& options, AttributionKey by,
                             unsigned threads, bool chain, DataSetCounts& counts, JourneyTotals& totals);

/// The journeys of @p data under @p options, keyed by @p by; one per record
/// built on up to @p threads threads (the same journeys for any count),
/// buying groups on the calling thread.
/// Throws std::invalid_argument for an unknown or non-string account attribute.
Journeys journeys_from_dataset(const DataSet& data, const std::vector<RecordOutcome>& outcomes,
                               const AttributionOptions& options, AttributionKey by, unsigned threads,
                               DataSetCounts& counts);

/// The journeys of paths-file rows: touches one day apart, the last at the
/// conversion, no anchors. Throws std::invalid_argument for a bad row.
Journeys journeys_from_paths(std::span<const AttributionPath> paths);

/// Conversions and value credited to each key by one model.
struct Credits {
  std::vector<double> conversions, value;
};

/// The weights of journey @p j's touches under a heuristic model (not
/// markov or shapley), summing to one, into @p out.
void touch_weights(AttributionModel model, const Journeys& journeys, std::size_t j, double half_life_days,
                   std::vector<double>& out);

/// @p model's credits over @p journeys with per-journey conversions, value
/// and nulls taken from the given columns (the journeys' own, or a
/// bootstrap replicate's). `markov_probability` receives the chain's
/// conversion probability for markov. Heuristic models and shapley run on
/// up to @p threads threads, with the same result for any count.
Credits model_credits(AttributionModel model, const Journeys& journeys, std::span<const double> conversions,
                      std::span<const double> value, std::span<const double> nulls, double half_life_days,
                      double* markov_probability = nullptr, unsigned threads = 1);

/// Each key's Markov removal effect (1 - P(convert without it) / P(convert);
/// all 0 when nothing converts), and the chain's conversion probability P.
std::vector<double> markov_removal_effects(const Journeys& journeys, std::span<const double> conversions,
                                  std::span<const double> nulls, double& probability);

/// Adds the difference between @p total and the sum of @p credits to the
/// largest credit, so that the column sums to the total.
void settle_residue(std::vector<double>& credits, double total);

}  // namespace modelfunnel::internal::attribution
