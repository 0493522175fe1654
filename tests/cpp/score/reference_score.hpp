// A reference lead score: fit and apply written out literally from
// docs/lead-score.md over the public DataSet API — maps of counts, one fold
// model at a time, pool adjacent violators by repeated scans — slow and
// obviously right, for the differential test against the engine.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/lead_score.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf_score_test {

struct ReferenceRow {
  double raw = 0;
  double probability = 0;
  double low = 0;
  double high = 0;
};

struct ReferenceResult {
  /// Why there is no model: "no positives" or "no negatives"; empty when fitted.
  std::string refused;
  std::size_t positives = 0, negatives = 0;
  std::vector<ReferenceRow> rows;  // one per record of the data set
};

/// Fits on @p data's closed records as @p options say and scores every record.
/// Options must be valid and name attributes the data set has.
ReferenceResult reference_score(const modelfunnel::DataSet& data, const modelfunnel::StageGraph& graph,
                                const modelfunnel::ScoreFitOptions& options);

}  // namespace mf_score_test
