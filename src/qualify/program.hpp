// A rule file compiled for evaluation (namespace internal::qualify).
//
// Every condition of the file — a criterion's test, a decision rule's `if`,
// a rule set's `when` — is a tree of nodes in an Arena: leaves test one
// attribute (or the lead score) against constants, inner nodes combine
// their children with Kleene's all / any / not. Nodes are stored children
// first, so evaluating an arena is one pass over its nodes in order, each
// writing one truth byte per record of a block (fail 0, unknown 1, pass 2:
// `all` is a minimum, `any` a maximum, `not` is 2 - x). A decision rule
// that names a criterion points at that criterion's root node, so each
// criterion is evaluated once per record however many rules use it.
//
// The same nodes are evaluated over a block of a data set's columns
// (evaluate.cpp, bound to the data set by BoundArena) and over one record's
// values (QualifyRules::evaluate(), ValueSource); decide() turns the rule
// values of either into decisions, so both paths share everything but the
// leaves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/qualify.hpp"

namespace modelfunnel::internal::qualify {

/// Truth bytes, as the Truth enum's values.
inline constexpr std::uint8_t kFail = 0;
inline constexpr std::uint8_t kUnknown = 1;
inline constexpr std::uint8_t kPass = 2;

/// The attribute index of a leaf that tests the lead score.
inline constexpr int kScore = -1;

/// What a leaf tests.
enum class Op : std::uint8_t {
  kEq, kNe, kLt, kLe, kGt, kGe,  // against one constant
  kBetween,                      // lo <= x <= hi
  kIn, kNotIn,                   // against a list
  kMissing, kPresent,            // never unknown
};

/// One test of one attribute. Constants are kept in the attribute's type:
/// `ints` for int64, timestamps (µs) and bools (0/1), `doubles` for doubles
/// and the score, `strings` for strings; comparisons use element 0 (and 1
/// for kBetween), lists are sorted and distinct.
struct Leaf {
  int attribute = kScore;  ///< Schema index, or kScore.
  AttributeType type = AttributeType::kDouble;
  Op op = Op::kEq;
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
};

struct Node {
  enum Kind : std::uint8_t { kLeaf, kAll, kAny, kNot };
  Kind kind = kLeaf;
  std::uint32_t leaf = 0;         ///< kLeaf: index into Arena::leaves.
  std::uint32_t first_child = 0;  ///< Others: children at Arena::children[first_child, +count).
  std::uint32_t child_count = 0;
  int criterion = -1;             ///< The criterion whose root this node is, if any.
};

struct Arena {
  std::vector<Node> nodes;  ///< Children before parents.
  std::vector<std::uint32_t> children;
  std::vector<Leaf> leaves;
};

/// A decision rule: the root node of its `if`, or none (unconditional).
struct Rule {
  std::optional<std::uint32_t> node;
};

struct SetProgram {
  RuleSetInfo info;
  std::optional<std::uint32_t> when;     ///< Root of its `when` in Program::selection.
  Arena arena;                           ///< Criteria first, then the rules' own nodes.
  std::vector<std::uint32_t> criteria;   ///< Root node of each criterion.
  std::uint32_t first_rule_node = 0;     ///< Nodes below this belong to criteria.
  std::vector<Rule> disqualify, qualify, nurture;
  std::vector<std::uint16_t> column;     ///< Each criterion's index in criterion_columns.
  /// A set's decision depends on its criterion values alone, so for a set
  /// with few criteria it is tabulated once: entry sum(value[c] * 3^c) holds
  /// decision | rule << 8, as decide() gives it. Empty for larger sets,
  /// which evaluate their rule nodes per block instead.
  std::vector<std::uint32_t> table;
};

/// Most criteria of a set whose decisions are tabulated (3^8 = 6561 entries).
inline constexpr std::size_t kMaxTabulated = 8;

/// Fills @p set.table when it has at most kMaxTabulated criteria.
void tabulate(SetProgram& set);

struct Program {
  std::vector<AttributeField> schema;
  Arena selection;  ///< The sets' `when` conditions.
  std::vector<SetProgram> sets;
  bool uses_score = false;
  std::vector<std::string> criterion_columns;
  std::vector<RuleSetInfo> infos;  ///< sets[i].info, as QualifyRules::rule_sets() returns them.
  std::vector<std::string> warnings;
  std::size_t max_criteria = 0;

