// The Maven CRM sample (a real wide export) through examples/maven-crm/mapping.json.
// Expected values were read off the CSV files with grep/awk, not computed
// by the library.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/load.hpp"

using mf_test::attr;
using mf_test::events_of;
using Strings = std::vector<std::string>;

TEST_CASE("load: Maven CRM sample through the example mapping", "[load][maven]") {
  const std::filesystem::path data = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm";
  if (!std::filesystem::exists(data)) {
    std::cout << "MF_SKIPPED: ../shared not found\n";
    return;
  }
  auto mapping = modelfunnel::Mapping::load_file(std::filesystem::path(MF_SOURCE_DIR) /
                                                 "examples/maven-crm/mapping.json");
  REQUIRE(mapping.ok());
  CHECK(mapping->table_names() == Strings{"pipeline", "accounts", "teams"});
  // Read the data from MF_SHARED_DIR even when it is not beside the sources.
  for (auto [table, file] : {std::pair{"pipeline", "sales_pipeline.csv"},
                             std::pair{"accounts", "accounts.csv"},
                             std::pair{"teams", "sales_teams.csv"}}) {
    mapping = mapping->with_file(table, data / file);
    REQUIRE(mapping.ok());
  }
  auto result = modelfunnel::load(*mapping);  // strict: any bad row fails the test
  REQUIRE(result.ok());
  const modelfunnel::DataSet& ds = result->data;
  CHECK(result->report.rejected.empty());
  REQUIRE(ds.record_count() == 8800);

  // Current stage = the stage of each record's last event (undated ones sort last).
  std::map<std::string, int> current;
  for (modelfunnel::RecordIndex r = 0; r < ds.record_count(); ++r) {
    auto [first, last] = ds.events_of(r);
    REQUIRE(last > first);
    ++current[ds.stage_names()[ds.event(last - 1).stage]];
  }
  CHECK(current == std::map<std::string, int>{
                       {"closed_won", 4238}, {"closed_lost", 2473}, {"engaging", 1589}, {"prospecting", 500}});

  for (const char* name : {"sector", "employees", "revenue", "manager", "regional_office"}) {
    CHECK(ds.find_attribute(name));
  }
  const auto& files = result->report.files;
  REQUIRE(files.size() == 3);
  CHECK(files[0].rows == 8800);
  CHECK(files[1].table == "accounts");
  CHECK(files[1].rows == 85);
  CHECK(files[1].empty_keys == 1425);
  CHECK(files[1].unmatched_keys == 0);
  CHECK(files[2].table == "teams");
  CHECK(files[2].rows == 35);
  CHECK(files[2].empty_keys == 0);
  CHECK(files[2].unmatched_keys == 0);

  // 1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054
  // Cancity,retail,2001,718.62,2448,...   Moses Frase,Dustin Brinkmann,Central
  CHECK(events_of(ds, "1C1I7A6R") ==
        Strings{"engaging@2016-10-20T00:00:00Z by=Moses Frase",
                "closed_won@2017-03-01T00:00:00Z $1054 by=Moses Frase"});
  CHECK(attr(ds, "product", "1C1I7A6R") == "GTX Plus Basic");
  CHECK(attr(ds, "close_value", "1C1I7A6R") == "1054");
  CHECK(attr(ds, "sector", "1C1I7A6R") == "retail");
  CHECK(attr(ds, "employees", "1C1I7A6R") == "2448");
  CHECK(attr(ds, "revenue", "1C1I7A6R") == "718.62");
  CHECK(attr(ds, "manager", "1C1I7A6R") == "Dustin Brinkmann");
  CHECK(attr(ds, "regional_office", "1C1I7A6R") == "Central");

  // 6CWZFOHJ,Anna Snelling,GTX Basic,Green-Plus,Prospecting,,,
  CHECK(events_of(ds, "6CWZFOHJ") == Strings{"prospecting@- by=Anna Snelling"});
  CHECK(attr(ds, "close_value", "6CWZFOHJ") == "<missing>");
  CHECK(attr(ds, "sector", "6CWZFOHJ") == "services");

  // HAXMC4IX,James Ascencio,MG Advanced,,Engaging,2016-11-03,,
  // James Ascencio,Summer Sewald,West
  CHECK(events_of(ds, "HAXMC4IX") == Strings{"engaging@2016-11-03T00:00:00Z by=James Ascencio"});
  CHECK(attr(ds, "account", "HAXMC4IX") == "<missing>");
  CHECK(attr(ds, "sector", "HAXMC4IX") == "<missing>");
  CHECK(attr(ds, "manager", "HAXMC4IX") == "Summer Sewald");
  CHECK(attr(ds, "regional_office", "HAXMC4IX") == "West");
}
