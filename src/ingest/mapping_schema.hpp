// Building blocks of the mapping JSON schema (mapping_json.cpp): JSON paths,
// typed getters that name the path on failure, and the value specs shared by
// several table kinds (attributes, time formats, missing tokens).
//
// Every failure throws MappingError; Mapping::from_json() is the one place
// that catches it, so no exception leaves the library.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/mapping_impl.hpp"
#include "modelfunnel/timestamp.hpp"
#include "util/json_path.hpp"

namespace modelfunnel::internal {

/// Objects keep their keys in file order, so attributes are declared in the
/// order the mapping lists them.
using Json = nlohmann::ordered_json;

/// A schema violation at a JSON path (`$.tables[1].stage.column`).
struct MappingError {
  std::string path;
  std::string message;
};

/// `parent.key` or `parent["key"]`; `parent[i]` (util/json_path.hpp).
inline std::string key_path(const std::string& parent, std::string_view key) {
  return json_key_path(parent, key);
}
inline std::string index_path(const std::string& parent, std::size_t i) { return json_index_path(parent, i); }
/// "expected <what>, found <Json type>".
std::string expected(std::string_view what, const Json& found);

/// A JSON object whose keys are checked against a list, so typos fail.
class JsonObject {
 public:
  /// @throws MappingError when @p j is not an object or has a key not in @p allowed.
  JsonObject(const Json& j, std::string path, const std::vector<std::string_view>& allowed);
  /// An object whose keys are free (alias tables, attribute lists).
  JsonObject(const Json& j, std::string path);

  /// The value at @p key, or nullptr.
  const Json* find(std::string_view key) const;
  /// The value at @p key. @throws MappingError when absent.
  const Json& required(std::string_view key) const;
  /// The non-empty string at @p key. @throws MappingError when absent or not one.
  std::string required_string(std::string_view key) const;
  /// The JSON path of @p key.
  std::string path(std::string_view key) const { return key_path(path_, key); }

 private:
  const Json& j_;
  std::string path_;
};

/// @p j as a non-empty string.
std::string non_empty_string(const Json& j, const std::string& path);
/// @p j as an array of strings (empty strings allowed).
std::vector<std::string> string_list(const Json& j, const std::string& path);
/// "iso8601" or a strftime-like pattern checked by TimeFormat::pattern().
TimeFormat parse_time_format(const Json& j, const std::string& path);
/// The "kind" of the table object @p j at @p path.
TableKind parse_table_kind(const Json& j, const std::string& path);
/// One entry of an "attributes" object: a type name or a spec object.
AttributeSpec parse_attribute(const std::string& name, const Json& spec,
                              const std::string& path);
/// @p file resolved against the mapping's folder @p base (absolute paths kept).
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& file);

}  // namespace modelfunnel::internal
