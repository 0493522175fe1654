// Journeys from a data set's touches: one per record (or per account's
// conversion, buying-group mode), touches after the conversion and outside
// the lookback window dropped and counted.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "attribution/journeys.hpp"
#include "model/dataset_impl.hpp"
#include "util/huge_pages.hpp"
#include "util/parallel.hpp"

namespace modelfunnel::internal::attribution {
namespace {

constexpr double kMicrosPerDay = 86'400'000'000.0;
// Records per range of the parallel passes: fixed, so that nothing depends
// on the thread count.
constexpr std::size_t kRecordsPerRange = std::size_t{1} << 14;

// Interns the names touches are credited to.
class KeyTable {
 public:
  std::uint32_t id(std::string_view name) {
    auto [it, added] = ids_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.emplace_back(name);
    return it->second;
  }
  std::vector<std::string> take() { return std::move(names_); }

 private:
  absl::flat_hash_map<std::string_view, std::uint32_t> ids_;  // views into the DataSet or the literals
  std::vector<std::string> names_;
};

// One touch, reduced to what the models read.
struct Point {
  std::int64_t time;
  std::uint32_t key;
};

// What a touch is credited to: see AttributionKey.
std::string_view key_name(const DataSet& data, const Touch& t, AttributionKey by) {
  if (by == AttributionKey::kCampaign) return t.campaign ? *t.campaign : std::string_view("(no campaign)");
  if (t.channel && !t.channel->empty()) return *t.channel;
  if (t.campaign) {
    if (auto c = data.find_campaign(*t.campaign)) {
      const Campaign campaign = data.campaign(*c);
      if (campaign.type && !campaign.type->empty()) return *campaign.type;
    }
  }
  return "(unknown)";
}

// Appends a journey over @p points (time-ordered) ending at @p ref.
void add_journey(Journeys& j, const std::vector<Point>& points, std::int64_t ref, const RecordOutcome& outcome,
                 bool converted) {
  for (const Point& p : points) {
    j.key.push_back(p.key);
    j.age_days.push_back(static_cast<double>(ref - p.time) / kMicrosPerDay);
  }
  auto anchor = [&](std::int64_t stage_time) -> std::int32_t {
    std::int32_t a = -1;
    if (stage_time == INT64_MAX) return a;  // the stage was never reached
    for (std::size_t i = 0; i < points.size() && points[i].time <= stage_time; ++i) a = static_cast<std::int32_t>(i);
    return a;
  };
  j.lead_anchor.push_back(anchor(outcome.lead_time));
  j.opportunity_anchor.push_back(anchor(outcome.opportunity_time));
  j.conversions.push_back(converted ? 1.0 : 0.0);
  j.value.push_back(converted ? outcome.value : 0.0);
  j.nulls.push_back(converted ? 0.0 : 1.0);
  j.begin.push_back(j.key.size());
}

// Filters @p all (time-ordered) to the touches a journey ending at the
// conversion (or, when nullopt, at its last touch) may use.
std::int64_t select(const std::vector<Point>& all, std::optional<std::int64_t> conversion,
                    const std::optional<double>& lookback_days, std::vector<Point>& out, DataSetCounts& counts) {
  out.clear();
  std::size_t end = all.size();
  if (conversion) {
    end = 0;
    while (end < all.size() && all[end].time <= *conversion) ++end;
    counts.touches_after_conversion += all.size() - end;
  }
  if (end == 0) return conversion.value_or(0);
  const std::int64_t ref = conversion ? *conversion : all[end - 1].time;
  std::size_t first = 0;
  if (lookback_days) {
    const double limit = *lookback_days * kMicrosPerDay;
    while (first < end && static_cast<double>(ref - all[first].time) > limit) ++first;
    counts.touches_outside_lookback += first;
  }
  out.assign(all.begin() + static_cast<std::ptrdiff_t>(first), all.begin() + static_cast<std::ptrdiff_t>(end));
  return ref;
}

// What a touch is credited to, before it is named: its channel code, its
// campaign code, or neither (key_name() then gives a fixed name). A key's
// name depends on nothing else.
struct Source {
  std::uint32_t kind;  // 0 channel, 1 campaign, 2 neither
  std::uint32_t code;
};

Source source_of(const TouchStore& store, const TouchStore::Row& row, AttributionKey by) {
  if (by == AttributionKey::kChannel && row.channel != kMissingCode && !store.texts[row.channel].empty())
    return {0, row.channel};
  if (row.campaign != kMissingCode) return {1, row.campaign};
  return {2, 0};
}

// The touches [first, end) of a record's [b, e) that its journey uses, and
// its reference time: select() over the stored rows, without a copy.
struct Used {
  std::size_t first = 0, end = 0;
  std::int64_t ref = 0;
};

Used used_touches(const TouchStore& store, std::size_t b, std::size_t e, const RecordOutcome& o,
                  const std::optional<double>& lookback_days, DataSetCounts& counts) {
  Used u{b, e, 0};
  if (o.converted) {
    u.end = b;
    while (u.end < e && store.rows[u.end].time <= o.conversion_time) ++u.end;
    counts.touches_after_conversion += e - u.end;
  }
  if (u.end == b) return {b, b, 0};
  u.ref = o.converted ? o.conversion_time : store.rows[u.end - 1].time;
  if (lookback_days) {
    const double limit = *lookback_days * kMicrosPerDay;
    while (u.first < u.end && static_cast<double>(u.ref - store.rows[u.first].time) > limit) ++u.first;
    counts.touches_outside_lookback += u.first - b;
  }
  return u;
}

// One journey per record with touches, built on up to @p threads threads in
// two passes over fixed ranges of records: count (journeys, touches, and
// the keys in order of first appearance), then fill the preallocated
// columns at each range's offsets. Keys are numbered as one pass in record
// order would number them, so the result is the same for any thread count.
Journeys record_journeys(const DataSet& data, const std::vector<RecordOutcome>& outcomes,
                         const AttributionOptions& options, AttributionKey by, unsigned threads,
                         DataSetCounts& counts) {
  const TouchStore& store = DataSetAccess::impl(data).touches;
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  struct Range {
    std::size_t journeys = 0, touches = 0;
    DataSetCounts counts;
    std::vector<std::pair<Source, std::size_t>> sources;  // first appearances: source, a touch of it
  };
  std::vector<Range> parts(ranges);
  auto bounds = [&](std::size_t range) {
    return std::pair{static_cast<RecordIndex>(range * kRecordsPerRange),
                     static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange))};
  };
  parallel_for(threads, ranges, [&](std::size_t range) {
    Range& part = parts[range];
    std::vector<std::uint8_t> seen[3];
    const auto [from, to] = bounds(range);
    for (RecordIndex r = from; r < to; ++r) {
      const auto [b, e] = data.touches_of(r);
      for (std::size_t i = b; i < e; ++i) {
        const Source s = source_of(store, store.rows[i], by);
        std::vector<std::uint8_t>& flags = seen[s.kind];
        if (s.code >= flags.size()) flags.resize(std::max<std::size_t>(s.code + 1, 2 * flags.size()), 0);
        if (!flags[s.code]) flags[s.code] = 1, part.sources.push_back({s, i});
      }
      const RecordOutcome& o = outcomes[r];
      const Used u = used_touches(store, b, e, o, options.lookback_days, part.counts);
      if (u.first == u.end) {
        if (o.converted) ++part.counts.conversions_without_touches;
        continue;
      }
      ++part.journeys;
      part.touches += u.end - u.first;
    }
  });

