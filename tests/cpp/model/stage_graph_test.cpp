// Tests of StageGraph: The Model preset, a company's own small process,
// every validation rule, the JSON form (paths, syntax positions, round
// trip) and the DOT export.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/stage_graph.hpp"

using modelfunnel::ForecastCategory;
using modelfunnel::Stage;
using modelfunnel::StageGraph;
using modelfunnel::StageKind;
using modelfunnel::Transition;
using modelfunnel::TransitionKind;

namespace {

using Ids = std::vector<std::string_view>;

Stage stage(std::string id, std::vector<std::string> teams, StageKind kind = StageKind::kOpen) {
  Stage s;
  s.name = id;
  s.id = std::move(id);
  s.teams = std::move(teams);
  s.kind = kind;
  return s;
}

Transition edge(std::string from, std::string to, TransitionKind kind = TransitionKind::kAdvance) {
  return Transition{std::move(from), std::move(to), kind};
}

/// A company's own process: inbound inquiries qualified by SDRs, demos and
/// contracts by field sales, no nurture and no recycling.
std::vector<Stage> company_stages() {
  return {stage("inquiry", {"sdr"}), stage("demo", {"field_sales"}),
          stage("contract", {"field_sales"}, StageKind::kWon),
          stage("lost", {"field_sales"}, StageKind::kLost)};
}
std::vector<Transition> company_transitions() {
  return {edge("inquiry", "demo"), edge("demo", "contract"),
          edge("inquiry", "lost", TransitionKind::kLost),
          edge("demo", "lost", TransitionKind::kLost)};
}

/// The InvalidArgument message of a failed result.
std::string error_of(const absl::StatusOr<StageGraph>& result) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

std::string company_error(std::vector<Stage> stages, std::vector<Transition> transitions) {
  return error_of(StageGraph::create(std::move(stages), std::move(transitions)));
}

std::size_t line_count(const std::string& s) {
  return 1 + static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("the_model has The Model's stages, teams and forecast data", "[stage_graph]") {
  const StageGraph g = StageGraph::the_model();
  Ids ids;
  for (const Stage& s : g.stages()) ids.push_back(s.id);
  CHECK(ids == Ids{"lead", "mql", "sql", "opportunity", "proposal", "negotiation", "closed_won",
                   "closed_lost", "nurture"});
  const auto sql = g.teams_of("sql");
  CHECK(std::vector<std::string>(sql.begin(), sql.end()) == std::vector<std::string>{"sdr", "bdr"});
  CHECK(g.teams_of("no_such_stage").empty());
  CHECK(g.teams() == Ids{"marketing", "sdr", "bdr", "field_sales"});
  CHECK(g.find_stage("sql")->name == "Sales qualified lead (BANT)");
  CHECK(g.find_stage("nope") == nullptr);
  const Stage* opportunity = g.find_stage("opportunity");
  CHECK(opportunity->probability == 0.2);
  CHECK(opportunity->forecast_category == ForecastCategory::kPipeline);
  CHECK(g.find_stage("negotiation")->forecast_category == ForecastCategory::kCommit);
  CHECK(g.find_stage("closed_won")->kind == StageKind::kWon);
  CHECK(g.find_stage("closed_lost")->kind == StageKind::kLost);
  CHECK(g.find_stage("closed_lost")->forecast_category == ForecastCategory::kOmitted);
  CHECK(g.find_stage("nurture")->kind == StageKind::kNurture);
  CHECK_FALSE(g.find_stage("nurture")->probability.has_value());
  CHECK(g.transitions().size() == 17);
}

TEST_CASE("the_model's entry stage and main path", "[stage_graph]") {
  const StageGraph g = StageGraph::the_model();
  CHECK(g.entry_stage() == "lead");
  CHECK(g.main_path() ==
        Ids{"lead", "mql", "sql", "opportunity", "proposal", "negotiation", "closed_won"});
}

TEST_CASE("the_model's hand-offs are the advance and recycle edges between team sets",
          "[stage_graph]") {
  // nurture -> mql stays inside marketing; closed_lost -> mql crosses from
  // field sales back to marketing; lost and nurture edges never count.
  CHECK(StageGraph::the_model().handoffs() ==
        std::vector<Transition>{edge("mql", "sql"), edge("sql", "opportunity"),
                                edge("closed_lost", "mql", TransitionKind::kRecycle)});
}

TEST_CASE("the_model: every stage can reach a contract through recycle or reopen",
          "[stage_graph]") {
  const StageGraph g = StageGraph::the_model();
  CHECK(g.stages_reaching_won() == Ids{"lead", "mql", "sql", "opportunity", "proposal",
                                       "negotiation", "closed_won", "closed_lost", "nurture"});
  CHECK(std::find(g.transitions().begin(), g.transitions().end(),
                  edge("closed_lost", "opportunity", TransitionKind::kReopen)) !=
        g.transitions().end());
}

TEST_CASE("a company's own four-stage process", "[stage_graph]") {
  auto g = StageGraph::create(company_stages(), company_transitions());
  REQUIRE(g.ok());
  CHECK(g->entry_stage() == "inquiry");
  CHECK(g->main_path() == Ids{"inquiry", "demo", "contract"});
  CHECK(g->handoffs() == std::vector<Transition>{edge("inquiry", "demo")});
  // Nothing leads out of "lost", so it does not reach the contract.
  CHECK(g->stages_reaching_won() == Ids{"inquiry", "demo", "contract"});
  CHECK(g->teams() == Ids{"sdr", "field_sales"});
  CHECK(*g == *StageGraph::create(company_stages(), company_transitions()));
  CHECK_FALSE(*g == StageGraph::the_model());
}

TEST_CASE("hand-offs compare team sets, not team order", "[stage_graph]") {
  auto g = StageGraph::create({stage("a", {"sdr", "bdr"}), stage("b", {"bdr", "sdr"}),
                               stage("won", {"field_sales"}, StageKind::kWon)},
                              {edge("a", "b"), edge("b", "won")});
  REQUIRE(g.ok());
  CHECK(g->handoffs() == std::vector<Transition>{edge("b", "won")});
}

TEST_CASE("main path: topological order, ties in declaration order", "[stage_graph]") {
  // Two branches from "start"; whichever is declared first comes first.
  auto build = [](std::vector<std::string> middle) {
    std::vector<Stage> stages = {stage("start", {"t"})};
    for (const auto& id : middle) stages.push_back(stage(id, {"t"}));
    stages.push_back(stage("won", {"t"}, StageKind::kWon));
    stages.push_back(stage("side", {"t"}, StageKind::kNurture));
    return StageGraph::create(
        stages, {edge("start", "left"), edge("start", "right"), edge("left", "won"),
                 edge("right", "won"), edge("start", "side", TransitionKind::kNurture)});
  };
  auto left_first = build({"left", "right"});
  auto right_first = build({"right", "left"});
  REQUIRE(left_first.ok());
  REQUIRE(right_first.ok());
  // "side" is reached by a nurture edge only: not on the main path.
  CHECK(left_first->main_path() == Ids{"start", "left", "right", "won"});
  CHECK(right_first->main_path() == Ids{"start", "right", "left", "won"});
}

TEST_CASE("validation: no stages", "[stage_graph][validation]") {
  CHECK(company_error({}, {}) == "the graph has no stages");
}

TEST_CASE("validation: empty stage id", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages.push_back(stage("", {"sdr"}, StageKind::kLost));
  CHECK(company_error(stages, company_transitions()) == "stages[4] has an empty id");
}

TEST_CASE("validation: duplicate stage ids", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages.push_back(stage("demo", {"sdr"}));
  CHECK(company_error(stages, company_transitions()) ==
        "stage id \"demo\" is declared more than once, at stages[1], stages[4]");
}

TEST_CASE("validation: stage without a team, empty or repeated team id",
          "[stage_graph][validation]") {
  auto stages = company_stages();
  stages[0].teams.clear();
  CHECK(company_error(stages, company_transitions()) == "stage \"inquiry\" has no team");
  stages[0].teams = {"sdr", ""};
  CHECK(company_error(stages, company_transitions()) == "stage \"inquiry\" has an empty team id");
  stages[0].teams = {"sdr", "bdr", "sdr"};
  CHECK(company_error(stages, company_transitions()) ==
        "stage \"inquiry\" lists team \"sdr\" twice");
}

TEST_CASE("validation: transitions naming unknown stages say which end",
          "[stage_graph][validation]") {
  auto transitions = company_transitions();
  transitions.push_back(edge("demo", "contrat"));
  transitions.push_back(edge("inquery", "lost", TransitionKind::kLost));
  // Only these two: the graph's shape is not judged with a typo in it.
  CHECK(company_error(company_stages(), transitions) ==
        "transitions[4] (demo -> contrat, advance) names unknown target stage \"contrat\"\n"
        "transitions[5] (inquery -> lost, lost) names unknown source stage \"inquery\"");
}

TEST_CASE("validation: duplicate transition", "[stage_graph][validation]") {
  auto transitions = company_transitions();
  transitions.push_back(edge("demo", "contract"));
  transitions.push_back(edge("demo", "contract", TransitionKind::kReopen));  // other kind: fine
  CHECK(company_error(company_stages(), transitions) ==
        "transitions[4] (demo -> contract, advance) duplicates transitions[1]");
}

TEST_CASE("validation: advance self-loop", "[stage_graph][validation]") {
  auto transitions = company_transitions();
  transitions.push_back(edge("demo", "demo"));
  CHECK(company_error(company_stages(), transitions) ==
        "transitions[4] (demo -> demo, advance) is an advance edge from a stage to itself");
}

TEST_CASE("validation: a cycle of advance edges is printed", "[stage_graph][validation]") {
  const std::string message = company_error(
      {stage("a", {"t"}), stage("b", {"t"}), stage("c", {"t"}), stage("d", {"t"}),
       stage("won", {"t"}, StageKind::kWon)},
      {edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "b"), edge("c", "won")});
  CHECK(message == "advance edges form a cycle: b -> c -> d -> b");
}

TEST_CASE("validation: an open stage that cannot reach a won stage", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages.push_back(stage("dead_end", {"sdr"}));
  auto transitions = company_transitions();
  transitions.push_back(edge("inquiry", "dead_end"));
  CHECK(company_error(stages, transitions) == "open stage \"dead_end\" cannot reach any won stage");
}

TEST_CASE("validation: lost and nurture stages need not reach a won stage",
          "[stage_graph][validation]") {
  auto stages = company_stages();
  stages.push_back(stage("later", {"marketing"}, StageKind::kNurture));
  auto transitions = company_transitions();
  transitions.push_back(edge("inquiry", "later", TransitionKind::kNurture));
  CHECK(StageGraph::create(stages, transitions).ok());
}

TEST_CASE("validation: no won stage", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages[2].kind = StageKind::kOpen;
  CHECK(company_error(stages, company_transitions()) ==
        "no stage has kind won, so no stage can reach a contract");
}

TEST_CASE("validation: no entry stage, or several", "[stage_graph][validation]") {
  auto transitions = company_transitions();
  transitions.push_back(edge("demo", "inquiry", TransitionKind::kLost));
  CHECK(company_error(company_stages(), transitions) ==
        "no entry stage: every stage has an incoming advance, nurture or lost edge");

  auto stages = company_stages();
  stages.push_back(stage("event", {"marketing"}));
  transitions = company_transitions();
  transitions.push_back(edge("event", "demo"));
  CHECK(company_error(stages, transitions) ==
        "several entry stages (no incoming advance, nurture or lost edge): \"inquiry\", \"event\"");
}

TEST_CASE("validation: recycle and reopen edges do not hide the entry",
          "[stage_graph][validation]") {
  auto transitions = company_transitions();
  transitions.push_back(edge("lost", "inquiry", TransitionKind::kRecycle));
  transitions.push_back(edge("lost", "demo", TransitionKind::kReopen));
  auto g = StageGraph::create(company_stages(), transitions);
  REQUIRE(g.ok());
  CHECK(g->entry_stage() == "inquiry");
}

TEST_CASE("validation: probability outside [0, 1] or NaN", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages[1].probability = 1.5;
  CHECK(company_error(stages, company_transitions()) ==
        "stage \"demo\" has probability 1.5, outside [0, 1]");
  stages[1].probability = std::numeric_limits<double>::quiet_NaN();
  CHECK(company_error(stages, company_transitions()) ==
        "stage \"demo\" has probability NaN, outside [0, 1]");
  stages[1].probability = 0.0;
  CHECK(StageGraph::create(stages, company_transitions()).ok());
}

TEST_CASE("validation lists every problem, one per line", "[stage_graph][validation]") {
  auto stages = company_stages();
  stages[0].teams.clear();
  stages[1].probability = -0.1;
  auto transitions = company_transitions();
  transitions.push_back(edge("demo", "demo"));
  const std::string message = company_error(stages, transitions);
  CHECK(line_count(message) == 3);
  CHECK_THAT(message, Catch::Contains("stage \"inquiry\" has no team"));
  CHECK_THAT(message, Catch::Contains("stage \"demo\" has probability -0.1"));
  CHECK_THAT(message, Catch::Contains("(demo -> demo, advance) is an advance edge"));
}

TEST_CASE("JSON: the_model round-trips and matches examples/graphs/the_model.json",
          "[stage_graph][json]") {
  const StageGraph g = StageGraph::the_model();
  const std::string json = g.to_json();
  auto back = StageGraph::from_json(json);
  REQUIRE(back.ok());
  CHECK(*back == g);
  CHECK(back->to_json() == json);
#ifdef MF_SOURCE_DIR
  // The example is exactly what to_json() writes, so it never goes stale.
  const auto path = std::filesystem::path(MF_SOURCE_DIR) / "examples/graphs/the_model.json";
  std::ostringstream example;
  example << std::ifstream(path).rdbuf();
  CHECK(example.str() == json);
  REQUIRE(StageGraph::load_json_file(path).ok());
#endif
}

TEST_CASE("JSON: defaults, team shorthand and the written form", "[stage_graph][json]") {
  auto g = StageGraph::from_json(R"({
    "stages": [
      {"id": "in", "team": "sdr"},
      {"id": "won", "name": "Won", "teams": ["field_sales", "customer_success"], "kind": "won",
       "probability": 1, "forecast_category": "closed"}
    ],
    "transitions": [{"from": "in", "to": "won"}]
  })");
  REQUIRE(g.ok());
  const Stage& in = g->stages()[0];
  CHECK(in.name == "in");
  CHECK(in.teams == std::vector<std::string>{"sdr"});
  CHECK(in.kind == StageKind::kOpen);
  CHECK_FALSE(in.probability.has_value());
  CHECK(g->transitions()[0].kind == TransitionKind::kAdvance);
  CHECK(g->stages()[1].probability == 1.0);
  // The written form, pinned; a single won stage is a valid graph.
  auto single = StageGraph::from_json(R"({"stages": [{"id": "w", "team": "t", "kind": "won"}]})");
  REQUIRE(single.ok());
  CHECK(single->to_json() == R"({
  "version": 1,
  "stages": [
    {
      "id": "w",
      "name": "w",
      "teams": [
        "t"
      ],
      "kind": "won"
    }
  ],
  "transitions": []
}
)");
  CHECK(*StageGraph::from_json(g->to_json()) == *g);
}

