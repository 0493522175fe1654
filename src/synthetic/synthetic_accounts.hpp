// Synthetic accounts, contacts and activities for the tiering engine's
// plays and coverage (docs/tiering.md): what `modelfunnel generate
// --accounts N` writes next to the funnel. The layout is the Maven CRM
// export's (accounts.csv), the one examples/tiering/maven_fit.json reads.
//
// Everything comes from a random stream of its own, seeded by the options'
// seed: the funnel files are the same bytes with or without accounts.
#pragma once

#include <filesystem>

#include "absl/status/status.h"
#include "modelfunnel/generate.hpp"

namespace modelfunnel::internal {

/// Most accounts the generator writes (each has up to 8 contacts with up to
/// 6 touches each).
inline constexpr std::uint64_t kMaxSynthAccounts = 100'000'000;

/// Writes accounts.csv, contacts.csv and activities.csv into @p dir (which
/// exists) for options.accounts accounts; does nothing when it is 0.
/// @pre validate(options).ok()
/// @return an I/O error naming the file.
absl::Status write_synthetic_accounts(const GenerateOptions& options, const std::filesystem::path& dir);

}  // namespace modelfunnel::internal
