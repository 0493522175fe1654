// qualify.cpp — the experimental qualification API (modelfunnel/qualify.h):
// rule files, one record from its values, every record of a data set.
#define MF_EXPERIMENTAL

#include <cmath>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/modelfunnel.h"
#include "modelfunnel/qualify.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

struct mf_qualify_result {
  mf::QualifyResult result;
};

struct mf_qualify_lift {
  mf::QualifyLift lift;
};

struct mf_qualify_diff {
  mf::QualifyDiff diff;
};

struct mf_qualify_routing {
  mf::QualifyResult result;  // the routing's record ids and scores
  mf::Routing routing;
};

struct mf_qualify_decision {
  // The rules the views of `decision` point into, kept alive with it.
  std::optional<mf::QualifyRules> rules;
  mf::RecordDecision decision;
  std::vector<mf::AttributeValue> values;  // scratch for mf_qualify_record()
};

namespace {

constexpr mf_qualify_options kQualifyDefaults = MF_QUALIFY_OPTIONS_INIT;
constexpr std::size_t kQualifyOptionsSizes[] = {sizeof(mf_qualify_options)};  // version 1
static_assert(std::size(kQualifyOptionsSizes) == MF_QUALIFY_OPTIONS_VERSION);
constexpr mf_qualify_lift_options kLiftDefaults = MF_QUALIFY_LIFT_OPTIONS_INIT;
constexpr std::size_t kLiftOptionsSizes[] = {sizeof(mf_qualify_lift_options)};  // version 1
static_assert(std::size(kLiftOptionsSizes) == MF_QUALIFY_LIFT_OPTIONS_VERSION);
constexpr std::size_t kRateSizes[] = {sizeof(mf_rate)};  // version 1
static_assert(std::size(kRateSizes) == MF_RATE_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_QUALIFY_PASS == static_cast<int>(mf::Truth::kPass));
static_assert(MF_QUALIFY_UNKNOWN == static_cast<int>(mf::Truth::kUnknown));
static_assert(MF_QUALIFY_NO_RULE_SET == static_cast<int>(mf::Decision::kNoRuleSet));
static_assert(MF_QUALIFY_DISQUALIFIED == static_cast<int>(mf::Decision::kDisqualified));
static_assert(MF_QUALIFY_BANT_TIMELINE == static_cast<int>(mf::Bant::kTimeline));
static_assert(MF_QUALIFY_SET_NONE == static_cast<int>(mf::SetChoice::kNone));
static_assert(MF_QUALIFY_TABLE_SUMMARY == static_cast<int>(mf::QualifyTable::kSummary));
static_assert(MF_QUALIFY_LIFT_DECISIONS == static_cast<int>(mf::LiftTable::kDecisions));
static_assert(MF_QUALIFY_ROUTE_OPTIMAL == static_cast<int>(mf::RouteMethod::kOptimal));
static_assert(MF_QUALIFY_ROUTE_ALL_FULL == static_cast<int>(mf::RouteStatus::kAllFull));

mf::LiftOptions lift_options(const mf_qualify_lift_options* opts) {
  const mf_qualify_lift_options o = read_options(opts, kLiftDefaults, kLiftOptionsSizes, "mf_qualify_lift_options");
  mf::LiftOptions out;
  out.min_sample = o.min_sample;
  out.threads = o.threads;
  return out;
}

const mf::QualifyRules& rules_arg(const mf_qualify_rules* rules) { return arg(rules, "rules").rules; }

const mf::RuleSetInfo& set_arg(const mf_qualify_rules* rules, std::size_t set) {
  const auto& sets = rules_arg(rules).rule_sets();
  return sets[in_index(set, sets.size(), "rule set index")];
}

mf::AttributeValue value_arg(const mf_value& value, const mf::AttributeField& field, std::size_t i) {
  if (!value.present) return std::monostate{};
  if (value.type != static_cast<int>(field.type)) {
    throw ArgumentError(MF_EINVAL, absl::StrCat("values[", i, "]: attribute \"", field.name, "\" is ",
                                                std::string(mf::to_string(field.type)), ", not type ",
                                                value.type));
  }
  switch (field.type) {
    case mf::AttributeType::kString:
      return in_str(value.str.data, value.str.size, "values[].str");
    case mf::AttributeType::kInt64:
      return value.i64;
    case mf::AttributeType::kDouble:
      return value.f64;
    case mf::AttributeType::kBool:
      if (value.i64 != 0 && value.i64 != 1)
        throw ArgumentError(MF_EINVAL, absl::StrCat("values[", i, "]: a bool must be 0 or 1, not ", value.i64));
      return value.i64 == 1;
    case mf::AttributeType::kTimestamp:
      return mf::Timestamp::from_micros(value.i64);
  }
  throw ArgumentError(MF_EINVAL, "unknown attribute type");
}

mf_qualify_rules* new_rules(absl::StatusOr<mf::QualifyRules> parsed) {
  return new mf_qualify_rules{unwrap(std::move(parsed), MF_EDATA)};
}

}  // namespace

