// tiering_coverage.cpp — the coverage of each tier's play and the learned
// weights in the C ABI (experimental), over check_coverage() and
// learn_weights() of the C++ tiering.hpp. The handles are tiering.cpp's
// (tiering_handles.hpp).
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"
#include "options.hpp"
#include "tiering_handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

struct mf_tier_coverage {
  mf::Tiering tiering;  // a copy: the tables name its tiers, and the tiering handle may be freed first
  mf::Coverage coverage;
  std::vector<std::string> first, last, missing;  // per account, the texts views point into
};

struct mf_tier_learned {
  mf::LearnedWeights learned;
};

namespace {

constexpr mf_tier_coverage_options kCoverageDefaults = MF_TIER_COVERAGE_OPTIONS_INIT;
constexpr std::size_t kCoverageOptionSizes[] = {sizeof(mf_tier_coverage_options)};
static_assert(std::size(kCoverageOptionSizes) == MF_TIER_COVERAGE_OPTIONS_VERSION);
constexpr std::size_t kAccountSizes[] = {sizeof(mf_tier_account_coverage)};
static_assert(std::size(kAccountSizes) == MF_TIER_ACCOUNT_COVERAGE_VERSION);
constexpr std::size_t kRepSizes[] = {sizeof(mf_tier_rep_coverage)};
static_assert(std::size(kRepSizes) == MF_TIER_REP_COVERAGE_VERSION);
constexpr mf_tier_learn_options kLearnDefaults = MF_TIER_LEARN_OPTIONS_INIT;
constexpr std::size_t kLearnOptionSizes[] = {sizeof(mf_tier_learn_options)};
static_assert(std::size(kLearnOptionSizes) == MF_TIER_LEARN_OPTIONS_VERSION);
constexpr std::size_t kValueSizes[] = {sizeof(mf_tier_learned_value)};
static_assert(std::size(kValueSizes) == MF_TIER_LEARNED_VALUE_VERSION);

static_assert(MF_TIER_GAP_CAMPAIGN == static_cast<int>(mf::CoverageGap::kCampaign));
static_assert(MF_TIER_LEARN_DEALS == static_cast<int>(mf::LearnUnit::kDeals));
static_assert(MF_TIER_TABLE_REP_GAPS == static_cast<int>(mf::TieringTable::kRepGaps));

std::string date_text(const std::optional<mf::Timestamp>& t) {
  return t ? mf::format_timestamp(*t).substr(0, 10) : std::string();
}

}  // namespace

int mf_tier_coverage_options_init(mf_tier_coverage_options* opts, uint32_t version) {
  return guard("mf_tier_coverage_options_init", [&] {
    init_options(opts, version, kCoverageDefaults, kCoverageOptionSizes, "mf_tier_coverage_options");
  });
}

int mf_tier_coverage_compute(mf_tier_coverage** out, const mf_tiering* tiering, const mf_tier_accounts* accounts,
                             const mf_tier_model* model, const mf_tier_accounts* contacts,
                             const mf_tier_accounts* activities, const mf_tier_coverage_options* opts) {
  return guard("mf_tier_coverage_compute", [&] {
    auto& result = arg(out, "out");
    const mf_tiering& t = arg(tiering, "tiering");
    const mf::CsvTable& table = arg(accounts, "accounts").rows();
    const mf::FitModel& fit = arg(model, "model").model;
    const mf::CsvTable& contact_table = arg(contacts, "contacts").rows();
    const mf_tier_coverage_options o =
        read_options(opts, kCoverageDefaults, kCoverageOptionSizes, "mf_tier_coverage_options");
    mf::CoverageOptions options;
    options.owner_column = std::string(in_str(o.owner_column, o.owner_column_len, "owner_column"));
    const std::string_view as_of = in_str(o.as_of, o.as_of_len, "as_of");
    if (!as_of.empty()) {
      auto day = mf::parse_timestamp(as_of, mf::TimeFormat::iso8601());
      if (!day.ok()) throw ArgumentError(MF_EINVAL, absl::StrCat("as_of: ", day.status().message()));
      options.as_of = *day;
    }
    auto handle = std::make_unique<mf_tier_coverage>();
    handle->coverage = unwrap(mf::check_coverage(table, t.tiering, fit, contact_table,
                                                 activities ? &activities->rows() : nullptr,
                                                 t.assignment ? &*t.assignment : nullptr, options),
                              MF_EDATA);
    handle->tiering = t.tiering;
    for (const mf::AccountCoverage& a : handle->coverage.accounts) {
      handle->first.push_back(date_text(a.first_touch));
      handle->last.push_back(date_text(a.last_touch));
      std::string missing;
      for (const auto& c : a.missing_channels) missing += (missing.empty() ? "" : ";") + c;
      handle->missing.push_back(std::move(missing));
    }
    result = handle.release();
  });
}

