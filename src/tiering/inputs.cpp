// The side files of tiering read from CSV tables: pins, last run's tiers,
// reps. Strict about the columns they need, quiet about others.
#include <charconv>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "modelfunnel/tiering.hpp"
#include "tiering/csv_input.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

std::string trim(std::string_view s) { return std::string(internal::tiering::trimmed(s)); }

using internal::tiering::av;
using internal::tiering::located;

/// The indexes of @p names in the header, or an error naming the first missing one.
absl::StatusOr<std::vector<std::size_t>> columns(const CsvTable& table, std::initializer_list<std::string_view> names,
                                                 std::string_view what) {
  std::vector<std::size_t> at;
  for (std::string_view name : names) {
    const auto c = table.column(name);
    if (!c)
      return absl::InvalidArgumentError(absl::StrCat(table.name, ":1: tier.column: no column \"", av(name),
                                                     "\" (", av(what), ")"));
    at.push_back(*c);
  }
  return at;
}

}  // namespace

absl::StatusOr<std::vector<TierPin>> pins_from_csv(const CsvTable& table) {
  return internal::no_throw("pins_from_csv", [&]() -> absl::StatusOr<std::vector<TierPin>> {
    auto at = columns(table, {"id", "tier"}, "a pins file has id, tier and reason");
    if (!at.ok()) return at.status();
    const auto reason = table.column("reason");
    std::vector<TierPin> pins;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      TierPin pin{trim(table.rows[r][(*at)[0]]), trim(table.rows[r][(*at)[1]]),
                  reason ? trim(table.rows[r][*reason]) : std::string()};
      if (pin.id.empty()) return located(table, r, (*at)[0], "tier.pin", "blank id");
      if (pin.tier.empty()) return located(table, r, (*at)[1], "tier.pin", "blank tier");
      if (!seen.insert(pin.id).second) return located(table, r, (*at)[0], "tier.pin", "the account is pinned twice");
      pins.push_back(std::move(pin));
    }
    return pins;
  });
}

absl::StatusOr<std::vector<PreviousTier>> previous_from_csv(const CsvTable& table) {
  return internal::no_throw("previous_from_csv", [&]() -> absl::StatusOr<std::vector<PreviousTier>> {
    auto at = columns(table, {"id", "tier"}, "last run's tiers have id and tier");
    if (!at.ok()) return at.status();
    std::vector<PreviousTier> out;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      PreviousTier p{trim(table.rows[r][(*at)[0]]), trim(table.rows[r][(*at)[1]])};
      if (p.id.empty()) return located(table, r, (*at)[0], "tier.previous", "blank id");
      if (p.tier.empty()) return located(table, r, (*at)[1], "tier.previous", "blank tier");
      if (!seen.insert(p.id).second) return located(table, r, (*at)[0], "tier.previous", "the account is listed twice");
      out.push_back(std::move(p));
    }
    return out;
  });
}

absl::StatusOr<std::vector<TierRep>> reps_from_csv(const CsvTable& table) {
  return internal::no_throw("reps_from_csv", [&]() -> absl::StatusOr<std::vector<TierRep>> {
    auto at = columns(table, {"rep_id", "territory", "max_a", "max_total"},
                      "a reps file has rep_id, territory, max_a and max_total");
    if (!at.ok()) return at.status();
    std::vector<TierRep> reps;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      TierRep rep;
      rep.id = trim(row[(*at)[0]]);
      if (rep.id.empty()) return located(table, r, (*at)[0], "tier.rep", "blank rep_id");
      if (!seen.insert(rep.id).second) return located(table, r, (*at)[0], "tier.rep", "rep_id given twice");
      for (absl::string_view t : absl::StrSplit(av(row[(*at)[1]]), ';')) {
        std::string name = trim(std::string_view(t.data(), t.size()));
        if (!name.empty()) rep.territories.push_back(std::move(name));
      }
      if (rep.territories.empty())
        return located(table, r, (*at)[1], "tier.rep", "no territory (use * for every territory)");
      for (int j = 2; j < 4; ++j) {
        const std::string text = trim(row[(*at)[j]]);
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
          return located(table, r, (*at)[j], "tier.rep", absl::StrCat("\"", text, "\" is not a whole number"));
        (j == 2 ? rep.max_a : rep.max_total) = v;
      }
      if (rep.max_a > rep.max_total)
        return located(table, r, (*at)[2], "tier.rep", "max_a is above max_total");
      reps.push_back(std::move(rep));
    }
    return reps;
  });
}

}  // namespace modelfunnel
