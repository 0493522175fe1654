// FitModel::parse(): the fit-model file (docs/tiering.md, "The fit model").
// The reading code throws FitError for the first problem, with its JSON
// path and rule id; parse() is the one place that catches it, so the code
// below reads as the schema.
#include <cmath>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/json_path.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {

namespace internal::tiering {
namespace {

using Json = nlohmann::ordered_json;

struct FitError {
  std::string path, rule, message;
};

absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

[[noreturn]] void fail(std::string path, std::string rule, std::string message) {
  throw FitError{std::move(path), std::move(rule), std::move(message)};
}

/// A position in the file.
struct At {
  const Json& json;
  std::string path;

  At operator[](std::string_view key) const { return {json.at(std::string(key)), json_key_path(path, key)}; }
  At operator[](std::size_t i) const { return {json.at(i), json_index_path(path, i)}; }
  bool has(std::string_view key) const { return json.contains(std::string(key)); }

  void object(std::initializer_list<std::string_view> allowed, std::initializer_list<std::string_view> required = {}) const {
    if (!json.is_object()) fail(path, "fit.type", absl::StrCat("expected an object, found ", json.type_name()));
    for (const auto& [key, value] : json.items()) {
      bool known = false;
      for (std::string_view a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (std::string_view a : allowed) absl::StrAppend(&list, list.empty() ? "" : ", ", av(a));
        fail(json_key_path(path, key), "fit.key", absl::StrCat("unknown key (expected one of ", list, ")"));
      }
    }
    for (std::string_view r : required)
      if (!has(r)) fail(json_key_path(path, r), "fit.key", "missing");
  }
  std::string text() const {
    if (!json.is_string()) fail(path, "fit.type", absl::StrCat("expected a string, found ", json.type_name()));
    std::string s = json.get<std::string>();
    if (is_blank(s)) fail(path, "fit.value", "expected a non-empty string");
    return s;
  }
  double number() const {
    if (!json.is_number()) fail(path, "fit.type", absl::StrCat("expected a number, found ", json.type_name()));
    const double v = json.get<double>();
    if (!std::isfinite(v)) fail(path, "fit.value", "expected a finite number");
    return v;
  }
  std::size_t array() const {
    if (!json.is_array()) fail(path, "fit.type", absl::StrCat("expected an array, found ", json.type_name()));
    if (json.empty()) fail(path, "fit.value", "expected a non-empty array");
    return json.size();
  }
};

void min_max(Attribute& a, double p, bool first) {
  if (first || p < a.min_points) a.min_points = p;
  if (first || p > a.max_points) a.max_points = p;
}

Attribute read_attribute(const At& at) {
  at.object({"name", "column", "categorical", "aliases", "other", "buckets", "linear", "boolean", "missing"}, {"name"});
  Attribute a;
  a.name = at["name"].text();
  a.column = at.has("column") ? at["column"].text() : a.name;
  int kinds = 0;
  for (std::string_view k : {"categorical", "buckets", "linear", "boolean"}) kinds += at.has(k);
  if (kinds != 1)
    fail(at.path, "fit.kind", "give exactly one of categorical, buckets, linear, boolean");
  if (!at.has("categorical"))
    for (std::string_view k : {"aliases", "other"})
      if (at.has(k)) fail(json_key_path(at.path, k), "fit.key", "only for a categorical attribute");
  if (at.has("categorical")) {
    a.kind = FitAttributeKind::kCategorical;
    const At table = at["categorical"];
    if (!table.json.is_object())
      fail(table.path, "fit.type", absl::StrCat("expected an object of value: points, found ", table.json.type_name()));
  }
  bool first = true;
  if (at.has("categorical")) {
    const At table = at["categorical"];
    if (table.json.empty()) fail(table.path, "fit.value", "expected at least one value");
    for (const auto& [value, points] : table.json.items()) {
      const At p{points, json_key_path(table.path, value)};
      const std::string key = normalise(value);
      if (key.empty()) fail(p.path, "fit.value", "a blank value cannot have points (blank is missing)");
      if (!a.table.emplace(key, p.number()).second)
        fail(p.path, "fit.duplicate", absl::StrCat("the same value as another once case and spaces are ignored"));
      min_max(a, p.number(), first);
      first = false;
    }
    if (at.has("aliases")) {
      const At aliases = at["aliases"];
      if (!aliases.json.is_object())
        fail(aliases.path, "fit.type", absl::StrCat("expected an object, found ", aliases.json.type_name()));
      for (const auto& [alias, target] : aliases.json.items()) {
        const At t{target, json_key_path(aliases.path, alias)};
        const auto it = a.table.find(normalise(t.text()));
        if (it == a.table.end()) fail(t.path, "fit.alias", "names a value that is not in the categorical table");
        // Copied before emplace(), which may move the table's entries.
        const double points = it->second;
        const std::string key = normalise(alias);
        if (key.empty()) fail(t.path, "fit.value", "a blank alias");
        if (!a.table.emplace(key, points).second)
          fail(t.path, "fit.duplicate", "the alias is already a value or alias");
      }
    }
    a.other = at.has("other") ? at["other"].number() : 0.0;
    min_max(a, a.other, false);
  } else if (at.has("buckets")) {
    a.kind = FitAttributeKind::kBuckets;
    const At list = at["buckets"];
    const std::size_t n = list.array();
    for (std::size_t i = 0; i < n; ++i) {
      const At b = list[i];
      b.object({"below", "points"}, {"points"});
      Bucket bucket;
      bucket.points = b["points"].number();
      if (b.has("below")) {
        bucket.below = b["below"].number();
        if (i > 0 && !(*bucket.below > *a.buckets.back().below))
          fail(b["below"].path, "fit.value", "bounds must increase from bucket to bucket");
      }
      if ((i + 1 < n) != bucket.below.has_value())
        fail(b.path, "fit.value", i + 1 < n ? "every bucket but the last needs \"below\""
                                             : "the last bucket has no \"below\" (it takes the rest)");
      min_max(a, bucket.points, first);
      first = false;
      a.buckets.push_back(bucket);
    }
  } else if (at.has("linear")) {
    a.kind = FitAttributeKind::kLinear;
    const At line = at["linear"];
    line.object({"from", "to"}, {"from", "to"});
    auto point = [&](const At& p, double& x, double& y) {
      if (!p.json.is_array() || p.json.size() != 2)
        fail(p.path, "fit.type", "expected [value, points]");
      x = p[std::size_t{0}].number();
      y = p[std::size_t{1}].number();
    };
    point(line["from"], a.x0, a.p0);
    point(line["to"], a.x1, a.p1);
    if (!(a.x1 > a.x0)) fail(line["to"].path, "fit.value", "the second value must be above the first");
    min_max(a, a.p0, true);
    min_max(a, a.p1, false);
  } else {
    a.kind = FitAttributeKind::kBoolean;
    const At yes_no = at["boolean"];
    yes_no.object({"true", "false"}, {"true", "false"});
    a.if_true = yes_no["true"].number();
    a.if_false = yes_no["false"].number();
    min_max(a, a.if_true, true);
    min_max(a, a.if_false, false);
  }
  if (at.has("missing")) {
    const At m = at["missing"];
    if (m.json.is_string()) {
      if (m.json.get<std::string>() != "range")
        fail(m.path, "fit.value", "expected \"range\" or a number of points");
    } else {
      a.missing_points = m.number();
    }
  }
  return a;
}

/// A list of names (channels, roles): strings, each normalised.
std::vector<std::string> read_names(const At& at) {
  if (!at.json.is_array()) fail(at.path, "fit.type", absl::StrCat("expected an array of strings, found ", at.json.type_name()));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < at.json.size(); ++i) {
    std::string name = normalise(at[i].text());
    for (const auto& o : out)
      if (o == name) fail(at[i].path, "fit.duplicate", "listed twice (case and spaces are ignored)");
    out.push_back(std::move(name));
  }
  return out;
}

std::uint64_t read_count(const At& at, std::uint64_t most) {
  const double v = at.number();
  if (v < 0 || v > static_cast<double>(most) || v != std::floor(v))
    fail(at.path, "fit.value", absl::StrCat("expected a whole number from 0 to ", most));
  return static_cast<std::uint64_t>(v);
}

/// The model's `plays`: each names a tier and overrides the keys it gives.
void read_plays(const At& at, FitModelData& model) {
  for (const auto& t : model.tiers) model.plays.push_back(default_play(t.name));
  if (!at.json.is_array()) fail(at.path, "fit.type", absl::StrCat("expected an array, found ", at.json.type_name()));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < at.json.size(); ++i) {
    const At p = at[i];
    p.object({"tier", "channels", "personalisation", "min_contacts", "key_roles", "min_cadence_months",
              "max_silence_days", "touches_per_month", "required_channels", "campaign_channels"},
             {"tier"});
    const std::string tier = p["tier"].text();
    TierPlay* play = nullptr;
    for (auto& q : model.plays)
      if (q.tier == tier) play = &q;
    if (!play) fail(p["tier"].path, "fit.play", "names no tier of the model");
    if (!seen.insert(tier).second) fail(p["tier"].path, "fit.duplicate", "another play is for this tier");
    if (p.has("channels")) play->channels = read_names(p["channels"]);
    if (p.has("personalisation")) {
      const std::string v = p["personalisation"].text();
      if (v != "account" && v != "industry" && v != "mass")
        fail(p["personalisation"].path, "fit.value", "expected \"account\", \"industry\" or \"mass\"");
      play->personalisation = v;
    }
    if (p.has("min_contacts")) play->min_contacts = read_count(p["min_contacts"], 1000000);
    if (p.has("key_roles")) play->key_roles = read_names(p["key_roles"]);
    if (p.has("min_cadence_months")) play->min_cadence_months = read_count(p["min_cadence_months"], 1200);
    if (p.has("max_silence_days")) play->max_silence_days = read_count(p["max_silence_days"], 36500);
    if (p.has("touches_per_month")) {
      play->touches_per_month = p["touches_per_month"].number();
      if (play->touches_per_month < 0 || play->touches_per_month > 1e6)
        fail(p["touches_per_month"].path, "fit.value", "expected a number from 0 to 1,000,000");
    }
    if (p.has("required_channels")) play->required_channels = read_names(p["required_channels"]);
    if (p.has("campaign_channels")) play->campaign_channels = read_names(p["campaign_channels"]);
  }
}

