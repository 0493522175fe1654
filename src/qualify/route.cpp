// route_leads(): qualified leads to reps, by turn, by load, by territory or
// optimally.
//
// Leads are routed in priority order (score, then record order). Leads
// with the same territory value may go to the same reps, so they form one
// class; a rep covers the classes whose territory it lists, and `*` covers
// all of them.
//
// Optimal routing places the most leads, highest priority first. Which
// leads can all be placed is a transversal matroid, so taking the leads in
// priority order and keeping each one that still fits — fits meaning that
// an augmenting path through the classes' current placements reaches a rep
// with room — gives the largest set, and of the largest sets the one with
// the best priorities. A class that does not fit once never fits again,
// so its later leads cost nothing. How many leads of each class each rep
// then takes is a min-cost flow (util/min_cost_flow.hpp): reps that list the
// territory before reps with `*`, so generalists take what specialists
// cannot.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "modelfunnel/qualify.hpp"
#include "qualify/json_path.hpp"
#include "util/min_cost_flow.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

constexpr int kNoRep = -1;

bool covers_all(const Rep& rep) {
  return std::find(rep.territories.begin(), rep.territories.end(), "*") != rep.territories.end();
}

/// The reps a class of leads may go to, and whether each lists the
/// territory itself (rather than `*`).
struct Class {
  std::optional<std::string> territory;
  std::vector<int> reps;
  std::vector<std::uint8_t> exact;
  std::size_t next = 0;  // kTerritory: whose turn among `reps`
};

class Router {
 public:
  Router(std::span<const Rep> reps, std::vector<Class> classes)
      : reps_(reps), classes_(std::move(classes)), load_(reps.size(), 0) {}

  /// The rep for a lead of class @p c by @p method, or kNoRep.
  int place(RouteMethod method, std::size_t c) {
    const Class& cls = classes_[c];
    int chosen = kNoRep;
    switch (method) {
      case RouteMethod::kRoundRobin:
        for (std::size_t k = 0; k < reps_.size() && chosen == kNoRep; ++k) {
          const auto r = static_cast<int>((turn_ + k) % reps_.size());
          if (has_room(r) && eligible(cls, r)) chosen = r;
        }
        if (chosen != kNoRep) turn_ = static_cast<std::size_t>(chosen) + 1;
        break;
      case RouteMethod::kTerritory: {
        Class& own = classes_[c];
        for (std::size_t k = 0; k < own.reps.size() && chosen == kNoRep; ++k) {
          const std::size_t at = (own.next + k) % own.reps.size();
          if (has_room(own.reps[at])) {
            chosen = own.reps[at];
            own.next = at + 1;
          }
        }
        break;
      }
      case RouteMethod::kLeastLoaded:
        for (int r : cls.reps) {
          if (!has_room(r)) continue;
          if (chosen == kNoRep || lighter(r, chosen)) chosen = r;
        }
        break;
      case RouteMethod::kOptimal:
        break;  // see optimal()
    }
    if (chosen != kNoRep) ++load_[static_cast<std::size_t>(chosen)];
    return chosen;
  }

  const std::vector<Class>& classes() const { return classes_; }
  const std::vector<std::uint64_t>& load() const { return load_; }

 private:
  bool has_room(int r) const {
    return load_[static_cast<std::size_t>(r)] < reps_[static_cast<std::size_t>(r)].capacity;
  }
  static bool eligible(const Class& c, int r) { return std::binary_search(c.reps.begin(), c.reps.end(), r); }
  /// Whether rep @p a has used a smaller share of its capacity than @p b
  /// (ties: fewer leads; then the earlier rep, which @p b is).
  bool lighter(int a, int b) const {
    __extension__ using Wide = unsigned __int128;  // load x capacity overflows 64 bits
    const auto la = static_cast<Wide>(load_[static_cast<std::size_t>(a)]);
    const auto lb = static_cast<Wide>(load_[static_cast<std::size_t>(b)]);
    const auto ca = static_cast<Wide>(reps_[static_cast<std::size_t>(a)].capacity);
    const auto cb = static_cast<Wide>(reps_[static_cast<std::size_t>(b)].capacity);
    if (la * cb != lb * ca) return la * cb < lb * ca;
    return la < lb;
  }

  std::span<const Rep> reps_;
  std::vector<Class> classes_;
  std::vector<std::uint64_t> load_;
  std::size_t turn_ = 0;
};

