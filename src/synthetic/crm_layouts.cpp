// generate_layout_csv(): the synthetic funnel of generate_csv() written as
// a CRM exports it — Salesforce's objects or HubSpot's — with the mapping
// that reads it back (the same text as examples/<crm>/mapping.json). Loaded
// through that mapping, the files give the funnel report of the canonical
// layout: every generated event lands in exactly one file, at its time.
//
// Where each event goes. A lead's events, in time order, split at its first
// `opportunity` event (the conversion): `lead`, `mql`, `sql`, `nurture` and a
// loss before conversion are the lead's; the deal stages and a loss after
// conversion are the opportunity's, keyed by its own id (a linked id).
//   Salesforce: Lead.csv's CreatedDate gives the `lead` event (when it is at
//   creation); LeadHistory.csv (field history, Status) the lead's others;
//   OpportunityHistory.csv (snapshots with amount and close date) the
//   opportunity's; OpportunityFieldHistory.csv amount and close-date changes
//   (pushes) and owner changes; Campaign.csv and CampaignMember.csv the campaigns and touches.
//   HubSpot: contacts.csv's "Became a … Date" columns give the first lead,
//   mql and sql; deals.csv (wide) the first entry of each deal stage and the
//   close; lifecycle_history.csv every other event; form_submissions.csv
//   the touches.
// Not a hot path (a test and a benchmark input): rows are formatted with
// cat() into a buffer flushed now and then.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <type_traits>
#include <functional>
#include <tuple>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "modelfunnel/generate.hpp"
#include "synthetic/synthetic_accounts.hpp"
#include "synthetic/synthetic_funnel.hpp"
#include "util/civil_time.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

namespace fs = std::filesystem;
using internal::SynthEvent;
using internal::SynthLead;

