// The error contract (docs/architecture.md) for qualification: every entry
// point run again and again with its 1st, 2nd, 3rd… allocation of 1 KiB or
// more failing must return ResourceExhausted (or succeed, when the failure
// hit something it could do without), never throw, crash or leak.
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/generate.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "qualify/qualify_fixture.hpp"
#include "support/failing_allocations.hpp"

namespace mf = modelfunnel;
using mf_test::sweep_allocation_failures;

namespace {

constexpr std::size_t kBig = 1024;

template <class Result>
void ok_or_exhausted(const Result& r, std::int64_t* failures) {
  if (r.ok()) return;
  INFO(r.status());
  CHECK(absl::IsResourceExhausted(r.status()));
  ++*failures;
}

}  // namespace

TEST_CASE("error contract: qualification under failing allocations", "[contract][qualify]") {
  mf::GenerateOptions g;
  g.leads = 3000;
  g.seed = 4;
  const mf::DataSet data = *mf::generate_dataset(g);
  const std::string json = mf_qualify_test::bant_json();
  const auto reps = *mf::parse_reps_csv("rep_id,team,territory,capacity\nA,t,smb,50\nB,t,*,50\n");
  const mf::QualifyRules rules = *mf::QualifyRules::parse(json, data);
  const mf::QualifyResult result = *mf::qualify(data, rules);
  std::int64_t failures = 0;
  const std::int64_t calls = sweep_allocation_failures(kBig,
      [&] {
        ok_or_exhausted(mf::QualifyRules::parse(json, data), &failures);
        auto q = mf::qualify(data, rules);
        ok_or_exhausted(q, &failures);
        if (!q.ok()) return;
        ok_or_exhausted(mf::qualify_csv(*q), &failures);
        ok_or_exhausted(mf::qualify_json(*q), &failures);
        auto lift = mf::qualify_lift(*q, mf::StageGraph::the_model());
        ok_or_exhausted(lift, &failures);
        if (lift.ok()) ok_or_exhausted(mf::qualify_lift_csv(*lift), &failures);
        ok_or_exhausted(mf::qualify_diff(*q, result, mf::StageGraph::the_model()), &failures);
        mf::RouteOptions route;
        route.method = mf::RouteMethod::kOptimal;
        route.territory_by = "segment";
        auto routing = mf::route_leads(*q, reps, route);
        ok_or_exhausted(routing, &failures);
        if (routing.ok()) ok_or_exhausted(mf::routing_csv(*q, *routing), &failures);
      },
      [](bool) {});
  CHECK(calls > 20);
  CHECK(failures > 0);
}
