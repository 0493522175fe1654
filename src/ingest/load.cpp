// load(): opens every file of a mapping, checks their headers, runs the
// table loaders in order (records, events or wide, side tables), reserves
// memory ahead as they learn their sizes (ReserveAhead), then freezes the
// data set and writes the rejects file.
//
// All files are opened and their headers checked before any row is read, so
// a wrong path or a renamed column fails in milliseconds, not after the big
// events file has been parsed.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/load_context.hpp"
#include "ingest/pipeline/event_staging.hpp"
#include "util/csv_quote.hpp"
#include "util/huge_pages.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using internal::csv_field;
using internal::PageRange;

using internal::TableInput;
using internal::TableKind;
using internal::TableSpec;

// Every header column the mapping names for @p t.
std::vector<std::string> named_columns(const TableSpec& t) {
  std::vector<std::string> cols = {t.id_column};
  if (t.stage && !t.stage->constant) cols.push_back(t.stage->column);
  if (!t.time_column.empty()) cols.push_back(t.time_column);
  if (t.close_date) cols.push_back(t.close_date->column);
  for (const std::string& l : t.links) cols.push_back(l);
  if (t.history) {
    cols.push_back(t.history->field_column);
    cols.push_back(t.history->new_column);
    if (!t.history->old_column.empty()) cols.push_back(t.history->old_column);
  }
  for (const auto* c : {&t.touch.campaign, &t.touch.channel, &t.touch.interaction, &t.touch.cost,
                        &t.touch.utm_source, &t.touch.utm_medium, &t.touch.utm_campaign,
                        &t.campaign.name, &t.campaign.type, &t.campaign.cost}) {
    if (*c) cols.push_back(**c);
  }
  if (t.campaign.start) cols.push_back(t.campaign.start->column);
  if (t.amount) cols.push_back(t.amount->column);
  if (t.reason_column) cols.push_back(*t.reason_column);
  if (t.actor_column) cols.push_back(*t.actor_column);
  for (const auto& d : t.stage_dates) cols.push_back(d.column);
  for (const auto& a : t.attributes) cols.push_back(a.column);
  return cols;
}

absl::Status check_header(const TableInput& in) {
  for (const std::string& c : named_columns(*in.spec)) {
    if (in.reader->column_index(c)) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        in.reader->name(), ": table '", in.spec->name, "': mapping.missing_column: column '", c,
        "' is not in the header (", absl::StrJoin(in.reader->header(), ","), ")"));
  }
  return absl::OkStatus();
}

// The whole text is made before the file is opened, so that running out of
// memory on the way leaves whatever file was there as it was.
absl::Status write_rejects(const std::filesystem::path& path, const LoadReport& report,
                           const std::vector<std::string>& raw_rows) {
  std::string text = "file,line,column,field,rule,message,raw_row\n";
  for (std::size_t i = 0; i < report.rejected.size(); ++i) {
    const RowError& e = report.rejected[i];
    absl::StrAppend(&text, csv_field(e.file), ",", e.line, ",", e.column, ",", csv_field(e.field), ",",
                    csv_field(e.rule), ",", csv_field(e.message), ",", csv_field(raw_rows[i]), "\n");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat(path.string(), ": cannot be written"));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat(path.string(), ": write failed"));
  return absl::OkStatus();
}

}  // namespace

// What is reserved ahead, and when. Each table's own columns are reserved
// once its first rows give an estimate of its size, and faulted in on
// another thread while this one fills them. The events table converting
// ahead (on a thread of its own, while the records table loads) also has
// its columns and the sort's scratch reserved and faulted in during the
// records table, while a big records table leaves a core idle (the
// converter runs only so far ahead); otherwise those faults come as the
// events are committed and at the sort, when every core is busy. Not when
// the converter can hold most of the file: then it needs that core all
// along, and faulting pages in beside it slows the load.

void internal::ReserveAhead::records_expected(std::size_t rows, std::size_t id_bytes,
                                              const std::vector<std::size_t>& columns) {
  records_ = rows;
  ctx_.prefault(ctx_.data.reserve_records(rows, id_bytes, columns));
}

void internal::ReserveAhead::records_progress() {
  if (events_ahead_ == nullptr || events_ahead_reserved_ || records_ == 0) return;
  const std::size_t events = events_ahead_->estimated_rows();
  if (events == 0) return;  // not yet known: ask again after the next batch
  events_ahead_reserved_ = true;
  if (events < 2 * events_ahead_->rows_ahead()) return;
  std::vector<PageRange> ranges = ctx_.data.reserve_events(events);
  for (const PageRange& r : ctx_.data.reserve_sort(events, records_)) ranges.push_back(r);
  ctx_.prefault(std::move(ranges));
}

