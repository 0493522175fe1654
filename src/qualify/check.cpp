// Contradictory and unreachable rules (check.hpp), found by trying every
// case that can make a difference.
//
// Every test compares one attribute with the constants the file names, so
// the values of an attribute fall into finitely many classes that every
// test treats alike: missing, each constant, each gap between two
// constants (when a value fits in it), below the smallest and above the
// largest (for a string, any other string; a bool has just true and false).
// One value of each class stands for it. Trying every combination of those
// values over the attributes a set's rules depend on — a "world" each — and
// running the compiled rules on it (the same code that decides records)
// shows exactly which rules can ever pass and which ever decide.
//
// A set with too many combinations (kMaxWorlds) is searched over its
// criteria's values instead, each criterion taking the values it can take
// on its own: that treats criteria on one attribute as independent, so it
// tries some impossible worlds but misses no possible one — a rule it finds
// unreachable is unreachable. Past that too the search is skipped, with a
// warning.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "qualify/check.hpp"
#include "qualify/json_path.hpp"

namespace modelfunnel::internal::qualify {
namespace {

/// One attribute (or the score) and one value per class of its values;
/// values[0] is missing.
struct Variable {
  int attribute = kScore;
  std::vector<AttributeValue> values;
  std::vector<std::string> strings;  // storage behind string values
};

/// The attributes the leaves under @p roots test, in schema order (the
/// score, kScore, first).
std::vector<int> attributes_under(const Arena& arena, const std::vector<std::uint32_t>& roots) {
  std::set<int> found;
  std::vector<std::uint32_t> stack(roots.begin(), roots.end());
  std::vector<std::uint8_t> seen(arena.nodes.size(), 0);
  while (!stack.empty()) {
    const std::uint32_t k = stack.back();
    stack.pop_back();
    if (seen[k]) continue;
    seen[k] = 1;
    const Node& node = arena.nodes[k];
    if (node.kind == Node::kLeaf) found.insert(arena.leaves[node.leaf].attribute);
    for (std::uint32_t c = 0; c < node.child_count; ++c) stack.push_back(arena.children[node.first_child + c]);
  }
  return {found.begin(), found.end()};
}

Variable variable(int attribute, AttributeType type, const Arena& arena) {
  Variable v;
  v.attribute = attribute;
  v.values.emplace_back(std::monostate{});
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  for (const Leaf& leaf : arena.leaves) {
    if (leaf.attribute != attribute) continue;
    ints.insert(ints.end(), leaf.ints.begin(), leaf.ints.end());
    doubles.insert(doubles.end(), leaf.doubles.begin(), leaf.doubles.end());
    v.strings.insert(v.strings.end(), leaf.strings.begin(), leaf.strings.end());
  }
  std::sort(ints.begin(), ints.end());
  ints.erase(std::unique(ints.begin(), ints.end()), ints.end());
  std::sort(doubles.begin(), doubles.end());
  doubles.erase(std::unique(doubles.begin(), doubles.end()), doubles.end());
  switch (type) {
    case AttributeType::kBool:
      v.values.emplace_back(false);
      v.values.emplace_back(true);
      break;
    case AttributeType::kString: {
      std::sort(v.strings.begin(), v.strings.end());
      v.strings.erase(std::unique(v.strings.begin(), v.strings.end()), v.strings.end());
      std::string other;  // a string no test names
      while (std::binary_search(v.strings.begin(), v.strings.end(), other)) other += '\x01';
      v.strings.push_back(other);
      for (const std::string& s : v.strings) v.values.emplace_back(std::string_view(s));
      break;
    }
    case AttributeType::kInt64:
    case AttributeType::kTimestamp: {
      std::vector<std::int64_t> reps;
      if (ints.empty()) reps.push_back(0);
      if (!ints.empty() && ints.front() > INT64_MIN) reps.push_back(ints.front() - 1);
      for (std::size_t i = 0; i < ints.size(); ++i) {
        reps.push_back(ints[i]);
        if (i + 1 < ints.size() &&
            static_cast<std::uint64_t>(ints[i + 1]) - static_cast<std::uint64_t>(ints[i]) >= 2)
          reps.push_back(ints[i] + 1);
      }
      if (!ints.empty() && ints.back() < INT64_MAX) reps.push_back(ints.back() + 1);
      for (std::int64_t r : reps) {
        if (type == AttributeType::kInt64) v.values.emplace_back(r);
        else v.values.emplace_back(Timestamp::from_micros(r));
      }
      break;
    }
    case AttributeType::kDouble: {
      const double inf = std::numeric_limits<double>::infinity();
      if (doubles.empty()) v.values.emplace_back(0.0);
      else v.values.emplace_back(std::nextafter(doubles.front(), -inf));
      for (std::size_t i = 0; i < doubles.size(); ++i) {
        v.values.emplace_back(doubles[i]);
        if (i + 1 < doubles.size()) {
          const double mid = doubles[i] + (doubles[i + 1] - doubles[i]) / 2;
          if (mid > doubles[i] && mid < doubles[i + 1]) v.values.emplace_back(mid);
        }
      }
      if (!doubles.empty()) v.values.emplace_back(std::nextafter(doubles.back(), inf));
      break;
    }
  }
  return v;
}

std::vector<Variable> variables(const Program& program, const Arena& arena,
                                const std::vector<int>& attributes) {
  std::vector<Variable> out;
  for (int a : attributes) {
    const AttributeType type =
        a == kScore ? AttributeType::kDouble : program.schema[static_cast<std::size_t>(a)].type;
    out.push_back(variable(a, type, arena));
  }
  return out;
}

/// Number of combinations of @p sizes, or SIZE_MAX past kMaxWorlds.
std::size_t combinations(const std::vector<std::size_t>& sizes) {
  std::size_t n = 1;
  for (std::size_t s : sizes) {
    if (s != 0 && n > kMaxWorlds / s) return SIZE_MAX;
    n *= s;
  }
  return n;
}

/// Calls @p f(values, score) for every world over @p vars.
template <class F>
void for_each_world(const std::vector<Variable>& vars, std::size_t schema_size, F&& f) {
  std::vector<AttributeValue> values(schema_size);
  std::vector<std::size_t> at(vars.size(), 0);
  while (true) {
    double score = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < vars.size(); ++i) {
      const AttributeValue& v = vars[i].values[at[i]];
      if (vars[i].attribute == kScore) {
        score = std::holds_alternative<double>(v) ? std::get<double>(v) : score;
      } else {
        values[static_cast<std::size_t>(vars[i].attribute)] = v;
      }
    }
    f(values, score);
    std::size_t i = 0;
    while (i < vars.size() && ++at[i] == vars[i].values.size()) at[i++] = 0;
    if (i == vars.size()) return;
  }
}

std::vector<std::size_t> sizes_of(const std::vector<Variable>& vars) {
  std::vector<std::size_t> sizes;
  for (const Variable& v : vars) sizes.push_back(v.values.size());
  return sizes;
}

std::string names(const std::set<std::string>& items) {
  std::string out;
  std::size_t shown = 0;
  for (const std::string& s : items) {
    if (shown++ == 4) return absl::StrCat(out, " and others");
    absl::StrAppend(&out, out.empty() ? "" : ", ", s);
  }
  return out;
}

/// What the search learns about each rule of one list.
struct RuleFacts {
  std::vector<std::uint8_t> passes, decides;
  std::vector<std::set<std::string>> instead;  // what decided when it passed but did not

