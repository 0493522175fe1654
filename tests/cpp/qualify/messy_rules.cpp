// Seeded random leads and rule files (messy_rules.hpp).
#include "qualify/messy_rules.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace modelfunnel::testing {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::int64_t kDay = 86'400'000'000;
constexpr std::int64_t kStart = 1'735'689'600'000'000;  // 2025-01-01

template <class T>
const T& pick(Choices& c, const std::vector<T>& from) {
  return from[c.below(from.size())];
}

const std::vector<std::string> kChannels = {"web", "outbound", "event", "", "Web", "\xc3\xa9v\xc3\xa9nement"};
const std::vector<std::int64_t> kEmployees = {1, 5, 50, 500, -3, std::numeric_limits<std::int64_t>::max(),
                                              std::numeric_limits<std::int64_t>::min()};
const std::vector<double> kRevenue = {-0.0, 0.0, 1.5, 2.25, std::nan(""), std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(), 1e-300};
const std::vector<std::int64_t> kCreatedDays = {0, 1, 30, 31, 200};
const std::vector<std::string> kDates = {"2025-01-01", "2025-01-02T00:00:00Z", "2025-01-31", "2025-02-01",
                                         "2024-12-31T23:59:59Z", "2025-07-20"};

struct Attribute {
  const char* name;
  AttributeType type;
};
const std::vector<Attribute> kAttributes = {
    {"channel", AttributeType::kString},   {"budget_ok", AttributeType::kBool},
    {"need_ok", AttributeType::kBool},     {"employees", AttributeType::kInt64},
    {"revenue", AttributeType::kDouble},   {"created", AttributeType::kTimestamp}};

/// A constant for attribute type @p t (the score is a double), usually one
/// the data has.
Json constant(Choices& c, AttributeType t, bool score) {
  switch (t) {
    case AttributeType::kString: return c.percent(85) ? pick(c, kChannels) : std::string("referral");
    case AttributeType::kBool: return c.percent(50);
    case AttributeType::kInt64: return c.percent(80) ? pick(c, std::vector<std::int64_t>{1, 5, 50, 500, -3, 0})
                                                     : static_cast<std::int64_t>(c.below(1000)) - 10;
    case AttributeType::kTimestamp: return pick(c, kDates);
    case AttributeType::kDouble:
      if (score) return pick(c, std::vector<double>{0.0, 0.25, 0.3, 0.5, 1.0, 0.7});
      return pick(c, std::vector<double>{-0.0, 0.0, 1.5, 2.25, 1.0, 3.0, -1.0, 1e-300});
  }
  return nullptr;
}

Json leaf(Choices& c, bool with_score) {
  const bool score = with_score && c.percent(20);
  const Attribute a = score ? Attribute{"", AttributeType::kDouble} : pick(c, kAttributes);
  const bool ordered = a.type != AttributeType::kString && a.type != AttributeType::kBool;
  std::vector<std::string> ops = {"eq", "ne", "in", "not_in", "missing", "present"};
  if (ordered) ops.insert(ops.end(), {"lt", "le", "gt", "ge", "between", "between"});
  const std::string op = pick(c, ops);
  Json value;
  if (op == "missing" || op == "present") {
    value = true;
  } else if (op == "between") {
    value = Json::array({constant(c, a.type, score), constant(c, a.type, score)});
  } else if (op == "in" || op == "not_in") {
    value = Json::array();
    for (std::uint64_t i = 0, n = 1 + c.below(3); i < n; ++i) value.push_back(constant(c, a.type, score));
  } else {
    value = constant(c, a.type, score);
  }
  if (score) return Json{{"score", Json{{op, value}}}};
  return Json{{"attribute", a.name}, {op, value}};
}

Json attribute_condition(Choices& c, bool with_score, int depth) {
  if (depth == 0 || c.percent(55)) return leaf(c, with_score);
  if (c.percent(25)) return Json{{"not", attribute_condition(c, with_score, depth - 1)}};
  Json kids = Json::array();
  for (std::uint64_t i = 0, n = 1 + c.below(3); i < n; ++i) kids.push_back(attribute_condition(c, with_score, depth - 1));
  return Json{{c.percent(50) ? "all" : "any", kids}};
}

Json rule_condition(Choices& c, const std::vector<std::string>& criteria, int depth) {
  if (depth == 0 || c.percent(45)) {
    const std::string& id = pick(c, criteria);
    return c.percent(70) ? Json(id) : Json{{"criterion", id}};
  }
  if (c.percent(30)) return Json{{"not", rule_condition(c, criteria, depth - 1)}};
  Json kids = Json::array();
  for (std::uint64_t i = 0, n = 1 + c.below(3); i < n; ++i) kids.push_back(rule_condition(c, criteria, depth - 1));
  return Json{{c.percent(50) ? "all" : "any", kids}};
}

}  // namespace

