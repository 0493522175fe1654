// The event fields of one row, checked and converted the same way in the
// two kinds of table that hold events: the long events table (one event a
// row: ingest/pipeline/event_staging.cpp) and the wide table (a record a
// row, with its dates: load_wide.cpp). A value that one of them accepts,
// the other accepts too, and a bad one fails under the same rule with the
// same message.
//
// Inline: the events table runs these once per row of its file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/csv_reader.hpp"
#include "ingest/load_context.hpp"
#include "ingest/mapping_impl.hpp"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal {

class EventFields {
 public:
  /// The event fields of table @p in (events or wide), as its mapping names them.
  explicit EventFields(const TableInput& in)
      : spec_(*in.spec),
        missing_(in.spec->missing),
        id_(in.index(in.spec->id_column)),
        stage_(in.spec->stage->constant ? OptionalField() : OptionalField(in.index(in.spec->stage->column))),
        amount_(in.spec->amount ? OptionalField(in.index(in.spec->amount->column)) : OptionalField()),
        reason_(in.index_if(in.spec->reason_column)),
        actor_(in.index_if(in.spec->actor_column)),
        time_(in.spec->kind == TableKind::kEvents ? OptionalField(in.index(in.spec->time_column))
                                                   : OptionalField()),
        close_date_(in.spec->close_date ? OptionalField(in.index(in.spec->close_date->column)) : OptionalField()),
        time_iso_(in.spec->time_format.is_iso8601()),
        close_date_iso_(in.spec->close_date && in.spec->close_date->format.is_iso8601()),
        stage_missing_(in.spec->kind == TableKind::kWide ? "the current stage is missing"
                                                          : "the stage is missing") {}

  /// The table's missing-value tokens.
  const MissingTokens& missing() const { return missing_; }
  /// CSV index of the record id.
  std::size_t id_field() const { return id_; }

  /// The record id of @p row; value.required when missing.
  bool id(const CsvRow& row, std::string_view& id, FieldError& err) const {
    id = row.fields[id_];
    if (!missing_(id)) return true;
    err = field_error(id_, "value.required", "the record id is missing");
    return false;
  }

  /// The stage of @p row through @p stages; value.required when missing,
  /// value.unknown_stage when a stage graph is given and lacks it.
  bool stage(const CsvRow& row, StageResolver& stages, StageResolver::Entry*& entry,
             FieldError& err) const {
    if (!stage_) {  // a constant stage: checked against the graph by the mapping
      entry = &stages.resolve(*spec_.stage->constant);
      return true;
    }
    const std::string_view raw = row.fields[*stage_];
    if (missing_(raw)) {
      err = field_error(*stage_, "value.required", stage_missing_);
      return false;
    }
    entry = &stages.resolve(raw);
    if (entry->known) return true;
    err = field_error(*stage_, "value.unknown_stage", "stage '" + entry->id + "' is not in the stage graph");
    return false;
  }

  /// The expected close date of @p row, none when the mapping names no
  /// close-date column or the row has none; value.timestamp when it does
  /// not parse.
  bool close_date(const CsvRow& row, std::optional<std::int64_t>& micros, FieldError& err) {
    micros.reset();
    if (!close_date_ || missing_(row.fields[*close_date_])) return true;
    std::int64_t t = 0;
    if (!parse(row.fields[*close_date_], *close_date_, spec_.close_date->format, close_date_iso_, t, err)) {
      return false;
    }
    micros = t;
    return true;
  }

  /// The time of an events-table row (its `time` column); value.required
  /// when missing, value.timestamp when it does not parse.
  bool time(const CsvRow& row, std::int64_t& micros, FieldError& err) {
    const std::size_t field = *time_;
    if (missing_(row.fields[field])) {
      err = field_error(field, "value.required", "the event time is missing");
      return false;
    }
    return parse(row.fields[field], field, spec_.time_format, time_iso_, micros, err);
  }

  /// A date of a wide-table row in field @p field, spelled as @p format
  /// says (@p iso: an ISO 8601 format); false with value.timestamp when it
  /// does not parse. @pre not missing.
  bool date(std::string_view text, std::size_t field, const TimeFormat& format, bool iso,
            std::int64_t& micros, FieldError& err) {
    return parse(text, field, format, iso, micros, err);
  }

  /// The amount of @p row as Amount::scaled(), none when the mapping names
  /// no amount column or the row has none; value.amount when it does not
  /// parse.
  bool amount(const CsvRow& row, std::optional<std::int64_t>& scaled, FieldError& err) const {
    scaled.reset();
    if (!amount_ || missing_(row.fields[*amount_])) return true;
    auto a = parse_amount(row.fields[*amount_]);
    if (!a.ok()) {
      err = field_error(*amount_, "value.amount", std::string(a.status().message()));
      return false;
    }
    scaled = a->scaled();
    return true;
  }
  /// CSV index of the amount. @pre the mapping names one.
  std::size_t amount_field() const { return *amount_; }

  /// The loss reason / actor of @p row into @p text: false when the
  /// mapping names no such column or the row has none.
  bool reason(const CsvRow& row, std::string_view& text) const { return optional_text(row, reason_, text); }
  bool actor(const CsvRow& row, std::string_view& text) const { return optional_text(row, actor_, text); }

 private:
  bool parse(std::string_view text, std::size_t field, const TimeFormat& format, bool iso,
             std::int64_t& micros, FieldError& err) {
    if (parse_time(text, format, iso, micros, why_)) return true;
    err = field_error(field, "value.timestamp", why_);
    return false;
  }
  bool optional_text(const CsvRow& row, OptionalField field, std::string_view& text) const {
    if (!field) return false;
    text = row.fields[*field];
    return !missing_(text);
  }

  const TableSpec& spec_;
  const MissingTokens missing_;
  std::size_t id_;
  OptionalField stage_;  // none with a constant stage
  OptionalField amount_, reason_, actor_;
  OptionalField time_;  // events tables only
  OptionalField close_date_;  // events tables only
  bool time_iso_, close_date_iso_;
  const char* stage_missing_;
  std::string why_;  // reused: why a time did not parse
};

}  // namespace modelfunnel::internal
