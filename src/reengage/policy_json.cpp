// ReengagePolicy::parse(): the policy file (docs/reengage.md, "The policy
// file"). The reading code throws PolicyError for the first problem, with
// its JSON path and rule id; parse() is the one place that catches it, so
// the code below reads as the schema.
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "modelfunnel/reengage.hpp"
#include "reengage/policy_text.hpp"
#include "util/json_path.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {

namespace internal::reengage {
namespace {

using Json = nlohmann::ordered_json;

struct PolicyError {
  std::string path, rule, message;
};

absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

[[noreturn]] void fail(std::string path, std::string rule, std::string message) {
  throw PolicyError{std::move(path), std::move(rule), std::move(message)};
}

/// A position in the file.
struct At {
  const Json& json;
  std::string path;

  At operator[](std::string_view key) const { return {json.at(std::string(key)), json_key_path(path, key)}; }
  At operator[](std::size_t i) const { return {json.at(i), absl::StrCat(path, "[", i, "]")}; }
  bool has(std::string_view key) const { return json.contains(std::string(key)); }

  void object(std::initializer_list<std::string_view> allowed) const {
    if (!json.is_object()) fail(path, "reengage.type", absl::StrCat("expected an object, found ", json.type_name()));
    for (const auto& [key, value] : json.items()) {
      bool known = false;
      for (std::string_view a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (std::string_view a : allowed) absl::StrAppend(&list, list.empty() ? "" : ", ", av(a));
        fail(json_key_path(path, key), "reengage.key", absl::StrCat("unknown key (expected one of ", list, ")"));
      }
    }
  }
  void any_object() const {
    if (!json.is_object()) fail(path, "reengage.type", absl::StrCat("expected an object, found ", json.type_name()));
  }
  std::string text() const {
    if (!json.is_string()) fail(path, "reengage.type", absl::StrCat("expected a string, found ", json.type_name()));
    std::string s = json.get<std::string>();
    if (normalize_reason(s).empty()) fail(path, "reengage.value", "expected a non-empty string");
    return s;
  }
  std::int64_t days(std::int64_t lo = 0) const {
    if (!json.is_number_integer() && !json.is_number_unsigned())
      fail(path, "reengage.type", absl::StrCat("expected a whole number of days, found ", json.type_name()));
    if (json.is_number_unsigned() && json.get<std::uint64_t>() > 36'500u)
      fail(path, "reengage.value", "expected at most 36500 days (100 years)");
    const std::int64_t v = json.get<std::int64_t>();
    if (v < lo || v > 36'500) fail(path, "reengage.value", absl::StrCat("expected ", lo, " to 36500 days"));
    return v;
  }
  double number(double lo, double hi) const {
    if (!json.is_number()) fail(path, "reengage.type", absl::StrCat("expected a number, found ", json.type_name()));
    const double v = json.get<double>();
    if (!std::isfinite(v) || v < lo || v > hi) fail(path, "reengage.value", absl::StrCat("expected a number from ", lo, " to ", hi));
    return v;
  }
  template <class E, std::size_t N>
  E choice(const std::pair<std::string_view, E> (&options)[N]) const {
    const std::string s = text();
    std::string list;
    for (const auto& [name, value] : options) {
      if (s == name) return value;
      absl::StrAppend(&list, list.empty() ? "" : ", ", av(name));
    }
    fail(path, "reengage.value", absl::StrCat("unknown value '", s, "' (expected one of ", list, ")"));
  }
};

constexpr std::pair<std::string_view, ReengageWhen> kWhen[] = {
    {"days", ReengageWhen::kDays},           {"timeline", ReengageWhen::kTimeline},
    {"fiscal_year", ReengageWhen::kFiscalYear}, {"competitor_renewal", ReengageWhen::kCompetitorRenewal},
    {"never", ReengageWhen::kNever},         {"learned", ReengageWhen::kLearned}};
constexpr std::pair<std::string_view, ReengageWho> kWho[] = {
    {"inside_sales", ReengageWho::kInsideSales}, {"marketing_nurture", ReengageWho::kMarketingNurture}};
constexpr std::pair<std::string_view, LostTwiceAction> kLostTwice[] = {
    {"same", LostTwiceAction::kSame}, {"nurture", LostTwiceAction::kNurture},
    {"delay", LostTwiceAction::kDelay}, {"skip", LostTwiceAction::kSkip}};

/// Applies the keys of one reason block (or `defaults`) onto @p p.
void read_reason(const At& at, ReasonPolicy& p) {
  at.object({"when", "days", "days_before", "who", "channel", "track", "cooldown_days", "expire_days",
             "lost_twice", "lost_twice_extra_days", "rewin_rate"});
  if (at.has("when")) p.when = at["when"].choice(kWhen);
  if (at.has("days")) p.days = at["days"].days();
  if (at.has("days_before")) p.days_before = at["days_before"].days();
  if (at.has("who")) p.who = at["who"].choice(kWho);
  if (at.has("channel")) p.channel = at["channel"].text();
  if (at.has("track")) p.track = at["track"].text();
  if (at.has("cooldown_days")) p.cooldown_days = at["cooldown_days"].days();
  if (at.has("expire_days")) p.expire_days = at["expire_days"].days();
  if (at.has("lost_twice")) p.lost_twice = at["lost_twice"].choice(kLostTwice);
  if (at.has("lost_twice_extra_days")) p.lost_twice_extra_days = at["lost_twice_extra_days"].days();
  if (at.has("rewin_rate")) p.rewin_rate = at["rewin_rate"].number(0, 1);
}

ReengagePolicy read_policy(const Json& json) {
  const At root{json, "$"};
  root.object({"version", "taxonomy", "unmapped", "reasons", "defaults", "tiers", "columns",
               "fiscal_year_start_month", "missing_amount", "min_sample"});
  if (!root.has("version")) fail("$.version", "reengage.version", "missing (this library reads version 1)");
  if (!root["version"].json.is_number_integer() || root["version"].json.get<std::int64_t>() != 1)
    fail("$.version", "reengage.version", "unsupported version (this library reads version 1)");
  ReengagePolicy policy;

  // The taxonomy: reason -> its CRM aliases. Every alias means one reason.
  if (!root.has("taxonomy")) fail("$.taxonomy", "reengage.key", "missing");
  const At tax = root["taxonomy"];
  tax.any_object();
  if (tax.json.empty()) fail(tax.path, "reengage.value", "expected at least one reason");
  std::map<std::string, std::string> seen;  // normalised text -> reason
  auto alias = [&](const std::string& text, const std::string& reason, const std::string& path) {
    const std::string key = normalize_reason(text);
    if (key.empty()) fail(path, "reengage.value", "expected a non-empty alias");
    auto [it, fresh] = seen.emplace(key, reason);
    if (!fresh && it->second != reason)
      fail(path, "reengage.alias", absl::StrCat("'", text, "' already means '", it->second, "'"));
    if (fresh) policy.aliases.push_back({text, reason});
  };
  for (const auto& [reason, aliases] : tax.json.items()) {
    const At at = tax[reason];
    if (normalize_reason(reason).empty()) fail(at.path, "reengage.value", "expected a non-empty reason name");
    policy.taxonomy.push_back(reason);
    alias(reason, reason, at.path);
    if (!aliases.is_array())
      fail(at.path, "reengage.type", absl::StrCat("expected an array of CRM texts, found ", aliases.type_name()));
    for (std::size_t i = 0; i < aliases.size(); ++i) alias(at[i].text(), reason, at[i].path);
  }
  auto known_reason = [&](const At& at) {
    const std::string r = at.text();
    for (const std::string& t : policy.taxonomy)
      if (t == r) return r;
    fail(at.path, "reengage.reason", absl::StrCat("'", r, "' is not a reason of the taxonomy"));
  };
  if (root.has("unmapped")) policy.unmapped_reason = known_reason(root["unmapped"]);

  ReasonPolicy defaults;
  if (root.has("defaults")) read_reason(root["defaults"], defaults);
  if (root.has("reasons")) {
    const At rs = root["reasons"];
    rs.any_object();
    for (const auto& [reason, block] : rs.json.items()) {
      const At at = rs[reason];
      bool known = false;
      for (const std::string& t : policy.taxonomy) known = known || t == reason;
      if (!known) fail(at.path, "reengage.reason", absl::StrCat("'", reason, "' is not a reason of the taxonomy"));
      ReasonPolicy p = defaults;
      p.reason = reason;
      read_reason(at, p);
      policy.reasons.push_back(std::move(p));
    }
  }
  if (root.has("tiers")) {
    const At ts = root["tiers"];
    ts.any_object();
    for (const auto& [tier, block] : ts.json.items()) {
      const At at = ts[tier];
      at.object({"who", "channel", "track"});
      TierPolicy t;
      t.tier = tier;
      if (at.has("who")) t.who = at["who"].choice(kWho);
      if (at.has("channel")) t.channel = at["channel"].text();
      if (at.has("track")) t.track = at["track"].text();
      policy.tiers.push_back(std::move(t));
    }
  }
  if (root.has("columns")) {
    const At cs = root["columns"];
    cs.object({"timeline", "renewal", "flag", "fit", "tier", "amount", "contacted", "segment"});
    std::pair<std::string_view, std::string*> columns[] = {
        {"timeline", &policy.timeline_column}, {"renewal", &policy.renewal_column},
        {"flag", &policy.flag_column},         {"fit", &policy.fit_column},
        {"tier", &policy.tier_column},         {"amount", &policy.amount_column},
        {"contacted", &policy.contacted_column}, {"segment", &policy.segment_column}};
    for (auto& [key, target] : columns)
      if (cs.has(key)) *target = cs[key].text();
  }
  if (!policy.tiers.empty() && policy.tier_column.empty())
    fail("$.tiers", "reengage.column", "tier overrides need a tier column ($.columns.tier)");
  if (root.has("fiscal_year_start_month"))
    policy.fiscal_year_start_month = static_cast<unsigned>(root["fiscal_year_start_month"].number(1, 12));
  if (root.has("fiscal_year_start_month") && !root["fiscal_year_start_month"].json.is_number_integer())
    fail("$.fiscal_year_start_month", "reengage.type", "expected a whole month number 1-12");
  if (root.has("missing_amount")) {
    const At m = root["missing_amount"];
    if (m.json.is_string()) {
      if (m.json.get<std::string>() != "median_won")
        fail(m.path, "reengage.value", "expected \"median_won\" or a number");
    } else {
      policy.missing_amount = m.number(0, 1e15);
    }
  }
  if (root.has("min_sample")) policy.min_sample = static_cast<std::uint64_t>(root["min_sample"].days(0));
  return policy;
}

}  // namespace
}  // namespace internal::reengage

absl::StatusOr<ReengagePolicy> ReengagePolicy::parse(std::string_view json) {
  using namespace internal::reengage;
  return internal::no_throw("ReengagePolicy::parse", [&]() -> absl::StatusOr<ReengagePolicy> {
    try {
      Json parsed;
      try {
        // A key repeated in one object (nlohmann would keep the last
        // silently) or nesting deeper than a policy has stops the parse.
        internal::JsonPathTracker guard([](const std::string& path, internal::JsonProblem problem) {
          if (problem == internal::JsonProblem::kTooDeep) fail(path, "reengage.json", "nested too deeply for a policy");
          fail(path, "reengage.duplicate", "key given twice in one object");
        }, 16);
        parsed = Json::parse(json.begin(), json.end(), std::ref(guard), true, true);
      } catch (const Json::exception& e) {
        fail("$", "reengage.json", e.what());
      }
      return read_policy(parsed);
    } catch (const PolicyError& e) {
      return absl::InvalidArgumentError(absl::StrCat(e.path, ": ", e.rule, ": ", e.message));
    } catch (const Json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("$: reengage.json: ", e.what()));
    }
  });
}

absl::StatusOr<ReengagePolicy> ReengagePolicy::load_file(const std::filesystem::path& path) {
  return internal::no_throw("ReengagePolicy::load_file", [&]() -> absl::StatusOr<ReengagePolicy> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat(path.string(), ": cannot open the re-engagement policy"));
    std::ostringstream text;
    text << in.rdbuf();
    auto policy = parse(text.str());
    if (!policy.ok())
      return absl::Status(policy.status().code(), absl::StrCat(path.string(), ": ", policy.status().message()));
    return policy;
  });
}

}  // namespace modelfunnel