void internal::ReserveAhead::events_expected(const TableInput& in, std::size_t rows) {
  std::vector<PageRange> ranges = ctx_.data.reserve_events(ctx_.data.event_count() + rows);
  // Records created here: guess a few events per record rather than
  // regrow the id store from nothing (it still grows if needed).
  if (in.spec->create_unknown_records) ctx_.data.reserve_record_ids(ctx_.data.record_count() + rows / 4);
  ctx_.prefault(std::move(ranges));
}

namespace {

absl::StatusOr<LoadResult> load_all(const Mapping::Impl& mapping, const LoadOptions& options) {
  std::vector<TableInput> inputs;
  std::uint64_t total = 0;
  for (const TableSpec& t : mapping.tables) {
    auto reader = internal::CsvReader::open(t.file);
    if (!reader.ok()) {
      return absl::Status(reader.status().code(),
                          absl::StrCat("table '", t.name, "': ", reader.status().message()));
    }
    TableInput in;
    in.spec = &t;
    in.reader = *std::move(reader);
    in.report_index = inputs.size();
    if (absl::Status s = check_header(in); !s.ok()) return s;
    total += in.reader->total_bytes();
    inputs.push_back(std::move(in));
  }

  internal::LoadContext ctx(mapping, options, total);
  // The first events table that other tables precede starts converting
  // now, on a thread of its own, while those load (ingest/pipeline/event_staging.hpp).
  // Declared after ctx and inputs: destroyed (stopped) before them.
  std::unique_ptr<internal::EventConversion> early;
  for (std::size_t i = 1; i < inputs.size() && ctx.threads >= 2; ++i) {
    if (inputs[i].spec->kind != TableKind::kEvents) continue;
    early = std::make_unique<internal::EventConversion>(
        ctx, inputs[i], internal::EventConversion::kAheadChunks, /*on_thread=*/true);
    if (!early->on_thread()) {  // none to be had: the table converts when it is loaded
      early.reset();
      break;
    }
    inputs[i].conversion = early.get();
    ctx.ahead.set_events_ahead(early.get());
    break;
  }
  for (TableInput& in : inputs) {
    FileReport f;
    f.table = in.spec->name;
    f.file = in.reader->name();
    f.bytes = in.reader->total_bytes();
    ctx.report.files.push_back(std::move(f));
  }
  for (TableInput& in : inputs) {
    absl::Status s;
    switch (in.spec->kind) {
      case TableKind::kRecords: s = internal::load_records(ctx, in); break;
      case TableKind::kEvents: s = internal::load_events(ctx, in); break;
      case TableKind::kWide: s = internal::load_wide(ctx, in); break;
      case TableKind::kSide: s = internal::load_side(ctx, in); break;
      case TableKind::kHistory: s = internal::load_history(ctx, in); break;
      case TableKind::kTouches: s = internal::load_touches(ctx, in); break;
      case TableKind::kCampaigns: s = internal::load_campaigns(ctx, in); break;
    }
    if (in.conversion != nullptr) {  // done with the file: stop its thread first
      in.conversion = nullptr;
      ctx.ahead.set_events_ahead(nullptr);
      early.reset();
    }
    // The events staging chunks are freed now; without this they would stay
    // in the process through the sort, the peak of a load (ingest/pipeline/event_staging.hpp).
    if (in.spec->kind == TableKind::kEvents) internal::release_free_memory();
    if (!s.ok()) return s;
    in.reader.reset();  // frees its buffer before the next file is read
  }

  internal::apply_field_updates(ctx);
  auto data = internal::DataSetAccess::finish(std::move(ctx.builder), ctx.threads);
  if (!data.ok()) return data.status();
  ctx.report.findings = internal::find_quality_issues(*data, mapping.graph);
  if (options.policy == ErrorPolicy::kSkip && options.rejects_path) {
    if (absl::Status s = write_rejects(*options.rejects_path, ctx.report, ctx.rejected_raw); !s.ok()) {
      return s;
    }
  }
  return LoadResult{*std::move(data), std::move(ctx.report)};
}

}  // namespace

absl::StatusOr<LoadResult> load(const Mapping& mapping, const LoadOptions& options) {
  // The loaders allocate freely; running out of memory on a huge file must
  // come back as a status, like every other failure. So must an exception
  // from a helper thread (each hands its own to this one) or from the
  // progress callback. Nothing is returned or written before the end.
  return internal::no_throw("load", [&] { return load_all(*mapping.impl_, options); });
}

}  // namespace modelfunnel
