// tiering_handles.hpp — the tiering handles of the C ABI, shared by
// tiering.cpp and tiering_coverage.cpp.
#pragma once

#include <optional>

#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

struct mf_tier_model {
  modelfunnel::FitModel model;
};

struct mf_tier_accounts {
  modelfunnel::CsvTable table;
};

struct mf_tiering {
  modelfunnel::Tiering tiering;
  std::optional<modelfunnel::Assignment> assignment;
};
