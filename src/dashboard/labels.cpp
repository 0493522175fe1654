#include <string>
#include <string_view>

#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {

std::string team_label(std::string_view team) {
  if (team == teams::kMarketing) return "Marketing";
  if (team == teams::kSdr) return "SDR";
  if (team == teams::kBdr) return "BDR";
  if (team == teams::kFieldSales) return "Field sales";
  if (team == teams::kCustomerSuccess) return "Customer success";
  if (team == "sdr|bdr") return "SDR + BDR";
  return std::string(team);
}

std::string stage_label(const StageGraph& graph, std::string_view id) {
  const Stage* s = graph.find_stage(id);
  return s && !s->name.empty() ? s->name : std::string(id);
}

const FunnelGroup& total_group(const FunnelReport& report) { return report.groups.front(); }

}  // namespace modelfunnel::internal::dashboard
