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
#include <set>
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

// Tracks where the parser is, so that a duplicate key can be reported with
// its JSON path; nlohmann's own parser keeps the last of two equal keys.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: stack_.push_back({false, 0, {}, {}}); break;
      case Json::parse_event_t::array_start: stack_.push_back({true, 0, {}, {}}); break;
      case Json::parse_event_t::key: {
        Frame& top = stack_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second && !duplicate_) duplicate_ = path();
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        stack_.pop_back();
        [[fallthrough]];
      case Json::parse_event_t::value:  // one more element of an enclosing array
        if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
        break;
    }
    return true;
  }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  std::string path() const {
    std::string p = "$";
    for (const Frame& f : stack_) {
      p = f.array ? internal::index_path(p, f.index) : internal::key_path(p, f.key);
    }
    return p;
  }
  std::vector<Frame> stack_;
  std::optional<std::string> duplicate_;
};

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

internal::StageSpec parse_stage(const Json& j, const std::string& path, StageRefs& refs) {
  internal::StageSpec s;
  if (j.is_string()) {
    s.column = internal::non_empty_string(j, path);
    return s;
  }
  JsonObject o(j, path, {"column", "values"});
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
                                                       StageRefs& refs) {
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
      d.current_stage = true;
      add_stage_refs(o, "stages", refs, d.stages);
    } else {
      throw MappingError{o.path("stage"), "required key missing (or give \"stages\")"};
    }
    if (const Json* f = o.find("format")) d.format = internal::parse_time_format(*f, o.path("format"));
    dates.push_back(std::move(d));
  }
  return dates;
}

std::vector<std::string_view> allowed_keys(TableKind kind) {
  std::vector<std::string_view> keys = {"name", "kind", "file", "missing"};
  switch (kind) {
    case TableKind::kRecords: keys.insert(keys.end(), {"id", "attributes"}); break;
    case TableKind::kEvents:
      keys.insert(keys.end(), {"record", "stage", "time", "amount", "reason", "actor",
                               "unknown_records"});
      break;
    case TableKind::kWide:
      keys.insert(keys.end(), {"id", "stage", "stage_dates", "amount", "reason", "actor",
                               "attributes"});
      break;
    case TableKind::kSide: keys.insert(keys.end(), {"key", "join", "attributes"}); break;
  }
  return keys;
}

// Parses one table; cross-table rules are checked by check_tables().
TableSpec parse_table(const Json& j, const std::string& path, const std::filesystem::path& base,
                      const std::vector<std::string>& missing, StageRefs& refs,
                      std::optional<bool>& unknown_records_error) {
  TableSpec t;
  t.kind = internal::parse_table_kind(j, path);
  JsonObject o(j, path, allowed_keys(t.kind));
  t.name = o.required_string("name");
  t.file = internal::resolve(base, o.required_string("file"));
  t.missing = o.find("missing") ? internal::string_list(*o.find("missing"), o.path("missing"))
                                : missing;
  const bool wide = t.kind == TableKind::kWide;
  switch (t.kind) {
    case TableKind::kRecords: t.id_column = o.required_string("id"); break;
    case TableKind::kWide: t.id_column = o.required_string("id"); break;
    case TableKind::kEvents: t.id_column = o.required_string("record"); break;
    case TableKind::kSide:
      t.id_column = o.required_string("key");
      t.join = o.required_string("join");
      break;
  }
  if (t.kind == TableKind::kEvents || wide) {
    t.stage = parse_stage(o.required("stage"), o.path("stage"), refs);
    if (const Json* a = o.find("amount")) t.amount = parse_amount(*a, o.path("amount"), wide, refs);
    if (o.find("reason")) t.reason_column = o.required_string("reason");
    if (o.find("actor")) t.actor_column = o.required_string("actor");
  }
  if (t.kind == TableKind::kEvents) {
    const Json& time = o.required("time");
    if (time.is_string()) {
      t.time_column = internal::non_empty_string(time, o.path("time"));
    } else {
      JsonObject to(time, o.path("time"), {"column", "format"});
      t.time_column = to.required_string("column");
      if (const Json* f = to.find("format")) t.time_format = internal::parse_time_format(*f, to.path("format"));
    }
    if (o.find("unknown_records")) {
      const std::string u = o.required_string("unknown_records");
      if (u != "error" && u != "create") {
        throw MappingError{o.path("unknown_records"), "expected \"error\" or \"create\", found \"" + u + "\""};
      }
      unknown_records_error = (u == "error");
    }
  }
  if (wide) {
    if (const Json* d = o.find("stage_dates")) t.stage_dates = parse_stage_dates(*d, o.path("stage_dates"), refs);
  }
  if (const Json* a = o.find("attributes")) {
    JsonObject attrs(*a, o.path("attributes"));  // any key: attribute names
    for (const auto& [name, spec] : a->items()) {
      t.attributes.push_back(internal::parse_attribute(name, spec, internal::key_path(o.path("attributes"), name)));
    }
  }
  return t;
}

