// revenue_movement(): the pipeline at `from` against the pipeline at `to`,
// every deal in either put in one primary bucket, so that opening + the
// buckets' changes = closing, in deals and in amount, exactly (amounts are
// summed as Amount's scaled integers). And the slip rate: of the deals
// whose expected close date was ever pushed, the share pushed again.
//
// A deal's state at an instant is what its events before that instant say:
// its stage is its latest event's (events of stages the graph lacks are
// ignored), its amount and expected close date the latest ones recorded on
// its events. A field-history change between two stage events shows from
// the next event on (the data set keeps field values on events).
#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/record_scan.hpp"
#include "modelfunnel/revenue.hpp"
#include "revenue/history.hpp"
#include "util/no_throw.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel {
namespace {

using internal::revenue::kMicrosPerDay;
using internal::revenue::Setup;
constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

/// A deal's state at one instant.
struct State {
  bool won = false;            // won at or before the instant (never open again for us)
  Setup::Kind kind = Setup::Kind::kNone;  // its latest event's
  int ord = -1;                // its latest event's main-path index
  std::int64_t amount = kNone; // latest amount (scaled)
  std::int64_t close = kNone;  // latest expected close date (micros)
};

/// One deal of either pipeline, before its strings are filled in.
struct Deal {
  std::uint32_t record = 0;
  MovementBucket bucket = MovementBucket::kCarried;
  int ord_from = -1, ord_to = -1;  // -1: not in that pipeline
  std::int64_t amount_from = 0, amount_to = 0;  // 0 when not in it or no amount
  std::int64_t close_from = kNone, close_to = kNone;
  std::uint32_t pushes = 0;
  bool no_amount_from = false, no_amount_to = false;  // in that pipeline at 0: no event carried one
};

struct Walker {
  const Setup* setup;
  std::int64_t from, to;
  bool windowed;
  std::int64_t window_begin, window_end;
  int first_ord;
  internal::SparseCursor<std::int64_t> amounts, closes;
  std::vector<Deal> deals;
  std::uint64_t pushes = 0, pushed = 0, pushed_again = 0;
  long double push_days = 0;
  std::uint64_t push_count_all = 0;

  Walker(const Setup& s, std::int64_t f, std::int64_t t, const std::optional<Period>& p, int first)
      : setup(&s), from(f), to(t), windowed(p.has_value()),
        window_begin(p ? p->begin.micros() : 0), window_end(p ? p->end.micros() : 0), first_ord(first),
        amounts(s.data->events.amount), closes(s.data->events.close_date) {}
  void start(std::uint32_t) {}
  void finish() {}

  bool in_pipeline(const State& s) const {
    return !s.won && s.kind == Setup::Kind::kOpen && s.ord >= first_ord && s.ord < setup->won;
  }
  bool in_window(const State& s) const {
    if (!in_pipeline(s)) return false;
    if (!windowed) return true;
    return s.close != kNone && s.close >= window_begin && s.close < window_end;
  }

