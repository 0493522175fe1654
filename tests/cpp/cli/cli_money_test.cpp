// Money in the tool's output: whole units with thousands separators in the
// human tables (never 1.64419e+07), the exact value in JSON and CSV.
#include <cmath>
#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

#ifdef MF_CLI_PATH

using namespace mf_cli_test;

namespace {

/// The human table titled "@p title ..." in @p out: its header and rows, split
/// on blanks (the columns read here hold no blanks).
std::vector<std::vector<std::string>> human_table(const std::string& out, const std::string& title) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(out);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside) {
      inside = line.rfind(title, 0) == 0;
      continue;
    }
    if (line.empty()) break;
    std::istringstream words(line);
    auto& row = rows.emplace_back();
    for (std::string w; words >> w;) row.push_back(w);
  }
  return rows;
}

/// Column @p name of a human table, header excluded.
std::vector<std::string> column(const std::vector<std::vector<std::string>>& table,
                                const std::string& name) {
  std::vector<std::string> values;
  REQUIRE_FALSE(table.empty());
  std::size_t at = table[0].size();
  for (std::size_t i = 0; i < table[0].size(); ++i)
    if (table[0][i] == name) at = i;
  REQUIRE(at < table[0].size());
  for (std::size_t r = 1; r < table.size(); ++r) {
    REQUIRE(at < table[r].size());
    values.push_back(table[r][at]);
  }
  return values;
}

/// "16,441,900" -> 16441900; fails unless @p text is whole units grouped by threes.
std::int64_t grouped_units(const std::string& text) {
  static const std::regex kGrouped("-?[0-9]{1,3}(,[0-9]{3})*");
  INFO("money cell: " << text);
  CHECK(std::regex_match(text, kGrouped));
  std::string digits;
  for (char c : text)
    if (c != ',') digits += c;
  return std::stoll(digits);
}

}  // namespace

TEST_CASE("cli money: demo tables group money by thousands, JSON stays exact", "[cli][money]") {
  Run t = run("demo --leads 20000 --seed 42");
  REQUIRE(t.code == 0);
  Run j = run("demo --leads 20000 --seed 42 --format json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.out);

  const auto revenue = column(human_table(t.out, "Outcomes"), "won_revenue");
  REQUIRE(revenue.size() == doc["outcomes"].size());
  for (std::size_t i = 0; i < revenue.size(); ++i) {
    const double exact = doc["outcomes"][i]["won_revenue"].get<double>();
    CHECK(exact >= 1e6);  // large enough that %.6g would have used an exponent
    CHECK(grouped_units(revenue[i]) == static_cast<std::int64_t>(std::llround(exact)));
  }
  const auto per_point = column(human_table(t.out, "Bottlenecks"), "revenue_per_point");
  REQUIRE_FALSE(per_point.empty());
  for (const std::string& v : per_point)
    if (v != "-") grouped_units(v);

  // No money cell anywhere in the tables is spelled with an exponent.
  CHECK_FALSE(std::regex_search(t.out, std::regex("[0-9]e\\+[0-9]")));
}

TEST_CASE("cli money: report tables group money, its CSV is unchanged", "[cli][money]") {
  TempDir dir;
  const std::string data = dir.file("data");
  REQUIRE(run("generate --leads 5000 --seed 9 --out '" + data + "'").code == 0);

  Run t = run("report --data '" + data + "' --by channel");
  REQUIRE(t.code == 0);
  CHECK_FALSE(std::regex_search(t.out, std::regex("[0-9]e\\+[0-9]")));
  for (const std::string& v : column(human_table(t.out, "Outcomes"), "won_revenue"))
    grouped_units(v);

  // The peer contract's CSV keeps its %.6g spelling, whatever the tables do.
  Run c = run("report --data '" + data + "' --format csv --table groups");
  REQUIRE(c.code == 0);
  const auto rows = csv_rows(c.out);
  REQUIRE(rows.size() == 2);
  std::size_t at = 0;
  while (at < rows[0].size() && rows[0][at] != "won_revenue") ++at;
  REQUIRE(at < rows[0].size());
  CHECK(std::regex_match(rows[1][at], std::regex("[0-9.]+(e\\+[0-9]+)?")));
  CHECK(rows[1][at].find(',') == std::string::npos);
}

TEST_CASE("cli numbers: a million is 1000000 in tables and CSV, never 1e+06", "[cli][money]") {
  // 20,000,000,000 at a mean deal of 20,000 is exactly 1,000,000 wins and
  // 2,000,000 negotiations: the round numbers %g and std::to_chars() spell
  // with an exponent.
  const std::string plan = "plan --scenario '" + std::string(MF_SOURCE_DIR) + "/examples/revenue/scenario.json" +
                           "' --target 20000000000 --period 2027-Q1";
  Run t = run(plan);
  REQUIRE(t.code == 0);
  CHECK_FALSE(std::regex_search(t.out, std::regex("[0-9]e[-+][0-9]")));
  CHECK(t.out.find("wins_exact                 1000000\n") != std::string::npos);

  Run c = run(plan + " --format csv");
  REQUIRE(c.code == 0);
  CHECK_FALSE(std::regex_search(c.out, std::regex("[0-9]e[-+][0-9]")));
  const auto rows = csv_rows(c.out);
  REQUIRE(rows.size() == 8);
  CHECK(rows[6][0] == "negotiation");
  CHECK(rows[6][2] == "2000000");  // required_exact
  CHECK(rows[7][0] == "closed_won");
  CHECK(rows[7][2] == "1000000");

  Run l = run(plan + " --format csv --table leverage");
  REQUIRE(l.code == 0);
  CHECK_FALSE(std::regex_search(l.out, std::regex("[0-9]e[-+][0-9]")));
}

#endif  // MF_CLI_PATH
