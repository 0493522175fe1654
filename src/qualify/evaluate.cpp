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
#include <array>
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

using internal::qualify::kBlock;

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
/// missing. Written without branches so the compiler can vectorise it.
template <class V, class Pred>
void fill(const V* __restrict v, const std::uint8_t* __restrict present, const std::uint8_t missing,
          std::size_t n, std::uint8_t* __restrict out, Pred pred) {
  constexpr bool kDouble = std::is_floating_point_v<V>;
  if (present == nullptr) {  // the score: present unless NaN
    for (std::size_t i = 0; i < n; ++i) {
      const auto held = static_cast<std::uint8_t>(pred(v[i]) << 1);
      out[i] = v[i] == v[i] ? held : missing;
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t here = present[i];
    if constexpr (kDouble) here = static_cast<std::uint8_t>(here & (v[i] == v[i]));
    const auto held = static_cast<std::uint8_t>(pred(v[i]) << 1);  // kPass or kFail
    out[i] = select_bits(missing, held, static_cast<std::uint8_t>(0 - here));  // present bytes are 0 or 1
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

  void leaf(std::uint32_t index, const Leaf& leaf, std::uint8_t* __restrict out, std::size_t n) const {
    const BoundLeaf& b = leaves[index];
    const std::uint8_t* __restrict present = b.present ? b.present + first : nullptr;
    const std::uint8_t missing = b.missing;
    switch (b.kind) {
      case BoundLeaf::kCodes: {
        const std::uint32_t* __restrict codes = b.codes + first;
        const std::uint8_t* __restrict table = b.table.data();
        for (std::size_t i = 0; i < n; ++i) out[i] = codes[i] == kMissingCode ? missing : table[codes[i]];
        return;
      }
      case BoundLeaf::kBools: {
        const std::uint8_t* __restrict bools = b.bools + first;
        const std::uint8_t f = b.table[0], t = b.table[1];
        for (std::size_t i = 0; i < n; ++i)
          out[i] = select_bits(missing, select_bits(f, t, static_cast<std::uint8_t>(0 - bools[i])),
                               static_cast<std::uint8_t>(0 - present[i]));
        return;
      }
      case BoundLeaf::kInts:
        fill_op(leaf, leaf.ints, b.ints + first, present, missing, n, out);
        return;
      case BoundLeaf::kDoubles:
        fill_op(leaf, leaf.doubles, b.doubles + first, present, missing, n, out);
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
/// events it is handed are not needed), a block at a time. Blocks follow
/// the result's storage blocks (ResultData::kBlock), so that each criterion
/// of a block is one contiguous row there; a range that starts or ends
/// inside a storage block writes only its own records of it.
class Decider {
 public:
  Decider(const Program& program, const Bound& bound, ResultData& out)
      : program_(program), bound_(bound), out_(out) {}

  void start(std::uint32_t first) { first_ = last_ = first; }
  void visit(std::uint32_t record, std::size_t, std::size_t) { last_ = record + 1; }
  void finish() {
    // Every set's node values of a block side by side.
    const std::size_t sets = program_.sets.size();
    std::size_t nodes = program_.selection.nodes.size();
    for (const SetProgram& s : program_.sets) {
      base_.push_back(nodes * kBlock);
      nodes += s.arena.nodes.size();
    }
    buffers_.assign(nodes * kBlock, 0);
    entry_.assign(kBlock, 0);
    decided_.assign(sets * kBlock, 0);
    ruled_.assign(sets * kBlock, 0);
    // Tallies: per set, one counter per rule, numbered qualify, nurture,
    // disqualify; then one for the records without a set. tally_rows_ has a
    // row of 4 per set (and first one for "no set"), indexed by decision
    // code, giving the counter of the set's rule 0 for that decision.
    tally_rows_.assign((sets + 1) * 4, 0);
    for (std::size_t k = 0; k < sets; ++k) {
      const SetProgram& s = program_.sets[k];
      std::size_t* row = tally_rows_.data() + (k + 1) * 4;
      row[kQualified] = tallies_.size();
      row[kNurtured] = row[kQualified] + s.qualify.size();
      row[kDisqualified] = row[kNurtured] + s.nurture.size();
      tallies_.resize(row[kDisqualified] + s.disqualify.size(), 0);
    }
    tally_rows_[static_cast<std::size_t>(Decision::kNoRuleSet)] = tallies_.size();
    tallies_.push_back(0);
    for (std::size_t b = first_; b < last_;) {
      const std::size_t end = std::min(last_, (b / kBlock + 1) * kBlock);
      block(b, end - b);
      b = end;
    }
  }

  /// Records decided by rule @p rule of set @p s for decision @p d.
  std::uint64_t tally(std::size_t s, Decision d, std::size_t rule) const {
    return tallies_[tally_rows_[(s + 1) * 4 + static_cast<std::size_t>(d)] + rule];
  }
  /// Records no set applied to.
  std::uint64_t no_set() const { return tallies_.back(); }

 private:
  void block(std::size_t first, std::size_t n) {
    std::uint8_t* buf = buffers_.data();
    std::int16_t* __restrict set = out_.set.get() + first;
    eval_nodes(program_.selection, 0, program_.selection.nodes.size(),
               ColumnSource{bound_.selection.data(), first}, n, buf, kBlock);
    choose_sets(program_, buf, kBlock, n, set, out_.choice.get() + first);

    auto* __restrict decision = reinterpret_cast<std::uint8_t*>(out_.decision.get()) + first;
    std::uint16_t* __restrict rule = out_.rule.get() + first;
    std::fill(decision, decision + n, static_cast<std::uint8_t>(Decision::kNoRuleSet));
    std::fill(rule, rule + n, std::uint16_t{0});
    // The block's criterion rows in the result, from this range's first record.
    const std::size_t stride = out_.stride;
    auto* const values = reinterpret_cast<std::uint8_t*>(out_.values.get()) +
                         (first / kBlock) * stride * kBlock + first % kBlock;
    for (std::size_t c = 0; c < stride; ++c) std::fill_n(values + c * kBlock, n, kUnknown);

    for (std::size_t s = 0; s < program_.sets.size(); ++s) {
      const auto index = static_cast<std::int16_t>(s);
      if (std::find(set, set + n, index) == set + n) continue;
      const SetProgram& sp = program_.sets[s];
      std::uint8_t* nodes = buf + base_[s];
      std::uint8_t* __restrict decided = decided_.data() + s * kBlock;
      std::uint16_t* __restrict ruled = ruled_.data() + s * kBlock;
      if (sp.table.empty()) {
        eval_nodes(sp.arena, 0, sp.arena.nodes.size(), ColumnSource{bound_.sets[s].data(), first}, n, nodes,
                   kBlock);
        decide(sp, nodes, kBlock, n, decided, ruled, scratch_);
      } else {
        // Only the criteria; the decision is a lookup of their values.
        eval_nodes(sp.arena, 0, sp.first_rule_node, ColumnSource{bound_.sets[s].data(), first}, n, nodes, kBlock);
        std::uint16_t* __restrict entry = entry_.data();
        std::fill(entry, entry + n, std::uint16_t{0});
        std::uint16_t weight = 1;
        for (std::uint32_t root : sp.criteria) {
          const std::uint8_t* __restrict v = nodes + std::size_t{root} * kBlock;
          for (std::size_t i = 0; i < n; ++i) entry[i] = static_cast<std::uint16_t>(entry[i] + v[i] * weight);
          weight = static_cast<std::uint16_t>(weight * 3);
        }
        const std::uint32_t* table = sp.table.data();
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint32_t packed = table[entry[i]];
          decided[i] = static_cast<std::uint8_t>(packed);
          ruled[i] = static_cast<std::uint16_t>(packed >> 8);
        }
      }
      // This set's records take its decisions and criterion values.
      std::uint8_t* __restrict mine = scratch_;
      for (std::size_t i = 0; i < n; ++i) mine[i] = mask_of<std::uint8_t>(set[i] == index);
      for (std::size_t i = 0; i < n; ++i) {
        decision[i] = select_bits(decision[i], decided[i], mine[i]);
        rule[i] = select_bits(rule[i], ruled[i], mask_of<std::uint16_t>(set[i] == index));
      }
      for (std::size_t c = 0; c < sp.criteria.size(); ++c) {
        const std::uint8_t* __restrict from = nodes + std::size_t{sp.criteria[c]} * kBlock;
        std::uint8_t* __restrict to = values + c * kBlock;
        for (std::size_t i = 0; i < n; ++i) to[i] = select_bits(to[i], from[i], mine[i]);
      }
    }
    const std::size_t* rows = tally_rows_.data();
    for (std::size_t i = 0; i < n; ++i) ++tallies_[rows[(set[i] + 1) * 4 + decision[i]] + rule[i]];
  }

  const Program& program_;
  const Bound& bound_;
  ResultData& out_;
  std::size_t first_ = 0, last_ = 0;
  std::vector<std::uint8_t> buffers_;
  std::vector<std::size_t> base_;        // each set's nodes in buffers_
  std::vector<std::uint16_t> entry_;     // a tabulated set's table entry per record
  std::vector<std::uint8_t> decided_;    // per set and record of the block
  std::vector<std::uint16_t> ruled_;
  std::uint8_t scratch_[kBlock];
  std::vector<std::uint64_t> tallies_;
  std::vector<std::size_t> tally_rows_;
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
  out->allocate(n, program.max_criteria);

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
        for (const Decider& v : visitors) count += v.tally(s, kinds[k], r);
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
