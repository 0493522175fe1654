/// @file dataset.hpp
/// @brief The data store: records, their typed attributes, and stage events.
///
/// A **record** is the unit that travels the funnel (a lead that becomes an
/// opportunity keeps one id). Records carry typed **attribute** columns
/// (channel, segment, owner, …) in which a missing value is first-class.
/// **Stage events** say that a record entered a stage at a time, optionally
/// with an amount, a reason (why it was lost) and an actor (who moved it).
/// Events are kept exactly as recorded — repeated, skipped, backwards and
/// re-opened moves included — ordered by record, then time; reports decide
/// what they mean.
///
/// A DataSet is immutable and cheap to copy (shared state), so it can be read
/// from many threads at once. Build one with DataSetBuilder or load one with
/// load() (see load.hpp).
///
/// @code
/// modelfunnel::DataSetBuilder b;
/// auto channel = b.add_attribute("channel", modelfunnel::AttributeType::kString);
/// auto r = b.record("L1");
/// b.set_attribute(r, *channel, std::string_view("web"));
/// modelfunnel::Event e;
/// e.record = r;
/// e.stage = b.stage("lead");
/// e.time = modelfunnel::Timestamp::from_seconds(1704067200);
/// b.add_event(e);
/// auto ds = std::move(b).finish();
/// @endcode
///
/// Code that converts whole columns at once (into numpy arrays, Arrow, a
/// database) reads the storage itself through DataSet::event_columns() and
/// AttributeColumnView::data(): read-only spans, one pass per column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "modelfunnel/amount.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

namespace internal {
struct DataSetImpl;
struct DataSetAccess;
}  // namespace internal

/// Index of a record in a DataSet, 0-based, in order of first appearance.
using RecordIndex = std::uint32_t;

/// Index of a stage name in a DataSet's stage dictionary.
using StageCode = std::uint16_t;

/// The type of an attribute column. Values are stable; new types may be
/// added.
enum class AttributeType : std::uint8_t {
  kString = 0,     ///< Text, dictionary-encoded.
  kInt64 = 1,      ///< 64-bit signed integer.
  kDouble = 2,     ///< IEEE double.
  kBool = 3,       ///< true / false.
  kTimestamp = 4,  ///< UTC instant.
};

/// Stable text name of a type: `"string"`, `"int64"`, `"double"`, `"bool"`,
/// `"timestamp"` (as in mapping files).
std::string_view to_string(AttributeType type);

/// One attribute value; `std::monostate` is a missing value.
using AttributeValue =
    std::variant<std::monostate, std::string_view, std::int64_t, double, bool, Timestamp>;

/// The code in AttributeColumnData::codes of a missing string value.
inline constexpr std::uint32_t kMissingStringCode = std::numeric_limits<std::uint32_t>::max();

/// The time in EventColumns::time of an event recorded without one (it sorts
/// after every real time).
inline constexpr std::int64_t kNoEventTime = std::numeric_limits<std::int64_t>::max();

/// The storage of one attribute column, for converting it whole. Position
/// `r` of a span is record `r`; the spans a type does not use are empty.
/// Valid while any copy of the DataSet it came from is alive.
struct AttributeColumnData {
  /// kString: each record's value as an index into
  /// AttributeColumnView::dictionary(), or kMissingStringCode.
  std::span<const std::uint32_t> codes;
  /// kInt64: the values; kTimestamp: microseconds since the epoch
  /// (Timestamp::micros()). Meaningless where `present` is 0.
  std::span<const std::int64_t> ints;
  /// kDouble: the values. Meaningless where `present` is 0.
  std::span<const double> doubles;
  /// kBool: 1 for true, 0 for false. Meaningless where `present` is 0.
  std::span<const std::uint8_t> bools;
  /// Every type but kString: 1 where the record has a value, 0 where it is
  /// missing. (Strings mark a missing value in `codes`.)
  std::span<const std::uint8_t> present;
};

/// A read-only view of one attribute column of a DataSet. Valid while any
/// copy of the DataSet it came from is alive.
class AttributeColumnView {
 public:
  /// Column name.
  const std::string& name() const;
  /// Column type.
  AttributeType type() const;
  /// Number of values (= the DataSet's record count).
  std::size_t size() const;
  /// How many values are missing.
  std::size_t missing_count() const;
  /// The value for record @p r; `std::monostate` when missing. For string
  /// columns the `string_view` points into the DataSet.
  /// @pre r < size()
  AttributeValue value(RecordIndex r) const;
  /// For string columns: the distinct values, in order of first appearance.
  /// Empty for other types.
  const std::vector<std::string>& dictionary() const;
  /// The column's storage as spans, for converting it whole (see
  /// AttributeColumnData); value() reads one record.
  AttributeColumnData data() const;

