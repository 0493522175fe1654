// What a QualifyResult holds: one entry per record in plain columns (the
// decisions of a million records are a few bytes each, not a million rows
// of strings), the rules and data set they came from, and the summary.
//
// Criterion values are stored by block of kBlock records: within a block,
// one row per criterion, so that deciding a block writes each criterion as
// one contiguous row (evaluate.cpp); value() finds one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "modelfunnel/qualify.hpp"
#include "qualify/program.hpp"

namespace modelfunnel::internal::qualify {

/// Records per block: of the batch's node buffers (one byte per node and
/// record, which stay in cache) and of the criterion value storage.
inline constexpr std::size_t kBlock = 1024;

struct ResultData {
  ResultData(QualifyRules r, DataSet d) : rules(std::move(r)), data(std::move(d)) {}

  QualifyRules rules;
  DataSet data;
  std::optional<Timestamp> as_of;
  std::vector<double> scores;
  std::size_t records = 0;
  // Per record; every entry is written by the batch, so they are allocated
  // without being cleared first.
  std::unique_ptr<Decision[]> decision;
  std::unique_ptr<std::int16_t[]> set;
  std::unique_ptr<std::uint8_t[]> choice;  ///< SetChoice values.
  std::unique_ptr<std::uint16_t[]> rule;
  std::unique_ptr<Truth[]> values;         ///< By block: stride rows of kBlock.
  std::size_t stride = 0;                  ///< Criterion rows per block.
  std::vector<DecisionCount> summary;

  void allocate(std::size_t n, std::size_t criteria) {
    records = n;
    stride = criteria;
    decision.reset(new Decision[n]);
    set.reset(new std::int16_t[n]);
    choice.reset(new std::uint8_t[n]);
    rule.reset(new std::uint16_t[n]);
    values.reset(new Truth[(n + kBlock - 1) / kBlock * kBlock * criteria]);
  }

  /// Criterion @p c of record @p r (kUnknown past its set's criteria).
  std::uint8_t value(std::size_t r, std::size_t c) const {
    return static_cast<std::uint8_t>(values[((r / kBlock) * stride + c) * kBlock + r % kBlock]);
  }

  static QualifyResult wrap(std::shared_ptr<const ResultData> d) { return QualifyResult(std::move(d)); }
  static const ResultData& of(const QualifyResult& r) { return *r.data_; }
};

}  // namespace modelfunnel::internal::qualify