extern "C" {

int mf_qualify_rules_parse(mf_qualify_rules** out, const char* json, size_t json_len,
                           const mf_dataset* data) {
  return guard("mf_qualify_rules_parse", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    result = new_rules(mf::QualifyRules::parse(text, arg(data, "data").data));
  });
}

int mf_qualify_rules_parse_schema(mf_qualify_rules** out, const char* json, size_t json_len,
                                  const mf_qualify_field* fields, size_t field_count) {
  return guard("mf_qualify_rules_parse_schema", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    if (fields == nullptr && field_count != 0) throw ArgumentError(MF_EINVAL, "fields is NULL");
    std::vector<mf::AttributeField> schema;
    for (std::size_t i = 0; i < field_count; ++i) {
      if (fields[i].type < MF_ATTR_STRING || fields[i].type > MF_ATTR_TIMESTAMP)
        throw ArgumentError(MF_EINVAL, absl::StrCat("fields[", i, "]: unknown attribute type ", fields[i].type));
      schema.push_back({std::string(in_str(fields[i].name, fields[i].name_len, "fields[].name")),
                        static_cast<mf::AttributeType>(fields[i].type)});
    }
    result = new_rules(mf::QualifyRules::parse(text, schema));
  });
}

int mf_qualify_rules_load_file(mf_qualify_rules** out, const char* path, size_t path_len,
                               const mf_dataset* data) {
  return guard("mf_qualify_rules_load_file", [&] {
    auto& result = arg(out, "out");
    const std::string file(in_str(path, path_len, "path"));
    absl::StatusOr<mf::QualifyRules> parsed = mf::QualifyRules::load_file(file, arg(data, "data").data);
    if (absl::IsNotFound(parsed.status())) throw Failure(MF_ENOTFOUND, std::string(parsed.status().message()));
    if (absl::IsPermissionDenied(parsed.status()) || absl::IsDataLoss(parsed.status()))
      throw Failure(MF_EIO, std::string(parsed.status().message()));
    result = new_rules(std::move(parsed));
  });
}

void mf_qualify_rules_free(mf_qualify_rules* rules) { delete rules; }

size_t mf_qualify_rules_field_count(const mf_qualify_rules* rules) {
  return rules == nullptr ? 0 : rules->rules.schema().size();
}

int mf_qualify_rules_field(const mf_qualify_rules* rules, size_t index, mf_str* name, int* type) {
  return guard("mf_qualify_rules_field", [&] {
    const auto& schema = rules_arg(rules).schema();
    const mf::AttributeField& f = schema[in_index(index, schema.size(), "field index")];
    maybe_set(name, view_of(f.name));
    maybe_set(type, static_cast<int>(f.type));
  });
}

size_t mf_qualify_rules_set_count(const mf_qualify_rules* rules) {
  return rules == nullptr ? 0 : rules->rules.rule_sets().size();
}

int mf_qualify_rules_set(const mf_qualify_rules* rules, size_t set, mf_str* id, int* fallback,
                         size_t* criterion_count) {
  return guard("mf_qualify_rules_set", [&] {
    const mf::RuleSetInfo& s = set_arg(rules, set);
    maybe_set(id, view_of(s.id));
    maybe_set(fallback, s.fallback ? 1 : 0);
    maybe_set(criterion_count, s.criteria.size());
  });
}

