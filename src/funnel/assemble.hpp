// Turns the merged accumulators of the per-record pass into report groups:
// rates with their intervals, duration summaries, sorted loss reasons.
#pragma once

#include <vector>

#include "funnel/accumulate.hpp"
#include "funnel/plan.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::internal {

/// One report group from @p acc, which must be in use (GroupAcc::use).
FunnelGroup assemble_group(const FunnelPlan& plan, const GroupAcc& acc);

/// The groups of the report, in report order: per bucket slot the total
/// (built by merging the breakdown groups), then each breakdown group.
/// Consumes @p pass's accumulators. Also returns, in @p overall, the
/// counts over every slot (for the bottleneck ranking).
std::vector<FunnelGroup> assemble_groups(const FunnelPlan& plan, PassResult& pass,
                                         GroupAcc& overall);

}  // namespace modelfunnel::internal
