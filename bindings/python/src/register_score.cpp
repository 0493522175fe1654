// The lead score for Python: fit, model files, scores as columns (numpy
// arrays and lists, for a DataFrame), one record from values, and the
// calibration report as JSON. Work runs without the GIL; keywords arrive
// checked for type by modelfunnel/_score.py.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/lead_score.hpp"

namespace modelfunnel::python {
namespace {

LeadScoreModel fit(const DataSet& data, const StageGraph& graph, std::vector<std::string> features,
                   std::string outcome, std::string group_by, unsigned bins, double prior_weight,
                   double group_prior_weight, std::string_view calibration, unsigned folds, std::uint64_t seed,
                   std::uint32_t max_levels, unsigned threads) {
  ScoreFitOptions o;
  o.features = std::move(features);
  o.outcome = std::move(outcome);
  o.group_by = std::move(group_by);
  o.bins = bins;
  o.prior_weight = prior_weight;
  o.group_prior_weight = group_prior_weight;
  if (calibration == "platt") o.calibration = ScoreCalibration::kPlatt;
  else if (calibration == "isotonic") o.calibration = ScoreCalibration::kIsotonic;
  else fail_data("calibration: expected 'platt' or 'isotonic', not '" + std::string(calibration) + "'");
  o.folds = folds;
  o.seed = seed;
  o.max_levels = max_levels;
  o.threads = threads;
  absl::StatusOr<LeadScoreModel> m;
  {
    py::gil_scoped_release release;
    m = score_fit(data, graph, o);
  }
  return unwrap(std::move(m));
}

/// The scores as columns: record_id, probability, probability_low,
/// probability_high, raw_score, then factor_i ("feature=value", None when
/// the row has fewer) and effect_i (NaN then).
py::dict columns(const LeadScoreModel& model, const DataSet* data, const LeadScores& s) {
  const std::size_t n = s.rows.size();
  py::array_t<double> p(static_cast<py::ssize_t>(n)), low(static_cast<py::ssize_t>(n)),
      high(static_cast<py::ssize_t>(n)), raw(static_cast<py::ssize_t>(n));
  py::list ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ScoreRow& row = s.rows[i];
    p.mutable_data()[i] = row.probability;
    low.mutable_data()[i] = row.low;
    high.mutable_data()[i] = row.high;
    raw.mutable_data()[i] = row.raw_score;
    ids[i] = data != nullptr ? py::str(std::string(data->record_id(row.record))) : py::str("");
  }
  py::dict out;
  out["record_id"] = ids;
  out["probability"] = p;
  out["probability_low"] = low;
  out["probability_high"] = high;
  out["raw_score"] = raw;
  // Factor texts, made once per level.
  const std::vector<std::string> features = model.features();
  std::vector<std::vector<py::object>> texts(features.size() + 1);
  auto text = [&](const ScoreFactor& f) -> py::object {
    auto& cache = texts[f.feature];
    if (cache.size() <= f.level) cache.resize(f.level + 1);
    if (!cache[f.level]) {
      const std::string& name = f.feature < features.size() ? features[f.feature] : model.group_by();
      cache[f.level] = py::str(name + "=" + model.level_label(f.feature, f.level));
    }
    return cache[f.level];
  };
  for (std::uint32_t k = 0; k < s.top_factors; ++k) {
    py::list factor(n);
    py::array_t<double> effect(static_cast<py::ssize_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const auto f = s.factors_of(i);
      if (k < f.size()) {
        factor[i] = text(f[k]);
        effect.mutable_data()[i] = f[k].effect;
      } else {
        factor[i] = py::none();
        effect.mutable_data()[i] = std::nan("");
      }
    }
    out[py::str("factor_" + std::to_string(k + 1))] = factor;
    out[py::str("effect_" + std::to_string(k + 1))] = effect;
  }
  return out;
}

py::dict apply(const LeadScoreModel& model, const DataSet& data, std::uint32_t top_factors, unsigned threads) {
  ScoreApplyOptions o;
  o.top_factors = top_factors;
  o.threads = threads;
  absl::StatusOr<LeadScores> s;
  {
    py::gil_scoped_release release;
    s = score_apply(model, data, o);
  }
  return columns(model, &data, unwrap(std::move(s)));
}

py::array_t<double> probabilities(const LeadScoreModel& model, const DataSet& data, unsigned threads) {
  absl::StatusOr<std::vector<double>> p;
  {
    py::gil_scoped_release release;
    p = score_probabilities(model, data, threads);
  }
  const std::vector<double> values = unwrap(std::move(p));
  return to_numpy(std::span<const double>(values));
}

/// Scores one record from (attribute, value) pairs: str, bool, int, float
/// or None (missing).
py::dict record(const LeadScoreModel& model, const std::vector<std::pair<std::string, py::object>>& values,
                std::uint32_t top_factors) {
  std::vector<ScoreInput> in;
  for (const auto& [name, v] : values) {
    ScoreInput x;
    x.attribute = name;
    if (v.is_none()) x.value = std::monostate{};
    else if (py::isinstance<py::bool_>(v)) x.value = v.cast<bool>();
    else if (py::isinstance<py::int_>(v)) x.value = v.cast<std::int64_t>();
    else if (py::isinstance<py::float_>(v)) x.value = v.cast<double>();
    else if (py::isinstance<py::str>(v)) {
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
      if (utf8 == nullptr) throw py::error_already_set();
      x.value = std::string_view(utf8, static_cast<std::size_t>(size));
    }
    else fail_data(name + ": expected a str, bool, int, float or None, not " +
                   std::string(py::str(v.get_type().attr("__name__"))));
    in.push_back(x);
  }
  return columns(model, nullptr, unwrap(score_record(model, in, top_factors)));
}

std::string report(const LeadScoreModel& model, const DataSet& data, const StageGraph& graph, std::uint32_t bins,
                   std::uint64_t min_sample, unsigned threads) {
  ScoreReportOptions o;
  o.bins = bins;
  o.min_sample = min_sample;
  o.threads = threads;
  py::gil_scoped_release release;
  return unwrap(score_report_json(unwrap(score_report(model, data, graph, o))));
}

std::string cross_validate(const DataSet& data, const StageGraph& graph, std::vector<std::string> features,
                           std::string outcome, std::string group_by, unsigned bins, double prior_weight,
                           double group_prior_weight, std::string_view calibration, unsigned folds,
                           std::uint64_t seed, std::uint32_t max_levels, unsigned threads,
                           std::uint32_t report_bins, std::uint64_t min_sample) {
  ScoreFitOptions o;
  o.features = std::move(features);
  o.outcome = std::move(outcome);
  o.group_by = std::move(group_by);
  o.bins = bins;
  o.prior_weight = prior_weight;
  o.group_prior_weight = group_prior_weight;
  if (calibration == "platt") o.calibration = ScoreCalibration::kPlatt;
  else if (calibration == "isotonic") o.calibration = ScoreCalibration::kIsotonic;
  else fail_data("calibration: expected 'platt' or 'isotonic', not '" + std::string(calibration) + "'");
  o.folds = folds;
  o.seed = seed;
  o.max_levels = max_levels;
  o.threads = threads;
  ScoreReportOptions r;
  r.bins = report_bins;
  r.min_sample = min_sample;
  r.threads = threads;
  py::gil_scoped_release release;
  return unwrap(score_report_json(unwrap(score_cross_validate(data, graph, o, r))));
}

}  // namespace

