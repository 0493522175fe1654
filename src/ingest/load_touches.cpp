// Touches (campaign members, form fills) and campaigns: the marketing side
// of an export, stored beside the events (model/touches.cpp) for
// attribution to read.
//
// A touches row names its record (by record id or linked id, like an events
// row), its time (required), and optionally a campaign, channel,
// interaction type, cost and UTM fields. A campaigns row gives a campaign's
// name, type, cost and start; campaigns named only by touches exist too,
// with nothing known about them.
//
// Touches rows are converted a batch at a time and committed after, as
// records rows are (load_records.cpp): finding a row's record is a cache
// miss into a table of millions of ids, which a batch hides by prefetching
// a block of ids' slots back to back before the block is looked up. Rows
// stay atomic and errors stay in reading order (StagedError; a row whose
// record turns out unknown is rejected with reject_later()). A row's texts
// are interned at its commit, not when read, so a rejected row leaves no
// channel or campaign behind.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"
#include "ingest/staged_error.hpp"
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

// Rows per batch and per block of prefetched id slots (see load_records.cpp).
constexpr std::size_t kBatchRows = 1024;
constexpr std::size_t kBlockRows = 16;

// Converted touches rows, in file order, with the errors among them. The
// CSV rows are gone by the time they are committed, so their texts are
// copied into `arena`.
struct TouchBatch {
  struct Text {
    std::uint32_t offset = UINT32_MAX, size = 0;  // offset UINT32_MAX: missing
  };
  struct Row {
    RecordIds::Probe probe;
    Text id, campaign, channel, interaction, utm_source, utm_medium, utm_campaign;
    std::int64_t time = 0;
    std::optional<std::int64_t> cost;
    std::int64_t line = 0;
  };
  std::vector<Row> rows;
  std::string arena;
  std::vector<StagedError> errors;  // `before`: rows preceding it
  std::uint64_t rows_read = 0;       // rows of the file in this batch, errors included
  bool last = false;                 // no batch follows

  std::string_view text(Text t) const { return {arena.data() + t.offset, t.size}; }
  Text keep(std::string_view s) {
    const Text t{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size())};
    arena.append(s);
    return t;
  }
  void clear() {
    rows.clear();
    arena.clear();
    errors.clear();
    rows_read = 0;
    last = false;
  }
};

class TouchLoader {
 public:
  TouchLoader(LoadContext& ctx, TableInput& in)
      : ctx_(ctx), in_(in), t_(*in.spec), missing_(t_.missing), id_field_(in.index(t_.id_column)),
        time_field_(in.index(t_.time_column)), time_iso_(t_.time_format.is_iso8601()),
        campaign_(in.index_if(t_.touch.campaign)), channel_(in.index_if(t_.touch.channel)),
        interaction_(in.index_if(t_.touch.interaction)), cost_(in.index_if(t_.touch.cost)),
        utm_source_(in.index_if(t_.touch.utm_source)), utm_medium_(in.index_if(t_.touch.utm_medium)),
        utm_campaign_(in.index_if(t_.touch.utm_campaign)) {}

  absl::Status run() {
    TouchBatch batch;
    do {
      batch.clear();
      fill(batch);
      ctx_.file(in_).rows += batch.rows_read;
      if (absl::Status s = commit(batch); !s.ok()) return s;
      ctx_.tick(in_);
    } while (!batch.last);
    ctx_.finish_file(in_);
    return ctx_.fill_raw_rows(in_);
  }

 private:
  // Reads and converts the next rows into the empty @p batch; sets `last` at
  // the end of the file or at an error that ends the load.
  void fill(TouchBatch& batch) {
    const bool strict = ctx_.options.policy == ErrorPolicy::kStrict;
    auto error = [&](StagedError e) {
      e.before = static_cast<std::uint32_t>(batch.rows.size());
      batch.errors.push_back(std::move(e));
      batch.last = strict;  // the load stops at this row: so can the reading
    };
    auto go_on = [&] {
      ++batch.rows_read;
      return !batch.last && batch.rows.size() < kBatchRows && batch.errors.size() < kBatchRows;
    };
    FieldError field;
    CsvError csv_error;
    const CsvReader::Stop stop = in_.reader->read_rows(
        row_, csv_error,
        [&](const CsvRow& row) {
          if (!convert(row, batch, field)) error(StagedError::field_error(row, std::move(field)));
          return go_on();
        },
        [&](const CsvRow& row, const CsvError& e) {
          error(StagedError::csv_error(row, e));
          return go_on();
        });
    switch (stop) {
      case CsvReader::Stop::kEnd: batch.last = true; break;
      case CsvReader::Stop::kFatal:
        error(StagedError::fatal_error(csv_error));
        batch.last = true;
        break;
      case CsvReader::Stop::kAsked: break;
    }
  }

