// The policy's names and its taxonomy lookup (the file itself is read in
// policy_json.cpp).
#include <string>

#include "modelfunnel/reengage.hpp"
#include "reengage/policy_text.hpp"

namespace modelfunnel {

std::string_view to_string(ReengageWhen when) {
  switch (when) {
    case ReengageWhen::kDays: return "days";
    case ReengageWhen::kTimeline: return "timeline";
    case ReengageWhen::kFiscalYear: return "fiscal_year";
    case ReengageWhen::kCompetitorRenewal: return "competitor_renewal";
    case ReengageWhen::kNever: return "never";
    case ReengageWhen::kLearned: return "learned";
  }
  return "unknown";
}

std::string_view to_string(ReengageWho who) {
  switch (who) {
    case ReengageWho::kInsideSales: return "inside_sales";
    case ReengageWho::kMarketingNurture: return "marketing_nurture";
  }
  return "unknown";
}

std::string_view to_string(LostTwiceAction action) {
  switch (action) {
    case LostTwiceAction::kSame: return "same";
    case LostTwiceAction::kNurture: return "nurture";
    case LostTwiceAction::kDelay: return "delay";
    case LostTwiceAction::kSkip: return "skip";
  }
  return "unknown";
}

std::string_view to_string(ReengageTable table) {
  switch (table) {
    case ReengageTable::kQueue: return "queue";
    case ReengageTable::kReasons: return "reasons";
    case ReengageTable::kWindows: return "windows";
    case ReengageTable::kFunnel: return "funnel";
  }
  return "unknown";
}

std::optional<ReengageTable> reengage_table_from_string(std::string_view name) {
  for (ReengageTable t : {ReengageTable::kQueue, ReengageTable::kReasons, ReengageTable::kWindows,
                          ReengageTable::kFunnel})
    if (to_string(t) == name) return t;
  return std::nullopt;
}

std::optional<std::string> ReengagePolicy::canonical_reason(std::string_view raw) const {
  const std::string key = internal::reengage::normalize_reason(raw);
  if (key.empty()) return std::nullopt;
  for (const ReasonAlias& a : aliases)
    if (internal::reengage::normalize_reason(a.text) == key) return a.reason;
  for (const std::string& t : taxonomy)
    if (internal::reengage::normalize_reason(t) == key) return t;
  return std::nullopt;
}

}  // namespace modelfunnel
