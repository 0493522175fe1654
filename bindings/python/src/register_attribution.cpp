// Attribution for Python: a DataSet with touches, or aggregated paths (a
// CSV path, CSV text, or rows); credits and campaign costs as columns that
// modelfunnel/_attribution.py turns into DataFrames. Work runs without the
// GIL.
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/attribution.hpp"

namespace modelfunnel::python {
namespace {

py::object opt(const std::optional<double>& x) { return x ? py::object(py::float_(*x)) : py::object(py::none()); }

AttributionOptions options_of(const std::vector<std::string>& models, const std::string& by,
                              const std::string& conversion_stage, std::optional<double> lookback_days,
                              double half_life_days, const std::string& account, std::uint32_t bootstrap,
                              double confidence, std::uint64_t seed, unsigned threads) {
  AttributionOptions o;
  for (const std::string& name : models) {
    const std::optional<AttributionModel> m = attribution_model_from_string(name);
    if (!m) check(absl::InvalidArgumentError("models: unknown model '" + name + "'"));
    o.models.push_back(*m);
  }
  if (by != "channel" && by != "campaign") check(absl::InvalidArgumentError("by: expected 'channel' or 'campaign'"));
  o.by = by == "campaign" ? AttributionKey::kCampaign : AttributionKey::kChannel;
  if (!conversion_stage.empty()) o.conversion_stage = conversion_stage;
  o.lookback_days = lookback_days;
  o.half_life_days = half_life_days;
  o.account_attribute = account;
  o.bootstrap = bootstrap;
  o.confidence = confidence;
  o.seed = seed;
  o.threads = threads;
  return o;
}

py::dict to_python(const Attribution& a) {
  py::list credits;
  for (const ChannelCredit& c : a.credits) {
    py::dict row;
    row["model"] = std::string(to_string(c.model));
    row["channel"] = c.channel;
    row["conversions"] = c.conversions;
    row["value"] = c.value;
    row["share"] = c.share;
    row["ci_low"] = opt(c.ci_low);
    row["ci_high"] = opt(c.ci_high);
    row["removal_effect"] = opt(c.removal_effect);
    credits.append(row);
  }
  py::list costs;
  for (const CampaignCost& c : a.costs) {
    py::dict row;
    row["model"] = std::string(to_string(c.model));
    row["campaign"] = c.campaign;
    row["cost"] = opt(c.cost);
    row["leads"] = c.leads;
    row["opportunities"] = c.opportunities;
    row["wins"] = c.wins;
    row["attributed_conversions"] = c.attributed_conversions;
    row["attributed_value"] = c.attributed_value;
    row["cost_per_lead"] = opt(c.cost_per_lead);
    row["cost_per_opportunity"] = opt(c.cost_per_opportunity);
    row["cost_per_win"] = opt(c.cost_per_win);
    row["roi"] = opt(c.roi);
    costs.append(row);
  }
  const AttributionTotals& t = a.totals;
  py::dict totals;
  totals["journeys"] = t.journeys;
  totals["conversions"] = t.conversions;
  totals["value"] = t.value;
  totals["nulls"] = t.nulls;
  totals["touches"] = t.touches;
  totals["touches_after_conversion"] = t.touches_after_conversion;
  totals["touches_outside_lookback"] = t.touches_outside_lookback;
  totals["conversions_without_touches"] = t.conversions_without_touches;
  totals["channels"] = t.channels;
  py::dict out;
  out["by"] = std::string(to_string(a.by));
  out["credits"] = credits;
  out["costs"] = costs;
  out["totals"] = totals;
  out["markov_conversion_probability"] = opt(a.markov_conversion_probability);
  out["shapley_method"] = a.shapley_method;
  out["shapley_standard_error"] = a.shapley_standard_error;
  return out;
}

}  // namespace

void register_attribution(py::module_& m) {
  m.def(
      "attribute",
      [](const DataSet& data, const std::vector<std::string>& models, const std::string& by,
         const std::string& conversion_stage, std::optional<double> lookback_days, double half_life_days,
         const std::string& account, std::uint32_t bootstrap, double confidence, std::uint64_t seed,
         unsigned threads) {
        const AttributionOptions o = options_of(models, by, conversion_stage, lookback_days, half_life_days, account,
                                                bootstrap, confidence, seed, threads);
        absl::StatusOr<Attribution> r;
        {
          py::gil_scoped_release release;
          r = attribute(data, o);
        }
        check(r.status());
        return to_python(*r);
      },
      py::arg("data"), py::arg("models"), py::arg("by"), py::arg("conversion_stage"), py::arg("lookback_days"),
      py::arg("half_life_days"), py::arg("account"), py::arg("bootstrap"), py::arg("confidence"), py::arg("seed"),
      py::arg("threads"));
  m.def(
      "attribute_paths",
      [](const std::optional<std::pair<std::string, bool>>& source,
         const std::vector<std::tuple<std::vector<std::string>, double, double, double>>& rows,
         const std::vector<std::string>& models, double half_life_days, std::uint32_t bootstrap, double confidence,
         std::uint64_t seed, unsigned threads) {
        const AttributionOptions o =
            options_of(models, "channel", "", std::nullopt, half_life_days, "", bootstrap, confidence, seed, threads);
        absl::StatusOr<Attribution> r;
        {
          py::gil_scoped_release release;
          r = [&]() -> absl::StatusOr<Attribution> {
            std::vector<AttributionPath> paths;
            if (source) {
              auto p = source->second ? load_attribution_paths(source->first)
                                      : parse_attribution_paths(source->first, "paths");
              if (!p.ok()) return p.status();
              paths = *std::move(p);
            } else {
              for (const auto& [channels, conversions, value, nulls] : rows)
                paths.push_back({channels, conversions, value, nulls});
            }
            return attribute_paths(paths, o);
          }();
        }
        check(r.status());
        return to_python(*r);
      },
      py::arg("source"), py::arg("rows"), py::arg("models"), py::arg("half_life_days"), py::arg("bootstrap"),
      py::arg("confidence"), py::arg("seed"), py::arg("threads"));
}

}  // namespace modelfunnel::python
