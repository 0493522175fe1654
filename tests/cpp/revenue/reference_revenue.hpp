// A slow, literal revenue forecast written from docs/revenue.md, to check
// the engine against (revenue_differential_test.cpp). It reads the data set
// only through its public API, one record and one stage at a time, and
// recomputes every estimate from scratch.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf_revenue_reference {

struct Forecast {
  double expected = 0;                             ///< Σ amount × P.
  std::map<std::string, std::uint64_t> open;       ///< Open records by stage.
  std::map<std::string, double> expected_by_stage;  ///< Σ amount × P by stage.
  double won_so_far = 0;
};

Forecast forecast(const modelfunnel::DataSet& data, const modelfunnel::StageGraph& graph,
                  modelfunnel::Timestamp as_of, const modelfunnel::Period& period);

/// Σ of the won amount of every record won before as_of (its first won
/// event carrying an amount; none: left out), by its value of the string
/// attribute @p by ("" for none) — the default mix's weights.
std::map<std::string, double> won_revenue_by(const modelfunnel::DataSet& data, const modelfunnel::StageGraph& graph,
                                             modelfunnel::Timestamp as_of, const std::string& by);

/// The data set holding only the records whose @p by is @p value ("" for
/// none), their events copied one by one.
modelfunnel::DataSet subset(const modelfunnel::DataSet& data, const std::string& by, const std::string& value);

/// required records per stage: target / mean deal / product of the later rates.
double required(const modelfunnel::RevenueModel& model, double target, std::size_t stage);

}  // namespace mf_revenue_reference
