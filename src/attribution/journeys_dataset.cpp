// Journeys from a data set's touches: one per record (or per account's
// conversion, buying-group mode), touches after the conversion and outside
// the lookback window dropped and counted.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
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

// The keys of a data set's touches under one AttributionKey: their names,
// numbered in order of first appearance over every touch in row order
// (the same for every call, whatever its options), and the key of each
// source. Built once per data set and kind of key (DataSetImpl::derived):
// it is a pass over every stored touch, which a call then need not make.
struct KeyIndex {
  std::vector<std::string> keys;
  std::vector<std::uint32_t> key_of[3];  // [Source::kind][Source::code]; UINT32_MAX: never seen

  std::uint32_t key(const TouchStore& store, const TouchStore::Row& row, AttributionKey by) const {
    const Source s = source_of(store, row, by);
    return key_of[s.kind][s.code];
  }
};

// Fixed ranges of records on up to @p threads threads, each listing its
// sources' first appearances, then named in range order: the numbering
// one pass in record order would give, for any thread count.
KeyIndex build_key_index(const DataSet& data, AttributionKey by, unsigned threads) {
  const TouchStore& store = DataSetAccess::impl(data).touches;
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  std::vector<std::vector<std::pair<Source, std::size_t>>> firsts(ranges);  // source, a touch of it
  parallel_for(threads, ranges, [&](std::size_t range) {
    std::vector<std::uint8_t> seen[3];
    const std::size_t b = data.touches_of(static_cast<RecordIndex>(range * kRecordsPerRange)).first;
    const std::size_t e =
        data.touches_of(static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange) - 1)).second;
    for (std::size_t i = b; i < e; ++i) {
      const Source s = source_of(store, store.rows[i], by);
      std::vector<std::uint8_t>& flags = seen[s.kind];
      if (s.code >= flags.size()) flags.resize(std::max<std::size_t>(s.code + 1, 2 * flags.size()), 0);
      if (!flags[s.code]) flags[s.code] = 1, firsts[range].push_back({s, i});
    }
  });
  KeyTable names;
  KeyIndex index;
  for (const auto& part : firsts)
    for (const auto& [s, i] : part) {
      std::vector<std::uint32_t>& ids = index.key_of[s.kind];
      if (s.code >= ids.size()) ids.resize(s.code + 1, UINT32_MAX);
      if (ids[s.code] == UINT32_MAX) ids[s.code] = names.id(key_name(data, data.touch(i), by));
    }
  index.keys = names.take();
  return index;
}

std::shared_ptr<const KeyIndex> key_index(const DataSet& data, AttributionKey by, unsigned threads) {
  const std::string_view name =
      by == AttributionKey::kCampaign ? "attribution.keys.campaign" : "attribution.keys.channel";
  return DataSetAccess::impl(data).derived.get<KeyIndex>(name, [&] { return build_key_index(data, by, threads); });
}

// The last used touch at or before a stage's first entry (-1: none, or the
// stage was never reached), as an index within the journey.
std::int32_t anchor_of(const TouchStore& store, const Used& u, std::int64_t stage_time) {
  std::int32_t a = -1;
  if (stage_time == INT64_MAX) return a;
  for (std::size_t i = u.first; i < u.end && store.rows[i].time <= stage_time; ++i)
    a = static_cast<std::int32_t>(i - u.first);
  return a;
}

// One journey per record with touches, built on up to @p threads threads in
// two passes over fixed ranges of records: count (journeys and touches),
// then fill the preallocated columns at each range's offsets. The result
// is the same for any thread count.
Journeys record_journeys(const DataSet& data, const std::vector<RecordOutcome>& outcomes,
                         const AttributionOptions& options, AttributionKey by, unsigned threads,
                         DataSetCounts& counts) {
  const TouchStore& store = DataSetAccess::impl(data).touches;
  const std::shared_ptr<const KeyIndex> index = key_index(data, by, threads);
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  struct Range {
    std::size_t journeys = 0, touches = 0;
    DataSetCounts counts;
  };
  std::vector<Range> parts(ranges);
  auto bounds = [&](std::size_t range) {
    return std::pair{static_cast<RecordIndex>(range * kRecordsPerRange),
                     static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange))};
  };
  parallel_for(threads, ranges, [&](std::size_t range) {
    Range& part = parts[range];
    const auto [from, to] = bounds(range);
    for (RecordIndex r = from; r < to; ++r) {
      const auto [b, e] = data.touches_of(r);
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

  std::size_t journeys = 0, touches = 0;
  std::vector<std::size_t> journey_at(ranges), touch_at(ranges);
  for (std::size_t range = 0; range < ranges; ++range) {
    const Range& part = parts[range];
    journey_at[range] = journeys, touch_at[range] = touches;
    journeys += part.journeys, touches += part.touches;
    counts.touches_after_conversion += part.counts.touches_after_conversion;
    counts.touches_outside_lookback += part.counts.touches_outside_lookback;
    counts.conversions_without_touches += part.counts.conversions_without_touches;
  }

  Journeys j;
  j.single_records = true;
  j.keys = index->keys;
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
        j.key[t] = index->key(store, row, by);
        j.age_days[t] = static_cast<double>(u.ref - row.time) / kMicrosPerDay;
      }
      j.lead_anchor[jn] = anchor_of(store, u, o.lead_time);
      j.opportunity_anchor[jn] = anchor_of(store, u, o.opportunity_time);
      j.conversions[jn] = o.converted ? 1.0 : 0.0;
      j.value[jn] = o.converted ? o.value : 0.0;
      j.nulls[jn] = o.converted ? 0.0 : 1.0;
      j.begin[jn + 1] = t;
      ++jn;
    }
  });
  return j;
}

