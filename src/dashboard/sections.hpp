// The page is a list of sections; each is drawn only when its data exists,
// so a section for a new engine is one more function here and one more line
// in dashboard.cpp's list. Every function gets the engines' public results
// (never their internals) and returns nullopt when it has nothing to show.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelfunnel/attribution.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/tiering.hpp"

namespace modelfunnel::internal::dashboard {

/// One <section> of the page.
struct Section {
  std::string id;     ///< Element id (fixed text, never from the data).
  std::string title;  ///< Heading, already escaped.
  std::string body;   ///< HTML inside the section, after the heading.
  bool wide = false;  ///< Spans the whole grid row on wide screens.
};

/// What the engines computed for the page.
struct DashboardInputs {
  const StageGraph* graph = nullptr;
  const DashboardOptions* options = nullptr;
  FunnelReport current;                   ///< The period shown.
  std::optional<FunnelReport> previous;   ///< The period before, when from and to are given.
  std::optional<FunnelReport> trends;     ///< Bucketed by week or month.
  std::vector<FunnelReport> breakdowns;   ///< One per breakdown attribute.
  std::optional<QualifyResult> qualification;  ///< When rules were given.
  std::optional<QualifyLift> lift;             ///< Criterion lift of those rules.
  std::optional<Attribution> attribution;      ///< When the data set has touches.
  std::optional<Reengagement> reengagement;    ///< When a policy was given.
  std::optional<Tiering> tiering;              ///< When accounts and a fit model were given.
  /// Each account against its tier's play (check_coverage()); when contacts
  /// were given with the accounts. Drawn by tiering_section() under the split.
  std::optional<Coverage> coverage;
  std::optional<RevenuePlan> plan;             ///< When a target and a period were given.
  /// Records entering each main-path stage in the plan's period up to
  /// "now" (a period-mode funnel report); with `plan`.
  std::optional<FunnelReport> plan_actual;
  /// The open pipeline's forecast for the plan's period; with `plan`, when
  /// the period ends after "now".
  std::optional<RevenueForecast> forecast;
  /// What moved the open pipeline between the period's start and end
  /// (revenue_movement()); when from and to are given.
  std::optional<PipelineMovement> movement;
  /// Why revenue_movement() refused the period (its InvalidArgument message,
  /// e.g. a main path that does not end at a won stage): the section then
  /// says so instead of being left out.
  std::optional<std::string> movement_refused;
};

std::optional<Section> kpi_section(const DashboardInputs& in);
std::optional<Section> funnel_section(const DashboardInputs& in);
std::optional<Section> trends_section(const DashboardInputs& in);
std::optional<Section> breakdown_section(const DashboardInputs& in);
std::optional<Section> loss_reasons_section(const DashboardInputs& in);
std::optional<Section> qualification_section(const DashboardInputs& in);
std::optional<Section> stage_graph_section(const DashboardInputs& in);
std::optional<Section> attribution_section(const DashboardInputs& in);
std::optional<Section> reengage_section(const DashboardInputs& in);
std::optional<Section> tiering_section(const DashboardInputs& in);
std::optional<Section> revenue_plan_section(const DashboardInputs& in);
std::optional<Section> movement_section(const DashboardInputs& in);

/// The coverage gaps under the tier split: by rule, per rep, the worst
/// accounts (coverage_gaps.cpp).
std::string coverage_gaps_html(const Tiering& tiering, const Coverage& coverage);

/// The attribution models the attribution section shows, in its column order.
std::vector<AttributionModel> dashboard_attribution_models();

/// The whole document around @p sections.
std::string page(std::string_view title_escaped, std::string_view subtitle_escaped,
                 const std::vector<Section>& sections);

/// A team id for people: "sdr" -> "SDR", "field_sales" -> "Field sales";
/// others as given. Not escaped.
std::string team_label(std::string_view team);
/// A stage's display name from @p graph, else its id. Not escaped.
std::string stage_label(const StageGraph& graph, std::string_view id);

/// The total group of @p report (the first group).
const FunnelGroup& total_group(const FunnelReport& report);

}  // namespace modelfunnel::internal::dashboard
