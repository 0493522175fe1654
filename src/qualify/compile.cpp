// QualifyRules::parse(): the rule file schema of docs/qualify.md, checked
// strictly against the attributes, and compiled into a Program.
//
// A rule file is written by hand, so every mistake is reported with its
// JSON path and the rule it belongs to: unknown or duplicate keys, wrong
// types, unknown attributes and criteria, constants that do not fit their
// attribute's type. check.cpp then looks for rules that can never pass or
// never decide. Errors are thrown as RuleError and become a Status in
// parse(), the one entry point.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "modelfunnel/qualify.hpp"
#include "qualify/check.hpp"
#include "qualify/json_path.hpp"
#include "qualify/program.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace internal::qualify {
namespace {

/// Columns of the decisions table that criteria may not take.
constexpr std::string_view kReservedColumns[] = {
    "record_id", "rule_set", "set_choice", "decision", "reason", "track",
    "recheck",   "ask",      "owner",      "owner_team", "routing"};

constexpr std::string_view kOps[] = {"eq", "ne", "lt", "le", "gt", "ge", "between",
                                     "in", "not_in", "missing", "present"};

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string_view type_article(AttributeType t) {
  return t == AttributeType::kInt64 ? "an" : "a";
}

/// A set's criteria so far: id and root node, in file order.
using Criteria = std::vector<std::pair<std::string, std::uint32_t>>;

/// Where a condition may appear decides what it may test.
enum class Context { kTest, kRule };

class Compiler {
 public:
  explicit Compiler(std::span<const AttributeField> schema) {
    program_ = std::make_shared<Program>();
    program_->schema.assign(schema.begin(), schema.end());
    for (std::size_t i = 0; i < schema.size(); ++i) {
      if (schema[i].name.empty() || !by_name_.emplace(schema[i].name, static_cast<int>(i)).second)
        throw RuleError{"$", "", absl::StrCat("the schema names attribute \"", schema[i].name,
                                              "\" twice (or names an empty one)")};
    }
  }

  std::shared_ptr<Program> file(const At& root) {
    root.object({"version", "description", "rule_sets"});
    if (!root.has("version")) root.fail("required key \"version\" missing");
    const At version = root["version"];
    if (!version.json.is_number_integer() || version.json.get<std::int64_t>() != 1)
      version.fail("unsupported version (this library reads version 1)");
    if (root.has("description")) (void)description(root["description"]);
    if (!root.has("rule_sets")) root.fail("required key \"rule_sets\" missing");
    const At sets = root["rule_sets"];
    const std::size_t n = sets.array();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) rule_set(sets[i], ids);
    for (const SetProgram& s : program_->sets) {
      program_->infos.push_back(s.info);
      program_->max_criteria = std::max(program_->max_criteria, s.criteria.size());
    }
    return program_;
  }

  const RulePaths& paths() const { return paths_; }

 private:
  static std::string description(const At& at) {
    if (!at.json.is_string()) at.fail(expected("a string", at.json));
    return at.json.get<std::string>();
  }

  static std::string id_of(const At& at) {
    if (!at.json.is_object()) at.fail(expected("an object", at.json));
    if (!at.has("id")) at.fail("required key \"id\" missing");
    const At id = at["id"];
    std::string text = id.text();
    if (!valid_id(text))
      id.fail("an id is 1 to 64 letters, digits, '_', '-' or '.'");
    return text;
  }

