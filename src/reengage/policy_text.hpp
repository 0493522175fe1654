// How a CRM loss text is compared with the taxonomy's aliases: ASCII case
// folded, spaces, tabs, underscores and hyphens dropped, so "No Decision",
// "no_decision" and " no-decision " are one reason.
#pragma once

#include <string>
#include <string_view>

namespace modelfunnel::internal::reengage {

inline std::string normalize_reason(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '_' || c == '-' || c == '\r' || c == '\n') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace modelfunnel::internal::reengage
