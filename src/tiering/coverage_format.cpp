// Coverage as CSV tables and as JSON (docs/tiering.md, "Plays and coverage").
#include "tiering/coverage_format.hpp"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "util/csv_quote.hpp"

namespace modelfunnel::internal::tiering {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) absl::StrAppend(&out, out.empty() ? "" : ";", n);
  return out;
}

std::string gaps_text(const std::vector<CoverageGap>& gaps) {
  std::string out;
  for (CoverageGap g : gaps) absl::StrAppend(&out, out.empty() ? "" : ";", std::string(to_string(g)));
  return out;
}

/// The UTC date of a touch (touches are judged by day).
std::string date_text(const std::optional<Timestamp>& t) {
  return t ? format_timestamp(*t).substr(0, 10) : std::string();
}

void names_json(JsonWriter& w, const std::vector<std::string>& names) {
  w.begin_array();
  for (const auto& n : names) w.value(n);
  w.end_array();
}

}  // namespace

std::string coverage_csv(const Tiering& t, const Coverage& c) {
  std::string out =
      "id,tier,rep,contacts,key_contacts,contacts_reached,min_contacts,touches,first_touch,last_touch,cadence_days,"
      "min_cadence_months,cadence_running,touches_per_month,target_touches_per_month,channels,missing_channels,"
      "campaign_touches,gaps\n";
  for (const AccountCoverage& a : c.accounts) {
    const TierPlay& play = c.plays[a.tier];
    absl::StrAppend(&out, csv_field(a.id), ",", csv_field(t.tiers[a.tier].name), ",", csv_field(a.rep), ",",
                    a.contacts, ",", a.key_contacts, ",", a.contacts_reached, ",", play.min_contacts, ",", a.touches,
                    ",", date_text(a.first_touch), ",", date_text(a.last_touch), ",", a.cadence_days, ",",
                    play.min_cadence_months, ",", a.cadence_running ? "true" : "false", ",",
                    score_text(a.touches_per_month), ",", score_text(play.touches_per_month), ",",
                    csv_field(joined(a.channels)), ",", csv_field(joined(a.missing_channels)), ",",
                    a.campaign_touches, ",", gaps_text(a.gaps), "\n");
  }
  return out;
}

std::string rep_gaps_csv(const Coverage& c) {
  std::string out = "rep,accounts,with_gaps,gap_contacts,gap_cadence,gap_channel,gap_campaign,contacts_to_reach\n";
  for (const RepCoverage& r : c.reps)
    absl::StrAppend(&out, csv_field(r.rep), ",", r.accounts, ",", r.with_gaps, ",", r.contacts, ",", r.cadence, ",",
                    r.channel, ",", r.campaign, ",", r.contacts_to_reach, "\n");
  return out;
}

void write_coverage_json(JsonWriter& w, const Tiering& t, const Coverage& c) {
  w.begin_object();
  w.key("as_of");
  if (c.as_of) w.value(date_text(c.as_of));
  else w.null();
  w.key("accounts_with_gaps"); w.value(c.accounts_with_gaps);
  w.key("plays");
  w.begin_array();
  for (const TierPlay& p : c.plays) {
    w.begin_object();
    w.key("tier"); w.value(p.tier);
    w.key("channels"); names_json(w, p.channels);
    w.key("personalisation"); w.value(p.personalisation);
    w.key("min_contacts"); w.value(p.min_contacts);
    w.key("key_roles"); names_json(w, p.key_roles);
    w.key("min_cadence_months"); w.value(p.min_cadence_months);
    w.key("max_silence_days"); w.value(p.max_silence_days);
    w.key("touches_per_month"); w.value(p.touches_per_month);
    w.key("required_channels"); names_json(w, p.required_channels);
    w.key("campaign_channels"); names_json(w, p.campaign_channels);
    w.end_object();
  }
  w.end_array();
  const CoverageCounts& k = c.counts;
  w.key("counts");
  w.begin_object();
  w.key("contacts"); w.value(k.contacts);
  w.key("contacts_unknown_account"); w.value(k.contacts_unknown_account);
  w.key("contacts_duplicate"); w.value(k.contacts_duplicate);
  w.key("contacts_blank_role"); w.value(k.contacts_blank_role);
  w.key("activities"); w.value(k.activities);
  w.key("activities_unknown_contact"); w.value(k.activities_unknown_contact);
  w.key("activities_duplicate"); w.value(k.activities_duplicate);
  w.key("activities_after_as_of"); w.value(k.activities_after_as_of);
  w.key("activities_blank_channel"); w.value(k.activities_blank_channel);
  w.key("unknown_accounts"); names_json(w, k.unknown_accounts);
  w.end_object();
  w.key("accounts");
  w.begin_array();
  for (const AccountCoverage& a : c.accounts) {
    w.begin_object();
    w.key("id"); w.value(a.id);
    w.key("tier"); w.value(t.tiers[a.tier].name);
    w.key("rep"); w.value(a.rep);
    w.key("contacts"); w.value(a.contacts);
    w.key("key_contacts"); w.value(a.key_contacts);
    w.key("contacts_reached"); w.value(a.contacts_reached);
    w.key("touches"); w.value(a.touches);
    w.key("first_touch");
    if (a.first_touch) w.value(date_text(a.first_touch));
    else w.null();
    w.key("last_touch");
    if (a.last_touch) w.value(date_text(a.last_touch));
    else w.null();
    w.key("cadence_days"); w.value(std::int64_t{a.cadence_days});
    w.key("cadence_running"); w.value(a.cadence_running);
    w.key("touches_per_month"); w.value(a.touches_per_month);
    w.key("channels"); names_json(w, a.channels);
    w.key("missing_channels"); names_json(w, a.missing_channels);
    w.key("campaign_touches"); w.value(a.campaign_touches);
    w.key("gaps");
    w.begin_array();
    for (CoverageGap g : a.gaps) w.value(to_string(g));
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("reps");
  w.begin_array();
  for (const RepCoverage& r : c.reps) {
    w.begin_object();
    w.key("rep"); w.value(r.rep);
    w.key("accounts"); w.value(r.accounts);
    w.key("with_gaps"); w.value(r.with_gaps);
    w.key("gap_contacts"); w.value(r.contacts);
    w.key("gap_cadence"); w.value(r.cadence);
    w.key("gap_channel"); w.value(r.channel);
    w.key("gap_campaign"); w.value(r.campaign);
    w.key("contacts_to_reach"); w.value(r.contacts_to_reach);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace modelfunnel::internal::tiering
