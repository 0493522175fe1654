// The plan and the forecast as CSV and JSON text.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"
#include "util/civil_time.hpp"
#include "revenue/csv_text.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::num;
using internal::revenue::row;

std::string day(Timestamp t) {
  const std::int64_t micros_per_day = 86'400'000'000;
  std::int64_t d = t.micros() / micros_per_day;
  if (t.micros() < 0 && t.micros() % micros_per_day) --d;
  const auto c = internal::civil_from_days(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::string u(std::uint64_t v) { return std::to_string(v); }

void group_rows(std::string& out, const char* key, const std::vector<ForecastGroupRow>& rows) {
  row(out, {key, "deals", "amount", "expected", "sd"});
  for (const auto& r : rows) row(out, {r.key, u(r.deals), num(r.amount), num(r.expected), num(r.sd)});
}

void group_json(internal::JsonWriter& w, const char* name, const char* key, const std::vector<ForecastGroupRow>& rows) {
  w.key(name);
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object();
    w.key(key);
    w.value(r.key);
    w.key("deals");
    w.value(r.deals);
    w.key("amount");
    w.value(r.amount);
    w.key("expected");
    w.value(r.expected);
    w.key("sd");
    w.value(r.sd);
    w.end_object();
  }
  w.end_array();
}

/// The cells of a plan's stage row, as plan_csv() and segmented_plan_csv() write them.
std::vector<std::string> stage_cells(const PlanStageRow& r) {
  return {r.stage, r.team, num(r.required_exact), u(r.required_p10), u(r.required_p50), u(r.required_p90),
          day(r.enter_from), day(r.enter_by), num(r.step_rate), num(r.lag_p50_days), u(r.open),
          num(r.from_pipeline), u(r.new_needed)};
}

}  // namespace

std::string plan_csv(const RevenuePlan& plan) {
  std::string out;
  row(out, {"stage", "team", "required_exact", "required_p10", "required_p50", "required_p90", "enter_from",
            "enter_by", "step_rate", "lag_p50_days", "open", "from_pipeline", "new_needed"});
  for (const PlanStageRow& r : plan.stages) row(out, stage_cells(r));
  return out;
}

