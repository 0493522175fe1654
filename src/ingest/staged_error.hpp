// A row that could not be converted, kept at its place among the converted
// rows that are committed later (ingest/pipeline/event_staging.hpp,
// ingest/pipeline/record_batch.hpp), so that the error policy sees every error of
// a file in reading order, exactly as when each row is committed at once.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "ingest/load_context.hpp"

namespace modelfunnel::internal {

struct StagedError {
  enum class Kind { kField, kCsv, kFatal };
  Kind kind = Kind::kField;
  std::uint32_t before = 0;  // number of the chunk's converted rows that precede it
  std::int64_t line = 0;     // kField: the row's line
  FieldError field;          // kField
  CsvError csv;              // kCsv, kFatal
  std::string raw;           // kField, kCsv

  /// @p row, which did not convert for reason @p e.
  static StagedError field_error(const CsvRow& row, FieldError e) {
    StagedError s;
    s.kind = Kind::kField;
    s.line = row.line;
    s.field = std::move(e);
    s.raw = std::string(row.raw);
    return s;
  }
  /// @p row, which the CSV reader could not split (@p e).
  static StagedError csv_error(const CsvRow& row, const CsvError& e) {
    StagedError s;
    s.kind = Kind::kCsv;
    s.csv = e;
    s.raw = std::string(row.raw);
    return s;
  }
  /// The error that ended reading the file (@p e).
  static StagedError fatal_error(const CsvError& e) {
    StagedError s;
    s.kind = Kind::kFatal;
    s.csv = e;
    return s;
  }
};

/// Rejects the row of @p e under the load's policy (or ends the load, kFatal).
inline absl::Status apply_staged_error(LoadContext& ctx, const TableInput& in, const StagedError& e) {
  switch (e.kind) {
    case StagedError::Kind::kField: return ctx.reject(in, e.line, e.raw, e.field);
    case StagedError::Kind::kCsv: return ctx.reject_csv(in, e.csv, e.raw);
    case StagedError::Kind::kFatal: return ctx.fatal(in, e.csv);
  }
  return absl::OkStatus();
}

}  // namespace modelfunnel::internal
