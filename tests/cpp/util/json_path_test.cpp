// json_key_path / json_index_path: the JSON paths every file reader's errors
// name — a dot before an identifier, a quoted key in brackets otherwise.
#include <string>

#include <catch2/catch.hpp>

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
