// Accounts read into typed columns (read_csv_columns()) against the same
// file read as rows (read_csv_table()): what reading finds in each column,
// and tier_accounts() on both — on seeded messy inputs (blanks, odd case
// and spacing, aliases, ties, shuffled, sorted and repeated ids, numbers
// that are not, yes/no that is not) the same tiers, scores, flags and
// points to the bit, or the same error word for word.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/csv_columns.hpp"
#include "tiering_fixture.hpp"

using namespace mf_tier_test;

namespace {

mf::CsvColumns columns_of(const std::string& csv, unsigned threads = 1) {
  auto c = mf::parse_csv_columns(csv, "accounts.csv", threads);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *std::move(c);
}

struct Messy {
  std::string csv, model;
  mf::TierOptions options;
};

/// Like the differential test's inputs, messier: a few ids blank or
/// repeated, a few numbers and yes/no values that are not, numbers written
/// `+5`, `1e2`, ` 300 `; ids shuffled, sorted, or sorted with spaces.
Messy make_messy(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  Messy c;
  const int n = 1 + pick(80);
  const char* policies[] = {"lowest", "highest", "midpoint"};
  const bool rollup = pick(3) == 0;
  c.model = R"({"version": 1, "id": "name", "attributes": )" + messy_attributes(pick(3) == 0) + R"(,
    "tiers": [{"name": "A", "share": 0.15}, {"name": "B", "share": 0.25, "floor": 20}, {"name": "C", "share": 0.6}],
    "while_uncertain": ")" + std::string(policies[pick(3)]) + R"(")" + (rollup ? R"(, "rollup": "parent")" : "") + "}";
  const char* sectors[] = {"software", " Software", "SOFTWARE ", "sofware", "finance", "Finance", "retail", "mining", "", " "};
  const char* bools[] = {"yes", "no", "TRUE", "0", "", "y", " N "};
  const char* numbers[] = {"+500", "1e2", " 300 ", "250.5", "-7", "", " ", "0"};
  const int order = pick(3);  // 0: shuffled, 1: sorted, 2: sorted with spaces around some ids
  const bool break_ids = pick(4) == 0, break_values = pick(4) == 0;
  c.csv = "name,sector,employees,revenue,public,parent\n";
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    std::string id = order == 0 ? "acct" + std::to_string(pick(1000)) + "_" + std::to_string(i)
                                : "acct" + std::to_string(10000 + i);
    ids.push_back(id);
    if (order != 1 && pick(5) == 0) id = " " + id;
    if (break_ids && pick(30) == 0) id = pick(2) ? "" : ids[static_cast<std::size_t>(pick(i + 1))];
    std::string parent;
    if (i > 0 && pick(4) == 0) parent = ids[static_cast<std::size_t>(pick(i))];
    if (pick(20) == 0) parent = "not_an_account";
    std::string employees = pick(4) == 0 ? numbers[pick(8)] : std::to_string(100 * pick(12));
    std::string revenue = pick(4) == 0 ? numbers[pick(8)] : std::to_string(25 * pick(12));
    std::string yes_no = bools[pick(7)];
    if (break_values && pick(25) == 0) employees = pick(2) ? "12x" : "nan";
    if (break_values && pick(25) == 0) revenue = "\"1,000\"";
    if (break_values && pick(25) == 0) yes_no = "maybe";
    c.csv += id + "," + sectors[pick(10)] + "," + employees + "," + revenue + "," + yes_no + "," + parent + "\n";
  }
  for (int i = 0; i < n; ++i) {
    if (!rollup && pick(10) == 0) c.options.pins.push_back({ids[static_cast<std::size_t>(i)], "B", "test"});
    if (pick(3) == 0) c.options.previous.push_back({ids[static_cast<std::size_t>(i)], pick(2) ? "A" : "C"});
  }
  if (pick(2) == 0) c.options.stability_margin = pick(3) * 5.0;
  c.options.threads = 1 + static_cast<unsigned>(pick(3));
  return c;
}

