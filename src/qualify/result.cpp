// QualifyResult's accessors and the stable names of qualify.hpp's enums.
#include <array>
#include <string_view>
#include <vector>

#include "qualify/result.hpp"

namespace modelfunnel {

using internal::qualify::Program;
using internal::qualify::ResultData;

QualifyResult::QualifyResult(std::shared_ptr<const ResultData> data) : data_(std::move(data)) {}

const QualifyRules& QualifyResult::rules() const { return data_->rules; }
const DataSet& QualifyResult::data() const { return data_->data; }
std::size_t QualifyResult::record_count() const { return data_->records; }
std::optional<Timestamp> QualifyResult::as_of() const { return data_->as_of; }
std::span<const double> QualifyResult::scores() const { return data_->scores; }

void QualifyResult::decision(RecordIndex r, RecordDecision& out) const {
  const ResultData& d = *data_;
  thread_local std::vector<std::uint8_t> criteria;
  criteria.resize(d.stride);
  for (std::size_t c = 0; c < d.stride; ++c) criteria[c] = d.value(r, c);
  internal::qualify::explain(Program::of(d.rules), d.set[r], d.choice[r],
                             static_cast<std::uint8_t>(d.decision[r]), d.rule[r], criteria.data(), d.as_of, out);
}

RecordDecision QualifyResult::decision(RecordIndex r) const {
  RecordDecision out;
  decision(r, out);
  return out;
}

const std::vector<DecisionCount>& QualifyResult::summary() const { return data_->summary; }
std::span<const Decision> QualifyResult::decisions() const { return {data_->decision.get(), data_->records}; }
std::span<const std::int16_t> QualifyResult::rule_set_indexes() const { return {data_->set.get(), data_->records}; }
std::span<const std::uint16_t> QualifyResult::rule_indexes() const { return {data_->rule.get(), data_->records}; }
Truth QualifyResult::criterion_value(RecordIndex r, std::size_t c) const {
  return c < data_->stride ? static_cast<Truth>(data_->value(r, c)) : Truth::kUnknown;
}

std::string_view to_string(Truth truth) {
  constexpr std::array<std::string_view, 3> kNames = {"fail", "unknown", "pass"};
  const auto i = static_cast<std::size_t>(truth);
  return i < kNames.size() ? kNames[i] : "?";
}

std::string_view to_string(Decision decision) {
  constexpr std::array<std::string_view, 4> kNames = {"qualified", "nurture", "disqualified",
                                                      "no_rule_set"};
  const auto i = static_cast<std::size_t>(decision);
  return i < kNames.size() ? kNames[i] : "?";
}

std::string_view to_string(Bant bant) {
  constexpr std::array<std::string_view, 5> kNames = {"", "budget", "authority", "need", "timeline"};
  const auto i = static_cast<std::size_t>(bant);
  return i < kNames.size() ? kNames[i] : "?";
}

std::string_view to_string(SetChoice choice) {
  constexpr std::array<std::string_view, 4> kNames = {"matched", "fallback", "fallback_unknown",
                                                      "none"};
  const auto i = static_cast<std::size_t>(choice);
  return i < kNames.size() ? kNames[i] : "?";
}

std::string_view to_string(QualifyTable table) {
  constexpr std::array<std::string_view, 2> kNames = {"decisions", "summary"};
  const auto i = static_cast<std::size_t>(table);
  return i < kNames.size() ? kNames[i] : "?";
}

std::optional<QualifyTable> qualify_table_from_string(std::string_view name) {
  for (QualifyTable t : {QualifyTable::kDecisions, QualifyTable::kSummary}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace modelfunnel