  void rule_set(const At& at, std::set<std::string>& ids) {
    SetProgram s;
    s.info.id = id_of(at);
    if (!ids.insert(s.info.id).second) at["id"].fail("a rule set with this id comes earlier");
    const At set = at.in_rule(s.info.id);
    set.object({"id", "description", "when", "criteria", "disqualify", "qualify", "nurture"});
    if (set.has("description")) s.info.description = description(set["description"]);
    SetPaths paths;
    paths.self = at.path;
    if (set.has("when")) {
      s.when = condition(set["when"], Context::kTest, program_->selection, nullptr);
      paths.when = set["when"].path;
    }
    s.info.fallback = !s.when;

    Criteria criteria;
    std::set<std::string> taken;  // criteria and rules share one namespace
    if (!set.has("criteria")) set.fail("required key \"criteria\" missing");
    const At list = set["criteria"];
    for (std::size_t i = 0, n = list.array(); i < n; ++i) {
      const At c = list[i];
      CriterionInfo info;
      info.id = id_of(c);
      const At in = c.in_rule(s.info.id + "/" + info.id);
      in.object({"id", "bant", "description", "test"});
      if (!taken.insert(info.id).second) in["id"].fail("this id is taken earlier in the set");
      if (std::find(std::begin(kReservedColumns), std::end(kReservedColumns), info.id) !=
          std::end(kReservedColumns))
        in["id"].fail("this id names a column of the decisions table; choose another");
      if (in.has("bant")) info.bant = bant(in["bant"]);
      if (in.has("description")) info.description = description(in["description"]);
      if (!in.has("test")) in.fail("required key \"test\" missing");
      const std::uint32_t root = condition(in["test"], Context::kTest, s.arena, nullptr);
      s.arena.nodes[root].criterion = static_cast<int>(s.criteria.size());
      criteria.emplace_back(info.id, root);
      s.criteria.push_back(root);
      s.info.criteria.push_back(std::move(info));
      paths.criteria.push_back(in["test"].path);
    }
    s.first_rule_node = static_cast<std::uint32_t>(s.arena.nodes.size());

    rules(set, "disqualify", false, s, criteria, taken, s.info.disqualify, s.disqualify,
          paths.disqualify);
    if (!set.has("qualify")) set.fail("required key \"qualify\" missing");
    rules(set, "qualify", false, s, criteria, taken, s.info.qualify, s.qualify, paths.qualify);
    if (!set.has("nurture")) set.fail("required key \"nurture\" missing");
    rules(set, "nurture", true, s, criteria, taken, s.info.nurture, s.nurture, paths.nurture);

    for (const CriterionInfo& c : s.info.criteria) {
      auto& columns = program_->criterion_columns;
      auto it = std::find(columns.begin(), columns.end(), c.id);
      if (it == columns.end()) it = columns.insert(columns.end(), c.id);
      s.column.push_back(static_cast<std::uint16_t>(it - columns.begin()));
    }
    program_->sets.push_back(std::move(s));
    paths_.sets.push_back(std::move(paths));
  }