constexpr std::string_view kSalesforceMapping = R"JSON(// A Salesforce export as it comes: `modelfunnel generate --layout salesforce`
// writes these files (and this mapping) into its folder. The funnel runs
// lead -> ... -> won across Lead and Opportunity: a lead converts into an
// opportunity under a new id (Lead.ConvertedOpportunityId), and the
// opportunity's history names that id.
{
  "version": 1,
  "tables": [
    {"name": "leads", "kind": "records", "file": "Lead.csv", "id": "Id",
     "links": ["ConvertedOpportunityId"],
     "stage_dates": [{"column": "CreatedDate", "stage": "lead"}],
     "attributes": {
       "created_at": {"type": "timestamp", "column": "CreatedDate"},
       "channel": {"type": "string", "column": "LeadSource"},
       "campaign": {"type": "string", "column": "Primary_Campaign__c"},
       "segment": {"type": "string", "column": "Segment__c"},
       "industry": {"type": "string", "column": "Industry"},
       "employees": {"type": "int64", "column": "NumberOfEmployees"},
       "budget_ok": {"type": "bool", "column": "Budget_Confirmed__c"},
       "authority_ok": {"type": "bool", "column": "Authority_Confirmed__c"},
       "need_ok": {"type": "bool", "column": "Need_Confirmed__c"},
       "timeline_days": {"type": "int64", "column": "Timeline_Days__c"},
       "owner_sdr": {"type": "string", "column": "OwnerId"},
       "opportunity_id": {"type": "string", "column": "ConvertedOpportunityId"}}},
    // Lead status changes (field history); owner changes are left out.
    {"name": "lead_history", "kind": "history", "file": "LeadHistory.csv", "record": "LeadId",
     "field": "Field", "old": "OldValue", "new": "NewValue",
     "time": "CreatedDate", "reason": "Unqualified_Reason__c",
     "stage": {"field": "Status",
               "values": {"New": "lead", "Marketing Qualified": "mql", "Sales Qualified": "sql",
                          "Nurturing": "nurture", "Unqualified": "closed_lost"}},
     "other_fields": "skip"},
    // One snapshot row per stage change of an opportunity, keyed by the
    // opportunity id: a linked id of the lead.
    {"name": "opportunity_history", "kind": "events", "file": "OpportunityHistory.csv",
     "record": "OpportunityId", "time": "CreatedDate",
     "stage": {"column": "StageName",
               "values": {"Qualification": "opportunity", "Proposal/Price Quote": "proposal",
                          "Negotiation/Review": "negotiation", "Closed Won": "closed_won",
                          "Closed Lost": "closed_lost"}},
     "amount": "Amount", "close_date": "CloseDate", "reason": "Loss_Reason__c"},
    // Amount and close-date changes: every later event without a value of
    // its own carries the one in force.
    {"name": "opportunity_field_history", "kind": "history", "file": "OpportunityFieldHistory.csv",
     "record": "OpportunityId", "field": "Field", "old": "OldValue", "new": "NewValue",
     "time": "CreatedDate", "amount": {"field": "Amount"}, "close_date": {"field": "CloseDate"},
     "other_fields": "skip"},
    {"name": "campaign_members", "kind": "touches", "file": "CampaignMember.csv",
     "record": "LeadId", "time": "CreatedDate", "campaign": "CampaignId", "interaction": "Status"},
    {"name": "campaigns", "kind": "campaigns", "file": "Campaign.csv", "id": "Id",
     "campaign_name": "Name", "type": "Type", "cost": "ActualCost", "start": "StartDate"},
    {"name": "opportunities", "kind": "side", "file": "Opportunity.csv", "key": "Id",
     "join": "opportunity_id",
     "attributes": {"account_id": {"type": "string", "column": "AccountId"},
                    "account_executive": {"type": "string", "column": "OwnerId"}}}
  ]
}
)JSON";
constexpr std::string_view kHubSpotMapping = R"JSON(// A HubSpot export as it comes: `modelfunnel generate --layout hubspot`
// writes these files (and this mapping) into its folder. Contacts carry
// their first lifecycle-stage dates, deals one "Date entered" column per
// stage (a wide table keyed by the deal id, a linked id of the contact),
// and the lifecycle history the other stage changes.
{
  "version": 1,
  "tables": [
    {"name": "contacts", "kind": "records", "file": "contacts.csv", "id": "Record ID",
     "links": ["Associated Deal"],
     "stage_dates": [
       {"column": "Became a Lead Date", "stage": "lead", "format": "%m/%d/%Y %H:%M:%S"},
       {"column": "Became a Marketing Qualified Lead Date", "stage": "mql", "format": "%m/%d/%Y %H:%M:%S"},
       {"column": "Became a Sales Qualified Lead Date", "stage": "sql", "format": "%m/%d/%Y %H:%M:%S"}],
     "attributes": {
       "created_at": {"type": "timestamp", "column": "Create Date", "format": "%m/%d/%Y %H:%M:%S"},
       "channel": {"type": "string", "column": "Original Source"},
       "campaign": {"type": "string", "column": "First Campaign"},
       "segment": {"type": "string", "column": "Segment"},
       "industry": {"type": "string", "column": "Industry"},
       "employees": {"type": "int64", "column": "Number of Employees"},
       "budget_ok": {"type": "bool", "column": "Budget Confirmed", "true": ["Yes"], "false": ["No"]},
       "authority_ok": {"type": "bool", "column": "Authority Confirmed", "true": ["Yes"], "false": ["No"]},
       "need_ok": {"type": "bool", "column": "Need Confirmed", "true": ["Yes"], "false": ["No"]},
       "timeline_days": {"type": "int64", "column": "Timeline (days)"},
       "owner_sdr": {"type": "string", "column": "Contact owner"}}},
    {"name": "deals", "kind": "wide", "file": "deals.csv", "id": "Record ID",
     "stage": {"column": "Deal Stage",
               "values": {"Qualified To Buy": "opportunity", "Contract Sent": "proposal",
                          "Decision Maker Bought-In": "negotiation", "Closed Won": "closed_won",
                          "Closed Lost": "closed_lost"}},
     "stage_dates": [
       {"column": "Date entered Qualified To Buy", "stage": "opportunity", "format": "%m/%d/%Y %H:%M:%S"},
       {"column": "Date entered Contract Sent", "stage": "proposal", "format": "%m/%d/%Y %H:%M:%S"},
       {"column": "Date entered Decision Maker Bought-In", "stage": "negotiation", "format": "%m/%d/%Y %H:%M:%S"},
       {"column": "Close Date", "stages": ["closed_won", "closed_lost"], "format": "%m/%d/%Y %H:%M:%S"}],
     "amount": {"column": "Amount", "stages": ["closed_won"]},
     "reason": "Closed Lost Reason"},
    // Every other stage change: re-entries, nurture, early losses. Keyed by
    // the contact id, or by the deal id for a deal's.
    {"name": "lifecycle_history", "kind": "events", "file": "lifecycle_history.csv",
     "record": "Record ID", "time": {"column": "Date", "format": "%m/%d/%Y %H:%M:%S"},
     "stage": {"column": "Stage",
               "values": {"Lead": "lead", "Marketing Qualified Lead": "mql",
                          "Sales Qualified Lead": "sql", "Nurture": "nurture",
                          "Disqualified": "closed_lost", "Qualified To Buy": "opportunity",
                          "Contract Sent": "proposal", "Decision Maker Bought-In": "negotiation",
                          "Closed Won": "closed_won", "Closed Lost": "closed_lost"}},
     "amount": "Amount", "reason": "Reason"},
    {"name": "form_submissions", "kind": "touches", "file": "form_submissions.csv",
     "record": "Contact ID", "time": {"column": "Submitted At", "format": "%m/%d/%Y %H:%M:%S"},
     "campaign": "Campaign", "channel": "Channel", "interaction": "Form",
     "utm_source": "UTM Source", "utm_medium": "UTM Medium", "utm_campaign": "UTM Campaign"}
  ]
}
)JSON";