  void visit(std::uint32_t record, std::size_t begin, std::size_t end) {
    const internal::EventStore& ev = setup->data->events;
    State at_from, now;
    bool won_between = false;
    std::uint32_t pushes_between = 0, pushes_all = 0;
    std::int64_t last_open_close = kNone;  // close date on the latest open-stage event carrying one
    for (std::size_t i = begin; i < end; ++i) {
      const std::int64_t t = ev.time[i];
      if (t == internal::kNoTime || t >= to) break;  // untimed events sort last
      const std::uint16_t code = ev.stage[i];
      const Setup::Kind kind = setup->code_kind[code];
      if (kind == Setup::Kind::kNone) continue;
      const auto row = static_cast<std::uint32_t>(i);
      now.kind = kind;
      now.ord = setup->code_ord[code];
      if (kind == Setup::Kind::kWon) {
        if (!now.won && t >= from) won_between = true;
        now.won = true;
      }
      if (auto a = amounts.find(row)) now.amount = *a;
      if (auto c = closes.find(row)) {
        now.close = *c;
        if (kind == Setup::Kind::kOpen) {
          if (last_open_close != kNone && *c > last_open_close) {
            ++pushes_all;
            push_days += static_cast<long double>(*c - last_open_close) / kMicrosPerDay;
            if (t >= from) ++pushes_between;
          }
          last_open_close = *c;
        }
      }
      if (t < from) at_from = now;
    }
    if (pushes_all) {
      ++pushed;
      if (pushes_all > 1) ++pushed_again;
      push_count_all += pushes_all;
    }
    pushes += pushes_between;
    const bool opening = in_window(at_from), closing = in_window(now);
    if (!opening && !closing) return;
    Deal d;
    d.record = record;
    d.pushes = pushes_between;
    d.close_from = at_from.close;
    d.close_to = now.close;
    if (opening) {
      d.ord_from = at_from.ord;
      d.amount_from = at_from.amount == kNone ? 0 : at_from.amount;
      d.no_amount_from = at_from.amount == kNone;
    }
    if (closing) {
      d.ord_to = now.ord;
      d.amount_to = now.amount == kNone ? 0 : now.amount;
      d.no_amount_to = now.amount == kNone;
    }
    if (opening && closing) {
      d.bucket = d.amount_to > d.amount_from   ? MovementBucket::kIncreased
                 : d.amount_to < d.amount_from ? MovementBucket::kDecreased
                                               : MovementBucket::kCarried;
    } else if (opening) {
      d.bucket = won_between        ? MovementBucket::kWon
                 : in_pipeline(now) ? MovementBucket::kPushedOut
                                    : MovementBucket::kLost;
    } else {
      d.bucket = in_pipeline(at_from) && at_from.close != kNone ? MovementBucket::kPulledIn : MovementBucket::kNew;
    }
    deals.push_back(d);
  }
};

bool add(std::int64_t& total, std::int64_t v) { return !__builtin_add_overflow(total, v, &total); }

absl::StatusOr<PipelineMovement> compute(const DataSet& data, const StageGraph& graph, const MovementOptions& options) {
  if (options.to <= options.from)
    return absl::InvalidArgumentError(absl::StrCat("movement: 'to' (", format_timestamp(options.to),
                                                   ") must be after 'from' (", format_timestamp(options.from), ")"));
  if (options.period && options.period->end <= options.period->begin)
    return absl::InvalidArgumentError("movement: the close-date period is empty");
  const internal::DataSetImpl& impl = internal::DataSetAccess::impl(data);
  auto setup = internal::revenue::make_setup(impl, graph, "");
  if (!setup.ok()) return setup.status();
  int first = -1;
  if (options.first_stage.empty()) {
    for (std::size_t i = 0; i + 1 < setup->main_path.size() && first < 0; ++i)
      if (setup->categorised[i]) first = static_cast<int>(i);
    if (first < 0) first = 0;
  } else {
    for (std::size_t i = 0; i + 1 < setup->main_path.size(); ++i)
      if (setup->main_path[i] == options.first_stage) first = static_cast<int>(i);
    if (first < 0)
      return absl::InvalidArgumentError(absl::StrCat("movement: first stage '", options.first_stage,
                                                     "' is not an open stage of the main path"));
  }
  const unsigned threads = internal::resolve_threads(options.threads);
  const unsigned parts = internal::scan_threads(impl.record_ids.size(), threads);
  std::vector<Walker> walkers;
  walkers.reserve(parts);
  for (unsigned p = 0; p < parts; ++p)
    walkers.emplace_back(*setup, options.from.micros(), options.to.micros(), options.period, first);
  internal::scan_records(impl, std::span<Walker>(walkers));

  PipelineMovement m;
  m.from = options.from;
  m.to = options.to;
  m.period = options.period;
  m.first_stage = setup->main_path[static_cast<std::size_t>(first)];
  std::int64_t opening = 0, closing = 0;
  std::vector<std::int64_t> bucket_from(8, 0), bucket_to(8, 0);
  std::vector<std::uint64_t> bucket_deals(8, 0);
  std::uint64_t push_count = 0;
  long double push_days = 0;
  const auto overflow = [] { return absl::OutOfRangeError("movement: a pipeline total passes the amount range"); };
  for (Walker& w : walkers) {
    m.pushes += w.pushes;
    m.deals_pushed += w.pushed;
    m.deals_pushed_again += w.pushed_again;
    push_count += w.push_count_all;
    push_days += w.push_days;
    for (const Deal& d : w.deals) {
      const auto b = static_cast<std::size_t>(d.bucket);
      ++bucket_deals[b];
      if (!add(bucket_from[b], d.amount_from) || !add(bucket_to[b], d.amount_to)) return overflow();
      if (d.ord_from >= 0) {
        ++m.opening_deals;
        if (d.no_amount_from) ++m.opening_without_amount;
        if (!add(opening, d.amount_from)) return overflow();
      }
      if (d.ord_to >= 0) {
        ++m.closing_deals;
        if (d.no_amount_to) ++m.closing_without_amount;
        if (!add(closing, d.amount_to)) return overflow();
      }
      MovementDealRow row;
      row.record = std::string(impl.record_ids[d.record]);
      row.bucket = d.bucket;
      if (d.ord_from >= 0) row.stage_from = setup->main_path[static_cast<std::size_t>(d.ord_from)];
      if (d.ord_to >= 0) row.stage_to = setup->main_path[static_cast<std::size_t>(d.ord_to)];
      row.amount_from = Amount::from_scaled(d.amount_from);
      row.amount_to = Amount::from_scaled(d.amount_to);
      if (d.close_from != kNone) row.close_from = Timestamp::from_micros(d.close_from);
      if (d.close_to != kNone) row.close_to = Timestamp::from_micros(d.close_to);
      row.pushes = d.pushes;
      m.deals.push_back(std::move(row));
    }
  }
  m.opening_amount = Amount::from_scaled(opening);
  m.closing_amount = Amount::from_scaled(closing);
  for (std::size_t b = 0; b < 8; ++b) {
    MovementBucketRow r;
    r.bucket = static_cast<MovementBucket>(b);
    r.deals = bucket_deals[b];
    const auto n = static_cast<std::int64_t>(r.deals);
    switch (r.bucket) {
      case MovementBucket::kNew:
      case MovementBucket::kPulledIn: r.count_change = n; break;
      case MovementBucket::kPushedOut:
      case MovementBucket::kWon:
      case MovementBucket::kLost: r.count_change = -n; break;
      default: r.count_change = 0; break;
    }
    std::int64_t change = 0;
    if (__builtin_sub_overflow(bucket_to[b], bucket_from[b], &change)) return overflow();
    r.amount_from = Amount::from_scaled(bucket_from[b]);
    r.amount_to = Amount::from_scaled(bucket_to[b]);
    r.amount_change = Amount::from_scaled(change);
    m.buckets.push_back(r);
  }
  m.slip_rate = m.deals_pushed ? static_cast<double>(m.deals_pushed_again) / static_cast<double>(m.deals_pushed)
                               : std::numeric_limits<double>::quiet_NaN();
  m.mean_push_days = push_count ? static_cast<double>(push_days / static_cast<long double>(push_count))
                                : std::numeric_limits<double>::quiet_NaN();
  if (impl.events.close_date.rows.empty() && options.period)
    m.notes.push_back("No event carries an expected close date, so no deal is in a close-date period; "
                      "without --period the movement covers every open deal.");
  return m;
}

}  // namespace

std::string_view to_string(MovementBucket bucket) {
  switch (bucket) {
    case MovementBucket::kNew: return "new";
    case MovementBucket::kPulledIn: return "pulled_in";
    case MovementBucket::kIncreased: return "increased";
    case MovementBucket::kDecreased: return "decreased";
    case MovementBucket::kPushedOut: return "pushed_out";
    case MovementBucket::kWon: return "won";
    case MovementBucket::kLost: return "lost";
    case MovementBucket::kCarried: return "carried";
  }
  return "unknown";
}

absl::StatusOr<PipelineMovement> revenue_movement(const DataSet& data, const StageGraph& graph,
                                                  const MovementOptions& options) {
  return internal::no_throw("revenue_movement", [&] { return compute(data, graph, options); });
}

}  // namespace modelfunnel
