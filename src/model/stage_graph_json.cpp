// The JSON form of a StageGraph (schema version 1, documented field by field
// in docs/stage-graph.md). Reading is strict — unknown keys are errors, so a
// typo such as "kidn" is caught instead of silently taking a default — and
// reports every schema problem at once, each with its JSON path.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <exception>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "model/stage_graph_impl.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using Json = nlohmann::json;

constexpr int kSchemaVersion = 1;

constexpr std::array kStageKinds = {StageKind::kOpen, StageKind::kWon, StageKind::kLost,
                                    StageKind::kNurture};
constexpr std::array kForecastCategories = {ForecastCategory::kPipeline,
                                            ForecastCategory::kBestCase, ForecastCategory::kCommit,
                                            ForecastCategory::kClosed, ForecastCategory::kOmitted};
constexpr std::array kTransitionKinds = {TransitionKind::kAdvance, TransitionKind::kNurture,
                                         TransitionKind::kRecycle, TransitionKind::kLost,
                                         TransitionKind::kReopen};

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// `$.a.key`, or `$.a["odd key"]` when the key is not a plain identifier,
/// so that every path can be pasted back into a JSONPath tool.
std::string member_path(const std::string& parent, std::string_view key) {
  const bool plain = !key.empty() && !absl::ascii_isdigit(static_cast<unsigned char>(key[0])) &&
                     std::all_of(key.begin(), key.end(), [](char c) {
                       return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
                     });
  return plain ? parent + "." + std::string(key) : parent + "[" + Json(key).dump() + "]";
}

std::string element_path(const std::string& parent, std::size_t i) {
  return absl::StrCat(parent, "[", i, "]");
}

/// Reads the document, collecting one message per schema problem.
class Reader {
 public:
  std::vector<std::string> errors;

  void fail(const std::string& path, std::string_view what) {
    errors.push_back(path + ": " + std::string(what));
  }

  void wrong_type(const Json& v, const std::string& path, std::string_view expected) {
    fail(path, "expected " + std::string(expected) + ", got " + v.type_name());
  }

  std::optional<std::string> string(const Json& v, const std::string& path) {
    if (v.is_string()) return v.get<std::string>();
    wrong_type(v, path, "a string");
    return std::nullopt;
  }

  template <class Enum, std::size_t N>
  std::optional<Enum> enumeration(const Json& v, const std::string& path,
                                  const std::array<Enum, N>& values) {
    const auto text = string(v, path);
    if (!text) return std::nullopt;
    std::vector<std::string> names;
    for (Enum e : values) {
      if (to_string(e) == *text) return e;
      names.emplace_back(to_string(e));
    }
    fail(path, absl::StrCat("unknown value ", in_quotes(*text), "; expected one of ",
                            absl::StrJoin(names, ", ")));
    return std::nullopt;
  }

  Stage stage(const Json& v, const std::string& path) {
    Stage s;
    if (!v.is_object()) {
      wrong_type(v, path, "an object");
      return s;
    }
    for (const auto& item : v.items()) {
      const std::string& key = item.key();
      const Json& value = item.value();
      const std::string at = member_path(path, key);
      if (key == "id") {
        s.id = string(value, at).value_or("");
      } else if (key == "name") {
        s.name = string(value, at).value_or("");
      } else if (key == "teams") {
        if (!value.is_array()) {
          wrong_type(value, at, "an array of strings");
        } else {
          for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto team = string(value[i], element_path(at, i))) s.teams.push_back(*team);
          }
        }
      } else if (key == "team") {
        if (auto team = string(value, at)) s.teams.push_back(*team);
      } else if (key == "kind") {
        s.kind = enumeration(value, at, kStageKinds).value_or(StageKind::kOpen);
      } else if (key == "probability") {
        if (value.is_number()) {
          s.probability = value.get<double>();
        } else {
          wrong_type(value, at, "a number");
        }
      } else if (key == "forecast_category") {
        s.forecast_category = enumeration(value, at, kForecastCategories);
      } else {
        fail(at, "unknown key");
      }
    }
    if (!v.contains("id")) fail(path, "missing required key \"id\"");
    if (!v.contains("name")) s.name = s.id;
    if (v.contains("team") && v.contains("teams")) {
      fail(path, "has both \"team\" and \"teams\"; give one");
    }
    return s;
  }

  Transition transition(const Json& v, const std::string& path) {
    Transition t;
    if (!v.is_object()) {
      wrong_type(v, path, "an object");
      return t;
    }
    for (const auto& item : v.items()) {
      const std::string at = member_path(path, item.key());
      if (item.key() == "from") {
        t.from = string(item.value(), at).value_or("");
      } else if (item.key() == "to") {
        t.to = string(item.value(), at).value_or("");
      } else if (item.key() == "kind") {
        t.kind = enumeration(item.value(), at, kTransitionKinds).value_or(TransitionKind::kAdvance);
      } else {
        fail(at, "unknown key");
      }
    }
    for (const char* key : {"from", "to"}) {
      if (!v.contains(key)) fail(path, absl::StrCat("missing required key ", in_quotes(key)));
    }
    return t;
  }

  /// Reads @p v as an array, calling @p read on each element.
  template <class T, class Read>
  std::vector<T> array(const Json& v, const std::string& path, Read read) {
    std::vector<T> out;
    if (!v.is_array()) {
      wrong_type(v, path, "an array");
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(read(v[i], element_path(path, i)));
    return out;
  }
};

