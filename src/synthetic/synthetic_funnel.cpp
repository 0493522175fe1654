// The synthetic funnel model. Its main path is ported from the reference
// generator shared/bench/gen.py: same channels, segments, weights, BANT
// effects, advance probabilities, gaps, loss reasons and duplicates, but
// driven by our own portable random source (util/random.hpp), so the
// numbers differ from gen.py's while the shape of the data is the same.
//
// On top of that it walks The Model's side paths, which gen.py does not
// write: stalled MQLs and SQLs go to `nurture`, some nurtured leads come
// back to `mql` (recycle), and some lost deals re-open at `opportunity`.
// The peer report counts only the main-path stages, and a recycled or
// re-opened lead only re-enters stages it already reached, so these events
// never make a lead skip a stage.
//
// Portability: every probability factor that gen.py computes as `a + b * c`
// is a table constant here, and every lognormal adds its location with an
// explicit fma, so compilers that contract to FMA and those that do not give
// the same doubles; what remains platform-dependent is libm's exp/log/cos,
// truncated to whole seconds or cents as in gen.py.
#include "synthetic/synthetic_funnel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>

#include "absl/strings/str_cat.h"
#include "synthetic/synthetic_accounts.hpp"
#include "util/civil_time.hpp"
#include "util/random.hpp"

