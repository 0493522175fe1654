// reengage.cpp — re-engagement's C ABI (experimental) over the C++ reengage.hpp.
#define MF_EXPERIMENTAL  // before any modelfunnel header: this file defines them

#include <cmath>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/reengage.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

struct mf_reengagement {
  mf::Reengagement result;
};

namespace {

constexpr mf_reengage_options kDefaults = MF_REENGAGE_OPTIONS_INIT;
constexpr std::size_t kOptionSizes[] = {sizeof(mf_reengage_options)};
static_assert(std::size(kOptionSizes) == MF_REENGAGE_OPTIONS_VERSION);
constexpr std::size_t kEntrySizes[] = {sizeof(mf_reengage_entry)};
static_assert(std::size(kEntrySizes) == MF_REENGAGE_ENTRY_VERSION);
constexpr std::size_t kReasonSizes[] = {sizeof(mf_reengage_reason)};
static_assert(std::size(kReasonSizes) == MF_REENGAGE_REASON_VERSION);
constexpr std::size_t kWindowSizes[] = {sizeof(mf_reengage_window)};
static_assert(std::size(kWindowSizes) == MF_REENGAGE_WINDOW_VERSION);

// The C enums are the C++ ones, value for value.
static_assert(MF_REENGAGE_MARKETING_NURTURE == static_cast<int>(mf::ReengageWho::kMarketingNurture));
static_assert(MF_REENGAGE_TABLE_FUNNEL == static_cast<int>(mf::ReengageTable::kFunnel));

double or_nan(const std::optional<double>& x) { return x ? *x : std::nan(""); }

}  // namespace

int mf_reengage_policy_parse(mf_reengage_policy** out, const char* json, size_t json_len) {
  return guard("mf_reengage_policy_parse", [&] {
    auto& result = arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    result = new mf_reengage_policy{unwrap(mf::ReengagePolicy::parse(text), MF_EDATA)};
  });
}

int mf_reengage_policy_load_file(mf_reengage_policy** out, const char* path, size_t path_len) {
  return guard("mf_reengage_policy_load_file", [&] {
    auto& result = arg(out, "out");
    const std::string_view p = in_str(path, path_len, "path");
    result = new mf_reengage_policy{unwrap(mf::ReengagePolicy::load_file(std::string(p)), MF_EDATA)};
  });
}

void mf_reengage_policy_free(mf_reengage_policy* policy) { delete policy; }

int mf_reengage_options_init(mf_reengage_options* opts, uint32_t version) {
  return guard("mf_reengage_options_init",
               [&] { init_options(opts, version, kDefaults, kOptionSizes, "mf_reengage_options"); });
}

int mf_reengage_compute(mf_reengagement** out, const mf_dataset* data, const mf_reengage_policy* policy,
                        int64_t as_of, const mf_reengage_options* opts) {
  return guard("mf_reengage_compute", [&] {
    auto& result = arg(out, "out");
    const mf::DataSet& ds = arg(data, "data").data;
    const mf::ReengagePolicy& p = arg(policy, "policy").policy;
    const mf_reengage_options o = read_options(opts, kDefaults, kOptionSizes, "mf_reengage_options");
    mf::ReengageOptions options;
    options.threads = o.threads;
    if (o.graph) options.graph = o.graph->graph;
    auto handle = std::make_unique<mf_reengagement>();
    handle->result = unwrap(mf::reengagement_queue(ds, p, mf::Timestamp::from_micros(as_of), options), MF_EDATA);
    result = handle.release();
  });
}

void mf_reengagement_free(mf_reengagement* r) { delete r; }

size_t mf_reengagement_queue_count(const mf_reengagement* r) { return r == nullptr ? 0 : r->result.queue.size(); }

