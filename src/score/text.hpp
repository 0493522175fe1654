// Small text helpers for the lead score's messages. Debian's Abseil has its
// own absl::string_view (not std::string_view), which absl::StrCat takes.
#pragma once

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace modelfunnel::internal::score {

/// @p s for absl::StrCat.
inline absl::string_view av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

/// @p s in single quotes, as messages name things.
inline std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace modelfunnel::internal::score