int mf_qualify_rules_criterion(const mf_qualify_rules* rules, size_t set, size_t criterion, mf_str* id,
                               int* bant) {
  return guard("mf_qualify_rules_criterion", [&] {
    const auto& criteria = set_arg(rules, set).criteria;
    const mf::CriterionInfo& c = criteria[in_index(criterion, criteria.size(), "criterion index")];
    maybe_set(id, view_of(c.id));
    maybe_set(bant, static_cast<int>(c.bant));
  });
}

int mf_qualify_rules_uses_score(const mf_qualify_rules* rules) {
  return rules != nullptr && rules->rules.uses_score() ? 1 : 0;
}

int mf_qualify_decision_new(mf_qualify_decision** out) {
  return guard("mf_qualify_decision_new", [&] {
    // Checked first: in `arg(out) = new …` the new would run before the check.
    mf_qualify_decision*& slot = arg(out, "out");
    slot = new mf_qualify_decision();
  });
}

void mf_qualify_decision_free(mf_qualify_decision* decision) { delete decision; }

int mf_qualify_record(mf_qualify_decision* out, const mf_qualify_rules* rules, const mf_value* values,
                      size_t value_count, int has_score, double score, int has_as_of, int64_t as_of) {
  return guard("mf_qualify_record", [&] {
    mf_qualify_decision& d = arg(out, "out");
    const mf::QualifyRules& r = rules_arg(rules);
    const auto& schema = r.schema();
    if (values == nullptr && value_count != 0) throw ArgumentError(MF_EINVAL, "values is NULL");
    if (value_count != schema.size())
      throw ArgumentError(MF_EINVAL, absl::StrCat("expected ", schema.size(),
                                                  " values (one per field of the rules), got ", value_count));
    d.values.resize(value_count);
    for (std::size_t i = 0; i < value_count; ++i) d.values[i] = value_arg(values[i], schema[i], i);
    std::optional<double> s;
    if (has_score) s = score;
    std::optional<mf::Timestamp> now;
    if (has_as_of) now = mf::Timestamp::from_micros(as_of);
    // Keep the rules alive with the views into them; skip the copy when the
    // decision holds these rules already (a save hook's steady state).
    if (!d.rules || &d.rules->rule_sets() != &r.rule_sets()) d.rules = r;
    check(r.evaluate(d.values, s, now, d.decision), MF_EINVAL);
  });
}

int mf_qualify_decision_get(const mf_qualify_decision* decision, int* outcome, int* set_choice,
                            mf_str* rule_set, mf_str* reason, mf_str* track, int* has_recheck,
                            int64_t* recheck) {
  return guard("mf_qualify_decision_get", [&] {
    const mf::RecordDecision& d = arg(decision, "decision").decision;
    maybe_set(outcome, static_cast<int>(d.decision));
    maybe_set(set_choice, static_cast<int>(d.set_choice));
    maybe_set(rule_set, view_of(d.rule_set_id));
    maybe_set(reason, view_of(d.rule_id));
    maybe_set(track, view_of(d.track));
    maybe_set(has_recheck, d.recheck ? 1 : 0);
    maybe_set(recheck, d.recheck ? d.recheck->micros() : 0);
  });
}

size_t mf_qualify_decision_criterion_count(const mf_qualify_decision* decision) {
  return decision == nullptr ? 0 : decision->decision.criteria.size();
}

int mf_qualify_decision_criterion(const mf_qualify_decision* decision, size_t index, mf_str* id, int* bant,
                                  int* value) {
  return guard("mf_qualify_decision_criterion", [&] {
    const mf_qualify_decision& d = arg(decision, "decision");
    const auto& values = d.decision.criteria;
    const std::size_t i = in_index(index, values.size(), "criterion index");
    const mf::CriterionInfo& c =
        d.rules->rule_sets()[static_cast<std::size_t>(d.decision.rule_set)].criteria[i];
    maybe_set(id, view_of(c.id));
    maybe_set(bant, static_cast<int>(c.bant));
    maybe_set(value, static_cast<int>(values[i]));
  });
}

