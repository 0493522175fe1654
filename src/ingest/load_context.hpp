// What the table loaders (load_records/events/wide/side.cpp) share: the
// value converters, the stage resolver, the per-load error sink and the row
// loop that applies the error policy.
//
// Rows are atomic: a loader converts every field of a row into locals first
// and only then commits it to the builder, so a rejected row leaves nothing
// behind. Converters therefore never write into the data set, and the hot
// ones are inline because they run once per field of every row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "util/civil_time.hpp"
#include "ingest/pipeline/code_cache.hpp"
#include "ingest/csv_reader.hpp"
#include "model/dataset_appender.hpp"
#include "model/dataset_impl.hpp"
#include "util/huge_pages.hpp"
#include "ingest/mapping_impl.hpp"
#include "modelfunnel/load.hpp"

namespace modelfunnel::internal {

/// FieldError::index of an error about the whole row.
inline constexpr std::size_t kWholeRow = std::numeric_limits<std::size_t>::max();

/// Why a row failed, before it is dressed up as a RowError with file names.
struct FieldError {
  std::size_t index = kWholeRow;  // 0-based CSV field
  std::string_view rule;          // a string literal: `value.int64`, ...
  std::string message;
};

/// Values that mean "missing" in one table.
class MissingTokens {
 public:
  explicit MissingTokens(const std::vector<std::string>& tokens);
  bool operator()(std::string_view v) const {
    if (v.empty()) return empty_is_missing_;
    for (const std::string& t : others_) {
      if (t == v) return true;
    }
    return false;
  }

 private:
  bool empty_is_missing_ = false;
  std::vector<std::string> others_;  // the non-empty tokens
};

/// A converted field; strings still point into the CSV row.
struct Value {
  bool present = false;
  std::int64_t i = 0;  // int64, bool (0/1), timestamp (microseconds)
  double d = 0;
  std::string_view s;
};

/// Parses @p text in @p format (the fast ISO path first); on failure says why.
inline bool parse_time(std::string_view text, const TimeFormat& format, bool iso,
                       std::int64_t& micros, std::string& why) {
  if (iso) {
    if (auto fast = parse_iso8601_fast(text)) {
      micros = *fast;
      return true;
    }
  }
  auto t = parse_timestamp(text, format);
  if (!t.ok()) {
    why = std::string(t.status().message());
    return false;
  }
  micros = t->micros();
  return true;
}

/// Reads one attribute from its CSV field and stores it into its column.
class AttributeConverter {
 public:
  AttributeConverter(const AttributeSpec& spec, std::size_t field, std::size_t column);

  /// Field index in the CSV row, and attribute column in the data set.
  std::size_t field() const { return field_; }
  std::size_t column() const { return column_; }
  const AttributeSpec& spec() const { return *spec_; }
  /// Timestamps in an ISO 8601 format (parse_iso8601_fast() applies).
  bool iso() const { return iso_; }
  /// Bools spelled the default ways (so "0" and "1" are false and true).
  bool plain_bool() const { return !spec_->true_values && !spec_->false_values; }

  /// Converts @p text (missing tokens give a missing value).
  bool convert(std::string_view text, const MissingTokens& missing, Value& out,
               FieldError& err) const;
  /// Writes @p v as record @p r's value. @pre r exists, with this value
  /// missing; v came from convert(). Inline: it runs for every attribute
  /// of every record.
  static void store(Column& c, RecordIndex r, const Value& v) {
    if (!v.present) return;  // records start with every attribute missing
    switch (c.type) {
      case AttributeType::kString: c.set_string(r, v.s); return;
      case AttributeType::kDouble: c.set_double(r, v.d); return;
      case AttributeType::kBool: c.set_bool(r, v.i != 0); return;
      default: c.set_int(r, v.i); return;
    }
  }

