// tiering_handles.hpp — the tiering result handle of the C ABI, shared by
// tiering.cpp and tiering_coverage.cpp. The fit-model and accounts handles
// live in handles.hpp, since the dashboard reads them too.
#pragma once

#include <optional>

#include "handles.hpp"
#include "modelfunnel/tiering.hpp"

struct mf_tiering {
  modelfunnel::Tiering tiering;
  std::optional<modelfunnel::Assignment> assignment;
};
