// attribution.cpp — attribution's C ABI (experimental) over the C++ attribution.hpp.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cmath>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/attribution.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

struct mf_attribution_paths {
  std::vector<mf::AttributionPath> paths;
};

struct mf_attribution {
  mf::Attribution result;
};

namespace {

constexpr mf_attribution_options kDefaults = MF_ATTRIBUTION_OPTIONS_INIT;
constexpr std::size_t kOptionSizes[] = {sizeof(mf_attribution_options)};
static_assert(std::size(kOptionSizes) == MF_ATTRIBUTION_OPTIONS_VERSION);
constexpr std::size_t kCreditSizes[] = {sizeof(mf_attribution_credit)};
static_assert(std::size(kCreditSizes) == MF_ATTRIBUTION_CREDIT_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_ATTRIBUTION_SHAPLEY == static_cast<int>(mf::AttributionModel::kShapley));
static_assert(MF_ATTRIBUTION_BY_CAMPAIGN == static_cast<int>(mf::AttributionKey::kCampaign));
static_assert(MF_ATTRIBUTION_TABLE_COSTS == static_cast<int>(mf::AttributionTable::kCosts));

mf::AttributionOptions to_options(const mf_attribution_options* opts) {
  const mf_attribution_options o = read_options(opts, kDefaults, kOptionSizes, "mf_attribution_options");
  mf::AttributionOptions out;
  if (o.model_count > 0) {
    const int32_t* models = o.models;
    if (models == nullptr) throw ArgumentError(MF_EINVAL, "models is NULL with model_count > 0");
    if (o.model_count > 1024) throw ArgumentError(MF_EINVAL, absl::StrCat("model_count is ", o.model_count));
    for (std::size_t i = 0; i < o.model_count; ++i) {
      if (models[i] < MF_ATTRIBUTION_FIRST_TOUCH || models[i] > MF_ATTRIBUTION_SHAPLEY)
        throw ArgumentError(MF_EINVAL, absl::StrCat("models[", i, "] is ", models[i], " (no such model)"));
      out.models.push_back(static_cast<mf::AttributionModel>(models[i]));
    }
  }
  if (o.by != MF_ATTRIBUTION_BY_CHANNEL && o.by != MF_ATTRIBUTION_BY_CAMPAIGN)
    throw ArgumentError(MF_EINVAL, absl::StrCat("by is ", o.by, " (expected 0 or 1)"));
  out.by = static_cast<mf::AttributionKey>(o.by);
  const std::string_view stage = in_str(o.conversion_stage, o.conversion_stage_len, "conversion_stage");
  if (!stage.empty()) out.conversion_stage = std::string(stage);
  if (std::isnan(o.lookback_days)) throw ArgumentError(MF_EINVAL, "lookback_days is NaN");
  if (o.lookback_days >= 0) out.lookback_days = o.lookback_days;
  out.half_life_days = o.half_life_days;
  out.account_attribute = std::string(in_str(o.account_attribute, o.account_attribute_len, "account_attribute"));
  out.bootstrap = o.bootstrap;
  out.confidence = o.confidence;
  out.seed = o.seed;
  out.threads = o.threads;
  return out;
}

}  // namespace

int mf_attribution_paths_load_file(mf_attribution_paths** out, const char* path, size_t path_len) {
  return guard("mf_attribution_paths_load_file", [&] {
    auto& result = arg(out, "out");
    const std::string_view p = in_str(path, path_len, "path");
    result = new mf_attribution_paths{unwrap(mf::load_attribution_paths(std::string(p)), MF_EDATA)};
  });
}

int mf_attribution_paths_parse(mf_attribution_paths** out, const char* csv, size_t csv_len, const char* name,
                               size_t name_len) {
  return guard("mf_attribution_paths_parse", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(csv, csv_len, "csv");
    std::string n(in_str(name, name_len, "name"));
    if (n.empty()) n = "paths";
    result = new mf_attribution_paths{unwrap(mf::parse_attribution_paths(std::string(text), std::move(n)), MF_EDATA)};
  });
}

