// `modelfunnel demo`: The Model on synthetic data, in memory — the graph,
// how many records reached each stage and team, and the full funnel report
// (conversion, velocity, drop-off, team KPIs with SDR and BDR apart,
// bottlenecks) and the BANT qualification of every lead.
#include <array>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <variant>

#include "args.hpp"
#include "commands.hpp"
#include "funnel_tables.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "revenue_tables.hpp"
#include "tables.hpp"
#include "modelfunnel/dashboard.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "attribution_tables.hpp"
#include "modelfunnel/attribution.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/tiering.hpp"
#include "modelfunnel/timestamp.hpp"
#include "modelfunnel/revenue.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel demo [--leads N] [--seed S] [--threads N] [--format table|csv|json]\n"
    "                        [--dashboard FILE]\n"
    "\n"
    "Builds a synthetic data set in memory (nothing is written to disk but the\n"
    "--dashboard page) and shows\n"
    "The Model's stage graph - the main path with its teams, the hand-offs between\n"
    "teams, the stages off the main path - how many leads reached each stage and\n"
    "each team, and the funnel report: conversion with 95% intervals, days from\n"
    "lead, where leads stopped and why, each team's input, output and quality\n"
    "(outbound leads are worked by BDRs, the rest by SDRs), the bottlenecks, and\n"
    "how many leads BANT qualification hands to field sales, nurtures or drops\n"
    "(the rules of examples/qualify/bant.json; see 'modelfunnel qualify'), the\n"
    "leads' companies split into tiers A 15% / B 25% / C 60% by fit (industry\n"
    "and size; see 'modelfunnel tier') and the gaps in each tier's play (the\n"
    "leads' touches as activities), the lost leads due for re-engagement\n"
    "at the end of the data by loss reason (the policy of\n"
    "examples/reengage/policy.json; see 'modelfunnel reengage'), the won deals\n"
    "credited to channels under nine attribution models with the campaigns'\n"
    "cost per win and ROI (see 'modelfunnel attribution'), and a\n"
    "revenue plan for the quarter after the data: the leads, SQLs, opportunities\n"
    "and wins a target needs and when they must enter (see 'modelfunnel plan').\n"
    "\n"
    "options:\n"
    "  --leads N       number of synthetic leads (default 20000)\n"
    "  --seed S        random seed; the same seed gives the same data (default 42)\n"
    "  --threads N     threads the report may use (default 0: as many as the\n"
    "                  hardware has)\n"
    "  --target AMOUNT revenue the demo's plan aims at (default 1000000)\n"
    "  --format F      table (default), csv or json\n"
    "  --dashboard FILE  also write the team dashboard (one HTML page: Q2 2025\n"
    "                  against Q1, SDR and BDR apart, BANT qualification, the\n"
    "                  companies' tier split and coverage gaps) to FILE\n"
    "  --help          show this help\n";

// The rules of examples/qualify/bant.json (the CLI test checks that both
// decide alike), built in so the demo needs no file.
constexpr std::string_view kBantRules = R"({"version": 1, "rule_sets": [
  {"id": "bdr", "when": {"attribute": "channel", "eq": "outbound"},
   "criteria": [{"id": "authority", "bant": "authority", "test": {"attribute": "authority_ok", "eq": true}},
                {"id": "need", "bant": "need", "test": {"attribute": "need_ok", "eq": true}},
                {"id": "timeline", "bant": "timeline", "test": {"attribute": "timeline_days", "le": 180}}],
   "disqualify": [{"id": "no_authority_no_need", "if": {"all": [{"not": "authority"}, {"not": "need"}]}}],
   "qualify": [{"id": "authority_need_timeline", "if": {"all": ["authority", "need", "timeline"]}}],
   "nurture": [{"id": "buying_later", "if": {"all": ["authority", "need", {"not": "timeline"}]},
                "track": "bdr_long_timeline", "recheck_days": 90},
               {"id": "bdr_develop", "track": "bdr_develop", "recheck_days": 30}]},
  {"id": "sdr",
   "criteria": [{"id": "need", "bant": "need", "test": {"attribute": "need_ok", "eq": true}},
                {"id": "budget", "bant": "budget", "test": {"attribute": "budget_ok", "eq": true}},
                {"id": "timeline", "bant": "timeline", "test": {"attribute": "timeline_days", "le": 90}}],
   "disqualify": [{"id": "no_need", "if": {"not": "need"}}],
   "qualify": [{"id": "need_budget_timeline", "if": {"all": ["need", "budget", "timeline"]}}],
   "nurture": [{"id": "buying_later", "if": {"all": ["need", "budget", {"not": "timeline"}]},
                "track": "sdr_long_timeline", "recheck_days": 60},
               {"id": "sdr_discovery", "track": "sdr_discovery", "recheck_days": 14}]}]})";

