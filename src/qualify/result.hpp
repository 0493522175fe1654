// What a QualifyResult holds: one entry per record in plain columns (the
// decisions of a million records are a few bytes each, not a million rows
// of strings), the rules and data set they came from, and the summary.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "modelfunnel/qualify.hpp"
#include "qualify/program.hpp"

namespace modelfunnel::internal::qualify {

struct ResultData {
  ResultData(QualifyRules r, DataSet d) : rules(std::move(r)), data(std::move(d)) {}

  QualifyRules rules;
  DataSet data;
  std::optional<Timestamp> as_of;
  std::vector<double> scores;
  std::vector<Decision> decision;
  std::vector<std::int16_t> set;
  std::vector<std::uint8_t> choice;  ///< SetChoice values.
  std::vector<std::uint16_t> rule;
  std::vector<Truth> values;         ///< stride per record.
  std::size_t stride = 0;
  std::vector<DecisionCount> summary;

  static QualifyResult wrap(std::shared_ptr<const ResultData> d) { return QualifyResult(std::move(d)); }
  static const ResultData& of(const QualifyResult& r) { return *r.data_; }
};

}  // namespace modelfunnel::internal::qualify