void mf_tier_coverage_free(mf_tier_coverage* coverage) { delete coverage; }

size_t mf_tier_coverage_account_count(const mf_tier_coverage* coverage) {
  return coverage == nullptr ? 0 : coverage->coverage.accounts.size();
}

int mf_tier_coverage_account(const mf_tier_coverage* coverage, size_t index, mf_tier_account_coverage* out) {
  return guard("mf_tier_coverage_account", [&] {
    const VersionedOut<mf_tier_account_coverage> target(out, kAccountSizes, "mf_tier_account_coverage");
    const mf_tier_coverage& h = arg(coverage, "coverage");
    const std::size_t i = in_index(index, h.coverage.accounts.size(), "index");
    const mf::AccountCoverage& a = h.coverage.accounts[i];
    mf_tier_account_coverage row = MF_TIER_ACCOUNT_COVERAGE_INIT;
    row.id = view_of(a.id);
    row.tier = view_of(h.tiering.tiers[a.tier].name);
    row.rep = view_of(a.rep);
    row.contacts = a.contacts;
    row.key_contacts = a.key_contacts;
    row.contacts_reached = a.contacts_reached;
    row.min_contacts = h.coverage.plays[a.tier].min_contacts;
    row.touches = a.touches;
    row.first_touch = view_of(h.first[i]);
    row.last_touch = view_of(h.last[i]);
    row.cadence_days = a.cadence_days;
    row.cadence_running = a.cadence_running ? 1 : 0;
    row.touches_per_month = a.touches_per_month;
    row.campaign_touches = a.campaign_touches;
    row.missing_channels = view_of(h.missing[i]);
    for (mf::CoverageGap g : a.gaps) row.gaps |= 1u << static_cast<unsigned>(g);
    target.write(row);
  });
}

size_t mf_tier_coverage_rep_count(const mf_tier_coverage* coverage) {
  return coverage == nullptr ? 0 : coverage->coverage.reps.size();
}

int mf_tier_coverage_rep(const mf_tier_coverage* coverage, size_t index, mf_tier_rep_coverage* out) {
  return guard("mf_tier_coverage_rep", [&] {
    const VersionedOut<mf_tier_rep_coverage> target(out, kRepSizes, "mf_tier_rep_coverage");
    const mf_tier_coverage& h = arg(coverage, "coverage");
    const std::size_t i = in_index(index, h.coverage.reps.size(), "index");
    const mf::RepCoverage& r = h.coverage.reps[i];
    mf_tier_rep_coverage row = MF_TIER_REP_COVERAGE_INIT;
    row.rep = view_of(r.rep);
    row.accounts = r.accounts;
    row.with_gaps = r.with_gaps;
    row.gap_contacts = r.contacts;
    row.gap_cadence = r.cadence;
    row.gap_channel = r.channel;
    row.gap_campaign = r.campaign;
    row.contacts_to_reach = r.contacts_to_reach;
    target.write(row);
  });
}

int mf_tier_coverage_left_out(const mf_tier_coverage* coverage, uint64_t* contacts_unknown_account,
                              uint64_t* contacts_duplicate, uint64_t* activities_unknown_contact,
                              uint64_t* activities_duplicate, uint64_t* activities_after_as_of) {
  return guard("mf_tier_coverage_left_out", [&] {
    const mf::CoverageCounts& k = arg(coverage, "coverage").coverage.counts;
    maybe_set(contacts_unknown_account, k.contacts_unknown_account);
    maybe_set(contacts_duplicate, k.contacts_duplicate);
    maybe_set(activities_unknown_contact, k.activities_unknown_contact);
    maybe_set(activities_duplicate, k.activities_duplicate);
    maybe_set(activities_after_as_of, k.activities_after_as_of);
  });
}

int mf_tier_coverage_csv(mf_text** out, const mf_tier_coverage* coverage, int32_t table) {
  return guard("mf_tier_coverage_csv", [&] {
    auto& text = arg(out, "out");
    const mf_tier_coverage& h = arg(coverage, "coverage");
    if (table != MF_TIER_TABLE_COVERAGE && table != MF_TIER_TABLE_REP_GAPS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("mf_tier_coverage_csv: table ", table,
                                                  " is not MF_TIER_TABLE_COVERAGE or MF_TIER_TABLE_REP_GAPS"));
    text = new mf_text{unwrap(
        mf::tiering_csv(h.tiering, static_cast<mf::TieringTable>(table), nullptr, &h.coverage), MF_EINVAL)};
  });
}