constexpr std::int64_t kDay = 86400;

// Appends texts and integers to a row (absl::StrAppend takes no
// std::string_view with this Abseil).
void put_one(std::string& s, std::string_view v) { s.append(v); }
void put_one(std::string& s, const char* v) { s.append(v); }
void put_one(std::string& s, const std::string& v) { s.append(v); }
template <class T>
  requires std::is_integral_v<T>
void put_one(std::string& s, T v) {
  s.append(std::to_string(v));
}
template <class... A>
void cat(std::string* s, const A&... a) {
  (put_one(*s, a), ...);
}

// A file written through a buffer; the first error is kept for close().
class Out {
 public:
  absl::Status open(const fs::path& path, std::string_view header) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return absl::ErrnoToStatus(errno, "cannot create " + path.string());
    buf_.append(header);
    buf_.push_back('\n');
    return absl::OkStatus();
  }
  ~Out() {
    if (file_ != nullptr) std::fclose(file_);
  }
  std::string& row() { return buf_; }
  void end_row() {
    buf_.push_back('\n');
    if (buf_.size() >= (1u << 20)) flush();
  }
  absl::Status close() {
    flush();
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (failed_ || rc != 0) return absl::DataLossError("cannot write " + path_.string());
    return absl::OkStatus();
  }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) failed_ = true;
    buf_.clear();
  }
  fs::path path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  bool failed_ = false;
};