/// Equal to the bit, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void check_same(const mf::TieringColumns& a, const mf::TieringColumns& b) {
  REQUIRE(a.size() == b.size());
  CHECK(a.rank_rows == b.rank_rows);
  CHECK(a.id_text == b.id_text);
  CHECK(a.id_end == b.id_end);
  CHECK(a.score == b.score);
  CHECK(a.score_low == b.score_low);
  CHECK(a.score_high == b.score_high);
  CHECK(a.tier == b.tier);
  CHECK(a.reason == b.reason);
  CHECK(a.uncertain == b.uncertain);
  CHECK(a.research == b.research);
  CHECK(a.organisation == b.organisation);
  CHECK(a.previous_tier == b.previous_tier);
  CHECK(a.pin == b.pin);
  CHECK(a.pin_reasons == b.pin_reasons);
  REQUIRE(a.points.size() == b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) CHECK(same(a.points[i], b.points[i]));
  CHECK(a.rolled_up == b.rolled_up);
  CHECK(a.unknown_parents == b.unknown_parents);
  CHECK(a.previous_unknown == b.previous_unknown);
  REQUIRE(a.tiers.size() == b.tiers.size());
  for (std::size_t t = 0; t < a.tiers.size(); ++t) {
    CHECK(a.tiers[t].count == b.tiers[t].count);
    CHECK(a.tiers[t].target == b.tiers[t].target);
    CHECK(a.tiers[t].uncertain == b.tiers[t].uncertain);
    CHECK(a.tiers[t].kept == b.tiers[t].kept);
    CHECK(a.tiers[t].min_score == b.tiers[t].min_score);
    CHECK(a.tiers[t].max_score == b.tiers[t].max_score);
  }
}

}  // namespace

TEST_CASE("csv columns: numbers, distinct values, order and spaces as read", "[tiering][columns]") {
  const auto c = columns_of("id,n,s,mixed\n a1,+5, x,1\na2,,y,two\na3, 1e2 , x,3\n");
  REQUIRE(c.rows() == 3);
  CHECK(c.lines == std::vector<std::int64_t>{2, 3, 4});
  const mf::CsvColumn* id = c.column("id");
  REQUIRE(id != nullptr);
  CHECK(id->increasing);
  CHECK_FALSE(id->trimmed);
  CHECK(id->cell(0) == " a1");
  const mf::CsvColumn* n = c.column("n");
  REQUIRE(n->numbers.size() == 3);
  CHECK(n->numbers[0] == 5);
  CHECK(std::isnan(n->numbers[1]));
  CHECK(n->numbers[2] == 100);
  CHECK(n->values == std::vector<std::string>{"+5", "", " 1e2 "});
  const mf::CsvColumn* s = c.column("s");
  CHECK(s->numbers.empty());
  CHECK(s->values == std::vector<std::string>{" x", "y"});
  CHECK(s->codes == std::vector<std::uint32_t>{0, 1, 0});
  CHECK_FALSE(s->increasing);
  CHECK(c.column("mixed")->numbers.empty());
  CHECK(c.column("nothing") == nullptr);
  CHECK(c.where(1, 2) == "accounts.csv:3:3");
}