void mf_attribution_paths_free(mf_attribution_paths* paths) { delete paths; }

size_t mf_attribution_paths_count(const mf_attribution_paths* paths) {
  return paths == nullptr ? 0 : paths->paths.size();
}

int mf_attribution_options_init(mf_attribution_options* opts, uint32_t version) {
  return guard("mf_attribution_options_init",
               [&] { init_options(opts, version, kDefaults, kOptionSizes, "mf_attribution_options"); });
}

int mf_attribution_compute(mf_attribution** out, const mf_dataset* data, const mf_attribution_options* opts) {
  return guard("mf_attribution_compute", [&] {
    auto& result = arg(out, "out");
    const mf::DataSet& d = arg(data, "data").data;
    const mf::AttributionOptions options = to_options(opts);
    result = new mf_attribution{unwrap(mf::attribute(d, options), MF_EINVAL)};
  });
}

int mf_attribution_compute_paths(mf_attribution** out, const mf_attribution_paths* paths,
                                 const mf_attribution_options* opts) {
  return guard("mf_attribution_compute_paths", [&] {
    auto& result = arg(out, "out");
    const auto& p = arg(paths, "paths").paths;
    const mf::AttributionOptions options = to_options(opts);
    result = new mf_attribution{unwrap(mf::attribute_paths(p, options), MF_EINVAL)};
  });
}

void mf_attribution_free(mf_attribution* result) { delete result; }

size_t mf_attribution_credit_count(const mf_attribution* result) {
  return result == nullptr ? 0 : result->result.credits.size();
}

int mf_attribution_credit_at(const mf_attribution* result, size_t index, mf_attribution_credit* out) {
  return guard("mf_attribution_credit_at", [&] {
    const VersionedOut<mf_attribution_credit> target(out, kCreditSizes, "mf_attribution_credit");
    const mf::Attribution& a = arg(result, "result").result;
    const std::size_t i = in_index(index, a.credits.size(), "index");
    const mf::ChannelCredit& c = a.credits[i];
    mf_attribution_credit row = MF_ATTRIBUTION_CREDIT_INIT;
    row.model_id = static_cast<int32_t>(c.model);
    row.model = view_of(mf::to_string(c.model));
    row.channel = view_of(c.channel);
    row.conversions = c.conversions;
    row.value = c.value;
    row.share = c.share;
    row.ci_low = c.ci_low ? *c.ci_low : std::nan("");
    row.ci_high = c.ci_high ? *c.ci_high : std::nan("");
    row.removal_effect = c.removal_effect ? *c.removal_effect : std::nan("");
    target.write(row);
  });
}

int mf_attribution_totals(const mf_attribution* result, double* conversions, double* value, double* nulls,
                          uint64_t* touches_after_conversion, uint64_t* conversions_without_touches) {
  return guard("mf_attribution_totals", [&] {
    const mf::AttributionTotals& t = arg(result, "result").result.totals;
    maybe_set(conversions, t.conversions);
    maybe_set(value, t.value);
    maybe_set(nulls, t.nulls);
    maybe_set(touches_after_conversion, t.touches_after_conversion);
    maybe_set(conversions_without_touches, t.conversions_without_touches);
  });
}

int mf_attribution_csv(mf_text** out, const mf_attribution* result, int32_t table) {
  return guard("mf_attribution_csv", [&] {
    auto& text = arg(out, "out");
    const mf_attribution& h = arg(result, "result");
    if (table != MF_ATTRIBUTION_TABLE_CREDITS && table != MF_ATTRIBUTION_TABLE_COSTS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_attribution_table ", table));
    text = new mf_text{unwrap(mf::attribution_csv(h.result, static_cast<mf::AttributionTable>(table)), MF_EINVAL)};
  });
}

int mf_attribution_json(mf_text** out, const mf_attribution* result) {
  return guard("mf_attribution_json", [&] {
    auto& text = arg(out, "out");
    const mf_attribution& h = arg(result, "result");
    text = new mf_text{unwrap(mf::attribution_json(h.result), MF_EINVAL)};
  });
}
