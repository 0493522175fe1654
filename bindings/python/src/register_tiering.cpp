// Tiering for Python: accounts and side files as CSV text or paths, the
// fit model as a path or JSON text; the result as columns (lists and numpy
// arrays) that modelfunnel/_tiering.py turns into DataFrames. Work runs
// without the GIL.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"
#include "modelfunnel/timestamp.hpp"
#include "absl/strings/str_cat.h"

namespace modelfunnel::python {
namespace {

/// A CSV given as a path or as text (name used in messages).
struct CsvSource {
  std::string text_or_path;
  bool is_path = false;
  std::string name;
};

absl::StatusOr<CsvTable> read(const CsvSource& s) {
  return s.is_path ? read_csv_table(s.text_or_path) : parse_csv_table(s.text_or_path, s.name);
}

/// The accounts as typed columns: what tier_accounts() reads fastest.
absl::StatusOr<CsvColumns> read_columns(const CsvSource& s, unsigned threads) {
  return s.is_path ? read_csv_columns(s.text_or_path, threads) : parse_csv_columns(s.text_or_path, s.name, threads);
}

py::object opt(const std::optional<double>& x) { return x ? py::object(py::float_(*x)) : py::object(py::none()); }

std::string date_text(const std::optional<Timestamp>& t) {
  return t ? format_timestamp(*t).substr(0, 10) : std::string();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ";") + n;
  return out;
}

/// The coverage as columns (per account) and rows (per rep), and the counts.
py::dict coverage_dict(const Tiering& t, const Coverage& c) {
  const std::size_t n = c.accounts.size();
  py::list id(n), tier(n), rep(n), first(n), last(n), channels(n), missing(n), gaps(n);
  py::array_t<std::int64_t> contacts(static_cast<py::ssize_t>(n)), key(static_cast<py::ssize_t>(n)),
      reached(static_cast<py::ssize_t>(n)), min_contacts(static_cast<py::ssize_t>(n)),
      touches(static_cast<py::ssize_t>(n)), days(static_cast<py::ssize_t>(n)), months(static_cast<py::ssize_t>(n)),
      campaign(static_cast<py::ssize_t>(n));
  py::array_t<bool> running(static_cast<py::ssize_t>(n));
  py::array_t<double> pace(static_cast<py::ssize_t>(n)), target(static_cast<py::ssize_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const AccountCoverage& a = c.accounts[i];
    const TierPlay& play = c.plays[a.tier];
    id[i] = a.id;
    tier[i] = t.tiers[a.tier].name;
    rep[i] = a.rep.empty() ? py::object(py::none()) : py::object(py::str(a.rep));
    contacts.mutable_data()[i] = static_cast<std::int64_t>(a.contacts);
    key.mutable_data()[i] = static_cast<std::int64_t>(a.key_contacts);
    reached.mutable_data()[i] = static_cast<std::int64_t>(a.contacts_reached);
    min_contacts.mutable_data()[i] = static_cast<std::int64_t>(play.min_contacts);
    touches.mutable_data()[i] = static_cast<std::int64_t>(a.touches);
    first[i] = a.first_touch ? py::object(py::str(date_text(a.first_touch))) : py::object(py::none());
    last[i] = a.last_touch ? py::object(py::str(date_text(a.last_touch))) : py::object(py::none());
    days.mutable_data()[i] = a.cadence_days;
    months.mutable_data()[i] = static_cast<std::int64_t>(play.min_cadence_months);
    running.mutable_data()[i] = a.cadence_running;
    pace.mutable_data()[i] = a.touches_per_month;
    target.mutable_data()[i] = play.touches_per_month;
    channels[i] = joined(a.channels);
    missing[i] = joined(a.missing_channels);
    campaign.mutable_data()[i] = static_cast<std::int64_t>(a.campaign_touches);
    std::vector<std::string> g;
    for (CoverageGap x : a.gaps) g.emplace_back(to_string(x));
    gaps[i] = joined(g);
  }
  py::dict acc;
  acc["id"] = id;
  acc["tier"] = tier;
  acc["rep"] = rep;
  acc["contacts"] = contacts;
  acc["key_contacts"] = key;
  acc["contacts_reached"] = reached;
  acc["min_contacts"] = min_contacts;
  acc["touches"] = touches;
  acc["first_touch"] = first;
  acc["last_touch"] = last;
  acc["cadence_days"] = days;
  acc["min_cadence_months"] = months;
  acc["cadence_running"] = running;
  acc["touches_per_month"] = pace;
  acc["target_touches_per_month"] = target;
  acc["channels"] = channels;
  acc["missing_channels"] = missing;
  acc["campaign_touches"] = campaign;
  acc["gaps"] = gaps;
  py::list reps;
  for (const RepCoverage& r : c.reps) {
    py::dict row;
    row["rep"] = r.rep.empty() ? py::object(py::none()) : py::object(py::str(r.rep));
    row["accounts"] = r.accounts;
    row["with_gaps"] = r.with_gaps;
    row["gap_contacts"] = r.contacts;
    row["gap_cadence"] = r.cadence;
    row["gap_channel"] = r.channel;
    row["gap_campaign"] = r.campaign;
    row["contacts_to_reach"] = r.contacts_to_reach;
    reps.append(row);
  }
  const CoverageCounts& k = c.counts;
  py::dict counts;
  counts["contacts"] = k.contacts;
  counts["contacts_unknown_account"] = k.contacts_unknown_account;
  counts["contacts_duplicate"] = k.contacts_duplicate;
  counts["contacts_blank_role"] = k.contacts_blank_role;
  counts["activities"] = k.activities;
  counts["activities_unknown_contact"] = k.activities_unknown_contact;
  counts["activities_duplicate"] = k.activities_duplicate;
  counts["activities_after_as_of"] = k.activities_after_as_of;
  counts["activities_blank_channel"] = k.activities_blank_channel;
  counts["unknown_accounts"] = k.unknown_accounts;
  py::dict out;
  out["accounts"] = acc;
  out["reps"] = reps;
  out["counts"] = counts;
  out["as_of"] = c.as_of ? py::object(py::str(date_text(c.as_of))) : py::object(py::none());
  return out;
}

py::list tiers_list(const std::vector<TierSummary>& summaries) {
  py::list tiers;
  for (const TierSummary& s : summaries) {
    py::dict row;
    row["tier"] = s.name;
    row["share"] = s.share;
    row["target"] = s.target;
    row["count"] = s.count;
    row["difference"] = s.difference;
    row["pinned"] = s.pinned;
    row["kept"] = s.kept;
    row["uncertain"] = s.uncertain;
    row["min_score"] = opt(s.min_score);
    row["max_score"] = opt(s.max_score);
    tiers.append(row);
  }
  return tiers;
}

py::list cutoffs_list(const std::vector<TierCutoff>& list) {
  py::list cutoffs;
  for (const TierCutoff& c : list) {
    py::dict row;
    row["upper"] = c.upper;
    row["lower"] = c.lower;
    row["last_upper"] = opt(c.last_upper);
    row["first_lower"] = opt(c.first_lower);
    row["margin"] = opt(c.margin);
    cutoffs.append(row);
  }
  return cutoffs;
}

/// A numpy array of @p v's values (one copy, no Python object per value).
template <class T, class U = T>
py::array_t<U> array_of(const std::vector<T>& v) {
  py::array_t<U> out(static_cast<py::ssize_t>(v.size()));
  U* d = out.mutable_data();
  for (std::size_t i = 0; i < v.size(); ++i) d[i] = static_cast<U>(v[i]);
  return out;
}

/// The tiering options of tier() and tier_columns(): pins and last run's
/// tiers read from their CSV sources.
absl::StatusOr<TierOptions> tier_options(const std::optional<CsvSource>& pins_src,
                                         const std::optional<CsvSource>& previous_src,
                                         std::optional<double> margin, std::optional<bool> rollup,
                                         unsigned threads) {
  TierOptions options;
  options.threads = threads;
  options.stability_margin = margin;
  options.rollup = rollup;
  if (pins_src) {
    auto t = read(*pins_src);
    if (!t.ok()) return t.status();
    auto pins = pins_from_csv(*t);
    if (!pins.ok()) return pins.status();
    options.pins = *std::move(pins);
  }
  if (previous_src) {
    auto t = read(*previous_src);
    if (!t.ok()) return t.status();
    auto previous = previous_from_csv(*t);
    if (!previous.ok()) return previous.status();
    options.previous = *std::move(previous);
  }
  return options;
}

/// tier_accounts_columns() for Python: every account's fields as numpy
/// arrays by file row (tiers, reasons and research as codes beside their
/// names, the ids as one fixed-width bytes array) — no Python object per
/// account, for millions of them.
py::dict run_columns(const CsvSource& accounts_src, const std::string& model_text, bool model_is_path,
                     std::optional<CsvSource> pins_src, std::optional<CsvSource> previous_src,
                     std::optional<double> margin, std::optional<bool> rollup, unsigned threads) {
  std::optional<TieringColumns> columns;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      auto accounts = read_columns(accounts_src, threads);
      if (!accounts.ok()) return accounts.status();
      auto model = model_is_path ? FitModel::load_file(model_text) : FitModel::parse(model_text);
      if (!model.ok()) return model.status();
      auto options = tier_options(pins_src, previous_src, margin, rollup, threads);
      if (!options.ok()) return options.status();
      auto result = tier_accounts_columns(*accounts, *model, *options);
      if (!result.ok()) return result.status();
      columns = *std::move(result);
      return absl::OkStatus();
    }();
  }
  check(status);
  const TieringColumns& c = *columns;
  const std::size_t n = c.size();
  const std::size_t na = c.attributes.size();
  std::size_t width = 1;
  for (std::size_t r = 0; r < n; ++r) width = std::max(width, c.id(r).size());
  py::array ids(py::dtype("S" + std::to_string(width)), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
  char* id_data = static_cast<char*>(ids.mutable_data());
  std::fill(id_data, id_data + n * width, '\0');
  for (std::size_t r = 0; r < n; ++r) std::copy_n(c.id(r).data(), c.id(r).size(), id_data + r * width);
  py::array_t<std::int64_t> rank(static_cast<py::ssize_t>(n));
  for (std::size_t i = 0; i < n; ++i) rank.mutable_data()[c.rank_rows[i]] = static_cast<std::int64_t>(i + 1);
  std::vector<py::array_t<double>> points;
  for (std::size_t a = 0; a < na; ++a) {
    points.emplace_back(static_cast<py::ssize_t>(n));
    double* d = points.back().mutable_data();
    for (std::size_t r = 0; r < n; ++r) d[r] = c.points[r * na + a];
  }
  py::dict acc;
  acc["id"] = ids;
  acc["rank"] = rank;
  acc["tier"] = array_of(c.tier);
  acc["score"] = array_of(c.score);
  acc["score_low"] = array_of(c.score_low);
  acc["score_high"] = array_of(c.score_high);
  acc["uncertain"] = array_of<std::uint8_t, bool>(c.uncertain);
  acc["research"] = array_of(c.research);
  acc["reason"] = array_of<TierReason, std::uint8_t>(c.reason);
  acc["previous_tier"] = c.previous_tier.empty() ? array_of(std::vector<std::int8_t>(n, -1)) : array_of(c.previous_tier);
  acc["organisation"] = array_of(c.organisation);
  for (std::size_t a = 0; a < na; ++a) acc[py::str("points_" + c.attributes[a])] = points[a];
  py::list tier_names, reason_names;
  for (const TierSummary& s : c.tiers) tier_names.append(s.name);
  for (TierReason r : {TierReason::kScore, TierReason::kPinned, TierReason::kKept, TierReason::kRolledUp})
    reason_names.append(std::string(to_string(r)));
  py::dict out;
  out["accounts"] = acc;
  out["tier_names"] = tier_names;
  out["reason_names"] = reason_names;
  out["attributes"] = c.attributes;
  out["tiers"] = tiers_list(c.tiers);
  out["cutoffs"] = cutoffs_list(c.cutoffs);
  out["unknown_parents"] = c.unknown_parents;
  out["previous_unknown"] = c.previous_unknown;
  out["rolled_up"] = c.rolled_up;
  return out;
}

