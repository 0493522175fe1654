// JSON paths and rule ids in rule file errors; see json_path.hpp.
#include "qualify/json_path.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"

namespace modelfunnel::internal::qualify {

std::string RuleError::text() const {
  if (rule.empty()) return absl::StrCat(path, ": ", message);
  return absl::StrCat(path, ": rule ", rule, ": ", message);
}

std::string expected(std::string_view what, const Json& found) {
  return absl::StrCat("expected ", to_absl(what), ", found ", found.type_name());
}

void At::fail(std::string message) const { throw RuleError{path, rule, std::move(message)}; }

void At::object(std::initializer_list<std::string_view> allowed) const {
  if (!json.is_object()) fail(expected("an object", json));
  for (const auto& item : json.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    std::string list;
    for (std::string_view a : allowed) absl::StrAppend(&list, list.empty() ? "" : ", ", to_absl(a));
    throw RuleError{key_path(path, item.key()), rule,
                    absl::StrCat("unknown key (expected one of: ", list, ")")};
  }
}

std::string At::text() const {
  if (!json.is_string()) fail(expected("a string", json));
  std::string s = json.get<std::string>();
  if (s.empty()) fail("must not be empty");
  return s;
}

std::size_t At::array() const {
  if (!json.is_array()) fail(expected("an array", json));
  if (json.empty()) fail("must not be empty");
  return json.size();
}

Json parse_json(std::string_view text) {
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  std::vector<Frame> stack;
  std::optional<std::string> found;
  auto path = [&] {
    std::string p = "$";
    for (const Frame& f : stack) p = f.array ? index_path(p, f.index) : key_path(p, f.key);
    return p;
  };
  Json::parser_callback_t callback = [&](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: stack.push_back({false, 0, {}, {}}); break;
      case Json::parse_event_t::array_start: stack.push_back({true, 0, {}, {}}); break;
      case Json::parse_event_t::key:
        stack.back().key = parsed.get<std::string>();
        if (!stack.back().keys.insert(stack.back().key).second && !found) found = path();
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        stack.pop_back();
        [[fallthrough]];
      case Json::parse_event_t::value:
        if (!stack.empty() && stack.back().array) ++stack.back().index;
        break;
    }
    return true;
  };
  Json parsed;
  try {
    parsed = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                         /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    throw RuleError{"$", "", absl::StrCat("not valid JSON: ", e.what())};
  }
  if (found) throw RuleError{*found, "", "duplicate key"};
  return parsed;
}

}  // namespace modelfunnel::internal::qualify
