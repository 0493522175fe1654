// The converting half of the events loader, on its own thread (see
// ingest/pipeline/event_staging.hpp): reads rows, converts every field but the
// record id, and hands chunks to load_events() in file order.
#include "ingest/pipeline/event_staging.hpp"

#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal {
namespace {

// Rows per chunk: small enough that, loading one file, a chunk is still in
// cache when it is committed, big enough that handing it over is rare.
constexpr std::size_t kChunkRows = 8192;
// Rows read before the file size is trusted to predict the row count.
constexpr std::size_t kSampleRows = 1024;
// A chunk's offsets are 32-bit; cut it well before.
constexpr std::size_t kChunkMaxBytes = std::size_t{1} << 30;

std::uint32_t end_of(const std::string& s) { return static_cast<std::uint32_t>(s.size()); }

}  // namespace

EventConversion::EventConversion(const LoadContext& ctx, TableInput& in, std::size_t max_chunks)
    : spec_(*in.spec),
      missing_(in.spec->missing),
      strict_(ctx.options.policy == ErrorPolicy::kStrict),
      in_(in),
      stages_(*in.spec->stage, ctx.mapping.graph),
      max_chunks_(max_chunks < 2 ? 2 : max_chunks) {
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error&) {
    // No thread to be had (a process at its thread limit): a load must not
    // fail for that. next() then converts the whole file on the calling
    // thread, the first time it is called, keeping every chunk: slower and
    // bigger, but the same result.
    inline_ = true;
  }
}

std::size_t EventConversion::rows_ahead() const { return max_chunks_ * kChunkRows; }

void StagedChunk::clear() {
  ids.clear();
  id_end.clear();
  stage.clear();
  time.clear();
  line.clear();
  first_line = 0;
  amount_rows.clear();
  amount_values.clear();
  reason_rows.clear();
  actor_rows.clear();
  reason_end.clear();
  actor_end.clear();
  reasons.clear();
  actors.clear();
  stages.clear();
  errors.clear();
  rows_read = 0;
  bytes_consumed = 0;
  estimated_rows = 0;
  last = false;
}

EventConversion::~EventConversion() {
  {
    std::lock_guard lock(mutex_);
    stop_.store(true, std::memory_order_relaxed);
  }
  freed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventConversion::recycle(std::unique_ptr<StagedChunk> chunk) {
  chunk->clear();
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(chunk));
  }
  freed_.notify_one();
}

std::unique_ptr<StagedChunk> EventConversion::empty_chunk() {
  std::unique_lock lock(mutex_);
  if (free_.empty() && (allocated_ < max_chunks_ || inline_)) {
    ++allocated_;
    lock.unlock();
    auto c = std::make_unique<StagedChunk>();
    c->id_end.reserve(kChunkRows);
    c->stage.reserve(kChunkRows);
    c->time.reserve(kChunkRows);
    c->line.reserve(kChunkRows);
    c->ids.reserve(kChunkRows * 8);
    // A new chunk is fresh memory, faulted in 4 KiB at a time as it fills:
    // thousands of page faults on this thread for a big file, each of them
    // slow on a virtual machine. One populate per buffer is far cheaper.
    populate_range(c->id_end.data(), c->id_end.capacity() * sizeof(std::uint32_t));
    populate_range(c->stage.data(), c->stage.capacity() * sizeof(std::uint32_t));
    populate_range(c->time.data(), c->time.capacity() * sizeof(std::int64_t));
    populate_range(c->line.data(), c->line.capacity() * sizeof(std::uint32_t));
    populate_range(c->ids.data(), c->ids.capacity());
    return c;
  }
  freed_.wait(lock, [&] { return !free_.empty() || stop_.load(std::memory_order_relaxed); });
  if (free_.empty()) return nullptr;
  std::unique_ptr<StagedChunk> c = std::move(free_.back());
  free_.pop_back();
  return c;
}

absl::StatusOr<std::unique_ptr<StagedChunk>> EventConversion::next() {
  if (inline_ && !converted_inline_) {
    converted_inline_ = true;
    run();
  }
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return !chunks_.empty() || done_; });
  if (!chunks_.empty()) {
    std::unique_ptr<StagedChunk> chunk = std::move(chunks_.front());
    chunks_.pop_front();
    return chunk;
  }
  if (!failure_.ok()) return failure_;
  return absl::InternalError("load: the events conversion ended without its last chunk");
}

void EventConversion::push(std::unique_ptr<StagedChunk> chunk) {
  const bool last = chunk->last;
  {
    std::lock_guard lock(mutex_);
    chunks_.push_back(std::move(chunk));
    if (last) done_ = true;
  }
  ready_.notify_one();
}

void EventConversion::run() {
  // Exceptions cannot leave a thread: they come back through next().
  absl::Status failure;
  try {
    convert_all();
    return;
  } catch (const std::bad_alloc&) {
    failure = absl::ResourceExhaustedError("load: out of memory");
  } catch (const std::exception& e) {
    failure = absl::InternalError(absl::StrCat("load: ", e.what()));
  }
  {
    std::lock_guard lock(mutex_);
    failure_ = failure;
    done_ = true;
  }
  ready_.notify_one();
}

