// table_guess.hpp — the draft's guesses about one file and about how the
// files fit together, before they are written out as a mapping.
//
// guess_file() looks at one file on its own: each column's profile, and
// which column could be the record id, the stage, the event time, the
// amount, the owner and the loss reason (by name first, checked against the
// content). guess_mapping() then decides each file's kind in view of the
// others: one records table, one source of events (an events or a wide
// table, with its expected close date), side tables joined by a column of
// the same name. What the draft does not propose yet (a second source of
// events, linked lead and opportunity ids) is kept as a note for the
// comments, so a later version adds a key here rather than a new guesser.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ingest/draft/column_profile.hpp"
#include "ingest/draft/file_sample.hpp"
#include "modelfunnel/mapping_draft.hpp"

namespace modelfunnel::internal::draft {

/// A raw stage value and the stage id the draft proposes for it.
struct StageAlias {
  std::string raw;
  std::string id;
};

/// A wide table's date column: the date `stages[0]` was entered, or (with
/// `current`) the date of the current stage, which is one of `stages`.
struct StageDate {
  std::size_t column = 0;
  std::vector<std::string> stages;
  bool current = false;
};

struct TableGuess {
  DraftTable table;  // kind, columns (role, why), notes: the public face
  FileSample sample;
  std::vector<ColumnProfile> profiles;
  std::string file_in_mapping;  // the path as the mapping names it

  // Roles (column indexes). record: an events table's record column.
  std::optional<std::size_t> id, record, stage, time, amount, actor, reason, key;
  std::optional<std::size_t> close_date;  // events: the expected close date in force
  // touches: campaign, interaction; campaigns: name, type, cost, start.
  std::optional<std::size_t> campaign, interaction, campaign_name, campaign_type, cost, start;
  std::optional<std::size_t> channel, utm_source, utm_medium, utm_campaign;  // touches
  std::string join;  // side: the attribute its key is looked up in
  std::string unknown_records;  // events with a records table: "error" or "create"
  std::string unknown_why;
  std::vector<StageAlias> aliases;  // raw stage values seen, and their ids
  bool alias_needed = false;        // some raw value differs from its id
  std::vector<StageDate> stage_dates;
  std::vector<std::size_t> attributes;         // in header order
  std::map<std::size_t, std::string> renamed;  // attribute name when not the column's
  std::map<std::size_t, std::string> forced;   // column -> type when not the profiled one

  // history (a field-history file: record, field, old, new, time): its
  // columns, and the fields it turns into stage events, amounts and close
  // dates (names as in the field column; empty when not proposed).
  std::optional<std::size_t> field, old_value, new_value;
  std::string stage_field, amount_field, close_date_field, close_date_format;
  std::vector<std::string> other_fields;  // fields seen and not read
  std::string initial_stage;  // raw: the stage a record is at before its first change
  // records: link columns (ids the record has in other files).
  std::vector<std::size_t> links;

  // What the file could be on its own.
  bool could_be_events = false, could_be_wide = false, could_be_records = false;
  bool could_be_history = false;
  std::string disabled_table;  // a commented-out table (a second source of events)
};

/// Reads nothing: guesses from @p sample alone.
TableGuess guess_file(FileSample sample, const std::string& file_in_mapping);

/// Decides kinds, joins and attributes across all @p tables (in the order given).
void guess_mapping(std::vector<TableGuess>& tables);

/// The type column @p i of @p t is declared with (a join column is a string).
std::string attribute_type(const TableGuess& t, std::size_t i);

/// `Deal Stage` -> `dealstage`: lower-case letters and digits only, for name matching.
std::string normalized(std::string_view name);

/// The stage id proposed for a raw stage value: `Closed Won` -> `closed_won`.
std::string stage_id_for(std::string_view raw);

}  // namespace modelfunnel::internal::draft
