// The checks a rule file passes before anything is evaluated, beyond its
// schema: no rule that can never pass (contradictory) and no rule that can
// pass but never decides (unreachable: an earlier rule always decides
// first). check.cpp explains how they are searched for.
#pragma once

#include <string>
#include <vector>

#include "qualify/program.hpp"

namespace modelfunnel::internal::qualify {

/// The JSON paths of one rule set's parts, for error messages.
struct SetPaths {
  std::string self;   ///< The set object.
  std::string when;   ///< Its `when` (empty without).
  std::vector<std::string> criteria;    ///< Each criterion's `test`.
  std::vector<std::string> disqualify;  ///< Each rule's `if`.
  std::vector<std::string> qualify;     ///< Each rule's `if`.
  std::vector<std::string> nurture;     ///< Each rule's `if` (the rule itself for the last).
};

struct RulePaths {
  std::vector<SetPaths> sets;
};

/// Most combinations of attribute values one search visits; a set with
/// more is searched over its criteria's values instead, and past that the
/// search is skipped with a warning (Program::warnings).
inline constexpr std::size_t kMaxWorlds = std::size_t{1} << 15;

/// Throws RuleError for the first contradictory or unreachable criterion,
/// rule or rule set; adds a warning to @p program for each search skipped.
void check_rules(Program& program, const RulePaths& paths);

}  // namespace modelfunnel::internal::qualify
