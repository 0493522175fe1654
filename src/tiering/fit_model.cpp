// FitModel's accessors and the points of one value.
#include "tiering/fit_model.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "util/no_throw.hpp"
#include "util/plain_number.hpp"

namespace modelfunnel {
namespace internal::tiering {
namespace {

bool space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

void normalise_into(std::string_view value, std::string& out) {
  out.clear();
  value = trim(value);
  bool gap = false;
  for (char c : value) {
    if (space(c)) {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

std::optional<double> number(std::string_view text) { return plain_number(text); }

std::optional<bool> truth(std::string_view text) {
  std::string t;
  normalise_into(text, t);
  if (t == "true" || t == "yes" || t == "y" || t == "t" || t == "1") return true;
  if (t == "false" || t == "no" || t == "n" || t == "f" || t == "0") return false;
  return std::nullopt;
}

std::string quoted(std::string_view s) { return absl::StrCat("\"", absl::string_view(s.data(), s.size()), "\""); }

}  // namespace

std::string normalise(std::string_view value) {
  std::string out;
  normalise_into(value, out);
  return out;
}

bool is_blank(std::string_view value) { return trim(value).empty(); }

TierPlay default_play(const std::string& tier) {
  TierPlay p;
  p.tier = tier;
  if (tier == "A") {
    // Account-specific: every channel, 5 key contacts, 6 months and on.
    p.channels = {"email", "phone", "linkedin", "event"};
    p.personalisation = "account";
    p.min_contacts = 5;
    p.min_cadence_months = 6;
    p.touches_per_month = 4;
  } else if (tier == "B") {
    // Industry-focused, mainly by phone.
    p.channels = {"phone", "email", "event"};
    p.personalisation = "industry";
    p.touches_per_month = 2;
    p.required_channels = {"phone"};
  } else if (tier == "C") {
    // Mass marketing: email and event invitations, in campaigns.
    p.channels = {"email", "event"};
    p.personalisation = "mass";
    p.touches_per_month = 1;
    p.campaign_channels = {"email", "event"};
  }
  return p;
}

double number_points(const Attribute& a, double x) {
  if (a.kind == FitAttributeKind::kLinear) {
    if (x <= a.x0) return a.p0;
    if (x >= a.x1) return a.p1;
    return a.p0 + (a.p1 - a.p0) * (x - a.x0) / (a.x1 - a.x0);
  }
  for (const Bucket& b : a.buckets)
    if (!b.below || x < *b.below) return b.points;
  return a.buckets.back().points;
}

std::optional<double> points_of(const Attribute& a, std::string_view value, std::string& scratch,
                                ValueError& error) {
  error.rule.clear();
  const std::string_view v = trim(value);
  if (v.empty()) return std::nullopt;
  switch (a.kind) {
    case FitAttributeKind::kCategorical: {
      normalise_into(v, scratch);
      const auto it = a.table.find(scratch);
      return it == a.table.end() ? a.other : it->second;
    }
    case FitAttributeKind::kBuckets:
    case FitAttributeKind::kLinear: {
      const std::optional<double> x = number(v);
      if (!x) {
        error = {"tier.number", absl::StrCat(quoted(v), " is not a number")};
        return std::nullopt;
      }
      return number_points(a, *x);
    }
    case FitAttributeKind::kBoolean: {
      const std::optional<bool> t = truth(v);
      if (!t) {
        error = {"tier.boolean", absl::StrCat(quoted(v), " is not yes/no (true/false, 1/0, y/n, t/f)")};
        return std::nullopt;
      }
      return *t ? a.if_true : a.if_false;
    }
  }
  return std::nullopt;
}

}  // namespace internal::tiering

std::string_view to_string(FitAttributeKind kind) {
  switch (kind) {
    case FitAttributeKind::kCategorical: return "categorical";
    case FitAttributeKind::kBuckets: return "buckets";
    case FitAttributeKind::kLinear: return "linear";
    case FitAttributeKind::kBoolean: return "boolean";
  }
  return "unknown";
}

std::string_view to_string(WhileUncertain policy) {
  switch (policy) {
    case WhileUncertain::kLowest: return "lowest";
    case WhileUncertain::kHighest: return "highest";
    case WhileUncertain::kMidpoint: return "midpoint";
  }
  return "unknown";
}

FitModel::FitModel(std::shared_ptr<const internal::tiering::FitModelData> data) : data_(std::move(data)) {}

const std::string& FitModel::id_column() const { return data_->id_column; }

std::vector<FitAttributeInfo> FitModel::attributes() const {
  std::vector<FitAttributeInfo> out;
  for (const auto& a : data_->attributes)
    out.push_back({a.name, a.column, a.kind, a.min_points, a.max_points, a.missing_points});
  return out;
}

const std::vector<TierDefinition>& FitModel::tiers() const { return data_->tiers; }
WhileUncertain FitModel::while_uncertain() const { return data_->while_uncertain; }
double FitModel::stability_margin() const { return data_->stability_margin; }
const std::string& FitModel::rollup_column() const { return data_->rollup_column; }
const std::string& FitModel::territory_column() const { return data_->territory_column; }
const std::string& FitModel::owner_column() const { return data_->owner_column; }
const std::vector<TierPlay>& FitModel::plays() const { return data_->plays; }

absl::StatusOr<std::optional<double>> FitModel::points(std::size_t attribute, std::string_view value) const {
  return internal::no_throw("FitModel::points", [&]() -> absl::StatusOr<std::optional<double>> {
    if (attribute >= data_->attributes.size())
      return absl::InvalidArgumentError(absl::StrCat("no attribute ", attribute, " (the model has ",
                                                     data_->attributes.size(), ")"));
    std::string scratch;
    internal::tiering::ValueError error;
    const auto p = internal::tiering::points_of(data_->attributes[attribute], value, scratch, error);
    if (!error.rule.empty()) return absl::InvalidArgumentError(absl::StrCat(error.rule, ": ", error.message));
    return p;
  });
}

}  // namespace modelfunnel
