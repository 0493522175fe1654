// The model file, written and read; see model_json.hpp.
#include "score/model_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "score/text.hpp"
#include "util/json_path.hpp"
#include "util/json_writer.hpp"

namespace modelfunnel::internal::score {
namespace {

using Json = nlohmann::json;

// ---------------------------------------------------------------- writing

void write_counts(JsonWriter& w, const Counts& c) {
  w.key("closed");
  w.value(std::uint64_t{c.closed});
  w.key("positives");
  w.value(std::uint64_t{c.positives});
}

void write_optional(JsonWriter& w, const std::string& s) {
  if (s.empty()) w.null();
  else w.value(s);
}

// ---------------------------------------------------------------- reading

/// A problem at a JSON path; thrown inside this file only.
struct ModelError {
  std::string path;
  std::string message;
};

[[noreturn]] void fail(std::string path, std::string message) {
  throw ModelError{std::move(path), std::move(message)};
}

std::string found(const Json& j) { return absl::StrCat("found ", j.type_name()); }

/// An object whose keys must all be in a list, and are all required.
class Object {
 public:
  Object(const Json& j, std::string path, std::initializer_list<std::string_view> keys)
      : j_(j), path_(std::move(path)) {
    if (!j.is_object()) fail(path_, absl::StrCat("expected an object, ", found(j)));
    for (const auto& item : j.items()) {
      if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
        fail(json_key_path(path_, item.key()), absl::StrCat("unknown key (expected ", absl::StrJoin(std::vector<std::string>(keys.begin(), keys.end()), ", "), ")"));
    }
    for (std::string_view k : keys) {
      if (!j.contains(std::string(k))) fail(path_, absl::StrCat("missing key \"", av(k), "\""));
    }
  }
  const Json& operator[](std::string_view key) const { return j_.at(std::string(key)); }
  std::string path(std::string_view key) const { return json_key_path(path_, key); }
  const std::string& path() const { return path_; }