/// The qualification summary of @p data by kBantRules.
void add_qualification_tables(Report& report, const DataSet& data, unsigned threads) {
  absl::StatusOr<QualifyRules> rules = QualifyRules::parse(kBantRules, data);
  if (!rules.ok()) throw RuntimeError(std::string(rules.status().message()));
  QualifyOptions options;
  options.threads = threads;
  absl::StatusOr<QualifyResult> q = qualify(data, *rules, options);
  if (!q.ok()) throw RuntimeError(std::string(q.status().message()));
  Table& t = report.add("qualification", "BANT qualification (examples/qualify/bant.json)",
                        {"rule_set", "decision", "reason", "records", "share"});
  const double total = static_cast<double>(q->record_count());
  for (const DecisionCount& c : q->summary()) {
    t.add_row({c.rule_set, std::string(to_string(c.decision)), c.rule, c.records,
               total > 0 ? static_cast<double>(c.records) / total : 0.0});
  }
}

// A fit model for the synthetic leads' companies: industry and size. The
// plays fit the synthetic data: one contact per company (the lead), its
// outbound touches standing for B's phone calls, and the marketing
// channels for C's mass campaigns.
constexpr std::string_view kDemoFitModel = R"({"version": 1, "id": "id", "attributes": [
  {"name": "industry", "categorical": {"software": 30, "telecom": 25, "finance": 20, "healthcare": 15,
                                       "manufacturing": 10, "energy": 10, "logistics": 5, "media": 5}},
  {"name": "employees", "linear": {"from": [100, 0], "to": [10000, 40]}}],
  "plays": [{"tier": "A", "min_contacts": 1},
            {"tier": "B", "required_channels": ["outbound"]},
            {"tier": "C", "campaign_channels": ["web", "event", "webinar", "paid_search"]}]})";

/// The synthetic leads' companies as contacts: the lead is its company's
/// one contact.
CsvTable demo_contacts(const CsvTable& accounts) {
  CsvTable contacts;
  contacts.name = "synthetic leads";
  contacts.header = {"account_id", "contact_id", "role"};
  for (const auto& row : accounts.rows) {
    contacts.rows.push_back({row[0], row[0], ""});
    contacts.lines.push_back(static_cast<std::int64_t>(contacts.lines.size()) + 2);
  }
  return contacts;
}

/// The synthetic marketing touches as the contacts' activities.
CsvTable demo_activities(const DataSet& data) {
  CsvTable activities;
  activities.name = "synthetic touches";
  activities.header = {"contact_id", "time", "channel", "campaign"};
  activities.rows.reserve(data.touch_count());
  for (std::size_t i = 0; i < data.touch_count(); ++i) {
    const Touch touch = data.touch(i);
    activities.rows.push_back({std::string(data.record_id(touch.record)), format_timestamp(touch.time),
                               std::string(touch.channel.value_or("")), std::string(touch.campaign.value_or(""))});
    activities.lines.push_back(static_cast<std::int64_t>(i) + 2);
  }
  return activities;
}