// Times as the CRMs export them: Salesforce ISO 8601 (UTC), HubSpot
// `MM/DD/YYYY HH:MM:SS`.
std::string iso(std::int64_t ts) {
  const std::int64_t day = ts >= 0 ? ts / kDay : (ts - kDay + 1) / kDay;
  const std::int64_t sec = ts - day * kDay;
  const internal::CivilDay d = internal::civil_from_days(day);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, sec / 3600, sec / 60 % 60, sec % 60);
}
std::string iso_date(std::int64_t ts) { return iso(ts).substr(0, 10); }
std::string us(std::int64_t ts) {
  const std::int64_t day = ts >= 0 ? ts / kDay : (ts - kDay + 1) / kDay;
  const std::int64_t sec = ts - day * kDay;
  const internal::CivilDay d = internal::civil_from_days(day);
  return absl::StrFormat("%02d/%02d/%04d %02d:%02d:%02d", d.month, d.day, d.year, sec / 3600, sec / 60 % 60, sec % 60);
}
std::string money(std::int64_t cents) {
  return absl::StrFormat("%d.%02d", cents / 100, cents % 100);
}

enum Stage : std::uint8_t { kLead, kMql, kSql, kOpportunity, kProposal, kNegotiation, kWon, kLost, kNurture };

// A lead and its events in time order (ties in generation order, as the
// canonical events.csv), split at the conversion.
struct LeadRun {
  SynthLead lead;
  std::vector<SynthEvent> events;
  std::optional<std::size_t> converted;  // index of the first opportunity event
  bool deal_side(std::size_t i) const {
    const std::uint8_t s = events[i].stage;
    if (s == kLost) return converted && i > *converted;
    return s >= kOpportunity && s <= kWon;
  }
};

// Collects the generation, one lead at a time, handing each finished lead
// to the layout.
class Collector final : public internal::FunnelSink {
 public:
  explicit Collector(std::function<void(LeadRun&)> done) : done_(std::move(done)) {}
  void lead(const SynthLead& l) override {
    flush();
    run_.lead = l;
    has_ = true;
  }
  void event(const SynthEvent& e) override { run_.events.push_back(e); }
  void flush() {
    if (!has_) return;
    std::stable_sort(run_.events.begin(), run_.events.end(),
                     [](const SynthEvent& a, const SynthEvent& b) { return a.ts < b.ts; });
    run_.converted.reset();
    for (std::size_t i = 0; i < run_.events.size(); ++i) {
      if (run_.events[i].stage == kOpportunity) {
        run_.converted = i;
        break;
      }
    }
    done_(run_);
    run_.events.clear();
    has_ = false;
  }

 private:
  std::function<void(LeadRun&)> done_;
  LeadRun run_;
  bool has_ = false;
};

std::string lead_id(const SynthLead& l, int width) { return absl::StrFormat("L%0*d", width, l.index + 1); }
std::string deal_id(const SynthLead& l, int width) { return absl::StrFormat("O%0*d", width, l.index + 1); }
std::string campaign_id(const SynthLead& l) { return absl::StrFormat("C%03d", l.campaign); }
std::string sdr(const SynthLead& l) { return absl::StrFormat("SDR%02d", l.owner_sdr); }
std::string reason(const SynthEvent& e) {
  return e.reason >= 0 ? std::string(internal::kSynthReasons[static_cast<std::size_t>(e.reason)]) : "";
}

// The deal's close time: its last won or lost event, if it closed.
std::optional<std::int64_t> close_time(const LeadRun& run) {
  std::optional<std::int64_t> t;
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    if (run.deal_side(i) && (run.events[i].stage == kWon || run.events[i].stage == kLost)) t = run.events[i].ts;
  }
  return t;
}

