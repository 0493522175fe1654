// The records table: one row per record, its id and typed attributes.
//
// Rows are read and converted a batch at a time (ingest/pipeline/record_batch.hpp),
// then committed: the ids first, in file order with the batch's errors,
// then the values of the rows that became records, column by column.
//
// Interning each id is a cache miss into a table of millions of ids, so the
// slots of a block of ids are prefetched in one tight loop before the block
// is interned. Prefetches issued back to back overlap their page walks; one
// prefetch per row as it is converted would not: a prefetch that misses the
// TLB holds up the core until its page walk is done, and with hundreds of
// instructions of parsing between two rows each would cost about a full miss.
//
// Rows stay atomic (a rejected row leaves nothing behind) and errors stay in
// reading order.
//
// A records table may also name further ids of its records ("links": the
// opportunity a lead became) and the dates its records entered stages
// ("stage_dates"). Both are committed with the record's id: each date is an
// event of the record, each link an entry of LoadContext::links. A linked id
// that two records give is kept as ambiguous: no error here, but an event
// or touch that names it is (ref.ambiguous_link).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"
#include "ingest/pipeline/code_cache.hpp"
#include "ingest/pipeline/record_batch.hpp"

namespace modelfunnel::internal {
namespace {

// Rows whose id slots are prefetched together.
constexpr std::size_t kBlockRows = 16;

// Interns the ids of a batch's rows and commits the rows; a repeated id is
// rejected as key.duplicate. The ids first, in file order with the batch's
// errors, then the values of the rows taken, column by column (see
// ingest/pipeline/record_batch.hpp).
class RecordCommitter {
 public:
  RecordCommitter(LoadContext& ctx, const TableInput& in, const std::vector<AttributeConverter>& attrs,
                  std::vector<CodeCache>& codes)
      : ctx_(ctx), in_(in), n_attrs_(attrs.size()), id_field_(in.index(in.spec->id_column)),
        n_links_(in.spec->links.size()), date_codes_(in.spec->stage_dates.size(), -1),
        by_column_(ctx.data.column_count(), kNone), codes_(codes) {
    for (std::size_t i = 0; i < attrs.size(); ++i) by_column_[attrs[i].column()] = i;
  }