std::shared_ptr<FitModelData> read_model(const Json& json) {
  const At root{json, "$"};
  root.object({"version", "id", "attributes", "tiers", "while_uncertain", "stability_margin", "rollup", "territory",
               "owner", "plays"},
              {"version", "id", "attributes"});
  if (!root["version"].json.is_number_integer() || root["version"].json.get<std::int64_t>() != 1)
    fail(root["version"].path, "fit.version", "this library reads version 1");
  auto model = std::make_shared<FitModelData>();
  model->id_column = root["id"].text();
  const At attributes = root["attributes"];
  const std::size_t n = attributes.array();
  std::set<std::string> names;
  for (std::size_t i = 0; i < n; ++i) {
    model->attributes.push_back(read_attribute(attributes[i]));
    if (!names.insert(model->attributes.back().name).second)
      fail(attributes[i]["name"].path, "fit.duplicate", "another attribute has this name");
    if (model->attributes.back().column == model->id_column)
      fail(attributes[i].path, "fit.value", "the id column cannot be an attribute");
  }
  if (root.has("tiers")) {
    const At tiers = root["tiers"];
    const std::size_t k = tiers.array();
    double total = 0;
    std::set<std::string> tier_names;
    for (std::size_t i = 0; i < k; ++i) {
      const At t = tiers[i];
      t.object({"name", "share", "floor"}, {"name", "share"});
      TierDefinition d;
      d.name = t["name"].text();
      if (!tier_names.insert(d.name).second) fail(t["name"].path, "fit.duplicate", "another tier has this name");
      d.share = t["share"].number();
      if (d.share < 0 || d.share > 1) fail(t["share"].path, "fit.value", "a share is a fraction from 0 to 1");
      if (t.has("floor")) {
        if (i + 1 == k) fail(t["floor"].path, "fit.value", "the last tier takes every account left: it has no floor");
        d.floor = t["floor"].number();
      }
      total += d.share;
      model->tiers.push_back(std::move(d));
    }
    if (std::fabs(total - 1.0) > 1e-9)
      fail(tiers.path, "fit.share", absl::StrCat("the shares add up to ", total, ", not 1"));
  } else {
    model->tiers = {{"A", 0.15, std::nullopt}, {"B", 0.25, std::nullopt}, {"C", 0.60, std::nullopt}};
  }
  if (root.has("while_uncertain")) {
    const At w = root["while_uncertain"];
    const std::string v = w.text();
    if (v == "lowest") model->while_uncertain = WhileUncertain::kLowest;
    else if (v == "highest") model->while_uncertain = WhileUncertain::kHighest;
    else if (v == "midpoint") model->while_uncertain = WhileUncertain::kMidpoint;
    else fail(w.path, "fit.value", "expected \"lowest\", \"highest\" or \"midpoint\"");
  }
  if (root.has("stability_margin")) {
    model->stability_margin = root["stability_margin"].number();
    if (model->stability_margin < 0) fail(root["stability_margin"].path, "fit.value", "a margin is not negative");
  }
  if (root.has("rollup")) model->rollup_column = root["rollup"].text();
  if (root.has("territory")) model->territory_column = root["territory"].text();
  if (root.has("owner")) model->owner_column = root["owner"].text();
  if (root.has("plays")) {
    read_plays(root["plays"], *model);
  } else {
    for (const auto& t : model->tiers) model->plays.push_back(default_play(t.name));
  }
  model->json = json.dump();
  return model;
}

}  // namespace
}  // namespace internal::tiering

