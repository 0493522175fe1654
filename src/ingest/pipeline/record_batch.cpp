// Reading and converting records rows into batches (ingest/pipeline/record_batch.hpp).
#include "ingest/pipeline/record_batch.hpp"

#include <bit>
#include <charconv>
#include <system_error>
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
  rows.clear();  // present and values keep their size: see fill()
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
      id_index_(in.index(in.spec->id_column)) {
  for (const std::string& l : in.spec->links) link_fields_.push_back(in.index(l));
  for (const StageDateSpec& d : in.spec->stage_dates) {
    date_fields_.push_back(in.index(d.column));
    date_iso_.push_back(d.format.is_iso8601());
  }
}

void RecordBatchReader::fill(RecordBatch& batch) {
  CsvReader& reader = *in_.reader;
  auto error = [&](StagedError e) {
    e.before = static_cast<std::uint32_t>(batch.size());
    batch.errors.push_back(std::move(e));
  };
  // Room for a whole batch of values, made once: a row writes its values
  // in place and only counts once it is whole (a row that fails leaves
  // values the next row overwrites).
  const std::size_t n = attrs_.size();
  if (batch.values.size() < kBatchRows * n) {
    batch.present.resize(kBatchRows * n);
    batch.values.resize(kBatchRows * n);
  }
  const std::size_t n_links = link_fields_.size(), n_dates = date_fields_.size();
  if (batch.links.size() < kBatchRows * n_links) batch.links.resize(kBatchRows * n_links);
  if (batch.dates.size() < kBatchRows * n_dates) batch.dates.resize(kBatchRows * n_dates);
  // Converts one row into the batch, or says why not (then it does not
  // count). The common spellings take a fast path here; everything else,
  // and every error, goes through AttributeConverter::convert, so the
  // checks and messages do not depend on the path a value takes.
  auto take = [&](const CsvRow& row, FieldError& err) {
    const std::string_view id = row.fields[id_index_];
    if (missing_(id)) {
      err = field_error(id_index_, "value.required", "the record id is missing");
      return false;
    }
    std::uint8_t* const present = batch.present.data() + batch.size() * n;
    std::int64_t* const values = batch.values.data() + batch.size() * n;
    for (std::size_t i = 0; i < n; ++i) {
      const AttributeConverter& a = attrs_[i];
      const std::string_view text = row.fields[a.field()];
      if (missing_(text)) {
        present[i] = RecordBatch::kAbsent;
        values[i] = 0;
        continue;
      }
      present[i] = RecordBatch::kPresent;
      switch (a.spec().type) {
        case AttributeType::kString: {
          if (std::uint32_t code; codes_[i].find(text, code)) {
            present[i] = RecordBatch::kCode;
            values[i] = code;
          } else {
            const RecordBatch::Text t = batch.keep(text);
            values[i] = static_cast<std::int64_t>(t.offset) << 32 | t.size;
          }
          continue;
        }
        case AttributeType::kInt64: {
          const char* end = text.data() + text.size();
          if (auto [p, ec] = std::from_chars(text.data(), end, values[i]); ec == std::errc() && p == end) continue;
          break;  // a leading '+', or not an integer
        }
        case AttributeType::kBool:
          if (a.plain_bool() && text.size() == 1 && (text[0] == '0' || text[0] == '1')) {
            values[i] = text[0] - '0';
            continue;
          }
          break;
        case AttributeType::kTimestamp:
          if (a.iso()) {
            if (auto micros = parse_iso8601_fast(text)) {
              values[i] = *micros;
              continue;
            }
          }
          break;
        case AttributeType::kDouble: break;
      }
      Value v;
      if (!a.convert(text, missing_, v, err)) return false;
      values[i] = a.spec().type == AttributeType::kDouble ? std::bit_cast<std::int64_t>(v.d) : v.i;
    }
    std::int64_t* const times = batch.dates.data() + batch.size() * n_dates;
    for (std::size_t k = 0; k < n_dates; ++k) {
      const std::string_view text = row.fields[date_fields_[k]];
      times[k] = kNoTime;
      if (missing_(text)) continue;
      if (!parse_time(text, in_.spec->stage_dates[k].format, date_iso_[k] != 0, times[k], why_)) {
        err = field_error(date_fields_[k], "value.timestamp", why_);
        return false;
      }
    }
    RecordBatch::Text* const links = batch.links.data() + batch.size() * n_links;
    for (std::size_t k = 0; k < n_links; ++k) {
      const std::string_view link = row.fields[link_fields_[k]];
      links[k] = missing_(link) || link == id ? RecordBatch::kNoLink : batch.keep(link);
    }
    RecordBatch::Row r;
    r.probe = RecordIds::probe(id);
    r.id = batch.keep(id);
    r.line = row.line;
    batch.rows.push_back(r);
    return true;
  };

  // After each row: the estimate, and whether the batch has room for more.
  auto go_on = [&] {
    ++batch.rows_read;
    if (++rows_ == kSampleRows - 1) batch.estimated_rows = LoadContext::estimate_rows(in_, rows_);
    return !batch.last && batch.size() < kBatchRows && batch.errors.size() < kBatchRows &&
           batch.arena.size() < kBatchMaxBytes;
  };
  FieldError field;
  CsvError csv_error;
  const CsvReader::Stop stop = reader.read_rows(
      row_, csv_error,
      [&](const CsvRow& row) {
        if (!take(row, field)) {
          error(StagedError::field_error(row, std::move(field)));
          batch.last = strict_;  // the load stops at this row: so can the reading
        }
        return go_on();
      },
      [&](const CsvRow& row, const CsvError& e) {
        error(StagedError::csv_error(row, e));
        batch.last = strict_;
        return go_on();
      });
  switch (stop) {
    case CsvReader::Stop::kEnd: batch.last = true; break;
    case CsvReader::Stop::kFatal:
      error(StagedError::fatal_error(csv_error));
      batch.last = true;
      break;
    case CsvReader::Stop::kAsked: break;
  }
  batch.bytes_consumed = reader.bytes_consumed();
}

}  // namespace modelfunnel::internal
