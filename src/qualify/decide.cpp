// What the batch and the one-record paths share: leaf semantics on one
// value, choosing a rule set, deciding from rule values, and explaining a
// decision (program.hpp).
#include <algorithm>
#include <cmath>
#include <string_view>
#include <variant>
#include <vector>

#include "qualify/compare.hpp"
#include "qualify/program.hpp"

namespace modelfunnel::internal::qualify {

std::uint8_t leaf_truth(const Leaf& leaf, const AttributeValue& value) {
  const bool missing = std::holds_alternative<std::monostate>(value) ||
                       (std::holds_alternative<double>(value) && std::isnan(std::get<double>(value)));
  if (leaf.op == Op::kMissing) return missing ? kPass : kFail;
  if (leaf.op == Op::kPresent) return missing ? kFail : kPass;
  if (missing) return kUnknown;
  bool holds = false;
  switch (leaf.type) {
    case AttributeType::kString:
      holds = compare(leaf.op, std::get<std::string_view>(value), leaf.strings);
      break;
    case AttributeType::kBool:
      holds = compare(leaf.op, std::int64_t{std::get<bool>(value) ? 1 : 0}, leaf.ints);
      break;
    case AttributeType::kInt64:
      holds = compare(leaf.op, std::get<std::int64_t>(value), leaf.ints);
      break;
    case AttributeType::kTimestamp:
      holds = compare(leaf.op, std::get<Timestamp>(value).micros(), leaf.ints);
      break;
    case AttributeType::kDouble:
      holds = compare(leaf.op, std::get<double>(value), leaf.doubles);
      break;
  }
  return holds ? kPass : kFail;
}

void ValueSource::leaf(std::uint32_t, const Leaf& leaf, std::uint8_t* out, std::size_t) const {
  out[0] = leaf.attribute == kScore
               ? leaf_truth(leaf, AttributeValue(score))
               : leaf_truth(leaf, values[static_cast<std::size_t>(leaf.attribute)]);
}

void decide(const SetProgram& set, const std::uint8_t* buffers, std::size_t stride, std::size_t n,
            std::uint8_t* __restrict decision, std::uint16_t* __restrict rule, std::uint8_t* __restrict blocked) {
  auto values = [&](const Rule& r) { return buffers + std::size_t{*r.node} * stride; };
  // Lowest precedence first; within a list the rules go last to first, so
  // that the earliest rule that passes is the one left standing.
  const auto last_nurture = static_cast<std::uint16_t>(set.nurture.size() - 1);
  std::fill(decision, decision + n, kNurtured);
  std::fill(rule, rule + n, last_nurture);
  for (std::size_t k = last_nurture; k-- > 0;) {
    const std::uint8_t* __restrict v = values(set.nurture[k]);
    const auto index = static_cast<std::uint16_t>(k);
    for (std::size_t i = 0; i < n; ++i) rule[i] = select_bits(rule[i], index, mask_of<std::uint16_t>(v[i] == kPass));
  }
  // A record is qualified only when every disqualify rule is known to fail.
  std::fill(blocked, blocked + n, 0);
  for (const Rule& d : set.disqualify) {
    const std::uint8_t* __restrict v = values(d);
    for (std::size_t i = 0; i < n; ++i) blocked[i] |= static_cast<std::uint8_t>(v[i] != kFail);
  }
  for (std::size_t k = set.qualify.size(); k-- > 0;) {
    const std::uint8_t* __restrict v = values(set.qualify[k]);
    const auto index = static_cast<std::uint16_t>(k);
    for (std::size_t i = 0; i < n; ++i) {
      const bool take = !blocked[i] && v[i] == kPass;
      decision[i] = select_bits(decision[i], kQualified, mask_of<std::uint8_t>(take));
      rule[i] = select_bits(rule[i], index, mask_of<std::uint16_t>(take));
    }
  }
  for (std::size_t k = set.disqualify.size(); k-- > 0;) {
    const std::uint8_t* __restrict v = values(set.disqualify[k]);
    const auto index = static_cast<std::uint16_t>(k);
    for (std::size_t i = 0; i < n; ++i) {
      const bool take = v[i] == kPass;
      decision[i] = select_bits(decision[i], kDisqualified, mask_of<std::uint8_t>(take));
      rule[i] = select_bits(rule[i], index, mask_of<std::uint16_t>(take));
    }
  }
}

void choose_sets(const Program& program, const std::uint8_t* buffers, std::size_t stride,
                 std::size_t n, std::int16_t* __restrict set, std::uint8_t* __restrict choice) {
  const auto& sets = program.sets;
  const bool fallback = !sets.empty() && !sets.back().when;
  std::fill(set, set + n, fallback ? static_cast<std::int16_t>(sets.size() - 1) : std::int16_t{-1});
  std::fill(choice, choice + n,
            static_cast<std::uint8_t>(fallback ? SetChoice::kFallback : SetChoice::kNone));
  constexpr auto kUnknownChoice = static_cast<std::uint8_t>(SetChoice::kFallbackUnknown);
  constexpr auto kMatched = static_cast<std::uint8_t>(SetChoice::kMatched);
  if (fallback) {
    for (const SetProgram& s : sets) {
      if (!s.when) continue;
      const std::uint8_t* __restrict v = buffers + std::size_t{*s.when} * stride;
      for (std::size_t i = 0; i < n; ++i)
        choice[i] = select_bits(choice[i], kUnknownChoice, mask_of<std::uint8_t>(v[i] == kUnknown));
    }
  }
  for (std::size_t k = sets.size(); k-- > 0;) {
    if (!sets[k].when) continue;
    const std::uint8_t* __restrict v = buffers + std::size_t{*sets[k].when} * stride;
    const auto index = static_cast<std::int16_t>(k);
    for (std::size_t i = 0; i < n; ++i) {
      const bool take = v[i] == kPass;
      set[i] = select_bits(set[i], index, mask_of<std::int16_t>(take));
      choice[i] = select_bits(choice[i], kMatched, mask_of<std::uint8_t>(take));
    }
  }
}

namespace {

/// Evaluates no leaf: the rule part of an arena has none.
struct NoLeaves {
  void leaf(std::uint32_t, const Leaf&, std::uint8_t*, std::size_t) const {}
};

/// Marks the criteria under the unknown nodes below @p root (whose value is
/// unknown): an unknown `all` or `any` is unknown because of its unknown
/// children, a `not` because of its child.
void mark_unknown(const Arena& arena, const std::uint8_t* values, std::uint32_t root,
                  std::vector<std::uint32_t>& stack, std::vector<std::uint8_t>& marked) {
  stack.assign(1, root);
  while (!stack.empty()) {
    const std::uint32_t k = stack.back();
    stack.pop_back();
    const Node& node = arena.nodes[k];
    if (node.criterion >= 0) {
      marked[static_cast<std::size_t>(node.criterion)] = 1;
      continue;
    }
    for (std::uint32_t c = 0; c < node.child_count; ++c) {
      const std::uint32_t kid = arena.children[node.first_child + c];
      if (values[kid] == kUnknown) stack.push_back(kid);
    }
  }
}

}  // namespace

void tabulate(SetProgram& set) {
  const std::size_t k = set.criteria.size();
  if (k > kMaxTabulated) return;
  std::size_t entries = 1;
  for (std::size_t c = 0; c < k; ++c) entries *= 3;
  set.table.resize(entries);
  std::vector<std::uint8_t> values(set.arena.nodes.size(), kUnknown);
  for (std::size_t e = 0; e < entries; ++e) {
    std::size_t rest = e;
    for (std::size_t c = 0; c < k; ++c, rest /= 3) values[set.criteria[c]] = static_cast<std::uint8_t>(rest % 3);
    eval_nodes(set.arena, set.first_rule_node, set.arena.nodes.size(), NoLeaves{}, 1, values.data(), 1);
    std::uint8_t decision = 0, blocked = 0;
    std::uint16_t rule = 0;
    decide(set, values.data(), 1, 1, &decision, &rule, &blocked);
    set.table[e] = decision | std::uint32_t{rule} << 8;
  }
}

void explain(const Program& program, int set, std::uint8_t choice, std::uint8_t decision,
             std::uint16_t rule, const std::uint8_t* criteria, std::optional<Timestamp> as_of,
             RecordDecision& out) {
  out.decision = static_cast<Decision>(decision);
  out.set_choice = static_cast<SetChoice>(choice);
  out.rule_set = set;
  out.criteria.clear();
  out.ask.clear();
  out.recheck.reset();
  out.track = {};
  if (set < 0) {
    out.decision = Decision::kNoRuleSet;
    out.rule_set_id = {};
    out.rule = -1;
    out.rule_id = {};
    return;
  }
  const SetProgram& s = program.sets[static_cast<std::size_t>(set)];
  out.rule_set_id = s.info.id;
  const std::vector<RuleInfo>& list = decision == kDisqualified ? s.info.disqualify
                                      : decision == kQualified  ? s.info.qualify
                                                                : s.info.nurture;
  out.rule = rule;
  out.rule_id = list[rule].id;
  for (std::size_t c = 0; c < s.criteria.size(); ++c) out.criteria.push_back(static_cast<Truth>(criteria[c]));
  if (decision != kNurtured) return;
  out.track = list[rule].track;
  if (as_of) {
    out.recheck = Timestamp::from_micros(as_of->micros() + list[rule].recheck_days * 86'400'000'000);
  }
  // The rules again, from the criterion values alone, to see which unknown
  // criteria keep a disqualify or qualify rule undecided.
  thread_local std::vector<std::uint8_t> values;
  thread_local std::vector<std::uint8_t> marked;
  thread_local std::vector<std::uint32_t> stack;
  values.assign(s.arena.nodes.size(), kUnknown);
  for (std::size_t c = 0; c < s.criteria.size(); ++c) values[s.criteria[c]] = criteria[c];
  eval_nodes(s.arena, s.first_rule_node, s.arena.nodes.size(), NoLeaves{}, 1, values.data(), 1);
  marked.assign(s.criteria.size(), 0);
  for (const auto* rules : {&s.disqualify, &s.qualify}) {
    for (const Rule& r : *rules) {
      if (values[*r.node] == kUnknown) mark_unknown(s.arena, values.data(), *r.node, stack, marked);
    }
  }
  for (std::size_t c = 0; c < marked.size(); ++c) {
    if (marked[c]) out.ask.push_back(static_cast<std::uint16_t>(c));
  }
}

}  // namespace modelfunnel::internal::qualify
