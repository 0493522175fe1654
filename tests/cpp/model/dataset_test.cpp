// DataSetBuilder -> DataSet: attributes, stage dictionary, event order and
// the sparse event fields surviving the sort.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/dataset_impl.hpp"
#include "modelfunnel/dataset.hpp"

namespace mf = modelfunnel;
using mf::AttributeType;
using mf::Timestamp;

namespace {

mf::DataSet finish(mf::DataSetBuilder& b) {
  auto ds = std::move(b).finish();
  INFO(ds.status());
  REQUIRE(ds.ok());
  return *std::move(ds);
}

std::optional<Timestamp> at(std::int64_t s) { return Timestamp::from_seconds(s); }

// Designated initializers would read better, but g++ 12 -Wextra warns about
// every member they leave out.
mf::Event ev(mf::RecordIndex record, mf::StageCode stage, std::optional<Timestamp> time = {},
             std::optional<mf::Amount> amount = {}, std::optional<std::string_view> reason = {},
             std::optional<std::string_view> actor = {}) {
  mf::Event e;
  e.record = record;
  e.stage = stage;
  e.time = time;
  e.amount = amount;
  e.reason = reason;
  e.actor = actor;
  return e;
}

}  // namespace

TEST_CASE("a default DataSet is empty", "[dataset]") {
  const mf::DataSet ds;
  CHECK(ds.record_count() == 0);
  CHECK(ds.attribute_count() == 0);
  CHECK(ds.event_count() == 0);
  CHECK(ds.stage_names().empty());
  CHECK_FALSE(ds.find_record("x"));
  CHECK_FALSE(ds.find_attribute("x"));
  CHECK_FALSE(ds.find_stage("x"));
}

TEST_CASE("to_string names attribute types as in mapping files", "[dataset]") {
  CHECK(mf::to_string(AttributeType::kString) == "string");
  CHECK(mf::to_string(AttributeType::kInt64) == "int64");
  CHECK(mf::to_string(AttributeType::kDouble) == "double");
  CHECK(mf::to_string(AttributeType::kBool) == "bool");
  CHECK(mf::to_string(AttributeType::kTimestamp) == "timestamp");
}

