// The records table: one row per record, its id and typed attributes.
#include <cstddef>
#include <string>
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
      } else {
        reserve_huge(c.ints, rows);
        ranges.push_back(range_of(c.ints));
      }
    }
  }
  ctx.prefault(std::move(ranges));
}

}  // namespace

absl::Status load_records(LoadContext& ctx, TableInput& in) {
  auto attrs = declare_attributes(ctx, in);
  if (!attrs.ok()) return attrs.status();
  const MissingTokens missing(in.spec->missing);
  const std::size_t id_index = in.index(in.spec->id_column);
  std::vector<Value> values(attrs->size());
  std::size_t rows = 0;

  return for_each_row(ctx, in, [&](const CsvRow& row, FieldError& err) {
    if (++rows == kSampleRows) {
      reserve_records(ctx, *attrs, LoadContext::estimate_rows(in, rows));
    }
    const std::string_view id = row.fields[id_index];
    if (missing(id)) {
      err = field_error(id_index, "value.required", "the record id is missing");
      return false;
    }
    // The id's slot is a cache miss in a table of a million ids: start
    // loading it now, and convert the attributes while it arrives.
    const RecordIds::Probe probe = RecordIds::probe(id);
    ctx.data.record_ids.prefetch(probe);
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      const AttributeConverter& a = (*attrs)[i];
      if (!a.convert(row.fields[a.field()], missing, values[i], err)) return false;
    }
    // Last check before committing: a new id is added here, a repeated one
    // leaves the data set as it was.
    const auto [r, added] = ctx.data.record(id, probe);
    if (!added) {
      err = field_error(id_index, "key.duplicate",
                        "record id '" + std::string(id) + "' already appeared in an earlier row");
      return false;
    }
    for (std::size_t i = 0; i < attrs->size(); ++i) {
      AttributeConverter::store(ctx.data.columns[(*attrs)[i].column()], r, values[i]);
    }
    return true;
  });
}

}  // namespace modelfunnel::internal
