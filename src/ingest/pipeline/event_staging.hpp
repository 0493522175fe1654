// The events loader in two halves, so that they can run on two cores.
//
// Converting an events row (tokenising, stage, time, amount) needs nothing
// from the data set; matching its record id does: the ids come from the
// records table, loaded first. So an EventConversion reads and converts the
// whole events file on a thread of its own, started by load() as soon as
// the headers are checked, in chunks of a few thousand rows; meanwhile the
// main thread loads the records table, then load_events() takes the chunks
// in file order, matches the ids and commits the rows (load_events.cpp).
// With only an events table the two halves still overlap, as a pipeline.
// Without a thread (a load on one thread, or none to be had) next()
// converts each chunk when it is asked for: the same chunks, one at a time.
//
// Everything that orders the result stays on the main thread, in file
// order: record numbering (unknown_records: create), stage and reason
// codes, the events themselves, rejected rows. The converter records its
// errors in the chunk at their place among the rows instead of rejecting
// them, so the policy sees every error of a file in reading order, exactly
// as a one-thread load does. Under the strict policy it stops at its first
// error, as the load will.
//
// Chunks are recycled and their number is capped, so staging costs a fixed
// amount of memory whatever the file size: ~8 MB while the commits follow
// closely (they take half the chunks at a time: load_events.cpp), and up to
// ~2M rows (~64 MB) while an earlier table loads. That cap is generous on
// purpose: while the records table loads, the converter should get through
// (nearly) the whole events file of a million-lead load rather than stop
// early, sit idle and leave the commits waiting for it afterwards.
// load() returns the staging memory to the system once the table is loaded
// (release_free_memory()), before the sort allocates its own.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "ingest/csv_reader.hpp"
#include "ingest/event_fields.hpp"
#include "ingest/load_context.hpp"
#include "ingest/staged_error.hpp"

namespace modelfunnel::internal {

/// Converted events rows, in file order, not yet matched to records.
struct StagedChunk {
  std::string ids;                      // the record ids, back to back
  std::vector<std::uint32_t> id_end;    // end of event i's id in `ids`
  std::vector<std::uint32_t> stage;     // index into `stages`
  std::vector<std::int64_t> time;
  std::vector<std::uint32_t> line;      // line of event i, minus first_line
  std::int64_t first_line = 0;
  std::vector<std::uint32_t> amount_rows;  // events with an amount
  std::vector<std::int64_t> amount_values;
  std::vector<std::uint32_t> close_date_rows;  // events with a close date
  std::vector<std::int64_t> close_date_values;
  std::vector<std::uint32_t> reason_rows, actor_rows;  // events with a reason / actor
  std::vector<std::uint32_t> reason_end, actor_end;    // end of their text in the strings below
  std::string reasons, actors;
  std::vector<StageResolver::Entry*> stages;  // the resolver's entries when the chunk was cut
  std::vector<StagedError> errors;
  std::uint64_t rows_read = 0;          // rows of the file in this chunk, errors included
  std::uint64_t bytes_consumed = 0;     // reader position at the end of the chunk
  std::size_t estimated_rows = 0;       // set once, from the first rows' size
  bool last = false;                    // no chunk follows

  std::size_t size() const { return time.size(); }
  /// Empties the chunk for reuse, keeping its memory.
  void clear();
  std::string_view id(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : id_end[i - 1];
    return {ids.data() + begin, id_end[i] - begin};
  }
};

/// Reads and converts one events table, on its own thread (see above).
class EventConversion {
 public:
  /// Starts converting @p in on a thread of its own if @p on_thread (and
  /// one can be started), at most @p max_chunks chunks ahead of the
  /// commits; otherwise next() converts. @p in's reader belongs to the
  /// conversion until it is destroyed; its name, header and size may still
  /// be read.
  EventConversion(const LoadContext& ctx, TableInput& in, std::size_t max_chunks, bool on_thread);
  /// Chunks ahead while the commits follow closely (a pipeline), and while
  /// they wait for earlier tables to load (then more work can be done ahead:
  /// see above).
  static constexpr std::size_t kPipelineChunks = 32;
  static constexpr std::size_t kAheadChunks = 256;
  /// Stops the thread (if still running) and waits for it.
  ~EventConversion();
  EventConversion(const EventConversion&) = delete;
  EventConversion& operator=(const EventConversion&) = delete;

  /// The next chunk in file order, waiting for it (or, without a thread,
  /// converting it); the one with `last` set ends the file. A failure of the
  /// conversion itself (out of memory) comes back as a status.
  absl::StatusOr<std::unique_ptr<StagedChunk>> next();
  /// Gives a committed chunk back, to be filled again.
  void recycle(std::unique_ptr<StagedChunk> chunk);

  const TableInput& input() const { return in_; }
  /// Chunks that may be out at once, converted or being committed.
  std::size_t max_chunks() const { return max_chunks_; }
  /// Roughly how many rows the file has, once the first rows are read;
  /// 0 before. Any thread may ask.
  std::size_t estimated_rows() const { return estimated_rows_.load(std::memory_order_relaxed); }
  /// Rows the conversion can hold converted before it waits for commits.
  std::size_t rows_ahead() const;
  /// Whether it converts on a thread of its own.
  bool on_thread() const { return threaded_; }

 private:
  /// The thread: converts until the file ends or the conversion stops.
  void run();
  /// Converts rows until a chunk is handed over (@p one_chunk) or until the
  /// file ends or the conversion stops; false once there is nothing more
  /// to convert.
  bool convert(bool one_chunk);
  /// convert() with its exceptions turned into the conversion's failure.
  bool convert_safely(bool one_chunk);
  /// Hands the current chunk over and starts the next (unless @p last);
  /// false when stopped while waiting for a free chunk.
  bool cut(bool last);
  void push(std::unique_ptr<StagedChunk> chunk);
  /// An empty chunk: a recycled one, a new one, or (when kMaxChunks are
  /// out, converting on a thread) the next one recycled; null once the
  /// conversion is stopped.
  std::unique_ptr<StagedChunk> empty_chunk();

  const bool strict_;
  TableInput& in_;
  EventFields fields_;
  StageResolver stages_;  // the converter's; entries are handed out in chunks
  // The converter's state between convert() calls.
  std::unique_ptr<StagedChunk> chunk_;  // being filled
  CsvRow row_;
  std::uint64_t rows_ = 0;   // rows read so far
  bool cut_ = false;         // a chunk was handed over since convert() began
  bool finished_ = false;    // the last chunk was handed over, or stopped

  std::mutex mutex_;
  std::condition_variable ready_;  // a chunk to commit, or done_
  std::condition_variable freed_;  // a chunk recycled, or stop_
  std::deque<std::unique_ptr<StagedChunk>> chunks_;  // converted, in file order
  std::vector<std::unique_ptr<StagedChunk>> free_;   // committed, to refill
  std::size_t allocated_ = 0;
  const std::size_t max_chunks_;
  absl::Status failure_;
  bool done_ = false;
  std::atomic<bool> stop_{false};  // set under mutex_ too, for freed_
  std::atomic<std::size_t> estimated_rows_{0};
  bool threaded_;       // converting on thread_; otherwise next() converts
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace modelfunnel::internal
