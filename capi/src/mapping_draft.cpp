// mapping_draft.cpp — mf_mapping_draft(): the C++ draft_mapping() for C.
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

#define MF_EXPERIMENTAL
#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/mapping_draft.hpp"
#include "modelfunnel/modelfunnel.h"
#include "options.hpp"

namespace mf = modelfunnel;
using mf::capi::arg;
using mf::capi::ArgumentError;
using mf::capi::guard;
using mf::capi::in_str;
using mf::capi::init_options;
using mf::capi::read_options;
using mf::capi::unwrap;

namespace {

constexpr mf_mapping_draft_options kDraftDefaults = MF_MAPPING_DRAFT_OPTIONS_INIT;
constexpr std::size_t kDraftOptionsSizes[] = {sizeof(mf_mapping_draft_options)};  // version 1
static_assert(std::size(kDraftOptionsSizes) == MF_MAPPING_DRAFT_OPTIONS_VERSION);

}  // namespace

extern "C" {

int mf_mapping_draft_options_init(mf_mapping_draft_options* opts, uint32_t version) {
  return guard("mf_mapping_draft_options_init", [&] {
    init_options(opts, version, kDraftDefaults, kDraftOptionsSizes, "mf_mapping_draft_options");
  });
}

int mf_mapping_draft(mf_text** out, const mf_str* paths, size_t path_count, const mf_mapping_draft_options* opts) {
  return guard("mf_mapping_draft", [&] {
    auto& text = arg(out, "out");
    if (path_count == 0) throw ArgumentError(MF_EINVAL, "no paths (path_count is 0)");
    if (paths == nullptr) throw ArgumentError(MF_EINVAL, "paths is NULL");
    const mf_mapping_draft_options o =
        read_options(opts, kDraftDefaults, kDraftOptionsSizes, "mf_mapping_draft_options");
    if (o.max_rows == 0 || o.max_bytes == 0) {
      throw ArgumentError(MF_EINVAL, "opts->max_rows and opts->max_bytes must be at least 1");
    }
    std::vector<std::filesystem::path> files;
    files.reserve(path_count);
    for (std::size_t i = 0; i < path_count; ++i) files.emplace_back(in_str(paths[i].data, paths[i].size, "paths[i]"));
    mf::DraftOptions options;
    options.max_rows = static_cast<std::size_t>(o.max_rows);
    options.max_bytes = static_cast<std::size_t>(o.max_bytes);
    options.base_dir = std::filesystem::path(in_str(o.base_dir, o.base_dir_len, "opts->base_dir"));
    mf::MappingDraft draft = unwrap(mf::draft_mapping(files, options), MF_EDATA);
    text = new mf_text{std::move(draft.text)};
  });
}

}  // extern "C"
