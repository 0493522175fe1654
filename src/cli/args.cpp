// Flag parsing for the subcommands; see args.hpp.
#include "args.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>


namespace modelfunnel::cli {
namespace {

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

Args::Args(std::span<const std::string> args, const ArgSpec& spec) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg == "-" || arg.empty() || arg[0] != '-') {
      if (!spec.positionals) throw UsageError("unexpected argument " + quoted(arg));
      positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "-h") {
      switches_.emplace_back("help");
      continue;
    }
    if (arg.size() < 3 || arg[1] != '-') {
      throw UsageError("unknown flag " + quoted(arg) + " (flags are spelled --name)");
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const std::string flag = "--" + name;
    const bool seen = value(name).has_value() || has(name);
    if (contains(spec.valued, name)) {
      std::string v;
      if (eq != std::string::npos) {
        v = arg.substr(eq + 1);
      } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
        // A following flag is a forgotten value, not the value; "-1" is a
        // value (and then a bad number, with a clearer message).
        v = args[++i];
      } else {
        throw UsageError(flag + " needs a value");
      }
      if (seen) throw UsageError(flag + " given more than once");
      values_.emplace_back(name, std::move(v));
    } else if (name == "help" || contains(spec.switches, name)) {
      if (eq != std::string::npos) throw UsageError(flag + " takes no value");
      if (seen && name != "help") throw UsageError(flag + " given more than once");
      switches_.push_back(name);
    } else {
      throw UsageError("unknown flag " + quoted(flag));
    }
  }
}

std::optional<std::string> Args::value(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return v;
  }
  return std::nullopt;
}

bool Args::has(std::string_view name) const {
  return std::find(switches_.begin(), switches_.end(), name) != switches_.end();
}

std::uint64_t Args::number(std::string_view name, std::uint64_t fallback, std::uint64_t min,
                           std::uint64_t max) const {
  const std::optional<std::string> text = value(name);
  if (!text) return fallback;
  std::uint64_t n = 0;
  bool ok = !text->empty() && text->size() <= 20;
  for (char c : *text) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      ok = false;
      break;
    }
    n = n * 10 + digit;
  }
  if (!ok || n < min || n > max) {
    throw UsageError("--" + std::string(name) + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) + ", got " +
                     quoted(*text));
  }
  return n;
}

std::string Args::choice(std::string_view name, std::string_view fallback,
                         std::span<const std::string_view> choices) const {
  const std::optional<std::string> text = value(name);
  if (!text) return std::string(fallback);
  if (std::find(choices.begin(), choices.end(), *text) == choices.end()) {
    std::string list;
    for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
    throw UsageError("--" + std::string(name) + ": expected one of " + list + "; got " +
                     quoted(*text));
  }
  return *text;
}

unsigned threads_flag(const Args& args) {
  return static_cast<unsigned>(
      args.number("threads", 0, 0, std::numeric_limits<unsigned>::max()));
}

}  // namespace modelfunnel::cli
