// Touches (campaign members, form fills) and campaigns: the marketing side
// of an export, stored beside the events (model/touches.cpp) for
// attribution to read.
//
// A touches row names its record (by record id or linked id, like an events
// row), its time (required), and optionally a campaign, channel,
// interaction type, cost and UTM fields. A campaigns row gives a campaign's
// name, type, cost and start; campaigns named only by touches exist too,
// with nothing known about them.
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

// A text the row may leave out: its code in @p texts at commit.
std::uint32_t text_code(StringDictionary& texts, const CsvRow& row, OptionalField field,
                        const MissingTokens& missing) {
  if (!field || missing(row.fields[*field])) return kMissingCode;
  return texts.intern(row.fields[*field]);
}

bool read_cost(const CsvRow& row, OptionalField field, const MissingTokens& missing,
               std::optional<std::int64_t>& cost, FieldError& err) {
  cost.reset();
  if (!field || missing(row.fields[*field])) return true;
  auto a = parse_amount(row.fields[*field]);
  if (!a.ok()) {
    err = field_error(*field, "value.amount", std::string(a.status().message()));
    return false;
  }
  cost = a->scaled();
  return true;
}

}  // namespace

absl::Status load_touches(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  const TouchSpec& s = t.touch;
  const MissingTokens missing(t.missing);
  const std::size_t id_field = in.index(t.id_column);
  const std::size_t time_field = in.index(t.time_column);
  const bool time_iso = t.time_format.is_iso8601();
  const OptionalField campaign = in.index_if(s.campaign), channel = in.index_if(s.channel),
                      interaction = in.index_if(s.interaction), cost_field = in.index_if(s.cost),
                      utm_source = in.index_if(s.utm_source), utm_medium = in.index_if(s.utm_medium),
                      utm_campaign = in.index_if(s.utm_campaign);
  DataSetAppender& data = ctx.data;
  TouchStore& touches = data.touches();
  std::string why;

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_field];
    if (missing(id)) {
      err = field_error(id_field, "value.required", "the record id is missing");
      return false;
    }
    const std::string_view time_text = row.fields[time_field];
    if (missing(time_text)) {
      err = field_error(time_field, "value.required", "the touch time is missing");
      return false;
    }
    std::int64_t time = 0;
    if (!parse_time(time_text, t.time_format, time_iso, time, why)) {
      err = field_error(time_field, "value.timestamp", why);
      return false;
    }
    std::optional<std::int64_t> cost;
    if (!read_cost(row, cost_field, missing, cost, err)) return false;
    std::optional<std::uint32_t> record;
    bool skip = false;
    if (!ctx.find_record(in, id_field, id, record, skip, err)) return false;
    if (skip) {
      ++ctx.file(in).skipped;
      return true;
    }
    // Commit: nothing below can fail.
    TouchStore::Row touch;
    touch.record = record ? *record : data.add_record(id, RecordIds::probe(id)).first;
    touch.time = time;
    if (campaign && !missing(row.fields[*campaign])) touch.campaign = data.campaigns().intern(row.fields[*campaign]);
    touch.channel = text_code(touches.texts, row, channel, missing);
    touch.interaction = text_code(touches.texts, row, interaction, missing);
    touch.utm_source = text_code(touches.texts, row, utm_source, missing);
    touch.utm_medium = text_code(touches.texts, row, utm_medium, missing);
    touch.utm_campaign = text_code(touches.texts, row, utm_campaign, missing);
    touch.cost = cost;
    touches.rows.push_back(touch);
    return true;
  });
}

absl::Status load_campaigns(LoadContext& ctx, TableInput& in) {
  const TableSpec& t = *in.spec;
  const CampaignSpec& s = t.campaign;
  const MissingTokens missing(t.missing);
  const std::size_t id_field = in.index(t.id_column);
  const OptionalField name = in.index_if(s.name), type = in.index_if(s.type), cost_field = in.index_if(s.cost);
  const OptionalField start = s.start ? OptionalField(in.index(s.start->column)) : OptionalField();
  const bool start_iso = s.start && s.start->format.is_iso8601();
  DataSetAppender& data = ctx.data;
  std::vector<bool> read_here;  // campaigns this table's rows gave: a second row is a duplicate
  std::string why;

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_field];
    if (missing(id)) {
      err = field_error(id_field, "value.required", "the campaign id is missing");
      return false;
    }
    std::optional<std::int64_t> cost, start_time;
    if (!read_cost(row, cost_field, missing, cost, err)) return false;
    if (start && !missing(row.fields[*start])) {
      std::int64_t micros = 0;
      if (!parse_time(row.fields[*start], s.start->format, start_iso, micros, why)) {
        err = field_error(*start, "value.timestamp", why);
        return false;
      }
      start_time = micros;
    }
    const std::optional<std::uint32_t> known = data.campaigns().ids.find(id);
    if (known && *known < read_here.size() && read_here[*known]) {
      err = field_error(id_field, "key.duplicate", "campaign '" + std::string(id) + "' already appeared in an earlier row");
      return false;
    }
    // Commit: nothing below can fail.
    const std::uint32_t c = data.campaigns().intern(id);
    if (c >= read_here.size()) read_here.resize(c + 1, false);
    read_here[c] = true;
    CampaignStore::Info& info = data.campaigns().info[c];
    info.name = text_code(data.touches().texts, row, name, missing);
    info.type = text_code(data.touches().texts, row, type, missing);
    info.cost = cost;
    info.start = start_time;
    return true;
  });
}

}  // namespace modelfunnel::internal
