// learn_weights(): points per attribute value from which accounts produced
// a won deal (docs/tiering.md, "Learned weights"). Each value's win rate is
// smoothed toward the overall rate (a Beta prior worth `prior_accounts`
// accounts), turned into log-odds against the overall rate, and scaled to
// points so that the value of lowest log-odds gets 0. The model's own JSON
// is rewritten with the new points, for people to edit and feed back.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/csv_input.hpp"
#include "tiering/fit_model.hpp"
#include "tiering/fit_model_access.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

using Json = nlohmann::ordered_json;

double logit(double p) { return std::log(p / (1 - p)); }

/// A number in the buckets' labels, as people write it (no exponent).
std::string bound_text(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

/// One value of an attribute whose points are learned.
struct Group {
  std::string label;
  std::optional<double> model_points;
  std::uint64_t accounts = 0, cases = 0, wins = 0;
};

absl::StatusOr<LearnedWeights> run(const CsvTable& accounts, const FitModelData& m, const CsvTable& deals,
                                   const LearnOptions& o) {
  if (!(o.prior_accounts > 0) || !std::isfinite(o.prior_accounts))
    return absl::InvalidArgumentError("learn.option: prior_accounts must be a number above 0");
  if (!(o.points_per_logit > 0) || !std::isfinite(o.points_per_logit))
    return absl::InvalidArgumentError("learn.option: points_per_logit must be a number above 0");
  LearnedWeights out;
  out.prior_accounts = o.prior_accounts;
  out.points_per_logit = o.points_per_logit;

  // Won accounts from the deals.
  const std::string& deal_account = o.account_column.empty() ? m.id_column : o.account_column;
  auto account_col = need_column(deals, deal_account, "learn.column", "the deals column naming the account");
  if (!account_col.ok()) return account_col.status();
  auto stage_col = need_column(deals, o.stage_column, "learn.column", "the deals column holding the stage");
  if (!stage_col.ok()) return stage_col.status();
  const std::string won = normalise(o.won_value);
  const std::string lost = normalise(o.lost_value);
  if (won.empty()) return absl::InvalidArgumentError("learn.option: the won value is blank");
  if (o.unit == LearnUnit::kDeals && (lost.empty() || lost == won))
    return absl::InvalidArgumentError("learn.option: the lost value is blank or the won value");
  out.unit = o.unit;

  auto id_col = need_column(accounts, m.id_column, "learn.column", "the model's id column");
  if (!id_col.ok()) return id_col.status();
  absl::flat_hash_map<std::string_view, std::size_t> row_of;
  for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
    const std::string_view id = trimmed(accounts.rows[r][*id_col]);
    if (id.empty()) return located(accounts, r, *id_col, "learn.id", "the account id is blank");
    if (!row_of.emplace(id, r).second)
      return located(accounts, r, *id_col, "learn.id", absl::StrCat("id \"", av(id), "\" is given twice"));
  }
  // Cases and wins per account row.
  const bool by_deals = o.unit == LearnUnit::kDeals;
  std::vector<std::uint64_t> cases(accounts.rows.size(), by_deals ? 0 : 1), wins(accounts.rows.size(), 0);
  for (std::size_t r = 0; r < deals.rows.size(); ++r) {
    ++out.deals;
    const auto it = row_of.find(trimmed(deals.rows[r][*account_col]));
    if (it == row_of.end()) {
      ++out.deals_unknown_account;
      continue;
    }
    const std::string stage = normalise(deals.rows[r][*stage_col]);
    if (stage == won) ++out.won_deals;
    if (by_deals) {
      if (stage != won && stage != lost) {
        ++out.deals_open;
        continue;
      }
      ++cases[it->second];
      if (stage == won) ++wins[it->second];
    } else if (stage == won) {
      wins[it->second] = 1;
    }
  }
  out.accounts = accounts.rows.size();
  for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
    out.cases += cases[r];
    out.wins += wins[r];
  }
  if (out.wins == 0 || out.wins == out.cases)
    return absl::InvalidArgumentError(absl::StrCat(
        "learn.evidence: ", out.wins, " of ", out.cases, by_deals ? " closed deals are won" : " accounts have a won deal",
        by_deals ? "; learning needs won and lost deals"
                 : "; learning needs accounts with and without one (or learn by deals: each closed deal a case)"));
  const double overall = static_cast<double>(out.wins) / static_cast<double>(out.cases);

  Json model = Json::parse(m.json);
  for (std::size_t k = 0; k < m.attributes.size(); ++k) {
    const Attribute& a = m.attributes[k];
    Json& spec = model["attributes"][k];
    if (a.kind == FitAttributeKind::kLinear) {
      out.kept.push_back(a.name);
      continue;
    }
    auto col = need_column(accounts, a.column, "learn.column", absl::StrCat("attribute \"", a.name, "\" reads it"));
    if (!col.ok()) return col.status();
    // The groups and how a value finds its group.
    std::vector<Group> groups;
    absl::flat_hash_map<std::string, std::size_t> group_of;  // categorical: normalised value or alias
    if (a.kind == FitAttributeKind::kCategorical) {
      for (const auto& [key, points] : spec["categorical"].items()) {
        group_of.emplace(normalise(key), groups.size());
        groups.push_back({key, points.get<double>()});
      }
      if (spec.contains("aliases"))
        for (const auto& [alias, target] : spec["aliases"].items()) {
          // Copied before emplace(), which may move the map's entries.
          const std::size_t group = group_of.at(normalise(target.get<std::string>()));
          group_of.emplace(normalise(alias), group);
        }
      groups.push_back({"other", a.other});
    } else if (a.kind == FitAttributeKind::kBuckets) {
      for (std::size_t b = 0; b < a.buckets.size(); ++b) {
        std::string label;
        if (b == 0) label = absl::StrCat("below ", bound_text(*a.buckets[b].below));
        else if (a.buckets[b].below)
          label = absl::StrCat(bound_text(*a.buckets[b - 1].below), " to below ", bound_text(*a.buckets[b].below));
        else label = absl::StrCat(bound_text(*a.buckets[b - 1].below), " or more");
        groups.push_back({label, a.buckets[b].points});
      }
    } else {
      groups.push_back({"true", a.if_true});
      groups.push_back({"false", a.if_false});
    }
    Group missing{"(missing)", a.missing_points};
    std::string scratch;
    ValueError error;
    for (std::size_t r = 0; r < accounts.rows.size(); ++r) {
      const std::string_view v = trimmed(accounts.rows[r][*col]);
      Group* g = nullptr;
      if (v.empty()) {
        g = &missing;
      } else if (a.kind == FitAttributeKind::kCategorical) {
        const auto it = group_of.find(normalise(v));
        g = &groups[it == group_of.end() ? groups.size() - 1 : it->second];
      } else {
        // The model's own reading of the value; which bucket (or yes/no)
        // it falls in is found again from the bounds.
        const auto p = points_of(a, v, scratch, error);
        if (!error.rule.empty()) return located(accounts, r, *col, error.rule, error.message);
        (void)p;
        if (a.kind == FitAttributeKind::kBuckets) {
          double x = 0;
          std::string_view t = v;
          if (!t.empty() && t.front() == '+') t.remove_prefix(1);
          std::from_chars(t.data(), t.data() + t.size(), x);
          std::size_t b = 0;
          while (b + 1 < a.buckets.size() && !(x < *a.buckets[b].below)) ++b;
          g = &groups[b];
        } else {
          const std::string t = normalise(v);
          const bool yes = t == "true" || t == "yes" || t == "y" || t == "t" || t == "1";
          g = &groups[yes ? 0 : 1];
        }
      }
      ++g->accounts;
      g->cases += cases[r];
      g->wins += wins[r];
    }
    // Smoothed log-odds, then points from the lowest.
    std::vector<double> lo(groups.size());
    double lowest = 0;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const double s = (static_cast<double>(groups[i].wins) + o.prior_accounts * overall) /
                       (static_cast<double>(groups[i].cases) + o.prior_accounts);
      lo[i] = logit(s) - logit(overall);
      lowest = i == 0 ? lo[i] : std::min(lowest, lo[i]);
    }
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const Group& g = groups[i];
      LearnedValue v;
      v.attribute = a.name;
      v.value = g.label;
      v.accounts = g.accounts;
      v.cases = g.cases;
      v.wins = g.wins;
      v.win_rate = g.cases ? static_cast<double>(g.wins) / static_cast<double>(g.cases) : 0.0;
      v.smoothed_rate = (static_cast<double>(g.wins) + o.prior_accounts * overall) /
                        (static_cast<double>(g.cases) + o.prior_accounts);
      v.log_odds = lo[i];
      // One decimal: points people read and edit.
      v.points = std::round((lo[i] - lowest) * o.points_per_logit * 10) / 10;
      v.model_points = g.model_points;
      out.values.push_back(std::move(v));
    }
    {
      LearnedValue v;
      v.attribute = a.name;
      v.value = missing.label;
      v.accounts = missing.accounts;
      v.cases = missing.cases;
      v.wins = missing.wins;
      v.win_rate = missing.cases ? static_cast<double>(missing.wins) / static_cast<double>(missing.cases) : 0.0;
      v.smoothed_rate = (static_cast<double>(missing.wins) + o.prior_accounts * overall) /
                        (static_cast<double>(missing.cases) + o.prior_accounts);
      v.log_odds = logit(v.smoothed_rate) - logit(overall);
      v.model_points = missing.model_points;
      out.values.push_back(std::move(v));
    }
    // The learned points into the model's JSON.
    const std::size_t first = out.values.size() - groups.size() - 1;
    if (a.kind == FitAttributeKind::kCategorical) {
      std::size_t i = 0;
      for (auto& [key, points] : spec["categorical"].items()) points = *out.values[first + i++].points;
      spec["other"] = *out.values[first + groups.size() - 1].points;
    } else if (a.kind == FitAttributeKind::kBuckets) {
      for (std::size_t b = 0; b < groups.size(); ++b) spec["buckets"][b]["points"] = *out.values[first + b].points;
    } else {
      spec["boolean"]["true"] = *out.values[first].points;
      spec["boolean"]["false"] = *out.values[first + 1].points;
    }
  }
  out.model_json = model.dump(2) + "\n";
  return out;
}

}  // namespace
}  // namespace internal::tiering

std::string_view to_string(LearnUnit unit) {
  switch (unit) {
    case LearnUnit::kAccounts: return "accounts";
    case LearnUnit::kDeals: return "deals";
  }
  return "unknown";
}

absl::StatusOr<LearnedWeights> learn_weights(const CsvTable& accounts, const FitModel& model, const CsvTable& deals,
                                             const LearnOptions& options) {
  return internal::no_throw("learn_weights", [&]() -> absl::StatusOr<LearnedWeights> {
    return internal::tiering::run(accounts, FitModelAccess::data(model), deals, options);
  });
}

}  // namespace modelfunnel