TEST_CASE("JSON: unknown keys are named by their path", "[stage_graph][json]") {
  CHECK(error_of(
            StageGraph::from_json(R"({"stages": [{"id": "a", "team": "t"}, {"id": "b", "team": "t"},
      {"id": "c", "team": "t", "kidn": "won"}], "transitons": []})")) ==
        "$.stages[2].kidn: unknown key\n$.transitons: unknown key");
  CHECK(error_of(StageGraph::from_json(
            R"({"stages": [], "transitions": [{"from": "a", "to": "b", "odd key": 1}]})")) ==
        "$.transitions[0][\"odd key\"]: unknown key");
}

TEST_CASE("JSON: type errors name the path and the expected type", "[stage_graph][json]") {
  CHECK(error_of(StageGraph::from_json(R"({"stages": [{"id": "a", "teams": ["t", 7]}]})")) ==
        "$.stages[0].teams[1]: expected a string, got number");
  CHECK(error_of(StageGraph::from_json(R"({"stages": [{"id": "a", "teams": "t"}]})")) ==
        "$.stages[0].teams: expected an array of strings, got string");
  CHECK(error_of(StageGraph::from_json(
            R"({"stages": [{"id": "a", "team": "t", "probability": "high"}]})")) ==
        "$.stages[0].probability: expected a number, got string");
  CHECK(error_of(StageGraph::from_json(R"({"stages": {}})")) ==
        "$.stages: expected an array, got object");
  CHECK(error_of(StageGraph::from_json(R"({"stages": [3]})")) ==
        "$.stages[0]: expected an object, got number");
  CHECK(error_of(StageGraph::from_json("[]")) == "$: expected an object, got array");
  CHECK(error_of(StageGraph::from_json(R"({"version": "1", "stages": []})")) ==
        "$.version: expected the number 1, got string");
}

