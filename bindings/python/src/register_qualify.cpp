// Qualification for Python: rule files, one record from a dict of values,
// and every record's decision as numpy columns that modelfunnel/_qualify.py
// turns into categorical DataFrame columns (a million decisions are a few
// bytes each, never a million Python objects but for the record ids).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "absl/container/flat_hash_map.h"
#include "core.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::python {
namespace {

std::vector<AttributeField> schema_arg(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<AttributeField> out;
  for (const auto& [name, type] : fields) {
    bool known = false;
    for (int t = 0; t <= static_cast<int>(AttributeType::kTimestamp); ++t) {
      if (to_string(static_cast<AttributeType>(t)) == type) {
        out.push_back({name, static_cast<AttributeType>(t)});
        known = true;
      }
    }
    if (!known) fail_data("schema: attribute '" + name + "' has unknown type '" + type + "'");
  }
  return out;
}

py::dict rules_info(const QualifyRules& rules) {
  py::list sets;
  for (const RuleSetInfo& s : rules.rule_sets()) {
    py::list criteria;
    for (const CriterionInfo& c : s.criteria)
      criteria.append(py::dict(py::arg("id") = c.id, py::arg("bant") = std::string(to_string(c.bant)),
                               py::arg("description") = c.description));
    auto rule_list = [](const std::vector<RuleInfo>& rules, bool nurture) {
      py::list out;
      for (const RuleInfo& r : rules) {
        py::dict d(py::arg("id") = r.id, py::arg("description") = r.description);
        if (nurture) {
          d["track"] = r.track;
          d["recheck_days"] = r.recheck_days;
        }
        out.append(d);
      }
      return out;
    };
    sets.append(py::dict(py::arg("id") = s.id, py::arg("description") = s.description,
                         py::arg("fallback") = s.fallback, py::arg("criteria") = criteria,
                         py::arg("disqualify") = rule_list(s.disqualify, false),
                         py::arg("qualify") = rule_list(s.qualify, false),
                         py::arg("nurture") = rule_list(s.nurture, true)));
  }
  return py::dict(py::arg("rule_sets") = sets, py::arg("criterion_columns") = rules.criterion_columns(),
                  py::arg("warnings") = rules.warnings(), py::arg("uses_score") = rules.uses_score());
}

/// One record's decision as a dict (the explanation included).
py::dict decision_dict(const QualifyRules& rules, const RecordDecision& d) {
  py::dict criteria;
  py::list ask;
  if (d.rule_set >= 0) {
    const RuleSetInfo& set = rules.rule_sets()[static_cast<std::size_t>(d.rule_set)];
    for (std::size_t c = 0; c < d.criteria.size(); ++c)
      criteria[py::str(set.criteria[c].id)] = std::string(to_string(d.criteria[c]));
    for (std::uint16_t c : d.ask) ask.append(set.criteria[c].id);
  }
  auto text_or_none = [](std::string_view s, bool present) -> py::object {
    if (!present) return py::none();
    return py::str(s.data(), s.size());
  };
  return py::dict(
      py::arg("decision") = std::string(to_string(d.decision)),
      py::arg("rule_set") = text_or_none(d.rule_set_id, d.rule_set >= 0),
      py::arg("set_choice") = std::string(to_string(d.set_choice)),
      py::arg("reason") = text_or_none(d.rule_id, d.rule >= 0),
      py::arg("track") = text_or_none(d.track, d.decision == Decision::kNurture),
      py::arg("recheck_us") = d.recheck ? py::object(py::int_(d.recheck->micros())) : py::none(),
      py::arg("criteria") = criteria, py::arg("ask") = ask);
}

/// Values arrive in schema order, already of the Python type for their
/// attribute (modelfunnel/_qualify.py converts times to µs); None is missing.
py::dict evaluate(const QualifyRules& rules, const std::vector<py::object>& values,
                  std::optional<double> score, std::optional<std::int64_t> as_of_us) {
  const auto& schema = rules.schema();
  if (values.size() != schema.size()) fail_data("values: one per schema attribute expected");
  std::vector<std::string> strings(values.size());
  std::vector<AttributeValue> converted(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_none()) continue;
    try {
      switch (schema[i].type) {
        case AttributeType::kString:
          strings[i] = values[i].cast<std::string>();
          converted[i] = std::string_view(strings[i]);
          break;
        case AttributeType::kInt64: converted[i] = values[i].cast<std::int64_t>(); break;
        case AttributeType::kDouble: converted[i] = values[i].cast<double>(); break;
        case AttributeType::kBool: converted[i] = values[i].cast<bool>(); break;
        case AttributeType::kTimestamp:
          converted[i] = Timestamp::from_micros(values[i].cast<std::int64_t>());
          break;
      }
    } catch (const py::cast_error&) {
      fail_data("values['" + schema[i].name + "']: expected a " + std::string(to_string(schema[i].type)) +
                " value");
    }
  }
  RecordDecision d;
  std::optional<Timestamp> as_of;
  if (as_of_us) as_of = Timestamp::from_micros(*as_of_us);
  check(rules.evaluate(converted, score, as_of, d));
  return decision_dict(rules, d);
}

