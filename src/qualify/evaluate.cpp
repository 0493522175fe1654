// qualify(): every record of a data set decided by a compiled rule file,
// and QualifyRules::evaluate(), one record from its values.
//
// The batch path works a block of records at a time, column by column: each
// leaf is one tight loop over a column of the block (dictionary codes
// through a truth table per code, numbers through one comparison), each
// all / any / not one loop of byte minimums, maximums or subtractions, and
// each set's decision a few loops of selects. No per-record branching on
// the rules, so a million records cost a few passes over a few megabytes.
// The record scan splits the records into contiguous ranges, one per
// thread; every record's result depends on that record alone.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/dataset_impl.hpp"
#include "model/record_scan.hpp"
#include "qualify/compare.hpp"
#include "qualify/json_path.hpp"
#include "qualify/program.hpp"
#include "qualify/result.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

/// Records per block: the node buffers of a set (one byte per node and
/// record) stay in cache.
constexpr std::size_t kBlock = 1024;

/// A leaf bound to a data set's column: where to read, and for strings and
/// bools a truth per value code.
struct BoundLeaf {
  enum Kind : std::uint8_t { kCodes, kBools, kInts, kDoubles };
  Kind kind = kInts;
  const Leaf* leaf = nullptr;
  const std::uint32_t* codes = nullptr;
  const std::uint8_t* bools = nullptr;
  const std::int64_t* ints = nullptr;
  const double* doubles = nullptr;
  const std::uint8_t* present = nullptr;  ///< Null: every value present (NaN aside).
  std::vector<std::uint8_t> table;        ///< kCodes, kBools: truth per code.
  std::uint8_t missing = kUnknown;        ///< Truth of a missing value.
};

/// out[i] = present ? (pred(v[i]) ? pass : fail) : missing; a NaN double is
/// missing. Written so the compiler can vectorise it.
template <class V, class Pred>
void fill(const V* v, const std::uint8_t* present, std::uint8_t missing, std::size_t n,
          std::uint8_t* out, Pred pred) {
  constexpr bool kDouble = std::is_floating_point_v<V>;
  for (std::size_t i = 0; i < n; ++i) {
    bool here = present == nullptr || present[i] != 0;
    if constexpr (kDouble) here = here && v[i] == v[i];
    out[i] = here ? static_cast<std::uint8_t>(pred(v[i]) ? kPass : kFail) : missing;
  }
}

template <class V, class K>
void fill_op(const Leaf& leaf, const std::vector<K>& k, const V* v, const std::uint8_t* present,
             std::uint8_t missing, std::size_t n, std::uint8_t* out) {
  switch (leaf.op) {
    case Op::kEq: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x == c; }); return; }
    case Op::kNe: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x != c; }); return; }
    case Op::kLt: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x < c; }); return; }
    case Op::kLe: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x <= c; }); return; }
    case Op::kGt: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x > c; }); return; }
    case Op::kGe: { const K c = k[0]; fill(v, present, missing, n, out, [c](V x) { return x >= c; }); return; }
    case Op::kBetween: {
      const K lo = k[0], hi = k[1];
      fill(v, present, missing, n, out, [lo, hi](V x) { return lo <= x && x <= hi; });
      return;
    }
    case Op::kMissing: fill(v, present, missing, n, out, [](V) { return false; }); return;
    case Op::kPresent: fill(v, present, missing, n, out, [](V) { return true; }); return;
    case Op::kIn:
    case Op::kNotIn:
      fill(v, present, missing, n, out, [&](V x) { return compare(leaf.op, x, k); });
      return;
  }
}

/// Leaves bound to one data set's columns, read from record `first` on.
struct ColumnSource {
  const BoundLeaf* leaves;
  std::size_t first;

  void leaf(std::uint32_t index, const Leaf& leaf, std::uint8_t* out, std::size_t n) const {
    const BoundLeaf& b = leaves[index];
    const std::uint8_t* present = b.present ? b.present + first : nullptr;
    switch (b.kind) {
      case BoundLeaf::kCodes: {
        const std::uint32_t* codes = b.codes + first;
        const std::uint8_t* table = b.table.data();
        for (std::size_t i = 0; i < n; ++i) out[i] = codes[i] == kMissingCode ? b.missing : table[codes[i]];
        return;
      }
      case BoundLeaf::kBools: {
        const std::uint8_t* bools = b.bools + first;
        const std::uint8_t f = b.table[0], t = b.table[1];
        for (std::size_t i = 0; i < n; ++i) out[i] = present[i] ? (bools[i] ? t : f) : b.missing;
        return;
      }
      case BoundLeaf::kInts:
        fill_op(leaf, leaf.ints, b.ints + first, present, b.missing, n, out);
        return;
      case BoundLeaf::kDoubles:
        fill_op(leaf, leaf.doubles, b.doubles + first, present, b.missing, n, out);
        return;
    }
  }
};

