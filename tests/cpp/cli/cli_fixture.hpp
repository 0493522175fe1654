// Running the `modelfunnel` tool as a separate process from tests: exit
// code, stdout and stderr, and small parsers for what it prints.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/load_fixture.hpp"

#ifdef MF_CLI_PATH

namespace mf_cli_test {

namespace fs = std::filesystem;


struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

using mf_test::TempDir;
using mf_test::read_text;

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Runs the CLI with @p args (already shell-quoted where needed), capturing
// stdout and stderr through files.
inline Run run(const std::string& args) {
  static TempDir io;
  const fs::path out = io.path() / "stdout";
  const fs::path err = io.path() / "stderr";
  const std::string command = std::string("'") + MF_CLI_PATH + "' " + args + " >'" +
                              out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// CSV blocks (separated by empty lines) as rows of fields; fields here have
// no quotes, commas or line breaks.
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::istringstream l(line);
    for (std::string f; std::getline(l, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

inline std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}


}  // namespace mf_cli_test

#endif  // MF_CLI_PATH
