// The converting half of the events loader, on its own thread (see
// ingest/pipeline/event_staging.hpp): reads rows, converts every field but
// the record id (ingest/event_fields.hpp), and hands chunks to
// load_events() in file order.
#include "ingest/pipeline/event_staging.hpp"

#include <limits>
#include <optional>
#include <utility>

#include "util/huge_pages.hpp"
#include "util/no_throw.hpp"
#include "util/parallel.hpp"

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

EventConversion::EventConversion(const LoadContext& ctx, TableInput& in, std::size_t max_chunks,
                                 bool on_thread)
    : strict_(ctx.options.policy == ErrorPolicy::kStrict),
      in_(in),
      fields_(in),
      stages_(*in.spec->stage, ctx.mapping.graph),
      max_chunks_(max_chunks < 2 ? 2 : max_chunks),
      threaded_(on_thread) {
  if (!on_thread) return;
  thread_ = start_thread([this]() noexcept { run(); });
  // Where no thread is to be had (a process at its thread limit) the load
  // goes on without: next() converts, as on one thread. Only then is
  // threaded_ changed, when no thread reads it.
  if (!thread_.joinable()) threaded_ = false;
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
  close_date_rows.clear();
  close_date_values.clear();
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
  // Without a thread next() only converts when every chunk is committed or
  // recycled: waiting here would wait for itself.
  if (free_.empty() && (allocated_ < max_chunks_ || !threaded_)) {
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
  if (!threaded_) {
    // Converting here: chunks_ and done_ are only touched by this thread.
    while (chunks_.empty() && !done_ && convert_safely(/*one_chunk=*/true)) {
    }
  }
  std::unique_lock lock(mutex_);
  if (threaded_) ready_.wait(lock, [&] { return !chunks_.empty() || done_; });
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
  convert_safely(/*one_chunk=*/false);
}

bool EventConversion::convert_safely(bool one_chunk) {
  // On the thread, exceptions cannot leave it: they come back through
  // next(), as they do without one.
  absl::Status failure;
  try {
    return convert(one_chunk);
  } catch (...) {
    failure = status_from_exception("load");
  }
  finished_ = true;
  {
    std::lock_guard lock(mutex_);
    failure_ = failure;
    done_ = true;
  }
  ready_.notify_one();
  return false;
}

bool EventConversion::cut(bool last) {
  // The resolver's entries go along, so that the committing thread never
  // reads the resolver while this one grows it.
  StagedChunk& c = *chunk_;
  c.stages.reserve(stages_.size());
  for (std::size_t i = 0; i < stages_.size(); ++i) c.stages.push_back(stages_.entry(i));
  c.bytes_consumed = in_.reader->bytes_consumed();
  c.last = last;
  push(std::move(chunk_));
  cut_ = true;
  if (last) {
    finished_ = true;
    return false;
  }
  chunk_ = empty_chunk();
  if (chunk_ == nullptr) finished_ = true;  // stopped while waiting for a free chunk
  return chunk_ != nullptr;
}

bool EventConversion::convert(bool one_chunk) {
  if (finished_) return false;
  if (chunk_ == nullptr) {
    chunk_ = empty_chunk();
    if (chunk_ == nullptr) {
      finished_ = true;
      return false;
    }
  }
  cut_ = false;
  auto error = [&](StagedError e) {
    e.before = static_cast<std::uint32_t>(chunk_->size());
    chunk_->errors.push_back(std::move(e));
  };
  // Converts one row into the current chunk, or says why not (nothing is
  // added). A lambda, as the handlers of read_rows(): inlined into the loop.
  auto convert_row = [&](const CsvRow& row, FieldError& err) {
    std::string_view id, reason, actor;
    StageResolver::Entry* stage = nullptr;
    std::int64_t time = 0;
    std::optional<std::int64_t> amount, close_date;
    if (!fields_.id(row, id, err) || !fields_.stage(row, stages_, stage, err) ||
        !fields_.time(row, time, err) || !fields_.amount(row, amount, err) ||
        !fields_.close_date(row, close_date, err)) {
      return false;
    }
    const bool has_reason = fields_.reason(row, reason);
    const bool has_actor = fields_.actor(row, actor);

    // Commit to the chunk: a new one first if this row would overflow it.
    if (chunk_->size() > 0 &&
        (chunk_->ids.size() + id.size() > kChunkMaxBytes ||
         chunk_->reasons.size() + reason.size() > kChunkMaxBytes ||
         chunk_->actors.size() + actor.size() > kChunkMaxBytes ||
         row.line - chunk_->first_line > std::numeric_limits<std::uint32_t>::max())) {
      if (!cut(false)) {
        err = field_error(kWholeRow, "internal.stopped", "stopped");  // nobody reads it
        return false;
      }
    }
    StagedChunk& c = *chunk_;
    const auto i = static_cast<std::uint32_t>(c.size());
    if (i == 0) c.first_line = row.line;
    c.ids.append(id);
    c.id_end.push_back(end_of(c.ids));
    c.stage.push_back(stage->index);
    c.time.push_back(time);
    c.line.push_back(static_cast<std::uint32_t>(row.line - c.first_line));
    if (amount) {
      c.amount_rows.push_back(i);
      c.amount_values.push_back(*amount);
    }
    if (close_date) {
      c.close_date_rows.push_back(i);
      c.close_date_values.push_back(*close_date);
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
  // After each row: the estimate, a full chunk cut, and whether to go on.
  auto go_on = [&] {
    if (++rows_ == kSampleRows) {
      chunk_->estimated_rows = LoadContext::estimate_rows(in_, rows_);
      estimated_rows_.store(chunk_->estimated_rows, std::memory_order_relaxed);
    }
    if (stop_.load(std::memory_order_relaxed)) {  // nobody is waiting any more
      finished_ = true;
      return false;
    }
    if ((chunk_->size() >= kChunkRows || chunk_->errors.size() >= kChunkRows) && !cut(false)) return false;
    return !(one_chunk && cut_);
  };
  FieldError field;
  CsvError csv_error;
  const CsvReader::Stop stop = in_.reader->read_rows(
      row_, csv_error,
      [&](const CsvRow& row) {
        ++chunk_->rows_read;
        if (!convert_row(row, field)) {
          if (chunk_ == nullptr) return false;  // stopped
          error(StagedError::field_error(row, std::move(field)));
          if (strict_) return cut(true);  // the load stops at this row: so can the reading
        }
        return go_on();
      },
      [&](const CsvRow& row, const CsvError& e) {
        ++chunk_->rows_read;
        error(StagedError::csv_error(row, e));
        if (strict_) return cut(true);
        return go_on();
      });
  switch (stop) {
    case CsvReader::Stop::kEnd: cut(true); break;
    case CsvReader::Stop::kFatal:
      error(StagedError::fatal_error(csv_error));
      cut(true);
      break;
    case CsvReader::Stop::kAsked: break;
  }
  return !finished_;
}

}  // namespace modelfunnel::internal