py::dict run(const CsvSource& accounts_src, const std::string& model_text, bool model_is_path,
             std::optional<CsvSource> pins_src, std::optional<CsvSource> previous_src,
             std::optional<CsvSource> reps_src, const std::string& territory_by,
             std::optional<double> margin, std::optional<bool> rollup, unsigned threads,
             std::optional<CsvSource> contacts_src, std::optional<CsvSource> activities_src,
             const std::string& as_of, const std::string& owner_by) {
  std::optional<CsvColumns> accounts;
  std::optional<CsvTable> account_rows;  // for the assignment and the coverage only
  std::optional<Tiering> tiering;
  std::optional<Assignment> assignment;
  std::optional<Coverage> coverage;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      auto table = read_columns(accounts_src, threads);
      if (!table.ok()) return table.status();
      accounts = *std::move(table);
      if (reps_src || contacts_src) {
        auto rows = to_csv_table(*accounts);
        if (!rows.ok()) return rows.status();
        account_rows = *std::move(rows);
      }
      auto model = model_is_path ? FitModel::load_file(model_text) : FitModel::parse(model_text);
      if (!model.ok()) return model.status();
      auto options = tier_options(pins_src, previous_src, margin, rollup, threads);
      if (!options.ok()) return options.status();
      auto result = tier_accounts(*accounts, *model, *options);
      if (!result.ok()) return result.status();
      tiering = *std::move(result);
      if (reps_src) {
        auto t = read(*reps_src);
        if (!t.ok()) return t.status();
        auto reps = reps_from_csv(*t);
        if (!reps.ok()) return reps.status();
        AssignOptions assign;
        assign.territory_column = territory_by;
        auto a = assign_accounts(*account_rows, *tiering, *reps, assign);
        if (!a.ok()) return a.status();
        assignment = *std::move(a);
      }
      if (contacts_src) {
        auto contacts = read(*contacts_src);
        if (!contacts.ok()) return contacts.status();
        std::optional<CsvTable> activities;
        if (activities_src) {
          auto t = read(*activities_src);
          if (!t.ok()) return t.status();
          activities = *std::move(t);
        }
        CoverageOptions o;
        o.owner_column = owner_by;
        if (!as_of.empty()) {
          auto day = parse_timestamp(as_of, TimeFormat::iso8601());
          if (!day.ok()) return absl::InvalidArgumentError(absl::StrCat("as_of: ", day.status().message()));
          o.as_of = *day;
        }
        auto c = check_coverage(*account_rows, *tiering, *model, *contacts, activities ? &*activities : nullptr,
                                assignment ? &*assignment : nullptr, o);
        if (!c.ok()) return c.status();
        coverage = *std::move(c);
      }
      return absl::OkStatus();
    }();
  }
  check(status);
  const Tiering& t = *tiering;
  const std::size_t n = t.accounts.size();
  py::list ids(n), tier(n), research(n), reason(n), pin_reason(n), previous(n), organisation(n);
  py::array_t<std::int64_t> rank(static_cast<py::ssize_t>(n));
  py::array_t<double> score(static_cast<py::ssize_t>(n)), low(static_cast<py::ssize_t>(n)),
      high(static_cast<py::ssize_t>(n));
  py::array_t<bool> uncertain(static_cast<py::ssize_t>(n));
  std::vector<py::array_t<double>> points;
  for (std::size_t k = 0; k < t.attributes.size(); ++k) points.emplace_back(static_cast<py::ssize_t>(n));
  py::list rep(n), assigned(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TieredAccount& a = t.accounts[i];
    ids[i] = a.id;
    tier[i] = t.tiers[a.tier].name;
    research[i] = a.research;
    reason[i] = std::string(to_string(a.reason));
    pin_reason[i] = a.pin_reason;
    previous[i] = a.previous_tier ? py::object(py::str(t.tiers[*a.previous_tier].name)) : py::object(py::none());
    organisation[i] = a.organisation;
    rank.mutable_data()[i] = static_cast<std::int64_t>(a.rank);
    score.mutable_data()[i] = a.score;
    low.mutable_data()[i] = a.score_low;
    high.mutable_data()[i] = a.score_high;
    uncertain.mutable_data()[i] = a.uncertain;
    for (std::size_t k = 0; k < t.attributes.size(); ++k)
      points[k].mutable_data()[i] = t.points_of(i)[k] ? *t.points_of(i)[k] : std::nan("");
    if (assignment) {
      const std::int32_t r = assignment->rep[i];
      rep[i] = r >= 0 ? py::object(py::str(assignment->reps[static_cast<std::size_t>(r)].rep.id)) : py::object(py::none());
      assigned[i] = std::string(to_string(assignment->status[i]));
    }
  }
  py::dict acc;
  acc["rank"] = rank;
  acc["id"] = ids;
  acc["tier"] = tier;
  acc["score"] = score;
  acc["score_low"] = low;
  acc["score_high"] = high;
  acc["uncertain"] = uncertain;
  acc["research"] = research;
  acc["reason"] = reason;
  acc["pin_reason"] = pin_reason;
  acc["previous_tier"] = previous;
  acc["organisation"] = organisation;
  for (std::size_t k = 0; k < t.attributes.size(); ++k) acc[py::str("points_" + t.attributes[k])] = points[k];
  if (assignment) {
    acc["rep"] = rep;
    acc["assignment"] = assigned;
  }
  const py::list tiers = tiers_list(t.tiers);
  const py::list cutoffs = cutoffs_list(t.cutoffs);
  py::list reps;
  if (assignment)
    for (const RepAssignment& r : assignment->reps) {
      py::dict row;
      std::string territories;
      for (const auto& x : r.rep.territories) territories += (territories.empty() ? "" : ";") + x;
      row["rep_id"] = r.rep.id;
      row["territory"] = territories;
      row["max_a"] = r.rep.max_a;
      row["max_total"] = r.rep.max_total;
      row["first_tier"] = r.first_tier;
      row["total"] = r.total;
      row["fit_weight"] = r.fit_weight;
      reps.append(row);
    }
  py::dict out;
  out["accounts"] = acc;
  out["tiers"] = tiers;
  out["cutoffs"] = cutoffs;
  out["reps"] = reps;
  out["assigned"] = assignment.has_value();
  out["placed"] = assignment ? assignment->placed : 0;
  out["unplaced"] = assignment ? assignment->unplaced : 0;
  out["unknown_parents"] = t.unknown_parents;
  out["previous_unknown"] = t.previous_unknown;
  out["rolled_up"] = t.rolled_up;
  out["coverage"] = coverage ? py::object(coverage_dict(t, *coverage)) : py::object(py::none());
  return out;
}