// The amount and expected close date of a deal at each of its deal-side
// events, as a rep keeps them: an estimate when the opportunity opens
// (within ±25% of what it will be won for, or 5,000-54,000 for a deal that
// is not won), revised up or down at some later stage changes; a close date
// 30 days out, pushed when a stage change finds it near or past (to just
// after the deal's real close, or 15-44 days on), now and then pulled in; the close itself dated on its day.
// Drawn from a hash of the lead, so that the canonical files keep their
// bytes (the generator's random stream is untouched).
struct DealState {
  std::int64_t cents = -1;
  std::int64_t close = 0;
};

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::vector<DealState> deal_plan(const LeadRun& run) {
  std::vector<DealState> out;
  const std::optional<std::int64_t> closes = close_time(run);
  std::int64_t won_cents = -1;
  for (const SynthEvent& e : run.events)
    if (e.stage == kWon && e.cents >= 0 && won_cents < 0) won_cents = e.cents;
  std::uint64_t h = mix(run.lead.index * 2 + 1);
  const auto draw = [&h](std::uint64_t n) {
    h = mix(h);
    return h % n;
  };
  DealState now;
  bool first = true;
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    if (!run.deal_side(i)) continue;
    const SynthEvent& e = run.events[i];
    if (first) {
      now.cents = won_cents >= 0 ? won_cents * static_cast<std::int64_t>(75 + draw(51)) / 100
                                 : static_cast<std::int64_t>(5'000 + draw(50) * 1'000) * 100;
      now.close = e.ts + 30 * kDay;
      first = false;
    } else if (e.stage == kWon || e.stage == kLost) {
      now.close = e.ts;
    } else {
      const std::uint64_t roll = draw(10);
      if (roll < 2) now.cents = now.cents * 115 / 100;                            // scope grew
      else if (roll < 3) now.cents = now.cents * 85 / 100;                        // discount
      else if (roll < 5 && won_cents >= 0) now.cents = won_cents;                  // priced
      if (e.ts + 5 * kDay >= now.close) {  // pushed: towards when it will close, if it will
        const std::int64_t later = e.ts + static_cast<std::int64_t>(15 + draw(30)) * kDay;
        now.close = closes ? std::max(e.ts + 7 * kDay, *closes + static_cast<std::int64_t>(draw(15)) * kDay) : later;
      } else if (draw(8) == 0) {
        now.close = std::max(e.ts + 7 * kDay, now.close - 14 * kDay);  // pulled in
      }
    }
    out.push_back(now);
  }
  return out;
}

// Campaigns C001..C200: a type by number, a cost, a start before the period.
void write_campaigns(Out& out, const GenerateOptions& options) {
  static constexpr std::array<std::string_view, 5> kTypes = {"Webinar", "Paid Search", "Trade Show", "Email", "Content"};
  for (int c = 1; c <= 200; ++c) {
    cat(&out.row(), absl::StrFormat("C%03d,Campaign %03d,", c, c), kTypes[c % kTypes.size()], ",",
                    money(250'000 + 1'000 * c), ",", iso_date(options.start.micros() / 1'000'000 - 30 * kDay));
    out.end_row();
  }
}

