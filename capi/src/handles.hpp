// handles.hpp — what the opaque C handles hold.
//
// Each handle owns a C++ object plus whatever the C accessors need to answer
// by index in O(1) (stage indexes of transitions, the main path as indexes,
// table names as strings). Everything is computed when the handle is made,
// so a const handle is never written again and can be read from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/modelfunnel.h"
#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/qualify.hpp"
#include "modelfunnel/reengage.hpp"
#include "modelfunnel/stage_graph.hpp"
#include "modelfunnel/summary.hpp"
#include "modelfunnel/tiering.hpp"

struct mf_text {
  std::string text;
};

// Here rather than in qualify.cpp: the dashboard takes rules too.
struct mf_qualify_rules {
  modelfunnel::QualifyRules rules;
};

// Here rather than in reengage.cpp and tiering.cpp: the dashboard takes a
// policy, accounts and a fit model too.
struct mf_reengage_policy {
  modelfunnel::ReengagePolicy policy;
};

struct mf_tier_model {
  modelfunnel::FitModel model;
};

// Read as typed columns (what tiers millions of accounts fastest). The
// same handle holds contacts, activities and deals, which are read as rows:
// those are made from the columns once, on first need (std::call_once, so
// any thread may ask), and kept — the one thing a const handle makes late.
struct mf_tier_accounts {
  explicit mf_tier_accounts(modelfunnel::CsvColumns c) : columns(std::move(c)) {}
  modelfunnel::CsvColumns columns;
  /// The rows of `columns` (throws as unwrap() when they cannot be made).
  const modelfunnel::CsvTable& rows() const;

 private:
  mutable std::once_flag rows_made_;
  mutable modelfunnel::CsvTable rows_;
};

struct mf_graph {
  explicit mf_graph(modelfunnel::StageGraph g);

  modelfunnel::StageGraph graph;
  std::size_t entry = 0;                       // stage index of the entry stage
  std::vector<std::size_t> main_path;          // stage indexes
  std::vector<std::size_t> transition_from;    // stage index, per transition
  std::vector<std::size_t> transition_to;      // stage index, per transition
  std::vector<std::uint8_t> handoff;           // 0/1, per transition
  std::vector<std::uint8_t> reaches_won;       // 0/1, per stage
  std::vector<const std::string*> teams;       // every team id, first appearance
};

struct mf_graph_builder {
  std::vector<modelfunnel::Stage> stages;
  std::vector<modelfunnel::Transition> transitions;
};

struct mf_mapping {
  explicit mf_mapping(modelfunnel::Mapping m);

  modelfunnel::Mapping mapping;
  std::vector<std::string> tables;       // loading order
  std::vector<std::string> files;        // per table, as resolved
  std::optional<std::string> graph_file;
};

struct mf_load_report {
  modelfunnel::LoadReport report;
};

struct mf_dataset {
  modelfunnel::DataSet data;
};

struct mf_dataset_builder {
  modelfunnel::DataSetBuilder builder;
};

struct mf_summary {
  modelfunnel::DataSummary summary;
};

struct mf_funnel_report {
  modelfunnel::FunnelReport report;
};