TEST_CASE("records and the stage dictionary number in order of first appearance", "[dataset]") {
  mf::DataSetBuilder b;
  CHECK(b.record("L1") == 0);
  CHECK(b.record("L2") == 1);
  CHECK(b.record("L1") == 0);
  CHECK(b.record_count() == 2);
  CHECK(b.stage("lead") == 0);
  CHECK(b.stage("won") == 1);
  CHECK(b.stage("lead") == 0);
  const auto ds = finish(b);
  CHECK(ds.record_count() == 2);
  CHECK(ds.record_id(1) == "L2");
  CHECK(ds.find_record("L2") == 1u);
  CHECK_FALSE(ds.find_record("L3"));
  CHECK(ds.stage_names() == std::vector<std::string>{"lead", "won"});
  CHECK(ds.find_stage("won") == mf::StageCode{1});
  CHECK_FALSE(ds.find_stage("lost"));
  // Records without events have empty ranges.
  CHECK(ds.event_count() == 0);
  CHECK(ds.events_of(0) == std::pair<std::size_t, std::size_t>{0, 0});
  CHECK(ds.events_of(1) == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE("attributes: typed values, missing values, back-fill", "[dataset]") {
  mf::DataSetBuilder b;
  const auto r0 = b.record("L1");
  const auto r1 = b.record("L2");
  // Declared after records exist: both start missing.
  const auto channel = b.add_attribute("channel", AttributeType::kString);
  const auto employees = b.add_attribute("employees", AttributeType::kInt64);
  const auto score = b.add_attribute("score", AttributeType::kDouble);
  const auto ok = b.add_attribute("budget_ok", AttributeType::kBool);
  const auto created = b.add_attribute("created", AttributeType::kTimestamp);
  REQUIRE(channel.ok());
  REQUIRE(*channel == 0);
  REQUIRE(*created == 4);
  const auto again = b.add_attribute("channel", AttributeType::kInt64);
  CHECK(again.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK(again.status().message() == "attribute 'channel' is already declared");
  const auto unknown = b.add_attribute("x", static_cast<AttributeType>(9));
  CHECK(unknown.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(unknown.status().message() == "attribute 'x': unknown type 9");

  CHECK(b.set_attribute(r0, *channel, std::string_view("web")).ok());
  CHECK(b.set_attribute(r1, *channel, std::string_view("event")).ok());
  CHECK(b.set_attribute(r0, *employees, std::int64_t{250}).ok());
  CHECK(b.set_attribute(r1, *score, 0.75).ok());
  CHECK(b.set_attribute(r0, *ok, true).ok());
  CHECK(b.set_attribute(r1, *ok, false).ok());
  CHECK(b.set_attribute(r1, *created, Timestamp::from_seconds(1'704'067'200)).ok());
  // Overwrites keep the missing count right: value -> value, value -> missing,
  // missing -> missing.
  CHECK(b.set_attribute(r0, *employees, std::int64_t{300}).ok());
  CHECK(b.set_attribute(r0, *score, 1.5).ok());
  CHECK(b.set_attribute(r0, *score, std::monostate{}).ok());
  CHECK(b.set_attribute(r0, *score, std::monostate{}).ok());
  // A record added after the attributes starts missing everywhere.
  const auto r2 = b.record("L3");
  CHECK(b.set_attribute(r2, *channel, std::string_view("web")).ok());

  const auto ds = finish(b);
  REQUIRE(ds.attribute_count() == 5);
  const auto ch = ds.attribute(0);
  CHECK(ch.name() == "channel");
  CHECK(ch.type() == AttributeType::kString);
  CHECK(ch.size() == 3);
  CHECK(ch.missing_count() == 0);
  CHECK(std::get<std::string_view>(ch.value(r0)) == "web");
  CHECK(std::get<std::string_view>(ch.value(r1)) == "event");
  CHECK(std::get<std::string_view>(ch.value(r2)) == "web");
  CHECK(ch.dictionary() == std::vector<std::string>{"web", "event"});

  const auto emp = ds.find_attribute("employees");
  REQUIRE(emp);
  CHECK(emp->type() == AttributeType::kInt64);
  CHECK(std::get<std::int64_t>(emp->value(r0)) == 300);
  CHECK(std::holds_alternative<std::monostate>(emp->value(r1)));
  CHECK(emp->missing_count() == 2);
  CHECK(emp->dictionary().empty());

  const auto sc = ds.attribute(2);
  CHECK(std::holds_alternative<std::monostate>(sc.value(r0)));
  CHECK(std::get<double>(sc.value(r1)) == 0.75);
  CHECK(sc.missing_count() == 2);

  const auto bo = ds.attribute(3);
  CHECK(std::get<bool>(bo.value(r0)) == true);
  CHECK(std::get<bool>(bo.value(r1)) == false);
  CHECK(bo.missing_count() == 1);

  const auto cr = ds.attribute(4);
  CHECK(std::get<Timestamp>(cr.value(r1)) == Timestamp::from_seconds(1'704'067'200));
  CHECK(cr.missing_count() == 2);
  CHECK_FALSE(ds.find_attribute("nope"));
}

TEST_CASE("the column accessors agree with value() and event(), sentinels included",
          "[dataset]") {
  mf::DataSetBuilder b;
  const auto channel = b.add_attribute("channel", AttributeType::kString);
  const auto employees = b.add_attribute("employees", AttributeType::kInt64);
  const auto score = b.add_attribute("score", AttributeType::kDouble);
  const auto ok = b.add_attribute("budget_ok", AttributeType::kBool);
  const auto created = b.add_attribute("created", AttributeType::kTimestamp);
  REQUIRE(created.ok());
  const auto r0 = b.record("L1");
  const auto r1 = b.record("L2");
  const auto r2 = b.record("L3");
  CHECK(b.set_attribute(r0, *channel, std::string_view("web")).ok());
  CHECK(b.set_attribute(r2, *channel, std::string_view("event")).ok());
  CHECK(b.set_attribute(r1, *employees, std::int64_t{-7}).ok());
  CHECK(b.set_attribute(r0, *score, 2.5).ok());
  CHECK(b.set_attribute(r2, *ok, false).ok());
  CHECK(b.set_attribute(r1, *ok, true).ok());
  CHECK(b.set_attribute(r0, *created, Timestamp::from_seconds(86'400)).ok());
  const auto lead = b.stage("lead");
  const auto lost = b.stage("lost");
  // Added out of order: the columns must follow the sorted order, as event() does.
  REQUIRE(b.add_event(ev(r2, lost, at(300), mf::Amount::from_scaled(125), "price", "ann")).ok());
  REQUIRE(b.add_event(ev(r0, lead, {}, {}, {}, "bob")).ok());
  REQUIRE(b.add_event(ev(r0, lead, at(100), mf::Amount::from_scaled(-5))).ok());
  REQUIRE(b.add_event(ev(r1, lost, at(200), {}, "price")).ok());
  const auto ds = finish(b);

  const mf::EventColumns cols = ds.event_columns();
  REQUIRE(cols.record.size() == ds.event_count());
  REQUIRE(cols.stage.size() == ds.event_count());
  REQUIRE(cols.time.size() == ds.event_count());
  CHECK(cols.amount.events.size() == 2);
  CHECK(cols.reason.events.size() == 2);
  CHECK(cols.actor.events.size() == 2);
  // Dense columns and sparse ones spread out again give event() back.
  for (std::size_t i = 0; i < ds.event_count(); ++i) {
    INFO("event " << i);
    const mf::Event e = ds.event(i);
    CHECK(cols.record[i] == e.record);
    CHECK(cols.stage[i] == e.stage);
    CHECK(cols.time[i] == (e.time ? e.time->micros() : mf::kNoEventTime));
    const auto row = static_cast<std::uint32_t>(i);
    const auto sparse = [&](const auto& c) -> std::optional<std::size_t> {
      auto it = std::find(c.events.begin(), c.events.end(), row);
      if (it == c.events.end()) return std::nullopt;
      return static_cast<std::size_t>(it - c.events.begin());
    };
    const auto a = sparse(cols.amount);
    CHECK(a.has_value() == e.amount.has_value());
    if (a) CHECK(cols.amount.values[*a] == e.amount->scaled());
    const auto r = sparse(cols.reason);
    CHECK(r.has_value() == e.reason.has_value());
    if (r) CHECK(cols.reasons[cols.reason.values[*r]] == *e.reason);
    const auto w = sparse(cols.actor);
    CHECK(w.has_value() == e.actor.has_value());
    if (w) CHECK(cols.actors[cols.actor.values[*w]] == *e.actor);
  }
  CHECK(std::is_sorted(cols.amount.events.begin(), cols.amount.events.end()));
  CHECK(cols.time[1] == mf::kNoEventTime);  // L1's event without a time sorts last
  CHECK(std::vector<std::string>(cols.reasons.begin(), cols.reasons.end()) ==
        std::vector<std::string>{"price"});

  const mf::AttributeColumnData ch = ds.attribute(*channel).data();
  CHECK(std::vector<std::uint32_t>(ch.codes.begin(), ch.codes.end()) ==
        std::vector<std::uint32_t>{0, mf::kMissingStringCode, 1});
  CHECK((ch.ints.empty() && ch.doubles.empty() && ch.bools.empty() && ch.present.empty()));
  CHECK(ds.attribute(*channel).dictionary()[ch.codes[2]] == "event");

  const mf::AttributeColumnData emp = ds.attribute(*employees).data();
  CHECK(emp.codes.empty());
  REQUIRE(emp.ints.size() == 3);
  CHECK(std::vector<std::uint8_t>(emp.present.begin(), emp.present.end()) ==
        std::vector<std::uint8_t>{0, 1, 0});
  CHECK(emp.ints[1] == -7);

  const mf::AttributeColumnData sc = ds.attribute(*score).data();
  REQUIRE(sc.doubles.size() == 3);
  CHECK(sc.doubles[0] == 2.5);
  CHECK((sc.present[0] == 1 && sc.present[1] == 0));

  const mf::AttributeColumnData bo = ds.attribute(*ok).data();
  REQUIRE(bo.bools.size() == 3);
  CHECK(std::vector<std::uint8_t>(bo.present.begin(), bo.present.end()) ==
        std::vector<std::uint8_t>{0, 1, 1});
  CHECK((bo.bools[1] == 1 && bo.bools[2] == 0));

  const mf::AttributeColumnData cr = ds.attribute(*created).data();
  REQUIRE(cr.ints.size() == 3);
  CHECK(cr.ints[0] == Timestamp::from_seconds(86'400).micros());
  CHECK((cr.present[0] == 1 && cr.present[2] == 0));

  // A default data set has empty columns.
  const mf::EventColumns none = mf::DataSet().event_columns();
  CHECK((none.record.empty() && none.time.empty() && none.amount.events.empty() &&
         none.reasons.empty()));
}

TEST_CASE("set_attribute checks types and indexes strictly", "[dataset]") {
  mf::DataSetBuilder b;
  const auto r = b.record("L1");
  const auto score = *b.add_attribute("score", AttributeType::kDouble);
  const auto name = *b.add_attribute("name", AttributeType::kString);
  const auto n = *b.add_attribute("n", AttributeType::kInt64);

  // No int64 -> double conversion: a mistyped mapping should show.
  auto s = b.set_attribute(r, score, std::int64_t{3});
  CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  CHECK(s.message() == "attribute 'score' holds double values, not int64");
  s = b.set_attribute(r, name, true);
  CHECK(s.message() == "attribute 'name' holds string values, not bool");
  s = b.set_attribute(r, n, Timestamp());
  CHECK(s.message() == "attribute 'n' holds int64 values, not timestamp");
  s = b.set_attribute(r, n, 2.0);
  CHECK(s.message() == "attribute 'n' holds int64 values, not double");

  s = b.set_attribute(1, score, 1.0);
  CHECK(s.code() == absl::StatusCode::kOutOfRange);
  CHECK(s.message() == "record 1 out of range (1 records)");
  s = b.set_attribute(r, 3, 1.0);
  CHECK(s.code() == absl::StatusCode::kOutOfRange);
  CHECK(s.message() == "attribute 3 out of range (3 attributes)");

  // Failed sets changed nothing.
  const auto ds = finish(b);
  CHECK(ds.attribute(0).missing_count() == 1);
  CHECK(ds.attribute(1).missing_count() == 1);
  CHECK(ds.attribute(2).missing_count() == 1);
}

TEST_CASE("events sort by record then time, missing times last, ties in order", "[dataset]") {
  mf::DataSetBuilder b;
  const auto l1 = b.record("L1");
  const auto l2 = b.record("L2");
  const auto l3 = b.record("L3");  // never has an event
  const auto l4 = b.record("L4");
  const auto lead = b.stage("lead");
  const auto mql = b.stage("mql");
  const auto sql = b.stage("sql");
  const auto won = b.stage("won");
  const auto lost = b.stage("lost");
  const auto usd = [](std::int64_t scaled) { return mf::Amount::from_scaled(scaled); };

  // Insertion order deliberately interleaves records and times.
  const std::vector<mf::Event> added = {
      ev(l2, mql, at(200), usd(50'000)),             // #0
      ev(l1, sql, at(300)),                          // #1
      ev(l1, lead, at(100), {}, {}, "ann"),          // #2
      ev(l2, lead, at(100)),                         // #3
      ev(l1, mql, at(200), usd(10'542'500)),         // #4
      ev(l1, lead, at(100), {}, {}, "bob"),          // #5 same time as #2
      ev(l4, won, {}, {}, "r1"),                     // #6 no time
      ev(l4, lead, at(50)),                          // #7
      ev(l1, mql, {}, {}, "late"),                   // #8 no time
      ev(l1, mql, at(400), usd(20'000), {}, "ann"),  // #9 back from sql
      ev(l2, lost, at(200), {}, "price"),            // #10 same time as #0
  };
  for (const auto& e : added) REQUIRE(b.add_event(e).ok());
  const auto ds = finish(b);

  // Expected order, by insertion number.
  const std::vector<int> order = {2, 5, 4, 1, 9, 8, 3, 0, 10, 7, 6};
  REQUIRE(ds.event_count() == order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const mf::Event want = added[order[i]];
    const mf::Event got = ds.event(i);
    INFO("event " << i << " should be insertion #" << order[i]);
    CHECK(got.record == want.record);
    CHECK(got.stage == want.stage);
    CHECK(got.time == want.time);
    CHECK(got.amount == want.amount);
    CHECK(got.reason == want.reason);
    CHECK(got.actor == want.actor);
  }
  CHECK(ds.events_of(l1) == std::pair<std::size_t, std::size_t>{0, 6});
  CHECK(ds.events_of(l2) == std::pair<std::size_t, std::size_t>{6, 9});
  CHECK(ds.events_of(l3) == std::pair<std::size_t, std::size_t>{9, 9});
  CHECK(ds.events_of(l4) == std::pair<std::size_t, std::size_t>{9, 11});
  CHECK(ds.event_bytes() > 11 * 14);

  // The sparse columns were renumbered, not just carried along.
  const auto& ev = mf::internal::DataSetAccess::impl(ds).events;
  CHECK(ev.amount.rows == std::vector<std::uint32_t>{2, 4, 7});
  CHECK(ev.reason.rows == std::vector<std::uint32_t>{5, 8, 10});
  CHECK(ev.actor.rows == std::vector<std::uint32_t>{0, 1, 4});
  CHECK(ev.reasons.values() == std::vector<std::string>{"r1", "late", "price"});
  CHECK(ev.actors.values() == std::vector<std::string>{"ann", "bob"});
}

TEST_CASE("event strings are copied and outlive the builder", "[dataset]") {
  mf::DataSet ds;
  {
    mf::DataSetBuilder b;
    std::string reason = "budget";
    const auto r = b.record("L1");
    REQUIRE(b.add_event(ev(r, b.stage("lost"), {}, {}, reason)).ok());
    reason = "overwritten";
    ds = finish(b);
  }
  CHECK(ds.event(0).reason == "budget");
  CHECK_FALSE(ds.event(0).time);
  CHECK_FALSE(ds.event(0).amount);
  CHECK_FALSE(ds.event(0).actor);
}

TEST_CASE("add_event rejects unknown records, stages and the reserved time", "[dataset]") {
  mf::DataSetBuilder b;
  const auto r = b.record("L1");
  const auto lead = b.stage("lead");
  auto s = b.add_event(ev(1, lead));
  CHECK(s.code() == absl::StatusCode::kOutOfRange);
  CHECK(s.message() == "event for record 1 out of range (1 records)");
  s = b.add_event(ev(r, 1));
  CHECK(s.code() == absl::StatusCode::kOutOfRange);
  CHECK(s.message() == "event stage code 1 out of range (1 stages)");
  s = b.add_event(
      ev(r, lead, Timestamp::from_micros(std::numeric_limits<std::int64_t>::max())));
  CHECK(s.code() == absl::StatusCode::kOutOfRange);
  // Nothing was added by the failures.
  CHECK(finish(b).event_count() == 0);
}

TEST_CASE("finish leaves the builder empty and reusable", "[dataset]") {
  mf::DataSetBuilder b;
  REQUIRE(b.add_attribute("a", AttributeType::kInt64).ok());
  REQUIRE(b.add_event(ev(b.record("L1"), b.stage("lead"), at(1))).ok());
  const auto first = finish(b);
  CHECK(b.record_count() == 0);
  REQUIRE(b.add_attribute("a", AttributeType::kInt64).ok());  // the name is free again
  REQUIRE(b.add_event(ev(b.record("X"), b.stage("won"))).ok());
  const auto second = finish(b);
  CHECK(first.record_id(0) == "L1");
  CHECK(first.stage_names() == std::vector<std::string>{"lead"});
  CHECK(second.record_id(0) == "X");
  CHECK(second.stage_names() == std::vector<std::string>{"won"});
  CHECK(second.event(0).stage == 0);
}

TEST_CASE("more than 65535 stage names fail at finish", "[dataset]") {
  mf::DataSetBuilder b;
  const auto r = b.record("L1");
  for (int i = 0; i < 65'535; ++i) b.stage(std::to_string(i));
  CHECK(b.stage("65534") == 65'534);
  REQUIRE(b.add_event(ev(r, 65'534)).ok());
  // The 65536th name would need code 0xFFFF, which stage() hands out for
  // every name past the limit and add_event() refuses.
  CHECK(b.stage("one too many") == 0xFFFF);
  CHECK(b.stage("two too many") == 0xFFFF);
  CHECK(b.add_event(ev(r, 0xFFFF)).code() == absl::StatusCode::kOutOfRange);
  auto ds = std::move(b).finish();
  CHECK(ds.status().code() == absl::StatusCode::kOutOfRange);
  CHECK(ds.status().message() ==
        "65537 distinct stage names; a data set holds at most 65535");

  mf::DataSetBuilder full;
  for (int i = 0; i < 65'535; ++i) full.stage(std::to_string(i));
  CHECK(std::move(full).finish().ok());
}

TEST_CASE("sort_events handles empty stores and records without events", "[dataset]") {
  mf::internal::DataSetImpl impl;
  mf::internal::sort_events(impl, 1);
  CHECK(impl.events.record_begin == std::vector<std::uint32_t>{0});
  impl.record("a");
  impl.record("b");
  mf::internal::sort_events(impl, 4);
  CHECK(impl.events.record_begin == std::vector<std::uint32_t>{0, 0, 0});
}

TEST_CASE("sort_events matches a reference sort, long runs included", "[dataset]") {
  // A deterministic mix: 300 records, a few with hundreds of events (the
  // merge-sort path), many time ties and missing times, sparse fields on
  // some events. 100,000 events take the two-thread path of the sort.
  const std::size_t events = GENERATE(std::size_t{20'000}, std::size_t{100'000});
  // The sort's scratch (EventStore::sort_begin/sort_perm), as a loader
  // leaves it: none, big enough and holding garbage, or too small.
  const int scratch = GENERATE(0, 1, 2);
  // Threads: 100,000 events make 3 parts of the records' runs at most.
  const unsigned threads = GENERATE(1u, 2u, 3u, 64u);
  INFO("events " << events << ", scratch " << scratch << ", threads " << threads);
  mf::DataSetBuilder b;
  constexpr int kRecords = 300;
  if (scratch > 0) {
    auto& ev = mf::internal::DataSetAccess::building(b).events;
    const std::size_t n = scratch == 1 ? events : events / 2;
    ev.sort_perm.assign(n, 7);
    ev.sort_begin.assign(scratch == 1 ? kRecords + 2 : 10, 99);
  }
  for (int r = 0; r < kRecords; ++r) b.record("R" + std::to_string(r));
  for (int s = 0; s < 7; ++s) b.stage("S" + std::to_string(s));
  std::uint64_t state = 12345;
  auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  struct Ref {
    mf::Event event;
    std::string reason;
    std::size_t insertion;
  };
  std::vector<Ref> ref;
  for (std::size_t i = 0; i < events; ++i) {
    mf::Event e;
    e.record = static_cast<mf::RecordIndex>(next(4) == 0 ? next(3) : next(kRecords));
    e.stage = static_cast<mf::StageCode>(next(7));
    if (next(10) != 0) e.time = Timestamp::from_seconds(static_cast<std::int64_t>(next(50)));
    if (next(5) == 0) e.amount = mf::Amount::from_scaled(static_cast<std::int64_t>(i));
    ref.push_back({e, next(7) == 0 ? "why" + std::to_string(next(20)) : "", i});
    if (!ref.back().reason.empty()) e.reason = ref.back().reason;
    REQUIRE(b.add_event(e).ok());
  }
  auto finished = mf::internal::DataSetAccess::finish(std::move(b), threads);
  REQUIRE(finished.ok());
  const mf::DataSet ds = *std::move(finished);
  auto key = [](const Ref& x) {
    return std::make_tuple(x.event.record,
                           x.event.time ? x.event.time->micros()
                                        : std::numeric_limits<std::int64_t>::max());
  };
  std::stable_sort(ref.begin(), ref.end(),
                   [&key](const Ref& a, const Ref& b) { return key(a) < key(b); });
  REQUIRE(ds.event_count() == ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const auto got = ds.event(i);
    INFO("event " << i << ", insertion #" << ref[i].insertion);
    REQUIRE(got.record == ref[i].event.record);
    REQUIRE(got.stage == ref[i].event.stage);
    REQUIRE(got.time == ref[i].event.time);
    REQUIRE(got.amount == ref[i].event.amount);
    REQUIRE(got.reason.value_or("") == ref[i].reason);
  }
  for (mf::RecordIndex r = 0; r < kRecords; ++r) {
    const auto [first, last] = ds.events_of(r);
    for (std::size_t i = first; i < last; ++i) REQUIRE(ds.event(i).record == r);
    if (r + 1 < kRecords) REQUIRE(ds.events_of(r + 1).first == last);
  }
  CHECK(ds.events_of(kRecords - 1).second == ds.event_count());
  const auto& sorted = mf::internal::DataSetAccess::impl(ds).events;
  CHECK(sorted.sort_perm.capacity() == 0);  // taken over and freed
  CHECK(sorted.sort_begin.capacity() == 0);
}

TEST_CASE("already sorted events keep their sparse fields", "[dataset]") {
  mf::DataSetBuilder b;
  const auto a = b.record("A");
  const auto c = b.record("C");
  const auto s = b.stage("lead");
  REQUIRE(b.add_event(ev(a, s, at(1), {}, {}, "x")).ok());
  REQUIRE(b.add_event(ev(a, s, at(2))).ok());
  REQUIRE(b.add_event(ev(c, s, at(1), mf::Amount())).ok());
  const auto ds = finish(b);
  CHECK(ds.event(0).actor == "x");
  CHECK_FALSE(ds.event(1).actor);
  CHECK(ds.event(2).amount == mf::Amount());
  CHECK_FALSE(ds.event(0).amount);
}

TEST_CASE("sort_events tolerates sparse rows written out of order", "[dataset]") {
  // As a loader writing into the storage directly might: record 1's event
  // first, the amounts of rows 2 and 0 in reverse, row 2 given twice, rows
  // past the last event.
  mf::internal::DataSetImpl impl;
  impl.record("a");
  impl.record("b");
  impl.stages.intern("lead");
  auto& ev = impl.events;
  ev.record = {1, 0, 0};
  ev.stage = {0, 0, 0};
  ev.time = {5, 9, 7};
  ev.amount.rows = {2, 0, 2, 3};  // row 3: no such event
  ev.amount.values = {20, 0, 21, 30};
  ev.actor.rows = {1, 7};
  ev.actor.values = {0, 0};
  mf::internal::sort_events(impl, 1);
  // New order: old rows 2 (a, t=7), 1 (a, t=9), 0 (b).
  CHECK(ev.record == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(ev.time == std::vector<std::int64_t>{7, 9, 5});
  CHECK(ev.amount.rows == std::vector<std::uint32_t>{0, 2});
  CHECK(ev.amount.values == std::vector<std::int64_t>{20, 0});  // first value for row 2 kept
  CHECK(ev.actor.rows == std::vector<std::uint32_t>{1});
  CHECK(ev.record_begin == std::vector<std::uint32_t>{0, 2, 3});
}

TEST_CASE("events grouped by record but not in time order are still sorted", "[dataset]") {
  // Grouped by record, the counting sort moves nothing, but each record's
  // run must still be put in time order, stages and amounts along.
  mf::DataSetBuilder b;
  const auto a = b.record("A");
  const auto c = b.record("C");
  const auto lead = b.stage("lead");
  const auto won = b.stage("won");
  REQUIRE(b.add_event(ev(a, won, at(3), mf::Amount::from_scaled(70'000))).ok());
  REQUIRE(b.add_event(ev(a, lead, at(1))).ok());
  REQUIRE(b.add_event(ev(c, won, at(9), {}, "late")).ok());
  REQUIRE(b.add_event(ev(c, lead, at(5))).ok());
  const auto ds = finish(b);
  CHECK(ds.event(0).stage == lead);
  CHECK(ds.event(1).stage == won);
  CHECK(ds.event(1).amount == mf::Amount::from_scaled(70'000));
  CHECK_FALSE(ds.event(0).amount);
  CHECK(ds.event(2).stage == lead);
  CHECK(ds.event(3).stage == won);
  CHECK(ds.event(3).reason == "late");
  CHECK(ds.event(3).time == at(9));
}
