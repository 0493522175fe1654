// The reference attribution; see reference_attribution.hpp.
#include "reference_attribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

namespace mf_reference {
namespace {

using namespace modelfunnel;

struct Journey {
  std::vector<std::string> channels;
  std::vector<double> ages;
  int lead = -1, opp = -1;  // anchor touches, or -1
  double conversions = 0, value = 0, nulls = 0;
};

std::vector<double> weights(AttributionModel m, const Journey& j, double half_life) {
  const std::size_t n = j.channels.size();
  std::vector<double> w(n, 0.0);
  if (n == 1) return {1.0};
  auto spread = [&](std::vector<std::size_t> anchors, double each) {
    std::set<std::size_t> a(anchors.begin(), anchors.end());
    if (a.size() == n) {
      std::fill(w.begin(), w.end(), 1.0 / n);
      return;
    }
    for (std::size_t i = 0; i < n; ++i) w[i] = a.count(i) ? each : (1 - each * a.size()) / (n - a.size());
  };
  switch (m) {
    case AttributionModel::kFirstTouch: w[0] = 1; break;
    case AttributionModel::kLastTouch: w[n - 1] = 1; break;
    case AttributionModel::kLinear: std::fill(w.begin(), w.end(), 1.0 / n); break;
    case AttributionModel::kUShaped:
      if (n == 2) w = {0.5, 0.5};
      else spread({0, n - 1}, 0.4);
      break;
    case AttributionModel::kWShaped:
      if (n == 2) w = {0.5, 0.5};
      else if (j.lead > 0 && j.opp > j.lead) spread({0, std::size_t(j.lead), std::size_t(j.opp)}, 0.3);
      else spread({0, (n - 1) / 2, n - 1}, 0.3);
      break;
    case AttributionModel::kFullPath:
      if (n <= 3) std::fill(w.begin(), w.end(), 1.0 / n);
      else if (j.lead > 0 && j.opp > j.lead && std::size_t(j.opp) < n - 1)
        spread({0, std::size_t(j.lead), std::size_t(j.opp), n - 1}, 0.225);
      else spread({0, (n - 1) / 3, 2 * (n - 1) / 3, n - 1}, 0.225);
      break;
    case AttributionModel::kTimeDecay: {
      double sum = 0;
      for (std::size_t i = 0; i < n; ++i) sum += w[i] = std::pow(0.5, j.ages[i] / half_life);
      for (double& x : w) x /= sum;
      break;
    }
    default: break;
  }
  return w;
}

// Probability of conversion from the start, with channel @p removed (if
// any) sent to null: iterate x <- r + Q x from 0 until it stops moving.
double markov_probability(const std::vector<Journey>& js, const std::string* removed) {
  std::map<std::string, std::map<std::string, double>> count;  // from -> to -> weight
  for (const Journey& j : js) {
    const double w = j.conversions + j.nulls;
    if (w == 0) continue;
    std::string from = "(start)";
    for (const std::string& c : j.channels) {
      count[from][c] += w;
      from = c;
    }
    count[from]["(conversion)"] += j.conversions;
    count[from]["(null)"] += j.nulls;
  }
  std::map<std::string, double> x;
  for (int it = 0; it < 100000; ++it) {
    double change = 0;
    std::map<std::string, double> next;
    for (const auto& [from, tos] : count) {
      if (removed && from == *removed) continue;
      double total = 0, v = 0;
      for (const auto& [to, w] : tos) total += w;
      if (total == 0) continue;
      for (const auto& [to, w] : tos) {
        if (to == "(conversion)") v += w / total;
        else if (to != "(null)" && !(removed && to == *removed)) v += w / total * x[to];
      }
      next[from] = v;
      change = std::max(change, std::fabs(v - x[from]));
    }
    x = next;
    if (change < 1e-16 && it > 2) break;
  }
  return x["(start)"];
}

Credits credit(const std::vector<Journey>& js, const AttributionOptions& o) {
  std::vector<AttributionModel> models = o.models;
  if (models.empty()) models.assign(kAttributionModels.begin(), kAttributionModels.end());
  std::set<std::string> channels;
  double total_c = 0, total_v = 0;
  for (const Journey& j : js) {
    channels.insert(j.channels.begin(), j.channels.end());
    total_c += j.conversions;
    total_v += j.value;
  }
  Credits out;
  for (AttributionModel m : models) {
    const std::string name(to_string(m));
    for (const std::string& c : channels) out[{name, c}] = {0, 0};
    if (m == AttributionModel::kMarkov) {
      const double p = markov_probability(js, nullptr);
      std::map<std::string, double> effect;
      double sum = 0;
      for (const std::string& c : channels) sum += effect[c] = p > 0 ? 1 - markov_probability(js, &c) / p : 0;
      for (const std::string& c : channels)
        if (sum > 0) out[{name, c}] = {effect[c] / sum * total_c, effect[c] / sum * total_v};
    } else if (m == AttributionModel::kShapley) {
      // Every ordering of the channels; v(S) = conversions (value) of the
      // journeys whose channels all lie in S.
      std::vector<std::string> order(channels.begin(), channels.end());
      auto v = [&](const std::set<std::string>& s, bool value) {
        double total = 0;
        for (const Journey& j : js) {
          bool inside = true;
          for (const std::string& c : j.channels) inside = inside && s.count(c);
          if (inside) total += value ? j.value : j.conversions;
        }
        return total;
      };
      double orderings = 0;
      do {
        ++orderings;
        std::set<std::string> s;
        for (const std::string& c : order) {
          const double before_c = v(s, false), before_v = v(s, true);
          s.insert(c);
          out[{name, c}].first += v(s, false) - before_c;
          out[{name, c}].second += v(s, true) - before_v;
        }
      } while (std::next_permutation(order.begin(), order.end()));
      for (const std::string& c : channels) out[{name, c}].first /= orderings, out[{name, c}].second /= orderings;
    } else {
      for (const Journey& j : js) {
        const std::vector<double> w = weights(m, j, o.half_life_days);
        for (std::size_t i = 0; i < w.size(); ++i) {
          out[{name, j.channels[i]}].first += j.conversions * w[i];
          out[{name, j.channels[i]}].second += j.value * w[i];
        }
      }
    }
  }
  return out;
}

}  // namespace

Credits reference_attribute(const DataSet& data, const AttributionOptions& o) {
  constexpr double kDay = 86'400'000'000.0;
  std::vector<Journey> js;
  for (RecordIndex r = 0; r < data.record_count(); ++r) {
    // The record's first dated entries of the stages that matter.
    std::optional<std::int64_t> won, lead, opp;
    double value = 0;
    std::optional<Amount> latest;
    for (auto [i, end] = data.events_of(r); i < end; ++i) {
      const Event e = data.event(i);
      if (!e.time) continue;
      const std::string& stage = data.stage_names()[e.stage];
      if (stage == o.conversion_stage && !won) {
        won = e.time->micros();
        value = e.amount ? e.amount->value() : latest ? latest->value() : 0;
      }
      if (stage == o.lead_stage && !lead) lead = e.time->micros();
      if (stage == o.opportunity_stage && !opp) opp = e.time->micros();
      if (e.amount) latest = e.amount;
    }
    std::vector<std::pair<std::int64_t, std::string>> touches;
    for (auto [i, end] = data.touches_of(r); i < end; ++i) {
      const Touch t = data.touch(i);
      std::string key;
      if (o.by == AttributionKey::kCampaign) key = t.campaign ? std::string(*t.campaign) : "(no campaign)";
      else if (t.channel && !t.channel->empty()) key = *t.channel;
      else {
        key = "(unknown)";
        if (t.campaign)
          if (auto c = data.find_campaign(*t.campaign); c && data.campaign(*c).type && !data.campaign(*c).type->empty())
            key = *data.campaign(*c).type;
      }
      touches.emplace_back(t.time.micros(), key);
    }
    std::stable_sort(touches.begin(), touches.end(), [](auto& a, auto& b) { return a.first < b.first; });
    if (won) std::erase_if(touches, [&](auto& t) { return t.first > *won; });
    if (touches.empty()) continue;
    const std::int64_t ref = won ? *won : touches.back().first;
    if (o.lookback_days)
      std::erase_if(touches, [&](auto& t) { return (ref - t.first) / kDay > *o.lookback_days; });
    if (touches.empty()) continue;
    Journey j;
    for (std::size_t i = 0; i < touches.size(); ++i) {
      j.channels.push_back(touches[i].second);
      j.ages.push_back((ref - touches[i].first) / kDay);
      if (lead && touches[i].first <= *lead) j.lead = int(i);
      if (opp && touches[i].first <= *opp) j.opp = int(i);
    }
    j.conversions = won ? 1 : 0;
    j.value = won ? value : 0;
    j.nulls = won ? 0 : 1;
    js.push_back(j);
  }
  return credit(js, o);
}

Credits reference_attribute_paths(const std::vector<AttributionPath>& paths, const AttributionOptions& o) {
  std::vector<Journey> js;
  for (const AttributionPath& p : paths) {
    Journey j;
    j.channels = p.channels;
    for (std::size_t i = 0; i < p.channels.size(); ++i) j.ages.push_back(double(p.channels.size() - 1 - i));
    j.conversions = p.conversions;
    j.value = p.value;
    j.nulls = p.nulls;
    js.push_back(j);
  }
  return credit(js, o);
}

}  // namespace mf_reference
