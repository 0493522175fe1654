// Mapping::from_json(): the JSON schema of docs/mapping.md, checked strictly.
//
// A mapping is written by hand, so every mistake is reported with the JSON
// path where it sits (`$.tables[2].stage_dates[1].fromat: unknown key`):
// unknown keys (typos), duplicate keys (nlohmann would silently keep the
// last), wrong types, and the rules that span tables. Errors are thrown as
// MappingError inside this file and turned into a Status at the one public
// entry point, so the schema code reads as a straight description.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ingest/mapping_impl.hpp"
#include "ingest/mapping_schema.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel {
namespace {

using internal::AttributeSpec;
using internal::JsonObject;
using internal::MappingError;
using internal::TableKind;
using internal::TableSpec;
using internal::Json;

// Stage ids the mapping names, with where, checked against the graph.
using StageRefs = std::vector<std::pair<std::string, std::string>>;

void add_stage_refs(const JsonObject& o, std::string_view key, StageRefs& refs,
                    std::vector<std::string>& out) {
  const Json* list = o.find(key);
  if (list == nullptr) return;
  const std::string path = o.path(key);
  if (!list->is_array() || list->empty()) throw MappingError{path, "expected a non-empty array of stage ids"};
  for (std::size_t i = 0; i < list->size(); ++i) {
    out.push_back(internal::non_empty_string((*list)[i], internal::index_path(path, i)));
    refs.emplace_back(out.back(), internal::index_path(path, i));
  }
}

internal::StageSpec parse_stage(const Json& j, const std::string& path, StageRefs& refs,
                                bool constant_allowed) {
  internal::StageSpec s;
  if (j.is_string()) {
    s.column = internal::non_empty_string(j, path);
    return s;
  }
  JsonObject o(j, path, constant_allowed ? std::vector<std::string_view>{"column", "values", "value"}
                                         : std::vector<std::string_view>{"column", "values"});
  if (o.find("value") != nullptr) {
    // A table whose every row is one stage (a closed-deals file).
    if (o.find("column") != nullptr || o.find("values") != nullptr) {
      throw MappingError{o.path("value"), "a constant stage takes no \"column\" or \"values\""};
    }
    s.constant = o.required_string("value");
    refs.emplace_back(*s.constant, o.path("value"));
    return s;
  }
  s.column = o.required_string("column");
  if (const Json* values = o.find("values")) {
    JsonObject v(*values, o.path("values"));  // any key: raw values are free text
    for (const auto& [raw, id] : values->items()) {
      const std::string p = internal::key_path(o.path("values"), raw);
      s.aliases.emplace_back(raw, internal::non_empty_string(id, p));
      refs.emplace_back(s.aliases.back().second, p);
    }
  }
  return s;
}

// A date column: a column name (ISO 8601) or {"column": c, "format": f}.
internal::DateColumnSpec parse_date_column(const Json& j, const std::string& path) {
  internal::DateColumnSpec d;
  if (j.is_string()) {
    d.column = internal::non_empty_string(j, path);
    return d;
  }
  JsonObject o(j, path, {"column", "format"});
  d.column = o.required_string("column");
  if (const Json* f = o.find("format")) d.format = internal::parse_time_format(*f, o.path("format"));
  return d;
}

std::optional<std::string> optional_column(const JsonObject& o, std::string_view key) {
  if (o.find(key) == nullptr) return std::nullopt;
  return o.required_string(key);
}

internal::UnknownRecords parse_unknown_records(const JsonObject& o) {
  const std::string u = o.required_string("unknown_records");
  if (u == "error") return internal::UnknownRecords::kError;
  if (u == "create") return internal::UnknownRecords::kCreate;
  if (u == "skip") return internal::UnknownRecords::kSkip;
  throw MappingError{o.path("unknown_records"),
                     "expected \"error\" or \"create\" (or \"skip\"), found \"" + u + "\""};
}

// A history table's "stage" / "amount" / "close_date": which value of the
// field column names that field ({"field": "StageName", ...}).
internal::HistorySpec parse_history(const JsonObject& o, StageRefs& refs,
                                    std::optional<internal::StageSpec>& stage) {
  internal::HistorySpec h;
  h.field_column = o.required_string("field");
  h.new_column = o.required_string("new");
  if (o.find("old")) h.old_column = o.required_string("old");
  if (const Json* s = o.find("stage")) {
    JsonObject so(*s, o.path("stage"), {"field", "values"});
    h.stage_field = so.required_string("field");
    internal::StageSpec spec;
    spec.column = h.new_column;  // stage values are the new values of the stage field
    if (const Json* values = so.find("values")) {
      JsonObject v(*values, so.path("values"));
      for (const auto& [raw, id] : values->items()) {
        const std::string p = internal::key_path(so.path("values"), raw);
        spec.aliases.emplace_back(raw, internal::non_empty_string(id, p));
        refs.emplace_back(spec.aliases.back().second, p);
      }
    }
    stage = std::move(spec);
  }
  if (const Json* a = o.find("amount")) {
    JsonObject ao(*a, o.path("amount"), {"field"});
    h.amount_field = ao.required_string("field");
  }
  if (const Json* c = o.find("close_date")) {
    JsonObject co(*c, o.path("close_date"), {"field", "format"});
    h.close_date_field = co.required_string("field");
    if (const Json* f = co.find("format")) h.close_date_format = internal::parse_time_format(*f, co.path("format"));
  }
  if (!h.stage_field && !h.amount_field && !h.close_date_field) {
    throw MappingError{o.path("stage"), "a history table names at least one of \"stage\", \"amount\", \"close_date\""};
  }
  if (o.find("other_fields")) {
    const std::string v = o.required_string("other_fields");
    if (v != "error" && v != "skip") {
      throw MappingError{o.path("other_fields"), "expected \"error\" or \"skip\", found \"" + v + "\""};
    }
    h.skip_other_fields = v == "skip";
  }
  return h;
}

internal::AmountSpec parse_amount(const Json& j, const std::string& path, bool wide,
                                  StageRefs& refs) {
  internal::AmountSpec a;
  if (j.is_string()) {
    a.column = internal::non_empty_string(j, path);
    return a;
  }
  JsonObject o(j, path, wide ? std::vector<std::string_view>{"column", "stages"}
                             : std::vector<std::string_view>{"column"});
  a.column = o.required_string("column");
  add_stage_refs(o, "stages", refs, a.stages);
  return a;
}

std::vector<internal::StageDateSpec> parse_stage_dates(const Json& j, const std::string& path,
                                                       StageRefs& refs, bool current_stage_allowed) {
  if (!j.is_array()) throw MappingError{path, internal::expected("an array", j)};
  std::vector<internal::StageDateSpec> dates;
  for (std::size_t i = 0; i < j.size(); ++i) {
    JsonObject o(j[i], internal::index_path(path, i), {"column", "stage", "stages", "format"});
    internal::StageDateSpec d;
    d.column = o.required_string("column");
    if (o.find("stage") != nullptr && o.find("stages") != nullptr) {
      throw MappingError{o.path("stages"), "give either \"stage\" or \"stages\", not both"};
    }
    if (o.find("stage") != nullptr) {
      d.stages.push_back(o.required_string("stage"));
      refs.emplace_back(d.stages.back(), o.path("stage"));
    } else if (o.find("stages") != nullptr) {
      if (!current_stage_allowed) {
        throw MappingError{o.path("stages"), "only a wide table has a current stage; give \"stage\""};
      }
      d.current_stage = true;
      add_stage_refs(o, "stages", refs, d.stages);
    } else {
      throw MappingError{o.path("stage"), current_stage_allowed ? "required key missing (or give \"stages\")"
                                                                : "required key missing"};
    }
    if (const Json* f = o.find("format")) d.format = internal::parse_time_format(*f, o.path("format"));
    dates.push_back(std::move(d));
  }
  return dates;
}

std::vector<std::string_view> allowed_keys(TableKind kind) {
  std::vector<std::string_view> keys = {"name", "kind", "file", "missing"};
  switch (kind) {
    case TableKind::kRecords: keys.insert(keys.end(), {"id", "attributes", "links", "stage_dates"}); break;
    case TableKind::kEvents:
      keys.insert(keys.end(), {"record", "stage", "time", "amount", "reason", "actor",
                               "unknown_records", "close_date"});
      break;
    case TableKind::kWide:
      keys.insert(keys.end(), {"id", "stage", "stage_dates", "amount", "reason", "actor",
                               "attributes", "unknown_records"});
      break;
    case TableKind::kSide: keys.insert(keys.end(), {"key", "join", "attributes", "stage_dates"}); break;
    case TableKind::kHistory:
      keys.insert(keys.end(), {"record", "field", "old", "new", "time", "stage", "amount", "close_date",
                               "other_fields", "unknown_records", "actor", "reason"});
      break;
    case TableKind::kTouches:
      keys.insert(keys.end(), {"record", "time", "campaign", "channel", "interaction", "cost",
                               "utm_source", "utm_medium", "utm_campaign", "unknown_records"});
      break;
    case TableKind::kCampaigns:
      keys.insert(keys.end(), {"id", "campaign_name", "type", "cost", "start"});
      break;
  }
  return keys;
}

void parse_time(const JsonObject& o, TableSpec& t) {
  const Json& time = o.required("time");
  const internal::DateColumnSpec d = parse_date_column(time, o.path("time"));
  t.time_column = d.column;
  t.time_format = d.format;
}

// Parses one table; cross-table rules are checked by check_tables().
TableSpec parse_table(const Json& j, const std::string& path, const std::filesystem::path& base,
                      const std::vector<std::string>& missing, StageRefs& refs,
                      std::optional<internal::UnknownRecords>& unknown_records) {
  TableSpec t;
  t.kind = internal::parse_table_kind(j, path);
  JsonObject o(j, path, allowed_keys(t.kind));
  t.name = o.required_string("name");
  t.file = internal::resolve(base, o.required_string("file"));
  t.missing = o.find("missing") ? internal::string_list(*o.find("missing"), o.path("missing"))
                                : missing;
  const bool wide = t.kind == TableKind::kWide;
  switch (t.kind) {
    case TableKind::kRecords:
    case TableKind::kWide:
    case TableKind::kCampaigns: t.id_column = o.required_string("id"); break;
    case TableKind::kEvents:
    case TableKind::kHistory:
    case TableKind::kTouches: t.id_column = o.required_string("record"); break;
    case TableKind::kSide:
      t.id_column = o.required_string("key");
      t.join = o.required_string("join");
      break;
  }
  if (t.kind == TableKind::kEvents || wide) {
    t.stage = parse_stage(o.required("stage"), o.path("stage"), refs, /*constant_allowed=*/!wide);
    if (const Json* a = o.find("amount")) t.amount = parse_amount(*a, o.path("amount"), wide, refs);
    if (o.find("reason")) t.reason_column = o.required_string("reason");
  }
  if (t.kind == TableKind::kEvents || wide || t.kind == TableKind::kHistory) {
    if (o.find("actor")) t.actor_column = o.required_string("actor");
  }
  if (t.kind == TableKind::kHistory && o.find("reason")) t.reason_column = o.required_string("reason");
  if (t.kind == TableKind::kEvents || t.kind == TableKind::kHistory || t.kind == TableKind::kTouches) {
    parse_time(o, t);
  }
  if (t.kind == TableKind::kEvents) {
    if (const Json* c = o.find("close_date")) t.close_date = parse_date_column(*c, o.path("close_date"));
  }
  if (o.find("unknown_records")) unknown_records = parse_unknown_records(o);
  if (t.kind == TableKind::kHistory) t.history = parse_history(o, refs, t.stage);
  if (t.kind == TableKind::kTouches) {
    t.touch.campaign = optional_column(o, "campaign");
    t.touch.channel = optional_column(o, "channel");
    t.touch.interaction = optional_column(o, "interaction");
    t.touch.cost = optional_column(o, "cost");
    t.touch.utm_source = optional_column(o, "utm_source");
    t.touch.utm_medium = optional_column(o, "utm_medium");
    t.touch.utm_campaign = optional_column(o, "utm_campaign");
  }
  if (t.kind == TableKind::kCampaigns) {
    t.campaign.name = optional_column(o, "campaign_name");
    t.campaign.type = optional_column(o, "type");
    t.campaign.cost = optional_column(o, "cost");
    if (const Json* st = o.find("start")) t.campaign.start = parse_date_column(*st, o.path("start"));
  }
  if (t.kind == TableKind::kRecords && o.find("links")) {
    t.links = internal::string_list(*o.find("links"), o.path("links"));
    for (std::size_t i = 0; i < t.links.size(); ++i) {
      if (t.links[i].empty()) throw MappingError{internal::index_path(o.path("links"), i), "must not be empty"};
    }
  }
  if (const Json* d = o.find("stage_dates")) t.stage_dates = parse_stage_dates(*d, o.path("stage_dates"), refs, wide);
  if (const Json* a = o.find("attributes")) {
    JsonObject attrs(*a, o.path("attributes"));  // any key: attribute names
    for (const auto& [name, spec] : a->items()) {
      t.attributes.push_back(internal::parse_attribute(name, spec, internal::key_path(o.path("attributes"), name)));
    }
  }
  return t;
}

// Rules spanning tables: names, the legal kind combinations, joins,
// attribute-name collisions, and the unknown_records defaults (set here).
// @p tables and @p paths are in file order.
void check_tables(std::vector<TableSpec>& tables, const std::vector<std::string>& paths,
                  const std::vector<std::optional<internal::UnknownRecords>>& unknown) {
  std::optional<std::size_t> records;
  std::size_t wides = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (tables[k].name == tables[i].name) {
        throw MappingError{paths[i] + ".name", "duplicate table name '" + tables[i].name +
                                                   "' (also " + paths[k] + ")"};
      }
    }
    const TableKind kind = tables[i].kind;
    if (kind == TableKind::kRecords) {
      if (records) throw MappingError{paths[i] + ".kind", "a mapping has at most one records table (also " + paths[*records] + ")"};
      records = i;
    }
    if (kind == TableKind::kWide) ++wides;
  }
  // unknown_records: "error" needs another table that defines records.
  for (std::size_t i = 0; i < tables.size(); ++i) {
    TableSpec& t = tables[i];
    const bool keyed = t.kind == TableKind::kEvents || t.kind == TableKind::kWide ||
                       t.kind == TableKind::kHistory || t.kind == TableKind::kTouches;
    if (!keyed) continue;
    const bool others_define = records.has_value() || wides > (t.kind == TableKind::kWide ? 1u : 0u);
    const bool defaults_to_error = t.kind == TableKind::kWide ? records.has_value() : others_define;
    t.unknown_records = unknown[i].value_or(defaults_to_error ? internal::UnknownRecords::kError
                                                              : internal::UnknownRecords::kCreate);
    if (t.unknown_records == internal::UnknownRecords::kError && !others_define) {
      throw MappingError{paths[i] + ".unknown_records", "\"error\" needs a records table to define the records"};
    }
    t.create_unknown_records = t.unknown_records == internal::UnknownRecords::kCreate;
  }
  // Attribute names seen so far, with the table that defines them. Tables
  // that define records (records, wide) may share a name of the same type:
  // a record both define must then have the same value in both.
  std::vector<std::pair<const AttributeSpec*, const TableSpec*>> seen;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableSpec& t = tables[i];
    if (t.kind != TableKind::kRecords && t.kind != TableKind::kWide) continue;
    for (const AttributeSpec& a : t.attributes) {
      for (const auto& [other, owner] : seen) {
        if (other->name == a.name && other->type != a.type) {
          throw MappingError{internal::key_path(paths[i] + ".attributes", a.name),
                             "attribute already defined by table '" + owner->name + "' as " +
                                 std::string(to_string(other->type))};
        }
      }
      seen.emplace_back(&a, &t);
    }
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableSpec& t = tables[i];
    if (t.kind != TableKind::kSide) continue;
    if (!records && wides == 0) throw MappingError{paths[i] + ".kind", "a side table needs a records or wide table to join to"};
    const AttributeSpec* join = nullptr;
    for (const auto& [a, owner] : seen) {
      if (a->name == t.join) join = a;
    }
    if (join == nullptr) {
      throw MappingError{paths[i] + ".join", "no attribute '" + t.join + "' is defined by the records, wide or an earlier side table"};
    }
    if (join->type != AttributeType::kString) {
      throw MappingError{paths[i] + ".join", "attribute '" + t.join + "' must be of type string to join on"};
    }
    for (const AttributeSpec& a : t.attributes) {
      for (const auto& [other, owner] : seen) {
        if (other->name == a.name) {
          throw MappingError{internal::key_path(paths[i] + ".attributes", a.name),
                             "attribute name already defined by table '" + owner->name + "'"};
        }
      }
    }
    for (const AttributeSpec& a : t.attributes) seen.emplace_back(&a, &t);
  }
}

}  // namespace

