// libFuzzer target for the aggregated paths reader and the models over what
// it read. The input is the text of a paths CSV. Whatever it holds, reading
// must neither crash nor trip a sanitizer; a file that reads must attribute
// under every model, with each model's credits summing exactly to the total
// conversions and value, no credit negative, and Markov's removal effects
// within [0, 1]; and the result must format as CSV and JSON.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/attribution_paths.
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <string>

#include "modelfunnel/attribution.hpp"

namespace mf = modelfunnel;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // a few dozen paths are plenty; keeps Markov's inverse small
  auto paths = mf::parse_attribution_paths(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!paths.ok()) return 0;
  mf::AttributionOptions options;
  options.bootstrap = 3;
  options.threads = 1;
  auto result = mf::attribute_paths(*paths, options);
  if (!result.ok()) {
    // Only counts too large to add up (infinite totals) may be refused.
    return 0;
  }
  const double total_c = result->totals.conversions, total_v = result->totals.value;
  if (!std::isfinite(total_c) || !std::isfinite(total_v)) return 0;
  for (mf::AttributionModel m : mf::kAttributionModels) {
    double c = 0, v = 0;
    for (const mf::ChannelCredit& cr : result->credits) {
      if (cr.model != m) continue;
      if (cr.conversions < 0 || cr.value < 0) std::abort();
      if (cr.removal_effect && !(*cr.removal_effect >= 0 && *cr.removal_effect <= 1 + 1e-9)) std::abort();
      c += cr.conversions;
      v += cr.value;
    }
    if (total_c > 0 && total_c < 1e15 && std::abs(c - total_c) > 1e-9 * total_c) std::abort();
    if (total_v > 0 && total_v < 1e15 && std::abs(v - total_v) > 1e-9 * total_v) std::abort();
  }
  if (!mf::attribution_csv(*result).ok() || !mf::attribution_json(*result).ok()) std::abort();
  return 0;
}
