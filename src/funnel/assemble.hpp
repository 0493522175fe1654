// Turns the merged accumulators of the per-record pass into report groups:
// rates with their intervals, duration summaries, sorted loss reasons.
#pragma once

#include <vector>

#include "funnel/accumulate.hpp"
#include "funnel/setup.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace modelfunnel::internal::funnel {

/// One report group from @p acc, which must be in use (GroupAcc::use).
FunnelGroup assemble_group(const Setup& setup, const GroupAcc& acc);

/// The groups of the report, in report order: per bucket slot the total
/// (built by merging the breakdown groups), then each breakdown group.
/// Consumes @p pass's accumulators; uses a second thread when @p threads
/// allows. Also returns, in @p overall, the
/// counts over every slot (for the bottleneck ranking).
std::vector<FunnelGroup> assemble_groups(const Setup& setup, PassResult& pass,
                                         GroupAcc& overall, unsigned threads);

}  // namespace modelfunnel::internal::funnel
