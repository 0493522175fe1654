// The reference forecast; see reference_revenue.hpp.
#include "revenue/reference_revenue.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace mf = modelfunnel;

namespace mf_revenue_reference {
namespace {

constexpr std::int64_t kDay = 86'400'000'000;

struct State {
  std::vector<std::optional<std::int64_t>> date;  // per main-path stage
  int furthest = -1;
  std::optional<std::int64_t> won_at;
  std::optional<std::int64_t> won_amount;
  std::optional<std::int64_t> latest_amount;
  std::optional<mf::StageKind> last_kind;
  std::int64_t last_time = 0;
  bool lost_before = false;
  std::optional<std::pair<int, std::int64_t>> reopened;  // stage and time of the re-opening
};

std::int64_t floor_days(std::int64_t micros) { return std::max<std::int64_t>(0, micros / kDay); }
std::int64_t ceil_days(std::int64_t micros) { return micros <= 0 ? 0 : (micros + kDay - 1) / kDay; }

}  // namespace

Forecast forecast(const mf::DataSet& data, const mf::StageGraph& graph, mf::Timestamp as_of_t,
                  const mf::Period& period) {
  const std::int64_t as_of = as_of_t.micros();
  std::vector<std::string> path;
  for (auto s : graph.main_path()) path.emplace_back(s);
  const int won = static_cast<int>(path.size()) - 1;
  std::vector<State> states(data.record_count());
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    State& st = states[r];
    st.date.assign(path.size(), std::nullopt);
    auto [b, e] = data.events_of(r);
    for (std::size_t i = b; i < e; ++i) {
      const mf::Event ev = data.event(i);
      if (!ev.time || ev.time->micros() >= as_of) continue;
      const std::string& name = data.stage_names()[ev.stage];
      const mf::Stage* stage = graph.find_stage(name);
      if (!stage) continue;
      const std::int64_t t = ev.time->micros();
      int ord = -1;
      for (std::size_t k = 0; k < path.size(); ++k)
        if (path[k] == name) ord = static_cast<int>(k);
      if (stage->kind == mf::StageKind::kLost) {
        st.lost_before = true;
        st.reopened.reset();
      } else if (stage->kind == mf::StageKind::kOpen && ord >= 0 && st.lost_before && !st.reopened) {
        st.reopened = std::make_pair(ord, t);
      }
      for (std::size_t k = 0; k < path.size(); ++k) {
        if (path[k] != name) continue;
        st.furthest = std::max(st.furthest, static_cast<int>(k));
        // implied: this event dates every stage at or before k
        for (std::size_t j = 0; j <= k; ++j)
          if (!st.date[j] || t < *st.date[j]) st.date[j] = t;
      }
      if (ev.amount) st.latest_amount = ev.amount->scaled();
      if (stage->kind == mf::StageKind::kWon) {
        if (!st.won_at) {
          st.won_at = t;
          if (ev.amount) st.won_amount = ev.amount->scaled();
        } else if (!st.won_amount && ev.amount) {
          st.won_amount = ev.amount->scaled();
        }
      }
      st.last_kind = stage->kind;
      st.last_time = t;
    }
    if (st.won_at) st.furthest = won;
  }
  // The mean won deal size.
  double sum = 0;
  std::size_t n = 0;
  Forecast out;
  for (const State& st : states) {
    if (st.won_at && st.won_amount) {
      sum += mf::Amount::from_scaled(*st.won_amount).value();
      ++n;
      if (*st.won_at >= period.begin.micros() && *st.won_at < as_of)
        out.won_so_far += mf::Amount::from_scaled(*st.won_amount).value();
    }
  }
  const double mean = n ? sum / static_cast<double>(n) : 0;
  const std::int64_t u0 = ceil_days(period.begin.micros() - as_of), u1 = ceil_days(period.end.micros() - as_of);
  auto is_open = [&](const State& st) {
    return !st.won_at && st.last_kind && *st.last_kind != mf::StageKind::kWon &&
           *st.last_kind != mf::StageKind::kLost && *st.last_kind != mf::StageKind::kNurture &&
           st.furthest >= 0 && st.furthest < won;
  };
  // An open deal's stage and the time it got there (a re-opened deal: where
  // and when it re-opened).
  auto stage_of = [&](const State& st) { return st.reopened ? st.reopened->first : st.furthest; };
  auto entered_of = [&](const State& st) {
    return st.reopened ? st.reopened->second : *st.date[static_cast<std::size_t>(st.furthest)];
  };
  for (int s = 0; s < won; ++s) {
    std::int64_t cap = 730;
    for (const State& st : states)
      if (is_open(st) && stage_of(st) == s) cap = std::max(cap, std::min<std::int64_t>(floor_days(as_of - entered_of(st)), 3650));
    // p(a) for a = 0..cap, literally.
    // Only the ages some open deal has are needed (and the younger ones the
    // smoothing runs through).
    std::int64_t needed = -1;
    for (const State& st : states)
      if (is_open(st) && stage_of(st) == s) needed = std::max(needed, std::min<std::int64_t>(floor_days(as_of - entered_of(st)), cap));
    std::vector<double> p(static_cast<std::size_t>(needed + 1)), amount_if_won(p.size());
    double prior = 0;
    for (std::int64_t a = 0; a <= needed; ++a) {
      double num = 0, den = 0, with_amount = 0, amounts = 0;
      for (const State& st : states) {
        if (st.furthest < s || !st.date[s]) continue;
        const std::int64_t observed = floor_days(as_of - *st.date[s]);
        if (observed < a + u1) continue;
        const bool lost = !st.won_at && st.last_kind == mf::StageKind::kLost;
        // Still at the stage on day a: not moved on (dated at the next
        // main-path stage) and not lost before.
        std::optional<std::int64_t> exit = st.date[static_cast<std::size_t>(s) + 1];
        if (lost && (!exit || st.last_time < *exit)) exit = st.last_time;
        if (exit && floor_days(*exit - *st.date[s]) < a) continue;
        ++den;
        if (st.won_at) {
          const std::int64_t T = floor_days(*st.won_at - *st.date[s]);
          if (T >= a + u0 && T < a + u1) {
            ++num;
            if (st.won_amount) {
              ++with_amount;
              amounts += mf::Amount::from_scaled(*st.won_amount).value();
            }
          }
        }
      }
      if (a == 0) prior = den > 0 ? num / den : 0;
      p[static_cast<std::size_t>(a)] = std::clamp((num + 5 * prior) / (den + 5), 0.0, 1.0);
      amount_if_won[static_cast<std::size_t>(a)] = (amounts + 5 * mean) / (with_amount + 5);
      prior = p[static_cast<std::size_t>(a)];
    }
    for (const State& st : states) {
      if (!is_open(st) || stage_of(st) != s) continue;
      const std::int64_t age = std::min<std::int64_t>(floor_days(as_of - entered_of(st)), cap);
      const double amount = st.latest_amount ? mf::Amount::from_scaled(*st.latest_amount).value()
                                             : amount_if_won[static_cast<std::size_t>(age)];
      out.expected += p[static_cast<std::size_t>(age)] * amount;
      out.expected_by_stage[path[static_cast<std::size_t>(s)]] += p[static_cast<std::size_t>(age)] * amount;
      ++out.open[path[static_cast<std::size_t>(s)]];
    }
  }
  return out;
}

