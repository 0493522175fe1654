// `modelfunnel dashboard`: the page written where --out says, with --by,
// --from/--to, --period, --rules, --threads and --timing; usage errors.
#include <catch2/catch.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

const std::string& dashboard_data() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string d = (dir.path() / "data").string();
    REQUIRE(run("generate --leads 2000 --seed 9 --out '" + d + "'").code == 0);
    return d;
  }();
  return path;
}

}  // namespace

TEST_CASE("cli dashboard writes the page and says where", "[cli][dashboard]") {
  TempDir out;
  const std::string page = (out.path() / "dash.html").string();
  Run r = run("dashboard --data '" + dashboard_data() + "' --out '" + page +
              "' --by channel,segment --from 2024-07-01 --to 2025-01-01 --period week --threads 1 "
              "--rules '" MF_SOURCE_DIR "/examples/qualify/bant.json' --timing --title 'Q3 <team>'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.err, "dashboard written to " + page));
  CHECK(contains(r.err, "load_s="));
  CHECK(contains(r.err, " compute_s="));
  CHECK(contains(r.err, " rss_mb="));
  const std::string html = read_text(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "Q3 &lt;team&gt;"));
  CHECK(contains(html, "<section id=\"qualification\""));
  CHECK(contains(html, "data-by=\"segment\""));
  CHECK(contains(html, "by week of funnel entry"));
}

TEST_CASE("cli dashboard usage errors exit 2 with the flag named", "[cli][dashboard]") {
  Run r = run("dashboard --data '" + dashboard_data() + "'");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--out FILE is required"));
  TempDir out;
  const std::string page = (out.path() / "x.html").string();
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --by nope");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "no attribute 'nope'"));
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --period year");
  CHECK(r.code == 2);
  r = run("dashboard --data '" + dashboard_data() + "' --out '" + page + "' --from 2025-01-01 --to 2024-01-01");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "from must be before to"));
  r = run("dashboard --help");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "usage: modelfunnel dashboard"));
}

#endif  // MF_CLI_PATH
