// Reading and converting records rows into batches (internal/record_batch.hpp).
#include "internal/record_batch.hpp"

#include <bit>
#include <string>
#include <utility>

namespace modelfunnel::internal {
namespace {

// Rows per batch: a batch holds ~0.2 KB per row (the converted values and
// the row's bytes), so this keeps it in L2 until it is committed.
constexpr std::size_t kBatchRows = 1024;
// Rows read before the file size is trusted to predict the row count.
constexpr std::size_t kSampleRows = 1024;
// A batch's text offsets are 32-bit; cut it well before.
constexpr std::size_t kBatchMaxBytes = std::size_t{1} << 30;

}  // namespace

void RecordBatch::clear() {
  rows.clear();
  present.clear();
  values.clear();
  arena.clear();
  errors.clear();
  rows_read = 0;
  bytes_consumed = 0;
  estimated_rows = 0;
  last = false;
}

RecordBatchReader::RecordBatchReader(const TableInput& in, const std::vector<AttributeConverter>& attrs,
                                     const std::vector<CodeCache>& codes, bool strict)
    : in_(in),
      attrs_(attrs),
      codes_(codes),
      missing_(in.spec->missing),
      strict_(strict),
      id_index_(in.index(in.spec->id_column)),
      values_(attrs.size()) {}

void RecordBatchReader::fill(RecordBatch& batch) {
  CsvReader& reader = *in_.reader;
  auto error = [&](StagedError e) {
    e.before = static_cast<std::uint32_t>(batch.size());
    batch.errors.push_back(std::move(e));
  };
  // Converts one row, or says why not: the same checks, in the same order,
  // as ever.
  auto convert = [&](const CsvRow& row, FieldError& err) {
    if (missing_(row.fields[id_index_])) {
      err = field_error(id_index_, "value.required", "the record id is missing");
      return false;
    }
    for (std::size_t i = 0; i < attrs_.size(); ++i) {
      const AttributeConverter& a = attrs_[i];
      if (!a.convert(row.fields[a.field()], missing_, values_[i], err)) return false;
    }
    return true;
  };
  // Holds a converted row in the batch.
  auto hold = [&](const CsvRow& row) {
    for (std::size_t i = 0; i < attrs_.size(); ++i) {
      const Value& v = values_[i];
      if (!v.present) {
        batch.present.push_back(RecordBatch::kAbsent);
        batch.values.push_back(0);
        continue;
      }
      batch.present.push_back(RecordBatch::kPresent);
      switch (attrs_[i].spec().type) {
        case AttributeType::kString: {
          if (std::uint32_t code; codes_[i].find(v.s, code)) {
            batch.present.back() = RecordBatch::kCode;
            batch.values.push_back(code);
            break;
          }
          const RecordBatch::Text t = batch.keep(v.s);
          batch.values.push_back(static_cast<std::int64_t>(t.offset) << 32 | t.size);
          break;
        }
        case AttributeType::kDouble: batch.values.push_back(std::bit_cast<std::int64_t>(v.d)); break;
        default: batch.values.push_back(v.i); break;
      }
    }
    RecordBatch::Row r;
    const std::string_view id = row.fields[id_index_];
    r.probe = RecordIds::probe(id);
    r.id = batch.keep(id);
    r.line = row.line;
    batch.rows.push_back(r);
  };

  CsvRow& row = row_;
  CsvError csv_error;
  FieldError field;
  while (!batch.last && batch.size() < kBatchRows && batch.errors.size() < kBatchRows &&
         batch.arena.size() < kBatchMaxBytes) {
    if (++rows_ == kSampleRows) batch.estimated_rows = LoadContext::estimate_rows(in_, rows_ - 1);
    switch (reader.next(row, csv_error)) {
      case CsvReader::Next::kEnd:
        batch.last = true;
        break;
      case CsvReader::Next::kFatal: {
        StagedError e;
        e.kind = StagedError::Kind::kFatal;
        e.csv = csv_error;
        error(std::move(e));
        batch.last = true;
        break;
      }
      case CsvReader::Next::kError: {
        ++batch.rows_read;
        StagedError e;
        e.kind = StagedError::Kind::kCsv;
        e.csv = csv_error;
        e.raw = std::string(row.raw);
        error(std::move(e));
        batch.last = strict_;  // the load stops at this row: so can the reading
        break;
      }
      case CsvReader::Next::kRow: {
        ++batch.rows_read;
        if (convert(row, field)) {
          hold(row);
          break;
        }
        StagedError e;
        e.kind = StagedError::Kind::kField;
        e.line = row.line;
        e.field = std::move(field);
        e.raw = std::string(row.raw);
        error(std::move(e));
        batch.last = strict_;
        break;
      }
    }
  }
  batch.bytes_consumed = reader.bytes_consumed();
}

}  // namespace modelfunnel::internal
