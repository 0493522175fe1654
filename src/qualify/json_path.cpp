// JSON paths and rule ids in rule file errors; see json_path.hpp.
#include "qualify/json_path.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
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
  // The first repeated key is noted and reported after the parse, so a
  // syntax error anywhere in the file is reported first.
  std::optional<std::string> found;
  JsonPathTracker tracker([&](const std::string& path, JsonProblem) {
    if (!found) found = path;
  });
  Json parsed;
  try {
    parsed = Json::parse(text.begin(), text.end(), std::ref(tracker), /*allow_exceptions=*/true,
                         /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    throw RuleError{"$", "", absl::StrCat("not valid JSON: ", e.what())};
  }
  if (found) throw RuleError{*found, "", "duplicate key"};
  return parsed;
}

}  // namespace modelfunnel::internal::qualify