namespace modelfunnel::internal {
namespace {

constexpr int kChannels = 8;
constexpr int kSegments = 3;
constexpr int kSteps = 6;  // lead->mql, …, negotiation->closed_won
constexpr int kCampaignsPerChannel = 200 / kChannels;  // campaign k belongs to channel k % 8
constexpr int kSdrs = 40;

constexpr double kChannelWeight[kChannels] = {0.25, 0.08, 0.12, 0.08, 0.10, 0.17, 0.12, 0.08};
// P(advance) per step, by channel.
constexpr double kChannelAdvance[kChannels][kSteps] = {
    {0.30, 0.35, 0.55, 0.65, 0.70, 0.45},  // web
    {0.75, 0.60, 0.70, 0.70, 0.72, 0.50},  // demo_request
    {0.55, 0.40, 0.60, 0.65, 0.70, 0.48},  // free_trial
    {0.40, 0.35, 0.55, 0.60, 0.68, 0.42},  // event
    {0.45, 0.38, 0.55, 0.62, 0.68, 0.44},  // webinar
    {0.25, 0.30, 0.50, 0.60, 0.66, 0.40},  // paid_search
    {0.15, 0.45, 0.50, 0.58, 0.65, 0.38},  // outbound
    {0.60, 0.55, 0.72, 0.75, 0.78, 0.58},  // referral
};
constexpr double kChannelSpeed[kChannels] = {1.0, 0.7, 0.85, 1.1, 1.0, 1.0, 1.25, 0.8};
constexpr double kChannelDeal[kChannels] = {1.0, 1.05, 0.8, 1.1, 0.95, 0.9, 1.2, 1.15};

// Segment mix by channel (gen.py's SEGMENT_W, default for unlisted channels).
constexpr double kSegmentWeight[kChannels][kSegments] = {
    {0.60, 0.30, 0.10}, {0.60, 0.30, 0.10}, {0.75, 0.20, 0.05}, {0.40, 0.40, 0.20},
    {0.60, 0.30, 0.10}, {0.60, 0.30, 0.10}, {0.30, 0.40, 0.30}, {0.50, 0.35, 0.15},
};
constexpr double kSegmentAdvance[kSegments][kSteps] = {
    {1.10, 1.05, 1.00, 1.00, 1.02, 1.10},  // smb
    {1.00, 1.00, 1.00, 1.00, 1.00, 1.00},  // mid
    {0.85, 0.95, 1.05, 0.95, 0.95, 0.80},  // enterprise
};
constexpr double kSegmentSpeed[kSegments] = {0.6, 1.0, 1.8};
constexpr double kSegmentEmployees[kSegments][2] = {{1, 100}, {100, 1000}, {1000, 50000}};
constexpr double kSegmentDeal[kSegments] = {9000.0, 38000.0, 160000.0};

constexpr double kIndustryWeight[12] = {0.18, 0.12, 0.10, 0.09, 0.10, 0.07,
                                        0.05, 0.06, 0.06, 0.05, 0.07, 0.05};

// mql->sql advance factor by the number of BANT flags set (0.75 + 0.2 * n).
constexpr double kBantFactor[4] = {0.75, 0.95, 1.15, 1.35};

// Stage gaps: lognormal with these medians (days) and sigmas, per step.
constexpr double kGapMedianDays[kSteps] = {1.5, 4.0, 6.0, 9.0, 12.0, 18.0};
constexpr double kGapSigma[kSteps] = {1.0, 0.9, 0.8, 0.7, 0.7, 0.8};

// Drop-out after reaching stage k: P(closed_lost event), its gap, its reason.
constexpr double kLostP[kSteps] = {0.15, 0.30, 0.55, 0.85, 0.90, 0.95};
constexpr double kLostGapMedianDays[kSteps] = {20.0, 15.0, 12.0, 14.0, 14.0, 10.0};
constexpr double kLostGapSigma = 0.9;
constexpr double kReasonWeight[kSteps][5] = {
    {0.10, 0.30, 0.05, 0.20, 0.35},  // dropped at lead
    {0.15, 0.30, 0.10, 0.20, 0.25},  // mql
    {0.25, 0.25, 0.15, 0.20, 0.15},  // sql
    {0.30, 0.15, 0.30, 0.20, 0.05},  // opportunity
    {0.30, 0.10, 0.35, 0.20, 0.05},  // proposal
    {0.35, 0.05, 0.40, 0.18, 0.02},  // negotiation
};

// Side paths (see generate.hpp for the rates they give). A lead that stalls
// at mql or sql and is not lost goes to nurture with these probabilities: at
// mql by the number of BANT flags met, since nurture is for "not yet" —
// the fewer flags met, the likelier the lead is parked rather than dropped.
constexpr double kNurtureAtMqlP[4] = {0.75, 0.65, 0.55, 0.45};
constexpr double kNurtureAtSqlP = 0.50;
constexpr double kNurtureGapMedianDays = 7.0;
constexpr double kNurtureGapSigma = 0.8;
// A nurtured lead comes back to mql (once) with this probability, after a
// nurture period; it then qualifies as if one more BANT flag were met.
constexpr double kRecycleP = 0.30;
constexpr double kRecycleGapMedianDays = 60.0;
constexpr double kRecycleGapSigma = 0.6;
// A deal lost at opportunity, proposal or negotiation re-opens (once) at
// opportunity with a probability by its loss reason: a deal lost on timing
// comes back most often, one lost on fit never.
constexpr double kReopenP[5] = {0.10, 0.25, 0.05, 0.10, 0.0};  // kSynthReasons order
constexpr double kReopenGapMedianDays = 90.0;
constexpr double kReopenGapSigma = 0.6;

constexpr double kDuplicateP = 0.01;           // leads that get one later duplicate row
constexpr double kDuplicateGapMedianS = 6 * 3600.0;

// Event years must stay four digits; the longest funnel walk the lognormal
// tails allow is well under 2,000 years.
constexpr std::int64_t kFirstDay = days_from_civil(1, 1, 1);
constexpr std::int64_t kLastDay = days_from_civil(8000, 1, 1);

// Cumulative weights, normalised like gen.py's cumulative(); the last entry
// is pushed past 1 so that every uniform in [0, 1) finds a bucket.
template <std::size_t N>
std::array<double, N> cumulative(const double (&weights)[N]) {
  double total = 0.0;
  for (double w : weights) total += w;
  std::array<double, N> out{};
  double acc = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    acc += weights[i] / total;
    out[i] = acc;
  }
  out[N - 1] = 1.0 + 1e-12;
  return out;
}

// First bucket whose cumulative weight exceeds u (Python's bisect_right).
template <std::size_t N>
std::uint8_t pick(const std::array<double, N>& cum, double u) {
  return static_cast<std::uint8_t>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
}

// Truncation toward zero like Python's int(), clamped so that a value far in
// a distribution's tail can never overflow the conversion.
std::int64_t trunc_int(double x) {
  constexpr double kLimit = 4.0e18;
  return static_cast<std::int64_t>(std::clamp(x, -kLimit, kLimit));
}

// Everything derived from the constant tables, computed once per run.
struct Model {
  std::array<double, kChannels> channel_cum = cumulative(kChannelWeight);
  std::array<std::array<double, kSegments>, kChannels> segment_cum{};
  std::array<double, 12> industry_cum = cumulative(kIndustryWeight);
  std::array<std::array<double, 5>, kSteps> reason_cum{};
  double advance[kChannels][kSegments][kSteps] = {};
  double deal_mu[kChannels][kSegments] = {};
  double gap_mu[kSteps] = {};
  double lost_mu[kSteps] = {};
  double nurture_mu = std::log(kNurtureGapMedianDays * kSecondsPerDay);
  double recycle_mu = std::log(kRecycleGapMedianDays * kSecondsPerDay);
  double reopen_mu = std::log(kReopenGapMedianDays * kSecondsPerDay);
  double employees_lo[kSegments] = {};
  double employees_width[kSegments] = {};
  double duplicate_mu = std::log(kDuplicateGapMedianS);
  // (timeline_days / 90) ^ 0.3 for timeline_days in [7, 730]
  std::array<double, 731> timeline_speed{};

