// libFuzzer target for tiering's fit-model file, and the accounts it
// scores. The input is a fit model's text, optionally followed by a line
// "----" and an accounts CSV. Whatever it is, reading and tiering must
// neither crash nor trip a sanitizer; a tiering that succeeds must count
// every account once, keep each score inside its range, rank 1..n, give
// each tier its count, and write its CSV and JSON.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/tier_model.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

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
  const std::string csv = cut == std::string_view::npos ? "id\na\nb\n" : std::string(input.substr(cut + 6));
  auto model = mf::FitModel::parse(model_text);
  if (!model.ok()) return 0;
  for (std::size_t a = 0; a < model->attributes().size(); ++a) {
    for (std::string_view v : {"", "x", "12", "-1e308", "yes", "nan"}) (void)model->points(a, v);
  }
  auto table = mf::parse_csv_table(csv, "accounts.csv");
  if (!table.ok()) return 0;
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
  return 0;
}