/// Optimal routing of @p leads (class per lead, in priority order): the rep
/// of each, or kNoRep.
std::vector<int> optimal(std::span<const Rep> reps, const std::vector<Class>& classes,
                         const std::vector<std::size_t>& lead_class) {
  const std::size_t C = classes.size(), R = reps.size();
  // Placements so far: per class and eligible rep (parallel to Class::reps).
  std::vector<std::vector<std::uint64_t>> flow(C);
  for (std::size_t c = 0; c < C; ++c) flow[c].assign(classes[c].reps.size(), 0);
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> of_rep(R);  // (class, slot)
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t k = 0; k < classes[c].reps.size(); ++k)
      of_rep[static_cast<std::size_t>(classes[c].reps[k])].emplace_back(c, k);
  std::vector<std::uint64_t> room(R);
  for (std::size_t r = 0; r < R; ++r) room[r] = reps[r].capacity;
  std::vector<std::uint8_t> full(C, 0);
  std::vector<std::uint8_t> fits(lead_class.size(), 0);
  std::vector<std::uint64_t> placed(C, 0);

  // Breadth-first search for an augmenting path from class `start`.
  std::vector<int> class_from(C), rep_from(R);  // the slot/class we came by
  std::vector<std::size_t> rep_slot(R);
  for (std::size_t i = 0; i < lead_class.size(); ++i) {
    const std::size_t start = lead_class[i];
    if (full[start] || classes[start].reps.empty()) continue;
    std::fill(class_from.begin(), class_from.end(), -2);
    std::fill(rep_from.begin(), rep_from.end(), -2);
    class_from[start] = -1;
    std::deque<std::size_t> queue = {start};
    int found = -1;
    while (!queue.empty() && found < 0) {
      const std::size_t c = queue.front();
      queue.pop_front();
      for (std::size_t k = 0; k < classes[c].reps.size() && found < 0; ++k) {
        const auto r = static_cast<std::size_t>(classes[c].reps[k]);
        if (rep_from[r] != -2) continue;
        rep_from[r] = static_cast<int>(c);
        rep_slot[r] = k;
        if (room[r] > 0) {
          found = static_cast<int>(r);
          break;
        }
        for (const auto& [other, slot] : of_rep[r]) {
          if (class_from[other] == -2 && flow[other][slot] > 0) {
            class_from[other] = static_cast<int>(r);
            queue.push_back(other);
          }
        }
      }
    }
    if (found < 0) {
      full[start] = 1;
      continue;
    }
    // Shift one placement along the path: every class on it gives one lead
    // to the rep after it and takes one back from the rep before.
    auto r = static_cast<std::size_t>(found);
    --room[r];
    while (true) {
      const auto c = static_cast<std::size_t>(rep_from[r]);
      ++flow[c][rep_slot[r]];
      if (class_from[c] == -1) break;
      r = static_cast<std::size_t>(class_from[c]);
      for (const auto& [other, slot] : of_rep[r]) {
        if (other == c) --flow[c][slot];
      }
    }
    fits[i] = 1;
    ++placed[start];
  }

  // Which reps take how many of each class: specialists first.
  std::vector<std::int64_t> supply(C), capacity(R);
  for (std::size_t c = 0; c < C; ++c) supply[c] = static_cast<std::int64_t>(placed[c]);
  for (std::size_t r = 0; r < R; ++r)
    capacity[r] = static_cast<std::int64_t>(std::min<std::uint64_t>(reps[r].capacity, INT64_MAX));
  std::vector<Lane> lanes;
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t k = 0; k < classes[c].reps.size(); ++k)
      lanes.push_back({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(classes[c].reps[k]),
                       classes[c].exact[k] ? 0 : 1});
  const std::vector<std::int64_t> shipped = min_cost_flow(supply, capacity, lanes);
  std::vector<std::vector<std::int64_t>> quota(C);
  std::size_t lane = 0;
  for (std::size_t c = 0; c < C; ++c) {
    quota[c].assign(classes[c].reps.size(), 0);
    for (std::size_t k = 0; k < classes[c].reps.size(); ++k) quota[c][k] = shipped[lane++];
  }
  // The leads of each class go to its reps in turn, best first.
  std::vector<int> out(lead_class.size(), kNoRep);
  std::vector<std::size_t> turn(C, 0);
  for (std::size_t i = 0; i < lead_class.size(); ++i) {
    if (!fits[i]) continue;
    const std::size_t c = lead_class[i];
    const std::size_t n = classes[c].reps.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t at = (turn[c] + k) % n;
      if (quota[c][at] > 0) {
        --quota[c][at];
        out[i] = classes[c].reps[at];
        turn[c] = at + 1;
        break;
      }
    }
    if (out[i] == kNoRep) throw std::logic_error("optimal routing: the flow places fewer leads than fit");
  }
  return out;
}