  void rules(const At& set, std::string_view key, bool nurture, SetProgram& s,
             const Criteria& criteria,
             std::set<std::string>& taken, std::vector<RuleInfo>& infos, std::vector<Rule>& out,
             std::vector<std::string>& paths) {
    if (!set.has(key)) return;
    const At list = set[key];
    if (!list.json.is_array()) list.fail(expected("an array", list.json));
    if (list.json.empty() && key != "disqualify") list.fail("must not be empty");
    for (std::size_t i = 0; i < list.json.size(); ++i) {
      const At r = list[i];
      RuleInfo info;
      info.id = id_of(r);
      const At in = r.in_rule(s.info.id + "/" + info.id);
      if (nurture) in.object({"id", "description", "if", "track", "recheck_days"});
      else in.object({"id", "description", "if"});
      if (!taken.insert(info.id).second) in["id"].fail("this id is taken earlier in the set");
      if (in.has("description")) info.description = description(in["description"]);
      const bool last = i + 1 == list.json.size();
      Rule rule;
      if (in.has("if")) {
        if (nurture && last)
          in["if"].fail("the last nurture rule takes every record left, so it has no \"if\"");
        rule.node = condition(in["if"], Context::kRule, s.arena, &criteria);
        paths.push_back(in["if"].path);
      } else {
        if (!nurture) in.fail("required key \"if\" missing");
        if (!last) in.fail("only the last nurture rule may have no \"if\"; rules after it could never apply");
        info.unconditional = true;
        paths.push_back(in.path);
      }
      if (nurture) {
        if (!in.has("track")) in.fail("required key \"track\" missing");
        info.track = in["track"].text();
        if (!in.has("recheck_days")) in.fail("required key \"recheck_days\" missing");
        const At days = in["recheck_days"];
        if (!days.json.is_number_integer() || days.json.get<std::int64_t>() < 0 ||
            days.json.get<std::int64_t>() > 36'500)
          days.fail("expected a whole number of days from 0 to 36500");
        info.recheck_days = days.json.get<std::int64_t>();
      }
      infos.push_back(std::move(info));
      out.push_back(rule);
    }
  }

  static Bant bant(const At& at) {
    const std::string text = at.text();
    for (Bant b : {Bant::kBudget, Bant::kAuthority, Bant::kNeed, Bant::kTimeline}) {
      if (text == to_string(b)) return b;
    }
    at.fail("expected budget, authority, need or timeline (leave \"bant\" out for a company rule)");
  }

  /// Compiles the condition at @p at into @p arena; returns its root node.
  std::uint32_t condition(const At& at, Context context, Arena& arena,
                          const Criteria* criteria) {
    if (context == Context::kRule && at.json.is_string()) return criterion_ref(at, *criteria);
    if (!at.json.is_object())
      at.fail(expected(context == Context::kRule ? "a criterion id or an object" : "an object", at.json));
    for (std::string_view combinator : {"all", "any"}) {
      if (!at.has(combinator)) continue;
      at.object({combinator});
      const At list = at[combinator];
      const std::size_t n = list.array();
      std::vector<std::uint32_t> kids;
      for (std::size_t i = 0; i < n; ++i) kids.push_back(condition(list[i], context, arena, criteria));
      return add_node(arena, combinator == "all" ? Node::kAll : Node::kAny, kids);
    }
    if (at.has("not")) {
      at.object({"not"});
      const std::uint32_t kid = condition(at["not"], context, arena, criteria);
      return add_node(arena, Node::kNot, {kid});
    }
    if (context == Context::kRule) {
      if (at.has("criterion")) {
        at.object({"criterion"});
        return criterion_ref(at["criterion"], *criteria);
      }
      if (at.has("attribute") || at.has("score"))
        at.fail("decision rules combine criteria; test the attribute in a criterion and name it here");
      at.fail("expected a criterion id, {\"criterion\": id}, or all / any / not");
    }
    if (at.has("score")) {
      at.object({"score"});
      program_->uses_score = true;
      return add_leaf(arena, leaf(at["score"], kScore, AttributeType::kDouble, "the lead score"));
    }
    if (at.has("attribute")) {
      const At name = at["attribute"];
      const std::string attribute = name.text();
      const auto it = by_name_.find(attribute);
      if (it == by_name_.end()) name.fail(unknown_attribute(attribute));
      const AttributeField& field = program_->schema[static_cast<std::size_t>(it->second)];
      check_one_op(at, true);
      return add_leaf(arena, leaf(at, it->second, field.type, field.name));
    }
    if (at.has("criterion")) at.fail("criteria test attributes, not other criteria");
    at.fail("expected {\"attribute\": name, <operator>: value}, {\"score\": {<operator>: value}}, "
            "or all / any / not");
  }

  static std::uint32_t criterion_ref(const At& at, const Criteria& criteria) {
    const std::string id = at.text();
    std::string known;
    for (const auto& [name, node] : criteria) {
      if (name == id) return node;
      absl::StrAppend(&known, known.empty() ? "" : ", ", name);
    }
    at.fail(absl::StrCat("no criterion \"", id, "\" in this set (its criteria: ", known, ")"));
  }

  /// Fails unless the test object at @p at has exactly one operator key
  /// (and, for an attribute test, the "attribute" key).
  static void check_one_op(const At& at, bool attribute) {
    int ops = 0;
    for (const auto& item : at.json.items()) {
      if (attribute && item.key() == "attribute") continue;
      if (std::find(std::begin(kOps), std::end(kOps), item.key()) == std::end(kOps)) {
        std::string list;
        for (std::string_view o : kOps) absl::StrAppend(&list, list.empty() ? "" : ", ", to_absl(o));
        throw RuleError{key_path(at.path, item.key()), at.rule,
                        absl::StrCat("unknown key (expected ", attribute ? "\"attribute\" and " : "",
                                     "one operator: ", list, ")")};
      }
      ++ops;
    }
    if (ops != 1) at.fail("expected exactly one operator (eq, ne, lt, le, gt, ge, between, in, not_in, missing, present)");
  }

  /// The leaf of the test at @p at (an object with one operator key).
  Leaf leaf(const At& at, int attribute, AttributeType type, const std::string& subject) {
    if (attribute == kScore) {
      if (!at.json.is_object()) at.fail(expected("an object such as {\"ge\": 0.3}", at.json));
      check_one_op(at, false);
    }
    Leaf l;
    l.attribute = attribute;
    l.type = type;
    std::string op_name;
    for (const auto& item : at.json.items()) {
      if (item.key() != "attribute") op_name = item.key();
    }
    const auto op_index = std::find(std::begin(kOps), std::end(kOps), op_name) - std::begin(kOps);
    l.op = static_cast<Op>(op_index);
    const At value = at[op_name];
    switch (l.op) {
      case Op::kMissing:
      case Op::kPresent:
        if (!value.json.is_boolean() || !value.json.get<bool>())
          value.fail(absl::StrCat("expected true (\"", op_name, "\": true)"));
        return l;
      case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: case Op::kBetween:
        if (type == AttributeType::kString || type == AttributeType::kBool)
          value.fail(absl::StrCat("type mismatch: ", subject, " is ", to_absl(type_article(type)), " ",
                                  to_absl(to_string(type)), " attribute, which has no order; use eq, ne, in or not_in"));
        break;
      default:
        break;
    }
    if (l.op == Op::kBetween) {
      if (!value.json.is_array() || value.json.size() != 2)
        value.fail(expected("[low, high]", value.json));
      constant(value[0], l, subject);
      constant(value[1], l, subject);
      return l;
    }
    if (l.op == Op::kIn || l.op == Op::kNotIn) {
      const std::size_t n = value.array();
      for (std::size_t i = 0; i < n; ++i) constant(value[i], l, subject);
      std::sort(l.ints.begin(), l.ints.end());
      l.ints.erase(std::unique(l.ints.begin(), l.ints.end()), l.ints.end());
      std::sort(l.doubles.begin(), l.doubles.end());
      l.doubles.erase(std::unique(l.doubles.begin(), l.doubles.end()), l.doubles.end());
      std::sort(l.strings.begin(), l.strings.end());
      l.strings.erase(std::unique(l.strings.begin(), l.strings.end()), l.strings.end());
      return l;
    }
    constant(value, l, subject);
    return l;
  }

  /// Appends the constant at @p at to @p l, in its attribute's type.
  static void constant(const At& at, Leaf& l, const std::string& subject) {
    const Json& j = at.json;
    auto mismatch = [&](std::string_view want) {
      at.fail(absl::StrCat("type mismatch: ", subject, " is ", l.attribute == kScore ? "a number" :
                           absl::StrCat(to_absl(type_article(l.type)), " ", to_absl(to_string(l.type)), " attribute"),
                           ", so expected ", to_absl(want), ", found ", j.type_name()));
    };
    switch (l.type) {
      case AttributeType::kString:
        if (!j.is_string()) mismatch("a string");
        l.strings.push_back(j.get<std::string>());
        return;
      case AttributeType::kBool:
        if (!j.is_boolean()) mismatch("true or false");
        l.ints.push_back(j.get<bool>() ? 1 : 0);
        return;
      case AttributeType::kInt64:
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > std::uint64_t{INT64_MAX})
          at.fail("out of range for an int64 attribute");
        if (!j.is_number_integer()) mismatch("a whole number");
        l.ints.push_back(j.get<std::int64_t>());
        return;
      case AttributeType::kDouble: {
        if (!j.is_number()) mismatch("a number");
        const double v = j.get<double>();
        if (!std::isfinite(v)) at.fail("expected a finite number");
        l.doubles.push_back(v);
        return;
      }
      case AttributeType::kTimestamp: {
        if (!j.is_string()) mismatch("an ISO 8601 time such as \"2025-01-31\" or \"2025-01-31T09:00:00Z\"");
        auto t = parse_timestamp(j.get<std::string>(), TimeFormat::iso8601());
        if (!t.ok()) at.fail(absl::StrCat("not an ISO 8601 time: ", t.status().message()));
        l.ints.push_back(t->micros());
        return;
      }
    }
  }

