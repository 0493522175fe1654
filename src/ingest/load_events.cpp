// The long events table: one row per stage event (record, stage, time, and
// optionally amount, reason, actor).
//
// This is the hot loop of a benchmark load (millions of rows), split in two
// halves (ingest/pipeline/event_staging.hpp): an EventConversion thread reads and
// converts the rows into chunks, and this file matches each row's record id
// and commits it, chunk by chunk in file order, on the loading thread.
// The ids are matched a batch of chunks at a time (up to a million rows),
// in address order of the id store (ingest/pipeline/event_id_lookup.hpp): one by
// one, every lookup would be a cache and TLB miss into a table of millions
// of ids. The rows are then committed in file order; meanwhile the next
// batch is taken and looked up on another thread, which keeps the lookups
// off the loading thread.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "ingest/pipeline/code_cache.hpp"
#include "ingest/pipeline/event_id_lookup.hpp"
#include "ingest/pipeline/event_staging.hpp"
#include "ingest/load_context.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal {
namespace {

class ChunkCommitter {
 public:
  ChunkCommitter(LoadContext& ctx, TableInput& in)
      : ctx_(ctx), in_(in), record_field_(in.index(in.spec->id_column)),
        create_(in.spec->create_unknown_records),
        skip_(in.spec->unknown_records == UnknownRecords::kSkip) {}

  /// Commits @p c, whose rows are rows @p first... of @p lookup.
  absl::Status commit(const StagedChunk& c, const EventIdLookup& lookup, std::size_t first) {
    DataSetAppender& data = ctx_.data;
    if (c.estimated_rows > 0) ctx_.ahead.events_expected(in_, c.estimated_rows);
    ctx_.file(in_).rows += c.rows_read;
    const std::size_t n = c.size();
    if (commit_whole(c, lookup, first)) {
      ctx_.tick_at(c.bytes_consumed);
      return absl::OkStatus();
    }
    std::size_t error = 0, amount = 0, reason = 0, actor = 0, close = 0;
    for (std::size_t i = 0; i < n; ++i) {
      for (; error < c.errors.size() && c.errors[error].before == i; ++error) {
        if (absl::Status s = staged_error(c.errors[error]); !s.ok()) return s;
      }
      const std::string_view id = c.id(i);
      std::optional<std::uint32_t> record;
      const std::uint32_t by_id = lookup.record(first + i);
      std::uint32_t matched = 0;
      const LoadContext::Match match =
          ctx_.match(id, by_id == EventIdLookup::kAbsent ? std::nullopt : std::optional<std::uint32_t>(by_id), matched);
      if (match == LoadContext::Match::kOne) {
        record = matched;
      } else if (match == LoadContext::Match::kNone && create_) {
        // Absent when the batch was looked up; an earlier row of the batch
        // may have created it since: record() finds or adds it.
        record = data.add_record(id, lookup.probe(first + i)).first;
      }
      const std::int64_t line = c.first_line + c.line[i];
      bool committed = false;
      std::uint32_t event = 0;
      if (match == LoadContext::Match::kTwo) {
        if (absl::Status s = reject(line, LoadContext::ambiguous_link(record_field_, id)); !s.ok()) return s;
      } else if (!record && skip_) {
        ++ctx_.file(in_).skipped;
      } else if (!record && !create_) {
        if (absl::Status s = reject(line, field_error(record_field_, "ref.unknown_record",
                                                      "record '" + std::string(id) +
                                                          "' is not defined by the records table"));
            !s.ok()) {
          return s;
        }
      } else if (absl::Status room = data.has_room_for_events(1); !room.ok()) {
        if (absl::Status s = reject(line, field_error(kWholeRow, "limit.events", std::string(room.message())));
            !s.ok()) {
          return s;
        }
      } else {
        event = data.add_event(*record, StageResolver::code(*c.stages[c.stage[i]], ctx_.builder), c.time[i]);
        committed = true;
      }
      if (amount < c.amount_rows.size() && c.amount_rows[amount] == i) {
        if (committed) data.add_amount(event, c.amount_values[amount]);
        ++amount;
      }
      if (close < c.close_date_rows.size() && c.close_date_rows[close] == i) {
        if (committed) data.add_close_date(event, c.close_date_values[close]);
        ++close;
      }
      if (reason < c.reason_rows.size() && c.reason_rows[reason] == i) {
        if (committed) data.add_reason(event, reasons_.intern(text(c.reasons, c.reason_end, reason), data.reasons()));
        ++reason;
      }
      if (actor < c.actor_rows.size() && c.actor_rows[actor] == i) {
        if (committed) data.add_actor(event, data.actors().intern(text(c.actors, c.actor_end, actor)));
        ++actor;
      }
    }
    for (; error < c.errors.size(); ++error) {
      if (absl::Status s = staged_error(c.errors[error]); !s.ok()) return s;
    }
    ctx_.tick_at(c.bytes_consumed);
    return absl::OkStatus();
  }