size_t mf_qualify_decision_ask_count(const mf_qualify_decision* decision) {
  return decision == nullptr ? 0 : decision->decision.ask.size();
}

int mf_qualify_decision_ask(const mf_qualify_decision* decision, size_t index, mf_str* id,
                            size_t* criterion) {
  return guard("mf_qualify_decision_ask", [&] {
    const mf_qualify_decision& d = arg(decision, "decision");
    const auto& ask = d.decision.ask;
    const std::uint16_t c = ask[in_index(index, ask.size(), "ask index")];
    maybe_set(id, view_of(d.rules->rule_sets()[static_cast<std::size_t>(d.decision.rule_set)].criteria[c].id));
    maybe_set(criterion, std::size_t{c});
  });
}

int mf_qualify_options_init(mf_qualify_options* opts, uint32_t version) {
  return guard("mf_qualify_options_init", [&] {
    init_options(opts, version, kQualifyDefaults, kQualifyOptionsSizes, "mf_qualify_options");
  });
}

int mf_qualify_compute(mf_qualify_result** out, const mf_dataset* data, const mf_qualify_rules* rules,
                       const mf_qualify_options* opts) {
  return guard("mf_qualify_compute", [&] {
    auto& result = arg(out, "out");
    const mf::DataSet& ds = arg(data, "data").data;
    const mf::QualifyRules& r = rules_arg(rules);
    const mf_qualify_options o = read_options(opts, kQualifyDefaults, kQualifyOptionsSizes, "mf_qualify_options");
    mf::QualifyOptions options;
    if (o.has_as_of) options.as_of = mf::Timestamp::from_micros(o.as_of);
    if (o.scores == nullptr && o.score_count != 0) throw ArgumentError(MF_EINVAL, "opts->scores is NULL");
    if (o.score_count) options.scores.assign(o.scores, o.scores + o.score_count);
    options.score_attribute = std::string(in_str(o.score_attribute, o.score_attribute_len, "opts->score_attribute"));
    options.threads = o.threads;
    result = new mf_qualify_result{unwrap(mf::qualify(ds, r, options), MF_EINVAL)};
  });
}

void mf_qualify_result_free(mf_qualify_result* result) { delete result; }

size_t mf_qualify_result_record_count(const mf_qualify_result* result) {
  return result == nullptr ? 0 : result->result.record_count();
}

int mf_qualify_result_record(mf_qualify_decision* out, const mf_qualify_result* result, size_t record) {
  return guard("mf_qualify_result_record", [&] {
    mf_qualify_decision& d = arg(out, "out");
    const mf::QualifyResult& r = arg(result, "result").result;
    const auto i = static_cast<mf::RecordIndex>(in_index(record, r.record_count(), "record index"));
    d.rules = r.rules();
    r.decision(i, d.decision);
  });
}

const uint8_t* mf_qualify_result_outcomes(const mf_qualify_result* result) {
  if (result == nullptr) return nullptr;
  return reinterpret_cast<const uint8_t*>(result->result.decisions().data());
}

size_t mf_qualify_summary_count(const mf_qualify_result* result) {
  return result == nullptr ? 0 : result->result.summary().size();
}

int mf_qualify_summary(const mf_qualify_result* result, size_t index, mf_str* rule_set, int* outcome,
                       mf_str* reason, uint64_t* records) {
  return guard("mf_qualify_summary", [&] {
    const auto& summary = arg(result, "result").result.summary();
    const mf::DecisionCount& c = summary[in_index(index, summary.size(), "summary index")];
    maybe_set(rule_set, view_of(c.rule_set));
    maybe_set(outcome, static_cast<int>(c.decision));
    maybe_set(reason, view_of(c.rule));
    maybe_set(records, c.records);
  });
}

int mf_qualify_csv(mf_text** out, const mf_qualify_result* result, int table) {
  return guard("mf_qualify_csv", [&] {
    auto& text = arg(out, "out");
    const mf::QualifyResult& r = arg(result, "result").result;
    if (table != MF_QUALIFY_TABLE_DECISIONS && table != MF_QUALIFY_TABLE_SUMMARY)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_qualify_table ", table));
    text = new mf_text{unwrap(mf::qualify_csv(r, static_cast<mf::QualifyTable>(table)), MF_EINVAL)};
  });
}