py::dict learn(const CsvSource& accounts_src, const std::string& model_text, bool model_is_path,
               const CsvSource& deals_src, const std::string& by, const std::string& deal_account,
               const std::string& stage_column, const std::string& won_value, const std::string& lost_value,
               double prior, double points_per_logit) {
  std::optional<LearnedWeights> learned;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      auto accounts = read(accounts_src);
      if (!accounts.ok()) return accounts.status();
      auto model = model_is_path ? FitModel::load_file(model_text) : FitModel::parse(model_text);
      if (!model.ok()) return model.status();
      auto deals = read(deals_src);
      if (!deals.ok()) return deals.status();
      LearnOptions o;
      o.unit = by == "deals" ? LearnUnit::kDeals : LearnUnit::kAccounts;
      o.account_column = deal_account;
      o.stage_column = stage_column;
      o.won_value = won_value;
      o.lost_value = lost_value;
      o.prior_accounts = prior;
      o.points_per_logit = points_per_logit;
      auto l = learn_weights(*accounts, *model, *deals, o);
      if (!l.ok()) return l.status();
      learned = *std::move(l);
      return absl::OkStatus();
    }();
  }
  check(status);
  const LearnedWeights& l = *learned;
  py::list values;
  for (const LearnedValue& v : l.values) {
    py::dict row;
    row["attribute"] = v.attribute;
    row["value"] = v.value;
    row["accounts"] = v.accounts;
    row["cases"] = v.cases;
    row["wins"] = v.wins;
    row["win_rate"] = v.win_rate;
    row["smoothed_rate"] = v.smoothed_rate;
    row["log_odds"] = v.log_odds;
    row["points"] = opt(v.points);
    row["model_points"] = opt(v.model_points);
    values.append(row);
  }
  py::dict out;
  out["values"] = values;
  out["kept"] = l.kept;
  out["unit"] = std::string(to_string(l.unit));
  out["accounts"] = l.accounts;
  out["cases"] = l.cases;
  out["wins"] = l.wins;
  out["deals"] = l.deals;
  out["won_deals"] = l.won_deals;
  out["deals_unknown_account"] = l.deals_unknown_account;
  out["deals_open"] = l.deals_open;
  out["model_json"] = l.model_json;
  return out;
}

