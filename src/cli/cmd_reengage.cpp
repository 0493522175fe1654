// `modelfunnel reengage`: lost records due for re-engagement at a date under
// a policy (docs/reengage.md), ranked by expected value, with the learned
// windows, the reasons (unmapped and unpoliced included) and the recycled
// funnel. `--format csv` prints one table, by default the queue: one row
// per record due.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "output.hpp"
#include "timing.hpp"
#include "modelfunnel/reengage.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel reengage (--data DIR | --map MAPPING [FILE...]) --policy POLICY.json\n"
    "                            --as-of DATE [options]\n"
    "\n"
    "Lists the lost records due for re-engagement at DATE: each record's last loss\n"
    "reason is mapped onto the policy's taxonomy (case and spaces ignored), and the\n"
    "policy says when to re-approach it (days after the loss, the customer's\n"
    "timeline, the next fiscal year, ahead of a competitor's renewal, never, or the\n"
    "learned time to re-open), who (inside_sales or marketing_nurture), the channel\n"
    "and the content track. Due records are ranked by expected value = past amount\n"
    "x re-win rate of the reason x fit, ties by record id. Reasons the taxonomy does\n"
    "not know, and reasons without a policy, are counted (--table reasons), never\n"
    "dropped. docs/reengage.md describes the policy file and every column.\n"
    "\n"
    "inputs:\n"
    "  --data DIR          a folder with leads.csv and events.csv (as 'generate'\n"
    "                      writes)\n"
    "  --map MAPPING       a mapping file; FILE arguments bind its tables\n"
    "  --graph FILE        stage graph (JSON) naming the lost and won stages;\n"
    "                      default: the mapping's, else The Model\n"
    "  --policy FILE       the re-engagement policy (examples/reengage/policy.json)\n"
    "  --as-of DATE        the day to compute the queue for (ISO 8601, e.g.\n"
    "                      2024-06-30; a bare date means its end, 23:59:59 UTC);\n"
    "                      only events up to then count\n"
    "  --threads N         threads for the load (default 0: as many as the\n"
    "                      hardware has)\n"
    "\n"
    "output:\n"
    "  --format F          table (default), csv or json (everything)\n"
    "  --table T           with csv: queue (default; one row per record due),\n"
    "                      reasons, windows (learned time to re-open and re-win\n"
    "                      rates with 95% intervals), or funnel (recycled records)\n"
    "  --report T          the same as --table\n"
    "  --timing            print load_s=... compute_s=... rss_mb=... to stderr\n"
    "  --help              show this help\n";

/// A bare date means the end of that day: everything recorded on it counts.
Timestamp parse_as_of(const std::string& text) {
  absl::StatusOr<Timestamp> t = parse_timestamp(text, TimeFormat::iso8601());
  if (!t.ok()) throw UsageError("--as-of: " + std::string(t.status().message()));
  if (text.size() == 10) return Timestamp::from_micros(t->micros() + 86'400'000'000 - 1'000'000);
  return *t;
}

std::string day(Timestamp t) { return format_timestamp(t).substr(0, 10); }
Cell opt(const std::optional<double>& x) { return x ? Cell(*x) : Cell(); }

void add_tables(Report& out, const Reengagement& r) {
  Table& totals = out.add_single("summary", "Re-engagement");
  set(totals, "as_of", format_timestamp(r.as_of));
  set(totals, "lost_records", std::uint64_t{r.lost_records});
  set(totals, "due", std::uint64_t{r.queue.size()});
  if (r.median_won_amount) set(totals, "median_won_amount", Money{*r.median_won_amount});
  Table& q = out.add("queue", "Due for re-engagement (by expected value)",
                     {"rank", "record_id", "reason", "lost_at", "due_at", "expected_value", "who", "channel", "track",
                      "attempts"});
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < r.queue.size() && i < kShown; ++i) {
    const QueueEntry& e = r.queue[i];
    q.add_row({e.rank, e.id, e.reason, day(e.lost_at), day(e.due_at), Money{e.expected_value},
               std::string(to_string(e.who)), e.channel, e.track, std::uint64_t{e.attempts}});
  }
  if (r.queue.size() > kShown)
    out.notes.push_back("Showing the first " + std::to_string(kShown) + " of " + std::to_string(r.queue.size()) +
                        " records due; --format csv prints one row per record due.");
  Table& rs = out.add("reasons", "Lost records by reason",
                      {"reason", "policy", "lost", "due", "not_yet_due", "cooling_down", "never", "lost_twice_skip",
                       "expired", "no_policy"});
  for (const LossReasonCount& c : r.reasons)
    rs.add_row({c.reason, std::string(c.has_policy ? "yes" : "NO"), c.lost_records, c.due, c.not_yet_due,
                c.cooling_down, c.never, c.skipped_lost_twice, c.expired, c.no_policy});
  if (!r.unmapped.empty()) {
    Table& u = out.add("unmapped", "Loss texts the taxonomy does not know", {"text", "losses"});
    for (const UnmappedReason& x : r.unmapped) u.add_row({x.text, x.count});
  }
  Table& w = out.add("windows", "Learned: time to re-open and re-win rate per reason",
                     {"reason", "lost", "reopened", "median_days_to_reopen", "rewon", "rewin_rate", "rewin_low",
                      "rewin_high"});
  for (const ReasonWindow& x : r.windows)
    if (x.segment.empty())
      w.add_row({x.reason, x.lost, x.reopened, opt(x.median_days_to_reopen), x.rewon, x.rewin_rate, x.rewin_low,
                 x.rewin_high});
  Table& f = out.add("funnel", "Recycled records as their own funnel", {"stage", "records", "conversion"});
  for (const RecycledStage& s : r.recycled_funnel) f.add_row({s.stage, s.records, s.conversion});
  Table& c = out.add_single("costs", "Cost per win: re-engaged vs new");
  set(c, "wins_new", r.costs.wins_new);
  set(c, "wins_reengaged", r.costs.wins_reengaged);
  if (r.costs.known) {
    set(c, "cost_per_win_new", r.costs.cost_per_win_new ? Cell(Money{*r.costs.cost_per_win_new}) : Cell());
    set(c, "cost_per_win_reengaged",
        r.costs.cost_per_win_reengaged ? Cell(Money{*r.costs.cost_per_win_reengaged}) : Cell());
  }
}

