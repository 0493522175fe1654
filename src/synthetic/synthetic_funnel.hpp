// The synthetic funnel model behind generate_csv() and generate_dataset().
//
// One generation loop produces leads and their stage events and hands them to
// a sink; the CSV writer and the DataSet builder are two sinks over the same
// loop, which is what makes the files and the in-memory data set identical.
// Rows carry codes and integers only (no text): each sink spells them its own
// way, with the names below.
//
//   class Counter : public internal::FunnelSink { … };
//   if (auto st = internal::validate(options); !st.ok()) return st;
//   Counter c;
//   internal::generate_funnel(options, c);
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "modelfunnel/generate.hpp"

namespace modelfunnel::internal {

inline constexpr std::array<std::string_view, 8> kSynthChannels = {
    "web", "demo_request", "free_trial", "event", "webinar", "paid_search", "outbound", "referral"};
inline constexpr std::array<std::string_view, 3> kSynthSegments = {"smb", "mid", "enterprise"};
inline constexpr std::array<std::string_view, 12> kSynthIndustries = {
    "software",  "finance", "healthcare", "retail",  "manufacturing", "education",
    "government", "media",  "telecom",    "energy",  "logistics",     "hospitality"};
/// Main path 0..6, then the loss stage and the nurture stage (The Model's
/// stage ids).
inline constexpr std::array<std::string_view, 9> kSynthStages = {
    "lead",        "mql",        "sql",         "opportunity", "proposal",
    "negotiation", "closed_won", "closed_lost", "nurture"};
inline constexpr std::uint8_t kSynthMql = 1;
inline constexpr std::uint8_t kSynthSql = 2;
inline constexpr std::uint8_t kSynthOpportunity = 3;
inline constexpr std::uint8_t kSynthClosedWon = 6;
inline constexpr std::uint8_t kSynthClosedLost = 7;
inline constexpr std::uint8_t kSynthNurture = 8;
inline constexpr std::array<std::string_view, 5> kSynthReasons = {
    "budget", "timing", "competitor", "no_decision", "fit"};

/// The attribute columns of leads.csv after lead_id, in file order.
inline constexpr std::array<std::string_view, 11> kSynthLeadColumns = {
    "created_at", "channel",      "campaign", "segment",       "industry", "employees",
    "budget_ok",  "authority_ok", "need_ok",  "timeline_days", "owner_sdr"};

/// One lead. Times are Unix seconds.
struct SynthLead {
  std::uint64_t index = 0;     // 0-based; the id is index + 1
  std::int64_t created = 0;
  std::uint8_t channel = 0;    // kSynthChannels
  std::uint16_t campaign = 0;  // 1..200, printed C%03d
  std::uint8_t segment = 0;    // kSynthSegments
  std::uint8_t industry = 0;   // kSynthIndustries
  std::int64_t employees = 0;
  bool budget_ok = false;
  bool authority_ok = false;
  bool need_ok = false;
  std::int64_t timeline_days = 0;
  std::uint8_t owner_sdr = 0;  // 1..40, printed SDR%02d
};

/// One stage event of the lead last passed to FunnelSink::lead().
struct SynthEvent {
  std::uint64_t lead = 0;      // SynthLead::index
  std::uint8_t stage = 0;      // kSynthStages
  std::int64_t ts = 0;         // Unix seconds
  std::int64_t cents = -1;     // closed_won only; -1 otherwise
  std::int8_t reason = -1;     // closed_lost only (kSynthReasons); -1 otherwise
};

/// Receives the generated rows: each lead, then its events in generation
/// order (a lead's funnel walk with its side trips — nurture and recycle,
/// loss and re-open — then its duplicate).
class FunnelSink {
 public:
  virtual ~FunnelSink() = default;
  virtual void lead(const SynthLead& lead) = 0;
  virtual void event(const SynthEvent& event) = 0;
};

/// InvalidArgument when @p options cannot be generated (see GenerateOptions).
absl::Status validate(const GenerateOptions& options);

/// Runs the model. @pre validate(options).ok()
void generate_funnel(const GenerateOptions& options, FunnelSink& sink);

/// Digits in a lead id: max(7, digits of the lead count), like gen.py.
int lead_id_width(std::uint64_t leads);

}  // namespace modelfunnel::internal