 private:
  bool convert_bool(std::string_view text, Value& out) const;
  const AttributeSpec* spec_;
  std::size_t field_, column_;
  bool iso_;
};

/// Turns raw stage values into stage codes: aliases, graph check, and a
/// cache because a stage column holds a handful of distinct values.
class StageResolver {
 public:
  StageResolver(const StageSpec& spec, const std::optional<StageGraph>& graph);
  /// The entry for @p raw: its id and whether the graph knows it. The
  /// reference stays valid until the next resolve().
  struct Entry {
    std::string raw, id;
    bool known = true;  // false: a graph is given and lacks `id`
    std::int32_t code = -1;  // stage code once a committed row used it
    std::uint32_t index = 0;  // position among the entries
  };
  Entry& resolve(std::string_view raw) {
    Entry* e;
    if (recent_.find(raw, e)) return *e;
    auto it = by_raw_.find(absl::string_view(raw.data(), raw.size()));
    e = it != by_raw_.end() ? it->second : &add(raw);
    recent_.put(raw, e);
    return *e;
  }
  /// Every entry so far, in creation order (entry(i).index == i).
  std::size_t size() const { return entries_.size(); }
  Entry* entry(std::size_t i) const { return entries_[i].get(); }
  /// The stage code of @p e, interning its id on first use so that the
  /// dictionary only holds stages that committed events use.
  static StageCode code(Entry& e, DataSetBuilder& builder);

 private:
  Entry& add(std::string_view raw);
  const StageSpec* spec_;
  const std::optional<StageGraph>* graph_;
  std::vector<std::unique_ptr<Entry>> entries_;
  absl::flat_hash_map<std::string, Entry*> by_raw_;
  ShortStringCache<Entry*> recent_;  // before by_raw_: a stage column holds a handful of values
};

/// "value.timestamp" etc. errors for a field.
FieldError field_error(std::size_t index, std::string_view rule, std::string message);

/// The CSV index of a column the mapping may leave out. A plain index with
/// a sentinel: g++ 12 reports std::optional<size_t> as maybe-uninitialized
/// inside the row lambdas (a false positive).
class OptionalField {
 public:
  OptionalField() = default;
  explicit OptionalField(std::size_t index) : index_(index) {}
  explicit operator bool() const { return index_ != kNone; }
  std::size_t operator*() const { return index_; }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t index_ = kNone;
};

class EventConversion;
class LoadContext;

/// One opened table file and its counters.
struct TableInput {
  const TableSpec* spec = nullptr;
  std::unique_ptr<CsvReader> reader;
  std::size_t report_index = 0;  // into LoadReport::files
  EventConversion* conversion = nullptr;  // events: converting ahead on a thread (load.cpp)

  /// The CSV index of header column @p name. @pre checked by load().
  std::size_t index(std::string_view name) const { return *reader->column_index(name); }
  OptionalField index_if(const std::optional<std::string>& name) const {
    return name ? OptionalField(index(*name)) : OptionalField();
  }
};

/// Memory reserved ahead of the rows that fill it. The loaders say what
/// they learn about their tables' sizes when they learn it; what to
/// reserve and have prefaulted then, and when, is load()'s decision
/// (defined in load.cpp), so that no loader needs to know another's memory.
class ReserveAhead {
 public:
  explicit ReserveAhead(LoadContext& ctx) : ctx_(ctx) {}

  /// The events table converting while earlier tables load (load.cpp).
  void set_events_ahead(const EventConversion* conversion) { events_ahead_ = conversion; }
  /// The records table has about @p rows rows, with ids up to @p id_bytes
  /// long and values in columns @p columns.
  void records_expected(std::size_t rows, std::size_t id_bytes, const std::vector<std::size_t>& columns);
  /// The records table has read another batch.
  void records_progress();
  /// The events table @p in has about @p rows rows to come.
  void events_expected(const TableInput& in, std::size_t rows);

 private:
  LoadContext& ctx_;
  const EventConversion* events_ahead_ = nullptr;
  std::size_t records_ = 0;  // the records expected; 0 until known
  bool events_ahead_reserved_ = false;
};

/// An amount or close-date change read from a history table, applied to
/// the record's events once every table is loaded (apply_field_updates()).
struct FieldUpdate {
  std::uint32_t record = 0;
  std::int64_t time = 0;
  bool close_date = false;  // else an amount (Amount::scaled())
  std::int64_t value = 0;
};

/// The state of one load(): the builder, the report, the policy.
class LoadContext {
 public:
  LoadContext(const Mapping::Impl& mapping, const LoadOptions& options, std::uint64_t total_bytes);

