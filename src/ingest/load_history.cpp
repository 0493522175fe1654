// A field-history table (Salesforce's OpportunityFieldHistory): one row per
// change of one field of a record — record, field name, old value, new
// value, time. The mapping says which field names are the stage, the
// amount and the close date:
//   - a change of the stage field is a stage event at the new value (its
//     aliases applied), at the time of the change;
//   - a change of the amount or the close date is kept as a FieldUpdate and,
//     once every table is loaded, gives each of the record's events the
//     value in force at its time (apply_field_updates(), field_updates.cpp);
//   - a row of any other field is a row error (history.unknown_field),
//     or, with "other_fields": "skip", left out and counted.
// An optional reason column (exports that add the loss reason to each
// history row) goes on the stage events.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal {

absl::Status load_history(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  const HistorySpec& h = *t.history;
  const MissingTokens missing(t.missing);
  const std::size_t id_field = in.index(t.id_column);
  const std::size_t field_field = in.index(h.field_column);
  const std::size_t new_field = in.index(h.new_column);
  const std::size_t time_field = in.index(t.time_column);
  const OptionalField actor_field = in.index_if(t.actor_column);
  const OptionalField reason_field = in.index_if(t.reason_column);
  const bool time_iso = t.time_format.is_iso8601();
  const bool close_iso = h.close_date_format.is_iso8601();
  std::optional<StageResolver> stages;
  if (t.stage) stages.emplace(*t.stage, ctx.mapping.graph);
  DataSetAppender& data = ctx.data;
  std::string why;

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_field];
    if (missing(id)) {
      err = field_error(id_field, "value.required", "the record id is missing");
      return false;
    }
    const std::string_view field = row.fields[field_field];
    enum { kStage, kAmount, kCloseDate } kind;
    if (h.stage_field && field == *h.stage_field) kind = kStage;
    else if (h.amount_field && field == *h.amount_field) kind = kAmount;
    else if (h.close_date_field && field == *h.close_date_field) kind = kCloseDate;
    else if (h.skip_other_fields) {
      ++ctx.file(in).skipped;
      return true;
    } else {
      err = field_error(field_field, "history.unknown_field",
                        "field '" + std::string(field) +
                            "' is none of the fields the mapping names (stage, amount, close_date); "
                            "\"other_fields\": \"skip\" leaves such rows out");
      return false;
    }
    const std::string_view time_text = row.fields[time_field];
    if (missing(time_text)) {
      err = field_error(time_field, "value.required", "the time of the change is missing");
      return false;
    }
    std::int64_t time = 0;
    if (!parse_time(time_text, t.time_format, time_iso, time, why)) {
      err = field_error(time_field, "value.timestamp", why);
      return false;
    }
    const std::string_view value = row.fields[new_field];
    StageResolver::Entry* stage = nullptr;
    std::optional<std::int64_t> update;
    if (kind == kStage) {
      if (missing(value)) {
        err = field_error(new_field, "value.required", "the new stage is missing");
        return false;
      }
      stage = &stages->resolve(value);
      if (!stage->known) {
        err = field_error(new_field, "value.unknown_stage", "stage '" + stage->id + "' is not in the stage graph");
        return false;
      }
    } else if (!missing(value)) {  // a cleared amount or close date changes nothing kept
      if (kind == kAmount) {
        auto a = parse_amount(value);
        if (!a.ok()) {
          err = field_error(new_field, "value.amount", std::string(a.status().message()));
          return false;
        }
        update = a->scaled();
      } else {
        std::int64_t micros = 0;
        if (!parse_time(value, h.close_date_format, close_iso, micros, why)) {
          err = field_error(new_field, "value.timestamp", why);
          return false;
        }
        update = micros;
      }
    }
    std::optional<std::uint32_t> record;
    bool skip = false;
    if (!ctx.find_record(in, id_field, id, record, skip, err)) return false;
    if (skip) {
      ++ctx.file(in).skipped;
      return true;
    }
    if (kind == kStage) {
      if (absl::Status room = data.has_room_for_events(1); !room.ok()) {
        err = field_error(kWholeRow, "limit.events", std::string(room.message()));
        return false;
      }
    }
    // Commit: nothing below can fail.
    const RecordIndex r = record ? *record : data.add_record(id, RecordIds::probe(id)).first;
    if (kind == kStage) {
      const std::uint32_t event = data.add_event(r, StageResolver::code(*stage, ctx.builder), time);
      if (reason_field && !missing(row.fields[*reason_field])) {
        data.add_reason(event, data.reasons().intern(row.fields[*reason_field]));
      }
      if (actor_field && !missing(row.fields[*actor_field])) {
        data.add_actor(event, data.actors().intern(row.fields[*actor_field]));
      }
    } else if (update) {
      ctx.updates.push_back(FieldUpdate{r, time, kind == kCloseDate, *update});
    }
    return true;
  });
}

}  // namespace modelfunnel::internal
