// The helpers every table loader shares; see ingest/load_context.hpp.
#include "ingest/load_context.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "util/parallel.hpp"

namespace modelfunnel::internal {
namespace {

// Progress is reported about this often; every row would cost more than
// the callback is worth.
constexpr std::uint64_t kProgressStep = 4u << 20;

constexpr std::string_view kDefaultTrue[] = {"true", "1", "yes", "y", "t"};
constexpr std::string_view kDefaultFalse[] = {"false", "0", "no", "n", "f"};

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y && std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

template <class List>
bool spelled(std::string_view text, const List& list) {
  return std::any_of(std::begin(list), std::end(list),
                     [&](const auto& word) { return equals_ignore_case(text, word); });
}

// std::from_chars refuses a leading '+', which spreadsheets do write.
std::string_view drop_plus(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  return text;
}

std::string quoted(std::string_view text) { return absl::StrCat("'", std::string(text), "'"); }

}  // namespace

MissingTokens::MissingTokens(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    if (t.empty()) empty_is_missing_ = true;
    else others_.push_back(t);
  }
}

FieldError field_error(std::size_t index, std::string_view rule, std::string message) {
  return FieldError{index, rule, std::move(message)};
}

AttributeConverter::AttributeConverter(const AttributeSpec& spec, std::size_t field,
                                       std::size_t column)
    : spec_(&spec), field_(field), column_(column), iso_(spec.format.is_iso8601()) {}

bool AttributeConverter::convert(std::string_view text, const MissingTokens& missing,
                                 Value& out, FieldError& err) const {
  out = Value{};
  if (missing(text)) return true;
  switch (spec_->type) {
    case AttributeType::kString: out.s = text; break;
    case AttributeType::kInt64: {
      const std::string_view digits = drop_plus(text);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.i);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        err = field_error(field_, "value.int64",
                          quoted(text) + (ec == std::errc::result_out_of_range
                                              ? " is out of range for int64"
                                              : " is not an integer"));
        return false;
      }
      break;
    }
    case AttributeType::kDouble: {
      const std::string_view digits = drop_plus(text);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.d);
      if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(out.d)) {
        err = field_error(field_, "value.double", quoted(text) + " is not a finite number");
        return false;
      }
      break;
    }
    case AttributeType::kBool:
      if (!convert_bool(text, out)) {
        err = field_error(field_, "value.bool", quoted(text) + " is not one of the true/false spellings");
        return false;
      }
      break;
    case AttributeType::kTimestamp: {
      std::string why;
      if (!parse_time(text, spec_->format, iso_, out.i, why)) {
        err = field_error(field_, "value.timestamp", why);
        return false;
      }
      break;
    }
  }
  out.present = true;
  return true;
}

bool AttributeConverter::convert_bool(std::string_view text, Value& out) const {
  // Exports mostly write 0/1: answer those without the case-insensitive search.
  if (!spec_->true_values && !spec_->false_values && text.size() == 1 && (text[0] == '0' || text[0] == '1')) {
    out.i = text[0] - '0';
    return true;
  }
  const bool yes = spec_->true_values ? spelled(text, *spec_->true_values) : spelled(text, kDefaultTrue);
  const bool no = spec_->false_values ? spelled(text, *spec_->false_values) : spelled(text, kDefaultFalse);
  if (yes == no) return false;  // neither, or a spelling listed on both sides
  out.i = yes ? 1 : 0;
  return true;
}

StageResolver::StageResolver(const StageSpec& spec, const std::optional<StageGraph>& graph)
    : spec_(&spec), graph_(&graph) {}

StageResolver::Entry& StageResolver::add(std::string_view raw) {
  auto e = std::make_unique<Entry>();
  e->raw = std::string(raw);
  e->id = e->raw;  // raw values without an alias pass through as ids
  for (const auto& [from, to] : spec_->aliases) {
    if (from == raw) e->id = to;
  }
  e->known = !graph_->has_value() || (*graph_)->find_stage(e->id) != nullptr;
  e->index = static_cast<std::uint32_t>(entries_.size());
  by_raw_.emplace(e->raw, e.get());
  entries_.push_back(std::move(e));
  return *entries_.back();
}

StageCode StageResolver::code(Entry& e, DataSetBuilder& builder) {
  if (e.code < 0) e.code = builder.stage(e.id);
  return static_cast<StageCode>(e.code);
}

LoadContext::LoadContext(const Mapping::Impl& m, const LoadOptions& o, std::uint64_t total_bytes)
    : mapping(m), options(o), threads(resolve_threads(o.threads)), data(builder), ahead(*this),
      total_(total_bytes) {}

LoadContext::~LoadContext() {
  for (std::thread& t : prefaulters_) t.join();
}

void LoadContext::prefault(std::vector<PageRange> ranges) {
  // Only a speed-up: where no thread may or can be started, the pages fault
  // in as the columns fill.
  if (threads < 2) return;
  prefaulters_.reserve(prefaulters_.size() + 1);  // so that a started thread is always kept
  std::thread t = start_thread([ranges = std::move(ranges)]() noexcept { populate(ranges); });
  if (t.joinable()) prefaulters_.push_back(std::move(t));
}

RowError LoadContext::row_error(const TableInput& in, std::int64_t line, std::int64_t column,
                                std::string_view rule, std::string message) const {
  RowError e;
  e.file = in.reader->name();
  e.line = line;
  e.column = column;
  const auto& header = in.reader->header();
  if (column > 0 && static_cast<std::size_t>(column) <= header.size()) e.field = header[column - 1];
  e.rule = std::string(rule);
  e.message = std::move(message);
  return e;
}

