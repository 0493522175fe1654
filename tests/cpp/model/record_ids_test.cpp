// The record id store (model/record_ids.hpp): numbering, lookups across
// table growth, long and empty ids, NUL-terminated views, moves.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/pipeline/event_id_lookup.hpp"
#include "model/record_ids.hpp"

namespace mfi = modelfunnel::internal;

TEST_CASE("RecordIds numbers ids in order of first appearance", "[record_ids]") {
  mfi::RecordIds ids;
  CHECK(ids.size() == 0);
  CHECK_FALSE(ids.find("a"));
  CHECK(ids.intern("a") == 0);
  CHECK(ids.intern("b") == 1);
  CHECK(ids.intern("a") == 0);
  const auto again = ids.insert("b", mfi::RecordIds::probe("b"));
  CHECK(again.first == 1);
  CHECK_FALSE(again.second);
  CHECK(ids.size() == 2);
  CHECK(ids[1] == "b");
  CHECK(*ids.find("a") == 0);
}

TEST_CASE("RecordIds keeps every id through growth, any length", "[record_ids]") {
  mfi::RecordIds ids;
  std::vector<std::string> all = {"", std::string(254, 'x'), std::string(255, 'y'),
                                  std::string(70000, 'z'), "L0000001", "L00000010"};
  for (int i = 0; i < 5000; ++i) all.push_back("id-" + std::to_string(i * 7919));
  for (std::size_t i = 0; i < all.size(); ++i) {
    REQUIRE(ids.intern(all[i]) == i);
  }
  REQUIRE(ids.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto p = mfi::RecordIds::probe(all[i]);
    ids.prefetch(p);
    REQUIRE(ids.find(all[i], p) == i);
    REQUIRE(ids[static_cast<std::uint32_t>(i)] == all[i]);
    REQUIRE(ids[static_cast<std::uint32_t>(i)].data()[all[i].size()] == '\0');
  }
  CHECK_FALSE(ids.find("id-1"));
  CHECK_FALSE(ids.find(std::string(256, 'y')));
}

TEST_CASE("RecordIds reserves, moves and stays usable when moved from", "[record_ids]") {
  mfi::RecordIds ids;
  ids.reserve(3000, 12);
  for (int i = 0; i < 3000; ++i) ids.intern(std::to_string(i));
  CHECK(ids.heap_bytes() > 0);
  mfi::RecordIds moved(std::move(ids));
  CHECK(moved.size() == 3000);
  CHECK(*moved.find("2999") == 2999);
  CHECK(ids.size() == 0);  // NOLINT(bugprone-use-after-move): documented state
  CHECK_FALSE(ids.find("1"));
  CHECK(ids.intern("x") == 0);
  mfi::RecordIds assigned;
  assigned = std::move(moved);
  CHECK(assigned[42] == "42");
}

TEST_CASE("EventIdLookup matches every row of a batch exactly as find() does", "[record_ids]") {
  mfi::RecordIds ids;
  for (int i = 0; i < 20000; ++i) ids.intern("L" + std::to_string(i));
  ids.intern("");
  ids.intern(std::string(300, 'q'));
  // Three chunks of different sizes (one empty): known ids in no order,
  // repeats, unknown ids, the empty and the long id.
  std::vector<mfi::StagedChunk> chunks(3);
  std::vector<std::string> rows;
  auto add = [&](mfi::StagedChunk& c, const std::string& id) {
    c.ids.append(id);
    c.id_end.push_back(static_cast<std::uint32_t>(c.ids.size()));
    c.time.push_back(0);
    rows.push_back(id);
  };
  for (int i = 0; i < 30000; ++i) add(chunks[0], "L" + std::to_string((i * 7919) % 25000));
  add(chunks[2], "");
  add(chunks[2], std::string(300, 'q'));
  add(chunks[2], std::string(299, 'q'));
  add(chunks[2], "L19999");
  add(chunks[2], "L20000");
  std::vector<const mfi::StagedChunk*> views = {&chunks[0], &chunks[1], &chunks[2]};

  mfi::EventIdLookup lookup;
  for (int round = 0; round < 2; ++round) {  // the second reuses its arrays
    lookup.run(ids, views);
    std::size_t absent = 0;
    for (std::size_t g = 0; g < rows.size(); ++g) {
      const auto expected = ids.find(rows[g]);
      if (!expected) ++absent;
      REQUIRE(lookup.record(g) == (expected ? *expected : mfi::EventIdLookup::kAbsent));
      REQUIRE(lookup.probe(g).hash == mfi::RecordIds::probe(rows[g]).hash);
    }
    // 6,001 of the 30,000 rows name L20000..L24999; then 299 q's and L20000.
    CHECK(absent == 6001 + 2);
  }
  CHECK(mfi::EventIdLookup::batch_rows(ids) >= 65536);
}