DataSet messy_leads(Choices& c, std::size_t min_records, std::size_t max_records) {
  DataSetBuilder b;
  std::vector<std::size_t> columns;
  for (const Attribute& a : kAttributes) columns.push_back(*b.add_attribute(a.name, a.type));
  const std::vector<std::string> stages = {"lead", "mql", "sql", "opportunity", "proposal", "negotiation"};
  const std::vector<std::string_view> amounts = {"1000", "250.5", "0", "99999.99"};
  const std::size_t n = min_records + c.below(max_records - min_records + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const RecordIndex r = b.record(absl::StrCat("L", i));
    if (!c.percent(15)) (void)b.set_attribute(r, columns[0], std::string_view(pick(c, kChannels)));
    if (!c.percent(15)) (void)b.set_attribute(r, columns[1], c.percent(50));
    if (!c.percent(15)) (void)b.set_attribute(r, columns[2], c.percent(50));
    if (!c.percent(15)) (void)b.set_attribute(r, columns[3], pick(c, kEmployees));
    if (!c.percent(15)) (void)b.set_attribute(r, columns[4], pick(c, kRevenue));
    if (!c.percent(15))
      (void)b.set_attribute(r, columns[5], Timestamp::from_micros(kStart + pick(c, kCreatedDays) * kDay - (c.percent(20) ? 1 : 0)));
    // History: a few main-path steps, then won, lost, both, or nothing.
    std::int64_t t = kStart + static_cast<std::int64_t>(c.below(60)) * kDay;
    auto add = [&](const std::string& stage, std::optional<std::string_view> amount) {
      Event e;
      e.record = r;
      e.stage = b.stage(stage);
      if (!c.percent(3)) e.time = Timestamp::from_micros(t);
      if (amount) e.amount = *parse_amount(*amount);
      (void)b.add_event(e);
      t += c.percent(20) ? 0 : static_cast<std::int64_t>(c.below(20)) * kDay;
    };
    for (std::uint64_t k = 0, steps = c.below(stages.size() + 1); k < steps; ++k) add(stages[k], std::nullopt);
    const std::uint64_t end = c.below(10);
    if (end < 3) add("closed_won", c.percent(85) ? std::optional(pick(c, amounts)) : std::nullopt);
    if (end == 1 || end == 3 || end == 4) add("closed_lost", std::nullopt);
    if (end == 4) add("sql", std::nullopt);  // re-opened
    if (end == 5) add("zombie", std::nullopt);
    if (end == 6 && c.percent(50)) add("closed_won", std::string_view("10"));  // a second win
  }
  return *std::move(b).finish();
}

std::string messy_rules(Choices& c, bool with_score) {
  Json sets = Json::array();
  const std::uint64_t set_count = 1 + c.below(3);
  const bool fallback = c.percent(75);
  const std::vector<std::string> shared = {"need", "budget", "timeline", "authority"};
  const std::vector<std::string> bants = {"budget", "authority", "need", "timeline"};
  for (std::uint64_t s = 0; s < set_count; ++s) {
    Json set = {{"id", absl::StrCat("s", s)}};
    if (s + 1 < set_count || !fallback) set["when"] = attribute_condition(c, false, 1);
    std::vector<std::string> ids;
    Json criteria = Json::array();
    // Mostly a few criteria; sometimes more than a set whose decisions are
    // tabulated may have (program.hpp, kMaxTabulated), so that both ways of
    // deciding a block are compared with the reference.
    const std::uint64_t criteria_count = c.percent(12) ? 9 + c.below(4) : 1 + c.below(4);
    for (std::uint64_t k = 0; k < criteria_count; ++k) {
      std::string id = c.percent(40) ? shared[k % shared.size()] : absl::StrCat("c", k);
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) id = absl::StrCat("c", k);
      ids.push_back(id);
      Json criterion = {{"id", id}, {"test", attribute_condition(c, with_score, 2)}};
      if (c.percent(50)) criterion["bant"] = pick(c, bants);
      criteria.push_back(criterion);
    }
    set["criteria"] = criteria;
    int rule = 0;
    auto rules = [&](std::uint64_t lo, std::uint64_t hi) {
      Json list = Json::array();
      for (std::uint64_t k = 0, n = lo + c.below(hi - lo + 1); k < n; ++k)
        list.push_back(Json{{"id", absl::StrCat("r", rule++)}, {"if", rule_condition(c, ids, 2)}});
      return list;
    };
    // Mostly one rule per list: a second one is often (rightly) unreachable.
    if (c.percent(70)) set["disqualify"] = rules(c.percent(80) ? 1 : 0, c.percent(80) ? 1 : 2);
    set["qualify"] = rules(1, c.percent(80) ? 1 : 2);
    Json nurture = rules(0, c.percent(70) ? 0 : 1);
    for (Json& n : nurture) {
      n["track"] = pick(c, std::vector<std::string>{"a", "b", "later"});
      n["recheck_days"] = c.below(100);
    }
    nurture.push_back(Json{{"id", absl::StrCat("r", rule++)}, {"track", "default"}, {"recheck_days", c.below(40)}});
    set["nurture"] = nurture;
    sets.push_back(set);
  }
  return "// messy rules\n" + Json{{"version", 1}, {"rule_sets", sets}}.dump(1);
}

std::vector<double> messy_scores(Choices& c, std::size_t n) {
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(c.percent(10) ? std::nan("") : pick(c, std::vector<double>{0.0, 0.25, 0.3, 0.5, 0.7, 1.0, 0.31}));
  return out;
}

}  // namespace modelfunnel::testing