TEST_CASE("JSON: enum values, required keys, version, team and teams", "[stage_graph][json]") {
  CHECK(
      error_of(StageGraph::from_json(R"({"stages": [{"id": "a", "team": "t", "kind": "opn"}]})")) ==
      "$.stages[0].kind: unknown value \"opn\"; expected one of open, won, lost, nurture");
  CHECK(
      error_of(StageGraph::from_json(
          R"({"stages": [{"id": "a", "team": "t"}], "transitions": [{"from": "a", "to": "a", "kind": "back"}]})")) ==
      "$.transitions[0].kind: unknown value \"back\"; expected one of advance, nurture, recycle, "
      "lost, reopen");
  CHECK(
      error_of(
          StageGraph::from_json(R"({"stages": [{"team": "t"}], "transitions": [{"to": "a"}]})")) ==
      "$.stages[0]: missing required key \"id\"\n$.transitions[0]: missing required key \"from\"");
  CHECK(error_of(StageGraph::from_json(R"({"transitions": []})")) ==
        "$: missing required key \"stages\"");
  CHECK(error_of(StageGraph::from_json(R"({"version": 2, "stages": []})")) ==
        "$.version: unsupported version 2; this library reads version 1");
  CHECK(error_of(
            StageGraph::from_json(R"({"stages": [{"id": "a", "team": "t", "teams": ["t"]}]})")) ==
        "$.stages[0]: has both \"team\" and \"teams\"; give one");
}