  explicit RuleFacts(std::size_t n) : passes(n, 0), decides(n, 0), instead(n) {}
};

class SetSearch {
 public:
  SetSearch(const SetProgram& set)
      : set_(set), disqualify_(set.disqualify.size()), qualify_(set.qualify.size()),
        nurture_(set.nurture.size()) {}

  /// Records what the node values @p v (one byte per node) show.
  void world(const std::uint8_t* v) {
    std::uint8_t decision = 0, blocked = 0;
    std::uint16_t rule = 0;
    decide(set_, v, 1, 1, &decision, &rule, &blocked);
    const std::string decider = rule_name(decision, rule);
    std::string unknown_disqualify;
    for (std::size_t k = 0; k < set_.disqualify.size() && unknown_disqualify.empty(); ++k) {
      if (v[*set_.disqualify[k].node] == kUnknown)
        unknown_disqualify = absl::StrCat("disqualify rule ", set_.info.disqualify[k].id, " being unknown");
    }
    auto note = [&](RuleFacts& facts, const std::vector<Rule>& rules, std::uint8_t kind) {
      for (std::size_t k = 0; k < rules.size(); ++k) {
        if (!rules[k].node || v[*rules[k].node] != kPass) continue;
        facts.passes[k] = 1;
        if (decision == kind && rule == k) {
          facts.decides[k] = 1;
        } else if (facts.instead[k].size() < 8) {
          facts.instead[k].insert(kind == kQualified && decision == kNurtured ? unknown_disqualify
                                                                              : decider);
        }
      }
    };
    note(disqualify_, set_.disqualify, kDisqualified);
    note(qualify_, set_.qualify, kQualified);
    note(nurture_, set_.nurture, kNurtured);
  }