// The stages a record's outcome looks for.
struct OutcomeStages {
  std::optional<StageCode> conversion, lead, opportunity;
};

OutcomeStages stages_of(const DataSet& data, const AttributionOptions& options) {
  return {data.find_stage(options.conversion_stage), data.find_stage(options.lead_stage),
          data.find_stage(options.opportunity_stage)};
}

// Record @p r's outcome from its events; @p a is the sparse amount column's
// cursor, at or before r's first event's entry, moved past r's events.
RecordOutcome outcome_of(const DataSet& data, const EventColumns& ev, const OutcomeStages& st, RecordIndex r,
                         std::size_t& a) {
  RecordOutcome o;
  const auto [first, last] = data.events_of(r);
  std::optional<std::int64_t> latest_amount;
  for (std::size_t i = first; i < last; ++i) {
    const std::int64_t t = ev.time[i];
    while (a < ev.amount.events.size() && ev.amount.events[a] < i) ++a;
    std::optional<std::int64_t> amount;
    if (a < ev.amount.events.size() && ev.amount.events[a] == i) amount = ev.amount.values[a];
    if (t == kNoEventTime) continue;  // an undated event converts nothing
    const StageCode s = ev.stage[i];
    if (st.lead && s == *st.lead) o.lead_time = std::min(o.lead_time, t);
    if (st.opportunity && s == *st.opportunity) o.opportunity_time = std::min(o.opportunity_time, t);
    if (st.conversion && s == *st.conversion && !o.converted) {
      o.converted = true;
      o.conversion_time = t;
      const std::optional<std::int64_t> v = amount ? amount : latest_amount;
      o.value = v ? Amount::from_scaled(*v).value() : 0.0;
    }
    if (amount) latest_amount = amount;
  }
  return o;
}

// The sparse amount column's cursor for a walk starting at event @p event.
std::size_t amount_cursor(const EventColumns& ev, std::size_t event) {
  return static_cast<std::size_t>(
      std::lower_bound(ev.amount.events.begin(), ev.amount.events.end(), event) - ev.amount.events.begin());
}

}  // namespace

std::vector<RecordOutcome> record_outcomes(const DataSet& data, const AttributionOptions& options, unsigned threads) {
  std::vector<RecordOutcome> out = huge_vector<RecordOutcome>(data.record_count());
  const EventColumns ev = data.event_columns();
  const OutcomeStages stages = stages_of(data, options);
  // Records are independent: fixed ranges on the allowed threads.
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  parallel_for(threads, ranges, [&](std::size_t range) {
    const auto from = static_cast<RecordIndex>(range * kRecordsPerRange);
    const auto to = static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange));
    std::size_t a = amount_cursor(ev, data.events_of(from).first);
    for (RecordIndex r = from; r < to; ++r) out[r] = outcome_of(data, ev, stages, r, a);
  });
  return out;
}

