// libFuzzer target for the revenue engine's scenario file. The input is a
// scenario file's text. Whatever it is, reading it must neither crash nor
// trip a sanitizer, and an error must say something; a scenario that reads
// is applied alone and over the acceptance scenario, and every model that
// results is planned (a handful of Monte Carlo samples): the plan either
// refuses the model with a message or gives P10 <= P50 <= P90 at every
// stage, never NaN volumes.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/revenue_scenario.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "modelfunnel/revenue.hpp"

namespace mf = modelfunnel;

namespace {

[[noreturn]] void finding(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "%s\ninput:\n%.*s\n", what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

constexpr std::string_view kBase = R"({"version": 1, "deal_size": 20000, "steps": [
  {"from": "lead", "to": "mql", "rate": 0.4}, {"from": "mql", "to": "sql", "rate": 0.5},
  {"from": "sql", "to": "opportunity", "converted": 60, "of": 100},
  {"from": "opportunity", "to": "closed_won", "rate": 0.35}]})";

void plan(const mf::RevenueModel& model, std::string_view input) {
  mf::PlanOptions o;
  o.target = 1'000'000;
  o.period = *mf::parse_period("2027-Q1");
  o.samples = 16;
  if (model.pipeline.size() > 5000) return;  // bounded work per input
  auto p = mf::revenue_plan(model, o);
  if (!p.ok()) {
    if (p.status().message().empty()) finding("a plan refused without a message", input);
    return;
  }
  for (const auto& s : p->stages) {
    if (std::isnan(s.required_exact)) finding("a NaN volume", input);
    if (!(s.required_p10 <= s.required_p50 && s.required_p50 <= s.required_p90))
      finding("percentiles out of order at " + s.stage, input);
  }
  (void)mf::plan_json(*p);
  (void)mf::plan_csv(*p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  // The same text as a bare segment mix: accepted only with shares in
  // [0, 1] summing to 1 (within 1e-9), else refused with a message.
  auto mix = mf::parse_revenue_mix(input);
  if (mix.ok()) {
    double sum = 0;
    for (const auto& share : *mix) {
      if (!(share.second >= 0 && share.second <= 1)) finding("a mix share outside [0, 1] accepted", input);
      sum += share.second;
    }
    if (std::abs(sum - 1) > 1e-9) finding("a mix not summing to 1 accepted", input);
  } else if (mix.status().message().empty()) {
    finding("a mix refused without a message", input);
  }
  auto scenario = mf::parse_revenue_scenario(input);
  if (!scenario.ok()) {
    if (scenario.status().message().empty()) finding("an error without a message", input);
    return 0;
  }
  static const mf::RevenueModel base = *mf::apply_scenario(std::nullopt, *mf::parse_revenue_scenario(kBase));
  for (const std::optional<mf::RevenueModel>& b : {std::optional<mf::RevenueModel>(), std::optional(base)}) {
    auto model = mf::apply_scenario(b, *scenario);
    if (!model.ok()) {
      if (model.status().message().empty()) finding("apply refused without a message", input);
      continue;
    }
    plan(*model, input);
  }
  return 0;
}
