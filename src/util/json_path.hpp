// JSON paths as every file reader names a place in its errors:
// `$.tables[1].stage.column`, or `$.points["Fortune 500"]` where a key is not
// an identifier. One spelling for the mapping, rule, score model, scenario
// and policy readers, so an error reads the same whichever file it is in.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

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

}  // namespace modelfunnel::internal