/// "line L, column C: <what nlohmann says>", both 1-based, column in bytes.
absl::Status syntax_error(std::string_view json, const Json::parse_error& e) {
  // e.byte counts the bytes read, the offending one included.
  const std::size_t offset = std::min(e.byte == 0 ? 0 : e.byte - 1, json.size());
  const std::string_view before = json.substr(0, offset);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  // Keep nlohmann's description, dropping its "[json.exception...] parse
  // error at line L, column C: " prefix in favour of ours.
  std::string what = e.what();
  const std::size_t colon = what.find(": ", what.find("column"));
  if (colon != std::string::npos) what = what.substr(colon + 2);
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, ", column ", offset - line_start + 1, ": ", what));
}

absl::StatusOr<StageGraph> parse(std::string_view json) {
  Json root;
  try {
    root = Json::parse(json.begin(), json.end());
  } catch (const Json::parse_error& e) {
    return syntax_error(json, e);
  } catch (const Json::exception& e) {
    // A number too large for a double (out_of_range.406) carries no
    // position; its message quotes the number, which is enough to find it.
    const std::string what = e.what();
    const std::size_t start = what.find("] ");
    return absl::InvalidArgumentError("invalid JSON: " +
                                      (start == std::string::npos ? what : what.substr(start + 2)));
  }
  Reader reader;
  const std::string path = "$";
  std::vector<Stage> stages;
  std::vector<Transition> transitions;
  if (!root.is_object()) {
    reader.wrong_type(root, path, "an object");
  } else {
    for (const auto& item : root.items()) {
      const std::string at = member_path(path, item.key());
      const Json& value = item.value();
      if (item.key() == "version") {
        if (!value.is_number_integer()) {
          reader.wrong_type(value, at, absl::StrCat("the number ", kSchemaVersion));
        } else if (value.get<std::int64_t>() != kSchemaVersion) {
          reader.fail(at, absl::StrCat("unsupported version ", value.dump(),
                                       "; this library reads version ", kSchemaVersion));
        }
      } else if (item.key() == "stages") {
        stages = reader.array<Stage>(
            value, at, [&](const Json& v, const std::string& p) { return reader.stage(v, p); });
      } else if (item.key() == "transitions") {
        transitions = reader.array<Transition>(value, at, [&](const Json& v, const std::string& p) {
          return reader.transition(v, p);
        });
      } else {
        reader.fail(at, "unknown key");
      }
    }
    if (!root.contains("stages")) reader.fail(path, "missing required key \"stages\"");
  }
  if (!reader.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(reader.errors, "\n"));
  return StageGraph::create(std::move(stages), std::move(transitions));
}

}  // namespace

absl::StatusOr<StageGraph> StageGraph::from_json(std::string_view json) {
  // The reader checks types before every access, so nothing should throw;
  // no_throw keeps the promise even if that is ever wrong, or memory runs out.
  return internal::no_throw("StageGraph::from_json", [&] { return parse(json); });
}

absl::StatusOr<StageGraph> StageGraph::load_json_file(const std::filesystem::path& path) {
  return internal::no_throw("StageGraph::load_json_file", [&]() -> absl::StatusOr<StageGraph> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::ErrnoToStatus(errno, absl::StrCat(path.string(), ": cannot open"));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return absl::ErrnoToStatus(errno, absl::StrCat(path.string(), ": cannot read"));
    auto graph = from_json(text.str());
    if (graph.ok()) return graph;
    // Every line gets the file name, as a compiler would print it.
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(graph.status().message(), '\n')) {
      lines.push_back(absl::StrCat(path.string(), ": ", line));
    }
    return absl::Status(graph.status().code(), absl::StrJoin(lines, "\n"));
  });
}

std::string StageGraph::to_json() const {
  // ordered_json keeps keys in insertion order: a stable, readable layout.
  using Ordered = nlohmann::ordered_json;
  Ordered stages = Ordered::array();
  for (const Stage& s : impl_->stages) {
    Ordered j;
    j["id"] = s.id;
    j["name"] = s.name;
    j["teams"] = s.teams;
    j["kind"] = to_string(s.kind);
    if (s.probability) j["probability"] = *s.probability;
    if (s.forecast_category) j["forecast_category"] = to_string(*s.forecast_category);
    stages.push_back(std::move(j));
  }
  Ordered transitions = Ordered::array();
  for (const Transition& t : impl_->transitions) {
    transitions.push_back(Ordered{{"from", t.from}, {"to", t.to}, {"kind", to_string(t.kind)}});
  }
  Ordered root;
  root["version"] = kSchemaVersion;
  root["stages"] = std::move(stages);
  root["transitions"] = std::move(transitions);
  // Ids and names are not checked for UTF-8 on construction; replacing bad
  // bytes keeps this function from throwing on them.
  return root.dump(2, ' ', false, Ordered::error_handler_t::replace) + "\n";
}

}  // namespace modelfunnel
