// Marketing touches for the synthetic funnel: every lead's campaign
// touches, with costs, and the 200 campaigns with theirs — what
// `modelfunnel generate` writes to touches.csv and campaigns.csv and
// generate_dataset() holds, so that attribution has data to credit.
//
// Touches come from their own random stream per lead (seeded by the
// options' seed and the lead's index), never from the funnel's: adding
// them changed no byte of leads.csv or events.csv.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "synthetic/synthetic_funnel.hpp"

namespace modelfunnel::internal {

/// Interaction type per channel (kSynthChannels order).
inline constexpr std::array<std::string_view, 8> kSynthInteractions = {
    "visited", "form_fill", "signed_up", "attended", "attended", "clicked", "replied", "referred"};

/// One touch. Times are Unix seconds.
struct SynthTouch {
  std::uint64_t lead = 0;      // SynthLead::index
  std::int64_t ts = 0;
  std::uint16_t campaign = 0;  // 1..200, printed C%03d; its channel is (campaign - 1) % 8
  std::int64_t cents = -1;     // cost of this touch; -1 when not recorded
};

/// The campaign's channel (kSynthChannels index).
inline std::uint8_t synth_campaign_channel(std::uint16_t campaign) {
  return static_cast<std::uint8_t>((campaign - 1) % 8);
}

/// The campaign's total cost in whole currency units.
inline std::int64_t synth_campaign_cost(std::uint16_t campaign) {
  return 2'000 + (static_cast<std::int64_t>(campaign) * 7'919) % 48'000;
}

/// Collects a lead and its events as the funnel hands them over, and calls
/// `emit` with the lead's touches once its events are complete (at the next
/// lead, and at finish()). A lead's first touch is its own campaign, just
/// before it was created; 0 to 4 more follow over its walk, about one in
/// ten after its last event (touches after a conversion happen).
class SynthTouchMaker {
 public:
  SynthTouchMaker(std::uint64_t seed, std::function<void(const SynthTouch&)> emit)
      : seed_(seed), emit_(std::move(emit)) {}
  void lead(const SynthLead& lead);
  void event(const SynthEvent& event);
  void finish();

 private:
  void flush();
  std::uint64_t seed_;
  std::function<void(const SynthTouch&)> emit_;
  bool have_ = false;
  SynthLead lead_;
  std::int64_t last_ = 0;
};

}  // namespace modelfunnel::internal
