/// @file generate.hpp
/// @brief Deterministic synthetic funnel data for demos, tests and benchmarks.
///
/// Writes (or builds in memory) leads and their stage events in the canonical
/// benchmark layout (see Mapping::canonical()), with The Model's stage ids:
/// conversion by stage varies by channel, segment and BANT flags, gaps
/// between stages are lognormal, about 1% of leads get one later duplicate
/// stage entry, and drop-outs may get a `closed_lost` event with a loss
/// reason. The same options always give the same data, byte for byte, on
/// every platform (the random source and the arithmetic are portable; only a
/// libm whose exp/log/cos round differently from glibc's could, rarely, shift
/// a value by one unit — a second, a cent).
///
/// Every transition kind of StageGraph::the_model() occurs, once at most per
/// lead for recycle and re-open:
/// - **nurture** (mql → nurture, sql → nurture): a lead that stalls at mql or
///   sql without being lost is parked in `nurture` — at mql with probability
///   0.75 / 0.65 / 0.55 / 0.45 for 0 / 1 / 2 / 3 BANT flags met, at sql with
///   0.5. That is about 10% of all leads (a quarter of the MQLs).
/// - **recycle** (nurture → mql): 30% of nurtured leads come back to `mql`
///   after a lognormal nurture period (median 60 days, scaled like the stage
///   gaps) and walk the funnel again, qualifying as if one more BANT flag were
///   met.
/// - **re-open** (closed_lost → opportunity): a deal lost at opportunity,
///   proposal or negotiation re-opens at `opportunity` (median 90 days later)
///   with probability 0.25 when lost on timing, 0.10 on budget or no
///   decision, 0.05 to a competitor and never on fit: about 9% of lost deals.
///
/// Measured on 20,000 leads with seed 42: 9.98% of leads nurtured, 29.4% of
/// those recycled, 9.4% of lost deals re-opened (tests/cpp/generate_test.cpp
/// checks these within bounds). Recycled and re-opened leads only re-enter
/// stages they already reached, so no lead skips a main-path stage; the peer
/// benchmark's report (which counts main-path stages only) reads the files
/// as they are.
///
/// @code
/// modelfunnel::GenerateOptions opt;
/// opt.leads = 10'000;
/// auto status = modelfunnel::generate_csv(opt, "/tmp/demo");  // leads.csv, events.csv
/// auto ds = modelfunnel::generate_dataset(opt);               // same data, in memory
/// @endcode
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// What to generate. Only `leads`, `accounts`, `seed`, `start` and
/// `span_days` decide the data; `progress` just watches.
struct GenerateOptions {
  /// Number of leads: at least 1, at most 4,294,967,295 (a DataSet's
  /// record limit).
  std::uint64_t leads = 10'000;
  std::uint64_t seed = 42;       ///< Random seed.
  /// Leads are created evenly over [start, start + span_days), on whole
  /// minutes from `start` (sub-second parts of `start` are dropped). The
  /// period must lie within the years 0001 to 7999, so that every event,
  /// however late, still has a four-digit year.
  Timestamp start = Timestamp::from_seconds(1'704'067'200);  // 2024-01-01T00:00:00Z
  std::uint32_t span_days = 731;  ///< Length of the creation period in days (at least 1).
  /// Accounts for the tiering engine (docs/tiering.md, "Plays and
  /// coverage"): 0 (the default) writes none; N, at most 100,000,000, makes
  /// generate_csv() and generate_layout_csv() also write accounts.csv
  /// (the Maven CRM layout: account, sector, year_established, revenue,
  /// employees, office_location, subsidiary_of, owner — Maven's `technolgy`
  /// spelling and odd case, about 2% blanks, lognormal sizes, owners
  /// rep1..repK with one rep per 50 accounts, at most 200), contacts.csv
  /// (account_id, contact_id, role: 0 to 8 contacts per account, about 5%
  /// blank roles) and activities.csv (contact_id, time, channel, campaign:
  /// 0 to 6 touches per contact over the creation period by email, phone,
  /// event or linkedin, email and event touches mostly in a campaign). About
  /// 1% of contacts name an account that does not exist and 1% of
  /// activities a contact that does not, and about 1% of each are repeated
  /// rows: check_coverage() counts and leaves them out. They come from a
  /// random stream of their own: the other files are the same bytes with or
  /// without them. generate_dataset() ignores this field.
  std::uint64_t accounts = 0;
  /// Called now and then with the leads generated so far and the total.
  /// May be empty.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// Writes `leads.csv` and `events.csv` into @p dir (created if missing),
/// events ordered by time like an event log, and the marketing touches:
/// `touches.csv` (lead_id, ts, campaign, channel, interaction, cost — a
/// lead's own campaign just before it was created, then 0 to 4 more over its
/// walk, about one in ten after its last event; costs on paid_search and
/// outbound touches) and `campaigns.csv` (the 200 campaigns: campaign, name,
/// type = its channel, cost, start). The touches come from a random stream
/// of their own, so leads.csv and events.csv are the same bytes as without
/// them.
/// @return InvalidArgument for bad options, an I/O error naming the file.
absl::Status generate_csv(const GenerateOptions& options, const std::filesystem::path& dir);

/// The shape of the files generate_layout_csv() writes.
enum class CrmLayout : std::uint8_t {
  kCanonical = 0,   ///< `leads.csv` + `events.csv` (generate_csv()).
  kSalesforce = 1,  ///< Lead, LeadHistory, Opportunity, OpportunityHistory,
                    ///< OpportunityFieldHistory, Campaign, CampaignMember.
  kHubSpot = 2,     ///< contacts, deals (wide), lifecycle_history, form_submissions.
};

/// Writes the funnel generate_csv() writes, in @p layout's shape, into
/// @p dir, with the `mapping.json` that reads it (the text of
/// examples/salesforce/ or examples/hubspot/mapping.json). Loaded through
/// it, the files give the same funnel report as the canonical layout: every
/// event is in exactly one file. Leads convert into opportunities under new
/// ids (`O…`), found through the lead's linked id.
/// @return InvalidArgument for bad options or layout, an I/O error naming the file.
absl::Status generate_layout_csv(const GenerateOptions& options, CrmLayout layout,
                                 const std::filesystem::path& dir);

/// The mapping text generate_layout_csv() writes for @p layout (empty for
/// kCanonical: see Mapping::canonical()).
std::string_view layout_mapping(CrmLayout layout);

/// Builds the same data set in memory, as load(Mapping::canonical(dir))
/// would return it after generate_csv(options, dir) — plus the touches and
/// campaigns, as a mapping adding tables over touches.csv and campaigns.csv
/// loads them (what `modelfunnel attribution --data DIR` does).
/// @return InvalidArgument for bad options.
absl::StatusOr<DataSet> generate_dataset(const GenerateOptions& options);

}  // namespace modelfunnel