  absl::Status commit(const RecordBatch& c) {
    taken_.clear();
    absl::Status status;
    std::size_t done = 0;
    for (const StagedError& e : c.errors) {
      status = intern(c, done, e.before);
      if (status.ok()) status = apply_staged_error(ctx_, in_, e);
      if (!status.ok()) break;
      done = e.before;
    }
    if (status.ok()) status = intern(c, done, c.size());
    append_values(c);  // even on failure: the records interned get their values
    return status;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // Interns the ids of rows [begin, end) of @p c, in order.
  absl::Status intern(const RecordBatch& c, std::size_t begin, std::size_t end) {
    for (std::size_t block = begin; block < end; block += kBlockRows) {
      const std::size_t block_end = std::min(end, block + kBlockRows);
      const RecordIds& ids = ctx_.data.record_ids();
      for (std::size_t k = block; k < block_end; ++k) ids.prefetch(c.rows[k].probe);  // see the top
      for (std::size_t k = block; k < block_end; ++k) {
        const RecordBatch::Row& row = c.rows[k];
        const std::string_view id = c.text(row.id);
        const std::int64_t* const times = c.dates.data() + k * date_codes_.size();
        const auto dated = static_cast<std::size_t>(
            std::count_if(times, times + date_codes_.size(), [](std::int64_t t) { return t != kNoTime; }));
        if (dated > 0) {
          if (absl::Status room = ctx_.data.has_room_for_events(dated); !room.ok()) {
            absl::Status s = ctx_.reject_later(in_, row.line,
                                               field_error(kWholeRow, "limit.events", std::string(room.message())));
            if (!s.ok()) return s;
            continue;
          }
        }
        if (const auto [r, added] = ctx_.data.add_record_id(id, row.probe); added) {
          taken_.push_back(static_cast<std::uint32_t>(k));
          if (n_links_ > 0) add_links(c, k, r);
          if (dated > 0) add_dates(times, r);
          continue;
        }
        absl::Status s = ctx_.reject_later(
            in_, row.line,
            field_error(id_field_, "key.duplicate",
                        "record id '" + std::string(id) + "' already appeared in an earlier row"));
        if (!s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  // The linked ids of row @p k of @p c, now record @p r.
  void add_links(const RecordBatch& c, std::size_t k, RecordIndex r) {
    for (std::size_t j = 0; j < n_links_; ++j) {
      const RecordBatch::Text link = c.links[k * n_links_ + j];
      if (RecordBatch::absent(link)) continue;
      const std::string_view text = c.text(link);
      const auto [it, inserted] = ctx_.links.try_emplace(absl::string_view(text.data(), text.size()), r);
      if (!inserted && it->second != r) it->second = LoadContext::kAmbiguousLink;
    }
  }

  // The stage dates @p times of a row, now record @p r: one event each.
  void add_dates(const std::int64_t* times, RecordIndex r) {
    for (std::size_t j = 0; j < date_codes_.size(); ++j) {
      if (times[j] == kNoTime) continue;
      if (date_codes_[j] < 0) date_codes_[j] = ctx_.builder.stage(in_.spec->stage_dates[j].stages.front());
      ctx_.data.add_event(r, static_cast<StageCode>(date_codes_[j]), times[j]);
    }
  }

  // Appends the values of the rows taken to every column (the other
  // tables' columns get missing values, as for any new record). Each
  // column grows once per batch and is written in place.
  void append_values(const RecordBatch& c) {
    const std::size_t n = taken_.size();
    const std::uint8_t* const present = c.present.data();
    const std::int64_t* const values = c.values.data();
    for (std::size_t col = 0; col < by_column_.size(); ++col) {
      Column& column = ctx_.data.column(col);
      const std::size_t a = by_column_[col];
      if (a == kNone) {
        column.append_missing(n);
        continue;
      }
      // Value `a` of the k-th row taken; an absent value is stored as 0
      // (RecordBatch), which is also what a missing value holds here.
      auto at = [&](std::size_t k) { return taken_[k] * n_attrs_ + a; };
      std::size_t missing = 0;
      if (column.type == AttributeType::kString) {
        std::uint32_t* out = column.append_codes(n);
        CodeCache& cache = codes_[a];
        for (std::size_t k = 0; k < n; ++k) {
          const std::size_t i = at(k);
          if (present[i] == RecordBatch::kCode) {
            out[k] = static_cast<std::uint32_t>(values[i]);
          } else if (present[i] == RecordBatch::kPresent) {
            out[k] = cache.intern(c.string_at(i), column.dictionary);
          } else {
            out[k] = kMissingCode;
            ++missing;
          }
        }
        column.count_missing(missing);
        continue;
      }
      auto fill = [&](auto slots, auto value_of) {
        for (std::size_t k = 0; k < n; ++k) {
          const std::size_t i = at(k);
          slots.present[k] = present[i];
          missing += present[i] ^ 1;
          slots.values[k] = value_of(values[i]);
        }
      };
      switch (column.type) {
        case AttributeType::kDouble:
          fill(column.append_values<double>(n), [](std::int64_t v) { return std::bit_cast<double>(v); });
          break;
        case AttributeType::kBool:
          fill(column.append_values<std::uint8_t>(n),
               [](std::int64_t v) { return static_cast<std::uint8_t>(v != 0); });
          break;
        default:
          fill(column.append_values<std::int64_t>(n), [](std::int64_t v) { return v; });
          break;
      }
      column.count_missing(missing);
    }
  }

  LoadContext& ctx_;
  const TableInput& in_;
  std::size_t n_attrs_;
  std::size_t id_field_;
  std::size_t n_links_;                  // link columns
  std::vector<std::int32_t> date_codes_;  // per stage date column: its stage's code, once interned
  std::vector<std::size_t> by_column_;  // data set column -> index in attrs, or kNone
  std::vector<std::uint32_t> taken_;    // rows of the batch that became records
  std::vector<CodeCache>& codes_;       // per attribute (used by strings)
};

// The longest id among the rows of @p batch, the first rows of the file:
// the record id store is sized from it, not from a guessed id length, since
// a store that runs out of arena near the end of a big load regrows by
// copying and faulting in its whole arena on the loading thread.
std::size_t longest_id(const RecordBatch& batch) {
  std::size_t n = 1;
  for (const RecordBatch::Row& r : batch.rows) n = std::max<std::size_t>(n, r.id.size);
  return n;
}

// A linked id that is also another record's id: events naming it are
// ambiguous, so every events row must then be checked against the links.
void note_colliding_links(LoadContext& ctx) {
  for (const auto& [link, r] : ctx.links) {
    const auto by_id = ctx.data.record_ids().find(std::string_view(link));
    if (by_id && (r == LoadContext::kAmbiguousLink || *by_id != r)) {
      ctx.links_collide = true;
      return;
    }
  }
}

}  // namespace

absl::Status load_records(LoadContext& ctx, TableInput& in) {
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  // Strings whose codes are known, per attribute: the commits fill them,
  // and the reader then stores a known string as its code, uncopied.
  std::vector<CodeCache> codes(attrs->size());
  RecordCommitter committer(ctx, in, *attrs, codes);
  RecordBatchReader reader(in, *attrs, codes, ctx.options.policy == ErrorPolicy::kStrict);
  std::vector<std::size_t> columns;
  for (const AttributeConverter& a : *attrs) columns.push_back(a.column());
  RecordBatch batch;
  do {
    batch.clear();
    reader.fill(batch);
    if (batch.estimated_rows > 0) ctx.ahead.records_expected(batch.estimated_rows, longest_id(batch), columns);
    ctx.ahead.records_progress();
    ctx.file(in).rows += batch.rows_read;
    if (absl::Status s = committer.commit(batch); !s.ok()) return s;
    ctx.tick_at(batch.bytes_consumed);
  } while (!batch.last);
  ctx.finish_file_at(batch.bytes_consumed);
  if (!in.spec->links.empty()) note_colliding_links(ctx);
  return ctx.fill_raw_rows(in);
}

}  // namespace modelfunnel::internal
