// Pipeline movement: how the pipeline of the period's start became the
// pipeline of its end — a waterfall from the opening total through each
// bucket's change (new and pulled-in deals add, pushed-out, won and lost
// deals take away, increased and decreased amounts move it) to the closing
// total, in amount when the deals carry amounts, else in deals. Drawn when
// the page has a period (from and to) and either pipeline has a deal; when
// revenue_movement() refuses the graph, the section holds the reason.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

const char* bucket_label(MovementBucket b) {
  switch (b) {
    case MovementBucket::kNew: return "New";
    case MovementBucket::kPulledIn: return "Pulled in";
    case MovementBucket::kIncreased: return "Increased";
    case MovementBucket::kDecreased: return "Decreased";
    case MovementBucket::kPushedOut: return "Pushed out";
    case MovementBucket::kWon: return "Won";
    case MovementBucket::kLost: return "Lost";
    case MovementBucket::kCarried: return "Carried";
  }
  return "";
}

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

/// One step of the waterfall: a running total from `start` to `end`.
struct Step {
  std::string label;
  std::string key;  // data-bucket: opening, closing or the bucket's name
  double start = 0, end = 0;
  bool total = false;
};

std::string signed_text(double change, bool money) {
  const std::string magnitude = money ? format_money(std::fabs(change)) : format_compact(std::fabs(change));
  if (change > 0) return "+" + magnitude;
  if (change < 0) return "\u2212" + magnitude;
  return magnitude;
}

}  // namespace

std::optional<Section> movement_section(const DashboardInputs& in) {
  if (in.movement_refused) {
    // Said, not hidden: a reader looking for the waterfall learns why it is not there.
    return Section{"movement", "Pipeline movement",
                   absl::StrCat("<p class=\"note\" id=\"movement-refused\">The pipeline movement could not be "
                                "computed for this stage graph: ",
                                escape(*in.movement_refused), "</p>"),
                   false};
  }
  if (!in.movement) return std::nullopt;
  const PipelineMovement& m = *in.movement;
  if (m.opening_deals == 0 && m.closing_deals == 0) return std::nullopt;
  // Amounts when any deal of either pipeline has one, else deals.
  const bool money = m.opening_amount.scaled() != 0 || m.closing_amount.scaled() != 0 ||
                     std::any_of(m.buckets.begin(), m.buckets.end(),
                                 [](const MovementBucketRow& b) { return b.amount_change.scaled() != 0; });
  auto value_of = [&](Amount a, std::int64_t deals) { return money ? a.value() : static_cast<double>(deals); };

  std::vector<Step> steps;
  double running = value_of(m.opening_amount, static_cast<std::int64_t>(m.opening_deals));
  steps.push_back({"Opening", "opening", 0, running, true});
  for (const MovementBucketRow& b : m.buckets) {
    if (b.bucket == MovementBucket::kCarried) continue;  // no change by definition
    const double change = value_of(b.amount_change, b.count_change);
    steps.push_back({bucket_label(b.bucket), std::string(to_string(b.bucket)), running, running + change, false});
    running += change;
  }
  steps.push_back({"Closing", "closing", 0, value_of(m.closing_amount, static_cast<std::int64_t>(m.closing_deals)),
                   true});
  double lo = 0, hi = 0;
  for (const Step& s : steps) {
    lo = std::min({lo, s.start, s.end});
    hi = std::max({hi, s.start, s.end});
  }
  const double span = hi > lo ? hi - lo : 1;
  auto pct = [&](double x) { return raw_number(std::round(1000.0 * (x - lo) / span) / 10); };

  std::string body = absl::StrCat(
      "<p class=\"note\" id=\"movement-summary\" data-opening=\"", raw_count(m.opening_deals), "\" data-closing=\"",
      raw_count(m.closing_deals), "\">The open pipeline (from ", escape(stage_label(*in.graph, m.first_stage)),
      " on) on ", day(m.from), " against ", day(m.to), ": ", format_count(m.opening_deals), " deals (",
      format_money(m.opening_amount.value()), ") became ", format_count(m.closing_deals), " deals (",
      format_money(m.closing_amount.value()), "). Each deal counts in one bucket; ",
      money ? "bars are amounts" : "no deal carries an amount, so bars are deals", ".</p><ul class=\"hbars wf\">");
  for (const Step& s : steps) {
    const double left = std::min(s.start, s.end), right = std::max(s.start, s.end);
    const char* kind = s.total ? "total" : s.end >= s.start ? "up" : "down";
    const std::string amount = s.total ? (money ? format_money(s.end) : format_compact(s.end))
                                       : signed_text(s.end - s.start, money);
    absl::StrAppend(&body, "<li data-bucket=\"", s.key, "\"><span class=\"hl\">", s.label, " \u00B7 ", amount,
                    "</span><span class=\"hb ", kind, "\" style=\"margin-left:", pct(left), "%;width:",
                    raw_number(std::round(1000.0 * (right - left) / span) / 10), "%\"></span></li>");
  }
  absl::StrAppend(&body,
                  "</ul><div class=\"tw\"><table id=\"movement-table\"><caption>Pipeline movement by bucket"
                  "</caption><thead><tr><th scope=\"col\">Bucket</th><th scope=\"col\">Deals</th>"
                  "<th scope=\"col\">Change in deals</th><th scope=\"col\">Change in amount</th></tr></thead><tbody>",
                  "<tr data-bucket=\"opening\"><th scope=\"row\">Opening</th><td data-value=\"",
                  raw_count(m.opening_deals), "\">", format_count(m.opening_deals), "</td><td></td><td data-value=\"",
                  raw_fixed(m.opening_amount.value(), 2), "\">", format_money(m.opening_amount.value()), "</td></tr>");
  for (const MovementBucketRow& b : m.buckets) {
    absl::StrAppend(&body, "<tr data-bucket=\"", std::string(to_string(b.bucket)), "\"><th scope=\"row\">", bucket_label(b.bucket),
                    "</th><td data-col=\"deals\" data-value=\"", raw_count(b.deals), "\">", format_count(b.deals),
                    "</td><td data-col=\"count_change\" data-value=\"", b.count_change, "\">",
                    format_signed_count(b.count_change), "</td><td data-col=\"amount_change\" data-value=\"",
                    raw_fixed(b.amount_change.value(), 2), "\">",
                    signed_text(b.amount_change.value(), true), "</td></tr>");
  }
  absl::StrAppend(&body, "<tr data-bucket=\"closing\"><th scope=\"row\">Closing</th><td data-value=\"",
                  raw_count(m.closing_deals), "\">", format_count(m.closing_deals), "</td><td></td><td data-value=\"",
                  raw_fixed(m.closing_amount.value(), 2), "\">", format_money(m.closing_amount.value()),
                  "</td></tr></tbody></table></div>");
  if (m.deals_pushed > 0) {
    absl::StrAppend(&body, "<p class=\"note\" id=\"movement-slip\" data-slip=\"", raw_number(m.slip_rate), "\">",
                    format_count(m.deals_pushed), " deals had their close date pushed at least once before ",
                    day(m.to), "; ", format_percent(m.slip_rate),
                    " of them were pushed again (the slip rate), by ", format_days(m.mean_push_days),
                    " a push on average.</p>");
  }
  if (!m.notes.empty()) {
    absl::StrAppend(&body, "<ul class=\"note\">");
    for (const std::string& n : m.notes) absl::StrAppend(&body, "<li>", escape(n), "</li>");
    absl::StrAppend(&body, "</ul>");
  }
  return Section{"movement", "Pipeline movement", std::move(body), false};
}

}  // namespace modelfunnel::internal::dashboard
