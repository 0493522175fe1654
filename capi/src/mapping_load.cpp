// mapping_load.cpp — mf_mapping, mf_load_options, mf_dataset_load() and the
// load report.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "errors.hpp"
#include "handles.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

mf_mapping::mf_mapping(mf::Mapping m) : mapping(std::move(m)) {
  tables = mapping.table_names();
  for (const std::string& table : tables) {
    files.push_back(mapping.file_of(table).value_or(std::filesystem::path()).string());
  }
  if (auto graph = mapping.graph_file()) graph_file = graph->string();
}

namespace {

constexpr mf_load_options kLoadDefaults = MF_LOAD_OPTIONS_INIT;
constexpr std::size_t kLoadOptionsSizes[] = {
    offsetof(mf_load_options, threads),  // version 1
    sizeof(mf_load_options)};            // version 2: threads
static_assert(std::size(kLoadOptionsSizes) == MF_LOAD_OPTIONS_VERSION);

const mf_mapping& mapping_arg(const mf_mapping* mapping) { return arg(mapping, "mapping"); }

const mf::LoadReport& report_arg(const mf_load_report* report) {
  return arg(report, "report").report;
}

void publish(mf_mapping** out, absl::StatusOr<mf::Mapping>&& result) {
  auto mapping = std::make_unique<mf_mapping>(unwrap(std::move(result), MF_EDATA));
  *out = mapping.release();
}

mf::LoadOptions load_options_arg(const mf_load_options* opts) {
  const mf_load_options o =
      read_options(opts, kLoadDefaults, kLoadOptionsSizes, "mf_load_options");
  mf::LoadOptions options;
  switch (o.policy) {
    case MF_POLICY_STRICT:
      options.policy = mf::ErrorPolicy::kStrict;
      break;
    case MF_POLICY_SKIP:
      options.policy = mf::ErrorPolicy::kSkip;
      break;
    default:
      throw ArgumentError(MF_EINVAL, absl::StrCat("unknown error policy ", o.policy));
  }
  const std::string_view rejects = in_str(o.rejects_path, o.rejects_path_len, "rejects_path");
  if (!rejects.empty()) options.rejects_path = std::filesystem::path(rejects);
  if (o.progress != nullptr) {
    options.progress = [fn = o.progress, user = o.progress_user](std::uint64_t done,
                                                                 std::uint64_t total) {
      fn(user, done, total);
    };
  }
  options.threads = o.threads;
  return options;
}

}  // namespace

