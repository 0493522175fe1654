// How the lead score reads a data set; see data.hpp.
#include "score/data.hpp"
#include "score/text.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/record_scan.hpp"
#include "util/thread_count.hpp"

namespace modelfunnel::internal::score {
namespace {

enum StageClass : std::uint8_t { kOther = 0, kWins = 1, kLoses = 2 };

/// Writes each visited record's outcome into a shared vector; visitors own
/// disjoint ranges of it.
struct OutcomeVisitor {
  const std::vector<std::uint8_t>* classes;
  const std::vector<std::uint16_t>* stage;
  std::int8_t* out;

  void start(std::uint32_t) {}
  void visit(std::uint32_t record, std::size_t begin, std::size_t end) {
    bool lost = false;
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint8_t c = (*classes)[(*stage)[i]];
      if (c == kWins) {
        out[record] = kPositive;
        return;
      }
      lost = lost || c == kLoses;
    }
    out[record] = lost ? kNegative : kOpen;
  }
  void finish() {}
};


}  // namespace

absl::StatusOr<std::vector<std::int8_t>> record_outcomes(const DataSetImpl& data,
                                                         const StageGraph& graph,
                                                         const std::string& outcome,
                                                         unsigned threads) {
  std::vector<std::string_view> wins;
  if (outcome.empty()) {
    for (const Stage& s : graph.stages())
      if (s.kind == StageKind::kWon) wins.push_back(s.id);
  } else {
    const Stage* s = graph.find_stage(outcome);
    if (s == nullptr)
      return absl::InvalidArgumentError(absl::StrCat("outcome: no stage ", quote(outcome), " in the stage graph"));
    if (s->kind == StageKind::kLost)
      return absl::InvalidArgumentError(absl::StrCat("outcome: ", quote(outcome),
                                                     " is a lost stage; positives reach the outcome, negatives a lost stage"));
    wins.push_back(s->id);
    // Reaching a later main-path stage implies reaching this one.
    const std::vector<std::string_view> path = graph.main_path();
    auto at = std::find(path.begin(), path.end(), std::string_view(outcome));
    if (at != path.end()) wins.insert(wins.end(), at + 1, path.end());
  }
  std::vector<std::uint8_t> classes(data.stages.size(), kOther);
  for (std::uint32_t code = 0; code < data.stages.size(); ++code) {
    const std::string& name = data.stages[code];
    if (std::find(wins.begin(), wins.end(), name) != wins.end()) {
      classes[code] = kWins;
    } else if (const Stage* s = graph.find_stage(name); s != nullptr && s->kind == StageKind::kLost) {
      classes[code] = kLoses;
    }
  }
  std::vector<std::int8_t> out(data.record_ids.size(), kOpen);
  std::vector<OutcomeVisitor> visitors(
      scan_threads(out.size(), resolve_threads(threads)),
      OutcomeVisitor{&classes, &data.events.stage, out.data()});
  scan_records(data, std::span<OutcomeVisitor>(visitors));
  return out;
}

absl::StatusOr<ScoreFeatureKind> kind_of(std::string_view name, AttributeType type) {
  switch (type) {
    case AttributeType::kString: return ScoreFeatureKind::kCategory;
    case AttributeType::kBool: return ScoreFeatureKind::kBool;
    case AttributeType::kInt64:
    case AttributeType::kDouble: return ScoreFeatureKind::kNumber;
    case AttributeType::kTimestamp: break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "feature ", quote(name), ": a ", av(to_string(type)),
      " attribute cannot be a feature (string, bool, int64 or double)"));
}

absl::StatusOr<const Column*> find_column(const DataSetImpl& data, std::string_view name,
                                          std::string_view what) {
  auto it = data.column_index.find(std::string(name));
  if (it == data.column_index.end())
    return absl::InvalidArgumentError(absl::StrCat("unknown ", av(what), " ", quote(name),
                                                   ": the data set has no such attribute"));
  return &data.columns[it->second];
}

absl::StatusOr<std::vector<Coder>> feature_coders(const DataSetImpl& data, const ModelData& model,
                                                  const CountTables& shape) {
  std::vector<Coder> coders;
  for (std::size_t f = 0; f < model.features.size(); ++f) {
    const Feature& feature = model.features[f];
    absl::StatusOr<const Column*> column = find_column(data, feature.name);
    if (!column.ok()) return column.status();
    const Column& c = **column;
    absl::StatusOr<ScoreFeatureKind> kind = kind_of(feature.name, c.type);
    if (kind.ok() && *kind != feature.kind) {
      kind = absl::InvalidArgumentError(absl::StrCat(
          "feature ", quote(feature.name), ": the model reads it as a ", av(to_string(feature.kind)),
          ", but the data set's attribute is a ", av(to_string(c.type))));
    }
    if (!kind.ok()) return kind.status();
    Coder coder;
    coder.column = &c;
    coder.kind = feature.kind;
    coder.offset = shape.offsets[f];
    coder.unknown = shape.offsets[f] + feature.unknown_level();
    coder.edges = &feature.edges;
    if (feature.kind == ScoreFeatureKind::kCategory) {
      coder.by_code.assign(c.dictionary.size(), kNoLevel);
      for (std::uint32_t code = 0; code < c.dictionary.size(); ++code) {
        const std::string& v = c.dictionary[code];
        auto at = std::lower_bound(feature.values.begin(), feature.values.end(), v);
        if (at != feature.values.end() && *at == v)
          coder.by_code[code] = coder.offset + static_cast<std::uint32_t>(at - feature.values.begin());
      }
    }
    coders.push_back(std::move(coder));
  }
  return coders;
}

absl::StatusOr<GroupCoder> group_coder(const DataSetImpl& data, const ModelData& model) {
  GroupCoder coder;
  if (model.settings.group_by.empty()) return coder;
  absl::StatusOr<const Column*> column = find_column(data, model.settings.group_by, "group attribute");
  if (!column.ok()) return column.status();
  const Column& c = **column;
  if (c.type != AttributeType::kString)
    return absl::InvalidArgumentError(absl::StrCat("group attribute ", quote(c.name), ": a ",
                                                   av(to_string(c.type)), " attribute; groups are strings"));
  coder.column = &c;
  coder.by_code.assign(c.dictionary.size(), kNoGroup);
  // Groups are in byte order of value, the missing group (if any) last.
  const std::vector<Group>& groups = model.groups;
  const std::size_t named = !groups.empty() && !groups.back().value ? groups.size() - 1 : groups.size();
  if (named != groups.size()) coder.missing = static_cast<std::uint32_t>(named);
  for (std::uint32_t code = 0; code < c.dictionary.size(); ++code) {
    const std::string& v = c.dictionary[code];
    auto at = std::lower_bound(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(named), v,
                               [](const Group& g, const std::string& s) { return *g.value < s; });
    if (at != groups.begin() + static_cast<std::ptrdiff_t>(named) && *at->value == v)
      coder.by_code[code] = static_cast<std::uint32_t>(at - groups.begin());
  }
  return coder;
}

std::uint32_t fold_of(std::string_view id, std::uint64_t seed, std::uint32_t folds) {
  auto mix = [](std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits
  for (unsigned char ch : id) {
    h ^= ch;
    h *= 0x100000001b3ull;
  }
  return static_cast<std::uint32_t>(mix(h ^ mix(seed)) % folds);
}

}  // namespace modelfunnel::internal::score
