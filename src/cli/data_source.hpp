// Where a command's data comes from: `--data DIR` (the canonical layout) or
// `--map MAPPING [FILE...]`, plus the stage graph to read it against. Shared
// by `load` and `report` so both accept exactly the same arguments.
#pragma once

#include <string>
#include <utility>

#include "args.hpp"
#include "output.hpp"
#include "modelfunnel/dataset.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace modelfunnel::cli {

/// The mapping named by `--data DIR` or `--map MAPPING` with positional FILE
/// arguments bound to its tables. Throws UsageError / RuntimeError.
Mapping data_mapping(const Args& args);
/// data_mapping(), but with --data the events of leads that leads.csv lacks
/// are left out and counted (`"unknown_records": "skip"`), as the report
/// spec asks, instead of being rejected rows.
Mapping data_mapping_skipping_unknown(const Args& args);

/// Mapping::canonical(@p dir), plus a `touches` table over `touches.csv`
/// (lead_id, ts, campaign, channel, interaction, cost) and a `campaigns`
/// table over `campaigns.csv` (campaign, name, type, cost, start) when those
/// files are there — what `modelfunnel generate` writes for attribution.
Mapping canonical_with_touches(const std::string& dir);
/// @p base (a canonical mapping of @p dir) with those two tables added.
Mapping with_canonical_touches(const Mapping& base, const std::string& dir);

/// Whether a command's `--policy strict|skip` chooses what happens to bad
/// rows (`reengage` and `dashboard` use --policy for a policy file).
enum class BadRows { kPolicyFlag, kStrict };

/// Loads @p mapping for an engine command, on `--threads` threads with a
/// progress line: with --data, events of leads that leads.csv lacks are left
/// out and counted in a note in @p notes_to, as the report spec asks; any
/// other bad row stops the command (RuntimeError), unless @p bad_rows is
/// kPolicyFlag and `--policy skip` was given: then it is skipped and counted.
DataSet load_engine_data(const Args& args, const Mapping& mapping, Report& notes_to,
                         BadRows bad_rows = BadRows::kPolicyFlag);

/// The graph from `--graph FILE`, else the one the mapping names, else The
/// Model; with a name to show for it. Throws RuntimeError.
std::pair<StageGraph, std::string> choose_graph(const Args& args, const Mapping& mapping);

}  // namespace modelfunnel::cli