TEST_CASE("JSON: a valid document can still fail validation", "[stage_graph][json]") {
  CHECK(
      error_of(StageGraph::from_json(R"({"version": 1, "stages": [{"id": "a", "team": "t"}]})")) ==
      "no stage has kind won, so no stage can reach a contract");
}

TEST_CASE("JSON: syntax errors give line and column", "[stage_graph][json]") {
  // The column is that of the last character read: the end of the
  // offending token.
  CHECK_THAT(error_of(StageGraph::from_json(
                 "{\n  \"stages\": [\n    {\"id\": \"a\" \"team\": \"t\"}\n  ]\n}")),
             Catch::StartsWith("line 3, column 21: syntax error while parsing object"));
  CHECK_THAT(error_of(StageGraph::from_json("{\"stages\": [}")),
             Catch::StartsWith("line 1, column 13: "));
  CHECK_THAT(error_of(StageGraph::from_json("{\n\"stages\": [\n")),
             Catch::StartsWith("line 3, column 1: "));
  CHECK_THAT(error_of(StageGraph::from_json("")), Catch::StartsWith("line 1, column 1: "));
}

TEST_CASE("JSON: a number too large for a double", "[stage_graph][json]") {
  CHECK(error_of(StageGraph::from_json(
            R"({"stages": [{"id": "a", "team": "t", "probability": 1e400}]})")) ==
        "invalid JSON: number overflow parsing '1e400'");
}