 private:
  const Json& j_;
  std::string path_;
};

std::uint64_t count(const Json& j, const std::string& path) {
  if (!j.is_number_unsigned())
    fail(path, absl::StrCat("expected a count (a whole number >= 0), ", j.is_number() ? "found " + j.dump() : found(j)));
  return j.get<std::uint64_t>();
}

std::uint64_t whole(const Json& j, const std::string& path, std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t v = count(j, path);
  if (v < lo || v > hi) fail(path, absl::StrCat(v, " is not in ", lo, " to ", hi));
  return v;
}

double number(const Json& j, const std::string& path) {
  if (!j.is_number()) fail(path, absl::StrCat("expected a number, ", found(j)));
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(path, "expected a finite number");
  return v;
}

std::string text(const Json& j, const std::string& path) {
  if (!j.is_string()) fail(path, absl::StrCat("expected a string, ", found(j)));
  std::string s = j.get<std::string>();
  if (s.empty()) fail(path, "expected a non-empty string");
  return s;
}

/// A string, or "" for null.
std::string optional_text(const Json& j, const std::string& path) {
  if (j.is_null()) return {};
  if (!j.is_string()) fail(path, absl::StrCat("expected a string or null, ", found(j)));
  return text(j, path);
}

const Json& array(const Json& j, const std::string& path) {
  if (!j.is_array()) fail(path, absl::StrCat("expected an array, ", found(j)));
  return j;
}

/// {"closed", "positives"} (plus @p extra keys) at @p path.
Counts counts_of(const Object& o) {
  Counts c;
  c.closed = count(o["closed"], o.path("closed"));
  c.positives = count(o["positives"], o.path("positives"));
  if (c.positives > c.closed)
    fail(o.path("positives"), absl::StrCat(c.positives, " is more than closed (", c.closed, ")"));
  return c;
}

/// Adds @p c to @p sum, failing at @p path when the sum would exceed @p limit.
void add_within(Counts& sum, const Counts& c, const Counts& limit, const std::string& path, std::string_view what) {
  if (c.closed > limit.closed - sum.closed || c.positives > limit.positives - sum.positives)
    fail(path, absl::StrCat("the counts add up to more than ", av(what)));
  sum += c;
}

void check_sum(const Counts& sum, const Counts& want, const std::string& path, std::string_view what) {
  if (!(sum == want)) {
    fail(path, absl::StrCat("the counts add up to ", sum.closed, " closed and ", sum.positives,
                            " positives, but ", av(what), " has ", want.closed, " and ", want.positives));
  }
}

Settings read_settings(const Json& j) {
  Object o(j, "$.settings", {"outcome", "group_by", "bins", "prior_weight", "group_prior_weight",
                             "calibration", "folds", "seed", "max_levels"});
  Settings s;
  s.outcome = optional_text(o["outcome"], o.path("outcome"));
  s.group_by = optional_text(o["group_by"], o.path("group_by"));
  s.bins = static_cast<unsigned>(whole(o["bins"], o.path("bins"), 1, 100));
  s.prior_weight = number(o["prior_weight"], o.path("prior_weight"));
  if (!(s.prior_weight > 0 && s.prior_weight <= 1e9)) fail(o.path("prior_weight"), "must be in (0, 1e9]");
  s.group_prior_weight = number(o["group_prior_weight"], o.path("group_prior_weight"));
  if (!(s.group_prior_weight > 0 && s.group_prior_weight <= 1e9))
    fail(o.path("group_prior_weight"), "must be in (0, 1e9]");
  const std::string method = text(o["calibration"], o.path("calibration"));
  if (method == "isotonic") s.calibration = ScoreCalibration::kIsotonic;
  else if (method == "platt") s.calibration = ScoreCalibration::kPlatt;
  else fail(o.path("calibration"), absl::StrCat("unknown method \"", method, "\" (expected isotonic or platt)"));
  s.folds = static_cast<unsigned>(whole(o["folds"], o.path("folds"), 2, 50));
  s.seed = count(o["seed"], o.path("seed"));
  s.max_levels = static_cast<std::uint32_t>(whole(o["max_levels"], o.path("max_levels"), 1, 0xFFFFFFFFu));
  return s;
}

void read_feature(const Json& j, const std::string& path, ModelData& m) {
  if (!j.is_object() || !j.contains("kind")) {
    Object check(j, path, {"name", "kind", "levels"});  // names what is wrong
  }
  const std::string kind = j.at("kind").is_string() ? j.at("kind").get<std::string>() : std::string();
  Feature f;
  if (kind == "category") f.kind = ScoreFeatureKind::kCategory;
  else if (kind == "bool") f.kind = ScoreFeatureKind::kBool;
  else if (kind == "number") f.kind = ScoreFeatureKind::kNumber;
  else fail(json_key_path(path, "kind"), "expected \"category\", \"bool\" or \"number\"");
  const bool number_kind = f.kind == ScoreFeatureKind::kNumber;
  const Object o = number_kind ? Object(j, path, {"name", "kind", "edges", "levels"})
                               : Object(j, path, {"name", "kind", "levels"});
  f.name = text(o["name"], o.path("name"));
  for (const Feature& other : m.features)
    if (other.name == f.name) fail(o.path("name"), absl::StrCat("feature \"", f.name, "\" is listed twice"));
  if (f.name == m.settings.group_by) fail(o.path("name"), "the group attribute cannot be a feature");
  if (number_kind) {
    const Json& edges = array(o["edges"], o.path("edges"));
    if (edges.size() + 1 > m.settings.bins)
      fail(o.path("edges"), absl::StrCat(edges.size(), " edges make more bins than settings.bins (", m.settings.bins, ")"));
    for (std::size_t i = 0; i < edges.size(); ++i) {
      const double e = number(edges[i], json_index_path(o.path("edges"), i));
      if (!f.edges.empty() && !(e > f.edges.back())) fail(json_index_path(o.path("edges"), i), "edges must increase");
      f.edges.push_back(e);
    }
  }
  const Json& levels = array(o["levels"], o.path("levels"));
  std::vector<Counts> counts;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const std::string at = json_index_path(o.path("levels"), i);
    const Object level = number_kind ? Object(levels[i], at, {"closed", "positives"})
                                     : Object(levels[i], at, {"value", "closed", "positives"});
    if (f.kind == ScoreFeatureKind::kCategory) {
      const Json& v = level["value"];
      const bool last = i + 1 == levels.size();
      if (last) {
        if (!v.is_null()) fail(level.path("value"), "the last level is the unknown one: its value is null");
      } else {
        const std::string s = v.is_string() ? v.get<std::string>() : std::string();
        if (!v.is_string()) fail(level.path("value"), absl::StrCat("expected a string (null only for the last level), ", found(v)));
        if (!f.values.empty() && !(s > f.values.back()))
          fail(level.path("value"), "values must be in strictly increasing byte order");
        f.values.push_back(s);
      }
    } else if (f.kind == ScoreFeatureKind::kBool) {
      const Json& v = level["value"];
      const bool ok = (i == 0 && v.is_boolean() && !v.get<bool>()) || (i == 1 && v.is_boolean() && v.get<bool>()) ||
                      (i == 2 && v.is_null());
      if (!ok) fail(level.path("value"), "the levels of a bool feature are false, true and null, in that order");
    }
    counts.push_back(counts_of(level));
  }
  if (f.kind == ScoreFeatureKind::kCategory && f.values.size() > m.settings.max_levels)
    fail(o.path("levels"), absl::StrCat(f.values.size(), " values are more than settings.max_levels (",
                                        m.settings.max_levels, ")"));
  if (counts.size() != f.level_count()) {
    fail(o.path("levels"),
         f.kind == ScoreFeatureKind::kCategory
             ? std::string("expected the values, then the unknown level (value null)")
             : absl::StrCat("expected ", f.level_count(), " levels (",
                            f.kind == ScoreFeatureKind::kBool ? "false, true, unknown"
                                                              : "one per bin, then unknown",
                            "), found ", counts.size()));
  }
  Counts sum;
  for (std::size_t i = 0; i < counts.size(); ++i)
    add_within(sum, counts[i], m.total, json_index_path(o.path("levels"), i), "the model's closed records");
  check_sum(sum, m.total, o.path("levels"), "the model");
  m.features.push_back(std::move(f));
  m.levels.push_back(std::move(counts));
}

void read_group(const Json& j, const std::string& path, ModelData& m) {
  const Object o(j, path, {"value", "closed", "positives", "cells"});
  Group g;
  const Json& v = o["value"];
  if (!v.is_null()) {
    std::string s = text(v, o.path("value"));
    if (!m.groups.empty() && (!m.groups.back().value || !(s > *m.groups.back().value)))
      fail(o.path("value"), "groups must be in strictly increasing byte order of value, the null one last");
    g.value = std::move(s);
  } else if (!m.groups.empty() && !m.groups.back().value) {
    fail(o.path("value"), "only one group may have the value null");
  }
  g.total = counts_of(o);
  const Json& cells = array(o["cells"], o.path("cells"));
  if (cells.size() != m.features.size())
    fail(o.path("cells"), absl::StrCat("expected one list per feature (", m.features.size(), "), found ", cells.size()));
  for (std::size_t f = 0; f < cells.size(); ++f) {
    const std::string fp = json_index_path(o.path("cells"), f);
    const Json& list = array(cells[f], fp);
    std::vector<GroupCell> out;
    Counts sum;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string cp = json_index_path(fp, i);
      const Json& cell = list[i];
      if (!cell.is_array() || cell.size() != 3)
        fail(cp, "expected [level, closed, positives]");
      const std::uint64_t level = count(cell[0], json_index_path(cp, 0));
      if (level >= m.features[f].level_count())
        fail(json_index_path(cp, 0), absl::StrCat("level ", level, " is out of range (feature \"", m.features[f].name,
                                             "\" has ", m.features[f].level_count(), ")"));
      if (!out.empty() && level <= out.back().level) fail(json_index_path(cp, 0), "levels must increase");
      Counts c{count(cell[1], json_index_path(cp, 1)), count(cell[2], json_index_path(cp, 2))};
      if (c.positives > c.closed)
        fail(json_index_path(cp, 2), absl::StrCat(c.positives, " is more than closed (", c.closed, ")"));
      add_within(sum, c, g.total, cp, "the group's closed records");
      out.push_back({static_cast<std::uint32_t>(level), c});
    }
    check_sum(sum, g.total, fp, "the group");
    g.cells.push_back(std::move(out));
  }
  m.groups.push_back(std::move(g));
}