absl::StatusOr<Routing> route(const QualifyResult& result, std::span<const Rep> reps, const RouteOptions& options) {
  if (reps.empty()) return absl::InvalidArgumentError("reps: there are none to route to");
  if (options.method == RouteMethod::kTerritory && options.territory_by.empty())
    return absl::InvalidArgumentError("territory_by: routing by territory needs the territory attribute");
  const DataSet& data = result.data();
  std::optional<AttributeColumnView> territory;
  if (!options.territory_by.empty()) {
    territory = data.find_attribute(options.territory_by);
    if (!territory || territory->type() != AttributeType::kString)
      return absl::InvalidArgumentError(absl::StrCat("territory_by: \"", options.territory_by,
                                                     "\" is not a string attribute of the data set"));
  }
  Routing out;
  out.method = options.method;
  out.territory_by = options.territory_by;
  for (const Rep& r : reps) out.reps.push_back({r, 0});

  // Qualified leads in priority order.
  const std::span<const Decision> decisions = result.decisions();
  const std::span<const double> scores = result.scores();
  std::vector<RecordIndex> order;
  for (RecordIndex r = 0; r < decisions.size(); ++r)
    if (decisions[r] == Decision::kQualified) order.push_back(r);
  if (!scores.empty()) {
    std::stable_sort(order.begin(), order.end(), [&](RecordIndex a, RecordIndex b) {
      const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
      if (na != nb) return nb;
      return !na && scores[a] > scores[b];
    });
  }

  // Classes: one per territory value (all leads in one without territory_by).
  std::vector<Class> classes;
  std::map<std::optional<std::string>, std::size_t> class_of;
  std::vector<std::size_t> lead_class;
  for (RecordIndex r : order) {
    std::optional<std::string> value;
    if (territory) {
      const AttributeValue v = territory->value(r);
      if (const auto* s = std::get_if<std::string_view>(&v)) value.emplace(*s);
    }
    auto [it, added] = class_of.try_emplace(value, classes.size());
    if (added) {
      Class c;
      c.territory = value;
      for (std::size_t k = 0; k < reps.size(); ++k) {
        const bool all = covers_all(reps[k]);
        const bool exact = value && std::find(reps[k].territories.begin(), reps[k].territories.end(), *value) !=
                                        reps[k].territories.end();
        if (!territory || all || exact) {
          c.reps.push_back(static_cast<int>(k));
          c.exact.push_back(!territory || exact);
        }
      }
      classes.push_back(std::move(c));
    }
    lead_class.push_back(it->second);
    out.leads.push_back({r, kNoRep, RouteStatus::kPlaced, value});
  }

  Router router(reps, classes);
  std::vector<int> chosen;
  if (options.method == RouteMethod::kOptimal) {
    chosen = optimal(reps, classes, lead_class);
  } else {
    for (std::size_t i = 0; i < lead_class.size(); ++i) chosen.push_back(router.place(options.method, lead_class[i]));
  }
  out.lead_of.assign(data.record_count(), -1);
  for (std::size_t i = 0; i < out.leads.size(); ++i) {
    LeadRoute& lead = out.leads[i];
    out.lead_of[lead.record] = static_cast<std::int32_t>(i);
    lead.rep = chosen[i];
    if (lead.rep != kNoRep) {
      ++out.reps[static_cast<std::size_t>(lead.rep)].assigned;
      ++out.placed;
    } else if (classes[lead_class[i]].reps.empty()) {
      lead.status = lead.territory || !territory ? RouteStatus::kNoRepInTerritory : RouteStatus::kTerritoryUnknown;
    } else {
      lead.status = RouteStatus::kAllFull;
    }
  }
  return out;
}

}  // namespace
}  // namespace internal::qualify

absl::StatusOr<Routing> route_leads(const QualifyResult& result, std::span<const Rep> reps,
                                    const RouteOptions& options) {
  return internal::no_throw("route_leads", [&]() -> absl::StatusOr<Routing> {
    return internal::qualify::route(result, reps, options);
  });
}

std::string_view to_string(RouteMethod method) {
  switch (method) {
    case RouteMethod::kRoundRobin: return "round_robin";
    case RouteMethod::kLeastLoaded: return "least_loaded";
    case RouteMethod::kTerritory: return "territory";
    case RouteMethod::kOptimal: return "optimal";
  }
  return "?";
}

std::optional<RouteMethod> route_method_from_string(std::string_view name) {
  for (RouteMethod m : {RouteMethod::kRoundRobin, RouteMethod::kLeastLoaded, RouteMethod::kTerritory,
                        RouteMethod::kOptimal})
    if (to_string(m) == name) return m;
  return std::nullopt;
}

std::string_view to_string(RouteStatus status) {
  switch (status) {
    case RouteStatus::kPlaced: return "placed";
    case RouteStatus::kNoRepInTerritory: return "no_rep_in_territory";
    case RouteStatus::kTerritoryUnknown: return "territory_unknown";
    case RouteStatus::kAllFull: return "all_full";
  }
  return "?";
}

}  // namespace modelfunnel
