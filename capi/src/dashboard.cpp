// dashboard.cpp — mf_dashboard_*: the team dashboard as an owned HTML text.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cmath>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/dashboard.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

constexpr mf_dashboard_options kDashboardDefaults = MF_DASHBOARD_OPTIONS_INIT;
constexpr std::size_t kDashboardOptionsSizes[] = {
    offsetof(mf_dashboard_options, threads) + sizeof(uint32_t),              // version 1 ended with threads
    offsetof(mf_dashboard_options, revenue_period_len) + sizeof(size_t),     // version 2: with revenue_period_len
    sizeof(mf_dashboard_options)};                                           // version 3
static_assert(std::size(kDashboardOptionsSizes) == MF_DASHBOARD_OPTIONS_VERSION);
static_assert(MF_DASHBOARD_MONTH == static_cast<int>(mf::DashboardPeriod::kMonth));

/// @p count NUL-terminated UTF-8 strings at @p items, named `what[i]` in errors.
std::vector<std::string> in_list(const char* const* items, std::size_t count, const char* what) {
  if (items == nullptr && count != 0)
    throw ArgumentError(MF_EINVAL, absl::StrCat(what, " is NULL but its count is ", count));
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = absl::StrCat(what, "[", i, "]");
    if (items[i] == nullptr) throw ArgumentError(MF_EINVAL, name + " is NULL");
    out.emplace_back(in_str(items[i], std::strlen(items[i]), name.c_str()));
  }
  return out;
}

std::optional<mf::Timestamp> in_time(int has, std::int64_t micros) {
  if (!has) return std::nullopt;
  return mf::Timestamp::from_micros(micros);
}

/// The C++ options for @p opts (NULL: the defaults); the rules are copied
/// (a shared handle), so the caller's may be freed after the call.
mf::DashboardOptions dashboard_options_arg(const mf_dashboard_options* opts) {
  const mf_dashboard_options o =
      read_options(opts, kDashboardDefaults, kDashboardOptionsSizes, "mf_dashboard_options");
  if (o.period < MF_DASHBOARD_WEEK || o.period > MF_DASHBOARD_MONTH)
    throw ArgumentError(MF_EINVAL, absl::StrCat("unknown dashboard period ", o.period));
  if (o.reserved != 0) throw ArgumentError(MF_EINVAL, "reserved must be 0");
  mf::DashboardOptions options;
  options.period = static_cast<mf::DashboardPeriod>(o.period);
  options.from = in_time(o.has_from, o.from);
  options.to = in_time(o.has_to, o.to);
  options.as_of = in_time(o.has_as_of, o.as_of);
  options.min_sample = o.min_sample;
  options.by = in_list(o.by, o.by_count, "by");
  const std::string_view title = in_str(o.title, o.title_len, "title");
  if (!title.empty()) options.title = std::string(title);
  const std::string_view team_attribute = in_str(o.team_attribute, o.team_attribute_len, "team_attribute");
  const std::vector<std::string> values = in_list(o.team_values, o.team_count, "team_values");
  const std::vector<std::string> teams = in_list(o.team_ids, o.team_count, "team_ids");
  const std::string_view team_default = in_str(o.team_default, o.team_default_len, "team_default");
  if (!team_attribute.empty()) {
    mf::TeamAssignment ta;
    ta.attribute = std::string(team_attribute);
    for (std::size_t i = 0; i < values.size(); ++i) ta.teams.emplace_back(values[i], teams[i]);
    ta.default_team = std::string(team_default);
    options.team_assignment = std::move(ta);
  } else if (!values.empty() || !team_default.empty()) {
    throw ArgumentError(MF_EINVAL, "team_values or team_default given without team_attribute");
  }
  if (o.qualify_rules) options.qualify_rules = o.qualify_rules->rules;
  options.threads = o.threads;
  if (o.reserved2 != 0) throw ArgumentError(MF_EINVAL, "reserved2 must be 0");
  if (o.reengage_policy) options.reengage_policy = o.reengage_policy->policy;
  if (o.has_reengage_as_of) {
    if (!o.reengage_policy) throw ArgumentError(MF_EINVAL, "has_reengage_as_of is set but reengage_policy is NULL");
    options.reengage_as_of = mf::Timestamp::from_micros(o.reengage_as_of);
  }
  if ((o.accounts == nullptr) != (o.fit_model == nullptr))
    throw ArgumentError(MF_EINVAL, "accounts and fit_model go together (the tier split needs both)");
  if (o.accounts) {
    options.accounts = o.accounts->rows();
    options.fit_model = o.fit_model->model;
  }
  const std::string_view period = in_str(o.revenue_period, o.revenue_period_len, "revenue_period");
  if (o.revenue_target != 0 || !period.empty()) {
    if (!(o.revenue_target > 0) || !std::isfinite(o.revenue_target))
      throw ArgumentError(MF_EINVAL, absl::StrCat("revenue_target must be > 0 with a revenue_period; got ",
                                                  o.revenue_target));
    if (period.empty()) throw ArgumentError(MF_EINVAL, "revenue_target needs revenue_period (e.g. 2025-Q3)");
    absl::StatusOr<mf::Period> p = mf::parse_period(period);
    if (!p.ok()) throw ArgumentError(MF_EINVAL, absl::StrCat("revenue_period: ", p.status().message()));
    options.revenue_target = o.revenue_target;
    options.revenue_period = *p;
  }
  // Version 3: the coverage gaps (a shorter struct reads these as the defaults).
  if (o.contacts && !o.accounts)
    throw ArgumentError(MF_EINVAL, "contacts need accounts and fit_model (the gaps are the tiered accounts')");
  if (o.activities && !o.contacts) throw ArgumentError(MF_EINVAL, "activities need contacts");
  const std::string_view owner = in_str(o.owner_column, o.owner_column_len, "owner_column");
  if (!owner.empty() && !o.contacts) throw ArgumentError(MF_EINVAL, "owner_column needs contacts");
  if (o.contacts) options.contacts = o.contacts->rows();
  if (o.activities) options.activities = o.activities->rows();
  options.owner_column = std::string(owner);
  return options;
}

}  // namespace

int mf_dashboard_options_init(mf_dashboard_options* opts, uint32_t version) {
  return guard("mf_dashboard_options_init", [&] {
    init_options(opts, version, kDashboardDefaults, kDashboardOptionsSizes, "mf_dashboard_options");
  });
}

int mf_dashboard_html(mf_text** out, const mf_dataset* data, const mf_graph* graph,
                      const mf_dashboard_options* opts) {
  return guard("mf_dashboard_html", [&] {
    arg(out, "out");
    const mf_dataset& d = arg(data, "data");
    const mf_graph& g = arg(graph, "graph");
    const mf::DashboardOptions options = dashboard_options_arg(opts);
    auto text = std::make_unique<mf_text>(mf_text{unwrap(mf::dashboard_html(d.data, g.graph, options), MF_EINVAL)});
    *out = text.release();
  });
}
