// A Reengagement as text: one table as CSV (the queue: one row per record
// due), or everything as one JSON document.
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "modelfunnel/reengage.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

/// @p x rounded to @p digits decimals, trailing zeros dropped.
std::string fixed(double x, int digits) {
  if (!std::isfinite(x)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string opt(const std::optional<double>& x, int digits) { return x ? fixed(*x, digits) : std::string(); }

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

void row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    out += internal::csv_field(f);
  }
  out += '\n';
}

std::string queue_csv(const Reengagement& r) {
  std::string out =
      "rank,record_id,reason,raw_reason,lost_at,due_at,due_rule,expected_value,amount,amount_source,rewin_rate,"
      "rate_source,fit,who,channel,track,tier,attempts,lost_twice,history\n";
  for (const QueueEntry& e : r.queue)
    row(out, {std::to_string(e.rank), e.id, e.reason, e.raw_reason, day(e.lost_at), day(e.due_at), e.due_rule,
              fixed(e.expected_value, 2), fixed(e.amount, 2), e.amount_source, fixed(e.rewin_rate, 4), e.rate_source,
              fixed(e.fit, 4), to_string(e.who), e.channel, e.track, e.tier, std::to_string(e.attempts),
              e.lost_twice ? "yes" : "no", e.history});
  return out;
}

std::string reasons_csv(const Reengagement& r) {
  std::string out =
      "reason,has_policy,lost_records,due,not_yet_due,cooling_down,never,skipped_lost_twice,expired,no_policy\n";
  for (const LossReasonCount& c : r.reasons)
    row(out, {c.reason, c.has_policy ? "yes" : "no", std::to_string(c.lost_records), std::to_string(c.due),
              std::to_string(c.not_yet_due), std::to_string(c.cooling_down), std::to_string(c.never),
              std::to_string(c.skipped_lost_twice), std::to_string(c.expired), std::to_string(c.no_policy)});
  return out;
}

std::string windows_csv(const Reengagement& r) {
  std::string out =
      "reason,segment,lost,reopened,reopen_rate,reopen_low,reopen_high,median_days_to_reopen,rewon,rewin_rate,"
      "rewin_low,rewin_high,median_days_to_rewin,small_sample\n";
  for (const ReasonWindow& w : r.windows)
    row(out, {w.reason, w.segment, std::to_string(w.lost), std::to_string(w.reopened), fixed(w.reopen_rate, 4),
              fixed(w.reopen_low, 4), fixed(w.reopen_high, 4), opt(w.median_days_to_reopen, 1), std::to_string(w.rewon),
              fixed(w.rewin_rate, 4), fixed(w.rewin_low, 4), fixed(w.rewin_high, 4), opt(w.median_days_to_rewin, 1),
              w.small_sample ? "yes" : "no"});
  return out;
}

std::string funnel_csv(const Reengagement& r) {
  std::string out = "stage,records,conversion,low,high\n";
  for (const RecycledStage& s : r.recycled_funnel)
    row(out, {s.stage, std::to_string(s.records), fixed(s.conversion, 4), fixed(s.low, 4), fixed(s.high, 4)});
  return out;
}

void opt_value(internal::JsonWriter& w, const std::optional<double>& x) {
  if (x) w.value(*x);
  else w.null();
}

}  // namespace

absl::StatusOr<std::string> reengage_csv(const Reengagement& r, ReengageTable table) {
  return internal::no_throw("reengage_csv", [&]() -> absl::StatusOr<std::string> {
    switch (table) {
      case ReengageTable::kQueue: return queue_csv(r);
      case ReengageTable::kReasons: return reasons_csv(r);
      case ReengageTable::kWindows: return windows_csv(r);
      case ReengageTable::kFunnel: return funnel_csv(r);
    }
    return absl::InvalidArgumentError("reengage_csv: unknown table");
  });
}