double required(const mf::RevenueModel& model, double target, std::size_t stage) {
  double mean = 0;
  for (double d : model.deal_sizes) mean += d;
  mean /= static_cast<double>(model.deal_sizes.size());
  double v = target / mean;
  for (std::size_t j = model.steps.size(); j-- > stage;) v /= model.steps[j].rate;
  return v;
}

namespace {

std::string value_of(const mf::DataSet& data, const std::string& by, mf::RecordIndex r) {
  const auto v = data.find_attribute(by)->value(r);
  return std::holds_alternative<std::string_view>(v) ? std::string(std::get<std::string_view>(v)) : std::string();
}

}  // namespace

std::map<std::string, double> won_revenue_by(const mf::DataSet& data, const mf::StageGraph& graph, mf::Timestamp as_of,
                                             const std::string& by) {
  std::map<std::string, double> out;
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    auto [b, e] = data.events_of(r);
    bool won = false;
    std::optional<double> amount;
    for (std::size_t i = b; i < e; ++i) {
      const mf::Event ev = data.event(i);
      if (!ev.time || ev.time->micros() >= as_of.micros()) continue;
      const mf::Stage* stage = graph.find_stage(data.stage_names()[ev.stage]);
      if (!stage || stage->kind != mf::StageKind::kWon) continue;
      won = true;
      if (!amount && ev.amount) amount = ev.amount->value();
    }
    if (won && amount) out[value_of(data, by, r)] += *amount;
  }
  return out;
}

mf::DataSet subset(const mf::DataSet& data, const std::string& by, const std::string& value) {
  mf::DataSetBuilder b;
  std::vector<mf::StageCode> codes;
  for (const std::string& name : data.stage_names()) codes.push_back(b.stage(name));
  for (mf::RecordIndex r = 0; r < data.record_count(); ++r) {
    if (value_of(data, by, r) != value) continue;
    const mf::RecordIndex to = b.record(data.record_id(r));
    auto [begin, end] = data.events_of(r);
    for (std::size_t i = begin; i < end; ++i) {
      mf::Event e = data.event(i);
      e.record = to;
      e.stage = codes[e.stage];
      (void)b.add_event(e);
    }
  }
  return *std::move(b).finish();
}

}  // namespace mf_revenue_reference
