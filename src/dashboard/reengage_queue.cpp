// Re-engagement: the top of the queue of lost records due to be approached
// again (ranked by expected value, as the engine ranks them), and what
// became of the lost records of each reason — due, waiting (not yet due or
// cooling down) or not re-approached (never, lost twice, expired, no
// policy) — as stacked bars and the table behind them. Drawn only when a
// policy was given.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr std::size_t kMaxQueue = 15;   // a rep's morning, not the whole list (the CLI has it)
constexpr std::size_t kMaxUnmapped = 10;

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }

const char* who_label(ReengageWho who) {
  return who == ReengageWho::kMarketingNurture ? "Marketing nurture" : "Inside sales";
}

std::string money_cell(const char* col, double x) {
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_fixed(x, 2), "\">", format_money(x), "</td>");
}

std::string count_cell(const char* col, std::uint64_t n) {
  return absl::StrCat("<td data-col=\"", col, "\" data-value=\"", raw_count(n), "\">", format_count(n), "</td>");
}

std::string queue_table(const Reengagement& r) {
  std::string out =
      "<p class=\"note\">Expected value = past amount \u00D7 re-win rate of the reason \u00D7 fit.</p>"
      "<div class=\"tw\"><table id=\"reengage-queue\" class=\"sortable\"><caption>Due now, by expected value"
      "</caption><thead><tr>"
      "<th scope=\"col\"><button type=\"button\">Rank</button></th>"
      "<th scope=\"col\"><button type=\"button\">Record</button></th>"
      "<th scope=\"col\"><button type=\"button\">Reason</button></th>"
      "<th scope=\"col\"><button type=\"button\">Due since</button></th>"
      "<th scope=\"col\"><button type=\"button\">Who</button></th>"
      "<th scope=\"col\"><button type=\"button\">Amount</button></th>"
      "<th scope=\"col\"><button type=\"button\">Re-win rate</button></th>"
      "<th scope=\"col\"><button type=\"button\">Expected value</button></th></tr></thead><tbody>";
  for (std::size_t i = 0; i < r.queue.size() && i < kMaxQueue; ++i) {
    const QueueEntry& e = r.queue[i];
    absl::StrAppend(&out, "<tr data-record=\"", escape(e.id), "\">", count_cell("rank", e.rank),
                    "<th scope=\"row\">", escape(e.id), "</th><td data-col=\"reason\">", escape(e.reason),
                    e.lost_twice ? " (lost twice)" : "", "</td><td data-col=\"due\">", day(e.due_at), "</td><td>", who_label(e.who), "</td>", money_cell("amount", e.amount),
                    "<td data-col=\"rewin_rate\" data-value=\"", raw_number(e.rewin_rate), "\">",
                    format_percent(e.rewin_rate), "</td>", money_cell("expected_value", e.expected_value), "</tr>");
  }
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

struct StatusSplit {
  std::uint64_t due = 0, waiting = 0, not_reapproached = 0;
};

StatusSplit split(const LossReasonCount& c) {
  return {c.due, c.not_yet_due + c.cooling_down, c.never + c.skipped_lost_twice + c.expired + c.no_policy};
}

std::string reason_name(const LossReasonCount& c) {
  return escape(c.reason) + (c.has_policy || c.reason == "(unmapped)" ? "" : " (no policy)");
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return absl::StrCat(format_count(n), " ", n == 1 ? one : many);
}

std::string reason_bars(const Reengagement& r) {
  std::string out = "<ul class=\"stacks\">";
  for (const LossReasonCount& c : r.reasons) {
    if (c.lost_records == 0) continue;
    const StatusSplit s = split(c);
    absl::StrAppend(&out, "<li><span class=\"hl\">", reason_name(c), " \u00B7 ", format_count(c.lost_records),
                    " lost, ", format_count(c.due), " due</span><span class=\"stack\">");
    const std::uint64_t parts[] = {s.due, s.waiting, s.not_reapproached};
    const char* names[] = {"due", "waiting", "not re-approached"};
    for (int k = 0; k < 3; ++k) {
      if (parts[k] == 0) continue;
      const double share = static_cast<double>(parts[k]) / static_cast<double>(c.lost_records);
      absl::StrAppend(&out, "<span class=\"seg d", k, "\" style=\"width:", raw_number(std::round(share * 1000) / 10),
                      "%\" title=\"", names[k], " ", format_percent(share), "\"></span>");
    }
    absl::StrAppend(&out, "</span></li>");
  }
  absl::StrAppend(&out, "</ul><p class=\"legend\"><span class=\"key d0\"></span>due "
                        "<span class=\"key d1\"></span>waiting (not yet due, cooling down) "
                        "<span class=\"key d2\"></span>not re-approached (never, lost twice, expired, no policy)</p>");
  return out;
}

std::string reason_table(const Reengagement& r) {
  std::string out =
      "<div class=\"tw\"><table id=\"reengage-reasons\"><caption>Lost records by reason and status</caption>"
      "<thead><tr><th scope=\"col\">Reason</th><th scope=\"col\">Lost</th><th scope=\"col\">Due</th>"
      "<th scope=\"col\">Not yet due</th><th scope=\"col\">Cooling down</th><th scope=\"col\">Never</th>"
      "<th scope=\"col\">Lost twice</th><th scope=\"col\">Expired</th><th scope=\"col\">No policy</th>"
      "</tr></thead><tbody>";
  for (const LossReasonCount& c : r.reasons)
    absl::StrAppend(&out, "<tr data-reason=\"", escape(c.reason), "\"><th scope=\"row\">", reason_name(c), "</th>",
                    count_cell("lost", c.lost_records), count_cell("due", c.due),
                    count_cell("not_yet_due", c.not_yet_due), count_cell("cooling_down", c.cooling_down),
                    count_cell("never", c.never), count_cell("lost_twice", c.skipped_lost_twice),
                    count_cell("expired", c.expired), count_cell("no_policy", c.no_policy), "</tr>");
  absl::StrAppend(&out, "</tbody></table></div>");
  return out;
}

std::string unmapped_list(const Reengagement& r) {
  if (r.unmapped.empty()) return {};
  std::uint64_t losses = 0;
  for (const UnmappedReason& u : r.unmapped) losses += u.count;
  std::string out = absl::StrCat("<details><summary>", plural(losses, "loss", "losses"), " with a reason the taxonomy "
                                 "does not know (", plural(r.unmapped.size(), "text", "texts"),
                                 r.unmapped.size() > kMaxUnmapped ? absl::StrCat(", the ", kMaxUnmapped, " most frequent shown")
                                                                  : std::string(),
                                 ")</summary><div class=\"tw\"><table id=\"reengage-unmapped\"><thead><tr>"
                                 "<th scope=\"col\">Loss text</th><th scope=\"col\">Losses</th></tr></thead><tbody>");
  for (std::size_t i = 0; i < r.unmapped.size() && i < kMaxUnmapped; ++i)
    absl::StrAppend(&out, "<tr><th scope=\"row\">", escape(r.unmapped[i].text), "</th>",
                    count_cell("losses", r.unmapped[i].count), "</tr>");
  absl::StrAppend(&out, "</tbody></table></div></details>");
  return out;
}

}  // namespace

std::optional<Section> reengage_section(const DashboardInputs& in) {
  if (!in.reengagement) return std::nullopt;
  const Reengagement& r = *in.reengagement;
  double value = 0;
  for (const QueueEntry& e : r.queue) value += e.expected_value;
  std::string body = absl::StrCat(
      "<p class=\"note\" id=\"reengage-summary\" data-lost=\"", raw_count(r.lost_records), "\" data-due=\"",
      raw_count(r.queue.size()), "\">As of ", day(r.as_of), ": ", format_count(r.lost_records),
      " records are lost; ", format_count(r.queue.size()), " are due to be approached again, worth ",
      format_money(value), " in expected value.",
      r.queue.size() > kMaxQueue ? absl::StrCat(" The ", kMaxQueue, " most valuable are listed; "
                                                "<code>modelfunnel reengage</code> lists them all.")
                                 : std::string(),
      "</p>");
  if (!r.queue.empty()) absl::StrAppend(&body, queue_table(r));
  absl::StrAppend(&body, "<h3>By reason</h3>", reason_bars(r), reason_table(r), unmapped_list(r));
  return Section{"reengagement", "Re-engagement queue", std::move(body), true};
}

}  // namespace modelfunnel::internal::dashboard
