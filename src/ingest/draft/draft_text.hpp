// draft_text.hpp — how a mapping draft says things: the small phrases of
// its comments, and the writer of the whole commented mapping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/draft/column_profile.hpp"
#include "modelfunnel/mapping_draft.hpp"

namespace modelfunnel::internal::draft {

struct StageAlias;
struct TableGuess;

/// 12345 -> "12,345".
std::string count_text(std::uint64_t n);

/// A value from a file, quoted for a comment: at most 40 characters,
/// control and non-ASCII bytes escaped.
std::string quote_value(std::string_view v);

/// "',' (comma)", "';' (semicolon)", "tab", "'|'".
std::string delimiter_name(char d);

/// A timestamp column's comment: its format, an example, and the other
/// formats that read it too (AMBIGUOUS) or the loader's default.
std::string time_why(const ColumnProfile& p);

/// Mixed dates: "812 of 1,000 read as %d/%m/%Y, others as iso8601, e.g. '...'".
std::string mixed_text(const ColumnProfile& p);

/// The raw stage values seen and what becomes of those not seen.
std::string stage_values_text(const std::vector<StageAlias>& aliases, const ColumnProfile& p, bool truncated);

/// The whole mapping, with comments. @p left_out_first: files left out
/// are listed after the tables.
std::string write_mapping(const std::vector<TableGuess>& tables, const DraftOptions& options);

}  // namespace modelfunnel::internal::draft