absl::StatusOr<Mapping> Mapping::from_json(std::string_view text,
                                           const std::filesystem::path& base_dir) {
  try {
    // The first repeated key is noted and reported after the parse, so a
    // syntax error anywhere in the file is reported first.
    std::optional<std::string> duplicate;
    internal::JsonPathTracker duplicates([&](const std::string& path, internal::JsonProblem) {
      if (!duplicate) duplicate = path;
    });
    Json root;
    try {
      root = Json::parse(text.begin(), text.end(), std::ref(duplicates), true, true);
    } catch (const Json::parse_error& e) {
      std::string_view what = e.what();
      if (auto p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
      return absl::InvalidArgumentError("mapping JSON: " + std::string(what));
    }
    if (duplicate) throw MappingError{*duplicate, "duplicate key"};

    auto impl = std::make_shared<Impl>();
    JsonObject top(root, "$", {"version", "graph", "missing", "tables"});
    const Json& version = top.required("version");
    if (!version.is_number_integer() || version.get<long long>() != 1) {
      throw MappingError{"$.version", "unsupported version " + version.dump() + " (expected 1)"};
    }
    impl->missing = top.find("missing") ? internal::string_list(*top.find("missing"), "$.missing")
                                        : std::vector<std::string>{""};
    const Json& tables = top.required("tables");
    if (!tables.is_array() || tables.empty()) {
      throw MappingError{"$.tables", internal::expected("a non-empty array of tables", tables)};
    }
    StageRefs refs;
    std::vector<TableSpec> parsed;
    std::vector<std::string> paths;
    std::vector<std::optional<internal::UnknownRecords>> unknown;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      paths.push_back(internal::index_path("$.tables", i));
      unknown.emplace_back();
      parsed.push_back(parse_table(tables[i], paths.back(), base_dir, impl->missing, refs, unknown.back()));
    }
    check_tables(parsed, paths, unknown);

    if (top.find("graph")) {
      impl->graph_file = internal::resolve(base_dir, top.required_string("graph"));
      auto graph = StageGraph::load_json_file(*impl->graph_file);
      if (!graph.ok()) throw MappingError{"$.graph", std::string(graph.status().message())};
      for (const auto& [id, path] : refs) {
        if (graph->find_stage(id) == nullptr) {
          throw MappingError{path, "stage '" + id + "' is not in the graph " + impl->graph_file->string()};
        }
      }
      impl->graph = *std::move(graph);
    }

    // Loading order: the tables that define records first, then those that
    // add to them, side tables last (they join on the attributes).
    for (TableKind kind : {TableKind::kRecords, TableKind::kWide, TableKind::kEvents, TableKind::kHistory,
                           TableKind::kTouches, TableKind::kCampaigns, TableKind::kSide}) {
      for (TableSpec& t : parsed) {
        if (t.kind == kind) impl->tables.push_back(std::move(t));
      }
    }
    return Mapping(std::move(impl));
  } catch (const MappingError& e) {
    return absl::InvalidArgumentError(absl::StrCat(e.path, ": ", e.message));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("mapping: ", e.what()));
  }
}

}  // namespace modelfunnel