absl::StatusOr<FitModel> FitModel::parse(std::string_view json) {
  using namespace internal::tiering;
  return internal::no_throw("FitModel::parse", [&]() -> absl::StatusOr<FitModel> {
    try {
      Json parsed;
      try {
        // A key repeated in one object (nlohmann would keep the last
        // silently) or nesting deeper than a model has stops the parse.
        internal::JsonPathTracker guard([](const std::string& path, internal::JsonProblem problem) {
          if (problem == internal::JsonProblem::kTooDeep) fail(path, "fit.json", "nested too deeply for a fit model");
          fail(path, "fit.duplicate", "key given twice in one object");
        }, 16);
        parsed = Json::parse(json.begin(), json.end(), std::ref(guard), true, true);
      } catch (const Json::exception& e) {
        fail("$", "fit.json", e.what());
      }
      return FitModelAccess::make(read_model(parsed));
    } catch (const FitError& e) {
      return absl::InvalidArgumentError(absl::StrCat(e.path, ": ", e.rule, ": ", e.message));
    } catch (const Json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("$: fit.json: ", e.what()));
    }
  });
}

absl::StatusOr<FitModel> FitModel::load_file(const std::filesystem::path& path) {
  return internal::no_throw("FitModel::load_file", [&]() -> absl::StatusOr<FitModel> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat(path.string(), ": cannot open the fit model"));
    std::ostringstream text;
    text << in.rdbuf();
    auto model = parse(text.str());
    if (!model.ok()) return absl::Status(model.status().code(), absl::StrCat(path.string(), ": ", model.status().message()));
    return model;
  });
}

}  // namespace modelfunnel