TEST_CASE("csv columns: the rows come back as read_csv_table reads them, errors too", "[tiering][columns]") {
  const std::string csv = "id,a,b\nx,\"1,5\",\"say \"\"hi\"\"\"\ny,,\n";
  const auto c = columns_of(csv);
  auto back = mf::to_csv_table(c);
  REQUIRE(back.ok());
  const auto rows = table(csv);
  CHECK(back->header == rows.header);
  CHECK(back->rows == rows.rows);
  CHECK(back->lines == rows.lines);
  auto again = mf::csv_columns_from(rows);
  REQUIRE(again.ok());
  CHECK(again->columns[1].text == c.columns[1].text);
  CHECK(again->columns[1].end == c.columns[1].end);
  for (const std::string bad : {"id,a\nx,1,2\n", "id,a\nx,\"1\n", "id,a\nx,1\"2\n", "id,id\nx,1\n"}) {
    const auto as_rows = mf::parse_csv_table(bad, "bad.csv");
    const auto as_columns = mf::parse_csv_columns(bad, "bad.csv");
    REQUIRE_FALSE(as_rows.ok());
    REQUIRE_FALSE(as_columns.ok());
    CHECK(as_columns.status() == as_rows.status());
  }
  CHECK(mf::read_csv_columns("/no/such/file.csv").status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("tier: typed columns give what the rows give, on 600 messy inputs", "[tiering][columns][differential]") {
  int errors = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    INFO("seed " << seed);
    const Messy c = make_messy(seed);
    INFO(c.csv);
    const auto fit = model(c.model);
    const auto rows = mf::tier_accounts_columns(table(c.csv), fit, c.options);
    const auto typed = mf::tier_accounts_columns(columns_of(c.csv, c.options.threads), fit, c.options);
    REQUIRE(rows.ok() == typed.ok());
    if (!rows.ok()) {
      ++errors;
      CHECK(typed.status() == rows.status());
      continue;
    }
    check_same(*rows, *typed);
    const auto as_rows = mf::tier_accounts(columns_of(c.csv), fit, c.options);
    REQUIRE(as_rows.ok());
    const auto expected = mf::to_tiering(*rows);
    REQUIRE(expected.ok());
    REQUIRE(as_rows->accounts.size() == expected->accounts.size());
    for (std::size_t i = 0; i < expected->accounts.size(); ++i) {
      CHECK(as_rows->accounts[i].id == expected->accounts[i].id);
      CHECK(as_rows->accounts[i].research == expected->accounts[i].research);
      CHECK(as_rows->accounts[i].organisation == expected->accounts[i].organisation);
    }
  }
  // Both kinds of input met: errors (blank and repeated ids, bad values) and tierings.
  CHECK(errors > 30);
  CHECK(errors < 400);
}

TEST_CASE("tier: typed columns, a categorical column of too many values to keep", "[tiering][columns]") {
  // More distinct sectors than CsvColumn::kMaxDistinct: scored cell by
  // cell, as from rows; the numbers and the ids still typed.
  std::string csv = "name,sector,employees\n";
  const std::size_t n = mf::CsvColumn::kMaxDistinct * 3 / 2 + 300;  // two in three sectors distinct
  for (std::size_t i = 0; i < n; ++i)
    csv += "id" + std::to_string(100000 + i) + "," + (i % 3 == 0 ? "software" : "s" + std::to_string(i)) + "," +
           std::to_string(i % 1500) + "\n";
  const auto fit = model(R"({"version": 1, "id": "name", "attributes": [
      {"name": "sector", "categorical": {"software": 30}, "other": 1},
      {"name": "size", "column": "employees", "linear": {"from": [100, 0], "to": [1000, 40]}}],
    "tiers": [{"name": "A", "share": 0.15}, {"name": "B", "share": 0.25}, {"name": "C", "share": 0.6}]})");
  const auto typed_input = columns_of(csv, 2);
  CHECK(typed_input.column("sector")->values.empty());
  CHECK(typed_input.column("name")->increasing);
  CHECK(typed_input.column("employees")->numbers.size() == n);
  const auto rows = mf::tier_accounts_columns(table(csv), fit);
  const auto typed = mf::tier_accounts_columns(typed_input, fit);
  REQUIRE(rows.ok());
  REQUIRE(typed.ok());
  check_same(*rows, *typed);
}

TEST_CASE("tier: typed columns, a missing column and a column of the wrong length", "[tiering][columns]") {
  const std::string json = value_model(R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}])");
  const auto fit = model(json);
  const std::string csv = "id,other\na,1\nb,2\n";
  const auto rows = mf::tier_accounts(table(csv), fit);
  auto typed_input = columns_of(csv);
  const auto typed = mf::tier_accounts(typed_input, fit);
  REQUIRE_FALSE(typed.ok());
  CHECK(typed.status() == rows.status());
  auto good = columns_of("id,value\na,1\nb,2\n");
  good.columns[1].end.pop_back();
  const auto short_column = mf::tier_accounts(good, fit);
  REQUIRE_FALSE(short_column.ok());
  CHECK(std::string(short_column.status().message()).find("tier.columns") != std::string::npos);
}

TEST_CASE("tier: typed columns built by hand are checked before they are read", "[tiering][columns]") {
  const auto fit = model(value_model(R"([{"name": "A", "share": 0.5}, {"name": "B", "share": 0.5}])"));
  auto ends = columns_of("id,value\na,1\nb,2\n");
  ends.columns[0].end[0] = 99;  // past the text
  CHECK(std::string(mf::tier_accounts(ends, fit).status().message()).find("cell ends") != std::string::npos);
  auto codes = columns_of("id,value,kind\na,1,x\nb,2,y\n");
  codes.columns[1].codes[1] = 7;  // past the values (the column the model reads)
  CHECK(std::string(mf::tier_accounts(codes, fit).status().message()).find("a code past its values") !=
        std::string::npos);
}