int mf_qualify_json(mf_text** out, const mf_qualify_result* result) {
  return guard("mf_qualify_json", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::qualify_json(arg(result, "result").result), MF_EINVAL)};
  });
}

int mf_qualify_lift_options_init(mf_qualify_lift_options* opts, uint32_t version) {
  return guard("mf_qualify_lift_options_init", [&] {
    init_options(opts, version, kLiftDefaults, kLiftOptionsSizes, "mf_qualify_lift_options");
  });
}

int mf_qualify_lift_compute(mf_qualify_lift** out, const mf_qualify_result* result, const mf_graph* graph,
                            const mf_qualify_lift_options* opts) {
  return guard("mf_qualify_lift_compute", [&] {
    auto& lift = arg(out, "out");
    const mf::LiftOptions options = lift_options(opts);
    lift = new mf_qualify_lift{
        unwrap(mf::qualify_lift(arg(result, "result").result, arg(graph, "graph").graph, options), MF_EINVAL)};
  });
}

void mf_qualify_lift_free(mf_qualify_lift* lift) { delete lift; }

size_t mf_qualify_lift_count(const mf_qualify_lift* lift) {
  return lift == nullptr ? 0 : lift->lift.criteria.size();
}

int mf_qualify_lift_row(const mf_qualify_lift* lift, size_t index, mf_str* rule_set, mf_str* criterion,
                        int* bant, int* value, uint64_t* records, uint64_t* closed, uint64_t* won,
                        int64_t* won_revenue, mf_rate* win_rate, double* lift_ratio) {
  return guard("mf_qualify_lift_row", [&] {
    const auto& rows = arg(lift, "lift").lift.criteria;
    const mf::CriterionLift& r = rows[in_index(index, rows.size(), "lift row index")];
    std::optional<VersionedOut<mf_rate>> rate;
    if (win_rate != nullptr) rate.emplace(win_rate, kRateSizes, "mf_rate");
    maybe_set(rule_set, view_of(r.rule_set));
    maybe_set(criterion, view_of(r.criterion));
    maybe_set(bant, static_cast<int>(r.bant));
    maybe_set(value, static_cast<int>(r.value));
    maybe_set(records, r.records);
    maybe_set(closed, r.closed);
    maybe_set(won, r.won);
    maybe_set(won_revenue, r.won_revenue.scaled());
    maybe_set(lift_ratio, r.lift);
    if (rate) {
      mf_rate c = MF_RATE_INIT;
      c.small_sample = r.win_rate.small_sample ? 1 : 0;
      c.numerator = r.win_rate.numerator;
      c.denominator = r.win_rate.denominator;
      c.value = r.win_rate.value;
      c.low = r.win_rate.low;
      c.high = r.win_rate.high;
      rate->write(c);
    }
  });
}

int mf_qualify_lift_csv(mf_text** out, const mf_qualify_lift* lift, int table) {
  return guard("mf_qualify_lift_csv", [&] {
    auto& text = arg(out, "out");
    const mf::QualifyLift& l = arg(lift, "lift").lift;
    if (table != MF_QUALIFY_LIFT_CRITERIA && table != MF_QUALIFY_LIFT_DECISIONS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_qualify_lift_table ", table));
    text = new mf_text{unwrap(mf::qualify_lift_csv(l, static_cast<mf::LiftTable>(table)), MF_EINVAL)};
  });
}

int mf_qualify_lift_json(mf_text** out, const mf_qualify_lift* lift) {
  return guard("mf_qualify_lift_json", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::qualify_lift_json(arg(lift, "lift").lift), MF_EINVAL)};
  });
}