int mf_tier_coverage_json(mf_text** out, const mf_tier_coverage* coverage) {
  return guard("mf_tier_coverage_json", [&] {
    auto& text = arg(out, "out");
    const mf_tier_coverage& h = arg(coverage, "coverage");
    text = new mf_text{unwrap(mf::tiering_json(h.tiering, nullptr, &h.coverage), MF_EINVAL)};
  });
}

int mf_tier_learn_options_init(mf_tier_learn_options* opts, uint32_t version) {
  return guard("mf_tier_learn_options_init",
               [&] { init_options(opts, version, kLearnDefaults, kLearnOptionSizes, "mf_tier_learn_options"); });
}

int mf_tier_learn(mf_tier_learned** out, const mf_tier_accounts* accounts, const mf_tier_model* model,
                  const mf_tier_accounts* deals, const mf_tier_learn_options* opts) {
  return guard("mf_tier_learn", [&] {
    auto& result = arg(out, "out");
    const mf::CsvTable& table = arg(accounts, "accounts").rows();
    const mf::FitModel& fit = arg(model, "model").model;
    const mf::CsvTable& deal_table = arg(deals, "deals").rows();
    const mf_tier_learn_options o = read_options(opts, kLearnDefaults, kLearnOptionSizes, "mf_tier_learn_options");
    if (o.unit != MF_TIER_LEARN_ACCOUNTS && o.unit != MF_TIER_LEARN_DEALS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unit is ", o.unit, " (expected an mf_tier_learn_unit)"));
    if (!(o.prior_accounts > 0) || !std::isfinite(o.prior_accounts))
      throw ArgumentError(MF_EINVAL, "prior_accounts must be a number above 0");
    if (!(o.points_per_logit > 0) || !std::isfinite(o.points_per_logit))
      throw ArgumentError(MF_EINVAL, "points_per_logit must be a number above 0");
    mf::LearnOptions options;
    options.unit = static_cast<mf::LearnUnit>(o.unit);
    options.account_column = std::string(in_str(o.account_column, o.account_column_len, "account_column"));
    if (auto s = in_str(o.stage_column, o.stage_column_len, "stage_column"); !s.empty()) options.stage_column = s;
    if (auto s = in_str(o.won_value, o.won_value_len, "won_value"); !s.empty()) options.won_value = s;
    if (auto s = in_str(o.lost_value, o.lost_value_len, "lost_value"); !s.empty()) options.lost_value = s;
    options.prior_accounts = o.prior_accounts;
    options.points_per_logit = o.points_per_logit;
    result = new mf_tier_learned{unwrap(mf::learn_weights(table, fit, deal_table, options), MF_EDATA)};
  });
}

void mf_tier_learned_free(mf_tier_learned* learned) { delete learned; }

size_t mf_tier_learned_value_count(const mf_tier_learned* learned) {
  return learned == nullptr ? 0 : learned->learned.values.size();
}

int mf_tier_learned_value_at(const mf_tier_learned* learned, size_t index, mf_tier_learned_value* out) {
  return guard("mf_tier_learned_value_at", [&] {
    const VersionedOut<mf_tier_learned_value> target(out, kValueSizes, "mf_tier_learned_value");
    const mf::LearnedWeights& l = arg(learned, "learned").learned;
    const std::size_t i = in_index(index, l.values.size(), "index");
    const mf::LearnedValue& v = l.values[i];
    mf_tier_learned_value row = MF_TIER_LEARNED_VALUE_INIT;
    row.attribute = view_of(v.attribute);
    row.value = view_of(v.value);
    row.accounts = v.accounts;
    row.cases = v.cases;
    row.wins = v.wins;
    row.win_rate = v.win_rate;
    row.smoothed_rate = v.smoothed_rate;
    row.log_odds = v.log_odds;
    row.points = v.points ? *v.points : std::nan("");
    row.model_points = v.model_points ? *v.model_points : std::nan("");
    target.write(row);
  });
}

int mf_tier_learned_model(const mf_tier_learned* learned, mf_str* out) {
  return guard("mf_tier_learned_model", [&] {
    mf_str& target = arg(out, "out");
    target = view_of(arg(learned, "learned").learned.model_json);
  });
}

int mf_tier_learned_csv(mf_text** out, const mf_tier_learned* learned) {
  return guard("mf_tier_learned_csv", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::learned_csv(arg(learned, "learned").learned), MF_EINVAL)};
  });
}

int mf_tier_learned_json(mf_text** out, const mf_tier_learned* learned) {
  return guard("mf_tier_learned_json", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::learned_json(arg(learned, "learned").learned), MF_EINVAL)};
  });
}