TEST_CASE("JSON: no exception escapes on hostile input", "[stage_graph][json]") {
  for (const char* text :
       {"\xff\xfe", "{\"stages\": [\"\xc3\x28\"]}", "[[[[[[[[", "1e999999", "null",
        "{\"stages\": [{\"id\": null, \"teams\": [null], \"probability\": 1e400}]}"}) {
    CHECK_NOTHROW(StageGraph::from_json(text));
    CHECK_FALSE(StageGraph::from_json(text).ok());
  }
}

TEST_CASE("load_json_file: errors start with the path", "[stage_graph][json]") {
  const auto dir = std::filesystem::temp_directory_path();
  const auto missing = dir / "modelfunnel_stage_graph_missing.json";
  auto none = StageGraph::load_json_file(missing);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == absl::StatusCode::kNotFound);
  CHECK_THAT(std::string(none.status().message()),
             Catch::StartsWith(missing.string() + ": cannot open"));

  const auto bad = dir / "modelfunnel_stage_graph_bad.json";
  std::ofstream(bad) << R"({"stages": [{"id": "a", "kidn": "won", "team": 1}]})";
  const std::string message = error_of(StageGraph::load_json_file(bad));
  CHECK(message == bad.string() + ": $.stages[0].kidn: unknown key\n" + bad.string() +
                       ": $.stages[0].team: expected a string, got number");
  std::filesystem::remove(bad);
}

