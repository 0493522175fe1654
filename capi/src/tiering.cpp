// tiering.cpp — tiering's C ABI (experimental) over the C++ tiering.hpp.
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
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"
#include "options.hpp"
#include "tiering_handles.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;


namespace {

constexpr mf_tier_options kDefaults = MF_TIER_OPTIONS_INIT;
constexpr std::size_t kOptionSizes[] = {sizeof(mf_tier_options)};
static_assert(std::size(kOptionSizes) == MF_TIER_OPTIONS_VERSION);
constexpr std::size_t kAccountSizes[] = {sizeof(mf_tier_account)};
static_assert(std::size(kAccountSizes) == MF_TIER_ACCOUNT_VERSION);
constexpr std::size_t kSummarySizes[] = {sizeof(mf_tier_summary)};
static_assert(std::size(kSummarySizes) == MF_TIER_SUMMARY_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_TIER_REASON_ROLLED_UP == static_cast<int>(mf::TierReason::kRolledUp));
static_assert(MF_TIER_ASSIGN_NOT_ASSIGNED == static_cast<int>(mf::AssignStatus::kNotAssigned));
static_assert(MF_TIER_TABLE_REPS == static_cast<int>(mf::TieringTable::kReps));

/// A side CSV given as text, or nothing when empty.
std::optional<mf::CsvTable> side_table(const char* text, std::size_t size, const char* what) {
  const std::string_view csv = in_str(text, size, what);
  if (csv.empty()) return std::nullopt;
  return unwrap(mf::parse_csv_table(std::string(csv), what), MF_EDATA);
}

}  // namespace

const mf::CsvTable& mf_tier_accounts::rows() const {
  std::call_once(rows_made_, [&] { rows_ = unwrap(mf::to_csv_table(columns), MF_EDATA); });
  return rows_;
}

int mf_tier_model_parse(mf_tier_model** out, const char* json, size_t json_len) {
  return guard("mf_tier_model_parse", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    result = new mf_tier_model{unwrap(mf::FitModel::parse(text), MF_EDATA)};
  });
}

int mf_tier_model_load_file(mf_tier_model** out, const char* path, size_t path_len) {
  return guard("mf_tier_model_load_file", [&] {
    auto& result = arg(out, "out");
    const std::string_view p = in_str(path, path_len, "path");
    result = new mf_tier_model{unwrap(mf::FitModel::load_file(std::string(p)), MF_EDATA)};
  });
}

void mf_tier_model_free(mf_tier_model* model) { delete model; }

int mf_tier_accounts_load_file(mf_tier_accounts** out, const char* path, size_t path_len) {
  return guard("mf_tier_accounts_load_file", [&] {
    auto& result = arg(out, "out");
    const std::string_view p = in_str(path, path_len, "path");
    result = new mf_tier_accounts(unwrap(mf::read_csv_columns(std::string(p)), MF_EDATA));
  });
}

int mf_tier_accounts_parse(mf_tier_accounts** out, const char* csv, size_t csv_len, const char* name,
                           size_t name_len) {
  return guard("mf_tier_accounts_parse", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(csv, csv_len, "csv");
    std::string n(in_str(name, name_len, "name"));
    if (n.empty()) n = "accounts";
    result = new mf_tier_accounts(unwrap(mf::parse_csv_columns(std::string(text), std::move(n)), MF_EDATA));
  });
}

void mf_tier_accounts_free(mf_tier_accounts* accounts) { delete accounts; }

size_t mf_tier_accounts_count(const mf_tier_accounts* accounts) {
  return accounts == nullptr ? 0 : accounts->columns.rows();
}

int mf_tier_options_init(mf_tier_options* opts, uint32_t version) {
  return guard("mf_tier_options_init",
               [&] { init_options(opts, version, kDefaults, kOptionSizes, "mf_tier_options"); });
}

int mf_tier_compute(mf_tiering** out, const mf_tier_accounts* accounts, const mf_tier_model* model,
                    const mf_tier_options* opts) {
  return guard("mf_tier_compute", [&] {
    auto& result = arg(out, "out");
    const mf_tier_accounts& table = arg(accounts, "accounts");
    const mf::FitModel& fit = arg(model, "model").model;
    const mf_tier_options o = read_options(opts, kDefaults, kOptionSizes, "mf_tier_options");
    if (o.rollup < -1 || o.rollup > 1)
      throw ArgumentError(MF_EINVAL, absl::StrCat("rollup is ", o.rollup, " (expected -1, 0 or 1)"));
    if (std::isnan(o.stability_margin)) throw ArgumentError(MF_EINVAL, "stability_margin is NaN");
    mf::TierOptions options;
    options.threads = o.threads;
    if (o.rollup >= 0) options.rollup = o.rollup == 1;
    if (o.stability_margin >= 0) options.stability_margin = o.stability_margin;
    if (auto pins = side_table(o.pins_csv, o.pins_csv_len, "pins_csv"))
      options.pins = unwrap(mf::pins_from_csv(*pins), MF_EDATA);
    if (auto previous = side_table(o.previous_csv, o.previous_csv_len, "previous_csv"))
      options.previous = unwrap(mf::previous_from_csv(*previous), MF_EDATA);
    auto reps_table = side_table(o.reps_csv, o.reps_csv_len, "reps_csv");
    mf::AssignOptions assign;
    assign.territory_column = std::string(in_str(o.territory_column, o.territory_column_len, "territory_column"));
    auto handle = std::make_unique<mf_tiering>();
    handle->tiering = unwrap(mf::tier_accounts(table.columns, fit, options), MF_EDATA);
    if (reps_table) {
      const std::vector<mf::TierRep> reps = unwrap(mf::reps_from_csv(*reps_table), MF_EDATA);
      handle->assignment = unwrap(mf::assign_accounts(table.rows(), handle->tiering, reps, assign), MF_EDATA);
    }
    result = handle.release();
  });
}