extern "C" {

int mf_mapping_from_json(mf_mapping** out, const char* json, size_t json_len,
                         const char* base_dir, size_t base_dir_len) {
  return guard("mf_mapping_from_json", [&] {
    arg(out, "out");
    const std::string_view text = in_str(json, json_len, "json");
    const std::filesystem::path base(in_str(base_dir, base_dir_len, "base_dir"));
    publish(out, mf::Mapping::from_json(text, base));
  });
}

int mf_mapping_load_file(mf_mapping** out, const char* path, size_t path_len) {
  return guard("mf_mapping_load_file", [&] {
    arg(out, "out");
    const std::filesystem::path file(in_str(path, path_len, "path"));
    publish(out, mf::Mapping::load_file(file));
  });
}

int mf_mapping_canonical(mf_mapping** out, const char* dir, size_t dir_len) {
  return guard("mf_mapping_canonical", [&] {
    arg(out, "out");
    const std::filesystem::path folder(in_str(dir, dir_len, "dir"));
    *out = std::make_unique<mf_mapping>(mf::Mapping::canonical(folder)).release();
  });
}

int mf_mapping_with_file(mf_mapping** out, const mf_mapping* mapping, const char* table,
                         size_t table_len, const char* file, size_t file_len) {
  return guard("mf_mapping_with_file", [&] {
    arg(out, "out");
    const mf_mapping& m = mapping_arg(mapping);
    const std::string_view name = in_str(table, table_len, "table");
    const std::filesystem::path path(in_str(file, file_len, "file"));
    publish(out, m.mapping.with_file(name, path));
  });
}

size_t mf_mapping_table_count(const mf_mapping* mapping) {
  return mapping == nullptr ? 0 : mapping->tables.size();
}

int mf_mapping_table(const mf_mapping* mapping, size_t index, mf_str* name, mf_str* file) {
  return guard("mf_mapping_table", [&] {
    const mf_mapping& m = mapping_arg(mapping);
    in_index(index, m.tables.size(), "table index");
    maybe_set(name, view_of(m.tables[index]));
    maybe_set(file, view_of(m.files[index]));
  });
}

int mf_mapping_graph_file(const mf_mapping* mapping, mf_str* out) {
  return guard("mf_mapping_graph_file", [&] {
    const mf_mapping& m = mapping_arg(mapping);
    arg(out, "out") = m.graph_file ? view_of(*m.graph_file) : view_of("");
  });
}

int mf_mapping_to_json(mf_text** out, const mf_mapping* mapping) {
  return guard("mf_mapping_to_json", [&] {
    arg(out, "out");
    *out = new mf_text{mapping_arg(mapping).mapping.to_json()};
  });
}

void mf_mapping_free(mf_mapping* mapping) { delete mapping; }

int mf_load_options_init(mf_load_options* opts, uint32_t version) {
  return guard("mf_load_options_init", [&] {
    init_options(opts, version, kLoadDefaults, kLoadOptionsSizes, "mf_load_options");
  });
}

int mf_dataset_load(mf_dataset** out, mf_load_report** report, const mf_mapping* mapping,
                    const mf_load_options* opts) {
  return guard("mf_dataset_load", [&] {
    arg(out, "out");
    const mf_mapping& m = mapping_arg(mapping);
    const mf::LoadOptions options = load_options_arg(opts);
    mf::LoadResult loaded = unwrap(mf::load(m.mapping, options), MF_EDATA);
    auto data = std::make_unique<mf_dataset>(mf_dataset{std::move(loaded.data)});
    std::unique_ptr<mf_load_report> counts;
    if (report != nullptr) {
      counts = std::make_unique<mf_load_report>(mf_load_report{std::move(loaded.report)});
    }
    *out = data.release();
    if (report != nullptr) *report = counts.release();
  });
}

size_t mf_load_report_file_count(const mf_load_report* report) {
  return report == nullptr ? 0 : report->report.files.size();
}

int mf_load_report_file(const mf_load_report* report, size_t index, mf_str* table,
                        mf_str* file, uint64_t* bytes, uint64_t* rows, uint64_t* rejected,
                        uint64_t* unmatched_keys, uint64_t* empty_keys) {
  return guard("mf_load_report_file", [&] {
    const auto& files = report_arg(report).files;
    const mf::FileReport& f = files[in_index(index, files.size(), "file index")];
    maybe_set(table, view_of(f.table));
    maybe_set(file, view_of(f.file));
    maybe_set(bytes, f.bytes);
    maybe_set(rows, f.rows);
    maybe_set(rejected, f.rejected);
    maybe_set(unmatched_keys, f.unmatched_keys);
    maybe_set(empty_keys, f.empty_keys);
  });
}

size_t mf_load_report_rejected_count(const mf_load_report* report) {
  return report == nullptr ? 0 : report->report.rejected.size();
}

int mf_load_report_rejected(const mf_load_report* report, size_t index, mf_str* file,
                            int64_t* line, int64_t* column, mf_str* field, mf_str* rule,
                            mf_str* message) {
  return guard("mf_load_report_rejected", [&] {
    const auto& rejected = report_arg(report).rejected;
    const mf::RowError& e = rejected[in_index(index, rejected.size(), "rejected row index")];
    maybe_set(file, view_of(e.file));
    maybe_set(line, e.line);
    maybe_set(column, e.column);
    maybe_set(field, view_of(e.field));
    maybe_set(rule, view_of(e.rule));
    maybe_set(message, view_of(e.message));
  });
}

void mf_load_report_free(mf_load_report* report) { delete report; }

}  // extern "C"
