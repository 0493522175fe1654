#include "reference_learn.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace mf_tier_test {
namespace {

std::string norm(const std::string& s) {
  std::string out;
  bool gap = false;
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  for (std::size_t i = b; i < e; ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

/// The value label an account has for an attribute, as the docs group them.
std::string label(const std::string& attribute, const std::string& raw) {
  const std::string v = norm(raw);
  if (v.empty()) return "(missing)";
  if (attribute == "sector") {
    if (v == "software" || v == "sofware") return "software";
    if (v == "retail") return "retail";
    if (v == "finance") return "finance";
    return "other";
  }
  if (attribute == "size") {
    const double x = std::strtod(v.c_str(), nullptr);
    return x < 100 ? "below 100" : x < 1000 ? "100 to below 1000" : "1000 or more";
  }
  return v == "yes" || v == "true" || v == "1" || v == "y" || v == "t" ? "true" : "false";
}

}  // namespace

std::map<std::pair<std::string, std::string>, ReferenceLearned> reference_learn(const modelfunnel::CsvTable& accounts,
                                                                                const modelfunnel::CsvTable& deals,
                                                                                bool by_deals, double prior,
                                                                                double points_per_logit) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> attributes = {
      {"sector", {"software", "retail", "finance", "other"}},
      {"size", {"below 100", "100 to below 1000", "1000 or more"}},
      {"public", {"true", "false"}}};
  // Cases and wins of each account.
  std::vector<std::uint64_t> cases(accounts.rows.size()), wins(accounts.rows.size());
  std::uint64_t all_cases = 0, all_wins = 0;
  for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
    const std::string id = accounts.rows[r][0];
    for (const auto& d : deals.rows) {
      if (norm(d[0]) != norm(id)) continue;  // ids here have no spaces or case
      const std::string stage = norm(d[1]);
      if (by_deals) {
        if (stage == "won" || stage == "lost") ++cases[r];
        if (stage == "won") ++wins[r];
      } else if (stage == "won") {
        wins[r] = 1;
      }
    }
    if (!by_deals) cases[r] = 1;
    all_cases += cases[r];
    all_wins += wins[r];
  }
  const double p = static_cast<double>(all_wins) / static_cast<double>(all_cases);
  auto logit = [](double x) { return std::log(x / (1 - x)); };
  std::map<std::pair<std::string, std::string>, ReferenceLearned> out;
  for (std::size_t k = 0; k < attributes.size(); ++k) {
    const auto& [name, values] = attributes[k];
    std::map<std::string, ReferenceLearned> by_value;
    for (const auto& v : values) by_value[v];
    by_value["(missing)"];
    for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
      auto& e = by_value[label(name, accounts.rows[r][k + 1])];
      ++e.accounts;
      e.cases += cases[r];
      e.wins += wins[r];
    }
    double lowest = 1e300;
    std::map<std::string, double> lo;
    for (const auto& v : values) {
      const auto& e = by_value[v];
      lo[v] = logit((static_cast<double>(e.wins) + prior * p) / (static_cast<double>(e.cases) + prior)) - logit(p);
      lowest = std::min(lowest, lo[v]);
    }
    for (const auto& v : values) by_value[v].points = std::round((lo[v] - lowest) * points_per_logit * 10) / 10;
    for (auto& [v, e] : by_value) out[{name, v}] = e;
  }
  return out;
}

}  // namespace mf_tier_test
