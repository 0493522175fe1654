// The funnel report is the same, byte for byte, for every thread count: the
// record scan splits the records into contiguous ranges and the report
// merges them in order, so only the speed may change.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"

namespace mf = modelfunnel;

TEST_CASE("funnel threads: 1, 2, 3 and 4 threads give byte-identical reports", "[funnel][threads]") {
  mf::GenerateOptions g;
  g.leads = 140'000;  // enough for four ranges of the record scan
  g.seed = 9;
  const auto data = mf::generate_dataset(g);
  REQUIRE(data.ok());
  const mf::StageGraph graph = mf::StageGraph::the_model();

  std::vector<mf::FunnelOptions> cases(3);
  cases[0].by = {"channel"};
  cases[0].bucket = mf::TimeBucket::kMonth;
  cases[0].window_days = 60;
  cases[1].mode = mf::ReportMode::kPeriod;
  cases[1].from = mf::Timestamp::from_seconds(1'704'067'200);  // 2024-01-01
  cases[1].to = mf::Timestamp::from_seconds(1'719'792'000);    // 2024-07-01
  cases[1].by = {"segment"};
  cases[2].passage = mf::Passage::kObserved;
  cases[2].team_assignment = mf::TeamAssignment{"channel", {{"outbound", "bdr"}}, "sdr"};
  cases[2].baseline_from = cases[1].from;
  cases[2].baseline_to = cases[1].to;

  for (std::size_t c = 0; c < cases.size(); ++c) {
    INFO("case " << c);
    std::string first;
    for (unsigned threads : {1u, 2u, 3u, 4u}) {
      INFO(threads << " threads");
      mf::FunnelOptions o = cases[c];
      o.threads = threads;
      auto r = mf::funnel_report(*data, graph, o);
      REQUIRE(r.ok());
      auto json = mf::funnel_json(*r);
      REQUIRE(json.ok());
      if (threads == 1) first = *json;
      else CHECK(*json == first);
    }
  }
}
