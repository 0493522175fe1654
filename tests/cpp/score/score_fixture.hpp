// Small hand-made data sets for lead score tests: records with typed
// attributes and an outcome (won, lost or open) against The Model's stages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/lead_score.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf_score_test {

namespace mf = modelfunnel;

/// One record: its id, outcome ('W' won, 'L' lost, 'O' open) and values by
/// column name (a column not named is missing).
struct Lead {
  std::string id;
  char outcome = 'O';
  std::vector<std::pair<std::string, mf::AttributeValue>> values;
};

/// A data set of @p leads with @p columns; a won lead has events at lead and
/// closed_won, a lost one at lead and closed_lost, an open one at lead.
inline mf::DataSet build(const std::vector<std::pair<std::string, mf::AttributeType>>& columns,
                         const std::vector<Lead>& leads) {
  mf::DataSetBuilder b;
  std::vector<std::size_t> index;
  for (const auto& [name, type] : columns) {
    auto i = b.add_attribute(name, type);
    REQUIRE(i.ok());
    index.push_back(*i);
  }
  for (const Lead& l : leads) {
    const mf::RecordIndex r = b.record(l.id);
    for (const auto& [name, value] : l.values) {
      std::size_t c = 0;
      while (columns[c].first != name) ++c;
      REQUIRE(b.set_attribute(r, index[c], value).ok());
    }
    auto event = [&](const char* stage, std::int64_t day) {
      mf::Event e;
      e.record = r;
      e.stage = b.stage(stage);
      e.time = mf::Timestamp::from_seconds(day * 86'400);
      REQUIRE(b.add_event(e).ok());
    };
    event("lead", 1);
    if (l.outcome == 'W') event("closed_won", 9);
    if (l.outcome == 'L') event("closed_lost", 9);
  }
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  return *ds;
}

/// @p n copies of a lead with outcome @p outcome and @p values, ids prefix0, prefix1, …
inline void add(std::vector<Lead>& leads, int n, char outcome, const std::string& prefix,
                std::vector<std::pair<std::string, mf::AttributeValue>> values) {
  for (int i = 0; i < n; ++i) leads.push_back({prefix + std::to_string(i), outcome, values});
}

inline mf::LeadScoreModel fit(const mf::DataSet& data, const mf::ScoreFitOptions& options) {
  auto m = mf::score_fit(data, mf::StageGraph::the_model(), options);
  INFO(m.status());
  REQUIRE(m.ok());
  return *m;
}

inline const mf::ScoreLevel& level(const std::vector<mf::ScoreLevel>& levels, const std::string& feature,
                                   const std::string& label) {
  for (const auto& l : levels)
    if (l.feature == feature && l.label == label) return l;
  FAIL("no level " << feature << "=" << label);
  return levels.front();
}

/// The Maven CRM export (mapping and graph from examples/maven-crm), or
/// nothing when ../shared is not there.
inline std::optional<std::pair<mf::DataSet, mf::StageGraph>> load_maven() {
  const std::filesystem::path data = std::filesystem::path(MF_SHARED_DIR) / "data/maven-crm";
  if (!std::filesystem::exists(data)) return std::nullopt;
  const std::filesystem::path example = std::filesystem::path(MF_SOURCE_DIR) / "examples/maven-crm";
  auto mapping = mf::Mapping::load_file(example / "mapping.json");
  REQUIRE(mapping.ok());
  for (auto [table, file] : {std::pair{"pipeline", "sales_pipeline.csv"}, std::pair{"accounts", "accounts.csv"},
                             std::pair{"teams", "sales_teams.csv"}}) {
    mapping = mapping->with_file(table, data / file);
    REQUIRE(mapping.ok());
  }
  auto result = mf::load(*mapping);
  REQUIRE(result.ok());
  auto graph = mf::StageGraph::load_json_file(example / "stages.json");
  REQUIRE(graph.ok());
  return std::pair{std::move(result->data), *graph};
}

}  // namespace mf_score_test
