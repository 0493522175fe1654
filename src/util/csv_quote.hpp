// RFC 4180 quoting of one output field, shared by every CSV the library
// writes (the rejects file, the report tables).
#pragma once

#include <string>
#include <string_view>

namespace modelfunnel::internal {

/// @p s as a CSV field: unchanged unless it holds a comma, quote, CR or LF;
/// then quoted, with quotes doubled.
inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace modelfunnel::internal
