// Names of the duration figures (FunnelOptions::durations), as the command
// line and the Python package spell them.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel {
namespace {

using Member = bool DurationFigures::*;

constexpr std::array<std::pair<std::string_view, Member>, 5> kFigures = {{
    {"from_entry", &DurationFigures::from_entry},
    {"in_stage", &DurationFigures::in_stage},
    {"aging", &DurationFigures::aging},
    {"cycle", &DurationFigures::cycle},
    {"team_velocity", &DurationFigures::team_velocity},
}};

std::string known_names() {
  std::string out = "all, none";
  for (const auto& [name, member] : kFigures) out.append(", ").append(name);
  return out;
}

}  // namespace

absl::StatusOr<DurationFigures> parse_duration_figures(std::string_view list) {
  if (list == "all") return DurationFigures::all();
  if (list == "none") return DurationFigures::none();
  DurationFigures out = DurationFigures::none();
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    const std::string_view item = list.substr(start, comma - start);
    start = comma + 1;
    bool found = false;
    for (const auto& [name, member] : kFigures) {
      if (item != name) continue;
      out.*member = true;
      found = true;
    }
    if (!found) {
      return absl::InvalidArgumentError("durations: unknown figure '" + std::string(item) +
                                        "' in '" + std::string(list) + "' (expected " +
                                        known_names() + ")");
    }
  }
  return out;
}

std::string to_string(const DurationFigures& figures) {
  if (figures == DurationFigures::all()) return "all";
  std::string out;
  for (const auto& [name, member] : kFigures) {
    if (figures.*member) out.append(out.empty() ? "" : ",").append(name);
  }
  return out.empty() ? "none" : out;
}

}  // namespace modelfunnel
