// JsonWriter: the layout nlohmann::json's dump(2) gives, strings escaped and
// made valid UTF-8, doubles shortest round-trip in nlohmann's notation.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "util/json_writer.hpp"

namespace mi = modelfunnel::internal;

namespace {

std::string number(double v) {
  std::string s;
  mi::append_json_double(s, v);
  return s;
}

std::string string(std::string_view v) {
  std::string s;
  mi::append_json_string(s, v);
  return s;
}

}  // namespace

TEST_CASE("json writer: nested layout as dump(2) writes it", "[util][json]") {
  mi::JsonWriter w;
  w.begin_object();
  w.key("a"), w.value(std::uint64_t{1});
  w.key("empty"), w.begin_array(), w.end_array();
  w.key("list"), w.begin_array();
  w.value("x");
  w.null();
  w.begin_object(), w.end_object();
  w.begin_object(), w.key("n"), w.value(-2.5), w.end_object();
  w.end_array();
  w.key("t"), w.value(true);
  w.end_object();
  const std::string text = std::move(w).finish();
  CHECK(text ==
        "{\n  \"a\": 1,\n  \"empty\": [],\n  \"list\": [\n    \"x\",\n    null,\n    {},\n"
        "    {\n      \"n\": -2.5\n    }\n  ],\n  \"t\": true\n}\n");
  // What nlohmann would write for the same document.
  CHECK(nlohmann::ordered_json::parse(text).dump(2) + "\n" == text);
}

TEST_CASE("json writer: doubles in nlohmann's notation, shortest digits", "[util][json]") {
  CHECK(number(0.0) == "0.0");
  CHECK(number(-0.0) == "-0.0");
  CHECK(number(2.0) == "2.0");
  CHECK(number(0.5) == "0.5");
  CHECK(number(-123.456) == "-123.456");
  CHECK(number(100000.0) == "100000.0");
  CHECK(number(123456789012345.0) == "123456789012345.0");
  CHECK(number(1e15) == "1e+15");
  CHECK(number(1.5e20) == "1.5e+20");
  CHECK(number(0.0001) == "0.0001");
  CHECK(number(0.00012) == "0.00012");
  CHECK(number(1e-5) == "1e-05");
  CHECK(number(2.5e-7) == "2.5e-07");
  CHECK(number(1e-300) == "1e-300");
  CHECK(number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(number(16.38596527777778) == "16.38596527777778");
  for (double v : {3.14159, 1e300, -7e-9, 0.30000000000000004, 12345.678901234567}) {
    INFO(v);
    CHECK(std::stod(number(v)) == v);  // round trip
  }
  mi::JsonWriter w;
  w.begin_array();
  w.value(std::numeric_limits<double>::quiet_NaN());
  w.value(std::numeric_limits<double>::infinity());
  w.end_array();
  CHECK(std::move(w).finish() == "[\n  null,\n  null\n]\n");
}

TEST_CASE("json writer: strings escaped, invalid UTF-8 replaced", "[util][json]") {
  CHECK(string("plain") == "\"plain\"");
  CHECK(string("q\"b\\") == "\"q\\\"b\\\\\"");
  CHECK(string("\n\t\r\b\f") == "\"\\n\\t\\r\\b\\f\"");
  CHECK(string(std::string_view("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(string(std::string_view("\0", 1)) == "\"\\u0000\"");
  CHECK(string("\x7f") == "\"\x7f\"");
  CHECK(string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  CHECK(string("bad \xFF byte") == "\"bad \xEF\xBF\xBD byte\"");
  CHECK(string("cut \xE2\x82") == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(string("overlong \xC0\xAF") == "\"overlong \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(string("surrogate \xED\xA0\x80") == "\"surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
