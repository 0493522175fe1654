// `modelfunnel generate`: writes the synthetic data set as leads.csv and
// events.csv, the canonical layout that `load --data` and the peer benchmark
// read.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "modelfunnel/generate.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: modelfunnel generate --out DIR [--leads N] [--seed S] [--start DATE]\n"
    "                            [--span-days D] [--layout L] [--accounts N]\n"
    "\n"
    "Writes a deterministic synthetic funnel into DIR (created if missing):\n"
    "leads.csv (lead_id, created_at, channel, campaign, segment, industry,\n"
    "employees, budget_ok, authority_ok, need_ok, timeline_days, owner_sdr) and\n"
    "events.csv (lead_id, stage, ts, amount, reason), events ordered by time,\n"
    "and the marketing touches for attribution: touches.csv (lead_id, ts,\n"
    "campaign, channel, interaction, cost) and campaigns.csv (campaign, name,\n"
    "type, cost, start). The same options give the same bytes on every machine.\n"
    "Read it back with 'modelfunnel load --data DIR' ('modelfunnel attribution\n"
    "--data DIR' reads the touches too).\n"
    "\n"
    "With --layout salesforce or hubspot the same funnel is written as that CRM\n"
    "exports it (Salesforce: Lead, LeadHistory, Opportunity, OpportunityHistory,\n"
    "OpportunityFieldHistory, Campaign, CampaignMember; HubSpot: contacts, deals,\n"
    "lifecycle_history, form_submissions), with the mapping.json that reads it\n"
    "(as in examples/salesforce/ and examples/hubspot/): 'modelfunnel report\n"
    "--map DIR/mapping.json' gives the report of the canonical layout.\n"
    "\n"
    "With --accounts N it also writes accounts for 'modelfunnel tier' (the Maven\n"
    "CRM layout examples/tiering/maven_fit.json reads): accounts.csv (account,\n"
    "sector, year_established, revenue, employees, office_location,\n"
    "subsidiary_of, owner), contacts.csv (account_id, contact_id, role: 0 to 8\n"
    "per account) and activities.csv (contact_id, time, channel, campaign: 0 to\n"
    "6 touches per contact), with a few blanks, unknown ids and repeated rows on\n"
    "purpose. The other files stay the same bytes.\n"
    "\n"
    "options:\n"
    "  --out DIR        output folder (required)\n"
    "  --leads N        number of leads (default 10000)\n"
    "  --seed S         random seed (default 42)\n"
    "  --start DATE     first creation day, ISO 8601 (default 2024-01-01)\n"
    "  --span-days D    leads are created over D days from --start (default 731)\n"
    "  --layout L       canonical (default), salesforce or hubspot\n"
    "  --accounts N     also write N accounts, their contacts and activities\n"
    "                   (default 0: none; at most 100000000)\n"
    "  --help           show this help\n";

// Data rows of a CSV file without quoted line breaks (ours have none).
std::uint64_t count_rows(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return 0;
  std::uint64_t lines = 0;
  std::vector<char> buf(std::size_t{1} << 16);
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0;) {
    for (std::size_t i = 0; i < n; ++i) lines += buf[i] == '\n';
  }
  return lines == 0 ? 0 : lines - 1;
}

void describe(const std::filesystem::path& file, std::uint64_t rows, std::string_view what) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(file, ec);
  std::cout << "wrote " << rows << ' ' << what << " to " << file.string();
  if (!ec) std::cout << " (" << bytes << " bytes)";
  std::cout << '\n';
}

int run_generate(std::span<const std::string> argv) {
  const Args args(argv, {.valued = {"out", "leads", "seed", "start", "span-days", "layout", "accounts"}});
  if (args.has("help")) return print_help(kGenerateCommand);
  const std::optional<std::string> out = args.value("out");
  if (!out || out->empty()) throw UsageError("--out DIR is required");
  GenerateOptions options;
  options.leads = args.number("leads", options.leads, 1, 0xFFFF'FFFFull);
  options.accounts = args.number("accounts", options.accounts, 0, 100'000'000);
  options.seed = args.number("seed", options.seed, 0, ~std::uint64_t{0});
  options.span_days = static_cast<std::uint32_t>(
      args.number("span-days", options.span_days, 1, 365'000));
  if (const std::optional<std::string> start = args.value("start")) {
    absl::StatusOr<Timestamp> t = parse_timestamp(*start, TimeFormat::iso8601());
    if (!t.ok()) throw UsageError("--start: " + std::string(t.status().message()));
    options.start = *t;
  }

  constexpr std::string_view kLayouts[] = {"canonical", "salesforce", "hubspot"};
  const std::string layout_name = args.choice("layout", "canonical", kLayouts);
  const CrmLayout layout = layout_name == "salesforce" ? CrmLayout::kSalesforce
                           : layout_name == "hubspot"  ? CrmLayout::kHubSpot
                                                       : CrmLayout::kCanonical;

  Progress progress("generating", Progress::Unit::kLeads);
  options.progress = progress.callback();
  const std::filesystem::path dir(*out);
  const absl::Status status = generate_layout_csv(options, layout, dir);
  progress.finish();
  // Options are checked by the flags above except the date range.
  if (absl::IsInvalidArgument(status)) {
    throw UsageError("--start/--span-days: " + std::string(status.message()));
  }
  if (!status.ok()) throw RuntimeError(std::string(status.message()));
  if (layout != CrmLayout::kCanonical) {
    std::cout << "wrote a " << layout_name << " export of " << options.leads << " leads and "
              << (dir / "mapping.json").string() << " to read it\n";
  } else {
    describe(dir / "leads.csv", options.leads, "leads");
    describe(dir / "events.csv", count_rows(dir / "events.csv"), "events");
  }
  if (options.accounts > 0) {
    describe(dir / "accounts.csv", options.accounts, "accounts");
    describe(dir / "contacts.csv", count_rows(dir / "contacts.csv"), "contact rows");
    describe(dir / "activities.csv", count_rows(dir / "activities.csv"), "activity rows");
  }
  return 0;
}

}  // namespace

const Command kGenerateCommand = {"generate", "write a synthetic data set as CSV files", kHelp,
                                  run_generate};

}  // namespace modelfunnel::cli
