// Seeded random event histories as CRMs really record them: out of order,
// logged late, skipped, repeated, re-opened after a loss, nurtured and
// recycled, at stages the graph does not know, with ties in time, missing
// times, blank reasons and amounts — and random report options across the
// whole option space. The differential test and the fuzz target feed them
// to funnel_report() and to the reference implementation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::testing {

/// A source of random choices: a seeded generator, or the bytes of a fuzz
/// input (which then decide every choice, and read as zeros when used up).
class Choices {
 public:
  /// Choices drawn from a seeded generator.
  explicit Choices(std::uint64_t seed);
  /// Choices read from @p size bytes at @p data (not copied: they must
  /// outlive this object).
  Choices(const std::uint8_t* data, std::size_t size);

  /// A number in [0, n); 0 when n is 0.
  std::uint64_t below(std::uint64_t n);
  /// True with probability @p percent / 100.
  bool percent(unsigned percent) { return below(100) < percent; }

 private:
  std::uint64_t next();
  std::uint64_t state_ = 0;
  const std::uint8_t* bytes_ = nullptr;
  std::size_t size_ = 0;
  bool from_bytes_ = false;
};

/// A small process unlike The Model: stages owned jointly by two teams,
/// a nurture stage with a recycle edge, a reopen edge.
StageGraph small_graph();

/// Attributes the messy data sets carry: `channel` (string), `flag`
/// (bool), `employees` (int64), `score` (double, with -0.0 and 0.0),
/// `created` (timestamp), each sometimes missing.
/// Between @p min_records and @p max_records records with messy histories
/// on @p graph's stages.
DataSet messy_data(Choices& choices, const StageGraph& graph, std::size_t min_records,
                   std::size_t max_records);

/// Valid random options for a report of @p data on @p graph.
FunnelOptions messy_options(Choices& choices, const DataSet& data, const StageGraph& graph);

/// The options as one line of text (for failure messages).
std::string describe(const FunnelOptions& options);

/// Every record's events, one line each (for failure messages).
std::string describe(const DataSet& data);

}  // namespace modelfunnel::testing