  Model() {
    for (int c = 0; c < kChannels; ++c) {
      segment_cum[c] = cumulative(kSegmentWeight[c]);
      for (int s = 0; s < kSegments; ++s) {
        for (int k = 0; k < kSteps; ++k) {
          advance[c][s][k] = kChannelAdvance[c][k] * kSegmentAdvance[s][k];
        }
        deal_mu[c][s] = std::log(kSegmentDeal[s] * kChannelDeal[c]);
      }
    }
    for (int k = 0; k < kSteps; ++k) {
      reason_cum[k] = cumulative(kReasonWeight[k]);
      gap_mu[k] = std::log(kGapMedianDays[k] * kSecondsPerDay);
      lost_mu[k] = std::log(kLostGapMedianDays[k] * kSecondsPerDay);
    }
    for (int s = 0; s < kSegments; ++s) {
      employees_lo[s] = std::log(kSegmentEmployees[s][0]);
      employees_width[s] = std::log(kSegmentEmployees[s][1]) - employees_lo[s];
    }
    for (std::size_t d = 7; d < timeline_speed.size(); ++d) {
      timeline_speed[d] = std::exp(0.3 * std::log(static_cast<double>(d) / 90.0));
    }
  }
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

absl::Status validate(const GenerateOptions& options) {
  if (options.leads < 1) {
    return absl::InvalidArgumentError("leads must be at least 1");
  }
  if (options.leads > 0xFFFF'FFFFull) {
    return absl::InvalidArgumentError(
        absl::StrCat("leads must be at most 4294967295 (a DataSet's record limit), got ",
                     options.leads));
  }
  if (options.span_days < 1) {
    return absl::InvalidArgumentError("span_days must be at least 1");
  }
  if (options.accounts > kMaxSynthAccounts) {
    return absl::InvalidArgumentError(
        absl::StrCat("accounts must be at most 100000000, got ", options.accounts));
  }
  const std::int64_t first_day = floor_div(options.start.micros(), 1'000'000 * kSecondsPerDay);
  if (first_day < kFirstDay || first_day + options.span_days > kLastDay) {
    return absl::InvalidArgumentError(
        "the creation period [start, start + span_days) must lie within 0001-01-01 .. "
        "8000-01-01");
  }
  return absl::OkStatus();
}

int lead_id_width(std::uint64_t leads) {
  int digits = 1;
  for (std::uint64_t n = leads; n >= 10; n /= 10) ++digits;
  return std::max(7, digits);
}

void generate_funnel(const GenerateOptions& options, FunnelSink& sink) {
  static const Model model;  // constant tables only; safe to share between threads
  Random rng(options.seed);
  const std::uint64_t n = options.leads;
  const std::int64_t start_s = floor_div(options.start.micros(), 1'000'000);
  const double span_min = static_cast<double>(options.span_days) * 24.0 * 60.0;
  constexpr std::uint64_t kProgressEvery = 1u << 16;

  for (std::uint64_t i = 0; i < n; ++i) {
    SynthLead lead;
    lead.index = i;
    const std::uint8_t ch = pick(model.channel_cum, rng.uniform());
    lead.channel = ch;
    lead.campaign =
        static_cast<std::uint16_t>(ch + kChannels * rng.below(kCampaignsPerChannel) + 1);
    const std::uint8_t seg = pick(model.segment_cum[ch], rng.uniform());
    lead.segment = seg;
    lead.industry = pick(model.industry_cum, rng.uniform());
    lead.employees = trunc_int(
        std::exp(std::fma(model.employees_width[seg], rng.uniform(), model.employees_lo[seg])));
    lead.budget_ok = rng.uniform() < (seg == 2 ? 0.70 : 0.55);
    lead.authority_ok = rng.uniform() < (seg == 0 ? 0.60 : 0.40);
    lead.need_ok = rng.uniform() < (ch == 1 || ch == 2 ? 0.75 : 0.55);
    lead.timeline_days = std::clamp<std::int64_t>(trunc_int(90.0 * std::exp(0.7 * rng.normal())), 7, 730);
    lead.owner_sdr = static_cast<std::uint8_t>(rng.below(kSdrs) + 1);
    // (i + u) / n of the period, in whole minutes: leads spread evenly in time.
    const double minute = (static_cast<double>(i) + rng.uniform()) * span_min / static_cast<double>(n);
    lead.created = start_s + trunc_int(minute) * 60;
    sink.lead(lead);

    // Walk the funnel: no stage is skipped; each step may stop the walk. A
    // stalled lead may be lost (and a lost deal may re-open at opportunity)
    // or nurtured (and a nurtured lead may come back at mql); the walk then
    // goes on from there. Each side trip happens at most once per lead.
    const double* p = model.advance[ch][seg];
    const double speed = kChannelSpeed[ch] * kSegmentSpeed[seg] *
                         model.timeline_speed[static_cast<std::size_t>(lead.timeline_days)];
    const int bant = int{lead.budget_ok} + int{lead.authority_ok} + int{lead.need_ok};
    std::int64_t stage_ts[kSteps + 1] = {lead.created};  // first entry at each stage
    int furthest = 0;
    std::int64_t t = lead.created;
    std::int64_t cents = -1;
    bool recycled = false;
    bool reopened = false;
    sink.event({.lead = i, .stage = 0, .ts = t});
    int k = 0;
    for (;;) {
      while (k < kSteps) {
        double pk = p[k];
        if (k == 1) pk *= kBantFactor[recycled ? std::min(bant + 1, 3) : bant];
        else if (k == 2) pk *= lead.need_ok ? 1.1 : 0.85;
        else if (k == 4) pk *= lead.authority_ok ? 1.1 : 0.85;
        else if (k == 5) pk *= lead.budget_ok ? 1.1 : 0.8;
        if (pk > 0.97) pk = 0.97;
        if (rng.uniform() >= pk) break;
        const std::int64_t gap = trunc_int(rng.lognormal(model.gap_mu[k], kGapSigma[k]) * speed);
        t += std::max<std::int64_t>(gap, 60);
        ++k;
        if (k > furthest) {
          furthest = k;
          stage_ts[k] = t;
        }
        SynthEvent e{.lead = i, .stage = static_cast<std::uint8_t>(k), .ts = t};
        if (k == kSynthClosedWon) {
          cents = std::llround(rng.lognormal(model.deal_mu[ch][seg], 0.55) * 100.0);
          e.cents = cents;
        }
        sink.event(e);
      }
      if (k == kSteps) break;  // won
      if (rng.uniform() < kLostP[k]) {
        const std::int64_t gap =
            trunc_int(rng.lognormal(model.lost_mu[k], kLostGapSigma) * speed);
        const auto reason = static_cast<std::int8_t>(pick(model.reason_cum[k], rng.uniform()));
        const std::int64_t lost_at = t + std::max<std::int64_t>(gap, 3600);
        sink.event({.lead = i, .stage = kSynthClosedLost, .ts = lost_at, .reason = reason});
        if (k < kSynthOpportunity || reopened ||
            rng.uniform() >= kReopenP[static_cast<std::size_t>(reason)]) {
          break;
        }
        reopened = true;
        const std::int64_t wait =
            trunc_int(rng.lognormal(model.reopen_mu, kReopenGapSigma) * speed);
        t = lost_at + std::max<std::int64_t>(wait, 86'400);
        k = kSynthOpportunity;
        sink.event({.lead = i, .stage = kSynthOpportunity, .ts = t});
        continue;
      }
      if (k != kSynthMql && k != kSynthSql) break;
      if (rng.uniform() >= (k == kSynthMql ? kNurtureAtMqlP[bant] : kNurtureAtSqlP)) break;
      const std::int64_t gap =
          trunc_int(rng.lognormal(model.nurture_mu, kNurtureGapSigma) * speed);
      t += std::max<std::int64_t>(gap, 3600);
      sink.event({.lead = i, .stage = kSynthNurture, .ts = t});
      if (recycled || rng.uniform() >= kRecycleP) break;
      recycled = true;
      const std::int64_t wait =
          trunc_int(rng.lognormal(model.recycle_mu, kRecycleGapSigma) * speed);
      t += std::max<std::int64_t>(wait, 86'400);
      k = kSynthMql;
      sink.event({.lead = i, .stage = kSynthMql, .ts = t});
    }
    // A repeated entry into a stage already reached, strictly later than its
    // first entry; a repeated closed_won amends the amount (first-entry
    // semantics matter).
    if (rng.uniform() < kDuplicateP) {
      const auto j = static_cast<int>(rng.below(static_cast<std::uint64_t>(furthest) + 1));
      const std::int64_t dt = trunc_int(rng.lognormal(model.duplicate_mu, 1.0));
      SynthEvent e{.lead = i,
                   .stage = static_cast<std::uint8_t>(j),
                   .ts = stage_ts[j] + std::max<std::int64_t>(dt, 1)};
      if (j == kSynthClosedWon) {
        e.cents = std::llround(static_cast<double>(cents) * std::fma(0.4, rng.uniform(), 0.8));
      }
      sink.event(e);
    }
    if (options.progress && (i + 1) % kProgressEvery == 0) options.progress(i + 1, n);
  }
  if (options.progress) options.progress(n, n);
}

}  // namespace modelfunnel::internal