QualifyResult compute(const DataSet& data, const QualifyRules& rules, std::optional<std::vector<double>> scores,
                      std::string score_attribute, std::optional<std::int64_t> as_of_us, unsigned threads) {
  QualifyOptions options;
  if (scores) options.scores = *std::move(scores);
  options.score_attribute = std::move(score_attribute);
  if (as_of_us) options.as_of = Timestamp::from_micros(*as_of_us);
  options.threads = threads;
  absl::StatusOr<QualifyResult> result;
  {
    py::gil_scoped_release release;
    result = qualify(data, rules, options);
  }
  return unwrap(std::move(result));
}

/// Every record's decision as columns: codes into label lists, the
/// criterion values (-1 where the record's set lacks the column), and the
/// re-check offsets in days (-1 when not nurtured).
py::dict columns(const QualifyResult& result) {
  const QualifyRules& rules = result.rules();
  const auto& sets = rules.rule_sets();
  const auto& names = rules.criterion_columns();
  const std::size_t n = result.record_count();
  // reason and track labels: distinct rule ids and tracks, in order of
  // first appearance (sets often share rule ids such as "later").
  std::vector<std::string> reasons, tracks;
  std::vector<std::vector<std::vector<std::int32_t>>> reason_of(sets.size(), std::vector<std::vector<std::int32_t>>(3));
  auto code_of = [](std::vector<std::string>& labels, const std::string& label) {
    auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end()) it = labels.insert(labels.end(), label);
    return static_cast<std::int32_t>(it - labels.begin());
  };
  std::vector<std::vector<std::int32_t>> track_of(sets.size());
  std::vector<std::vector<std::int64_t>> days_of(sets.size());
  std::vector<std::vector<std::int32_t>> column_of(sets.size());
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const std::vector<RuleInfo>* lists[] = {&sets[s].qualify, &sets[s].nurture, &sets[s].disqualify};
    for (std::size_t k = 0; k < 3; ++k)
      for (const RuleInfo& r : *lists[k]) reason_of[s][k].push_back(code_of(reasons, r.id));
    for (const RuleInfo& r : sets[s].nurture) {
      track_of[s].push_back(code_of(tracks, r.track));
      days_of[s].push_back(r.recheck_days);
    }
    for (const CriterionInfo& c : sets[s].criteria)
      column_of[s].push_back(static_cast<std::int32_t>(std::find(names.begin(), names.end(), c.id) - names.begin()));
  }
  py::array_t<std::int8_t> decision(static_cast<py::ssize_t>(n));
  py::array_t<std::int16_t> set(static_cast<py::ssize_t>(n));
  py::array_t<std::int8_t> choice(static_cast<py::ssize_t>(n));
  py::array_t<std::int32_t> reason(static_cast<py::ssize_t>(n));
  py::array_t<std::int32_t> track(static_cast<py::ssize_t>(n));
  py::array_t<std::int64_t> recheck_days(static_cast<py::ssize_t>(n));
  py::array_t<std::int32_t> ask(static_cast<py::ssize_t>(n));
  py::array_t<std::int8_t> values({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(names.size())});
  std::vector<std::string> asks;
  {
    absl::flat_hash_map<std::string, std::int32_t> ask_codes;
    auto* dec = decision.mutable_data();
    auto* st = set.mutable_data();
    auto* ch = choice.mutable_data();
    auto* rs = reason.mutable_data();
    auto* tr = track.mutable_data();
    auto* dy = recheck_days.mutable_data();
    auto* ak = ask.mutable_data();
    auto* vs = values.mutable_data();
    std::fill(vs, vs + n * names.size(), std::int8_t{-1});
    RecordDecision d;
    std::string key;
    for (RecordIndex r = 0; r < n; ++r) {
      result.decision(r, d);
      dec[r] = static_cast<std::int8_t>(d.decision);
      st[r] = static_cast<std::int16_t>(d.rule_set);
      ch[r] = static_cast<std::int8_t>(d.set_choice);
      rs[r] = tr[r] = ak[r] = -1;
      dy[r] = -1;
      if (d.rule_set < 0) continue;
      const auto s = static_cast<std::size_t>(d.rule_set);
      const std::size_t kind = d.decision == Decision::kQualified ? 0 : d.decision == Decision::kNurture ? 1 : 2;
      rs[r] = reason_of[s][kind][static_cast<std::size_t>(d.rule)];
      for (std::size_t c = 0; c < d.criteria.size(); ++c)
        vs[r * names.size() + static_cast<std::size_t>(column_of[s][c])] = static_cast<std::int8_t>(d.criteria[c]);
      if (d.decision != Decision::kNurture) continue;
      tr[r] = track_of[s][static_cast<std::size_t>(d.rule)];
      dy[r] = days_of[s][static_cast<std::size_t>(d.rule)];
      if (d.ask.empty()) continue;
      key.clear();
      for (std::uint16_t c : d.ask) key.append(key.empty() ? "" : ";").append(sets[s].criteria[c].id);
      auto [it, added] = ask_codes.try_emplace(key, static_cast<std::int32_t>(asks.size()));
      if (added) asks.push_back(key);
      ak[r] = it->second;
    }
  }
  return py::dict(py::arg("decision") = decision, py::arg("rule_set") = set, py::arg("set_choice") = choice,
                  py::arg("reason") = reason, py::arg("reasons") = reasons, py::arg("track") = track,
                  py::arg("tracks") = tracks, py::arg("recheck_days") = recheck_days, py::arg("ask") = ask,
                  py::arg("asks") = asks, py::arg("values") = values, py::arg("columns") = names);
}

