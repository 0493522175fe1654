// The synthetic touches; see synthetic_touches.hpp.
#include "synthetic/synthetic_touches.hpp"

#include <algorithm>

#include "util/random.hpp"

namespace modelfunnel::internal {

void SynthTouchMaker::lead(const SynthLead& lead) {
  flush();
  lead_ = lead;
  last_ = lead.created;
  have_ = true;
}

void SynthTouchMaker::event(const SynthEvent& event) { last_ = std::max(last_, event.ts); }

void SynthTouchMaker::finish() { flush(); }

void SynthTouchMaker::flush() {
  if (!have_) return;
  have_ = false;
  std::uint64_t state = seed_ ^ 0x7A11'C0DE'0000'0000ull;
  state += lead_.index * 0x9E3779B97F4A7C15ull;
  Random rng(splitmix64(state));
  auto cost = [&](std::uint16_t campaign) -> std::int64_t {
    switch (synth_campaign_channel(campaign)) {
      case 5: return 150 + static_cast<std::int64_t>(rng.below(1850));  // paid_search: a click
      case 6: return 500;                                               // outbound: a sequence step
      default: return -1;
    }
  };
  SynthTouch first;
  first.lead = lead_.index;
  first.ts = lead_.created - static_cast<std::int64_t>(rng.below(6 * 3600));
  first.campaign = lead_.campaign;
  first.cents = cost(first.campaign);
  std::array<SynthTouch, 5> touches{first};
  std::size_t n = 1;
  const std::uint64_t more = rng.below(5);
  const std::int64_t span = std::max<std::int64_t>(last_ - lead_.created, 3600);
  for (std::uint64_t k = 0; k < more; ++k) {
    SynthTouch t;
    t.lead = lead_.index;
    // Mostly the lead's own channel's campaigns, else any of the 200.
    t.campaign = rng.uniform() < 0.4 ? static_cast<std::uint16_t>(lead_.channel + 8 * rng.below(25) + 1)
                                     : static_cast<std::uint16_t>(rng.below(200) + 1);
    t.ts = rng.uniform() < 0.1 ? last_ + 3600 + static_cast<std::int64_t>(rng.below(30 * 86'400))
                               : lead_.created + static_cast<std::int64_t>(rng.uniform() * static_cast<double>(span));
    t.cents = cost(t.campaign);
    touches[n++] = t;
  }
  std::stable_sort(touches.begin(), touches.begin() + static_cast<std::ptrdiff_t>(n),
                   [](const SynthTouch& a, const SynthTouch& b) { return a.ts < b.ts; });
  for (std::size_t i = 0; i < n; ++i) emit_(touches[i]);
}

}  // namespace modelfunnel::internal