  /// Throws for the first rule that never passes or never decides.
  void report(const SetPaths& paths) const {
    const std::string& id = set_.info.id;
    auto check = [&](const RuleFacts& facts, const std::vector<Rule>& rules,
                     const std::vector<RuleInfo>& infos, const std::vector<std::string>& where) {
      for (std::size_t k = 0; k < rules.size(); ++k) {
        if (!rules[k].node) continue;
        const std::string rule = absl::StrCat(id, "/", infos[k].id);
        if (!facts.passes[k])
          throw RuleError{where[k], rule, "contradictory: its condition can never pass, whatever the attribute values"};
        if (!facts.decides[k])
          throw RuleError{where[k], rule,
                          absl::StrCat("unreachable: whenever it passes, it is overruled by ",
                                       names(facts.instead[k]))};
      }
    };
    check(disqualify_, set_.disqualify, set_.info.disqualify, paths.disqualify);
    check(qualify_, set_.qualify, set_.info.qualify, paths.qualify);
    check(nurture_, set_.nurture, set_.info.nurture, paths.nurture);
  }

 private:
  std::string rule_name(std::uint8_t decision, std::uint16_t rule) const {
    if (decision == kDisqualified) return absl::StrCat("disqualify rule ", set_.info.disqualify[rule].id);
    if (decision == kQualified) return absl::StrCat("qualify rule ", set_.info.qualify[rule].id);
    return absl::StrCat("nurture rule ", set_.info.nurture[rule].id);
  }

