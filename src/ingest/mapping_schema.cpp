// Schema building blocks for mapping files; see ingest/mapping_schema.hpp.
#include "ingest/mapping_schema.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace modelfunnel::internal {



namespace {
constexpr std::string_view kTypeNames[] = {"string", "int64", "double", "bool", "timestamp"};

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view w : words) out.append(out.empty() ? "" : ", ").append(w);
  return out;
}
}  // namespace

std::string_view to_string(TableKind kind) {
  switch (kind) {
    case TableKind::kRecords: return "records";
    case TableKind::kEvents: return "events";
    case TableKind::kWide: return "wide";
    case TableKind::kSide: return "side";
    case TableKind::kHistory: return "history";
    case TableKind::kTouches: return "touches";
    case TableKind::kCampaigns: return "campaigns";
  }
  return "?";
}

std::string expected(std::string_view what, const Json& found) {
  return "expected " + std::string(what) + ", found " + found.type_name();
}

JsonObject::JsonObject(const Json& j, std::string path, const std::vector<std::string_view>& allowed)
    : JsonObject(j, std::move(path)) {
  for (const auto& item : j_.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      throw MappingError{key_path(path_, item.key()),
                         "unknown key (expected one of: " + join(allowed) + ")"};
    }
  }
}

JsonObject::JsonObject(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) throw MappingError{path_, expected("an object", j_)};
}

const Json* JsonObject::find(std::string_view key) const {
  auto it = j_.find(std::string(key));
  return it == j_.end() ? nullptr : &*it;
}

const Json& JsonObject::required(std::string_view key) const {
  const Json* v = find(key);
  if (v == nullptr) throw MappingError{path(key), "required key missing"};
  return *v;
}

std::string JsonObject::required_string(std::string_view key) const {
  return non_empty_string(required(key), path(key));
}

std::string non_empty_string(const Json& j, const std::string& path) {
  if (!j.is_string()) throw MappingError{path, expected("a string", j)};
  std::string s = j.get<std::string>();
  if (s.empty()) throw MappingError{path, "must not be empty"};
  return s;
}

std::vector<std::string> string_list(const Json& j, const std::string& path) {
  if (!j.is_array()) throw MappingError{path, expected("an array of strings", j)};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) throw MappingError{index_path(path, i), expected("a string", j[i])};
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

TimeFormat parse_time_format(const Json& j, const std::string& path) {
  const std::string spec = non_empty_string(j, path);
  if (spec == "iso8601") return TimeFormat::iso8601();
  auto format = TimeFormat::pattern(spec);
  if (!format.ok()) throw MappingError{path, std::string(format.status().message())};
  return *std::move(format);
}

TableKind parse_table_kind(const Json& j, const std::string& path) {
  const std::string kind = JsonObject(j, path).required_string("kind");
  for (TableKind k : {TableKind::kRecords, TableKind::kEvents, TableKind::kWide, TableKind::kSide,
                     TableKind::kHistory, TableKind::kTouches, TableKind::kCampaigns}) {
    if (kind == to_string(k)) return k;
  }
  throw MappingError{path + ".kind", absl::StrCat("unknown table kind \"", kind,
                                                  "\" (expected records, events, wide, side, history, "
                                                  "touches or campaigns)")};
}

AttributeSpec parse_attribute(const std::string& name, const Json& spec, const std::string& path) {
  AttributeSpec a;
  a.name = name;
  a.column = name;
  if (name.empty()) throw MappingError{path, "attribute name must not be empty"};
  std::string type_path = path;
  const Json* type = &spec;
  std::optional<JsonObject> o;
  if (!spec.is_string()) {
    o.emplace(spec, path, std::vector<std::string_view>{"type", "format", "column", "true", "false"});
    type = &o->required("type");
    type_path = o->path("type");
  }
  const std::string type_name = non_empty_string(*type, type_path);
  auto it = std::find(std::begin(kTypeNames), std::end(kTypeNames), type_name);
  if (it == std::end(kTypeNames)) {
    throw MappingError{type_path, absl::StrCat("unknown type \"", type_name,
                                               "\" (expected string, int64, double, bool or timestamp)")};
  }
  a.type = static_cast<AttributeType>(it - std::begin(kTypeNames));
  if (!o) return a;
  if (o->find("column")) a.column = o->required_string("column");
  if (const Json* f = o->find("format")) {
    if (a.type != AttributeType::kTimestamp) throw MappingError{o->path("format"), "only timestamp attributes have a format"};
    a.format = parse_time_format(*f, o->path("format"));
  }
  for (const char* key : {"true", "false"}) {
    const Json* list = o->find(key);
    if (list == nullptr) continue;
    if (a.type != AttributeType::kBool) throw MappingError{o->path(key), "only bool attributes have true/false spellings"};
    auto values = string_list(*list, o->path(key));
    (key[0] == 't' ? a.true_values : a.false_values) = std::move(values);
  }
  return a;
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& file) {
  std::filesystem::path p(file);
  if (p.is_absolute() || base.empty()) return p.lexically_normal();
  return (base / p).lexically_normal();
}

}  // namespace modelfunnel::internal