/// Binds the leaves of @p arena to @p data's columns (matched by name).
std::vector<BoundLeaf> bind(const Arena& arena, const Program& program, const DataSetImpl& data,
                            const double* scores) {
  std::vector<BoundLeaf> bound;
  for (const Leaf& leaf : arena.leaves) {
    BoundLeaf b;
    b.leaf = &leaf;
    b.missing = leaf_truth(leaf, AttributeValue{});
    if (leaf.attribute == kScore) {
      b.kind = BoundLeaf::kDoubles;
      b.doubles = scores;
      bound.push_back(std::move(b));
      continue;
    }
    const AttributeField& field = program.schema[static_cast<std::size_t>(leaf.attribute)];
    const Column& c = data.columns[data.column_index.at(field.name)];
    switch (c.type) {
      case AttributeType::kString:
        b.kind = BoundLeaf::kCodes;
        b.codes = c.codes.data();
        b.table.resize(c.dictionary.size());
        for (std::uint32_t code = 0; code < c.dictionary.size(); ++code)
          b.table[code] = leaf_truth(leaf, AttributeValue(std::string_view(c.dictionary[code])));
        break;
      case AttributeType::kBool:
        b.kind = BoundLeaf::kBools;
        b.bools = c.bools.data();
        b.present = c.present.data();
        b.table = {leaf_truth(leaf, AttributeValue(false)), leaf_truth(leaf, AttributeValue(true))};
        break;
      case AttributeType::kInt64:
      case AttributeType::kTimestamp:
        b.kind = BoundLeaf::kInts;
        b.ints = c.ints.data();
        b.present = c.present.data();
        break;
      case AttributeType::kDouble:
        b.kind = BoundLeaf::kDoubles;
        b.doubles = c.doubles.data();
        b.present = c.present.data();
        break;
    }
    bound.push_back(std::move(b));
  }
  return bound;
}

struct Bound {
  std::vector<BoundLeaf> selection;
  std::vector<std::vector<BoundLeaf>> sets;
};

/// Decides a contiguous range of records (the record scan's visitor; the
/// events it is handed are not needed).
class Decider {
 public:
  Decider(const Program& program, const Bound& bound, ResultData& out)
      : program_(program), bound_(bound), out_(out) {}

  void start(std::uint32_t first) { first_ = last_ = first; }
  void visit(std::uint32_t record, std::size_t, std::size_t) { last_ = record + 1; }
  void finish() {
    std::size_t most = program_.selection.nodes.size();
    for (const SetProgram& s : program_.sets) most = std::max(most, s.arena.nodes.size());
    buffers_.assign(most * kBlock, 0);
    for (const SetProgram& s : program_.sets) {
      tallies_.emplace_back(3);
      tallies_.back()[0].assign(s.qualify.size(), 0);
      tallies_.back()[1].assign(s.nurture.size(), 0);
      tallies_.back()[2].assign(s.disqualify.size(), 0);
    }
    for (std::size_t b = first_; b < last_; b += kBlock) block(b, std::min(kBlock, last_ - b));
  }

  /// Records per set, decision (qualified, nurture, disqualified) and rule.
  const std::vector<std::vector<std::vector<std::uint64_t>>>& tallies() const { return tallies_; }
  std::uint64_t no_set() const { return no_set_; }

 private:
  void block(std::size_t first, std::size_t n) {
    std::uint8_t* buf = buffers_.data();
    std::int16_t* set = out_.set.data() + first;
    eval_nodes(program_.selection, 0, program_.selection.nodes.size(),
               ColumnSource{bound_.selection.data(), first}, n, buf, kBlock);
    choose_sets(program_, buf, kBlock, n, set, out_.choice.data() + first);
    auto* decision = reinterpret_cast<std::uint8_t*>(out_.decision.data()) + first;
    std::uint16_t* rule = out_.rule.data() + first;
    auto* values = reinterpret_cast<std::uint8_t*>(out_.values.data());
    const std::size_t stride = out_.stride;
    for (std::size_t i = 0; i < n; ++i) {
      if (set[i] < 0) {
        decision[i] = static_cast<std::uint8_t>(Decision::kNoRuleSet);
        rule[i] = 0;
        ++no_set_;
      }
    }
    for (std::size_t s = 0; s < program_.sets.size(); ++s) {
      const auto index = static_cast<std::int16_t>(s);
      if (std::find(set, set + n, index) == set + n) continue;
      const SetProgram& sp = program_.sets[s];
      eval_nodes(sp.arena, 0, sp.arena.nodes.size(), ColumnSource{bound_.sets[s].data(), first}, n,
                 buf, kBlock);
      decide(sp, buf, kBlock, n, decided_, ruled_, scratch_);
      for (std::size_t i = 0; i < n; ++i) {
        const bool mine = set[i] == index;
        decision[i] = mine ? decided_[i] : decision[i];
        rule[i] = mine ? ruled_[i] : rule[i];
      }
      for (std::size_t c = 0; c < sp.criteria.size(); ++c) {
        const std::uint8_t* v = buf + std::size_t{sp.criteria[c]} * kBlock;
        std::uint8_t* o = values + first * stride + c;
        for (std::size_t i = 0; i < n; ++i) {
          if (set[i] == index) o[i * stride] = v[i];
        }
      }
      auto& tally = tallies_[s];
      for (std::size_t i = 0; i < n; ++i) {
        if (set[i] == index) ++tally[kind(decided_[i])][ruled_[i]];
      }
    }
  }

