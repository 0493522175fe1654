// The subcommands of `modelfunnel`, one file each (cmd_<name>.cpp); main.cpp
// dispatches to them by name and prints their help.
//
// A command's run() gets the words after its name, prints its results to
// stdout and returns the exit code; it reports problems by throwing
// UsageError (exit 2) or RuntimeError (exit 1) from args.hpp.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace modelfunnel::cli {

struct Command {
  std::string_view name;
  std::string_view summary;  ///< One line for the command list.
  std::string_view help;     ///< Full help: usage line, description, flags.
  int (*run)(std::span<const std::string> args);
};

extern const Command kDemoCommand;
extern const Command kGenerateCommand;
extern const Command kLoadCommand;
extern const Command kMappingCommand;
extern const Command kGraphCommand;
extern const Command kReportCommand;
extern const Command kQualifyCommand;
extern const Command kScoreCommand;
extern const Command kTierCommand;
extern const Command kPlanCommand;
extern const Command kForecastCommand;
extern const Command kReengageCommand;
extern const Command kDashboardCommand;
extern const Command kAttributionCommand;

/// Prints @p command's help to stdout; returns 0 (for `--help`).
int print_help(const Command& command);

}  // namespace modelfunnel::cli