void read_calibration(const Json& j, ModelData& m) {
  const std::string path = "$.calibration";
  if (!j.is_object() || !j.contains("method") || !j.at("method").is_string())
    Object check(j, path, {"method"});
  const std::string method = j.at("method").is_string() ? j.at("method").get<std::string>() : std::string();
  const std::string want = std::string(to_string(m.settings.calibration));
  if (method != want)
    fail(json_key_path(path, "method"), absl::StrCat("expected \"", want, "\", as settings.calibration says"));
  if (m.settings.calibration == ScoreCalibration::kPlatt) {
    const Object o(j, path, {"method", "a", "b", "var_a", "cov_ab", "var_b"});
    Platt& p = m.platt;
    p.a = number(o["a"], o.path("a"));
    p.b = number(o["b"], o.path("b"));
    p.var_a = number(o["var_a"], o.path("var_a"));
    p.cov_ab = number(o["cov_ab"], o.path("cov_ab"));
    p.var_b = number(o["var_b"], o.path("var_b"));
    if (p.var_a < 0) fail(o.path("var_a"), "a variance cannot be negative");
    if (p.var_b < 0) fail(o.path("var_b"), "a variance cannot be negative");
    return;
  }
  const Object o(j, path, {"method", "blocks"});
  const Json& blocks = array(o["blocks"], o.path("blocks"));
  if (blocks.empty()) fail(o.path("blocks"), "expected at least one block");
  Counts sum;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::string at = json_index_path(o.path("blocks"), i);
    const Object b(blocks[i], at, {"raw_score", "closed", "positives"});
    Block block;
    block.raw_score = number(b["raw_score"], b.path("raw_score"));
    if (!m.blocks.empty() && !(block.raw_score > m.blocks.back().raw_score))
      fail(b.path("raw_score"), "raw scores of blocks must increase");
    block.counts = counts_of(b);
    if (block.counts.closed == 0) fail(b.path("closed"), "a block holds at least one record");
    add_within(sum, block.counts, m.total, at, "the model's closed records");
    m.blocks.push_back(block);
  }
  check_sum(sum, m.total, o.path("blocks"), "the model");
}