  static std::uint32_t add_node(Arena& arena, Node::Kind kind, const std::vector<std::uint32_t>& kids) {
    Node node;
    node.kind = kind;
    node.first_child = static_cast<std::uint32_t>(arena.children.size());
    node.child_count = static_cast<std::uint32_t>(kids.size());
    arena.children.insert(arena.children.end(), kids.begin(), kids.end());
    arena.nodes.push_back(node);
    return static_cast<std::uint32_t>(arena.nodes.size() - 1);
  }

  static std::uint32_t add_leaf(Arena& arena, Leaf leaf) {
    Node node;
    node.kind = Node::kLeaf;
    node.leaf = static_cast<std::uint32_t>(arena.leaves.size());
    arena.leaves.push_back(std::move(leaf));
    arena.nodes.push_back(node);
    return static_cast<std::uint32_t>(arena.nodes.size() - 1);
  }

  std::string unknown_attribute(const std::string& name) const {
    std::string known;
    std::size_t shown = 0;
    for (const AttributeField& f : program_->schema) {
      if (shown++ == 16) {
        absl::StrAppend(&known, ", …");
        break;
      }
      absl::StrAppend(&known, known.empty() ? "" : ", ", f.name);
    }
    return absl::StrCat("unknown attribute \"", name, "\" (",
                        known.empty() ? "the data set has no attributes" : "the data set has: " + known,
                        ")");
  }

