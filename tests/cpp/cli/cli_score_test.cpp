// `modelfunnel score fit|apply|report`: the model file it writes, the
// columns apply prints, the report's tables, and its exit codes.
#include <string>

#include <catch2/catch.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string kFeatures = "--features channel,segment,employees,budget_ok,need_ok";

}  // namespace

TEST_CASE("cli score: fit writes a model, apply scores every lead, report calibrates", "[cli][score]") {
  TempDir dir;
  const std::string data = dir.file("data");
  const std::string model = dir.file("model.json");
  REQUIRE(run("generate --leads 3000 --seed 4 --out '" + data + "'").code == 0);

  const Run fit = run("score fit --data '" + data + "' " + kFeatures + " --group-by owner_sdr --out '" + model + "'");
  INFO(fit.err);
  REQUIRE(fit.code == 0);
  CHECK(contains(fit.out, "What each value does"));
  CHECK(contains(fit.out, "demo_request"));
  CHECK(contains(fit.out, "Groups (owner_sdr)"));
  CHECK(contains(read_text(model), "\"format\": \"modelfunnel.lead_score\""));
  CHECK(contains(fit.out, "open ones left out"));

  const Run apply = run("score apply --model '" + model + "' --data '" + data + "' --format csv --top 2");
  REQUIRE(apply.code == 0);
  CHECK(apply.out.rfind("record_id,probability,probability_low,probability_high,raw_score,factor_1,effect_1,"
                        "factor_2,effect_2\n", 0) == 0);
  CHECK(line_count(apply.out) == 3001);
  const auto rows = csv_rows(apply.out);
  CHECK(rows[1][0] == "L0000001");
  CHECK(std::stod(rows[1][2]) <= std::stod(rows[1][1]));
  CHECK(std::stod(rows[1][1]) <= std::stod(rows[1][3]));
  // The same scores on one thread or four, and in JSON.
  CHECK(run("score apply --model '" + model + "' --data '" + data + "' --format csv --top 2 --threads 1").out == apply.out);
  CHECK(run("score apply --model '" + model + "' --data '" + data + "' --format csv --top 2 --threads 4").out == apply.out);
  const Run json = run("score apply --model '" + model + "' --data '" + data + "' --format json");
  REQUIRE(json.code == 0);
  CHECK(contains(json.out, "\"probability_low\""));

  const Run report = run("score report --model '" + model + "' --data '" + data + "' --format csv");
  REQUIRE(report.code == 0);
  CHECK(contains(report.out, "section,records,positives,auc,brier,log_loss,ece"));
  CHECK(contains(report.out, "calibration,10,"));
  const Run held_out = run("score report --data '" + data + "' " + kFeatures + " --folds 3 --format json --timing");
  REQUIRE(held_out.code == 0);
  CHECK(contains(held_out.out, "\"cross_validated\": true"));
  CHECK(contains(held_out.out, "\"plain_naive_bayes\""));
  CHECK(contains(held_out.err, "load_s="));
  CHECK(contains(held_out.err, "compute_s="));
  CHECK(contains(held_out.err, "rss_mb="));
  CHECK(run("score report --model '" + model + "' --data '" + data + "' --calibration-bins 5").code == 0);
}

TEST_CASE("cli score: what it refuses, and how", "[cli][score]") {
  TempDir dir;
  const std::string data = dir.file("data");
  const std::string model = dir.file("model.json");
  REQUIRE(run("generate --leads 500 --seed 4 --out '" + data + "'").code == 0);

  Run r = run("score");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "score needs a subcommand: fit, apply or report"));
  CHECK(run("score predict").code == 2);
  CHECK(contains(run("score --help").out, "modelfunnel score fit"));
  CHECK(contains(run("help score").out, "--calibration C"));
  r = run("score fit --data '" + data + "' --out '" + model + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--features A,B,... is required"));
  r = run("score fit --data '" + data + "' --features channel");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--out MODEL.json is required"));
  r = run("score fit --data '" + data + "' --features chanel --out '" + model + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "unknown feature 'chanel'"));
  r = run("score fit --data '" + data + "' --features created_at --out '" + model + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "a timestamp attribute cannot be a feature"));
  r = run("score fit --data '" + data + "' --features channel --calibration magic --out '" + model + "'");
  CHECK(r.code == 2);
  r = run("score fit --data '" + data + "' --features channel --prior-weight lots --out '" + model + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--prior-weight: 'lots' is not a number"));
  r = run("score fit --data '" + data + "' --features channel --outcome closed_lost --out '" + model + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "is a lost stage"));

  // A model file that is not one: the JSON path, exit 1.
  write_file(model, "{\"format\": \"modelfunnel.lead_score\", \"version\": 7}");
  r = run("score apply --model '" + model + "' --data '" + data + "'");
  CHECK(r.code == 1);
  CHECK(contains(r.err, "$.version: unsupported version 7"));
  r = run("score apply --model '" + dir.file("none.json") + "' --data '" + data + "'");
  CHECK(r.code == 1);
  CHECK(run("score apply --data '" + data + "'").code == 2);
  REQUIRE(run("score fit --data '" + data + "' --features channel --out '" + model + "'").code == 0);
  r = run("score report --model '" + model + "' --features channel --data '" + data + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "give exactly one of --model MODEL.json and --features A,B,..."));
  r = run("score report --model '" + model + "' --bins 4 --data '" + data + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--bins is a fit option"));
  r = run("score apply --model '" + model + "' --data '" + data + "' --top 17");
  CHECK(r.code == 2);
}

#endif