/// Each tier's play against the synthetic touches: the lead is its company's
/// one contact, its marketing touches the activities.
void add_coverage_table(Report& report, const DataSet& data, const CsvTable& accounts, const FitModel& model,
                        const Tiering& tiering) {
  const CsvTable contacts = demo_contacts(accounts);
  const CsvTable activities = demo_activities(data);
  absl::StatusOr<Coverage> c = check_coverage(accounts, tiering, model, contacts, &activities);
  if (!c.ok()) throw RuntimeError(std::string(c.status().message()));
  Table& table = report.add("coverage", "Play coverage by tier (one contact per company; see 'modelfunnel tier --contacts')",
                            {"tier", "accounts", "with_gaps", "gap_contacts", "gap_cadence", "gap_channel",
                             "gap_campaign"});
  std::vector<std::array<std::uint64_t, 6>> per_tier(tiering.tiers.size());
  for (const AccountCoverage& a : c->accounts) {
    auto& row = per_tier[a.tier];
    ++row[0];
    row[1] += !a.gaps.empty();
    for (CoverageGap g : a.gaps) ++row[2 + static_cast<std::size_t>(g)];
  }
  for (std::size_t k = 0; k < per_tier.size(); ++k)
    table.add_row({tiering.tiers[k].name, per_tier[k][0], per_tier[k][1], per_tier[k][2], per_tier[k][3],
                   per_tier[k][4], per_tier[k][5]});
}

/// The synthetic leads' companies as accounts (one per lead): industry and size.
CsvTable demo_accounts(const DataSet& data) {
  CsvTable accounts;
  accounts.name = "synthetic leads";
  accounts.header = {"id", "industry", "employees"};
  const auto industry = data.find_attribute("industry");
  const auto employees = data.find_attribute("employees");
  if (!industry || !employees) throw RuntimeError("demo: the synthetic data has no industry or employees");
  accounts.rows.reserve(data.record_count());
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    const AttributeValue i = industry->value(r), e = employees->value(r);
    accounts.rows.push_back({std::string(data.record_id(r)),
                             std::holds_alternative<std::string_view>(i) ? std::string(std::get<std::string_view>(i)) : "",
                             std::holds_alternative<std::int64_t>(e) ? std::to_string(std::get<std::int64_t>(e)) : ""});
    accounts.lines.push_back(static_cast<std::int64_t>(r) + 2);
  }
  return accounts;
}

/// The tier summary of the synthetic leads' companies (one account per lead).
void add_tiering_table(Report& report, const DataSet& data, unsigned threads) {
  const CsvTable accounts = demo_accounts(data);
  absl::StatusOr<FitModel> model = FitModel::parse(kDemoFitModel);
  if (!model.ok()) throw RuntimeError(std::string(model.status().message()));
  TierOptions options;
  options.threads = threads;
  absl::StatusOr<Tiering> t = tier_accounts(accounts, *model, options);
  if (!t.ok()) throw RuntimeError(std::string(t.status().message()));
  Table& table = report.add("tiers", "Account tiers by fit (industry, employees; see 'modelfunnel tier')",
                            {"tier", "share", "accounts", "min_score", "max_score", "uncertain"});
  for (const TierSummary& s : t->tiers)
    table.add_row({s.name, s.share, s.count, s.min_score ? Cell(*s.min_score) : Cell(),
                   s.max_score ? Cell(*s.max_score) : Cell(), s.uncertain});
  add_coverage_table(report, data, accounts, *model, *t);
}

// The reasons and rules of examples/reengage/policy.json, without its
// comments and CRM aliases (the generator writes the taxonomy's own names).
constexpr std::string_view kDemoReengagePolicy = R"({"version": 1,
  "taxonomy": {"budget": [], "timing": [], "competitor": [], "no_decision": [], "fit": [], "champion_left": []},
  "columns": {"timeline": "timeline_days", "segment": "segment"}, "min_sample": 30,
  "defaults": {"who": "inside_sales", "channel": "phone", "track": "check_in", "cooldown_days": 30},
  "reasons": {
    "budget": {"when": "fiscal_year", "days_before": 30, "track": "roi_case", "lost_twice": "nurture"},
    "timing": {"when": "timeline", "days": 90, "track": "whats_new"},
    "competitor": {"when": "competitor_renewal", "days_before": 60, "days": 300, "channel": "email",
                   "track": "switching_guide", "lost_twice": "skip"},
    "no_decision": {"when": "learned", "days": 120, "who": "marketing_nurture", "channel": "email",
                    "track": "nurture_sequence", "lost_twice": "delay", "lost_twice_extra_days": 180},
    "fit": {"when": "never", "days": 365, "track": "new_product_lines"},
    "champion_left": {"when": "days", "days": 45, "track": "new_champion_intro"}}})";

