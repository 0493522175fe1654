// P(won inside the period | stage, age in the stage), learned from the
// records that reached the stage before as_of. See docs/revenue.md,
// "How likely an open deal is to close".
//
// A deal open at stage s aged a days has sat there a days without moving on
// or closing. It is compared with the records that did the same: for a
// period from u0 to u1 days after as_of, the estimate at age a is the share
// of the *fully observed* cohort — records that reached the stage at least
// a + u1 days before as_of, so that the whole window is history for each of
// them — still at the stage a days after entering (neither moved on to a
// later main-path stage nor closed before day a) that were won between
// a + u0 and a + u1 days after entering. Using only fully observed records
// keeps recent, still-open records from biasing the estimate either way.
// Ages with few such records are smoothed towards the estimate one day
// younger (p(a) = (won(a) + 5 p(a−1)) / (cohort(a) + 5)), so the curve stays
// defined where the data thins out without inventing a shape.
#pragma once

#include <cstdint>
#include <vector>

#include "revenue/history.hpp"

namespace modelfunnel::internal::revenue {

struct WinCurve {
  std::vector<double> p;               ///< Per whole day of age, 0..max_age.
  std::vector<std::uint64_t> cohort;   ///< Records behind each estimate.
  /// Per age: the mean amount of the wins behind p (those of the cohort
  /// won inside the window), smoothed towards the mean deal size with the
  /// weight of 5 wins — what a deal without an amount is expected to bring
  /// if it is won (slow deals are often the big ones).
  std::vector<double> amount;
  double median_close_days = 0;        ///< Median days to a win from the stage (NaN: none).
  double win_share = 0;                ///< Won / closed among its entries (NaN: none closed).
  double amount_at(std::int64_t age_days) const {
    if (amount.empty()) return 0;
    if (age_days < 0) age_days = 0;
    return amount[static_cast<std::size_t>(std::min<std::int64_t>(age_days, static_cast<std::int64_t>(amount.size()) - 1))];
  }
  double at(std::int64_t age_days) const {
    if (p.empty()) return 0;
    if (age_days < 0) age_days = 0;
    return p[static_cast<std::size_t>(std::min<std::int64_t>(age_days, static_cast<std::int64_t>(p.size()) - 1))];
  }
};

/// The curve of one stage for ages 0..max_age, horizon [u0, u1) days.
/// @p mean_deal: the mean won deal size the amounts are smoothed towards.
WinCurve win_curve(const std::vector<StageEntry>& entries, std::int32_t u0, std::int32_t u1,
                   std::int32_t max_age, double mean_deal);

}  // namespace modelfunnel::internal::revenue
