// Scores and the calibration report as CSV and JSON.
#include <cmath>
#include <string>
#include <vector>

#include "modelfunnel/lead_score.hpp"
#include "score/model.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"
#include "util/number_format.hpp"

namespace modelfunnel {
namespace {

using internal::score::Model;
using internal::score::ModelAccess;

/// Shortest round-trip text of @p v; empty for NaN (undefined).
void append_number(std::string& out, double v) {
  if (!std::isnan(v)) out.append(internal::format_shortest(v));
}

void append_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) out.append(s);
  else out += internal::csv_field(s);
}

/// "feature=label" of every level of every feature, and of every group.
std::vector<std::vector<std::string>> factor_texts(const LeadScoreModel& model) {
  const Model& m = ModelAccess::model(model);
  std::vector<std::vector<std::string>> texts;
  for (const auto& f : m.data.features) {
    auto& t = texts.emplace_back();
    for (std::uint32_t l = 0; l < f.level_count(); ++l) t.push_back(f.name + "=" + f.label(l));
  }
  auto& groups = texts.emplace_back();
  for (std::size_t g = 0; g < m.data.groups.size(); ++g)
    groups.push_back(m.data.settings.group_by + "=" + model.level_label(m.data.features.size(), g));
  return texts;
}

std::string_view id_of(const DataSet& data, const ScoreRow& row) {
  return row.record < data.record_count() ? data.record_id(row.record) : std::string_view();
}

void write_rate(internal::JsonWriter& w, const Rate& r) {
  w.begin_object();
  w.key("numerator");
  w.value(std::uint64_t{r.numerator});
  w.key("denominator");
  w.value(std::uint64_t{r.denominator});
  w.key("value");
  w.value(r.value);
  w.key("low");
  w.value(r.low);
  w.key("high");
  w.value(r.high);
  w.key("small_sample");
  w.value(r.small_sample);
  w.end_object();
}

void write_metrics(internal::JsonWriter& w, const ScoreMetrics& m) {
  w.begin_object();
  w.key("records");
  w.value(std::uint64_t{m.records});
  w.key("positives");
  w.value(std::uint64_t{m.positives});
  w.key("auc");
  w.value(m.auc);
  w.key("brier");
  w.value(m.brier);
  w.key("log_loss");
  w.value(m.log_loss);
  w.key("ece");
  w.value(m.ece);
  w.end_object();
}

}  // namespace

absl::StatusOr<std::string> score_csv(const LeadScoreModel& model, const DataSet& data,
                                      const LeadScores& scores) {
  return internal::no_throw("score_csv", [&]() -> absl::StatusOr<std::string> {
    const auto texts = factor_texts(model);
    std::string out = "record_id,probability,probability_low,probability_high,raw_score";
    for (std::uint32_t i = 1; i <= scores.top_factors; ++i) {
      out += ",factor_" + std::to_string(i) + ",effect_" + std::to_string(i);
    }
    out += '\n';
    out.reserve(out.size() + scores.rows.size() * (60 + 40 * scores.top_factors));
    for (std::size_t i = 0; i < scores.rows.size(); ++i) {
      const ScoreRow& row = scores.rows[i];
      append_field(out, id_of(data, row));
      for (double v : {row.probability, row.low, row.high, row.raw_score}) {
        out += ',';
        append_number(out, v);
      }
      const auto factors = scores.factors_of(i);
      for (std::uint32_t k = 0; k < scores.top_factors; ++k) {
        out += ',';
        if (k < factors.size()) {
          append_field(out, texts.at(factors[k].feature).at(factors[k].level));
          out += ',';
          append_number(out, factors[k].effect);
        } else {
          out += ',';
        }
      }
      out += '\n';
    }
    return out;
  });
}

absl::StatusOr<std::string> score_json(const LeadScoreModel& model, const DataSet& data,
                                       const LeadScores& scores) {
  return internal::no_throw("score_json", [&]() -> absl::StatusOr<std::string> {
    const std::vector<std::string> features = model.features();
    internal::JsonWriter w;
    w.begin_object();
    w.key("scores");
    w.begin_array();
    for (std::size_t i = 0; i < scores.rows.size(); ++i) {
      const ScoreRow& row = scores.rows[i];
      w.begin_object();
      w.key("record_id");
      w.value(id_of(data, row));
      w.key("probability");
      w.value(row.probability);
      w.key("probability_low");
      w.value(row.low);
      w.key("probability_high");
      w.value(row.high);
      w.key("raw_score");
      w.value(row.raw_score);
      w.key("factors");
      w.begin_array();
      for (const ScoreFactor& f : scores.factors_of(i)) {
        w.begin_object();
        w.key("feature");
        w.value(f.feature < features.size() ? features[f.feature] : model.group_by());
        w.key("value");
        const std::string label = model.level_label(f.feature, f.level);
        if (label == "(unknown)") w.null();
        else w.value(label);
        w.key("effect");
        w.value(f.effect);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return std::move(w).finish();
  });
}

absl::StatusOr<std::string> score_report_csv(const ScoreReport& report) {
  return internal::no_throw("score_report_csv", [&]() -> absl::StatusOr<std::string> {
    std::string out =
        "bin,records,min_probability,max_probability,mean_probability,positives,observed,observed_low,"
        "observed_high,small_sample\n";
    for (const ScoreCalibrationBin& b : report.calibration) {
      out += std::to_string(b.bin) + ',' + std::to_string(b.records);
      for (double v : {b.min_probability, b.max_probability, b.mean_probability}) {
        out += ',';
        append_number(out, v);
      }
      out += ',' + std::to_string(b.observed.numerator);
      for (double v : {b.observed.value, b.observed.low, b.observed.high}) {
        out += ',';
        append_number(out, v);
      }
      out += b.observed.small_sample ? ",true\n" : ",false\n";
    }
    return out;
  });
}

absl::StatusOr<std::string> score_report_json(const ScoreReport& report) {
  return internal::no_throw("score_report_json", [&]() -> absl::StatusOr<std::string> {
    internal::JsonWriter w;
    w.begin_object();
    w.key("cross_validated");
    w.value(report.cross_validated);
    w.key("folds");
    w.value(std::uint64_t{report.folds});
    w.key("open");
    w.value(std::uint64_t{report.open});
    w.key("metrics");
    write_metrics(w, report.metrics);
    w.key("plain_naive_bayes");
    if (report.plain_naive_bayes) write_metrics(w, *report.plain_naive_bayes);
    else w.null();
    w.key("calibration");
    w.begin_array();
    for (const ScoreCalibrationBin& b : report.calibration) {
      w.begin_object();
      w.key("bin");
      w.value(std::uint64_t{b.bin});
      w.key("records");
      w.value(std::uint64_t{b.records});
      w.key("min_probability");
      w.value(b.min_probability);
      w.key("max_probability");
      w.value(b.max_probability);
      w.key("mean_probability");
      w.value(b.mean_probability);
      w.key("observed");
      write_rate(w, b.observed);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return std::move(w).finish();
  });
}

}  // namespace modelfunnel