std::optional<CsvSource> source(const py::object& o, const std::string& name) {
  if (o.is_none()) return std::nullopt;
  auto t = o.cast<std::pair<std::string, bool>>();
  return CsvSource{t.first, t.second, name};
}

}  // namespace

void register_tiering(py::module_& m) {
  m.def(
      "tier",
      [](const std::pair<std::string, bool>& accounts, const std::string& model, bool model_is_path,
         const py::object& pins, const py::object& previous, const py::object& reps, const std::string& territory_by,
         std::optional<double> margin, std::optional<bool> rollup, unsigned threads, const py::object& contacts,
         const py::object& activities, const std::string& as_of, const std::string& owner_by) {
        return run(CsvSource{accounts.first, accounts.second, "accounts"}, model, model_is_path,
                   source(pins, "pins"), source(previous, "previous"), source(reps, "reps"), territory_by, margin,
                   rollup, threads, source(contacts, "contacts"), source(activities, "activities"), as_of, owner_by);
      },
      py::arg("accounts"), py::arg("model"), py::arg("model_is_path"), py::arg("pins"), py::arg("previous"),
      py::arg("reps"), py::arg("territory_by"), py::arg("margin"), py::arg("rollup"), py::arg("threads"),
      py::arg("contacts") = py::none(), py::arg("activities") = py::none(), py::arg("as_of") = "",
      py::arg("owner_by") = "");
  m.def(
      "tier_columns",
      [](const std::pair<std::string, bool>& accounts, const std::string& model, bool model_is_path,
         const py::object& pins, const py::object& previous, std::optional<double> margin,
         std::optional<bool> rollup, unsigned threads) {
        return run_columns(CsvSource{accounts.first, accounts.second, "accounts"}, model, model_is_path,
                           source(pins, "pins"), source(previous, "previous"), margin, rollup, threads);
      },
      py::arg("accounts"), py::arg("model"), py::arg("model_is_path"), py::arg("pins"), py::arg("previous"),
      py::arg("margin"), py::arg("rollup"), py::arg("threads"));
  m.def(
      "learn_weights",
      [](const std::pair<std::string, bool>& accounts, const std::string& model, bool model_is_path,
         const std::pair<std::string, bool>& deals, const std::string& by, const std::string& deal_account,
         const std::string& stage_column, const std::string& won_value, const std::string& lost_value, double prior,
         double points_per_logit) {
        return learn(CsvSource{accounts.first, accounts.second, "accounts"}, model, model_is_path,
                     CsvSource{deals.first, deals.second, "deals"}, by, deal_account, stage_column, won_value,
                     lost_value, prior, points_per_logit);
      },
      py::arg("accounts"), py::arg("model"), py::arg("model_is_path"), py::arg("deals"), py::arg("by"),
      py::arg("deal_account"), py::arg("stage_column"), py::arg("won_value"), py::arg("lost_value"),
      py::arg("prior"), py::arg("points_per_logit"));
}

}  // namespace modelfunnel::python