 private:
  // The common chunk: no errors, every row's record found, room for all.
  // Its rows are appended column by column, without the checks above;
  // false (nothing done) for any other chunk.
  bool commit_whole(const StagedChunk& c, const EventIdLookup& lookup, std::size_t first) {
    const std::size_t n = c.size();
    DataSetAppender& data = ctx_.data;
    if (!c.errors.empty() || ctx_.links_collide || !data.has_room_for_events(n).ok()) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (lookup.record(first + i) == EventIdLookup::kAbsent) return false;
    }
    const EventSlots slots = data.add_events(n, c.time.data());
    for (std::size_t i = 0; i < n; ++i) slots.record[i] = lookup.record(first + i);
    // Stage codes are given in order of first use: as row by row.
    for (std::size_t i = 0; i < n; ++i) slots.stage[i] = StageResolver::code(*c.stages[c.stage[i]], ctx_.builder);
    const auto event = [&](std::uint32_t row) { return slots.first + row; };
    for (std::size_t k = 0; k < c.amount_rows.size(); ++k) data.add_amount(event(c.amount_rows[k]), c.amount_values[k]);
    for (std::size_t k = 0; k < c.close_date_rows.size(); ++k) {
      data.add_close_date(event(c.close_date_rows[k]), c.close_date_values[k]);
    }
    for (std::size_t k = 0; k < c.reason_rows.size(); ++k) {
      data.add_reason(event(c.reason_rows[k]), reasons_.intern(text(c.reasons, c.reason_end, k), data.reasons()));
    }
    for (std::size_t k = 0; k < c.actor_rows.size(); ++k) {
      data.add_actor(event(c.actor_rows[k]), data.actors().intern(text(c.actors, c.actor_end, k)));
    }
    return true;
  }

  static std::string_view text(const std::string& texts, const std::vector<std::uint32_t>& end,
                               std::size_t i) {
    const std::uint32_t begin = i == 0 ? 0 : end[i - 1];
    return {texts.data() + begin, end[i] - begin};
  }

  // A row found bad here, whose raw bytes are read back later.
  absl::Status reject(std::int64_t line, const FieldError& e) { return ctx_.reject_later(in_, line, e); }

  absl::Status staged_error(const StagedError& e) { return apply_staged_error(ctx_, in_, e); }

  LoadContext& ctx_;
  TableInput& in_;
  std::size_t record_field_;
  bool create_, skip_;
  CodeCache reasons_;  // loss reasons: a handful of values
};

// The chunks of one batch, in file order, and their rows' records.
struct Batch {
  std::vector<std::unique_ptr<StagedChunk>> chunks;
  std::vector<const StagedChunk*> views;
  EventIdLookup lookup;
  bool last = false;  // holds the file's last chunk
};

// Takes the next chunks from @p conversion into the empty @p b (at most
// @p max_chunks, and about as many rows as a lookup batch of @p ids) and
// looks up their ids.
absl::Status take_batch(EventConversion& conversion, const RecordIds& ids, std::size_t max_chunks,
                        Batch& b) {
  b.chunks.clear();
  b.views.clear();
  const std::size_t batch_rows = EventIdLookup::batch_rows(ids);
  std::size_t rows = 0;
  while (!b.last && b.chunks.size() < max_chunks && rows < batch_rows) {
    auto chunk = conversion.next();
    if (!chunk.ok()) return chunk.status();
    b.last = (*chunk)->last;
    rows += (*chunk)->size();
    b.views.push_back(chunk->get());
    b.chunks.push_back(*std::move(chunk));
  }
  b.lookup.run(ids, b.views);
  return absl::OkStatus();
}

}  // namespace

absl::Status load_events(LoadContext& ctx, TableInput& in) {
  // load() may have started converting this table while earlier tables
  // loaded; otherwise convert it now, overlapping with the commits here.
  std::unique_ptr<EventConversion> own;
  EventConversion* conversion = in.conversion;
  if (conversion == nullptr) {
    own = std::make_unique<EventConversion>(ctx, in, EventConversion::kPipelineChunks,
                                            /*on_thread=*/ctx.threads >= 2);
    conversion = own.get();
  }
  ChunkCommitter committer(ctx, in);
  // Two batches out at once (one committed, the next taken and looked up)
  // and the conversion filling more: a third of the chunks each.
  const std::size_t batch_chunks = std::max<std::size_t>(1, conversion->max_chunks() / 3);
  // While one batch is committed here, the next is taken and looked up on
  // another thread: the id store is only read by lookups, and the commits
  // do not change it unless they create records, so then the two take
  // turns (the lookup must see the records created before it).
  const bool overlap = !in.spec->create_unknown_records;
  Batch batches[2];
  std::uint64_t consumed = 0;
  if (absl::Status s = take_batch(*conversion, ctx.data.record_ids(), batch_chunks, batches[0]); !s.ok()) {
    return s;
  }
  for (std::size_t k = 0;; ++k) {
    Batch& current = batches[k % 2];
    Batch& next = batches[(k + 1) % 2];
    absl::Status committed, taken;
    auto commit = [&] {
      std::size_t first = 0;
      for (std::unique_ptr<StagedChunk>& chunk : current.chunks) {
        committed = committer.commit(*chunk, current.lookup, first);
        if (!committed.ok()) return;
        first += chunk->size();
        consumed = chunk->bytes_consumed;
        conversion->recycle(std::move(chunk));
      }
    };
    auto take = [&] {
      if (!overlap && !committed.ok()) return;  // taking turns: no use going on
      taken = take_batch(*conversion, ctx.data.record_ids(), batch_chunks, next);
    };
    const bool more = !current.last;
    if (more) in_parallel(overlap ? ctx.threads : 1, commit, take);
    else commit();
    if (!committed.ok()) return committed;
    if (!taken.ok()) return taken;
    if (!more) break;
  }
  ctx.finish_file_at(consumed);
  return ctx.fill_raw_rows(in);
}

}  // namespace modelfunnel::internal
