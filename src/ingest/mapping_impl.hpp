// The parsed form of a mapping file: what Mapping::Impl holds and the
// loaders read. Not installed; the JSON schema is the public contract
// (docs/mapping.md), this layout is not.
//
// Everything here is validated by from_json() (mapping_json.cpp): column
// names are non-empty, stage ids exist in the graph when there is one, table
// kinds combine legally. The loaders only check what depends on the files
// (headers, values).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/timestamp.hpp"

namespace modelfunnel::internal {

enum class TableKind : std::uint8_t { kRecords, kEvents, kWide, kSide, kHistory, kTouches, kCampaigns };

/// "records", "events", "wide", "side", "history", "touches", "campaigns".
std::string_view to_string(TableKind kind);

/// One typed attribute read from a column.
struct AttributeSpec {
  std::string name;    // attribute name in the DataSet
  std::string column;  // header name in the file (defaults to name)
  AttributeType type = AttributeType::kString;
  TimeFormat format = TimeFormat::iso8601();  // kTimestamp only
  // kBool only; nullopt = the default spellings (see docs/mapping.md).
  std::optional<std::vector<std::string>> true_values;
  std::optional<std::vector<std::string>> false_values;
};

/// A column of raw stage values and the aliases that turn them into ids.
struct StageSpec {
  std::string column;                  // empty with a constant stage
  std::vector<std::pair<std::string, std::string>> aliases;  // raw -> stage id
  std::optional<std::string> constant = std::nullopt;  // "stage": {"value": id}: every row is this stage
};

/// A wide-table date column: the date a record entered a stage.
struct StageDateSpec {
  std::string column;
  // "stage": X gives one entry and current_stage = false: the date is X's.
  // "stages": [...] sets current_stage: the date belongs to the record's
  // current stage, which must be one of these.
  std::vector<std::string> stages;
  bool current_stage = false;
  TimeFormat format = TimeFormat::iso8601();
};

struct AmountSpec {
  std::string column;
  std::vector<std::string> stages;  // wide only; empty = the current stage's event
};

/// What an events table does with an event whose record no table defined.
enum class UnknownRecords : std::uint8_t { kError, kCreate, kSkip };

/// A column holding a date and how it is spelled (close dates).
struct DateColumnSpec {
  std::string column;
  TimeFormat format = TimeFormat::iso8601();
};

/// A field-history table: which values of its field column are which
/// field, and how the new values are read.
struct HistorySpec {
  std::string field_column, old_column, new_column;
  // Field names (as in the field column) of the stage, amount and close date.
  std::optional<std::string> stage_field, amount_field, close_date_field;
  TimeFormat close_date_format = TimeFormat::iso8601();
  bool skip_other_fields = false;  // "other_fields": "skip" (else a row error)
};

/// A touches table's optional columns.
struct TouchSpec {
  std::optional<std::string> campaign, channel, interaction, cost;
  std::optional<std::string> utm_source, utm_medium, utm_campaign;
};

/// A campaigns table's optional columns.
struct CampaignSpec {
  std::optional<std::string> name, type, cost;
  std::optional<DateColumnSpec> start;
};

struct TableSpec {
  std::string name;
  TableKind kind = TableKind::kRecords;
  std::filesystem::path file;         // resolved against the mapping's folder
  std::vector<std::string> missing;   // tokens meaning "missing" (may be empty)

  std::string id_column;              // records/wide: id; events: record; side: key
  std::string join;                   // side: the attribute holding the key

  std::optional<StageSpec> stage;     // events, wide
  std::string time_column;            // events
  TimeFormat time_format = TimeFormat::iso8601();
  std::optional<AmountSpec> amount;   // events, wide
  std::optional<std::string> reason_column;  // events, wide
  std::optional<std::string> actor_column;   // events, wide
  bool create_unknown_records = false;       // events, wide, history, touches
  UnknownRecords unknown_records = UnknownRecords::kError;  // same; create_unknown_records mirrors kCreate
  std::optional<DateColumnSpec> close_date;  // events
  std::vector<std::string> links;            // records: further id columns
  std::vector<StageDateSpec> stage_dates;    // wide, records, side
  std::optional<HistorySpec> history;        // history
  TouchSpec touch;                           // touches
  CampaignSpec campaign;                     // campaigns
  std::vector<AttributeSpec> attributes;     // records, wide, side
};

}  // namespace modelfunnel::internal

namespace modelfunnel {

struct Mapping::Impl {
  std::optional<std::filesystem::path> graph_file;
  std::optional<StageGraph> graph;   // loaded from graph_file by from_json()
  std::vector<std::string> missing;  // top-level default tokens
  // Loading order: records, then wide, then events, history, touches,
  // campaigns and side tables, each kind in the order the file lists them.
  std::vector<internal::TableSpec> tables;
};

}  // namespace modelfunnel
