// RowError::to_string(): the one-line form used in strict-mode errors and logs.
#include <string>

#include "absl/strings/str_cat.h"
#include "modelfunnel/load.hpp"

namespace modelfunnel {

std::string RowError::to_string() const {
  // The `file:line:column:` prefix is what editors and CI annotators parse.
  std::string out = absl::StrCat(file, ":", line, ":", column, ": ");
  if (!field.empty()) absl::StrAppend(&out, "field '", field, "': ");
  absl::StrAppend(&out, rule, ": ", message);
  return out;
}

}  // namespace modelfunnel
