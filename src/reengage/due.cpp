// When a lost record is due again: the rule of its reason (docs/reengage.md,
// "When"). Every rule falls back to `days` after the loss when the value it
// needs is missing, and says so in the rule text.
#include <cmath>

#include "reengage/engine.hpp"
#include "util/civil_time.hpp"

namespace modelfunnel::internal::reengage {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t after_days(std::int64_t t, double days) {
  return t + static_cast<std::int64_t>(std::llround(days * static_cast<double>(kMicrosPerDay)));
}

/// The first day (micros at midnight UTC) of the fiscal year starting after
/// the day of @p t.
std::int64_t next_fiscal_year(std::int64_t t, unsigned start_month) {
  const std::int64_t day = floor_div(t, kMicrosPerDay);
  const CivilDay c = civil_from_days(day);
  std::int64_t y = c.year;
  if (days_from_civil(y, start_month, 1) <= day) ++y;
  return days_from_civil(y, start_month, 1) * kMicrosPerDay;
}

/// The first anniversary of @p renewal strictly after @p t (renewals are
/// yearly; a date in the past means the next one).
std::int64_t next_renewal(std::int64_t renewal, std::int64_t t) {
  const std::int64_t day = floor_div(renewal, kMicrosPerDay);
  const std::int64_t tod = renewal - day * kMicrosPerDay;
  CivilDay c = civil_from_days(day);
  std::int64_t y = c.year;
  std::int64_t at = renewal;
  for (int guard = 0; at <= t && guard < 200; ++guard) {
    ++y;
    const unsigned d = std::min<unsigned>(c.day, days_in_month(y, c.month));
    at = days_from_civil(y, c.month, d) * kMicrosPerDay + tod;
  }
  return at;
}

}  // namespace

Due due_date(const LostRecord& lost, const ReasonPolicy& p, const ReengagePolicy& policy, const Columns& columns,
             std::optional<double> learned_days) {
  const std::int64_t fallback = after_days(lost.lost_at, static_cast<double>(p.days));
  switch (p.when) {
    case ReengageWhen::kDays: return {fallback, "days"};
    case ReengageWhen::kTimeline: {
      if (columns.timeline) {
        if (columns.timeline->type() == AttributeType::kTimestamp) {
          if (auto t = time_value(*columns.timeline, lost.record)) return {t->micros(), "timeline"};
        } else if (auto d = number_value(*columns.timeline, lost.record); d && *d >= 0 && *d <= 36'500) {
          return {after_days(lost.lost_at, *d), "timeline"};
        }
      }
      return {fallback, "days (no timeline)"};
    }
    case ReengageWhen::kFiscalYear:
      return {after_days(next_fiscal_year(lost.lost_at, policy.fiscal_year_start_month),
                         -static_cast<double>(p.days_before)),
              "fiscal_year"};
    case ReengageWhen::kCompetitorRenewal: {
      if (columns.renewal)
        if (auto t = time_value(*columns.renewal, lost.record))
          return {after_days(next_renewal(t->micros(), lost.lost_at), -static_cast<double>(p.days_before)),
                  "competitor_renewal"};
      return {fallback, "days (no renewal date)"};
    }
    case ReengageWhen::kNever: {
      if (columns.flag) {
        const AttributeValue v = columns.flag->value(lost.record);
        if (const bool* b = std::get_if<bool>(&v); b && *b) return {fallback, "days (flagged)"};
      }
      return {std::nullopt, "never"};
    }
    case ReengageWhen::kLearned:
      if (learned_days) return {after_days(lost.lost_at, *learned_days), "learned"};
      return {fallback, "days (too few re-opens to learn)"};
  }
  return {fallback, "days"};
}

}  // namespace modelfunnel::internal::reengage
