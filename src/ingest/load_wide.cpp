// The wide table: one row per record with its current stage and one date
// column per stage reached (the shape of Maven's sales_pipeline.csv). Each
// row defines a record, its attributes, and the events its dates imply:
//   - a date column with "stage": X gives an event at X;
//   - a date column with "stages": [..] gives an event at the current stage,
//     which must be one of them (wide.date_for_other_stage);
//   - when no dated event is at the current stage, an undated one is added
//     there, so the record's last event is its current stage;
//   - the amount goes on the current-stage event when its stage qualifies,
//     else on the first dated event whose stage does;
//   - the actor goes on every event, the reason on the current-stage event.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "ingest/event_fields.hpp"
#include "ingest/load_context.hpp"

namespace modelfunnel::internal {
namespace {

struct DateColumn {
  const StageDateSpec* spec;
  std::size_t field;
  bool iso;
  std::int32_t code = -1;  // "stage": X, once interned
};

// An event of the row being converted, not yet committed.
struct PendingEvent {
  std::string_view stage;            // its stage id
  StageResolver::Entry* current;     // set for current-stage events
  DateColumn* date;                  // set for "stage": X events
  std::int64_t time;
};

bool contains(const std::vector<std::string>& list, std::string_view id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

StageCode code_of(PendingEvent& e, DataSetBuilder& builder) {
  if (e.current != nullptr) return StageResolver::code(*e.current, builder);
  if (e.date->code < 0) e.date->code = builder.stage(e.date->spec->stages.front());
  return static_cast<StageCode>(e.date->code);
}

}  // namespace

absl::Status load_wide(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  EventFields fields(in);
  const MissingTokens& missing = fields.missing();
  std::vector<DateColumn> dates;
  for (const StageDateSpec& d : t.stage_dates) dates.push_back({&d, in.index(d.column), d.format.is_iso8601()});
  StageResolver stages(*t.stage, ctx.mapping.graph);
  DataSetAppender& data = ctx.data;
  std::vector<Value> values(attrs->size());
  std::vector<PendingEvent> pending;
  std::vector<bool> defined_here;  // records this table's rows defined: a second row is a duplicate

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    std::string_view id;
    if (!fields.id(row, id, err)) return false;
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    StageResolver::Entry* entry = nullptr;
    if (!fields.stage(row, stages, entry, err)) return false;
    StageResolver::Entry& current = *entry;

    pending.clear();
    for (DateColumn& d : dates) {
      const std::string_view text = row.fields[d.field];
      if (missing(text)) continue;
      std::int64_t time = 0;
      if (!fields.date(text, d.field, d.spec->format, d.iso, time, err)) return false;
      if (!d.spec->current_stage) {
        pending.push_back({d.spec->stages.front(), nullptr, &d, time});
      } else if (contains(d.spec->stages, current.id)) {
        pending.push_back({current.id, &current, nullptr, time});
      } else {
        err = field_error(d.field, "wide.date_for_other_stage",
                          "a date for stages other than the current stage '" + current.id + "'");
        return false;
      }
    }
    auto at_current = std::find_if(pending.begin(), pending.end(),
                                   [&](const PendingEvent& e) { return e.stage == current.id; });
    if (at_current == pending.end()) {
      pending.push_back({current.id, &current, nullptr, kNoTime});
      at_current = pending.end() - 1;
    }

    std::optional<std::int64_t> amount;
    if (!fields.amount(row, amount, err)) return false;
    PendingEvent* amount_event = nullptr;
    if (amount) {
      const auto& allowed = t.amount->stages;
      if (allowed.empty() || contains(allowed, current.id)) {
        amount_event = &*at_current;
      } else {
        for (PendingEvent& e : pending) {
          if (contains(allowed, e.stage)) {
            amount_event = &e;
            break;
          }
        }
      }
      if (amount_event == nullptr) {
        err = field_error(fields.amount_field(), "wide.amount_without_event",
                          "an amount, but the row has no event at a stage the amount belongs to "
                          "(current stage '" + current.id + "')");
        return false;
      }
    }
    if (absl::Status room = data.has_room_for_events(pending.size()); !room.ok()) {
      err = field_error(kWholeRow, "limit.events", std::string(room.message()));
      return false;
    }
    // The record: defined here, or (several sources) by an earlier table,
    // when this row adds its events and attributes to it.
    std::optional<std::uint32_t> existing;
    bool skip = false;
    if (!ctx.find_record(in, fields.id_field(), id, existing, skip, err)) return false;
    if (skip) {
      ++ctx.file(in).skipped;
      return true;
    }
    if (existing && (*existing < defined_here.size() && defined_here[*existing])) {
      err = field_error(fields.id_field(), "key.duplicate",
                        "record id '" + std::string(id) + "' already appeared in an earlier row");
      return false;
    }
    if (existing) {
      for (std::size_t i = 0; i < attrs->size(); ++i) {
        const AttributeConverter& a = (*attrs)[i];
        const Column& c = data.column(a.column());
        if (values[i].present && !c.is_missing(*existing) && !same_value(c, *existing, values[i])) {
          err = field_error(a.field(), "ref.conflicting_attribute",
                            "record '" + std::string(id) + "' has another value of attribute '" +
                                a.spec().name + "' from an earlier table");
          return false;
        }
      }
    }
    const RecordIndex r = existing ? *existing : data.add_record(id, RecordIds::probe(id)).first;
    if (r >= defined_here.size()) defined_here.resize(std::max<std::size_t>(r + 1, 2 * defined_here.size()), false);
    defined_here[r] = true;

    // Commit: nothing below can fail.
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      merge_value(data.column((*attrs)[i].column()), r, values[i]);
    }
    std::string_view reason, actor_text;
    const bool has_reason = fields.reason(row, reason);
    const bool has_actor = fields.actor(row, actor_text);
    const std::uint32_t actor = has_actor ? data.actors().intern(actor_text) : 0;
    for (PendingEvent& e : pending) {
      const std::uint32_t event = data.add_event(r, code_of(e, ctx.builder), e.time);
      if (&e == amount_event) data.add_amount(event, *amount);
      if (has_reason && &e == &*at_current) data.add_reason(event, data.reasons().intern(reason));
      if (has_actor) data.add_actor(event, actor);
    }
    return true;
  });
}

}  // namespace modelfunnel::internal
