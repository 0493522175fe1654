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
/// bottleneck, trends, breakdown tables, loss reasons, the stage graph,
/// attribution by channel when the data set has touches, and, when their
/// inputs are given: the qualification mix and criterion lift (rules), the
/// re-engagement queue (a policy), the tier split (accounts and a fit
/// model; with contacts and activities, the coverage gaps) and the revenue
/// plan against the period's actual entries (a target and a period). An
/// input left out costs nothing.
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
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/tiering.hpp"
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
  /// Re-engagement policy: when given, the page has the top of the queue of
  /// lost records due for re-engagement and the lost records per reason and
  /// status (reengagement_queue() against @p graph).
  std::optional<ReengagePolicy> reengage_policy;
  /// The date of the queue; default: `as_of`, else the funnel report's
  /// "now" (the latest event). Only with `reengage_policy`.
  std::optional<Timestamp> reengage_as_of;
  /// Accounts and the fit model to tier them by (tier_accounts()): when both
  /// are given, the page has the tier split against the target shares, the
  /// cut-off margins and the uncertain accounts. Both or neither.
  std::optional<CsvTable> accounts;
  std::optional<FitModel> fit_model;  ///< The fit model for `accounts`.
  /// The accounts' contacts (`account_id, contact_id, role`), as for
  /// check_coverage(): with `accounts`, the tier split also shows the
  /// coverage gaps — each account against its tier's play, by rule, per rep
  /// and the worst accounts. Cadences are judged on `as_of`'s day (default:
  /// the latest touch's, as `modelfunnel tier` does).
  std::optional<CsvTable> contacts;
  /// The contacts' touches (`contact_id, time, channel`, optional
  /// `campaign`); needs `contacts`. Without them nothing has been touched.
  std::optional<CsvTable> activities;
  /// The accounts column naming each account's rep for the coverage gaps;
  /// empty: the fit model's `owner`, if any. Needs `contacts`.
  std::string owner_column;
  /// Revenue target for `revenue_period`: when both are given, the page has
  /// the plan's required volume per stage (P50 and the P10–P90 band, from
  /// the model measured on the data) against the records that entered each
  /// stage in the period so far, and the open pipeline's forecast for the
  /// period. Both or neither.
  std::optional<double> revenue_target;
  std::optional<Period> revenue_period;  ///< The period of `revenue_target` (e.g. 2025-Q3).
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
///   attribute, `from` not before `to`, `accounts` without `fit_model` or
///   `revenue_target` without `revenue_period` and the reverse, `contacts`
///   without `accounts`, `activities` or `owner_column` without `contacts`, options an
///   engine refuses, prefixed with the section: "dashboard: revenue plan: …");
///   ResourceExhausted when out of memory.
absl::StatusOr<std::string> dashboard_html(const DataSet& data, const StageGraph& graph,
                                           const DashboardOptions& options = {});

/// Stable text name of a period (`"week"`, `"month"`).
std::string_view to_string(DashboardPeriod period);

}  // namespace modelfunnel
