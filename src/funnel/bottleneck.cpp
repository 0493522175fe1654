#include "funnel/bottleneck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "funnel/stats.hpp"

namespace modelfunnel::internal::funnel {
namespace {

std::uint64_t reached(const GroupAcc& g, int k) {
  return g.used ? g.stages[static_cast<std::size_t>(k)].reached : 0;
}

std::string percent(double rate) { return absl::StrFormat("%.1f%%", rate * 100); }

}  // namespace

std::vector<Bottleneck> rank_bottlenecks(const Setup& setup, const GroupAcc& overall,
                                         const GroupAcc* baseline) {
  const std::uint64_t min = setup.options.min_sample;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t won = setup.won_ord >= 0 ? reached(overall, setup.won_ord) : 0;
  const double revenue = static_cast<double>(overall.revenue) / Amount::kScale;
  std::vector<Bottleneck> out;
  for (int k = 1; k < setup.n_main; ++k) {
    Bottleneck b;
    b.stage = setup.main_path[static_cast<std::size_t>(k)];
    const std::uint64_t prev = reached(overall, k - 1);
    const std::uint64_t here = reached(overall, k);
    const bool proportion =
        setup.cohort && (!overall.used || overall.stages[static_cast<std::size_t>(k)].without_prev == 0);
    b.current = make_rate(here, prev, proportion, min);
    // One point more at this step sends prev × 1% more records on, each
    // worth (won / here) × (revenue / won) = revenue / here downstream.
    b.revenue_per_point = here == 0 || won == 0 ? 0.0
                                                : static_cast<double>(prev) * 0.01 * revenue /
                                                      static_cast<double>(here);
    b.p_value = nan;
    for (const auto& [stage, rate] : setup.options.target_rates)
      if (stage == b.stage) b.target = rate;
    if (baseline) b.baseline = make_rate(reached(*baseline, k), reached(*baseline, k - 1), proportion, min);

    std::vector<std::string> why;
    if (prev == 0) {
      why.push_back("no records reached the previous stage");
    } else if (b.current.small_sample) {
      why.push_back(absl::StrCat("not tested: ", prev, " records is below the minimum sample of ", min));
    } else {
      if (b.baseline) {
        if (b.baseline->small_sample) {
          why.push_back(absl::StrCat("baseline not tested: ", b.baseline->denominator,
                                     " records is below the minimum sample of ", min));
        } else {
          const double p = p_value_below(here, prev, b.baseline->numerator, b.baseline->denominator);
          b.p_value = std::isnan(b.p_value) ? p : std::min(b.p_value, p);
          const bool fell = p < setup.options.significance;
          b.flagged |= fell;
          why.push_back(absl::StrCat(fell ? "fell" : "no significant fall", " from ",
                                     percent(b.baseline->value), " in the baseline to ",
                                     percent(b.current.value), absl::StrFormat(" (p = %.3g)", p)));
        }
      }
      if (b.target) {
        const double p = p_value_below_target(here, prev, *b.target);
        b.p_value = std::isnan(b.p_value) ? p : std::min(b.p_value, p);
        const bool below = p < setup.options.significance;
        b.flagged |= below;
        why.push_back(absl::StrCat(percent(b.current.value),
                                   below ? " is significantly below the target "
                                         : " is not significantly below the target ",
                                   percent(*b.target), absl::StrFormat(" (p = %.3g)", p)));
      }
      if (!b.baseline && !b.target) why.push_back("no baseline or target to test against");
    }
    b.reason = absl::StrJoin(why, "; ");
    out.push_back(std::move(b));
  }
  std::stable_sort(out.begin(), out.end(), [](const Bottleneck& a, const Bottleneck& b) {
    return a.revenue_per_point > b.revenue_per_point;
  });
  return out;
}

}  // namespace modelfunnel::internal::funnel