  // Keys named in order of first appearance over the ranges in order.
  KeyTable keys;
  std::vector<std::uint32_t> key_of[3];
  std::size_t journeys = 0, touches = 0;
  std::vector<std::size_t> journey_at(ranges), touch_at(ranges);
  for (std::size_t range = 0; range < ranges; ++range) {
    const Range& part = parts[range];
    for (const auto& [s, i] : part.sources) {
      std::vector<std::uint32_t>& ids = key_of[s.kind];
      if (s.code >= ids.size()) ids.resize(s.code + 1, UINT32_MAX);
      if (ids[s.code] == UINT32_MAX) ids[s.code] = keys.id(key_name(data, data.touch(i), by));
    }
    journey_at[range] = journeys, touch_at[range] = touches;
    journeys += part.journeys, touches += part.touches;
    counts.touches_after_conversion += part.counts.touches_after_conversion;
    counts.touches_outside_lookback += part.counts.touches_outside_lookback;
    counts.conversions_without_touches += part.counts.conversions_without_touches;
  }

  Journeys j;
  j.single_records = true;
  j.keys = keys.take();
  j.begin = huge_vector<std::uint64_t>(journeys + 1);
  j.key = huge_vector<std::uint32_t>(touches);
  j.age_days = huge_vector<double>(touches);
  j.lead_anchor = huge_vector<std::int32_t>(journeys);
  j.opportunity_anchor = huge_vector<std::int32_t>(journeys);
  j.conversions = huge_vector<double>(journeys);
  j.value = huge_vector<double>(journeys);
  j.nulls = huge_vector<double>(journeys);
  parallel_for(threads, ranges, [&](std::size_t range) {
    std::size_t jn = journey_at[range], t = touch_at[range];
    DataSetCounts ignored;  // counted in the first pass
    const auto [from, to] = bounds(range);
    for (RecordIndex r = from; r < to; ++r) {
      const auto [b, e] = data.touches_of(r);
      const RecordOutcome& o = outcomes[r];
      const Used u = used_touches(store, b, e, o, options.lookback_days, ignored);
      if (u.first == u.end) continue;
      for (std::size_t i = u.first; i < u.end; ++i, ++t) {
        const TouchStore::Row& row = store.rows[i];
        const Source s = source_of(store, row, by);
        j.key[t] = key_of[s.kind][s.code];
        j.age_days[t] = static_cast<double>(u.ref - row.time) / kMicrosPerDay;
      }
      // The anchor: the last used touch at or before the stage's first entry.
      auto anchor = [&](std::int64_t stage_time) -> std::int32_t {
        std::int32_t a = -1;
        if (stage_time == INT64_MAX) return a;  // the stage was never reached
        for (std::size_t i = u.first; i < u.end && store.rows[i].time <= stage_time; ++i)
          a = static_cast<std::int32_t>(i - u.first);
        return a;
      };
      j.lead_anchor[jn] = anchor(o.lead_time);
      j.opportunity_anchor[jn] = anchor(o.opportunity_time);
      j.conversions[jn] = o.converted ? 1.0 : 0.0;
      j.value[jn] = o.converted ? o.value : 0.0;
      j.nulls[jn] = o.converted ? 0.0 : 1.0;
      j.begin[jn + 1] = t;
      ++jn;
    }
  });
  return j;
}

}  // namespace