Journeys converting_journeys(const DataSet& data, const AttributionOptions& options, AttributionKey by,
                             unsigned threads, bool chain, DataSetCounts& counts, JourneyTotals& totals) {
  const TouchStore& store = DataSetAccess::impl(data).touches;
  const std::shared_ptr<const KeyIndex> index = key_index(data, by, threads);
  const EventStore& events = DataSetAccess::impl(data).events;
  const EventColumns ev = data.event_columns();
  const OutcomeStages stages = stages_of(data, options);
  const std::size_t n = data.record_count();
  const std::size_t ranges = (n + kRecordsPerRange - 1) / kRecordsPerRange;
  const std::vector<std::uint32_t>& touch_begin = store.record_begin;  // empty: no touches at all
  auto touches = [&](RecordIndex r) {
    return touch_begin.empty() ? std::pair<std::size_t, std::size_t>{0, 0}
                               : std::pair<std::size_t, std::size_t>{touch_begin[r], touch_begin[r + 1]};
  };
  // Per range: the whole set's journeys and touches counted, the converting
  // journeys built (few: a conversion is rare next to a touch), each with
  // its index among the range's journeys.
  struct Range {
    std::size_t journeys = 0, touches = 0, nulls = 0;
    DataSetCounts counts;
    std::vector<std::size_t> at;
    std::vector<std::size_t> length;
    std::vector<std::uint32_t> key;
    std::vector<double> age_days, value;
    std::vector<std::int32_t> lead_anchor, opportunity_anchor;
    ChainCounts chain;  // with `chain`: the range's journeys' chain counts
  };
  std::vector<Range> parts(ranges);
  const std::size_t k = index->keys.size();
  parallel_for(threads, ranges, [&](std::size_t range) {
    Range& part = parts[range];
    const auto from = static_cast<RecordIndex>(range * kRecordsPerRange);
    const auto to = static_cast<RecordIndex>(std::min(n, (range + 1) * kRecordsPerRange));
    if (chain) part.chain = ChainCounts(k);
    std::vector<std::uint32_t> keys;  // a null journey's keys, for the chain
    // 1. The records that may convert: those with an event at the
    // conversion stage, found in the stage column (2 bytes an event, read
    // in order) rather than by walking every record's events.
    std::vector<RecordIndex> candidates;
    if (stages.conversion && from < to) {
      const StageCode conversion = *stages.conversion;
      const StageCode* stage = ev.stage.data();
      const std::uint32_t* event_begin = events.record_begin.data();
      RecordIndex r = from, last = to;  // last: the latest candidate (to: none yet)
      for (std::size_t i = event_begin[from], end = event_begin[to]; i < end; ++i) {
        if (stage[i] != conversion) continue;
        while (event_begin[r + 1] <= i) ++r;
        if (r != last) candidates.push_back(r), last = r;
      }
    }
    // 2. Their outcomes and, for those that convert, their journeys. A
    // candidate's events and touches lie anywhere in memory: fetch those
    // of a few candidates ahead while this one is worked on.
    std::vector<RecordOutcome> outcomes(candidates.size());
    std::vector<std::uint8_t> has_journey(candidates.size(), 0);
    std::size_t a = from < to ? amount_cursor(ev, events.record_begin[from]) : 0;
    constexpr std::size_t kAhead = 8;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (c + 2 * kAhead < candidates.size() && !touch_begin.empty())
        __builtin_prefetch(touch_begin.data() + candidates[c + 2 * kAhead]);  // the offset, for the rows below
      if (c + kAhead < candidates.size()) {
        const RecordIndex ahead = candidates[c + kAhead];
        __builtin_prefetch(ev.time.data() + events.record_begin[ahead]);
        __builtin_prefetch(ev.stage.data() + events.record_begin[ahead]);
        if (!touch_begin.empty()) {
          const char* row = reinterpret_cast<const char*>(store.rows.data() + touch_begin[ahead]);
          __builtin_prefetch(row);
          __builtin_prefetch(row + 64);
          __builtin_prefetch(row + 128);
        }
      }
      const RecordIndex r = candidates[c];
      const RecordOutcome& o = outcomes[c] = outcome_of(data, ev, stages, r, a);
      if (!o.converted) continue;
      const auto [b, e] = touches(r);
      const Used u = used_touches(store, b, e, o, options.lookback_days, part.counts);
      if (u.first == u.end) {
        ++part.counts.conversions_without_touches;
        continue;
      }
      has_journey[c] = 1;
      part.length.push_back(u.end - u.first);
      for (std::size_t i = u.first; i < u.end; ++i) {
        const TouchStore::Row& row = store.rows[i];
        part.key.push_back(index->key(store, row, by));
        part.age_days.push_back(static_cast<double>(u.ref - row.time) / kMicrosPerDay);
      }
      part.lead_anchor.push_back(anchor_of(store, u, o.lead_time));
      part.opportunity_anchor.push_back(anchor_of(store, u, o.opportunity_time));
      part.value.push_back(o.value);
      if (chain) part.chain.add(part.key.data() + part.key.size() - (u.end - u.first), u.end - u.first, 1.0, 0.0);
    }
    // 3. Every record, in order, from the touch offsets alone (and the
    // touches' times under a lookback window): the whole set's journeys
    // and touches, and each converting journey's index among them. Counted
    // in locals: through `part` every record would wait on the last one's
    // stores.
    const std::optional<double>& lookback = options.lookback_days;
    std::size_t next = 0, built = 0, journeys = 0, used = 0, nulls = 0;
    const RecordIndex next_candidate_end = to;
    RecordIndex next_candidate = candidates.empty() ? next_candidate_end : candidates[0];
    for (RecordIndex r = from; r < to; ++r) {
      const auto [b, e] = touches(r);
      if (r == next_candidate) {
        const std::size_t c = next++;
        next_candidate = next < candidates.size() ? candidates[next] : next_candidate_end;
        if (outcomes[c].converted) {
          if (has_journey[c]) {
            part.at.push_back(journeys);
            ++journeys;
            used += part.length[built++];
          }
          continue;
        }
      }
      // A journey to no conversion: every touch (the last is the
      // reference, inside any lookback window), or those the window keeps.
      if (!lookback && !chain) {
        journeys += b != e, nulls += b != e;
        used += e - b;
      } else if (b != e) {
        const Used u = used_touches(store, b, e, RecordOutcome{}, lookback, part.counts);
        ++journeys, ++nulls;
        used += u.end - u.first;
        if (chain) {
          keys.clear();
          for (std::size_t i = u.first; i < u.end; ++i) keys.push_back(index->key(store, store.rows[i], by));
          part.chain.add(keys.data(), keys.size(), 0.0, 1.0);
        }
      }
    }
    part.journeys = journeys, part.touches = used, part.nulls = nulls;
  });

  Journeys j;
  j.single_records = true;
  j.keys = index->keys;
  std::size_t converting = 0, converting_touches = 0;
  for (const Range& part : parts) converting += part.at.size(), converting_touches += part.key.size();
  j.key.reserve(converting_touches);
  j.age_days.reserve(converting_touches);
  j.begin.reserve(converting + 1);
  for (auto* column : {&j.lead_anchor, &j.opportunity_anchor}) column->reserve(converting);
  for (auto* column : {&j.conversions, &j.value, &j.nulls}) column->reserve(converting);
  std::vector<std::size_t> global;  // each converting journey's index in the whole set
  global.reserve(converting);
  std::size_t journeys = 0, nulls = 0;
  for (const Range& part : parts) {
    for (std::size_t q = 0; q < part.at.size(); ++q) {
      global.push_back(journeys + part.at[q]);
      j.begin.push_back(j.begin.back() + part.length[q]);
    }
    j.key.insert(j.key.end(), part.key.begin(), part.key.end());
    j.age_days.insert(j.age_days.end(), part.age_days.begin(), part.age_days.end());
    j.lead_anchor.insert(j.lead_anchor.end(), part.lead_anchor.begin(), part.lead_anchor.end());
    j.opportunity_anchor.insert(j.opportunity_anchor.end(), part.opportunity_anchor.begin(),
                                part.opportunity_anchor.end());
    j.value.insert(j.value.end(), part.value.begin(), part.value.end());
    journeys += part.journeys, nulls += part.nulls;
    totals.touches += part.touches;
    counts.touches_after_conversion += part.counts.touches_after_conversion;
    counts.touches_outside_lookback += part.counts.touches_outside_lookback;
    counts.conversions_without_touches += part.counts.conversions_without_touches;
  }
  if (chain) {
    j.chain = ChainCounts(k);
    for (const Range& part : parts) j.chain->add(part.chain);  // whole numbers: exact in any order
  }
  j.conversions.assign(converting, 1.0);
  j.nulls.assign(converting, 0.0);
  // Chunk c of the whole set holds the converting journeys whose index
  // there lies in [c, c + 1) * kJourneysPerChunk.
  const std::size_t chunks = (journeys + kJourneysPerChunk - 1) / kJourneysPerChunk;
  j.chunk_begin.assign(chunks + 1, 0);
  for (std::size_t g : global) ++j.chunk_begin[g / kJourneysPerChunk + 1];
  for (std::size_t c = 1; c <= chunks; ++c) j.chunk_begin[c] += j.chunk_begin[c - 1];

  totals.journeys = journeys;
  for (std::size_t q = 0; q < converting; ++q) totals.conversions += 1.0, totals.value += j.value[q];
  totals.nulls = static_cast<double>(nulls);  // a sum of ones, exact
  return j;
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
