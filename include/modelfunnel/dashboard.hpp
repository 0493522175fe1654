/// @file dashboard.hpp
/// @brief The team dashboard: one self-contained HTML page (inline CSS, SVG
/// drawn here, a few lines of script for sorting tables) that team leads
/// meet over and reps read on their phones.
///
/// The dashboard is a composition layer over the engines: it calls their
/// public entry points (the funnel report, qualification) and draws their
/// results; it computes no figure of its own except the significance of a
/// change between two periods. The page is a list of sections, each drawn
/// only when its data exists: KPI cards per team, the funnel chart with the
/// bottleneck, trends, breakdown tables, loss reasons, the stage graph, and
/// the qualification mix and criterion lift when rules are given.
/// docs/dashboard.md says what each section shows and how.
///
/// @code
/// modelfunnel::DashboardOptions opt;
/// opt.by = {"channel", "owner"};
/// opt.from = *modelfunnel::parse_timestamp("2025-04-01", modelfunnel::TimeFormat::iso8601());
/// opt.to = *modelfunnel::parse_timestamp("2025-07-01", modelfunnel::TimeFormat::iso8601());
/// auto html = modelfunnel::dashboard_html(data, modelfunnel::StageGraph::the_model(), opt);
/// if (!html.ok()) return html.status();
/// std::ofstream("dashboard.html") << *html;
/// @endcode
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// Granularity of the dashboard's trends. Values are stable.
enum class DashboardPeriod : std::uint8_t {
  kWeek = 0,   ///< ISO weeks, starting Monday 00:00 UTC.
  kMonth = 1,  ///< Calendar months (the default).
};

/// What the dashboard shows. The defaults give every record, trends by
/// month, and a breakdown by whichever of `channel`, `campaign`, `segment`
/// and `owner` the data set has.
struct DashboardOptions {
  /// Heading of the page (escaped like every other text).
  std::string title = "Team dashboard";
  /// Attributes to break the funnel down by, one table each; empty: those
  /// of `channel`, `campaign`, `segment`, `owner` the data set has.
  std::vector<std::string> by;
  /// Start of the period shown (inclusive): records whose funnel entry is
  /// in [from, to), followed forward (the funnel report's cohort mode).
  /// With both ends given, the KPI cards compare the period with the one of
  /// the same length just before it.
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;  ///< End of the period shown (exclusive).
  /// Granularity of the trends.
  DashboardPeriod period = DashboardPeriod::kMonth;
  /// "Now" for aging and censoring; default as in the funnel report.
  std::optional<Timestamp> as_of;
  /// Team resolution for stages owned by several teams (SDR and BDR), as in
  /// FunnelOptions::team_assignment.
  std::optional<TeamAssignment> team_assignment;
  /// Qualification rules: when given, the page has the qualification mix
  /// and the lift of each criterion (history against @p graph).
  std::optional<QualifyRules> qualify_rules;
  /// Rates on fewer records are flagged as small samples (FunnelOptions::min_sample).
  std::uint64_t min_sample = 30;
  /// Threads the engines may use (0: as many as the hardware has; 1: none
  /// started). The page is the same, byte for byte, for every count.
  unsigned threads = 0;
};

/// The dashboard of @p data against @p graph as one HTML document (UTF-8).
/// Every text that comes from the data (attribute values, stage and team
/// names, loss reasons, rule ids) is escaped.
/// @return InvalidArgument naming the option at fault (an unknown `by`
///   attribute, `from` not before `to`, options the funnel report refuses);
///   ResourceExhausted when out of memory.
absl::StatusOr<std::string> dashboard_html(const DataSet& data, const StageGraph& graph,
                                           const DashboardOptions& options = {});

/// Stable text name of a period (`"week"`, `"month"`).
std::string_view to_string(DashboardPeriod period);

}  // namespace modelfunnel
