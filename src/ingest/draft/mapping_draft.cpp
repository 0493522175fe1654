// draft_mapping(): reads the prefix of each file, guesses, writes the draft.
// See include/modelfunnel/mapping_draft.hpp and docs/mapping.md ("Drafting
// a mapping").
#include "modelfunnel/mapping_draft.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ingest/draft/draft_text.hpp"
#include "ingest/draft/file_sample.hpp"
#include "ingest/draft/table_guess.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

// The path a mapping saved in @p base_dir names @p file by: relative to it
// when both are on the same root, else absolute.
std::string path_in_mapping(const std::filesystem::path& file, const std::filesystem::path& base_dir) {
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::absolute(base_dir.empty() ? "." : base_dir, ec);
  const std::filesystem::path abs = std::filesystem::absolute(file, ec);
  if (ec) return file.generic_string();
  const std::filesystem::path rel = abs.lexically_normal().lexically_relative(base.lexically_normal());
  return rel.empty() ? abs.lexically_normal().generic_string() : rel.generic_string();
}

}  // namespace

absl::StatusOr<MappingDraft> draft_mapping(std::span<const std::filesystem::path> files,
                                           const DraftOptions& options) {
  return internal::no_throw("draft_mapping", [&]() -> absl::StatusOr<MappingDraft> {
    if (files.empty()) return absl::InvalidArgumentError("draft_mapping: no files to draft a mapping from");
    if (options.max_rows == 0 || options.max_bytes == 0) {
      return absl::InvalidArgumentError("draft_mapping: max_rows and max_bytes must be at least 1");
    }
    std::vector<internal::draft::TableGuess> tables;
    for (const std::filesystem::path& file : files) {
      absl::StatusOr<internal::draft::FileSample> sample =
          internal::draft::read_sample(file, options.max_rows, options.max_bytes);
      if (!sample.ok()) return sample.status();
      tables.push_back(internal::draft::guess_file(*std::move(sample), path_in_mapping(file, options.base_dir)));
    }
    internal::draft::guess_mapping(tables);
    std::string why_none;
    bool any = false;
    for (const auto& t : tables) {
      if (t.table.kind != "none") {
        any = true;
      } else {
        absl::StrAppend(&why_none, why_none.empty() ? "" : "; ", t.table.file, ": ",
                        t.table.notes.empty() ? "nothing to draft" : t.table.notes.front());
      }
    }
    if (!any) {
      return absl::InvalidArgumentError(absl::StrCat("no file gives a table to draft: ", why_none));
    }
    MappingDraft draft;
    draft.text = internal::draft::write_mapping(tables, options);
    for (auto& t : tables) draft.tables.push_back(std::move(t.table));
    return draft;
  });
}

}  // namespace modelfunnel