  const SetProgram& set_;
  RuleFacts disqualify_, qualify_, nurture_;
};

/// The values (bits 1 << truth) criterion @p c of @p set can take on its
/// own; all three when its attributes have too many combinations.
std::uint8_t criterion_values(const Program& program, const SetProgram& set, std::size_t c) {
  const std::uint32_t root = set.criteria[c];
  const std::vector<Variable> vars = variables(program, set.arena, attributes_under(set.arena, {root}));
  if (combinations(sizes_of(vars)) == SIZE_MAX) return 7;
  std::uint8_t seen = 0;
  std::vector<std::uint8_t> buffer(set.arena.nodes.size(), kUnknown);
  for_each_world(vars, program.schema.size(), [&](const std::vector<AttributeValue>& values, double score) {
    eval_nodes(set.arena, 0, root + 1, ValueSource{values, score}, 1, buffer.data(), 1);
    seen |= static_cast<std::uint8_t>(1u << buffer[root]);
  });
  return seen;
}

/// Evaluates no leaf (the rule nodes of an arena have none).
struct NoLeaves {
  void leaf(std::uint32_t, const Leaf&, std::uint8_t*, std::size_t) const {}
};

void check_set(Program& program, const SetProgram& set, const SetPaths& paths) {
  std::vector<std::uint8_t> possible;
  for (std::size_t c = 0; c < set.criteria.size(); ++c) {
    possible.push_back(criterion_values(program, set, c));
    if (!(possible.back() & (1u << kPass)))
      throw RuleError{paths.criteria[c], absl::StrCat(set.info.id, "/", set.info.criteria[c].id),
                      "contradictory: this test can never pass, whatever the attribute values"};
  }
  std::vector<std::uint32_t> roots;
  for (const auto* rules : {&set.disqualify, &set.qualify, &set.nurture})
    for (const Rule& r : *rules)
      if (r.node) roots.push_back(*r.node);

  SetSearch search(set);
  std::vector<std::uint8_t> buffer(set.arena.nodes.size(), kUnknown);
  const std::vector<Variable> vars = variables(program, set.arena, attributes_under(set.arena, roots));
  if (combinations(sizes_of(vars)) != SIZE_MAX) {
    for_each_world(vars, program.schema.size(), [&](const std::vector<AttributeValue>& values, double score) {
      eval_nodes(set.arena, 0, set.arena.nodes.size(), ValueSource{values, score}, 1, buffer.data(), 1);
      search.world(buffer.data());
    });
    search.report(paths);
    return;
  }
  // Too many attribute combinations: the criteria's own values instead.
  std::vector<std::vector<std::uint8_t>> choices;
  std::vector<std::size_t> sizes;
  for (std::uint8_t p : possible) {
    choices.emplace_back();
    for (std::uint8_t t : {kFail, kUnknown, kPass})
      if (p & (1u << t)) choices.back().push_back(t);
    sizes.push_back(choices.back().size());
  }
  if (combinations(sizes) == SIZE_MAX) {
    program.warnings.push_back(absl::StrCat(
        "rule set ", set.info.id, ": too many combinations of criterion values to search; "
        "its rules were not checked for contradictions or unreachable rules"));
    return;
  }
  std::vector<std::size_t> at(choices.size(), 0);
  while (true) {
    for (std::size_t c = 0; c < choices.size(); ++c) buffer[set.criteria[c]] = choices[c][at[c]];
    eval_nodes(set.arena, set.first_rule_node, set.arena.nodes.size(), NoLeaves{}, 1, buffer.data(), 1);
    search.world(buffer.data());
    std::size_t i = 0;
    while (i < at.size() && ++at[i] == choices[i].size()) at[i++] = 0;
    if (i == at.size()) break;
  }
  search.report(paths);
}

void check_selection(Program& program, const RulePaths& paths) {
  const auto& sets = program.sets;
  for (std::size_t k = 0; k + 1 < sets.size(); ++k) {
    if (!sets[k].when)
      throw RuleError{paths.sets[k + 1].self, sets[k + 1].info.id,
                      absl::StrCat("unreachable: rule set ", sets[k].info.id,
                                   " before it has no \"when\", so it takes every record left")};
  }
  std::vector<std::uint32_t> roots;
  for (const SetProgram& s : sets)
    if (s.when) roots.push_back(*s.when);
  const std::vector<Variable> vars =
      variables(program, program.selection, attributes_under(program.selection, roots));
  if (combinations(sizes_of(vars)) == SIZE_MAX) {
    program.warnings.push_back(
        "rule sets: too many combinations of attribute values to search; the sets' \"when\" "
        "conditions were not checked for contradictions or sets that never apply");
    return;
  }
  std::vector<std::uint8_t> passes(sets.size(), 0), chosen(sets.size(), 0);
  std::vector<std::set<std::string>> instead(sets.size());
  std::vector<std::uint8_t> buffer(program.selection.nodes.size(), kUnknown);
  for_each_world(vars, program.schema.size(), [&](const std::vector<AttributeValue>& values, double score) {
    eval_nodes(program.selection, 0, program.selection.nodes.size(), ValueSource{values, score}, 1,
               buffer.data(), 1);
    std::int16_t set = -1;
    std::uint8_t choice = 0;
    choose_sets(program, buffer.data(), 1, 1, &set, &choice);
    if (set >= 0) chosen[static_cast<std::size_t>(set)] = 1;
    for (std::size_t k = 0; k < sets.size(); ++k) {
      if (!sets[k].when || buffer[*sets[k].when] != kPass) continue;
      passes[k] = 1;
      if (set != static_cast<std::int16_t>(k) && set >= 0 && instead[k].size() < 8)
        instead[k].insert(absl::StrCat("rule set ", sets[static_cast<std::size_t>(set)].info.id));
    }
  });
  for (std::size_t k = 0; k < sets.size(); ++k) {
    const SetPaths& p = paths.sets[k];
    if (sets[k].when && !passes[k])
      throw RuleError{p.when, sets[k].info.id,
                      "contradictory: its \"when\" can never pass, whatever the attribute values"};
    if (!chosen[k]) {
      if (sets[k].when)
        throw RuleError{p.when, sets[k].info.id,
                        absl::StrCat("unreachable: whenever its \"when\" passes, ", names(instead[k]),
                                     " takes the record first")};
      throw RuleError{p.self, sets[k].info.id,
                      "unreachable: the rule sets before it take every record"};
    }
  }
}

}  // namespace

void check_rules(Program& program, const RulePaths& paths) {
  check_selection(program, paths);
  for (std::size_t k = 0; k < program.sets.size(); ++k) check_set(program, program.sets[k], paths.sets[k]);
}

}  // namespace modelfunnel::internal::qualify
