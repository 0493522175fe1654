// A fuzz target's scratch folder for the files it writes each run: one per
// process, removed when the process exits normally (libFuzzer ends a timed
// run with exit()), so that CI's runs leave no folders behind in /tmp. A
// crash leaves it, beside the artifact libFuzzer saves.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace mf_fuzz {

inline const std::filesystem::path& scratch_dir(std::string_view prefix) {
  static const std::filesystem::path dir = [&] {
    auto d = std::filesystem::temp_directory_path() / (std::string(prefix) + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir({}), ec);
    });
    return d;
  }();
  return dir;
}

}  // namespace mf_fuzz
