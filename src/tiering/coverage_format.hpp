// The coverage tables of tiering_csv() and the coverage member of
// tiering_json() (format.cpp dispatches to them).
#pragma once

#include <optional>
#include <string>

#include "modelfunnel/tiering.hpp"
#include "util/json_writer.hpp"

namespace modelfunnel::internal::tiering {

/// A score for people: 4 decimals at most, no trailing zeros, never an exponent.
std::string score_text(double x);

std::string coverage_csv(const Tiering& tiering, const Coverage& coverage);
std::string rep_gaps_csv(const Coverage& coverage);
/// Writes the value of the "coverage" key: plays, counts, accounts, reps.
void write_coverage_json(JsonWriter& w, const Tiering& tiering, const Coverage& coverage);

}  // namespace modelfunnel::internal::tiering