namespace {

void stage_json(internal::JsonWriter& w, const PlanStageRow& r) {
  w.key("stage"); w.value(r.stage);
  w.key("team"); w.value(r.team);
  w.key("required_exact"); w.value(r.required_exact);
  w.key("required_p10"); w.value(r.required_p10);
  w.key("required_p50"); w.value(r.required_p50);
  w.key("required_p90"); w.value(r.required_p90);
  w.key("enter_from"); w.value(day(r.enter_from));
  w.key("enter_by"); w.value(day(r.enter_by));
  w.key("step_rate"); w.value(r.step_rate);
  w.key("lag_p50_days"); w.value(r.lag_p50_days);
  w.key("open"); w.value(r.open);
  w.key("from_pipeline"); w.value(r.from_pipeline);
  w.key("new_needed"); w.value(r.new_needed);
}

void write_plan(internal::JsonWriter& w, const RevenuePlan& plan) {
  w.begin_object();
  w.key("target"); w.value(plan.target);
  w.key("period"); w.value(to_string(plan.period));
  w.key("period_start"); w.value(day(plan.period.begin));
  w.key("period_end"); w.value(day(plan.period.end));
  w.key("source"); w.value(plan.source);
  w.key("mean_deal_size"); w.value(plan.mean_deal_size);
  w.key("wins_exact"); w.value(plan.wins_exact);
  w.key("pipeline_expected_revenue"); w.value(plan.pipeline_expected_revenue);
  w.key("pipeline_expected_wins"); w.value(plan.pipeline_expected_wins);
  w.key("p_target_pipeline_only"); w.value(plan.p_target_pipeline_only);
  w.key("p_target_with_plan"); w.value(plan.p_target_with_plan);
  w.key("samples"); w.value(plan.samples);
  w.key("seed"); w.value(plan.seed);
  w.key("stages");
  w.begin_array();
  for (const PlanStageRow& r : plan.stages) {
    w.begin_object();
    stage_json(w, r);
    w.end_object();
  }
  w.end_array();
  w.key("weeks");
  w.begin_array();
  for (const PlanWeekRow& r : plan.weeks) {
    w.begin_object();
    w.key("stage"); w.value(r.stage);
    w.key("week_start"); w.value(day(r.week_start));
    w.key("share"); w.value(r.share);
    w.key("records"); w.value(r.records);
    w.key("past"); w.value(r.past);
    w.end_object();
  }
  w.end_array();
  w.key("teams");
  w.begin_array();
  for (const PlanTeamRow& r : plan.teams) {
    w.begin_object();
    w.key("team"); w.value(r.team);
    w.key("stage"); w.value(r.stage);
    w.key("measure"); w.value(r.measure);
    w.key("required_p50"); w.value(r.required_p50);
    w.key("new_needed"); w.value(r.new_needed);
    w.end_object();
  }
  w.end_array();
  w.key("leverage");
  w.begin_array();
  for (const LeverageRow& r : plan.leverage) {
    w.begin_object();
    w.key("from"); w.value(r.from);
    w.key("to"); w.value(r.to);
    w.key("rate"); w.value(r.rate);
    w.key("plus_point_leads"); w.value(r.plus_point_leads);
    w.key("plus_point_revenue"); w.value(r.plus_point_revenue);
    w.key("plus_10pct_leads"); w.value(r.plus_10pct_leads);
    w.key("plus_10pct_revenue"); w.value(r.plus_10pct_revenue);
    w.key("rank"); w.value(std::uint64_t{r.rank});
    w.end_object();
  }
  w.end_array();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : plan.notes) w.value(n);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string plan_json(const RevenuePlan& plan) {
  internal::JsonWriter w;
  write_plan(w, plan);
  return std::move(w).finish();
}


absl::StatusOr<std::string> segmented_plan_csv(const SegmentedPlan& plan, std::string_view table) {
  std::string out;
  if (table == "stages") {
    row(out, {"segment", "stage", "team", "required_exact", "required_p10", "required_p50", "required_p90",
              "enter_from", "enter_by", "step_rate", "lag_p50_days", "open", "from_pipeline", "new_needed"});
    const auto add = [&](const std::string& segment, const PlanStageRow& r) {
      std::vector<std::string> cells = stage_cells(r);
      cells.insert(cells.begin(), segment);
      row(out, cells);
    };
    for (const auto& p : plan.plans)
      for (const PlanStageRow& r : p.second.stages) add(p.first, r);
    for (const PlanStageRow& r : plan.combined) add("*", r);
  } else if (table == "segments") {
    row(out, {"segment", "share", "target", "won_deals", "won_revenue", "status", "mean_deal_size",
              "p_target_with_plan", "note"});
    for (const SegmentPlanRow& r : plan.segments)
      row(out, {r.segment, num(r.share), num(r.target), u(r.won_deals), num(r.won_revenue), r.status,
                num(r.mean_deal_size), num(r.p_target_with_plan), r.note});
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown plan-by-segment table '", std::string(table),
                                                   "' (expected stages or segments)"));
  }
  return out;
}

std::string segmented_plan_json(const SegmentedPlan& plan) {
  internal::JsonWriter w;
  w.begin_object();
  w.key("target"); w.value(plan.target);
  w.key("period"); w.value(to_string(plan.period));
  w.key("historical_mix"); w.value(plan.historical_mix);
  w.key("samples"); w.value(plan.samples);
  w.key("segments");
  w.begin_array();
  for (const SegmentPlanRow& r : plan.segments) {
    w.begin_object();
    w.key("segment"); w.value(r.segment);
    w.key("share"); w.value(r.share);
    w.key("target"); w.value(r.target);
    w.key("won_deals"); w.value(r.won_deals);
    w.key("won_revenue"); w.value(r.won_revenue);
    w.key("status"); w.value(r.status);
    w.key("mean_deal_size"); w.value(r.mean_deal_size);
    w.key("p_target_with_plan"); w.value(r.p_target_with_plan);
    w.key("note"); w.value(r.note);
    w.end_object();
  }
  w.end_array();
  w.key("combined");
  w.begin_array();
  for (const PlanStageRow& r : plan.combined) {
    w.begin_object();
    stage_json(w, r);
    w.end_object();
  }
  w.end_array();
  w.key("plans");
  w.begin_array();
  for (const auto& p : plan.plans) {
    w.begin_object();
    w.key("segment"); w.value(p.first);
    w.key("plan");
    write_plan(w, p.second);
    w.end_object();
  }
  w.end_array();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : plan.notes) w.value(n);
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

