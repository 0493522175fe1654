// parse_reps_csv(): the reps file of routing (rep_id, team, territory,
// capacity), strict about what routing needs and quiet about other columns.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "modelfunnel/qualify.hpp"
#include "qualify/json_path.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

/// The rows of RFC 4180 @p text (quotes, doubled quotes, CRLF or LF), each
/// with the line it starts on.
absl::StatusOr<std::vector<std::pair<std::size_t, std::vector<std::string>>>> rows_of(std::string_view text) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);
  std::size_t line = 1, i = 0;
  while (i < text.size()) {
    std::vector<std::string> fields;
    const std::size_t start = line;
    std::string field;
    bool quoted = false, was_quoted = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          line += c == '\n';
          field += c;
        }
      } else if (c == '"' && field.empty() && !was_quoted) {
        quoted = was_quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        break;
      } else {
        field += c;
      }
    }
    if (quoted) return absl::InvalidArgumentError(absl::StrCat("line ", start, ": a quoted field is not closed"));
    fields.push_back(std::move(field));
    if (fields.size() == 1 && fields[0].empty() && !was_quoted) continue;  // blank line
    rows.emplace_back(start, std::move(fields));
  }
  return rows;
}

absl::StatusOr<std::vector<Rep>> parse(std::string_view text) {
  auto rows = rows_of(text);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::InvalidArgumentError("line 1: no header (expected rep_id, team, territory, capacity)");
  const std::vector<std::string>& header = rows->front().second;
  constexpr std::string_view kColumns[] = {"rep_id", "team", "territory", "capacity"};
  std::size_t at[4];
  for (std::size_t k = 0; k < 4; ++k) {
    const auto it = std::find(header.begin(), header.end(), kColumns[k]);
    if (it == header.end())
      return absl::InvalidArgumentError(absl::StrCat("line 1: no column \"", to_absl(kColumns[k]),
                                                     "\" (expected rep_id, team, territory, capacity)"));
    at[k] = static_cast<std::size_t>(it - header.begin());
  }
  std::vector<Rep> reps;
  std::set<std::string> ids;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& [line, fields] = (*rows)[r];
    if (fields.size() != header.size())
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": ", fields.size(), " fields, the header has ", header.size()));
    Rep rep;
    rep.id = fields[at[0]];
    if (rep.id.empty()) return absl::InvalidArgumentError(absl::StrCat("line ", line, ": rep_id is empty"));
    if (!ids.insert(rep.id).second)
      return absl::InvalidArgumentError(absl::StrCat("line ", line, ": rep_id \"", rep.id, "\" comes earlier"));
    rep.team = fields[at[1]];
    for (absl::string_view t : absl::StrSplit(fields[at[2]], ';', absl::SkipEmpty()))
      rep.territories.emplace_back(t.data(), t.size());
    const std::string& capacity = fields[at[3]];
    std::uint64_t n = 0;
    bool ok = !capacity.empty() && capacity.size() <= 18;
    for (char c : capacity) {
      ok = ok && c >= '0' && c <= '9';
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!ok)
      return absl::InvalidArgumentError(absl::StrCat("line ", line, ": capacity: expected a whole number, got \"",
                                                     capacity, "\""));
    rep.capacity = n;
    reps.push_back(std::move(rep));
  }
  return reps;
}

}  // namespace
}  // namespace internal::qualify

absl::StatusOr<std::vector<Rep>> parse_reps_csv(std::string_view text) {
  return internal::no_throw("parse_reps_csv", [&]() -> absl::StatusOr<std::vector<Rep>> {
    return internal::qualify::parse(text);
  });
}

absl::StatusOr<std::vector<Rep>> load_reps_csv(const std::filesystem::path& path) {
  return internal::no_throw("load_reps_csv", [&]() -> absl::StatusOr<std::vector<Rep>> {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec))
        return absl::NotFoundError(absl::StrCat(path.string(), ": no such file"));
      return absl::PermissionDeniedError(absl::StrCat(path.string(), ": cannot be read"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto reps = internal::qualify::parse(text.str());
    if (!reps.ok()) {
      // "line 3: ..." becomes "reps.csv:3: ...", as the loaders name rows.
      std::string_view message(reps.status().message().data(), reps.status().message().size());
      if (message.starts_with("line ")) message.remove_prefix(5);
      return absl::InvalidArgumentError(absl::StrCat(path.string(), ":", internal::qualify::to_absl(message)));
    }
    return reps;
  });
}

}  // namespace modelfunnel
