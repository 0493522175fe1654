// qualify_csv() and qualify_json(): the decisions as text.
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "modelfunnel/qualify.hpp"
#include "qualify/json_path.hpp"
#include "qualify/program.hpp"
#include "qualify/result.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"
#include "util/number_format.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

/// Appends @p fields to @p out, each after a comma.
void append_fields(std::string& out, std::initializer_list<std::string_view> fields) {
  for (std::string_view f : fields) out.append(1, ',').append(f);
}

/// The routed lead of record @p r, if it was qualified.
const LeadRoute* lead_of(const Routing* routing, RecordIndex r) {
  if (routing == nullptr || r >= routing->lead_of.size() || routing->lead_of[r] < 0) return nullptr;
  return &routing->leads[static_cast<std::size_t>(routing->lead_of[r])];
}

std::string decisions_csv(const QualifyResult& result, const Routing* routing) {
  const Program& program = Program::of(result.rules());
  const std::vector<std::string>& columns = program.criterion_columns;
  std::string out = "record_id,rule_set,set_choice,decision,reason,track,recheck,ask";
  if (routing) out += ",owner,owner_team,routing";
  for (const std::string& c : columns) out.append(1, ',').append(csv_field(c));
  out += '\n';
  out.reserve(result.record_count() * (48 + 8 * columns.size()));
  RecordDecision d;
  std::vector<std::string_view> cells(columns.size());
  const DataSet& data = result.data();
  for (RecordIndex r = 0; r < result.record_count(); ++r) {
    result.decision(r, d);
    out += csv_field(data.record_id(r));
    append_fields(out, {d.rule_set_id, to_string(d.set_choice), to_string(d.decision), d.rule_id,
                        csv_field(d.track), d.recheck ? format_timestamp(*d.recheck) : std::string()});
    out += ',';
    std::fill(cells.begin(), cells.end(), std::string_view());
    if (d.rule_set >= 0) {
      const SetProgram& set = program.sets[static_cast<std::size_t>(d.rule_set)];
      for (std::size_t i = 0; i < d.ask.size(); ++i)
        out.append(i ? ";" : "").append(set.info.criteria[d.ask[i]].id);
      for (std::size_t c = 0; c < d.criteria.size(); ++c) cells[set.column[c]] = to_string(d.criteria[c]);
    }
    if (routing) {
      if (const LeadRoute* lead = lead_of(routing, r)) {
        const Rep* rep = lead->rep >= 0 ? &routing->reps[static_cast<std::size_t>(lead->rep)].rep : nullptr;
        append_fields(out, {rep ? csv_field(rep->id) : std::string(), rep ? csv_field(rep->team) : std::string(),
                            to_string(lead->status)});
      } else {
        out += ",,,";
      }
    }
    for (std::string_view cell : cells) out.append(1, ',').append(cell);
    out += '\n';
  }
  return out;
}

std::string summary_csv(const QualifyResult& result) {
  std::string out = "rule_set,decision,reason,records\n";
  for (const DecisionCount& c : result.summary())
    absl::StrAppend(&out, c.rule_set, ",", to_absl(to_string(c.decision)), ",", c.rule, ",", c.records, "\n");
  return out;
}

void rule_json(JsonWriter& w, const RuleInfo& r, bool nurture) {
  w.begin_object();
  w.key("id");
  w.value(r.id);
  w.key("description");
  w.value(r.description);
  if (nurture) {
    w.key("track");
    w.value(r.track);
    w.key("recheck_days");
    w.value(r.recheck_days);
  }
  w.end_object();
}