py::list summary(const QualifyResult& result) {
  py::list out;
  for (const DecisionCount& c : result.summary()) {
    const bool none = c.decision == Decision::kNoRuleSet;
    out.append(py::make_tuple(none ? py::object(py::none()) : py::object(py::str(c.rule_set)),
                              std::string(to_string(c.decision)),
                              none ? py::object(py::none()) : py::object(py::str(c.rule)), c.records));
  }
  return out;
}

std::string csv(const QualifyResult& result, std::string_view table) {
  const std::optional<QualifyTable> t = qualify_table_from_string(table);
  if (!t) fail_data("table: expected 'decisions' or 'summary', not '" + std::string(table) + "'");
  py::gil_scoped_release release;
  return unwrap(qualify_csv(result, *t));
}

std::string json(const QualifyResult& result) {
  py::gil_scoped_release release;
  return unwrap(qualify_json(result));
}

std::string lift(const QualifyResult& result, const StageGraph& graph, std::uint64_t min_sample,
                 unsigned threads) {
  LiftOptions options;
  options.min_sample = min_sample;
  options.threads = threads;
  py::gil_scoped_release release;
  return unwrap(qualify_lift_json(unwrap(qualify_lift(result, graph, options))));
}

std::string diff(const QualifyResult& before, const QualifyResult& after, const StageGraph& graph,
                 std::uint64_t min_sample, unsigned threads) {
  LiftOptions options;
  options.min_sample = min_sample;
  options.threads = threads;
  py::gil_scoped_release release;
  return unwrap(qualify_diff_json(unwrap(qualify_diff(before, after, graph, options))));
}