ModelData read_model(const Json& root) {
  // What the file is, and which version, before anything its version decides.
  if (root.is_object() && root.contains("format")) {
    const Json& format = root.at("format");
    if (!format.is_string() || format.get<std::string>() != kModelFormat)
      fail("$.format", absl::StrCat("expected \"", av(kModelFormat), "\": this is not a lead score model"));
  }
  if (root.is_object() && root.contains("version")) {
    const Json& version = root.at("version");
    if (!version.is_number_integer())
      fail("$.version", absl::StrCat("expected the number ", kModelVersion, ", ", found(version)));
    if (!version.is_number_unsigned() || version.get<std::uint64_t>() != kModelVersion)
      fail("$.version", absl::StrCat("unsupported version ", version.dump(), "; this library reads version ", kModelVersion));
  }
  const Object o(root, "$", {"format", "version", "settings", "closed", "positives", "features", "groups",
                             "calibration"});
  ModelData m;
  m.settings = read_settings(o["settings"]);
  m.total = counts_of(o);
  if (m.total.positives == 0 || m.total.positives == m.total.closed)
    fail(o.path("positives"), "a model is fitted on positives and negatives; one of them is 0");
  const Json& features = array(o["features"], o.path("features"));
  if (features.empty()) fail(o.path("features"), "expected at least one feature");
  for (std::size_t i = 0; i < features.size(); ++i) read_feature(features[i], json_index_path(o.path("features"), i), m);

  const Json& groups = array(o["groups"], o.path("groups"));
  if (m.settings.group_by.empty() && !groups.empty())
    fail(o.path("groups"), "settings.group_by is null, so there are no groups");
  if (!m.settings.group_by.empty() && groups.empty())
    fail(o.path("groups"), "settings.group_by names an attribute, so there is at least one group");
  std::size_t width = 0;
  for (const Feature& f : m.features) width += f.level_count();
  if (groups.size() * width > kMaxGroupCells)
    fail(o.path("groups"), absl::StrCat(groups.size(), " groups × ", width, " levels are more than the ",
                                        kMaxGroupCells, " group cells a model holds"));
  for (std::size_t i = 0; i < groups.size(); ++i) read_group(groups[i], json_index_path(o.path("groups"), i), m);
  if (!m.groups.empty()) {
    // The groups split the model's records, value by value.
    Counts total;
    for (std::size_t g = 0; g < m.groups.size(); ++g)
      add_within(total, m.groups[g].total, m.total, json_index_path(o.path("groups"), g), "the model's closed records");
    check_sum(total, m.total, o.path("groups"), "the model");
    for (std::size_t f = 0; f < m.features.size(); ++f) {
      std::vector<Counts> sums(m.features[f].level_count());
      for (const Group& g : m.groups)
        for (const GroupCell& c : g.cells[f]) sums[c.level] += c.counts;
      for (std::size_t l = 0; l < sums.size(); ++l) {
        if (!(sums[l] == m.levels[f][l]))
          check_sum(sums[l], m.levels[f][l],
                    absl::StrCat("$.groups[*].cells[", f, "] (level ", l, ")"),
                    absl::StrCat("$.features[", f, "].levels[", l, "]"));
      }
    }
  }
  read_calibration(o["calibration"], m);
  return m;
}

