# The library's sources, one list per folder (a layer or an engine; see
# docs/architecture.md for what each may include). Listed, not globbed, so a
# file lands in the library by a deliberate line; the check at the end fails
# the configure step when a source under src/ is in no list, so a new file or
# folder cannot be left out silently. src/cli/ is the command-line tool's,
# listed in the top-level CMakeLists.txt.

set(MODELFUNNEL_UTIL_SOURCES
  util/huge_pages.cpp
  util/json_writer.cpp
  util/min_cost_flow.cpp)

set(MODELFUNNEL_MODEL_SOURCES
  model/amount.cpp
  model/dataset.cpp
  model/dataset_appender.cpp
  model/dataset_builder.cpp
  model/dataset_storage.cpp
  model/event_sort.cpp
  model/record_ids.cpp
  model/stage_graph.cpp
  model/stage_graph_dot.cpp
  model/stage_graph_json.cpp
  model/summary.cpp
  model/touches.cpp
  model/timestamp.cpp)

# MODELFUNNEL_INGEST_SOURCES: listed by the layer itself, so that nothing
# outside src/ingest/ names its private pipeline folder.
include("${CMAKE_CURRENT_LIST_DIR}/ingest/sources.cmake")

set(MODELFUNNEL_SYNTHETIC_SOURCES
  synthetic/crm_layouts.cpp
  synthetic/generate.cpp
  synthetic/synthetic_accounts.cpp
  synthetic/synthetic_funnel.cpp
  synthetic/synthetic_touches.cpp)

set(MODELFUNNEL_FUNNEL_SOURCES
  funnel/accumulate.cpp
  funnel/assemble.cpp
  funnel/bottleneck.cpp
  funnel/duration_figures.cpp
  funnel/format_csv.cpp
  funnel/format_json.cpp
  funnel/funnel_report.cpp
  funnel/grouping.cpp
  funnel/order_statistics.cpp
  funnel/setup.cpp
  funnel/stats.cpp)

set(MODELFUNNEL_QUALIFY_SOURCES
  qualify/check.cpp
  qualify/compile.cpp
  qualify/decide.cpp
  qualify/evaluate.cpp
  qualify/format.cpp
  qualify/json_path.cpp
  qualify/outcome.cpp
  qualify/reps.cpp
  qualify/result.cpp
  qualify/route.cpp)

set(MODELFUNNEL_SCORE_SOURCES
  score/apply.cpp
  score/calibration.cpp
  score/data.cpp
  score/fit.cpp
  score/format.cpp
  score/lead_score.cpp
  score/model.cpp
  score/model_json.cpp
  score/report.cpp)

set(MODELFUNNEL_TIERING_SOURCES
  tiering/account_input.cpp
  tiering/allocate.cpp
  tiering/assign.cpp
  tiering/coverage.cpp
  tiering/coverage_format.cpp
  tiering/fit_model.cpp
  tiering/fit_model_json.cpp
  tiering/format.cpp
  tiering/inputs.cpp
  tiering/learn.cpp
  tiering/learn_format.cpp
  tiering/ranking.cpp
  tiering/tier.cpp)

set(MODELFUNNEL_REENGAGE_SOURCES
  reengage/columns.cpp
  reengage/due.cpp
  reengage/format.cpp
  reengage/policy.cpp
  reengage/policy_json.cpp
  reengage/queue.cpp
  reengage/walk.cpp)

set(MODELFUNNEL_REVENUE_SOURCES
  revenue/backtest.cpp
  revenue/distribution.cpp
  revenue/forecast.cpp
  revenue/format.cpp
  revenue/history.cpp
  revenue/measure.cpp
  revenue/movement.cpp
  revenue/movement_format.cpp
  revenue/period.cpp
  revenue/pipeline.cpp
  revenue/plan.cpp
  revenue/plan_backtest.cpp
  revenue/scenario_json.cpp
  revenue/segment_plan.cpp
  revenue/win_curve.cpp)

# The dashboard composes the engines above: it includes their public headers
# (include/modelfunnel/) and util/, never their src/ folders.
set(MODELFUNNEL_DASHBOARD_SOURCES
  dashboard/attribution.cpp
  dashboard/breakdown.cpp
  dashboard/coverage_gaps.cpp
  dashboard/dashboard.cpp
  dashboard/funnel_chart.cpp
  dashboard/html_text.cpp
  dashboard/kpi_cards.cpp
  dashboard/labels.cpp
  dashboard/loss_reasons.cpp
  dashboard/movement_waterfall.cpp
  dashboard/page.cpp
  dashboard/qualification.cpp
  dashboard/reengage_queue.cpp
  dashboard/revenue_plan.cpp
  dashboard/significance.cpp
  dashboard/stage_diagram.cpp
  dashboard/tier_split.cpp
  dashboard/trends.cpp)

set(MODELFUNNEL_ATTRIBUTION_SOURCES
  attribution/attribute.cpp
  attribution/format.cpp
  attribution/journeys_dataset.cpp
  attribution/markov.cpp
  attribution/models.cpp
  attribution/paths.cpp)

set(MODELFUNNEL_SOURCES)
foreach(_mf_area UTIL MODEL INGEST SYNTHETIC FUNNEL SCORE QUALIFY TIERING REVENUE REENGAGE ATTRIBUTION DASHBOARD)
  foreach(_mf_file IN LISTS MODELFUNNEL_${_mf_area}_SOURCES)
    list(APPEND MODELFUNNEL_SOURCES "${CMAKE_CURRENT_LIST_DIR}/${_mf_file}")
  endforeach()
endforeach()

file(GLOB_RECURSE _mf_found CONFIGURE_DEPENDS RELATIVE "${CMAKE_CURRENT_LIST_DIR}"
     "${CMAKE_CURRENT_LIST_DIR}/*.cpp")
foreach(_mf_file IN LISTS _mf_found)
  if(_mf_file MATCHES "^cli/")
    continue()
  endif()
  if(NOT "${CMAKE_CURRENT_LIST_DIR}/${_mf_file}" IN_LIST MODELFUNNEL_SOURCES)
    message(FATAL_ERROR "src/${_mf_file} is in no source list: add it to src/sources.cmake")
  endif()
endforeach()