  const Mapping::Impl& mapping;
  const LoadOptions& options;
  /// LoadOptions::threads resolved (>= 1): 1 starts no thread at all.
  const unsigned threads;
  DataSetBuilder builder;
  DataSetAppender data;  // appends to the builder's storage at loading speed
  LoadReport report;
  std::vector<std::string> rejected_raw;  // raw_row of each report.rejected
  ReserveAhead ahead;

  ~LoadContext();
  LoadContext(const LoadContext&) = delete;
  LoadContext& operator=(const LoadContext&) = delete;

  FileReport& file(const TableInput& in) { return report.files[in.report_index]; }

  // --- Linked ids (records tables' "links") -------------------------------
  /// Record of each linked id; kAmbiguousLink when two records link it.
  static constexpr std::uint32_t kAmbiguousLink = UINT32_MAX;
  absl::flat_hash_map<std::string, std::uint32_t> links;
  /// Whether a linked id is also the id of another record: then even an
  /// id found among the record ids must be checked against the links.
  bool links_collide = false;
  /// How an id matched: no record, one, or more than one (a row error).
  enum class Match { kNone, kOne, kTwo };
  /// The record named by @p id, found among the record ids as @p by_id
  /// (or not), or through a link.
  Match match(std::string_view id, std::optional<std::uint32_t> by_id, std::uint32_t& r) const {
    // Without collisions a record's id is no other record's link: the
    // links need asking only for ids that are no record's (one hash probe
    // per row instead of two on a lead's history and campaign members).
    if (links.empty() || (by_id && !links_collide)) {
      if (!by_id) return Match::kNone;
      r = *by_id;
      return Match::kOne;
    }
    const auto it = links.find(absl::string_view(id.data(), id.size()));
    if (it == links.end()) {
      if (!by_id) return Match::kNone;
      r = *by_id;
      return Match::kOne;
    }
    if (it->second == kAmbiguousLink || (by_id && *by_id != it->second)) return Match::kTwo;
    r = it->second;
    return Match::kOne;
  }
  /// What a table that adds to records (wide, events, history, touches)
  /// does with id @p id in CSV field @p field: true with @p r set (found)
  /// or not (to be created, or @p skip set: left out and counted); false
  /// with ref.unknown_record or ref.ambiguous_link in @p err.
  bool find_record(const TableInput& in, std::size_t field, std::string_view id,
                   std::optional<std::uint32_t>& r, bool& skip, FieldError& err) const;
  /// Same, for a caller that has the id's probe (to prefetch its slot).
  bool find_record(const TableInput& in, std::size_t field, std::string_view id, RecordIds::Probe probe,
                   std::optional<std::uint32_t>& r, bool& skip, FieldError& err) const;
  /// The error of an id that matches two records.
  static FieldError ambiguous_link(std::size_t field, std::string_view id);

  /// Amount and close-date changes from history tables.
  std::vector<FieldUpdate> updates;

  /// Faults in the pages of @p ranges on a thread of its own (see
  /// populate()), so that the loading thread finds them ready; on one
  /// thread, nothing (the pages fault in as they are filled).
  void prefault(std::vector<PageRange> ranges);

  /// A bad row (starting on @p line, bytes @p raw): kStrict returns its
  /// error; kSkip records it and returns OK.
  absl::Status reject(const TableInput& in, std::int64_t line, std::string_view raw,
                      const FieldError& e);
  /// reject() for a row whose bytes are no longer at hand (a loader that
  /// holds converted rows does not keep every row's bytes for the rare
  /// reject): fill_raw_rows() reads them back from the file.
  absl::Status reject_later(const TableInput& in, std::int64_t line, const FieldError& e);
  /// Reads @p in's file again, up to the last row passed to reject_later(),
  /// and fills in those rows' bytes for the rejects file. Only needed, and
  /// only done, when a rejects file is written.
  absl::Status fill_raw_rows(const TableInput& in);
  /// A row the CSV reader could not split (csv.* rules); same policy.
  absl::Status reject_csv(const TableInput& in, const CsvError& e, std::string_view raw);
  /// An error that ends reading the file (csv.unterminated_quote, csv.io).
  absl::Status fatal(const TableInput& in, const CsvError& e) const;

