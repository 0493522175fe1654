/// @file generate.hpp
/// @brief Deterministic synthetic funnel data for demos, tests and benchmarks.
///
/// Writes (or builds in memory) leads and their stage events in the canonical
/// benchmark layout (see Mapping::canonical()): conversion by stage varies by
/// channel, segment and BANT flags, gaps between stages are lognormal, about
/// 1% of leads get one later duplicate stage entry, and drop-outs may get a
/// `closed_lost` event with a loss reason. The same options always give the
/// same data, byte for byte, on every platform (the random source and the
/// arithmetic are portable; only a libm whose exp/log/cos round differently
/// from glibc's could, rarely, shift a value by one unit — a second, a cent).
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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel {

/// What to generate. Only `leads`, `seed`, `start` and `span_days` decide
/// the data; `progress` just watches.
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
  /// Called now and then with the leads generated so far and the total.
  /// May be empty.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// Writes `leads.csv` and `events.csv` into @p dir (created if missing),
/// events ordered by time like an event log.
/// @return InvalidArgument for bad options, an I/O error naming the file.
absl::Status generate_csv(const GenerateOptions& options, const std::filesystem::path& dir);

/// Builds the same data set in memory, as load(Mapping::canonical(dir))
/// would return it after generate_csv(options, dir).
/// @return InvalidArgument for bad options.
absl::StatusOr<DataSet> generate_dataset(const GenerateOptions& options);

}  // namespace modelfunnel
