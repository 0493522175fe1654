// generate.cpp — mf_generate_options and the synthetic data generator.
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <memory>
#include <utility>

#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/generate.hpp"
#include "options.hpp"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

constexpr mf_generate_options kGenerateDefaults = MF_GENERATE_OPTIONS_INIT;
// Version 1, then version 2 added `accounts` at the end.
constexpr std::size_t kGenerateOptionsSizes[] = {offsetof(mf_generate_options, accounts), sizeof(mf_generate_options)};
static_assert(std::size(kGenerateOptionsSizes) == MF_GENERATE_OPTIONS_VERSION);

// Ranges (at least one lead, one day, years 0001 to 7999) are the C++
// generator's to check: it reports them as InvalidArgument, here MF_EINVAL.
mf::GenerateOptions generate_options_arg(const mf_generate_options* opts) {
  const mf_generate_options o =
      read_options(opts, kGenerateDefaults, kGenerateOptionsSizes, "mf_generate_options");
  mf::GenerateOptions options;
  options.leads = o.leads;
  options.seed = o.seed;
  options.start = mf::Timestamp::from_micros(o.start);
  options.span_days = o.span_days;
  options.accounts = o.accounts;
  return options;
}

}  // namespace

extern "C" {

int mf_generate_options_init(mf_generate_options* opts, uint32_t version) {
  return guard("mf_generate_options_init", [&] {
    init_options(opts, version, kGenerateDefaults, kGenerateOptionsSizes,
                 "mf_generate_options");
  });
}

int mf_dataset_generate(mf_dataset** out, const mf_generate_options* opts) {
  return guard("mf_dataset_generate", [&] {
    arg(out, "out");
    const mf::GenerateOptions options = generate_options_arg(opts);
    auto data = std::make_unique<mf_dataset>(
        mf_dataset{unwrap(mf::generate_dataset(options), MF_EINVAL)});
    *out = data.release();
  });
}

int mf_generate_csv(const mf_generate_options* opts, const char* dir, size_t dir_len) {
  return guard("mf_generate_csv", [&] {
    const mf::GenerateOptions options = generate_options_arg(opts);
    const std::filesystem::path folder(in_str(dir, dir_len, "dir"));
    if (folder.empty()) throw ArgumentError(MF_EINVAL, "dir is empty");
    check(mf::generate_csv(options, folder), MF_EINVAL);
  });
}

}  // extern "C"
