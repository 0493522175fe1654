// A records table with links (further id columns: the opportunity a lead
// became) or stage dates (a date column saying when the record entered a
// stage), loaded a row at a time. The plain records table takes the batch
// path of load_records.cpp; these columns are rare enough (one Lead table
// in a Salesforce export) not to complicate it.
//
// A row is converted whole (id, attributes, links, dates) before anything
// is stored. A linked id that two records give is kept as ambiguous: it is
// no error here, but an event or touch that names it is (ref.ambiguous_link).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"

namespace modelfunnel::internal {
namespace {

struct DateColumn {
  const StageDateSpec* spec;
  std::size_t field;
  bool iso;
  std::int32_t code = -1;  // the stage's code, once interned
};

}  // namespace

absl::Status load_records_rows(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  const MissingTokens missing(t.missing);
  const std::size_t id_field = in.index(t.id_column);
  std::vector<std::size_t> link_fields;
  for (const std::string& l : t.links) link_fields.push_back(in.index(l));
  std::vector<DateColumn> dates;
  for (const StageDateSpec& d : t.stage_dates) dates.push_back({&d, in.index(d.column), d.format.is_iso8601()});
  std::vector<Value> values(attrs->size());
  std::vector<std::int64_t> times(dates.size());
  DataSetAppender& data = ctx.data;
  std::string why;

  absl::Status status = for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_field];
    if (missing(id)) {
      err = field_error(id_field, "value.required", "the record id is missing");
      return false;
    }
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    std::size_t dated = 0;
    for (std::size_t k = 0; k < dates.size(); ++k) {
      const std::string_view text = row.fields[dates[k].field];
      times[k] = kNoTime;
      if (missing(text)) continue;
      if (!parse_time(text, dates[k].spec->format, dates[k].iso, times[k], why)) {
        err = field_error(dates[k].field, "value.timestamp", why);
        return false;
      }
      ++dated;
    }
    if (absl::Status room = data.has_room_for_events(dated); !room.ok()) {
      err = field_error(kWholeRow, "limit.events", std::string(room.message()));
      return false;
    }
    const auto [r, added] = data.add_record(id, RecordIds::probe(id));
    if (!added) {
      err = field_error(id_field, "key.duplicate",
                        "record id '" + std::string(id) + "' already appeared in an earlier row");
      return false;
    }
    // Commit: nothing below can fail.
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      AttributeConverter::store(data.column((*attrs)[i].column()), r, values[i]);
    }
    for (const std::size_t f : link_fields) {
      const std::string_view link = row.fields[f];
      if (missing(link) || link == id) continue;
      const auto [it, inserted] = ctx.links.try_emplace(std::string(link), r);
      if (!inserted && it->second != r) it->second = LoadContext::kAmbiguousLink;
    }
    for (std::size_t k = 0; k < dates.size(); ++k) {
      if (times[k] == kNoTime) continue;
      if (dates[k].code < 0) dates[k].code = ctx.builder.stage(dates[k].spec->stages.front());
      data.add_event(r, static_cast<StageCode>(dates[k].code), times[k]);
    }
    return true;
  });
  if (!status.ok()) return status;
  // A linked id that is also another record's id: events naming it are
  // ambiguous, so every events row must be checked against the links.
  for (const auto& [link, r] : ctx.links) {
    const auto by_id = data.record_ids().find(link);
    if (by_id && (r == LoadContext::kAmbiguousLink || *by_id != r)) {
      ctx.links_collide = true;
      break;
    }
  }
  return absl::OkStatus();
}

}  // namespace modelfunnel::internal
