// Pricing the open pipeline; see pipeline.hpp.
#include "revenue/pipeline.hpp"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "modelfunnel/amount.hpp"

namespace modelfunnel::internal::revenue {
namespace {

std::int32_t days_up(std::int64_t micros) {
  if (micros <= 0) return 0;
  return static_cast<std::int32_t>(std::min<std::int64_t>((micros + kMicrosPerDay - 1) / kMicrosPerDay, 1'000'000));
}

double units(std::int64_t scaled) { return Amount::from_scaled(scaled).value(); }

}  // namespace

absl::StatusOr<PricedPipeline> price_pipeline(const Setup& setup, std::int64_t as_of,
                                              const Period& period, unsigned threads, bool want_lags) {
  if (period.end.micros() <= as_of)
    return absl::InvalidArgumentError(absl::StrCat("the period ", to_string(period), " ends before as_of ",
                                                   format_timestamp(Timestamp::from_micros(as_of))));
  if (period.end <= period.begin) return absl::InvalidArgumentError("the period is empty");
  PricedPipeline out;
  out.history = gather(setup, as_of, threads, true, want_lags);
  const History& h = out.history;
  for (const WonRecord& w : h.won) {
    if (w.amount >= 0) out.deal_sizes.push_back(units(w.amount));
    if (w.won_at >= period.begin.micros() && w.won_at < as_of) {
      out.won_so_far += w.amount >= 0 ? units(w.amount) : 0.0;
      ++out.won_so_far_count;
    }
  }
  if (out.deal_sizes.empty())
    return absl::InvalidArgumentError(absl::StrCat("no record was won with an amount before ",
                                                   format_timestamp(Timestamp::from_micros(as_of)),
                                                   ": there is no deal size to plan or forecast with"));
  for (double d : out.deal_sizes) {
    out.m1 += d;
    out.m2 += d * d;
  }
  out.m1 /= static_cast<double>(out.deal_sizes.size());
  out.m2 /= static_cast<double>(out.deal_sizes.size());

  const std::int32_t u0 = days_up(period.begin.micros() - as_of);
  const std::int32_t u1 = days_up(period.end.micros() - as_of);
  std::vector<std::int32_t> max_age(h.entries.size(), 0);
  for (const OpenRecord& o : h.open)
    max_age[o.stage] = std::max(max_age[o.stage], static_cast<std::int32_t>(std::min<std::int64_t>((as_of - o.entered) / kMicrosPerDay, 3650)));
  for (std::size_t s = 0; s < h.entries.size(); ++s)
    out.curves.push_back(win_curve(h.entries[s], u0, u1, std::max(max_age[s], 730), out.m1));
  out.terms.reserve(h.open.size());
  for (const OpenRecord& o : h.open) {
    Term t;
    const std::int64_t age = (as_of - o.entered) / kMicrosPerDay;
    t.p = out.curves[o.stage].at(age);
    t.known = o.amount >= 0;
    t.amount = t.known ? units(o.amount) : out.curves[o.stage].amount_at(age);
    if (!t.known) ++out.imputed;
    out.moments.add(t, out.m1, out.m2);
    out.terms.push_back(t);
  }
  return out;
}

}  // namespace modelfunnel::internal::revenue