std::vector<RecordOutcome> record_outcomes(const DataSet& data, const AttributionOptions& options, unsigned threads) {
  std::vector<RecordOutcome> out = huge_vector<RecordOutcome>(data.record_count());
  const EventColumns ev = data.event_columns();
  const std::optional<StageCode> conv = data.find_stage(options.conversion_stage);
  const std::optional<StageCode> lead = data.find_stage(options.lead_stage);
  const std::optional<StageCode> opp = data.find_stage(options.opportunity_stage);
  // Records are independent: fixed ranges on the allowed threads.
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  parallel_for(threads, ranges, [&](std::size_t range) {
    const auto from = static_cast<RecordIndex>(range * kRecordsPerRange);
    const auto to = static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange));
    // The sparse amount column's cursor, from the range's first event on.
    std::size_t a = static_cast<std::size_t>(
        std::lower_bound(ev.amount.events.begin(), ev.amount.events.end(), data.events_of(from).first) -
        ev.amount.events.begin());
    for (RecordIndex r = from; r < to; ++r) {
      RecordOutcome& o = out[r];
      const auto [first, last] = data.events_of(r);
      std::optional<std::int64_t> latest_amount;
      for (std::size_t i = first; i < last; ++i) {
        const std::int64_t t = ev.time[i];
        while (a < ev.amount.events.size() && ev.amount.events[a] < i) ++a;
        std::optional<std::int64_t> amount;
        if (a < ev.amount.events.size() && ev.amount.events[a] == i) amount = ev.amount.values[a];
        if (t == kNoEventTime) continue;  // an undated event converts nothing
        const StageCode s = ev.stage[i];
        if (lead && s == *lead) o.lead_time = std::min(o.lead_time, t);
        if (opp && s == *opp) o.opportunity_time = std::min(o.opportunity_time, t);
        if (conv && s == *conv && !o.converted) {
          o.converted = true;
          o.conversion_time = t;
          const std::optional<std::int64_t> v = amount ? amount : latest_amount;
          o.value = v ? Amount::from_scaled(*v).value() : 0.0;
        }
        if (amount) latest_amount = amount;
      }
    }
  });
  return out;
}