/// Lost leads due for re-engagement at @p as_of, counted by reason, with the
/// learned re-win rates.
void add_reengage_table(Report& report, const DataSet& data, Timestamp as_of, unsigned threads) {
  absl::StatusOr<ReengagePolicy> policy = ReengagePolicy::parse(kDemoReengagePolicy);
  if (!policy.ok()) throw RuntimeError(std::string(policy.status().message()));
  ReengageOptions options;
  options.threads = threads;
  absl::StatusOr<Reengagement> r = reengagement_queue(data, *policy, as_of, options);
  if (!r.ok()) throw RuntimeError(std::string(r.status().message()));
  Table& t = report.add("reengage", "Re-engagement of lost leads at the end of the data (see 'modelfunnel reengage')",
                        {"reason", "lost", "due", "not_yet_due", "never", "rewin_rate", "rewin_low", "rewin_high",
                         "median_days_to_reopen"});
  for (const LossReasonCount& c : r->reasons) {
    const ReasonWindow* w = nullptr;
    for (const ReasonWindow& x : r->windows)
      if (x.reason == c.reason && x.segment.empty()) w = &x;
    t.add_row({c.reason, c.lost_records, c.due, c.not_yet_due + c.cooling_down, c.never,
               w ? Cell(w->rewin_rate) : Cell(), w ? Cell(w->rewin_low) : Cell(), w ? Cell(w->rewin_high) : Cell(),
               w && w->median_days_to_reopen ? Cell(*w->median_days_to_reopen) : Cell()});
  }
}

/// A plan for @p target in the quarter after @p as_of, measured on @p data.
void add_demo_plan(Report& report, const DataSet& data, const StageGraph& graph, Timestamp as_of,
                   std::uint64_t target, unsigned threads) {
  const std::string day = format_timestamp(as_of);
  int year = std::stoi(day.substr(0, 4));
  int quarter = (std::stoi(day.substr(5, 2)) - 1) / 3 + 2;
  if (quarter > 4) {
    quarter = 1;
    ++year;
  }
  absl::StatusOr<Period> period = parse_period(std::to_string(year) + "-Q" + std::to_string(quarter));
  if (!period.ok()) throw RuntimeError(std::string(period.status().message()));
  MeasureOptions mo;
  mo.period = *period;
  mo.threads = threads;
  absl::StatusOr<RevenueModel> model = measure_revenue_model(data, graph, mo);
  if (!model.ok()) throw RuntimeError(std::string(model.status().message()));
  PlanOptions po;
  po.target = static_cast<double>(target);
  po.period = *period;
  po.threads = threads;
  absl::StatusOr<RevenuePlan> plan = revenue_plan(*model, po);
  if (!plan.ok()) throw RuntimeError(std::string(plan.status().message()));
  Report part;
  add_plan_tables(part, *plan);
  // Prefixed names, so the plan's tables do not collide with the report's.
  for (Table& t : part.tables) {
    if (t.name == "weeks") continue;  // long; 'modelfunnel plan' shows it
    t.name = "plan_" + t.name;
    if (t.name == "plan_plan") t.name = "plan";
    t.title = "Plan: " + t.title;
    report.tables.push_back(std::move(t));
  }
}