absl::Status LoadContext::record(RowError e, std::string_view raw, const TableInput& in) {
  if (options.policy == ErrorPolicy::kStrict) return absl::InvalidArgumentError(e.to_string());
  report.rejected.push_back(std::move(e));
  rejected_raw.emplace_back(raw);
  ++file(in).rejected;
  return absl::OkStatus();
}

absl::Status LoadContext::reject(const TableInput& in, std::int64_t line, std::string_view raw,
                                 const FieldError& e) {
  const std::int64_t column = e.index == kWholeRow ? 0 : static_cast<std::int64_t>(e.index) + 1;
  return record(row_error(in, line, column, e.rule, e.message), raw, in);
}

absl::Status LoadContext::reject_later(const TableInput& in, std::int64_t line, const FieldError& e) {
  const std::size_t before = rejected_raw.size();
  absl::Status s = reject(in, line, std::string_view(), e);
  if (s.ok() && rejected_raw.size() > before && options.rejects_path) raw_later_.emplace_back(before, line);
  return s;
}

absl::Status LoadContext::fill_raw_rows(const TableInput& in) {
  if (raw_later_.empty()) return absl::OkStatus();
  auto reader = CsvReader::open(in.spec->file);
  if (!reader.ok()) return reader.status();
  CsvRow row;
  CsvError error;
  std::size_t next = 0;
  auto keep = [&](const CsvRow& r) {
    for (; next < raw_later_.size() && raw_later_[next].second == r.line; ++next) {
      rejected_raw[raw_later_[next].first] = std::string(r.raw);
    }
    return next < raw_later_.size();
  };
  if (next < raw_later_.size()) {
    (*reader)->read_rows(row, error, keep, [&](const CsvRow& r, const CsvError&) { return keep(r); });
  }
  raw_later_.clear();
  return absl::OkStatus();
}

absl::Status LoadContext::reject_csv(const TableInput& in, const CsvError& e, std::string_view raw) {
  return record(row_error(in, e.line, e.column, e.rule, e.message), raw, in);
}

absl::Status LoadContext::fatal(const TableInput& in, const CsvError& e) const {
  const std::string text = row_error(in, e.line, e.column, e.rule, e.message).to_string();
  return e.rule == "csv.io" ? absl::DataLossError(text) : absl::InvalidArgumentError(text);
}

void LoadContext::tick_at(std::uint64_t consumed) {
  if (!options.progress) return;
  const std::uint64_t done = done_before_ + consumed;
  if (done - last_reported_ < kProgressStep) return;
  last_reported_ = done;
  options.progress(done, total_);
}

void LoadContext::finish_file_at(std::uint64_t consumed) {
  done_before_ += consumed;
  last_reported_ = done_before_;
  if (options.progress) options.progress(done_before_, total_);
}

std::size_t LoadContext::estimate_rows(const TableInput& in, std::size_t rows_read) {
  const std::uint64_t consumed = in.reader->bytes_consumed();
  if (rows_read == 0 || consumed == 0) return 0;
  const double per_row = static_cast<double>(consumed) / static_cast<double>(rows_read);
  // A little over, so that the estimate rarely forces one last regrowth.
  return static_cast<std::size_t>(static_cast<double>(in.reader->total_bytes()) / per_row * 1.05);
}

absl::StatusOr<std::vector<AttributeConverter>> declare_attributes(LoadContext& ctx,
                                                                   const TableInput& in) {
  std::vector<AttributeConverter> out;
  for (const AttributeSpec& a : in.spec->attributes) {
    // Tables that define records may share an attribute (of one type,
    // checked by the mapping): the later one fills the same column.
    if (auto existing = ctx.data.find_column(a.name)) {
      out.emplace_back(a, in.index(a.column), *existing);
      continue;
    }
    auto column = ctx.builder.add_attribute(a.name, a.type);
    if (!column.ok()) return column.status();
    out.emplace_back(a, in.index(a.column), *column);
  }
  return out;
}

FieldError LoadContext::ambiguous_link(std::size_t field, std::string_view id) {
  return field_error(field, "ref.ambiguous_link",
                     "id '" + std::string(id) +
                         "' matches more than one record (as a record id or a linked id of each)");
}

bool LoadContext::find_record(const TableInput& in, std::size_t field, std::string_view id,
                              std::optional<std::uint32_t>& r, bool& skip, FieldError& err) const {
  return find_record(in, field, id, RecordIds::probe(id), r, skip, err);
}

bool LoadContext::find_record(const TableInput& in, std::size_t field, std::string_view id, RecordIds::Probe probe,
                              std::optional<std::uint32_t>& r, bool& skip, FieldError& err) const {
  skip = false;
  r.reset();
  std::uint32_t found = 0;
  switch (match(id, data.record_ids().find(id, probe), found)) {
    case Match::kOne: r = found; return true;
    case Match::kTwo: err = ambiguous_link(field, id); return false;
    case Match::kNone: break;
  }
  switch (in.spec->unknown_records) {
    case UnknownRecords::kCreate: return true;
    case UnknownRecords::kSkip: skip = true; return true;
    case UnknownRecords::kError: break;
  }
  err = field_error(field, "ref.unknown_record", "record '" + std::string(id) + "' is not defined by any table");
  return false;
}

bool same_value(const Column& c, RecordIndex r, const Value& v) {
  switch (c.type) {
    case AttributeType::kString: return c.dictionary[c.codes[r]] == v.s;
    case AttributeType::kDouble: return c.doubles[r] == v.d;
    case AttributeType::kBool: return (c.bools[r] != 0) == (v.i != 0);
    default: return c.ints[r] == v.i;
  }
}

bool merge_value(Column& c, RecordIndex r, const Value& v) {
  if (!v.present) return true;
  if (c.is_missing(r)) {
    AttributeConverter::store(c, r, v);
    return true;
  }
  return same_value(c, r, v);
}

}  // namespace modelfunnel::internal