 private:
  friend struct internal::DataSetAccess;
  explicit AttributeColumnView(const void* column) : column_(column) {}
  const void* column_;
};

/// One stage event, as added to a builder or read back from a DataSet.
struct Event {
  RecordIndex record = 0;                 ///< The record that moved.
  StageCode stage = 0;                    ///< The stage it entered.
  std::optional<Timestamp> time;          ///< When; missing only where the source had no date.
  std::optional<Amount> amount;           ///< Deal value, if recorded.
  std::optional<std::string_view> reason; ///< Why (e.g. the loss reason), if recorded.
  std::optional<std::string_view> actor;  ///< Who moved it (owner, rep), if recorded.
  /// The deal's expected close date as of this event (CRM close-date
  /// field), if recorded: a later event with a later one is a pushed deal.
  std::optional<Timestamp> close_date;
};

/// One marketing touch (a campaign member, a form fill, an ad click) of a
/// record, kept beside its stage events. Strings point into the DataSet.
struct Touch {
  RecordIndex record = 0;                       ///< The record touched.
  Timestamp time;                               ///< When.
  std::optional<std::string_view> campaign;     ///< Campaign id (see DataSet::campaign()).
  std::optional<std::string_view> channel;      ///< Channel (web, email, event, …).
  std::optional<std::string_view> interaction;  ///< Interaction type (opened, responded, …).
  std::optional<Amount> cost;                   ///< Cost of this touch, if recorded.
  std::optional<std::string_view> utm_source;   ///< UTM source.
  std::optional<std::string_view> utm_medium;   ///< UTM medium.
  std::optional<std::string_view> utm_campaign; ///< UTM campaign.
};

/// A campaign named by touches or read from a campaign table.
/// Strings point into the DataSet.
struct Campaign {
  std::string_view id;                   ///< Campaign id as in the files.
  std::optional<std::string_view> name;  ///< Display name, if read.
  std::optional<std::string_view> type;  ///< Campaign type (webinar, paid search, …), if read.
  std::optional<Amount> cost;            ///< Total (actual) cost, if read.
  std::optional<Timestamp> start;        ///< Start date, if read.
};

/// The values of an event column that few events have: which events have
/// one, and the value of each of those.
template <class T>
struct SparseEventColumn {
  std::span<const std::uint32_t> events;  ///< Event indexes, strictly increasing.
  std::span<const T> values;              ///< The value of each event in `events`, in order.
};

/// The events of a DataSet as columns, for converting them whole. Position
/// `i` of `record`, `stage` and `time` is event `i` (see DataSet::event()).
/// Valid while any copy of the DataSet it came from is alive.
struct EventColumns {
  std::span<const RecordIndex> record;  ///< The record of each event.
  std::span<const StageCode> stage;     ///< The stage of each event (DataSet::stage_names()).
  /// When each event happened, in microseconds since the epoch
  /// (Timestamp::micros()); kNoEventTime when not recorded.
  std::span<const std::int64_t> time;
  SparseEventColumn<std::int64_t> amount;   ///< Amounts, as Amount::scaled().
  SparseEventColumn<std::uint32_t> reason;  ///< Reasons, as indexes into `reasons`.
  SparseEventColumn<std::uint32_t> actor;   ///< Actors, as indexes into `actors`.
  std::span<const std::string> reasons;     ///< The distinct reasons, in order of first appearance.
  std::span<const std::string> actors;      ///< The distinct actors, in order of first appearance.
  /// Expected close dates, in microseconds since the epoch.
  SparseEventColumn<std::int64_t> close_date;
};

/// An immutable set of records, attributes and stage events.
class DataSet {
 public:
  /// An empty data set.
  DataSet();

  /// Number of records.
  std::size_t record_count() const;
  /// The id of record @p r. @pre r < record_count()
  std::string_view record_id(RecordIndex r) const;
  /// The record with id @p id, if any.
  std::optional<RecordIndex> find_record(std::string_view id) const;

  /// Number of attribute columns.
  std::size_t attribute_count() const;
  /// Attribute column @p i, in declaration order. @pre i < attribute_count()
  AttributeColumnView attribute(std::size_t i) const;
  /// The attribute column named @p name, if any.
  std::optional<AttributeColumnView> find_attribute(std::string_view name) const;