void add_notes(Report& out, const Reengagement& r) {
  std::uint64_t unmapped = 0, unpoliced = 0;
  for (const UnmappedReason& u : r.unmapped) unmapped += u.count;
  for (const LossReasonCount& c : r.reasons) unpoliced += c.no_policy;
  if (unmapped)
    out.notes.push_back(std::to_string(unmapped) + " losses have a reason the taxonomy does not know (" +
                        std::to_string(r.unmapped.size()) + " distinct texts); --table reasons lists them.");
  if (unpoliced)
    out.notes.push_back(std::to_string(unpoliced) +
                        " lost records have a reason without a policy; they are not queued (--table reasons).");
  if (!r.costs.known)
    out.notes.push_back("No cost data (no touch carries a cost): cost per win re-engaged vs new is not computed.");
  if (r.median_won_amount)
    out.notes.push_back("Records without an amount are valued at the median won amount of their segment, or of all "
                        "records (amount_source median_won_segment, median_won).");
  if (r.undated_events) out.notes.push_back(std::to_string(r.undated_events) + " events have no time; ignored.");
}

int run_reengage(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"data", "map", "graph", "policy", "as-of", "threads", "format", "table",
                                    "report"},
                         .switches = {"timing"},
                         .positionals = true});
  if (args.has("help")) return print_help(kReengageCommand);
  const Format format = parse_format("--format", args.value("format").value_or("table"));
  if (args.value("table") && args.value("report")) throw UsageError("give --table or --report, not both");
  const std::optional<std::string> table_name = args.value("table") ? args.value("table") : args.value("report");
  std::optional<ReengageTable> table = ReengageTable::kQueue;
  if (table_name) {
    table = reengage_table_from_string(*table_name);
    if (!table) throw UsageError("--table: expected queue, reasons, windows or funnel");
    if (format != Format::kCsv) throw UsageError("--table needs --format csv");
  }
  const std::optional<std::string> policy_file = args.value("policy");
  if (!policy_file) throw UsageError("--policy FILE is required");
  const std::optional<std::string> as_of_text = args.value("as-of");
  if (!as_of_text) throw UsageError("--as-of DATE is required");
  const Timestamp as_of = parse_as_of(*as_of_text);

  using Clock = std::chrono::steady_clock;
  Report out;
  const Mapping mapping = data_mapping(args);
  const auto t0 = Clock::now();
  absl::StatusOr<ReengagePolicy> policy = ReengagePolicy::load_file(*policy_file);
  if (!policy.ok()) throw RuntimeError(std::string(policy.status().message()));
  const DataSet data = load_engine_data(args, mapping, out, BadRows::kStrict);
  ReengageOptions options;
  options.graph = choose_graph(args, mapping).first;
  options.threads = threads_flag(args);
  const auto t1 = Clock::now();
  absl::StatusOr<Reengagement> result = reengagement_queue(data, *policy, as_of, options);
  if (!result.ok()) throw RuntimeError(*policy_file + ": " + std::string(result.status().message()));
  const auto t2 = Clock::now();

  add_notes(out, *result);
  if (format == Format::kTable) {
    add_tables(out, *result);
    print(out, format, std::cout, std::cerr);
  } else {
    absl::StatusOr<std::string> text =
        format == Format::kJson ? reengage_json(*result) : reengage_csv(*result, *table);
    if (!text.ok()) throw RuntimeError(std::string(text.status().message()));
    std::fwrite(text->data(), 1, text->size(), stdout);
    std::fflush(stdout);
    for (const std::string& n : out.notes) std::cerr << n << '\n';
  }
  if (args.has("timing")) {
    print_timing(t0, t1, t2);
  }
  return 0;
}

}  // namespace

const Command kReengageCommand = {"reengage",
                                  "lost records due for re-engagement by loss reason, ranked by expected value",
                                  kHelp, run_reengage};

}  // namespace modelfunnel::cli
