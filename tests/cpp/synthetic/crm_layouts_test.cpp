// generate_layout_csv(): the same synthetic funnel in Salesforce's and
// HubSpot's shapes, loaded through examples/<crm>/mapping.json with no
// reshaping script, gives the canonical layout's funnel report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "support/load_fixture.hpp"
#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf = modelfunnel;

namespace {

mf::LoadResult load_layout(const mf_test::TempDir& dir, mf::CrmLayout layout) {
  mf::GenerateOptions options;
  options.leads = 4000;
  options.seed = 7;
  const std::filesystem::path folder = dir.path() / std::to_string(static_cast<int>(layout));
  REQUIRE(mf::generate_layout_csv(options, layout, folder).ok());
  auto mapping = layout == mf::CrmLayout::kCanonical ? mf::Mapping::canonical(folder)
                                                     : mf::Mapping::load_file(folder / "mapping.json");
  REQUIRE(mapping.ok());
  auto result = mf::load(*mapping);
  REQUIRE(result.ok());
  return *std::move(result);
}

std::string report_json(const mf::DataSet& data) {
  auto report = mf::funnel_report(data, mf::StageGraph::the_model());
  REQUIRE(report.ok());
  auto json = mf::funnel_json(*report);
  REQUIRE(json.ok());
  return *json;
}

std::string report_by_channel(const mf::DataSet& data) {
  mf::FunnelOptions options;
  options.by = {"channel"};
  auto report = mf::funnel_report(data, mf::StageGraph::the_model(), options);
  REQUIRE(report.ok());
  auto csv = mf::funnel_csv(*report);
  REQUIRE(csv.ok());
  return *csv;
}

/// Events as described, the amount left off all but won events: the
/// Salesforce layout also carries the open deals' amounts (its snapshots
/// and field history), which the canonical layout does not have.
std::vector<std::string> won_amounts_only(std::vector<std::string> events) {
  for (std::string& e : events) {
    if (e.rfind("closed_won@", 0) == 0) continue;
    const auto dollar = e.find(" $");
    if (dollar == std::string::npos) continue;
    const auto next = e.find(' ', dollar + 2);
    e.erase(dollar, next == std::string::npos ? std::string::npos : next - dollar);
  }
  return events;
}

}  // namespace

TEST_CASE("CRM layouts: the funnel report is the canonical layout's", "[generate][layouts]") {
  mf_test::TempDir dir;
  const mf::LoadResult canonical = load_layout(dir, mf::CrmLayout::kCanonical);
  const std::string expected = report_json(canonical.data);
  const std::string expected_by = report_by_channel(canonical.data);
  for (mf::CrmLayout layout : {mf::CrmLayout::kSalesforce, mf::CrmLayout::kHubSpot}) {
    DYNAMIC_SECTION("layout " << static_cast<int>(layout)) {
      const mf::LoadResult loaded = load_layout(dir, layout);
      CHECK(loaded.report.rejected.empty());
      CHECK(loaded.data.record_count() == canonical.data.record_count());
      CHECK(loaded.data.event_count() == canonical.data.event_count());
      CHECK(report_json(loaded.data) == expected);
      CHECK(report_by_channel(loaded.data) == expected_by);
      // Every lead has a touch (its campaign membership / first form).
      CHECK(loaded.data.touch_count() == canonical.data.record_count());
      for (mf::RecordIndex r = 0; r < canonical.data.record_count(); r += 97) {
        INFO(canonical.data.record_id(r));
        CHECK(won_amounts_only(mf_test::events_of(loaded.data, canonical.data.record_id(r))) ==
              won_amounts_only(mf_test::events_of(canonical.data, canonical.data.record_id(r))));
      }
    }
  }
}

TEST_CASE("CRM layouts: Salesforce keeps close dates, campaigns and skipped rows", "[generate][layouts]") {
  mf_test::TempDir dir;
  const mf::LoadResult sf = load_layout(dir, mf::CrmLayout::kSalesforce);
  CHECK(sf.data.event_columns().close_date.events.size() > 0);
  // Open deals carry amounts too, and they change (revenue_movement's
  // increased and decreased buckets need it).
  CHECK(sf.data.event_columns().amount.events.size() > sf.data.event_columns().close_date.events.size() / 2);
  CHECK(sf.data.campaign_count() == 200);
  const mf::Campaign c = sf.data.campaign(0);
  CHECK(c.type.has_value());
  CHECK(c.cost.has_value());
  std::uint64_t skipped = 0;
  for (const mf::FileReport& f : sf.report.files) skipped += f.skipped;
  CHECK(skipped > 0);  // owner changes in the field histories
}

TEST_CASE("CRM layouts: the examples hold the mappings the generator writes", "[generate][layouts]") {
  for (auto [layout, folder] : {std::pair{mf::CrmLayout::kSalesforce, "salesforce"},
                                std::pair{mf::CrmLayout::kHubSpot, "hubspot"}}) {
    const std::string example =
        mf_test::read_text(std::filesystem::path(MF_SOURCE_DIR) / "examples" / folder / "mapping.json");
    CHECK(example == std::string(mf::layout_mapping(layout)));
  }
}
