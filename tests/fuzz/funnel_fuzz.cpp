// libFuzzer target for the funnel report. The fuzz input decides, byte by
// byte, a small data set (events in any order, at any stage the generator
// knows or not, with or without times, amounts and reasons) and the report
// options; the report must then neither crash nor trip a sanitizer, must
// accept the (valid) options, must agree with the reference implementation
// figure for figure, and must format as CSV and JSON. A second, deliberately
// broken copy of the options checks that bad options are refused, not
// crashed on.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "funnel/messy_histories.hpp"
#include "funnel/reference_funnel.hpp"
#include "funnel/report_diff.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/funnel_format.hpp"

namespace mf = modelfunnel;
namespace mt = modelfunnel::testing;

namespace {

[[noreturn]] void finding(const std::string& what, const mf::DataSet& data,
                          const mf::FunnelOptions& options) {
  std::fprintf(stderr, "%s\noptions: %s\ndata:\n%s", what.c_str(), mt::describe(options).c_str(),
               mt::describe(data).c_str());
  std::abort();
}

/// @p options with one field made invalid, picked by @p c.
mf::FunnelOptions broken(mt::Choices& c, mf::FunnelOptions o) {
  switch (c.below(7)) {
    case 0: o.window_days = -1 - static_cast<std::int64_t>(c.below(5)); break;
    case 1: o.window_days = 100'001; break;
    case 2: o.from = mf::Timestamp::from_micros(5); o.to = mf::Timestamp::from_micros(5); break;
    case 3: o.by = {"no_such_attribute"}; break;
    case 4: o.significance = c.percent(50) ? 0.0 : 1.0; break;
    case 5: o.cycle_from = "nowhere"; break;
    default: o.baseline_from = mf::Timestamp::from_micros(0); o.baseline_to.reset(); break;
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  mt::Choices c(bytes, size);
  static const mf::StageGraph model = mf::StageGraph::the_model();
  static const mf::StageGraph small = mt::small_graph();
  const mf::StageGraph& graph = c.percent(70) ? model : small;
  const mf::DataSet data = mt::messy_data(c, graph, 0, 24);
  const mf::FunnelOptions options = mt::messy_options(c, data, graph);

  auto fast = mf::funnel_report(data, graph, options);
  if (!fast.ok()) finding("refused valid options: " + std::string(fast.status().message()), data, options);
  const std::string diff = mt::first_difference(*fast, mf::reference::funnel_report(data, graph, options));
  if (!diff.empty()) finding("differs from the reference: " + diff, data, options);
  for (auto table : {mf::FunnelTable::kFunnel, mf::FunnelTable::kStages, mf::FunnelTable::kDropoff,
                     mf::FunnelTable::kGroups, mf::FunnelTable::kTeams, mf::FunnelTable::kBottlenecks,
                     mf::FunnelTable::kReasons})
    if (!mf::funnel_csv(*fast, table).ok()) finding("a CSV table failed", data, options);
  if (!mf::funnel_json(*fast).ok()) finding("the JSON failed", data, options);

  const mf::FunnelOptions bad = broken(c, options);
  if (mf::funnel_report(data, graph, bad).ok()) finding("accepted invalid options", data, bad);
  return 0;
}