absl::Status write_salesforce(const GenerateOptions& options, const fs::path& dir) {
  static constexpr std::array<std::string_view, 9> kLeadStatus = {
      "New", "Marketing Qualified", "Sales Qualified", "", "", "", "", "Unqualified", "Nurturing"};
  static constexpr std::array<std::string_view, 9> kOppStage = {
      "", "", "", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost", ""};
  static constexpr std::array<std::string_view, 9> kProbability = {"", "", "", "10", "50", "75", "100", "0", ""};
  static constexpr std::array<std::string_view, 9> kForecast = {"", "", "", "Pipeline", "Best Case", "Commit",
                                                                "Closed", "Omitted", ""};
  const int width = internal::lead_id_width(options.leads);
  Out leads, lead_history, opp_history, field_history, opps, members, campaigns;
  for (auto [out, name, header] : std::initializer_list<std::tuple<Out*, const char*, std::string_view>>{
           {&leads, "Lead.csv",
            "Id,CreatedDate,Status,LeadSource,Primary_Campaign__c,Segment__c,Industry,NumberOfEmployees,"
            "Budget_Confirmed__c,Authority_Confirmed__c,Need_Confirmed__c,Timeline_Days__c,OwnerId,IsConverted,"
            "ConvertedDate,ConvertedOpportunityId"},
           {&lead_history, "LeadHistory.csv", "LeadId,Field,OldValue,NewValue,CreatedDate,Unqualified_Reason__c"},
           {&opp_history, "OpportunityHistory.csv",
            "OpportunityId,StageName,Amount,CloseDate,Probability,ForecastCategory,CreatedDate,Loss_Reason__c"},
           {&field_history, "OpportunityFieldHistory.csv", "OpportunityId,Field,OldValue,NewValue,CreatedDate"},
           {&opps, "Opportunity.csv",
            "Id,AccountId,StageName,Amount,CloseDate,CreatedDate,LeadSource,OwnerId,IsWon,IsClosed"},
           {&members, "CampaignMember.csv", "CampaignId,LeadId,Status,CreatedDate,FirstRespondedDate"},
           {&campaigns, "Campaign.csv", "Id,Name,Type,ActualCost,StartDate"}}) {
    if (absl::Status s = out->open(dir / name, header); !s.ok()) return s;
  }
  Collector sink([&](LeadRun& run) {
    const SynthLead& l = run.lead;
    const std::string id = lead_id(l, width), opp = deal_id(l, width);
    const auto& ev = run.events;
    // The lead's current status: its last lead-side event's.
    std::string_view status = "New";
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!run.deal_side(i)) status = kLeadStatus[ev[i].stage];
    }
    const bool at_creation = !ev.empty() && ev[0].stage == kLead && ev[0].ts == l.created;
    std::string& r = leads.row();
    cat(&r, id, ",", iso(l.created), ",", run.converted ? "Converted" : status, ",",
                    internal::kSynthChannels[l.channel], ",", campaign_id(l), ",", internal::kSynthSegments[l.segment],
                    ",", internal::kSynthIndustries[l.industry], ",", l.employees, ",", l.budget_ok ? "true" : "false",
                    ",", l.authority_ok ? "true" : "false", ",", l.need_ok ? "true" : "false", ",", l.timeline_days,
                    ",", sdr(l), ",", run.converted ? "true" : "false", ",",
                    run.converted ? iso_date(ev[*run.converted].ts) : "", ",", run.converted ? opp : "");
    leads.end_row();
    // Lead status history: the lead-side events but the creation.
    std::string_view old_status;
    for (std::size_t i = at_creation ? 1 : 0; i < ev.size(); ++i) {
      if (run.deal_side(i)) continue;
      const std::string_view now = kLeadStatus[ev[i].stage];
      cat(&lead_history.row(), id, ",Status,", old_status, ",", now, ",", iso(ev[i].ts), ",", reason(ev[i]));
      lead_history.end_row();
      old_status = now;
    }
    if (l.index % 10 == 3) {  // an owner change, which the mapping leaves out
      cat(&lead_history.row(), id, ",Owner,", sdr(l), ",SDR00,", iso(l.created + 3600), ",");
      lead_history.end_row();
    }
    cat(&members.row(), campaign_id(l), ",", id, ",Responded,", iso(l.created), ",", iso_date(l.created));
    members.end_row();
    if (!run.converted) return;
    // The opportunity: one snapshot per stage change, with the amount and
    // expected close date in force then (deal_plan()); every change of
    // either is also a field-history row at the same time.
    const std::int64_t opened = ev[*run.converted].ts;
    const std::optional<std::int64_t> closed = close_time(run);
    const std::vector<DealState> plan = deal_plan(run);
    std::int64_t cents = -1;
    std::string_view stage = "Qualification";
    std::int64_t amount_before = -1, close_before = -1;
    for (std::size_t i = 0, k = 0; i < ev.size(); ++i) {
      if (!run.deal_side(i)) continue;
      const SynthEvent& e = ev[i];
      const DealState& now = plan[k++];
      if (e.cents >= 0) cents = e.cents;
      stage = kOppStage[e.stage];
      const std::int64_t amount = e.cents >= 0 ? e.cents : now.cents;
      cat(&opp_history.row(), opp, ",", kOppStage[e.stage], ",", amount >= 0 ? money(amount) : "", ",",
                      iso_date(now.close), ",", kProbability[e.stage], ",", kForecast[e.stage], ",", iso(e.ts), ",",
                      reason(e));
      opp_history.end_row();
      if (e.stage == kWon || e.stage == kLost) continue;  // a close sets the date; not a change to record
      if (now.cents != amount_before && now.cents >= 0) {
        cat(&field_history.row(), opp, ",Amount,", amount_before >= 0 ? money(amount_before) : "", ",",
                        money(now.cents), ",", iso(e.ts));
        field_history.end_row();
      }
      if (now.close != close_before) {
        cat(&field_history.row(), opp, ",CloseDate,", close_before >= 0 ? iso_date(close_before) : "", ",",
                        iso_date(now.close), ",", iso(e.ts));
        field_history.end_row();
      }
      amount_before = now.cents;
      close_before = now.close;
    }
    cat(&field_history.row(), opp, ",Owner,,AE", absl::StrFormat("%02d", l.index % 12 + 1), ",", iso(opened));
    field_history.end_row();
    cat(&opps.row(), opp, ",", absl::StrFormat("A%06d", l.index % 50'000 + 1), ",", stage, ",",
                    cents >= 0 ? money(cents) : "", ",", iso_date(closed ? *closed : plan.back().close), ",", iso(opened), ",",
                    internal::kSynthChannels[l.channel], ",", absl::StrFormat("AE%02d", l.index % 12 + 1), ",",
                    stage == "Closed Won" ? "true" : "false", ",", closed ? "true" : "false");
    opps.end_row();
  });
  internal::generate_funnel(options, sink);
  sink.flush();
  write_campaigns(campaigns, options);
  for (Out* out : {&leads, &lead_history, &opp_history, &field_history, &opps, &members, &campaigns}) {
    if (absl::Status s = out->close(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status write_hubspot(const GenerateOptions& options, const fs::path& dir) {
  static constexpr std::array<std::string_view, 9> kStage = {
      "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Qualified To Buy", "Contract Sent",
      "Decision Maker Bought-In", "Closed Won", "Closed Lost", "Nurture"};
  const int width = internal::lead_id_width(options.leads);
  Out contacts, deals, history, forms;
  for (auto [out, name, header] : std::initializer_list<std::tuple<Out*, const char*, std::string_view>>{
           {&contacts, "contacts.csv",
            "Record ID,Create Date,Original Source,First Campaign,Segment,Industry,Number of Employees,"
            "Budget Confirmed,Authority Confirmed,Need Confirmed,Timeline (days),Contact owner,Became a Lead Date,"
            "Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Associated Deal"},
           {&deals, "deals.csv",
            "Record ID,Deal Stage,Date entered Qualified To Buy,Date entered Contract Sent,"
            "Date entered Decision Maker Bought-In,Close Date,Amount,Closed Lost Reason"},
           {&history, "lifecycle_history.csv", "Record ID,Stage,Date,Amount,Reason"},
           {&forms, "form_submissions.csv",
            "Contact ID,Submitted At,Campaign,Channel,Form,UTM Source,UTM Medium,UTM Campaign"}}) {
    if (absl::Status s = out->open(dir / name, header); !s.ok()) return s;
  }
  Collector sink([&](LeadRun& run) {
    const SynthLead& l = run.lead;
    const std::string id = lead_id(l, width), deal = deal_id(l, width);
    const auto& ev = run.events;
    std::vector<bool> placed(ev.size(), false);
    // Contacts: the first lead, mql and sql of the lead side.
    std::array<std::string, 3> became;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (run.deal_side(i) || ev[i].stage > kSql || !became[ev[i].stage].empty()) continue;
      became[ev[i].stage] = us(ev[i].ts);
      placed[i] = true;
    }
    auto yes = [](bool b) { return b ? "Yes" : "No"; };
    cat(&contacts.row(), id, ",", us(l.created), ",", internal::kSynthChannels[l.channel], ",",
                    campaign_id(l), ",", internal::kSynthSegments[l.segment], ",",
                    internal::kSynthIndustries[l.industry], ",", l.employees, ",", yes(l.budget_ok), ",",
                    yes(l.authority_ok), ",", yes(l.need_ok), ",", l.timeline_days, ",", sdr(l), ",", became[0], ",",
                    became[1], ",", became[2], ",", run.converted ? deal : "");
    contacts.end_row();
    cat(&forms.row(), id, ",", us(l.created), ",", campaign_id(l), ",",
                    internal::kSynthChannels[l.channel], ",", l.channel % 2 ? "Demo request" : "Newsletter", ",",
                    l.channel % 3 ? "google" : "linkedin", ",", l.channel % 3 ? "cpc" : "social", ",",
                    campaign_id(l));
    forms.end_row();
    if (run.converted) {
      // Deals: the first entry of each open stage, and the close (the
      // deal's last event, its current stage).
      std::size_t last = 0;
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (run.deal_side(i)) last = i;
      }
      std::array<std::string, 3> entered;
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (!run.deal_side(i) || ev[i].stage < kOpportunity || ev[i].stage > kNegotiation) continue;
        std::string& column = entered[ev[i].stage - kOpportunity];
        if (!column.empty()) continue;
        column = us(ev[i].ts);
        placed[i] = true;
      }
      const SynthEvent& current = ev[last];
      const bool closed = current.stage == kWon || current.stage == kLost;
      if (closed) placed[last] = true;
      cat(&deals.row(), deal, ",", kStage[current.stage], ",", entered[0], ",", entered[1], ",",
                      entered[2], ",", closed ? us(current.ts) : "", ",",
                      closed && current.cents >= 0 ? money(current.cents) : "", ",", closed ? reason(current) : "");
      deals.end_row();
    }
    // Every other event, keyed by the contact or (deal side) the deal.
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (placed[i]) continue;
      const SynthEvent& e = ev[i];
      const bool deal_side = run.deal_side(i);
      cat(&history.row(), deal_side ? deal : id, ",",
                      e.stage == kLost && !deal_side ? "Disqualified" : kStage[e.stage], ",", us(e.ts), ",",
                      e.cents >= 0 ? money(e.cents) : "", ",", reason(e));
      history.end_row();
    }
  });
  internal::generate_funnel(options, sink);
  sink.flush();
  for (Out* out : {&contacts, &deals, &history, &forms}) {
    if (absl::Status s = out->close(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status write_text(const fs::path& path, std::string_view text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return absl::ErrnoToStatus(errno, "cannot create " + path.string());
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return absl::DataLossError("cannot write " + path.string());
  return absl::OkStatus();
}

}  // namespace

std::string_view layout_mapping(CrmLayout layout) {
  switch (layout) {
    case CrmLayout::kSalesforce: return kSalesforceMapping;
    case CrmLayout::kHubSpot: return kHubSpotMapping;
    case CrmLayout::kCanonical: break;
  }
  return {};
}

absl::Status generate_layout_csv(const GenerateOptions& options, CrmLayout layout, const fs::path& dir) {
  if (layout == CrmLayout::kCanonical) return generate_csv(options, dir);
  return internal::no_throw("generate_layout_csv", [&]() -> absl::Status {
    if (layout != CrmLayout::kSalesforce && layout != CrmLayout::kHubSpot) {
      return absl::InvalidArgumentError("generate_layout_csv: unknown layout");
    }
    if (absl::Status st = internal::validate(options); !st.ok()) return st;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return absl::ErrnoToStatus(ec.value(), absl::StrCat("cannot create folder ", dir.string()));
    absl::Status s = layout == CrmLayout::kSalesforce ? write_salesforce(options, dir) : write_hubspot(options, dir);
    if (!s.ok()) return s;
    if (absl::Status st = write_text(dir / "mapping.json", layout_mapping(layout)); !st.ok()) return st;
    return internal::write_synthetic_accounts(options, dir);
  });
}

}  // namespace modelfunnel
