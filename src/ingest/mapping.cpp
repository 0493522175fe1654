// Mapping: reading mapping files, the canonical benchmark mapping, and the
// queries and JSON output over a parsed mapping. Parsing itself is in
// mapping_json.cpp.
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ingest/mapping_impl.hpp"
#include "ingest/mapping_schema.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel {
namespace {

using internal::Json;
using internal::TableKind;
using internal::TableSpec;

// The layout gen.py and `modelfunnel generate` write (report-spec.md §1).
// The stage values are already The Model's ids, so no graph is needed.
constexpr std::string_view kCanonical = R"({
  "version": 1,
  "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id",
     "attributes": {"created_at": "timestamp", "channel": "string", "campaign": "string",
                    "segment": "string", "industry": "string", "employees": "int64",
                    "budget_ok": "bool", "authority_ok": "bool", "need_ok": "bool",
                    "timeline_days": "int64", "owner_sdr": "string"}},
    {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id",
     "stage": "stage", "time": {"column": "ts", "format": "iso8601"},
     "amount": "amount", "reason": "reason", "unknown_records": "error"}
  ]
})";

const TableSpec* find_table(const Mapping::Impl& impl, std::string_view name) {
  for (const TableSpec& t : impl.tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Json attribute_json(const internal::AttributeSpec& a) {
  Json j = {{"type", std::string(to_string(a.type))}, {"column", a.column}};
  if (a.type == AttributeType::kTimestamp) j["format"] = a.format.spec();
  if (a.true_values) j["true"] = *a.true_values;
  if (a.false_values) j["false"] = *a.false_values;
  return j;
}

Json table_json(const TableSpec& t) {
  Json j = {{"name", t.name}, {"kind", std::string(internal::to_string(t.kind))},
            {"file", t.file.generic_string()}, {"missing", t.missing}};
  switch (t.kind) {
    case TableKind::kRecords:
    case TableKind::kWide:
    case TableKind::kCampaigns: j["id"] = t.id_column; break;
    case TableKind::kEvents:
    case TableKind::kHistory:
    case TableKind::kTouches: j["record"] = t.id_column; break;
    case TableKind::kSide:
      j["key"] = t.id_column;
      j["join"] = t.join;
      break;
  }
  auto date_json = [](const internal::DateColumnSpec& d) {
    return Json{{"column", d.column}, {"format", d.format.spec()}};
  };
  auto put = [&j](const char* key, const std::optional<std::string>& column) {
    if (column) j[key] = *column;
  };
  if (t.stage && t.kind != TableKind::kHistory) {
    if (t.stage->constant) {
      j["stage"] = {{"value", *t.stage->constant}};
    } else {
      Json values = Json::object();
      for (const auto& [raw, id] : t.stage->aliases) values[raw] = id;
      j["stage"] = {{"column", t.stage->column}, {"values", values}};
    }
  }
  if (t.kind == TableKind::kEvents || t.kind == TableKind::kHistory || t.kind == TableKind::kTouches) {
    j["time"] = {{"column", t.time_column}, {"format", t.time_format.spec()}};
  }
  if (t.kind == TableKind::kEvents || t.kind == TableKind::kWide || t.kind == TableKind::kHistory ||
      t.kind == TableKind::kTouches) {
    constexpr const char* kUnknown[] = {"error", "create", "skip"};
    j["unknown_records"] = kUnknown[static_cast<int>(t.unknown_records)];
  }
  if (t.close_date) j["close_date"] = date_json(*t.close_date);
  if (!t.links.empty()) j["links"] = t.links;
  if (t.history) {
    const internal::HistorySpec& h = *t.history;
    j["field"] = h.field_column;
    j["new"] = h.new_column;
    if (!h.old_column.empty()) j["old"] = h.old_column;
    if (h.stage_field) {
      Json values = Json::object();
      for (const auto& [raw, id] : t.stage->aliases) values[raw] = id;
      j["stage"] = {{"field", *h.stage_field}, {"values", values}};
    }
    if (h.amount_field) j["amount"] = {{"field", *h.amount_field}};
    if (h.close_date_field) j["close_date"] = {{"field", *h.close_date_field}, {"format", h.close_date_format.spec()}};
    j["other_fields"] = h.skip_other_fields ? "skip" : "error";
  }
  if (t.kind == TableKind::kTouches) {
    put("campaign", t.touch.campaign);
    put("channel", t.touch.channel);
    put("interaction", t.touch.interaction);
    put("cost", t.touch.cost);
    put("utm_source", t.touch.utm_source);
    put("utm_medium", t.touch.utm_medium);
    put("utm_campaign", t.touch.utm_campaign);
  }
  if (t.kind == TableKind::kCampaigns) {
    put("campaign_name", t.campaign.name);
    put("type", t.campaign.type);
    put("cost", t.campaign.cost);
    if (t.campaign.start) j["start"] = date_json(*t.campaign.start);
  }
  if (!t.stage_dates.empty()) {
    Json dates = Json::array();
    for (const auto& d : t.stage_dates) {
      Json e = {{"column", d.column}};
      if (d.current_stage) e["stages"] = d.stages;
      else e["stage"] = d.stages.front();
      e["format"] = d.format.spec();
      dates.push_back(std::move(e));
    }
    j["stage_dates"] = std::move(dates);
  }
  if (t.amount) {
    j["amount"] = {{"column", t.amount->column}};
    if (!t.amount->stages.empty()) j["amount"]["stages"] = t.amount->stages;
  }
  if (t.reason_column) j["reason"] = *t.reason_column;
  if (t.actor_column) j["actor"] = *t.actor_column;
  if (!t.attributes.empty()) {
    Json attrs = Json::object();
    for (const auto& a : t.attributes) attrs[a.name] = attribute_json(a);
    j["attributes"] = std::move(attrs);
  }
  return j;
}

}  // namespace

Mapping::Mapping(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

absl::StatusOr<Mapping> Mapping::load_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path.string(), ": no such file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(absl::StrCat(path.string(), ": cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  auto mapping = from_json(text.str(), path.parent_path());
  if (!mapping.ok()) {
    return absl::Status(mapping.status().code(),
                        absl::StrCat(path.string(), ": ", mapping.status().message()));
  }
  return mapping;
}

Mapping Mapping::canonical(const std::filesystem::path& dir) {
  // kCanonical is a constant that the tests parse, so this cannot fail.
  return *from_json(kCanonical, dir);
}

std::vector<std::string> Mapping::table_names() const {
  std::vector<std::string> names;
  for (const TableSpec& t : impl_->tables) names.push_back(t.name);
  return names;
}

std::optional<std::filesystem::path> Mapping::file_of(std::string_view table) const {
  const TableSpec* t = find_table(*impl_, table);
  if (t == nullptr) return std::nullopt;
  return t->file;
}

absl::StatusOr<Mapping> Mapping::with_file(std::string_view table,
                                           const std::filesystem::path& file) const {
  if (find_table(*impl_, table) == nullptr) {
    return absl::NotFoundError("mapping has no table '" + std::string(table) + "'");
  }
  auto copy = std::make_shared<Impl>(*impl_);
  for (TableSpec& t : copy->tables) {
    if (t.name == table) t.file = file;
  }
  return Mapping(std::move(copy));
}

std::optional<std::filesystem::path> Mapping::graph_file() const { return impl_->graph_file; }

std::string Mapping::to_json() const {
  Json j = {{"version", 1}};
  if (impl_->graph_file) j["graph"] = impl_->graph_file->generic_string();
  j["missing"] = impl_->missing;
  Json tables = Json::array();
  for (const TableSpec& t : impl_->tables) tables.push_back(table_json(t));
  j["tables"] = std::move(tables);
  // Paths are bytes on POSIX: replace what is not UTF-8 instead of throwing.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace modelfunnel