/// Routes the qualified leads; returns (routing CSV, reps CSV, decisions
/// CSV with owners) for modelfunnel/_qualify.py to read.
py::tuple route(const QualifyResult& result, const std::string& reps_csv, std::string_view method,
                const std::string& territory_by) {
  const std::optional<RouteMethod> m = route_method_from_string(method);
  if (!m) fail_data("method: expected 'round_robin', 'least_loaded', 'territory' or 'optimal', not '" +
                    std::string(method) + "'");
  std::string leads, reps;
  {
    py::gil_scoped_release release;
    const std::vector<Rep> team = unwrap(parse_reps_csv(reps_csv));
    RouteOptions options;
    options.method = *m;
    options.territory_by = territory_by;
    const Routing routing = unwrap(route_leads(result, team, options));
    leads = unwrap(routing_csv(result, routing));
    reps = unwrap(routing_csv(result, routing, true));
  }
  return py::make_tuple(leads, reps);
}

}  // namespace

void register_qualify(py::module_& m) {
  py::class_<QualifyRules>(m, "QualifyRules")
      .def_static("parse",
                  [](const std::string& json, const DataSet& data) {
                    return unwrap(QualifyRules::parse(json, data));
                  },
                  py::arg("json"), py::arg("data"))
      .def_static("parse_schema",
                  [](const std::string& json, const std::vector<std::pair<std::string, std::string>>& schema) {
                    return unwrap(QualifyRules::parse(json, schema_arg(schema)));
                  },
                  py::arg("json"), py::arg("schema"))
      .def_static("load_file",
                  [](const std::string& path, const DataSet& data) {
                    return unwrap(QualifyRules::load_file(path, data));
                  },
                  py::arg("path"), py::arg("data"))
      .def("info", &rules_info)
      .def("schema",
           [](const QualifyRules& r) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const AttributeField& f : r.schema()) out.emplace_back(f.name, std::string(to_string(f.type)));
             return out;
           })
      .def("evaluate", &evaluate, py::arg("values"), py::arg("score"), py::arg("as_of_us"));
  py::class_<QualifyResult>(m, "QualifyResult")
      .def("columns", &columns)
      .def("summary", &summary)
      .def("csv", &csv, py::arg("table"))
      .def("json", &json)
      .def("record_ids",
           [](const QualifyResult& r) {
             py::list out(r.record_count());
             for (RecordIndex i = 0; i < r.record_count(); ++i) {
               const std::string_view id = r.data().record_id(i);
               out[i] = py::str(id.data(), id.size());
             }
             return out;
           })
      .def_property_readonly("as_of_us",
                             [](const QualifyResult& r) -> std::optional<std::int64_t> {
                               if (!r.as_of()) return std::nullopt;
                               return r.as_of()->micros();
                             })
      .def_property_readonly("record_count", &QualifyResult::record_count)
      .def_property_readonly("rules", &QualifyResult::rules);
  m.def("qualify_route", &route, py::arg("result"), py::arg("reps_csv"), py::arg("method"), py::arg("territory_by"));
  m.def("qualify_lift", &lift, py::arg("result"), py::arg("graph"), py::arg("min_sample"), py::arg("threads"));
  m.def("qualify_diff", &diff, py::arg("before"), py::arg("after"), py::arg("graph"), py::arg("min_sample"),
        py::arg("threads"));
  m.def("qualify", &compute, py::arg("data"), py::arg("rules"), py::arg("scores"), py::arg("score_attribute"),
        py::arg("as_of_us"), py::arg("threads"));
}

}  // namespace modelfunnel::python