  /// Reports progress about every 4 MB.
  void tick(const TableInput& in) { tick_at(in.reader->bytes_consumed()); }
  /// Same, for a file read up to @p consumed bytes (by another thread).
  void tick_at(std::uint64_t consumed);
  /// Counts @p in as read completely.
  void finish_file(const TableInput& in) { finish_file_at(in.reader->bytes_consumed()); }
  void finish_file_at(std::uint64_t consumed);

  /// Roughly how many rows @p in has, from the rows read so far; 0 early on.
  static std::size_t estimate_rows(const TableInput& in, std::size_t rows_read);

 private:
  RowError row_error(const TableInput& in, std::int64_t line, std::int64_t column,
                     std::string_view rule, std::string message) const;
  absl::Status record(RowError e, std::string_view raw, const TableInput& in);
  std::uint64_t total_ = 0, done_before_ = 0, last_reported_ = 0;
  std::vector<std::pair<std::size_t, std::int64_t>> raw_later_;  // rejected_raw index, line
  std::vector<std::thread> prefaulters_;  // joined by the destructor
};

/// Reads every row of @p in; @p fn(row, err) converts and commits one row,
/// or fills err and returns false without committing anything. Applies the
/// policy to failed rows and counts rows. (The records and events tables
/// hold rows back in batches and chunks instead: ingest/pipeline/.)
template <class Fn>
absl::Status for_each_row(LoadContext& ctx, TableInput& in, Fn&& fn) {
  CsvRow row;
  CsvError csv_error;
  FieldError error;
  FileReport& report = ctx.file(in);
  absl::Status status;
  std::uint64_t n = 0;
  auto go_on = [&] {
    if (!status.ok()) return false;
    if ((++n & 4095) == 0) ctx.tick(in);
    return true;
  };
  const CsvReader::Stop stop = in.reader->read_rows(
      row, csv_error,
      [&](const CsvRow& r) {
        ++report.rows;
        if (!fn(r, error)) status = ctx.reject(in, r.line, r.raw, error);
        return go_on();
      },
      [&](const CsvRow& r, const CsvError& e) {
        ++report.rows;
        status = ctx.reject_csv(in, e, r.raw);
        return go_on();
      });
  switch (stop) {
    case CsvReader::Stop::kAsked: return status;
    case CsvReader::Stop::kEnd: ctx.finish_file(in); return absl::OkStatus();
    case CsvReader::Stop::kFatal: return ctx.fatal(in, csv_error);
  }
  return status;
}

// The table loaders, in loading order; each reads all of @p in.
absl::Status load_records(LoadContext& ctx, TableInput& in);
absl::Status load_events(LoadContext& ctx, TableInput& in);
absl::Status load_wide(LoadContext& ctx, TableInput& in);
absl::Status load_side(LoadContext& ctx, TableInput& in);
absl::Status load_history(LoadContext& ctx, TableInput& in);
absl::Status load_touches(LoadContext& ctx, TableInput& in);
absl::Status load_campaigns(LoadContext& ctx, TableInput& in);

/// Gives every event the amount and close date in force at its time
/// (the last change at or before it) from ctx.updates, unless it has its
/// own; after every table is loaded.
void apply_field_updates(LoadContext& ctx);
/// The data-quality findings of the finished @p data (see Finding).
std::vector<Finding> find_quality_issues(const DataSet& data, const std::optional<StageGraph>& graph);

/// Whether record @p r's value in @p c equals @p v (both present).
bool same_value(const Column& c, RecordIndex r, const Value& v);
/// Stores @p v as record @p r's value of @p c, which may already hold
/// one: false (nothing stored) when it holds a different one.
bool merge_value(Column& c, RecordIndex r, const Value& v);

/// Declares @p t's attributes in the data set; returns their converters.
absl::StatusOr<std::vector<AttributeConverter>> declare_attributes(LoadContext& ctx,
                                                                   const TableInput& in);

}  // namespace modelfunnel::internal
