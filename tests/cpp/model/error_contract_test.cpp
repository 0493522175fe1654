// The error contract (docs/architecture.md): no public function lets an
// exception escape, running out of memory included. Each call below is run
// again and again with its 1st, 2nd, 3rd… allocation of 1 KiB or more failing: it must
// return ResourceExhausted (or succeed, when the failure hit something it
// could do without), never throw, crash, leak (the ASan build checks) or
// hand back something half-built.
#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/funnel_format.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"
#include "support/failing_allocations.hpp"

namespace mf = modelfunnel;
using mf_test::sweep_allocation_failures;

namespace {

/// Allocations of at least this many bytes fail in turn (see
/// failing_allocations.hpp for why not the smaller ones).
constexpr std::size_t kBig = 1024;

/// Checks a status-returning call's outcome under a failing allocation.
template <class Result>
void ok_or_exhausted(const Result& r, bool fired, std::int64_t* failures) {
  if (r.ok()) return;
  INFO(r.status());
  CHECK(fired);
  CHECK(absl::IsResourceExhausted(r.status()));
  ++*failures;
}

mf::DataSet small_data() {
  mf::GenerateOptions g;
  g.leads = 200;
  g.seed = 4;
  return *mf::generate_dataset(g);
}

}  // namespace

TEST_CASE("error contract: funnel_report and its text under failing allocations", "[contract]") {
  const mf::DataSet data = small_data();
  const mf::StageGraph graph = mf::StageGraph::the_model();
  mf::FunnelOptions o;
  o.by = {"channel"};
  o.bucket = mf::TimeBucket::kMonth;
  o.baseline_from = mf::Timestamp::from_seconds(1'704'067'200);
  o.baseline_to = mf::Timestamp::from_seconds(1'719'792'000);
  std::int64_t failures = 0;
  const std::int64_t calls = sweep_allocation_failures(kBig,
      [&] {
        auto r = mf::funnel_report(data, graph, o);
        ok_or_exhausted(r, true, &failures);
        if (r.ok()) {
          ok_or_exhausted(mf::funnel_json(*r), true, &failures);
          ok_or_exhausted(mf::funnel_csv(*r, mf::FunnelTable::kStages), true, &failures);
        }
      },
      [](bool) {});
  CHECK(calls > 100);  // the report allocates; the sweep went through every allocation
  CHECK(failures > 0);
}

TEST_CASE("error contract: summarize, generate and graph parsing under failing allocations",
          "[contract]") {
  const mf::DataSet data = small_data();
  const mf::StageGraph graph = mf::StageGraph::the_model();
  const std::string json = graph.to_json();
  std::int64_t failures = 0;
  sweep_allocation_failures(kBig, [&] { ok_or_exhausted(mf::summarize(data, graph), true, &failures); },
                            [](bool) {});
  sweep_allocation_failures(kBig,
      [&] { ok_or_exhausted(mf::StageGraph::from_json(json), true, &failures); }, [](bool) {});
  mf::GenerateOptions g;
  g.leads = 20;
  sweep_allocation_failures(kBig, [&] { ok_or_exhausted(mf::generate_dataset(g), true, &failures); },
                            [](bool) {});
  CHECK(failures > 0);
}

TEST_CASE("error contract: a builder that ran out of memory fails and says so", "[contract]") {
  std::int64_t failures = 0;
  sweep_allocation_failures(kBig,
      [&] {
        mf::DataSetBuilder b;
        auto channel = b.add_attribute("channel", mf::AttributeType::kString);
        const mf::StageCode lead = b.stage("lead");
        for (int i = 0; i < 300; ++i) {  // enough for the columns to grow past kBig
          const mf::RecordIndex r = b.record("L" + std::to_string(i));
          if (channel.ok()) (void)b.set_attribute(r, *channel, std::string_view(i % 2 ? "web" : "event"));
          mf::Event e;
          e.record = r;
          e.stage = lead;
          e.time = mf::Timestamp::from_seconds(300 - i);
          e.reason = "a reason long enough not to fit in a short string";
          (void)b.add_event(e);
        }
        auto ds = std::move(b).finish();
        ok_or_exhausted(ds, true, &failures);
        if (ds.ok()) {
          // Whole, never half-built.
          CHECK(ds->record_count() == 300);
          CHECK(ds->event_count() == 300);
          CHECK(ds->attribute_count() == 1);
        }
      },
      [](bool) {});
  CHECK(failures > 0);
}
