// The long events table: one row per stage event (record, stage, time, and
// optionally amount, reason, actor).
//
// This is the hot loop of a benchmark load (millions of rows). Everything
// but the record lookup is converted as each row is read: a cached stage
// lookup, the inline ISO date parser, the amount only where there is one.
// The record lookup is a cache miss into a table of a million ids, so rows
// are held back in small batches: each row's slot is prefetched when it is
// read, and the batch is matched and committed once the slots are in cache.
// Held rows are not committed yet, so rows stay atomic and errors stay in
// reading order (for_each_row flushes the batch before rejecting a row).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "internal/load_context.hpp"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal {
namespace {

constexpr std::size_t kSampleRows = 1024;
// Enough rows in flight to hide memory latency, few enough to stay in L1.
constexpr std::size_t kBatchRows = 32;

// A row converted but not yet matched to its record nor committed. Its
// strings are copied into the batch's arena: the CSV row is gone by then.
struct HeldRow {
  struct Text {
    std::uint32_t offset = 0, size = 0;
  };
  RecordIds::Probe probe;
  Text id, raw, reason, actor;
  StageResolver::Entry* stage = nullptr;
  std::int64_t time = 0, line = 0;
  std::optional<std::int64_t> amount;
  bool has_reason = false, has_actor = false;
};

class EventBatch {
 public:
  EventBatch(LoadContext& ctx, const TableInput& in, std::size_t record_field)
      : ctx_(ctx), in_(in), record_field_(record_field), lookup_(ctx.data.record_ids),
        create_(in.spec->create_unknown_records) {
    rows_.reserve(kBatchRows);
  }

  /// Holds @p h, whose strings are still views into the CSV row.
  void hold(HeldRow h, std::string_view id, std::string_view raw, std::string_view reason,
            std::string_view actor) {
    h.probe = RecordIds::probe(id);
    lookup_.prefetch(h.probe);
    h.id = keep(id);
    h.raw = keep(raw);
    if (h.has_reason) h.reason = keep(reason);
    if (h.has_actor) h.actor = keep(actor);
    rows_.push_back(h);
  }

  /// Matches and commits the held rows (only when full unless @p all).
  absl::Status flush(bool all) {
    if (rows_.size() < (all ? 1 : kBatchRows)) return absl::OkStatus();
    for (const HeldRow& h : rows_) lookup_.prefetch_entry(h.probe);
    absl::Status status;
    for (const HeldRow& h : rows_) {
      status = commit(h);
      if (!status.ok()) break;
    }
    rows_.clear();
    arena_.clear();
    return status;
  }

 private:
  absl::Status commit(const HeldRow& h) {
    const std::string_view id = text(h.id);
    std::optional<std::uint32_t> record = lookup_.find(id, h.probe);
    if (!record && !create_) {
      return ctx_.reject(in_, h.line, text(h.raw),
                         field_error(record_field_, "ref.unknown_record",
                                     "record '" + std::string(id) + "' is not defined by the records table"));
    }
    EventStore& ev = ctx_.data.events;
    if (absl::Status room = has_room_for_events(ev, 1); !room.ok()) {
      return ctx_.reject(in_, h.line, text(h.raw),
                         field_error(kWholeRow, "limit.events", std::string(room.message())));
    }
    if (!record) record = ctx_.data.record(id, h.probe).first;
    const std::uint32_t event =
        append_event(ev, *record, StageResolver::code(*h.stage, ctx_.builder), h.time);
    if (h.amount) {
      ev.amount.rows.push_back(event);
      ev.amount.values.push_back(*h.amount);
    }
    if (h.has_reason) {
      ev.reason.rows.push_back(event);
      ev.reason.values.push_back(ev.reasons.intern(text(h.reason)));
    }
    if (h.has_actor) {
      ev.actor.rows.push_back(event);
      ev.actor.values.push_back(ev.actors.intern(text(h.actor)));
    }
    return absl::OkStatus();
  }

  HeldRow::Text keep(std::string_view s) {
    const HeldRow::Text t{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(s.size())};
    arena_.append(s);
    return t;
  }
  std::string_view text(HeldRow::Text t) const { return {arena_.data() + t.offset, t.size}; }

  LoadContext& ctx_;
  const TableInput& in_;
  std::size_t record_field_;
  const RecordIds& lookup_;
  bool create_;
  std::vector<HeldRow> rows_;
  std::string arena_;
};

}  // namespace

absl::Status load_events(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  const MissingTokens missing(t.missing);
  const std::size_t record_index = in.index(t.id_column);
  const std::size_t stage_index = in.index(t.stage->column);
  const std::size_t time_index = in.index(t.time_column);
  const OptionalField amount_index = t.amount ? OptionalField(in.index(t.amount->column)) : OptionalField();
  const OptionalField reason_index = in.index_if(t.reason_column);
  const OptionalField actor_index = in.index_if(t.actor_column);
  const bool iso = t.time_format.is_iso8601();
  StageResolver stages(*t.stage, ctx.mapping.graph);
  EventBatch batch(ctx, in, record_index);
  EventStore& ev = ctx.data.events;
  std::size_t rows = 0;
  std::string why;

  auto convert = [&](const CsvRow& row, FieldError& err) {
    if (++rows == kSampleRows) {
      const std::size_t n = ev.size() + LoadContext::estimate_rows(in, rows);
      reserve_huge(ev.record, n);
      reserve_huge(ev.stage, n);
      reserve_huge(ev.time, n);
    }
    HeldRow h;
    h.line = row.line;
    const std::string_view id = row.fields[record_index];
    if (missing(id)) {
      err = field_error(record_index, "value.required", "the record id is missing");
      return false;
    }
    const std::string_view raw_stage = row.fields[stage_index];
    if (missing(raw_stage)) {
      err = field_error(stage_index, "value.required", "the stage is missing");
      return false;
    }
    h.stage = &stages.resolve(raw_stage);
    if (!h.stage->known) {
      err = field_error(stage_index, "value.unknown_stage",
                        "stage '" + h.stage->id + "' is not in the stage graph");
      return false;
    }
    const std::string_view time_text = row.fields[time_index];
    if (missing(time_text)) {
      err = field_error(time_index, "value.required", "the event time is missing");
      return false;
    }
    if (!parse_time(time_text, t.time_format, iso, h.time, why)) {
      err = field_error(time_index, "value.timestamp", why);
      return false;
    }
    if (amount_index && !missing(row.fields[*amount_index])) {
      auto a = parse_amount(row.fields[*amount_index]);
      if (!a.ok()) {
        err = field_error(*amount_index, "value.amount", std::string(a.status().message()));
        return false;
      }
      h.amount = a->scaled();
    }
    const std::string_view reason = reason_index ? row.fields[*reason_index] : std::string_view();
    const std::string_view actor = actor_index ? row.fields[*actor_index] : std::string_view();
    h.has_reason = reason_index && !missing(reason);
    h.has_actor = actor_index && !missing(actor);
    batch.hold(h, id, row.raw, reason, actor);
    return true;
  };
  return for_each_row(ctx, in, convert, [&](bool all) { return batch.flush(all); });
}

}  // namespace modelfunnel::internal
