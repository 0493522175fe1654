// Seeded random leads and rule files for the qualification differential test
// and fuzz target: attributes of every type, blank in all the ways CRMs
// leave them blank (missing, empty text, NaN), odd values (-0.0, infinities,
// the int64 extremes, text differing only in case), ties with the rules'
// constants, and event histories that end won, lost, re-opened or nowhere.
// Rule files cover every operator, nesting of all / any / not, criteria
// shared between sets, fallbacks and none, the lead score — and, by chance,
// contradictory and unreachable rules, which the test checks are refused
// for a true reason.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "funnel/messy_histories.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel::testing {

/// Between @p min_records and @p max_records leads with attributes
/// channel (string), budget_ok, need_ok (bool), employees (int64), revenue
/// (double), created (timestamp), each sometimes missing, and events on
/// The Model's stages (plus one the graph does not know).
DataSet messy_leads(Choices& choices, std::size_t min_records, std::size_t max_records);

/// A rule file over messy_leads()' attributes (and the lead score when
/// @p with_score), valid as to its schema, perhaps contradictory or
/// unreachable.
std::string messy_rules(Choices& choices, bool with_score);

/// @p n lead scores in [0, 1] with ties and NaN.
std::vector<double> messy_scores(Choices& choices, std::size_t n);

}  // namespace modelfunnel::testing