int mf_qualify_diff_compute(mf_qualify_diff** out, const mf_qualify_result* before, const mf_qualify_result* after,
                            const mf_graph* graph, const mf_qualify_lift_options* opts) {
  return guard("mf_qualify_diff_compute", [&] {
    auto& diff = arg(out, "out");
    const mf::LiftOptions options = lift_options(opts);
    diff = new mf_qualify_diff{unwrap(mf::qualify_diff(arg(before, "before").result, arg(after, "after").result,
                                                       arg(graph, "graph").graph, options),
                                      MF_EINVAL)};
  });
}

void mf_qualify_diff_free(mf_qualify_diff* diff) { delete diff; }

size_t mf_qualify_diff_count(const mf_qualify_diff* diff) {
  return diff == nullptr ? 0 : diff->diff.moves.size();
}

int mf_qualify_diff_move(const mf_qualify_diff* diff, size_t index, int* before, int* after, uint64_t* records,
                         uint64_t* closed, uint64_t* won, int64_t* won_revenue) {
  return guard("mf_qualify_diff_move", [&] {
    const auto& moves = arg(diff, "diff").diff.moves;
    const mf::DecisionMove& m = moves[in_index(index, moves.size(), "move index")];
    maybe_set(before, static_cast<int>(m.before));
    maybe_set(after, static_cast<int>(m.after));
    maybe_set(records, m.records);
    maybe_set(closed, m.closed);
    maybe_set(won, m.won);
    maybe_set(won_revenue, m.won_revenue.scaled());
  });
}

int mf_qualify_diff_csv(mf_text** out, const mf_qualify_diff* diff) {
  return guard("mf_qualify_diff_csv", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::qualify_diff_csv(arg(diff, "diff").diff), MF_EINVAL)};
  });
}

int mf_qualify_diff_json(mf_text** out, const mf_qualify_diff* diff) {
  return guard("mf_qualify_diff_json", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::qualify_diff_json(arg(diff, "diff").diff), MF_EINVAL)};
  });
}

int mf_qualify_route(mf_qualify_routing** out, const mf_qualify_result* result, const char* reps_csv,
                     size_t reps_csv_len, int method, const char* territory_by, size_t territory_by_len) {
  return guard("mf_qualify_route", [&] {
    auto& routing = arg(out, "out");
    const mf::QualifyResult& r = arg(result, "result").result;
    const std::string_view text = in_str(reps_csv, reps_csv_len, "reps_csv");
    if (method < MF_QUALIFY_ROUTE_ROUND_ROBIN || method > MF_QUALIFY_ROUTE_OPTIMAL)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_qualify_route_method ", method));
    mf::RouteOptions options;
    options.method = static_cast<mf::RouteMethod>(method);
    options.territory_by = std::string(in_str(territory_by, territory_by_len, "territory_by"));
    const std::vector<mf::Rep> reps = unwrap(mf::parse_reps_csv(text), MF_EDATA);
    routing = new mf_qualify_routing{r, unwrap(mf::route_leads(r, reps, options), MF_EINVAL)};
  });
}

void mf_qualify_routing_free(mf_qualify_routing* routing) { delete routing; }

size_t mf_qualify_routing_lead_count(const mf_qualify_routing* routing) {
  return routing == nullptr ? 0 : routing->routing.leads.size();
}

int mf_qualify_routing_lead(const mf_qualify_routing* routing, size_t index, uint32_t* record, mf_str* owner,
                            int* status) {
  return guard("mf_qualify_routing_lead", [&] {
    const mf::Routing& r = arg(routing, "routing").routing;
    const mf::LeadRoute& lead = r.leads[in_index(index, r.leads.size(), "lead index")];
    maybe_set(record, lead.record);
    maybe_set(owner, view_of(lead.rep >= 0 ? std::string_view(r.reps[static_cast<std::size_t>(lead.rep)].rep.id)
                                            : std::string_view()));
    maybe_set(status, static_cast<int>(lead.status));
  });
}

int mf_qualify_routing_csv(mf_text** out, const mf_qualify_routing* routing, int reps_table) {
  return guard("mf_qualify_routing_csv", [&] {
    auto& text = arg(out, "out");
    const mf_qualify_routing& r = arg(routing, "routing");
    text = new mf_text{unwrap(mf::routing_csv(r.result, r.routing, reps_table != 0), MF_EINVAL)};
  });
}

}  // extern "C"
