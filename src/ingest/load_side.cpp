// Side tables (accounts, sales teams): rows keyed by a unique key whose
// attributes attach to every record whose join attribute holds that key.
//
// The side rows are read into columns of their own first, then copied to the
// records in one pass over the join column: a side table is usually small,
// the records many, so the join goes through the join column's dictionary
// (one lookup per distinct key, not per record).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"

namespace modelfunnel::internal {
namespace {

constexpr std::uint32_t kNoRow = kMissingCode;

// Copies side row @p from of @p side into record @p r of @p target.
// @p codes caches side dictionary code -> target dictionary code.
void copy_value(const Column& side, std::uint32_t from, Column& target, RecordIndex r,
                std::vector<std::uint32_t>& codes) {
  if (side.is_missing(from)) return;
  switch (side.type) {
    case AttributeType::kString: {
      std::uint32_t& code = codes[side.codes[from]];
      if (code == kMissingCode) code = target.dictionary.intern(side.dictionary[side.codes[from]]);
      target.set_code(r, code);
      return;
    }
    case AttributeType::kDouble: target.set_double(r, side.doubles[from]); return;
    case AttributeType::kBool: target.set_bool(r, side.bools[from] != 0); return;
    default: target.set_int(r, side.ints[from]); return;
  }
}

}  // namespace

absl::Status load_side(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  const MissingTokens missing(t.missing);
  const std::size_t key_index = in.index(t.id_column);
  StringDictionary keys;  // side row number = key code
  std::vector<Column> side(attrs->size());
  for (std::size_t i = 0; i < side.size(); ++i) side[i].type = (*attrs)[i].spec().type;
  std::vector<Value> values(attrs->size());
  // Stage dates: side row -> one time per date column (kNoTime: none).
  struct DateColumn {
    const StageDateSpec* spec;
    std::size_t field;
    bool iso;
    std::int32_t code = -1;  // the stage's code, interned on first use
  };
  std::vector<DateColumn> dates;
  for (const StageDateSpec& d : t.stage_dates) dates.push_back({&d, in.index(d.column), d.format.is_iso8601()});
  std::vector<std::int64_t> side_times;  // row-major: row * dates.size() + k
  std::vector<std::int64_t> row_times(dates.size());
  std::string why;

  absl::Status read = for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view key = row.fields[key_index];
    if (missing(key)) {
      err = field_error(key_index, "value.required", "the key is missing");
      return false;
    }
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    for (std::size_t k = 0; k < dates.size(); ++k) {
      const std::string_view text = row.fields[dates[k].field];
      row_times[k] = kNoTime;
      if (missing(text)) continue;
      if (!parse_time(text, dates[k].spec->format, dates[k].iso, row_times[k], why)) {
        err = field_error(dates[k].field, "value.timestamp", why);
        return false;
      }
    }
    const std::size_t before = keys.size();
    const std::uint32_t r = keys.intern(key);
    if (keys.size() == before) {
      err = field_error(key_index, "key.duplicate",
                        "key '" + std::string(key) + "' already appeared in an earlier row");
      return false;
    }
    for (std::size_t i = 0; i < side.size(); ++i) {
      side[i].push_missing();
      AttributeConverter::store(side[i], r, values[i]);
    }
    side_times.insert(side_times.end(), row_times.begin(), row_times.end());
    return true;
  });
  if (!read.ok()) return read;

  // The join column's values -> side rows, once per distinct value.
  const Column& join = ctx.data.column(*ctx.data.find_column(t.join));  // checked by the mapping
  std::vector<std::uint32_t> row_of(join.dictionary.size(), kNoRow);
  for (std::uint32_t code = 0; code < row_of.size(); ++code) {
    if (auto r = keys.find(join.dictionary[code])) row_of[code] = *r;
  }
  std::vector<std::vector<std::uint32_t>> code_maps(side.size());
  for (std::size_t i = 0; i < side.size(); ++i) code_maps[i].assign(side[i].dictionary.size(), kMissingCode);

  FileReport& report = ctx.file(in);
  const std::size_t records = ctx.data.record_count();
  for (RecordIndex r = 0; r < records; ++r) {
    const std::uint32_t code = join.codes[r];
    if (code == kMissingCode) {
      ++report.empty_keys;
      continue;
    }
    const std::uint32_t from = row_of[code];
    if (from == kNoRow) {
      ++report.unmatched_keys;
      continue;
    }
    for (std::size_t i = 0; i < side.size(); ++i) {
      copy_value(side[i], from, ctx.data.column((*attrs)[i].column()), r, code_maps[i]);
    }
    // The side row's stage dates become events of every record joined to it.
    for (std::size_t k = 0; k < dates.size(); ++k) {
      const std::int64_t time = side_times[std::size_t{from} * dates.size() + k];
      if (time == kNoTime) continue;
      if (absl::Status room = ctx.data.has_room_for_events(1); !room.ok()) return room;
      if (dates[k].code < 0) dates[k].code = ctx.builder.stage(dates[k].spec->stages.front());
      ctx.data.add_event(r, static_cast<StageCode>(dates[k].code), time);
    }
  }
  return absl::OkStatus();
}

}  // namespace modelfunnel::internal