TEST_CASE("DOT: every stage and transition, styled by kind, clustered by team",
          "[stage_graph][dot]") {
  const StageGraph g = StageGraph::the_model();
  const std::string dot = g.to_dot();
  CHECK_THAT(dot, Catch::StartsWith("digraph "));
  CHECK(dot.back() == '\n');
  CHECK(dot.substr(dot.size() - 2) == "}\n");
  for (const Stage& s : g.stages()) {
    CHECK_THAT(dot, Catch::Contains("\"" + s.id + "\"[label="));
  }
  for (const Transition& t : g.transitions()) {
    CHECK_THAT(dot, Catch::Contains("\"" + t.from + "\"->\"" + t.to + "\" "));
  }
  CHECK_THAT(dot, Catch::Contains("\"sql\"[label=\"Sales qualified lead (BANT)\\n(sdr, bdr)\"]"));
  CHECK_THAT(dot, Catch::Contains("\"mql\"->\"sql\" [style=solid]"));
  CHECK_THAT(dot, Catch::Contains("\"mql\"->\"nurture\" [style=dashed]"));
  CHECK_THAT(dot, Catch::Contains("\"nurture\"->\"mql\" [style=dotted]"));
  CHECK_THAT(dot, Catch::Contains("\"lead\"->\"closed_lost\" [color=red]"));
  CHECK_THAT(dot, Catch::Contains("\"closed_lost\"->\"opportunity\" [color=blue]"));
  CHECK_THAT(dot, Catch::Contains("subgraph \"cluster_marketing\" "
                                  "{\nlabel=\"marketing\";\n\"lead\"; \"mql\"; \"nurture\";\n}"));
  // sql is owned by two teams: it sits in no cluster.
  CHECK_THAT(dot, !Catch::Contains("\"sql\";"));
  CHECK(std::count(dot.begin(), dot.end(), '{') == std::count(dot.begin(), dot.end(), '}'));
}

TEST_CASE("DOT: ids that are DOT keywords and names with quotes are quoted", "[stage_graph][dot]") {
  auto stages = std::vector<Stage>{stage("node", {"t"}), stage("edge", {"t"}, StageKind::kWon)};
  stages[0].name = "Say \"hi\"";
  auto g = StageGraph::create(stages, {edge("node", "edge")});
  REQUIRE(g.ok());
  const std::string dot = g->to_dot();
  CHECK_THAT(dot, Catch::Contains("\"node\"[label=\"Say \\\"hi\\\"\\n(t)\"];"));
  CHECK_THAT(dot, Catch::Contains("\"node\"->\"edge\" [style=solid];"));
}

TEST_CASE("enum names are the JSON spellings", "[stage_graph]") {
  CHECK(modelfunnel::to_string(StageKind::kNurture) == "nurture");
  CHECK(modelfunnel::to_string(ForecastCategory::kBestCase) == "best_case");
  CHECK(modelfunnel::to_string(TransitionKind::kReopen) == "reopen");
  CHECK(modelfunnel::to_string(static_cast<StageKind>(200)) == "unknown");
}
