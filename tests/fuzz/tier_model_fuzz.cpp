// libFuzzer target for tiering's fit-model file, and the accounts it
// scores. The input is a fit model's text, optionally followed by a line
// "----" and an accounts CSV, then optionally "----" and a contacts CSV and
// "----" and an activities CSV (the coverage of the model's plays).
// Whatever it is, reading and tiering must neither crash nor trip a
// sanitizer; the accounts read as typed columns (csv_columns.hpp) must read
// as the rows do and tier to the same arrays or the same error; a tiering that succeeds must count every account once, keep
// each score inside its range, rank 1..n, give each tier its count, and
// write its CSV and JSON; a coverage must have a row per account, each rep
// row's accounts must add up to them, and its tables must be written; the
// weights learned from alternately won and lost accounts must be written
// and the learned model must read back.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/tier_model.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "modelfunnel/csv_columns.hpp"
#include "modelfunnel/csv_table.hpp"
#include "modelfunnel/tiering.hpp"

namespace mf = modelfunnel;

namespace {

[[noreturn]] void finding(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s\ninput:\n%.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  const std::size_t cut = input.find("\n----\n");
  const std::string_view model_text = input.substr(0, cut);
  std::string_view rest = cut == std::string_view::npos ? std::string_view() : input.substr(cut + 6);
  auto next_part = [&rest]() {
    const std::size_t at = rest.find("\n----\n");
    const std::string_view part = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 6);
    return std::string(part);
  };
  const std::string csv = cut == std::string_view::npos ? "id\na\nb\n" : next_part();
  const std::string contacts_csv = next_part();
  const std::string activities_csv = next_part();
  auto model = mf::FitModel::parse(model_text);
  if (!model.ok()) return 0;
  for (std::size_t a = 0; a < model->attributes().size(); ++a) {
    for (std::string_view v : {"", "x", "12", "-1e308", "yes", "nan"}) (void)model->points(a, v);
  }
  auto table = mf::parse_csv_table(csv, "accounts.csv");
  // The same accounts as typed columns: read alike (or failing alike), the
  // same rows back, and tiered to the same arrays or the same error.
  auto columns = mf::parse_csv_columns(csv, "accounts.csv", 1);
  if (columns.ok() != table.ok() || (!table.ok() && columns.status() != table.status()))
    finding("the columns and the rows read differently", input);
  if (!table.ok()) return 0;
  auto back = mf::to_csv_table(*columns);
  if (!back.ok() || back->rows != table->rows || back->header != table->header || back->lines != table->lines)
    finding("the columns do not give the rows back", input);
  {
    auto from_rows = mf::tier_accounts_columns(*table, *model);
    auto from_columns = mf::tier_accounts_columns(*columns, *model);
    if (from_rows.ok() != from_columns.ok() || (!from_rows.ok() && from_rows.status() != from_columns.status()))
      finding("the columns and the rows tier differently (errors)", input);
    if (from_rows.ok() &&
        (from_rows->tier != from_columns->tier || from_rows->rank_rows != from_columns->rank_rows ||
         from_rows->id_text != from_columns->id_text || from_rows->uncertain != from_columns->uncertain ||
         from_rows->research != from_columns->research))
      finding("the columns and the rows tier differently", input);
    for (std::size_t r = 0; from_rows.ok() && r < from_rows->size(); ++r)
      if (from_rows->score[r] != from_columns->score[r] || from_rows->score_low[r] != from_columns->score_low[r] ||
          from_rows->score_high[r] != from_columns->score_high[r])
        finding("the columns and the rows score differently", input);
  }
  auto t = mf::tier_accounts(*table, *model);
  if (!t.ok()) return 0;
  if (t->accounts.size() != table->rows.size()) finding("accounts lost or added", input);
  std::uint64_t counted = 0, targets = 0;
  for (const auto& s : t->tiers) {
    counted += s.count;
    targets += s.target;
  }
  if (counted != t->accounts.size() || targets != t->accounts.size()) finding("counts do not add up", input);
  for (std::size_t i = 0; i < t->accounts.size(); ++i) {
    const auto& a = t->accounts[i];
    if (a.rank != i + 1) finding("ranks are not 1..n", input);
    if (!(a.score_low <= a.score && a.score <= a.score_high)) finding("a score outside its range", input);
    if (a.tier >= t->tiers.size()) finding("a tier out of range", input);
  }
  if (!mf::tiering_csv(*t).ok() || !mf::tiering_json(*t).ok()) finding("the output failed", input);

  if (!contacts_csv.empty()) {
    auto contacts = mf::parse_csv_table(contacts_csv, "contacts.csv");
    auto activities = mf::parse_csv_table(activities_csv.empty() ? "contact_id,time,channel\n" : activities_csv,
                                          "activities.csv");
    if (contacts.ok() && activities.ok()) {
      auto c = mf::check_coverage(*table, *t, *model, *contacts, &*activities);
      if (c.ok()) {
        if (c->accounts.size() != t->accounts.size()) finding("coverage rows lost or added", input);
        std::uint64_t in_reps = 0;
        for (const auto& r : c->reps) in_reps += r.accounts;
        if (in_reps != t->accounts.size()) finding("rep rows do not add up", input);
        if (!mf::tiering_csv(*t, mf::TieringTable::kCoverage, nullptr, &*c).ok() ||
            !mf::tiering_csv(*t, mf::TieringTable::kRepGaps, nullptr, &*c).ok() ||
            !mf::tiering_json(*t, nullptr, &*c).ok())
          finding("the coverage output failed", input);
      }
    }
  }

  // Learned weights: every other account (in rank order) won.
  std::string deals = "id,deal_stage\n";
  for (std::size_t i = 0; i < t->accounts.size(); ++i)
    deals += "\"" + t->accounts[i].id + "\"," + (i % 2 ? "Lost" : "Won") + "\n";
  auto deal_table = mf::parse_csv_table(deals, "deals.csv");
  mf::LearnOptions learn;
  learn.account_column = "id";
  if (deal_table.ok()) {
    auto l = mf::learn_weights(*table, *model, *deal_table, learn);
    if (l.ok()) {
      if (!mf::learned_csv(*l).ok() || !mf::learned_json(*l).ok()) finding("the learned output failed", input);
      if (!mf::FitModel::parse(l->model_json).ok()) finding("the learned model does not read back", input);
    }
  }
  return 0;
}
