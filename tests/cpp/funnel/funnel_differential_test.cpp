// funnel_report() against the reference implementation (reference_funnel.cpp)
// on seeded random messy histories, across the option space. A failure
// prints the seed, the options, the first figure that differs and the data,
// which is everything needed to turn it into a hand-made case.
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "funnel/messy_histories.hpp"
#include "funnel/reference_funnel.hpp"
#include "funnel/report_diff.hpp"
#include "modelfunnel/funnel_report.hpp"

namespace mf = modelfunnel;
namespace mt = modelfunnel::testing;

namespace {

/// Runs @p cases seeded cases of data sets of @p min_records to
/// @p max_records records on @p graph.
void differential(const mf::StageGraph& graph, std::uint64_t first_seed, int cases,
                  std::size_t min_records, std::size_t max_records) {
  for (int i = 0; i < cases; ++i) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(i);
    mt::Choices choices(seed);
    const mf::DataSet data = mt::messy_data(choices, graph, min_records, max_records);
    const mf::FunnelOptions options = mt::messy_options(choices, data, graph);
    auto fast = mf::funnel_report(data, graph, options);
    INFO("seed " << seed << "\noptions: " << mt::describe(options));
    REQUIRE(fast.ok());
    const mf::FunnelReport reference = mf::reference::funnel_report(data, graph, options);
    const std::string diff = mt::first_difference(*fast, reference);
    INFO("data:\n" << (data.record_count() <= 40 ? mt::describe(data) : "(too many records to list)"));
    REQUIRE(diff == "");
  }
}

}  // namespace

TEST_CASE("differential: The Model on small messy histories", "[funnel][differential]") {
  differential(mf::StageGraph::the_model(), 1, 1500, 0, 12);
}

TEST_CASE("differential: The Model on larger messy histories", "[funnel][differential]") {
  differential(mf::StageGraph::the_model(), 100'000, 120, 0, 400);
}

TEST_CASE("differential: a process with shared stages and a recycle loop", "[funnel][differential]") {
  differential(mt::small_graph(), 200'000, 800, 0, 10);
}

TEST_CASE("differential: enough records for the pass to split over threads", "[funnel][differential]") {
  differential(mf::StageGraph::the_model(), 300'000, 1, 66'000, 70'000);
}
