// JSON paths as every file reader names a place in its errors:
// `$.tables[1].stage.column`, or `$.points["Fortune 500"]` where a key is not
// an identifier. One spelling for the mapping, rule, score model, scenario
// and policy readers, so an error reads the same whichever file it is in;
// and one tracker of where the parser is, for the two things nlohmann's
// parser lets through: a key repeated in one object (it keeps the last,
// silently) and nesting deeper than a file of that kind has.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelfunnel::internal {

/// Whether @p key can follow a dot in a path: letters, digits and `_`, not
/// starting with a digit.
inline bool is_json_identifier(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// `parent.key`, or `parent["key"]` (the key as a JSON string, invalid UTF-8
/// replaced) when the key is not an identifier.
inline std::string json_key_path(const std::string& parent, std::string_view key) {
  if (is_json_identifier(key)) return parent + "." + std::string(key);
  return parent + "[" +
         nlohmann::json(std::string(key)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "]";
}

/// `parent[i]`.
inline std::string json_index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

/// What JsonPathTracker found.
enum class JsonProblem {
  kDuplicateKey,  ///< a key given twice in one object; the path is the second one's
  kTooDeep,       ///< nesting deeper than the limit; the path is where it went too deep
};

/// A parser callback for nlohmann's `parse(text, std::ref(tracker), …)` that
/// follows the path of what is being parsed and calls
/// `on_problem(path, JsonProblem)` on each problem. The callback decides:
/// throw to stop the parse there (a reader that must not build a deep
/// tree), or note the first and let the parse go on (a reader that reports
/// syntax errors first). Keeps every value.
template <class OnProblem>
class JsonPathTracker {
 public:
  explicit JsonPathTracker(OnProblem on_problem, int max_depth = 1 << 20)
      : on_problem_(std::move(on_problem)), max_depth_(max_depth) {}

  template <class Event, class BasicJson>
  bool operator()(int depth, Event event, BasicJson& parsed) {
    if (depth > max_depth_) on_problem_(path(), JsonProblem::kTooDeep);
    switch (event) {
      case Event::object_start: stack_.push_back({false, 0, {}, {}}); break;
      case Event::array_start: stack_.push_back({true, 0, {}, {}}); break;
      case Event::key: {
        Frame& top = stack_.back();
        top.key = parsed.template get<std::string>();
        if (!top.keys.insert(top.key).second) on_problem_(path(), JsonProblem::kDuplicateKey);
        break;
      }
      case Event::object_end:
      case Event::array_end:
        stack_.pop_back();
        [[fallthrough]];
      case Event::value:
        if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
        break;
    }
    return true;
  }

  /// The path of the value being parsed (`$` at the top).
  std::string path() const {
    std::string p = "$";
    for (const Frame& f : stack_) p = f.array ? json_index_path(p, f.index) : json_key_path(p, f.key);
    return p;
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  OnProblem on_problem_;
  int max_depth_;
  std::vector<Frame> stack_;
};

}  // namespace modelfunnel::internal