/// "line L, column C: <what nlohmann says>", both 1-based, column in bytes.
absl::Status syntax_error(std::string_view json, const Json::parse_error& e) {
  const std::size_t offset = std::min(e.byte == 0 ? 0 : e.byte - 1, json.size());
  const std::string_view before = json.substr(0, offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  std::string what = e.what();
  const std::size_t colon = what.find(": ", what.find("column"));
  if (colon != std::string::npos) what = what.substr(colon + 2);
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ", column ", offset - line_start + 1, ": ", what));
}

/// Empties @p j from the leaves up, without allocating. nlohmann's
/// destructor moves a container's children to a heap stack before freeing
/// them (to avoid deep recursion): an allocation inside a destructor, which
/// would terminate the program if memory ran out. Emptied containers free
/// without one. The parse guard keeps the depth, and so this recursion, small.
void dismantle(Json& j) noexcept {
  if (j.is_object()) {
    for (auto& item : j.items()) dismantle(item.value());
    j.get_ref<Json::object_t&>().clear();
  } else if (j.is_array()) {
    for (Json& child : j) dismantle(child);
    j.get_ref<Json::array_t&>().clear();
  }
}

/// Dismantles its document when it goes out of scope, however that happens.
struct Dismantled {
  Json& j;
  ~Dismantled() { dismantle(j); }
};

}  // namespace

