// json_key_path / json_index_path: the JSON paths every file reader's errors
// name — a dot before an identifier, a quoted key in brackets otherwise.
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "util/json_path.hpp"

namespace mi = modelfunnel::internal;

TEST_CASE("json path: identifiers after a dot, other keys quoted in brackets", "[util][json]") {
  CHECK(mi::json_key_path("$", "tables") == "$.tables");
  CHECK(mi::json_key_path("$.a", "snake_case_2") == "$.a.snake_case_2");
  CHECK(mi::json_key_path("$", "_x") == "$._x");
  // Not identifiers: a leading digit, a space, punctuation, nothing at all.
  CHECK(mi::json_key_path("$.lag_days", "30") == "$.lag_days[\"30\"]");
  CHECK(mi::json_key_path("$.points", "Fortune 500") == "$.points[\"Fortune 500\"]");
  CHECK(mi::json_key_path("$", "a.b") == "$[\"a.b\"]");
  CHECK(mi::json_key_path("$", "") == "$[\"\"]");
  CHECK(mi::json_key_path("$", "say \"hi\"") == "$[\"say \\\"hi\\\"\"]");
  // Invalid UTF-8 is replaced, so the message itself stays valid text.
  CHECK(mi::json_key_path("$", std::string("a\xff", 2)) == "$[\"a\xEF\xBF\xBD\"]");
}

TEST_CASE("json path: array elements by index", "[util][json]") {
  CHECK(mi::json_index_path("$.rule_sets", 0) == "$.rule_sets[0]");
  CHECK(mi::json_index_path(mi::json_index_path("$.cells", 12), 3) == "$.cells[12][3]");
}

namespace {

/// Every problem JsonPathTracker reports while @p text is parsed (the parse
/// goes on after each).
std::vector<std::string> problems(const std::string& text, int max_depth = 1 << 20) {
  std::vector<std::string> seen;
  mi::JsonPathTracker tracker(
      [&](const std::string& path, mi::JsonProblem p) {
        seen.push_back((p == mi::JsonProblem::kTooDeep ? "deep " : "dup ") + path);
      },
      max_depth);
  [[maybe_unused]] const auto parsed = nlohmann::ordered_json::parse(text, std::ref(tracker));
  return seen;
}

}  // namespace

TEST_CASE("json path tracker: a repeated key named by its path, in arrays too", "[util][json]") {
  CHECK(problems(R"({"a": 1, "b": 2})").empty());
  CHECK(problems(R"({"a": 1, "a": 2})") == std::vector<std::string>{"dup $.a"});
  // The same key in two objects is no repeat; inside the second element of
  // an array, after a nested array, the path counts every element.
  CHECK(problems(R"({"t": [{"x": 1}, {"x": [1, [2, 3]], "y": 0, "x": 2}]})") ==
        std::vector<std::string>{"dup $.t[1].x"});
  CHECK(problems(R"({"lag days": {"30": 1, "30": 2}})") == std::vector<std::string>{"dup $[\"lag days\"][\"30\"]"});
}

TEST_CASE("json path tracker: nesting beyond the limit", "[util][json]") {
  CHECK(problems(R"({"a": {"b": 1}})", 2).empty());
  const std::vector<std::string> deep = problems(R"({"a": {"b": [[1]]}})", 2);
  REQUIRE(!deep.empty());
  CHECK(deep.front() == "deep $.a.b[0]");  // the value that goes too deep
}