absl::StatusOr<std::string> forecast_csv(const RevenueForecast& f, std::string_view table) {
  std::string out;
  if (table == "summary") {
    row(out, {"as_of", "period", "open_deals", "amounts_imputed", "mean_deal_size", "won_so_far", "expected", "sd",
              "p10", "p50", "p90", "method", "cdf_error_bound"});
    row(out, {format_timestamp(f.as_of), to_string(f.period), u(f.open_deals), u(f.amounts_imputed),
              num(f.mean_deal_size), num(f.won_so_far), num(f.expected), num(f.sd), num(f.p10), num(f.p50),
              num(f.p90), std::string(to_string(f.method)), num(f.cdf_error_bound)});
  } else if (table == "stages") {
    group_rows(out, "stage", f.by_stage);
  } else if (table == "owners") {
    group_rows(out, "owner", f.by_owner);
  } else if (table == "teams") {
    group_rows(out, "team", f.by_team);
  } else if (table == "categories") {
    group_rows(out, "category", f.by_category);
  } else if (table == "rollups") {
    row(out, {"category", "deals", "amount", "expected"});
    for (const auto& r : f.rollups) row(out, {r.category, u(r.deals), num(r.amount), num(r.expected)});
  } else if (table == "curve") {
    row(out, {"stage", "age_days", "probability", "cohort"});
    for (const auto& r : f.curve) row(out, {r.stage, num(r.age_days), num(r.probability), u(r.cohort)});
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown forecast table '", std::string(table),
                                                   "' (expected summary, stages, owners, teams, categories, rollups or curve)"));
  }
  return out;
}

std::string forecast_json(const RevenueForecast& f) {
  internal::JsonWriter w;
  w.begin_object();
  w.key("as_of"); w.value(format_timestamp(f.as_of));
  w.key("period"); w.value(to_string(f.period));
  w.key("open_deals"); w.value(f.open_deals);
  w.key("amounts_imputed"); w.value(f.amounts_imputed);
  w.key("mean_deal_size"); w.value(f.mean_deal_size);
  w.key("won_so_far"); w.value(f.won_so_far);
  w.key("expected"); w.value(f.expected);
  w.key("sd"); w.value(f.sd);
  w.key("p10"); w.value(f.p10);
  w.key("p50"); w.value(f.p50);
  w.key("p90"); w.value(f.p90);
  w.key("method"); w.value(to_string(f.method));
  w.key("cdf_error_bound"); w.value(f.cdf_error_bound);
  group_json(w, "stages", "stage", f.by_stage);
  group_json(w, "owners", "owner", f.by_owner);
  group_json(w, "teams", "team", f.by_team);
  group_json(w, "categories", "category", f.by_category);
  w.key("rollups");
  w.begin_array();
  for (const auto& r : f.rollups) {
    w.begin_object();
    w.key("category"); w.value(r.category);
    w.key("deals"); w.value(r.deals);
    w.key("amount"); w.value(r.amount);
    w.key("expected"); w.value(r.expected);
    w.end_object();
  }
  w.end_array();
  w.key("curve");
  w.begin_array();
  for (const auto& r : f.curve) {
    w.begin_object();
    w.key("stage"); w.value(r.stage);
    w.key("age_days"); w.value(r.age_days);
    w.key("probability"); w.value(r.probability);
    w.key("cohort"); w.value(r.cohort);
    w.end_object();
  }
  w.end_array();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : f.notes) w.value(n);
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

}  // namespace modelfunnel
