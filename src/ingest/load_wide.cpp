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
#include "ingest/load_context.hpp"
#include "modelfunnel/amount.hpp"

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
  const MissingTokens missing(t.missing);
  const std::size_t id_index = in.index(t.id_column);
  const std::size_t stage_index = in.index(t.stage->column);
  std::vector<DateColumn> dates;
  for (const StageDateSpec& d : t.stage_dates) dates.push_back({&d, in.index(d.column), d.format.is_iso8601()});
  const OptionalField amount_index = t.amount ? OptionalField(in.index(t.amount->column)) : OptionalField();
  const OptionalField reason_index = in.index_if(t.reason_column);
  const OptionalField actor_index = in.index_if(t.actor_column);
  StageResolver stages(*t.stage, ctx.mapping.graph);
  EventStore& ev = ctx.data.events;
  std::vector<Value> values(attrs->size());
  std::vector<PendingEvent> pending;
  std::string why;

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_index];
    if (missing(id)) {
      err = field_error(id_index, "value.required", "the record id is missing");
      return false;
    }
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    const std::string_view raw_stage = row.fields[stage_index];
    if (missing(raw_stage)) {
      err = field_error(stage_index, "value.required", "the current stage is missing");
      return false;
    }
    StageResolver::Entry& current = stages.resolve(raw_stage);
    if (!current.known) {
      err = field_error(stage_index, "value.unknown_stage",
                        "stage '" + current.id + "' is not in the stage graph");
      return false;
    }

    pending.clear();
    for (DateColumn& d : dates) {
      const std::string_view text = row.fields[d.field];
      if (missing(text)) continue;
      std::int64_t time = 0;
      if (!parse_time(text, d.spec->format, d.iso, time, why)) {
        err = field_error(d.field, "value.timestamp", why);
        return false;
      }
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

    std::optional<Amount> amount;
    PendingEvent* amount_event = nullptr;
    if (amount_index && !missing(row.fields[*amount_index])) {
      auto a = parse_amount(row.fields[*amount_index]);
      if (!a.ok()) {
        err = field_error(*amount_index, "value.amount", std::string(a.status().message()));
        return false;
      }
      amount = *a;
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
        err = field_error(*amount_index, "wide.amount_without_event",
                          "an amount, but the row has no event at a stage the amount belongs to "
                          "(current stage '" + current.id + "')");
        return false;
      }
    }
    if (!has_room_for_events(ev, pending.size()).ok()) {
      err = field_error(kWholeRow, "limit.events", std::string(has_room_for_events(ev, pending.size()).message()));
      return false;
    }
    const std::size_t before = ctx.data.record_ids.size();
    const RecordIndex r = ctx.data.record(id);
    if (ctx.data.record_ids.size() == before) {
      err = field_error(id_index, "key.duplicate",
                        "record id '" + std::string(id) + "' already appeared in an earlier row");
      return false;
    }

    // Commit: nothing below can fail.
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      AttributeConverter::store(ctx.data.columns[(*attrs)[i].column()], r, values[i]);
    }
    const bool has_reason = reason_index && !missing(row.fields[*reason_index]);
    const bool has_actor = actor_index && !missing(row.fields[*actor_index]);
    const std::uint32_t actor = has_actor ? ev.actors.intern(row.fields[*actor_index]) : 0;
    for (PendingEvent& e : pending) {
      const std::uint32_t event = append_event(ev, r, code_of(e, ctx.builder), e.time);
      if (&e == amount_event) {
        ev.amount.rows.push_back(event);
        ev.amount.values.push_back(amount->scaled());
      }
      if (has_reason && &e == &*at_current) {
        ev.reason.rows.push_back(event);
        ev.reason.values.push_back(ev.reasons.intern(row.fields[*reason_index]));
      }
      if (has_actor) {
        ev.actor.rows.push_back(event);
        ev.actor.values.push_back(actor);
      }
    }
    return true;
  });
}

}  // namespace modelfunnel::internal