  static std::size_t kind(std::uint8_t decision) {
    return decision == kQualified ? 0 : decision == kNurtured ? 1 : 2;
  }

  const Program& program_;
  const Bound& bound_;
  ResultData& out_;
  std::size_t first_ = 0, last_ = 0;
  std::vector<std::uint8_t> buffers_;
  std::uint8_t decided_[kBlock];
  std::uint16_t ruled_[kBlock];
  std::uint8_t scratch_[kBlock];
  std::vector<std::vector<std::vector<std::uint64_t>>> tallies_;
  std::uint64_t no_set_ = 0;
};

std::optional<Timestamp> latest_event(const DataSetImpl& data) {
  std::int64_t latest = INT64_MIN;
  for (std::int64_t t : data.events.time) latest = t != kNoTime && t > latest ? t : latest;
  if (latest == INT64_MIN) return std::nullopt;
  return Timestamp::from_micros(latest);
}

absl::Status check_inputs(const DataSet& data, const QualifyRules& rules, const QualifyOptions& options) {
  const Program& program = Program::of(rules);
  std::vector<bool> used(program.schema.size(), false);
  for (const Arena* arena : [&] {
         std::vector<const Arena*> all{&program.selection};
         for (const SetProgram& s : program.sets) all.push_back(&s.arena);
         return all;
       }()) {
    for (const Leaf& leaf : arena->leaves)
      if (leaf.attribute != kScore) used[static_cast<std::size_t>(leaf.attribute)] = true;
  }
  for (std::size_t i = 0; i < program.schema.size(); ++i) {
    if (!used[i]) continue;
    const AttributeField& f = program.schema[i];
    const auto column = data.find_attribute(f.name);
    if (!column)
      return absl::InvalidArgumentError(absl::StrCat("rules: they test attribute \"", f.name,
                                                     "\", which the data set does not have"));
    if (column->type() != f.type)
      return absl::InvalidArgumentError(absl::StrCat(
          "rules: they were checked with \"", f.name, "\" as ", to_absl(to_string(f.type)),
          ", but the data set's is ", to_absl(to_string(column->type()))));
  }
  if (!options.scores.empty() && !options.score_attribute.empty())
    return absl::InvalidArgumentError("scores, score_attribute: give one or the other");
  if (!options.scores.empty() && options.scores.size() != data.record_count())
    return absl::InvalidArgumentError(absl::StrCat("scores: expected one per record (",
                                                   data.record_count(), "), got ", options.scores.size()));
  if (!options.score_attribute.empty()) {
    const auto column = data.find_attribute(options.score_attribute);
    if (!column || column->type() != AttributeType::kDouble)
      return absl::InvalidArgumentError(absl::StrCat("score_attribute: \"", options.score_attribute,
                                                     "\" is not a double attribute of the data set"));
  }
  if (program.uses_score && options.scores.empty() && options.score_attribute.empty() &&
      data.record_count() > 0)
    return absl::InvalidArgumentError(
        "scores: the rules test the lead score, so give one per record (scores or score_attribute)");
  return absl::OkStatus();
}

