// A reference implementation of qualification, written from docs/qualify.md
// and nothing else: the rule file read as plain JSON, every record decided
// one at a time through the public DataSet API, each condition evaluated by
// recursion with the three-valued tables spelled out. No compilation, no
// blocks, no checks: it trusts the file to fit the data set's attributes
// (the caller knows QualifyRules::parse() accepted it, or is asking what a
// rejected file would have done).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::reference {

/// Everything the reference learns about one record.
struct QualifyTrace {
  int set = -1;
  SetChoice choice = SetChoice::kNone;
  Decision decision = Decision::kNoRuleSet;
  int rule = -1;  ///< Index in the deciding list; -1 for no set.
  std::string rule_id;
  std::string track;
  std::optional<Timestamp> recheck;
  std::vector<Truth> criteria;    ///< Of the record's set.
  std::vector<std::uint16_t> ask;
  /// Every set's `when` (pass for a set without one).
  std::vector<Truth> when;
  /// Every rule of every set: [set][list][rule], lists disqualify, qualify,
  /// nurture (a rule without `if` passes).
  std::vector<std::vector<std::vector<Truth>>> rules;
  /// Every criterion of every set: [set][criterion].
  std::vector<std::vector<Truth>> all_criteria;
};

/// What became of one record, by the funnel report's definitions.
struct Outcome {
  bool won = false;     ///< Reached a won stage.
  bool lost = false;    ///< Not won, and its latest event at a known stage is at a lost stage.
  std::int64_t revenue = 0;  ///< Largest amount among its earliest won events (scaled).
};

/// The outcome of every record of @p data against @p graph.
std::vector<Outcome> outcomes(const DataSet& data, const StageGraph& graph);

/// The decisions about every record of @p data by the rule file @p json,
/// with @p scores (empty, or one per record; NaN for none) and @p as_of.
std::vector<QualifyTrace> qualify(const DataSet& data, const std::string& json,
                                  std::span<const double> scores, std::optional<Timestamp> as_of);

}  // namespace modelfunnel::reference