  static QualifyRules wrap(std::shared_ptr<const Program> p) { return QualifyRules(std::move(p)); }
  static const Program& of(const QualifyRules& rules) { return *rules.program_; }
};

/// @p b where @p mask is all ones, @p a where it is 0. The block loops
/// select this way rather than with `?:`, which the compiler turns into
/// branches (it does not invent stores) and then cannot vectorise.
template <class T>
inline T select_bits(T a, T b, T mask) {
  return static_cast<T>(a ^ ((a ^ b) & mask));
}

/// All ones of type T when @p flag, else 0.
template <class T>
inline T mask_of(bool flag) {
  return static_cast<T>(0 - static_cast<T>(flag));
}

/// Evaluates nodes [from, to) of @p arena for a block of @p n records:
/// node k writes bytes [k * stride, k * stride + n) of @p buffers. Leaves
/// call source.leaf(leaf_index, leaf, out, n).
template <class Source>
void eval_nodes(const Arena& arena, std::size_t from, std::size_t to, const Source& source,
                std::size_t n, std::uint8_t* buffers, std::size_t stride) {
  for (std::size_t k = from; k < to; ++k) {
    const Node& node = arena.nodes[k];
    std::uint8_t* out = buffers + k * stride;
    if (node.kind == Node::kLeaf) {
      source.leaf(node.leaf, arena.leaves[node.leaf], out, n);
      continue;
    }
    // Nodes write disjoint rows of the buffer: restrict lets the loops
    // vectorise without checking for overlap.
    std::uint8_t* __restrict o = out;
    const std::uint32_t* kids = arena.children.data() + node.first_child;
    const std::uint8_t* __restrict first = buffers + std::size_t{kids[0]} * stride;
    if (node.kind == Node::kNot) {
      for (std::size_t i = 0; i < n; ++i) o[i] = static_cast<std::uint8_t>(2 - first[i]);
      continue;
    }
    for (std::size_t i = 0; i < n; ++i) o[i] = first[i];
    for (std::uint32_t c = 1; c < node.child_count; ++c) {
      const std::uint8_t* __restrict in = buffers + std::size_t{kids[c]} * stride;
      if (node.kind == Node::kAll) {
        for (std::size_t i = 0; i < n; ++i) o[i] = o[i] < in[i] ? o[i] : in[i];
      } else {
        for (std::size_t i = 0; i < n; ++i) o[i] = o[i] > in[i] ? o[i] : in[i];
      }
    }
  }
}

/// Decision codes of decide(): Decision values.
inline constexpr std::uint8_t kQualified = static_cast<std::uint8_t>(Decision::kQualified);
inline constexpr std::uint8_t kNurtured = static_cast<std::uint8_t>(Decision::kNurture);
inline constexpr std::uint8_t kDisqualified = static_cast<std::uint8_t>(Decision::kDisqualified);

/// The decision and deciding rule of each of @p n records of a block from
/// the set's evaluated nodes (docs/qualify.md, "Decisions"): the first
/// disqualify rule that passes; else, when no disqualify rule is unknown,
/// the first qualify rule that passes; else the first nurture rule that
/// passes (the last has no condition). @p scratch holds n bytes.
void decide(const SetProgram& set, const std::uint8_t* buffers, std::size_t stride, std::size_t n,
            std::uint8_t* decision, std::uint16_t* rule, std::uint8_t* scratch);

/// The rule set of each of @p n records from the evaluated selection nodes:
/// set index (-1 for none) and how it was chosen (SetChoice values).
void choose_sets(const Program& program, const std::uint8_t* buffers, std::size_t stride,
                 std::size_t n, std::int16_t* set, std::uint8_t* choice);

/// Evaluates one record's values: the attribute values in schema order
/// (types already checked) and the score (NaN when none).
struct ValueSource {
  std::span<const AttributeValue> values;
  double score;

  void leaf(std::uint32_t, const Leaf& leaf, std::uint8_t* out, std::size_t) const;
};

/// Leaf truth of @p leaf for one value (monostate = missing; a double NaN
/// counts as missing).
std::uint8_t leaf_truth(const Leaf& leaf, const AttributeValue& value);

/// Fills @p out (decision, set, rule, criteria, track, recheck, ask) from a
/// record's set, how it was chosen, its decision and rule, and its criterion
/// values (the set's rules are evaluated again from those to find `ask`).
void explain(const Program& program, int set, std::uint8_t choice, std::uint8_t decision,
             std::uint16_t rule, const std::uint8_t* criteria, std::optional<Timestamp> as_of,
             RecordDecision& out);

}  // namespace modelfunnel::internal::qualify