  /// The stage dictionary: every stage name that events use, by StageCode.
  const std::vector<std::string>& stage_names() const;
  /// The code of stage name @p name, if any event uses it.
  std::optional<StageCode> find_stage(std::string_view name) const;

  /// Number of stage events.
  std::size_t event_count() const;
  /// Event @p i; events are ordered by record, then time (events without a
  /// time last), then the order they were added. @pre i < event_count()
  Event event(std::size_t i) const;
  /// The half-open range [first, last) of event indexes of record @p r.
  /// @pre r < record_count()
  std::pair<std::size_t, std::size_t> events_of(RecordIndex r) const;
  /// Every event as columns, for converting them whole (see EventColumns);
  /// event() reads one event.
  EventColumns event_columns() const;

  /// Number of touches (see Touch).
  std::size_t touch_count() const;
  /// Touch @p i; touches are ordered by record, then time, then the order
  /// they were added. @pre i < touch_count()
  Touch touch(std::size_t i) const;
  /// The half-open range [first, last) of touch indexes of record @p r.
  /// @pre r < record_count()
  std::pair<std::size_t, std::size_t> touches_of(RecordIndex r) const;

  /// Number of campaigns (named by touches or read from campaign tables).
  std::size_t campaign_count() const;
  /// Campaign @p i, in order of first appearance. @pre i < campaign_count()
  Campaign campaign(std::size_t i) const;
  /// The index of the campaign with id @p id, if any.
  std::optional<std::size_t> find_campaign(std::string_view id) const;

  /// Approximate heap bytes held by events (excluding attributes).
  std::size_t event_bytes() const;

 private:
  friend struct internal::DataSetAccess;
  explicit DataSet(std::shared_ptr<const internal::DataSetImpl> impl);
  std::shared_ptr<const internal::DataSetImpl> impl_;
};

/// Accumulates records, attributes and events, then freezes them into a
/// DataSet. Not thread-safe. Nothing is visible until finish() succeeds.
///
/// No call throws. A call that fails part way through a change (memory
/// runs out) *fails the builder*: that call and every later one return
/// the failure (ResourceExhausted), and so does finish(), so that no data
/// set is ever made from a half-applied change. A call refused for its
/// arguments (OutOfRange, InvalidArgument, AlreadyExists) changes nothing
/// and does not fail the builder.
class DataSetBuilder {
 public:
  /// An empty builder.
  DataSetBuilder();
  /// Builders move but do not copy.
  DataSetBuilder(DataSetBuilder&&) noexcept;
  /// Builders move but do not copy.
  DataSetBuilder& operator=(DataSetBuilder&&) noexcept;
  ~DataSetBuilder();

  /// Declares an attribute column; existing records get missing values.
  /// @return its index, or AlreadyExists when the name is taken.
  absl::StatusOr<std::size_t> add_attribute(std::string_view name, AttributeType type);

  /// The record with id @p id, added (with all attributes missing) if new.
  /// Never throws: if it fails (memory runs out), it returns an index no
  /// record has, which set_attribute() and add_event() refuse, and the
  /// builder has failed (see the class comment).
  RecordIndex record(std::string_view id) noexcept;

  /// Number of records so far.
  std::size_t record_count() const;

  /// Sets attribute @p attribute of record @p r.
  /// @return InvalidArgument when the value's type does not match the
  ///   column's, OutOfRange for a bad record or attribute index.
  absl::Status set_attribute(RecordIndex r, std::size_t attribute, AttributeValue value);

  /// The code of stage name @p name, added if new.
  /// A data set holds at most 65,535 distinct stage names; past that the
  /// builder fails at finish(). Never throws: if it fails (memory runs out),
  /// it returns a code add_event() refuses, and the builder has failed.
  StageCode stage(std::string_view name) noexcept;

  /// Adds a stage event. Strings are copied.
  /// @return OutOfRange for a record or stage not created by this builder.
  absl::Status add_event(const Event& event);

  /// Sorts the events and freezes everything into a DataSet. The builder is
  /// left empty. The sort of a big store (tens of thousands of events and
  /// more) runs on up to as many threads as the hardware has
  /// (`std::thread::hardware_concurrency()`), joined before this returns;
  /// load() sorts on LoadOptions::threads instead.
  absl::StatusOr<DataSet> finish() &&;

 private:
  friend struct internal::DataSetAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelfunnel
