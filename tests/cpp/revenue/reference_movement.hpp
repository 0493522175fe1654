// A slow, literal pipeline movement written from docs/revenue.md, to check
// the engine against (revenue_movement_test.cpp). It reads the data set
// through its public API only and works out each deal's state at `from`
// and at `to` from scratch, event by event.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf_movement_reference {

struct Deal {
  std::string bucket;
  std::int64_t amount_from = 0, amount_to = 0;  // Amount::scaled
  std::uint32_t pushes = 0;
};

struct Movement {
  std::map<std::string, Deal> deals;  // by record id
  std::uint64_t deals_pushed = 0, deals_pushed_again = 0, pushes = 0;
};

/// @p first_stage must be given (a main-path stage id).
Movement movement(const modelfunnel::DataSet& data, const modelfunnel::StageGraph& graph,
                  const modelfunnel::MovementOptions& options);

}  // namespace mf_movement_reference
