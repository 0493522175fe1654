// reference_tiering(): see reference_tiering.hpp. Deliberately naive.
#include "reference_tiering.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace mf_tier_test {
namespace {

using Json = nlohmann::json;

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// Lower case, inner runs of spaces as one.
std::string fold(std::string s) {
  s = trim(s);
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

/// An attribute's points for a non-blank value.
double points(const Json& a, const std::string& value) {
  if (a.contains("categorical")) {
    for (auto& [k, v] : a["categorical"].items())
      if (fold(k) == fold(value)) return v.get<double>();
    if (a.contains("aliases"))
      for (auto& [k, v] : a["aliases"].items())
        if (fold(k) == fold(value))
          for (auto& [k2, v2] : a["categorical"].items())
            if (fold(k2) == fold(v.get<std::string>())) return v2.get<double>();
    return a.value("other", 0.0);
  }
  if (a.contains("boolean")) {
    const std::string v = fold(value);
    const bool yes = v == "true" || v == "yes" || v == "y" || v == "t" || v == "1";
    return a["boolean"][yes ? "true" : "false"].get<double>();
  }
  const double x = std::strtod(trim(value).c_str(), nullptr);
  if (a.contains("linear")) {
    const double x0 = a["linear"]["from"][0], p0 = a["linear"]["from"][1];
    const double x1 = a["linear"]["to"][0], p1 = a["linear"]["to"][1];
    if (x <= x0) return p0;
    if (x >= x1) return p1;
    return p0 + (p1 - p0) * (x - x0) / (x1 - x0);
  }
  for (const Json& b : a["buckets"])
    if (!b.contains("below") || x < b["below"].get<double>()) return b["points"].get<double>();
  return 0;
}

std::pair<double, double> range(const Json& a) {
  std::vector<double> p;
  if (a.contains("categorical")) {
    for (auto& [k, v] : a["categorical"].items()) p.push_back(v.get<double>());
    p.push_back(a.value("other", 0.0));
  } else if (a.contains("boolean")) {
    p = {a["boolean"]["true"].get<double>(), a["boolean"]["false"].get<double>()};
  } else if (a.contains("linear")) {
    p = {a["linear"]["from"][1].get<double>(), a["linear"]["to"][1].get<double>()};
  } else {
    for (const Json& b : a["buckets"]) p.push_back(b["points"].get<double>());
  }
  return {*std::min_element(p.begin(), p.end()), *std::max_element(p.begin(), p.end())};
}

}  // namespace

std::map<std::string, ReferenceAccount> reference_tiering(const modelfunnel::CsvTable& table,
                                                          const std::string& model_json,
                                                          const modelfunnel::TierOptions& options) {
  const Json m = Json::parse(model_json, nullptr, true, true);
  const std::string id_col = m["id"];
  std::vector<std::string> names;
  std::vector<double> shares;
  std::vector<std::optional<double>> floors;
  if (m.contains("tiers")) {
    for (const Json& t : m["tiers"]) {
      names.push_back(t["name"]);
      shares.push_back(t["share"]);
      floors.push_back(t.contains("floor") ? std::optional<double>(t["floor"].get<double>()) : std::nullopt);
    }
  } else {
    names = {"A", "B", "C"};
    shares = {0.15, 0.25, 0.60};
    floors.assign(3, std::nullopt);
  }
  const std::string policy = m.value("while_uncertain", "lowest");
  const double margin = options.stability_margin ? *options.stability_margin : m.value("stability_margin", 0.0);
  const bool rollup = options.rollup ? *options.rollup : m.contains("rollup");

  auto cell = [&](std::size_t r, const std::string& column) { return table.rows[r][*table.column(column)]; };
  const std::size_t n = table.rows.size();
  std::vector<ReferenceAccount> acc(n);
  std::vector<std::string> research(n);
  for (std::size_t r = 0; r < n; ++r) {
    acc[r].id = trim(cell(r, id_col));
    double widest = 0;
    for (const Json& a : m["attributes"]) {
      const std::string value = cell(r, a.value("column", a["name"].get<std::string>()));
      if (!trim(value).empty()) {
        const double p = points(a, value);
        acc[r].low += p;
        acc[r].high += p;
      } else if (a.contains("missing") && a["missing"].is_number()) {
        acc[r].low += a["missing"].get<double>();
        acc[r].high += a["missing"].get<double>();
      } else {
        const auto [lo, hi] = range(a);
        acc[r].low += lo;
        acc[r].high += hi;
        if (hi - lo > widest) {
          widest = hi - lo;
          research[r] = a["name"];
        }
      }
    }
    acc[r].score = policy == "lowest" ? acc[r].low : policy == "highest" ? acc[r].high
                                                                         : acc[r].low + (acc[r].high - acc[r].low) / 2;
  }
  auto row_of = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t r = 0; r < n; ++r)
      if (acc[r].id == id) return r;
    return std::nullopt;
  };
  // Organisations: follow parents to the top.
  std::vector<std::size_t> top(n);
  for (std::size_t r = 0; r < n; ++r) {
    std::size_t at = r;
    while (rollup) {
      const std::string p = trim(cell(at, m["rollup"]));
      const auto up = p.empty() ? std::nullopt : row_of(p);
      if (!up || *up == at) break;
      at = *up;
    }
    top[r] = at;
  }
  auto tier_named = [&](const std::string& name) {
    return static_cast<int>(std::find(names.begin(), names.end(), trim(name)) - names.begin());
  };
  std::vector<int> tier(n, -1), previous(n, -1);
  std::vector<std::uint64_t> filled(names.size(), 0);
  for (const auto& p : options.previous)
    if (auto r = row_of(trim(p.id))) previous[*r] = tier_named(p.tier);
  for (const auto& p : options.pins) {
    const std::size_t org = top[*row_of(trim(p.id))];
    for (std::size_t r = 0; r < n; ++r)
      if (top[r] == org && tier[r] < 0) {
        tier[r] = tier_named(p.tier);
        ++filled[static_cast<std::size_t>(tier[r])];
      }
  }
  // Targets: whole parts, then one each by largest remainder (ties: earlier tier).
  std::vector<std::uint64_t> target(names.size());
  std::vector<double> rem(names.size());
  std::uint64_t given = 0;
  for (std::size_t t = 0; t < names.size(); ++t) {
    const double q = std::round(shares[t] * static_cast<double>(n) * 1e9) / 1e9;
    target[t] = static_cast<std::uint64_t>(std::floor(q));
    rem[t] = q - std::floor(q);
    given += target[t];
  }
  while (given < n) {
    std::size_t best = 0;
    for (std::size_t t = 1; t < names.size(); ++t)
      if (rem[t] > rem[best]) best = t;
    ++target[best];
    rem[best] = -1;
    ++given;
  }
  auto members = [&](std::size_t org) {
    std::uint64_t k = 0;
    for (std::size_t r = 0; r < n; ++r) k += top[r] == org;
    return k;
  };
  for (std::size_t t = 0; t + 1 < names.size(); ++t) {
    const std::uint64_t cap = target[t] > filled[t] ? target[t] - filled[t] : 0;
    std::uint64_t taken = 0;
    for (;;) {
      // The best organisation left that passes the floor.
      std::optional<std::size_t> best;
      double best_key = 0;
      for (std::size_t r = 0; r < n; ++r) {
        if (top[r] != r || tier[r] >= 0) continue;
        if (floors[t] && acc[r].score < *floors[t]) continue;
        const double key = acc[r].score + (previous[r] >= 0 && previous[r] <= static_cast<int>(t) ? margin : 0);
        if (!best || key > best_key || (key == best_key && (acc[r].score > acc[*best].score ||
                                                            (acc[r].score == acc[*best].score && acc[r].id < acc[*best].id)))) {
          best = r;
          best_key = key;
        }
      }
      if (!best || taken >= cap) break;
      const std::uint64_t w = members(*best);
      if (taken + w > cap && taken + w - cap >= cap - taken) break;
      for (std::size_t r = 0; r < n; ++r)
        if (top[r] == *best) tier[r] = static_cast<int>(t);
      taken += w;
    }
  }
  for (std::size_t r = 0; r < n; ++r)
    if (tier[r] < 0) tier[r] = static_cast<int>(names.size() - 1);
  // Cut-offs: the lowest organisation score of each tier.
  std::vector<std::optional<double>> lowest(names.size());
  for (std::size_t r = 0; r < n; ++r) {
    if (top[r] != r) continue;
    auto& l = lowest[static_cast<std::size_t>(tier[r])];
    if (!l || acc[r].score < *l) l = acc[r].score;
  }
  std::map<std::string, ReferenceAccount> out;
  for (std::size_t r = 0; r < n; ++r) {
    ReferenceAccount a = acc[r];
    a.tier = names[static_cast<std::size_t>(tier[r])];
    const ReferenceAccount& o = acc[top[r]];
    bool pinned = false;
    for (const auto& p : options.pins) pinned = pinned || top[*row_of(trim(p.id))] == top[r];
    for (std::size_t t = 0; t + 1 < names.size() && !pinned; ++t)
      if (o.low < o.high && lowest[t] && o.low < *lowest[t] && *lowest[t] <= o.high) a.uncertain = true;
    if (a.uncertain) a.research = research[top[r]];
    out[a.id] = a;
  }
  return out;
}

}  // namespace mf_tier_test
