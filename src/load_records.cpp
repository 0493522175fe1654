// The records table: one row per record, its id and typed attributes.
//
// Interning each id is a cache miss into a table of millions of ids, so
// rows are held back in small batches: when a batch is flushed, the slots
// of all its ids are prefetched in one tight loop, then the ids are
// interned and the rows committed. Prefetching each slot as its row was
// converted (as this file once did) cost about a full miss per row at 10M
// records (perf: most of the loop's time on the prefetch instruction): on
// the benchmark VM a prefetch that misses the TLB holds up the core until
// its page walk is done, and with hundreds of instructions of parsing
// between two rows' prefetches the walks never overlapped. Issued back to
// back they overlap; at 10M this took ~0.9 s of CPU off the records table.
// Held rows are not committed yet, so rows stay atomic and errors stay in
// reading order (for_each_row flushes the batch before rejecting a row).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "internal/load_context.hpp"

namespace modelfunnel::internal {
namespace {

// Rows read before the file size is trusted to predict the row count.
constexpr std::size_t kSampleRows = 1024;

// Reserves the columns for @p rows records, and has their pages faulted in
// on another thread while this one fills them.
void reserve_records(LoadContext& ctx, const std::vector<AttributeConverter>& attrs,
                     std::size_t rows) {
  DataSetImpl& data = ctx.data;
  data.record_ids.reserve(rows);
  std::vector<PageRange> ranges = data.record_ids.buffers();
  for (const AttributeConverter& a : attrs) {
    Column& c = data.columns[a.column()];
    if (c.type == AttributeType::kString) {
      reserve_huge(c.codes, rows);
      ranges.push_back(range_of(c.codes));
    } else {
      reserve_huge(c.present, rows);
      ranges.push_back(range_of(c.present));
      if (c.type == AttributeType::kDouble) {
        reserve_huge(c.doubles, rows);
        ranges.push_back(range_of(c.doubles));
      } else if (c.type == AttributeType::kBool) {
        reserve_huge(c.bools, rows);
        ranges.push_back(range_of(c.bools));
      } else {
        reserve_huge(c.ints, rows);
        ranges.push_back(range_of(c.ints));
      }
    }
  }
  ctx.prefault(std::move(ranges));
}

// Rows held back before their ids are interned: enough that one batch's
// slot misses overlap, few enough that the held bytes stay in L1.
constexpr std::size_t kBatchRows = 16;

// Converted rows of the records table waiting for their ids to be interned.
// A row is committed (or found a duplicate) only when its batch is flushed,
// so its strings are copied here: the CSV row is gone by then.
class RecordBatch {
 public:
  RecordBatch(LoadContext& ctx, const TableInput& in, const std::vector<AttributeConverter>& attrs,
              std::size_t id_field)
      : ctx_(ctx), in_(in), attrs_(attrs), id_field_(id_field), by_column_(ctx.data.columns.size(), kNone) {
    for (std::size_t i = 0; i < attrs.size(); ++i) by_column_[attrs[i].column()] = i;
    rows_.reserve(kBatchRows);
    values_.reserve(kBatchRows * attrs.size());
    texts_.reserve(kBatchRows * attrs.size());
  }

  /// Holds a converted row; @p values are its attributes, in attrs order.
  void hold(std::string_view id, const CsvRow& row, const std::vector<Value>& values) {
    Held h;
    h.probe = RecordIds::probe(id);
    h.id = keep(id);
    h.raw = keep(row.raw);
    h.line = row.line;
    rows_.push_back(h);
    for (const Value& v : values) {
      values_.push_back(v);
      texts_.push_back(v.present && !v.s.empty() ? keep(v.s) : Text{});
    }
  }

  /// Interns the held rows' ids and commits them (only when the batch is
  /// full unless @p all); a repeated id is rejected as key.duplicate.
  absl::Status flush(bool all) {
    if (rows_.size() < (all ? 1 : kBatchRows)) return absl::OkStatus();
    const RecordIds& ids = ctx_.data.record_ids;
    for (const Held& h : rows_) ids.prefetch(h.probe);  // back to back: see the top
    absl::Status status;
    const std::size_t n_attrs = attrs_.size();
    for (std::size_t k = 0; k < rows_.size() && status.ok(); ++k) {
      const Held& h = rows_[k];
      const std::string_view id = text(h.id);
      const auto [r, added] = ctx_.data.record_ids.insert(id, h.probe);
      if (!added) {
        status = ctx_.reject(in_, h.line, text(h.raw),
                             field_error(id_field_, "key.duplicate",
                                         "record id '" + std::string(id) + "' already appeared in an earlier row"));
        continue;
      }
      // Appends the new record's value to every column in one pass (the
      // other tables' columns get a missing value, as DataSetImpl::record).
      for (std::size_t c = 0; c < by_column_.size(); ++c) {
        Column& column = ctx_.data.columns[c];
        if (by_column_[c] == kNone) {
          column.push_missing();
          continue;
        }
        const std::size_t i = k * n_attrs + by_column_[c];
        Value& v = values_[i];
        if (v.present && !v.s.empty()) v.s = text(texts_[i]);
        append(column, v);
      }
    }
    rows_.clear();
    values_.clear();
    texts_.clear();
    arena_.clear();
    return status;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct Text {
    std::uint32_t offset = 0, size = 0;
  };
  struct Held {
    RecordIds::Probe probe;
    Text id, raw;
    std::int64_t line = 0;
  };

  static void append(Column& c, const Value& v) {
    if (!v.present) {
      c.push_missing();
      return;
    }
    switch (c.type) {
      case AttributeType::kString: c.codes.push_back(c.dictionary.intern(v.s)); return;
      case AttributeType::kDouble: c.doubles.push_back(v.d); break;
      case AttributeType::kBool: c.bools.push_back(v.i != 0); break;
      default: c.ints.push_back(v.i); break;
    }
    c.present.push_back(1);
  }

  Text keep(std::string_view s) {
    const Text t{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(s.size())};
    arena_.append(s);
    return t;
  }
  std::string_view text(Text t) const { return {arena_.data() + t.offset, t.size}; }

  LoadContext& ctx_;
  const TableInput& in_;
  const std::vector<AttributeConverter>& attrs_;
  std::size_t id_field_;
  std::vector<std::size_t> by_column_;  // data set column -> index in attrs_, or kNone
  std::vector<Held> rows_;
  std::vector<Value> values_;  // attrs_.size() per held row
  std::vector<Text> texts_;    // the string of each of values_, in arena_
  std::string arena_;
};

}  // namespace

absl::Status load_records(LoadContext& ctx, TableInput& in) {
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  const MissingTokens missing(in.spec->missing);
  const std::size_t id_index = in.index(in.spec->id_column);
  std::vector<Value> values(attrs->size());
  RecordBatch batch(ctx, in, *attrs, id_index);
  std::size_t rows = 0;

  auto convert = [&](const CsvRow& row, FieldError& err) {
    if (++rows == kSampleRows) {
      reserve_records(ctx, *attrs, LoadContext::estimate_rows(in, rows));
    }
    const std::string_view id = row.fields[id_index];
    if (missing(id)) {
      err = field_error(id_index, "value.required", "the record id is missing");
      return false;
    }
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    batch.hold(id, row, values);
    return true;
  };
  return for_each_row(ctx, in, convert, [&](bool all) { return batch.flush(all); });
}

}  // namespace modelfunnel::internal
