// The record id store (model/record_ids.hpp): numbering, lookups across
// table growth, long and empty ids, NUL-terminated views, moves.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
