// The reference qualification (reference_qualify.hpp), from docs/qualify.md.
#include "qualify/reference_qualify.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelfunnel::reference {
namespace {

using Json = nlohmann::ordered_json;

constexpr Truth F = Truth::kFail;
constexpr Truth U = Truth::kUnknown;
constexpr Truth P = Truth::kPass;

Truth from_bool(bool b) { return b ? P : F; }

/// Kleene's tables, spelled out.
Truth kleene_and(Truth a, Truth b) {
  if (a == F || b == F) return F;
  if (a == U || b == U) return U;
  return P;
}
Truth kleene_or(Truth a, Truth b) {
  if (a == P || b == P) return P;
  if (a == U || b == U) return U;
  return F;
}
Truth kleene_not(Truth a) { return a == P ? F : a == F ? P : U; }

struct Record {
  const DataSet& data;
  RecordIndex r;
  double score;

  AttributeValue value(const std::string& name) const {
    return data.find_attribute(name)->value(r);
  }
};

bool is_missing(const AttributeValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return true;
  return std::holds_alternative<double>(v) && std::isnan(std::get<double>(v));
}

/// The JSON constant @p c as a comparable number for @p v's type.
template <class T>
T number(const Json& c);
template <>
std::int64_t number(const Json& c) {
  if (c.is_string()) return parse_timestamp(c.get<std::string>(), TimeFormat::iso8601())->micros();
  if (c.is_boolean()) return c.get<bool>() ? 1 : 0;
  return c.get<std::int64_t>();
}
template <>
double number(const Json& c) { return c.get<double>(); }

template <class T>
bool compare(const std::string& op, T v, const Json& c) {
  if (op == "eq") return v == number<T>(c);
  if (op == "ne") return v != number<T>(c);
  if (op == "lt") return v < number<T>(c);
  if (op == "le") return v <= number<T>(c);
  if (op == "gt") return v > number<T>(c);
  if (op == "ge") return v >= number<T>(c);
  if (op == "between") return number<T>(c[0]) <= v && v <= number<T>(c[1]);
  bool in = false;
  for (const Json& x : c) in = in || v == number<T>(x);
  return op == "in" ? in : !in;
}

bool compare_text(const std::string& op, std::string_view v, const Json& c) {
  if (op == "eq") return v == c.get<std::string>();
  if (op == "ne") return v != c.get<std::string>();
  bool in = false;
  for (const Json& x : c) in = in || v == x.get<std::string>();
  return op == "in" ? in : !in;
}

/// A test of one value: missing / present never unknown, every other
/// operator unknown on a missing value.
Truth test(const AttributeValue& v, const std::string& op, const Json& c) {
  const bool missing = is_missing(v);
  if (op == "missing") return from_bool(missing);
  if (op == "present") return from_bool(!missing);
  if (missing) return U;
  if (const auto* s = std::get_if<std::string_view>(&v)) return from_bool(compare_text(op, *s, c));
  if (const auto* b = std::get_if<bool>(&v)) return from_bool(compare<std::int64_t>(op, *b ? 1 : 0, c));
  if (const auto* i = std::get_if<std::int64_t>(&v)) return from_bool(compare<std::int64_t>(op, *i, c));
  if (const auto* t = std::get_if<Timestamp>(&v)) return from_bool(compare<std::int64_t>(op, t->micros(), c));
  return from_bool(compare<double>(op, std::get<double>(v), c));
}

/// A condition over attributes (a criterion's test or a set's `when`).
Truth attribute_condition(const Json& j, const Record& rec) {
  if (j.contains("all")) {
    Truth t = P;
    for (const Json& k : j["all"]) t = kleene_and(t, attribute_condition(k, rec));
    return t;
  }
  if (j.contains("any")) {
    Truth t = F;
    for (const Json& k : j["any"]) t = kleene_or(t, attribute_condition(k, rec));
    return t;
  }
  if (j.contains("not")) return kleene_not(attribute_condition(j["not"], rec));
  if (j.contains("score")) {
    // The object's first (only) member; not through items(), whose proxy is
    // a temporary the iterator would outlive.
    const Json& score = j["score"];
    const auto first = score.begin();
    return test(AttributeValue(rec.score), first.key(), first.value());
  }
  for (const auto& [key, c] : j.items()) {
    if (key != "attribute") return test(rec.value(j["attribute"].get<std::string>()), key, c);
  }
  return U;
}

std::string criterion_of(const Json& j) {
  return j.is_string() ? j.get<std::string>() : j["criterion"].get<std::string>();
}

struct SetValues {
  std::vector<std::string> ids;
  std::vector<Truth> values;

  Truth of(const std::string& id) const {
    return values[static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin())];
  }
};

/// A decision rule's condition over the set's criteria.
Truth rule_condition(const Json& j, const SetValues& c) {
  if (j.is_string() || j.contains("criterion")) return c.of(criterion_of(j));
  if (j.contains("all")) {
    Truth t = P;
    for (const Json& k : j["all"]) t = kleene_and(t, rule_condition(k, c));
    return t;
  }
  if (j.contains("any")) {
    Truth t = F;
    for (const Json& k : j["any"]) t = kleene_or(t, rule_condition(k, c));
    return t;
  }
  return kleene_not(rule_condition(j["not"], c));
}