/// The team dashboard of the demo data, written to @p file: the second
/// quarter of 2025 against the first, SDR and BDR apart, with the BANT
/// qualification, and the companies' tier split with its coverage gaps (the
/// demo's accounts, contacts and touches); a note says where it is.
void write_demo_dashboard(Report& report, const DataSet& data, const StageGraph& graph,
                          const std::string& file, unsigned threads) {
  DashboardOptions o;
  o.title = "The Model on synthetic data";
  o.from = Timestamp::from_seconds(1'743'465'600);  // 2025-04-01
  o.to = Timestamp::from_seconds(1'751'328'000);    // 2025-07-01
  o.team_assignment = TeamAssignment{"channel", {{"outbound", "bdr"}}, "sdr"};
  absl::StatusOr<QualifyRules> rules = QualifyRules::parse(kBantRules, data);
  if (!rules.ok()) throw RuntimeError(std::string(rules.status().message()));
  o.qualify_rules = *std::move(rules);
  absl::StatusOr<FitModel> model = FitModel::parse(kDemoFitModel);
  if (!model.ok()) throw RuntimeError(std::string(model.status().message()));
  o.accounts = demo_accounts(data);
  o.fit_model = *std::move(model);
  o.contacts = demo_contacts(*o.accounts);
  o.activities = demo_activities(data);
  o.threads = threads;
  absl::StatusOr<std::string> html = dashboard_html(data, graph, o);
  if (!html.ok()) throw RuntimeError(std::string(html.status().message()));
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(html->data(), static_cast<std::streamsize>(html->size()));
  out.close();
  if (!out) throw RuntimeError(file + ": cannot write the dashboard");
  report.notes.push_back("Dashboard written to " + file + " (open it in a browser).");
}

int run_demo(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"leads", "seed", "threads", "format", "target", "dashboard"}});
  if (args.has("help")) return print_help(kDemoCommand);
  GenerateOptions options;
  options.leads = args.number("leads", 20'000, 1, 0xFFFF'FFFFull);
  options.seed = args.number("seed", 42, 0, ~std::uint64_t{0});
  const Format format = parse_format("--format", args.value("format").value_or("table"));

  Progress progress("generating", Progress::Unit::kLeads);
  options.progress = progress.callback();
  absl::StatusOr<DataSet> data = generate_dataset(options);
  progress.finish();
  if (!data.ok()) throw RuntimeError(std::string(data.status().message()));

  const StageGraph graph = StageGraph::the_model();
  Report report;
  Table& totals = report.add_single("data", "Synthetic data");
  set(totals, "leads", options.leads);
  set(totals, "seed", options.seed);
  add_graph_tables(report, graph);
  absl::StatusOr<DataSummary> summary = summarize(*data, graph);
  if (!summary.ok()) throw RuntimeError(std::string(summary.status().message()));
  add_summary_tables(report, totals, *summary);

  FunnelOptions funnel;
  funnel.threads = threads_flag(args);
  funnel.team_assignment = TeamAssignment{"channel", {{"outbound", "bdr"}}, "sdr"};
  absl::StatusOr<FunnelReport> f = funnel_report(*data, graph, funnel);
  if (!f.ok()) throw RuntimeError(std::string(f.status().message()));
  add_funnel_tables(report, *f);
  add_qualification_tables(report, *data, funnel.threads);
  add_tiering_table(report, *data, funnel.threads);
  add_reengage_table(report, *data, f->as_of, funnel.threads);
  {
    AttributionOptions attribution;
    attribution.threads = funnel.threads;
    absl::StatusOr<Attribution> a = attribute(*data, attribution);
    if (!a.ok()) throw RuntimeError(std::string(a.status().message()));
    add_attribution_demo_tables(report, *a);
  }
  add_demo_plan(report, *data, graph, f->as_of, args.number("target", 1'000'000, 1, 1'000'000'000'000), funnel.threads);
  if (auto file = args.value("dashboard")) write_demo_dashboard(report, *data, graph, *file, funnel.threads);
  print(report, format, std::cout, std::cerr);
  return 0;
}

}  // namespace

const Command kDemoCommand = {"demo", "show The Model on synthetic data (in memory)", kHelp,
                              run_demo};

}  // namespace modelfunnel::cli