absl::StatusOr<QualifyResult> run(const DataSet& data, const QualifyRules& rules,
                                  const QualifyOptions& options) {
  if (absl::Status s = check_inputs(data, rules, options); !s.ok()) return s;
  const Program& program = Program::of(rules);
  const DataSetImpl& impl = DataSetAccess::impl(data);
  auto out = std::make_shared<ResultData>(rules, data);
  const std::size_t n = data.record_count();
  out->as_of = options.as_of ? options.as_of : latest_event(impl);
  if (!options.scores.empty()) {
    out->scores = options.scores;
  } else if (!options.score_attribute.empty()) {
    const Column& c = impl.columns[impl.column_index.at(options.score_attribute)];
    out->scores.resize(n);
    for (std::size_t r = 0; r < n; ++r) out->scores[r] = c.present[r] ? c.doubles[r] : std::nan("");
  }
  out->decision.resize(n);
  out->set.resize(n);
  out->choice.resize(n);
  out->rule.resize(n);
  out->stride = program.max_criteria;
  out->values.assign(n * out->stride, Truth::kUnknown);

  Bound bound;
  const double* scores = out->scores.empty() ? nullptr : out->scores.data();
  bound.selection = bind(program.selection, program, impl, scores);
  for (const SetProgram& s : program.sets) bound.sets.push_back(bind(s.arena, program, impl, scores));

  const unsigned threads = scan_threads(n, resolve_threads(options.threads));
  std::vector<Decider> visitors;
  visitors.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) visitors.emplace_back(program, bound, *out);
  scan_records(impl, std::span<Decider>(visitors));

  for (std::size_t s = 0; s < program.sets.size(); ++s) {
    const RuleSetInfo& info = program.sets[s].info;
    const std::vector<RuleInfo>* lists[] = {&info.qualify, &info.nurture, &info.disqualify};
    const Decision kinds[] = {Decision::kQualified, Decision::kNurture, Decision::kDisqualified};
    for (std::size_t k = 0; k < 3; ++k) {
      for (std::size_t r = 0; r < lists[k]->size(); ++r) {
        std::uint64_t count = 0;
        for (const Decider& v : visitors) count += v.tallies()[s][k][r];
        if (count) out->summary.push_back({info.id, kinds[k], (*lists[k])[r].id, count});
      }
    }
  }
  std::uint64_t no_set = 0;
  for (const Decider& v : visitors) no_set += v.no_set();
  if (no_set) out->summary.push_back({"", Decision::kNoRuleSet, "", no_set});
  return ResultData::wrap(std::move(out));
}

}  // namespace
}  // namespace internal::qualify

absl::StatusOr<QualifyResult> qualify(const DataSet& data, const QualifyRules& rules,
                                      const QualifyOptions& options) {
  return internal::no_throw("qualify", [&]() -> absl::StatusOr<QualifyResult> {
    return internal::qualify::run(data, rules, options);
  });
}

absl::Status QualifyRules::evaluate(std::span<const AttributeValue> values, std::optional<double> score,
                                    std::optional<Timestamp> as_of, RecordDecision& out) const {
  using namespace internal::qualify;
  return internal::no_throw("QualifyRules::evaluate", [&]() -> absl::Status {
    const Program& program = *program_;
    if (values.size() != program.schema.size())
      return absl::InvalidArgumentError(absl::StrCat("values: expected ", program.schema.size(),
                                                     " (one per schema attribute), got ", values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::size_t held = values[i].index();
      if (held == 0) continue;
      constexpr std::size_t kIndexOf[] = {1, 2, 3, 4, 5};  // variant index per AttributeType
      if (held != kIndexOf[static_cast<std::size_t>(program.schema[i].type)])
        return absl::InvalidArgumentError(absl::StrCat("values[", i, "]: attribute \"",
                                                       program.schema[i].name, "\" is ",
                                                       to_absl(to_string(program.schema[i].type))));
    }
    const ValueSource source{values, score.value_or(std::nan(""))};
    thread_local std::vector<std::uint8_t> buffer;
    std::size_t most = program.selection.nodes.size();
    for (const SetProgram& s : program.sets) most = std::max(most, s.arena.nodes.size());
    buffer.resize(most);
    eval_nodes(program.selection, 0, program.selection.nodes.size(), source, 1, buffer.data(), 1);
    std::int16_t set = -1;
    std::uint8_t choice = 0, decision = 0, scratch = 0;
    std::uint16_t rule = 0;
    choose_sets(program, buffer.data(), 1, 1, &set, &choice);
    if (set < 0) {
      explain(program, -1, choice, static_cast<std::uint8_t>(Decision::kNoRuleSet), 0, nullptr, as_of, out);
      return absl::OkStatus();
    }
    const SetProgram& s = program.sets[static_cast<std::size_t>(set)];
    eval_nodes(s.arena, 0, s.arena.nodes.size(), source, 1, buffer.data(), 1);
    decide(s, buffer.data(), 1, 1, &decision, &rule, &scratch);
    thread_local std::vector<std::uint8_t> criteria;
    criteria.resize(s.criteria.size());
    for (std::size_t c = 0; c < s.criteria.size(); ++c) criteria[c] = buffer[s.criteria[c]];
    explain(program, set, choice, decision, rule, criteria.data(), as_of, out);
    return absl::OkStatus();
  });
}

}  // namespace modelfunnel