void EventConversion::convert_all() {
  CsvReader& reader = *in_.reader;
  const std::size_t record_index = in_.index(spec_.id_column);
  const std::size_t stage_index = in_.index(spec_.stage->column);
  const std::size_t time_index = in_.index(spec_.time_column);
  const OptionalField amount_index =
      spec_.amount ? OptionalField(in_.index(spec_.amount->column)) : OptionalField();
  const OptionalField reason_index = in_.index_if(spec_.reason_column);
  const OptionalField actor_index = in_.index_if(spec_.actor_column);
  const bool iso = spec_.time_format.is_iso8601();
  std::string why;
  std::uint64_t rows = 0;

  std::unique_ptr<StagedChunk> chunk = empty_chunk();
  if (chunk == nullptr) return;
  // Hands the chunk over; the resolver's entries go along, so that the
  // committing thread never reads the resolver while this one grows it.
  auto cut = [&](bool last) {
    chunk->stages.reserve(stages_.size());
    for (std::size_t i = 0; i < stages_.size(); ++i) chunk->stages.push_back(stages_.entry(i));
    chunk->bytes_consumed = reader.bytes_consumed();
    chunk->last = last;
    push(std::move(chunk));
    if (!last) chunk = empty_chunk();
    return chunk != nullptr;  // false: stopped while waiting for a free chunk
  };
  auto error = [&](StagedError e) {
    e.before = static_cast<std::uint32_t>(chunk->size());
    chunk->errors.push_back(std::move(e));
  };

  // Converts one row into the chunk, or says why not (nothing is added).
  auto convert = [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[record_index];
    if (missing_(id)) {
      err = field_error(record_index, "value.required", "the record id is missing");
      return false;
    }
    const std::string_view raw_stage = row.fields[stage_index];
    if (missing_(raw_stage)) {
      err = field_error(stage_index, "value.required", "the stage is missing");
      return false;
    }
    const StageResolver::Entry& stage = stages_.resolve(raw_stage);
    if (!stage.known) {
      err = field_error(stage_index, "value.unknown_stage",
                        "stage '" + stage.id + "' is not in the stage graph");
      return false;
    }
    const std::string_view time_text = row.fields[time_index];
    if (missing_(time_text)) {
      err = field_error(time_index, "value.required", "the event time is missing");
      return false;
    }
    std::int64_t time = 0;
    if (!parse_time(time_text, spec_.time_format, iso, time, why)) {
      err = field_error(time_index, "value.timestamp", why);
      return false;
    }
    std::optional<std::int64_t> amount;
    if (amount_index && !missing_(row.fields[*amount_index])) {
      auto a = parse_amount(row.fields[*amount_index]);
      if (!a.ok()) {
        err = field_error(*amount_index, "value.amount", std::string(a.status().message()));
        return false;
      }
      amount = a->scaled();
    }
    const std::string_view reason = reason_index ? row.fields[*reason_index] : std::string_view();
    const std::string_view actor = actor_index ? row.fields[*actor_index] : std::string_view();
    const bool has_reason = reason_index && !missing_(reason);
    const bool has_actor = actor_index && !missing_(actor);

    // Commit to the chunk: a new one first if this row would overflow it.
    if (chunk->size() > 0 &&
        (chunk->ids.size() + id.size() > kChunkMaxBytes ||
         chunk->reasons.size() + reason.size() > kChunkMaxBytes ||
         chunk->actors.size() + actor.size() > kChunkMaxBytes ||
         row.line - chunk->first_line > std::numeric_limits<std::uint32_t>::max())) {
      if (!cut(false)) {
        err = field_error(kWholeRow, "internal.stopped", "stopped");  // nobody reads it
        return false;
      }
    }
    StagedChunk& c = *chunk;
    const auto i = static_cast<std::uint32_t>(c.size());
    if (i == 0) c.first_line = row.line;
    c.ids.append(id);
    c.id_end.push_back(end_of(c.ids));
    c.stage.push_back(stage.index);
    c.time.push_back(time);
    c.line.push_back(static_cast<std::uint32_t>(row.line - c.first_line));
    if (amount) {
      c.amount_rows.push_back(i);
      c.amount_values.push_back(*amount);
    }
    if (has_reason) {
      c.reasons.append(reason);
      c.reason_rows.push_back(i);
      c.reason_end.push_back(end_of(c.reasons));
    }
    if (has_actor) {
      c.actors.append(actor);
      c.actor_rows.push_back(i);
      c.actor_end.push_back(end_of(c.actors));
    }
    return true;
  };

  CsvRow row;
  CsvError csv_error;
  FieldError field;
  for (;;) {
    if (stop_.load(std::memory_order_relaxed)) return;  // nobody is waiting any more
    if ((chunk->size() >= kChunkRows || chunk->errors.size() >= kChunkRows) && !cut(false)) return;
    switch (reader.next(row, csv_error)) {
      case CsvReader::Next::kEnd:
        cut(true);
        return;
      case CsvReader::Next::kFatal: {
        StagedError e;
        e.kind = StagedError::Kind::kFatal;
        e.csv = csv_error;
        error(std::move(e));
        cut(true);
        return;
      }
      case CsvReader::Next::kError: {
        ++chunk->rows_read;
        StagedError e;
        e.kind = StagedError::Kind::kCsv;
        e.csv = csv_error;
        e.raw = std::string(row.raw);
        error(std::move(e));
        if (strict_) {  // the load stops at this row: so can the reading
          cut(true);
          return;
        }
        break;
      }
      case CsvReader::Next::kRow: {
        ++chunk->rows_read;
        if (!convert(row, field)) {
          if (chunk == nullptr) return;  // stopped
          StagedError e;
          e.kind = StagedError::Kind::kField;
          e.line = row.line;
          e.field = std::move(field);
          e.raw = std::string(row.raw);
          error(std::move(e));
          if (strict_) {
            cut(true);
            return;
          }
        }
        break;
      }
    }
    if (++rows == kSampleRows) {
      chunk->estimated_rows = LoadContext::estimate_rows(in_, rows);
      estimated_rows_.store(chunk->estimated_rows, std::memory_order_relaxed);
    }
  }
}

}  // namespace modelfunnel::internal
