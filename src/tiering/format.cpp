// tiering_csv() and tiering_json().
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/coverage_format.hpp"
#include "util/csv_quote.hpp"
#include "util/json_writer.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::tiering {

std::string score_text(double x) {
  if (!std::isfinite(x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

}  // namespace internal::tiering

namespace {

using internal::csv_field;
using internal::tiering::score_text;

std::string opt_score(const std::optional<double>& x) { return x ? score_text(*x) : std::string(); }

void write_opt(internal::JsonWriter& w, const std::optional<double>& x) {
  if (x) w.value(*x);
  else w.null();
}

std::string accounts_csv(const Tiering& t, const Assignment* as) {
  std::string out = "rank,id,tier,score,score_low,score_high,uncertain,research,reason,pin_reason,previous_tier,organisation";
  for (const auto& a : t.attributes) absl::StrAppend(&out, ",", csv_field(absl::StrCat("points_", a)));
  if (as) out += ",rep,assignment";
  out += '\n';
  for (std::size_t i = 0; i < t.accounts.size(); ++i) {
    const TieredAccount& a = t.accounts[i];
    absl::StrAppend(&out, a.rank, ",", csv_field(a.id), ",", csv_field(t.tiers[a.tier].name), ",",
                    score_text(a.score), ",", score_text(a.score_low), ",", score_text(a.score_high), ",",
                    a.uncertain ? "true" : "false", ",", csv_field(a.research), ",", std::string(to_string(a.reason)),
                    ",", csv_field(a.pin_reason), ",",
                    a.previous_tier ? csv_field(t.tiers[*a.previous_tier].name) : std::string(), ",",
                    csv_field(a.organisation));
    for (const auto& p : t.points_of(i)) absl::StrAppend(&out, ",", opt_score(p));
    if (as) {
      const std::int32_t r = as->rep[i];
      absl::StrAppend(&out, ",", r >= 0 ? csv_field(as->reps[static_cast<std::size_t>(r)].rep.id) : std::string(), ",",
                      std::string(to_string(as->status[i])));
    }
    out += '\n';
  }
  return out;
}

std::string tiers_csv(const Tiering& t) {
  std::string out = "tier,share,target,count,difference,pinned,kept,uncertain,min_score,max_score\n";
  for (const TierSummary& s : t.tiers)
    absl::StrAppend(&out, csv_field(s.name), ",", score_text(s.share), ",", s.target, ",", s.count, ",", s.difference,
                    ",", s.pinned, ",", s.kept, ",", s.uncertain, ",", opt_score(s.min_score), ",",
                    opt_score(s.max_score), "\n");
  return out;
}

std::string cutoffs_csv(const Tiering& t) {
  std::string out = "upper,lower,last_upper,first_lower,margin\n";
  for (const TierCutoff& c : t.cutoffs)
    absl::StrAppend(&out, csv_field(c.upper), ",", csv_field(c.lower), ",", opt_score(c.last_upper), ",",
                    opt_score(c.first_lower), ",", opt_score(c.margin), "\n");
  return out;
}

std::string reps_csv(const Assignment& as) {
  std::string out = "rep_id,territory,max_a,max_total,first_tier,total,fit_weight\n";
  for (const RepAssignment& r : as.reps) {
    std::string territories;
    for (const auto& t : r.rep.territories) absl::StrAppend(&territories, territories.empty() ? "" : ";", t);
    absl::StrAppend(&out, csv_field(r.rep.id), ",", csv_field(territories), ",", r.rep.max_a, ",", r.rep.max_total, ",",
                    r.first_tier, ",", r.total, ",", score_text(r.fit_weight), "\n");
  }
  return out;
}

}  // namespace

std::string_view to_string(TieringTable table) {
  switch (table) {
    case TieringTable::kAccounts: return "accounts";
    case TieringTable::kTiers: return "tiers";
    case TieringTable::kCutoffs: return "cutoffs";
    case TieringTable::kReps: return "reps";
    case TieringTable::kCoverage: return "coverage";
    case TieringTable::kRepGaps: return "rep_gaps";
  }
  return "unknown";
}

std::optional<TieringTable> tiering_table_from_string(std::string_view name) {
  for (TieringTable t : {TieringTable::kAccounts, TieringTable::kTiers, TieringTable::kCutoffs, TieringTable::kReps,
                         TieringTable::kCoverage, TieringTable::kRepGaps})
    if (to_string(t) == name) return t;
  return std::nullopt;
}

absl::StatusOr<std::string> tiering_csv(const Tiering& tiering, TieringTable table, const Assignment* assignment,
                                        const Coverage* coverage) {
  return internal::no_throw("tiering_csv", [&]() -> absl::StatusOr<std::string> {
    if (assignment && assignment->rep.size() != tiering.accounts.size())
      return absl::InvalidArgumentError("the assignment is not of this tiering");
    switch (table) {
      case TieringTable::kAccounts: return accounts_csv(tiering, assignment);
      case TieringTable::kTiers: return tiers_csv(tiering);
      case TieringTable::kCutoffs: return cutoffs_csv(tiering);
      case TieringTable::kReps:
        if (!assignment) return absl::InvalidArgumentError("the reps table needs an assignment (give reps)");
        return reps_csv(*assignment);
      case TieringTable::kCoverage:
      case TieringTable::kRepGaps:
        if (!coverage) return absl::InvalidArgumentError("the coverage tables need a coverage (give contacts)");
        if (coverage->accounts.size() != tiering.accounts.size())
          return absl::InvalidArgumentError("the coverage is not of this tiering");
        return table == TieringTable::kCoverage ? internal::tiering::coverage_csv(tiering, *coverage)
                                                : internal::tiering::rep_gaps_csv(*coverage);
    }
    return absl::InvalidArgumentError("unknown table");
  });
}

absl::StatusOr<std::string> tiering_json(const Tiering& t, const Assignment* as, const Coverage* coverage) {
  return internal::no_throw("tiering_json", [&]() -> absl::StatusOr<std::string> {
    if (as && as->rep.size() != t.accounts.size())
      return absl::InvalidArgumentError("the assignment is not of this tiering");
    if (coverage && coverage->accounts.size() != t.accounts.size())
      return absl::InvalidArgumentError("the coverage is not of this tiering");
    internal::JsonWriter w;
    w.begin_object();
    w.key("rolled_up");
    w.value(t.rolled_up);
    w.key("unknown_parents");
    w.value(t.unknown_parents);
    w.key("previous_unknown");
    w.value(t.previous_unknown);
    w.key("tiers");
    w.begin_array();
    for (const TierSummary& s : t.tiers) {
      w.begin_object();
      w.key("tier"); w.value(s.name);
      w.key("share"); w.value(s.share);
      w.key("target"); w.value(s.target);
      w.key("count"); w.value(s.count);
      w.key("difference"); w.value(s.difference);
      w.key("pinned"); w.value(s.pinned);
      w.key("kept"); w.value(s.kept);
      w.key("uncertain"); w.value(s.uncertain);
      w.key("min_score"); write_opt(w, s.min_score);
      w.key("max_score"); write_opt(w, s.max_score);
      w.end_object();
    }
    w.end_array();
    w.key("cutoffs");
    w.begin_array();
    for (const TierCutoff& c : t.cutoffs) {
      w.begin_object();
      w.key("upper"); w.value(c.upper);
      w.key("lower"); w.value(c.lower);
      w.key("last_upper"); write_opt(w, c.last_upper);
      w.key("first_lower"); write_opt(w, c.first_lower);
      w.key("margin"); write_opt(w, c.margin);
      w.end_object();
    }
    w.end_array();
    w.key("accounts");
    w.begin_array();
    for (std::size_t i = 0; i < t.accounts.size(); ++i) {
      const TieredAccount& a = t.accounts[i];
      w.begin_object();
      w.key("rank"); w.value(std::uint64_t{a.rank});
      w.key("id"); w.value(a.id);
      w.key("tier"); w.value(t.tiers[a.tier].name);
      w.key("score"); w.value(a.score);
      w.key("score_low"); w.value(a.score_low);
      w.key("score_high"); w.value(a.score_high);
      w.key("uncertain"); w.value(a.uncertain);
      w.key("research"); w.value(a.research);
      w.key("reason"); w.value(to_string(a.reason));
      w.key("pin_reason"); w.value(a.pin_reason);
      w.key("previous_tier");
      if (a.previous_tier) w.value(t.tiers[*a.previous_tier].name);
      else w.null();
      w.key("organisation"); w.value(a.organisation);
      w.key("points");
      w.begin_object();
      for (std::size_t k = 0; k < t.attributes.size(); ++k) {
        w.key(t.attributes[k]);
        write_opt(w, t.points_of(i)[k]);
      }
      w.end_object();
      if (as) {
        const std::int32_t r = as->rep[i];
        w.key("rep");
        if (r >= 0) w.value(as->reps[static_cast<std::size_t>(r)].rep.id);
        else w.null();
        w.key("assignment"); w.value(to_string(as->status[i]));
      }
      w.end_object();
    }
    w.end_array();
    if (as) {
      w.key("reps");
      w.begin_array();
      for (const RepAssignment& r : as->reps) {
        w.begin_object();
        w.key("rep_id"); w.value(r.rep.id);
        w.key("max_a"); w.value(r.rep.max_a);
        w.key("max_total"); w.value(r.rep.max_total);
        w.key("first_tier"); w.value(r.first_tier);
        w.key("total"); w.value(r.total);
        w.key("fit_weight"); w.value(r.fit_weight);
        w.end_object();
      }
      w.end_array();
      w.key("placed"); w.value(as->placed);
      w.key("unplaced"); w.value(as->unplaced);
    }
    if (coverage) {
      w.key("coverage");
      internal::tiering::write_coverage_json(w, t, *coverage);
    }
    w.end_object();
    return std::move(w).finish();
  });
}

}  // namespace modelfunnel