/// The criteria an unknown condition is unknown because of.
void unknown_criteria(const Json& j, const SetValues& c, std::vector<std::string>& out) {
  if (rule_condition(j, c) != U) return;
  if (j.is_string() || j.contains("criterion")) {
    out.push_back(criterion_of(j));
    return;
  }
  if (j.contains("not")) {
    unknown_criteria(j["not"], c, out);
    return;
  }
  for (const Json& k : j.contains("all") ? j["all"] : j["any"]) unknown_criteria(k, c, out);
}

}  // namespace

std::vector<QualifyTrace> qualify(const DataSet& data, const std::string& json,
                                  std::span<const double> scores, std::optional<Timestamp> as_of) {
  const Json file = Json::parse(json, nullptr, true, true);
  const Json& sets = file["rule_sets"];
  std::vector<QualifyTrace> out;
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    const Record rec{data, r, scores.empty() ? std::nan("") : scores[r]};
    QualifyTrace t;
    std::vector<SetValues> criteria(sets.size());
    for (std::size_t s = 0; s < sets.size(); ++s) {
      const Json& set = sets[s];
      t.when.push_back(set.contains("when") ? attribute_condition(set["when"], rec) : P);
      for (const Json& c : set["criteria"]) {
        criteria[s].ids.push_back(c["id"].get<std::string>());
        criteria[s].values.push_back(attribute_condition(c["test"], rec));
      }
      t.all_criteria.push_back(criteria[s].values);
      t.rules.emplace_back();
      for (const char* list : {"disqualify", "qualify", "nurture"}) {
        t.rules.back().emplace_back();
        if (!set.contains(list)) continue;
        for (const Json& rule : set[list])
          t.rules.back().back().push_back(rule.contains("if") ? rule_condition(rule["if"], criteria[s]) : P);
      }
    }
    // The first set whose `when` passes; the set without `when` takes the rest.
    bool unknown_before = false;
    for (std::size_t s = 0; s < sets.size() && t.set < 0; ++s) {
      if (!sets[s].contains("when")) {
        t.set = static_cast<int>(s);
        t.choice = unknown_before ? SetChoice::kFallbackUnknown : SetChoice::kFallback;
      } else if (t.when[s] == P) {
        t.set = static_cast<int>(s);
        t.choice = SetChoice::kMatched;
      } else if (t.when[s] == U) {
        unknown_before = true;
      }
    }
    if (t.set >= 0) {
      const auto s = static_cast<std::size_t>(t.set);
      const Json& set = sets[s];
      t.criteria = criteria[s].values;
      const auto& values = t.rules[s];
      bool disqualify_unknown = false;
      for (std::size_t k = 0; k < values[0].size() && t.rule < 0; ++k) {
        if (values[0][k] == P) {
          t.decision = Decision::kDisqualified;
          t.rule = static_cast<int>(k);
          t.rule_id = set["disqualify"][k]["id"].get<std::string>();
        }
        disqualify_unknown = disqualify_unknown || values[0][k] == U;
      }
      for (std::size_t k = 0; k < values[1].size() && t.rule < 0 && !disqualify_unknown; ++k) {
        if (values[1][k] == P) {
          t.decision = Decision::kQualified;
          t.rule = static_cast<int>(k);
          t.rule_id = set["qualify"][k]["id"].get<std::string>();
        }
      }
      for (std::size_t k = 0; k < values[2].size() && t.rule < 0; ++k) {
        if (values[2][k] == P) {
          t.decision = Decision::kNurture;
          t.rule = static_cast<int>(k);
          const Json& rule = set["nurture"][k];
          t.rule_id = rule["id"].get<std::string>();
          t.track = rule["track"].get<std::string>();
          if (as_of)
            t.recheck = Timestamp::from_micros(as_of->micros() + rule["recheck_days"].get<std::int64_t>() * 86'400'000'000);
        }
      }
      if (t.decision == Decision::kNurture) {
        std::vector<std::string> ask;
        for (const char* list : {"disqualify", "qualify"}) {
          if (!set.contains(list)) continue;
          for (const Json& rule : set[list]) unknown_criteria(rule["if"], criteria[s], ask);
        }
        for (std::size_t c = 0; c < criteria[s].ids.size(); ++c) {
          if (std::find(ask.begin(), ask.end(), criteria[s].ids[c]) != ask.end())
            t.ask.push_back(static_cast<std::uint16_t>(c));
        }
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Outcome> outcomes(const DataSet& data, const StageGraph& graph) {
  std::vector<Outcome> out(data.record_count());
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    Outcome& o = out[r];
    std::optional<std::optional<Timestamp>> won_at;  // the time of the first won event
    bool amount_seen = false;
    const auto [first, last] = data.events_of(r);
    for (std::size_t i = first; i < last; ++i) {
      const Event e = data.event(i);
      const Stage* stage = graph.find_stage(data.stage_names()[e.stage]);
      if (stage == nullptr) continue;
      o.lost = stage->kind == StageKind::kLost;
      if (stage->kind != StageKind::kWon) continue;
      if (!won_at) won_at = e.time;
      if (*won_at == e.time && e.amount) {
        o.revenue = amount_seen ? std::max(o.revenue, e.amount->scaled()) : e.amount->scaled();
        amount_seen = true;
      }
    }
    o.won = won_at.has_value();
    o.lost = o.lost && !o.won;
  }
  return out;
}

}  // namespace modelfunnel::reference
