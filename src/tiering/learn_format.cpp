// learned_csv() and learned_json(): the evidence behind learned points.
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/coverage_format.hpp"
#include "util/csv_quote.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::csv_field;
using internal::tiering::score_text;

std::string opt(const std::optional<double>& x) { return x ? score_text(*x) : std::string(); }

/// Rates and log-odds with 6 decimals: small differences are the evidence.
std::string fine(double x) {
  std::string s = absl::StrFormat("%.6f", x);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

absl::StatusOr<std::string> learned_csv(const LearnedWeights& l) {
  return internal::no_throw("learned_csv", [&]() -> absl::StatusOr<std::string> {
    std::string out = "attribute,value,accounts,cases,wins,win_rate,smoothed_rate,log_odds,points,model_points\n";
    for (const LearnedValue& v : l.values)
      absl::StrAppend(&out, csv_field(v.attribute), ",", csv_field(v.value), ",", v.accounts, ",", v.cases, ",", v.wins, ",",
                      fine(v.win_rate), ",", fine(v.smoothed_rate), ",", fine(v.log_odds), ",", opt(v.points), ",",
                      opt(v.model_points), "\n");
    return out;
  });
}

absl::StatusOr<std::string> learned_json(const LearnedWeights& l) {
  return internal::no_throw("learned_json", [&]() -> absl::StatusOr<std::string> {
    // nlohmann rather than JsonWriter: the learned model goes in as a document.
    using Json = nlohmann::ordered_json;
    Json doc;
    doc["unit"] = std::string(to_string(l.unit));
    doc["accounts"] = l.accounts;
    doc["cases"] = l.cases;
    doc["wins"] = l.wins;
    doc["deals"] = l.deals;
    doc["won_deals"] = l.won_deals;
    doc["deals_unknown_account"] = l.deals_unknown_account;
    doc["deals_open"] = l.deals_open;
    doc["prior_accounts"] = l.prior_accounts;
    doc["points_per_logit"] = l.points_per_logit;
    doc["kept"] = l.kept;
    Json values = Json::array();
    for (const LearnedValue& v : l.values) {
      Json row;
      row["attribute"] = v.attribute;
      row["value"] = v.value;
      row["accounts"] = v.accounts;
      row["cases"] = v.cases;
      row["wins"] = v.wins;
      row["win_rate"] = v.win_rate;
      row["smoothed_rate"] = v.smoothed_rate;
      row["log_odds"] = v.log_odds;
      row["points"] = v.points ? Json(*v.points) : Json(nullptr);
      row["model_points"] = v.model_points ? Json(*v.model_points) : Json(nullptr);
      values.push_back(std::move(row));
    }
    doc["values"] = std::move(values);
    doc["model"] = Json::parse(l.model_json);
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  });
}

}  // namespace modelfunnel