std::string json(const QualifyResult& result, const Routing* routing) {
  const Program& program = Program::of(result.rules());
  JsonWriter w;
  w.begin_object();
  w.key("as_of");
  if (result.as_of()) w.value(format_timestamp(*result.as_of()));
  else w.null();
  w.key("rule_sets");
  w.begin_array();
  for (const RuleSetInfo& s : result.rules().rule_sets()) {
    w.begin_object();
    w.key("id");
    w.value(s.id);
    w.key("description");
    w.value(s.description);
    w.key("fallback");
    w.value(s.fallback);
    w.key("criteria");
    w.begin_array();
    for (const CriterionInfo& c : s.criteria) {
      w.begin_object();
      w.key("id");
      w.value(c.id);
      w.key("bant");
      if (c.bant == Bant::kNone) w.null();
      else w.value(to_string(c.bant));
      w.key("description");
      w.value(c.description);
      w.end_object();
    }
    w.end_array();
    for (const char* list : {"disqualify", "qualify", "nurture"}) {
      const std::vector<RuleInfo>& rules = list[0] == 'd' ? s.disqualify : list[0] == 'q' ? s.qualify : s.nurture;
      w.key(list);
      w.begin_array();
      for (const RuleInfo& r : rules) rule_json(w, r, list[0] == 'n');
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("warnings");
  w.begin_array();
  for (const std::string& s : result.rules().warnings()) w.value(s);
  w.end_array();
  w.key("summary");
  w.begin_array();
  for (const DecisionCount& c : result.summary()) {
    w.begin_object();
    w.key("rule_set");
    if (c.decision == Decision::kNoRuleSet) w.null();
    else w.value(c.rule_set);
    w.key("decision");
    w.value(to_string(c.decision));
    w.key("reason");
    if (c.decision == Decision::kNoRuleSet) w.null();
    else w.value(c.rule);
    w.key("records");
    w.value(c.records);
    w.end_object();
  }
  w.end_array();
  w.key("decisions");
  w.begin_array();
  RecordDecision d;
  for (RecordIndex r = 0; r < result.record_count(); ++r) {
    result.decision(r, d);
    w.begin_object();
    w.key("record_id");
    w.value(result.data().record_id(r));
    w.key("rule_set");
    if (d.rule_set < 0) w.null();
    else w.value(d.rule_set_id);
    w.key("set_choice");
    w.value(to_string(d.set_choice));
    w.key("decision");
    w.value(to_string(d.decision));
    w.key("reason");
    if (d.rule < 0) w.null();
    else w.value(d.rule_id);
    w.key("track");
    if (d.decision == Decision::kNurture) w.value(d.track);
    else w.null();
    w.key("recheck");
    if (d.recheck) w.value(format_timestamp(*d.recheck));
    else w.null();
    const SetProgram* set =
        d.rule_set >= 0 ? &program.sets[static_cast<std::size_t>(d.rule_set)] : nullptr;
    w.key("ask");
    w.begin_array();
    for (std::uint16_t c : d.ask) w.value(set->info.criteria[c].id);
    w.end_array();
    w.key("criteria");
    w.begin_object();
    for (std::size_t c = 0; c < d.criteria.size(); ++c) {
      w.key(set->info.criteria[c].id);
      w.value(to_string(d.criteria[c]));
    }
    w.end_object();
    if (routing) {
      const LeadRoute* lead = lead_of(routing, r);
      const Rep* rep = lead && lead->rep >= 0 ? &routing->reps[static_cast<std::size_t>(lead->rep)].rep : nullptr;
      w.key("owner");
      if (rep) w.value(rep->id);
      else w.null();
      w.key("owner_team");
      if (rep) w.value(rep->team);
      else w.null();
      w.key("routing");
      if (lead) w.value(to_string(lead->status));
      else w.null();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

std::string flag(bool b) { return b ? "true" : "false"; }

/// The CSV fields of a rate: value, low, high, small_sample.
std::string rate_fields(const Rate& r) {
  return absl::StrCat(format_g6(r.value), ",", format_g6(r.low), ",", format_g6(r.high), ",",
                      flag(r.small_sample));
}

constexpr std::string_view kRateColumns = "win_rate,win_rate_low,win_rate_high,small_sample";

std::string lift_csv(const QualifyLift& lift, LiftTable table) {
  std::string out;
  if (table == LiftTable::kCriteria) {
    absl::StrAppend(&out, "rule_set,criterion,bant,value,records,closed,won,", to_absl(kRateColumns),
                    ",lift,won_revenue\n");
    for (const CriterionLift& r : lift.criteria) {
      absl::StrAppend(&out, r.rule_set, ",", r.criterion, ",", to_absl(to_string(r.bant)), ",",
                      to_absl(to_string(r.value)), ",", r.records, ",", r.closed, ",", r.won, ",",
                      rate_fields(r.win_rate), ",", format_g6(r.lift), ",", format_amount(r.won_revenue), "\n");
    }
    return out;
  }
  absl::StrAppend(&out, "rule_set,decision,records,closed,won,", to_absl(kRateColumns), ",won_revenue\n");
  for (const DecisionOutcome& r : lift.decisions) {
    absl::StrAppend(&out, r.rule_set, ",", to_absl(to_string(r.decision)), ",", r.records, ",", r.closed, ",",
                    r.won, ",", rate_fields(r.win_rate), ",", format_amount(r.won_revenue), "\n");
  }
  return out;
}

std::string diff_csv(const QualifyDiff& diff) {
  std::string out = absl::StrCat("before,after,records,closed,won,", to_absl(kRateColumns), ",won_revenue\n");
  for (const DecisionMove& m : diff.moves) {
    absl::StrAppend(&out, to_absl(to_string(m.before)), ",", to_absl(to_string(m.after)), ",", m.records, ",",
                    m.closed, ",", m.won, ",", rate_fields(m.win_rate), ",", format_amount(m.won_revenue), "\n");
  }
  return out;
}

void rate_json(JsonWriter& w, const Rate& r) {
  w.begin_object();
  w.key("numerator");
  w.value(r.numerator);
  w.key("denominator");
  w.value(r.denominator);
  w.key("value");
  w.value(r.value);
  w.key("low");
  w.value(r.low);
  w.key("high");
  w.value(r.high);
  w.key("small_sample");
  w.value(r.small_sample);
  w.end_object();
}

/// The members every outcome row shares.
void outcome_json(JsonWriter& w, std::uint64_t records, std::uint64_t closed, std::uint64_t won,
                  const Rate& rate, Amount revenue) {
  w.key("records");
  w.value(records);
  w.key("closed");
  w.value(closed);
  w.key("won");
  w.value(won);
  w.key("win_rate");
  rate_json(w, rate);
  w.key("won_revenue");
  w.value(format_amount(revenue));
}

std::string lift_json(const QualifyLift& lift) {
  JsonWriter w;
  w.begin_object();
  w.key("criteria");
  w.begin_array();
  for (const CriterionLift& r : lift.criteria) {
    w.begin_object();
    w.key("rule_set");
    w.value(r.rule_set);
    w.key("criterion");
    w.value(r.criterion);
    w.key("bant");
    if (r.bant == Bant::kNone) w.null();
    else w.value(to_string(r.bant));
    w.key("value");
    w.value(to_string(r.value));
    outcome_json(w, r.records, r.closed, r.won, r.win_rate, r.won_revenue);
    w.key("lift");
    w.value(r.lift);
    w.end_object();
  }
  w.end_array();
  w.key("decisions");
  w.begin_array();
  for (const DecisionOutcome& r : lift.decisions) {
    w.begin_object();
    w.key("rule_set");
    if (r.decision == Decision::kNoRuleSet) w.null();
    else w.value(r.rule_set);
    w.key("decision");
    w.value(to_string(r.decision));
    outcome_json(w, r.records, r.closed, r.won, r.win_rate, r.won_revenue);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

std::string diff_json(const QualifyDiff& diff) {
  JsonWriter w;
  w.begin_object();
  w.key("records");
  w.value(diff.records);
  w.key("moved");
  w.value(diff.moved);
  w.key("moves");
  w.begin_array();
  for (const DecisionMove& m : diff.moves) {
    w.begin_object();
    w.key("before");
    w.value(to_string(m.before));
    w.key("after");
    w.value(to_string(m.after));
    outcome_json(w, m.records, m.closed, m.won, m.win_rate, m.won_revenue);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

}  // namespace
}  // namespace internal::qualify

absl::StatusOr<std::string> qualify_lift_csv(const QualifyLift& lift, LiftTable table) {
  return internal::no_throw("qualify_lift_csv", [&]() -> absl::StatusOr<std::string> {
    if (table != LiftTable::kCriteria && table != LiftTable::kDecisions)
      return absl::InvalidArgumentError(absl::StrCat("qualify_lift_csv: unknown table ", static_cast<int>(table)));
    return internal::qualify::lift_csv(lift, table);
  });
}

absl::StatusOr<std::string> qualify_lift_json(const QualifyLift& lift) {
  return internal::no_throw("qualify_lift_json", [&]() -> absl::StatusOr<std::string> {
    return internal::qualify::lift_json(lift);
  });
}

absl::StatusOr<std::string> qualify_diff_csv(const QualifyDiff& diff) {
  return internal::no_throw("qualify_diff_csv", [&]() -> absl::StatusOr<std::string> {
    return internal::qualify::diff_csv(diff);
  });
}

absl::StatusOr<std::string> qualify_diff_json(const QualifyDiff& diff) {
  return internal::no_throw("qualify_diff_json", [&]() -> absl::StatusOr<std::string> {
    return internal::qualify::diff_json(diff);
  });
}

absl::StatusOr<std::string> qualify_csv(const QualifyResult& result, QualifyTable table, const Routing* routing) {
  return internal::no_throw("qualify_csv", [&]() -> absl::StatusOr<std::string> {
    switch (table) {
      case QualifyTable::kDecisions: return internal::qualify::decisions_csv(result, routing);
      case QualifyTable::kSummary: return internal::qualify::summary_csv(result);
    }
    return absl::InvalidArgumentError(absl::StrCat("qualify_csv: unknown table ", static_cast<int>(table)));
  });
}

absl::StatusOr<std::string> qualify_json(const QualifyResult& result, const Routing* routing) {
  return internal::no_throw("qualify_json", [&]() -> absl::StatusOr<std::string> {
    return internal::qualify::json(result, routing);
  });
}

absl::StatusOr<std::string> routing_csv(const QualifyResult& result, const Routing& routing, bool reps_table) {
  return internal::no_throw("routing_csv", [&]() -> absl::StatusOr<std::string> {
    using internal::csv_field;
    std::string out;
    if (reps_table) {
      out = "rep_id,team,territory,capacity,assigned\n";
      for (const RepLoad& l : routing.reps) {
        std::string territories;
        for (const std::string& t : l.rep.territories) territories.append(territories.empty() ? "" : ";").append(t);
        absl::StrAppend(&out, csv_field(l.rep.id), ",", csv_field(l.rep.team), ",", csv_field(territories), ",",
                        l.rep.capacity, ",", l.assigned, "\n");
      }
      return out;
    }
    out = "record_id,rule_set,priority,score,territory,owner,owner_team,routing\n";
    const std::span<const double> scores = result.scores();
    const std::span<const std::int16_t> sets = result.rule_set_indexes();
    for (std::size_t i = 0; i < routing.leads.size(); ++i) {
      const LeadRoute& lead = routing.leads[i];
      const Rep* rep = lead.rep >= 0 ? &routing.reps[static_cast<std::size_t>(lead.rep)].rep : nullptr;
      const std::int16_t set = lead.record < sets.size() ? sets[lead.record] : -1;
      absl::StrAppend(&out, csv_field(result.data().record_id(lead.record)), ",",
                      set >= 0 ? result.rules().rule_sets()[static_cast<std::size_t>(set)].id : std::string(), ",",
                      i + 1, ",", scores.empty() ? std::string() : internal::format_g6(scores[lead.record]), ",",
                      csv_field(lead.territory.value_or("")), ",", rep ? csv_field(rep->id) : std::string(), ",",
                      rep ? csv_field(rep->team) : std::string(), ",",
                      internal::qualify::to_absl(to_string(lead.status)), "\n");
    }
    return out;
  });
}

}  // namespace modelfunnel
