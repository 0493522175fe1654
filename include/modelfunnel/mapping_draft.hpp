/// @file mapping_draft.hpp
/// @brief A drafted mapping: a first mapping file, guessed from CRM exports,
/// for a person to read and edit.
///
/// draft_mapping() reads the header and a bounded prefix of each file (the
/// first DraftOptions::max_rows rows or DraftOptions::max_bytes bytes,
/// whichever comes first), sniffs the delimiter, each column's type and its
/// date format among those the loader reads, guesses which columns hold the
/// record id, the stage, the event time, the amount, the owner and the loss
/// reason, and which files are records (with linked ids: a lead's
/// `ConvertedOpportunityId` when another file's events are keyed by
/// `OpportunityId`), long events, field history, a wide export, touches,
/// campaigns or side tables. It writes a mapping (docs/mapping.md) with a `//` comment beside
/// every guess saying why it was made and what else it could be, and says
/// plainly what the loader cannot read (a `;` delimiter, a 12-hour clock, a
/// date column in mixed formats) and which dates are ambiguous (`03/04/2024`
/// where no row has a day above 12).
///
/// Nothing is loaded with a guess: the draft is text for a person. load()
/// never calls this, and a drafted mapping is loaded like any other, once
/// it has been read.
///
/// @code
/// std::vector<std::filesystem::path> files = {"leads.csv", "events.csv"};
/// auto draft = modelfunnel::draft_mapping(files);
/// if (!draft.ok()) { std::cerr << draft.status() << '\n'; return 1; }
/// std::cout << draft->text;            // a commented mapping to edit
/// for (const auto& t : draft->tables)  // the same guesses, as data
///   std::cout << t.file << ": " << t.kind << '\n';
/// @endcode
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace modelfunnel {

/// How much of each file draft_mapping() reads, and where the mapping will live.
struct DraftOptions {
  /// Data rows read per file (the header excluded). At least 1.
  std::size_t max_rows = 1000;
  /// Bytes read per file, roughly: reading stops at the first row that ends
  /// past this many bytes. At least 1.
  std::size_t max_bytes = std::size_t{1} << 20;
  /// The folder the mapping file will be saved in: each table's `file` is
  /// written relative to it (a mapping's paths are relative to its own
  /// folder). Empty: the current directory.
  std::filesystem::path base_dir;
};

/// What the draft guessed about one column.
struct DraftColumn {
  std::string name;       ///< Header name.
  std::size_t index = 0;  ///< 0-based position in the header.
  /// `string`, `int64`, `double`, `bool` or `timestamp` (the attribute type
  /// names of docs/mapping.md).
  std::string type;
  /// For `timestamp`: `iso8601` or a pattern such as `%d-%m-%Y`; else empty.
  std::string format;
  /// Other formats that read every sampled value as well (an ambiguous
  /// date such as 03/04/2024); empty when the format is certain.
  std::vector<std::string> also_reads;
  /// What the column is used for: `id`, `record`, `stage`, `time`,
  /// `stage_date`, `amount`, `close_date`, `actor`, `reason`, `key`,
  /// `attribute`, `link` (a records table's linked id, also an attribute);
  /// in history tables `field`, `old`, `new`; in touches `campaign`, `interaction`, `cost`, `channel`, `utm_source`,
  /// `utm_medium`, `utm_campaign`; in campaigns
  /// `campaign_name`, `type`, `cost`, `start`; or `ignored` (not read by
  /// the draft's mapping).
  std::string role;
  /// For `stage_date`: the stage (or `a|b` for the stages of a close date).
  std::string stage;
  std::uint64_t values = 0;    ///< Non-blank values among the rows read.
  std::uint64_t distinct = 0;  ///< Distinct non-blank values among them.
  std::string example;         ///< One non-blank value, as in the file.
  /// Why: the comment the draft writes beside the column, in one line.
  std::string why;
};

/// What the draft guessed about one file.
struct DraftTable {
  std::string file;  ///< The path as given.
  std::string name;  ///< The table name in the draft (from the file name).
  /// `records`, `events`, `wide`, `history`, `side`, `touches`, `campaigns`, or `none`
  /// when the file is left out of the mapping (`notes` says why).
  std::string kind;
  char delimiter = ',';      ///< Sniffed field delimiter.
  bool bom = false;          ///< The file starts with a UTF-8 byte order mark.
  std::uint64_t rows = 0;    ///< Data rows read.
  bool truncated = false;    ///< More rows follow those read.
  std::uint64_t bad_rows = 0;  ///< Rows the CSV reader could not split.
  std::vector<DraftColumn> columns;  ///< In header order.
  /// Remarks for the person reading the draft: why a kind was chosen, what
  /// the loader cannot read, what a later mapping version could use.
  std::vector<std::string> notes;
};

/// A drafted mapping: the text to save and edit, and the guesses behind it.
struct MappingDraft {
  /// The mapping, JSON with `//` comments, `version` 1; ends with a newline.
  std::string text;
  std::vector<DraftTable> tables;  ///< One per file, in the order given.
};

/// Drafts a mapping for @p files (CSV exports).
///
/// Reads at most DraftOptions::max_rows rows and about
/// DraftOptions::max_bytes bytes of each file; never the whole of a big file.
/// A file that is empty, has a header only, is not text, or cannot be split
/// into CSV rows is left out of the mapping with a comment saying why; the
/// draft fails only when no file can be drafted at all.
///
/// @return NotFound / PermissionDenied when a file cannot be opened;
///         InvalidArgument for no files, options out of range, or when no
///         file gives a table (the message lists why, file by file);
///         ResourceExhausted when memory runs out. Never throws.
absl::StatusOr<MappingDraft> draft_mapping(std::span<const std::filesystem::path> files,
                                           const DraftOptions& options = {});

}  // namespace modelfunnel
