// qualify_lift() and qualify_diff(): decisions set against what became of
// the records. Each record's outcome (won, lost or open, and its won
// revenue) is read from its events in one record scan, as the funnel report
// defines them (qualify.hpp); then the decisions and criterion values are
// tallied against it.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "model/dataset_impl.hpp"
#include "model/record_scan.hpp"
#include "modelfunnel/qualify.hpp"
#include "qualify/program.hpp"
#include "qualify/result.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"
#include "util/wilson.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum : std::uint8_t { kOpen = 0, kWon = 1, kLost = 2 };

struct Outcomes {
  std::vector<std::uint8_t> state;     ///< kOpen, kWon, kLost per record.
  std::vector<std::int64_t> revenue;   ///< Won revenue (Amount::scaled()) per record.
};

/// Reads each record's outcome from its events (the record scan's visitor).
class OutcomeReader {
 public:
  OutcomeReader(const DataSetImpl& data, const std::vector<StageKind>& kinds,
                const std::vector<std::uint8_t>& known, Outcomes& out)
      : data_(data), kinds_(kinds), known_(known), out_(out), amounts_(data.events.amount) {}

  void start(std::uint32_t first) { amounts_.seek(data_.events.record_begin[first]); }
  void visit(std::uint32_t r, std::size_t begin, std::size_t end) {
    const auto& stage = data_.events.stage;
    const auto& time = data_.events.time;
    bool won = false, lost_last = false, amount_seen = false;
    std::int64_t won_first = kNoTime, won_amount = 0;
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint16_t code = stage[i];
      if (!known_[code]) continue;
      const StageKind kind = kinds_[code];
      lost_last = kind == StageKind::kLost;
      if (kind != StageKind::kWon) continue;
      // Events are in time order: the first won event's time is the
      // earliest; among events at that time the largest amount counts.
      if (!won || time[i] == won_first) {
        if (auto a = amounts_.find(static_cast<std::uint32_t>(i))) {
          won_amount = amount_seen ? std::max(won_amount, *a) : *a;
          amount_seen = true;
        }
        won_first = won ? won_first : time[i];
        won = true;
      }
    }
    out_.state[r] = won ? kWon : lost_last ? kLost : kOpen;
    out_.revenue[r] = won ? won_amount : 0;
  }
  void finish() {}

 private:
  const DataSetImpl& data_;
  const std::vector<StageKind>& kinds_;
  const std::vector<std::uint8_t>& known_;
  Outcomes& out_;
  SparseCursor<std::int64_t> amounts_;
};

Outcomes read_outcomes(const DataSet& data, const StageGraph& graph, unsigned threads) {
  const DataSetImpl& impl = DataSetAccess::impl(data);
  std::vector<StageKind> kinds(impl.stages.size(), StageKind::kOpen);
  std::vector<std::uint8_t> known(impl.stages.size(), 0);
  for (std::uint32_t code = 0; code < impl.stages.size(); ++code) {
    if (const Stage* s = graph.find_stage(impl.stages[code])) {
      kinds[code] = s->kind;
      known[code] = 1;
    }
  }
  Outcomes out;
  out.state.assign(data.record_count(), kOpen);
  out.revenue.assign(data.record_count(), 0);
  const unsigned parts = scan_threads(data.record_count(), resolve_threads(threads));
  std::vector<OutcomeReader> readers;
  readers.reserve(parts);
  for (unsigned p = 0; p < parts; ++p) readers.emplace_back(impl, kinds, known, out);
  scan_records(impl, std::span<OutcomeReader>(readers));
  return out;
}

Rate rate(std::uint64_t won, std::uint64_t closed, std::uint64_t min_sample) {
  Rate r;
  r.numerator = won;
  r.denominator = closed;
  r.small_sample = closed < min_sample;
  if (closed == 0) {
    r.value = r.low = r.high = kNaN;
    return r;
  }
  r.value = static_cast<double>(won) / static_cast<double>(closed);
  const Interval i = wilson_interval(won, closed);
  r.low = i.low;
  r.high = i.high;
  return r;
}

/// Records, closed, won and revenue of a group.
struct Tally {
  std::uint64_t records = 0, closed = 0, won = 0;
  std::int64_t revenue = 0;

  void add(std::uint8_t state, std::int64_t amount) {
    ++records;
    closed += state != kOpen;
    won += state == kWon;
    revenue += amount;
  }
};

std::size_t kind_of(Decision d) {
  return d == Decision::kQualified ? 0 : d == Decision::kNurture ? 1 : 2;
}