  // Converts @p row into @p batch, or says why not (then nothing is kept).
  bool convert(const CsvRow& row, TouchBatch& batch, FieldError& err) {
    const std::string_view id = row.fields[id_field_];
    if (missing_(id)) {
      err = field_error(id_field_, "value.required", "the record id is missing");
      return false;
    }
    const std::string_view time_text = row.fields[time_field_];
    if (missing_(time_text)) {
      err = field_error(time_field_, "value.required", "the touch time is missing");
      return false;
    }
    TouchBatch::Row r;
    if (!parse_time(time_text, t_.time_format, time_iso_, r.time, why_)) {
      err = field_error(time_field_, "value.timestamp", why_);
      return false;
    }
    if (!read_cost(row, cost_, missing_, r.cost, err)) return false;
    auto keep = [&](OptionalField f) {
      return f && !missing_(row.fields[*f]) ? batch.keep(row.fields[*f]) : TouchBatch::Text{};
    };
    r.probe = RecordIds::probe(id);
    r.id = batch.keep(id);
    r.campaign = keep(campaign_);
    r.channel = keep(channel_);
    r.interaction = keep(interaction_);
    r.utm_source = keep(utm_source_);
    r.utm_medium = keep(utm_medium_);
    r.utm_campaign = keep(utm_campaign_);
    r.line = row.line;
    batch.rows.push_back(r);
    return true;
  }

  // Commits the rows of @p batch with its errors, in reading order.
  absl::Status commit(const TouchBatch& batch) {
    std::size_t done = 0;
    for (const StagedError& e : batch.errors) {
      if (absl::Status s = commit_rows(batch, done, e.before); !s.ok()) return s;
      if (absl::Status s = apply_staged_error(ctx_, in_, e); !s.ok()) return s;
      done = e.before;
    }
    return commit_rows(batch, done, batch.rows.size());
  }

  absl::Status commit_rows(const TouchBatch& batch, std::size_t begin, std::size_t end) {
    DataSetAppender& data = ctx_.data;
    TouchStore& touches = data.touches();
    auto code = [&](TouchBatch::Text t) {
      return t.offset == UINT32_MAX ? kMissingCode : touches.texts.intern(batch.text(t));
    };
    FieldError err;
    for (std::size_t block = begin; block < end; block += kBlockRows) {
      const std::size_t block_end = std::min(end, block + kBlockRows);
      for (std::size_t k = block; k < block_end; ++k) data.record_ids().prefetch(batch.rows[k].probe);
      for (std::size_t k = block; k < block_end; ++k) {
        const TouchBatch::Row& r = batch.rows[k];
        const std::string_view id = batch.text(r.id);
        std::optional<std::uint32_t> record;
        bool skip = false;
        if (!ctx_.find_record(in_, id_field_, id, r.probe, record, skip, err)) {
          if (absl::Status s = ctx_.reject_later(in_, r.line, err); !s.ok()) return s;
          continue;
        }
        if (skip) {
          ++ctx_.file(in_).skipped;
          continue;
        }
        TouchStore::Row touch;
        touch.record = record ? *record : data.add_record(id, r.probe).first;
        touch.time = r.time;
        if (r.campaign.offset != UINT32_MAX) touch.campaign = data.campaigns().intern(batch.text(r.campaign));
        touch.channel = code(r.channel);
        touch.interaction = code(r.interaction);
        touch.utm_source = code(r.utm_source);
        touch.utm_medium = code(r.utm_medium);
        touch.utm_campaign = code(r.utm_campaign);
        touch.cost = r.cost;
        touches.rows.push_back(touch);
      }
    }
    return absl::OkStatus();
  }

  LoadContext& ctx_;
  TableInput& in_;
  const TableSpec& t_;
  const MissingTokens missing_;
  const std::size_t id_field_, time_field_;
  const bool time_iso_;
  const OptionalField campaign_, channel_, interaction_, cost_, utm_source_, utm_medium_, utm_campaign_;
  CsvRow row_;       // kept: its field list is reused
  std::string why_;  // a time's parse error
};

}  // namespace

absl::Status load_touches(LoadContext& ctx, TableInput& in) { return TouchLoader(ctx, in).run(); }

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