absl::StatusOr<std::string> reengage_json(const Reengagement& r) {
  return internal::no_throw("reengage_json", [&]() -> absl::StatusOr<std::string> {
    internal::JsonWriter w;
    w.begin_object();
    w.key("as_of");
    w.value(format_timestamp(r.as_of));
    w.key("lost_records");
    w.value(std::uint64_t{r.lost_records});
    w.key("due");
    w.value(std::uint64_t{r.queue.size()});
    w.key("undated_events");
    w.value(std::uint64_t{r.undated_events});
    w.key("median_won_amount");
    opt_value(w, r.median_won_amount);
    w.key("queue");
    w.begin_array();
    for (const QueueEntry& e : r.queue) {
      w.begin_object();
      w.key("rank"), w.value(std::uint64_t{e.rank});
      w.key("record_id"), w.value(e.id);
      w.key("reason"), w.value(e.reason);
      w.key("raw_reason"), w.value(e.raw_reason);
      w.key("lost_at"), w.value(format_timestamp(e.lost_at));
      w.key("due_at"), w.value(format_timestamp(e.due_at));
      w.key("due_rule"), w.value(e.due_rule);
      w.key("expected_value"), w.value(e.expected_value);
      w.key("amount"), w.value(e.amount);
      w.key("amount_source"), w.value(e.amount_source);
      w.key("rewin_rate"), w.value(e.rewin_rate);
      w.key("rate_source"), w.value(e.rate_source);
      w.key("fit"), w.value(e.fit);
      w.key("who"), w.value(to_string(e.who));
      w.key("channel"), w.value(e.channel);
      w.key("track"), w.value(e.track);
      w.key("tier"), w.value(e.tier);
      w.key("attempts"), w.value(std::uint64_t{e.attempts});
      w.key("lost_twice"), w.value(e.lost_twice);
      w.key("history"), w.value(e.history);
      w.end_object();
    }
    w.end_array();
    w.key("reasons");
    w.begin_array();
    for (const LossReasonCount& c : r.reasons) {
      w.begin_object();
      w.key("reason"), w.value(c.reason);
      w.key("has_policy"), w.value(c.has_policy);
      w.key("lost_records"), w.value(std::uint64_t{c.lost_records});
      w.key("due"), w.value(std::uint64_t{c.due});
      w.key("not_yet_due"), w.value(std::uint64_t{c.not_yet_due});
      w.key("cooling_down"), w.value(std::uint64_t{c.cooling_down});
      w.key("never"), w.value(std::uint64_t{c.never});
      w.key("skipped_lost_twice"), w.value(std::uint64_t{c.skipped_lost_twice});
      w.key("expired"), w.value(std::uint64_t{c.expired});
      w.key("no_policy"), w.value(std::uint64_t{c.no_policy});
      w.end_object();
    }
    w.end_array();
    w.key("unmapped");
    w.begin_array();
    for (const UnmappedReason& u : r.unmapped) {
      w.begin_object();
      w.key("text"), w.value(u.text);
      w.key("count"), w.value(std::uint64_t{u.count});
      w.end_object();
    }
    w.end_array();
    w.key("windows");
    w.begin_array();
    for (const ReasonWindow& x : r.windows) {
      w.begin_object();
      w.key("reason"), w.value(x.reason);
      w.key("segment"), w.value(x.segment);
      w.key("lost"), w.value(std::uint64_t{x.lost});
      w.key("reopened"), w.value(std::uint64_t{x.reopened});
      w.key("reopen_rate"), w.value(x.reopen_rate);
      w.key("reopen_low"), w.value(x.reopen_low);
      w.key("reopen_high"), w.value(x.reopen_high);
      w.key("median_days_to_reopen"), opt_value(w, x.median_days_to_reopen);
      w.key("rewon"), w.value(std::uint64_t{x.rewon});
      w.key("rewin_rate"), w.value(x.rewin_rate);
      w.key("rewin_low"), w.value(x.rewin_low);
      w.key("rewin_high"), w.value(x.rewin_high);
      w.key("median_days_to_rewin"), opt_value(w, x.median_days_to_rewin);
      w.key("small_sample"), w.value(x.small_sample);
      w.end_object();
    }
    w.end_array();
    w.key("recycled_funnel");
    w.begin_array();
    for (const RecycledStage& s : r.recycled_funnel) {
      w.begin_object();
      w.key("stage"), w.value(s.stage);
      w.key("records"), w.value(std::uint64_t{s.records});
      w.key("conversion"), w.value(s.conversion);
      w.key("low"), w.value(s.low);
      w.key("high"), w.value(s.high);
      w.end_object();
    }
    w.end_array();
    w.key("costs");
    w.begin_object();
    w.key("known"), w.value(r.costs.known);
    w.key("wins_new"), w.value(std::uint64_t{r.costs.wins_new});
    w.key("wins_reengaged"), w.value(std::uint64_t{r.costs.wins_reengaged});
    if (r.costs.known) {
      w.key("cost_new"), w.value(format_amount(r.costs.cost_new));
      w.key("cost_reengaged"), w.value(format_amount(r.costs.cost_reengaged));
    } else {
      w.key("note"), w.value("no cost data: no touch carries a cost, so cost per win is not computed");
    }
    w.key("cost_per_win_new"), opt_value(w, r.costs.cost_per_win_new);
    w.key("cost_per_win_reengaged"), opt_value(w, r.costs.cost_per_win_reengaged);
    w.end_object();
    w.end_object();
    return std::move(w).finish();
  });
}

}  // namespace modelfunnel
