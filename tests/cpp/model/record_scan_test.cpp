// scan_records(): every record exactly once, in order, in contiguous ranges
// one per visitor, with its own events; exceptions come back to the caller;
// and SparseCursor agrees with a binary search.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/dataset_impl.hpp"
#include "model/record_scan.hpp"
#include "modelfunnel/dataset.hpp"

namespace mf = modelfunnel;
namespace mi = modelfunnel::internal;

namespace {

/// @p n records, record i with i % 4 events (some with an amount).
mf::DataSet records(std::uint32_t n) {
  mf::DataSetBuilder b;
  const mf::StageCode s = b.stage("lead");
  for (std::uint32_t i = 0; i < n; ++i) {
    const mf::RecordIndex r = b.record("R" + std::to_string(i));
    for (std::uint32_t k = 0; k < i % 4; ++k) {
      mf::Event e;
      e.record = r;
      e.stage = s;
      e.time = mf::Timestamp::from_seconds(k);
      if ((i + k) % 3 == 0) e.amount = mf::Amount::from_scaled(i * 10 + k);
      REQUIRE(b.add_event(e).ok());
    }
  }
  return *std::move(b).finish();
}

struct Recorder {
  const mi::DataSetImpl* data = nullptr;
  std::vector<std::uint32_t> seen;
  std::uint32_t first = 0;
  bool started = false, finished = false;

  void start(std::uint32_t r) {
    started = true;
    first = r;
  }
  void visit(std::uint32_t r, std::size_t begin, std::size_t end) {
    seen.push_back(r);
    CHECK(begin == data->events.record_begin[r]);
    CHECK(end == data->events.record_begin[r + 1]);
    CHECK(end - begin == r % 4);
    for (std::size_t i = begin; i < end; ++i) CHECK(data->events.record[i] == r);
  }
  void finish() { finished = true; }
};

}  // namespace

TEST_CASE("record scan: contiguous ranges, every record once, in order", "[model][scan]") {
  const mf::DataSet ds = records(1001);
  const mi::DataSetImpl& impl = mi::DataSetAccess::impl(ds);
  for (std::size_t parts : {1u, 2u, 3u, 7u}) {
    INFO(parts << " visitors");
    std::vector<Recorder> v(parts);
    for (Recorder& r : v) r.data = &impl;
    mi::scan_records(impl, std::span<Recorder>(v));
    std::vector<std::uint32_t> all;
    for (const Recorder& r : v) {
      CHECK(r.started);
      CHECK(r.finished);
      if (!r.seen.empty()) CHECK(r.seen.front() == r.first);
      all.insert(all.end(), r.seen.begin(), r.seen.end());
    }
    REQUIRE(all.size() == 1001);
    for (std::uint32_t i = 0; i < all.size(); ++i) CHECK(all[i] == i);
  }
}

TEST_CASE("record scan: a visitor's exception reaches the caller after every thread joined",
          "[model][scan]") {
  const mf::DataSet ds = records(100);
  const mi::DataSetImpl& impl = mi::DataSetAccess::impl(ds);
  struct Thrower {
    bool throws = false;
    int* visited = nullptr;
    void start(std::uint32_t) {}
    void visit(std::uint32_t, std::size_t, std::size_t) {
      ++*visited;
      if (throws) throw std::runtime_error("visitor failed");
    }
    void finish() {}
  };
  int a = 0, b = 0, c = 0;
  std::vector<Thrower> v = {{false, &a}, {true, &b}, {false, &c}};
  CHECK_THROWS_WITH(mi::scan_records(impl, std::span<Thrower>(v)), "visitor failed");
  CHECK(a == 33);  // the others walked their whole ranges
  CHECK(b == 1);
  CHECK(c == 34);
}

TEST_CASE("record scan: thread counts", "[model][scan]") {
  CHECK(mi::scan_threads(0, 8) == 1);
  CHECK(mi::scan_threads(10, 8) == 1);
  CHECK(mi::scan_threads(65'536, 8) == 2);
  CHECK(mi::scan_threads(1'000'000, 8) == 8);
  CHECK(mi::scan_threads(1'000'000, 1) == 1);
  CHECK(mi::scan_threads(100, 4, 10) == 4);
}

TEST_CASE("sparse cursor: forward, backward and repeated rows agree with a search", "[model][scan]") {
  const mf::DataSet ds = records(500);
  const mi::DataSetImpl& impl = mi::DataSetAccess::impl(ds);
  mi::SparseCursor<std::int64_t> cursor(impl.events.amount);
  const auto n = static_cast<std::uint32_t>(impl.events.record.size());
  std::vector<std::uint32_t> rows;
  for (std::uint32_t i = 0; i < n; ++i) rows.push_back(i);
  for (std::uint32_t i = 0; i < n; i += 7) rows.push_back(n - 1 - i);  // backwards
  for (std::uint32_t i = 0; i < n; i += 5) rows.push_back(i);          // again, repeated
  for (std::uint32_t row : rows) {
    INFO("row " << row);
    CHECK(cursor.find(row) == impl.events.amount.find(row));
  }
}
