// Tiering for Python: accounts and side files as CSV text or paths, the
// fit model as a path or JSON text; the result as columns (lists and numpy
// arrays) that modelfunnel/_tiering.py turns into DataFrames. Work runs
// without the GIL.
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "core.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

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

py::object opt(const std::optional<double>& x) { return x ? py::object(py::float_(*x)) : py::object(py::none()); }

py::dict run(const CsvSource& accounts_src, const std::string& model_text, bool model_is_path,
             std::optional<CsvSource> pins_src, std::optional<CsvSource> previous_src,
             std::optional<CsvSource> reps_src, const std::string& territory_by,
             std::optional<double> margin, std::optional<bool> rollup, unsigned threads) {
  std::optional<CsvTable> accounts;
  std::optional<Tiering> tiering;
  std::optional<Assignment> assignment;
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> absl::Status {
      auto table = read(accounts_src);
      if (!table.ok()) return table.status();
      accounts = *std::move(table);
      auto model = model_is_path ? FitModel::load_file(model_text) : FitModel::parse(model_text);
      if (!model.ok()) return model.status();
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
      auto result = tier_accounts(*accounts, *model, options);
      if (!result.ok()) return result.status();
      tiering = *std::move(result);
      if (reps_src) {
        auto t = read(*reps_src);
        if (!t.ok()) return t.status();
        auto reps = reps_from_csv(*t);
        if (!reps.ok()) return reps.status();
        AssignOptions assign;
        assign.territory_column = territory_by;
        auto a = assign_accounts(*accounts, *tiering, *reps, assign);
        if (!a.ok()) return a.status();
        assignment = *std::move(a);
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
  py::list tiers;
  for (const TierSummary& s : t.tiers) {
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
  py::list cutoffs;
  for (const TierCutoff& c : t.cutoffs) {
    py::dict row;
    row["upper"] = c.upper;
    row["lower"] = c.lower;
    row["last_upper"] = opt(c.last_upper);
    row["first_lower"] = opt(c.first_lower);
    row["margin"] = opt(c.margin);
    cutoffs.append(row);
  }
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
         std::optional<double> margin, std::optional<bool> rollup, unsigned threads) {
        return run(CsvSource{accounts.first, accounts.second, "accounts"}, model, model_is_path,
                   source(pins, "pins"), source(previous, "previous"), source(reps, "reps"), territory_by, margin,
                   rollup, threads);
      },
      py::arg("accounts"), py::arg("model"), py::arg("model_is_path"), py::arg("pins"), py::arg("previous"),
      py::arg("reps"), py::arg("territory_by"), py::arg("margin"), py::arg("rollup"), py::arg("threads"));
}

}  // namespace modelfunnel::python
