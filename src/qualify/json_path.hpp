// Where a rule file is wrong: a JSON path (`$.rule_sets[1].criteria[0].test`)
// and the id of the rule it belongs to (`sdr/need`), for every error the
// parser and the checks report. They throw RuleError; QualifyRules::parse()
// is the one place that catches it, so the parsing code reads as a straight
// description of the schema.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/string_view.h"
#include "util/json_path.hpp"

namespace modelfunnel::internal::qualify {

/// Abseil's own string_view (Debian's is not std::string_view), for StrCat.
inline absl::string_view to_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

/// Keys stay in file order, so sets, criteria and rules keep theirs.
using Json = nlohmann::ordered_json;

/// A rule file error: its JSON path, the rule it concerns (empty for the
/// file itself) and what is wrong.
struct RuleError {
  std::string path;
  std::string rule;
  std::string message;

  /// `path: rule id: message` (no rule part without a rule).
  std::string text() const;
};

/// `parent.key` or `parent["key"]`; `parent[i]` (util/json_path.hpp).
inline std::string key_path(const std::string& parent, std::string_view key) {
  return json_key_path(parent, key);
}
inline std::string index_path(const std::string& parent, std::size_t i) { return json_index_path(parent, i); }
/// "expected <what>, found <JSON type>".
std::string expected(std::string_view what, const Json& found);

/// A position in the file: a JSON value, its path, and the rule it is part of.
struct At {
  const Json& json;
  std::string path;
  std::string rule;

  /// The member @p key of this object (which must hold it).
  At operator[](std::string_view key) const { return {json.at(std::string(key)), key_path(path, key), rule}; }
  /// Element @p i of this array.
  At operator[](std::size_t i) const { return {json.at(i), index_path(path, i), rule}; }
  /// The same position attributed to @p id.
  At in_rule(std::string id) const { return {json, path, std::move(id)}; }

  [[noreturn]] void fail(std::string message) const;
  /// Fails unless this is an object whose keys are all in @p allowed.
  void object(std::initializer_list<std::string_view> allowed) const;
  /// Whether this object has @p key.
  bool has(std::string_view key) const { return json.contains(std::string(key)); }
  /// This value as a non-empty string.
  std::string text() const;
  /// This value as a non-empty array.
  std::size_t array() const;
};

/// @p text parsed, comments allowed. Throws RuleError for bad JSON and for
/// a key that occurs twice in one object (nlohmann would keep the last
/// silently), with its path.
Json parse_json(std::string_view text);

}  // namespace modelfunnel::internal::qualify
