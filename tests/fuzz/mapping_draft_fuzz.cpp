// libFuzzer target for the mapping draft's sniffer. The input is a file's
// bytes, arbitrary: split at the first two 0xFF bytes into up to three
// files (leads.csv, events.csv, history.csv), so that the guesses across
// files (records and events, linked ids, field history, side-table joins)
// run too.
// Whatever the bytes, draft_mapping() must neither crash nor trip a
// sanitizer, must fail only with InvalidArgument (nothing to draft), and a
// draft it returns must be a mapping that parses: comments, escaping and
// the keys it writes are all valid, whatever the header names were.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/mapping_draft.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "modelfunnel/load.hpp"
#include "modelfunnel/mapping_draft.hpp"
#include "scratch_dir.hpp"

namespace mf = modelfunnel;

namespace {

[[noreturn]] void finding(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "%s\ninput:\n%.*s\n", what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

const std::filesystem::path& scratch() { return mf_fuzz::scratch_dir("mf_draft_fuzz_"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  std::vector<std::string_view> parts;
  std::string_view rest = input;
  for (std::size_t split; parts.size() < 2 && (split = rest.find('\xFF')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, split));
    rest.remove_prefix(split + 1);
  }
  parts.push_back(rest);
  static const char* const kNames[] = {"leads.csv", "events.csv", "history.csv"};
  std::vector<std::filesystem::path> files;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    files.push_back(scratch() / kNames[i]);
    std::ofstream(files.back(), std::ios::binary | std::ios::trunc) << parts[i];
  }
  mf::DraftOptions options;
  options.max_rows = 200;
  options.max_bytes = 4096;
  options.base_dir = scratch();
  const absl::StatusOr<mf::MappingDraft> draft = mf::draft_mapping(files, options);
  if (!draft.ok()) {
    if (draft.status().code() != absl::StatusCode::kInvalidArgument) {
      finding("draft_mapping failed with " + draft.status().ToString(), input);
    }
    return 0;
  }
  if (draft->tables.size() != files.size()) finding("not one table guess per file", input);
  const absl::StatusOr<mf::Mapping> mapping = mf::Mapping::from_json(draft->text, scratch());
  if (!mapping.ok()) finding("the draft does not parse as a mapping: " + mapping.status().ToString() + "\n" + draft->text, input);
  return 0;
}