std::string model_to_json(const ModelData& m) {
  JsonWriter w;
  w.begin_object();
  w.key("format");
  w.value(kModelFormat);
  w.key("version");
  w.value(std::int64_t{kModelVersion});
  w.key("settings");
  w.begin_object();
  const Settings& s = m.settings;
  w.key("outcome");
  write_optional(w, s.outcome);
  w.key("group_by");
  write_optional(w, s.group_by);
  w.key("bins");
  w.value(std::uint64_t{s.bins});
  w.key("prior_weight");
  w.value(s.prior_weight);
  w.key("group_prior_weight");
  w.value(s.group_prior_weight);
  w.key("calibration");
  w.value(to_string(s.calibration));
  w.key("folds");
  w.value(std::uint64_t{s.folds});
  w.key("seed");
  w.value(std::uint64_t{s.seed});
  w.key("max_levels");
  w.value(std::uint64_t{s.max_levels});
  w.end_object();
  write_counts(w, m.total);
  w.key("features");
  w.begin_array();
  for (std::size_t f = 0; f < m.features.size(); ++f) {
    const Feature& feature = m.features[f];
    w.begin_object();
    w.key("name");
    w.value(feature.name);
    w.key("kind");
    w.value(to_string(feature.kind));
    if (feature.kind == ScoreFeatureKind::kNumber) {
      w.key("edges");
      w.begin_array();
      for (double e : feature.edges) w.value(e);
      w.end_array();
    }
    w.key("levels");
    w.begin_array();
    for (std::uint32_t l = 0; l < feature.level_count(); ++l) {
      w.begin_object();
      if (feature.kind != ScoreFeatureKind::kNumber) {
        w.key("value");
        if (l == feature.unknown_level()) w.null();
        else if (feature.kind == ScoreFeatureKind::kBool) w.value(l == 1);
        else w.value(feature.values[l]);
      }
      write_counts(w, m.levels[f][l]);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("groups");
  w.begin_array();
  for (const Group& g : m.groups) {
    w.begin_object();
    w.key("value");
    if (g.value) w.value(*g.value);
    else w.null();
    write_counts(w, g.total);
    w.key("cells");
    w.begin_array();
    for (const auto& cells : g.cells) {
      w.begin_array();
      for (const GroupCell& c : cells) {
        w.begin_array();
        w.value(std::uint64_t{c.level});
        w.value(std::uint64_t{c.counts.closed});
        w.value(std::uint64_t{c.counts.positives});
        w.end_array();
      }
      w.end_array();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("calibration");
  w.begin_object();
  w.key("method");
  w.value(to_string(s.calibration));
  if (s.calibration == ScoreCalibration::kPlatt) {
    for (auto [name, value] : {std::pair{"a", m.platt.a}, std::pair{"b", m.platt.b},
                               std::pair{"var_a", m.platt.var_a}, std::pair{"cov_ab", m.platt.cov_ab},
                               std::pair{"var_b", m.platt.var_b}}) {
      w.key(name);
      w.value(value);
    }
  } else {
    w.key("blocks");
    w.begin_array();
    for (const Block& b : m.blocks) {
      w.begin_object();
      w.key("raw_score");
      w.value(b.raw_score);
      write_counts(w, b.counts);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.end_object();
  return std::move(w).finish();
}

absl::StatusOr<ModelData> model_from_json(std::string_view text) {
  try {
    Json root;
    const Dismantled dismantled{root};
    try {
      JsonPathTracker guard([](const std::string& path, JsonProblem problem) {
        fail(path, problem == JsonProblem::kTooDeep ? "nested too deeply for a model file" : "duplicate key");
      }, 16);
      root = Json::parse(text.begin(), text.end(), std::ref(guard), true, true);
    } catch (const Json::parse_error& e) {
      return syntax_error(text, e);
    } catch (const Json::exception& e) {
      // A number too large for a double carries no position; its message
      // quotes the number.
      std::string what = e.what();
      const std::size_t start = what.find("] ");
      return absl::InvalidArgumentError("invalid JSON: " + (start == std::string::npos ? what : what.substr(start + 2)));
    }
    return read_model(root);
  } catch (const ModelError& e) {
    return absl::InvalidArgumentError(absl::StrCat(e.path, ": ", e.message));
  }
}

}  // namespace modelfunnel::internal::score
