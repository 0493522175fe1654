// Where a command's data comes from; see data_source.hpp.
#include "data_source.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "progress.hpp"

namespace modelfunnel::cli {
namespace {

// The mapping with the positional FILE arguments applied.
Mapping bind_files(Mapping mapping, const std::vector<std::string>& files) {
  const std::vector<std::string> tables = mapping.table_names();
  auto named_table = [&](const std::string& arg) -> std::optional<std::string> {
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos) return std::nullopt;
    std::string table = arg.substr(0, eq);
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) return std::nullopt;
    return table;
  };
  // Plain paths fill the tables that no TABLE=PATH argument names, in order.
  std::vector<std::string> open_tables = tables;
  for (const std::string& f : files) {
    if (auto t = named_table(f)) std::erase(open_tables, *t);
  }
  std::size_t next = 0;
  for (const std::string& f : files) {
    std::string table;
    std::string path = f;
    if (auto t = named_table(f)) {
      table = *t;
      path = f.substr(t->size() + 1);
    } else if (next < open_tables.size()) {
      table = open_tables[next++];
    } else {
      throw UsageError("too many files: the mapping has " + std::to_string(tables.size()) +
                       " table(s), and '" + f + "' is not TABLE=PATH for one of them");
    }
    absl::StatusOr<Mapping> bound = mapping.with_file(table, path);
    if (!bound.ok()) throw UsageError(std::string(bound.status().message()));
    mapping = *std::move(bound);
  }
  return mapping;
}

Mapping read_mapping(const std::string& file, const Args& args) {
  absl::StatusOr<Mapping> m = Mapping::load_file(file);
  if (!m.ok()) throw RuntimeError(std::string(m.status().message()));
  return bind_files(*std::move(m), args.positionals());
}

}  // namespace

std::pair<StageGraph, std::string> choose_graph(const Args& args, const Mapping& mapping) {
  std::optional<std::filesystem::path> file;
  if (auto g = args.value("graph")) file = *g;
  else file = mapping.graph_file();
  if (!file) return {StageGraph::the_model(), "the_model"};
  absl::StatusOr<StageGraph> graph = StageGraph::load_json_file(*file);
  if (!graph.ok()) throw RuntimeError(std::string(graph.status().message()));
  return {*std::move(graph), file->string()};
}

Mapping data_mapping(const Args& args) {
  const std::optional<std::string> data_dir = args.value("data");
  const std::optional<std::string> map_file = args.value("map");
  if (data_dir.has_value() == map_file.has_value()) {
    throw UsageError("give exactly one of --data DIR and --map MAPPING");
  }
  if (data_dir && !args.positionals().empty()) {
    throw UsageError("FILE arguments need --map; --data reads leads.csv and events.csv");
  }
  return data_dir ? Mapping::canonical(*data_dir) : read_mapping(*map_file, args);
}

Mapping canonical_with_touches(const std::string& dir) { return with_canonical_touches(Mapping::canonical(dir), dir); }

Mapping with_canonical_touches(const Mapping& base, const std::string& dir) {
  Mapping mapping = base;
  const std::filesystem::path touches = std::filesystem::path(dir) / "touches.csv";
  const std::filesystem::path campaigns = std::filesystem::path(dir) / "campaigns.csv";
  const bool has_touches = std::filesystem::exists(touches), has_campaigns = std::filesystem::exists(campaigns);
  if (!has_touches && !has_campaigns) return mapping;
  nlohmann::json json = nlohmann::json::parse(mapping.to_json());
  if (has_touches)
    json["tables"].push_back({{"name", "touches"}, {"kind", "touches"}, {"file", touches.string()},
                              {"record", "lead_id"}, {"time", {{"column", "ts"}, {"format", "iso8601"}}},
                              {"campaign", "campaign"}, {"channel", "channel"}, {"interaction", "interaction"},
                              {"cost", "cost"}});
  if (has_campaigns)
    json["tables"].push_back({{"name", "campaigns"}, {"kind", "campaigns"}, {"file", campaigns.string()},
                              {"id", "campaign"}, {"campaign_name", "name"}, {"type", "type"}, {"cost", "cost"},
                              {"start", {{"column", "start"}, {"format", "iso8601"}}}});
  absl::StatusOr<Mapping> with = Mapping::from_json(json.dump());
  if (!with.ok()) throw RuntimeError(std::string(with.status().message()));
  return *std::move(with);
}

Mapping data_mapping_skipping_unknown(const Args& args) {
  Mapping mapping = data_mapping(args);
  if (!args.value("data")) return mapping;
  // The canonical mapping with one key changed; its own JSON, so the
  // replaced text is known to be there once.
  std::string json = mapping.to_json();
  const std::string from = "\"unknown_records\": \"error\"";
  const std::size_t at = json.find(from);
  if (at == std::string::npos) return mapping;
  json.replace(at, from.size(), "\"unknown_records\": \"skip\"");
  absl::StatusOr<Mapping> skipping = Mapping::from_json(json);
  if (!skipping.ok()) throw RuntimeError(std::string(skipping.status().message()));
  return *std::move(skipping);
}

DataSet load_engine_data(const Args& args, const Mapping& mapping, Report& notes_to, BadRows bad_rows) {
  constexpr std::string_view kPolicies[] = {"strict", "skip"};
  const bool skip =
      bad_rows == BadRows::kPolicyFlag && args.choice("policy", "strict", kPolicies) == "skip";
  const bool canonical = args.value("data").has_value();
  LoadOptions options;
  options.policy = skip || canonical ? ErrorPolicy::kSkip : ErrorPolicy::kStrict;
  options.threads = threads_flag(args);
  Progress progress("loading", Progress::Unit::kBytes);
  options.progress = progress.callback();
  absl::StatusOr<LoadResult> result = load(mapping, options);
  progress.finish();
  if (!result.ok()) throw RuntimeError(std::string(result.status().message()));
  std::uint64_t unknown = 0, other = 0;
  for (const RowError& e : result->report.rejected) {
    if (canonical && e.rule == "ref.unknown_record") {
      ++unknown;
      continue;
    }
    if (!skip) throw RuntimeError(e.to_string());
    ++other;
  }
  if (unknown)
    notes_to.notes.push_back(std::to_string(unknown) +
                             " events name leads that leads.csv does not have; they were ignored.");
  if (other)
    notes_to.notes.push_back(std::to_string(other) +
                             " bad rows were skipped (--policy skip); 'modelfunnel load' lists them.");
  return std::move(result->data);
}

}  // namespace modelfunnel::cli
