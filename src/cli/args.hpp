// A tiny command-line parser for the subcommands, and the two error kinds
// the tool reports.
//
// Options are GNU-style long flags: `--name value` or `--name=value`, and
// value-less switches such as `--help`; `--` ends the options. Whatever is
// wrong (an unknown flag, a missing value, a bad number) becomes a
// UsageError whose message names the flag, which main() turns into exit
// code 2.
//
//   Args args(argv_tail, {.valued = {"leads", "seed"}, .switches = {"help"}});
//   std::uint64_t leads = args.number("leads", 20'000, 1, 100'000'000);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelfunnel::cli {

/// The command line is wrong: exit code 2, with a hint to read the help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The command could not do its work (missing file, bad data): exit code 1.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The flags one command accepts (names without the leading `--`).
struct ArgSpec {
  std::vector<std::string_view> valued = {};    ///< Flags that take a value.
  std::vector<std::string_view> switches = {};  ///< Flags without a value (`help` is always accepted).
  bool positionals = false;                ///< Whether plain arguments are allowed.
};

/// Parsed arguments of one command. Every flag may be given at most once.
class Args {
 public:
  /// Parses @p args (the words after the command name). Throws UsageError.
  Args(std::span<const std::string> args, const ArgSpec& spec);

  /// The value of flag @p name, if given.
  std::optional<std::string> value(std::string_view name) const;
  /// Whether switch @p name was given.
  bool has(std::string_view name) const;
  /// Plain arguments, in order.
  const std::vector<std::string>& positionals() const { return positionals_; }

  /// The value of flag @p name as a whole number in [@p min, @p max], or
  /// @p fallback when absent. Throws UsageError naming the flag.
  std::uint64_t number(std::string_view name, std::uint64_t fallback, std::uint64_t min,
                       std::uint64_t max) const;

  /// The value of flag @p name, which must be one of @p choices, or
  /// @p fallback when absent. Throws UsageError listing the choices.
  std::string choice(std::string_view name, std::string_view fallback,
                     std::span<const std::string_view> choices) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> switches_;
  std::vector<std::string> positionals_;
};

/// The `--threads N` flag of the commands that compute (`load`, `report`,
/// `demo`): how many threads the library may use; 0 or absent means as many
/// as the hardware has. Throws UsageError.
unsigned threads_flag(const Args& args);

}  // namespace modelfunnel::cli
