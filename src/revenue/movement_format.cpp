// The pipeline movement as CSV and JSON text.
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "modelfunnel/revenue.hpp"
#include "revenue/csv_text.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::num;
using internal::revenue::row;

/// An amount exactly as stored: plain digits, up to four decimals.
std::string money(Amount a) { return format_amount(a); }
std::string when(const std::optional<Timestamp>& t) { return t ? format_timestamp(*t) : std::string(); }
std::string period_text(const PipelineMovement& m) { return m.period ? to_string(*m.period) : std::string("all"); }

}  // namespace

absl::StatusOr<std::string> movement_csv(const PipelineMovement& m, std::string_view table) {
  std::string out;
  if (table == "buckets") {
    row(out, {"bucket", "deals", "count_change", "amount_from", "amount_to", "amount_change"});
    row(out, {"opening", std::to_string(m.opening_deals), "", money(m.opening_amount), "", ""});
    for (const MovementBucketRow& b : m.buckets)
      row(out, {std::string(to_string(b.bucket)), std::to_string(b.deals), std::to_string(b.count_change),
                money(b.amount_from), money(b.amount_to), money(b.amount_change)});
    row(out, {"closing", std::to_string(m.closing_deals), "", "", money(m.closing_amount), ""});
  } else if (table == "summary") {
    row(out, {"from", "to", "period", "first_stage", "opening_deals", "opening_amount", "closing_deals",
              "closing_amount", "opening_without_amount", "closing_without_amount", "pushes", "deals_pushed",
              "deals_pushed_again", "slip_rate", "mean_push_days"});
    row(out, {format_timestamp(m.from), format_timestamp(m.to), period_text(m), m.first_stage,
              std::to_string(m.opening_deals), money(m.opening_amount), std::to_string(m.closing_deals),
              money(m.closing_amount), std::to_string(m.opening_without_amount),
              std::to_string(m.closing_without_amount), std::to_string(m.pushes), std::to_string(m.deals_pushed),
              std::to_string(m.deals_pushed_again), num(m.slip_rate), num(m.mean_push_days)});
  } else if (table == "deals") {
    row(out, {"record", "bucket", "stage_from", "stage_to", "amount_from", "amount_to", "close_from", "close_to",
              "pushes"});
    for (const MovementDealRow& d : m.deals)
      row(out, {d.record, std::string(to_string(d.bucket)), d.stage_from, d.stage_to, money(d.amount_from),
                money(d.amount_to), when(d.close_from), when(d.close_to), std::to_string(d.pushes)});
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown movement table '", std::string(table),
                                                   "' (expected buckets, summary or deals)"));
  }
  return out;
}

std::string movement_json(const PipelineMovement& m) {
  internal::JsonWriter w;
  w.begin_object();
  w.key("from"); w.value(format_timestamp(m.from));
  w.key("to"); w.value(format_timestamp(m.to));
  w.key("period"); w.value(period_text(m));
  w.key("first_stage"); w.value(m.first_stage);
  w.key("opening_deals"); w.value(m.opening_deals);
  w.key("opening_amount"); w.value(m.opening_amount.value());
  w.key("closing_deals"); w.value(m.closing_deals);
  w.key("closing_amount"); w.value(m.closing_amount.value());
  w.key("opening_without_amount"); w.value(m.opening_without_amount);
  w.key("closing_without_amount"); w.value(m.closing_without_amount);
  w.key("pushes"); w.value(m.pushes);
  w.key("deals_pushed"); w.value(m.deals_pushed);
  w.key("deals_pushed_again"); w.value(m.deals_pushed_again);
  w.key("slip_rate"); w.value(m.slip_rate);
  w.key("mean_push_days"); w.value(m.mean_push_days);
  w.key("buckets");
  w.begin_array();
  for (const MovementBucketRow& b : m.buckets) {
    w.begin_object();
    w.key("bucket"); w.value(to_string(b.bucket));
    w.key("deals"); w.value(b.deals);
    w.key("count_change"); w.value(b.count_change);
    w.key("amount_from"); w.value(b.amount_from.value());
    w.key("amount_to"); w.value(b.amount_to.value());
    w.key("amount_change"); w.value(b.amount_change.value());
    w.end_object();
  }
  w.end_array();
  w.key("deals");
  w.begin_array();
  for (const MovementDealRow& d : m.deals) {
    w.begin_object();
    w.key("record"); w.value(d.record);
    w.key("bucket"); w.value(to_string(d.bucket));
    w.key("stage_from"); w.value(d.stage_from);
    w.key("stage_to"); w.value(d.stage_to);
    w.key("amount_from"); w.value(d.amount_from.value());
    w.key("amount_to"); w.value(d.amount_to.value());
    w.key("close_from"); w.value(when(d.close_from));
    w.key("close_to"); w.value(when(d.close_to));
    w.key("pushes"); w.value(std::uint64_t{d.pushes});
    w.end_object();
  }
  w.end_array();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : m.notes) w.value(n);
  w.end_array();
  w.end_object();
  return std::move(w).finish();
}

}  // namespace modelfunnel