void mf_tiering_free(mf_tiering* tiering) { delete tiering; }

size_t mf_tiering_account_count(const mf_tiering* tiering) {
  return tiering == nullptr ? 0 : tiering->tiering.accounts.size();
}

int mf_tiering_account(const mf_tiering* tiering, size_t index, mf_tier_account* out) {
  return guard("mf_tiering_account", [&] {
    const VersionedOut<mf_tier_account> target(out, kAccountSizes, "mf_tier_account");
    const mf_tiering& h = arg(tiering, "tiering");
    const std::size_t i = in_index(index, h.tiering.accounts.size(), "index");
    const mf::TieredAccount& a = h.tiering.accounts[i];
    mf_tier_account row = MF_TIER_ACCOUNT_INIT;
    row.id = view_of(a.id);
    row.rank = a.rank;
    row.score = a.score;
    row.score_low = a.score_low;
    row.score_high = a.score_high;
    row.tier = view_of(h.tiering.tiers[a.tier].name);
    row.tier_index = static_cast<uint32_t>(a.tier);
    row.reason = static_cast<int32_t>(a.reason);
    row.uncertain = a.uncertain ? 1 : 0;
    row.research = view_of(a.research);
    row.organisation = view_of(a.organisation);
    row.assignment = MF_TIER_ASSIGN_NOT_ASSIGNED;
    if (h.assignment) {
      const std::int32_t r = h.assignment->rep[i];
      if (r >= 0) row.rep = view_of(h.assignment->reps[static_cast<std::size_t>(r)].rep.id);
      row.assignment = static_cast<int32_t>(h.assignment->status[i]);
    }
    target.write(row);
  });
}

size_t mf_tiering_tier_count(const mf_tiering* tiering) {
  return tiering == nullptr ? 0 : tiering->tiering.tiers.size();
}

int mf_tiering_tier(const mf_tiering* tiering, size_t index, mf_tier_summary* out) {
  return guard("mf_tiering_tier", [&] {
    const VersionedOut<mf_tier_summary> target(out, kSummarySizes, "mf_tier_summary");
    const mf::Tiering& t = arg(tiering, "tiering").tiering;
    const std::size_t i = in_index(index, t.tiers.size(), "index");
    const mf::TierSummary& s = t.tiers[i];
    mf_tier_summary row = MF_TIER_SUMMARY_INIT;
    row.name = view_of(s.name);
    row.share = s.share;
    row.target = s.target;
    row.count = s.count;
    row.difference = s.difference;
    row.pinned = s.pinned;
    row.kept = s.kept;
    row.uncertain = s.uncertain;
    row.margin_below = i < t.cutoffs.size() && t.cutoffs[i].margin ? *t.cutoffs[i].margin : std::nan("");
    target.write(row);
  });
}

int mf_tiering_placed(const mf_tiering* tiering, uint64_t* placed, uint64_t* unplaced) {
  return guard("mf_tiering_placed", [&] {
    const mf_tiering& h = arg(tiering, "tiering");
    maybe_set(placed, h.assignment ? h.assignment->placed : 0);
    maybe_set(unplaced, h.assignment ? h.assignment->unplaced : 0);
  });
}

int mf_tiering_csv(mf_text** out, const mf_tiering* tiering, int32_t table) {
  return guard("mf_tiering_csv", [&] {
    auto& text = arg(out, "out");
    const mf_tiering& h = arg(tiering, "tiering");
    if (table == MF_TIER_TABLE_COVERAGE || table == MF_TIER_TABLE_REP_GAPS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("mf_tier_table ", table, " is a coverage table: use mf_tier_coverage_csv()"));
    if (table < MF_TIER_TABLE_ACCOUNTS || table > MF_TIER_TABLE_REPS)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_tier_table ", table));
    text = new mf_text{unwrap(mf::tiering_csv(h.tiering, static_cast<mf::TieringTable>(table),
                                              h.assignment ? &*h.assignment : nullptr),
                              MF_EINVAL)};
  });
}

int mf_tiering_json(mf_text** out, const mf_tiering* tiering) {
  return guard("mf_tiering_json", [&] {
    auto& text = arg(out, "out");
    const mf_tiering& h = arg(tiering, "tiering");
    text = new mf_text{unwrap(mf::tiering_json(h.tiering, h.assignment ? &*h.assignment : nullptr), MF_EINVAL)};
  });
}
