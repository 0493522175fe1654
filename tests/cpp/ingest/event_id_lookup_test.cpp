// EventIdLookup (ingest/pipeline/event_id_lookup.hpp): a batch of events
// rows matched to the record id store gives what find() gives, row by row.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/pipeline/event_id_lookup.hpp"
#include "model/record_ids.hpp"

namespace mfi = modelfunnel::internal;

TEST_CASE("EventIdLookup finds each row's record exactly as find() does", "[event_id_lookup]") {
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