Journeys journeys_from_dataset(const DataSet& data, const std::vector<RecordOutcome>& outcomes,
                               const AttributionOptions& options, AttributionKey by, unsigned threads,
                               DataSetCounts& counts) {
  Journeys j;
  j.single_records = true;
  KeyTable keys;
  j.key.reserve(data.touch_count());
  j.age_days.reserve(data.touch_count());
  std::vector<Point> all, used;
  // A touch's key depends only on its channel code (or, without one, its
  // campaign code): read the stored rows and name each code once.
  const TouchStore& store = DataSetAccess::impl(data).touches;
  std::vector<std::uint32_t> by_channel, by_campaign;
  auto cached = [&](std::vector<std::uint32_t>& cache, std::uint32_t code, std::size_t i) {
    if (code >= cache.size()) cache.resize(code + 1, UINT32_MAX);
    if (cache[code] == UINT32_MAX) cache[code] = keys.id(key_name(data, data.touch(i), by));
    return cache[code];
  };
  auto points_of = [&](RecordIndex r, std::vector<Point>& into) {
    const auto [first, last] = data.touches_of(r);
    for (std::size_t i = first; i < last; ++i) {
      const TouchStore::Row& row = store.rows[i];
      std::uint32_t key;
      if (by == AttributionKey::kChannel && row.channel != kMissingCode && !store.texts[row.channel].empty())
        key = cached(by_channel, row.channel, i);
      else if (row.campaign != kMissingCode)
        key = cached(by_campaign, row.campaign, i);
      else
        key = keys.id(key_name(data, data.touch(i), by));
      into.push_back({row.time, key});
    }
  };

  if (options.account_attribute.empty()) return record_journeys(data, outcomes, options, by, threads, counts);

  // Buying groups: the records of each account value, in order of first appearance.
  const std::optional<AttributeColumnView> column = data.find_attribute(options.account_attribute);
  if (!column) throw std::invalid_argument("no attribute '" + options.account_attribute + "' (account_attribute)");
  if (column->type() != AttributeType::kString)
    throw std::invalid_argument("attribute '" + options.account_attribute + "' is not a string (account_attribute)");
  const AttributeColumnData codes = column->data();
  std::vector<std::vector<RecordIndex>> groups(column->dictionary().size());
  std::vector<std::vector<RecordIndex>> alone;
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    const std::uint32_t c = codes.codes[r];
    if (c == kMissingStringCode) alone.push_back({r});
    else groups[c].push_back(r);
  }
  for (auto& g : alone) groups.push_back(std::move(g));
  const RecordOutcome none;
  for (const std::vector<RecordIndex>& group : groups) {
    all.clear();
    for (RecordIndex r : group) points_of(r, all);
    std::stable_sort(all.begin(), all.end(), [](const Point& x, const Point& y) { return x.time < y.time; });
    bool any = false;
    for (RecordIndex r : group) {
      const RecordOutcome& o = outcomes[r];
      if (!o.converted) continue;
      any = true;
      const std::int64_t ref = select(all, o.conversion_time, options.lookback_days, used, counts);
      if (used.empty()) ++counts.conversions_without_touches;
      else add_journey(j, used, ref, o, true);
    }
    if (!any && !all.empty()) {
      const std::int64_t ref = select(all, std::nullopt, options.lookback_days, used, counts);
      if (!used.empty()) add_journey(j, used, ref, none, false);
    }
  }
  j.keys = keys.take();
  return j;
}

}  // namespace modelfunnel::internal::attribution