void register_score(py::module_& m) {
  py::class_<LeadScoreModel>(m, "LeadScoreModel")
      .def("to_json", [](const LeadScoreModel& model) { return unwrap(model.to_json()); })
      .def_property_readonly("features", &LeadScoreModel::features)
      .def_property_readonly("feature_kinds",
                             [](const LeadScoreModel& model) {
                               std::vector<std::string> kinds;
                               for (std::size_t i = 0; i < model.features().size(); ++i)
                                 kinds.emplace_back(to_string(model.feature_kind(i)));
                               return kinds;
                             })
      .def_property_readonly("group_by", &LeadScoreModel::group_by)
      .def_property_readonly("outcome", &LeadScoreModel::outcome)
      .def_property_readonly("calibration",
                             [](const LeadScoreModel& model) { return std::string(to_string(model.calibration())); })
      .def_property_readonly("positives", &LeadScoreModel::positives)
      .def_property_readonly("negatives", &LeadScoreModel::negatives)
      .def_property_readonly("base_rate", &LeadScoreModel::base_rate)
      .def("levels",
           [](const LeadScoreModel& model) {
             py::list rows;
             for (const ScoreLevel& l : model.levels())
               rows.append(py::make_tuple(l.feature, l.label, l.unknown, l.closed, l.positives, l.win_rate, l.effect));
             return rows;
           })
      .def("groups",
           [](const LeadScoreModel& model) {
             py::list rows;
             for (const ScoreGroup& g : model.groups())
               rows.append(py::make_tuple(g.value ? py::object(py::str(*g.value)) : py::object(py::none()), g.closed,
                                          g.positives, g.win_rate, g.own_weight));
             return rows;
           })
      .def("calibration_points", [](const LeadScoreModel& model) {
        py::list rows;
        for (const ScoreCalibrationPoint& p : model.calibration_points())
          rows.append(py::make_tuple(p.raw_score, p.closed, p.positives, p.probability, p.low, p.high));
        return rows;
      });

  m.def("score_fit", &fit, py::arg("data"), py::arg("graph"), py::arg("features"), py::arg("outcome"),
        py::arg("group_by"), py::arg("bins"), py::arg("prior_weight"), py::arg("group_prior_weight"),
        py::arg("calibration"), py::arg("folds"), py::arg("seed"), py::arg("max_levels"), py::arg("threads"));
  m.def("score_model_from_json", [](const std::string& text) { return unwrap(LeadScoreModel::from_json(text)); },
        py::arg("text"));
  m.def("score_model_load", [](const std::string& path) { return unwrap(LeadScoreModel::load_json_file(path)); },
        py::arg("path"));
  m.def("score_apply", &apply, py::arg("model"), py::arg("data"), py::arg("top_factors"), py::arg("threads"));
  m.def("score_probabilities", &probabilities, py::arg("model"), py::arg("data"), py::arg("threads"));
  m.def("score_record", &record, py::arg("model"), py::arg("values"), py::arg("top_factors"));
  m.def("score_report", &report, py::arg("model"), py::arg("data"), py::arg("graph"), py::arg("bins"),
        py::arg("min_sample"), py::arg("threads"));
  m.def("score_cross_validate", &cross_validate, py::arg("data"), py::arg("graph"), py::arg("features"),
        py::arg("outcome"), py::arg("group_by"), py::arg("bins"), py::arg("prior_weight"),
        py::arg("group_prior_weight"), py::arg("calibration"), py::arg("folds"), py::arg("seed"),
        py::arg("max_levels"), py::arg("threads"), py::arg("report_bins"), py::arg("min_sample"));
}

}  // namespace modelfunnel::python