int mf_reengagement_entry(const mf_reengagement* r, size_t index, mf_reengage_entry* out) {
  return guard("mf_reengagement_entry", [&] {
    const VersionedOut<mf_reengage_entry> target(out, kEntrySizes, "mf_reengage_entry");
    const mf::Reengagement& h = arg(r, "r").result;
    const mf::QueueEntry& e = h.queue[in_index(index, h.queue.size(), "index")];
    mf_reengage_entry row = MF_REENGAGE_ENTRY_INIT;
    row.rank = e.rank;
    row.id = view_of(e.id);
    row.reason = view_of(e.reason);
    row.raw_reason = view_of(e.raw_reason);
    row.lost_at = e.lost_at.micros();
    row.due_at = e.due_at.micros();
    row.due_rule = view_of(e.due_rule);
    row.expected_value = e.expected_value;
    row.amount = e.amount;
    row.amount_source = view_of(e.amount_source);
    row.rewin_rate = e.rewin_rate;
    row.rate_source = view_of(e.rate_source);
    row.fit = e.fit;
    row.who = static_cast<int32_t>(e.who);
    row.channel = view_of(e.channel);
    row.track = view_of(e.track);
    row.tier = view_of(e.tier);
    row.attempts = e.attempts;
    row.lost_twice = e.lost_twice ? 1 : 0;
    row.history = view_of(e.history);
    target.write(row);
  });
}

size_t mf_reengagement_reason_count(const mf_reengagement* r) { return r == nullptr ? 0 : r->result.reasons.size(); }

int mf_reengagement_reason(const mf_reengagement* r, size_t index, mf_reengage_reason* out) {
  return guard("mf_reengagement_reason", [&] {
    const VersionedOut<mf_reengage_reason> target(out, kReasonSizes, "mf_reengage_reason");
    const mf::Reengagement& h = arg(r, "r").result;
    const mf::LossReasonCount& c = h.reasons[in_index(index, h.reasons.size(), "index")];
    mf_reengage_reason row = MF_REENGAGE_REASON_INIT;
    row.reason = view_of(c.reason);
    row.has_policy = c.has_policy ? 1 : 0;
    row.lost_records = c.lost_records;
    row.due = c.due;
    row.not_yet_due = c.not_yet_due;
    row.cooling_down = c.cooling_down;
    row.never = c.never;
    row.skipped_lost_twice = c.skipped_lost_twice;
    row.expired = c.expired;
    row.no_policy = c.no_policy;
    target.write(row);
  });
}

size_t mf_reengagement_window_count(const mf_reengagement* r) { return r == nullptr ? 0 : r->result.windows.size(); }

int mf_reengagement_window(const mf_reengagement* r, size_t index, mf_reengage_window* out) {
  return guard("mf_reengagement_window", [&] {
    const VersionedOut<mf_reengage_window> target(out, kWindowSizes, "mf_reengage_window");
    const mf::Reengagement& h = arg(r, "r").result;
    const mf::ReasonWindow& w = h.windows[in_index(index, h.windows.size(), "index")];
    mf_reengage_window row = MF_REENGAGE_WINDOW_INIT;
    row.reason = view_of(w.reason);
    row.segment = view_of(w.segment);
    row.lost = w.lost;
    row.reopened = w.reopened;
    row.rewon = w.rewon;
    row.rewin_rate = w.rewin_rate;
    row.rewin_low = w.rewin_low;
    row.rewin_high = w.rewin_high;
    row.median_days_to_reopen = or_nan(w.median_days_to_reopen);
    row.median_days_to_rewin = or_nan(w.median_days_to_rewin);
    target.write(row);
  });
}

int mf_reengagement_unmapped(const mf_reengagement* r, uint64_t* texts, uint64_t* losses) {
  return guard("mf_reengagement_unmapped", [&] {
    const mf::Reengagement& h = arg(r, "r").result;
    std::uint64_t n = 0;
    for (const mf::UnmappedReason& u : h.unmapped) n += u.count;
    maybe_set(texts, std::uint64_t{h.unmapped.size()});
    maybe_set(losses, n);
  });
}

int mf_reengagement_csv(mf_text** out, const mf_reengagement* r, int32_t table) {
  return guard("mf_reengagement_csv", [&] {
    auto& text = arg(out, "out");
    const mf_reengagement& h = arg(r, "r");
    if (table < MF_REENGAGE_TABLE_QUEUE || table > MF_REENGAGE_TABLE_FUNNEL)
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown mf_reengage_table ", table));
    text = new mf_text{unwrap(mf::reengage_csv(h.result, static_cast<mf::ReengageTable>(table)), MF_EINVAL)};
  });
}

int mf_reengagement_json(mf_text** out, const mf_reengagement* r) {
  return guard("mf_reengagement_json", [&] {
    auto& text = arg(out, "out");
    text = new mf_text{unwrap(mf::reengage_json(arg(r, "r").result), MF_EINVAL)};
  });
}