  std::shared_ptr<Program> program_;
  absl::flat_hash_map<std::string, int> by_name_;
  RulePaths paths_;
};

absl::StatusOr<QualifyRules> parse_rules(std::string_view text, std::span<const AttributeField> schema,
                                         std::string_view origin) {
  auto error = [&](const std::string& message) {
    return absl::InvalidArgumentError(origin.empty() ? message : absl::StrCat(to_absl(origin), ": ", message));
  };
  try {
    const Json json = parse_json(text);
    Compiler compiler(schema);
    std::shared_ptr<Program> program = compiler.file(At{json, "$", ""});
    check_rules(*program, compiler.paths());
    for (SetProgram& s : program->sets) tabulate(s);
    return Program::wrap(std::move(program));
  } catch (const RuleError& e) {
    return error(e.text());
  }
}

absl::StatusOr<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return absl::NotFoundError(absl::StrCat(path.string(), ": no such file"));
    return absl::PermissionDeniedError(absl::StrCat(path.string(), ": cannot be read"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(path.string(), ": read error"));
  return text.str();
}

}  // namespace
}  // namespace internal::qualify

QualifyRules::QualifyRules(std::shared_ptr<const internal::qualify::Program> program)
    : program_(std::move(program)) {}

absl::StatusOr<QualifyRules> QualifyRules::parse(std::string_view json,
                                                 std::span<const AttributeField> schema) {
  return internal::no_throw("QualifyRules::parse", [&]() -> absl::StatusOr<QualifyRules> {
    return internal::qualify::parse_rules(json, schema, "");
  });
}

absl::StatusOr<QualifyRules> QualifyRules::parse(std::string_view json, const DataSet& data) {
  return internal::no_throw("QualifyRules::parse", [&]() -> absl::StatusOr<QualifyRules> {
    return internal::qualify::parse_rules(json, schema_of(data), "");
  });
}

absl::StatusOr<QualifyRules> QualifyRules::load_file(const std::filesystem::path& path,
                                                     std::span<const AttributeField> schema) {
  return internal::no_throw("QualifyRules::load_file", [&]() -> absl::StatusOr<QualifyRules> {
    absl::StatusOr<std::string> text = internal::qualify::read_file(path);
    if (!text.ok()) return text.status();
    return internal::qualify::parse_rules(*text, schema, path.string());
  });
}

absl::StatusOr<QualifyRules> QualifyRules::load_file(const std::filesystem::path& path,
                                                     const DataSet& data) {
  return internal::no_throw("QualifyRules::load_file", [&]() -> absl::StatusOr<QualifyRules> {
    absl::StatusOr<std::string> text = internal::qualify::read_file(path);
    if (!text.ok()) return text.status();
    return internal::qualify::parse_rules(*text, schema_of(data), path.string());
  });
}

const std::vector<RuleSetInfo>& QualifyRules::rule_sets() const { return program_->infos; }
const std::vector<AttributeField>& QualifyRules::schema() const { return program_->schema; }
bool QualifyRules::uses_score() const { return program_->uses_score; }
const std::vector<std::string>& QualifyRules::criterion_columns() const {
  return program_->criterion_columns;
}
const std::vector<std::string>& QualifyRules::warnings() const { return program_->warnings; }

std::vector<AttributeField> schema_of(const DataSet& data) {
  std::vector<AttributeField> out;
  out.reserve(data.attribute_count());
  for (std::size_t i = 0; i < data.attribute_count(); ++i) {
    const AttributeColumnView c = data.attribute(i);
    out.push_back({c.name(), c.type()});
  }
  return out;
}

}  // namespace modelfunnel
