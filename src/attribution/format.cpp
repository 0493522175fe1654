// Model and key names, attribution_csv() and attribution_json().
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "modelfunnel/attribution.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

constexpr std::string_view kModelNames[] = {"first_touch", "last_touch", "linear",     "u_shaped", "w_shaped",
                                            "full_path",   "time_decay", "markov",     "shapley"};

/// A number for people and spreadsheets alike: at most @p decimals
/// decimals, no trailing zeros, never an exponent.
std::string fixed(double x, int decimals = 6) {
  if (!std::isfinite(x)) return "";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string opt(const std::optional<double>& x, int decimals = 6) { return x ? fixed(*x, decimals) : std::string(); }

void write_opt(internal::JsonWriter& w, const std::optional<double>& x) {
  if (x) w.value(*x);
  else w.null();
}

std::string credits_csv(const Attribution& a) {
  std::string out = "model,channel,conversions,value,share,ci_low,ci_high,removal_effect\n";
  for (const ChannelCredit& c : a.credits)
    absl::StrAppend(&out, std::string(to_string(c.model)), ",", internal::csv_field(c.channel), ",", fixed(c.conversions), ",",
                    fixed(c.value), ",", fixed(c.share, 8), ",", opt(c.ci_low), ",", opt(c.ci_high), ",",
                    opt(c.removal_effect, 8), "\n");
  return out;
}

std::string costs_csv(const Attribution& a) {
  std::string out =
      "model,campaign,cost,leads,opportunities,wins,attributed_conversions,attributed_value,cost_per_lead,"
      "cost_per_opportunity,cost_per_win,roi\n";
  for (const CampaignCost& c : a.costs)
    absl::StrAppend(&out, std::string(to_string(c.model)), ",", internal::csv_field(c.campaign), ",", opt(c.cost, 2), ",",
                    c.leads, ",", c.opportunities, ",", c.wins, ",", fixed(c.attributed_conversions), ",",
                    fixed(c.attributed_value), ",", opt(c.cost_per_lead, 2), ",", opt(c.cost_per_opportunity, 2),
                    ",", opt(c.cost_per_win, 2), ",", opt(c.roi, 6), "\n");
  return out;
}

}  // namespace

std::string_view to_string(AttributionModel model) {
  const auto i = static_cast<std::size_t>(model);
  return i < std::size(kModelNames) ? kModelNames[i] : std::string_view("unknown");
}

std::optional<AttributionModel> attribution_model_from_string(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kModelNames); ++i)
    if (kModelNames[i] == name) return static_cast<AttributionModel>(i);
  return std::nullopt;
}

std::string_view to_string(AttributionKey key) {
  return key == AttributionKey::kCampaign ? "campaign" : "channel";
}

std::optional<AttributionTable> attribution_table_from_string(std::string_view name) {
  if (name == "credits") return AttributionTable::kCredits;
  if (name == "costs") return AttributionTable::kCosts;
  return std::nullopt;
}

absl::StatusOr<std::string> attribution_csv(const Attribution& result, AttributionTable table) {
  return internal::no_throw("attribution_csv", [&]() -> absl::StatusOr<std::string> {
    return table == AttributionTable::kCosts ? costs_csv(result) : credits_csv(result);
  });
}

absl::StatusOr<std::string> attribution_json(const Attribution& a) {
  return internal::no_throw("attribution_json", [&]() -> absl::StatusOr<std::string> {
    internal::JsonWriter w;
    w.begin_object();
    w.key("by");
    w.value(to_string(a.by));
    w.key("totals");
    w.begin_object();
    const AttributionTotals& t = a.totals;
    w.key("journeys"), w.value(std::uint64_t{t.journeys});
    w.key("conversions"), w.value(t.conversions);
    w.key("value"), w.value(t.value);
    w.key("nulls"), w.value(t.nulls);
    w.key("touches"), w.value(std::uint64_t{t.touches});
    w.key("touches_after_conversion"), w.value(std::uint64_t{t.touches_after_conversion});
    w.key("touches_outside_lookback"), w.value(std::uint64_t{t.touches_outside_lookback});
    w.key("conversions_without_touches"), w.value(std::uint64_t{t.conversions_without_touches});
    w.key("channels"), w.value(std::uint64_t{t.channels});
    w.end_object();
    w.key("credits");
    w.begin_array();
    for (const ChannelCredit& c : a.credits) {
      w.begin_object();
      w.key("model"), w.value(to_string(c.model));
      w.key("channel"), w.value(c.channel);
      w.key("conversions"), w.value(c.conversions);
      w.key("value"), w.value(c.value);
      w.key("share"), w.value(c.share);
      w.key("ci_low"), write_opt(w, c.ci_low);
      w.key("ci_high"), write_opt(w, c.ci_high);
      w.key("removal_effect"), write_opt(w, c.removal_effect);
      w.end_object();
    }
    w.end_array();
    w.key("costs");
    w.begin_array();
    for (const CampaignCost& c : a.costs) {
      w.begin_object();
      w.key("model"), w.value(to_string(c.model));
      w.key("campaign"), w.value(c.campaign);
      w.key("cost"), write_opt(w, c.cost);
      w.key("leads"), w.value(std::uint64_t{c.leads});
      w.key("opportunities"), w.value(std::uint64_t{c.opportunities});
      w.key("wins"), w.value(std::uint64_t{c.wins});
      w.key("attributed_conversions"), w.value(c.attributed_conversions);
      w.key("attributed_value"), w.value(c.attributed_value);
      w.key("cost_per_lead"), write_opt(w, c.cost_per_lead);
      w.key("cost_per_opportunity"), write_opt(w, c.cost_per_opportunity);
      w.key("cost_per_win"), write_opt(w, c.cost_per_win);
      w.key("roi"), write_opt(w, c.roi);
      w.end_object();
    }
    w.end_array();
    w.key("markov");
    w.begin_object();
    w.key("conversion_probability"), write_opt(w, a.markov_conversion_probability);
    w.end_object();
    w.key("shapley");
    w.begin_object();
    w.key("method"), w.value(a.shapley_method);
    w.key("standard_error"), w.value(a.shapley_standard_error);
    w.end_object();
    w.key("bootstrap");
    w.begin_object();
    w.key("replicates"), w.value(std::uint64_t{a.bootstrap});
    w.key("confidence"), w.value(a.confidence);
    w.end_object();
    w.end_object();
    return std::move(w).finish();
  });
}

}  // namespace modelfunnel