// Rules spanning tables: names, the legal kind combinations, joins and
// attribute-name collisions. @p tables and @p paths are in file order.
void check_tables(const std::vector<TableSpec>& tables, const std::vector<std::string>& paths,
                  const std::optional<bool>& unknown_records_error,
                  const std::optional<std::string>& unknown_records_path) {
  std::optional<std::size_t> records, events;
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
    } else if (kind == TableKind::kEvents || kind == TableKind::kWide) {
      if (events) throw MappingError{paths[i] + ".kind", "a mapping has at most one events or wide table (also " + paths[*events] + ")"};
      events = i;
    }
  }
  if (records && events && tables[*events].kind == TableKind::kWide) {
    throw MappingError{paths[*events] + ".kind",
                       "a wide table defines its records itself; it cannot be combined with "
                       "the records table " + paths[*records]};
  }
  if (unknown_records_error.value_or(false) && !records) {
    throw MappingError{*unknown_records_path, "\"error\" needs a records table to define the records"};
  }
  // Attribute names seen so far, with the table that defines them.
  std::vector<std::pair<const AttributeSpec*, const TableSpec*>> seen;
  for (std::optional<std::size_t> owner : {records, events}) {
    if (!owner) continue;
    for (const AttributeSpec& a : tables[*owner].attributes) seen.emplace_back(&a, &tables[*owner]);
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableSpec& t = tables[i];
    if (t.kind != TableKind::kSide) continue;
    if (!records && !events) throw MappingError{paths[i] + ".kind", "a side table needs a records or wide table to join to"};
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
    DuplicateKeyFinder duplicates;
    Json root;
    try {
      root = Json::parse(text.begin(), text.end(), std::ref(duplicates), true, true);
    } catch (const Json::parse_error& e) {
      std::string_view what = e.what();
      if (auto p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
      return absl::InvalidArgumentError("mapping JSON: " + std::string(what));
    }
    if (duplicates.duplicate()) throw MappingError{*duplicates.duplicate(), "duplicate key"};

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
    std::optional<bool> unknown_records_error;
    std::optional<std::string> unknown_records_path;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      paths.push_back(internal::index_path("$.tables", i));
      std::optional<bool> u;
      parsed.push_back(parse_table(tables[i], paths.back(), base_dir, impl->missing, refs, u));
      if (u) {
        unknown_records_error = u;
        unknown_records_path = paths.back() + ".unknown_records";
      }
    }
    check_tables(parsed, paths, unknown_records_error, unknown_records_path);
    const bool has_records = std::any_of(parsed.begin(), parsed.end(), [](const TableSpec& t) {
      return t.kind == TableKind::kRecords;
    });
    for (TableSpec& t : parsed) {
      if (t.kind == TableKind::kEvents) t.create_unknown_records = !unknown_records_error.value_or(has_records);
    }

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

    // Loading order: records first, then the events, then side tables.
    for (TableKind kind : {TableKind::kRecords, TableKind::kEvents, TableKind::kWide, TableKind::kSide}) {
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
