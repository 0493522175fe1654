/// @file load.hpp
/// @brief Loading CRM exports (CSV) into a DataSet through a mapping.
///
/// A Mapping (JSON, schema in docs/mapping.md) says which file holds what:
/// a *long* events table (one row per stage event) or a *wide* table (one row
/// per record, a current-stage column and one date column per stage), an
/// optional records table, and side tables (accounts, sales teams) whose
/// columns attach to records through a key. It also says which columns
/// become attributes and with what type, how raw stage values map to stage
/// ids, and how each date column spells its dates.
///
/// Loading is all or nothing under ErrorPolicy::kStrict (the default): the
/// first bad row fails the load with `file:line:column: field: rule: why`.
/// Under ErrorPolicy::kSkip bad rows are left out, and every one of them is
/// listed in LoadReport::rejected — nothing is dropped silently.
///
/// @code
/// auto m = modelfunnel::Mapping::load_file("examples/maven-crm/mapping.json");
/// modelfunnel::LoadOptions opt;
/// opt.policy = modelfunnel::ErrorPolicy::kSkip;
/// auto result = modelfunnel::load(*m, opt);
/// if (!result.ok()) { std::cerr << result.status() << '\n'; return 1; }
/// std::cout << result->data.record_count() << " records, "
///           << result->report.rejected.size() << " rows rejected\n";
/// @endcode
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel {

/// What to do with a row that cannot be loaded.
enum class ErrorPolicy : std::uint8_t {
  kStrict = 0,  ///< Fail the whole load; nothing is returned.
  kSkip = 1,    ///< Leave the row out and report it in LoadReport::rejected.
};

/// Why one row (or one field of it) could not be loaded.
struct RowError {
  std::string file;      ///< Path of the file, as given.
  std::int64_t line = 0;   ///< 1-based physical line where the row starts.
  std::int64_t column = 0; ///< 1-based CSV column of the bad field (0: the whole row).
  std::string field;     ///< Header name of the bad column, if any.
  std::string rule;      ///< Stable rule id, e.g. `value.timestamp`, `csv.field_count`.
  std::string message;   ///< Why, in words.

  /// `file:line:column: field 'f': rule: message`.
  std::string to_string() const;
};

/// Counts for one file read by a load.
struct FileReport {
  std::string table;           ///< Table name in the mapping.
  std::string file;            ///< Path read.
  std::uint64_t bytes = 0;     ///< Size in bytes.
  std::uint64_t rows = 0;      ///< Data rows read (header excluded).
  std::uint64_t rejected = 0;  ///< Rows left out (ErrorPolicy::kSkip).
  /// Side tables: data-set records whose key matched no row of this table
  /// (their attributes from it are missing), and how many had an empty key.
  std::uint64_t unmatched_keys = 0;
  std::uint64_t empty_keys = 0;   ///< Records whose key value was empty.
  /// Rows left out on purpose, as the mapping asks: events, history rows
  /// and touches of records no table defines (`"unknown_records": "skip"`),
  /// history rows of fields the mapping does not name
  /// (`"other_fields": "skip"`). Not errors: not in LoadReport::rejected.
  std::uint64_t skipped = 0;
};

/// A data-quality finding: something odd in the data that is not an error
/// (the rows load). Counted per kind, with a few examples.
struct Finding {
  /// Stable id: `order.backwards` (a record entered a stage later in the
  /// graph's order at an earlier time than an earlier stage),
  /// `stage.duplicate` (two events of a record at the same stage and time),
  /// `event.after_close` (an event after the record's first closing event
  /// — needs a graph), `amount.on_lost` (an amount on an event at a lost
  /// stage — needs a graph).
  std::string rule;
  std::uint64_t count = 0;             ///< Records (or events) found.
  std::vector<std::string> examples;   ///< Up to 5 record ids, in record order.
  std::string message;                 ///< What was found, in words.
};

/// What a load did.
struct LoadReport {
  std::vector<FileReport> files;   ///< One per file read, in reading order.
  std::vector<RowError> rejected;  ///< Every row left out, in reading order.
  /// Data-quality findings, one per kind found (see Finding); empty when
  /// nothing odd was seen.
  std::vector<Finding> findings;

  /// Total rows left out.
  std::uint64_t rejected_count() const { return rejected.size(); }
};

/// Options for load().
struct LoadOptions {
  /// What to do with bad rows.
  ErrorPolicy policy = ErrorPolicy::kStrict;
  /// With ErrorPolicy::kSkip: also write the rejected rows to this CSV file
  /// (`file,line,column,field,rule,message,raw_row`).
  std::optional<std::filesystem::path> rejects_path;
  /// Called now and then while reading, with bytes read so far and the total
  /// over all files, on the thread that called load(). May be empty.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  /// How many threads the load may use; 0 (the default) means as many as
  /// the hardware has (`std::thread::hardware_concurrency()`).
  /// 1 runs the whole load on the calling thread: no thread is started.
  /// From 2 on, the load runs as a pipeline over a few helper threads: the
  /// events file converted on one while earlier tables load or its rows
  /// are committed, the next batch of events matched to its records on
  /// another, memory faulted in ahead on short-lived ones. They wait on
  /// each other much of the time: such a load keeps about two cores busy,
  /// whatever the count. The final sort splits its work over up to
  /// `threads` threads. All are joined before load() returns, and the
  /// result is the same for any count.
  unsigned threads = 0;
};

/// A data set and the report of how it was loaded.
struct LoadResult {
  DataSet data;       ///< The records, attributes and events loaded.
  LoadReport report;  ///< Counts and rejected rows.
};

/// A parsed, validated mapping from CSV files to a DataSet.
/// Immutable (with_file() returns a changed copy); cheap to copy.
class Mapping {
 public:
  /// Parses a mapping. Relative file paths in it resolve against
  /// @p base_dir (usually the mapping file's folder). The stage graph it
  /// names, if any, is loaded here, and every stage id the mapping uses is
  /// checked against it.
  /// @return InvalidArgument naming the JSON path of the problem
  ///   (`$.tables[1].stage_dates[0].format: unknown directive %Q`), the line
  ///   and column of a JSON syntax error, or (`$.graph: ...`) why the graph
  ///   could not be loaded.
  static absl::StatusOr<Mapping> from_json(std::string_view json,
                                           const std::filesystem::path& base_dir = {});

  /// Reads @p path and calls from_json() with its folder as base.
  static absl::StatusOr<Mapping> load_file(const std::filesystem::path& path);

  /// The mapping for the canonical benchmark layout (`leads.csv` with
  /// lead_id, created_at, channel, campaign, segment, industry, employees,
  /// budget_ok, authority_ok, need_ok, timeline_days, owner_sdr; `events.csv`
  /// with lead_id, stage, ts, amount, reason) in folder @p dir — what
  /// `modelfunnel generate` writes.
  static Mapping canonical(const std::filesystem::path& dir);

  /// Table names in loading order.
  std::vector<std::string> table_names() const;

  /// The file table @p table reads from.
  std::optional<std::filesystem::path> file_of(std::string_view table) const;

  /// A copy reading table @p table from @p file instead.
  /// @return NotFound when there is no such table.
  absl::StatusOr<Mapping> with_file(std::string_view table,
                                    const std::filesystem::path& file) const;

  /// The stage-graph file the mapping names (`"graph"`), if any; stage ids
  /// are then checked against it while loading.
  std::optional<std::filesystem::path> graph_file() const;

  /// The mapping as JSON (paths as resolved).
  std::string to_json() const;

  /// Internal representation (opaque).
  struct Impl;

 private:
  explicit Mapping(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
  friend absl::StatusOr<LoadResult> load(const Mapping&, const LoadOptions&);
};

/// Loads every table of @p mapping. Throws nothing: a failure anywhere (an
/// exception on a helper thread or from the progress callback included)
/// comes back as a status, and then nothing is returned or written.
/// @return under ErrorPolicy::kStrict, InvalidArgument with the first row
///   error (`RowError::to_string()`); whatever the policy: NotFound /
///   PermissionDenied for files that cannot be opened, InvalidArgument for a
///   mapped column missing from a file's header (`mapping.missing_column`)
///   or an unterminated quote (`csv.unterminated_quote`), DataLoss for a read
///   error (`csv.io`), ResourceExhausted when memory runs out, Internal for
///   any other exception.
absl::StatusOr<LoadResult> load(const Mapping& mapping, const LoadOptions& options = {});

}  // namespace modelfunnel
