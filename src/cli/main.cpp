// `modelfunnel`: dispatches to the subcommands and turns every failure into
// a message on stderr and an exit code (1: the work failed, 2: the command
// line is wrong). Nothing escapes main(): a crash would lose the message.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "modelfunnel/version.hpp"

namespace modelfunnel::cli {
namespace {

constexpr const Command* kCommands[] = {&kDemoCommand,    &kGenerateCommand, &kLoadCommand,  &kMappingCommand,
                                        &kReportCommand,  &kGraphCommand,    &kQualifyCommand, &kScoreCommand,
                                        &kTierCommand,    &kPlanCommand,     &kForecastCommand,
                                        &kReengageCommand, &kDashboardCommand, &kAttributionCommand};

void print_overview(std::ostream& out) {
  out << "usage: modelfunnel <command> [options]\n"
         "\n"
         "Measure a sales funnel organised as The Model (marketing -> inside sales ->\n"
         "field sales -> customer success).\n"
         "\n"
         "commands:\n";
  for (const Command* c : kCommands) {
    out << "  " << c->name << std::string(12 - c->name.size(), ' ') << c->summary << '\n';
  }
  out << "  help        show help for a command: modelfunnel help <command>\n"
         "\n"
         "options:\n"
         "  --version   print the version\n"
         "  --help      show this help\n";
}

const Command* find_command(std::string_view name) {
  for (const Command* c : kCommands) {
    if (c->name == name) return c;
  }
  return nullptr;
}

int run(const std::vector<std::string>& args, std::string& context) {
  if (args.empty()) {
    print_overview(std::cerr);
    return 2;
  }
  const std::string& first = args[0];
  if (first == "--version" || first == "version") {
    std::cout << "modelfunnel " << MODELFUNNEL_VERSION_STRING << '\n';
    return 0;
  }
  if (first == "--help" || first == "-h") {
    print_overview(std::cout);
    return 0;
  }
  if (first == "help") {
    if (args.size() == 1) {
      print_overview(std::cout);
      return 0;
    }
    if (args.size() > 2) throw UsageError("help takes at most one command name");
    const Command* c = find_command(args[1]);
    if (c == nullptr) throw UsageError("unknown command '" + args[1] + "'");
    return print_help(*c);
  }
  const Command* c = find_command(first);
  if (c == nullptr) {
    throw UsageError(first.starts_with("-") ? "unknown option '" + first + "'"
                                            : "unknown command '" + first + "'");
  }
  context = c->name;
  return c->run(std::span<const std::string>(args).subspan(1));
}

}  // namespace

int print_help(const Command& command) {
  std::cout << command.help;
  return 0;
}

}  // namespace modelfunnel::cli

int main(int argc, char** argv) {
  using namespace modelfunnel::cli;
  std::string context;  // the command, once known: for the usage hint
  try {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    const int code = run(args, context);
    if (!std::cout.flush()) throw RuntimeError("cannot write to standard output");
    return code;
  } catch (const UsageError& e) {
    std::cerr << "modelfunnel: error: " << e.what() << '\n'
              << "Try 'modelfunnel help" << (context.empty() ? "" : " " + context) << "'.\n";
    return 2;
  } catch (const RuntimeError& e) {
    std::cerr << "modelfunnel: error: " << e.what() << '\n';
  } catch (const std::bad_alloc&) {
    std::cerr << "modelfunnel: error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "modelfunnel: error: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "modelfunnel: error: internal error\n";
  }
  return 1;
}