QualifyLift lift(const QualifyResult& result, const StageGraph& graph, const LiftOptions& options) {
  const ResultData& d = ResultData::of(result);
  const Outcomes outcomes = read_outcomes(d.data, graph, options.threads);
  const auto& sets = result.rules().rule_sets();
  // [set][criterion][value] and [set][decision kind]; one more set for none.
  std::vector<std::vector<std::array<Tally, 3>>> by_value(sets.size());
  for (std::size_t s = 0; s < sets.size(); ++s) by_value[s].resize(sets[s].criteria.size());
  std::vector<std::array<Tally, 3>> by_decision(sets.size());
  Tally no_set;
  for (std::size_t r = 0; r < d.records; ++r) {
    const std::uint8_t state = outcomes.state[r];
    const std::int64_t amount = outcomes.revenue[r];
    if (d.set[r] < 0) {
      no_set.add(state, amount);
      continue;
    }
    const auto s = static_cast<std::size_t>(d.set[r]);
    by_decision[s][kind_of(d.decision[r])].add(state, amount);
    for (std::size_t c = 0; c < by_value[s].size(); ++c) by_value[s][c][d.value(r, c)].add(state, amount);
  }
  QualifyLift out;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t c = 0; c < sets[s].criteria.size(); ++c) {
      const Rate fail = rate(by_value[s][c][0].won, by_value[s][c][0].closed, options.min_sample);
      for (Truth v : {Truth::kPass, Truth::kFail, Truth::kUnknown}) {
        const Tally& t = by_value[s][c][static_cast<std::size_t>(v)];
        CriterionLift row;
        row.rule_set = sets[s].id;
        row.criterion = sets[s].criteria[c].id;
        row.bant = sets[s].criteria[c].bant;
        row.value = v;
        row.records = t.records;
        row.closed = t.closed;
        row.won = t.won;
        row.won_revenue = Amount::from_scaled(t.revenue);
        row.win_rate = rate(t.won, t.closed, options.min_sample);
        row.lift = std::isnan(row.win_rate.value) || std::isnan(fail.value) || fail.value == 0
                       ? kNaN
                       : row.win_rate.value / fail.value;
        out.criteria.push_back(std::move(row));
      }
    }
    const Decision kinds[] = {Decision::kQualified, Decision::kNurture, Decision::kDisqualified};
    for (std::size_t k = 0; k < 3; ++k) {
      const Tally& t = by_decision[s][k];
      if (t.records == 0) continue;
      out.decisions.push_back({sets[s].id, kinds[k], t.records, t.closed, t.won,
                               Amount::from_scaled(t.revenue), rate(t.won, t.closed, options.min_sample)});
    }
  }
  if (no_set.records)
    out.decisions.push_back({"", Decision::kNoRuleSet, no_set.records, no_set.closed, no_set.won,
                             Amount::from_scaled(no_set.revenue), rate(no_set.won, no_set.closed, options.min_sample)});
  return out;
}

absl::StatusOr<QualifyDiff> diff(const QualifyResult& before, const QualifyResult& after,
                                 const StageGraph& graph, const LiftOptions& options) {
  const DataSet& data = before.data();
  if (&DataSetAccess::impl(data) != &DataSetAccess::impl(after.data())) {
    bool same = data.record_count() == after.data().record_count();
    for (RecordIndex r = 0; same && r < data.record_count(); ++r) same = data.record_id(r) == after.data().record_id(r);
    if (!same)
      return absl::InvalidArgumentError(
          "qualify_diff: the two results are not over the same records (ids in the same order)");
  }
  const Outcomes outcomes = read_outcomes(data, graph, options.threads);
  constexpr std::size_t kDecisions = 4;
  std::array<Tally, kDecisions * kDecisions> moves{};
  const auto a = before.decisions();
  const auto b = after.decisions();
  for (std::size_t r = 0; r < a.size(); ++r) {
    moves[static_cast<std::size_t>(a[r]) * kDecisions + static_cast<std::size_t>(b[r])].add(outcomes.state[r],
                                                                                           outcomes.revenue[r]);
  }
  QualifyDiff out;
  out.records = a.size();
  for (std::size_t i = 0; i < moves.size(); ++i) {
    const Tally& t = moves[i];
    if (t.records == 0) continue;
    const auto from = static_cast<Decision>(i / kDecisions);
    const auto to = static_cast<Decision>(i % kDecisions);
    out.moves.push_back({from, to, t.records, t.closed, t.won, Amount::from_scaled(t.revenue),
                         rate(t.won, t.closed, options.min_sample)});
    if (from != to) out.moved += t.records;
  }
  return out;
}

}  // namespace
}  // namespace internal::qualify

absl::StatusOr<QualifyLift> qualify_lift(const QualifyResult& result, const StageGraph& graph,
                                         const LiftOptions& options) {
  return internal::no_throw("qualify_lift", [&]() -> absl::StatusOr<QualifyLift> {
    return internal::qualify::lift(result, graph, options);
  });
}

absl::StatusOr<QualifyDiff> qualify_diff(const QualifyResult& before, const QualifyResult& after,
                                         const StageGraph& graph, const LiftOptions& options) {
  return internal::no_throw("qualify_diff", [&]() -> absl::StatusOr<QualifyDiff> {
    return internal::qualify::diff(before, after, graph, options);
  });
}

}  // namespace modelfunnel
